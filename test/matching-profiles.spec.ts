// From intake's records to the engine's profiles (SPEC §5, §6.1, §6.2, §11): who counts as an
// occupant, exact ages, measured rooms and surface, how long the host household stays screened,
// and the sentences that say so.
import { expect } from 'chai';
import fc from 'fast-check';
import { blockerCodes, DEFAULT_WEIGHTS, weightVector } from '../src/modules/matching/engine/criteria.js';
import { CRITERION_COUNT, evaluatePair, minimumSurface } from '../src/modules/matching/engine/evaluate.js';
import { explain } from '../src/modules/matching/engine/explain.js';
import {
  DAY_MS,
  dayNumber,
  familyProfile,
  offerProfile,
  screenedUntil,
  type FamilyProfile,
  type OfferProfile,
} from '../src/modules/matching/engine/profiles.js';
import { buildTables } from '../src/modules/matching/engine/tables.js';
import { screeningOf, type CompleteFamily, type CompleteOffer } from '../src/modules/intake/index.js';
import { FAMILY_EXAMPLE, OFFER_EXAMPLE } from './helpers/intake-fixtures.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const TODAY = Math.floor(NOW.getTime() / DAY_MS);

function familyDoc(over: Partial<CompleteFamily['application']> = {}, doc: Record<string, unknown> = {}): CompleteFamily {
  return {
    _id: 'f1',
    status: 'active',
    application: { ...FAMILY_EXAMPLE, ...over },
    bedrooms: { computed: 2, override: null },
    exclusions: null,
    safetyExclusions: [],
    ...doc,
  } as unknown as CompleteFamily;
}

function offerDoc(doc: Record<string, unknown> = {}, seenOn = '2026-11-20'): CompleteOffer {
  return {
    _id: 'o1',
    ownerUserId: 'host1',
    status: 'available',
    application: OFFER_EXAMPLE,
    inspection: { outcome: 'conform', validUntil: new Date('2028-01-01'), measured: null },
    references: [{ outcome: 'positive' }, { outcome: 'positive' }],
    recordChecks: [{ memberIndex: 0, seenOn, result: 'clear' }],
    ...doc,
  } as unknown as CompleteOffer;
}

function reasons(f: FamilyProfile, o: OfferProfile) {
  const t = buildTables([f], [o]);
  const values = new Float64Array(CRITERION_COUNT);
  const mask = evaluatePair(t, 0, 0, values);
  return explain(values, weightVector(DEFAULT_WEIGHTS), mask, { family: f, offer: o, minimumSurfaceM2: minimumSurface(t, 0, 0), nearestKm: 0 }, 'en').blockers;
}

describe('matching profiles: the family (SPEC §6.1)', () => {
  it('children at weekends or now and then are not occupants for the surface norm; full and alternate custody are', () => {
    const children = [
      { birthYear: 2015, sex: 'f' as const, custody: 'alternate' as const },
      { birthYear: 2016, sex: 'm' as const, custody: 'weekends' as const },
      { birthYear: 2018, sex: 'm' as const, custody: 'occasional' as const },
    ];
    const p = familyProfile(familyDoc({ children, expectedChild: { dueDate: '2027-01-10' } }));
    expect(p.occupants).to.equal(3); // the parent, the girl in alternate custody, the baby
    expect(p.childAges).to.deep.equal([11, 10, 8]); // every child for CHILDREN, aged on 1 December 2026
  });
  it('ages are exact at the earliest move-in: a birth month counts', () => {
    const p = familyProfile(familyDoc({ children: [{ birthYear: 2008, birthMonth: 12, sex: 'f', custody: 'full' }] }));
    expect(p.childAges).to.deep.equal([18]);
    const q = familyProfile(
      familyDoc({ children: [{ birthYear: 2008, birthMonth: 12, sex: 'f', custody: 'full' }], needs: { ...FAMILY_EXAMPLE.needs, moveInFrom: '2026-11-30' } }),
    );
    expect(q.childAges).to.deep.equal([17]);
  });
  it('pairs ended for safety are excluded for good, apart from the worker’s exclusions; the sentence says so', () => {
    const p = familyProfile(familyDoc({}, { safetyExclusions: [{ hostId: 'host1', offerId: 'o1', cohabitationId: 'c', reason: 'safety' }] }));
    expect(p.excludedForGood).to.deep.equal({ hostIds: ['host1'], offerIds: ['o1'] });
    expect(p.excludedHosts).to.deep.equal([]);
    const blockers = reasons(p, offerProfile(offerDoc(), NOW));
    expect(blockers.map((b) => b.code)).to.deep.equal(['EXCLUDED']);
    expect(blockers[0]!.reason).to.contain('ended a home-sharing arrangement for safety');
  });
});

