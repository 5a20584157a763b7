// The plan (SPEC §5): a global one-to-one assignment of families to offers maximising
// Σ score × urgency factor over eligible pairs, exact, honouring locked and forbidden pairs, with
// each pair's regret. Only eligible pairs are edges of a sparse assignment problem (sparse-lap.ts);
// each family also has a private "no match" column, so leaving it unmatched is always possible.
import type { ScoreMatrix } from './matrix.js';
import { SparseAssignment, type SparseGraph } from './sparse-lap.js';

export interface PlanOptions {
  /** Urgency 1–4 per family row. */
  urgency: Float64Array;
  /** factor = 1 + urgencyStep × (urgency − 1); SPEC default 0.25. */
  urgencyStep?: number;
  locked?: readonly [number, number][];
  forbidden?: readonly [number, number][];
}

export interface PlannedPair {
  family: number;
  offer: number;
  score: number;
  regret: number;
}

export interface Plan {
  pairs: PlannedPair[];
  unmatchedFamilies: number[];
  unmatchedOffers: number[];
  totalScore: number;
}

/** Eligible pairs always beat "no match", even at score 0. */
const EPSILON = 1e-6;
/** A locked pair outweighs any set of ordinary pairs; costs are LOCK − gain ≥ 0. */
const LOCK = 1e7;

export class PlanState {
  private readonly forbidden = new Set<number>();
  private readonly locked = new Map<number, number>();
  private readonly lockedOffers = new Set<number>();
  private solver!: SparseAssignment;
  private graph!: SparseGraph;

  constructor(
    private readonly matrix: ScoreMatrix,
    private readonly options: PlanOptions,
  ) {
    for (const [i, j] of options.forbidden ?? []) this.forbidden.add(i * matrix.m + j);
    for (const [i, j] of options.locked ?? []) {
      this.locked.set(i, j);
      this.lockedOffers.add(j);
    }
    this.solve();
  }

  /** Gain of a pair, 0 when it may not be planned (ineligible, forbidden, or taken by a lock). */
  gain(i: number, j: number): number {
    const { m, score, blockers } = this.matrix;
    const locked = this.locked.get(i);
    if (locked !== undefined) return locked === j ? LOCK : 0;
    if (this.lockedOffers.has(j)) return 0;
    const k = i * m + j;
    if (blockers[k] !== 0 || this.forbidden.has(k)) return 0;
    const step = this.options.urgencyStep ?? 0.25;
    return score[k]! * (1 + step * (this.options.urgency[i]! - 1)) + EPSILON;
  }

  /**
   * One pass over the matrix, with the same gains as `gain()`: locks and forbids become per-row
   * masks first, so no pair costs a Set look-up. Edge arrays grow by doubling, then are trimmed.
   */
  private buildGraph(): SparseGraph {
    const { n, m, score, blockers } = this.matrix;
    const step = this.options.urgencyStep ?? 0.25;
    const urgency = this.options.urgency;
    const takenOffer = new Uint8Array(m);
    for (const j of this.lockedOffers) takenOffer[j] = 1;
    const forbiddenByRow = new Map<number, number[]>();
    for (const k of this.forbidden) {
      const i = Math.floor(k / m);
      const cols = forbiddenByRow.get(i);
      if (cols) cols.push(k - i * m);
      else forbiddenByRow.set(i, [k - i * m]);
    }
    const blocked = new Uint8Array(m); // per-row: lock-taken offers plus this row's forbids
    const rowStart = new Int32Array(n + 1);
    let col = new Int32Array(Math.max(16, n * 16));
    let cost = new Float64Array(col.length);
    let e = 0;
    const room = (extra: number) => {
      if (e + extra <= col.length) return;
      let size = col.length * 2;
      while (size < e + extra) size *= 2;
      const c = new Int32Array(size);
      c.set(col.subarray(0, e));
      const w = new Float64Array(size);
      w.set(cost.subarray(0, e));
      col = c;
      cost = w;
    };
    for (let i = 0; i < n; i++) {
      rowStart[i] = e;
      const lockedTo = this.locked.get(i);
      if (lockedTo !== undefined) {
        room(2);
        col[e] = lockedTo;
        cost[e++] = LOCK - LOCK;
      } else {
        const forbids = forbiddenByRow.get(i);
        blocked.set(takenOffer);
        if (forbids) for (const j of forbids) blocked[j] = 1;
        const factor = 1 + step * (urgency[i]! - 1);
        const base = i * m;
        room(m + 1);
        for (let j = 0; j < m; j++) {
          if (blockers[base + j] !== 0 || blocked[j] !== 0) continue;
          const g = score[base + j]! * factor + EPSILON;
          if (g > 0) {
            col[e] = j;
            cost[e++] = LOCK - g;
          }
        }
      }
      col[e] = m + i; // this family's "no match"
      cost[e++] = LOCK;
    }
    rowStart[n] = e;
    return { rows: n, cols: m + n, rowStart, col: col.slice(0, e), cost: cost.slice(0, e) };
  }

