// The worker's screening of a host household (SPEC §4, §11): references, the model-2 extracts seen,
// and the suspension a `not_clear` extract or a safety ending puts on the offer — lifted only by a
// coordinator's review, recorded with its reason. Never shown to hosts, parents or partners.
import { ConflictError, ForbiddenError, RuleViolation, ValidationError } from '../../kernel/errors.js';
import { seal } from '../../kernel/crypto/sealed-fields.js';
import { policyFor } from '../../kernel/policy.js';
import { isStaff, type Actor } from './actor.js';
import type { RecordCheckInput, ReferenceInput, SuspensionReviewInput } from './casework.schemas.js';
import { assertTransition, OFFER_TRANSITIONS } from './lifecycle.js';
import type { OfferRecord } from './offer.model.js';
import { inspectionValid } from './offer.rules.js';
import { hostSubject, OFFER_SEALED_PATHS } from './offer.sealed.js';
import type { OfferService } from './offer.service.js';
import { adultMembers, gapParams, screeningOf, type Screening } from './screening.js';
import type { OfferStatus } from './vocabulary.js';

export type SuspensionCause = 'record_check' | 'safety_ending' | 'violence_incident';

function stamp(actor: Actor) {
  return { at: new Date(), by: actor.id, byName: actor.name };
}

export class HostScreening {
  constructor(private readonly offers: OfferService) {}

  /** What is missing for the household to be screened on a day (default today). */
  of(doc: Pick<OfferRecord, 'references' | 'recordChecks' | 'application'>, on: Date = new Date()): Screening {
    return screeningOf(doc, on);
  }

  async get(actor: Actor, id: string, on: Date = new Date()): Promise<Screening> {
    if (!isStaff(actor)) throw new ForbiddenError();
    return this.of(await this.offers.get(actor, id), on);
  }

  /** Refuses (409 HOST_SCREENING_INCOMPLETE, one detail per gap) unless the household is screened on that day. */
  assertScreened(doc: OfferRecord, on: Date = new Date()): void {
    const { missing } = this.of(doc, on);
    if (missing.length === 0) return;
    throw new RuleViolation(
      409,
      'HOST_SCREENING_INCOMPLETE',
      missing.map((gap) => ({ path: '/offerId', messageKey: `intake.screening.gaps.${gap.code}`, params: gapParams(gap) })),
      { references: policyFor(on).screening.referencesRequired, months: policyFor(on).screening.recordCheckValidMonths },
    );
  }

