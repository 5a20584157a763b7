// The coordinator's statistics and the worker's dashboard (SPEC §7, §9 `GET /api/v1/stats`).
// Reads through the public services of intake and matching and the cohabitation model; the
// arithmetic is in pure functions below, testable on plain data. The alerts: alerts.ts.
import { alertsFor, alertsFrom, EXPIRING_DAYS, isStale, type Alert } from './alerts.js';
import { networkHistoryOf, type Actor, type FamilyRecord, type FamilyService, type OfferService } from '../intake/index.js';
import type { ProposalService } from '../matching/index.js';
import { END_REASONS, type CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationService } from './cohabitation.service.js';
import { addMonths, overdueCheckins, today } from './schedule.js';
import { LedgerRepository } from './ledger.repository.js';
import { mutualAidOf, type MutualAid } from './ledger.stats.js';

const DAY = 86_400_000;

/**
 * GET /api/v1/stats:
 * {
 *   waitingFamilies: number,                       // families submitted or active
 *   waitingOffers: number,                         // offers available
 *   medianDaysApplicationToHousing: number | null, // submittedAt → first status event to 'housed' (1 decimal); null when no family was housed
 *   housedFamilies: number,                        // how many families the median is taken over
 *   proposals: { accepted, declined, cancelled, expired, pending: number, declineReasons: [{ reason, count }] }, // reasons as written, most frequent first
 *   cohabitationsAlive: { m3, m6, m12: { started: number, alive: number, share: number | null } },
 *       // started: cohabitations whose trial began at least N months ago; alive: of those, not ended N months after the start; share = alive / started (2 decimals)
 *   endingsByReason: [{ reason, count }],          // every §7 reason, zeros included, then any other
 *   isolationChange: { families: number, averageChange: number | null }
 *       // families with at least two criteria-based isolation scores (the family's records, from intake and check-ins, in time order): mean of last − first (2 decimals); negative = less isolated
 *   networkSizeChange: { families: number, averageChange: number | null }
 *       // families with at least two dated network snapshots: mean of last − first number of contacts (2 decimals); positive = more people who can help
 *   mutualAid: { hoursPerMonth: [{ month, family, host }], withConfirmed, balanced, share, balancedWithinEur } // ledger.stats.ts
 * }
 * Proposal counts come from the matching service's list, which returns at most 200 per status.
 */
export interface Stats {
  waitingFamilies: number;
  waitingOffers: number;
  medianDaysApplicationToHousing: number | null;
  housedFamilies: number;
  proposals: { accepted: number; declined: number; cancelled: number; expired: number; pending: number; declineReasons: { reason: string; count: number }[] };
  cohabitationsAlive: Record<'m3' | 'm6' | 'm12', { started: number; alive: number; share: number | null }>;
  endingsByReason: { reason: string; count: number }[];
  isolationChange: { families: number; averageChange: number | null };
  networkSizeChange: { families: number; averageChange: number | null };
  /** Issue 18: confirmed hours of help per month and the share of balanced exchanges (ledger.stats.ts). */
  mutualAid: MutualAid;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Days from the application to the first time the family was housed, or null. */
export function daysToHousing(f: Pick<FamilyRecord, 'submittedAt' | 'events'>): number | null {
  if (!f.submittedAt) return null;
  const housed = (f.events ?? [])
    .filter((e) => e.type === 'status' && e.to === 'housed')
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())[0];
  if (!housed) return null;
  return Math.max(0, (new Date(housed.at).getTime() - new Date(f.submittedAt).getTime()) / DAY);
}

