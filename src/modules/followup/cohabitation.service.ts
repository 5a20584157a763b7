// Cohabitations (SPEC §3, §7): from an accepted proposal to a careful ending. Agreement and
// signatures, the trial, the administrative checklist, check-ins, incidents, the ending; family and
// offer statuses follow through intake's service (transitions.ts), the proposal's locks through matching's.
import { Types } from 'mongoose';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import { audit } from '../../kernel/audit/audit.service.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { policyFor } from '../../kernel/policy.js';
import { SYSTEM, type Actor, type FamilyCaseworkService, type FamilyService, type OfferService } from '../intake/index.js';
import type { ProposalService } from '../matching/index.js';
import { erasureLeftovers, sealPart } from './cohabitation.sealed.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import { CohabitationRepository } from './cohabitation.repository.js';
import { LedgerRepository } from './ledger.repository.js';
import { endingConsequences } from './endings.js';
import { assertAgreement, assertDate, checkinIsolationScore } from './followup.rules.js';
import { backfillChecklists } from './checklist-backfill.js';
import { appendCheckin, assertIntroductions, completeCheckin, completePendingCheckins, type CheckinDeps } from './checkins.js';
import type { CheckinInput, ChecklistInput, CreateInput, EndInput, IncidentInput, MediationInput } from './followup.schemas.js';
import { addDays, adminChecklist, checkinSchedule, tickedOn, today } from './schedule.js';
import { remindWorker } from './staff-mail.js';
import { sendAlert, sendPendingAlerts, type AlertDeps } from './safety-alerts.js';
import { Transitions } from './transitions.js';

export type Party = 'family' | 'host';

function isStaff(actor: Actor): boolean {
  return actor.role === 'worker' || actor.role === 'coordinator';
}

const endedError = () => new ConflictError('followup.ended', [], 'COHABITATION_ENDED');

export class CohabitationService {
  constructor(
    private readonly families: FamilyService,
    private readonly offers: OfferService,
    private readonly proposals: ProposalService,
    private readonly outbox: Outbox,
    /** Where a check-in's isolation criteria and network map go: the family's casework (it outlives the cohabitation). */
    private readonly casework: FamilyCaseworkService | null = null,
    /** Whether a directory entry may be proposed at a check-in (exists, not retired). */
    entryCurrent: ((id: string) => Promise<boolean>) | null = null,
    private readonly store = new CohabitationRepository(),
    private readonly transitions = new Transitions(families, offers, proposals, outbox, store),
  ) {
    this.checkinDeps = { store, casework, entryCurrent };
    this.alertDeps = { store, families, outbox };
  }

  private readonly checkinDeps: CheckinDeps;
  private readonly alertDeps: AlertDeps;
  private readonly ledgers = new LedgerRepository();

  async load(id: string): Promise<CohabitationRecord> {
    const doc = await this.store.find(id);
    if (!doc) throw new NotFoundError();
    return doc;
  }

  /** The party a parent or host is, or null; staff see everything. 404 for anyone else. */
  async get(actor: Actor, id: string): Promise<{ cohabitation: CohabitationRecord; side: Party | null }> {
    const cohabitation = await this.load(id);
    if (isStaff(actor)) {
      await audit({
        actorId: actor.id,
        actorRole: actor.role,
        action: 'cohabitation.read',
        targetType: 'cohabitation',
        targetId: id,
        fields: ['checkins', 'incidents'],
      });
      return { cohabitation, side: null };
    }
    if (actor.role === 'parent' && (await this.families.load(cohabitation.familyId)).ownerUserId === actor.id) return { cohabitation, side: 'family' };
    if (actor.role === 'host' && (await this.offers.load(cohabitation.offerId)).ownerUserId === actor.id) return { cohabitation, side: 'host' };
    throw new NotFoundError();
  }

