// The plan (SPEC §5): its optimality against brute force (small) and the munkres package (large),
// locked and forbidden pairs, regret, re-planning after an edit; pairs the new safeguards block
// (unscreened by the family's move-in, excluded for good) never in it.
import { expect } from 'chai';
import munkres from 'munkres';
import { DEFAULT_WEIGHTS, weightVector } from '../src/modules/matching/engine/criteria.js';
import { scoreAll } from '../src/modules/matching/engine/matrix.js';
import { PlanState, plan } from '../src/modules/matching/engine/plan.js';
import { buildTables } from '../src/modules/matching/engine/tables.js';
import { mulberry32, syntheticProfiles } from '../bench/synthetic.js';

function bruteForceBest(n: number, m: number, gain: (i: number, j: number) => number): number {
  let best = 0;
  const usedOffers = new Uint8Array(m);
  const rec = (i: number, total: number) => {
    if (i === n) {
      best = Math.max(best, total);
      return;
    }
    rec(i + 1, total); // family i unmatched
    for (let j = 0; j < m; j++) {
      const g = gain(i, j);
      if (g > 0 && !usedOffers[j]) {
        usedOffers[j] = 1;
        rec(i + 1, total + g);
        usedOffers[j] = 0;
      }
    }
  };
  rec(0, 0);
  return best;
}

describe('the plan: exact optimum', () => {
  const weights = weightVector(DEFAULT_WEIGHTS);

  it('matches brute force on small random instances (rectangular, ineligible pairs, locks, forbids)', () => {
    const random = mulberry32(7);
    for (let round = 0; round < 150; round++) {
      const n = 1 + Math.floor(random() * 6);
      const m = 1 + Math.floor(random() * 6);
      const { families, offers } = syntheticProfiles(n, m, 1000 + round);
      const matrix = scoreAll(buildTables(families, offers), weights);
      const urgency = Float64Array.from(families, (f) => f.urgency);
      const forbidden: [number, number][] = random() < 0.5 ? [[Math.floor(random() * n), Math.floor(random() * m)]] : [];
      const state = new PlanState(matrix, { urgency, forbidden });
      const expected = bruteForceBest(n, m, (i, j) => state.gain(i, j));
      expect(state.objective(), `round ${round}`).to.be.closeTo(expected, 1e-6);
      const result = state.result();
      for (const [i, j] of forbidden) expect(result.pairs.some((p) => p.family === i && p.offer === j)).to.equal(false);
      for (const p of result.pairs) expect(matrix.blockers[p.family * m + p.offer]).to.equal(0);
    }
  });

  it('never plans a pair unscreened by the move-in or excluded for good: brute force over the pairs the rules allow', () => {
    const random = mulberry32(17);
    for (let round = 0; round < 150; round++) {
      const n = 1 + Math.floor(random() * 6);
      const m = 1 + Math.floor(random() * 6);
      const { families, offers } = syntheticProfiles(n, m, 5000 + round);
      // Screenings ending around the families' move-in dates; a few pairs ended for safety.
      for (const o of offers) if (random() < 0.5) o.screenedUntil = families[Math.floor(random() * n)]!.moveInFrom + Math.floor(random() * 21) - 10;
      for (const f of families) if (random() < 0.3) f.excludedForGood = { hostIds: [offers[Math.floor(random() * m)]!.hostId], offerIds: [] };
      const allowed = (i: number, j: number) =>
        (offers[j]!.screenedUntil ?? Infinity) >= families[i]!.moveInFrom && !(families[i]!.excludedForGood?.hostIds ?? []).includes(offers[j]!.hostId);
      const matrix = scoreAll(buildTables(families, offers), weights);
      const state = new PlanState(matrix, { urgency: Float64Array.from(families, (f) => f.urgency) });
      expect(state.objective(), `round ${round}`).to.be.closeTo(
        bruteForceBest(n, m, (i, j) => (allowed(i, j) ? state.gain(i, j) : 0)),
        1e-6,
      );
      for (const p of state.result().pairs) expect(allowed(p.family, p.offer), `round ${round}`).to.equal(true);
    }
  });

  it('reaches the same optimum as the munkres package on a large instance', function () {
    this.timeout(120_000);
    const { families, offers } = syntheticProfiles(300, 250, 99);
    const matrix = scoreAll(buildTables(families, offers), weights);
    const state = new PlanState(matrix, { urgency: Float64Array.from(families, (f) => f.urgency) });
    const dense = state.denseCosts();
    const rows = Array.from({ length: dense.size }, (_, i) => Array.from(dense.cost.subarray(i * dense.size, (i + 1) * dense.size)));
    let total = 0;
    for (const [i, j] of munkres(rows)) total += rows[i]![j]!;
    expect(state.objective()).to.be.closeTo(PlanState.objectiveFromDenseCost(matrix.n, total), 1e-4);
  });

  it('honours locked pairs even against the optimum, and reports regret', () => {
    const { families, offers } = syntheticProfiles(40, 40, 5);
    const matrix = scoreAll(buildTables(families, offers), weights);
    const urgency = Float64Array.from(families, (f) => f.urgency);
    const free = plan(matrix, { urgency });
    const eligible: [number, number] = (() => {
      for (let i = 0; i < matrix.n; i++)
        for (let j = 0; j < matrix.m; j++)
          if (matrix.blockers[i * matrix.m + j] === 0 && !free.pairs.some((p) => p.family === i && p.offer === j)) return [i, j];
      throw new Error('no eligible pair outside the plan');
    })();
    const locked = plan(matrix, { urgency, locked: [eligible] });
    expect(locked.pairs.some((p) => p.family === eligible[0] && p.offer === eligible[1])).to.equal(true);
    for (const p of locked.pairs) {
      let best = 0;
      for (let j = 0; j < matrix.m; j++) if (matrix.blockers[p.family * matrix.m + j] === 0) best = Math.max(best, matrix.score[p.family * matrix.m + j]!);
      expect(p.regret).to.be.closeTo(best - p.score, 1e-9);
    }
    expect(locked.unmatchedFamilies.length + locked.pairs.length).to.equal(matrix.n);
  });

  it('re-plans after one family is edited to the same optimum as a plan from scratch', () => {
    const { families, offers } = syntheticProfiles(60, 50, 11);
    const tables = buildTables(families, offers);
    const matrix = scoreAll(tables, weights);
    const urgency = Float64Array.from(families, (f) => f.urgency);
    const state = new PlanState(matrix, { urgency });
    families[3] = { ...families[3]!, maxContribution: 900, communes: [] };
    const edited = scoreAll(buildTables(families, offers), weights);
    matrix.score.set(edited.score);
    matrix.blockers.set(edited.blockers);
    state.repairFamily(3);
    expect(state.objective()).to.be.closeTo(new PlanState(edited, { urgency }).objective(), 1e-6);
  });
});
