// Offer prices for the plan's prune (plan.ts): a forward auction with ε-scaling (Bertsekas) over
// every family's eligible pairs. Its prices are only a guide: the plan keeps, per family, the
// pairs whose value (gain − price) is near the family's best, solves that graph exactly and
// certifies it with the exact duals; prices far from the optimum cost certification rounds, never
// exactness. Families bid in turn; a bid raises the price of the family's best offer by
// (best value − second value + ε), and "no match" (value 0, never priced) is every family's
// fallback, so no price exceeds a gain. Prices only rise, so an offer's value only falls: each
// family keeps its few best offers of its last full scan and the value of the next one, and
// while its two best cached values stay above that bound they are the row's true best two
// (Bertsekas' look-back; here with some slack, see LOOK_BACK_SLACK), which spares most full scans
// of long rows.

/**
 * Every family's candidates (CSR): offer and gain (already × urgency); blocked pairs left out.
 * Compact on purpose — 16-bit offers when they fit, float32 gains: the auction streams the table
 * many times, and its prices are only a guide (the exact solve and the certificate use float64).
 */
export interface PricedRows {
  n: number;
  m: number;
  rowStart: Int32Array;
  col: Uint16Array | Int32Array;
  gain: Float32Array;
  /** 1 for a family that never bids (a locked one). */
  fixed: Uint8Array;
}

const CACHED = 8;
/**
 * A family trusts its cache while its second-best cached value is within this many bid increments
 * of the bound (an uncached offer is then taken at the bound's value as the second best): the
 * bid is at most that much off, which a guide can afford — at 10,000 × 10,000 it cuts the first
 * phase's full scans from 136k to 35k (225 M pairs read to 54 M), and the finer phases correct it.
 */
const LOOK_BACK_SLACK = 10;

/**
 * Prices per offer (≥ 0), and which offers a family holds at the end (`held`). Phases divide the
 * bid increment ε by `step`, from `epsilonStart` (at most a tenth of the largest gain) down to
 * `epsilonFinal`. A phase starts every family afresh
 * from the last phase's prices, which stay: a coarse first phase priced near the optimum (scores
 * are 0–100 points) is what keeps the fine ones short. Prices are never lowered, not even to 0 for
 * an offer nobody holds at the end: that would make it every family's best and the prices useless.
 */
export function auctionPrices(rows: PricedRows, epsilonFinal = 0.02, step = 5, epsilonStart = 2): { price: Float64Array; held: Uint8Array } {
  const { n, m, rowStart, col, gain, fixed } = rows;
  let maxGain = 0;
  for (let e = 0; e < gain.length; e++) if (gain[e]! > maxGain) maxGain = gain[e]!;
  const price = new Float64Array(m);
  const owner = new Int32Array(m);
  // Each family's cached offers and their gains, side by side: a bid reads them, not the big table.
  const cacheCol = new Int32Array(n * CACHED).fill(-1);
  const cacheGain = new Float32Array(n * CACHED);
  const bound = new Float64Array(n).fill(Infinity); // Infinity: no valid cache yet
  const queue = new Int32Array(n);
  const scratch = { topPos: new Int32Array(CACHED + 1), topVal: new Float64Array(CACHED + 1) };
  let epsilon = Math.max(epsilonFinal, Math.min(epsilonStart, maxGain / 10));
  for (;;) {
    owner.fill(-1);
    let head = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) {
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
          const j = cacheCol[base + c]!;
          if (j < 0) break;
          const value = cacheGain[base + c]! - price[j]!;
          if (value > w1) {
            w2 = w1;
            w1 = value;
            best = j;
          } else if (value > w2) w2 = value;
        }
        if (w2 >= bound[i]! - LOOK_BACK_SLACK * epsilon || attempt === 1) break;
        scanRow(i, rowStart, col, gain, price, cacheCol, cacheGain, bound, scratch);
      }
      if (best < 0 || w1 <= 0) continue; // "no match" is at least as good: the family waits there
      // An offer out of the cache is worth at most the bound: take it as the second best when higher.
      if (w2 < bound[i]!) w2 = Math.min(w1, bound[i]!);
      if (w2 < 0) w2 = 0;
      const j = best;
      price[j] = price[j]! + (w1 - w2) + epsilon;
      const previous = owner[j]!;
      owner[j] = i;
      if (previous >= 0) {
        queue[tail++ % n] = previous;
        pending++;
      }
    }
    if (epsilon <= epsilonFinal) break;
    epsilon = Math.max(epsilonFinal, epsilon / step);
  }
  const held = new Uint8Array(m);
  for (let j = 0; j < m; j++) held[j] = owner[j]! >= 0 ? 1 : 0;
  return { price, held };
}

/**
 * Full scan of row i: its CACHED best offers by value into the cache (any order), the value of
 * the next best as its bound. A min-heap of CACHED + 1 entries keeps the best seen so far.
 */
function scanRow(
  i: number,
  rowStart: Int32Array,
  col: Uint16Array | Int32Array,
  gain: Float32Array,
  price: Float64Array,
  cacheCol: Int32Array,
  cacheGain: Float32Array,
  bound: Float64Array,
  scratch: { topPos: Int32Array; topVal: Float64Array },
): void {
  const { topPos: heapPos, topVal: heapVal } = scratch;
  const end = rowStart[i + 1]!;
  const full = CACHED + 1;
  let size = 0;
  for (let e = rowStart[i]!; e < end; e++) {
    const value = gain[e]! - price[col[e]!]!;
    let k: number;
    if (size < full) {
      k = size++;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if (heapVal[parent]! <= value) break;
        heapVal[k] = heapVal[parent]!;
        heapPos[k] = heapPos[parent]!;
        k = parent;
      }
    } else {
      if (value <= heapVal[0]!) continue;
      k = 0;
      for (;;) {
        let child = 2 * k + 1;
        if (child >= full) break;
        if (child + 1 < full && heapVal[child + 1]! < heapVal[child]!) child++;
        if (heapVal[child]! >= value) break;
        heapVal[k] = heapVal[child]!;
        heapPos[k] = heapPos[child]!;
        k = child;
      }
    }
    heapVal[k] = value;
    heapPos[k] = e;
  }
  const base = i * CACHED;
  if (size === full) {
    for (let c = 0; c < CACHED; c++) {
      const e = heapPos[c + 1]!;
      cacheCol[base + c] = col[e]!;
      cacheGain[base + c] = gain[e]!;
    }
    bound[i] = heapVal[0]!;
  } else {
    for (let c = 0; c < CACHED; c++) {
      const e = c < size ? heapPos[c]! : -1;
      cacheCol[base + c] = e < 0 ? -1 : col[e]!;
      cacheGain[base + c] = e < 0 ? 0 : gain[e]!;
    }
    bound[i] = -Infinity;
  }
}
