// The plan (SPEC §5): a global one-to-one assignment of families to offers maximising
// Σ score × urgency factor over eligible pairs, exact, honouring locked and forbidden pairs, with
// each pair's regret. It is a rectangular assignment (sparse-lap.ts): cost LOCK − gain per
// eligible pair, and each family a private "no match" column of cost LOCK.
//
// Solved on a pruned graph, then certified for the full one. The LP of the full problem is
//   min Σ c_ij x_ij  s.t.  Σ_j x_ij = 1 (each family, "no match" included), Σ_i x_ij ≤ 1, x ≥ 0;
// its dual is  max Σ u_i + Σ v_j  s.t.  u_i + v_j ≤ c_ij, v_j ≤ 0. The solver returns an optimal
// matching of the pruned graph with duals (u, v) feasible on its edges, tight on the matching,
// v ≤ 0 and v = 0 on free columns. The matching is feasible for the full problem; if every pruned
// pair also has reduced cost c_ij − u_i − v_j ≥ 0, (u, v) is dual-feasible for the full problem
// with the same objective, so by weak duality the matching is optimal for it. Certification checks
// every eligible pair against the duals; violating pairs join the graph and the solve resumes
// warm (sparse-warm.ts), until none.
//
// Which pairs to keep. Offers are alike for everyone (a good home is good for every family), so a
// family's best pairs by gain are the ones everybody wants: in the benchmark a family's planned
// offer is a median 21st by gain, often beyond the 150th. A forward auction over every eligible
// pair first prices the offers (plan-prices.ts); each family then keeps the pairs whose value,
// gain − price, is within `slack` of its best (at least `minKept` of them), and the exact solve
// starts from those prices (an offer it leaves free with a price is given it back, sparse-warm.ts).
// Near-right prices leave few violations and short augmenting paths: 2 certification rounds at
// 2,000 × 2,000 and at 10,000 × 10,000, where the top-k by gain took 7 and 8–9.
// Repairs (an edited family or offer, a lock, a forbid) re-price the changed rows the same way,
// with the exact duals as prices.
import type { ScoreMatrix } from './matrix.js';
import { eligibleFromMatrix, type EligibleScores } from './eligible.js';
import { auctionPrices, type PricedRows } from './plan-prices.js';
import { PlanRows, topK } from './plan-rows.js';
import { SparseAssignment, type SparseGraph } from './sparse-lap.js';
import { releasePrice, warmResolve } from './sparse-warm.js';

export interface PlanOptions {
  /** Urgency 1–4 per family row. */
  urgency: Float64Array;
  /** factor = 1 + urgencyStep × (urgency − 1); SPEC default 0.25. */
  urgencyStep?: number;
  locked?: readonly [number, number][];
  forbidden?: readonly [number, number][];
  /**
   * A fixed prune instead of the priced one: each family's k best pairs by gain, no auction (tests
   * use it to make the first pruned graph wrong on purpose; certification still makes it exact).
   */
  k?: number;
  /** Priced prune: pairs whose value is within `slack` of the family's best (default 3 points). */
  slack?: number;
  /** Priced prune: at least this many pairs per family (default 4). */
  minKept?: number;
  /** Last bid increment of the pricing auction (default 0.02 points). */
  auctionEpsilon?: number;
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
/** Reduced costs below −EPS break the certificate (costs near 1e7 carry ~1e-9 of rounding). */
const EPS = 1e-7;
/** Violating pairs a row may add per certification round (see certify). */
const ADD_PER_ROUND = 8;
/** Re-solve from the current prices rather than warm, past this share of rows changed. */
const MANY_ROWS = 0.1;

const isDense = (s: ScoreMatrix | EligibleScores): s is ScoreMatrix => 'blockers' in s;

export class PlanState {
  private readonly rows: PlanRows;
  private readonly dense?: ScoreMatrix;
  private readonly factor: Float64Array;
  /** A fixed top-k by gain (options.k), or undefined for the priced prune. */
  private readonly fixedK?: number;
  private readonly slack: number;
  private readonly minKept: number;
  /** Per family, positions (into its row view) of the pairs in the pruned graph. */
  private readonly kept: number[][];
  /** Scratch over offers: `mark[j] === stamp` while one row's kept offers are marked. */
  private readonly mark: Int32Array;
  private stamp = 0;
  private solver!: SparseAssignment;
  private graph!: SparseGraph;
  /** Certification rounds of the last solve or repair (1 = the first pruned solve held). */
  rounds = 0;
  /** Warm solves whose duals failed the certificate and were redone cold (expected: none). */
  coldSolves = 0;

