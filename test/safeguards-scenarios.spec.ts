// Issue #14's findings replayed through the JSON API, as the outside testers did them: each one is
// now refused with the code of SPEC §11 (nothing written) or raises the alert SPEC §7 asks for.
// The rules' own tests live with their modules; this file proves the journeys end to end.
import { expect } from 'chai';
import { trusted } from '../src/kernel/db/connection.js';
import type { Role } from '../src/kernel/auth/roles.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { apiSend, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { familyBody, offerBody, OFFER_EXAMPLE, FAMILY_EXAMPLE } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

describe('safeguards the server holds (issue #14 scenarios)', () => {
  const ctx = useTestApp();
  const as = (role: Role) => signedInAs(ctx, role);
  const post = (s: SignedIn, path: string, body?: object) => apiSend(s, 'post', path, body);
  const intake = () => ctx.app.named.intake;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const codes = (body: { error?: { code: string } }) => body.error?.code;

  let worker: SignedIn;
  let coordinator: SignedIn;
  before(async () => {
    worker = await as('worker');
    coordinator = await as('coordinator');
  });

  async function activeFamily(overrides = {}) {
    const parent = await as('parent');
    const f = await post(parent, '/families', familyBody(overrides)).expect(201);
    await post(parent, `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await post(worker, `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    return { parent, id: f.body.id as string };
  }

  /** A conform offer; screened unless told otherwise. */
  async function conformOffer(overrides = {}, screened = true) {
    const host = await as('host');
    const o = await post(host, '/offers', offerBody(overrides)).expect(201);
    await post(host, `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    if (screened) await screenOffer(intake().offers, o.body.id);
    return { host, id: o.body.id as string };
  }

  async function livingTogether(familyOverrides = {}) {
    const family = await activeFamily(familyOverrides);
    const offer = await conformOffer();
    const p = await post(worker, '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
    await post(family.parent, `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    await post(offer.host, `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    const c = await post(worker, '/cohabitations', {
      proposalId: p.body.id,
      startDate: day(-40),
      agreement: { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 3 }], houseRules: 'Calme après 22 h.' },
    }).expect(201);
    await post(family.parent, `/cohabitations/${c.body.id}/signatures`).expect(200);
    await post(offer.host, `/cohabitations/${c.body.id}/signatures`).expect(200);
    return { family, offer, id: c.body.id as string, proposalId: p.body.id as string };
  }

  it('a host household of two adults with no reference and no extract is not matched, not proposed, and the worker sees what is missing', async () => {
    const family = await activeFamily();
    const household = [
      { birthYear: 1970, relation: 'self' as const },
      { birthYear: 1972, relation: 'partner' as const },
    ];
    const offer = await conformOffer({ host: { ...OFFER_EXAMPLE.host, household } }, false);
    const screening = await worker.agent.get(`/api/v1/offers/${offer.id}/screening`).expect(200);
    expect(screening.body.complete).to.equal(false);
    expect(screening.body.missing.map((m: { code: string; memberIndex?: number }) => `${m.code}${m.memberIndex ?? ''}`)).to.include.members([
      'REFERENCES_MISSING',
      'RECORD_CHECK_MISSING0',
      'RECORD_CHECK_MISSING1',
    ]);
    const matches = await worker.agent.get(`/api/v1/families/${family.id}/matches?includeIneligible=true&limit=50`).expect(200);
    const pair = matches.body.items.find((i: { offerId: string }) => i.offerId === offer.id);
    expect(pair.eligible).to.equal(false);
    expect(pair.blockers.map((b: { code: string }) => b.code)).to.include('SCREENING');
    const refused = await post(worker, '/proposals', { familyId: family.id, offerId: offer.id }).expect(409);
    expect(codes(refused.body)).to.equal('HOST_SCREENING_INCOMPLETE');
    expect((await worker.agent.get(`/api/v1/families/${family.id}`).expect(200)).body.status).to.equal('active');
    await as('host').then((h) => h.agent.get(`/api/v1/offers/${offer.id}/screening`).expect((r) => expect(r.status).to.be.oneOf([403, 404])));
  });

  it("an agreement at 900 EUR (cap 450) or above the family's own maximum (440) is refused, nothing created", async () => {
    const family = await activeFamily({ needs: { ...FAMILY_EXAMPLE.needs, maxMonthlyContribution: 440 } });
    const offer = await conformOffer();
    const p = await post(worker, '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
    await post(family.parent, `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    await post(offer.host, `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    const body = (monthlyContribution: number) => ({
      proposalId: p.body.id,
      startDate: day(1),
      agreement: { monthlyContribution, servicesExchanged: [], houseRules: 'Calme.' },
    });
    expect(codes((await post(worker, '/cohabitations', body(900)).expect(422)).body)).to.equal('CONTRIBUTION_OVER_CAP');
    expect(codes((await post(worker, '/cohabitations', body(445)).expect(422)).body)).to.equal('CONTRIBUTION_OVER_FAMILY_MAX');
    const hours = {
      proposalId: p.body.id,
      startDate: day(1),
      agreement: {
        monthlyContribution: 300,
        servicesExchanged: [
          { code: 'babysitting', hoursPerWeek: 8 },
          { code: 'cooking', hoursPerWeek: 4 },
        ],
        houseRules: 'Calme.',
      },
    };
    expect(codes((await post(worker, '/cohabitations', hours).expect(422)).body)).to.equal('SERVICES_OVER_LIMIT');
    const care = { ...hours, agreement: { ...hours.agreement, servicesExchanged: [{ code: 'personal_care', hoursPerWeek: 1 }] } };
    expect(codes((await post(worker, '/cohabitations', care).expect(422)).body)).to.equal('SERVICES_OVER_LIMIT');
    expect(await CohabitationModel.countDocuments({ proposalId: p.body.id })).to.equal(0);
    await post(worker, '/cohabitations', body(380)).expect(201);
  });

  it('a family that refused to share its profile is not named to the host', async () => {
    const family = await activeFamily({ consents: { dataProcessing: true, shareProfile: false } });
    const offer = await conformOffer();
    await post(worker, '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
    const seen = await offer.host.agent.get('/api/v1/proposals').expect(200);
    expect(seen.body.items ?? seen.body).to.have.length(1);
    expect(JSON.stringify(seen.body)).not.to.contain(FAMILY_EXAMPLE.parent.firstName);
    const mails = await OutboxModel.find({ to: offer.host.email }).lean();
    for (const m of mails) expect(JSON.stringify(m)).not.to.contain(FAMILY_EXAMPLE.parent.firstName);
  });

  it("a referral without the family's consent, a submission without the benefits warning acknowledged: refused", async () => {
    const partner = await as('partner');
    const referral = { organisation: 'CPAS', contactName: 'A. Partner', contactEmail: partner.email };
    const refused = await post(partner, '/families', familyBody({ referral })).expect(422);
    expect(codes(refused.body)).to.equal('REFERRAL_CONSENT_MISSING');
    const parent = await as('parent');
    const f = await post(parent, '/families', familyBody()).expect(201);
    expect(codes((await post(parent, `/families/${f.body.id}/submit`, {}).expect(422)).body)).to.equal('BENEFITS_WARNING_NOT_ACKNOWLEDGED');
    expect((await parent.agent.get(`/api/v1/families/${f.body.id}`).expect(200)).body.status).to.equal('draft');
  });

  it('after a violence incident and an ending for safety the offer is suspended and the pair never proposed again', async () => {
    const c = await livingTogether();
    await post(worker, `/cohabitations/${c.id}/incidents`, { date: day(-2), kind: 'violence', severity: 'high', description: 'Menaces.' }).expect(201);
    await post(worker, `/cohabitations/${c.id}/end`, { date: day(0), reason: 'safety' }).expect(200);
    const offer = await worker.agent.get(`/api/v1/offers/${c.offer.id}`).expect(200);
    expect(offer.body.status).to.equal('suspended');
    expect(codes((await post(worker, '/proposals', { familyId: c.family.id, offerId: c.offer.id }).expect(409)).body)).to.be.oneOf([
      'OFFER_SUSPENDED',
      'PAIR_EXCLUDED',
    ]);
    await post(worker, `/offers/${c.offer.id}/suspension-review`, { decision: 'lift', reason: 'Vu.' }).expect(403);
    await post(coordinator, `/offers/${c.offer.id}/suspension-review`, { decision: 'lift', reason: "Entretien avec l'hôte, pas d'autre risque." }).expect(200);
    expect((await worker.agent.get(`/api/v1/offers/${c.offer.id}`).expect(200)).body.status).to.equal('available');
    expect(codes((await post(worker, '/proposals', { familyId: c.family.id, offerId: c.offer.id }).expect(409)).body)).to.equal('PAIR_EXCLUDED');
    const mails = await OutboxModel.find({ to: trusted({ $in: [c.family.parent.email, c.offer.host.email] }) }).lean();
    expect(mails.filter((m) => m.kind !== 'verify-email').length).to.be.at.least(2);
  });

  it('dates out of range are refused: a check-in in the future, an incident before the start, an end in 2020', async () => {
    const c = await livingTogether();
    const wellbeing = { family: 4, host: 4, children: 4 };
    expect(
      codes((await post(worker, `/cohabitations/${c.id}/checkins`, { date: day(3), party: 'both', wellbeing, conflictLevel: 0 }).expect(422)).body),
    ).to.equal('DATE_OUT_OF_RANGE');
    expect(
      codes(
        (await post(worker, `/cohabitations/${c.id}/incidents`, { date: day(-60), kind: 'damage', severity: 'low', description: 'Vase.' }).expect(422)).body,
      ),
    ).to.equal('DATE_OUT_OF_RANGE');
    expect(codes((await post(worker, `/cohabitations/${c.id}/end`, { date: '2020-01-01', reason: 'planned_end' }).expect(422)).body)).to.equal(
      'DATE_OUT_OF_RANGE',
    );
    const doc = await CohabitationModel.findById(c.id).lean();
    expect(doc!.status).to.not.equal('ended');
    expect(doc!.checkins).to.have.length(0);
    expect(doc!.incidents).to.have.length(0);
  });

  it("a check-in with conflict level 3 and the family's wellbeing at 1 alerts the worker and the coordinators", async () => {
    const c = await livingTogether();
    // Alerts are enqueued once per record and recipient under an id derived from that key, so they do not
    // come last in the collection's order: the new mails are the ids that were not there before.
    const before = new Set((await OutboxModel.find({}, { _id: 1 }).lean()).map((m) => String(m._id)));
    await post(worker, `/cohabitations/${c.id}/checkins`, {
      date: day(-1),
      party: 'both',
      wellbeing: { family: 1, host: 3, children: 3 },
      conflictLevel: 3,
    }).expect(201);
    const alerts = (await OutboxModel.find({}).lean()).filter((m) => !before.has(String(m._id)));
    expect(alerts.map((m) => m.to)).to.include(coordinator.email);
    const list = await worker.agent.get('/api/v1/alerts').expect(200);
    expect(JSON.stringify(list.body)).to.contain(c.id);
  });

  it('a family with a 20-year-old daughter is eligible for a host who accepts adult children, with a room of her own', async () => {
    const year = new Date().getUTCFullYear();
    const family = await activeFamily({ children: [{ birthYear: year - 20, sex: 'f', custody: 'full' }] });
    const offer = await conformOffer({ children: { maxCount: 2, minAge: 0, maxAge: 25 } });
    const matches = await worker.agent.get(`/api/v1/families/${family.id}/matches?includeIneligible=true&limit=50`).expect(200);
    const pair = matches.body.items.find((i: { offerId: string }) => i.offerId === offer.id);
    expect(pair.blockers.map((b: { code: string }) => b.code)).to.not.include('CHILDREN');
    expect(pair.eligible).to.equal(true);
  });
  it('an inspection answering `na` everywhere is refused; no heating, no daylight and pests is not conform', async () => {
    const host = await as('host');
    const o = await post(host, '/offers', offerBody()).expect(201);
    await post(host, `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    const planned = await post(worker, `/offers/${o.body.id}/inspections`, { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }).expect(201);
    const checklist = (await worker.agent.get('/api/v1/conformity/checklist').expect(200)).body.items as { code: string }[];
    const report = (result: (code: string) => string) => ({
      performedAt: day(0),
      items: checklist.map(({ code }) => ({ code, result: result(code), note: result(code) === 'fail' ? 'Constaté.' : null })),
      rooms: [{ kind: 'bedroom', surfaceM2: 12, ceilingHeightM: 2.5 }],
      dwellingSurfaceM2: 140,
    });
    const allNa = await apiSend(
      worker,
      'put',
      `/inspections/${planned.body.id}/report`,
      report(() => 'na'),
    ).expect(422);
    expect(codes(allNa.body)).to.equal('REPORT_ITEM_NOT_APPLICABLE');
    expect(allNa.body.error.details.length).to.be.at.least(8);
    expect((await worker.agent.get(`/api/v1/offers/${o.body.id}`).expect(200)).body.status).to.equal('inspection');
    const bad = new Set(['S-HEAT', 'H-LIGHT', 'H-PESTS']);
    const res = await apiSend(
      worker,
      'put',
      `/inspections/${planned.body.id}/report`,
      report((code) => (bad.has(code) ? 'fail' : 'pass')),
    ).expect(200);
    expect(res.body.outcome).to.equal('non_conform');
  });
});
