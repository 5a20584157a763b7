// The ledger's rules (SPEC §7, §11), pure: which service may be logged, hours in quarter hours,
// amounts in cents with shares that add up, dates within the cohabitation, the ISO week a service
// counts in. Each refusal names the field, with the §11 code where there is one.
import { ConflictError, RuleViolation, ValidationError, type ErrorDetail } from '../../kernel/errors.js';
import type { ServicePolicy } from '../../kernel/policy.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import { assertDate } from './followup.rules.js';
import type { LedgerInput } from './ledger.schemas.js';

const K = 'followup.ledger.rules';

/** The ISO 8601 week of a day (Monday–Sunday), as `2026-W49`, and the Monday it starts on. */
export function isoWeek(day: string): { key: string; monday: string } {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = new Date(d.getTime() - weekday * 86_400_000);
  // The week belongs to the year of its Thursday.
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = new Date(firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000);
  const week = 1 + Math.round((monday.getTime() - firstMonday.getTime()) / (7 * 86_400_000));
  return { key: `${year}-W${String(week).padStart(2, '0')}`, monday: monday.toISOString().slice(0, 10) };
}

/** A number of euros with at most two decimals → cents; null when it has more. */
export function toCents(eur: number): number | null {
  const cents = Math.round(eur * 100);
  return Math.abs(cents - eur * 100) < 1e-6 ? cents : null;
}

/** Hours in quarter hours → minutes; null otherwise. */
export function toMinutes(hours: number): number | null {
  const quarters = Math.round(hours * 4);
  return Math.abs(quarters - hours * 4) < 1e-9 ? quarters * 15 : null;
}

export const eurOf = (cents: number) => cents / 100;
export const hoursOf = (minutes: number) => minutes / 60;

/**
 * Whether the cohabitation takes entries on this date: started (trial or active; in agreement it has
 * not begun: 409), the date between the start and today, and after an ending not past its end date.
 */
export function assertEntryDate(c: Pick<CohabitationRecord, 'status' | 'startDate' | 'ending'>, date: string, today: string): void {
  if (c.status === 'agreement') throw new ConflictError(`${K}.notStarted`, [{ path: '/date', messageKey: `${K}.notStarted` }], 'COHABITATION_NOT_STARTED');
  assertDate(date, { start: c.startDate, today });
  const end = c.status === 'ended' ? (c.ending?.date ?? today) : null;
  if (end && date > end) throw new RuleViolation(422, 'DATE_OUT_OF_RANGE', [{ path: '/date', messageKey: `${K}.afterEnd`, params: { end } }]);
}

export interface ServiceValues {
  code: string;
  minutes: number;
  week: { key: string; monday: string };
}
export interface CostValues {
  label: string;
  amountCents: number;
  split: { familyCents: number; hostCents: number };
}

/** A service entry's values, or the reasons it is refused (personal care: SERVICES_OVER_LIMIT like the agreement). */
export function serviceValues(input: Extract<LedgerInput, { kind: 'service' }>, policy: ServicePolicy): ServiceValues {
  if (policy.services.notExchangeable.includes(input.code))
    throw new RuleViolation(422, 'SERVICES_OVER_LIMIT', [{ path: '/code', messageKey: 'followup.rules.notExchangeable' }], {
      hours: policy.services.maxHoursPerWeek,
    });
  const minutes = toMinutes(input.hours);
  if (minutes === null) throw new ValidationError([{ path: '/hours', messageKey: `${K}.quarterHours` }]);
  return { code: input.code, minutes, week: isoWeek(input.date) };
}

/** A cost entry's values in cents: at most two decimals, and the two shares add up to the amount. */
export function costValues(input: Extract<LedgerInput, { kind: 'cost' }>): CostValues {
  const details: ErrorDetail[] = [];
  const amountCents = toCents(input.amount);
  const familyCents = toCents(input.split.family);
  const hostCents = toCents(input.split.host);
  if (amountCents === null) details.push({ path: '/amount', messageKey: `${K}.cents` });
  if (familyCents === null) details.push({ path: '/split/family', messageKey: `${K}.cents` });
  if (hostCents === null) details.push({ path: '/split/host', messageKey: `${K}.cents` });
  if (details.length) throw new ValidationError(details);
  if (familyCents! + hostCents! !== amountCents)
    details.push({ path: '/split', messageKey: `${K}.splitSum`, params: { amount: (amountCents! / 100).toFixed(2) } });
  if (details.length) throw new ValidationError(details);
  return { label: input.label, amountCents: amountCents!, split: { familyCents: familyCents!, hostCents: hostCents! } };
}

/** The refusal when the week's hours would pass the limit (the hours already there, read after the write lost). */
export function weekFull(week: { monday: string }, alreadyMinutes: number, policy: ServicePolicy): RuleViolation {
  const max = policy.services.maxHoursPerWeek;
  return new RuleViolation(
    422,
    'SERVICES_OVER_LIMIT',
    [{ path: '/hours', messageKey: `${K}.weekFull`, params: { monday: week.monday, already: hoursOf(alreadyMinutes), max } }],
    { hours: max },
  );
}
