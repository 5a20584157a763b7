// The benefits check page (SPEC §6.3, issue 17), on a cohabitation and on a proposal: staff see both
// households, each party only its own (never the other household's benefits); a partner none (the
// route's policy), anyone else's record 404 (the services). Staff reads are audited per household
// read, like the case pages. Printable, no script.
import { Router, type Request, type Response } from 'express';
import { audit } from '../../kernel/audit/audit.service.js';
import { allow } from '../../kernel/auth/policy.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { FamilyService, OfferService } from '../intake/index.js';
import type { ProposalService } from '../matching/index.js';
import { householdCheck, proofsOf, type Side } from './benefits-check.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationService } from './cohabitation.service.js';
import { confirmedCosts } from './ledger.balances.js';
import { ledgerOf } from './ledger.service.js';

interface Subject {
  familyId: string;
  offerId: string;
  /** The party reading, or null for staff. */
  side: Side | null;
  cohabitation: CohabitationRecord | null;
  context: { key: 'onProposal' | 'onCohabitation'; date: string | Date };
  backUrl: string;
}

export function benefitsCheckPages(cohabitations: CohabitationService, proposals: ProposalService, families: FamilyService, offers: OfferService): Router {
  const pages = Router();
  const involved = allow('parent', 'host', 'worker', 'coordinator');

  async function render(req: Request, res: Response, subject: Subject): Promise<void> {
    const actor = actorOf(req);
    const [family, offer] = await Promise.all([families.load(subject.familyId), offers.load(subject.offerId)]);
    const sides: Side[] = subject.side ? [subject.side] : ['family', 'host'];
    if (!subject.side) {
      for (const side of sides) {
        const [targetType, targetId] = side === 'family' ? (['family', subject.familyId] as const) : (['offer', subject.offerId] as const);
        await audit({ actorId: actor.id, actorRole: actor.role, action: 'benefits.read', targetType, targetId, fields: ['/application/benefits'] });
      }
    }
    const staff = subject.side === null;
    const parent = family.application.parent;
    const host = offer.application.host;
    const nameOf = (first?: string | null, last?: string | null) => (staff ? [first, last].filter(Boolean).join(' ') : (first ?? ''));
    const households = sides.map((side) =>
      side === 'family'
        ? householdCheck(req.lang, 'family', nameOf(parent?.firstName, parent?.lastName), family.application.benefits)
        : householdCheck(req.lang, 'host', nameOf(host?.firstName, host?.lastName), offer.application.benefits),
    );
    const proofs = proofsOf(req.lang, subject.cohabitation);
    const have = proofs.filter((p) => p.state === 'have').length;
    res.render('followup/benefits-check.njk', {
      households,
      proofs,
      proofCount: { have, missing: proofs.length - have },
      started: subject.cohabitation !== null,
      context: subject.context,
      staff,
      backUrl: subject.backUrl,
      // The confirmed split of shared costs: evidence of separate budgets (issue 18).
      costs: subject.cohabitation ? confirmedCosts((await ledgerOf(String(subject.cohabitation._id))).items) : null,
    });
  }

  pages.get('/cohabitations/:id/benefits', involved, async (req, res) => {
    const { cohabitation, side } = await cohabitations.get(actorOf(req), String(req.params.id));
    const id = String(cohabitation._id);
    await render(req, res, {
      familyId: cohabitation.familyId,
      offerId: cohabitation.offerId,
      side,
      cohabitation,
      context: { key: 'onCohabitation', date: cohabitation.startDate },
      backUrl: side ? '/my/cohabitation' : `/work/cohabitations/${id}`,
    });
  });

  pages.get('/proposals/:id/benefits', involved, async (req, res) => {
    const { proposal, side } = await proposals.get(actorOf(req), String(req.params.id));
    await render(req, res, {
      familyId: proposal.familyId,
      offerId: proposal.offerId,
      side,
      cohabitation: null,
      context: { key: 'onProposal', date: proposal.createdAt },
      backUrl: `/proposals/${String(proposal._id)}`,
    });
  });

  return pages;
}
