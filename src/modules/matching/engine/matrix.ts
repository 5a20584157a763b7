// Every pair at once (families × offers): score 0–100 and blocker mask, row-major typed arrays.
import { scoreRange } from './evaluate.js';
import type { Tables } from './tables.js';

export interface ScoreMatrix {
  n: number;
  m: number;
  score: Float64Array;
  blockers: Uint32Array;
}

export function scoreAll(t: Tables, weights: Float64Array): ScoreMatrix {
  const n = t.families.n;
  const m = t.offers.m;
  const score = new Float64Array(n * m);
  const blockers = new Uint32Array(n * m);
  for (let i = 0; i < n; i++) scoreRange(t, i, 0, m, weights, score, blockers, i * m);
  return { n, m, score, blockers };
}

/** Re-scores one family's row in place (after an edit of that family). */
export function scoreRowInto(t: Tables, weights: Float64Array, i: number, score: Float64Array, blockers: Uint32Array): void {
  scoreRange(t, i, 0, t.offers.m, weights, score, blockers, i * t.offers.m);
}
