// The pure matching engine: every blocker, each criterion's monotonicity, the hard constraints'
// monotonicity, weights, scoring across threads (the plan: matching-plan.spec.ts).
import { expect } from 'chai';
import fc from 'fast-check';
import { BLOCKERS, blockerCodes, CRITERIA, DEFAULT_WEIGHTS, weightVector, type BlockerCode } from '../src/modules/matching/engine/criteria.js';
import { evaluatePair } from '../src/modules/matching/engine/evaluate.js';
import { scoreAll } from '../src/modules/matching/engine/matrix.js';
import { ScoringPool } from '../src/modules/matching/engine/parallel.js';
import type { FamilyProfile, OfferProfile } from '../src/modules/matching/engine/profiles.js';
import { buildTables } from '../src/modules/matching/engine/tables.js';
import { validateWeights } from '../src/modules/matching/weights.js';
import { syntheticProfiles } from '../bench/synthetic.js';

const DAY = 20_000; // an arbitrary day number
const family = (over: Partial<FamilyProfile> = {}): FamilyProfile => ({
  id: 'f',
  status: 'active',
  urgency: 2,
  bedrooms: 2,
  childAges: [4, 7],
  occupants: 3,
  maxContribution: 500,
  moveInFrom: DAY,
  moveInBy: DAY + 60,
  minDurationMonths: 12,
  communes: ['21009'],
  communesRequired: false,
  stepFree: false,
  privateBathroom: false,
  hasPets: false,
  smoker: false,
  acceptsSmokingHousehold: false,
  schedule: 'day',
  noise: 1,
  guests: 1,
  languages: ['fr', 'ar'],
  preferredLanguage: 'fr',
  services: ['babysitting', 'cooking'],
  excludedCommunes: [],
  excludedOffers: [],
  excludedHosts: [],
  ...over,
});
const offer = (over: Partial<OfferProfile> = {}): OfferProfile => ({
  id: 'o',
  hostId: 'h',
  status: 'available',
  conform: true,
  screened: true,
  screeningGaps: [],
  bedrooms: 2,
  privateSurfaceM2: 24,
  netSurfaceM2: 120,
  householdSize: 1,
  hostChildAges: [],
  maxChildren: 3,
  minAge: 0,
  maxAge: 17,
  contribution: 400,
  availableFrom: DAY,
  minDurationMonths: 12,
  commune: '21009',
  stepFree: false,
  privateBathroom: false,
  acceptsPets: false,
  acceptsSmokers: false,
  smokingHousehold: false,
  schedule: 'day',
  noise: 1,
  guests: 1,
  languages: ['fr'],
  servicesWanted: ['gardening'],
  surfaceFirstM2: 18,
  surfacePerOtherM2: 10,
  ...over,
});

function assess(f: FamilyProfile, o: OfferProfile) {
  const values = new Float64Array(8);
  const mask = evaluatePair(buildTables([f], [o]), 0, 0, values);
  return { blockers: blockerCodes(mask), values };
}

