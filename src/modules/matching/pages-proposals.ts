// Proposal pages (SPEC §3, §5, §6.3): the worker's list and view (answers, recording an answer
// for a side, cancelling); the parent's and the host's view of the other household — pseudonymous
// — with the benefits warning, and their answer; their own list. The service says who may see what
// (404 for others).
import type { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { ValidationError } from '../../kernel/errors.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import { communeName } from '../../kernel/region.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { benefitsWarning, type FamilyRecord, type OfferRecord } from '../intake/index.js';
import type { MatchingPageServices } from './matching.pages.js';
import { PROPOSAL_STATUSES, type ProposalRecord } from './proposal.model.js';
import { familySummary, offerSummary, presentProposal } from './proposal.presenters.js';
import { onElement, readAnswer, readCancel } from './pages-forms.js';
import { familyFacts, familySummaryView, offerFacts, offerSummaryView, proposalRow } from './pages-views.js';

const isStaff = (role: string) => role === 'worker' || role === 'coordinator';

export function proposalPages(pages: Router, services: MatchingPageServices): void {
  const { candidates, proposals, families, offers } = services;
  const staff = allow('worker', 'coordinator');
  const involved = allow('parent', 'host', 'worker', 'coordinator');

  /** The two records of each proposal, each read once. */
  async function sidesOf(list: ProposalRecord[]) {
    const familyDocs = new Map<string, Promise<FamilyRecord | null>>();
    const offerDocs = new Map<string, Promise<OfferRecord | null>>();
    for (const p of list) {
      if (!familyDocs.has(p.familyId))
        familyDocs.set(
          p.familyId,
          families.load(p.familyId).catch(() => null),
        );
      if (!offerDocs.has(p.offerId))
        offerDocs.set(
          p.offerId,
          offers.load(p.offerId).catch(() => null),
        );
    }
    return Promise.all(list.map(async (p) => ({ p, family: await familyDocs.get(p.familyId)!, offer: await offerDocs.get(p.offerId)! })));
  }

  pages.get('/work/proposals', staff, async (req, res) => {
    const status = typeof req.query.status === 'string' && (PROPOSAL_STATUSES as readonly string[]).includes(req.query.status) ? req.query.status : '';
    const list = await proposals.list(actorOf(req), status ? { status } : {});
    const rows = (await sidesOf(list)).map(({ p, family, offer }) => proposalRow(p, family, offer, req.lang));
    res.render('matching/proposals.njk', { rows, status, statuses: PROPOSAL_STATUSES });
  });

  pages.get('/my/proposals', allow('parent', 'host'), async (req, res) => {
    const actor = actorOf(req);
    const side = actor.role === 'parent' ? 'family' : 'host';
    const list = await proposals.list(actor);
    const rows = (await sidesOf(list)).flatMap(({ p, family, offer }) => {
      if (!family || !offer) return [];
      // Only what the pseudonymous summary carries: no surname, address or contact of the other side.
      const view = presentProposal(p, side, family, offer);
      return [
        {
          id: view.id,
          status: view.status,
          createdAt: view.createdAt,
          expiresAt: view.expiresAt,
          responses: view.responses,
          offer:
            'offer' in view ? { hostFirstName: view.offer.hostFirstName, commune: view.offer.commune ? communeName(view.offer.commune, req.lang) : '–' } : null,
          family: 'family' in view ? { firstName: view.family.shared ? view.family.firstName : null, children: view.family.children.length } : null,
        },
      ];
    });
    res.render('matching/my-proposals.njk', { rows, side });
  });

  pages.get('/proposals/:id', involved, async (req, res) => {
    const actor = actorOf(req);
    const { proposal, side } = await proposals.get(actor, String(req.params.id));
    const [family, offer] = await Promise.all([families.load(proposal.familyId), offers.load(proposal.offerId)]);
    if (side) {
      const view = presentProposal(proposal, side, family, offer);
      const other = 'offer' in view ? offerSummaryView(view.offer, req.lang) : familySummaryView(view.family, req.lang);
      // The warning for this party's own declared benefits only (SPEC §6.3): never the other household's.
      const warning =
        side === 'family' ? benefitsWarning(req.lang, 'parent', family.application.benefits) : benefitsWarning(req.lang, 'host', offer.application.benefits);
      res.render('matching/proposal-party.njk', { proposal: view, side, other, benefitsWarning: warning });
      return;
    }
    const view = presentProposal(proposal, 'staff', family, offer);
    let pair = null;
    try {
      const explained = await candidates.pair(proposal.familyId, proposal.offerId, family, offer, req.lang);
      // The proposal itself holds the family (proposed, then matched) and the offer (reserved): not a problem of the pair.
      const held = (code: string) =>
        (code === 'FAMILY_NOT_ACTIVE' &&
          ((proposal.status === 'pending' && family.status === 'proposed') || (proposal.status === 'accepted' && family.status === 'matched'))) ||
        (code === 'OFFER_NOT_AVAILABLE' && proposal.status === 'accepted' && offer.status === 'reserved');
      pair = { ...explained, blockers: explained.blockers.filter((b) => !held(b.code)) };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
    }
    res.render('matching/proposal-work.njk', {
      proposal: view,
      row: proposalRow(proposal, family, offer, req.lang),
      familyFacts: familyFacts(family, req.lang),
      offerFacts: offerFacts(offer, req.lang),
      familySummary: familySummaryView(familySummary(family), req.lang),
      offerSummary: offerSummaryView(offerSummary(offer), req.lang),
      pair,
      events: [...(proposal.events ?? [])].reverse(),
      unanswered: (['family', 'host'] as const).filter((party) => !proposal.responses?.[party]),
    });
  });

  pages.post(
    '/proposals/:id/responses',
    involved,
    formHandler(
      (req) => `/proposals/${encodeURIComponent(String(req.params.id))}`,
      async (req, res) => {
        const actor = actorOf(req);
        const input = readAnswer(req, isStaff(actor.role));
        const keep = (path: string) => ['/reason', '/party', '/decision'].includes(path);
        const done = await onElement('answer', () => proposals.respond(actor, String(req.params.id), input), keep);
        const key = done.status === 'accepted' ? 'bothAccepted' : input.decision === 'accept' ? 'accepted' : 'declined';
        flash(req, `matching.pages.flash.${isStaff(actor.role) ? 'recorded' : key}`);
        res.redirect(303, `/proposals/${String(done._id)}`);
      },
    ),
  );

  pages.post(
    '/proposals/:id/cancel',
    staff,
    formHandler(
      (req) => `/proposals/${encodeURIComponent(String(req.params.id))}`,
      async (req, res) => {
        const reason = readCancel(req);
        const done = await onElement(
          'cancel',
          () => proposals.cancel(actorOf(req), String(req.params.id), reason),
          (path) => path === '/cancel/reason',
        );
        flash(req, 'matching.pages.flash.cancelled');
        res.redirect(303, `/proposals/${String(done._id)}`);
      },
    ),
  );
}
