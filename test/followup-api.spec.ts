// Follow-up's JSON API (SPEC §7, §9): from an accepted proposal to the ending.
import { expect } from 'chai';
import { addWorkingDays } from '../src/kernel/calendar/working-days.js';
import type { Role } from '../src/kernel/auth/roles.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { checkinSchedule } from '../src/modules/followup/schedule.js';
import { apiLogin, apiSend, createUser, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

describe('follow-up API', () => {
  const ctx = useTestApp();
  const as = (role: Role) => signedInAs(ctx, role);
  type S = SignedIn;
  const post = (s: S, path: string, body?: object) => apiSend(s, 'post', path, body);
  const intake = () => ctx.app.named.intake;
  const followup = () => ctx.app.named.followup;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  let worker: S;
  let coordinator: S;
  before(async () => {
    worker = await as('worker');
    coordinator = await as('coordinator');
  });

  /** An accepted proposal between a parent's family and a host's conform offer. */
  async function acceptedPair(validDays = 700) {
    const parent = await as('parent');
    const host = await as('host');
    const f = await post(parent, '/families', familyBody()).expect(201);
    await post(parent, `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await post(worker, `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    const o = await post(host, '/offers', offerBody()).expect(201);
    await post(host, `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + validDays * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake().offers, o.body.id);
    const p = await post(worker, '/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
    return { parent, host, familyId: f.body.id as string, offerId: o.body.id as string, proposalId: p.body.id as string };
  }
  const accept = async (pair: Awaited<ReturnType<typeof acceptedPair>>) => {
    await post(pair.parent, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' }).expect(200);
    await post(pair.host, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' }).expect(200);
  };
  const agreement = { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 2 }], houseRules: 'Calme après 22 h.' };

  it('the journey: agreement → signatures → trial → check-ins → incident → ending; the offer and the family follow', async () => {
    const pair = await acceptedPair();
    await post(worker, '/cohabitations', { proposalId: pair.proposalId, startDate: day(-20), agreement }).expect(409);
    await accept(pair);
    const created = await post(worker, '/cohabitations', { proposalId: pair.proposalId, startDate: day(-20), agreement }).expect(201);
    expect(created.body).to.include({ status: 'agreement', trialEndsOn: day(8) });
    expect(created.body.checklist.map((i: { code: string }) => i.code)).to.include.members([
      'domiciliation',
      'benefitsDeclaration',
      'insurance',
      'evidence.bellAndLetterbox',
      'schoolOrCreche',
    ]);
    expect(created.body.checklist.find((i: { code: string }) => i.code === 'domiciliation').dueOn).to.equal(addWorkingDays(day(-20), 8)); // jours ouvrables: Sundays and holidays skipped
    await post(worker, '/cohabitations', { proposalId: pair.proposalId, startDate: day(-20), agreement }).expect(409);
    const id = created.body.id as string;

    await post(pair.parent, `/cohabitations/${id}/signatures`).expect(200);
    await post(pair.parent, `/cohabitations/${id}/signatures`).expect(409);
    const trial = await post(pair.host, `/cohabitations/${id}/signatures`, {}).expect(200);
    expect(trial.body.status).to.equal('trial');
    expect((await worker.agent.get(`/api/v1/families/${pair.familyId}`).expect(200)).body.status).to.equal('housed');
    expect((await worker.agent.get(`/api/v1/offers/${pair.offerId}`).expect(200)).body.status).to.equal('occupied');

    await post(worker, `/cohabitations/${id}/checkins`, {
      date: day(-12),
      party: 'both',
      wellbeing: { family: 4, host: 4, children: 5 },
      conflictLevel: 0,
      isolationScore: 2,
      note: 'SECRET-NOTE',
    }).expect(201);
    const bad = await post(worker, `/cohabitations/${id}/checkins`, {
      date: day(-12),
      party: 'both',
      wellbeing: { family: 0, host: 6, children: 3 },
      conflictLevel: 4,
    }).expect(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['/wellbeing/family', '/wellbeing/host', '/conflictLevel']);
    await post(pair.parent, `/cohabitations/${id}/checkins`, {
      date: day(-12),
      party: 'both',
      wellbeing: { family: 4, host: 4, children: 5 },
      conflictLevel: 0,
    }).expect(403);

    const before = await OutboxModel.countDocuments({ kind: 'incident-high' });
    await post(worker, `/cohabitations/${id}/incidents`, { date: day(-10), kind: 'conflict', severity: 'high', description: 'SECRET-INCIDENT' }).expect(201);
    const mails = await OutboxModel.find({ kind: 'incident-high' }).lean();
    expect(mails.length - before).to.be.at.least(2);
    expect(mails.map((m) => m.to)).to.include.members([worker.email, coordinator.email]);
    expect(JSON.stringify(mails)).not.to.contain('SECRET-INCIDENT');
    const alerts = await worker.agent.get('/api/v1/alerts').expect(200);
    expect(alerts.body.items.some((a: { kind: string; cohabitationId?: string }) => a.kind === 'severe_incident' && a.cohabitationId === id)).to.equal(true);

    for (const party of [pair.parent, pair.host]) {
      const view = await party.agent.get(`/api/v1/cohabitations/${id}`).expect(200);
      expect(view.body.status).to.equal('trial');
      expect(JSON.stringify(view.body)).not.to.match(/SECRET|checkins|incidents|isolationScore/);
    }
    const partnerUser = await createUser('partner');
    const partner = ctx.request();
    await apiLogin(partner, partnerUser.email);
    await partner.get(`/api/v1/cohabitations/${id}`).expect(403);
    const staff = await worker.agent.get(`/api/v1/cohabitations/${id}`).expect(200);
    expect(staff.body.checkins[0].note).to.equal('SECRET-NOTE');

    await post(worker, `/cohabitations/${id}/end`, { date: day(0), reason: 'bored' }).expect(422);
    const ended = await post(worker, `/cohabitations/${id}/end`, { date: day(0), reason: 'conflict', exitNote: 'Médiation sans accord.' }).expect(200);
    expect(ended.body.status).to.equal('ended');
    await post(worker, `/cohabitations/${id}/end`, { date: day(0), reason: 'conflict' }).expect(409);
    expect((await worker.agent.get(`/api/v1/offers/${pair.offerId}`).expect(200)).body.status).to.equal('available');
    expect((await worker.agent.get(`/api/v1/families/${pair.familyId}`).expect(200)).body.status).to.equal('active');
    // Both are free for a new proposal.
    await post(worker, '/proposals', { familyId: pair.familyId, offerId: pair.offerId }).expect(201);
  });

  it('needs a conform inspection valid on the start date; housing found closes the family; an expired inspection closes the offer', async () => {
    const pair = await acceptedPair(20);
    await accept(pair);
    const late = await post(worker, '/cohabitations', { proposalId: pair.proposalId, startDate: day(30), agreement }).expect(409);
    expect(late.body.error.code).to.equal('OFFER_NOT_CONFORM');
    const c = await post(worker, '/cohabitations', { proposalId: pair.proposalId, startDate: day(1), agreement }).expect(201);
    await post(worker, `/cohabitations/${c.body.id}/signatures`, { party: 'family' }).expect(200);
    await post(worker, `/cohabitations/${c.body.id}/signatures`, {}).expect(422);
    await post(worker, `/cohabitations/${c.body.id}/signatures`, { party: 'host' }).expect(200);
    await intake().offers.recordInspection(SYSTEM, pair.offerId, {
      inspectionId: 'y',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(Date.now() - 800 * 86_400_000),
      validUntil: new Date(Date.now() - 86_400_000),
      remarksDeadline: null,
    });
    await post(worker, `/cohabitations/${c.body.id}/end`, { date: day(5), reason: 'family_found_housing' }).expect(200);
    expect((await worker.agent.get(`/api/v1/families/${pair.familyId}`).expect(200)).body.status).to.equal('closed');
    expect((await worker.agent.get(`/api/v1/offers/${pair.offerId}`).expect(200)).body.status).to.equal('closed');
  });

  it('the check-in schedule: day 7, day 28, month 3, then every 3 months; overdue ones raise alerts; the trial ends once', async () => {
    expect(
      checkinSchedule('2026-01-31')
        .slice(0, 5)
        .map((s) => s.dueOn),
    ).to.deep.equal(['2026-02-07', '2026-02-28', '2026-04-30', '2026-07-31', '2026-10-31']);
    const pair = await acceptedPair();
    await accept(pair);
    const c = await post(worker, '/cohabitations', { proposalId: pair.proposalId, startDate: day(-40), agreement }).expect(201);
    await post(worker, `/cohabitations/${c.body.id}/signatures`, { party: 'family' }).expect(200);
    await post(worker, `/cohabitations/${c.body.id}/signatures`, { party: 'host' }).expect(200);
    const alerts = await worker.agent.get('/api/v1/alerts').expect(200);
    const overdue = alerts.body.items.filter((a: { kind: string; cohabitationId?: string }) => a.kind === 'overdue_checkin' && a.cohabitationId === c.body.id);
    expect(overdue.map((a: { label: string }) => a.label)).to.deep.equal(['day7', 'day28']);
    expect(await followup().cohabitations.advanceTrials()).to.be.at.least(1);
    expect(await followup().cohabitations.advanceTrials()).to.equal(0);
    expect((await worker.agent.get(`/api/v1/cohabitations/${c.body.id}`).expect(200)).body.status).to.equal('active');
    await post(worker, `/cohabitations/${c.body.id}/checkins`, {
      date: day(-30),
      party: 'family',
      wellbeing: { family: 3, host: 4, children: 4 },
      conflictLevel: 1,
    }).expect(201);
    const after = await worker.agent.get(`/api/v1/cohabitations/${c.body.id}`).expect(200);
    expect(after.body.overdueCheckins.map((o: { label: string }) => o.label)).to.deep.equal(['day28']);
    const stranger = await as('parent');
    await stranger.agent.get(`/api/v1/cohabitations/${c.body.id}`).expect(404);
  });
});