describe('matching profiles: the offer (SPEC §6.2, §11)', () => {
  it('rooms and the dwelling surface measured at the visit replace the declared ones, each on its own', () => {
    const declared = offerProfile(offerDoc(), NOW);
    expect(declared).to.include({ bedrooms: 2, privateSurfaceM2: 22, netSurfaceM2: 140 });
    const measured = (m: object) => offerProfile(offerDoc({ inspection: { outcome: 'conform', validUntil: new Date('2028-01-01'), measured: m } }), NOW);
    const rooms = measured({
      dwellingSurfaceM2: 38,
      rooms: [
        { kind: 'bedroom', surfaceM2: 9 },
        { kind: 'office', surfaceM2: 7 },
      ],
    });
    expect(rooms).to.include({ bedrooms: 1, privateSurfaceM2: 16, netSurfaceM2: 38 });
    expect(rooms.measured).to.deep.equal({ rooms: true, surface: true });
    expect(measured({ dwellingSurfaceM2: 38, rooms: [] })).to.include({ bedrooms: 2, netSurfaceM2: 38 });
    // The family of three needs two bedrooms and 18 + 3 × 10 = 48 m² with the host: the sentences say what was measured.
    const blockers = reasons(familyProfile(familyDoc()), rooms);
    expect(blockers.map((b) => b.code)).to.deep.equal(['ROOMS', 'SURFACE']);
    expect(blockers[0]!.reason).to.contain('1 bedroom (measured at the visit)').and.contain('adequacy policy, not a legal norm');
    expect(blockers[1]!.reason).to.contain('38 m² (measured at the visit)').and.contain('48 m²').and.contain('4 people');
  });
  it('screened until the day the extract grows too old (6 months after it was seen)', () => {
    expect(screenedUntil(offerDoc({}, '2026-11-20'), TODAY)).to.equal(dayNumber('2027-05-20'));
    // Against a day-by-day walk (the bisection assumes a screening, once ended, stays ended).
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 180 }), (ago) => {
        const offer = offerDoc({}, new Date(NOW.getTime() - ago * DAY_MS).toISOString().slice(0, 10));
        let day = TODAY;
        while (screeningOf(offer, new Date((day + 1) * DAY_MS)).complete) day++;
        return screenedUntil(offer, TODAY) === day;
      }),
      { numRuns: 60 },
    );
  });
  it('screened until the day before a household member comes of age without an extract', () => {
    const application = {
      ...OFFER_EXAMPLE,
      host: {
        ...OFFER_EXAMPLE.host,
        household: [
          { birthYear: 1960, relation: 'self' },
          { birthYear: 2009, relation: 'child' },
        ],
      },
    };
    // Born in 2009 (1 July): 18 on 1 July 2027; the host's own extract, seen 20 Feb 2027, still valid then.
    expect(screenedUntil(offerDoc({ application }, '2027-02-20'), dayNumber('2027-03-01'))).to.equal(dayNumber('2027-06-30'));
  });
  it('SCREENING by the family’s move-in: screened today, not when the family arrives', () => {
    const offer = offerDoc({}, '2026-07-01'); // valid until 1 January 2027
    const o = offerProfile(offer, NOW);
    expect(o.screened).to.equal(true);
    expect(o.screenedUntil).to.equal(dayNumber('2027-01-01'));
    const soon = familyProfile(familyDoc());
    const later = familyProfile(familyDoc({ needs: { ...FAMILY_EXAMPLE.needs, moveInFrom: '2027-01-05', moveInBy: '2027-03-01' } }));
    const blocked = (f: FamilyProfile) => blockerCodes(evaluatePair(buildTables([f], [o]), 0, 0, new Float64Array(CRITERION_COUNT)));
    expect(blocked(soon)).to.deep.equal([]);
    expect(blocked(later)).to.deep.equal(['SCREENING']);
  });
});
