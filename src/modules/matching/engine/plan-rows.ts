// Family rows of the plan: each family's eligible pairs (base table plus rows replaced by an
// edit), which of them a lock or a forbid takes out, and the top-k choice of the pruned graph.
import type { EligibleScores } from './eligible.js';

export interface RowView {
  col: Int32Array;
  score: Float64Array;
  start: number;
  end: number;
}

export class PlanRows {
  private readonly edited = new Map<number, { col: Int32Array; score: Float64Array }>();
  /** Offers held by a lock (count of locks on each, a lock is per family). */
  readonly lockedOffer: Int32Array;
  readonly locked = new Map<number, number>();
  readonly forbidden = new Map<number, Set<number>>();
  /** Per-row scratch: 1 on the offers this row may not take (lock-taken or forbidden). */
  private readonly blocked: Uint8Array;
  private blockedRow = -1;

  constructor(private readonly base: EligibleScores) {
    this.lockedOffer = new Int32Array(base.m);
    this.blocked = new Uint8Array(base.m);
  }

  get n(): number {
    return this.base.n;
  }
  get m(): number {
    return this.base.m;
  }

  row(i: number): RowView {
    const e = this.edited.get(i);
    if (e) return { col: e.col, score: e.score, start: 0, end: e.col.length };
    return { col: this.base.col, score: this.base.score, start: this.base.rowStart[i]!, end: this.base.rowStart[i + 1]! };
  }

  replaceRow(i: number, col: Int32Array, score: Float64Array): void {
    this.edited.set(i, { col, score });
  }

  /** Score of an eligible pair (binary search, columns ascending), undefined when ineligible. */
  score(i: number, j: number): number | undefined {
    const { col, score, start, end } = this.row(i);
    let lo = start;
    let hi = end - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = col[mid]!;
      if (c === j) return score[mid]!;
      if (c < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  lock(i: number, j: number): void {
    this.unlock(i);
    this.locked.set(i, j);
    this.lockedOffer[j]!++;
    this.blockedRow = -1;
  }

  unlock(i: number): void {
    const j = this.locked.get(i);
    if (j === undefined) return;
    this.locked.delete(i);
    this.lockedOffer[j]!--;
    this.blockedRow = -1;
  }

  setForbidden(i: number, j: number, on: boolean): void {
    let set = this.forbidden.get(i);
    if (on) {
      if (!set) this.forbidden.set(i, (set = new Set()));
      set.add(j);
    } else set?.delete(j);
    this.blockedRow = -1;
  }

  /** The offers row i may not take, as a 0/1 array over offers (valid until the next call). */
  blockedFor(i: number): Uint8Array {
    if (this.blockedRow === i) return this.blocked;
    const b = this.blocked;
    if (this.blockedRow === -1) for (let j = 0; j < b.length; j++) b[j] = this.lockedOffer[j]! > 0 ? 1 : 0;
    else for (const j of this.forbidden.get(this.blockedRow) ?? []) b[j] = this.lockedOffer[j]! > 0 ? 1 : 0;
    for (const j of this.forbidden.get(i) ?? []) b[j] = 1;
    this.blockedRow = i;
    return b;
  }
}

/**
 * Positions (into the row view) of the k best candidates by score — the gain's order, the
 * urgency factor being the row's own — and the smallest score kept, or −∞ when all are kept.
 */
export function topK(view: RowView, blocked: Uint8Array, k: number): { kept: number[]; threshold: number } {
  const { col, score, start, end } = view;
  const kept: number[] = [];
  const keys: number[] = [];
  let candidates = 0;
  for (let p = start; p < end; p++) {
    if (blocked[col[p]!] !== 0) continue;
    candidates++;
    const s = score[p]!;
    if (kept.length === k && s <= keys[k - 1]!) continue;
    let at = kept.length === k ? k - 1 : kept.length;
    if (kept.length < k) {
      kept.push(p);
      keys.push(s);
    }
    while (at > 0 && keys[at - 1]! < s) {
      keys[at] = keys[at - 1]!;
      kept[at] = kept[at - 1]!;
      at--;
    }
    keys[at] = s;
    kept[at] = p;
  }
  return { kept, threshold: candidates > kept.length ? keys[kept.length - 1]! : -Infinity };
}