describe('matching engine: hard constraints', () => {
  it('the base pair is eligible', () => {
    expect(assess(family(), offer()).blockers).to.deep.equal([]);
  });
  const cases: [BlockerCode, Partial<FamilyProfile>, Partial<OfferProfile>][] = [
    ['FAMILY_NOT_ACTIVE', { status: 'submitted' }, {}],
    ['OFFER_NOT_AVAILABLE', {}, { status: 'reserved' }],
    ['OFFER_NOT_CONFORM', {}, { conform: false }],
    ['SCREENING', {}, { screened: false }],
    // Screened today, no longer by the family's earliest move-in (DAY).
    ['SCREENING', {}, { screenedUntil: DAY - 1 }],
    ['ROOMS', { bedrooms: 3 }, {}],
    ['CHILDREN', {}, { maxChildren: 1 }],
    ['CHILDREN', {}, { minAge: 5 }],
    ['CHILDREN', {}, { maxAge: 6 }],
    ['BUDGET', {}, { contribution: 501 }],
    ['DATES', {}, { availableFrom: DAY + 61 }],
    ['DURATION', { minDurationMonths: 24 }, {}],
    ['ACCESSIBILITY', { stepFree: true }, {}],
    ['BATHROOM', { privateBathroom: true }, {}],
    ['PETS', { hasPets: true }, {}],
    ['SMOKING', { smoker: true }, {}],
    ['SMOKING', {}, { smokingHousehold: true }],
    ['COMMUNE', { communesRequired: true }, { commune: '21004' }],
    ['EXCLUDED', { excludedCommunes: ['21009'] }, {}],
    ['EXCLUDED', { excludedOffers: ['o'] }, {}],
    ['EXCLUDED', { excludedHosts: ['h'] }, {}],
    ['EXCLUDED', { excludedForGood: { hostIds: ['h'], offerIds: [] } }, {}],
    ['EXCLUDED', { excludedForGood: { hostIds: [], offerIds: ['o'] } }, {}],
    ['CHILDREN', { childAges: [20], bedrooms: 2, occupants: 2 }, { maxAge: 19 }],
    // 1 host + 3 family = 4 people → 18 + 30 = 48 m²
    ['SURFACE', {}, { netSurfaceM2: 47 }],
    // Children first (issue 18): Jette is 6.4 km from Ixelles, more than the 4 allowed for a school that must be kept.
    ['SCHOOL', { schools: [{ child: 0, commune: '21010', kind: 'school', mustKeep: true, weight: 14 }] }, { schoolMaxKm: 4 }],
    ['VARYING_HOUSEHOLD', { varyingChildren: 1 }, { acceptsVaryingHousehold: false }],
    ['HANDOVERS', { varyingChildren: 1, handoversAtHome: true }, { handoversAtHome: false }],
    ['ADULT_MAN', { noAdultMan: true }, { adultManFrom: -Infinity }],
    ['ADULT_MAN', { noAdultMan: true }, { adultSexUnknownFrom: DAY }],
  ];
  for (const [code, f, o] of cases) {
    it(`${code} (${JSON.stringify({ ...f, ...o })})`, () => {
      expect(assess(family(f), offer(o)).blockers).to.deep.equal([code]);
    });
  }
  it('a host accepting children up to 20 accepts a 20-year-old; screened up to the move-in day is enough', () => {
    expect(assess(family({ childAges: [20], bedrooms: 2, occupants: 2 }), offer({ maxAge: 20 })).blockers).to.deep.equal([]);
    expect(assess(family(), offer({ screenedUntil: DAY })).blockers).to.deep.equal([]);
  });
  it('every code is covered above', () => {
    expect(new Set(cases.map((c) => c[0]))).to.have.lengthOf(BLOCKERS.length);
  });
  it('a pair failing several constraints shows every code', () => {
    expect(assess(family({ status: 'on_hold', bedrooms: 4 }), offer({ contribution: 900, conform: false })).blockers).to.deep.equal([
      'FAMILY_NOT_ACTIVE',
      'OFFER_NOT_CONFORM',
      'ROOMS',
      'BUDGET',
    ]);
  });
});

describe('matching engine: soft criteria are in [0,1] and monotone', () => {
  const k = (key: (typeof CRITERIA)[number]) => CRITERIA.indexOf(key);
  const value = (key: (typeof CRITERIA)[number], o: Partial<OfferProfile>, f: Partial<FamilyProfile> = {}) => assess(family(f), offer(o)).values[k(key)]!;
  const integer = (a: number, b: number) => fc.integer({ min: a, max: b });

  it('all values stay in [0,1] for any pair', () => {
    fc.assert(
      fc.property(integer(0, 900), integer(0, 200), integer(1, 5), integer(0, 120), (price, surface, beds, delay) => {
        const v = assess(family(), offer({ contribution: price, privateSurfaceM2: surface, bedrooms: beds, availableFrom: DAY + delay })).values;
        return [...v].every((x) => x >= 0 && x <= 1);
      }),
    );
  });
  it('budget: cheaper is never worse', () => {
    fc.assert(
      fc.property(
        integer(0, 500),
        integer(0, 500),
        (a, b) => value('budget', { contribution: Math.min(a, b) }) >= value('budget', { contribution: Math.max(a, b) }),
      ),
    );
  });
  it('space: larger (private surface, dwelling, bedrooms) is never worse', () => {
    fc.assert(
      fc.property(
        integer(1, 80),
        integer(1, 80),
        (a, b) => value('space', { privateSurfaceM2: Math.max(a, b) }) >= value('space', { privateSurfaceM2: Math.min(a, b) }),
      ),
    );
    fc.assert(
      fc.property(
        integer(48, 250),
        integer(48, 250),
        (a, b) => value('space', { netSurfaceM2: Math.max(a, b) }) >= value('space', { netSurfaceM2: Math.min(a, b) }),
      ),
    );
    fc.assert(
      fc.property(integer(2, 5), integer(2, 5), (a, b) => value('space', { bedrooms: Math.max(a, b) }) >= value('space', { bedrooms: Math.min(a, b) })),
    );
  });
  it('timing: earlier is never worse', () => {
    fc.assert(
      fc.property(
        integer(-30, 90),
        integer(-30, 90),
        (a, b) => value('timing', { availableFrom: DAY + Math.min(a, b) }) >= value('timing', { availableFrom: DAY + Math.max(a, b) }),
      ),
    );
  });
  it('location: nearer is never worse (Ixelles is wished)', () => {
    const byDistance = ['21009', '21005', '21004', '21003'].map((c) => value('location', { commune: c }));
    for (let x = 1; x < byDistance.length; x++) expect(byDistance[x - 1]).to.be.at.least(byDistance[x]!);
    expect(byDistance[0]).to.equal(1);
  });
  it('children: a wider acceptance is never worse', () => {
    fc.assert(
      fc.property(
        integer(2, 8),
        integer(2, 8),
        (a, b) => value('children', { maxChildren: Math.max(a, b) }) >= value('children', { maxChildren: Math.min(a, b) }),
      ),
    );
  });
  it('language, services and lifestyle reward what is shared', () => {
    expect(value('language', { languages: ['fr'] })).to.equal(1);
    expect(value('language', { languages: ['ar'] })).to.equal(0.7);
    expect(value('language', { languages: ['nl'] })).to.equal(0);
    expect(value('services', { servicesWanted: ['cooking'] })).to.equal(1);
    expect(value('services', { servicesWanted: ['cooking', 'gardening'] })).to.equal(0.5);
    expect(value('services', { servicesWanted: [] })).to.equal(1);
    expect(value('lifestyle', {})).to.equal(1);
    expect(value('lifestyle', { schedule: 'night', noise: 3, guests: 3 })).to.be.lessThan(0.3);
  });
});

