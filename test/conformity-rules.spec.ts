// The inspection rules of SPEC §6.2 and §11 that the server holds: items that may never be "not
// applicable", severities by where a failure is, a requirement with its own date, the cap from the
// service's policy (not the law's rule set), the follow-up visit at the remarks deadline, measured
// rooms on the offer — on the API and on the report page.
import { expect } from 'chai';
import type supertest from 'supertest';
import { ruleSetFor } from '../src/kernel/rulesets.js';
import { POLICIES } from '../src/kernel/policy.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { evaluate } from '../src/modules/conformity/inspection.outcome.js';
import { InspectionModel } from '../src/modules/conformity/inspection.model.js';
import type { ReportInput } from '../src/modules/conformity/inspection.schemas.js';
import { apiLogin, createUser, formLogin, formToken, useTestApp } from './helpers/test-app.js';
import { offerBody } from './helpers/intake-fixtures.js';

const BRU = ruleSetFor(new Date('2026-06-01'));
const facts = { householdSize: 1, maxChildren: 3, monthlyRent: 350, monthlyCharges: 80 };

function items(overrides: Record<string, 'pass' | 'fail' | 'na'> = {}, scope: Record<string, 'family_rooms' | 'other_rooms'> = {}): ReportInput['items'] {
  return BRU.checklist.map((i) => ({
    code: i.code,
    result: overrides[i.code] ?? 'pass',
    note: overrides[i.code] === 'fail' ? 'Constaté' : null,
    ...(scope[i.code] ? { scope: scope[i.code] } : {}),
  }));
}
function report(list = items(), extra: Partial<ReportInput> = {}): ReportInput {
  return { performedAt: '2026-11-20', items: list, rooms: [{ kind: 'bedroom', surfaceM2: 12, ceilingHeightM: 2.5 }], dwellingSurfaceM2: 140, ...extra };
}
const at = new Date('2026-11-20T12:00:00Z');

describe('inspection rules (pure)', () => {
  it("heating, and ventilation or daylight in the family's rooms, are critical; elsewhere ventilation and daylight are remarks", () => {
    expect(evaluate(report(items({ 'S-HEAT': 'fail' })), BRU, facts, at).outcome).to.equal('non_conform');
    expect(evaluate(report(items({ 'S-HEAT': 'fail', 'H-LIGHT': 'fail', 'H-PESTS': 'fail' })), BRU, facts, at).outcome).to.equal('non_conform');
    expect(evaluate(report(items({ 'H-VENT': 'fail' })), BRU, facts, at).outcome).to.equal('non_conform');
    const elsewhere = evaluate(report(items({ 'H-VENT': 'fail', 'H-LIGHT': 'fail' }, { 'H-VENT': 'other_rooms', 'H-LIGHT': 'other_rooms' })), BRU, facts, at);
    expect(elsewhere.outcome).to.equal('conform_with_remarks');
    expect(elsewhere.failures.map((f) => f.severity)).to.deep.equal(['major', 'major']);
  });

  it('4+ smoke detectors not interconnected: a remark before 2028-01-01, a critical failure from then', () => {
    const smoke = { smokeDetectors: { count: 5, interconnected: false } };
    const before = evaluate(report(items(), smoke), BRU, facts, at);
    expect(before.outcome).to.equal('conform_with_remarks');
    expect(before.failures[0]).to.include({ code: 'S-SMOKE', severity: 'minor', requirement: 'interconnected' });
    expect(evaluate(report(items(), { ...smoke, performedAt: '2028-01-02' }), BRU, facts, new Date('2028-01-02T12:00:00Z')).outcome).to.equal('non_conform');
    expect(evaluate(report(items(), { smokeDetectors: { count: 3, interconnected: false } }), BRU, facts, at).outcome).to.equal('conform');
    expect(evaluate(report(items(), { smokeDetectors: { count: 5, interconnected: true } }), BRU, facts, at).outcome).to.equal('conform');
  });

  it("the cap comes from the service's policy, not from the rule set of Brussels law", () => {
    expect(BRU).to.not.have.property('contributionCapEur');
    expect(POLICIES[0]!.contributionCapEur).to.equal(450);
    expect(evaluate(report(), BRU, { ...facts, monthlyRent: 400, monthlyCharges: 60 }, at).outcome).to.equal('non_conform');
    expect(BRU.checklist.find((i) => i.code === 'C-CAP')!.source).to.equal('service');
    expect(BRU.checklist.find((i) => i.code === 'S-ELEC')!.source).to.equal('law');
  });
});

