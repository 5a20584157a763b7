// Dates of the follow-up (SPEC §7): check-ins at day 7, day 28 (end of trial), month 3, then every
// 3 months; the administrative checklist's due dates; which check-ins are overdue. Pure functions.
import { benefitRulesFor } from '../../kernel/benefit-rules.js';
import { addWorkingDays } from '../../kernel/calendar/working-days.js';
import { brusselsDay } from '../../kernel/i18n/format.js';
import type { CohabitationRecord } from './cohabitation.model.js';

/** Today's date where the service works: a check-in typed at 00:30 in Brussels is dated that day, not the UTC one before. */
export function today(now: Date = new Date()): string {
  return brusselsDay(now);
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addMonths(isoDate: string, months: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

/** The first two years of check-ins. */
export function checkinSchedule(start: string): { dueOn: string; label: string }[] {
  const out = [
    { dueOn: addDays(start, 7), label: 'day7' },
    { dueOn: addDays(start, 28), label: 'day28' },
    { dueOn: addMonths(start, 3), label: 'month3' },
  ];
  for (let month = 6; month <= 24; month += 3) out.push({ dueOn: addMonths(start, month), label: `month${month}` });
  return out;
}

/**
 * The administrative checklist (SPEC §6.3, §7), with who it concerns and when it is due. The new
 * address is declared to the commune within the working days of the benefit rules in force at the
 * start (8: jours ouvrables, Sundays and public holidays do not count — the same number the texts
 * say); the payment bodies (ONEM form C1, CPAS) are to be told at once, so the service asks for it by
 * the same day.
 */
export function adminChecklist(start: string): { code: string; concerns: 'family' | 'host' | 'both'; dueOn: string }[] {
  const domiciliationDeadline = addWorkingDays(start, benefitRulesFor(new Date(`${start}T12:00:00Z`)).domiciliationWorkingDays);
  return [
    { code: 'domiciliation', concerns: 'family', dueOn: domiciliationDeadline },
    { code: 'benefitsDeclaration', concerns: 'both', dueOn: domiciliationDeadline },
    { code: 'insurance', concerns: 'host', dueOn: addDays(start, 30) },
    { code: 'evidence.separateAgreements', concerns: 'both', dueOn: addDays(start, 30) },
    { code: 'evidence.privateRooms', concerns: 'both', dueOn: addDays(start, 30) },
    { code: 'evidence.bellAndLetterbox', concerns: 'host', dueOn: addDays(start, 30) },
    { code: 'evidence.separateBills', concerns: 'both', dueOn: addDays(start, 30) },
    { code: 'evidence.costSharingLog', concerns: 'both', dueOn: addDays(start, 30) },
    { code: 'schoolOrCreche', concerns: 'family', dueOn: addDays(start, 30) },
    // The services near the new home and the helplines, shown and talked through at move-in (the directory).
    { code: 'local_network', concerns: 'family', dueOn: addDays(start, 7) },
  ];
}

/** The day a checklist item became true; an item ticked before days were asked: the day it was ticked. */
export function tickedOn(item: { doneOn?: string | null; doneAt?: Date | null }): string | null {
  if (!item.doneAt) return null;
  return item.doneOn ?? brusselsDay(new Date(item.doneAt));
}

/**
 * Check-ins due and not done. Each check-in counts for one scheduled date only: the first one
 * after the previous scheduled date and at most a week after this one.
 */
export function overdueCheckins(
  c: Pick<CohabitationRecord, 'status' | 'checkins' | 'schedule' | 'startDate'>,
  day = today(),
): { dueOn: string; label: string }[] {
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
