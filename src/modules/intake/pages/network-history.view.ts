// How the family's isolation and network changed over time, for the worker's case page: one row per
// dated record (isolation score from the criteria; contacts per kind of each network snapshot) and a
// small inline SVG (no script, no style attribute: the CSP forbids both). Staff only, like the page.
import type { Language } from '../../../kernel/config.js';
import { formatDate } from '../../../kernel/i18n/format.js';
import { t } from '../../../kernel/i18n/index.js';
import { countsByKind, isolationHistoryOf, networkHistoryOf } from '../family-network.js';
import type { FamilyRecord } from '../family.model.js';
import { NETWORK_KINDS } from '../vocabulary.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const H = 'intake.networkHistory';

export interface HistoryRow {
  at: Date | null;
  context: string;
  score: number | null;
  counts: Record<string, number> | null;
  total: number | null;
}

export function historyRows(doc: FamilyRecord): HistoryRow[] {
  const rows: HistoryRow[] = [
    ...isolationHistoryOf(doc).map((i) => ({ at: i.at, context: i.context, score: i.score, counts: null, total: null })),
    ...networkHistoryOf(doc).map((s) => {
      const counts = countsByKind(s.contacts);
      return { at: s.at ? new Date(s.at) : null, context: s.context, score: null, counts, total: s.contacts.length };
    }),
  ];
  return rows.sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
}

/** Two series on one time axis: the isolation score (0–4, a line) and the number of contacts (bars). */
export function historyChart(rows: HistoryRow[], lang: Language): string | null {
  const dated = rows.filter((r) => r.at);
  if (dated.length < 2) return null;
  const width = 320;
  const height = 160;
  const left = 40;
  const bottom = 130;
  const step = (width - left - 10) / Math.max(1, dated.length - 1);
  const maxContacts = Math.max(4, ...dated.map((r) => r.total ?? 0));
  const x = (i: number) => Math.round(left + i * step);
  const bars = dated
    .map((r, i) =>
      r.total == null
        ? ''
        : `<rect x="${x(i) - 5}" y="${bottom - Math.round((r.total / maxContacts) * 110)}" width="10" height="${Math.round((r.total / maxContacts) * 110)}" fill="#9ca3af" class="chart-bar"/>`,
    )
    .join('');
  const points = dated.map((r, i) => (r.score == null ? null : `${x(i)},${bottom - Math.round((r.score / 4) * 110)}`)).filter(Boolean);
  const line = points.length > 1 ? `<polyline points="${points.join(' ')}" fill="none" stroke="#0b5c59" stroke-width="3"/>` : '';
  const dots = points.map((p) => `<circle cx="${p!.split(',')[0]}" cy="${p!.split(',')[1]}" r="4" fill="#0b5c59"/>`).join('');
  const first = formatDate(dated[0]!.at, lang);
  const last = formatDate(dated[dated.length - 1]!.at, lang);
  const title = t(lang, `${H}.chartTitle`);
  const desc = dated
    .map(
      (r) =>
        `${formatDate(r.at, lang)}: ${r.score != null ? t(lang, `${H}.scoreShort`, { score: r.score }) : t(lang, `${H}.contactsShort`, { n: r.total ?? 0 })}`,
    )
    .join('; ');
  return [
    `<svg class="chart" role="img" aria-labelledby="nh-title nh-desc" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="nh-title">${esc(title)}</title><desc id="nh-desc">${esc(desc)}</desc>`,
    `<line x1="${left}" y1="${bottom}" x2="${width - 5}" y2="${bottom}" stroke="currentColor"/>`,
    bars,
    line,
    dots,
    `<text x="0" y="${bottom - 106}" font-size="12" fill="currentColor">4</text><text x="0" y="${bottom}" font-size="12" fill="currentColor">0</text>`,
    `<text x="${left}" y="${bottom + 18}" font-size="12" fill="currentColor">${esc(first)}</text>`,
    `<text x="${width - 5}" y="${bottom + 18}" font-size="12" fill="currentColor" text-anchor="end">${esc(last)}</text>`,
    `<text x="${left}" y="${bottom + 28}" font-size="11" fill="currentColor">${esc(t(lang, `${H}.legend`))}</text>`,
    `</svg>`,
  ].join('');
}

export function networkHistoryView(doc: FamilyRecord, lang: Language) {
  const rows = historyRows(doc);
  return { rows, kinds: NETWORK_KINDS, chart: historyChart(rows, lang) };
}
