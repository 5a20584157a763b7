// Proposals (SPEC §3, §5): the worker proposes a family × offer pair; both sides decide.
// One pending or accepted proposal per family and per offer, guaranteed by unique-key locks taken
// before anything else is written (the second of two simultaneous proposals gets 409). Answers and
// settling are conditional updates on the proposal (two parties answering at once both count; one
// settling wins); the family and the offer follow idempotently, and `completeTransitions` finishes
// whatever a crash interrupted.
import mongoose from 'mongoose';
import type { Language } from '../../kernel/config.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation, ValidationError } from '../../kernel/errors.js';
import { audit } from '../../kernel/audit/audit.service.js';
import type { EventBus } from '../../kernel/events.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { SYSTEM, type Actor, type FamilyService, type OfferService } from '../intake/index.js';
import type { CandidatesService } from './candidates.service.js';
import { DAY_MS, dayNumber, dayOf, screeningDay } from './engine/profiles.js';
import type { Party, ProposalRecord } from './proposal.model.js';
import { tellParties } from './proposal.mail.js';
import { lockKeys, ProposalRepository } from './proposal.repository.js';
import { systemReason } from '../../kernel/i18n/reasons.js';

const EXPIRY_DAYS = 14;

function isStaff(actor: Actor): boolean {
  return actor.role === 'worker' || actor.role === 'coordinator';
}

export class ProposalService {
  constructor(
    private readonly families: FamilyService,
    private readonly offers: OfferService,
    private readonly candidates: CandidatesService,
    private readonly outbox: Outbox,
    private readonly events: EventBus,
    private readonly publicUrl: string,
    private readonly store = new ProposalRepository(),
  ) {}

  async load(id: string): Promise<ProposalRecord> {
    const doc = await this.store.find(id);
    if (!doc) throw new NotFoundError();
    return doc;
  }

  /** Which side a person is on, or null (staff act for a side by naming it). */
  async sideOf(actor: Actor, doc: ProposalRecord): Promise<Party | null> {
    if (actor.role === 'parent') {
      const family = await this.families.load(doc.familyId);
      return family.ownerUserId === actor.id ? 'family' : null;
    }
    if (actor.role === 'host') {
      const offer = await this.offers.load(doc.offerId);
      return offer.ownerUserId === actor.id ? 'host' : null;
    }
    return null;
  }

  async get(actor: Actor, id: string): Promise<{ proposal: ProposalRecord; side: Party | null }> {
    const proposal = await this.load(id);
    const side = await this.sideOf(actor, proposal);
    if (!isStaff(actor) && !side) throw new NotFoundError();
    return { proposal, side };
  }

  async list(actor: Actor, filter: { status?: string } = {}): Promise<ProposalRecord[]> {
    if (actor.role === 'parent')
      return this.store.list({ ...filter, familyIds: (await this.families.list(actor, { limit: 200 })).items.map((f) => String(f._id)) });
    if (actor.role === 'host') return this.store.list({ ...filter, offerIds: (await this.offers.list(actor, { limit: 200 })).items.map((o) => String(o._id)) });
    return isStaff(actor) ? this.store.list(filter) : [];
  }

  /** Erasure: the worker's message and the parties' free-text reasons go; decisions and dates stay. */
  async scrubForErasure(ids: { familyIds: string[]; offerIds: string[] }): Promise<number> {
    const docs = await this.store.ofParties(ids);
    for (const p of docs) {
      const response = <R extends { reason?: string | null }>(r: R | null | undefined) => (r ? { ...r, reason: null } : null);
      await this.store.scrub(String(p._id), {
        responses: { family: response(p.responses?.family), host: response(p.responses?.host) },
        events: p.events.map((e) => ({ ...e, reason: null })),
      });
    }
    return docs.length;
  }

  /** Families and offers held by a pending or accepted proposal. */
  async taken(): Promise<{ families: Set<string>; offers: Set<string> }> {
    const locks = await this.store.locks();
    const families = new Set<string>();
    const offers = new Set<string>();
    for (const { _id } of locks) {
      const [kind, id] = _id.split(':');
      (kind === 'family' ? families : offers).add(id!);
    }
    return { families, offers };
  }

