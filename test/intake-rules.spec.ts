// Pure rules of intake: the bedrooms a family needs (the service's adequacy policy, SPEC §6.1), coherence, completeness, duplicate keys, region data.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { bedroomsNeeded as bedroomsUnder, minimumSurfaceM2 as surfaceUnder, type ChildAtMoveIn } from '../src/kernel/housing-norms.js';
import { ruleSetFor } from '../src/kernel/rulesets.js';
import { communeDistanceKm, postalCodeBelongs, REGION } from '../src/kernel/region.js';
import { computeBedrooms, familyCoherence, familySubmissionProblems, normalisePhone, personKeys } from '../src/modules/intake/family.rules.js';
import { offerCoherence, offerSubmissionProblems } from '../src/modules/intake/offer.rules.js';
import { draftOf } from '../src/modules/intake/schema-parts.js';
import { FAMILY_EXAMPLE, OFFER_EXAMPLE } from './helpers/intake-fixtures.js';

const kid = (age: number, sex: 'f' | 'm' | 'x') => ({ age, sex });
const BRU_2026 = ruleSetFor(new Date('2026-06-01')).occupancy;
const bedroomsNeeded = (children: ChildAtMoveIn[]) => bedroomsUnder(children, BRU_2026);
const minimumSurfaceM2 = (occupants: number) => surfaceUnder(occupants, BRU_2026);

describe('bedrooms needed: the service adequacy policy (SPEC §6.1)', () => {
  it('one room for the parent, babies under 3 with the parent', () => {
    expect(bedroomsNeeded([])).to.equal(1);
    expect(bedroomsNeeded([kid(0, 'f'), kid(2, 'm')])).to.equal(1);
  });
  it('two children per room, whatever their sex under 10', () => {
    expect(bedroomsNeeded([kid(3, 'f')])).to.equal(2);
    expect(bedroomsNeeded([kid(4, 'f'), kid(7, 'm')])).to.equal(2);
    expect(bedroomsNeeded([kid(4, 'f'), kid(7, 'm'), kid(9, 'f')])).to.equal(3);
  });
  it('from 10, never with a child of the other sex', () => {
    expect(bedroomsNeeded([kid(10, 'f'), kid(12, 'm')])).to.equal(3);
    expect(bedroomsNeeded([kid(10, 'f'), kid(14, 'f')])).to.equal(2);
    expect(bedroomsNeeded([kid(11, 'f'), kid(5, 'm')])).to.equal(3);
    expect(bedroomsNeeded([kid(11, 'f'), kid(5, 'f')])).to.equal(2);
  });
  it('pairs an older child with a younger one of the same sex when that saves a room', () => {
    // girls 12, boy 11, girl 6, boy 4: (12f+6f) (11m+4m) → 2 rooms + parent
    expect(bedroomsNeeded([kid(12, 'f'), kid(11, 'm'), kid(6, 'f'), kid(4, 'm')])).to.equal(3);
    // three older girls and one young boy: (f,f) (f) (m) → 3 + parent
    expect(bedroomsNeeded([kid(12, 'f'), kid(13, 'f'), kid(15, 'f'), kid(5, 'm')])).to.equal(4);
  });
  it('computes from birth years at the earliest move-in date, alternate custody counting fully', () => {
    const app = { ...FAMILY_EXAMPLE, needs: { ...FAMILY_EXAMPLE.needs, moveInFrom: '2026-12-01' } };
    // 2019 girl (7) and 2022 boy (4): share one room → 2
    expect(computeBedrooms(app)).to.equal(2);
    const alternate = {
      ...app,
      children: [
        { birthYear: 2014, sex: 'f' as const, custody: 'alternate' as const },
        { birthYear: 2015, sex: 'm' as const, custody: 'weekends' as const },
      ],
    };
    expect(computeBedrooms(alternate)).to.equal(3);
    expect(computeBedrooms({ ...app, needs: {} })).to.equal(null);
  });
  it('ages are exact at the move-in date: birth month when known, else 1 July', () => {
    const family = (moveInFrom: string, girl: { birthYear: number; birthMonth?: number }) => ({
      ...FAMILY_EXAMPLE,
      children: [
        { ...girl, sex: 'f' as const, custody: 'full' as const },
        { birthYear: 2019, sex: 'm' as const, custody: 'full' as const },
      ],
      needs: { ...FAMILY_EXAMPLE.needs, moveInFrom },
    });
    // The girl turns 10 on 1 December 2026: from then on she no longer shares with her brother.
    expect(computeBedrooms(family('2026-11-30', { birthYear: 2016, birthMonth: 12 }))).to.equal(2);
    expect(computeBedrooms(family('2026-12-01', { birthYear: 2016, birthMonth: 12 }))).to.equal(3);
    expect(computeBedrooms(family('2026-06-30', { birthYear: 2016 }))).to.equal(2);
    expect(computeBedrooms(family('2026-07-01', { birthYear: 2016 }))).to.equal(3);
  });
  it('an adult child, a child who needs their own room, children at weekends: the adequacy policy', () => {
    const base = { ...FAMILY_EXAMPLE, needs: { ...FAMILY_EXAMPLE.needs, moveInFrom: '2026-12-01' } };
    // A daughter of 20 and a girl of 7: no sharing with an adult child.
    expect(
      computeBedrooms({
        ...base,
        children: [
          { birthYear: 2006, sex: 'f', custody: 'full' },
          { birthYear: 2019, sex: 'f', custody: 'full' },
        ],
      }),
    ).to.equal(3);
    expect(
      computeBedrooms({
        ...base,
        children: [
          { birthYear: 2019, sex: 'f', custody: 'full', needsOwnRoom: true },
          { birthYear: 2020, sex: 'f', custody: 'full' },
        ],
      }),
    ).to.equal(3);
    // Three children at weekends or now and then: one shared room for all of them.
    const visiting = (['weekends', 'occasional', 'weekends'] as const).map((custody, i) => ({
      birthYear: 2012 + i,
      sex: i === 1 ? ('m' as const) : ('f' as const),
      custody,
    }));
    expect(computeBedrooms({ ...base, children: visiting })).to.equal(2);
  });
  it('surface norm: 18 m² for one person plus 10 m² per other occupant', () => {
    expect(minimumSurfaceM2(1)).to.equal(18);
    expect(minimumSurfaceM2(4)).to.equal(48);
  });
});

