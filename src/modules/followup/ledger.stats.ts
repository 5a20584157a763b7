// The ledger in the coordinator's statistics (issue 18), pure: hours of mutual aid per month (confirmed,
// each way) and the share of cohabitations whose exchange is balanced (ledger.balances.ts defines it).
import type { Language } from '../../kernel/config.js';
import { formatMonth, formatNumber, formatPercent } from '../../kernel/i18n/format.js';
import { t } from '../../kernel/i18n/index.js';
import { balancesOf, BALANCED_WITHIN_EUR, isBalanced, monthsOf } from './ledger.balances.js';
import type { LedgerRecord } from './ledger.model.js';
import { barChart } from './svg-charts.js';

export interface MutualAid {
  /** Confirmed hours of help per month, newest first (at most 12 months). */
  hoursPerMonth: { month: string; family: number; host: number }[];
  /** Cohabitations with at least one confirmed entry, and of those how many are balanced. */
  withConfirmed: number;
  balanced: number;
  share: number | null;
  balancedWithinEur: number;
}

export function mutualAidOf(ledgers: Pick<LedgerRecord, 'entries'>[]): MutualAid {
  const hours = new Map<string, { family: number; host: number }>();
  let withConfirmed = 0;
  let balanced = 0;
  for (const l of ledgers) {
    const confirmed = balancesOf(l.entries).confirmed;
    if (confirmed.entries > 0) {
      withConfirmed++;
      if (isBalanced(confirmed)) balanced++;
    }
    for (const m of monthsOf(l.entries)) {
      const h = hours.get(m.month) ?? { family: 0, host: 0 };
      hours.set(m.month, { family: h.family + m.confirmed.hoursGiven.family, host: h.host + m.confirmed.hoursGiven.host });
    }
  }
  const hoursPerMonth = [...hours]
    .sort(([a], [b]) => b.localeCompare(a))
    .slice(0, 12)
    .map(([month, h]) => ({ month, ...h }));
  return {
    hoursPerMonth,
    withConfirmed,
    balanced,
    share: withConfirmed ? Math.round((balanced / withConfirmed) * 100) / 100 : null,
    balancedWithinEur: BALANCED_WITHIN_EUR,
  };
}

/** The stats page's chart and sentences, numbers written as text too. */
export function mutualAidChart(m: MutualAid, lang: Language) {
  const k = (key: string, params: Record<string, string | number> = {}) => t(lang, `followup.ledger.stats.${key}`, params);
  const num = (n: number) => formatNumber(n, lang, 2);
  const months = [...m.hoursPerMonth].reverse();
  return {
    chart: months.length
      ? barChart(
          months.map((h) => ({
            label: formatMonth(h.month, lang),
            value: h.family + h.host,
            text: k('hoursBar', { total: num(h.family + h.host), family: num(h.family), host: num(h.host) }),
          })),
          { title: k('hoursTitle'), axisLabel: k('hoursAxis') },
        )
      : null,
    balanced: m.withConfirmed
      ? k('balanced', { balanced: num(m.balanced), count: num(m.withConfirmed), percent: formatPercent(m.share, lang) })
      : k('balancedNone'),
  };
}
