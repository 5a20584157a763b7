// Host offer pages: the host's steps (/my/offer) and a worker filling in on a host's behalf
// (/work/offers/new, /work/offers/:id/offer/...). One set of step handlers and templates serves
// both: a flow says the base URL, who may use it and where a submission leads.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { allow } from '../../../kernel/auth/policy.js';
import { AppError, ValidationError } from '../../../kernel/errors.js';
import { flash } from '../../../kernel/http/forms.js';
import { t } from '../../../kernel/i18n/index.js';
import { communeName } from '../../../kernel/region.js';
import { actorOf } from '../../../kernel/auth/actor.js';
import type { OfferRecord } from '../offer.model.js';
import type { OfferDraft } from '../offer.schemas.js';
import { inStepOrder, isStep, labelOf, pageErrors, rowAction, STEP_SLUGS, STEPS, stepPatch, stepValues, type PageError, type StepSlug } from './offer-steps.js';
import { checkOfferStep, offerPageProblems } from './offer-step-check.js';
import { offerSubmissionProblems } from '../offer.rules.js';
import { benefitsWarning } from '../benefits-warning.js';
import { answerWords, offerView, options, serviceRules, type FlowView } from './offer-view.js';
import type { IntakeServices } from './services.js';

type Body = Record<string, unknown>;

interface Flow {
  guard: RequestHandler;
  /** The route pattern of an offer's pages, with :id. */
  pattern: string;
  view(id: string): FlowView;
  afterSubmit(id: string): string;
  submittedKey: string;
}

const HOST: Flow = {
  guard: allow('host'),
  pattern: '/my/offer/:id',
  view: (id) => ({ kind: 'host', base: `/my/offer/${id}`, caseUrl: null, listUrl: '/my/offer' }),
  afterSubmit: (id) => `/my/offer/${id}`,
  submittedKey: 'intake.offerPages.review.submitted',
};

const STAFF: Flow = {
  guard: allow('worker', 'coordinator'),
  pattern: '/work/offers/:id/offer',
  view: (id) => ({ kind: 'staff', base: `/work/offers/${id}/offer`, caseUrl: `/work/offers/${id}`, listUrl: `/work/offers/${id}` }),
  afterSubmit: (id) => `/work/offers/${id}`,
  submittedKey: 'intake.offerPages.review.submittedStaff',
};

/** Keeps errors and input for the next GET of `path` (post/redirect/get). */
function keepForm(req: Request, path: string, errors: PageError[], values: Body): void {
  req.session.form = { for: path, errors, values };
}