/** Counted by value, most frequent first (then alphabetically). */
export function countBy(values: string[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** A cohabitation started when its trial began (both signed), not at the agreement. */
function started(c: CohabitationRecord): boolean {
  return c.status === 'trial' || c.status === 'active' || c.events.some((e) => e.type === 'trial');
}

export function aliveAt(cohabitations: CohabitationRecord[], months: number, day = today()): { started: number; alive: number; share: number | null } {
  let count = 0;
  let alive = 0;
  for (const c of cohabitations) {
    if (!started(c)) continue;
    const mark = addMonths(c.startDate, months);
    if (mark > day) continue;
    count++;
    if (c.status !== 'ended' || (c.ending?.date ?? '') >= mark) alive++;
  }
  return { started: count, alive, share: count ? round(alive / count, 2) : null };
}

export function endingsByReason(cohabitations: CohabitationRecord[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>(END_REASONS.map((r) => [r, 0]));
  for (const c of cohabitations) if (c.status === 'ended' && c.ending?.reason) counts.set(c.ending.reason, (counts.get(c.ending.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count }));
}

export function isolationChange(families: FamilyRecord[]): { families: number; averageChange: number | null } {
  const scores = new Map<string, { at: number; score: number }[]>();
  const add = (familyId: string, at: Date | string | null | undefined, score: number | null | undefined) => {
    if (typeof score !== 'number' || !at) return;
    const time = new Date(at).getTime();
    if (Number.isNaN(time)) return;
    scores.set(familyId, [...(scores.get(familyId) ?? []), { at: time, score }]);
  };
  // Criteria-based scores only: the family's records, from intake and from check-ins (SPEC §4); a
  // check-in's bare number (older clients) says nothing of which situations changed.
  for (const f of families) for (const i of f.isolation ?? []) add(String(f._id), i.at, i.score);
  const changes = [...scores.values()]
    .filter((s) => s.length >= 2)
    .map((s) => {
      const sorted = [...s].sort((a, b) => a.at - b.at);
      return sorted[sorted.length - 1]!.score - sorted[0]!.score;
    });
  return { families: changes.length, averageChange: changes.length ? round(changes.reduce((a, b) => a + b, 0) / changes.length, 2) : null };
}

/** Families with at least two network snapshots: mean of (last − first) number of contacts; positive = more people who can help. */
export function networkSizeChange(families: FamilyRecord[]): { families: number; averageChange: number | null } {
  const changes = families
    .map((f) => networkHistoryOf(f).filter((s) => s.at))
    .filter((h) => h.length >= 2)
    .map((h) => h[h.length - 1]!.contacts.length - h[0]!.contacts.length);
  return { families: changes.length, averageChange: changes.length ? round(changes.reduce((a, b) => a + b, 0) / changes.length, 2) : null };
}

/** 'day7' → { unit: 'day', n: 7 }; 'month6' → { unit: 'month', n: 6 }. */
export function checkinLabel(label: string): { unit: 'day' | 'month'; n: number } {
  const m = /^(day|month)(\d+)$/.exec(label);
  return m ? { unit: m[1] as 'day' | 'month', n: Number(m[2]) } : { unit: 'day', n: 0 };
}

export interface CheckinDue {
  cohabitationId: string;
  familyId: string;
  familyName: string;
  dueOn: string;
  label: { unit: 'day' | 'month'; n: number };
}

export interface Dashboard {
  alerts: (Alert & { familyName?: string })[];
  checkinsToday: CheckinDue[];
  checkinsOverdue: CheckinDue[];
  pendingProposals: { id: string; familyId: string; familyName: string; offerId: string; createdAt: Date; expiresAt: Date; stale: boolean }[];
  expiringInspections: { offerId: string; hostName: string; validUntil: Date | null; expired: boolean }[];
  caseload: { total: number; byStatus: { status: string; count: number }[] };
}

function familyName(f: FamilyRecord | null): string {
  const parent = f?.application.parent;
  return [parent?.firstName, parent?.lastName].filter(Boolean).join(' ') || '–';
}

export class StatsService {
  constructor(
    private readonly cohabitations: CohabitationService,
    private readonly families: FamilyService,
    private readonly offers: OfferService,
    private readonly proposals: ProposalService,
  ) {}

  alerts(actor: Actor, now = new Date()): Promise<Alert[]> {
    return alertsFor({ cohabitations: this.cohabitations, offers: this.offers, proposals: this.proposals }, actor, now);
  }

  async stats(actor: Actor, day = today()): Promise<Stats> {
    const [waiting, available, families, cohabitations] = await Promise.all([
      this.families.inStatuses(['submitted', 'active']),
      this.offers.inStatuses(['available']),
      this.families.inStatuses(['active', 'proposed', 'matched', 'housed', 'closed', 'on_hold']),
      this.cohabitations.all(),
    ]);
    const byStatus = async (status: string) => this.proposals.list(actor, { status });
    const [accepted, declined, cancelled, expired, pending] = await Promise.all(['accepted', 'declined', 'cancelled', 'expired', 'pending'].map(byStatus));
    const housing = families.map(daysToHousing).filter((d): d is number => d !== null);
    const m = median(housing);
    return {
      waitingFamilies: waiting.length,
      waitingOffers: available.length,
      medianDaysApplicationToHousing: m === null ? null : round(m, 1),
      housedFamilies: housing.length,
      proposals: {
        accepted: accepted!.length,
        declined: declined!.length,
        cancelled: cancelled!.length,
        expired: expired!.length,
        pending: pending!.length,
        declineReasons: countBy(declined!.map((p) => (p.closedReason ?? '').trim()).filter(Boolean)),
      },
      cohabitationsAlive: { m3: aliveAt(cohabitations, 3, day), m6: aliveAt(cohabitations, 6, day), m12: aliveAt(cohabitations, 12, day) },
      endingsByReason: endingsByReason(cohabitations),
      isolationChange: isolationChange(families),
      networkSizeChange: networkSizeChange(families),
      mutualAid: mutualAidOf(await new LedgerRepository().all()),
    };
  }

  async dashboard(actor: Actor, now = new Date()): Promise<Dashboard> {
    const day = today(now);
    // Each list read once (the alerts come from the same records).
    const [recent, pending, expiring, mine] = await Promise.all([
      this.cohabitations.recent(500),
      this.proposals.list(actor, { status: 'pending' }),
      this.offers.withInspectionEndingBefore(new Date(now.getTime() + EXPIRING_DAYS * DAY), ['available', 'reserved', 'occupied']),
      this.families.list(actor, { assignedTo: actor.id, limit: 200 }),
    ]);
    const alerts = alertsFrom(recent, expiring, pending, now);
    const alive = recent.filter((c) => c.status === 'trial' || c.status === 'active');
    // The families' names, read at once (in parallel), each once.
    const ids = new Set<string>([
      ...alerts.flatMap((a) => ('familyId' in a ? [a.familyId] : [])),
      ...alive.map((c) => c.familyId),
      ...pending.map((p) => p.familyId),
    ]);
    const found = await this.families.some(ids);
    const names = new Map([...ids].map((id) => [id, found.has(id) ? familyName(found.get(id)!) : '–'] as const));
    const nameOf = (id: string) => names.get(id) ?? '–';
    const checkinsToday: CheckinDue[] = [];
    const checkinsOverdue: CheckinDue[] = [];
    for (const c of alive) {
      const base = { cohabitationId: String(c._id), familyId: c.familyId, familyName: nameOf(c.familyId) };
      for (const o of overdueCheckins(c, day)) checkinsOverdue.push({ ...base, dueOn: o.dueOn, label: checkinLabel(o.label) });
      const due = c.schedule.find((s) => s.dueOn === day);
      if (due && !c.checkins.some((k) => k.date === day)) checkinsToday.push({ ...base, dueOn: day, label: checkinLabel(due.label ?? '') });
    }
    checkinsOverdue.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    const byStatus = countBy(mine.items.map((f) => f.status)).map(({ reason, count }) => ({ status: reason, count }));
    return {
      alerts: alerts.map((a) => ('familyId' in a ? { ...a, familyName: nameOf(a.familyId) } : a)),
      checkinsToday,
      checkinsOverdue,
      pendingProposals: pending.map((p) => ({
        id: String(p._id),
        familyId: p.familyId,
        familyName: nameOf(p.familyId),
        offerId: p.offerId,
        createdAt: p.createdAt,
        expiresAt: p.expiresAt,
        stale: isStale(p, now),
      })),
      expiringInspections: expiring.map((o) => {
        const host = o.application.host;
        const validUntil = o.inspection?.validUntil ?? null;
        return {
          offerId: String(o._id),
          hostName: [host?.firstName, host?.lastName].filter(Boolean).join(' ') || '–',
          validUntil,
          expired: !!validUntil && new Date(validUntil) < now,
        };
      }),
      caseload: { total: mine.total, byStatus },
    };
  }
}