describe('matching engine: hard constraints are monotone', () => {
  const mask = (f: Partial<FamilyProfile>, o: Partial<OfferProfile>) => evaluatePair(buildTables([family(f)], [offer(o)]), 0, 0, new Float64Array(8));
  const integer = (a: number, b: number) => fc.integer({ min: a, max: b });
  /** The better offer's blockers are a subset of the worse one's. */
  const noWorse = (better: number, worse: number) => (better & ~worse) === 0;

  it('more bedrooms or surface (declared or measured), a later end of screening, a wider age range never add a blocker', () => {
    fc.assert(
      fc.property(integer(0, 5), integer(0, 3), integer(20, 120), integer(0, 40), (beds, moreBeds, surface, more) =>
        noWorse(mask({}, { bedrooms: beds + moreBeds, netSurfaceM2: surface + more }), mask({}, { bedrooms: beds, netSurfaceM2: surface })),
      ),
    );
    fc.assert(
      fc.property(integer(-30, 30), integer(0, 30), (end, later) =>
        noWorse(mask({}, { screenedUntil: DAY + end + later }), mask({}, { screenedUntil: DAY + end })),
      ),
    );
    fc.assert(
      fc.property(integer(0, 25), integer(0, 25), integer(0, 6), (age, max, wider) =>
        noWorse(mask({ childAges: [age] }, { maxAge: max + wider }), mask({ childAges: [age] }, { maxAge: max })),
      ),
    );
  });
  it('an earlier move-in, fewer occupants or bedrooms needed never add a blocker', () => {
    fc.assert(
      fc.property(integer(-30, 30), integer(0, 30), integer(-30, 30), (from, earlier, end) =>
        noWorse(mask({ moveInFrom: DAY + from - earlier }, { screenedUntil: DAY + end }), mask({ moveInFrom: DAY + from }, { screenedUntil: DAY + end })),
      ),
    );
    fc.assert(
      fc.property(integer(1, 8), integer(0, 3), integer(30, 100), (occupants, fewer, surface) =>
        noWorse(mask({ occupants: Math.max(1, occupants - fewer) }, { netSurfaceM2: surface }), mask({ occupants }, { netSurfaceM2: surface })),
      ),
    );
    fc.assert(
      fc.property(integer(1, 5), integer(0, 3), integer(0, 5), (needed, fewer, beds) =>
        noWorse(mask({ bedrooms: Math.max(1, needed - fewer) }, { bedrooms: beds }), mask({ bedrooms: needed }, { bedrooms: beds })),
      ),
    );
  });
});

describe('scoring across threads', () => {
  it('gives exactly the single-thread matrix', async function () {
    this.timeout(60_000);
    const { families, offers } = syntheticProfiles(301, 257, 3);
    const tables = buildTables(families, offers);
    const weights = weightVector(DEFAULT_WEIGHTS);
    const pool = new ScoringPool(2);
    try {
      const parallel = await pool.scoreAll(tables, weights);
      const single = scoreAll(tables, weights);
      expect(Array.from(parallel.score)).to.deep.equal(Array.from(single.score));
      expect(Array.from(parallel.blockers)).to.deep.equal(Array.from(single.blockers));
    } finally {
      await pool.close();
    }
  });
});

describe('weights', () => {
  it('accepts the defaults; refuses a sum other than 100, negatives and unknown keys', () => {
    expect(validateWeights(DEFAULT_WEIGHTS)).to.deep.equal(DEFAULT_WEIGHTS);
    expect(() => validateWeights({ ...DEFAULT_WEIGHTS, space: 30 })).to.throw();
    expect(() => validateWeights({ ...DEFAULT_WEIGHTS, space: -5, budget: 50 })).to.throw();
    expect(() => validateWeights({ ...DEFAULT_WEIGHTS, beauty: 0 })).to.throw();
  });
});
