// The table of server times printed at the end of the run (measured, never asserted).
import type { Timing } from './browser.js';

export function printTimings(timings: Timing[]): void {
  if (!timings.length) return;
  const rows = timings.map((t) => [
    t.journey,
    t.step,
    t.url.split('?')[0]!.replace(/[0-9a-f]{24}/g, ':id'),
    String(t.serverMs),
    String(t.responseMs),
    t.redirectMs ? String(t.redirectMs) : '',
  ]);
  const head = ['journey', 'step', 'page', 'server ms', 'response ms', 'POST+redirect ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const sorted = timings.map((t) => t.serverMs).sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const over = timings.filter((t) => t.serverMs >= 200).length;
  const posts = timings
    .filter((t) => t.redirectMs > 0)
    .map((t) => t.redirectMs)
    .sort((a, b) => a - b);
  process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
  process.stdout.write(
    `\n${timings.length} pages (server ms): median ${pick(0.5)} ms, p90 ${pick(0.9)} ms, max ${sorted.at(-1)} ms; ${over} at or over 200 ms\n`,
  );
  if (posts.length)
    process.stdout.write(`${posts.length} form posts (POST+redirect ms): median ${posts[Math.floor(posts.length / 2)]} ms, max ${posts.at(-1)} ms\n`);
}
