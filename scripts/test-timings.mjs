#!/usr/bin/env node
// Sums a TEST_TIMINGS file (test/helpers/timings.ts):  TEST_TIMINGS=/tmp/t.jsonl npm test; node scripts/test-timings.mjs /tmp/t.jsonl
// The slowest spec files (wall and CPU of the worker's process; the app processes and engines
// that the reliability specs start are not in that CPU), each worker's busy time and last end
// (the jobs should finish together), and the shared engine's CPU time.
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2] ?? '', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const files = lines.filter((l) => l.file);
const run = lines.find((l) => 'engineCpuMs' in l);
const t0 = Math.min(...files.map((f) => f.start));
const s = (ms) => (ms / 1000).toFixed(1).padStart(6);
console.log('  wall    cpu  file');
for (const f of [...files].sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, Number(process.argv[3] ?? 25)))
  console.log(`${s(f.end - f.start)} ${s(f.cpuMs)}  ${f.file}`);
const workers = new Map();
for (const f of files) workers.set(f.pid, [...(workers.get(f.pid) ?? []), f]);
for (const [pid, fs] of workers)
  console.log(
    `worker ${pid}: ${fs.length} files, busy ${s(fs.reduce((t, f) => t + f.end - f.start, 0))} s, cpu ${s(fs.reduce((t, f) => t + f.cpuMs, 0))} s, last end at ${s(Math.max(...fs.map((f) => f.end)) - t0)} s`,
  );
if (run) console.log(`shared engine cpu ${s(run.engineCpuMs ?? 0)} s; main process cpu ${s(run.mainCpuMs)} s`);