  constructor(source: ScoreMatrix | EligibleScores, options: PlanOptions) {
    if (isDense(source)) this.dense = source;
    this.rows = new PlanRows(isDense(source) ? eligibleFromMatrix(source) : source);
    const { n, m } = this.rows;
    const step = options.urgencyStep ?? 0.25;
    this.factor = Float64Array.from(options.urgency, (u) => 1 + step * (u - 1));
    this.fixedK = options.k;
    this.slack = options.slack ?? 3;
    this.minKept = Math.max(1, options.minKept ?? 4);
    this.mark = new Int32Array(m);
    for (const [i, j] of options.forbidden ?? []) this.rows.setForbidden(i, j, true);
    for (const [i, j] of options.locked ?? []) this.rows.lock(i, j);
    this.kept = new Array<number[]>(n);
    let warm: Float64Array | undefined;
    if (this.fixedK === undefined) {
      const { price, held } = auctionPrices(this.candidateTable(), options.auctionEpsilon);
      const guide = new Float64Array(m);
      for (let j = 0; j < m; j++) guide[j] = -price[j]!;
      for (let i = 0; i < n; i++) this.prune(i, guide);
      // The solve starts from the same prices, except that an offer nobody holds starts free of
      // charge: priced, it would be left free with a price to give back (one search each).
      warm = new Float64Array(m + n);
      for (let j = 0; j < m; j++) warm[j] = held[j] ? guide[j]! : 0;
    } else for (let i = 0; i < n; i++) this.prune(i, undefined);
    this.graph = this.buildGraph();
    this.solver = this.solveFrom(warm);
    this.certify();
  }

  /** Gain of a pair, 0 when it may not be planned (ineligible, forbidden, or taken by a lock). */
  gain(i: number, j: number): number {
    const locked = this.rows.locked.get(i);
    if (locked !== undefined) return locked === j ? LOCK : 0;
    if (this.rows.lockedOffer[j]! > 0 || this.rows.forbidden.get(i)?.has(j)) return 0;
    const s = this.rows.score(i, j);
    return s === undefined ? 0 : s * this.factor[i]! + EPSILON;
  }

  /** Family `i` was re-scored in the matrix (in place): re-price its row, certify. */
  repairFamily(i: number): void {
    this.rereadRow(i);
    this.prune(i, this.solver.v);
    this.resume([i]);
  }

  /** Offer `j` was re-scored in the matrix (its column, in place): re-price the rows it changed. */
  repairOffer(j: number): void {
    const dense = this.requireDense();
    const changed: number[] = [];
    for (let i = 0; i < dense.n; i++) {
      const k = i * dense.m + j;
      const now = dense.blockers[k] === 0 ? dense.score[k]! : undefined;
      if (now !== this.rows.score(i, j)) changed.push(i);
    }
    for (const i of changed) {
      const cols = this.keptColumns(i);
      this.rereadRow(i);
      this.refresh(i, cols);
    }
    this.resume(changed);
  }

  /** Locks family i to offer j (`j` undefined: unlocks it). */
  setLock(i: number, j: number | undefined): void {
    const before = this.rows.locked.get(i);
    if (j === undefined) this.rows.unlock(i);
    else this.rows.lock(i, j);
    const offers = [before, j].filter((x): x is number => x !== undefined);
    const others = this.rowsEligibleFor(offers).filter((r) => r !== i);
    for (const r of others) this.refresh(r, this.keptColumns(r));
    this.prune(i, this.solver.v);
    this.resume([i, ...others]);
  }

  setForbidden(i: number, j: number, on: boolean): void {
    this.rows.setForbidden(i, j, on);
    this.refresh(i, this.keptColumns(i));
    this.resume([i]);
  }

