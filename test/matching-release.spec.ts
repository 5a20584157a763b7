// Giving back a price (sparse-warm.ts releasePrice, a search backwards from the freed offer): an
// exact solve started from arbitrary prices, with every column it leaves free at a price given
// back, satisfies the LP certificate and reaches the cold solve's optimum.
import { expect } from 'chai';
import fc from 'fast-check';
import { SparseAssignment, type SparseGraph } from '../src/modules/matching/engine/sparse-lap.js';
import { releasePrice } from '../src/modules/matching/engine/sparse-warm.js';
import { mulberry32 } from '../bench/synthetic.js';

/** n families, m offers, each family a private "no match" column (cost 1000), random sparse pairs (cost < 1000). */
function graph(seed: number, n: number, m: number, density: number): SparseGraph {
  const r = mulberry32(seed);
  const rowStart = new Int32Array(n + 1);
  const col: number[] = [];
  const cost: number[] = [];
  for (let i = 0; i < n; i++) {
    rowStart[i] = col.length;
    for (let j = 0; j < m; j++) {
      if (r() >= density) continue;
      col.push(j);
      cost.push(r() < 0.2 ? 900 + 10 * Math.floor(r() * 5) : 1000 * r()); // some ties
    }
    col.push(m + i);
    cost.push(1000);
  }
  rowStart[n] = col.length;
  return { rows: n, cols: m + n, rowStart, col: Int32Array.from(col), cost: Float64Array.from(cost) };
}

describe('giving back the price of a column left free', () => {
  it('after a solve from random prices, the certificate holds and the optimum is the cold one', () => {
    let released = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom(0.1, 0.3, 0.8),
        (seed, n, m, density) => {
          const g = graph(seed, n, m, density);
          const cold = new SparseAssignment(g).solve();
          expect(cold.certifiesOptimum()).to.equal(true);
          const r = mulberry32(seed ^ 0x5bd1e995);
          const prices = Float64Array.from({ length: g.cols }, (_, j) => (j < m && r() < 0.7 ? -600 * r() : 0));
          const warm = new SparseAssignment(g, prices).solve();
          for (let j = 0; j < g.cols; j++) {
            if (warm.colToRow[j]! < 0 && warm.v[j]! < -1e-9) {
              releasePrice(warm, j);
              released++;
            }
          }
          expect(warm.certifiesOptimum(), 'LP certificate after the releases').to.equal(true);
          expect(warm.totalCost()).to.be.closeTo(cold.totalCost(), 1e-6);
          const taken = new Set<number>();
          for (let i = 0; i < n; i++) {
            const j = warm.rowToCol[i]!;
            expect(warm.colToRow[j]).to.equal(i);
            expect(taken.has(j)).to.equal(false);
            taken.add(j);
          }
        },
      ),
      { numRuns: 400 },
    );
    expect(released, 'columns whose price was given back').to.be.above(100);
  });
});
