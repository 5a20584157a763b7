// What an ending does beyond the cohabitation itself (SPEC §7): a safety ending — reason `safety`,
// or any ending after a `violence` incident — excludes the family × host pair for good and
// suspends the offer until a coordinator's review; both households are told, in their language,
// with nothing confidential (no reason for a safety ending, no address). Each is a job of the
// repository (takeJob/finishJob): one runner at a time, done once, taken again by the sweep
// (`completeTransitions`) when a crash interrupted it.
import { formatDay, t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { contactOf } from '../../kernel/auth/user.directory.js';
import { inspectionValid, type Actor, type FamilyService, type OfferService } from '../intake/index.js';
import { aboutCohabitation } from './party-reminders.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationRepository } from './cohabitation.repository.js';

export function hadViolence(c: Pick<CohabitationRecord, 'incidents'>): boolean {
  return (c.incidents ?? []).some((i) => i.kind === 'violence');
}

/** The reason of the ending; a crash may have left the event without the `ending` part. */
export function endReasonOf(c: Pick<CohabitationRecord, 'ending' | 'events'>): string {
  return c.ending?.reason ?? [...c.events].reverse().find((e) => e.type === 'ended')?.reason ?? 'other';
}

export function isSafetyEnding(c: Pick<CohabitationRecord, 'status' | 'ending' | 'events' | 'incidents'>): boolean {
  return c.status === 'ended' && (endReasonOf(c) === 'safety' || hadViolence(c));
}

/** Housing found or a planned end: the case closes (the door stays open); otherwise the family still needs a home. */
export function familyNextAfter(reason: string): 'closed' | 'active' {
  return reason === 'family_found_housing' || reason === 'planned_end' ? 'closed' : 'active';
}

type InspectionLike = Parameters<typeof inspectionValid>[0];

/** What an ending will do, restated on the confirmation page before anything is written (SPEC §11). */
export function endingConsequences(c: CohabitationRecord, reason: string, offer: InspectionLike, on: Date = new Date()) {
  const safety = reason === 'safety' || hadViolence(c);
  return {
    safety,
    violence: hadViolence(c),
    familyNext: familyNextAfter(reason),
    offerNext: safety ? 'suspended' : inspectionValid(offer, on) ? 'available' : 'closed',
  };
}

export const safetyJob = (c: CohabitationRecord) => `safety:${String(c._id)}`;
export const householdsJob = (c: CohabitationRecord) => `households-told:${String(c._id)}`;
/** The once-only claim of the first version (told, without a lease): those households were told. */
const legacyHouseholdsClaim = (c: CohabitationRecord) => `ended-mail:${String(c._id)}`;

export interface EndingDeps {
  families: FamilyService;
  offers: OfferService;
  outbox: Outbox;
  store: CohabitationRepository;
}

/**
 * The pair excluded for good, then the offer suspended. False while another runner holds the job:
 * the caller must then leave the offer where it is (never back to available in the meantime).
 */
export async function safetySteps(deps: EndingDeps, actor: Actor, c: CohabitationRecord): Promise<boolean> {
  const job = safetyJob(c);
  if (await deps.store.jobDone(job)) return true;
  if (!(await deps.store.takeJob(job))) return false;
  const offer = await deps.offers.load(c.offerId);
  const cohabitationId = String(c._id);
  const cause = endReasonOf(c) === 'safety' ? 'safety_ending' : 'violence_incident';
  await deps.families.excludePairForGood(actor, c.familyId, {
    hostId: offer.ownerUserId ?? String(offer._id),
    offerId: c.offerId,
    cohabitationId,
    reason: cause,
  });
  await deps.offers.screening.suspend(actor, c.offerId, cause, { cohabitationId });
  await deps.store.finishJob(job);
  return true;
}

export async function householdsTold(deps: EndingDeps, c: CohabitationRecord): Promise<boolean> {
  return (await deps.store.jobDone(householdsJob(c))) || (await deps.store.claimed(legacyHouseholdsClaim(c)));
}

/**
 * The parent and the host, each in their account's language. The mail names no one and no place:
 * for a survivor with a confidential address, nothing in it may lead to where either household is.
 */
export async function tellHouseholds(deps: EndingDeps, c: CohabitationRecord): Promise<void> {
  if (await householdsTold(deps, c)) return;
  const job = householdsJob(c);
  if (!(await deps.store.takeJob(job))) return;
  const [family, offer] = await Promise.all([deps.families.load(c.familyId), deps.offers.load(c.offerId)]);
  const body = isSafetyEnding(c) ? 'followup.mail.ended.bodySafety' : 'followup.mail.ended.body';
  const date = c.ending?.date ?? new Date().toISOString().slice(0, 10);
  for (const userId of [family.ownerUserId, offer.ownerUserId]) {
    const contact = await contactOf(userId);
    if (!contact) continue;
    const lang = contact.language;
    const text = t(lang, body, { name: contact.name, date: formatDay(lang, date), link: deps.outbox.link('/my/cohabitation') });
    await deps.outbox.enqueue({
      to: contact.email,
      lang,
      kind: 'cohabitation-ended',
      about: aboutCohabitation(String(c._id)),
      subject: t(lang, 'followup.mail.ended.subject'),
      text,
    });
  }
  await deps.store.finishJob(job);
}
