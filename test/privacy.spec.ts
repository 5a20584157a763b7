// Issue 7, trust: sensitive fields sealed at rest with a per-person key (a raw dump holds none of
// them), crypto-shredding on erasure, GDPR export (own data only), erasure by a coordinator with
// statistics kept, retention, and the privacy pages.
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Role } from '../src/kernel/auth/roles.js';
import { DataKeyModel } from '../src/kernel/crypto/data-key.model.js';
import { openWith, sealWith } from '../src/kernel/crypto/sealed-fields.js';
import { keyring } from '../src/kernel/crypto/keyring.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { ERASED_NAME, SYSTEM, familySubject } from '../src/modules/intake/index.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { apiSend, createUser, formLogin, formToken, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

const CANARY = {
  interview: 'CANARY-interview-7f3a',
  needs: 'CANARY-needs-19bd',
  network: 'CANARY-network-name-c0de',
  networkContact: 'CANARY-network-phone-0470',
  isolation: 'CANARY-isolation-note-aa11',
  exclusion: 'CANARY-exclusion-reason-5e5e',
  checkin: 'CANARY-checkin-note-77aa',
  incident: 'CANARY-incident-desc-9b9b',
  mediation: 'CANARY-mediation-summary-4c4c',
  exit: 'CANARY-exit-note-3d3d',
  situation: 'CANARY-situation-text-8e8e',
  reference: 'CANARY-reference-note-6f6f',
};

/** Every document of every collection, as the database holds it (what a stolen dump would show). */
async function rawDump(): Promise<string> {
  const db = mongoose.connection.db!;
  const parts: string[] = [];
  for (const { name } of await db.listCollections().toArray()) parts.push(JSON.stringify(await db.collection(name).find({}).toArray()));
  return parts.join('\n');
}

describe('privacy: encryption at rest, export, erasure, retention', () => {
  const ctx = useTestApp();
  const as = (role: Role) => signedInAs(ctx, role);
  type S = SignedIn;
  const post = (s: S, path: string, body?: object) => apiSend(s, 'post', path, body);
  const put = (s: S, path: string, body?: object) => apiSend(s, 'put', path, body);
  const intake = () => ctx.app.named.intake;
  const privacy = () => ctx.app.named.privacy;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  let worker: S;
  let coordinator: S;
  before(async () => {
    worker = await as('worker');
    coordinator = await as('coordinator');
  });

  /** A parent's family with every kind of casework, in an ended cohabitation with a host. */
  async function livedCase() {
    const parent = await as('parent');
    const host = await as('host');
    const body = familyBody();
    const f = await post(parent, '/families', { ...body, situation: { ...body.situation, confidentialAddress: true, description: CANARY.situation } }).expect(
      201,
    );
    const familyId = f.body.id as string;
    await post(parent, `/families/${familyId}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await post(worker, `/families/${familyId}/review`, { decision: 'activate' }).expect(200);
    await post(worker, `/families/${familyId}/interviews`, { date: day(-1), summary: CANARY.interview, supportNeeds: CANARY.needs }).expect(201);
    await put(worker, `/families/${familyId}/network`, { contacts: [{ kind: 'friend', name: CANARY.network, contact: CANARY.networkContact }] }).expect(200);
    await post(worker, `/families/${familyId}/isolation`, { criteria: ['noFamilyOrFriendsHelp', 'fewSocialContacts'], note: CANARY.isolation }).expect(201);
    await put(worker, `/families/${familyId}/exclusions`, { communes: ['21012'], offerIds: [], hostIds: [], reason: CANARY.exclusion }).expect(200);

    const o = await post(host, '/offers', offerBody()).expect(201);
    const offerId = o.body.id as string;
    await post(worker, `/offers/${offerId}/references`, { name: 'A neighbour', relation: 'neighbour', outcome: 'positive', note: CANARY.reference }).expect(
      201,
    );
    await post(host, `/offers/${offerId}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, offerId, 'inspection');
    await intake().offers.recordInspection(SYSTEM, offerId, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake().offers, offerId);
    const p = await post(worker, '/proposals', { familyId, offerId }).expect(201);
    await post(parent, `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    await post(host, `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    const c = await post(worker, '/cohabitations', {
      proposalId: p.body.id,
      startDate: day(-12),
      agreement: { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 2 }], houseRules: 'Calme après 22 h.' },
    }).expect(201);
    const cohabitationId = c.body.id as string;
    await post(parent, `/cohabitations/${cohabitationId}/signatures`).expect(200);
    await post(host, `/cohabitations/${cohabitationId}/signatures`).expect(200);
    await post(worker, `/cohabitations/${cohabitationId}/checkins`, {
      date: day(-4),
      party: 'both',
      wellbeing: { family: 4, host: 4, children: 5 },
      conflictLevel: 0,
      isolationScore: 1,
      note: CANARY.checkin,
    }).expect(201);
    await post(worker, `/cohabitations/${cohabitationId}/incidents`, { date: day(-3), kind: 'conflict', severity: 'low', description: CANARY.incident }).expect(
      201,
    );
    await post(worker, `/cohabitations/${cohabitationId}/mediations`, { date: day(-2), participants: 'both households', summary: CANARY.mediation }).expect(
      201,
    );
    await post(worker, `/cohabitations/${cohabitationId}/end`, { date: day(-1), reason: 'family_found_housing', exitNote: CANARY.exit }).expect(200);
    return { parent, host, familyId, offerId, cohabitationId };
  }

  describe('encryption at rest', () => {
    it('a raw dump of the database holds none of the sensitive values, while staff read them back', async () => {
      const lived = await livedCase();
      const dump = await rawDump();
      for (const [what, canary] of Object.entries(CANARY)) expect(dump.includes(canary), `${what} in clear in the database`).to.equal(false);
      // ...and the family's exclusion commune is not readable either.
      const stored = await FamilyModel.findById(lived.familyId).lean();
      expect(JSON.stringify(stored?.exclusions)).not.to.contain('21012');
      expect((stored?.application as { situation: { confidentialAddress: unknown } }).situation.confidentialAddress).to.match(/^enc:v1:/);

      const family = (await worker.agent.get(`/api/v1/families/${lived.familyId}`).expect(200)).body;
      expect(family.casework.interviews[0]).to.include({ summary: CANARY.interview, supportNeeds: CANARY.needs });
      expect(family.casework.network[0]).to.include({ name: CANARY.network, contact: CANARY.networkContact });
      expect(family.casework.isolation[0]).to.include({ score: 2, note: CANARY.isolation });
      expect(family.casework.exclusions).to.deep.include({ communes: ['21012'], reason: CANARY.exclusion });
      expect(family.situation).to.include({ description: CANARY.situation, confidentialAddress: true });
      const offer = (await worker.agent.get(`/api/v1/offers/${lived.offerId}`).expect(200)).body;
      expect(offer.casework.references[0]).to.include({ note: CANARY.reference });
      // The parent reads their own words back.
      expect((await lived.parent.agent.get(`/api/v1/families/${lived.familyId}`).expect(200)).body.situation.description).to.equal(CANARY.situation);
      const cohabitation = (await worker.agent.get(`/api/v1/cohabitations/${lived.cohabitationId}`).expect(200)).body;
      expect(cohabitation.checkins[0]).to.include({ note: CANARY.checkin, isolationScore: 1 });
      expect(cohabitation.incidents[0]).to.include({ description: CANARY.incident });
      expect(cohabitation.mediations[0]).to.include({ summary: CANARY.mediation });
      expect(cohabitation.ending).to.include({ exitNote: CANARY.exit });
      // One data key for the family, stored wrapped (the key itself is nowhere in clear).
      const key = await DataKeyModel.findById(familySubject(lived.familyId)).lean();
      expect(key?.wrapped).to.match(/^enc:v1:/);
    });

    it('sessions are encrypted at rest: what a refused form keeps for its page is not in clear', async () => {
      const worker = await createUser('worker');
      const agent = ctx.request();
      await formLogin(agent, worker.email);
      const family = await post(await as('parent'), '/families', familyBody()).expect(201);
      const page = await agent.get(`/work/families/${family.body.id}`).expect(200);
      // No date: refused, and the summary is kept in the session to show the form again.
      await agent
        .post(`/work/families/${family.body.id}/interviews`)
        .type('form')
        .send({ _csrf: formToken(page.text), 'interview[summary]': 'CANARY-session-kept-1a2b', 'interview[date]': '' })
        .expect(303);
      const sessions = JSON.stringify(await mongoose.connection.db!.collection('sessions').find({}).toArray());
      expect(sessions).not.to.contain('CANARY-session-kept-1a2b');
      expect(sessions).not.to.contain('passport');
      const again = await agent.get(`/work/families/${family.body.id}`).expect(200);
      expect(again.text).to.contain('CANARY-session-kept-1a2b');
    });

    it('a sealed value opens only with its own key, in its own record and field (authenticated)', async () => {
      const key = Buffer.alloc(32, 1);
      const sealed = sealWith(key, 'family:a', { interviews: [{ summary: 'hello' }] }, ['interviews.*.summary']);
      expect(openWith(key, 'family:a', sealed, ['interviews.*.summary'])).to.deep.equal({ interviews: [{ summary: 'hello' }] });
      expect(() => openWith(key, 'family:b', sealed, ['interviews.*.summary'])).to.throw();
      expect(() => openWith(Buffer.alloc(32, 2), 'family:a', sealed, ['interviews.*.summary'])).to.throw();
      const tampered = { interviews: [{ summary: sealed.interviews[0]!.summary.slice(0, -2) + 'AA' }] };
      expect(() => openWith(key, 'family:a', tampered, ['interviews.*.summary'])).to.throw();
    });

    it('two simultaneous first uses of a person agree on one key', async () => {
      const subject = `family:${new mongoose.Types.ObjectId().toString()}`;
      const keys = await Promise.all(Array.from({ length: 6 }, () => keyring.keyFor(subject)));
      for (const k of keys) expect(k.equals(keys[0]!)).to.equal(true);
      expect(await DataKeyModel.countDocuments({ _id: subject })).to.equal(1);
    });
  });

  describe('export (GDPR Art. 15, 20)', () => {
    it("gives a parent their own data and nobody else's, without the workers' notes", async () => {
      const lived = await livedCase();
      const res = await lived.parent.agent.get('/api/v1/me/export').expect(200);
      expect(res.headers['content-disposition']).to.contain('attachment');
      const data = res.body;
      expect(data.format).to.equal('cohabitation-export/1');
      expect(data.account.email).to.equal(lived.parent.email);
      expect(data.applications.map((a: { id: string }) => a.id)).to.deep.equal([lived.familyId]);
      expect(data.cohabitations).to.have.length(1);
      expect(data.proposals[0].myAnswer.decision).to.equal('accept');
      const text = JSON.stringify(data);
      // Their own words are theirs; the workers' notes are not in it.
      expect(text).to.contain(CANARY.situation);
      for (const [what, canary] of Object.entries(CANARY)) if (what !== 'situation') expect(text, what).not.to.contain(canary);
      expect(text).not.to.contain(lived.host.email);
      expect(data.notIncluded.workerNotes).to.be.a('string').and.not.equal('privacy.export.workerNotes');

      const hostData = (await lived.host.agent.get('/api/v1/me/export').expect(200)).body;
      expect(hostData.offers.map((o: { id: string }) => o.id)).to.deep.equal([lived.offerId]);
      expect(hostData.applications).to.deep.equal([]);
      expect(JSON.stringify(hostData)).not.to.contain(lived.parent.email);
      await ctx.request().get('/api/v1/me/export').expect(401);
    });

    it('is downloadable from the "My data" page', async () => {
      const user = await createUser('parent');
      const agent = ctx.request();
      await formLogin(agent, user.email);
      const page = await agent.get('/my/data').expect(200);
      expect(page.text).to.contain('href="/my/data/export"');
      const file = await agent.get('/my/data/export').expect(200);
      expect(file.headers['content-disposition']).to.contain('cohabitation-my-data.json');
      expect(JSON.parse(file.text).account.email).to.equal(user.email);
    });
  });

  describe('erasure (GDPR Art. 17)', () => {
    it('a coordinator erases a parent: identity and notes gone, key shredded, statistics kept, the person cannot sign in', async () => {
      const lived = await livedCase();
      const before = (await coordinator.agent.get('/api/v1/stats').expect(200)).body;
      await post(worker, `/users/${lived.parent.id}/erase`, {}).expect(403);
      await post(coordinator, `/users/${lived.parent.id}/erase`, { reason: 'x', extra: 1 }).expect(422);
      const res = await post(coordinator, `/users/${lived.parent.id}/erase`, { reason: 'request of the person' }).expect(200);
      expect(res.body.pseudonymised).to.deep.include({ families: 1, cohabitations: 1 });
      expect(res.body.retained).to.include.members(['auditLog', 'agreement', 'statistics']);

      expect(await DataKeyModel.countDocuments({ _id: familySubject(lived.familyId) })).to.equal(0);
      const family = (await worker.agent.get(`/api/v1/families/${lived.familyId}`).expect(200)).body;
      expect(family.parent.firstName).to.equal('—');
      expect(family.parent.email).to.equal(undefined);
      expect(family.casework.interviews).to.deep.equal([]);
      expect(family.casework.isolation.map((i: { score: number }) => i.score)).to.deep.equal([2]);
      const cohabitation = (await worker.agent.get(`/api/v1/cohabitations/${lived.cohabitationId}`).expect(200)).body;
      expect(cohabitation.ending.reason).to.equal('family_found_housing');
      expect(cohabitation.checkins[0].isolationScore).to.equal(1);
      expect(cohabitation.checkins[0].note).to.equal(undefined);

      const dump = await rawDump();
      expect(dump).not.to.contain(lived.parent.email);
      const after = (await coordinator.agent.get('/api/v1/stats').expect(200)).body;
      expect(after.endingsByReason).to.deep.equal(before.endingsByReason);
      expect(after.isolationChange).to.deep.equal(before.isolationChange);

      const login = ctx.request();
      const session = await login.get('/api/v1/session').expect(200);
      await login
        .post('/api/v1/session')
        .set('X-CSRF-Token', session.body.csrfToken)
        .send({ email: lived.parent.email, password: 'correct horse battery staple' })
        .expect(401);
      await lived.parent.agent.get('/api/v1/me/export').expect(401);
      await post(coordinator, `/users/${lived.parent.id}/erase`, {}).expect(200);
    });

    /** A parent's active family and a host's conform offer, ready to be proposed. */
    async function activeFamilyAndConformOffer() {
      const parent = await as('parent');
      const f = await post(parent, '/families', familyBody()).expect(201);
      await post(parent, `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
      await post(worker, `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
      const host = await as('host');
      const o = await post(host, '/offers', offerBody()).expect(201);
      await post(host, `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
      await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
      await intake().offers.recordInspection(SYSTEM, o.body.id, {
        inspectionId: `i-${o.body.id}`,
        outcome: 'conform',
        ruleSet: 'BRU-2026',
        performedAt: new Date(),
        validUntil: new Date(Date.now() + 700 * 86_400_000),
        remarksDeadline: null,
      });
      await screenOffer(intake().offers, o.body.id);
      return { parent, host, f, o };
    }

    it('is refused (409) while a cohabitation is under way, and nothing is changed', async () => {
      const { parent, f, o } = await activeFamilyAndConformOffer();
      await post(worker, '/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
      const refused = await post(coordinator, `/users/${parent.id}/erase`, {}).expect(409);
      expect(refused.body.error.code).to.equal('ERASURE_BLOCKED');
      expect(refused.body.error.details.map((d: { path: string }) => d.path)).to.include('/families');
      const family = (await parent.agent.get(`/api/v1/families/${f.body.id}`).expect(200)).body;
      expect(family.parent.firstName).to.equal(familyBody().parent.firstName);
      await post(coordinator, `/users/${coordinator.id}/erase`, {}).expect(409);
      await post(coordinator, '/users/000000000000000000000000/erase', {}).expect(404);
      await post(coordinator, '/users/not-an-id/erase', {}).expect(404);
    });

    it('a past proposal of an erased family and host still reads, with what erasure kept', async () => {
      const { parent, host, f, o } = await activeFamilyAndConformOffer();
      const p = await post(worker, '/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
      await post(host, `/proposals/${p.body.id}/responses`, { decision: 'decline', reason: 'Not now' }).expect(200);
      await post(coordinator, `/users/${host.id}/erase`, {}).expect(200);
      await post(coordinator, `/users/${parent.id}/erase`, {}).expect(200);
      const read = (await worker.agent.get(`/api/v1/proposals/${p.body.id}`).expect(200)).body;
      expect(read.offer).to.include({ hostFirstName: ERASED_NAME, commune: offerBody().address.commune, householdSize: 0 });
      expect(read.family).to.include({ firstName: ERASED_NAME });
      expect(read.family.children).to.have.length(familyBody().children.length);
      await worker.agent.get('/api/v1/proposals').expect(200);
      await worker.agent.get(`/proposals/${p.body.id}`).expect(200);
    });

    it('through the coordinator pages: confirmation with the error summary, then done', async () => {
      const parent = await createUser('parent');
      const agent = ctx.request();
      const coord = await createUser('coordinator');
      await formLogin(agent, coord.email);
      const page = await agent.get(`/admin/users/${parent.id}/erase`).expect(200);
      const token = formToken(page.text);
      await agent.post(`/admin/users/${parent.id}/erase`).type('form').send({ _csrf: token, reason: '' }).expect(303);
      const again = await agent.get(`/admin/users/${parent.id}/erase`).expect(200);
      expect(again.text).to.contain('error-summary');
      expect(again.text).to.contain('href="#reason"');
      expect(again.text).to.contain('href="#confirm"');
      await agent
        .post(`/admin/users/${parent.id}/erase`)
        .type('form')
        .send({ _csrf: formToken(again.text), reason: 'request by phone', confirm: 'yes' })
        .expect(303);
      const users = await agent.get('/admin/users').expect(200);
      expect(users.text).not.to.contain(parent.email);
    });

    it('a parent asks for erasure from "My data": the coordinators are told', async () => {
      const user = await createUser('parent');
      const agent = ctx.request();
      await formLogin(agent, user.email);
      const page = await agent.get('/my/data').expect(200);
      const before = await OutboxModel.countDocuments({ kind: 'erasure-request' });
      await agent
        .post('/my/data/erasure-request')
        .type('form')
        .send({ _csrf: formToken(page.text) })
        .expect(303);
      expect(await OutboxModel.countDocuments({ kind: 'erasure-request' })).to.be.greaterThan(before);
    });
  });

  describe('retention', () => {
    it('pseudonymises cases closed for longer than the retention period, and only those', async () => {
      const parent = await as('parent');
      const f = await post(parent, '/families', familyBody()).expect(201);
      await post(worker, `/families/${f.body.id}/interviews`, { date: day(-1), summary: CANARY.interview }).expect(201);
      await post(parent, `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
      await post(worker, `/families/${f.body.id}/review`, { decision: 'reject', reason: 'not in Brussels' }).expect(200);
      const fresh = await post(await as('parent'), '/families', familyBody()).expect(201);

      const months = 24; // config/default.json privacy.retentionMonths
      const inTime = new Date(Date.now() + (months * 30 - 40) * 86_400_000);
      await privacy().retention(inTime);
      expect((await worker.agent.get(`/api/v1/families/${f.body.id}`).expect(200)).body.parent.firstName).not.to.equal('—');

      const later = new Date(Date.now() + (months * 31 + 5) * 86_400_000);
      const done = await privacy().retention(later);
      expect(done.families).to.be.at.least(1);
      const erased = (await worker.agent.get(`/api/v1/families/${f.body.id}`).expect(200)).body;
      expect(erased.parent.firstName).to.equal('—');
      expect(erased.status).to.equal('rejected');
      expect((await worker.agent.get(`/api/v1/families/${fresh.body.id}`).expect(200)).body.parent.firstName).not.to.equal('—');
    });
  });

  describe('privacy page', () => {
    for (const lang of ['fr', 'nl', 'en'] as const) {
      it(`says what is kept, why, for how long and who sees it (${lang})`, async () => {
        const res = await ctx.request().get(`/privacy?lang=${lang}`).expect(200);
        expect(res.text).to.match(new RegExp(`<html[^>]*lang="${lang}"`));
        expect(res.text).to.contain('24');
        expect(res.text).not.to.match(/privacy\.(notice|retained)\./);
        expect((res.text.match(/<h2/g) ?? []).length).to.be.at.least(6);
      });
    }
  });
});
