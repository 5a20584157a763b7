// The step handlers of a family application, written once and mounted for each flow: a parent
// (/my/application/:id), a referring partner (/referrals/:id) and a worker filling in on a parent's
// behalf (/work/families/:id/application). The services enforce ownership (404 for others' records).
import type { Request, Response, Router } from 'express';
import { allow } from '../../../kernel/auth/policy.js';
import type { Role } from '../../../kernel/auth/roles.js';
import { ValidationError, type ErrorDetail } from '../../../kernel/errors.js';
import { t } from '../../../kernel/i18n/index.js';
import { flash, formHandler, translateDetails } from '../../../kernel/http/forms.js';
import { communeName } from '../../../kernel/region.js';
import type { Actor } from '../actor.js';
import type { FamilyRecord } from '../family.model.js';
import { familyForOwner, familyForPartner } from '../family.presenters.js';
import { familySubmissionProblems } from '../family.rules.js';
import { actorOf } from '../../../kernel/auth/actor.js';
import type { FamilyStatus } from '../vocabulary.js';
import { childrenPatchOf, HOUSING_STEPS, inFieldOrder, isEmptyRow, NOT_ASKED_OF_PARTNERS, patchOf, postedRows, STEPS, type StepKey } from './family-steps.js';
import { fieldLabel, optionLists, reviewErrors, stepErrors, stepLinks, stepSummary } from './family-view.js';
import { checkStep } from './family-step-check.js';
import { nameParts } from './family-prefill.js';
import type { IntakeServices } from './services.js';
import { ruleSetFor } from '../../../kernel/rulesets.js';
import type { ChildSchool, FamilyDraft } from '../family.schemas.js';
import { schoolText } from './child-school.js';
import { benefitsWarning } from '../benefits-warning.js';

function moveInOrToday(doc: FamilyRecord): Date {
  const day = new Date((doc.application as FamilyDraft | undefined)?.needs?.moveInFrom ?? '');
  return Number.isNaN(day.getTime()) ? new Date() : day;
}

export interface Flow {
  key: 'parent' | 'partner' | 'staff';
  roles: Role[];
  /** Express path of the application, with :id */
  mount: string;
  base(id: string): string;
  steps: StepKey[];
  /** May this flow still change an application in this status? (The service has the last word.) */
  editable(status: FamilyStatus): boolean;
  /** Where a submitted application leads. */
  afterSubmit(id: string): string;
  /** Where a person goes from a step they cannot change any more. */
  home(id: string): string;
}

const MAX_CHILDREN = 12;
type Json = Record<string, unknown>;

function idOf(req: Request): string {
  return String(req.params.id);
}

/** Opened from "Check your answers": after saving, back to it. */
function fromReview(req: Request): boolean {
  return req.query.from === 'review' || (req.body as Json | undefined)?.returnTo === 'review';
}

function versionOf(body: Json): number | undefined {
  const n = Number(body.version);
  return typeof body.version === 'string' && /^\d+$/.test(body.version) && Number.isSafeInteger(n) ? n : undefined;
}

/** What a template needs of an application: the owner's view of it (never casework). */
function present(doc: FamilyRecord) {
  return familyForOwner(doc);
}

/** The values a form shows: the input kept after an error, else the saved application. */
function shownValues(res: Response, record: Json): Json {
  return (res.locals.errors as unknown[]).length > 0 ? res.locals.values : record;
}

