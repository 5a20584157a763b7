// A scoring thread: scores a band of family rows into the shared matrix (see parallel.ts).
import { parentPort } from 'node:worker_threads';
import { scoreEligibleRows } from './eligible.js';
import { scoreRange } from './evaluate.js';
import type { Tables } from './tables.js';

export interface BandTask {
  tables: Tables;
  weights: Float64Array;
  score: SharedArrayBuffer;
  blockers: SharedArrayBuffer;
  rowFrom: number;
  rowTo: number;
}

/** A band scored into its own table of eligible pairs, sent back (moved, not copied). */
export interface EligibleBandTask {
  eligible: true;
  tables: Tables;
  weights: Float64Array;
  rowFrom: number;
  rowTo: number;
}

parentPort?.on('message', (task: BandTask | EligibleBandTask) => {
  if ('eligible' in task) {
    const band = scoreEligibleRows(task.tables, task.weights, task.rowFrom, task.rowTo);
    parentPort!.postMessage(band, [band.rowStart.buffer as ArrayBuffer, band.col.buffer as ArrayBuffer, band.score.buffer as ArrayBuffer]);
    return;
  }
  const m = task.tables.offers.m;
  const score = new Float64Array(task.score);
  const blockers = new Uint32Array(task.blockers);
  for (let i = task.rowFrom; i < task.rowTo; i++) scoreRange(task.tables, i, 0, m, task.weights, score, blockers, i * m);
  parentPort!.postMessage('done');
});