  result(): Plan {
    const { n, m } = this.rows;
    const pairs: PlannedPair[] = [];
    const matchedOffers = new Uint8Array(m);
    const unmatchedFamilies: number[] = [];
    let totalScore = 0;
    for (let i = 0; i < n; i++) {
      const j = this.solver.rowToCol[i]!;
      if (j >= 0 && j < m) {
        const { col, score, start, end } = this.rows.row(i);
        const forbidden = this.rows.forbidden.get(i);
        let best = 0;
        for (let p = start; p < end; p++) if (score[p]! > best && !forbidden?.has(col[p]!)) best = score[p]!;
        const s = this.rows.score(i, j) ?? (this.dense ? this.dense.score[i * m + j]! : 0);
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
    for (let i = 0; i < this.rows.n; i++) {
      const j = this.solver.rowToCol[i]!;
      if (j >= 0 && j < this.rows.m) total += this.gain(i, j);
    }
    return total;
  }

  /** Pairs in the pruned graph the last solve ran on ("no match" columns included). */
  prunedEdges(): number {
    return this.graph.col.length;
  }

  /**
   * The full problem (CSR, minimisation costs, "no match" columns m…m+n−1, every eligible pair),
   * built in one pass, and its optimal total cost — the pruned plan's, proven optimal for it.
   */
  solvedGraph(): { graph: SparseGraph; totalCost: number } {
    const { n, m } = this.rows;
    const rowStart = new Int32Array(n + 1);
    const col: number[] = [];
    const cost: number[] = [];
    for (let i = 0; i < n; i++) {
      rowStart[i] = col.length;
      const locked = this.rows.locked.get(i);
      if (locked !== undefined) {
        col.push(locked);
        cost.push(0);
      } else {
        const view = this.rows.row(i);
        const blocked = this.rows.blockedFor(i);
        for (let p = view.start; p < view.end; p++) {
          if (blocked[view.col[p]!] !== 0) continue;
          col.push(view.col[p]!);
          cost.push(LOCK - (view.score[p]! * this.factor[i]! + EPSILON));
        }
      }
      col.push(m + i);
      cost.push(LOCK);
    }
    rowStart[n] = col.length;
    const graph = { rows: n, cols: m + n, rowStart, col: Int32Array.from(col), cost: Float64Array.from(cost) };
    return { graph, totalCost: this.solver.totalCost() };
  }

  /** The same problem as a dense square cost matrix (size max(n, m)), for cross-checks with other solvers. */
  denseCosts(): { size: number; cost: Float64Array } {
    const { n, m } = this.rows;
    const size = Math.max(n, m);
    const cost = new Float64Array(size * size);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) cost[i * size + j] = i < n && j < m ? LOCK - this.gain(i, j) : i < n ? LOCK : 0;
    return { size, cost };
  }

  /** Turns a dense solution's total cost into the same objective as `objective()`. */
  static objectiveFromDenseCost(n: number, totalCost: number): number {
    return n * LOCK - totalCost;
  }

  private requireDense(): ScoreMatrix {
    if (!this.dense) throw new Error('repairs re-read a dense score matrix; this plan was built from eligible pairs only');
    return this.dense;
  }

  private rereadRow(i: number): void {
    const { m, score, blockers } = this.requireDense();
    const cols: number[] = [];
    const scores: number[] = [];
    for (let j = 0; j < m; j++) {
      if (blockers[i * m + j] !== 0) continue;
      cols.push(j);
      scores.push(score[i * m + j]!);
    }
    this.rows.replaceRow(i, Int32Array.from(cols), Float64Array.from(scores));
  }

  /** Families for which one of `offers` is eligible. */
  private rowsEligibleFor(offers: number[]): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.rows.n; i++) if (offers.some((j) => this.rows.score(i, j) !== undefined)) out.push(i);
    return out;
  }

  private keptColumns(i: number): Set<number> {
    const view = this.rows.row(i);
    return new Set(this.kept[i]!.map((p) => view.col[p]!));
  }

