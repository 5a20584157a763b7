// TEST_TIMINGS=<file>: each spec file's wall and CPU time (its hooks included) appended as one JSON
// line, and at the end the shared engine's CPU time; `node scripts/test-timings.mjs <file>` sums
// them (slowest files, each worker's share, the engine's part), to find what to make faster and to
// balance the parallel jobs. Off by default: nothing is written.
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const timings = process.env.TEST_TIMINGS;
let fileStarted = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;

const cpuMs = (usage: NodeJS.CpuUsage) => Math.round((usage.user + usage.system) / 1000);

/** A process's CPU time (user + system, ms) from /proc (Linux), null elsewhere. */
function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Math.round(((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
  } catch {
    return null;
  }
}

export function fileStarts(): void {
  fileStarted = Date.now();
  cpuAtStart = process.cpuUsage();
}

export function fileEnds(context: Mocha.Context): void {
  if (!timings) return;
  // In a parallel run (npm test) the root hooks run once per file; in a serial one, once for all.
  const files = new Set((context.test?.parent?.suites ?? []).map((suite) => suite.file));
  const file = files.size === 1 ? [...files][0]! : `${files.size} files (a serial run)`;
  appendFileSync(
    timings,
    `${JSON.stringify({ file: files.size === 1 ? relative(process.cwd(), file) : file, pid: process.pid, start: fileStarted, end: Date.now(), cpuMs: cpuMs(process.cpuUsage(cpuAtStart)) })}\n`,
  );
}

/** At the end of the run, in the main process: the shared engine's CPU time and the main process's. */
export function runEnds(enginePid: number | null): void {
  if (!timings) return;
  appendFileSync(timings, `${JSON.stringify({ engineCpuMs: enginePid === null ? null : processCpuMs(enginePid), mainCpuMs: cpuMs(process.cpuUsage()) })}\n`);
}
