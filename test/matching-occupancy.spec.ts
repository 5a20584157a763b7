// SPEC §6.1 and §6.2 end to end: the bedrooms intake computes, who counts for the surface norm, an
// adult child, and rooms and surface measured at the visit, as matching's ROOMS, SURFACE, CHILDREN.
import { expect } from 'chai';
import { SYSTEM } from '../src/modules/intake/index.js';
import type { InspectionOutcome } from '../src/modules/intake/offer.service.js';
import { apiLogin, createUser, useTestApp } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';

describe('matching: occupancy (SPEC §6.1, §6.2)', () => {
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

  async function conformOffer(overrides: Parameters<typeof offerBody>[0] = {}, measured: InspectionOutcome['measured'] = null) {
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
      measured,
    });
    await screenOffer(intake().offers, o.body.id);
    return o.body.id as string;
  }

  async function blockersOf(familyId: string, offerId: string) {
    const res = await worker.agent.get(`/api/v1/families/${familyId}/matches?includeIneligible=true&limit=500`).expect(200);
    return res.body.items.find((i: { offerId: string }) => i.offerId === offerId).blockers as { code: string; reason: string }[];
  }

  it('CHILDREN: a daughter of 20 fits a host accepting children up to 20 (her own room: 2 bedrooms)', async () => {
    // familyBody moves in 10 days from now: born in January twenty years before that year.
    const moveInYear = new Date(Date.now() + 10 * 86_400_000).getUTCFullYear();
    const family = await activeFamily({ children: [{ birthYear: moveInYear - 20, birthMonth: 1, sex: 'f', custody: 'full' }] });
    expect((await worker.agent.get(`/api/v1/families/${family}`).expect(200)).body.bedroomsNeeded).to.equal(2);
    const upTo17 = await conformOffer();
    const upTo20 = await conformOffer({ children: { maxCount: 2, minAge: 0, maxAge: 20 } });
    expect((await blockersOf(family, upTo17)).map((b) => b.code)).to.deep.equal(['CHILDREN']);
    expect(await blockersOf(family, upTo20)).to.deep.equal([]);
    await worker.call('/proposals', { familyId: family, offerId: upTo20 }).expect(201);
  });

  it('a bedroom count stored under an older rule is computed again (once, with an event) and matching uses the new one', async () => {
    const moveInYear = new Date(Date.now() + 10 * 86_400_000).getUTCFullYear();
    const family = await activeFamily({ children: [{ birthYear: moveInYear - 19, birthMonth: 1, sex: 'm', custody: 'full' }] });
    // As saved before adult children had a room of their own: 1.
    await FamilyModel.updateOne({ _id: family }, { $set: { 'bedrooms.computed': 1 } });
    expect((await worker.agent.get(`/api/v1/families/${family}`).expect(200)).body.bedroomsNeeded).to.equal(1);
    expect(await intake().families.recomputeBedrooms()).to.be.at.least(1);
    const doc = await intake().families.load(family);
    expect(doc.bedrooms?.computed).to.equal(2);
    expect(doc.events.at(-1)!.type).to.equal('bedrooms.recomputed');
    expect(await intake().families.recomputeBedrooms()).to.equal(0);
    expect((await worker.agent.get(`/api/v1/families/${family}`).expect(200)).body.bedroomsNeeded).to.equal(2);
  });

  it('children at weekends or now and then: one shared room, and not occupants for the surface norm', async () => {
    const visiting = [8, 12, 14].map((age, i) => ({
      birthYear: year - age,
      sex: i === 1 ? ('m' as const) : ('f' as const),
      custody: i === 1 ? ('occasional' as const) : ('weekends' as const),
    }));
    const family = await activeFamily({ children: visiting });
    expect((await worker.agent.get(`/api/v1/families/${family}`).expect(200)).body.bedroomsNeeded).to.equal(2);
    // Host alone + the parent: 18 + 10 = 28 m² (with the three children it would be 58).
    const small = await conformOffer({ dwelling: { ...offerBody().dwelling, netSurfaceM2: 40 } });
    expect(await blockersOf(family, small)).to.deep.equal([]);
  });

  it('ROOMS and SURFACE from what the visit measured, saying so, instead of what the host declared', async () => {
    const family = await activeFamily({});
    const offer = await conformOffer(
      {},
      {
        dwellingSurfaceM2: 45,
        rooms: [
          { kind: 'bedroom', surfaceM2: 11 },
          { kind: 'office', surfaceM2: 8 },
        ],
      },
    );
    const blockers = await blockersOf(family, offer);
    expect(blockers.map((b) => b.code)).to.deep.equal(['ROOMS', 'SURFACE']);
    expect(blockers[0]!.reason).to.contain('1 bedroom (measured at the visit); the family needs 2').and.contain('not a legal norm');
    expect(blockers[1]!.reason).to.contain('45 m² (measured at the visit)').and.contain('48 m²');
    const refused = await worker.call('/proposals', { familyId: family, offerId: offer }).expect(409);
    expect(refused.body.error.code).to.equal('NOT_ELIGIBLE');
  });
});
