// The coordinator's statistics (GET /api/v1/stats, /admin/stats) and the worker's dashboard
// (/work/dashboard), SPEC §7 and §9. Black-box over HTTP.
import { expect } from 'chai';
import type { Role } from '../src/kernel/auth/roles.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { FAMILY_EXAMPLE, familyBody, offerBody } from './helpers/intake-fixtures.js';
import { csrfToken, useTestApp, signedInOnPages, type OnPages } from './helpers/test-app.js';
import { screenOffer } from './helpers/screening.js';

describe('follow-up statistics and dashboard', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  const signIn = (role: Role) => signedInOnPages(ctx, role, { language: 'en' });
  type Person = OnPages;
  async function post(person: Person, path: string, body?: object, status = 200) {
    const res = await person.agent
      .post(`/api/v1${path}`)
      .set('X-CSRF-Token', await csrfToken(person.agent))
      .send(body);
    expect(res.status, `${path} ${JSON.stringify(res.body)}`).to.equal(status);
    return res.body;
  }

  let worker: Person;
  let coordinator: Person;
  before(async () => {
    worker = await signIn('worker');
    coordinator = await signIn('coordinator');
  });

  /** A pending proposal between a parent's active family and a host's conform offer. */
  async function pendingPair(firstName = 'Amina') {
    const parent = await signIn('parent');
    const host = await signIn('host');
    const f = await post(parent, '/families', familyBody({ parent: { ...FAMILY_EXAMPLE.parent, firstName } }), 201);
    await post(parent, `/families/${f.id}/submit`, { acknowledgeBenefitsWarning: true });
    await post(worker, `/families/${f.id}/review`, { decision: 'activate' });
    const o = await post(host, '/offers', offerBody(), 201);
    await post(host, `/offers/${o.id}/submit`, { acknowledgeBenefitsWarning: true });
    await intake().offers.transition(SYSTEM, o.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake().offers, o.id);
    const p = await post(worker, '/proposals', { familyId: f.id, offerId: o.id }, 201);
    return { parent, host, familyId: f.id as string, offerId: o.id as string, proposalId: p.id as string };
  }

  /** Both accept, the agreement starts `startOffset` days from today, both sign: the family is housed. */
  async function housed(startOffset: number, firstName?: string) {
    const pair = await pendingPair(firstName);
    await post(pair.parent, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' });
    await post(pair.host, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' });
    const c = await post(
      worker,
      '/cohabitations',
      {
        proposalId: pair.proposalId,
        startDate: day(startOffset),
        agreement: { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 2 }], houseRules: 'Calme après 22 h.' },
      },
      201,
    );
    await post(worker, `/cohabitations/${c.id}/signatures`, { party: 'family' });
    await post(worker, `/cohabitations/${c.id}/signatures`, { party: 'host' });
    return { ...pair, cohabitationId: c.id as string };
  }

  it('on an empty database: zeros and nulls, no crash', async () => {
    const res = await coordinator.agent.get('/api/v1/stats').expect(200);
    expect(res.body).to.deep.include({ waitingFamilies: 0, waitingOffers: 0, medianDaysApplicationToHousing: null, housedFamilies: 0 });
    expect(res.body.proposals).to.deep.equal({ accepted: 0, declined: 0, cancelled: 0, expired: 0, pending: 0, declineReasons: [] });
    expect(res.body.cohabitationsAlive).to.deep.equal({
      m3: { started: 0, alive: 0, share: null },
      m6: { started: 0, alive: 0, share: null },
      m12: { started: 0, alive: 0, share: null },
    });
    expect(res.body.endingsByReason.every((e: { count: number }) => e.count === 0)).to.equal(true);
    expect(res.body.isolationChange).to.deep.equal({ families: 0, averageChange: null });
    const page = await coordinator.agent.get('/admin/stats').expect(200);
    expect(page.text).to.contain('<svg').and.contain('<title');
  });

  it('only a coordinator sees the statistics', async () => {
    await worker.agent.get('/api/v1/stats').expect(403);
    await worker.agent.get('/admin/stats').expect(403);
  });

  it('a family housed then ended: one ending by its reason, a median, the share alive at 3 months, the isolation change', async () => {
    const c = await housed(-100);
    await post(
      worker,
      `/cohabitations/${c.cohabitationId}/checkins`,
      {
        date: day(-90),
        party: 'both',
        wellbeing: { family: 3, host: 4, children: 4 },
        conflictLevel: 1,
        isolationCriteria: ['noFamilyOrFriendsHelp', 'noProfessionalSupport', 'fewSocialContacts', 'languageOrDigitalBarrier'],
      },
      201,
    );
    await post(
      worker,
      `/cohabitations/${c.cohabitationId}/checkins`,
      {
        date: day(-20),
        party: 'both',
        wellbeing: { family: 4, host: 4, children: 4 },
        conflictLevel: 0,
        isolationScore: 1,
        isolationCriteria: ['languageOrDigitalBarrier'],
      },
      201,
    );
    await post(worker, `/cohabitations/${c.cohabitationId}/end`, { date: day(-1), reason: 'conflict' });
    const declined = await pendingPair();
    await post(declined.parent, `/proposals/${declined.proposalId}/responses`, { decision: 'decline', reason: 'Too far from school' });

    const res = await coordinator.agent.get('/api/v1/stats').expect(200);
    const endings = Object.fromEntries(res.body.endingsByReason.map((e: { reason: string; count: number }) => [e.reason, e.count]));
    expect(endings).to.include({ conflict: 1, planned_end: 0, family_found_housing: 0 });
    expect(res.body.housedFamilies).to.equal(1);
    expect(res.body.medianDaysApplicationToHousing).to.be.a('number').and.at.least(0);
    expect(res.body.proposals).to.deep.include({ accepted: 1, declined: 1, declineReasons: [{ reason: 'Too far from school', count: 1 }] });
    // Started 100 days ago, ended yesterday: alive at 3 months; not yet 6 months old.
    expect(res.body.cohabitationsAlive.m3).to.deep.equal({ started: 1, alive: 1, share: 1 });
    expect(res.body.cohabitationsAlive.m6.started).to.equal(0);
    expect(res.body.isolationChange).to.deep.equal({ families: 1, averageChange: -3 });
    expect(res.body.networkSizeChange).to.deep.equal({ families: 0, averageChange: null });
    // Both ended families are active again and waiting; the two homes are available.
    expect(res.body.waitingFamilies).to.equal(2);
    expect(res.body.waitingOffers).to.equal(2);

    const page = await coordinator.agent.get('/admin/stats').expect(200);
    expect(page.text).to.contain('Too far from school').and.contain('Conflict');
  });

  it('the dashboard lists an overdue check-in and a pending proposal', async () => {
    const late = await housed(-40, 'Zoubida');
    const waiting = await pendingPair('Yasmina');
    const page = await worker.agent.get('/work/dashboard').expect(200);
    const overdue = page.text.slice(page.text.indexOf('id="checkins-title"'), page.text.indexOf('id="proposals-title"'));
    expect(overdue).to.contain('Zoubida').and.contain(`/work/cohabitations/${late.cohabitationId}`).and.contain('Visit of day 7');
    const proposals = page.text.slice(page.text.indexOf('id="proposals-title"'), page.text.indexOf('id="inspections-title"'));
    expect(proposals).to.contain(`/proposals/${waiting.proposalId}`).and.contain('Yasmina');
    await ctx.request().get('/work/dashboard').redirects(0).expect(303);
  });
});
