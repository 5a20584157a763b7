// The worker's screening of a host household on the offer page (SPEC §4, §11): references, the
// model-2 extracts seen (clear or not), a coordinator resolving a negative reference, and the
// coordinator's review of a suspended offer; plus the list of suspended offers waiting for it.
import { Router, type Request, type Response } from 'express';
import { allow } from '../../../kernel/auth/policy.js';
import { actorOf } from '../../../kernel/auth/actor.js';
import type { IntakeServices } from './services.js';
import { readRecordCheck, readReference, readResolution, readSuspensionReview, type CaseForm } from './worker-forms.js';
import { suspendedRow } from './screening-views.js';

type OfferForm = (prefix: CaseForm, handler: (req: Request, res: Response) => Promise<void>) => ReturnType<typeof import('./worker-forms.js').caseForm>;
type Back = (req: Request, res: Response, key: string, anchor: string) => void;

export function screeningPages({ offers }: IntakeServices, offerForm: OfferForm, backToOffer: Back): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');
  const coordinator = allow('coordinator');

  pages.get('/work/offers/suspended', staff, async (req, res) => {
    const list = await offers.screening.pendingReviews(actorOf(req));
    res.render('intake/work/suspended.njk', { rows: list.map((d) => suspendedRow(d, req.lang)) });
  });

  pages.post(
    '/work/offers/:id/references',
    staff,
    offerForm('reference', async (req, res) => {
      await offers.screening.addReference(actorOf(req), String(req.params.id), readReference(req));
      backToOffer(req, res, 'reference', 'references');
    }),
  );

  pages.post(
    '/work/offers/:id/references/:index/resolution',
    coordinator,
    offerForm('resolution', async (req, res) => {
      await offers.screening.resolveReference(actorOf(req), String(req.params.id), Number(req.params.index), readResolution(req));
      backToOffer(req, res, 'referenceResolved', 'references');
    }),
  );

  pages.post(
    '/work/offers/:id/record-checks',
    staff,
    offerForm('recordCheck', async (req, res) => {
      await offers.screening.recordCheck(actorOf(req), String(req.params.id), readRecordCheck(req));
      backToOffer(req, res, 'recordCheck', 'record-checks');
    }),
  );

  pages.post(
    '/work/offers/:id/suspension-review',
    coordinator,
    offerForm('suspensionReview', async (req, res) => {
      const { input, version } = readSuspensionReview(req);
      await offers.screening.reviewSuspension(actorOf(req), String(req.params.id), input, version);
      backToOffer(req, res, `suspension.${input.decision}`, 'suspension');
    }),
  );

  return pages;
}
