// Two things other modules set on a family through intake (which owns families): the flag "must be
// rehoused" after an ending (SPEC §7: back to `active` with priority in the plan), and the family's
// consent that its referring partner be told of key steps. Each change is one guarded update with
// an event in the family's history; repeating one is a no-op, so a sweep may run it again.
import { ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import { seal } from '../../kernel/crypto/sealed-fields.js';
import { FAMILY_SEALED_PATHS, familySubject } from './family.sealed.js';
import type { PartnerConsentInput } from './family-links.schemas.js';
import { isStaff, type Actor } from './actor.js';
import type { FamilyRecord } from './family.model.js';
import type { FamilyService } from './family.service.js';

/** Thrown by a guard when the record is already in the wanted state: nothing to write. */
const ALREADY = new Error('already so');

export class FamilyRehousingService {
  constructor(private readonly families: FamilyService) {}

  /**
   * Whether the referring partner may be told of key steps now: the family's latest word on its own
   * record (given or withdrawn), else what the partner recorded with the referral.
   */
  static partnerMayBeTold(doc: Pick<FamilyRecord, 'partnerUpdates' | 'application'>): boolean {
    const own = (doc.partnerUpdates as { consent?: boolean } | null | undefined)?.consent;
    if (typeof own === 'boolean') return own;
    return (doc.application as { referral?: { updatesConsent?: boolean | null } } | undefined)?.referral?.updatesConsent === true;
  }

  /** Whether the family is being rehoused (its urgency raised in the plan). */
  static isRehousing(doc: Pick<FamilyRecord, 'rehousing'>): boolean {
    return !!doc.rehousing?.since;
  }

  /** Marks the family as to be rehoused after this cohabitation; false when it already was (for this one). */
  async mark(actor: Actor, id: string, cohabitationId: string): Promise<boolean> {
    return this.guarded(actor, id, { rehousing: { since: new Date(), cohabitationId, by: actor.id } }, 'rehousing.started', (current) => {
      // Only while it still looks for a home: a sweep running late never flags a family housed again meanwhile.
      if (!['active', 'proposed', 'matched'].includes(String(current.status))) throw ALREADY;
      if ((current.rehousing as { cohabitationId?: string } | null)?.cohabitationId === cohabitationId) throw ALREADY;
    });
  }

  /** Clears the flag (a new cohabitation started, or the case closed); false when it was not set. */
  async clear(actor: Actor, id: string, why: 'housed' | 'closed'): Promise<boolean> {
    return this.guarded(actor, id, { rehousing: null }, `rehousing.ended.${why}`, (current) => {
      if (!current.rehousing) throw ALREADY;
    });
  }

  /**
   * The family's consent (or its withdrawal) that the referring partner be told when it is housed
   * and when a cohabitation ends. The parent on their own record, or staff recording what the family
   * said (who said it and on which day: required, a day not in the future); a family without a
   * referring partner has nothing to consent to. The change is one guarded update, with its event
   * and audit entry (record-history.ts).
   */
  async setPartnerConsent(actor: Actor, id: string, input: PartnerConsentInput | boolean): Promise<FamilyRecord> {
    const answer = typeof input === 'boolean' ? { consent: input } : input;
    const doc = await this.families.load(id);
    if (!(isStaff(actor) || (actor.role === 'parent' && doc.ownerUserId === actor.id))) throw new NotFoundError();
    if (!doc.referredBy) throw new ForbiddenError('intake.partnerUpdates.noPartner');
    let oral: { givenBy: string; givenOn: string } | null = null;
    if (isStaff(actor)) {
      const missing = [!answer.givenBy?.trim() && '/givenBy', !answer.givenOn && '/givenOn'].filter((p): p is string => Boolean(p));
      if (missing.length) throw new ValidationError(missing.map((path) => ({ path, messageKey: 'validation.required' })));
      if (answer.givenOn! > new Date().toISOString().slice(0, 10))
        throw new ValidationError([{ path: '/givenOn', messageKey: 'intake.partnerUpdates.staff.future' }]);
      oral = { givenBy: answer.givenBy!.trim(), givenOn: answer.givenOn! };
    } else if (answer.givenBy != null || answer.givenOn != null) {
      throw new ValidationError([{ path: answer.givenBy != null ? '/givenBy' : '/givenOn', messageKey: 'validation.unknownField' }]);
    }
    const record = { consent: answer.consent, at: new Date(), by: actor.id, givenBy: oral?.givenBy ?? null, givenOn: oral?.givenOn ?? null };
    const { partnerUpdates } = await seal(familySubject(id), { partnerUpdates: record }, FAMILY_SEALED_PATHS);
    await this.guarded(actor, id, { partnerUpdates }, answer.consent ? 'partnerUpdates.consented' : 'partnerUpdates.withdrawn', (current) => {
      // The same answer again from the family's own page changes nothing; staff noting a new conversation is recorded.
      if (!oral && (current.partnerUpdates as { consent?: boolean } | null)?.consent === answer.consent) throw ALREADY;
    });
    return this.families.load(id);
  }

  private async guarded(
    actor: Actor,
    id: string,
    set: Record<string, unknown>,
    type: string,
    guard: (current: Record<string, unknown>) => void,
  ): Promise<boolean> {
    try {
      await this.families.store.change({
        id,
        actor,
        set,
        event: { type },
        fields: Object.keys(set).map((k) => `/casework/${k}`),
        guardReads: Object.keys(set).join(' '),
        guard,
      });
      return true;
    } catch (error) {
      if (error === ALREADY) return false;
      throw error;
    }
  }
}