  private solve(warmPrices?: Float64Array): void {
    this.graph = this.buildGraph();
    this.solver = new SparseAssignment(this.graph, warmPrices).solve();
    // A warm start is only kept when the duals prove it optimal; otherwise solve cold.
    if (warmPrices && !this.solver.certifiesOptimum()) this.solver = new SparseAssignment(this.graph).solve();
  }

  /**
   * Family row `i` was re-scored in the matrix: re-plan. First the cheap way (every other family
   * keeps its offer, row i is augmented once), then a solve warm-started from the current prices,
   * then a cold one; the LP duality certificate decides which result is provably optimal.
   */
  repairFamily(i: number): void {
    const previous = this.solver;
    this.graph = this.buildGraph();
    const repaired = SparseAssignment.afterRowChange(previous, this.graph, i);
    if (repaired.certifiesOptimum()) {
      this.solver = repaired;
      return;
    }
    this.solve(previous.prices());
  }

  result(): Plan {
    const { n, m, score, blockers } = this.matrix;
    const pairs: PlannedPair[] = [];
    const matchedOffers = new Uint8Array(m);
    const unmatchedFamilies: number[] = [];
    let totalScore = 0;
    for (let i = 0; i < n; i++) {
      const j = this.solver.rowToCol[i]!;
      if (j >= 0 && j < m) {
        let best = 0;
        for (let k = 0; k < m; k++) if (blockers[i * m + k] === 0 && !this.forbidden.has(i * m + k) && score[i * m + k]! > best) best = score[i * m + k]!;
        const s = score[i * m + j]!;
        pairs.push({ family: i, offer: j, score: s, regret: Math.max(0, best - s) });
        matchedOffers[j] = 1;
        totalScore += s;
      } else {
        unmatchedFamilies.push(i);
      }
    }
    const unmatchedOffers: number[] = [];
    for (let j = 0; j < m; j++) if (!matchedOffers[j]) unmatchedOffers.push(j);
    return { pairs, unmatchedFamilies, unmatchedOffers, totalScore };
  }

  /** Σ gain of the planned pairs: the objective, to compare with another solver. */
  objective(): number {
    let total = 0;
    for (let i = 0; i < this.matrix.n; i++) {
      const j = this.solver.rowToCol[i]!;
      if (j >= 0 && j < this.matrix.m) total += this.gain(i, j);
    }
    return total;
  }

  /** The graph the solver solves (CSR, minimisation costs, "no match" columns m…m+n−1) and its optimal total cost. */
  solvedGraph(): { graph: SparseGraph; totalCost: number } {
    return { graph: this.graph, totalCost: this.solver.totalCost() };
  }

  /** The same problem as a dense square cost matrix (size max(n, m)), for cross-checks with other solvers. */
  denseCosts(): { size: number; cost: Float64Array } {
    const { n, m } = this.matrix;
    const size = Math.max(n, m);
    const cost = new Float64Array(size * size);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) cost[i * size + j] = i < n && j < m ? LOCK - this.gain(i, j) : i < n ? LOCK : 0;
    return { size, cost };
  }

  /** Turns a dense solution's total cost into the same objective as `objective()`. */
  static objectiveFromDenseCost(n: number, size: number, totalCost: number): number {
    void size;
    return n * LOCK - totalCost;
  }
}

export function plan(matrix: ScoreMatrix, options: PlanOptions): Plan {
  return new PlanState(matrix, options).result();
}
