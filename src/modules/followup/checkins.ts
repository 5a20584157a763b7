// A check-in's two writes (issue 18): the check-in on the cohabitation, then its casework on the
// family (the isolation record from the criteria, the network snapshot, the introductions to the
// directory's services proposed in the same form). Two documents, so no single atomic update:
// - the check-in comes first and carries everything the family's part needs (the map and the
//   services proposed, sealed like its note), marked `familyPending`;
// - the family's part is keyed by the check-in's id: one guarded update that writes nothing when a
//   record of that check-in is already there (intake's recordCheckin), so a retry, a repeat post or
//   the sweep never duplicates it; then the mark is cleared;
// - a crash between the two leaves the mark: the same check-in posted again (its form carries its id)
//   or the sweep (`completePendingCheckins`, every minute) writes the missing part, once.
// An alarming check-in's alert to staff follows the same pattern (safety-alerts.ts): `alertPending`
// is written in the same update as the check-in, the mails are keyed by its id, then the mark cleared.
import { Types } from 'mongoose';
import { accountsById } from '../../kernel/auth/user.directory.js';
import { ValidationError } from '../../kernel/errors.js';
import type { Actor, FamilyCaseworkService } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationRepository } from './cohabitation.repository.js';
import { sealPart } from './cohabitation.sealed.js';
import { checkinIsolationScore, isAlarming } from './followup.rules.js';
import type { CheckinInput } from './followup.schemas.js';

export interface CheckinDeps {
  store: CohabitationRepository;
  casework: FamilyCaseworkService | null;
  /** Whether a directory entry may be proposed (exists, not retired). */
  entryCurrent: ((id: string) => Promise<boolean>) | null;
}

type StoredCheckin = CohabitationRecord['checkins'][number] & { network?: unknown; introductions?: unknown; familyPending?: boolean | null };

/** The services proposed must be in the directory (and not retired). */
export async function assertIntroductions(deps: CheckinDeps, ids: string[] | null | undefined): Promise<void> {
  if (!ids?.length) return;
  if (!deps.entryCurrent) throw new ValidationError([{ path: '/introductions', messageKey: 'directory.errors.entryUnknown' }]);
  for (const [i, entryId] of ids.entries())
    if (!(await deps.entryCurrent(entryId))) throw new ValidationError([{ path: `/introductions/${i}`, messageKey: 'directory.errors.entryUnknown' }]);
}

/**
 * Appends the check-in once (by its id, only while the cohabitation is open). Returns 'added', 'repeat'
 * when a check-in with this id is already there (a second post of the same form), or 'ended'.
 */
export async function appendCheckin(
  deps: CheckinDeps,
  actor: Actor,
  c: CohabitationRecord,
  input: CheckinInput,
): Promise<{ outcome: 'added' | 'repeat' | 'ended'; checkinId: string }> {
  const { network, introductions, checkinId: given, ...checkin } = input;
  const checkinId = given ?? new Types.ObjectId().toHexString();
  if (c.checkins.some((k) => k.id === checkinId)) return { outcome: 'repeat', checkinId };
  const familyPart = Boolean(deps.casework && (input.isolationCriteria || network || introductions?.length));
  const record = {
    ...checkin,
    id: checkinId,
    isolationScore: checkinIsolationScore(input),
    networkUpdated: network != null,
    network: network?.contacts ?? null,
    introductions: introductions ?? [],
    familyPending: familyPart,
    alertPending: isAlarming(input),
    at: new Date(),
    by: actor.id,
  };
  if (await deps.store.appendCheckinOnce(String(c._id), checkinId, await sealPart(c.familyId, 'checkins', record))) return { outcome: 'added', checkinId };
  // Refused: either the same check-in landed meanwhile (two posts at once) or the cohabitation ended.
  const now = await deps.store.find(String(c._id));
  return { outcome: now?.checkins.some((k) => k.id === checkinId) ? 'repeat' : 'ended', checkinId };
}

/** The family's part of one check-in, if still pending: written once (keyed by the check-in's id), then the mark cleared. */
export async function completeCheckin(deps: CheckinDeps, actor: Actor, cohabitationId: string, checkinId: string): Promise<boolean> {
  const c = await deps.store.find(cohabitationId);
  const index = c?.checkins.findIndex((k) => k.id === checkinId) ?? -1;
  const k = c?.checkins[index];
  if (!c || !k || k.familyPending !== true || !deps.casework) return false;
  const entries = Array.isArray(k.introductions) ? k.introductions : [];
  await deps.casework.recordCheckin(actor, c.familyId, {
    checkinId,
    criteria: (k.isolationCriteria as CheckinInput['isolationCriteria']) ?? null,
    contacts: Array.isArray(k.network) ? k.network : null,
    introductions: entries.map((entryId) => ({ entryId, date: k.date ?? '' })),
  });
  await deps.store.settleCheckin(cohabitationId, { index, id: checkinId });
  return true;
}

/** Scheduled: the family's part of every check-in a crash left pending, as the worker who recorded it. */
export async function completePendingCheckins(deps: CheckinDeps): Promise<number> {
  let done = 0;
  for (const c of await deps.store.withPendingCheckins()) {
    const pending = (c.checkins as StoredCheckin[]).filter((k) => k.familyPending === true && k.id);
    const names = await accountsById(pending.map((k) => k.by));
    for (const k of pending) {
      const account = names.get(String(k.by));
      const actor: Actor = { id: String(k.by), role: account?.role === 'coordinator' ? 'coordinator' : 'worker', name: account?.name ?? String(k.by) };
      if (await completeCheckin(deps, actor, String(c._id), String(k.id))) done++;
    }
  }
  return done;
}