  async create(actor: Actor, input: CreateInput): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const proposal = await this.proposals.load(input.proposalId);
    if (proposal.status !== 'accepted')
      throw new ConflictError('followup.notAccepted', [{ path: '/proposalId', messageKey: 'followup.notAccepted' }], 'PROPOSAL_NOT_ACCEPTED');
    const offer = await this.offers.load(proposal.offerId);
    const inspection = offer.inspection;
    const start = new Date(`${input.startDate}T00:00:00Z`);
    if (!inspection || inspection.outcome === 'non_conform' || !inspection.validUntil || new Date(inspection.validUntil) <= start) {
      throw new ConflictError('followup.notConform', [{ path: '/proposalId', messageKey: 'followup.notConform' }], 'OFFER_NOT_CONFORM');
    }
    const family = await this.families.load(proposal.familyId);
    const policy = policyFor(start);
    assertAgreement(input.agreement, family.application.needs?.maxMonthlyContribution ?? null, policy);
    const trialDays = input.agreement.trialDays ?? policy.agreement.trialDays;
    const created = await this.store.insert({
      proposalId: input.proposalId,
      familyId: proposal.familyId,
      offerId: proposal.offerId,
      startDate: input.startDate,
      agreement: {
        ...input.agreement,
        trialDays,
        noticeDays: input.agreement.noticeDays ?? policy.agreement.noticeDays,
        durationMonths: input.agreement.durationMonths ?? policy.minimumCommitmentMonths,
      },
      trialEndsOn: addDays(input.startDate, trialDays),
      checklist: adminChecklist(input.startDate),
      schedule: checkinSchedule(input.startDate),
      createdBy: actor.id,
      events: [{ type: 'agreement', at: new Date(), by: actor.id }],
    });
    if (!created) throw new ConflictError('followup.alreadyExists', [{ path: '/proposalId', messageKey: 'followup.alreadyExists' }], 'COHABITATION_EXISTS');
    await audit({
      actorId: actor.id,
      actorRole: actor.role,
      action: 'cohabitation.created',
      targetType: 'cohabitation',
      targetId: created,
      fields: ['agreement'],
    });
    return this.load(created);
  }

  /**
   * Each party acknowledges the agreement once; both signed → the trial starts (family housed, offer
   * occupied). Each step is one conditional update, so two parties signing at the same instant both
   * count, and a crash between steps is completed by `completeTransitions` (or the next signature).
   */
  async sign(actor: Actor, id: string, party?: Party | null): Promise<CohabitationRecord> {
    const { cohabitation, side } = await this.get(actor, id);
    const who: Party | null = isStaff(actor) ? (party ?? null) : side;
    if (!who) throw new ValidationError([{ path: '/party', messageKey: 'followup.partyRequired' }]);
    if (!isStaff(actor) && party && party !== side) throw new ForbiddenError();
    if (cohabitation.status !== 'agreement') throw new ConflictError('followup.notInAgreement', [], 'NOT_IN_AGREEMENT');
    if (!(await this.store.sign(id, who, { at: new Date(), by: actor.id }))) {
      const current = await this.load(id);
      if (current.status !== 'agreement' && !current.signatures?.[who]) throw new ConflictError('followup.notInAgreement', [], 'NOT_IN_AGREEMENT');
      throw new ConflictError('followup.alreadySigned', [], 'ALREADY_SIGNED');
    }
    await this.transitions.complete(actor, await this.load(id));
    return this.load(id);
  }

  /** Scheduled: finishes every transition a crash left half-done (transitions.ts). */
  completeTransitions(): Promise<number> {
    return this.transitions.sweep();
  }

  /**
   * A check-in, then its casework on the family (checkins.ts): the same check-in posted twice (its
   * form carries its id) is kept once, and its family part is written once, by the post or the sweep.
   * Conflict at its highest, or someone at the lowest wellbeing (SPEC §7): the check-in is stored
   * marked, and its alert sent first (safety-alerts.ts), once per recipient whoever sends it.
   */
  async addCheckin(actor: Actor, id: string, input: CheckinInput): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const { cohabitation } = await this.get(actor, id);
    const repeat = input.checkinId != null && cohabitation.checkins.some((k) => k.id === input.checkinId);
    if (cohabitation.status === 'ended' && !repeat) throw endedError();
    if (!repeat) {
      assertDate(input.date, { start: cohabitation.startDate, today: today() });
      checkinIsolationScore(input);
      await assertIntroductions(this.checkinDeps, input.introductions);
    }
    const { outcome, checkinId } = await appendCheckin(this.checkinDeps, actor, cohabitation, input);
    if (outcome === 'ended') throw endedError();
    // The alert before the family's part: a failure there must not hold it back (the sweep would still send it).
    await sendAlert(this.alertDeps, id, { list: 'checkins', id: checkinId });
    await completeCheckin(this.checkinDeps, actor, id, checkinId);
    return this.load(id);
  }

  /** Scheduled (at start, then daily): checklist items added since a cohabitation began (checklist-backfill.ts). */
  backfillChecklists(day = today()): Promise<number> {
    return backfillChecklists(this.store, day);
  }

  /** Scheduled: the family's part of check-ins a crash left pending (checkins.ts). */
  completeCheckins(): Promise<number> {
    return completePendingCheckins(this.checkinDeps);
  }

  /** Scheduled: the staff alerts a crash or an error left pending (safety-alerts.ts). */
  sendPendingAlerts(): Promise<number> {
    return sendPendingAlerts(this.alertDeps);
  }

  /** An incident; a severe one is stored marked and alerts staff once per recipient, by this post or the sweep (safety-alerts.ts). */
  async addIncident(actor: Actor, id: string, input: IncidentInput): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const { cohabitation } = await this.get(actor, id);
    assertDate(input.date, { start: cohabitation.startDate, today: today() });
    const { incidentId: given, ...fields } = input;
    const incidentId = given ?? new Types.ObjectId().toHexString();
    const severe = input.severity === 'high';
    // The same form posted again (a double click, a retry after a lost answer) is the same incident.
    const added =
      !cohabitation.incidents.some((i) => i.id === incidentId) &&
      (await this.store.appendIncidentOnce(
        id,
        incidentId,
        await sealPart(cohabitation.familyId, 'incidents', { ...fields, id: incidentId, alertPending: severe, at: new Date(), by: actor.id }),
      ));
    if (added)
      await audit({
        actorId: actor.id,
        actorRole: actor.role,
        action: 'cohabitation.incident',
        targetType: 'cohabitation',
        targetId: id,
        fields: ['incidents'],
      });
    // A repeat sends what a crash may have left pending; the alert's mails are keyed, never sent twice.
    if (severe) await sendAlert(this.alertDeps, id, { list: 'incidents', id: incidentId });
    const current = await this.load(id);
    // Violence recorded once it had ended (or while it was ending): the ending becomes a safety one now.
    if (added && input.kind === 'violence' && current.status === 'ended') await this.transitions.complete(actor, current);
    return current;
  }

  /** The checks of `end`, and what it would do (the confirmation page); nothing written. */
  async previewEnd(actor: Actor, id: string, input: EndInput, day = today()) {
    const cohabitation = await this.endable(actor, id, input, day);
    return { cohabitation, ...endingConsequences(cohabitation, input.reason, await this.offers.load(cohabitation.offerId)) };
  }

  /** The ending: once (one conditional update); then the family, the offer and the proposal follow (transitions.ts). */
  async end(actor: Actor, id: string, input: EndInput, day = today()): Promise<CohabitationRecord> {
    const cohabitation = await this.endable(actor, id, input, day);
    const now = new Date();
    const ending = await sealPart(cohabitation.familyId, 'ending', { ...input, at: now, by: actor.id });
    if (!(await this.store.end(id, ending, input.reason, { at: now, by: actor.id }))) throw endedError();
    await this.transitions.complete(actor, await this.load(id));
    await audit({ actorId: actor.id, actorRole: actor.role, action: 'cohabitation.ended', targetType: 'cohabitation', targetId: id, fields: ['ending'] });
    return this.load(id);
  }

  private async endable(actor: Actor, id: string, input: EndInput, day: string): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const { cohabitation } = await this.get(actor, id);
    if (cohabitation.status === 'ended') throw endedError();
    assertDate(input.date, {
      start: cohabitation.startDate,
      today: day,
      noticeDays: cohabitation.agreement?.noticeDays ?? policyFor().agreement.noticeDays,
      futureAllowed: true,
    });
    return cohabitation;
  }

  /** A mediation session (SPEC §7): who took part, what was said, what was agreed. Staff only. */
  async addMediation(actor: Actor, id: string, input: MediationInput): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const { cohabitation } = await this.get(actor, id);
    assertDate(input.date, { start: cohabitation.startDate, today: today() });
    await this.store.append(id, 'mediations', await sealPart(cohabitation.familyId, 'mediations', { ...input, at: new Date(), by: actor.id }));
    return this.load(id);
  }

  /**
   * Ticks an administrative checklist item with the day it became true (default today), or unticks
   * it. Staff, or the party it concerns; the day is between the start and today. One compare-and-set
   * on the tick it was read with: ticks of other items at the same instant all stay; of two ticks of
   * one item, the second finds the first — the same day is the same tick, another day is refused
   * (409) rather than silently replacing it, so the item keeps one day.
   */
  async markChecklist(actor: Actor, id: string, code: string, input: ChecklistInput, day = today()): Promise<CohabitationRecord> {
    const { cohabitation, side } = await this.get(actor, id);
    const index = cohabitation.checklist.findIndex((i) => i.code === code);
    const item = cohabitation.checklist[index];
    if (!item) throw new NotFoundError();
    if (!isStaff(actor) && item.concerns !== side && item.concerns !== 'both') throw new ForbiddenError();
    if (!input.done && input.date) throw new ValidationError([{ path: '/date', messageKey: 'followup.checklist.dateWithoutTick' }]);
    const seen = item.doneAt ? new Date(item.doneAt) : null;
    // `{done: true}` on an item already ticked keeps its day (the API's contract before days existed).
    const on = input.done ? (input.date ?? tickedOn(item) ?? day) : null;
    if (on) assertDate(on, { start: cohabitation.startDate, today: day });
    if (on === tickedOn(item)) return cohabitation;
    const now = new Date();
    const event = { type: `checklist.${on ? 'done' : 'undone'}`, reason: code, at: now, by: actor.id };
    if (await this.store.setChecklistItem(id, { index, code }, seen, on ? { on, at: now, by: actor.id } : null, event)) return this.load(id);
    const current = await this.load(id);
    if (tickedOn(current.checklist.find((i) => i.code === code)!) === on) return current;
    throw new ConflictError('followup.checklist.changedMeanwhile', [{ path: '/date', messageKey: 'followup.checklist.changedMeanwhile' }], 'CHECKLIST_CHANGED');
  }

  /**
   * Scheduled, idempotent, survives restarts (a claim per reminder): two days before each check-in,
   * the family's worker gets an e-mail.
   */
  async sendCheckinReminders(day = today()): Promise<number> {
    let sent = 0;
    const soon = addDays(day, 2);
    for (const c of await this.alive()) {
      const next = c.schedule.find((s) => s.dueOn! >= day && s.dueOn! <= soon);
      if (!next || !(await this.store.claimOnce(`reminder:${String(c._id)}:${next.dueOn}`))) continue;
      if (await remindWorker(this.families, this.outbox, c, next.dueOn!)) sent++;
    }
    return sent;
  }

  /** Scheduled, idempotent: a trial whose end date has passed becomes active. */
  async advanceTrials(day = today()): Promise<number> {
    const due = await this.store.trialsEndingBy(day);
    let advanced = 0;
    for (const c of due) {
      if (await this.store.activate(String(c._id), { at: new Date(), by: SYSTEM.id })) advanced++;
    }
    return advanced;
  }

  async alive(): Promise<CohabitationRecord[]> {
    return this.store.inStatuses(['trial', 'active']);
  }

  async recent(limit = 200): Promise<CohabitationRecord[]> {
    return this.store.recent(limit);
  }

  /** Erasure of the family: what may stay of its cohabitations (cohabitation.sealed.ts), once they ended. */
  async scrubForErasure(familyId: string): Promise<number> {
    const docs = await this.store.of('familyId', [familyId]);
    for (const c of docs) {
      if (c.status !== 'ended')
        throw new ConflictError(
          'privacy.erase.cohabitationOpen',
          [{ path: '/cohabitations', messageKey: 'privacy.erase.cohabitationOpen' }],
          'ERASURE_BLOCKED',
        );
      await this.store.scrub(String(c._id), erasureLeftovers(c));
    }
    return docs.length;
  }

  /** Erasure of a family or a host: the ledgers of their cohabitations lose their free text (ledger.repository.ts). */
  async scrubLedgersForErasure(ids: { familyIds: string[]; offerIds: string[] }): Promise<number> {
    const docs = [...(await this.store.of('familyId', ids.familyIds)), ...(await this.store.of('offerId', ids.offerIds))];
    let scrubbed = 0;
    for (const id of new Set(docs.map((d) => String(d._id)))) scrubbed += await this.ledgers.scrubFreeText(id);
    return scrubbed;
  }

  /** Cohabitations in progress for these families or offers (erasure waits until they end). */
  async openFor(ids: { familyIds: string[]; offerIds: string[] }): Promise<number> {
    const [byFamily, byOffer] = await Promise.all([this.store.countOpen('familyId', ids.familyIds), this.store.countOpen('offerId', ids.offerIds)]);
    return byFamily + byOffer;
  }

  /** Every cohabitation, opened (statistics). */
  async all(): Promise<CohabitationRecord[]> {
    return this.store.all();
  }
}