function versionOf(body: Body): number | undefined {
  const n = Number(body.version);
  return typeof body.version === 'string' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** What a step form shows: the kept input after an error, else the saved answers (with a first row to fill in). */
function formValues(step: StepSlug, kept: Body, app: OfferDraft): Body {
  if (Object.keys(kept).length) return kept;
  const f = structuredClone(app) as Body;
  if (step === 'household' && !app.host?.household?.length) f.host = { ...(app.host ?? {}), household: [{ relation: 'self' }] };
  if (step === 'space' && !app.rooms?.length) f.rooms = [{ kind: 'bedroom' }];
  return f;
}

function conflictErrors(req: Request, error: AppError, base: string, current: StepSlug | 'review'): PageError[] {
  const message = t(req.lang, 'intake.offerPages.common.conflict');
  return [{ path: '', field: 'form', message, summary: message, href: '#main' }, ...pageErrors(req.lang, error.details, base, current)];
}

export function offerPages(services: IntakeServices): Router {
  const pages = Router();
  const { offers } = services;

  const renderStart = (res: Response, flow: 'host' | 'staff', action: string) =>
    res.render('intake/offer/start.njk', {
      flowKind: flow,
      action,
      rules: serviceRules(),
      steps: STEP_SLUGS.length,
      listUrl: flow === 'host' ? '/my/offer' : '/work',
    });

  const renderOverview = (req: Request, res: Response, doc: OfferRecord, flow: Flow, extra: Body = {}) => {
    const actor = actorOf(req);
    const id = String(doc._id);
    res.render('intake/offer/overview.njk', { ...offerView(doc, req.lang, flow.view(id), offers.canEdit(actor, doc)), ...extra });
  };

  // ---- The host's list, start page and first draft ----------------------------------------------

  pages.get('/my/offer', HOST.guard, async (req, res) => {
    const actor = actorOf(req);
    const { items } = await offers.list(actor, { limit: 50 });
    if (items.length === 0) {
      renderStart(res, 'host', '/my/offer/new');
      return;
    }
    if (items.length === 1) {
      renderOverview(req, res, items[0]!, HOST, { single: true });
      return;
    }
    const list = [...items]
      .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
      .map((doc) => {
        const { address } = doc.application;
        return {
          id: String(doc._id),
          status: doc.status,
          street: address?.street ? `${address.street} ${address.number ?? ''}`.trim() : null,
          commune: address?.commune ? communeName(address.commune, req.lang) : null,
          createdAt: doc.createdAt,
          url: `/my/offer/${String(doc._id)}`,
        };
      });
    res.render('intake/offer/list.njk', { offers: list });
  });

  pages.get('/my/offer/new', HOST.guard, (_req, res) => renderStart(res, 'host', '/my/offer/new'));

  pages.post('/my/offer/new', HOST.guard, async (req, res) => {
    const actor = actorOf(req);
    // A second press of the button (or a reload) reuses the empty draft rather than making another.
    const { items } = await offers.list(actor, { status: 'draft', limit: 50 });
    const empty = items.find((doc) => Object.keys(doc.application ?? {}).length === 0);
    const doc = empty ?? (await offers.create(actor, {}));
    res.redirect(303, `/my/offer/${String(doc._id)}/${STEP_SLUGS[0]}`);
  });

  // ---- A worker starting an offer on a host's behalf ------------------------------------------

  pages.get('/work/offers/new', STAFF.guard, (_req, res) => renderStart(res, 'staff', '/work/offers/new'));

  pages.post('/work/offers/new', STAFF.guard, async (req, res) => {
    const doc = await offers.create(actorOf(req), {});
    res.redirect(303, `/work/offers/${String(doc._id)}/offer/${STEP_SLUGS[0]}`);
  });

  for (const flow of [HOST, STAFF]) registerFlow(pages, services, flow, renderOverview);
  return pages;
}

function registerFlow(
  pages: Router,
  { offers }: IntakeServices,
  flow: Flow,
  renderOverview: (req: Request, res: Response, doc: OfferRecord, flow: Flow) => void,
): void {
  const id = (req: Request) => String(req.params.id);

  pages.get(flow.pattern, flow.guard, async (req, res) => {
    renderOverview(req, res, await offers.get(actorOf(req), id(req)), flow);
  });

  pages.get(`${flow.pattern}/review`, flow.guard, async (req, res) => {
    const actor = actorOf(req);
    const doc = await offers.get(actor, id(req));
    // The error summary of a refused submission, grouped by step so each part is easy to find.
    const errors = (res.locals.errors ?? []) as PageError[];
    const errorGroups = [...STEP_SLUGS, null].map((slug) => ({ slug, errors: errors.filter((e) => (e.step ?? null) === slug) })).filter((g) => g.errors.length);
    res.render('intake/offer/review.njk', {
      ...offerView(doc, req.lang, flow.view(id(req)), offers.canEdit(actor, doc)),
      o: options(req.lang),
      w: answerWords(req.lang),
      errorGroups,
      // The warning for the host's own declared benefits (SPEC §6.3).
      benefitsWarning: benefitsWarning(req.lang, 'host', doc.application.benefits),
    });
  });

  pages.post(`${flow.pattern}/submit`, flow.guard, async (req, res) => {
    const actor = actorOf(req);
    const view = flow.view(id(req));
    const doc = await offers.get(actor, id(req));
    if (doc.status !== 'draft') {
      flash(req, 'intake.offerPages.review.alreadySent', 'info');
      res.redirect(303, view.base);
      return;
    }
    try {
      const acknowledged = (req.body as Body | undefined)?.acknowledgeBenefitsWarning === 'true';
      // The host's own income is asked on these pages (the warning is about it), with all else that is missing.
      const asked = offerPageProblems(doc.application);
      const unticked = acknowledged ? [] : [{ path: '/acknowledgeBenefitsWarning', messageKey: 'rules.BENEFITS_WARNING_NOT_ACKNOWLEDGED' }];
      if (asked.length) throw new ValidationError([...asked, ...offerSubmissionProblems(doc.application), ...unticked], 'intake.offer.incomplete');
      await offers.submit(actor, id(req), versionOf((req.body ?? {}) as Body), { acknowledgeBenefitsWarning: acknowledged });
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 422 && error.status !== 409)) throw error;
      const errors = error.status === 409 ? conflictErrors(req, error, view.base, 'review') : pageErrors(req.lang, error.details, view.base, 'review');
      keepForm(req, `${view.base}/review`, errors, {});
      res.redirect(303, `${view.base}/review`);
      return;
    }
    flash(req, flow.submittedKey);
    res.redirect(303, flow.afterSubmit(id(req)));
  });

  pages.get(`${flow.pattern}/:step`, flow.guard, async (req, res, next) => {
    const step = req.params.step;
    if (!isStep(step)) {
      next();
      return;
    }
    const actor = actorOf(req);
    const doc = await offers.get(actor, id(req));
    const view = offerView(doc, req.lang, flow.view(id(req)), offers.canEdit(actor, doc));
    if (!view.editable) {
      flash(req, 'intake.offer.notEditable', 'info');
      res.redirect(303, view.flow.base);
      return;
    }
    const f = formValues(step, res.locals.values, view.app);
    res.render(`intake/offer/step-${step}.njk`, {
      ...view,
      step,
      stepNumber: STEP_SLUGS.indexOf(step) + 1,
      f,
      o: options(req.lang),
      fromReview: req.query.from === 'review',
    });
  });

  pages.post(`${flow.pattern}/:step`, flow.guard, async (req, res, next) => {
    const step = req.params.step;
    if (!isStep(step)) {
      next();
      return;
    }
    const actor = actorOf(req);
    const view = flow.view(id(req));
    const spec = STEPS[step];
    const url = `${view.base}/${step}`;
    const body = (req.body ?? {}) as Body;
    // Opened from "Check your answers": back to it after the change, and to the step with its errors.
    const returning = body.returnTo === 'review';
    const again = returning ? `${url}?from=review` : url;
    const doc = await offers.get(actor, id(req)); // someone else's offer: 404 before anything
    const action = rowAction(body.action);
    const values = stepValues(spec, body, action);

    if (action && spec.rows) {
      // Adding or removing a row changes the form only; "save" keeps it. Focus goes to the new row.
      keepForm(req, url, [], values);
      const prefix = spec.rows.at.join('-');
      const count = ((spec.rows.at.reduce<unknown>((at, k) => (at as Body | undefined)?.[k], values) as unknown[]) ?? []).length;
      const anchor = action.kind === 'add' ? `${prefix}-${count - 1}-${Object.keys(spec.rows.fresh)[0]}` : prefix;
      res.redirect(303, `${again}#${anchor}`);
      return;
    }

    // One pass: every problem of the step at once. "Continue" saves nothing while something is
    // wrong (the form comes back with everything typed); "Save and come back later" keeps what holds.
    const later = body.action === 'save';
    const { patch, emptied } = stepPatch(spec, values, doc.application);
    const { keep, problems } = checkOfferStep(patch, doc.application, spec, { complete: !later, emptied });
    if (problems.length && !later) {
      keepForm(req, url, pageErrors(req.lang, inStepOrder(problems, spec), view.base, step), values);
      res.redirect(303, again);
      return;
    }
    try {
      if (Object.keys(keep).length) await offers.update(actor, id(req), keep, versionOf(body));
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 422 && error.status !== 409)) throw error;
      if (error.status === 409) keepForm(req, url, conflictErrors(req, error, view.base, step), {});
      else keepForm(req, url, pageErrors(req.lang, error.details, view.base, step), values);
      res.redirect(303, again);
      return;
    }
    if (later) {
      const fields = [...new Set(inStepOrder(problems, spec).map((p) => labelOf(req.lang, p.path) ?? t(req.lang, `intake.offerPages.steps.${step}.title`)))];
      if (fields.length) flash(req, 'intake.offerPages.common.savedExcept', 'info', { fields: fields.join(', '), count: fields.length });
      else flash(req, 'intake.offerPages.common.saved');
      res.redirect(303, view.base);
      return;
    }
    if (returning) {
      res.redirect(303, `${view.base}/review`);
      return;
    }
    const nextStep = STEP_SLUGS[STEP_SLUGS.indexOf(step) + 1];
    res.redirect(303, nextStep ? `${view.base}/${nextStep}` : `${view.base}/review`);
  });
}
