// Scoring split across worker threads by bands of family rows, into one shared matrix. A planner
// keeps the pool for its lifetime (starting threads costs more than scoring a small region).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ScoreMatrix } from './matrix.js';
import type { BandTask, EligibleBandTask } from './score.worker.js';
import { concatEligible, type EligibleScores } from './eligible.js';
import type { Tables } from './tables.js';

// Once built, the worker is a .js file. From source (tests, development) it is a .ts file: the
// thread first registers tsx, which a worker does not inherit from the main thread.
const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(`./score.worker${fromSource ? '.ts' : '.js'}`, import.meta.url);

function startWorker(): Worker {
  if (!fromSource) return new Worker(workerUrl);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); });`;
  return new Worker(boot, { eval: true });
}

export class ScoringPool {
  private readonly workers: Worker[];

  constructor(size = availableParallelism()) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => startWorker());
  }

  async scoreAll(t: Tables, weights: Float64Array): Promise<ScoreMatrix> {
    const n = t.families.n;
    const m = t.offers.m;
    const scoreBuffer = new SharedArrayBuffer(n * m * Float64Array.BYTES_PER_ELEMENT);
    const blockerBuffer = new SharedArrayBuffer(n * m * Uint32Array.BYTES_PER_ELEMENT);
    const band = Math.ceil(n / this.workers.length);
    await Promise.all(
      this.workers.map(
        (worker, k) =>
          new Promise<void>((resolve, reject) => {
            const task: BandTask = { tables: t, weights, score: scoreBuffer, blockers: blockerBuffer, rowFrom: k * band, rowTo: Math.min(n, (k + 1) * band) };
            worker.once('message', () => resolve());
            worker.once('error', reject);
            worker.postMessage(task);
          }),
      ),
    );
    return { n, m, score: new Float64Array(scoreBuffer), blockers: new Uint32Array(blockerBuffer) };
  }

  /** Every family's eligible pairs only (eligible.ts): no n × m matrix, for city-scale pools. */
  async scoreEligible(t: Tables, weights: Float64Array): Promise<EligibleScores> {
    const n = t.families.n;
    const band = Math.ceil(n / this.workers.length);
    const bands = await Promise.all(
      this.workers.map(
        (worker, k) =>
          new Promise<EligibleScores>((resolve, reject) => {
            const task: EligibleBandTask = { eligible: true, tables: t, weights, rowFrom: Math.min(n, k * band), rowTo: Math.min(n, (k + 1) * band) };
            worker.once('message', (result: EligibleScores) => resolve(result));
            worker.once('error', reject);
            worker.postMessage(task);
          }),
      ),
    );
    return bands.length === 1 ? bands[0]! : concatEligible(t.offers.m, bands);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
