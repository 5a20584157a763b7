// The audit log (issue 7): case reads with field names and never values, denied attempts, a
// coordinators-only search (page and API), append-only, and the unusual-access alert sent once.
import { expect } from 'chai';
import type supertest from 'supertest';
import { AuditAlertModel, AuditModel } from '../src/kernel/audit/audit.model.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { familyBody } from './helpers/intake-fixtures.js';
import { apiLogin, createUser, formLogin, useTestApp, type Overrides } from './helpers/test-app.js';

type Role = 'parent' | 'host' | 'partner' | 'worker' | 'coordinator';
interface Session {
  agent: supertest.Agent;
  token: string;
  id: string;
  email: string;
}

const THRESHOLD = 4;

/** Denied attempts are written once the answer has gone out: wait for them. */
async function eventually<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const found = await probe();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  throw new Error(`never happened: ${what}`);
}

describe('audit log', () => {
  const ctx = useTestApp({ audit: { unusualCasesPerHour: THRESHOLD } } as Overrides);
  const as = async (role: Role): Promise<Session> => {
    const user = await createUser(role);
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id, email: user.email };
  };
  const newFamily = async (worker: Session, firstName: string): Promise<string> => {
    const body = familyBody({ parent: { ...familyBody().parent, firstName, email: null } });
    const res = await worker.agent.post('/api/v1/families').set('X-CSRF-Token', worker.token).send(body).expect(201);
    return res.body.id as string;
  };

  it('records a worker reading a case: who, what, field names, never values', async () => {
    const worker = await as('worker');
    const id = await newFamily(worker, 'CANARY-FIRSTNAME');
    await worker.agent.get(`/api/v1/families/${id}`).expect(200);
    const entry = await AuditModel.findOne({ actorId: worker.id, action: 'family.read', targetId: id }).lean();
    expect(entry).to.include({ actorRole: 'worker', targetType: 'family', outcome: 'ok' });
    expect(entry!.fields.length).to.be.greaterThan(0);
    const all = await AuditModel.find({ targetId: id }).lean();
    expect(all.map((e) => e.action)).to.include.members(['family.created', 'family.read']);
    expect(JSON.stringify(all)).not.to.contain('CANARY-FIRSTNAME');
    expect(JSON.stringify(all)).not.to.contain('+32470000000');
  });

  it("records a parent trying a worker route, and a parent trying someone else's case, as denied", async () => {
    const worker = await as('worker');
    const parent = await as('parent');
    await parent.agent.get('/api/v1/alerts').expect(403);
    const byPolicy = await eventually(
      () => AuditModel.findOne({ actorId: parent.id, outcome: 'denied', action: 'GET /api/v1/alerts' }).lean(),
      'denied entry for /alerts',
    );
    expect(byPolicy).to.include({ actorRole: 'parent', status: 403 });
    expect(byPolicy.address).to.be.a('string');

    const id = await newFamily(worker, 'Other');
    await parent.agent.get(`/api/v1/families/${id}`).expect(404);
    const byOwnership = await eventually(
      () => AuditModel.findOne({ actorId: parent.id, outcome: 'denied', targetId: id }).lean(),
      'denied entry for the family',
    );
    expect(byOwnership).to.include({ action: 'GET /api/v1/families/:id', targetType: 'family', status: 404 });

    // The same through the pages: a parent opening a worker page.
    const browser = ctx.request();
    const user = await createUser('parent');
    await formLogin(browser, user.email);
    await browser.get(`/work/families/${id}`).expect(403);
    await eventually(
      () => AuditModel.findOne({ actorId: user.id, outcome: 'denied', action: 'GET /work/families/:id', targetId: id }).lean(),
      'denied page entry',
    );
  });

  it('lets a coordinator search by actor, target, action, outcome and dates (page and API), newest first', async () => {
    const worker = await as('worker');
    const coordinator = await as('coordinator');
    const first = await newFamily(worker, 'A');
    const second = await newFamily(worker, 'B');
    await worker.agent.get(`/api/v1/families/${first}`).expect(200);
    await worker.agent.get(`/api/v1/families/${second}`).expect(200);

    const byEmail = await coordinator.agent.get('/api/v1/audit').query({ actor: worker.email, action: 'family.read' }).expect(200);
    expect(byEmail.body.items.map((i: { targetId: string }) => i.targetId)).to.deep.equal([second, first]);
    expect(byEmail.body).to.include({ page: 1, hasMore: false });
    const byTarget = await coordinator.agent.get('/api/v1/audit').query({ targetType: 'family', targetId: first }).expect(200);
    expect(byTarget.body.items.every((i: { targetId: string }) => i.targetId === first)).to.equal(true);
    expect(byTarget.body.items.map((i: { action: string }) => i.action)).to.include.members(['family.created', 'family.read']);
    const byId = await coordinator.agent.get('/api/v1/audit').query({ actor: worker.id, outcome: 'denied' }).expect(200);
    expect(byId.body.items).to.deep.equal([]);
    const today = new Date().toISOString().slice(0, 10);
    const inRange = await coordinator.agent.get('/api/v1/audit').query({ actor: worker.id, from: today, to: today }).expect(200);
    expect(inRange.body.items.length).to.be.greaterThan(3);
    const before = await coordinator.agent.get('/api/v1/audit').query({ actor: worker.id, to: '2020-01-01' }).expect(200);
    expect(before.body.items).to.deep.equal([]);
    const bad = await coordinator.agent.get('/api/v1/audit').query({ from: 'yesterday', outcome: 'maybe', actor: 'bob' }).expect(422);
    expect(bad.body.error.code).to.equal('VALIDATION_FAILED');
    const messages = Object.fromEntries(bad.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(messages).to.have.keys(['/from', '/outcome', '/actor']);
    expect(messages['/from']).to.match(/date/i);
    expect(messages['/actor']).to.match(/adresse e-mail ou un identifiant/); // the coordinator's own language

    const browser = ctx.request();
    const user = await createUser('coordinator');
    await formLogin(browser, user.email);
    const page = await browser.get('/admin/audit').query({ actor: worker.email, lang: 'en' }).expect(200);
    // Actions and fields in words, not their codes.
    expect(page.text)
      .to.contain('Audit log')
      .and.to.match(/Opened a family(&#39;|')s case/)
      .and.to.contain('Application, Casework notes')
      .and.to.contain(`/work/families/${second}`);
    expect(page.text).not.to.contain('<td>family.read').and.not.to.contain('application, casework');
    expect(page.text).to.contain('<form method="get" action="/admin/audit"');
    const nl = await browser.get('/admin/audit').query({ lang: 'nl' }).expect(200);
    expect(nl.text).to.contain('Auditlogboek');
    const invalid = await browser.get('/admin/audit').query({ from: 'not-a-date' }).expect(422);
    expect(invalid.text).to.contain('error-summary');
  });

  it('pages by 50, newest first', async () => {
    const coordinator = await as('coordinator');
    const actorId = '0123456789abcdef01234567';
    const base = Date.now() - 60_000;
    await AuditModel.insertMany(
      Array.from({ length: 53 }, (_, i) => ({
        at: new Date(base + i * 10),
        actorId,
        action: `test.paging`,
        targetType: 'user',
        targetId: String(i),
        outcome: 'ok',
      })),
    );
    const one = await coordinator.agent.get('/api/v1/audit').query({ actor: actorId }).expect(200);
    expect(one.body.items).to.have.length(50);
    expect(one.body.items[0].targetId).to.equal('52');
    expect(one.body.hasMore).to.equal(true);
    const two = await coordinator.agent.get('/api/v1/audit').query({ actor: actorId, page: '2' }).expect(200);
    expect(two.body.items.map((i: { targetId: string }) => i.targetId)).to.deep.equal(['2', '1', '0']);
    expect(two.body.hasMore).to.equal(false);
  });

  it('keeps the log to coordinators: every other role gets 403 (and the attempt is logged)', async () => {
    for (const role of ['parent', 'host', 'partner', 'worker'] as const) {
      const s = await as(role);
      const res = await s.agent.get('/api/v1/audit').expect(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      await eventually(() => AuditModel.findOne({ actorId: s.id, action: 'GET /api/v1/audit', outcome: 'denied' }).lean(), `denied ${role}`);
      const browser = ctx.request();
      const user = await createUser(role);
      await formLogin(browser, user.email);
      await browser.get('/admin/audit').expect(403);
    }
    await ctx.request().get('/api/v1/audit').expect(401);
  });

  it('is append-only: no route changes it and the model refuses updates and deletes', async () => {
    const coordinator = await as('coordinator');
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const res = await coordinator.agent[method]('/api/v1/audit').set('X-CSRF-Token', coordinator.token).send({});
      expect(res.status, method).to.equal(404);
    }
    const entry = await AuditModel.create({ at: new Date(), action: 'test.append', outcome: 'ok' });
    let refused = 0;
    for (const attempt of [
      () => AuditModel.updateOne({ _id: entry._id }, { $set: { action: 'rewritten' } }),
      () => AuditModel.updateMany({}, { $set: { outcome: 'ok' } }),
      () => AuditModel.findOneAndUpdate({ _id: entry._id }, { $set: { action: 'rewritten' } }),
      () => AuditModel.deleteOne({ _id: entry._id }),
      () => AuditModel.deleteMany({}),
      () => AuditModel.findOneAndDelete({ _id: entry._id }),
      async () => {
        entry.action = 'rewritten';
        await entry.save();
      },
    ]) {
      await attempt().then(
        () => undefined,
        (error: Error) => {
          expect(error.message).to.match(/append-only/);
          refused++;
        },
      );
    }
    expect(refused).to.equal(7);
    const still = await AuditModel.findById(entry._id).lean();
    expect(still?.action).to.equal('test.append');
  });

  it('alerts the coordinators once when one account opens an unusual number of distinct cases in an hour', async () => {
    const worker = await as('worker');
    const coordinator = await as('coordinator');
    const ids: string[] = [];
    for (let i = 0; i < THRESHOLD + 2; i++) ids.push(await newFamily(worker, `F${i}`));
    const alertMails = () => OutboxModel.countDocuments({ kind: 'audit-unusual-access', to: coordinator.email });
    // Re-reading the same cases is not "distinct": no alert below the threshold.
    for (let round = 0; round < 3; round++) for (const id of ids.slice(0, THRESHOLD - 1)) await worker.agent.get(`/api/v1/families/${id}`).expect(200);
    expect(await alertMails()).to.equal(0);
    for (const id of ids.slice(THRESHOLD - 1)) await worker.agent.get(`/api/v1/families/${id}`).expect(200);
    for (const id of ids) await worker.agent.get(`/api/v1/families/${id}`).expect(200);
    expect(await alertMails()).to.equal(1);
    expect(await AuditAlertModel.countDocuments({ actorId: worker.id })).to.equal(1);
    const mail = await OutboxModel.findOne({ kind: 'audit-unusual-access', to: coordinator.email }).lean();
    expect(mail!.text).to.contain(`/admin/audit?actor=${worker.id}`);
    expect(mail!.text).not.to.contain('F0');

    const browser = ctx.request();
    await formLogin(browser, coordinator.email);
    const page = await browser.get('/admin/audit').query({ lang: 'en' }).expect(200);
    expect(page.text).to.match(/opened \d+ different cases in one hour \(threshold: 4\)/);
  });
});
