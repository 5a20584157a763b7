// Warm re-solve of a sparse assignment after some rows' edges changed (edges added by the plan's
// certification, a family or offer edited, a lock or forbid): keep every other row's column and
// all potentials, free only the rows whose duals the change broke, augment them, then give back
// its price to every column left free with one (the rectangular optimum wants free columns at 0).
//
// Giving back a price (`releasePrice`), why it is exact: see the problem as square, with one
// dummy row per spare column, cost 0 to every column, potential 0. The column t left free with
// v_t < 0 is "held" by a dummy with reduced cost −v_t > 0; freeing that dummy and augmenting from
// it is one Dijkstra whose sources are all columns at distance −v_j (the dummy's reduced costs),
// and whose only sink is t. With D the final distances (D_j = −v_j when never improved) and M =
// D_t, the update v_j += min(D_j, M), u_r −= min(D_{col(r)}, M) keeps every reduced cost ≥ 0
// (Dijkstra's triangle inequality), the matching tight, v ≤ 0 (D_j ≤ −v_j), and leaves the path's
// first column free at v = 0: the LP optimality conditions hold again.
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

/** Column `t` is free with v_t < 0: re-route so that the columns left free all have v = 0 (see above). */
export function releasePrice(s: SparseAssignment, t: number): void {
  const { rowStart, col, cost, rows } = s.graph;
  const { rowToCol, colToRow, u, v } = s;
  const cols = s.graph.cols;
  const { dist, pred, done, heap } = scratch(cols, rows + col.length + 1);
  for (let j = 0; j < cols; j++) {
    dist[j] = -v[j]!;
    pred[j] = -1;
    done[j] = 0;
  }
  heap.size = 0;
  for (let i = 0; i < rows; i++) {
    const j = rowToCol[i]!;
    if (j >= 0) heap.add(dist[j]!, j);
  }
  heap.add(dist[t]!, t);
  heap.heapify();
  let M = dist[t]!;
  while (heap.size > 0) {
    const d = heap.topKey();
    const j = heap.pop();
    if (done[j] || d > dist[j]!) continue;
    done[j] = 1;
    if (j === t) {
      M = d;
      break;
    }
    const r = colToRow[j]!;
    if (r < 0) continue; // another free column: a dead end (its dummy offers nothing shorter)
    const base = d - u[r]!;
    for (let e = rowStart[r]!; e < rowStart[r + 1]!; e++) {
      const k = col[e]!;
      if (done[k]) continue;
      const nd = base + cost[e]! - v[k]!;
      if (nd < dist[k]!) {
        dist[k] = nd;
        pred[k] = r;
        heap.push(nd, k);
      }
    }
  }
  for (let i = 0; i < rows; i++) {
    const j = rowToCol[i]!;
    if (j >= 0) u[i] = u[i]! - Math.min(dist[j]!, M);
  }
  for (let j = 0; j < cols; j++) v[j] = v[j]! + Math.min(dist[j]!, M);
  // The path: t ← r_k ← … ← r_1 ← j_1 (a source, now free).
  let j = t;
  while (pred[j]! >= 0) {
    const r = pred[j]!;
    const previous = rowToCol[r]!;
    rowToCol[r] = j;
    colToRow[j] = r;
    colToRow[previous] = -1;
    j = previous;
  }
  v[j] = 0; // the freed source column: −v_j + v_j, exactly
}

// Scratch reused by every release (many per warm re-solve): allocating it each time cost more than the search.
let shared: { dist: Float64Array; pred: Int32Array; done: Uint8Array; heap: MinHeap } | undefined;
function scratch(cols: number, heapSize: number) {
  if (!shared || shared.dist.length < cols || shared.heap.capacity < heapSize) {
    shared = { dist: new Float64Array(cols), pred: new Int32Array(cols), done: new Uint8Array(cols), heap: new MinHeap(Math.max(heapSize, shared?.heap.capacity ?? 0)) };
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
  /** Appends without ordering; call heapify before the first pop. */
  add(key: number, item: number): void {
    this.keys[this.size] = key;
    this.items[this.size++] = item;
  }
  heapify(): void {
    for (let k = (this.size >> 1) - 1; k >= 0; k--) this.siftDown(k, this.keys[k]!, this.items[k]!);
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
