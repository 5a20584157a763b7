// Issue 16, finding 2: a fresh worker's `GET /api/v1/families?limit=200` returned 147 families with
// no audit entry and no unusual-access alert (31 single reads did alert). Now a list read is audited
// once per request with every record it returned, each counts as an opened case, a search by a
// record's id finds the list read too, and the list carries no casework.
import { expect } from 'chai';
import { AuditAlertModel, AuditModel } from '../src/kernel/audit/audit.model.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { apiSend, formLogin, signedInAs, useTestApp, type Overrides } from './helpers/test-app.js';

const THRESHOLD = 5;

describe('security: list reads are audited and count towards the unusual-access alert (issue 16, finding 2)', () => {
  const ctx = useTestApp({ audit: { unusualCasesPerHour: THRESHOLD } } as Overrides);

  it('one worker listing every family: one audit entry naming each family, one alert to the coordinators, no casework in the list', async () => {
    const author = await signedInAs(ctx, 'worker');
    const ids: string[] = [];
    for (let i = 0; i < THRESHOLD + 2; i++) {
      const f = await apiSend(author, 'post', '/families', familyBody({ parent: { ...familyBody().parent, firstName: `Liste${i}`, email: null } })).expect(201);
      ids.push(f.body.id);
    }
    await apiSend(author, 'post', `/families/${ids[0]}/interviews`, { date: new Date().toISOString().slice(0, 10), summary: 'CANARY-INTERVIEW' }).expect(201);
    const coordinator = await signedInAs(ctx, 'coordinator');
    const reader = await signedInAs(ctx, 'worker');
    const list = await reader.agent.get('/api/v1/families?limit=200').expect(200);
    expect(list.body.items.length).to.be.at.least(ids.length);
    expect(JSON.stringify(list.body)).to.not.contain('CANARY-INTERVIEW');

    const entries = await AuditModel.find({ actorId: reader.id, action: 'family.list' }).lean();
    expect(entries).to.have.length(1);
    expect(entries[0]!.targetIds).to.include.members(ids);
    expect(JSON.stringify(entries)).to.not.contain('Liste0');
    expect(await AuditAlertModel.countDocuments({ actorId: reader.id })).to.equal(1);
    expect(await OutboxModel.countDocuments({ kind: 'audit-unusual-access', to: coordinator.email })).to.equal(1);

    // A coordinator looking for who saw one family finds the list read.
    const browser = ctx.request();
    await formLogin(browser, coordinator.email);
    const page = await browser.get('/admin/audit').query({ lang: 'en', targetId: ids[3] }).expect(200);
    expect(page.text)
      .to.contain('Read a list of families')
      .and.match(/a list of \d+ records/);
    const api = await coordinator.agent.get('/api/v1/audit').query({ targetId: ids[3] }).expect(200);
    expect(JSON.stringify(api.body)).to.contain('family.list');
  });

  it('offers too; a host listing their own offers and a parent their own application are not staff list reads', async () => {
    const host = await signedInAs(ctx, 'host');
    await apiSend(host, 'post', '/offers', offerBody()).expect(201);
    await host.agent.get('/api/v1/offers').expect(200);
    expect(await AuditModel.countDocuments({ actorId: host.id, action: 'offer.list' })).to.equal(0);
    const worker = await signedInAs(ctx, 'worker');
    const list = await worker.agent.get('/api/v1/offers?limit=50').expect(200);
    const entry = await AuditModel.findOne({ actorId: worker.id, action: 'offer.list' }).lean();
    expect(entry!.targetIds).to.have.length(list.body.items.length);
    expect(JSON.stringify(list.body)).to.not.contain('references').and.not.contain('recordChecks');
  });

  it('the worker queue page is logged (one entry per page) but paging through it is not an unusual access', async () => {
    const worker = await signedInAs(ctx, 'worker');
    const browser = ctx.request();
    await formLogin(browser, worker.email);
    await browser.get('/work?status=all').expect(200);
    const entry = await AuditModel.findOne({ actorId: worker.id, action: 'family.queue' }).lean();
    expect(entry!.targetIds!.length).to.be.greaterThan(THRESHOLD);
    expect(await AuditAlertModel.countDocuments({ actorId: worker.id })).to.equal(0);
  });
});