  async create(actor: Actor, input: { familyId: string; offerId: string; message?: string | null }, lang: Language): Promise<ProposalRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const family = await this.families.get(actor, input.familyId);
    const offer = await this.offers.get(actor, input.offerId);
    // The safeguards of SPEC §11 first, each with its own code; then every other blocker.
    if (offer.status === 'suspended') throw new RuleViolation(409, 'OFFER_SUSPENDED', [{ path: '/offerId', messageKey: 'rules.OFFER_SUSPENDED' }]);
    if (this.families.isPairExcluded(family, offer)) throw new RuleViolation(409, 'PAIR_EXCLUDED', [{ path: '/offerId', messageKey: 'rules.PAIR_EXCLUDED' }]);
    // Screened on the later of today and the family's move-in, as matching's blocker (profiles.ts screeningDay).
    this.offers.screening.assertScreened(offer, new Date(screeningDay(dayNumber(family.application.needs?.moveInFrom), dayOf(new Date())) * DAY_MS));
    const pair = await this.candidates.pair(input.familyId, input.offerId, family, offer, lang);
    if (!pair.eligible) {
      throw new ConflictError(
        'matching.proposal.notEligible',
        pair.blockers.map((b) => ({ path: `/blockers/${b.code}`, messageKey: 'matching.proposal.blocker', params: { reason: b.reason } })),
        'NOT_ELIGIBLE',
      );
    }
    const id = new mongoose.Types.ObjectId();
    const [familyLock, offerLock] = lockKeys(input);
    if (!(await this.store.takeLock(familyLock, String(id))))
      throw new ConflictError('matching.proposal.familyTaken', [{ path: '/familyId', messageKey: 'matching.proposal.familyTaken' }], 'FAMILY_TAKEN');
    if (!(await this.store.takeLock(offerLock, String(id)))) {
      await this.store.dropLock(familyLock, String(id));
      throw new ConflictError('matching.proposal.offerTaken', [{ path: '/offerId', messageKey: 'matching.proposal.offerTaken' }], 'OFFER_TAKEN');
    }
    try {
      const now = new Date();
      await this.store.insert({
        _id: id,
        familyId: input.familyId,
        offerId: input.offerId,
        message: input.message?.trim() || null,
        score: pair.score,
        createdBy: actor.id,
        expiresAt: new Date(now.getTime() + EXPIRY_DAYS * 86_400_000),
        events: [{ at: now, by: actor.id, byRole: actor.role, type: 'proposed' }],
      });
      await this.families.transition(actor, input.familyId, 'proposed', systemReason('proposal_made'));
    } catch (error) {
      await this.store.remove(String(id));
      await this.store.dropLock(familyLock, String(id));
      await this.store.dropLock(offerLock, String(id));
      throw error;
    }
    await audit({
      actorId: actor.id,
      actorRole: actor.role,
      action: 'proposal.created',
      targetType: 'proposal',
      targetId: String(id),
      fields: ['familyId', 'offerId'],
    });
    await tellParties(this.outbox, this.publicUrl, family, offer, 'proposed', String(id));
    return this.load(String(id));
  }

  async respond(actor: Actor, id: string, input: { decision: 'accept' | 'decline'; reason?: string | null; party?: Party | null }): Promise<ProposalRecord> {
    const { proposal, side } = await this.get(actor, id);
    const party: Party | null = isStaff(actor) ? (input.party ?? null) : side;
    if (!party) throw new ValidationError([{ path: '/party', messageKey: 'matching.proposal.partyRequired' }]);
    if (!isStaff(actor) && input.party && input.party !== side) throw new ForbiddenError();
    const reason = input.reason?.trim() || null;
    if (input.decision === 'decline' && !reason) throw new ValidationError([{ path: '/reason', messageKey: 'matching.proposal.reasonRequired' }]);
    if (proposal.responses?.[party]) throw new ConflictError('matching.proposal.alreadyAnswered', [], 'ALREADY_ANSWERED');
    if (proposal.status !== 'pending') throw new ConflictError('matching.proposal.notPending', [], 'PROPOSAL_NOT_PENDING');
    // A host suspended meanwhile (a not-clear extract): nobody can accept into that home.
    if (input.decision === 'accept' && (await this.offers.load(proposal.offerId)).status === 'suspended') throw new RuleViolation(409, 'OFFER_SUSPENDED');
    const now = new Date();
    const response = { decision: input.decision, reason, at: now, by: actor.id, byRole: actor.role };
    if (
      !(await this.store.answer(proposal.familyId, id, party, response, {
        at: now,
        by: actor.id,
        byRole: actor.role,
        type: `${party}.${input.decision}`,
        reason,
      }))
    ) {
      const current = await this.load(id);
      if (current.responses?.[party]) throw new ConflictError('matching.proposal.alreadyAnswered', [], 'ALREADY_ANSWERED');
      throw new ConflictError('matching.proposal.notPending', [], 'PROPOSAL_NOT_PENDING');
    }
    const current = await this.load(id);
    if (input.decision === 'decline') await this.close(current, 'declined', reason, actor);
    else if (current.responses?.family?.decision === 'accept' && current.responses?.host?.decision === 'accept') await this.accept(current, actor);
    return this.load(id);
  }

  async cancel(actor: Actor, id: string, reason: string): Promise<ProposalRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const proposal = await this.load(id);
    if (proposal.status !== 'pending') throw new ConflictError('matching.proposal.notPending', [], 'PROPOSAL_NOT_PENDING');
    await this.close(proposal, 'cancelled', reason, actor);
    return this.load(id);
  }

  /** An accepted proposal's cohabitation has ended: the family and the offer may be proposed again. */
  async release(proposalId: string): Promise<void> {
    const proposal = await this.load(proposalId);
    for (const key of lockKeys(proposal)) await this.store.dropLock(key, proposalId);
  }

  /** Whether this proposal still holds its family's or its offer's lock. */
  async holdsLocks(proposalId: string): Promise<boolean> {
    const proposal = await this.load(proposalId);
    const holders = await Promise.all(lockKeys(proposal).map((key) => this.store.holder(key)));
    return holders.includes(proposalId);
  }

  /** Scheduled, idempotent: pending proposals past their expiry end, the family back to active. */
  async expireDue(now = new Date()): Promise<number> {
    const due = await this.store.pendingDueBy(now);
    let expired = 0;
    for (const proposal of due) if (await this.close(proposal, 'expired', null, SYSTEM)) expired++;
    return expired;
  }

  /** Settles a pending proposal once (declined, cancelled, expired): one conditional update; then the family back to active, the locks released. */
  private async close(proposal: ProposalRecord, status: 'declined' | 'cancelled' | 'expired', reason: string | null, actor: Actor): Promise<boolean> {
    const id = String(proposal._id);
    const now = new Date();
    if (!(await this.store.close(proposal.familyId, id, status, reason, { at: now, by: actor.id, byRole: actor.role, type: status, reason }))) return false;
    await this.completeTransition(actor, await this.load(id));
    await audit({ actorId: actor.id, actorRole: actor.role, action: `proposal.${status}`, targetType: 'proposal', targetId: id, fields: ['status'] });
    const [family, offer] = await Promise.all([this.families.load(proposal.familyId), this.offers.load(proposal.offerId)]);
    await tellParties(this.outbox, this.publicUrl, family, offer, status, id);
    return true;
  }

  private async accept(proposal: ProposalRecord, actor: Actor): Promise<void> {
    const id = String(proposal._id);
    const now = new Date();
    if (!(await this.store.accept(id, { at: now, by: actor.id, byRole: actor.role, type: 'accepted' }))) return;
    await this.completeTransition(actor, await this.load(id));
    await audit({ actorId: actor.id, actorRole: actor.role, action: 'proposal.accepted', targetType: 'proposal', targetId: id, fields: ['status'] });
    this.events.emit('proposal.accepted', { proposalId: id, familyId: proposal.familyId, offerId: proposal.offerId });
    const [family, offer] = await Promise.all([this.families.load(proposal.familyId), this.offers.load(proposal.offerId)]);
    await tellParties(this.outbox, this.publicUrl, family, offer, 'accepted', id);
  }

  /**
   * Brings the family, the offer and the locks where the proposal's status says they are;
   * idempotent. Pending: family proposed. Accepted, while it holds its locks: family matched, offer
   * reserved, unless its cohabitation moved them on (housed, occupied: left alone; an ending releases
   * the locks before it moves them back). Settled otherwise: family back to active, locks released.
   */
  private async completeTransition(actor: Actor, proposal: ProposalRecord): Promise<void> {
    const id = String(proposal._id);
    if (proposal.status === 'pending') {
      // Both answers stored, the settling not yet (a crash in between): settle now.
      const answers = [proposal.responses?.family?.decision, proposal.responses?.host?.decision];
      if (answers.includes('decline')) {
        const reason = proposal.responses?.family?.decision === 'decline' ? proposal.responses.family.reason : (proposal.responses?.host?.reason ?? null);
        await this.close(proposal, 'declined', reason ?? null, actor);
        return;
      }
      if (answers.every((a) => a === 'accept')) {
        await this.accept(proposal, actor);
        return;
      }
      await this.families.moveFrom(actor, proposal.familyId, ['active'], 'proposed', systemReason('proposal_made'));
    } else if (proposal.status === 'accepted') {
      await this.families.moveFrom(actor, proposal.familyId, ['proposed'], 'matched', systemReason('proposal_accepted'));
      await this.offers.moveFrom(actor, proposal.offerId, ['available'], 'reserved', systemReason('proposal_accepted'));
    } else {
      // Not the reason itself: the family's history is not sealed, the proposal's reason is (proposal.sealed.ts).
      const why = systemReason(`proposal_${proposal.status}`);
      if (await this.holdsLocks(id)) await this.families.moveFrom(actor, proposal.familyId, ['proposed'], 'active', why);
      for (const key of lockKeys(proposal)) await this.store.dropLock(key, id);
    }
  }

  /**
   * Scheduled: finishes what a crash interrupted. Locks whose proposal was never written (a crash
   * between taking them and creating it) are released after a minute; every proposal holding a lock
   * is brought to where its status says (completeTransition).
   */
  async completeTransitions(now = new Date()): Promise<number> {
    let repaired = 0;
    const locks = await this.store.locks();
    const proposalIds = [...new Set(locks.map((l) => l.proposalId).filter((p): p is string => !!p))];
    for (const proposalId of proposalIds) {
      const proposal = await this.store.find(proposalId);
      if (!proposal) {
        for (const lock of locks.filter((l) => l.proposalId === proposalId && now.getTime() - l.at.getTime() > 60_000)) {
          await this.store.dropLock(lock._id, proposalId);
          repaired++;
        }
        continue;
      }
      await this.completeTransition(SYSTEM, proposal);
      repaired++;
    }
    return repaired;
  }
}