describe('inspection rules (API and pages)', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;
  const conformity = () => ctx.app.named.conformity;

  async function person(role: 'host' | 'worker', language: 'fr' | 'nl' | 'en' = 'en') {
    const user = await createUser(role, { language });
    const agent = ctx.request();
    const token = await apiLogin(agent, user.email);
    const call = (method: 'post' | 'put', path: string, body?: object): supertest.Test => agent[method](`/api/v1${path}`).set('X-CSRF-Token', token).send(body);
    return { agent, call, email: user.email };
  }

  async function plannedVisit() {
    const host = await person('host');
    const worker = await person('worker');
    const o = await host.call('post', '/offers', offerBody()).expect(201);
    await host.call('post', `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    const v = await worker.call('post', `/offers/${o.body.id}/inspections`, { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }).expect(201);
    return { host, worker, offerId: o.body.id as string, visitId: v.body.id as string };
  }
  const today = () => new Date().toISOString().slice(0, 10);

  it('REPORT_ITEM_NOT_APPLICABLE: "na" on smoke detectors, electricity, water… is refused, one detail per item, nothing written', async () => {
    const { worker, offerId, visitId } = await plannedVisit();
    const na = new Set(['S-SMOKE', 'S-ELEC', 'E-WATER', 'E-BELL']);
    const res = await worker
      .call('put', `/inspections/${visitId}/report`, { ...report(items(Object.fromEntries([...na].map((c) => [c, 'na'])))), performedAt: today() })
      .expect(422);
    expect(res.body.error.code).to.equal('REPORT_ITEM_NOT_APPLICABLE');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    const index = (code: string) => BRU.checklist.findIndex((i) => i.code === code);
    expect(paths).to.have.members(['S-SMOKE', 'S-ELEC', 'E-WATER'].map((c) => `/items/${index(c)}/result`));
    expect((await InspectionModel.findById(visitId).lean())!.status).to.equal('scheduled');
    expect((await intake().offers.load(offerId)).status).to.equal('inspection');
    const checklist = await worker.agent.get('/api/v1/conformity/checklist').expect(200);
    expect(checklist.body.items.find((i: { code: string }) => i.code === 'S-SMOKE')).to.include({ naAllowed: false, source: 'law' });
    expect(checklist.body.items.find((i: { code: string }) => i.code === 'C-CAP')).to.include({ source: 'service' });
  });

  it('remarks: a follow-up visit is planned at the deadline, measured rooms go on the offer; unresolved at the deadline → non conform', async () => {
    const { host, worker, offerId, visitId } = await plannedVisit();
    const res = await worker
      .call('put', `/inspections/${visitId}/report`, {
        ...report(items({ 'E-BELL': 'fail' })),
        performedAt: today(),
        rooms: [
          { kind: 'bedroom', surfaceM2: 9 },
          { kind: 'bedroom', surfaceM2: 8 },
        ],
        dwellingSurfaceM2: 95,
      })
      .expect(200);
    expect(res.body.outcome).to.equal('conform_with_remarks');
    const followUp = await InspectionModel.findOne({ offerId, status: 'scheduled' }).lean();
    expect(followUp?.followUpOf).to.equal(visitId);
    expect(new Date(followUp!.scheduledAt!).toISOString().slice(0, 10)).to.equal(new Date(res.body.remarksDeadline).toISOString().slice(0, 10));
    expect(await OutboxModel.countDocuments({ to: host.email, kind: 'inspection-scheduled' })).to.be.at.least(2);
    const offer = await intake().offers.load(offerId);
    expect(offer.status).to.equal('available');
    expect(offer.inspection?.measured?.dwellingSurfaceM2).to.equal(95);
    expect(offer.inspection?.measured?.rooms).to.have.length(2);
    // The deadline passes, no new report: the sweep takes the offer out of matching, once.
    const after = new Date(new Date(res.body.remarksDeadline).getTime() + 86_400_000);
    await conformity().inspections.checkExpiries(after);
    await conformity().inspections.checkExpiries(after);
    const late = await intake().offers.load(offerId);
    expect(late.status).to.equal('non_conform');
    expect(late.events.filter((e) => e.reason === 'remarks_unresolved')).to.have.length(1);
  });

  for (const lang of ['fr', 'nl', 'en'] as const) {
    it(`the report page shows a refused "not applicable" as an error summary, answers kept (${lang})`, async () => {
      const { visitId } = await plannedVisit();
      const user = await createUser('worker', { language: lang });
      const agent = ctx.request();
      await formLogin(agent, user.email);
      const path = `/work/inspections/${visitId}/report`;
      const form = await agent.get(path).expect(200);
      // The page offers no "not applicable" for smoke detectors; a crafted answer is refused anyway.
      const smoke = BRU.checklist.findIndex((i) => i.code === 'S-SMOKE');
      expect(form.text).to.not.contain(`id="items-${smoke}-result-na"`);
      const fields: Record<string, string> = {
        _csrf: formToken(form.text),
        performedAt: today(),
        dwellingSurfaceM2: '140',
        'rooms[0][kind]': 'bedroom',
        'rooms[0][surfaceM2]': '12',
        action: 'submit',
      };
      BRU.checklist.forEach((rule, i) => {
        fields[`items[${i}][code]`] = rule.code;
        fields[`items[${i}][result]`] = rule.computed ? 'na' : rule.code === 'S-SMOKE' ? 'na' : 'pass';
        fields[`items[${i}][note]`] = rule.code === 'S-ELEC' ? 'Certificat de 2024' : '';
      });
      await agent.post(path).type('form').send(new URLSearchParams(fields).toString()).expect(303);
      const back = await agent.get(path).expect(200);
      const expected = { fr: 'n&#39;est pas possible', nl: 'is niet mogelijk', en: 'is not possible' }[lang];
      expect(back.text).to.contain('class="error-summary"').and.contain(`href="#items-${smoke}-result"`).and.contain(expected);
      expect(back.text).to.contain('Certificat de 2024');
      expect((await InspectionModel.findById(visitId).lean())!.status).to.equal('scheduled');
    });
  }
});
