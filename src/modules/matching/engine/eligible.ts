// Scores of the eligible pairs only, family by family (CSR): what the plan needs of the matrix.
// At city scale most pairs are blocked (13 % eligible in the benchmark), so 10,000 × 10,000 is
// ~13 M entries (4-byte column, 8-byte score) instead of 100 M float64 scores plus blocker masks.
// Scores stay float64: the plan's optimum and its regrets are the full-precision ones, ties and
// locked pairs included, with no rounding bound to carry through the certificate.
import { scoreRange } from './evaluate.js';
import type { ScoreMatrix } from './matrix.js';
import type { Tables } from './tables.js';

export interface EligibleScores {
  n: number;
  m: number;
  /** Row i's pairs are rowStart[i] … rowStart[i + 1] − 1, columns ascending. */
  rowStart: Int32Array;
  col: Int32Array;
  score: Float64Array;
}

/** Growable column/score arrays (doubling), trimmed by `finish`. */
export class EligibleBuilder {
  private col: Int32Array;
  private score: Float64Array;
  private e = 0;
  private readonly rowStart: Int32Array;
  private rows = 0;

  constructor(
    private readonly n: number,
    private readonly m: number,
    expected = n * 16,
  ) {
    this.rowStart = new Int32Array(n + 1);
    this.col = new Int32Array(Math.max(16, expected));
    this.score = new Float64Array(this.col.length);
  }

  /** Appends the next row from a scored band: entries `at … at + m − 1` of score/blockers. */
  addRow(score: Float64Array, blockers: Uint32Array, at: number): void {
    const m = this.m;
    if (this.e + m > this.col.length) this.grow(this.e + m);
    const { col, score: out } = this;
    let e = this.e;
    this.rowStart[this.rows++] = e;
    for (let j = 0; j < m; j++) {
      if (blockers[at + j] !== 0) continue;
      col[e] = j;
      out[e++] = score[at + j]!;
    }
    this.e = e;
  }

  finish(): EligibleScores {
    if (this.rows !== this.n) throw new Error(`eligible scores: ${this.rows} rows of ${this.n}`);
    this.rowStart[this.n] = this.e;
    return { n: this.n, m: this.m, rowStart: this.rowStart, col: this.col.slice(0, this.e), score: this.score.slice(0, this.e) };
  }

  private grow(needed: number): void {
    let size = this.col.length * 2;
    while (size < needed) size *= 2;
    const col = new Int32Array(size);
    col.set(this.col.subarray(0, this.e));
    const score = new Float64Array(size);
    score.set(this.score.subarray(0, this.e));
    this.col = col;
    this.score = score;
  }
}

export function eligibleFromMatrix(matrix: ScoreMatrix): EligibleScores {
  const { n, m, score, blockers } = matrix;
  // Counted first, so the table is allocated once at its size.
  let total = 0;
  for (let k = 0; k < blockers.length; k++) if (blockers[k] === 0) total++;
  const rowStart = new Int32Array(n + 1);
  const col = new Int32Array(total);
  const out = new Float64Array(total);
  let e = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = e;
    const at = i * m;
    for (let j = 0; j < m; j++) {
      if (blockers[at + j] !== 0) continue;
      col[e] = j;
      out[e++] = score[at + j]!;
    }
  }
  rowStart[n] = e;
  return { n, m, rowStart, col, score: out };
}

/** Scores rows rowFrom … rowTo − 1 one at a time into a row buffer, keeping the eligible pairs only. */
export function scoreEligibleRows(t: Tables, weights: Float64Array, rowFrom: number, rowTo: number): EligibleScores {
  const m = t.offers.m;
  const score = new Float64Array(m);
  const blockers = new Uint32Array(m);
  const builder = new EligibleBuilder(rowTo - rowFrom, m, (rowTo - rowFrom) * Math.max(16, m >> 3));
  for (let i = rowFrom; i < rowTo; i++) {
    scoreRange(t, i, 0, m, weights, score, blockers, 0, undefined, true);
    builder.addRow(score, blockers, 0);
  }
  return builder.finish();
}

/** Every family's eligible pairs, on this thread (see ScoringPool.scoreEligible for threads). */
export function scoreEligible(t: Tables, weights: Float64Array): EligibleScores {
  return scoreEligibleRows(t, weights, 0, t.families.n);
}

/** Bands of rows, in order, as one table. */
export function concatEligible(m: number, bands: readonly EligibleScores[]): EligibleScores {
  const n = bands.reduce((s, b) => s + b.n, 0);
  const total = bands.reduce((s, b) => s + b.col.length, 0);
  const rowStart = new Int32Array(n + 1);
  const col = new Int32Array(total);
  const score = new Float64Array(total);
  let row = 0;
  let e = 0;
  for (const b of bands) {
    for (let i = 0; i < b.n; i++) rowStart[row++] = e + b.rowStart[i]!;
    col.set(b.col, e);
    score.set(b.score, e);
    e += b.col.length;
  }
  rowStart[n] = e;
  return { n, m, rowStart, col, score };
}
