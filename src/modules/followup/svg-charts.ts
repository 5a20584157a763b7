// Server-rendered horizontal bar charts as SVG strings (SPEC §7 "shown as charts"). No script and
// no style attribute (the CSP forbids inline styles): presentation attributes and classes only.
// Accessible: role="img" with <title> and <desc>, each bar's label and number written as text.

export interface Bar {
  label: string;
  value: number;
  /** What is written after the bar (e.g. "3 (60 %)"); the value when absent. */
  text?: string;
}

export interface BarChartOptions {
  title: string;
  description?: string;
  /** Caption of the value axis, written under the bars. */
  axisLabel: string;
  /** The value of a full bar; the largest value when absent. */
  max?: number;
  width?: number;
}

const ROW = 44;
const LABEL_H = 18;
const BAR_H = 18;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

let counter = 0;

/**
 * Bars one under the other, each with its label above it (so long labels fit a 360px phone) and its
 * number after it. The viewBox scales to the container's width.
 */
export function barChart(bars: Bar[], options: BarChartOptions): string {
  const id = `chart-${++counter}`;
  const width = options.width ?? 320;
  const textRoom = 90;
  const barRoom = width - textRoom;
  const max = Math.max(options.max ?? 0, ...bars.map((b) => b.value), 0);
  const height = bars.length * ROW + 30;
  const rows = bars
    .map((b, i) => {
      const y = i * ROW;
      const w = max > 0 ? Math.max(0, Math.round((b.value / max) * barRoom)) : 0;
      const text = escapeXml(b.text ?? String(b.value));
      return [
        `<g class="chart-row">`,
        `<text x="0" y="${y + 14}" class="chart-label" fill="currentColor" font-size="14">${escapeXml(b.label)}</text>`,
        `<rect x="0" y="${y + LABEL_H + 2}" width="${barRoom}" height="${BAR_H}" fill="#e5e7eb"/>`,
        w > 0 ? `<rect x="0" y="${y + LABEL_H + 2}" width="${w}" height="${BAR_H}" fill="#0b5c59" class="chart-bar"/>` : '',
        `<text x="${barRoom + 6}" y="${y + LABEL_H + 16}" class="chart-value" fill="currentColor" font-size="14" font-weight="bold">${text}</text>`,
        `</g>`,
      ].join('');
    })
    .join('');
  const axisY = bars.length * ROW + 4;
  const axis = `<line x1="0" y1="${axisY}" x2="${barRoom}" y2="${axisY}" stroke="currentColor" stroke-width="1"/><text x="0" y="${axisY + 20}" class="chart-axis" fill="currentColor" font-size="13">${escapeXml(options.axisLabel)}</text>`;
  const desc = options.description ?? bars.map((b) => `${b.label}: ${b.text ?? b.value}`).join('; ');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${width} ${height}" width="100%" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeXml(options.title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>` +
    rows +
    axis +
    `</svg>`
  );
}