  async addReference(actor: Actor, id: string, input: ReferenceInput): Promise<OfferRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    await this.offers.get(actor, id);
    // Appended (sealed), not the list rewritten: two workers adding references at once both stay.
    const { references } = await seal(hostSubject(id), { references: [{ ...input, ...stamp(actor), resolution: null }] }, OFFER_SEALED_PATHS);
    await this.offers.store.change({ id, actor, set: {}, push: { references: references[0] }, event: { type: 'reference' }, fields: ['/casework/references'] });
    return this.offers.load(id);
  }

  /** A coordinator resolves a negative reference (why it no longer stands in the way), kept with it. */
  async resolveReference(actor: Actor, id: string, index: number, reason: string): Promise<OfferRecord> {
    if (actor.role !== 'coordinator') throw new ForbiddenError();
    const doc = await this.offers.get(actor, id);
    const reference = doc.references[index];
    if (!reference) throw new ValidationError([{ path: '/referenceIndex', messageKey: 'intake.screening.noSuchReference' }]);
    if (reference.outcome !== 'negative' || reference.resolution)
      throw new ValidationError([{ path: '/referenceIndex', messageKey: 'intake.screening.notUnresolvedNegative' }]);
    const { references } = await seal(hostSubject(id), { references: [{ resolution: { reason: reason.trim(), ...stamp(actor) } }] }, OFFER_SEALED_PATHS);
    await this.offers.store.change({
      id,
      actor,
      expectedVersion: doc.version,
      set: { [`references.${index}.resolution`]: references[0]!.resolution },
      event: { type: 'reference.resolved' },
      fields: ['/casework/references'],
    });
    return this.offers.load(id);
  }

  /** "Seen on <date> by <worker>, clear or not": the extract itself is never stored. `not_clear` suspends the offer. */
  async recordCheck(actor: Actor, id: string, input: RecordCheckInput): Promise<OfferRecord> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const doc = await this.offers.get(actor, id);
    const member = (doc.application.host?.household ?? [])[input.memberIndex];
    if (!member) throw new ValidationError([{ path: '/memberIndex', messageKey: 'intake.casework.noSuchMember' }]);
    const seenOn = new Date(`${input.seenOn}T00:00:00Z`);
    if (seenOn > new Date()) throw new RuleViolation(422, 'DATE_OUT_OF_RANGE', [{ path: '/seenOn', messageKey: 'intake.rules.dateInFuture' }]);
    if (!adultMembers(doc, new Date()).includes(input.memberIndex) && !adultMembers(doc, new Date(Date.now() + 366 * 86_400_000)).includes(input.memberIndex)) {
      throw new ValidationError([{ path: '/memberIndex', messageKey: 'intake.casework.notAnAdult' }]);
    }
    const check = {
      memberIndex: input.memberIndex,
      memberLabel: `${member.relation ?? ''} ${member.birthYear ?? ''}`.trim(),
      seenOn: input.seenOn,
      result: input.result,
      ...stamp(actor),
    };
    const recordChecks = [...doc.recordChecks.filter((c) => c.memberIndex !== input.memberIndex), check];
    // A not-clear extract and the suspension it causes are one update: no crash can leave one without the other.
    const suspends = input.result === 'not_clear' && OFFER_TRANSITIONS[doc.status]?.includes('suspended');
    const suspension = suspends
      ? (
          await seal(
            hostSubject(id),
            { suspension: { cause: 'record_check', reason: null, cohabitationId: null, at: new Date(), by: actor.id } },
            OFFER_SEALED_PATHS,
          )
        ).suspension
      : undefined;
    await this.offers.store.change({
      id,
      actor,
      expectedVersion: doc.version,
      set: { recordChecks, ...(suspends ? { status: 'suspended', statusReason: 'record_check', suspension } : {}) },
      event: suspends ? { type: 'suspended', from: doc.status, to: 'suspended', reason: 'record_check' } : { type: 'record-check' },
      fields: ['/casework/recordChecks', ...(suspends ? ['/status', '/casework/suspension'] : [])],
    });
    return this.offers.load(id);
  }

  /**
   * Suspends the offer (SPEC §3): from any status but draft and closed; idempotent (already
   * suspended → false), so a sweep may finish an ending that a crash interrupted.
   */
  async suspend(actor: Actor, id: string, cause: SuspensionCause, details: { reason?: string | null; cohabitationId?: string | null } = {}): Promise<boolean> {
    const doc = await this.offers.load(id);
    if (doc.status === 'suspended' || doc.status === 'draft' || doc.status === 'closed') return false;
    const sealed = await seal(
      hostSubject(id),
      { suspension: { cause, reason: details.reason ?? null, cohabitationId: details.cohabitationId ?? null, at: new Date(), by: actor.id } },
      OFFER_SEALED_PATHS,
    );
    try {
      await this.offers.store.change({
        id,
        actor,
        guard: (current) => assertTransition(OFFER_TRANSITIONS, current.status as OfferStatus, 'suspended'),
        set: { status: 'suspended', statusReason: cause, suspension: sealed.suspension },
        event: { type: 'suspended', from: doc.status, to: 'suspended', reason: cause },
        fields: ['/status', '/casework/suspension'],
      });
    } catch (error) {
      if ((await this.offers.load(id)).status === 'suspended') return false;
      throw error;
    }
    return true;
  }

  /**
   * A coordinator's review of a suspended offer: lift (back to available if its inspection is still
   * valid and conform, else submitted for a new visit) or close; decision and reason kept.
   */
  async reviewSuspension(actor: Actor, id: string, input: SuspensionReviewInput, expectedVersion?: number): Promise<OfferRecord> {
    if (actor.role !== 'coordinator') throw new ForbiddenError('intake.screening.coordinatorOnly');
    const doc = await this.offers.get(actor, id);
    // Reviewed meanwhile by another coordinator, or never suspended: a state conflict.
    if (doc.status !== 'suspended')
      throw new ConflictError('intake.screening.notSuspended', [{ path: '/decision', messageKey: 'intake.screening.notSuspended' }], 'NOT_SUSPENDED');
    const reason = input.reason.trim();
    const valid = inspectionValid(doc);
    const to: OfferStatus = input.decision === 'close' ? 'closed' : valid ? 'available' : 'submitted';
    const review = await seal(
      hostSubject(id),
      {
        suspensionReviews: [
          { decision: input.decision, reason, cause: doc.suspension?.cause ?? null, suspendedAt: doc.suspension?.at ?? null, ...stamp(actor) },
        ],
      },
      OFFER_SEALED_PATHS,
    );
    await this.offers.store.change({
      id,
      actor,
      expectedVersion: expectedVersion ?? doc.version,
      guard: (current) => {
        if (current.status !== 'suspended')
          throw new ConflictError('intake.screening.notSuspended', [{ path: '/decision', messageKey: 'intake.screening.notSuspended' }], 'NOT_SUSPENDED');
        assertTransition(OFFER_TRANSITIONS, current.status as OfferStatus, to);
      },
      // No reason shown to the host (the review is confidential): it is in the history and the reviews.
      set: { status: to, statusReason: null, suspension: null },
      push: { suspensionReviews: review.suspensionReviews[0] },
      event: { type: `suspension.${input.decision}`, from: 'suspended', to, reason: input.decision },
      fields: ['/status', '/casework/suspension'],
    });
    return this.offers.load(id);
  }

  /** Suspended offers waiting for a coordinator's review, oldest first. */
  async pendingReviews(actor: Actor): Promise<OfferRecord[]> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const suspended = await this.offers.inStatuses(['suspended']);
    return [...suspended].sort((a, b) => new Date(a.suspension?.at ?? 0).getTime() - new Date(b.suspension?.at ?? 0).getTime());
  }
}
