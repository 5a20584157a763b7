// What the ledger adds up to (SPEC §7, issue 18), pure: per status and per month, the hours each
// household gave and the costs each paid, and who owes whom how much. Only confirmed entries make
// the balance; pending and disputed ones are added up apart (shown, never counted); withdrawn ones
// are left out. How a cost makes a debt: the payer paid the whole amount, each household owes its
// share, so the other household owes the payer its share.
import type { LedgerEntry, Party } from './ledger.model.js';
import { eurOf, hoursOf } from './ledger.rules.js';

export interface Tally {
  entries: number;
  hoursGiven: { family: number; host: number };
  costsPaid: { family: number; host: number };
  /** From these entries: who owes whom, in euros; nobody when even. */
  owed: { by: Party | null; to: Party | null; amount: number };
}
export interface Balances {
  confirmed: Tally;
  pending: Tally;
  disputed: Tally;
}
export interface MonthBalances extends Balances {
  month: string;
}

/**
 * A cohabitation's exchange counts as balanced (statistics) when, over its confirmed entries, each
 * household gave at least one hour of help and neither owes the other more than this many euros.
 */
export const BALANCED_WITHIN_EUR = 20;

function tally(entries: LedgerEntry[]): Tally {
  const minutes = { family: 0, host: 0 };
  const paid = { family: 0, host: 0 };
  // Cents the host owes the family (negative: the family owes the host).
  let hostOwes = 0;
  for (const e of entries) {
    if (e.kind === 'service') minutes[e.by] += e.minutes ?? 0;
    else {
      paid[e.by] += e.amountCents ?? 0;
      hostOwes += e.by === 'family' ? (e.split?.hostCents ?? 0) : -(e.split?.familyCents ?? 0);
    }
  }
  const owed =
    hostOwes === 0
      ? { by: null, to: null, amount: 0 }
      : hostOwes > 0
        ? { by: 'host' as const, to: 'family' as const, amount: eurOf(hostOwes) }
        : { by: 'family' as const, to: 'host' as const, amount: eurOf(-hostOwes) };
  return {
    entries: entries.length,
    hoursGiven: { family: hoursOf(minutes.family), host: hoursOf(minutes.host) },
    costsPaid: { family: eurOf(paid.family), host: eurOf(paid.host) },
    owed,
  };
}

export function balancesOf(entries: LedgerEntry[]): Balances {
  return {
    confirmed: tally(entries.filter((e) => e.status === 'confirmed')),
    pending: tally(entries.filter((e) => e.status === 'pending')),
    disputed: tally(entries.filter((e) => e.status === 'disputed')),
  };
}

/** The same per calendar month of the entries' dates, newest month first. */
export function monthsOf(entries: LedgerEntry[]): MonthBalances[] {
  const byMonth = new Map<string, LedgerEntry[]>();
  for (const e of entries) {
    if (e.status === 'withdrawn') continue;
    const month = e.date.slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), e]);
  }
  return [...byMonth].sort(([a], [b]) => b.localeCompare(a)).map(([month, list]) => ({ month, ...balancesOf(list) }));
}

export function isBalanced(confirmed: Tally): boolean {
  return confirmed.hoursGiven.family >= 1 && confirmed.hoursGiven.host >= 1 && confirmed.owed.amount <= BALANCED_WITHIN_EUR;
}

/** The confirmed shared costs and each household's shares in total (the benefits evidence of separate budgets). */
export function confirmedCosts<T extends { kind: string; status: string; split?: { family: number; host: number } }>(
  items: T[],
): { items: T[]; shares: { family: number; host: number } } {
  const costs = items.filter((i) => i.kind === 'cost' && i.status === 'confirmed');
  const cents = costs.reduce(
    (sum, i) => ({ family: sum.family + Math.round((i.split?.family ?? 0) * 100), host: sum.host + Math.round((i.split?.host ?? 0) * 100) }),
    { family: 0, host: 0 },
  );
  return { items: costs, shares: { family: eurOf(cents.family), host: eurOf(cents.host) } };
}