  /** Every pair a family may take, with its gain, as one table (locked families: none, fixed). */
  private candidateTable(): PricedRows {
    const { n, m } = this.rows;
    const fixed = new Uint8Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (this.rows.locked.has(i)) fixed[i] = 1;
      else {
        const { start, end } = this.rows.row(i);
        total += end - start;
      }
    }
    const rowStart = new Int32Array(n + 1);
    const col = m <= 0xffff ? new Uint16Array(total) : new Int32Array(total);
    const gain = new Float32Array(total);
    let e = 0;
    for (let i = 0; i < n; i++) {
      rowStart[i] = e;
      if (fixed[i]) continue;
      const view = this.rows.row(i);
      const blocked = this.rows.blockedFor(i);
      const f = this.factor[i]!;
      for (let p = view.start; p < view.end; p++) {
        const j = view.col[p]!;
        if (blocked[j] !== 0) continue;
        col[e] = j;
        gain[e++] = view.score[p]! * f + EPSILON;
      }
    }
    rowStart[n] = e;
    return { n, m, rowStart, col: col.subarray(0, e), gain: gain.subarray(0, e), fixed };
  }

  /**
   * Row i's candidates changed in a few places (a lock, a forbid, an offer re-scored): keep the
   * pairs it had that are still candidates — certification added some, dropping them would free
   * the row — plus the pairs the prune picks now.
   */
  private refresh(i: number, cols: Set<number>): void {
    this.prune(i, this.solver.v);
    if (this.rows.locked.has(i)) return;
    const view = this.rows.row(i);
    const blocked = this.rows.blockedFor(i);
    const kept = this.kept[i]!;
    const stamp = this.markKept(i);
    for (let p = view.start; p < view.end; p++) {
      const j = view.col[p]!;
      if (blocked[j] === 0 && cols.has(j) && this.mark[j] !== stamp) kept.push(p);
    }
  }

  /** Marks row i's kept offers in `mark`; returns the stamp they carry. */
  private markKept(i: number): number {
    const stamp = ++this.stamp;
    const { col } = this.rows.row(i);
    for (const p of this.kept[i]!) this.mark[col[p]!] = stamp;
    return stamp;
  }

  /**
   * Row i's pruned pairs (none besides the lock for a locked row). Fixed k: its k best by gain.
   * Priced (`v`, column duals ≤ 0, price = −v): the pairs whose value gain + v_j is within the
   * slack of the row's best value ("no match" is worth 0), and at least `minKept` best by value.
   */
  private prune(i: number, v: Float64Array | undefined): void {
    if (this.rows.locked.has(i)) {
      this.kept[i] = [];
      return;
    }
    const view = this.rows.row(i);
    const blocked = this.rows.blockedFor(i);
    if (this.fixedK !== undefined || !v) {
      this.kept[i] = topK(view, blocked, this.fixedK ?? this.minKept).kept;
      return;
    }
    const { col, score, start, end } = view;
    const f = this.factor[i]!;
    let best = 0;
    let candidates = 0;
    for (let p = start; p < end; p++) {
      const j = col[p]!;
      if (blocked[j] !== 0) continue;
      candidates++;
      const value = score[p]! * f + EPSILON + v[j]!;
      if (value > best) best = value;
    }
    const floor = best - this.slack;
    const kept: number[] = [];
    for (let p = start; p < end; p++) {
      const j = col[p]!;
      if (blocked[j] === 0 && score[p]! * f + EPSILON + v[j]! >= floor) kept.push(p);
    }
    if (kept.length < this.minKept && candidates > kept.length) {
      this.kept[i] = topByValue(view, blocked, f, v, this.minKept);
      return;
    }
    this.kept[i] = kept;
  }

  private buildGraph(): SparseGraph {
    const { n, m } = this.rows;
    let edges = n;
    for (let i = 0; i < n; i++) edges += this.rows.locked.has(i) ? 1 : this.kept[i]!.length;
    const rowStart = new Int32Array(n + 1);
    const col = new Int32Array(edges);
    const cost = new Float64Array(edges);
    let e = 0;
    for (let i = 0; i < n; i++) {
      rowStart[i] = e;
      const locked = this.rows.locked.get(i);
      if (locked !== undefined) {
        col[e] = locked;
        cost[e++] = 0;
      } else {
        const view = this.rows.row(i);
        const f = this.factor[i]!;
        for (const p of this.kept[i]!) {
          col[e] = view.col[p]!;
          cost[e++] = LOCK - (view.score[p]! * f + EPSILON);
        }
      }
      col[e] = m + i;
      cost[e++] = LOCK;
    }
    rowStart[n] = e;
    return { rows: n, cols: m + n, rowStart, col, cost };
  }

  /**
   * An exact solve of the pruned graph, from column potentials `warm` when given (≤ 0; the solver
   * only lowers them), then every column left free with a price is given it back (sparse-warm.ts).
   * Cold, should rounding ever break the certificate.
   */
  private solveFrom(warm: Float64Array | undefined): SparseAssignment {
    const solver = new SparseAssignment(this.graph, warm).solve();
    if (warm) {
      // Cheapest first: small searches, and the prices they lower shorten the later ones.
      const priced: number[] = [];
      for (let j = 0; j < this.graph.cols; j++) if (solver.colToRow[j]! < 0 && solver.v[j]! < -EPS) priced.push(j);
      priced.sort((a, b) => solver.v[b]! - solver.v[a]!);
      for (const j of priced) if (solver.colToRow[j]! < 0 && solver.v[j]! < -EPS) releasePrice(solver, j);
    }
    if (!warm || solver.certifiesOptimum(EPS)) return solver;
    this.coldSolves++;
    return new SparseAssignment(this.graph).solve();
  }

  /** The pruned graph changed on `rows`: warm re-solve, then certify. */
  private resume(rows: number[]): void {
    this.graph = this.buildGraph();
    this.warm(rows);
    this.certify();
  }

  private warm(rows: number[]): void {
    // Many rows re-priced at once: a solve from the current prices beats one price release per
    // freed column.
    if (rows.length > this.rows.n * MANY_ROWS) {
      this.solver = this.solveFrom(this.solver.v);
      return;
    }
    const next = warmResolve(this.solver, this.graph, rows, EPS);
    // Last resort, should rounding ever break the warm duals: a cold solve of the pruned graph.
    if (next.certifiesOptimum(EPS)) this.solver = next;
    else {
      this.coldSolves++;
      this.solver = new SparseAssignment(this.graph).solve();
    }
  }

  /** Checks every candidate pair against the duals, adds the violating ones and re-solves, until none. */
  private certify(): void {
    this.rounds = 1;
    const { n } = this.rows;
    const worst = new Int32Array(ADD_PER_ROUND);
    const worstReduced = new Float64Array(ADD_PER_ROUND);
    for (;;) {
      const changed: number[] = [];
      const { u, v } = this.solver;
      for (let i = 0; i < n; i++) {
        if (this.rows.locked.has(i)) continue;
        const ui = u[i]!;
        const f = this.factor[i]!;
        const { col, score, start, end } = this.rows.row(i);
        const blocked = this.rows.blockedFor(i);
        // Cheap test first: no pair of the row breaks the certificate (the kept ones hold by the solve).
        if (!breaksCertificate(col, score, start, end, f, ui, v, blocked)) continue;
        const stamp = this.markKept(i);
        // The most violating few per row and round: most other violations vanish once they are in.
        const count = worstViolations(col, score, start, end, f, ui, v, blocked, this.mark, stamp, worst, worstReduced);
        if (count > 0) {
          const kept = this.kept[i]!;
          for (let k = 0; k < count; k++) kept.push(worst[k]!);
          changed.push(i);
        }
      }
      if (changed.length === 0) return;
      this.rounds++;
      this.graph = this.buildGraph();
      this.warm(changed);
    }
  }
}

