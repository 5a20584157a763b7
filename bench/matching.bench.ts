// npm run bench — matching engine figures on synthetic, realistic data from a fixed seed.
// Human-readable lines, then one JSON object as the last line. Never a timed test.
import munkres from 'munkres';
import { DEFAULT_WEIGHTS, weightVector } from '../src/modules/matching/engine/criteria.js';
import { buildTables } from '../src/modules/matching/engine/tables.js';
import { scoreAll, scoreRowInto } from '../src/modules/matching/engine/matrix.js';
import { PlanState } from '../src/modules/matching/engine/plan.js';
import { availableParallelism } from 'node:os';
import { ScoringPool } from '../src/modules/matching/engine/parallel.js';
import { syntheticProfiles } from './synthetic.js';
import { exportDirFromArgs, writePlanExport } from './export.js';

const exportDir = exportDirFromArgs(process.argv.slice(2));

// Peak resident memory of the whole run: the kernel's high-water mark (resourceUsage, in KB).
const peakRssMb = () => Math.round(Math.max(process.resourceUsage().maxRSS / 1024, process.memoryUsage().rss / 1024 / 1024));
function time<T>(label: string, fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms`);
  return { value, ms };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const weights = weightVector(DEFAULT_WEIGHTS);

// 1. Scoring every pair of 5,000 × 5,000 (blockers + criterion values, no sentences).
const big = syntheticProfiles(5000, 5000, 1);
const bigTables = time('build tables 5000 + 5000', () => buildTables(big.families, big.offers)).value;
scoreAll(buildTables(big.families.slice(0, 200), big.offers.slice(0, 200)), weights); // warm-up
const singleRuns = [0, 1, 2].map(() => time('score 5000 × 5000 (25 M pairs), one thread', () => scoreAll(bigTables, weights)).ms);
const bigMatrix = scoreAll(bigTables, weights);
// The planner keeps a pool of scoring threads for its lifetime: started once, outside the timing.
const pool = new ScoringPool();
await pool.scoreAll(buildTables(big.families.slice(0, 50), big.offers), weights);
const scoreRuns: number[] = [];
for (let r = 0; r < 3; r++) {
  const start = process.hrtime.bigint();
  await pool.scoreAll(bigTables, weights);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${`score 5000 × 5000 (25 M pairs), ${availableParallelism()} threads`.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms`);
  scoreRuns.push(ms);
}
await pool.close();
let eligible = 0;
for (let k = 0; k < bigMatrix.blockers.length; k++) if (bigMatrix.blockers[k] === 0) eligible++;
console.log(`eligible pairs: ${((100 * eligible) / bigMatrix.blockers.length).toFixed(1)} %`);

// 2. The exact plan on 2,000 × 2,000, against the munkres package on the same cost matrix.
const mid = syntheticProfiles(2000, 2000, 2);
const midTables = buildTables(mid.families, mid.offers);
const midMatrix = scoreAll(midTables, weights);
const urgency = Float64Array.from(mid.families, (f) => f.urgency);
new PlanState(scoreAll(buildTables(mid.families.slice(0, 300), mid.offers.slice(0, 300)), weights), { urgency }); // warm-up
const planRuns = [0, 1, 2].map(() => time('plan 2000 × 2000 (pruned, certified exact; from the matrix)', () => new PlanState(midMatrix, { urgency })).ms);
const state = new PlanState(midMatrix, { urgency });
if (exportDir) console.log(`exported the plan's graph and optimum: ${writePlanExport(exportDir, 'plan-2000x2000', state)}`);
const dense = state.denseCosts();
const n = dense.size;
const rows: number[][] = Array.from({ length: n }, (_, i) => Array.from(dense.cost.subarray(i * n, i * n + n)));
const munkresRun = time('munkres package 2000 × 2000 (same problem, dense)', () => munkres(rows));
let munkresCost = 0;
for (const [i, j] of munkresRun.value) munkresCost += rows[i]![j]!;
const munkresObjective = PlanState.objectiveFromDenseCost(midMatrix.n, munkresCost);
const planned = state.result();
const optimalEqual = Math.abs(munkresObjective - state.objective()) <= 1e-6 * Math.max(1, state.objective());
console.log(
  `plan: ${planned.pairs.length} pairs, total score ${planned.totalScore.toFixed(1)}; objective ${state.objective().toFixed(3)} vs munkres ${munkresObjective.toFixed(3)}: ${optimalEqual ? 'same optimum' : 'DIFFERENT'}`,
);

