// Sparse assignment by successive shortest augmenting paths (Jonker–Volgenant class; the
// augmentation of Crouse, "On implementing 2D rectangular assignment algorithms", IEEE TAES 2016),
// with Dijkstra on a binary heap over a CSR graph. Most family × offer pairs are ineligible, so
// only eligible pairs are edges. Rectangular: every row is matched, columns may stay free; the
// caller gives each row a private "no match" column so every row always can be. A bounded
// augmenting row reduction (JV) assigns most rows cheaply before the augmentations.
// Column potentials only decrease from 0 and only for columns that end up matched, so free
// columns keep v = 0: the successive shortest paths stay optimal for the rectangular problem.

export interface SparseGraph {
  rows: number;
  cols: number;
  rowStart: Int32Array;
  col: Int32Array;
  cost: Float64Array;
}

export class SparseAssignment {
  readonly rowToCol: Int32Array;
  readonly colToRow: Int32Array;
  /** Row and column potentials (the LP duals); sparse-warm.ts repairs them in place. */
  readonly u: Float64Array;
  readonly v: Float64Array;
  // Scratch, reused by every augmentation.
  private readonly dist: Float64Array;
  private readonly pred: Int32Array;
  private readonly seen: Int32Array;
  private readonly done: Int32Array;
  private readonly scannedRows: Int32Array;
  private readonly scannedCols: Int32Array;
  private readonly heapKey: Float64Array;
  private readonly heapCol: Int32Array;
  private stamp = 0;

  /**
   * `warmPrices`: column potentials of a previous solve of a similar problem (one row changed).
   * They usually make the start almost free; `certifiesOptimum()` tells whether the result is
   * provably optimal, else the caller solves cold.
   */
  constructor(
    readonly graph: SparseGraph,
    warmPrices?: Float64Array,
  ) {
    const { rows, cols } = graph;
    this.rowToCol = new Int32Array(rows).fill(-1);
    this.colToRow = new Int32Array(cols).fill(-1);
    this.u = new Float64Array(rows);
    this.v = new Float64Array(cols);
    this.dist = new Float64Array(cols);
    this.pred = new Int32Array(cols);
    this.seen = new Int32Array(cols);
    this.done = new Int32Array(cols);
    this.scannedRows = new Int32Array(rows);
    this.scannedCols = new Int32Array(cols);
    this.heapKey = new Float64Array(graph.col.length + 1);
    this.heapCol = new Int32Array(graph.col.length + 1);
    if (warmPrices) this.v.set(warmPrices.subarray(0, cols));
  }

  /** The column potentials, to warm-start the next solve. */
  prices(): Float64Array {
    return this.v.slice();
  }

