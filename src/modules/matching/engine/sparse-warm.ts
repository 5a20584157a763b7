// Warm re-solve of a sparse assignment after some rows' edges changed (edges added by the plan's
// certification, a family or offer edited, a lock or forbid): keep every other row's column and
// all potentials, free only the rows whose duals the change broke, augment them, then give back
// its price to every column left free with one (the rectangular optimum wants free columns at 0).
//
// Giving back a price (`releasePrice`), why it is exact: see the problem as square, with one
// dummy row per spare column, cost 0 to every column, potential 0. The column t left free with
// v_t < 0 is "held" by a dummy with reduced cost −v_t > 0; freeing that dummy and augmenting from
// it is a shortest path from the dummy (edges to every column j, length −v_j) through real rows
// (column j → its row r → r's other columns k, length c_rk − u_r − v_k ≥ 0) to t. It is searched
// backwards from t, over the rows that have an edge into each column (a per-column edge index):
// R_k is the distance from column k to t, and L = min_k (R_k − v_k) the length of the best path,
// starting at the dummy edge to s = argmin (s = t, L = −v_t, when nothing shorter exists). The
// search stops once the smallest R left is ≥ L, so it only visits the columns near t. With
// φ_k = min(R_k, L) (L for the columns it never reached), the update v_k += L − φ_k, u_r −= L − φ_{col(r)}
// turns each reduced cost ρ(j, k) into ρ + φ_k − φ_j ≥ 0 (R_j ≤ ρ + R_k), keeps the matching tight,
// keeps the dummy edges' −v ≥ 0 (that is L's definition) and makes the path tight; shifting the
// rows along the path leaves s free at v_s = 0. Only the columns the search reached change.
import { SparseAssignment, type SparseGraph } from './sparse-lap.js';

/**
 * `previous` solved a problem with the same rows and columns; `graph` has new edges on some rows.
 * `rows` lists the rows whose edges may have changed (all rows when omitted). Check the result
 * with `certifiesOptimum()`: it holds unless rounding broke it, and then the caller solves cold.
 */
export function warmResolve(previous: SparseAssignment, graph: SparseGraph, rows?: Iterable<number>, eps = 1e-7): SparseAssignment {
  const next = new SparseAssignment(graph);
  next.rowToCol.set(previous.rowToCol);
  next.colToRow.set(previous.colToRow);
  next.u.set(previous.u);
  next.v.set(previous.v);
  const { rowStart, col, cost } = graph;
  const { rowToCol, colToRow, u, v } = next;
  const freedRows: number[] = [];
  const freedCols: number[] = [];
  const checked = new Uint8Array(graph.rows);
  const check = (i: number) => {
    if (checked[i]) return; // a row listed twice is freed (and augmented) once
    checked[i] = 1;
    const matched = rowToCol[i]!;
    let broken = matched < 0;
    let hasMatched = false;
    let min = Infinity;
    for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) {
      const j = col[e]!;
      const reduced = cost[e]! - u[i]! - v[j]!;
      if (reduced < -eps) broken = true;
      if (j === matched) {
        hasMatched = true;
        if (reduced > eps) broken = true;
      }
      if (cost[e]! - v[j]! < min) min = cost[e]! - v[j]!;
    }
    if (!broken && hasMatched) return;
    if (matched >= 0) {
      colToRow[matched] = -1;
      freedCols.push(matched);
    }
    rowToCol[i] = -1;
    u[i] = min;
    freedRows.push(i);
  };
  if (rows) for (const i of rows) check(i);
  else for (let i = 0; i < graph.rows; i++) check(i);
  for (const i of freedRows) next.augment(i);
  for (const j of freedCols) if (colToRow[j]! < 0 && v[j]! < -eps) releasePrice(next, j);
  return next;
}

/** Rows with an edge into each column (CSC of the graph's edges), built once per graph. */
interface ColumnIndex {
  start: Int32Array;
  row: Int32Array;
  edge: Int32Array;
}
const indexes = new WeakMap<SparseGraph, ColumnIndex>();
function columnIndex(g: SparseGraph): ColumnIndex {
  let index = indexes.get(g);
  if (index) return index;
  const { rows, cols, rowStart, col } = g;
  const start = new Int32Array(cols + 1);
  for (let e = 0; e < col.length; e++) start[col[e]! + 1]!++;
  for (let j = 0; j < cols; j++) start[j + 1]! += start[j]!;
  const fill = start.slice(0, cols);
  const row = new Int32Array(col.length);
  const edge = new Int32Array(col.length);
  for (let i = 0; i < rows; i++) {
    for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) {
      const at = fill[col[e]!]!++;
      row[at] = i;
      edge[at] = e;
    }
  }
  index = { start, row, edge };
  indexes.set(g, index);
  return index;
}

