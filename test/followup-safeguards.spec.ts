// Follow-up's safeguards (SPEC §7, §11) beyond the journeys: a safety ending finished after a
// crash, simultaneous endings and check-ins, the refusals on the pages in the reader's language,
// and what the parties see of a safety ending.
import { expect } from 'chai';
import { trusted } from '../src/kernel/db/connection.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { SYSTEM, type IntakeModule } from '../src/modules/intake/index.js';
import type { FollowupModule } from '../src/modules/followup/index.js';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { CohabitationRepository } from '../src/modules/followup/cohabitation.repository.js';
import { apiLogin, createUser, formLogin, formToken, useTestApp } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

type Lang = 'fr' | 'nl' | 'en';

describe('follow-up safeguards (SPEC §7, §11)', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.modules.find((m) => m.name === 'intake') as IntakeModule;
  const followup = () => ctx.app.modules.find((m) => m.name === 'followup') as FollowupModule;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  async function person(role: 'parent' | 'host' | 'worker' | 'coordinator', language: Lang = 'en') {
    const user = await createUser(role, { language });
    const agent = ctx.request();
    const token = await apiLogin(agent, user.email);
    const call = (path: string, body?: object) => agent.post(`/api/v1${path}`).set('X-CSRF-Token', token).send(body);
    return { agent, call, id: user.id, email: user.email };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  let worker: Person;
  let other: Person;
  before(async () => {
    worker = await person('worker');
    other = await person('worker');
    await person('coordinator');
  });

  /** An accepted proposal; with `living`, a cohabitation started 30 days ago and signed. */
  async function pair(living = true) {
    const parent = await person('parent');
    const host = await person('host');
    const f = await parent.call('/families', familyBody()).expect(201);
    await parent.call(`/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await worker.call(`/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    const o = await host.call('/offers', offerBody()).expect(201);
    await host.call(`/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.body.id, { inspectionId: 'x', outcome: 'conform', ruleSet: 'BRU-2026', performedAt: new Date(), validUntil: new Date(Date.now() + 700 * 86_400_000), remarksDeadline: null });
    await screenOffer(intake().offers, o.body.id);
    const p = await worker.call('/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
    await parent.call(`/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    await host.call(`/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    const ids = { parent, host, familyId: f.body.id as string, offerId: o.body.id as string, proposalId: p.body.id as string, id: '' };
    if (!living) return ids;
    const c = await worker.call('/cohabitations', { proposalId: p.body.id, startDate: day(-30), agreement: { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 3 }], houseRules: 'Calme.' } }).expect(201);
    await parent.call(`/cohabitations/${c.body.id}/signatures`).expect(200);
    await host.call(`/cohabitations/${c.body.id}/signatures`).expect(200);
    return { ...ids, id: c.body.id as string };
  }

  const endedMails = (p: { parent: Person; host: Person }) => OutboxModel.countDocuments({ kind: 'cohabitation-ended', to: trusted({ $in: [p.parent.email, p.host.email] }) });

  it('a crash between recording a violence ending and suspending the offer: the sweep finishes it, once', async () => {
    const c = await pair();
    await worker.call(`/cohabitations/${c.id}/incidents`, { date: day(-3), kind: 'violence', severity: 'high', description: 'Coups.' }).expect(201);
    // The process dies right after the ending is stored: nothing else happened.
    expect(await new CohabitationRepository().end(c.id, { date: day(0), reason: 'conflict', at: new Date(), by: worker.id }, 'conflict', { at: new Date(), by: worker.id })).to.equal(true);
    expect((await intake().offers.load(c.offerId)).status).to.equal('occupied');
    await followup().cohabitations.completeTransitions();
    await followup().cohabitations.completeTransitions();
    const offer = await intake().offers.load(c.offerId);
    expect(offer.status).to.equal('suspended');
    expect(offer.suspension?.cause).to.equal('violence_incident');
    expect(offer.events.filter((e) => e.type === 'suspended')).to.have.length(1);
    const family = await intake().families.load(c.familyId);
    expect(family.safetyExclusions).to.have.length(1);
    expect(await endedMails(c)).to.equal(2);
    expect((await worker.call('/proposals', { familyId: c.familyId, offerId: c.offerId }).expect(409)).body.error.code).to.be.oneOf(['OFFER_SUSPENDED', 'PAIR_EXCLUDED', 'FAMILY_TAKEN']);
  });

  it('two workers ending the same cohabitation at once for safety: one ending, one suspension, one exclusion, each household told once', async () => {
    const c = await pair();
    const [a, b] = await Promise.all([worker.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'safety' }), other.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'safety' })]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    const offer = await intake().offers.load(c.offerId);
    expect(offer.status).to.equal('suspended');
    expect(offer.events.filter((e) => e.type === 'suspended')).to.have.length(1);
    expect((await intake().families.load(c.familyId)).safetyExclusions).to.have.length(1);
    expect(await endedMails(c)).to.equal(2);
    // The parties see that it ended, never why; the e-mail says nothing of the reason.
    for (const party of [c.parent, c.host]) {
      const view = await party.agent.get(`/api/v1/cohabitations/${c.id}`).expect(200);
      expect(view.body.status).to.equal('ended');
      expect(JSON.stringify(view.body)).to.not.contain('safety');
    }
    const mails = await OutboxModel.find({ kind: 'cohabitation-ended', to: trusted({ $in: [c.parent.email, c.host.email] }) }).lean();
    expect(JSON.stringify(mails)).to.not.match(/safety|sécurité|violence/i);
  });

  it('an alarming check-in and an incident recorded at once by two workers: both stay, the alert is raised and listed', async () => {
    const c = await pair();
    const [k, i] = await Promise.all([
      worker.call(`/cohabitations/${c.id}/checkins`, { date: day(-1), party: 'both', wellbeing: { family: 3, host: 3, children: 1 }, conflictLevel: 1 }),
      other.call(`/cohabitations/${c.id}/incidents`, { date: day(-1), kind: 'damage', severity: 'low', description: 'Verre cassé.' }),
    ]);
    expect([k.status, i.status]).to.deep.equal([201, 201]);
    const doc = await CohabitationModel.findById(c.id).lean();
    expect(doc!.checkins).to.have.length(1);
    expect(doc!.incidents).to.have.length(1);
    expect(await OutboxModel.countDocuments({ kind: 'checkin-alert' })).to.be.at.least(1);
    const alerts = await worker.agent.get('/api/v1/alerts').expect(200);
    expect(alerts.body.items.some((a: { kind: string; cohabitationId?: string }) => a.kind === 'alarming_checkin' && a.cohabitationId === c.id)).to.equal(true);
  });

  for (const lang of ['fr', 'nl', 'en'] as Lang[]) {
    it(`the agreement form refuses a contribution above the cap with an error summary, the typed values kept (${lang})`, async () => {
      const c = await pair(false);
      const user = await createUser('worker', { language: lang });
      const agent = ctx.request();
      await formLogin(agent, user.email);
      const form = `/work/proposals/${c.proposalId}/cohabitation`;
      const page = await agent.get(form).expect(200);
      // Pre-filled from the offer: rent and charges, house rules.
      expect(page.text).to.contain('value="430"');
      const sent = await agent.post(form).type('form').send({ _csrf: formToken(page.text), startDate: day(1), 'agreement[monthlyContribution]': '900', 'agreement[services][babysitting]': '12', 'agreement[houseRules]': 'Règles tapées' }).expect(303);
      const back = await agent.get(String(sent.headers.location)).expect(200);
      const cap = { fr: 'dépasse le plafond du service', nl: 'is hoger dan het plafond van de dienst', en: "above the service's cap" }[lang];
      const hours = { fr: 'au plus 10 heures', nl: 'hoogstens 10 uur', en: 'at most 10 hours' }[lang];
      expect(back.text).to.contain('class="error-summary"');
      expect(back.text.replace(/&#39;/g, "'")).to.contain(cap);
      expect(back.text).to.contain(hours).and.to.contain('Règles tapées').and.to.contain('value="900"');
      expect(await CohabitationModel.countDocuments({ proposalId: c.proposalId })).to.equal(0);
    });
  }

  it('the case page refuses a check-in dated in the future with an error summary; nothing is recorded', async () => {
    const c = await pair();
    const user = await createUser('worker', { language: 'fr' });
    const agent = ctx.request();
    await formLogin(agent, user.email);
    const casePage = `/work/cohabitations/${c.id}`;
    const page = await agent.get(casePage).expect(200);
    await agent
      .post(`${casePage}/checkins`)
      .type('form')
      .send({ _csrf: formToken(page.text), 'checkin[date]': day(5), 'checkin[party]': 'both', 'checkin[wellbeing][family]': '4', 'checkin[wellbeing][host]': '4', 'checkin[wellbeing][children]': '4', 'checkin[conflictLevel]': '0' })
      .expect(303);
    const back = await agent.get(casePage).expect(200);
    expect(back.text).to.contain('class="error-summary"').and.to.contain('Cette date est dans le futur');
    expect((await CohabitationModel.findById(c.id).lean())!.checkins).to.have.length(0);
  });
});
