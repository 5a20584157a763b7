// What GET /api/v1/alerts and the worker's dashboard list (SPEC §7, §9): overdue check-ins, recent
// severe incidents and alarming check-ins, inspections ending soon, proposals waiting too long.
import { isAlarming } from './followup.rules.js';
import type { Actor, OfferRecord, OfferService } from '../intake/index.js';
import type { ProposalRecord, ProposalService } from '../matching/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationService } from './cohabitation.service.js';
import { overdueCheckins, today } from './schedule.js';
import { exitContactDueOn, exitContactOverdue } from './notice.js';

const DAY = 86_400_000;
const STALE_PROPOSAL_DAYS = 10;
export const EXPIRING_DAYS = 30;
const SEVERE_INCIDENT_DAYS = 30;

export type Alert =
  | { kind: 'overdue_checkin'; cohabitationId: string; familyId: string; dueOn: string; label: string }
  | { kind: 'severe_incident'; cohabitationId: string; familyId: string; date: string | null; incidentKind: string | null }
  | { kind: 'alarming_checkin'; cohabitationId: string; familyId: string; date: string | null }
  | { kind: 'expiring_inspection'; offerId: string; validUntil: Date | null }
  | { kind: 'stale_proposal'; proposalId: string; expiresAt: Date }
  | { kind: 'exit_contact_due'; cohabitationId: string; familyId: string; dueOn: string };

/** What GET /api/v1/alerts lists: overdue check-ins, recent severe incidents, inspections ending within 30 days, pending proposals older than 10 days. */
export async function alertsFor(
  services: { cohabitations: CohabitationService; offers: OfferService; proposals: ProposalService },
  actor: Actor,
  now = new Date(),
): Promise<Alert[]> {
  const { cohabitations, offers, proposals } = services;
  const [recent, expiring, pending] = await Promise.all([
    cohabitations.recent(500),
    offers.withInspectionEndingBefore(new Date(now.getTime() + EXPIRING_DAYS * DAY), ['available', 'reserved', 'occupied']),
    proposals.list(actor, { status: 'pending' }),
  ]);
  return alertsFrom(recent, expiring, pending, now);
}

/** The alerts, from records already read (the dashboard reads them once for its other lists too). */
export function alertsFrom(recent: CohabitationRecord[], expiring: OfferRecord[], pending: ProposalRecord[], now: Date): Alert[] {
  const items: Alert[] = [];
  const day = today(now);
  for (const c of recent) {
    if (exitContactOverdue(c, day)) items.push({ kind: 'exit_contact_due', cohabitationId: String(c._id), familyId: c.familyId, dueOn: exitContactDueOn(c)! });
    for (const o of overdueCheckins(c, day))
      items.push({ kind: 'overdue_checkin', cohabitationId: String(c._id), familyId: c.familyId, dueOn: o.dueOn, label: o.label });
    for (const k of c.checkins) {
      const wellbeing = { family: k.wellbeing?.family ?? 5, host: k.wellbeing?.host ?? 5, children: k.wellbeing?.children ?? 5 };
      if (
        c.status !== 'ended' &&
        k.at &&
        now.getTime() - new Date(k.at).getTime() < SEVERE_INCIDENT_DAYS * DAY &&
        isAlarming({ conflictLevel: k.conflictLevel ?? 0, wellbeing })
      ) {
        items.push({ kind: 'alarming_checkin', cohabitationId: String(c._id), familyId: c.familyId, date: k.date ?? null });
      }
    }
    for (const i of c.incidents) {
      if (i.severity === 'high' && i.at && now.getTime() - new Date(i.at).getTime() < SEVERE_INCIDENT_DAYS * DAY) {
        items.push({ kind: 'severe_incident', cohabitationId: String(c._id), familyId: c.familyId, date: i.date ?? null, incidentKind: i.kind ?? null });
      }
    }
  }
  for (const o of expiring) items.push({ kind: 'expiring_inspection', offerId: String(o._id), validUntil: o.inspection?.validUntil ?? null });
  for (const p of pending) if (isStale(p, now)) items.push({ kind: 'stale_proposal', proposalId: String(p._id), expiresAt: p.expiresAt });
  return items;
}

export function isStale(p: ProposalRecord, now: Date): boolean {
  return now.getTime() - new Date(p.createdAt).getTime() > STALE_PROPOSAL_DAYS * DAY;
}