describe('family rules', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  it('accepts the SPEC example as complete', () => {
    expect(familySubmissionProblems(FAMILY_EXAMPLE, now)).to.deep.equal([]);
  });
  it('refuses years in the future and incoherent dates, naming each field', () => {
    const bad = {
      parent: { birthYear: 2020 },
      children: [{ birthYear: 2030 }],
      needs: { moveInFrom: '2027-03-01', moveInBy: '2027-01-01' },
      expectedChild: { dueDate: '2028-06-01' },
    };
    const paths = familyCoherence(bad, now).map((d) => d.path);
    expect(paths).to.include.members(['/parent/birthYear', '/children/0/birthYear', '/needs/moveInBy', '/expectedChild/dueDate']);
  });
  it('lists what a submission lacks, consent to data processing included', () => {
    const problems = familySubmissionProblems({ parent: { firstName: 'A' }, consents: { dataProcessing: false, shareProfile: false } }, now);
    const paths = problems.map((d) => d.path);
    expect(paths).to.include.members(['/parent/lastName', '/children', '/needs', '/consents/dataProcessing']);
  });
  it('duplicate keys: same e-mail or phone (any format), same name and birth year', () => {
    expect(normalisePhone('0470 00 00 00')).to.equal('+32470000000');
    expect(normalisePhone('+32 470/00.00.00')).to.equal('+32470000000');
    const a = personKeys({ firstName: 'Amina', lastName: 'Benali', birthYear: 1991, email: 'A@x.org', phone: '0470000000' });
    const b = personKeys({ firstName: 'amína', lastName: 'BENALI', birthYear: 1991, email: null, phone: '+32470000000' });
    expect(a.filter((k) => b.includes(k))).to.have.members(['phone:+32470000000', 'name:amina|benali|1991']);
  });
});

describe('offer rules', () => {
  it('accepts the SPEC example as complete', () => {
    expect(offerSubmissionProblems(OFFER_EXAMPLE)).to.deep.equal([]);
  });
  it('refuses a postal code of another commune, ages upside down, rooms larger than the home', () => {
    const bad = {
      address: { postalCode: '1000', commune: '21009' },
      children: { maxCount: 2, minAge: 10, maxAge: 5 },
      dwelling: { netSurfaceM2: 20 },
      rooms: [{ surfaceM2: 15 }, { surfaceM2: 12 }],
    };
    expect(offerCoherence(bad as never).map((d) => d.path)).to.have.members(['/address/postalCode', '/children/maxAge', '/rooms']);
  });
  it('needs the landlord consent of a tenant, a bedroom, and the host in the household', () => {
    const app = {
      ...OFFER_EXAMPLE,
      legal: { tenure: 'tenant' as const, fireInsurance: true },
      rooms: [{ kind: 'office' as const, surfaceM2: 9, furnished: false }],
      host: { ...OFFER_EXAMPLE.host, household: [{ birthYear: 1990, relation: 'partner' as const }] },
    };
    expect(offerSubmissionProblems(app).map((d) => d.path)).to.include.members(['/legal/landlordConsent', '/rooms', '/host/household']);
  });
});

describe('region data', () => {
  it('has the 19 communes, postal codes and centres', () => {
    expect(REGION.communes).to.have.length(19);
    expect(postalCodeBelongs('1050', '21009')).to.equal(true);
    expect(postalCodeBelongs('1000', '21009')).to.equal(false);
    const d = communeDistanceKm('21004', '21009');
    expect(d).to.be.greaterThan(1).and.lessThan(5);
  });
  it('is the same as the shared reference data when that is beside the repository', function () {
    const shared = '../shared/data/brussels-communes.json';
    if (!existsSync(shared)) this.skip();
    expect(JSON.parse(readFileSync('config/region/brussels-communes.json', 'utf8'))).to.deep.equal(JSON.parse(readFileSync(shared, 'utf8')));
  });
});

describe('draft schemas', () => {
  it('keep every rule but drop the required lists', () => {
    const schema = {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'object', required: ['b'], properties: { b: { type: 'string', enum: ['required'] } } } },
    };
    expect(draftOf(schema)).to.deep.equal({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string', enum: ['required'] } } } } });
  });
});
