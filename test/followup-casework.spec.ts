// Follow-up casework: mediation sessions, the checklist ticked by the party concerned, reminders.
import { expect } from 'chai';
import type supertest from 'supertest';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { apiLogin, createUser, formLogin, formToken, useTestApp } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

describe('follow-up casework', () => {
  const ctx = useTestApp();
  const as = async (role: 'parent' | 'host' | 'worker') => {
    const user = await createUser(role);
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id, email: user.email };
  };
  /** A browser session through the login form. */
  const browser = async (email: string) => {
    const agent = ctx.request();
    await formLogin(agent, email);
    return agent;
  };
  type S = Awaited<ReturnType<typeof as>>;
  const call = (s: S, method: 'post' | 'put', path: string, body?: object): supertest.Test =>
    s.agent[method](`/api/v1${path}`).set('X-CSRF-Token', s.token).send(body);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  async function livingCohabitation(startOffset: number) {
    const worker = await as('worker');
    const parent = await as('parent');
    const host = await as('host');
    const intake = ctx.app.named.intake;
    const f = await call(parent, 'post', '/families', familyBody()).expect(201);
    await call(parent, 'post', `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await call(worker, 'post', `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    const o = await call(host, 'post', '/offers', offerBody()).expect(201);
    await call(host, 'post', `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake.offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake.offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake.offers, o.body.id);
    const p = await call(worker, 'post', '/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
    await call(parent, 'post', `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    await call(host, 'post', `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    const c = await call(worker, 'post', '/cohabitations', {
      proposalId: p.body.id,
      startDate: day(startOffset),
      agreement: { monthlyContribution: 300, servicesExchanged: [], houseRules: '' },
    }).expect(201);
    await call(parent, 'post', `/cohabitations/${c.body.id}/signatures`).expect(200);
    await call(host, 'post', `/cohabitations/${c.body.id}/signatures`).expect(200);
    return { worker, parent, host, id: c.body.id as string };
  }

  it('records mediation sessions (staff only) and lets each party tick only its own checklist items', async () => {
    const { worker, parent, host, id } = await livingCohabitation(-10);
    await call(parent, 'post', `/cohabitations/${id}/mediations`, { date: day(-5), participants: 'x', summary: 'y' }).expect(403);
    await call(worker, 'post', `/cohabitations/${id}/mediations`, { date: day(-5), participants: '', summary: 'y' }).expect(422);
    const m = await call(worker, 'post', `/cohabitations/${id}/mediations`, {
      date: day(-5),
      participants: 'Famille, hôte, travailleuse',
      summary: 'Horaires de la cuisine',
      agreements: 'Cuisine libre pour la famille de 17 h à 19 h',
    }).expect(201);
    expect(m.body.mediations).to.have.length(1);
    const ticked = await call(parent, 'put', `/cohabitations/${id}/checklist/domiciliation`, { done: true }).expect(200);
    expect(ticked.body.checklist.find((i: { code: string }) => i.code === 'domiciliation').done).to.equal(true);
    expect(ticked.body).not.to.have.property('mediations');
    await call(host, 'put', `/cohabitations/${id}/checklist/domiciliation`, { done: false }).expect(403);
    await call(host, 'put', `/cohabitations/${id}/checklist/insurance`, { done: true }).expect(200);
    await call(worker, 'put', `/cohabitations/${id}/checklist/nothing`, { done: true }).expect(404);
  });

  it('reminds the worker two days before a check-in, once', async () => {
    const { worker, id } = await livingCohabitation(-5);
    const followup = ctx.app.named.followup;
    const before = await OutboxModel.countDocuments({ kind: 'checkin-reminder', to: worker.email });
    expect(await followup.cohabitations.sendCheckinReminders()).to.be.at.least(1);
    await followup.cohabitations.sendCheckinReminders();
    expect(await OutboxModel.countDocuments({ kind: 'checkin-reminder', to: worker.email })).to.equal(before + 1);
    expect((await OutboxModel.findOne({ kind: 'checkin-reminder', to: worker.email }).lean())!.text).to.contain(id);
  });

  it('on the case page: a mediation is recorded (the summary is required) and checklist items are ticked', async () => {
    const { worker, id } = await livingCohabitation(-10);
    const page = await browser(worker.email);
    const first = await page.get(`/work/cohabitations/${id}`).expect(200);
    await page
      .post(`/work/cohabitations/${id}/mediations`)
      .type('form')
      .send({ _csrf: formToken(first.text), 'mediation[date]': day(-3), 'mediation[participants]': 'Maman et hôte' })
      .expect(303);
    const refused = await page.get(`/work/cohabitations/${id}`).expect(200);
    expect(refused.text).to.contain('class="error-summary"').and.contain('value="Maman et hôte"');
    await page
      .post(`/work/cohabitations/${id}/mediations`)
      .type('form')
      .send({
        _csrf: formToken(refused.text),
        'mediation[date]': day(-3),
        'mediation[participants]': 'Maman et hôte',
        'mediation[summary]': 'Partage du frigo',
      })
      .expect(303);
    const shown = await page.get(`/work/cohabitations/${id}`).expect(200);
    expect(shown.text).to.contain('Partage du frigo');
    await page
      .post(`/work/cohabitations/${id}/checklist/insurance`)
      .type('form')
      .send({ _csrf: formToken(shown.text), done: 'true' })
      .expect(303);
    const view = await worker.agent.get(`/api/v1/cohabitations/${id}`).expect(200);
    expect(view.body.checklist.find((i: { code: string }) => i.code === 'insurance').done).to.equal(true);
  });
});
