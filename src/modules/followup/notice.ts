// The notice and the careful ending's dates (SPEC §7, issue 18 part 5). The agreement says: during
// the trial either household may end it (no notice period); after the trial, a household that wants
// to stop says so `noticeDays` before. So the planned end date is the notice date itself when the
// notice is given before the trial ends, else the notice date plus the agreement's notice period.
// The exit contact is due a month after the end (calendar month, clamped at month ends).
import { policyFor } from '../../kernel/policy.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import { addDays, addMonths } from './schedule.js';

export function inTrialOn(c: Pick<CohabitationRecord, 'trialEndsOn'>, day: string): boolean {
  return !!c.trialEndsOn && day < c.trialEndsOn;
}

export function noticeDaysOf(c: Pick<CohabitationRecord, 'agreement'>): number {
  return c.agreement?.noticeDays ?? policyFor().agreement.noticeDays;
}

export function plannedEndDate(c: Pick<CohabitationRecord, 'trialEndsOn' | 'agreement'>, noticeDate: string): string {
  return inTrialOn(c, noticeDate) ? noticeDate : addDays(noticeDate, noticeDaysOf(c));
}

/** The day the contact after the exit is due; null while it has not ended. */
export function exitContactDueOn(c: Pick<CohabitationRecord, 'ending'>): string | null {
  return c.ending?.date ? addMonths(c.ending.date, 1) : null;
}

export function exitContactOverdue(c: Pick<CohabitationRecord, 'status' | 'ending' | 'exitContact'>, day: string): boolean {
  const due = exitContactDueOn(c);
  return c.status === 'ended' && !c.exitContact && !!due && due <= day;
}
