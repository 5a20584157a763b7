// Safety alerts that survive a crash (SPEC §7, §11): a severe incident, or an alarming check-in,
// alerts the family's worker and every coordinator. The record and its mails are two writes, so:
// - the record is written marked `alertPending` (the intent, in the same atomic update as the record);
// - each recipient's mail is enqueued once, keyed by the record's id and the recipient
//   (`alert:checkin:<id>:<userId>`, `alert:incident:<id>:<userId>`), so a retry, a repeat post of the
//   same check-in or the sweep never sends it twice; then the mark is cleared (one guarded update);
// - a crash or an error between the two leaves the mark: the same check-in posted again, or the
//   sweep (`sendPendingAlerts`, every minute beside the check-ins' one), sends what is missing, once.
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import type { FamilyService } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationRepository } from './cohabitation.repository.js';
import type { IncidentInput } from './followup.schemas.js';
import { alertStaff, type StaffAlert } from './staff-mail.js';

export interface AlertDeps {
  store: CohabitationRepository;
  families: FamilyService;
  outbox: Outbox;
}

export type AlertOf = { list: 'checkins' | 'incidents'; id: string };

const keyOf = (of: AlertOf) => `alert:${of.list === 'checkins' ? 'checkin' : 'incident'}:${of.id}`;

/** The alert a record says (its date, and for an incident its kind). */
function alertFor(c: CohabitationRecord, of: AlertOf): { index: number; alert: StaffAlert } | null {
  if (of.list === 'checkins') {
    const index = c.checkins.findIndex((k) => k.id === of.id);
    const k = c.checkins[index];
    return k && k.alertPending === true ? { index, alert: { what: 'checkin', date: k.date ?? '' } } : null;
  }
  const index = c.incidents.findIndex((i) => i.id === of.id);
  const i = c.incidents[index];
  return i && i.alertPending === true ? { index, alert: { what: 'incident', date: i.date ?? '', kind: (i.kind ?? 'other') as IncidentInput['kind'] } } : null;
}

/** Sends one record's alert if still pending (each mail once), then clears its mark; false when nothing was pending. */
export async function sendAlert(deps: AlertDeps, cohabitationId: string, of: AlertOf): Promise<boolean> {
  const c = await deps.store.find(cohabitationId);
  const pending = c ? alertFor(c, of) : null;
  if (!c || !pending) return false;
  await alertStaff(deps.families, deps.outbox, c, pending.alert, keyOf(of));
  await deps.store.settleAlert(cohabitationId, of.list, { index: pending.index, id: of.id });
  return true;
}

/**
 * Scheduled: every alert a crash or an error left pending. One that fails again does not hold back
 * the others; the first failure is thrown at the end (the scheduler logs it) and the mark stays for the next sweep.
 */
export async function sendPendingAlerts(deps: AlertDeps): Promise<number> {
  let sent = 0;
  let failure: Error | null = null;
  for (const c of await deps.store.withPendingAlerts()) {
    const pending: AlertOf[] = [
      ...c.checkins.filter((k) => k.alertPending === true && k.id).map((k) => ({ list: 'checkins' as const, id: String(k.id) })),
      ...c.incidents.filter((i) => i.alertPending === true && i.id).map((i) => ({ list: 'incidents' as const, id: String(i.id) })),
    ];
    for (const of of pending) {
      try {
        if (await sendAlert(deps, String(c._id), of)) sent++;
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  }
  if (failure) throw failure;
  return sent;
}
