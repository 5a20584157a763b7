// Children first in matching (issue 18): the `school` criterion against a brute-force
// recomputation and its monotonicity, the blockers SCHOOL, VARYING_HOUSEHOLD, HANDOVERS and
// ADULT_MAN through the API with their sentences, and the weights with `school` summing to 100
// (old stored weights included).
import { expect } from 'chai';
import fc from 'fast-check';
import mongoose from 'mongoose';
import { BLOCKER_BIT, CRITERIA, DEFAULT_WEIGHTS, weightVector, withSchoolWeight } from '../src/modules/matching/engine/criteria.js';
import { CRITERION_COUNT, evaluatePair } from '../src/modules/matching/engine/evaluate.js';
import type { FamilyProfile, FamilySchool, OfferProfile } from '../src/modules/matching/engine/profiles.js';
import { buildTables } from '../src/modules/matching/engine/tables.js';
import { currentWeights, validateWeights } from '../src/modules/matching/weights.js';
import { REGION } from '../src/kernel/region.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { familyBody, offerBody, OFFER_EXAMPLE } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';
import { seedSchoolDemo } from '../src/demo/school-demo.js';
import { apiLogin, createUser, useTestApp } from './helpers/test-app.js';

const DAY = 20_000;
const CODES = REGION.communes.map((c) => c.code);
const SCHOOL = CRITERIA.indexOf('school');

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
  communes: [],
  communesRequired: false,
  stepFree: false,
  privateBathroom: false,
  hasPets: false,
  smoker: false,
  acceptsSmokingHousehold: false,
  schedule: 'day',
  noise: 1,
  guests: 1,
  languages: ['fr'],
  preferredLanguage: 'fr',
  services: [],
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
  servicesWanted: [],
  surfaceFirstM2: 18,
  surfacePerOtherM2: 10,
  schoolMaxKm: 4,
  ...over,
});

function assess(f: FamilyProfile, o: OfferProfile) {
  const values = new Float64Array(CRITERION_COUNT);
  const mask = evaluatePair(buildTables([f], [o]), 0, 0, values);
  return { mask, values, score: CRITERIA.reduce((s, k, i) => s + DEFAULT_WEIGHTS[k] * values[i]!, 0) };
}

