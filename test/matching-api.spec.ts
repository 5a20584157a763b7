// Matching's JSON API (SPEC §9): matches, the plan, proposals and answers, expiry, double booking.
import { expect } from 'chai';
import type supertest from 'supertest';
import { OfferModel } from '../src/modules/intake/offer.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { apiLogin, createUser, useTestApp } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

describe('matching API', () => {
  const ctx = useTestApp();
  const as = async (role: 'parent' | 'host' | 'worker' | 'coordinator' | 'partner') => {
    const user = await createUser(role);
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id };
  };
  type S = Awaited<ReturnType<typeof as>>;
  const post = (s: S, path: string, body?: object): supertest.Test => s.agent.post(`/api/v1${path}`).set('X-CSRF-Token', s.token).send(body);
  const intake = () => ctx.app.named.intake;
  const matching = () => ctx.app.named.matching;

  let worker: S;
  before(async () => {
    worker = await as('worker');
  });

  /** A parent's family, submitted and activated. */
  async function activeFamily(overrides = {}) {
    const parent = await as('parent');
    const f = await post(parent, '/families', familyBody(overrides)).expect(201);
    await post(parent, `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await post(worker, `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    return { parent, id: f.body.id as string };
  }

  /** A host's offer, submitted, inspected conform (through the services, as conformity would). */
  async function availableOffer(overrides = {}) {
    const host = await as('host');
    const o = await post(host, '/offers', offerBody(overrides)).expect(201);
    await post(host, `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake().offers, o.body.id);
    return { host, id: o.body.id as string };
  }

  it('GET /families/:id/matches: scored offers with a reason per criterion; ineligible ones with every blocker', async () => {
    const family = await activeFamily();
    const good = await availableOffer();
    const dear = await availableOffer({ contribution: { monthlyRent: 500, monthlyCharges: 100, servicesWanted: [] } });
    const only = await worker.agent.get(`/api/v1/families/${family.id}/matches?limit=20`).expect(200);
    const ids = only.body.items.map((i: { offerId: string }) => i.offerId);
    expect(ids).to.include(good.id).and.not.include(dear.id);
    const all = await worker.agent.get(`/api/v1/families/${family.id}/matches?limit=20&includeIneligible=true`).expect(200);
    const item = all.body.items.find((i: { offerId: string }) => i.offerId === good.id);
    expect(item.eligible).to.equal(true);
    expect(item.criteria.map((c: { key: string }) => c.key)).to.deep.equal([
      'space',
      'budget',
      'location',
      'timing',
      'children',
      'lifestyle',
      'language',
      'services',
      'school',
    ]);
    for (const c of item.criteria) {
      expect(c.value).to.be.within(0, 1);
      expect(c.reason)
        .to.be.a('string')
        .and.not.match(/^matching\./);
    }
    expect(item.score).to.be.closeTo(
      item.criteria.reduce((s: number, c: { points: number }) => s + c.points, 0),
      0.5,
    );
    const blocked = all.body.items.find((i: { offerId: string }) => i.offerId === dear.id);
    expect(blocked.eligible).to.equal(false);
    expect(blocked.blockers.map((b: { code: string }) => b.code)).to.deep.equal(['BUDGET']);
    expect(blocked.blockers[0].reason).to.contain('€');
    const scores = all.body.items.map((i: { score: number }) => i.score);
    expect(scores).to.deep.equal([...scores].sort((a: number, b: number) => b - a));
    await family.parent.agent.get(`/api/v1/families/${family.id}/matches`).expect(403);
    await worker.agent.get(`/api/v1/families/${family.id}/matches?limit=0`).expect(422);
    const offerSide = await worker.agent.get(`/api/v1/offers/${good.id}/matches?includeIneligible=true`).expect(200);
    expect(offerSide.body.items.map((i: { familyId: string }) => i.familyId)).to.include(family.id);
  });

  it('POST /matching/plan: pairs with regret, unmatched lists, locked and forbidden pairs', async () => {
    const res = await post(worker, '/matching/plan', {}).expect(200);
    expect(res.body).to.have.keys(['pairs', 'unmatchedFamilies', 'unmatchedOffers', 'totalScore']);
    expect(res.body.pairs.length).to.be.greaterThan(0);
    const first = res.body.pairs[0];
    expect(first).to.have.keys(['familyId', 'offerId', 'score', 'regret']);
    const forbidden = await post(worker, '/matching/plan', { forbidden: [{ familyId: first.familyId, offerId: first.offerId }] }).expect(200);
    expect(forbidden.body.pairs.some((p: { familyId: string; offerId: string }) => p.familyId === first.familyId && p.offerId === first.offerId)).to.equal(
      false,
    );
    await post(worker, '/matching/plan', { locked: [{ familyId: '0'.repeat(24), offerId: '0'.repeat(24) }] }).expect(422);
    await post(worker, '/matching/plan', { extra: 1 }).expect(422);
  });

  it('a proposal: both sides see a pseudonymous summary; both accept → family matched, offer reserved', async () => {
    const family = await activeFamily();
    const offer = await availableOffer();
    const created = await post(worker, '/proposals', { familyId: family.id, offerId: offer.id, message: 'Rencontre jeudi ?' }).expect(201);
    expect(created.body).to.include({ status: 'pending' });
    expect(await OutboxModel.countDocuments({ kind: 'proposal-proposed' })).to.be.greaterThan(1);
    const parentView = await family.parent.agent.get(`/api/v1/proposals/${created.body.id}`).expect(200);
    expect(parentView.body.offer.commune).to.equal('21009');
    expect(JSON.stringify(parentView.body)).not.to.match(/Rue Example|"D\."|marc@example|\+32471/);
    const hostView = await offer.host.agent.get(`/api/v1/proposals/${created.body.id}`).expect(200);
    expect(hostView.body.family.firstName).to.equal('Amina');
    expect(JSON.stringify(hostView.body)).not.to.match(/"B\."|amina@example|\+32470/);
    const stranger = await as('parent');
    await stranger.agent.get(`/api/v1/proposals/${created.body.id}`).expect(404);

    await post(family.parent, `/proposals/${created.body.id}/responses`, { decision: 'accept' }).expect(200);
    await post(family.parent, `/proposals/${created.body.id}/responses`, { decision: 'accept' }).expect(409);
    await post(offer.host, `/proposals/${created.body.id}/responses`, { decision: 'accept', party: 'family' }).expect(403);
    const accepted = await post(offer.host, `/proposals/${created.body.id}/responses`, { decision: 'accept' }).expect(200);
    expect(accepted.body.status).to.equal('accepted');
    expect((await worker.agent.get(`/api/v1/families/${family.id}`).expect(200)).body.status).to.equal('matched');
    expect((await worker.agent.get(`/api/v1/offers/${offer.id}`).expect(200)).body.status).to.equal('reserved');
  });

  it('a decline needs a reason, brings the family back to active and frees both sides; a worker may record an answer', async () => {
    const family = await activeFamily();
    const offer = await availableOffer();
    const p = await post(worker, '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
    await post(worker, `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(422);
    await post(worker, `/proposals/${p.body.id}/responses`, { decision: 'accept', party: 'family' }).expect(200);
    await post(offer.host, `/proposals/${p.body.id}/responses`, { decision: 'decline' }).expect(422);
    const declined = await post(offer.host, `/proposals/${p.body.id}/responses`, { decision: 'decline', reason: 'Pas le bon moment' }).expect(200);
    expect(declined.body.status).to.equal('declined');
    expect((await worker.agent.get(`/api/v1/families/${family.id}`).expect(200)).body.status).to.equal('active');
    await post(worker, '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
  });

  it('refuses ineligible pairs and taken sides (409)', async () => {
    const family = await activeFamily();
    const other = await activeFamily();
    const offer = await availableOffer();
    const dear = await availableOffer({ contribution: { monthlyRent: 520, monthlyCharges: 90, servicesWanted: [] } });
    const refused = await post(worker, '/proposals', { familyId: family.id, offerId: dear.id }).expect(409);
    expect(refused.body.error.code).to.equal('NOT_ELIGIBLE');
    await post(worker, '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
    expect((await post(worker, '/proposals', { familyId: other.id, offerId: offer.id }).expect(409)).body.error.code).to.equal('OFFER_TAKEN');
  });

  it('many simultaneous proposals on one offer: exactly one succeeds, the others 409', async () => {
    const offer = await availableOffer();
    const families = await Promise.all([1, 2, 3, 4, 5, 6].map(() => activeFamily()));
    const workers = await Promise.all(families.map(() => as('worker')));
    const results = await Promise.all(families.map((f, k) => post(workers[k]!, '/proposals', { familyId: f.id, offerId: offer.id })));
    const codes = results.map((r) => r.status).sort();
    expect(codes).to.deep.equal([201, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 201)!;
    const proposals = await matching().proposals.list({ id: worker.id, role: 'worker', name: 'w' }, { status: 'pending' });
    expect(proposals.filter((p) => p.offerId === offer.id)).to.have.length(1);
    expect(proposals.find((p) => p.offerId === offer.id)!.familyId).to.equal(winner.body.familyId);
    // The losers' families are still active, ready for another proposal.
    for (const f of families.filter((f) => f.id !== winner.body.familyId))
      expect((await worker.agent.get(`/api/v1/families/${f.id}`).expect(200)).body.status).to.equal('active');
  });

  it('pending proposals expire after 14 days: family back to active, sides free; idempotent', async () => {
    const family = await activeFamily();
    const offer = await availableOffer();
    const p = await post(worker, '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
    const later = new Date(Date.now() + 15 * 86_400_000);
    expect(await matching().proposals.expireDue(later)).to.be.greaterThan(0);
    expect(await matching().proposals.expireDue(later)).to.equal(0);
    const view = await worker.agent.get(`/api/v1/proposals/${p.body.id}`).expect(200);
    expect(view.body.status).to.equal('expired');
    expect((await worker.agent.get(`/api/v1/families/${family.id}`).expect(200)).body.status).to.equal('active');
    expect((await OfferModel.findById(offer.id).lean())!.status).to.equal('available');
    await post(worker, `/proposals/${p.body.id}/responses`, { decision: 'accept', party: 'host' }).expect(409);
  });

  it('an offer still being written cannot be matched: 422 naming the offer, not an error', async () => {
    const host = await as('host');
    const draft = await post(host, '/offers', { dwelling: { type: 'house', netSurfaceM2: 90, floor: 0, elevator: false, stepFreeAccess: false } }).expect(201);
    const res = await worker.agent.get(`/api/v1/offers/${draft.body.id}/matches`).expect(422);
    expect(res.body.error.details[0].path).to.equal('/offerId');
  });

  it('a draft with each part begun but not complete cannot be matched either (no 500 on a missing field)', async () => {
    const { host, dwelling, rooms, contribution, availability, children, lifestyle, address } = offerBody();
    const offer = await post(worker, '/offers', {
      host: { firstName: host.firstName },
      dwelling,
      rooms,
      contribution,
      availability,
      children,
      lifestyle,
      address,
    }).expect(201);
    expect((await worker.agent.get(`/api/v1/offers/${offer.body.id}/matches`).expect(422)).body.error.details[0].path).to.equal('/offerId');
    const body = familyBody();
    const family = await post(worker, '/families', {
      parent: { firstName: 'Lina', languages: ['fr'] },
      children: [],
      situation: {},
      lifestyle: {},
      needs: { moveInFrom: body.needs.moveInFrom },
    }).expect(201);
    expect((await worker.agent.get(`/api/v1/families/${family.body.id}/matches`).expect(422)).body.error.details[0].path).to.equal('/familyId');
  });

  it('weights: a coordinator edits them (sum 100), a worker cannot', async () => {
    const coordinator = await as('coordinator');
    const weights = { space: 30, budget: 20, location: 10, timing: 10, children: 10, lifestyle: 10, language: 5, services: 5, school: 0 };
    await worker.agent.put('/api/v1/matching/weights').set('X-CSRF-Token', worker.token).send(weights).expect(403);
    await coordinator.agent
      .put('/api/v1/matching/weights')
      .set('X-CSRF-Token', coordinator.token)
      .send({ ...weights, space: 31 })
      .expect(422);
    await coordinator.agent.put('/api/v1/matching/weights').set('X-CSRF-Token', coordinator.token).send(weights).expect(200);
    expect((await worker.agent.get('/api/v1/matching/weights').expect(200)).body.weights).to.deep.equal(weights);
  });
});