console.log(`pruned graph: ${state.prunedEdges()} of ${state.solvedGraph().graph.col.length} edges, ${state.rounds} certification rounds`);

// 3. One family edited: re-score its row and repair the plan (re-price the row, certify).
const repairRuns: number[] = [];
for (let k = 0; k < 20; k++) {
  const i = 17 + 97 * k;
  const family = mid.families[i]!;
  mid.families[i] = { ...family, maxContribution: family.maxContribution + 120, communes: ['21004'] };
  const edited = buildTables([mid.families[i]!], mid.offers).families;
  repairRuns.push(
    time(`edit family ${i}: re-score its row + repair the plan`, () => {
      // Copy the edited family's packed columns into the big table, then re-score and repair.
      for (const key of Object.keys(edited) as (keyof typeof edited)[]) {
        const column = edited[key] as unknown;
        const target = midTables.families[key] as unknown;
        if (ArrayBuffer.isView(column) && ArrayBuffer.isView(target) && key !== 'childAgeStart' && key !== 'childAges' && key !== 'nearestKm') {
          (target as Float64Array)[i] = (column as Float64Array)[0]!;
        }
      }
      midTables.families.nearestKm.set(edited.nearestKm, i * midTables.communeCount);
      scoreRowInto(midTables, weights, i, midMatrix.score, midMatrix.blockers);
      state.repairFamily(i);
    }).ms,
  );
}

console.log(`repair: median ${median(repairRuns).toFixed(1)} ms, worst ${Math.max(...repairRuns).toFixed(1)} ms of ${repairRuns.length} edits`);

// 4. City scale: 10,000 × 10,000, scored into eligible pairs only (no n × m matrix), then planned.
const city = syntheticProfiles(10000, 10000, 3);
const cityTables = buildTables(city.families, city.offers);
const cityUrgency = Float64Array.from(city.families, (f) => f.urgency);
const cityPool = new ScoringPool();
await cityPool.scoreEligible(buildTables(city.families.slice(0, 50), city.offers), weights); // threads started and warm
const cityScoreRuns: number[] = [];
const cityPlanRuns: number[] = [];
for (let r = 0; r < 3; r++) {
  const start = process.hrtime.bigint();
  const eligibleCity = await cityPool.scoreEligible(cityTables, weights);
  const scoredMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cityState = time('plan 10000 × 10000 (eligible pairs only, pruned, certified)', () => new PlanState(eligibleCity, { urgency: cityUrgency }));
  console.log(
    `${'score 10000 × 10000 (100 M pairs, eligible kept)'.padEnd(58)} ${scoredMs.toFixed(1).padStart(9)} ms  (${((100 * eligibleCity.col.length) / 1e8).toFixed(1)} % eligible, ${cityState.value.prunedEdges()} edges planned, ${cityState.value.rounds} rounds)`,
  );
  cityScoreRuns.push(scoredMs);
  cityPlanRuns.push(cityState.ms);
}
await cityPool.close();

const result = {
  score_5000x5000_ms: Math.round(median(scoreRuns)),
  score_5000x5000_one_thread_ms: Math.round(median(singleRuns)),
  plan_2000x2000_ms: Math.round(median(planRuns)),
  munkres_2000x2000_ms: Math.round(munkresRun.ms),
  plan_optimal_equal: optimalEqual,
  edit_repair_ms: Math.round(median(repairRuns) * 10) / 10,
  repair_worst_ms: Math.round(Math.max(...repairRuns) * 10) / 10,
  score_10000x10000_ms: Math.round(median(cityScoreRuns)),
  plan_10000x10000_ms: Math.round(median(cityPlanRuns)),
  peak_rss_mb: peakRssMb(),
};
console.log(
  `targets: plan 2000 ≤ 150 ms (${(result.munkres_2000x2000_ms / Math.max(1, result.plan_2000x2000_ms)).toFixed(1)}× munkres), score + plan 10000 ≤ 5000 ms (${result.score_10000x10000_ms + result.plan_10000x10000_ms}), repair median ≤ 20 ms and worst ≤ 60 ms, peak RSS ≤ 1536 MB`,
);
console.log(JSON.stringify(result));