/**
 * Whether a pair of the row has a negative reduced cost. Its own function: the plan's one hot loop
 * keeps its optimised code when a repair takes a path of `certify` not seen before.
 */
function breaksCertificate(
  col: Int32Array,
  score: Float64Array,
  start: number,
  end: number,
  f: number,
  ui: number,
  v: Float64Array,
  blocked: Uint8Array,
): boolean {
  for (let p = start; p < end; p++) {
    if (LOCK - (score[p]! * f + EPSILON) - ui - v[col[p]!]! < -EPS && blocked[col[p]!] === 0) return true;
  }
  return false;
}

/**
 * The (at most `worst.length`) pairs of the row with the most negative reduced costs, out of the
 * graph (`mark[j] !== stamp`), into `worst` by position; returns how many. Own function, as above.
 */
function worstViolations(
  col: Int32Array,
  score: Float64Array,
  start: number,
  end: number,
  f: number,
  ui: number,
  v: Float64Array,
  blocked: Uint8Array,
  mark: Int32Array,
  stamp: number,
  worst: Int32Array,
  worstReduced: Float64Array,
): number {
  const size = worst.length;
  let count = 0;
  for (let p = start; p < end; p++) {
    const j = col[p]!;
    const reduced = LOCK - (score[p]! * f + EPSILON) - ui - v[j]!;
    if (reduced >= -EPS || mark[j] === stamp || blocked[j] !== 0) continue;
    if (count === size && reduced >= worstReduced[size - 1]!) continue;
    let at = count === size ? size - 1 : count++;
    while (at > 0 && worstReduced[at - 1]! > reduced) {
      worst[at] = worst[at - 1]!;
      worstReduced[at] = worstReduced[at - 1]!;
      at--;
    }
    worst[at] = p;
    worstReduced[at] = reduced;
  }
  return count;
}

/** Positions of the `k` unblocked pairs of a row with the best value gain + v_j. */
function topByValue(
  view: { col: Int32Array; score: Float64Array; start: number; end: number },
  blocked: Uint8Array,
  f: number,
  v: Float64Array,
  k: number,
): number[] {
  const { col, score, start, end } = view;
  const kept: number[] = [];
  const keys: number[] = [];
  for (let p = start; p < end; p++) {
    const j = col[p]!;
    if (blocked[j] !== 0) continue;
    const value = score[p]! * f + v[j]!;
    if (kept.length === k && value <= keys[k - 1]!) continue;
    let at = kept.length === k ? k - 1 : kept.length;
    if (kept.length < k) {
      kept.push(p);
      keys.push(value);
    }
    while (at > 0 && keys[at - 1]! < value) {
      keys[at] = keys[at - 1]!;
      kept[at] = kept[at - 1]!;
      at--;
    }
    keys[at] = value;
    kept[at] = p;
  }
  return kept;
}

export function plan(matrix: ScoreMatrix | EligibleScores, options: PlanOptions): Plan {
  return new PlanState(matrix, options).result();
}