/** Column `t` is free with v_t < 0: re-route so that the columns left free all have v = 0 (see above). */
export function releasePrice(s: SparseAssignment, t: number): void {
  const { cost } = s.graph;
  const { rowToCol, colToRow, u, v } = s;
  const cols = s.graph.cols;
  const index = columnIndex(s.graph);
  const { dist, next, stamp: seen, done, heap, reached } = scratch(cols, s.graph.col.length + 1);
  const mark = ++stampCounter;
  heap.size = 0;
  let reachedCount = 0;
  dist[t] = 0;
  next[t] = -1;
  seen[t] = mark;
  heap.push(0, t);
  let L = -v[t]!;
  let start = t;
  while (heap.size > 0) {
    const d = heap.topKey();
    if (d >= L) break;
    const k = heap.pop();
    if (done[k] === mark || d > dist[k]!) continue;
    done[k] = mark;
    reached[reachedCount++] = k;
    if (k !== t && d - v[k]! < L) {
      L = d - v[k]!;
      start = k;
    }
    const vk = v[k]!;
    for (let q = index.start[k]!; q < index.start[k + 1]!; q++) {
      const r = index.row[q]!;
      const j = rowToCol[r]!;
      if (j === k || j < 0 || done[j] === mark) continue;
      const nd = d + cost[index.edge[q]!]! - u[r]! - vk;
      if (seen[j] !== mark || nd < dist[j]!) {
        seen[j] = mark;
        dist[j] = nd;
        next[j] = k;
        heap.push(nd, j);
      }
    }
  }
  for (let q = 0; q < reachedCount; q++) {
    const k = reached[q]!;
    const shift = L - dist[k]!;
    v[k] = v[k]! + shift;
    const r = colToRow[k]!;
    if (r >= 0) u[r] = u[r]! - shift;
  }
  if (start === t) {
    v[t] = 0; // nothing shorter than its own dummy: t stays free, at −v_t + v_t, exactly
    return;
  }
  // The path: s → its row → next column … → t; each row on it moves to the next column.
  let j = start;
  let r = colToRow[j]!;
  colToRow[start] = -1;
  while (j !== t) {
    const k = next[j]!;
    const following = colToRow[k]!; // −1 at t
    rowToCol[r] = k;
    colToRow[k] = r;
    r = following;
    j = k;
  }
  v[start] = 0; // the freed source column: −v_s + (L − R_s) = 0, exactly
}

// Scratch reused by every release (many per warm re-solve): allocating it each time cost more than the search.
let stampCounter = 0;
let shared: { dist: Float64Array; next: Int32Array; stamp: Int32Array; done: Int32Array; reached: Int32Array; heap: MinHeap } | undefined;
function scratch(cols: number, heapSize: number) {
  if (!shared || shared.dist.length < cols || shared.heap.capacity < heapSize) {
    const size = Math.max(cols, shared?.dist.length ?? 0);
    shared = {
      dist: new Float64Array(size),
      next: new Int32Array(size),
      stamp: new Int32Array(size),
      done: new Int32Array(size),
      reached: new Int32Array(size),
      heap: new MinHeap(Math.max(heapSize, shared?.heap.capacity ?? 0)),
    };
    stampCounter = 0;
  }
  return shared;
}

class MinHeap {
  private readonly keys: Float64Array;
  private readonly items: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
  }
  get capacity(): number {
    return this.keys.length;
  }
  topKey(): number {
    return this.keys[0]!;
  }
  push(key: number, item: number): void {
    const { keys, items } = this;
    let k = this.size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[k] = keys[parent]!;
      items[k] = items[parent]!;
      k = parent;
    }
    keys[k] = key;
    items[k] = item;
  }
  pop(): number {
    const { keys, items } = this;
    const top = items[0]!;
    const lastKey = keys[--this.size]!;
    const lastItem = items[this.size]!;
    this.siftDown(0, lastKey, lastItem);
    return top;
  }
  private siftDown(from: number, lastKey: number, lastItem: number): void {
    const { keys, items } = this;
    let k = from;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= lastKey) break;
      keys[k] = keys[child]!;
      items[k] = items[child]!;
      k = child;
    }
    keys[k] = lastKey;
    items[k] = lastItem;
  }
}
