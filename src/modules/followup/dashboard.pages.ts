// The worker's dashboard (/work/dashboard: alerts, today's and overdue check-ins, pending
// proposals, expiring inspections, caseload) and the coordinator's statistics as SVG bar charts
// with the numbers written in text too (/admin/stats). SPEC §7.
import { Router } from 'express';
import type { Language } from '../../kernel/config.js';
import { allow } from '../../kernel/auth/policy.js';
import { hasKey, t } from '../../kernel/i18n/index.js';
import { formatNumber, formatPercent } from '../../kernel/i18n/format.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { Stats, StatsService } from './stats.service.js';
import { barChart } from './svg-charts.js';
import { mutualAidChart } from './ledger.stats.js';

function percent(share: number | null, lang: Language): string {
  return formatPercent(share, lang);
}

/** The charts of /admin/stats, each an SVG string with its numbers written as text. */
export function statsCharts(stats: Stats, lang: Language) {
  const k = (key: string, params: Record<string, string | number> = {}) => t(lang, `followup.stats.${key}`, params);
  const num = (n: number) => formatNumber(n, lang);
  const axisCount = k('axis.count');
  const p = stats.proposals;
  return {
    waiting: barChart(
      [
        { label: k('waiting.families'), value: stats.waitingFamilies, text: num(stats.waitingFamilies) },
        { label: k('waiting.offers'), value: stats.waitingOffers, text: num(stats.waitingOffers) },
      ],
      { title: k('waiting.title'), axisLabel: axisCount },
    ),
    proposals: barChart(
      (['accepted', 'declined', 'cancelled', 'expired', 'pending'] as const).map((s) => ({ label: k(`proposals.${s}`), value: p[s], text: num(p[s]) })),
      { title: k('proposals.title'), axisLabel: axisCount },
    ),
    declineReasons: p.declineReasons.length
      ? barChart(
          p.declineReasons
            .slice(0, 10)
            .map((r) => ({ label: r.reason.length > 40 ? `${r.reason.slice(0, 39)}…` : r.reason, value: r.count, text: num(r.count) })),
          { title: k('proposals.reasonsTitle'), axisLabel: axisCount },
        )
      : null,
    alive: barChart(
      (['m3', 'm6', 'm12'] as const).map((m) => {
        const a = stats.cohabitationsAlive[m];
        return {
          label: k(`alive.${m}`),
          value: a.share === null ? 0 : Math.round(a.share * 100),
          text: a.share === null ? '–' : `${num(a.alive)}/${num(a.started)} · ${percent(a.share, lang)}`,
        };
      }),
      { title: k('alive.title'), axisLabel: k('axis.percent'), max: 100, width: 360 },
    ),
    endings: barChart(
      stats.endingsByReason.map((e) => ({
        label: hasKey(lang, `followup.stats.endReasons.${e.reason}`) ? k(`endReasons.${e.reason}`) : e.reason,
        value: e.count,
        text: num(e.count),
      })),
      { title: k('endings.title'), axisLabel: axisCount },
    ),
  };
}

export function dashboardPages(stats: StatsService): Router {
  const pages = Router();

  pages.get('/work/dashboard', allow('worker', 'coordinator'), async (req, res) => {
    const board = await stats.dashboard(actorOf(req));
    res.render('followup/dashboard.njk', { board });
  });

  pages.get('/admin/stats', allow('coordinator'), async (req, res) => {
    const figures = await stats.stats(actorOf(req));
    const alive = (['m3', 'm6', 'm12'] as const).map((m) => ({
      key: m,
      ...figures.cohabitationsAlive[m],
      percent: percent(figures.cohabitationsAlive[m].share, req.lang),
    }));
    res.render('followup/stats.njk', { stats: figures, alive, charts: statsCharts(figures, req.lang), mutualAid: mutualAidChart(figures.mutualAid, req.lang) });
  });

  return pages;
}
