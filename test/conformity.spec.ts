// Conformity (SPEC §6): outcome rules, computed A-SPACE and C-CAP, rule sets by date, the API,
// bad input, expiry.
import { expect } from 'chai';
import type supertest from 'supertest';
import { ruleSetFor, RULE_SETS, type RuleSet } from '../src/kernel/rulesets.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { OfferModel } from '../src/modules/intake/offer.model.js';
import { evaluate, reportProblems } from '../src/modules/conformity/inspection.outcome.js';
import { ConformityClaimModel, InspectionModel } from '../src/modules/conformity/inspection.model.js';
import type { ReportInput } from '../src/modules/conformity/inspection.schemas.js';
import { apiLogin, createUser, useTestApp } from './helpers/test-app.js';
import { offerBody } from './helpers/intake-fixtures.js';

const BRU = ruleSetFor(new Date('2026-06-01'));

function allPass(overrides: Record<string, 'pass' | 'fail' | 'na'> = {}): ReportInput['items'] {
  return BRU.checklist.map((i) => ({
    code: i.code,
    result: overrides[i.code] ?? 'pass',
    note: overrides[i.code] === 'fail' ? `problem with ${i.code}` : null,
  }));
}

function report(items = allPass(), dwellingSurfaceM2 = 140): ReportInput {
  return { performedAt: '2026-11-20', items, rooms: [{ kind: 'bedroom', surfaceM2: 12, ceilingHeightM: 2.5 }], dwellingSurfaceM2 };
}

// Host of one person, up to 3 children accepted: 1 + 1 + 3 = 5 occupants → 18 + 4×10 = 58 m².
const facts = { householdSize: 1, maxChildren: 3, monthlyRent: 350, monthlyCharges: 80 };
const at = new Date('2026-11-20T12:00:00Z');

describe('inspection outcome (pure)', () => {
  it('no failure → conform, valid 24 months', () => {
    const r = evaluate(report(), BRU, facts, at);
    expect(r.outcome).to.equal('conform');
    expect(r.validUntil?.toISOString().slice(0, 10)).to.equal('2028-11-20');
    expect(r.remarksDeadline).to.equal(null);
  });
  it('only major or minor failures → conform with remarks and a 90-day deadline', () => {
    const r = evaluate(report(allPass({ 'H-PESTS': 'fail', 'E-BELL': 'fail' })), BRU, facts, at);
    expect(r.outcome).to.equal('conform_with_remarks');
    expect(r.failures.map((f) => f.code)).to.have.members(['H-PESTS', 'E-BELL']);
    expect(r.remarksDeadline?.toISOString().slice(0, 10)).to.equal('2027-02-18');
    expect(r.validUntil).to.not.equal(null);
  });
  it('any critical failure → non conform, no validity', () => {
    const r = evaluate(report(allPass({ 'H-DAMP': 'fail', 'E-BELL': 'fail' })), BRU, facts, at);
    expect(r.outcome).to.equal('non_conform');
    expect(r.validUntil).to.equal(null);
  });
  it('A-SPACE is computed from the measured surface and overrides a reported pass', () => {
    const tooSmall = evaluate(report(allPass(), 57), BRU, facts, at);
    expect(tooSmall.space).to.deep.equal({ occupants: 5, requiredM2: 58, dwellingSurfaceM2: 57 });
    const item = tooSmall.items.find((i) => i.code === 'A-SPACE')!;
    expect(item).to.include({ result: 'fail', reported: 'pass', computed: true });
    expect(tooSmall.outcome).to.equal('non_conform');
    expect(evaluate(report(allPass({ 'A-SPACE': 'fail' }), 58), BRU, facts, at).items.find((i) => i.code === 'A-SPACE')!.result).to.equal('pass');
  });
  it('C-CAP: a contribution above the cap can never be conform', () => {
    const r = evaluate(report(), BRU, { ...facts, monthlyRent: 400, monthlyCharges: 60 }, at);
    expect(r.cap).to.deep.equal({ contributionEur: 460, capEur: 450 });
    expect(r.outcome).to.equal('non_conform');
    expect(evaluate(report(), BRU, { ...facts, monthlyRent: 370, monthlyCharges: 80 }, at).outcome).to.equal('conform');
  });
  it('report problems: unknown, repeated, missing codes; a failure without a note', () => {
    const items = allPass().filter((i) => i.code !== 'S-GAS' && i.code !== 'E-BELL');
    items.push({ code: 'X-FAKE', result: 'pass', note: null }, { code: 'S-ELEC', result: 'pass', note: null });
    items[1] = { code: items[1]!.code, result: 'fail', note: '' };
    const problems = reportProblems({ ...report(), items }, BRU);
    const byKey = problems.map((p) => `${p.messageKey}:${p.params?.code}`);
    expect(byKey).to.include.members([
      'conformity.report.missingCode:S-GAS',
      'conformity.report.missingCode:E-BELL',
      'conformity.report.unknownCode:X-FAKE',
      'conformity.report.repeatedCode:S-ELEC',
      `conformity.report.noteRequired:${items[1]!.code}`,
    ]);
  });
  it('the rule set is chosen by date; a new norm is a new dated rule set', () => {
    const next: RuleSet = { ...BRU, id: 'BRU-2030', effectiveFrom: '2030-01-01', validityMonths: 12 };
    const sets = [...RULE_SETS, next];
    expect(ruleSetFor(new Date('2029-12-31'), sets).id).to.equal('BRU-2026');
    expect(ruleSetFor(new Date('2030-01-01'), sets).id).to.equal('BRU-2030');
    expect(evaluate(report(), next, { ...facts, monthlyRent: 370, monthlyCharges: 60 }, at).outcome).to.equal('conform');
  });
});

