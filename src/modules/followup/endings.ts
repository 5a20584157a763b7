// What an ending does beyond the cohabitation itself (SPEC §7): a safety ending — reason `safety`,
// or any ending after a `violence` incident — excludes the family × host pair for good and
// suspends the offer until a coordinator's review; both households are told, in their language,
// with nothing confidential (no reason for a safety ending, no address). Each step is idempotent:
// `completeTransitions` runs them again after a crash.
import { formatDay, t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { contactOf } from '../../kernel/auth/user.directory.js';
import type { Actor, FamilyService, OfferService } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';

export function hadViolence(c: Pick<CohabitationRecord, 'incidents'>): boolean {
  return (c.incidents ?? []).some((i) => i.kind === 'violence');
}

export function isSafetyEnding(c: Pick<CohabitationRecord, 'status' | 'ending' | 'incidents'>): boolean {
  return c.status === 'ended' && (c.ending?.reason === 'safety' || hadViolence(c));
}

/** Housing found or a planned end: the case closes (the door stays open); otherwise the family still needs a home. */
export function familyNextAfter(reason: string): 'closed' | 'active' {
  return reason === 'family_found_housing' || reason === 'planned_end' ? 'closed' : 'active';
}

/** What an ending will do, restated on the confirmation page before anything is written (SPEC §11). */
export function endingConsequences(c: CohabitationRecord, reason: string, offer: { inspection?: { outcome?: string | null; validUntil?: Date | null } | null }, on: Date = new Date()) {
  const safety = reason === 'safety' || hadViolence(c);
  const valid = !!offer.inspection?.validUntil && offer.inspection.outcome !== 'non_conform' && new Date(offer.inspection.validUntil) > on;
  return { safety, violence: hadViolence(c), familyNext: familyNextAfter(reason), offerNext: safety ? 'suspended' : valid ? 'available' : 'closed' };
}

export async function safetySteps(families: FamilyService, offers: OfferService, actor: Actor, c: CohabitationRecord): Promise<void> {
  const offer = await offers.load(c.offerId);
  const cohabitationId = String(c._id);
  const cause = c.ending?.reason === 'safety' ? 'safety_ending' : 'violence_incident';
  await families.excludePairForGood(actor, c.familyId, { hostId: offer.ownerUserId ?? String(offer._id), offerId: c.offerId, cohabitationId, reason: cause });
  await offers.screening.suspend(actor, c.offerId, cause, { cohabitationId });
}

export async function tellHouseholds(families: FamilyService, offers: OfferService, outbox: Outbox, c: CohabitationRecord): Promise<void> {
  const [family, offer] = await Promise.all([families.load(c.familyId), offers.load(c.offerId)]);
  const safety = isSafetyEnding(c);
  const date = c.ending?.date ?? new Date().toISOString().slice(0, 10);
  // A survivor with a confidential address is reached through the worker only (SPEC §2).
  const confidential = family.application.situation?.confidentialAddress === true;
  for (const userId of [confidential ? null : family.ownerUserId, offer.ownerUserId]) {
    const contact = await contactOf(userId);
    if (!contact) continue;
    const lang = contact.language;
    await outbox.enqueue({
      to: contact.email,
      kind: 'cohabitation-ended',
      subject: t(lang, 'followup.mail.ended.subject'),
      text: t(lang, safety ? 'followup.mail.ended.bodySafety' : 'followup.mail.ended.body', { name: contact.name, date: formatDay(lang, date) }),
    });
  }
}
