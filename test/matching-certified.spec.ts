// The pruned-and-certified plan (issue 20): on random and adversarial instances it reaches the
// optimum of the full solver and of brute force, with locks, forbids and urgency; its repairs
// after random edits reach the optimum of a plan from scratch; regret is best − score.
import { expect } from 'chai';
import fc from 'fast-check';
import type { ScoreMatrix } from '../src/modules/matching/engine/matrix.js';
import { eligibleFromMatrix } from '../src/modules/matching/engine/eligible.js';
import { PlanState, type PlanOptions } from '../src/modules/matching/engine/plan.js';
import { SparseAssignment } from '../src/modules/matching/engine/sparse-lap.js';
import { mulberry32 } from '../bench/synthetic.js';

interface Instance {
  matrix: ScoreMatrix;
  options: PlanOptions;
}

/**
 * `shared` > 0 makes every family rank the same few offers first (scores close to 100 plus noise):
 * a small top-k then holds the same offers for everyone, and only certification finds the rest.
 */
function instance(seed: number, n: number, m: number, shared: number, eligible = 0.6): Instance {
  const r = mulberry32(seed);
  const score = new Float64Array(n * m);
  const blockers = new Uint32Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const k = i * m + j;
      blockers[k] = r() < eligible ? 0 : 1 + Math.floor(r() * 4);
      score[k] = j < shared ? 90 + 10 * r() : r() < 0.1 ? 0 : Math.round(100 * r() * 4) / 4; // quarter steps: ties
    }
  }
  const urgency = Float64Array.from({ length: n }, () => 1 + Math.floor(r() * 4));
  const pairs = (count: number) => Array.from({ length: count }, (): [number, number] => [Math.floor(r() * n), Math.floor(r() * m)]);
  const locked = [...new Map(pairs(r() < 0.4 ? 1 + Math.floor(r() * 2) : 0).map(([i, j]) => [i, j])).entries()].filter(
    ([, j], k, all) => all.findIndex(([, x]) => x === j) === k,
  );
  return { matrix: { n, m, score, blockers }, options: { urgency, locked, forbidden: pairs(Math.floor(r() * 4)) } };
}

function bruteForce(n: number, m: number, gain: (i: number, j: number) => number): number {
  let best = 0;
  const used = new Uint8Array(m);
  const rec = (i: number, total: number) => {
    if (i === n) return void (best = Math.max(best, total));
    rec(i + 1, total);
    for (let j = 0; j < m; j++) {
      const g = gain(i, j);
      if (g > 0 && !used[j]) {
        used[j] = 1;
        rec(i + 1, total + g);
        used[j] = 0;
      }
    }
  };
  rec(0, 0);
  return best;
}

/** The full solver: every eligible pair an edge, no pruning, no certificate. */
function fullOptimum(state: PlanState): number {
  const { graph, totalCost } = state.solvedGraph();
  const full = new SparseAssignment(graph).solve();
  expect(full.certifiesOptimum()).to.equal(true);
  expect(totalCost).to.be.closeTo(full.totalCost(), 1e-6);
  return graph.rows * 1e7 - full.totalCost();
}

function expectRegrets(state: PlanState, { matrix, options }: Instance): void {
  const forbidden = new Set((options.forbidden ?? []).map(([i, j]) => i * matrix.m + j));
  for (const p of state.result().pairs) {
    let best = 0;
    for (let j = 0; j < matrix.m; j++) {
      const k = p.family * matrix.m + j;
      if (matrix.blockers[k] === 0 && !forbidden.has(k)) best = Math.max(best, matrix.score[k]!);
    }
    expect(p.score).to.equal(matrix.score[p.family * matrix.m + p.offer]);
    expect(p.regret).to.be.closeTo(Math.max(0, best - p.score), 1e-9);
  }
}

const dims = fc.record({
  seed: fc.integer({ min: 1, max: 1e9 }),
  n: fc.integer({ min: 1, max: 7 }),
  m: fc.integer({ min: 1, max: 7 }),
  shared: fc.integer({ min: 0, max: 3 }),
  k: fc.integer({ min: 1, max: 3 }),
});