describe('conformity API', () => {
  const ctx = useTestApp();
  const as = async (role: 'host' | 'worker' | 'parent', language: 'fr' | 'nl' | 'en' = 'fr') => {
    const user = await createUser(role, { language });
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id, email: user.email };
  };
  type S = Awaited<ReturnType<typeof as>>;
  const call = (s: S, method: 'post' | 'put', path: string, body?: object): supertest.Test =>
    s.agent[method](`/api/v1${path}`).set('X-CSRF-Token', s.token).send(body);

  async function submittedOffer(host: S, overrides = {}) {
    const offer = await call(host, 'post', '/offers', offerBody(overrides)).expect(201);
    await call(host, 'post', `/offers/${offer.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    return offer.body.id as string;
  }
  const soon = () => new Date(Date.now() + 3 * 86_400_000).toISOString();
  const today = () => new Date().toISOString().slice(0, 10);

  it("GET /conformity/checklist: the rule set with every code, in the reader's language", async () => {
    const host = await as('host', 'nl');
    const res = await host.agent.get('/api/v1/conformity/checklist').expect(200);
    expect(res.body.ruleSet).to.equal('BRU-2026');
    expect(res.body.items).to.have.length(22);
    expect(res.body.items.find((i: { code: string }) => i.code === 'S-SMOKE')).to.include({ category: 'safety', severity: 'critical' });
    expect(res.body.items.find((i: { code: string }) => i.code === 'E-BELL').label).to.contain('brievenbus');
    await ctx.request().get('/api/v1/conformity/checklist').expect(401);
  });

  it('schedule → offer in inspection, host told; report conform → available, host sees the result', async () => {
    const host = await as('host');
    const worker = await as('worker');
    const offerId = await submittedOffer(host);
    const planned = await call(worker, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() }).expect(201);
    expect(planned.body.status).to.equal('scheduled');
    expect((await host.agent.get(`/api/v1/offers/${offerId}`).expect(200)).body.status).to.equal('inspection');
    expect(await OutboxModel.countDocuments({ kind: 'inspection-scheduled' })).to.be.greaterThan(0);
    await call(worker, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() }).expect(409);

    await call(host, 'put', `/inspections/${planned.body.id}/report`, { ...report(), performedAt: today() }).expect(403);
    const res = await call(worker, 'put', `/inspections/${planned.body.id}/report`, { ...report(), performedAt: today() }).expect(200);
    expect(res.body).to.include({ outcome: 'conform', ruleSet: 'BRU-2026' });
    expect(res.body.failures).to.deep.equal([]);
    expect(res.body.validUntil).to.be.a('string');
    const offer = await host.agent.get(`/api/v1/offers/${offerId}`).expect(200);
    expect(offer.body.status).to.equal('available');
    expect(offer.body.inspection.outcome).to.equal('conform');
    const seen = await host.agent.get(`/api/v1/inspections/${planned.body.id}`).expect(200);
    expect(seen.body.outcome).to.equal('conform');
    // Reported once; a second report is a conflict.
    await call(worker, 'put', `/inspections/${planned.body.id}/report`, { ...report(), performedAt: today() }).expect(409);
  });

  it('two workers reporting one visit at once, or planning two visits of one offer at once: one wins, the other 409', async () => {
    const host = await as('host');
    const [w1, w2] = [await as('worker'), await as('worker')];
    const offerId = await submittedOffer(host);
    const plans = await Promise.all([w1, w2].map((w) => call(w, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() })));
    expect(plans.map((p) => p.status).sort()).to.deep.equal([201, 409]);
    const id = plans.find((p) => p.status === 201)!.body.id as string;
    const reports = await Promise.all([w1, w2].map((w) => call(w, 'put', `/inspections/${id}/report`, { ...report(), performedAt: today() })));
    expect(reports.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    const offer = (await w1.agent.get(`/api/v1/offers/${offerId}`).expect(200)).body;
    expect(offer.status).to.equal('available');
    expect(offer.events.filter((e: { type: string }) => e.type === 'inspection')).to.have.length(1);
  });

  it('a crash between two steps is completed: a report not yet on the offer, a visit with the offer not moved, a planning lock without a visit', async () => {
    const host = await as('host');
    const worker = await as('worker');
    const conformity = () => ctx.app.named.conformity;
    // Reported, the process gone before the offer got the outcome.
    const offerId = await submittedOffer(host);
    const planned = await call(worker, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() }).expect(201);
    await InspectionModel.updateOne(
      { _id: planned.body.id },
      {
        $set: {
          status: 'reported',
          outcome: 'conform',
          ruleSet: 'BRU-2026',
          performedAt: new Date(),
          validUntil: new Date(Date.now() + 700 * 86_400_000),
          remarksDeadline: null,
        },
      },
    );
    await conformity().inspections.completeReports(new Date(Date.now() + 120_000));
    const offer = (await worker.agent.get(`/api/v1/offers/${offerId}`).expect(200)).body;
    expect(offer.status).to.equal('available');
    expect(offer.inspection.inspectionId).to.equal(planned.body.id);
    // The lock the report did not release: gone, the offer can be planned again.
    await call(worker, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() }).expect(201);

    // Planned, the offer not yet moved to "inspection".
    const second = await submittedOffer(host);
    await call(worker, 'post', `/offers/${second}/inspections`, { scheduledAt: soon() }).expect(201);
    await OfferModel.updateOne({ _id: second }, { $set: { status: 'submitted' } });
    await conformity().inspections.completeReports();
    expect((await worker.agent.get(`/api/v1/offers/${second}`).expect(200)).body.status).to.equal('inspection');

    // A planning lock taken, the visit never written.
    const third = await submittedOffer(host);
    await ConformityClaimModel.create({ _id: `open:${third}`, at: new Date(Date.now() - 120_000) });
    await call(worker, 'post', `/offers/${third}/inspections`, { scheduledAt: soon() }).expect(409);
    await conformity().inspections.completeReports();
    await call(worker, 'post', `/offers/${third}/inspections`, { scheduledAt: soon() }).expect(201);
  });

  it('critical failure → non_conform with the items to fix; re-inspection → available', async () => {
    const host = await as('host');
    const worker = await as('worker');
    const offerId = await submittedOffer(host);
    const first = await call(worker, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() }).expect(201);
    const res = await call(worker, 'put', `/inspections/${first.body.id}/report`, { ...report(allPass({ 'H-DAMP': 'fail' })), performedAt: today() }).expect(
      200,
    );
    expect(res.body.outcome).to.equal('non_conform');
    expect(res.body.failures[0]).to.include({ code: 'H-DAMP', severity: 'critical' });
    expect(res.body.failures[0].fix).to.be.a('string');
    expect((await host.agent.get(`/api/v1/offers/${offerId}`).expect(200)).body.status).to.equal('non_conform');
    const mail = await OutboxModel.findOne({ kind: 'inspection-outcome.non_conform' }).sort({ createdAt: -1 }).lean();
    expect(mail?.text).to.contain('humidit');

    const second = await call(worker, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() }).expect(201);
    await call(worker, 'put', `/inspections/${second.body.id}/report`, { ...report(allPass({ 'E-BELL': 'fail' })), performedAt: today() }).expect(200);
    const offer = await host.agent.get(`/api/v1/offers/${offerId}`).expect(200);
    expect(offer.body.status).to.equal('available');
    expect(offer.body.inspection.outcome).to.equal('conform_with_remarks');
    expect(offer.body.inspection.remarksDeadline).to.be.a('string');
  });

  it('a contribution above the cap is refused even when everything is reported as pass', async () => {
    const host = await as('host');
    const worker = await as('worker');
    const offerId = await submittedOffer(host, { contribution: { monthlyRent: 420, monthlyCharges: 90, servicesWanted: [] } });
    const planned = await call(worker, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() }).expect(201);
    const res = await call(worker, 'put', `/inspections/${planned.body.id}/report`, { ...report(), performedAt: today() }).expect(200);
    expect(res.body.outcome).to.equal('non_conform');
    expect(res.body.failures.map((f: { code: string }) => f.code)).to.deep.equal(['C-CAP']);
  });

  it('bad reports: 422 naming each missing or unknown code and out-of-range measurements; cancelled → 409; parent → 403', async () => {
    const host = await as('host');
    const worker = await as('worker');
    const parent = await as('parent');
    const offerId = await submittedOffer(host);
    const planned = await call(worker, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() }).expect(201);
    const missing = await call(worker, 'put', `/inspections/${planned.body.id}/report`, { ...report(allPass().slice(2)), performedAt: today() }).expect(422);
    expect(missing.body.error.details.map((d: { message: string }) => d.message).join(' '))
      .to.contain('S-ELEC')
      .and.contain('S-GAS');
    const unknown = await call(worker, 'put', `/inspections/${planned.body.id}/report`, {
      ...report([...allPass(), { code: 'Z-NOPE', result: 'pass' }]),
      performedAt: today(),
    }).expect(422);
    expect(unknown.body.error.details[0].path).to.equal('/items/22/code');
    const ranges = await call(worker, 'put', `/inspections/${planned.body.id}/report`, {
      ...report(),
      performedAt: today(),
      dwellingSurfaceM2: 0,
      rooms: [{ kind: 'bedroom', surfaceM2: 1200, ceilingHeightM: 7 }],
    }).expect(422);
    expect(ranges.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
      '/dwellingSurfaceM2',
      '/rooms/0/surfaceM2',
      '/rooms/0/ceilingHeightM',
    ]);
    const future = await call(worker, 'put', `/inspections/${planned.body.id}/report`, { ...report(), performedAt: '2099-01-01' }).expect(422);
    expect(future.body.error.details[0].path).to.equal('/performedAt');
    await call(parent, 'put', `/inspections/${planned.body.id}/report`, report()).expect(403);
    await call(worker, 'post', `/inspections/${planned.body.id}/cancel`, {}).expect(422);
    await call(worker, 'post', `/inspections/${planned.body.id}/cancel`, { reason: 'Host ill' }).expect(200);
    expect((await host.agent.get(`/api/v1/offers/${offerId}`).expect(200)).body.status).to.equal('submitted');
    await call(worker, 'put', `/inspections/${planned.body.id}/report`, { ...report(), performedAt: today() }).expect(409);
  });

  it('expiry: host and worker told 30 days before (once); an expired available offer leaves matching', async () => {
    const host = await as('host');
    const worker = await as('worker');
    const offerId = await submittedOffer(host);
    const planned = await call(worker, 'post', `/offers/${offerId}/inspections`, { scheduledAt: soon() }).expect(201);
    await call(worker, 'put', `/inspections/${planned.body.id}/report`, { ...report(), performedAt: today() }).expect(200);
    const conformity = ctx.app.named.conformity;
    const validUntil = (await OfferModel.findById(offerId).lean())!.inspection!.validUntil!;
    const before = await OutboxModel.countDocuments({ kind: 'inspection-expiry', to: host.email });
    const in20days = new Date(validUntil.getTime() - 20 * 86_400_000);
    expect((await conformity.inspections.checkExpiries(in20days)).notices).to.be.greaterThan(0);
    await conformity.inspections.checkExpiries(in20days);
    expect(await OutboxModel.countDocuments({ kind: 'inspection-expiry', to: host.email })).to.equal(before + 1);
    await conformity.inspections.checkExpiries(new Date(validUntil.getTime() + 86_400_000));
    const offer = await OfferModel.findById(offerId).lean();
    expect(offer?.status).to.equal('non_conform');
    expect(offer?.statusReason).to.equal('inspection_expired');
  });
});
