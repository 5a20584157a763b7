// The family's network map and isolation over time (SPEC §4, issue 18 part 4): dated snapshots of
// the map (intake and each check-in), isolation records from the same criteria each time, and what
// the case page and the statistics read of them. Records saved before the history existed have only
// the plain `network` list: it reads as one snapshot without a date.
import { Types } from 'mongoose';
import type { Actor } from './actor.js';
import type { NetworkContact } from './casework.schemas.js';
import type { FamilyRecord } from './family.model.js';
import { NETWORK_KINDS, type IsolationCriterion } from './vocabulary.js';

export interface CheckinCasework {
  checkinId: string;
  criteria?: IsolationCriterion[] | null;
  contacts?: NetworkContact[] | null;
  /** Directory entries proposed during the check-in, each an introduction of that day. */
  introductions?: { entryId: string; date: string }[] | null;
}

export interface NetworkSnapshot {
  id: string | null;
  at: Date | null;
  context: 'intake' | 'checkin';
  checkinId: string | null;
  contacts: NetworkContact[];
  byName: string | null;
}

export function networkSnapshot(actor: Actor, contacts: NetworkContact[], context: 'intake' | 'checkin', checkinId: string | null) {
  return { id: new Types.ObjectId().toHexString(), context, checkinId, contacts, at: new Date(), by: actor.id, byName: actor.name };
}

/** Every snapshot, oldest first; a record from before the history: its plain map, undated. */
export function networkHistoryOf(doc: Pick<FamilyRecord, 'network' | 'networkHistory'>): NetworkSnapshot[] {
  const history = (doc.networkHistory ?? []).map((s) => ({
    id: s.id ?? null,
    at: s.at ?? null,
    context: s.context === 'checkin' ? ('checkin' as const) : ('intake' as const),
    checkinId: s.checkinId ?? null,
    contacts: Array.isArray(s.contacts) ? (s.contacts as NetworkContact[]) : [],
    byName: s.byName ?? null,
  }));
  if (history.length === 0 && (doc.network ?? []).length > 0)
    return [{ id: null, at: null, context: 'intake', checkinId: null, contacts: doc.network as NetworkContact[], byName: null }];
  return history;
}

/** Contacts per kind, every kind present (0 when none). */
export function countsByKind(contacts: { kind?: string | null }[]): Record<(typeof NETWORK_KINDS)[number], number> {
  const out = Object.fromEntries(NETWORK_KINDS.map((k) => [k, 0])) as Record<(typeof NETWORK_KINDS)[number], number>;
  for (const c of contacts) if (c.kind && c.kind in out) out[c.kind as keyof typeof out]++;
  return out;
}

/** Isolation records with a score from criteria, oldest first (every family record is one). */
export function isolationHistoryOf(doc: Pick<FamilyRecord, 'isolation'>): { at: Date; context: string; score: number; criteria: string[] }[] {
  return (doc.isolation ?? [])
    .filter((i) => typeof i.score === 'number' && i.at)
    .map((i) => ({ at: new Date(i.at), context: i.context ?? 'intake', score: i.score as number, criteria: Array.isArray(i.criteria) ? i.criteria : [] }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}