/** Independent of the engine: haversine from the region file, nights in 14 written out here. */
function km(a: string, b: string): number {
  const [ca, cb] = [REGION.communes.find((c) => c.code === a)!, REGION.communes.find((c) => c.code === b)!];
  const rad = Math.PI / 180;
  const h = Math.sin(((cb.lat - ca.lat) * rad) / 2) ** 2 + Math.cos(ca.lat * rad) * Math.cos(cb.lat * rad) * Math.sin(((cb.lng - ca.lng) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
const NIGHTS = { full: 14, alternate: 7, weekends: 4, occasional: 2 } as const;
function bruteSchool(schools: FamilySchool[], commune: string): number {
  if (!schools.length) return 0.75;
  const total = schools.reduce((s, x) => s + x.weight, 0);
  return schools.reduce((s, x) => s + x.weight / (1 + km(commune, x.commune) / 3), 0) / total;
}

const arbSchools = fc
  .array(
    fc.record({
      commune: fc.constantFrom(...CODES),
      custody: fc.constantFrom('full', 'alternate', 'weekends', 'occasional' as const),
      mustKeep: fc.boolean(),
      kind: fc.constantFrom('school', 'creche' as const),
    }),
    { maxLength: 4 },
  )
  .map((rows) => rows.map((r, child): FamilySchool => ({ child, commune: r.commune, kind: r.kind, mustKeep: r.mustKeep, weight: NIGHTS[r.custody] })));

describe('matching: the school criterion (issue 18)', () => {
  it('equals a brute-force recomputation on random families and homes; SCHOOL blocks exactly when a kept school is too far', () => {
    fc.assert(
      fc.property(arbSchools, fc.constantFrom(...CODES), fc.double({ min: 0.5, max: 12, noNaN: true }), (schools, commune, maxKm) => {
        const { mask, values } = assess(family({ schools }), offer({ commune, schoolMaxKm: maxKm }));
        expect(values[SCHOOL]).to.be.closeTo(bruteSchool(schools, commune), 1e-12);
        const blocked = schools.some((s) => s.mustKeep && km(commune, s.commune) > maxKm);
        expect((mask & BLOCKER_BIT.SCHOOL) !== 0).to.equal(blocked);
      }),
      { numRuns: 400 },
    );
  });

  it('is monotone: a home nearer every school never has a lower value, score or more blockers', () => {
    fc.assert(
      fc.property(arbSchools, fc.constantFrom(...CODES), fc.constantFrom(...CODES), (schools, a, b) => {
        fc.pre(schools.every((s) => km(b, s.commune) <= km(a, s.commune)));
        const far = assess(family({ schools }), offer({ commune: a }));
        const near = assess(family({ schools }), offer({ commune: b }));
        expect(near.values[SCHOOL]).to.be.at.least(far.values[SCHOOL]! - 1e-12);
        expect(near.score).to.be.at.least(far.score - 1e-9); // the family gives no commune: only the school moves
        expect(near.mask & ~far.mask).to.equal(0);
      }),
      { numRuns: 400 },
    );
  });

  it('a child there every night counts more than one there at weekends; without a school the value is neutral and the same everywhere', () => {
    const schools: FamilySchool[] = [
      { child: 0, commune: '21009', kind: 'school', mustKeep: false, weight: 14 },
      { child: 1, commune: '21010', kind: 'creche', mustKeep: false, weight: 4 },
    ];
    const nearFull = assess(family({ schools }), offer({ commune: '21009' })).values[SCHOOL]!;
    const nearWeekend = assess(family({ schools }), offer({ commune: '21010' })).values[SCHOOL]!;
    expect(nearFull).to.be.greaterThan(nearWeekend);
    for (const c of CODES) expect(assess(family(), offer({ commune: c })).values[SCHOOL]).to.equal(0.75);
  });
});

describe('matching: weights with school (SPEC §5)', () => {
  it('the default school weight is taken proportionally from the others: whole numbers summing to 100, in the same order', () => {
    expect(DEFAULT_WEIGHTS.school).to.equal(10);
    expect(CRITERIA.reduce((s, k) => s + DEFAULT_WEIGHTS[k], 0)).to.equal(100);
    expect(validateWeights(DEFAULT_WEIGHTS)).to.deep.equal(DEFAULT_WEIGHTS);
    fc.assert(
      fc.property(
        fc.array(fc.nat(40), { minLength: 8, maxLength: 8 }).filter((xs) => xs.some((x) => x > 0)),
        fc.integer({ min: 0, max: 100 }),
        (xs, school) => {
          const before = Object.fromEntries(CRITERIA.filter((k) => k !== 'school').map((k, i) => [k, xs[i]!])) as Parameters<typeof withSchoolWeight>[0];
          const w = withSchoolWeight(before, school);
          expect(CRITERIA.reduce((s, k) => s + w[k], 0)).to.equal(100);
          for (const k of CRITERIA) expect(Number.isInteger(w[k]) && w[k] >= 0, k).to.equal(true);
          // Proportional: each within one point of its exact share.
          const total = xs.reduce((s, x) => s + x, 0);
          CRITERIA.filter((k) => k !== 'school').forEach((k, i) => expect(Math.abs(w[k] - (xs[i]! * (100 - school)) / total)).to.be.lessThan(1));
        },
      ),
    );
  });
});

describe('matching: children first through the API (issue 18)', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;
  const year = new Date().getUTCFullYear();

  async function person(role: 'parent' | 'host' | 'worker') {
    const user = await createUser(role, { language: 'en' });
    const agent = ctx.request();
    const token = await apiLogin(agent, user.email);
    return { agent, call: (path: string, body: object) => agent.post(`/api/v1${path}`).set('X-CSRF-Token', token).send(body) };
  }
  let worker: Awaited<ReturnType<typeof person>>;
  before(async () => {
    worker = await person('worker');
  });

  async function activeFamily(overrides: Parameters<typeof familyBody>[0]) {
    const parent = await person('parent');
    const f = await parent.call('/families', familyBody(overrides)).expect(201);
    await parent.call(`/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await worker.call(`/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    return f.body.id as string;
  }
  async function conformOffer(overrides: Parameters<typeof offerBody>[0] = {}) {
    const host = await person('host');
    const o = await host.call('/offers', offerBody(overrides)).expect(201);
    await host.call(`/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    const validUntil = new Date(Date.now() + 700 * 86_400_000);
    await intake().offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil,
      remarksDeadline: null,
      measured: null,
    });
    await screenOffer(intake().offers, o.body.id);
    return o.body.id as string;
  }
  async function matchOf(familyId: string, offerId: string) {
    const res = await worker.agent.get(`/api/v1/families/${familyId}/matches?includeIneligible=true&limit=500`).expect(200);
    return res.body.items.find((i: { offerId: string }) => i.offerId === offerId) as {
      eligible: boolean;
      blockers: { code: string; reason: string }[];
      criteria: { key: string; reason: string; value: number }[];
    };
  }
  const codes = async (f: string, o: string) => (await matchOf(f, o)).blockers.map((b) => b.code);
  const child = (over: object = {}) => ({ birthYear: year - 8, sex: 'f' as const, custody: 'full' as const, ...over });
  const children = (over: object) => ({ ...OFFER_EXAMPLE.children, ...over });

  it('SCHOOL: a school the parent must keep blocks a home too far from it, with the distance and the rule in words', async () => {
    const f = await activeFamily({ children: [child({ school: { commune: '21010', kind: 'school', mustKeep: true } })] });
    const ixelles = await conformOffer();
    const jette = await conformOffer({ address: { street: 'Rue Example', number: '3', postalCode: '1090', commune: '21010' } });
    const far = await matchOf(f, ixelles);
    expect(far.blockers.map((b) => b.code)).to.deep.equal(['SCHOOL']);
    expect(far.blockers[0]!.reason).to.contain('child 1, school in Jette, 6.4 km').and.contain('4 km').and.contain('not law');
    const near = await matchOf(f, jette);
    expect(near.eligible).to.equal(true);
    expect(near.criteria.find((c) => c.key === 'school')!.reason)
      .to.contain('Close to')
      .and.contain('Jette, 0 km');
  });

  it('VARYING_HOUSEHOLD and HANDOVERS: children who come and go, a host who refuses them or the other parent at the door', async () => {
    const f = await activeFamily({ children: [child({ custody: 'alternate' })] });
    const refuses = await conformOffer({ children: children({ acceptsVaryingHousehold: false, handoversAtHome: true }) });
    const noHandovers = await conformOffer({ children: children({ acceptsVaryingHousehold: true, handoversAtHome: false }) });
    const accepts = await conformOffer({ children: children({ acceptsVaryingHousehold: true, handoversAtHome: true }) });
    const oldOffer = await conformOffer(); // from before the questions: not a blocker
    expect(await codes(f, refuses)).to.deep.equal(['VARYING_HOUSEHOLD']);
    expect((await matchOf(f, refuses)).blockers[0]!.reason).to.contain('every other week or at weekends');
    expect(await codes(f, noHandovers)).to.deep.equal(['HANDOVERS']);
    expect(await codes(f, accepts)).to.deep.equal([]);
    expect(await codes(f, oldOffer)).to.deep.equal([]);
    // A survivor's handovers away from the home: no host has to accept the other parent.
    const away = await activeFamily({
      children: [child({ custody: 'weekends' })],
      situation: { current: 'unsafe', urgency: 4, confidentialAddress: true, handoversAwayFromHome: true },
    });
    expect(await codes(away, noHandovers)).to.deep.equal([]);
    // Full custody: nobody comes and goes.
    const full = await activeFamily({ children: [child()] });
    expect(await codes(full, refuses)).to.deep.equal([]);
  });

  it('ADULT_MAN: a man of 18 or more at the move-in blocks; an adult whose sex is not said blocks with its own sentence', async () => {
    const situation = { current: 'unsafe' as const, urgency: 4, confidentialAddress: true, noAdultMan: true };
    const f = await activeFamily({ children: [child()], situation });
    const host = (household: object[]) => conformOffer({ host: { ...OFFER_EXAMPLE.host, household: household as never } });
    const man = await host([
      { birthYear: 1960, relation: 'self', sex: 'f' },
      { birthYear: 1958, relation: 'partner', sex: 'm' },
    ]);
    const unknown = await host([{ birthYear: 1960, relation: 'self' }]);
    const women = await host([
      { birthYear: 1960, relation: 'self', sex: 'f' },
      { birthYear: year - 10, relation: 'child', sex: 'm' },
    ]);
    const son = await host([
      { birthYear: 1960, relation: 'self', sex: 'f' },
      { birthYear: year - 18, relation: 'child', sex: 'm' },
    ]);
    expect(await codes(f, man)).to.deep.equal(['ADULT_MAN']);
    expect((await matchOf(f, man)).blockers[0]!.reason).to.contain('a man aged 18 or more');
    expect(await codes(f, unknown)).to.deep.equal(['ADULT_MAN']);
    expect((await matchOf(f, unknown)).blockers[0]!.reason).to.contain('must first say whether each adult is a woman or a man');
    expect(await codes(f, women)).to.deep.equal([]); // a boy of 10 is not an adult man
    expect(await codes(f, son)).to.deep.equal(['ADULT_MAN']); // 18 at the move-in
    // Without the need, nothing of this blocks.
    const other = await activeFamily({ children: [child()] });
    expect(await codes(other, man)).to.deep.equal([]);
  });

  it('the safety needs are sealed at rest; staff read them in the clear', async () => {
    const f = await activeFamily({
      children: [child()],
      situation: { current: 'unsafe', urgency: 4, confidentialAddress: true, noAdultMan: true, handoversAwayFromHome: true },
    });
    const raw = await mongoose.connection.collection('families').findOne({ _id: new mongoose.Types.ObjectId(f) });
    const stored = JSON.stringify(raw?.application?.situation);
    expect(stored).to.not.contain('"noAdultMan":true').and.not.contain('"handoversAwayFromHome":true');
    const read = await worker.agent.get(`/api/v1/families/${f}`).expect(200);
    expect(read.body.situation).to.include({ noAdultMan: true, handoversAwayFromHome: true });
  });

  it('the demo: the home near the school wins over one otherwise alike, and the sentence says why', async () => {
    const w = await createUser('worker', { language: 'en' });
    const actor = { id: w.id, role: 'worker' as const, name: 'Demo worker' };
    const familyId = await seedSchoolDemo(ctx.app, { worker: actor, coordinator: actor, parent: actor, partner: actor, host: actor }, new Date());
    const res = await worker.agent.get(`/api/v1/families/${familyId}/matches`).expect(200);
    const items = res.body.items as { offerId: string; score: number; criteria: { key: string; points: number; reason: string }[] }[];
    expect(items).to.have.length(2);
    const communeOf = async (id: string) => (await worker.agent.get(`/api/v1/offers/${id}`).expect(200)).body.address.commune;
    expect(await communeOf(items[0]!.offerId)).to.equal('21007');
    const points = (i: number, key: string) => items[i]!.criteria.find((c) => c.key === key)!.points;
    // Alike but for the school: every other criterion gives the same points.
    for (const key of CRITERIA.filter((k) => k !== 'school')) expect(points(0, key), key).to.equal(points(1, key));
    expect(points(0, 'school')).to.be.greaterThan(points(1, 'school'));
    expect(items[0]!.criteria.find((c) => c.key === 'school')!.reason)
      .to.contain('Close to')
      .and.contain('Forest');
  });

  it('stored weights from before `school` still load and sum to 100', async () => {
    const old = { space: 30, budget: 20, location: 10, timing: 10, children: 10, lifestyle: 10, language: 5, services: 5 };
    await mongoose.connection.collection('matching_settings').updateOne({ _id: 'weights' as never }, { $set: { weights: old } }, { upsert: true });
    const w = await currentWeights();
    expect(w).to.deep.equal({ space: 27, budget: 18, location: 9, timing: 9, children: 9, lifestyle: 9, language: 5, services: 4, school: 10 });
    expect(CRITERIA.reduce((s, k) => s + w[k], 0)).to.equal(100);
    expect(weightVector(w)).to.have.lengthOf(CRITERION_COUNT);
    await mongoose.connection.collection('matching_settings').deleteOne({ _id: 'weights' as never });
  });
});
