// Rehousing and a careful ending (issue 18 part 5): the planned end date from the notice, notices
// racing each other and the ending, a family that must be rehoused getting priority in the plan
// (and losing it when housed again), the contact a month after the exit, and the referring partner
// told of key steps once, only with the family's consent, also after a crash.
import { expect } from 'chai';
import { trusted } from '../src/kernel/db/connection.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { CohabitationRepository } from '../src/modules/followup/cohabitation.repository.js';
import { exitContactDueOn, plannedEndDate } from '../src/modules/followup/notice.js';
import { alertsFor } from '../src/modules/followup/alerts.js';
import { apiSend, createUser, formLogin, formToken, signedInAs, useTestApp } from './helpers/test-app.js';
import { FAMILY_EXAMPLE, OFFER_EXAMPLE, familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

describe('rehousing and a careful ending (issue 18 part 5)', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;
  const followup = () => ctx.app.named.followup;
  const matching = () => ctx.app.named.matching;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const store = new CohabitationRepository();

  async function person(role: 'parent' | 'host' | 'worker' | 'coordinator' | 'partner') {
    const signedIn = await signedInAs(ctx, role, { language: 'en' });
    return { ...signedIn, call: (path: string, body?: object, method: 'post' | 'put' = 'post') => apiSend(signedIn, method, path, body) };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  let worker: Person;
  let other: Person;
  before(async () => {
    worker = await person('worker');
    other = await person('worker');
  });

  async function activeFamily(by: Person, family: object = {}) {
    const f = await by.call('/families', familyBody(family)).expect(201);
    await by.call(`/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await worker.call(`/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    return f.body.id as string;
  }

  async function availableOffer(host: Person) {
    const o = await host.call('/offers', offerBody()).expect(201);
    await host.call(`/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
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
    return o.body.id as string;
  }

  /** Proposal accepted by both (the worker answers for a family without an account), agreement signed by both. */
  async function house(familyId: string, offerId: string, startDate = day(-40)) {
    const p = await worker.call('/proposals', { familyId, offerId }).expect(201);
    for (const party of ['family', 'host']) await worker.call(`/proposals/${p.body.id}/responses`, { decision: 'accept', party }).expect(200);
    const c = await worker
      .call('/cohabitations', {
        proposalId: p.body.id,
        startDate,
        agreement: { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 3 }], houseRules: 'Calm.' },
      })
      .expect(201);
    for (const party of ['family', 'host']) await worker.call(`/cohabitations/${c.body.id}/signatures`, { party }).expect(200);
    return c.body.id as string;
  }

  async function living(family: object = {}) {
    const parent = await person('parent');
    const host = await person('host');
    const familyId = await activeFamily(parent, family);
    const offerId = await availableOffer(host);
    return { parent, host, familyId, offerId, id: await house(familyId, offerId) };
  }

  it('a family that must be rehoused is preferred by the plan; without the priority the other family gets the home; housed again, the priority goes', async () => {
    const urgent = { ...FAMILY_EXAMPLE.situation, urgency: 4 };
    // A is a little less suited to the home (noise) than B: on scores alone B gets it.
    const a = await living({ situation: urgent, lifestyle: { ...FAMILY_EXAMPLE.lifestyle, noise: 3 } });
    const b = await activeFamily(await person('parent'), { situation: urgent });
    await worker
      .call(`/cohabitations/${a.id}/end`, { date: day(0), reason: 'conflict', fallbackHome: 'family_or_friends', fallbackNote: 'SEALED-AUNT' })
      .expect(200);
    const family = await intake().families.load(a.familyId);
    expect(family.status).to.equal('active');
    expect(family.rehousing?.cohabitationId).to.equal(a.id);
    expect(family.events.map((e) => e.type)).to.include('rehousing.started');
    const planned = async () =>
      (await matching().candidates.plan(SYSTEM_WORKER(), { locked: [], forbidden: [] })).pairs.find((p) => p.offerId === a.offerId)?.familyId;
    expect(await planned()).to.equal(a.familyId);
    // The plan page says why.
    const page = await staffPage('/work/plan');
    expect(page).to.contain('Being rehoused: priority in the plan');
    await intake().rehousing.clear(SYSTEM, a.familyId, 'closed');
    expect(await planned()).to.equal(b);
    await intake().rehousing.mark(SYSTEM, a.familyId, a.id);
    expect(await planned()).to.equal(a.familyId);
    // Housed again: the flag is cleared in the same write as the status.
    await house(a.familyId, a.offerId, day(0));
    const housed = await intake().families.load(a.familyId);
    expect([housed.status, housed.rehousing ?? null]).to.deep.equal(['housed', null]);
    // The sweep of the first ending, late, never flags it again nor moves the family or the home back.
    await followup().cohabitations.completeTransitions();
    const after = await intake().families.load(a.familyId);
    expect([after.status, after.rehousing ?? null, (await intake().offers.load(a.offerId)).status]).to.deep.equal(['housed', null, 'occupied']);
    // The fallback note is sealed at rest.
    const raw = await FamilyModel.db.collection('cohabitations').findOne({ _id: new (await import('mongoose')).Types.ObjectId(a.id) });
    expect(raw?.ending?.fallbackHome).to.equal('family_or_friends');
    expect(JSON.stringify(raw)).to.not.contain('SEALED-AUNT');
  });

  const SYSTEM_WORKER = () => ({ id: worker.id, role: 'worker' as const, name: 'w' });
  async function staffPage(path: string) {
    const agent = ctx.request();
    const user = await createUser('worker', { language: 'en' });
    await formLogin(agent, user.email);
    return (await agent.get(path).expect(200)).text;
  }

  it('planned end date: during the trial none (either household may end it), after it the notice period; across month ends', () => {
    const c = { trialEndsOn: '2027-02-10', agreement: { noticeDays: 30 } } as never;
    expect(plannedEndDate(c, '2027-02-09')).to.equal('2027-02-09');
    expect(plannedEndDate(c, '2027-02-10')).to.equal('2027-03-12');
    const later = { trialEndsOn: '2027-01-01', agreement: { noticeDays: 30 } } as never;
    expect(plannedEndDate(later, '2027-01-31')).to.equal('2027-03-02');
    expect(plannedEndDate({ trialEndsOn: '2028-01-01', agreement: { noticeDays: 30 } } as never, '2028-01-31')).to.equal('2028-03-01');
    expect(plannedEndDate({ trialEndsOn: '2027-01-01', agreement: { noticeDays: 45 } } as never, '2027-12-20')).to.equal('2028-02-03');
    expect(exitContactDueOn({ ending: { date: '2027-01-31' } } as never)).to.equal('2027-02-28');
    expect(exitContactDueOn({ ending: { date: '2028-01-31' } } as never)).to.equal('2028-02-29');
  });

  it('a notice: the planned end date from the agreement, shown to both households (not the reason) and on the case page; the ending page is prefilled with it', async () => {
    const c = await living();
    const given = await worker.call(`/cohabitations/${c.id}/notice`, { date: day(0), givenBy: 'host', reason: 'SECRET-REASON' }).expect(201);
    expect(given.body.notice.plannedEnd).to.equal(day(30));
    for (const party of [c.parent, c.host]) {
      const seen = (await party.agent.get(`/api/v1/cohabitations/${c.id}`).expect(200)).body;
      expect(seen.notice).to.deep.equal({ date: day(0), givenBy: 'host', plannedEnd: day(30) });
      expect(JSON.stringify(seen)).to.not.contain('SECRET-REASON');
    }
    const mine = (await c.parent.agent.get('/my/cohabitation').expect(200)).text;
    expect(mine).to.contain('Planned end date').and.not.contain('SECRET-REASON');
    const page = await staffPage(`/work/cohabitations/${c.id}`);
    expect(page)
      .to.contain(`name="ending[date]"`)
      .and.to.match(new RegExp(`name="ending\\[date\\]"[^>]*value="${day(30)}"`));
    // A party gives notice only for its own side; unknown fields refused.
    expect((await c.parent.call(`/cohabitations/${c.id}/notice`, { date: day(0), givenBy: 'host' })).status).to.equal(403);
    expect((await worker.call(`/cohabitations/${c.id}/notice`, { date: day(0), givenBy: 'host', extra: 1 })).status).to.equal(422);
    // Given once.
    expect((await worker.call(`/cohabitations/${c.id}/notice`, { date: day(0), givenBy: 'family' }).expect(409)).body.error.code).to.equal(
      'NOTICE_ALREADY_GIVEN',
    );
  });

  it('two notices at once (the two households, and two workers): one kept, the other refused', async () => {
    const c = await living();
    const answers = await Promise.all([
      c.parent.call(`/cohabitations/${c.id}/notice`, { date: day(0), givenBy: 'family' }),
      c.host.call(`/cohabitations/${c.id}/notice`, { date: day(0), givenBy: 'host' }),
    ]);
    expect(answers.map((r) => r.status).sort()).to.deep.equal([201, 409]);
    const stored = await followup().cohabitations.load(c.id);
    expect(stored.events.filter((e) => e.type === 'notice')).to.have.length(1);
    expect(stored.notice?.givenBy).to.equal(answers.find((r) => r.status === 201)!.body.notice.givenBy);
    const d = await living();
    const two = await Promise.all([
      worker.call(`/cohabitations/${d.id}/notice`, { date: day(0), givenBy: 'service' }),
      other.call(`/cohabitations/${d.id}/notice`, { date: day(-1), givenBy: 'family' }),
    ]);
    expect(two.map((r) => r.status).sort()).to.deep.equal([201, 409]);
    expect((await followup().cohabitations.load(d.id)).events.filter((e) => e.type === 'notice')).to.have.length(1);
  });

  it('a notice and an ending at once: it ends; the notice is either before it (kept) or refused, never stored after', async () => {
    for (let round = 0; round < 3; round++) {
      const c = await living();
      const [notice, end] = await Promise.all([
        other.call(`/cohabitations/${c.id}/notice`, { date: day(0), givenBy: 'family' }),
        worker.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'family_left' }),
      ]);
      expect(end.status).to.equal(200);
      expect(notice.status).to.be.oneOf([201, 409]);
      const stored = await followup().cohabitations.load(c.id);
      expect(stored.status).to.equal('ended');
      const types = stored.events.map((e) => e.type);
      if (notice.status === 201) expect(types.indexOf('notice')).to.be.lessThan(types.indexOf('ended'));
      else expect(stored.notice ?? null).to.equal(null);
    }
  });

  it('the contact a month after the exit: an alert once due, recorded once (two workers at once), then no alert; shown on the case page', async () => {
    const c = await living();
    await worker.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'planned_end' }).expect(200);
    const services = { cohabitations: followup().cohabitations, offers: intake().offers, proposals: matching().proposals };
    const due = (alerts: { kind: string }[]) =>
      alerts.filter((a) => a.kind === 'exit_contact_due' && (a as { cohabitationId?: string }).cohabitationId === c.id);
    expect(due(await alertsFor(services, SYSTEM_WORKER()))).to.have.length(0);
    const later = new Date(Date.now() + 32 * 86_400_000);
    expect(due(await alertsFor(services, SYSTEM_WORKER(), later))).to.have.length(1);
    // Recorded before the end: refused, naming the date.
    expect((await worker.call(`/cohabitations/${c.id}/exit-contact`, { date: day(-1), who: 'phone' }).expect(422)).body.error.details[0].path).to.equal(
      '/date',
    );
    const two = await Promise.all([
      worker.call(`/cohabitations/${c.id}/exit-contact`, { date: day(0), who: 'phone', note: 'SEALED-NOTE' }),
      other.call(`/cohabitations/${c.id}/exit-contact`, { date: day(0), who: 'worker_visit' }),
    ]);
    expect(two.map((r) => r.status).sort()).to.deep.equal([201, 409]);
    expect(due(await alertsFor(services, SYSTEM_WORKER(), later))).to.have.length(0);
    expect((await c.parent.call(`/cohabitations/${c.id}/exit-contact`, { date: day(0), who: 'phone' })).status).to.equal(403);
    expect(JSON.stringify((await c.parent.agent.get(`/api/v1/cohabitations/${c.id}`).expect(200)).body)).to.not.contain('SEALED-NOTE');
    const page = await staffPage(`/work/cohabitations/${c.id}`);
    expect(page).to.contain('Contact after the exit');
  });

  async function referred(consent: boolean | null) {
    const partner = await person('partner');
    const host = await person('host');
    const familyId = await activeFamily(partner, {
      referral: { organisation: 'Maison des parents', contactName: 'Ana', contactEmail: 'ana@partner.example', familyConsent: true },
    });
    if (consent !== null)
      await worker.call(`/families/${familyId}/partner-updates`, { consent, givenBy: 'La mère, par téléphone', givenOn: day(0) }, 'put').expect(200);
    const offerId = await availableOffer(host);
    return { partner, familyId, offerId };
  }
  const partnerMails = (p: Person) => OutboxModel.find({ to: p.email, kind: trusted({ $in: ['partner-housed', 'partner-ended'] }) }).lean();

  it('the referring partner, with the family’s consent, is told once when housed and once when it ended, with the date only; never twice (the sweep run twice)', async () => {
    const r = await referred(true);
    const id = await house(r.familyId, r.offerId);
    await worker.call(`/cohabitations/${id}/end`, { date: day(0), reason: 'conflict', exitNote: 'SECRET-EXIT' }).expect(200);
    await followup().cohabitations.completeTransitions();
    await followup().cohabitations.completeTransitions();
    const mails = await partnerMails(r.partner);
    expect(mails.map((m) => m.kind).sort()).to.deep.equal(['partner-ended', 'partner-housed']);
    const { street, postalCode } = OFFER_EXAMPLE.address;
    for (const m of mails)
      expect(`${m.subject} ${m.text}`)
        .to.not.contain(street)
        .and.not.contain(postalCode)
        .and.not.contain(OFFER_EXAMPLE.host.firstName)
        .and.not.contain(FAMILY_EXAMPLE.parent.firstName)
        .and.not.match(/SECRET|conflict/i);
  });

  it('no mail to the partner without the family’s consent, or once it was withdrawn', async () => {
    const none = await referred(null);
    await house(none.familyId, none.offerId);
    const withdrawn = await referred(true);
    await worker.call(`/families/${withdrawn.familyId}/partner-updates`, { consent: false, givenBy: 'La mère, au bureau', givenOn: day(0) }, 'put').expect(200);
    await house(withdrawn.familyId, withdrawn.offerId);
    await followup().cohabitations.completeTransitions();
    expect(await partnerMails(none.partner)).to.have.length(0);
    expect(await partnerMails(withdrawn.partner)).to.have.length(0);
    const f = await intake().families.load(withdrawn.familyId);
    expect(f.partnerUpdates?.consent).to.equal(false);
    expect(f.events.map((e) => e.type)).to.include.members(['partnerUpdates.consented', 'partnerUpdates.withdrawn']);
  });

  it('the consent the partner recorded with the referral counts until the family says otherwise', async () => {
    const partner = await person('partner');
    const host = await person('host');
    const familyId = await activeFamily(partner, {
      referral: { organisation: 'Maison des parents', contactName: 'Ana', contactEmail: 'ana@partner.example', familyConsent: true, updatesConsent: true },
    });
    await house(familyId, await availableOffer(host));
    await followup().cohabitations.completeTransitions();
    expect((await partnerMails(partner)).map((m) => m.kind)).to.deep.equal(['partner-housed']);

    const later = await person('partner');
    const withdrawnId = await activeFamily(later, {
      referral: { organisation: 'Maison des parents', contactName: 'Ana', contactEmail: 'ana@partner.example', familyConsent: true, updatesConsent: true },
    });
    await worker.call(`/families/${withdrawnId}/partner-updates`, { consent: false, givenBy: 'La mère, au bureau', givenOn: day(0) }, 'put').expect(200);
    await house(withdrawnId, await availableOffer(await person('host')));
    await followup().cohabitations.completeTransitions();
    expect(await partnerMails(later)).to.have.length(0);
  });

  it('a crash between the ending and the partner’s mail: the sweep sends it, once', async () => {
    const r = await referred(true);
    const id = await house(r.familyId, r.offerId);
    await store.end(id, { date: day(0), reason: 'host_ended', at: new Date(), by: worker.id }, 'host_ended', { at: new Date(), by: worker.id });
    expect((await partnerMails(r.partner)).filter((m) => m.kind === 'partner-ended')).to.have.length(0);
    await followup().cohabitations.completeTransitions();
    await followup().cohabitations.completeTransitions();
    expect((await partnerMails(r.partner)).filter((m) => m.kind === 'partner-ended')).to.have.length(1);
    expect((await intake().families.load(r.familyId)).rehousing?.cohabitationId).to.equal(id);
  });

  it('the parent answers on their page without JavaScript: error summary without a choice, then the answer kept with its date', async () => {
    const parent = await createUser('parent', { language: 'en' });
    const partner = await createUser('partner', { language: 'en' });
    const agent = ctx.request();
    await formLogin(agent, parent.email);
    // The partner's referral, then the worker links the parent's account to it (family-links.spec.ts).
    const f = await FamilyModel.create({
      application: {},
      status: 'active',
      ownerUserId: null,
      referredBy: partner.id,
      createdBy: { id: partner.id, role: 'partner' },
    });
    expect((await agent.get('/my/partner-updates').expect(200)).text).to.not.contain('name="consent"');
    await worker.call(`/families/${String(f._id)}/owner`, { email: parent.email }, 'put').expect(200);
    const page = await agent.get('/my/partner-updates').expect(200);
    expect(page.text).to.contain('Keeping your referring organisation informed');
    const missing = await agent
      .post('/my/partner-updates')
      .type('form')
      .send({ _csrf: formToken(page.text) })
      .expect(303);
    const shown = await agent.get(missing.headers.location!).expect(200);
    expect(shown.text).to.contain('error-summary');
    await agent
      .post('/my/partner-updates')
      .type('form')
      .send({ _csrf: formToken(shown.text), consent: 'yes' })
      .expect(303);
    expect((await intake().families.load(String(f._id))).partnerUpdates?.consent).to.equal(true);
    expect((await agent.get('/my/partner-updates').expect(200)).text).to.contain('You agreed on');
  });
});
