// The worker's screening of a host household on the offer page (SPEC §4, §11): references, the
// model-2 extracts seen (clear or not), a coordinator resolving a negative reference, and the
// coordinator's review of a suspended offer; plus the list of suspended offers waiting for it.
import { Router } from 'express';
import { allow } from '../../../kernel/auth/policy.js';
import { actorOf } from '../../../kernel/auth/actor.js';
import type { IntakeServices } from './services.js';
import { caseFormRoutes } from './case-form-routes.js';
import { readRecordCheck, readReference, readResolution, readSuspensionReview } from './worker-forms.js';
import { suspendedRow } from './screening-views.js';

export function screeningPages({ offers }: IntakeServices): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');
  const coordinator = allow('coordinator');

  pages.get('/work/offers/suspended', staff, async (req, res) => {
    const list = await offers.screening.pendingReviews(actorOf(req));
    res.render('intake/work/suspended.njk', { rows: list.map((d) => suspendedRow(d, req.lang)) });
  });

  const offerForm = caseFormRoutes(pages, 'offers', staff);
  offerForm({
    path: 'references',
    form: 'reference',
    anchor: 'references',
    flash: 'reference',
    read: readReference,
    save: (actor, id, input) => offers.screening.addReference(actor, id, input),
  });
  offerForm({
    path: 'references/:index/resolution',
    form: 'resolution',
    anchor: 'references',
    guard: coordinator,
    flash: 'referenceResolved',
    read: readResolution,
    save: (actor, id, input, req) => offers.screening.resolveReference(actor, id, Number(req.params.index), input),
  });
  offerForm({
    path: 'record-checks',
    form: 'recordCheck',
    anchor: 'record-checks',
    flash: 'recordCheck',
    read: readRecordCheck,
    save: (actor, id, input) => offers.screening.recordCheck(actor, id, input),
  });
  offerForm({
    path: 'suspension-review',
    form: 'suspensionReview',
    anchor: 'suspension',
    guard: coordinator,
    flash: ({ input }) => `suspension.${input.decision}`,
    read: readSuspensionReview,
    save: (actor, id, { input, version }) => offers.screening.reviewSuspension(actor, id, input, version),
  });

  return pages;
}
