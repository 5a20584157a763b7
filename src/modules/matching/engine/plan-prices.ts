// Offer prices for the plan's prune (plan.ts): a forward auction with ε-scaling (Bertsekas) over
// every family's eligible pairs. Its prices are only a guide: the plan keeps, per family, the
// pairs whose value (gain − price) is near the family's best, solves that graph exactly and
// certifies it with the exact duals; prices far from the optimum cost certification rounds, never
// exactness. Families bid in turn; a bid raises the price of the family's best offer by
// (best value − second value + ε), and "no match" (value 0, never priced) is every family's
// fallback, so no price exceeds a gain. Prices only rise, so an offer's value only falls: each
// family keeps its few best offers of its last full scan and the value of the next one, and
// while its two best cached values stay above that bound they are the row's true best two
// (Bertsekas' look-back), which spares most full scans of long rows.

/** Every family's candidates (CSR): offer and gain (already × urgency); blocked pairs left out. */
export interface PricedRows {
  n: number;
  m: number;
  rowStart: Int32Array;
  col: Int32Array;
  gain: Float64Array;
  /** 1 for a family that never bids (a locked one). */
  fixed: Uint8Array;
}

const CACHED = 8;

/**
 * Prices per offer (≥ 0). Phases divide the bid increment ε by `step`, from `epsilonStart` (at
 * most a tenth of the largest gain) down to `epsilonFinal`. A phase starts every family afresh
 * from the last phase's prices, which stay: a coarse first phase priced near the optimum (scores
 * are 0–100 points) is what keeps the fine ones short. Prices are never lowered, not even to 0 for
 * an offer nobody holds at the end: that would make it every family's best and the prices useless.
 */
export function auctionPrices(rows: PricedRows, epsilonFinal = 0.02, step = 5, epsilonStart = 2): Float64Array {
  const { n, m, rowStart, col, gain, fixed } = rows;
  let maxGain = 0;
  for (let e = 0; e < gain.length; e++) if (gain[e]! > maxGain) maxGain = gain[e]!;
  const price = new Float64Array(m);
  const owner = new Int32Array(m);
  const assigned = new Int32Array(n);
  const cache = new Int32Array(n * CACHED).fill(-1);
  const bound = new Float64Array(n).fill(Infinity); // Infinity: no valid cache yet
  const queue = new Int32Array(n);
  const topPos = new Int32Array(CACHED + 1);
  const topVal = new Float64Array(CACHED + 1);

  const scratch = { topPos, topVal };
  let epsilon = Math.max(epsilonFinal, Math.min(epsilonStart, maxGain / 10));
  for (;;) {
    owner.fill(-1);
    let head = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      assigned[i] = -1;
      if (fixed[i] === 0 && rowStart[i + 1]! > rowStart[i]!) queue[tail++ % n] = i;
    }
    let pending = tail;
    while (pending > 0) {
      const i = queue[head++ % n]!;
      pending--;
      // Best and second best values among the cached offers, "no match" (0) always a candidate.
      let best = -1;
      let w1 = 0;
      let w2 = 0;
      for (let attempt = 0; attempt < 2; attempt++) {
        best = -1;
        w1 = -Infinity;
        w2 = -Infinity;
        const base = i * CACHED;
        for (let c = 0; c < CACHED; c++) {
          const e = cache[base + c]!;
          if (e < 0) break;
          const value = gain[e]! - price[col[e]!]!;
          if (value > w1) {
            w2 = w1;
            w1 = value;
            best = e;
          } else if (value > w2) w2 = value;
        }
        if (w2 >= bound[i]! || attempt === 1) break;
        scanRow(i, rowStart, col, gain, price, cache, bound, scratch);
      }
      if (best < 0 || w1 <= 0) continue; // "no match" is at least as good: the family waits there
      if (w2 < 0) w2 = 0;
      const j = col[best]!;
      price[j] = price[j]! + (w1 - w2) + epsilon;
      const previous = owner[j]!;
      owner[j] = i;
      assigned[i] = j;
      if (previous >= 0) {
        assigned[previous] = -1;
        queue[tail++ % n] = previous;
        pending++;
      }
    }
    if (epsilon <= epsilonFinal) break;
    epsilon = Math.max(epsilonFinal, epsilon / step);
  }
  return price;
}

/** Full scan of row i: its CACHED best offers by value into the cache, the next value as its bound. */
function scanRow(i: number, rowStart: Int32Array, col: Int32Array, gain: Float64Array, price: Float64Array, cache: Int32Array, bound: Float64Array, scratch: { topPos: Int32Array; topVal: Float64Array }): void {
  const { topPos, topVal } = scratch;
  const end = rowStart[i + 1]!;
  let size = 0;
  let floor = -Infinity;
  for (let e = rowStart[i]!; e < end; e++) {
    const value = gain[e]! - price[col[e]!]!;
    if (value <= floor) continue;
    let at = size < CACHED + 1 ? size++ : CACHED;
    while (at > 0 && topVal[at - 1]! < value) {
      topVal[at] = topVal[at - 1]!;
      topPos[at] = topPos[at - 1]!;
      at--;
    }
    topVal[at] = value;
    topPos[at] = e;
    if (size === CACHED + 1) floor = topVal[CACHED]!;
  }
  const base = i * CACHED;
  for (let c = 0; c < CACHED; c++) cache[base + c] = c < size ? topPos[c]! : -1;
  bound[i] = size === CACHED + 1 ? topVal[CACHED]! : -Infinity;
}
