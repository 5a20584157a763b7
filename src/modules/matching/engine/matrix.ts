// Every pair at once (families × offers): score 0–100 and blocker mask, row-major typed arrays.
import { CRITERION_COUNT, evaluatePair, weightedScore } from './evaluate.js';
import type { Tables } from './tables.js';

export interface ScoreMatrix {
  n: number;
  m: number;
  score: Float64Array;
  blockers: Uint16Array;
}

export function scoreAll(t: Tables, weights: Float64Array): ScoreMatrix {
  const n = t.families.n;
  const m = t.offers.m;
  const score = new Float64Array(n * m);
  const blockers = new Uint16Array(n * m);
  const values = new Float64Array(CRITERION_COUNT);
  for (let i = 0; i < n; i++) scoreRowInto(t, weights, i, score, blockers, values);
  return { n, m, score, blockers };
}

/** Re-scores one family's row in place (after an edit of that family). */
export function scoreRowInto(t: Tables, weights: Float64Array, i: number, score: Float64Array, blockers: Uint16Array, values = new Float64Array(CRITERION_COUNT)): void {
  const m = t.offers.m;
  const base = i * m;
  for (let j = 0; j < m; j++) {
    blockers[base + j] = evaluatePair(t, i, j, values);
    score[base + j] = weightedScore(values, weights);
  }
}
