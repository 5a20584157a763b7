// Family application pages: the parent's steps (/my/application), a partner's referrals (/referrals), a worker filling in on a parent's behalf (/work/families/new, /work/families/:id/application/...).
// The three flows share the step templates and handlers of family-flows.ts.
import { Router } from 'express';
import { allow } from '../../../kernel/auth/policy.js';
import { ValidationError } from '../../../kernel/errors.js';
import { coerceForm } from '../../../kernel/http/form-coercion.js';
import { formHandler } from '../../../kernel/http/forms.js';
import { compileValidator } from '../../../kernel/validation.js';
import { familyForOwner, familyForPartner } from '../family.presenters.js';
import { referralSchema } from '../family.schemas.js';
import { actorOf } from '../../../kernel/auth/actor.js';
import type { FamilyStatus } from '../vocabulary.js';
import { mountFlow, type Flow } from './family-flows.js';
import { APPLICATION_STEPS } from './family-steps.js';
import { referralPrefill } from './family-prefill.js';
import { stepErrors, stepSummary } from './family-view.js';
import type { IntakeServices } from './services.js';

const STAFF = ['worker', 'coordinator'] as const;
/** A family's application is over in these statuses: a parent may start a new one. */
const FINISHED: FamilyStatus[] = ['closed', 'rejected'];

export const PARENT_FLOW: Flow = {
  key: 'parent',
  roles: ['parent'],
  mount: '/my/application/:id',
  base: (id) => `/my/application/${id}`,
  steps: APPLICATION_STEPS,
  editable: (status) => ['draft', 'submitted', 'on_hold', 'active'].includes(status),
  afterSubmit: (id) => `/my/application/${id}`,
  home: (id) => `/my/application/${id}`,
};

export const PARTNER_FLOW: Flow = {
  key: 'partner',
  roles: ['partner'],
  mount: '/referrals/:id',
  base: (id) => `/referrals/${id}`,
  steps: ['referral', ...APPLICATION_STEPS],
  editable: (status) => status === 'draft',
  afterSubmit: () => '/referrals',
  home: (id) => `/referrals/${id}`,
};

export const STAFF_FLOW: Flow = {
  key: 'staff',
  roles: [...STAFF],
  mount: '/work/families/:id/application',
  base: (id) => `/work/families/${id}/application`,
  steps: APPLICATION_STEPS,
  editable: (status) => status !== 'closed',
  afterSubmit: (id) => `/work/families/${id}`,
  home: (id) => `/work/families/${id}/application`,
};

const validateReferral = compileValidator(referralSchema);

function referralOf(body: Record<string, unknown>) {
  return (coerceForm(body.referral, referralSchema) as Record<string, unknown> | undefined) ?? {};
}

export function familyPages(services: IntakeServices): Router {
  const { families } = services;
  const pages = Router();

  // The parent: the current application, or a page that explains and starts one.
  pages.get('/my/application', allow('parent'), async (req, res) => {
    const actor = actorOf(req);
    const { items } = await families.list(actor, { limit: 200 });
    const open = items.find((doc) => !FINISHED.includes(doc.status));
    if (open) {
      res.redirect(303, PARENT_FLOW.base(String(open._id)));
      return;
    }
    const latest = [...items].sort((a, b) => +new Date(b.updatedAt) - +new Date(a.updatedAt))[0];
    res.render('intake/family/start.njk', { who: 'parent', action: '/my/application', previous: latest ? familyForOwner(latest) : null });
  });

  pages.post(
    '/my/application',
    allow('parent'),
    formHandler(
      () => '/my/application',
      async (req, res) => {
        const doc = await families.create(actorOf(req), {});
        res.redirect(303, `${PARENT_FLOW.base(String(doc._id))}/you`);
      },
    ),
  );

  // A partner: their referrals (status only once sent) and a new referral.
  pages.get('/referrals', allow('partner'), async (req, res) => {
    const { items } = await families.list(actorOf(req), { limit: 200 });
    const referrals = items.map(familyForPartner).sort((a, b) => +new Date(b.updatedAt) - +new Date(a.updatedAt));
    res.render('intake/family/referrals.njk', { referrals });
  });

  pages.get('/referrals/new', allow('partner'), async (req, res) => {
    const values = res.locals.values;
    res.locals.errors = stepErrors(res.locals.errors);
    // What was typed comes back as typed (a cleared field stays empty); a new form starts from what is known.
    res.render('intake/family/referral-new.njk', {
      v: Object.keys(values).length ? values : { referral: await referralPrefill(families, actorOf(req), req.user) },
      summaryErrors: stepSummary(req.lang, res.locals.errors),
    });
  });

  pages.post(
    '/referrals/new',
    allow('partner'),
    formHandler(
      () => '/referrals/new',
      async (req, res) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const referral = referralOf(body);
        // The family's consent is asked first; every problem of the form shows at once.
        const problems = body.familyConsent === 'true' ? [] : [{ path: '/familyConsent', messageKey: 'intake.familyPages.referral.consentRequired' }];
        try {
          validateReferral(referral);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          problems.push(...error.details.map((d) => ({ ...d, path: `/referral${d.path}` })));
        }
        if (problems.length) throw new ValidationError(problems);
        // The service holds the rule too (REFERRAL_CONSENT_MISSING): the consent travels with the referral.
        const doc = await families.create(actorOf(req), {
          referral: { ...referral, familyConsent: body.familyConsent === 'true', updatesConsent: body.updatesConsent === 'true' },
        });
        res.redirect(303, `${PARTNER_FLOW.base(String(doc._id))}/you`);
      },
    ),
  );

  // A worker: a new application on a parent's behalf.
  pages.get('/work/families/new', allow(...STAFF), (_req, res) => {
    res.render('intake/family/start.njk', { who: 'staff', action: '/work/families/new', previous: null });
  });

  pages.post(
    '/work/families/new',
    allow(...STAFF),
    formHandler(
      () => '/work/families/new',
      async (req, res) => {
        const doc = await families.create(actorOf(req), {});
        res.redirect(303, `${STAFF_FLOW.base(String(doc._id))}/you`);
      },
    ),
  );

  for (const flow of [PARENT_FLOW, PARTNER_FLOW, STAFF_FLOW]) mountFlow(pages, flow, services);
  return pages;
}
