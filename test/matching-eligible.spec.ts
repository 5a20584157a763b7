// Eligible pairs only (issue 20): the same pairs and scores as the dense matrix, on one thread
// and across threads, so that a city-scale plan never needs the n × m matrix.
import { expect } from 'chai';
import { DEFAULT_WEIGHTS, weightVector } from '../src/modules/matching/engine/criteria.js';
import { eligibleFromMatrix, scoreEligible } from '../src/modules/matching/engine/eligible.js';
import { scoreAll } from '../src/modules/matching/engine/matrix.js';
import { ScoringPool } from '../src/modules/matching/engine/parallel.js';
import { buildTables } from '../src/modules/matching/engine/tables.js';
import { syntheticProfiles } from '../bench/synthetic.js';

describe('eligible pairs only', () => {
  it('keeps exactly the unblocked pairs of the dense matrix, with their scores, on one thread and on three', async function () {
    this.timeout(60_000);
    const { families, offers } = syntheticProfiles(203, 157, 8);
    const tables = buildTables(families, offers);
    const weights = weightVector(DEFAULT_WEIGHTS);
    const dense = scoreAll(tables, weights);
    const expected: [number, number, number][] = [];
    for (let i = 0; i < dense.n; i++)
      for (let j = 0; j < dense.m; j++) if (dense.blockers[i * dense.m + j] === 0) expected.push([i, j, dense.score[i * dense.m + j]!]);
    const pool = new ScoringPool(3);
    try {
      for (const table of [eligibleFromMatrix(dense), scoreEligible(tables, weights), await pool.scoreEligible(tables, weights)]) {
        const actual: [number, number, number][] = [];
        for (let i = 0; i < table.n; i++) for (let e = table.rowStart[i]!; e < table.rowStart[i + 1]!; e++) actual.push([i, table.col[e]!, table.score[e]!]);
        expect(table.n).to.equal(203);
        expect(actual).to.deep.equal(expected);
      }
    } finally {
      await pool.close();
    }
  });
});