  /**
   * LP duality certificate for the rectangular problem: reduced costs ≥ 0 on every edge, 0 on the
   * matching, column potentials ≤ 0, and 0 on columns left free. True means optimal.
   */
  certifiesOptimum(eps = 1e-6): boolean {
    const { rows, cols, rowStart, col, cost } = this.graph;
    const { u, v, rowToCol, colToRow } = this;
    for (let i = 0; i < rows; i++) {
      const matched = rowToCol[i]!;
      if (matched < 0) return false;
      for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) {
        const reduced = cost[e]! - u[i]! - v[col[e]!]!;
        if (reduced < -eps || (col[e] === matched && reduced > eps)) return false;
      }
    }
    for (let j = 0; j < cols; j++) if (v[j]! > eps || (colToRow[j]! < 0 && v[j]! < -eps)) return false;
    return true;
  }

  solve(): this {
    const { rows, rowStart, col, cost } = this.graph;
    const { rowToCol, colToRow, u, v } = this;
    // Augmenting row reduction (JV), an auction-like start: a free row takes its cheapest column,
    // lowering that column's potential to its second-cheapest, and the displaced row is next.
    // Potentials only decrease and a column once taken stays taken, so free columns keep v = 0.
    let free = new Int32Array(rows);
    let numFree = rows;
    for (let i = 0; i < rows; i++) free[i] = rows - 1 - i;
    for (let pass = 0; pass < 2; pass++) {
      const next = new Int32Array(rows);
      let numNext = 0;
      let k = 0;
      // Close bids make long price wars: past a budget, displaced rows wait for the augmentation.
      let budget = 4 * rows;
      while (k < numFree) {
        const i = free[k++]!;
        let umin = Infinity;
        let usubmin = Infinity;
        let j1 = -1;
        let j2 = -1;
        for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) {
          const j = col[e]!;
          const h = cost[e]! - v[j]!;
          if (h < usubmin) {
            if (h >= umin) {
              usubmin = h;
              j2 = j;
            } else {
              usubmin = umin;
              umin = h;
              j2 = j1;
              j1 = j;
            }
          }
        }
        if (j1 < 0) continue;
        let i0 = colToRow[j1]!;
        // A row with a single edge has no second price: it takes its column without a bid.
        if (usubmin === Infinity) usubmin = umin;
        if (umin < usubmin) v[j1] = v[j1]! - (usubmin - umin);
        else if (i0 >= 0 && j2 >= 0) {
          j1 = j2;
          i0 = colToRow[j2]!;
        }
        if (i0 >= 0) rowToCol[i0] = -1;
        rowToCol[i] = j1;
        colToRow[j1] = i;
        if (i0 >= 0) {
          if (umin < usubmin && --budget > 0) free[--k] = i0;
          else next[numNext++] = i0;
        }
      }
      free = next;
      numFree = numNext;
    }
    // Row potentials: every assigned column is a cheapest reduced cost of its row.
    for (let i = 0; i < rows; i++) {
      let min = Infinity;
      for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) min = Math.min(min, cost[e]! - v[col[e]!]!);
      u[i] = min === Infinity ? 0 : min;
    }
    for (let f = 0; f < numFree; f++) this.augment(free[f]!);
    return this;
  }

  /** Σ cost of the matching. */
  totalCost(): number {
    const { rows, rowStart, col, cost } = this.graph;
    let total = 0;
    for (let i = 0; i < rows; i++) {
      for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++)
        if (col[e] === this.rowToCol[i]) {
          total += cost[e]!;
          break;
        }
    }
    return total;
  }

  /** One shortest augmenting path from the free row `start`; its reduced costs must be ≥ 0. */
  augment(start: number): void {
    const { rowStart, col, cost } = this.graph;
    const stamp = ++this.stamp;
    const { dist, pred, seen, done, u, v, heapKey, heapCol } = this;
    let heapSize = 0;
    const push = (key: number, c: number) => {
      let k = heapSize++;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if (heapKey[parent]! <= key) break;
        heapKey[k] = heapKey[parent]!;
        heapCol[k] = heapCol[parent]!;
        k = parent;
      }
      heapKey[k] = key;
      heapCol[k] = c;
    };
    const pop = (): number => {
      const top = heapCol[0]!;
      const lastKey = heapKey[--heapSize]!;
      const lastCol = heapCol[heapSize]!;
      let k = 0;
      for (;;) {
        let child = 2 * k + 1;
        if (child >= heapSize) break;
        if (child + 1 < heapSize && heapKey[child + 1]! < heapKey[child]!) child++;
        if (heapKey[child]! >= lastKey) break;
        heapKey[k] = heapKey[child]!;
        heapCol[k] = heapCol[child]!;
        k = child;
      }
      heapKey[k] = lastKey;
      heapCol[k] = lastCol;
      return top;
    };

    let rows = 0;
    let cols = 0;
    let minVal = 0;
    let i = start;
    let sink = -1;
    while (sink < 0) {
      this.scannedRows[rows++] = i;
      const ui = u[i]!;
      for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) {
        const j = col[e]!;
        if (done[j] === stamp) continue;
        const r = minVal + cost[e]! - ui - v[j]!;
        if (seen[j] !== stamp || r < dist[j]!) {
          seen[j] = stamp;
          dist[j] = r;
          pred[j] = i;
          push(r, j);
        }
      }
      let j = -1;
      while (heapSize > 0) {
        const candidate = pop();
        if (done[candidate] !== stamp) {
          j = candidate;
          break;
        }
      }
      if (j < 0) throw new Error('assignment infeasible: a row has no reachable free column');
      done[j] = stamp;
      this.scannedCols[cols++] = j;
      minVal = dist[j]!;
      if (this.colToRow[j]! < 0) sink = j;
      else i = this.colToRow[j]!;
    }
    // Dual update keeps reduced costs non-negative and tight on the matching.
    u[start] = u[start]! + minVal;
    for (let k = 1; k < rows; k++) {
      const r = this.scannedRows[k]!;
      u[r] = u[r]! + minVal - dist[this.rowToCol[r]!]!;
    }
    for (let k = 0; k < cols; k++) {
      const j = this.scannedCols[k]!;
      v[j] = v[j]! - (minVal - dist[j]!);
    }
    let j = sink;
    for (;;) {
      const r = pred[j]!;
      this.colToRow[j] = r;
      const previous = this.rowToCol[r]!;
      this.rowToCol[r] = j;
      if (r === start) break;
      j = previous;
    }
  }
}