export function mountFlow(router: Router, flow: Flow, { families }: IntakeServices): void {
  const guard = allow(...flow.roles);

  const load = async (req: Request): Promise<{ actor: Actor; doc: FamilyRecord }> => {
    const actor = actorOf(req);
    return { actor, doc: await families.get(actor, idOf(req)) };
  };

  const common = (req: Request, doc: FamilyRecord) => {
    const id = String(doc._id);
    const base = flow.base(id);
    const editable = flow.editable(doc.status);
    // A partner sees only the status of a referral once it is sent (SPEC §1).
    const statusOnly = flow.key === 'partner' && !editable;
    const steps = statusOnly ? [] : stepLinks(req.lang, base, flow.steps, doc.application);
    return {
      flow: { key: flow.key, base, home: flow.home(id) },
      steps,
      continueUrl: steps.find((s) => s.state !== 'done')?.url ?? `${base}/review`,
      record: statusOnly ? familyForPartner(doc) : present(doc),
      editable,
      statusOnly,
    };
  };

  router.get(flow.mount, guard, async (req, res) => {
    const { doc } = await load(req);
    res.render('intake/family/overview.njk', common(req, doc));
  });

  flow.steps.forEach((key, index) => {
    const step = STEPS[key];
    const url = (req: Request) => `${flow.base(idOf(req))}/${key}`;
    const next = (req: Request) => `${flow.base(idOf(req))}/${flow.steps[index + 1] ?? 'review'}`;

    router.get(`${flow.mount}/${key}`, guard, async (req, res) => {
      const { doc } = await load(req);
      if (!flow.editable(doc.status)) {
        res.redirect(303, flow.home(idOf(req)));
        return;
      }
      const view = common(req, doc);
      res.locals.errors = stepErrors(res.locals.errors);
      const summaryErrors = stepSummary(req.lang, res.locals.errors);
      const v = shownValues(res, view.record);
      let rows: unknown[] | undefined;
      if (key === 'children') {
        rows = Array.isArray(v.children) ? v.children : v.children && typeof v.children === 'object' ? Object.values(v.children) : undefined;
        rows ??= [{}]; // never answered: one empty row to start with
        const extra = Math.min(Number(req.query.add) || 0, MAX_CHILDREN - rows.length);
        for (let i = 0; i < extra; i += 1) rows = [...rows, {}];
      }
      res.render(step.view, {
        ...view,
        step: {
          key,
          number: index + 1,
          total: flow.steps.length + 1,
          url: url(req),
          fromReview: fromReview(req),
          back: fromReview(req) ? `${view.flow.base}/review` : index === 0 ? view.flow.base : `${view.flow.base}/${flow.steps[index - 1]}`,
        },
        v,
        rows,
        pregnant: res.locals.errors.length ? v.pregnant : doc.application.expectedChild ? true : doc.application.expectedChild === null ? false : undefined,
        // Offered while the step was never saved (step-you.njk): the parent's own account, nobody else's.
        defaults: flow.key === 'parent' ? { ...nameParts(req.user?.name), email: req.user?.email, preferredLanguage: req.lang } : {},
        opts: optionLists(req.lang),
        maxChildren: MAX_CHILDREN,
        summaryErrors,
        // The bedroom rule's numbers, as in force at the move-in date (the service's policy, SPEC §6.1).
        occupancy: ruleSetFor(moveInOrToday(doc)).occupancy,
      });
    });

    router.post(
      `${flow.mount}/${key}`,
      guard,
      formHandler(
        (req) => `${url(req)}${fromReview(req) ? '?from=review' : ''}`,
        async (req, res) => {
          const { actor, doc } = await load(req);
          if (!flow.editable(doc.status)) {
            res.redirect(303, flow.home(idOf(req)));
            return;
          }
          const body = (req.body ?? {}) as Json;
          const action = typeof body.action === 'string' ? body.action : 'next';
          let patch: Json;
          let emptied: ErrorDetail[] = [];
          let target = action === 'later' ? flow.home(idOf(req)) : fromReview(req) ? `${flow.base(idOf(req))}/review` : next(req);
          let moving = action === 'next';
          if (key === 'children') {
            let rows = postedRows(body);
            const remove = /^remove-(\d{1,2})$/.exec(action);
            if (remove) rows = rows.filter((_, i) => i !== Number(remove[1]));
            // Empty rows are shown, never saved: an empty child is not a child yet.
            const filled = rows.filter((row) => !isEmptyRow(row));
            const adding = action === 'add' ? Math.min(rows.length - filled.length + 1, MAX_CHILDREN - filled.length) : 0;
            if (action === 'add' && adding <= 0)
              throw new ValidationError([{ path: '/children', messageKey: 'validation.maxItems', params: { limit: MAX_CHILDREN } }]);
            body.children = [...filled, ...Array.from({ length: adding }, () => ({}))]; // shown again if something is wrong
            patch = childrenPatchOf(filled, body);
            if (remove || action === 'add') moving = false;
            const again = fromReview(req) ? 'from=review' : '';
            if (remove) target = `${url(req)}${again ? `?${again}` : ''}#children`;
            if (action === 'add') target = `${url(req)}?add=${adding}${again ? `&${again}` : ''}#children-${filled.length + adding - 1}-birthYear`;
          } else {
            ({ patch, emptied } = patchOf(body, step, doc.application, flow.key === 'partner' ? NOT_ASKED_OF_PARTNERS : {}));
            // Sent, even with every field cleared: the step is the parent's now, the account's name is not offered again.
            if (key === 'you') patch.parent ??= {};
          }
          // One pass: every problem of the step at once. "Continue" saves nothing while something is
          // wrong (the form comes back with everything typed); "later" saves what holds.
          const { keep, problems } = checkStep(patch, doc.application, step, { complete: moving, emptied });
          if (problems.length && action !== 'later') throw new ValidationError(inFieldOrder(problems, step.sections));
          const saved = Object.keys(keep).length ? await families.update(actor, idOf(req), keep, versionOf(body)) : doc;
          if (doc.status === 'active' && saved.status === 'submitted') flash(req, 'intake.familyPages.backToReview', 'info');
          else if (action === 'later' && problems.length) {
            const fields = [...new Set(problems.map((p) => fieldLabel(req.lang, p.path) ?? t(req.lang, `intake.familyPages.steps.${key}`)))];
            flash(req, 'intake.familyPages.savedForLaterExcept', 'info', { fields: fields.join(', '), count: fields.length });
          } else if (action === 'later') flash(req, 'intake.familyPages.savedForLater', 'info');
          res.redirect(303, target);
        },
      ),
    );
  });

  // The housing step was one long page before it was split: its address leads to the first part.
  const firstHousing = flow.steps.find((key) => (HOUSING_STEPS as StepKey[]).includes(key));
  if (firstHousing)
    router.get(`${flow.mount}/housing`, guard, (req, res) =>
      res.redirect(303, `${flow.base(idOf(req))}/${firstHousing}${fromReview(req) ? '?from=review' : ''}`),
    );

  router.get(`${flow.mount}/review`, guard, async (req, res) => {
    const { doc } = await load(req);
    const view = common(req, doc);
    const app = doc.application;
    const submitted = res.locals.errors as { path: string; field: string; message: string }[];
    res.render('intake/family/review.njk', {
      ...view,
      step: { key: 'review', number: flow.steps.length + 1, total: flow.steps.length + 1, back: `${view.flow.base}/${flow.steps[flow.steps.length - 1]}` },
      summaryErrors: reviewErrors(req.lang, view.flow.base, flow.steps, submitted),
      // Before any attempt, what is still missing is listed (not as an error: nothing went wrong yet).
      stillMissing:
        submitted.length === 0 && doc.status === 'draft'
          ? reviewErrors(req.lang, view.flow.base, flow.steps, translateDetails(req.lang, familySubmissionProblems(app)))
          : [],
      acknowledged: res.locals.values.acknowledgeBenefitsWarning === 'true',
      // The warning for what the parent declared (SPEC §6.3): their category, their risk.
      benefitsWarning: benefitsWarning(req.lang, 'parent', app.benefits),
      chosenCommunes: (app.needs?.communes ?? []).map((code) => communeName(code ?? '', req.lang)),
      childSchools: (app.children ?? []).map((c) => schoolText(req.lang, c?.school as ChildSchool | undefined)),
    });
  });

  router.post(
    `${flow.mount}/review`,
    guard,
    formHandler(
      (req) => `${flow.base(idOf(req))}/review`,
      async (req, res) => {
        const { actor, doc } = await load(req);
        const body = (req.body ?? {}) as Json;
        if (body.acknowledgeBenefitsWarning !== 'true') {
          // Refused here, with everything else that is missing, so all shows at once.
          const rest = doc.status === 'draft' ? familySubmissionProblems(doc.application) : [];
          throw new ValidationError(
            [{ path: '/acknowledgeBenefitsWarning', messageKey: 'intake.familyPages.review.acknowledgeRequired' }, ...rest],
            'intake.family.incomplete',
          );
        }
        await families.submit(actor, idOf(req), { acknowledgeBenefitsWarning: true, expectedVersion: versionOf(body) });
        flash(req, `intake.familyPages.submitted.${flow.key}`);
        res.redirect(303, flow.afterSubmit(idOf(req)));
      },
    ),
  );
}
