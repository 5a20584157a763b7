// Reminders to the households themselves (SPEC §6.3, issue 17): domiciliation and the benefits
// declaration to the family, insurance to the host, by e-mail and SMS, in their language, when the
// item opens, two working days before it is due and once after; exactly once under simultaneous
// sweeps and a re-run; never directly to a family with a confidential address (its worker instead);
// nothing once the item is ticked; the worker sees what was sent on the case page.
import { expect } from 'chai';
import { addWorkingDays } from '../src/kernel/calendar/working-days.js';
import type { Role } from '../src/kernel/auth/roles.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { reminderStage, sendHouseholdReminders } from '../src/modules/followup/party-reminders.js';
import { addDays } from '../src/modules/followup/schedule.js';
import { formatDay, t } from '../src/kernel/i18n/index.js';
import { apiLogin, apiSend, createUser, useTestApp, type SignedIn } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

describe('household reminders', function () {
  this.timeout(60_000);
  const ctx = useTestApp();
  async function as(role: Role, language: 'fr' | 'nl' | 'en' = 'fr'): Promise<SignedIn> {
    const user = await createUser(role, { language });
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id, email: user.email };
  }
  const post = (s: SignedIn, path: string, body?: object) => apiSend(s, 'post', path, body);
  const intake = () => ctx.app.named.intake;
  const followup = () => ctx.app.named.followup;
  const deps = () => ({ outbox: ctx.app.outbox, families: intake().families, offers: intake().offers });
  const sweep = (day: string) => sendHouseholdReminders(deps(), () => followup().cohabitations.alive(), day);

  let worker: SignedIn;
  before(async () => {
    worker = await as('worker');
  });

  /** A cohabitation in trial that started on `startDate`; the parent writes in `language`. */
  async function livingTogether(
    startDate: string,
    options: { language?: 'fr' | 'nl' | 'en'; confidential?: boolean; phone?: string; hostBenefits?: object } = {},
  ) {
    const parent = await as('parent', options.language);
    const host = await as('host', 'nl');
    const base = familyBody();
    const f = await post(parent, '/families', {
      ...base,
      parent: { ...base.parent, phone: options.phone ?? '0470 12 34 56' },
      situation: { ...base.situation, confidentialAddress: options.confidential ?? false },
    }).expect(201);
    await post(parent, `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await post(worker, `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    const o = await post(host, '/offers', { ...offerBody(), ...(options.hostBenefits ? { benefits: options.hostBenefits } : {}) }).expect(201);
    await post(host, `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 300 * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake().offers, o.body.id);
    const p = await post(worker, '/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
    await post(parent, `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    await post(host, `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    const c = await post(worker, '/cohabitations', {
      proposalId: p.body.id,
      startDate,
      agreement: { monthlyContribution: 300, servicesExchanged: [], houseRules: 'Calme.' },
    }).expect(201);
    await post(parent, `/cohabitations/${c.body.id}/signatures`).expect(200);
    await post(host, `/cohabitations/${c.body.id}/signatures`, {}).expect(200);
    return { id: c.body.id as string, parent, host };
  }
  const about = (id: string) =>
    OutboxModel.find({ about: `cohabitation:${id}`, kind: /^household-reminder/ })
      .sort({ createdAt: 1 })
      .lean();

  it('the stage of an item: opens, two working days before, once after, none when done or long past', () => {
    const due = '2026-12-29'; // 8 working days after Friday 18 December
    expect(reminderStage({ dueOn: due, done: false }, '2026-12-18', '2026-12-18')).to.equal('opens');
    expect(reminderStage({ dueOn: due, done: false }, '2026-12-18', '2026-12-24')).to.equal('opens');
    expect(reminderStage({ dueOn: due, done: false }, '2026-12-18', '2026-12-26')).to.equal('soon'); // Sa 26 + Mo 28 = 2 working days
    expect(reminderStage({ dueOn: due, done: false }, '2026-12-18', '2026-12-30')).to.equal('late');
    expect(reminderStage({ dueOn: due, done: false }, '2026-12-18', addDays(due, 8))).to.equal(null);
    expect(reminderStage({ dueOn: due, done: true }, '2026-12-18', '2026-12-26')).to.equal(null);
    expect(reminderStage({ dueOn: due, done: false }, '2026-12-18', '2026-12-17')).to.equal(null);
  });

  it('the family gets domiciliation and benefits by e-mail and SMS in its language, the host insurance; two sweeps at once and a re-run add nothing', async () => {
    const start = new Date().toISOString().slice(0, 10);
    const { id } = await livingTogether(start, { language: 'nl' });
    const counts = await Promise.all([sweep(start), sweep(start)]);
    expect(counts[0]! + counts[1]!).to.equal(6);
    expect(await sweep(start)).to.equal(0);
    const sent = await about(id);
    const parentAccount = sent.find((m) => m.channel === 'email' && /gemeente/.test(m.text ?? ''))!.to;
    const summary = sent.map((m) => `${m.channel}:${m.to === parentAccount ? 'parent' : m.channel === 'email' ? 'host' : m.to}`).sort();
    expect(summary).to.deep.equal(['email:host', 'email:parent', 'email:parent', 'sms:+32470123456', 'sms:+32470123456', 'sms:+32471000000']);
    const dueOn = addWorkingDays(start, 8);
    const domiciliation = sent.find((m) => m.channel === 'email' && /gemeente/.test(m.text ?? ''))!;
    expect(domiciliation, 'the family reads Dutch').to.exist;
    expect(domiciliation.text).to.include(`${ctx.config.publicUrl.replace(/\/$/, '')}/my/cohabitation`);
    expect(domiciliation.subject).to.match(/^Te doen voor /);
    expect(domiciliation.subject).to.include(t('nl', 'followup.pages.checklist.domiciliation.title'));
    for (const m of sent) expect(`${m.subject} ${m.text}`, 'a catalogue key in a message').to.not.match(/\b(followup|intake|matching)\.[a-zA-Z]+\./);
    const sms = sent.filter((m) => m.channel === 'sms' && m.to === '+32470123456');
    for (const m of sms) expect(m.text!.length, m.text!).to.be.at.most(320);
    expect(domiciliation.text).to.include(formatDay('nl', dueOn));
    for (const m of sent)
      expect(m.text, 'no message names the other household or the home').to.not.match(new RegExp(`Marc|Amina|${offerBody().address.street}`));

    // Two days before the date: one more reminder per family item and channel, once (the host's insurance is due later).
    const soon = addDays(dueOn, -2);
    expect(await sweep(soon)).to.equal(4);
    expect(await sweep(soon)).to.equal(0);
  });

  it('a ticked item is not reminded again; the late reminder goes once after the date', async () => {
    const start = addDays(new Date().toISOString().slice(0, 10), -12);
    const { id, parent } = await livingTogether(start, { language: 'fr' });
    await apiSend(parent, 'put', `/cohabitations/${id}/checklist/domiciliation`, { done: true }).expect(200);
    const day = new Date().toISOString().slice(0, 10);
    await sweep(day);
    await sweep(day);
    const sent = await about(id);
    const family = sent.filter((m) => m.to === parent.email);
    expect(family).to.have.length(1); // benefits only: domiciliation is done
    expect(family[0]!.subject).to.match(/^La date est passée/);
    expect(family[0]!.text).to.match(/C1/);
  });

  it('a family with a confidential address gets nothing directly: its worker is asked to pass it on', async () => {
    const start = new Date().toISOString().slice(0, 10);
    const { id } = await livingTogether(start, { confidential: true });
    await sweep(start);
    const sent = await about(id);
    expect(sent.filter((m) => m.kind === 'household-reminder' && m.to !== '+32471000000' && !/marc|host/.test(m.to))).to.have.length(0);
    const viaWorker = sent.filter((m) => m.kind === 'household-reminder-via-worker');
    expect(viaWorker).to.have.length(2); // domiciliation and benefits, to the family's worker
    expect(viaWorker.every((m) => m.to === worker.email)).to.equal(true);
    expect(viaWorker[0]!.text).to.not.match(/Amina|amina@example.org|0470/);
  });

  it('a host on the pension income guarantee (GRAPA) is reminded to tell the pension service, in Dutch; a host without a rated benefit is not', async () => {
    const start = new Date().toISOString().slice(0, 10);
    const { id } = await livingTogether(start, { hostBenefits: { source: 'grapa', status: 'isolated' } });
    await sweep(start);
    const toHost = (await about(id)).filter((m) => m.to === 'marc@example.org' || m.to === '+32471000000' || /marc|host/.test(m.to));
    const declaration = toHost.filter((m) => /Pensioendienst/.test(m.text ?? ''));
    expect(declaration.map((m) => m.channel).sort()).to.deep.equal(['email', 'sms'].slice(0, declaration.length).sort());
    expect(declaration.some((m) => m.channel === 'email')).to.equal(true);
  });

  it('a landline gets no SMS; the worker sees every message on the case page', async () => {
    const start = new Date().toISOString().slice(0, 10);
    const { id } = await livingTogether(start, { phone: '02 123 45 67', language: 'en' });
    await sweep(start);
    const sent = await about(id);
    expect(sent.filter((m) => m.channel === 'sms' && m.to !== '+32471000000')).to.have.length(0);
    const page = await worker.agent.get(`/work/cohabitations/${id}`).expect(200);
    expect(page.text).to.include('id="messages-title"');
    expect((page.text.match(/class="message-list"/g) ?? []).length).to.equal(1);
    for (const m of sent) expect(page.text).to.include(m.to);
  });
});
