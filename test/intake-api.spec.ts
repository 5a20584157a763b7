// Intake's JSON API (SPEC §9) as partners and acceptance tests call it: lifecycles, validation,
// ownership for every role, duplicates, casework confidentiality, concurrent edits.
import { expect } from 'chai';
import type supertest from 'supertest';
import { apiLogin, createUser, useTestApp } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';

interface Session {
  agent: supertest.Agent;
  token: string;
  id: string;
}

describe('intake API: families and offers', () => {
  const ctx = useTestApp();
  const as = async (role: 'parent' | 'host' | 'partner' | 'worker' | 'coordinator'): Promise<Session> => {
    const user = await createUser(role);
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id };
  };
  const post = (s: Session, path: string, body?: unknown) =>
    s.agent
      .post(`/api/v1${path}`)
      .set('X-CSRF-Token', s.token)
      .send(body as object);
  const patch = (s: Session, path: string, body: unknown) =>
    s.agent
      .patch(`/api/v1${path}`)
      .set('X-CSRF-Token', s.token)
      .send(body as object);
  const put = (s: Session, path: string, body: unknown) =>
    s.agent
      .put(`/api/v1${path}`)
      .set('X-CSRF-Token', s.token)
      .send(body as object);

  describe('a parent applies', () => {
    it('draft (incomplete is fine) → patch → submit → the worker activates; the bedrooms are computed', async () => {
      const parent = await as('parent');
      const draft = await post(parent, '/families', { parent: { firstName: 'Amina', lastName: 'B.' } }).expect(201);
      expect(draft.body).to.include({ status: 'draft', version: 0 });
      expect(draft.body.id).to.be.a('string');
      expect(draft.headers.etag).to.equal('"0"');
      const refused = await post(parent, `/families/${draft.body.id}/submit`).expect(422);
      expect(refused.body.error.code).to.equal('VALIDATION_FAILED');
      expect(refused.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['/parent/birthYear', '/children', '/needs', '/consents']);

      const { parent: p, ...rest } = familyBody();
      const patched = await patch(parent, `/families/${draft.body.id}`, {
        ...rest,
        parent: { birthYear: p.birthYear, languages: p.languages, preferredLanguage: p.preferredLanguage, phone: p.phone },
      }).expect(200);
      expect(patched.body.parent).to.include({ firstName: 'Amina', birthYear: 1991 });
      expect(patched.body.bedroomsNeeded).to.equal(2);
      const submitted = await post(parent, `/families/${draft.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
      expect(submitted.body.status).to.equal('submitted');
      expect(submitted.body.benefitsWarningAcknowledgedAt).to.be.a('string');

      const worker = await as('worker');
      await post(worker, `/families/${draft.body.id}/review`, { decision: 'hold' }).expect(422);
      const active = await post(worker, `/families/${draft.body.id}/review`, { decision: 'activate' }).expect(200);
      expect(active.body.status).to.equal('active');
      expect(active.body.events.map((e: { type: string }) => e.type)).to.deep.equal(['created', 'updated', 'submitted', 'review.activate']);
      expect(active.body.casework.assignedWorkerId).to.equal(worker.id);
      // Submitting twice is a state conflict.
      const again = await post(parent, `/families/${draft.body.id}/submit`).expect(409);
      expect(again.body.error.code).to.equal('INVALID_TRANSITION');
    });

    it('refuses bad values, naming each field, and writes nothing', async () => {
      const parent = await as('parent');
      const res = await post(parent, '/families', {
        parent: { birthYear: 2031, languages: ['french'], email: 'nope' },
        children: [{ birthYear: 'two thousand', sex: 'q' }],
        needs: { maxMonthlyContribution: -5, communes: ['99999'], moveInFrom: '2027-13-40' },
        situation: { urgency: 9 },
        hack: true,
      }).expect(422);
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).to.include.members([
        '/parent/languages/0',
        '/parent/email',
        '/children/0/birthYear',
        '/children/0/sex',
        '/needs/maxMonthlyContribution',
        '/needs/communes/0',
        '/needs/moveInFrom',
        '/situation/urgency',
        '/hack',
      ]);
      const list = await parent.agent.get('/api/v1/families').expect(200);
      expect(list.body.items).to.have.length(0);
    });

    it('refuses operator objects and a future birth year on otherwise valid bodies', async () => {
      const parent = await as('parent');
      await post(parent, '/families', { parent: { firstName: { $gt: '' } } }).expect(422);
      const future = await post(parent, '/families', { children: [{ birthYear: new Date().getUTCFullYear() + 1, sex: 'f', custody: 'full' }] }).expect(422);
      expect(future.body.error.details[0].path).to.equal('/children/0/birthYear');
    });

    it('one open application per parent account', async () => {
      const parent = await as('parent');
      await post(parent, '/families', {}).expect(201);
      const second = await post(parent, '/families', {}).expect(409);
      expect(second.body.error.code).to.equal('ALREADY_APPLIED');
    });
  });

  describe('ownership (404 for what is not yours, 403 for what your role cannot do)', () => {
    it('parents, hosts and partners see only their own records; casework stays with staff', async () => {
      const parentA = await as('parent');
      const parentB = await as('parent');
      const host = await as('host');
      const partner = await as('partner');
      const worker = await as('worker');
      const family = await post(parentA, '/families', familyBody()).expect(201);
      const id = family.body.id as string;
      await parentB.agent.get(`/api/v1/families/${id}`).expect(404);
      await patch(parentB, `/families/${id}`, { parent: { firstName: 'X' } }).expect(404);
      await partner.agent.get(`/api/v1/families/${id}`).expect(404);
      await host.agent.get(`/api/v1/families/${id}`).expect(403);
      await host.agent.get('/api/v1/families').expect(403);
      expect((await parentB.agent.get('/api/v1/families').expect(200)).body.items).to.have.length(0);
      await post(parentA, `/families/${id}/review`, { decision: 'activate' }).expect(403);

      await post(worker, `/families/${id}/interviews`, { date: '2026-11-20', summary: 'CONFIDENTIAL-INTERVIEW' }).expect(201);
      await post(worker, `/families/${id}/isolation`, { criteria: ['noFamilyOrFriendsHelp', 'fewSocialContacts'], note: 'CONFIDENTIAL-ISOLATION' }).expect(201);
      await put(worker, `/families/${id}/exclusions`, { communes: ['21001'], offerIds: [], hostIds: [], reason: 'CONFIDENTIAL-SAFETY' }).expect(200);
      const staffView = await worker.agent.get(`/api/v1/families/${id}`).expect(200);
      expect(staffView.body.casework.isolation[0].score).to.equal(2);
      const own = await parentA.agent.get(`/api/v1/families/${id}`).expect(200);
      expect(JSON.stringify(own.body)).not.to.match(/CONFIDENTIAL|casework|events|isolation|exclusions/);

      const offer = await post(host, '/offers', offerBody()).expect(201);
      await parentA.agent.get(`/api/v1/offers/${offer.body.id}`).expect(403);
      const otherHost = await as('host');
      await otherHost.agent.get(`/api/v1/offers/${offer.body.id}`).expect(404);
      await worker.agent.get(`/api/v1/offers/${offer.body.id}`).expect(200);
      await post(host, `/offers/${offer.body.id}/references`, { name: 'R', relation: 'neighbour', outcome: 'positive' }).expect(403);
    });

    it('a partner refers a family (with the referral), then sees its status only', async () => {
      const partner = await as('partner');
      await post(partner, '/families', familyBody()).expect(422);
      const referral = { organisation: 'CPAS de Forest', contactName: 'Julie', contactEmail: 'julie@cpas.example', familyConsent: true };
      const created = await post(partner, '/families', { ...familyBody(), referral }).expect(201);
      expect(created.body.referral).to.deep.equal(referral);
      await post(partner, `/families/${created.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
      const view = await partner.agent.get(`/api/v1/families/${created.body.id}`).expect(200);
      expect(view.body).to.have.keys(['id', 'status', 'version', 'parent', 'referral', 'submittedAt', 'createdAt', 'updatedAt']);
      expect(view.body.status).to.equal('submitted');
      const list = await partner.agent.get('/api/v1/families').expect(200);
      expect(list.body.items).to.have.length(1);
      expect(list.body.items[0]).not.to.have.property('needs');
    });

    it('a worker applies on behalf of a parent without an account', async () => {
      const worker = await as('worker');
      const created = await post(worker, '/families', familyBody({ parent: { ...familyBody().parent, email: null } })).expect(201);
      expect(created.body.ownerUserId).to.equal(null);
      expect(created.body.casework.assignedWorkerId).to.equal(worker.id);
      await post(worker, `/families/${created.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    });
  });

  describe('worker queue and duplicates', () => {
    it('filters by status, commune, urgency and text; flags the same phone and the same name and birth year', async () => {
      const worker = await as('worker');
      const a = await post(
        worker,
        '/families',
        familyBody({ parent: { ...familyBody().parent, firstName: 'Zohra', lastName: 'El Idrissi', phone: '0489 12 34 56', email: null } }),
      ).expect(201);
      const b = await post(
        worker,
        '/families',
        familyBody({
          parent: { ...familyBody().parent, firstName: 'Fatou', lastName: 'Diallo', phone: '+32 489/12.34.56', email: null },
          situation: { current: 'eviction', urgency: 4, confidentialAddress: false },
        }),
      ).expect(201);
      await post(worker, `/families/${b.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
      const byText = await worker.agent.get('/api/v1/families?q=zohr').expect(200);
      expect(byText.body.items.map((f: { id: string }) => f.id)).to.deep.equal([a.body.id]);
      const urgent = await worker.agent.get('/api/v1/families?status=submitted&urgency=4&commune=21009').expect(200);
      expect(urgent.body.items.map((f: { id: string }) => f.id)).to.include(b.body.id);
      expect(urgent.body.items.every((f: { status: string }) => f.status === 'submitted')).to.equal(true);
      const bad = await worker.agent.get('/api/v1/families?status=sleeping&commune=1000&urgency=7').expect(422);
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.have.members(['/status', '/commune', '/urgency']);
      const view = await worker.agent.get(`/api/v1/families/${a.body.id}`).expect(200);
      expect(view.body.duplicates).to.deep.include({ id: b.body.id, status: 'submitted', matchedOn: ['phone'] });
    });

    it('a worker overrides the bedrooms with a reason, and can go back to the computed number', async () => {
      const worker = await as('worker');
      const f = await post(worker, '/families', familyBody()).expect(201);
      await put(worker, `/families/${f.body.id}/bedrooms`, { value: 3 }).expect(422);
      const over = await put(worker, `/families/${f.body.id}/bedrooms`, { value: 3, reason: 'Eldest daughter needs her own room (medical).' }).expect(200);
      expect(over.body.bedroomsNeeded).to.equal(3);
      expect(over.body.casework.bedrooms.computed).to.equal(2);
      const back = await put(worker, `/families/${f.body.id}/bedrooms`, { value: null }).expect(200);
      expect(back.body.bedroomsNeeded).to.equal(2);
    });
  });

  describe('two people editing at once', () => {
    it('If-Match with a stale version → 409 that shows who changed what', async () => {
      const worker1 = await as('worker');
      const worker2 = await as('worker');
      const f = await post(worker1, '/families', familyBody()).expect(201);
      await patch(worker1, `/families/${f.body.id}`, { needs: { maxMonthlyContribution: 600 } })
        .set('If-Match', '"0"')
        .expect(200);
      const stale = await patch(worker2, `/families/${f.body.id}`, { needs: { maxMonthlyContribution: 400 } })
        .set('If-Match', '"0"')
        .expect(409);
      expect(stale.body.error.code).to.equal('EDIT_CONFLICT');
      expect(stale.body.error.details[0].path).to.equal('/needs/maxMonthlyContribution');
      expect(stale.body.error.details[0].message).to.contain('worker');
      const now = await worker2.agent.get(`/api/v1/families/${f.body.id}`).expect(200);
      expect(now.body.needs.maxMonthlyContribution).to.equal(600);
    });

    it('of many simultaneous changes from the same version (If-Match), exactly one lands; the others get 409', async () => {
      const worker = await as('worker');
      const f = await post(worker, '/families', familyBody()).expect(201);
      const sessions = await Promise.all([as('worker'), as('worker'), as('worker'), as('coordinator')]);
      const results = await Promise.all(
        sessions.map((s, i) => patch(s, `/families/${f.body.id}`, { needs: { maxMonthlyContribution: 500 + i } }).set('If-Match', '"0"')),
      );
      expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409, 409, 409]);
      const final = await worker.agent.get(`/api/v1/families/${f.body.id}`).expect(200);
      expect(final.body.version).to.equal(1);
      expect(final.body.needs.maxMonthlyContribution).to.equal(results.find((r) => r.status === 200)!.body.needs.maxMonthlyContribution);
    });

    it('simultaneous changes without If-Match never overwrite silently: each lands as its own version or gets 409', async () => {
      const worker = await as('worker');
      const f = await post(worker, '/families', familyBody()).expect(201);
      const sessions = await Promise.all([as('worker'), as('worker'), as('worker'), as('worker'), as('coordinator')]);
      const results = await Promise.all(sessions.map((s, i) => patch(s, `/families/${f.body.id}`, { needs: { maxMonthlyContribution: 500 + i } })));
      const codes = results.map((r) => r.status).sort();
      expect(codes.filter((c) => c === 200).length).to.be.greaterThanOrEqual(1);
      expect(codes.every((c) => c === 200 || c === 409)).to.equal(true);
      const final = await worker.agent.get(`/api/v1/families/${f.body.id}`).expect(200);
      // Every landed change is a version; nothing was overwritten silently.
      expect(final.body.version).to.equal(codes.filter((c) => c === 200).length);
      const winners = results.filter((r) => r.status === 200).map((r) => r.body.needs.maxMonthlyContribution);
      expect(winners).to.include(final.body.needs.maxMonthlyContribution);
    });
  });

  describe('a host offers space', () => {
    it('draft → submit; pause needs a reason; record checks for adults only; references', async () => {
      const host = await as('host');
      const worker = await as('worker');
      const draft = await post(host, '/offers', { host: { firstName: 'Marc' } }).expect(201);
      const refused = await post(host, `/offers/${draft.body.id}/submit`).expect(422);
      expect(refused.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['/host/lastName', '/address', '/rooms', '/legal']);
      await patch(host, `/offers/${draft.body.id}`, { ...offerBody(), address: { ...offerBody().address, postalCode: '1000' } }).expect(422);
      await patch(host, `/offers/${draft.body.id}`, offerBody()).expect(200);
      const submitted = await post(host, `/offers/${draft.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
      expect(submitted.body.status).to.equal('submitted');
      expect(submitted.body).not.to.have.property('casework');

      await post(worker, `/offers/${draft.body.id}/review`, { decision: 'pause' }).expect(422);
      const paused = await post(worker, `/offers/${draft.body.id}/review`, { decision: 'pause', reason: 'Host abroad until January' }).expect(200);
      expect(paused.body.status).to.equal('paused');
      const resumed = await post(worker, `/offers/${draft.body.id}/review`, { decision: 'resume' }).expect(200);
      expect(resumed.body.status).to.equal('submitted');

      await post(worker, `/offers/${draft.body.id}/record-checks`, { memberIndex: 3, seenOn: '2026-11-01', result: 'clear' }).expect(422);
      const checked = await post(worker, `/offers/${draft.body.id}/record-checks`, { memberIndex: 0, seenOn: '2026-11-01', result: 'clear' }).expect(201);
      expect(checked.body.casework.recordChecks[0]).to.include({ memberIndex: 0, seenOn: '2026-11-01', result: 'clear' });
      expect(checked.body.casework.recordChecks[0].byName).to.be.a('string');
      await post(worker, `/offers/${draft.body.id}/references`, {
        name: 'Neighbour',
        relation: 'neighbour',
        outcome: 'positive',
        note: 'Knows him 20 years',
      }).expect(201);
      const hostView = await host.agent.get(`/api/v1/offers/${draft.body.id}`).expect(200);
      expect(JSON.stringify(hostView.body)).not.to.match(/Knows him|recordChecks|references/);
    });
  });
});