describe('the plan: pruned, then certified with the duals', () => {
  it('equals brute force and the full solver on small random instances (locks, forbids, urgency, ties, tiny k)', () => {
    fc.assert(
      fc.property(dims, ({ seed, n, m, shared, k }) => {
        const inst = instance(seed, n, m, shared);
        const state = new PlanState(inst.matrix, { ...inst.options, k });
        expect(state.objective()).to.be.closeTo(
          bruteForce(n, m, (i, j) => state.gain(i, j)),
          1e-6,
        );
        expect(state.objective()).to.be.closeTo(fullOptimum(state), 1e-6);
        for (const [i, j] of inst.options.locked ?? []) expect(state.result().pairs.some((p) => p.family === i && p.offer === j)).to.equal(true);
        expectRegrets(state, inst);
      }),
      { numRuns: 300 },
    );
  });

  it('adds the pairs the prune got wrong: everyone wants the same offers, k = 1, 2 or 3', () => {
    let certificationAdded = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 3 }), (seed, k) => {
        const inst = instance(seed, 60, 45, 5, 0.5);
        const state = new PlanState(inst.matrix, { ...inst.options, k });
        if (state.rounds > 1) certificationAdded++;
        expect(state.coldSolves).to.equal(0);
        expect(state.prunedEdges()).to.be.below(state.solvedGraph().graph.col.length);
        expect(state.objective()).to.be.closeTo(fullOptimum(state), 1e-6);
        expectRegrets(state, inst);
      }),
      { numRuns: 40 },
    );
    expect(certificationAdded, 'instances where the first pruned solve was not optimal').to.be.above(30);
  });

  it('priced prune made wrong on purpose (no slack, one pair per family, coarse prices): certification adds what it missed', () => {
    let certificationAdded = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom(0.5, 5, 20), (seed, auctionEpsilon) => {
        const inst = instance(seed, 60, 45, 5, 0.5);
        const state = new PlanState(inst.matrix, { ...inst.options, slack: 0, minKept: 1, auctionEpsilon });
        if (state.rounds > 1) certificationAdded++;
        expect(state.coldSolves).to.equal(0);
        expect(state.objective()).to.be.closeTo(fullOptimum(state), 1e-6);
        expectRegrets(state, inst);
      }),
      { numRuns: 40 },
    );
    expect(certificationAdded, 'instances where the first priced graph was not optimal').to.be.above(20);
  });

  it('priced prune equals brute force on small random instances, from exact to useless prices', () => {
    fc.assert(
      fc.property(dims, fc.constantFrom(0.01, 1, 50), fc.integer({ min: 0, max: 3 }), ({ seed, n, m, shared }, auctionEpsilon, slack) => {
        const inst = instance(seed, n, m, shared);
        const state = new PlanState(inst.matrix, { ...inst.options, slack, minKept: 1, auctionEpsilon });
        expect(state.objective()).to.be.closeTo(
          bruteForce(n, m, (i, j) => state.gain(i, j)),
          1e-6,
        );
        expect(state.coldSolves).to.equal(0);
        for (const [i, j] of inst.options.locked ?? []) expect(state.result().pairs.some((p) => p.family === i && p.offer === j)).to.equal(true);
        expectRegrets(state, inst);
      }),
      { numRuns: 300 },
    );
  });

  it('plans the same from the eligible pairs alone as from the dense matrix', () => {
    fc.assert(
      fc.property(dims, ({ seed, n, m, shared }) => {
        const inst = instance(seed, n + 20, m + 20, shared);
        // The eligible pairs alone do not know the score of a blocked pair: lock eligible ones (as the service does).
        const { m: width, blockers } = inst.matrix;
        const options = { ...inst.options, locked: (inst.options.locked ?? []).filter(([i, j]) => blockers[i * width + j] === 0) };
        const dense = new PlanState(inst.matrix, options);
        const sparse = new PlanState(eligibleFromMatrix(inst.matrix), options);
        expect(sparse.objective()).to.be.closeTo(dense.objective(), 1e-6);
        expect(sparse.result().totalScore).to.be.closeTo(dense.result().totalScore, 1e-6);
      }),
      { numRuns: 50 },
    );
  });
});

describe('the plan: repair after an edit equals a fresh solve', () => {
  type Edit = { kind: 'family' | 'offer' | 'lock' | 'unlock' | 'forbid' | 'allow'; at: number; other: number; seed: number };
  const edit = fc.record({
    kind: fc.constantFrom('family', 'offer', 'lock', 'unlock', 'forbid', 'allow'),
    at: fc.nat(),
    other: fc.nat(),
    seed: fc.integer({ min: 1, max: 1e9 }),
  }) as fc.Arbitrary<Edit>;

  it('after each of a random sequence of edits (family or offer re-scored, lock, unlock, forbid, allow)', () => {
    fc.assert(
      // k undefined: the priced prune (its repairs prune by the exact duals); 1–4: a fixed top-k.
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.constantFrom(undefined, 1, 2, 3, 4),
        fc.array(edit, { minLength: 1, maxLength: 12 }),
        (seed, k, edits) => {
          const n = 30;
          const m = 25;
          const inst = instance(seed, n, m, 3);
          const locked = new Map(inst.options.locked);
          const forbidden = new Set((inst.options.forbidden ?? []).map(([i, j]) => `${i},${j}`));
          const state = new PlanState(inst.matrix, { ...inst.options, k });
          const { score, blockers } = inst.matrix;
          for (const e of edits) {
            const r = mulberry32(e.seed);
            const i = e.at % n;
            const j = e.other % m;
            if (e.kind === 'family') {
              for (let c = 0; c < m; c++) {
                score[i * m + c] = c < 3 ? 95 + 5 * r() : 100 * r();
                blockers[i * m + c] = r() < 0.5 ? 0 : 1;
              }
              state.repairFamily(i);
            } else if (e.kind === 'offer') {
              for (let f = 0; f < n; f++) {
                score[f * m + j] = 100 * r();
                blockers[f * m + j] = r() < 0.7 ? 0 : 2;
              }
              state.repairOffer(j);
            } else if (e.kind === 'lock') {
              if ([...locked.entries()].some(([f, o]) => o === j && f !== i)) continue; // one lock per offer
              locked.set(i, j);
              state.setLock(i, j);
            } else if (e.kind === 'unlock') {
              locked.delete(i);
              state.setLock(i, undefined);
            } else {
              const on = e.kind === 'forbid';
              if (on) forbidden.add(`${i},${j}`);
              else forbidden.delete(`${i},${j}`);
              state.setForbidden(i, j, on);
            }
            const options: PlanOptions = {
              urgency: inst.options.urgency,
              locked: [...locked.entries()],
              forbidden: [...forbidden].map((s) => s.split(',').map(Number) as [number, number]),
            };
            const fresh = new PlanState(inst.matrix, options);
            expect(state.objective(), `after ${e.kind} ${i},${j}`).to.be.closeTo(fresh.objective(), 1e-6);
            expect(state.objective()).to.be.closeTo(fullOptimum(state), 1e-6);
            expectRegrets(state, { matrix: inst.matrix, options });
          }
          expect(state.coldSolves, 'warm re-solves that needed a cold one').to.equal(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
