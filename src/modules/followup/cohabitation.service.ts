// Cohabitations (SPEC §3, §7): from an accepted proposal to a careful ending. Agreement and
// signatures, the trial, the administrative checklist, check-ins, incidents, the ending; family and
// offer statuses follow through intake's service, the proposal's locks through matching's.
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import { audit } from '../../kernel/audit/audit.service.js';
import { formatDay, t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { activeCoordinators, contactOf, type Contact } from '../../kernel/auth/user.directory.js';
import { SYSTEM, type Actor, type FamilyService, type OfferService } from '../intake/index.js';
import type { ProposalService } from '../matching/index.js';
import { sealPart } from './cohabitation.sealed.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import { CohabitationRepository } from './cohabitation.repository.js';
import type { CheckinInput, CreateInput, EndInput, IncidentInput, MediationInput } from './followup.schemas.js';
import { addDays, adminChecklist, checkinSchedule } from './schedule.js';
import { policyFor } from '../../kernel/policy.js';
import { assertAgreement, assertDate, isAlarming } from './followup.rules.js';
import { endingConsequences, familyNextAfter, isSafetyEnding, safetySteps, tellHouseholds } from './endings.js';

export type Party = 'family' | 'host';

function isStaff(actor: Actor): boolean {
  return actor.role === 'worker' || actor.role === 'coordinator';
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export class CohabitationService {
  constructor(
    private readonly families: FamilyService,
    private readonly offers: OfferService,
    private readonly proposals: ProposalService,
    private readonly outbox: Outbox,
    private readonly store = new CohabitationRepository(),
  ) {}

  async load(id: string): Promise<CohabitationRecord> {
    const doc = await this.store.find(id);
    if (!doc) throw new NotFoundError();
    return doc;
  }

  /** The party a parent or host is, or null; staff see everything. 404 for anyone else. */
  async get(actor: Actor, id: string): Promise<{ cohabitation: CohabitationRecord; side: Party | null }> {
    const cohabitation = await this.load(id);
    if (isStaff(actor)) {
      await audit({ actorId: actor.id, actorRole: actor.role, action: 'cohabitation.read', targetType: 'cohabitation', targetId: id, fields: ['checkins', 'incidents'] });
      return { cohabitation, side: null };
    }
    if (actor.role === 'parent' && (await this.families.load(cohabitation.familyId)).ownerUserId === actor.id) return { cohabitation, side: 'family' };
    if (actor.role === 'host' && (await this.offers.load(cohabitation.offerId)).ownerUserId === actor.id) return { cohabitation, side: 'host' };
    throw new NotFoundError();
  }

  async create(actor: Actor, input: CreateInput): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const proposal = await this.proposals.load(input.proposalId);
    if (proposal.status !== 'accepted') throw new ConflictError('followup.notAccepted', [{ path: '/proposalId', messageKey: 'followup.notAccepted' }], 'PROPOSAL_NOT_ACCEPTED');
    const offer = await this.offers.load(proposal.offerId);
    const inspection = offer.inspection;
    const start = new Date(`${input.startDate}T00:00:00Z`);
    if (!inspection || inspection.outcome === 'non_conform' || !inspection.validUntil || new Date(inspection.validUntil) <= start) {
      throw new ConflictError('followup.notConform', [{ path: '/proposalId', messageKey: 'followup.notConform' }], 'OFFER_NOT_CONFORM');
    }
    const family = await this.families.load(proposal.familyId);
    assertAgreement(input.agreement, family.application.needs?.maxMonthlyContribution ?? null, policyFor(start));
    const policy = policyFor(start);
    const trialDays = input.agreement.trialDays ?? policy.agreement.trialDays;
    const created = await this.store.insert({
        proposalId: input.proposalId,
        familyId: proposal.familyId,
        offerId: proposal.offerId,
        startDate: input.startDate,
        agreement: { ...input.agreement, trialDays, noticeDays: input.agreement.noticeDays ?? policy.agreement.noticeDays, durationMonths: input.agreement.durationMonths ?? policy.minimumCommitmentMonths },
        trialEndsOn: addDays(input.startDate, trialDays),
        checklist: adminChecklist(input.startDate),
        schedule: checkinSchedule(input.startDate),
        createdBy: actor.id,
        events: [{ type: 'agreement', at: new Date(), by: actor.id }],
    } as never);
    if (!created) throw new ConflictError('followup.alreadyExists', [{ path: '/proposalId', messageKey: 'followup.alreadyExists' }], 'COHABITATION_EXISTS');
    await audit({ actorId: actor.id, actorRole: actor.role, action: 'cohabitation.created', targetType: 'cohabitation', targetId: created, fields: ['agreement'] });
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
    await this.completeTransition(actor, await this.load(id));
    return this.load(id);
  }

  /**
   * Brings the family and the offer where the cohabitation's status says they are; idempotent, so it
   * finishes a transition that a crash interrupted. Trial or active: family housed, offer occupied.
   * Ended: the family closed or back to active, the offer available (inspection still valid) or
   * closed, and the proposal's locks released.
   */
  private async completeTransition(actor: Actor, c: CohabitationRecord): Promise<void> {
    if (c.status === 'agreement') {
      // Both signatures stored, the trial not started yet (a crash in between, or two signing at once).
      if (!c.signatures?.family || !c.signatures?.host) return;
      await this.store.startTrialIfSigned(String(c._id), { at: new Date(), by: actor.id });
      c = await this.load(String(c._id));
    }
    if (c.status === 'trial' || c.status === 'active') {
      await this.families.moveFrom(actor, c.familyId, ['matched'], 'housed', 'agreement signed');
      await this.offers.moveFrom(actor, c.offerId, ['reserved'], 'occupied', 'agreement signed');
      return;
    }
    if (c.status !== 'ended') return;
    // The locks go first: while they are held, matching keeps an accepted proposal's offer reserved.
    await this.proposals.release(c.proposalId);
    const reason = [...c.events].reverse().find((e) => e.type === 'ended')?.reason ?? 'other';
    const why = `cohabitation ended: ${reason}`;
    const familyNext = familyNextAfter(reason);
    if (familyNext === 'closed') {
      await this.families.moveFrom(actor, c.familyId, ['housed'], 'closed', why);
      // Ended before both signed: matched goes back through active.
      if (await this.families.moveFrom(actor, c.familyId, ['matched'], 'active', why)) await this.families.moveFrom(actor, c.familyId, ['active'], 'closed', why);
    } else await this.families.moveFrom(actor, c.familyId, ['housed', 'matched'], 'active', why);
    // A safety ending never puts the home back (SPEC §7): the pair is excluded for good, then the offer suspended.
    if (isSafetyEnding(c)) await this.safetySteps(actor, c);
    await this.tellHouseholds(c);
    const offer = await this.offers.load(c.offerId);
    const endedAt = c.ending?.at ? new Date(c.ending.at) : new Date();
    const valid = !!offer.inspection?.validUntil && offer.inspection.outcome !== 'non_conform' && new Date(offer.inspection.validUntil) > endedAt;
    await this.offers.moveFrom(actor, c.offerId, ['occupied', 'reserved'], valid ? 'available' : 'closed', why);
  }

  private safetySteps(actor: Actor, c: CohabitationRecord): Promise<void> {
    return safetySteps(this.families, this.offers, actor, c);
  }

  /** Both households told of the ending, once (a claim), in their language, without confidential details. */
  private async tellHouseholds(c: CohabitationRecord): Promise<void> {
    if (!(await this.store.claimOnce(`ended-mail:${String(c._id)}`))) return;
    await tellHouseholds(this.families, this.offers, this.outbox, c);
  }

  /** Scheduled: finishes every transition a crash left half-done (see completeTransition). */
  async completeTransitions(): Promise<number> {
    let checked = 0;
    for (const c of await this.store.inStatuses(['agreement', 'trial', 'active', 'ended'])) {
      if (c.status === 'agreement') {
        if (!c.signatures?.family || !c.signatures?.host) continue;
        await this.completeTransition(SYSTEM, c);
        checked++;
        continue;
      }
      const [family, offer] = await Promise.all([this.families.load(c.familyId), this.offers.load(c.offerId)]);
      const safe = !isSafetyEnding(c) || (offer.status === 'suspended' || offer.status === 'closed') && (family.safetyExclusions ?? []).some((e) => e.cohabitationId === String(c._id));
      const done = c.status === 'ended' ? safe && !['housed', 'matched'].includes(family.status) && !['occupied', 'reserved'].includes(offer.status) && (await this.store.claimed(`ended-mail:${String(c._id)}`)) : family.status !== 'matched' && offer.status !== 'reserved';
      if (done && (c.status !== 'ended' || !(await this.proposals.holdsLocks(c.proposalId)))) continue;
      await this.completeTransition(SYSTEM, c);
      checked++;
    }
    return checked;
  }

  async addCheckin(actor: Actor, id: string, input: CheckinInput): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const { cohabitation } = await this.get(actor, id);
    if (cohabitation.status === 'ended') throw new ConflictError('followup.ended', [], 'COHABITATION_ENDED');
    assertDate(input.date, { start: cohabitation.startDate, today: today() });
    await this.store.append(id, 'checkins', await sealPart(cohabitation.familyId, 'checkins', { ...input, at: new Date(), by: actor.id }));
    // Conflict at its highest, or someone at the lowest wellbeing: alerted like a severe incident (SPEC §7).
    if (isAlarming(input)) await this.alertStaff(cohabitation, 'checkin', input.date);
    return this.load(id);
  }

  async addIncident(actor: Actor, id: string, input: IncidentInput): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const { cohabitation } = await this.get(actor, id);
    assertDate(input.date, { start: cohabitation.startDate, today: today() });
    await this.store.append(id, 'incidents', await sealPart(cohabitation.familyId, 'incidents', { ...input, at: new Date(), by: actor.id }));
    await audit({ actorId: actor.id, actorRole: actor.role, action: 'cohabitation.incident', targetType: 'cohabitation', targetId: id, fields: ['incidents'] });
    if (input.severity === 'high') await this.alertStaff(cohabitation, 'incident', input.date, input.kind);
    return this.load(id);
  }

  /** A severe incident or an alarming check-in alerts the family's worker and every coordinator at once (no details in the mail). */
  private async alertStaff(cohabitation: CohabitationRecord, what: 'incident' | 'checkin', date: string, kind?: IncidentInput['kind']): Promise<void> {
    const family = await this.families.load(cohabitation.familyId);
    const recipients = new Map<string, Contact>();
    const worker = await contactOf(family.assignedWorkerId);
    if (worker) recipients.set(worker.id, worker);
    for (const c of await activeCoordinators()) recipients.set(c.id, c);
    for (const user of recipients.values()) {
      const lang = user.language;
      const mail =
        what === 'incident'
          ? { kind: 'incident-high', subject: t(lang, 'followup.mail.incident.subject'), text: t(lang, 'followup.mail.incident.body', { name: user.name, kind: t(lang, `followup.incidentKinds.${kind}`), date: formatDay(lang, date), id: String(cohabitation._id) }) }
          : { kind: 'checkin-alert', subject: t(lang, 'followup.mail.checkinAlert.subject'), text: t(lang, 'followup.mail.checkinAlert.body', { name: user.name, date: formatDay(lang, date), id: String(cohabitation._id) }) };
      await this.outbox.enqueue({ to: user.email, ...mail });
    }
  }

  /** What ending with this input would do, after the same checks as `end` (the confirmation page; nothing written). */
  async previewEnd(actor: Actor, id: string, input: EndInput) {
    if (!isStaff(actor)) throw new ForbiddenError();
    const { cohabitation } = await this.get(actor, id);
    if (cohabitation.status === 'ended') throw new ConflictError('followup.ended', [], 'COHABITATION_ENDED');
    assertDate(input.date, { start: cohabitation.startDate, today: today(), noticeDays: cohabitation.agreement?.noticeDays ?? policyFor().agreement.noticeDays, futureAllowed: true });
    return { cohabitation, ...endingConsequences(cohabitation, input.reason, await this.offers.load(cohabitation.offerId)) };
  }

  /** The ending: once (one conditional update); then the family, the offer and the proposal follow (completeTransition). */
  async end(actor: Actor, id: string, input: EndInput): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const { cohabitation } = await this.get(actor, id);
    if (cohabitation.status === 'ended') throw new ConflictError('followup.ended', [], 'COHABITATION_ENDED');
    assertDate(input.date, { start: cohabitation.startDate, today: today(), noticeDays: cohabitation.agreement?.noticeDays ?? policyFor().agreement.noticeDays, futureAllowed: true });
    const now = new Date();
    const ending = await sealPart(cohabitation.familyId, 'ending', { ...input, at: now, by: actor.id });
    if (!(await this.store.end(id, ending, input.reason, { at: now, by: actor.id }))) throw new ConflictError('followup.ended', [], 'COHABITATION_ENDED');
    await this.completeTransition(actor, await this.load(id));
    await audit({ actorId: actor.id, actorRole: actor.role, action: 'cohabitation.ended', targetType: 'cohabitation', targetId: id, fields: ['ending'] });
    return this.load(id);
  }

  /** A mediation session (SPEC §7): who took part, what was said, what was agreed. Staff only. */
  async addMediation(actor: Actor, id: string, input: MediationInput): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const { cohabitation } = await this.get(actor, id);
    assertDate(input.date, { start: cohabitation.startDate, today: today() });
    await this.store.append(id, 'mediations', await sealPart(cohabitation.familyId, 'mediations', { ...input, at: new Date(), by: actor.id }));
    return this.load(id);
  }

  /** Marks an administrative checklist item done (or not). Staff, or the party it concerns. */
  async markChecklist(actor: Actor, id: string, code: string, done: boolean): Promise<CohabitationRecord> {
    const { cohabitation, side } = await this.get(actor, id);
    const item = cohabitation.checklist.find((i) => i.code === code);
    if (!item) throw new NotFoundError();
    if (!isStaff(actor) && item.concerns !== side && item.concerns !== 'both') throw new ForbiddenError();
    const now = new Date();
    await this.store.setChecklistItem(id, code, done ? { at: now, by: actor.id } : null, { type: `checklist.${done ? 'done' : 'undone'}`, reason: code, at: now, by: actor.id });
    return this.load(id);
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
      const family = await this.families.load(c.familyId);
      const worker = await contactOf(family.assignedWorkerId);
      if (!worker) continue;
      const lang = worker.language;
      await this.outbox.enqueue({ to: worker.email, kind: 'checkin-reminder', subject: t(lang, 'followup.mail.reminder.subject'), text: t(lang, 'followup.mail.reminder.body', { name: worker.name, date: formatDay(lang, next.dueOn!), id: String(c._id) }) });
      sent++;
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

  /**
   * Check-ins due and not done. Each check-in counts for one scheduled date only: the first one
   * after the previous scheduled date and at most a week after this one.
   */
  overdueCheckins(c: CohabitationRecord, day = today()): { dueOn: string; label: string }[] {
    if (c.status === 'ended' || c.status === 'agreement') return [];
    const done = c.checkins.map((k) => k.date ?? '').sort();
    const used = new Set<number>();
    const overdue: { dueOn: string; label: string }[] = [];
    let previous = c.startDate;
    for (const s of c.schedule) {
      const due = s.dueOn!;
      const k = done.findIndex((d, i) => !used.has(i) && d > previous && d <= addDays(due, 7));
      if (k >= 0) used.add(k);
      else if (due < day) overdue.push({ dueOn: due, label: s.label! });
      previous = due;
      if (due >= day) break;
    }
    return overdue;
  }

  async alive(): Promise<CohabitationRecord[]> {
    return this.store.inStatuses(['trial', 'active']);
  }

  async recent(limit = 200): Promise<CohabitationRecord[]> {
    return this.store.recent(limit);
  }

  /**
   * Erasure of the family: the confidential text goes (it was sealed with the family's key, about to
   * be shredded); dates, kinds, severities, wellbeing and isolation scores stay for the statistics,
   * and the agreement stays as the evidence both households signed.
   */
  async scrubForErasure(familyId: string): Promise<number> {
    const docs = await this.store.of('familyId', [familyId]);
    for (const c of docs) {
      if (c.status !== 'ended') throw new ConflictError('privacy.erase.cohabitationOpen', [{ path: '/cohabitations', messageKey: 'privacy.erase.cohabitationOpen' }], 'ERASURE_BLOCKED');
      await this.store.scrub(String(c._id), {
        checkins: c.checkins.map(({ note: _note, ...k }) => k),
        incidents: c.incidents.map(({ description: _d, ...i }) => i),
        mediations: c.mediations.map((m) => ({ date: m.date, at: m.at, by: m.by })),
        ending: c.ending ? { date: c.ending.date, reason: c.ending.reason, at: c.ending.at, by: c.ending.by } : null,
        events: c.events.map((e) => ({ ...e, reason: null })),
      } as never);
    }
    return docs.length;
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
