// `npm run bench -- --export DIR`: the exported graph is well-formed CSR and its totalCost is the
// optimum of that graph alone, recomputed without the project's solver (munkres, bitmask DP).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import munkres from 'munkres';
import { DEFAULT_WEIGHTS, weightVector } from '../src/modules/matching/engine/criteria.js';
import { scoreAll } from '../src/modules/matching/engine/matrix.js';
import { PlanState } from '../src/modules/matching/engine/plan.js';
import { buildTables } from '../src/modules/matching/engine/tables.js';
import { exportDirFromArgs, writePlanExport, type ExportedPlan } from '../bench/export.js';
import { mulberry32, syntheticProfiles } from '../bench/synthetic.js';

const weights = weightVector(DEFAULT_WEIGHTS);

function instance(n: number, m: number, seed: number, options: { locked?: [number, number][]; forbidden?: [number, number][] } = {}) {
  const { families, offers } = syntheticProfiles(n, m, seed);
  const matrix = scoreAll(buildTables(families, offers), weights);
  return new PlanState(matrix, { urgency: Float64Array.from(families, (f) => f.urgency), ...options });
}

function exportAndRead(state: PlanState): ExportedPlan {
  const dir = mkdtempSync(join(tmpdir(), 'plan-export-'));
  try {
    const path = writePlanExport(dir, 'plan-small', state);
    expect(path).to.equal(join(dir, 'plan-small.json'));
    return JSON.parse(readFileSync(path, 'utf8')) as ExportedPlan;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectWellFormed(g: ExportedPlan, n: number, m: number): void {
  expect(Object.keys(g).sort()).to.deep.equal(['col', 'cols', 'cost', 'rowStart', 'rows', 'totalCost']);
  expect(g.rows).to.equal(n);
  expect(g.cols).to.equal(m + n);
  expect(g.rowStart).to.have.length(n + 1);
  expect(g.rowStart[0]).to.equal(0);
  expect(g.rowStart[n]).to.equal(g.col.length);
  expect(g.cost).to.have.length(g.col.length);
  for (let i = 0; i < n; i++) {
    expect(g.rowStart[i + 1]!).to.be.at.least(g.rowStart[i]!);
    const cols = g.col.slice(g.rowStart[i], g.rowStart[i + 1]);
    expect(new Set(cols).size, `row ${i} has a duplicate column`).to.equal(cols.length);
    for (const j of cols) expect(j === m + i || (j >= 0 && j < m), `row ${i} column ${j}`).to.equal(true);
    expect(cols, `row ${i} has its "no match" column`).to.include(m + i);
  }
  for (const c of g.cost) expect(Number.isFinite(c) && c >= 0).to.equal(true);
}

/** Minimum cost with every row matched, by munkres on the exported edges padded to a square (absent edge = huge). */
function munkresOptimum(g: ExportedPlan): number {
  const ABSENT = 1e13;
  const rows: number[][] = Array.from({ length: g.cols }, () => new Array<number>(g.cols).fill(0));
  for (let i = 0; i < g.rows; i++) {
    rows[i]!.fill(ABSENT);
    for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) rows[i]![g.col[e]!] = g.cost[e]!;
  }
  let total = 0;
  for (const [i, j] of munkres(rows)) if (i < g.rows) total += rows[i]![j]!;
  expect(total).to.be.below(ABSENT);
  return total;
}

/** Minimum cost with every row matched, by dynamic programming over the set of used columns (tiny graphs). */
function bitmaskOptimum(g: ExportedPlan): number {
  let best = new Map<number, number>([[0, 0]]);
  for (let i = 0; i < g.rows; i++) {
    const next = new Map<number, number>();
    for (const [used, total] of best) {
      for (let e = g.rowStart[i]!; e < g.rowStart[i + 1]!; e++) {
        const bit = 2 ** g.col[e]!;
        if (Math.floor(used / bit) % 2 === 1) continue;
        const key = used + bit;
        const value = total + g.cost[e]!;
        if (value < (next.get(key) ?? Infinity)) next.set(key, value);
      }
    }
    best = next;
  }
  return Math.min(...best.values());
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

describe('bench --export: the plan graph for other solvers', () => {
  it('writes well-formed CSR whose optimum, found by munkres, is the exported totalCost', () => {
    const state = instance(40, 30, 11, {
      locked: [[3, 5]],
      forbidden: [
        [0, 1],
        [7, 2],
      ],
    });
    const g = exportAndRead(state);
    expectWellFormed(g, 40, 30);
    expect(g.col.length).to.be.above(40); // some eligible pairs besides the "no match" columns
    expect(close(munkresOptimum(g), g.totalCost), `munkres ${munkresOptimum(g)} vs exported ${g.totalCost}`).to.equal(true);
  });

  it('exports totalCost equal to the brute-force optimum on tiny random instances, with locks and forbids', () => {
    const random = mulberry32(3);
    for (let round = 0; round < 40; round++) {
      const n = 1 + Math.floor(random() * 5);
      const m = 1 + Math.floor(random() * 5);
      const lock: [number, number][] = random() < 0.3 ? [[Math.floor(random() * n), Math.floor(random() * m)]] : [];
      const forbid: [number, number][] = random() < 0.5 ? [[Math.floor(random() * n), Math.floor(random() * m)]] : [];
      const g = exportAndRead(instance(n, m, 100 + round, { locked: lock, forbidden: forbid }));
      expectWellFormed(g, n, m);
      expect(close(bitmaskOptimum(g), g.totalCost), `round ${round}: ${bitmaskOptimum(g)} vs ${g.totalCost}`).to.equal(true);
    }
  });

  it('builds, in one pass, exactly the edges and costs that gain() gives pair by pair', () => {
    const state = instance(50, 45, 5, {
      locked: [
        [2, 4],
        [9, 4],
      ],
      forbidden: [
        [0, 0],
        [1, 3],
        [1, 7],
        [30, 44],
      ],
    });
    const { graph } = state.solvedGraph();
    const LOCK = graph.cost[graph.rowStart[1]! - 1]!; // row 0's "no match" costs LOCK
    for (let i = 0; i < 50; i++) {
      const expected: [number, number][] = [];
      for (let j = 0; j < 45; j++) if (state.gain(i, j) > 0) expected.push([j, LOCK - state.gain(i, j)]);
      expected.push([45 + i, LOCK]);
      const actual: [number, number][] = [];
      for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) actual.push([graph.col[e]!, graph.cost[e]!]);
      expect(actual, `row ${i}`).to.deep.equal(expected);
    }
  });

  it('reads the directory after --export and refuses --export without one', () => {
    expect(exportDirFromArgs(['--export', 'out/x'])).to.equal('out/x');
    expect(exportDirFromArgs([])).to.equal(undefined);
    expect(() => exportDirFromArgs(['--export'])).to.throw(/--export needs a directory/);
  });
});
