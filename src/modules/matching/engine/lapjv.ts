// Jonker–Volgenant (LAPJV) for the dense square linear assignment problem, minimising cost, over a
// row-major Float64Array. Column reduction, reduction transfer, two passes of augmenting row
// reduction, then shortest augmenting paths (Dijkstra on reduced costs) for the remaining free
// rows. Pure, no allocation in the inner loops. R. Jonker, A. Volgenant, "A shortest augmenting
// path algorithm for dense and sparse linear assignment problems", Computing 38 (1987).
//
// The column potentials `v` are kept so that one changed row can be re-solved with a single
// augmentation (`repairRow`): the other rows stay optimal under the same potentials.

export interface Assignment {
  n: number;
  /** rowToCol[i] = column assigned to row i */
  rowToCol: Int32Array;
  /** colToRow[j] = row assigned to column j */
  colToRow: Int32Array;
  /** column potentials (dual variables) */
  v: Float64Array;
}

export function solveLap(n: number, cost: Float64Array): Assignment {
  if (cost.length !== n * n) throw new Error(`cost matrix must be ${n}×${n}`);
  const rowToCol = new Int32Array(n).fill(-1);
  const colToRow = new Int32Array(n).fill(-1);
  const v = new Float64Array(n);
  if (n === 0) return { n, rowToCol, colToRow, v };
  const matches = new Int32Array(n);

  // Column reduction: each column to its cheapest row, scanned from the last column.
  for (let j = n - 1; j >= 0; j--) {
    let min = cost[j]!;
    let imin = 0;
    for (let i = 1; i < n; i++) {
      const c = cost[i * n + j]!;
      if (c < min) {
        min = c;
        imin = i;
      }
    }
    v[j] = min;
    if (++matches[imin]! === 1) {
      rowToCol[imin] = j;
      colToRow[j] = imin;
    } else if (v[j]! < v[rowToCol[imin]!]!) {
      const j1 = rowToCol[imin]!;
      rowToCol[imin] = j;
      colToRow[j] = imin;
      colToRow[j1] = -1;
    } else {
      colToRow[j] = -1;
    }
  }

  // Reduction transfer from rows assigned once; collect free rows.
  const free = new Int32Array(n);
  let numFree = 0;
  for (let i = 0; i < n; i++) {
    if (matches[i] === 0) {
      free[numFree++] = i;
    } else if (matches[i] === 1) {
      const j1 = rowToCol[i]!;
      let min = Infinity;
      const base = i * n;
      for (let j = 0; j < n; j++) if (j !== j1) {
        const r = cost[base + j]! - v[j]!;
        if (r < min) min = r;
      }
      if (min !== Infinity) v[j1] = v[j1]! - min;
    }
  }

  // Augmenting row reduction, twice.
  for (let pass = 0; pass < 2; pass++) {
    let k = 0;
    const prevNumFree = numFree;
    numFree = 0;
    while (k < prevNumFree) {
      const i = free[k++]!;
      const base = i * n;
      let umin = cost[base]! - v[0]!;
      let j1 = 0;
      let usubmin = Infinity;
      let j2 = -1;
      for (let j = 1; j < n; j++) {
        const h = cost[base + j]! - v[j]!;
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
      let i0 = colToRow[j1]!;
      if (umin < usubmin) {
        v[j1] = v[j1]! - (usubmin - umin);
      } else if (i0 >= 0 && j2 >= 0) {
        j1 = j2;
        i0 = colToRow[j2]!;
      }
      rowToCol[i] = j1;
      colToRow[j1] = i;
      if (i0 >= 0) {
        if (umin < usubmin) free[--k] = i0;
        else free[numFree++] = i0;
      }
    }
  }

  const work = new Workspace(n);
  for (let f = 0; f < numFree; f++) augment(n, cost, free[f]!, rowToCol, colToRow, v, work);
  return { n, rowToCol, colToRow, v };
}

/** Scratch arrays of one augmentation, reused across rows. */
class Workspace {
  readonly d: Float64Array;
  readonly pred: Int32Array;
  readonly cols: Int32Array;
  constructor(n: number) {
    this.d = new Float64Array(n);
    this.pred = new Int32Array(n);
    this.cols = new Int32Array(n);
  }
}

/** One shortest augmenting path from a free row (Dijkstra on reduced costs), updating `v`. */
function augment(n: number, cost: Float64Array, start: number, rowToCol: Int32Array, colToRow: Int32Array, v: Float64Array, work: Workspace): void {
  const { d, pred, cols } = work;
  const base0 = start * n;
  for (let j = 0; j < n; j++) {
    d[j] = cost[base0 + j]! - v[j]!;
    pred[j] = start;
    cols[j] = j;
  }
  // cols[0..low) scanned, [low..up) to scan (all at distance min), [up..n) not yet reached.
  let low = 0;
  let up = 0;
  let last = 0;
  let min = 0;
  let endOfPath = -1;
  outer: for (;;) {
    if (up === low) {
      last = low;
      min = d[cols[up++]!]!;
      for (let k = up; k < n; k++) {
        const j = cols[k]!;
        const h = d[j]!;
        if (h <= min) {
          if (h < min) {
            up = low;
            min = h;
          }
          cols[k] = cols[up]!;
          cols[up++] = j;
        }
      }
      for (let k = low; k < up; k++) {
        const j = cols[k]!;
        if (colToRow[j]! < 0) {
          endOfPath = j;
          break outer;
        }
      }
    }
    const j1 = cols[low++]!;
    const i = colToRow[j1]!;
    const base = i * n;
    const u1 = cost[base + j1]! - v[j1]! - min;
    for (let k = up; k < n; k++) {
      const j = cols[k]!;
      const h = cost[base + j]! - v[j]! - u1;
      if (h < d[j]!) {
        d[j] = h;
        pred[j] = i;
        if (h === min) {
          if (colToRow[j]! < 0) {
            endOfPath = j;
            break outer;
          }
          cols[k] = cols[up]!;
          cols[up++] = j;
        }
      }
    }
  }
  // Update the potentials of the scanned columns.
  for (let k = 0; k < last; k++) {
    const j = cols[k]!;
    v[j] = v[j]! + d[j]! - min;
  }
  // Augment along the path.
  let j = endOfPath;
  for (;;) {
    const i = pred[j]!;
    colToRow[j] = i;
    const previous = rowToCol[i]!;
    rowToCol[i] = j;
    if (i === start) break;
    j = previous;
  }
}

/**
 * Row `row` of `cost` has changed: free it and re-solve with one augmentation. The other rows
 * keep their columns or are moved along the augmenting path; the result is optimal again.
 */
export function repairRow(a: Assignment, cost: Float64Array, row: number): void {
  const col = a.rowToCol[row]!;
  if (col >= 0) {
    a.colToRow[col] = -1;
    a.rowToCol[row] = -1;
  }
  augment(a.n, cost, row, a.rowToCol, a.colToRow, a.v, new Workspace(a.n));
}

export function assignmentCost(a: Assignment, cost: Float64Array): number {
  let total = 0;
  for (let i = 0; i < a.n; i++) total += cost[i * a.n + a.rowToCol[i]!]!;
  return total;
}
