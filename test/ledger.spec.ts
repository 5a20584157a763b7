// The mutual-aid and cost-sharing ledger (issue 18, SPEC §7, §9, §11): contract shapes, every rule,
// simultaneous writes on one cohabitation, and the answers of the other household.
import { expect } from 'chai';
import { AuditModel } from '../src/kernel/audit/audit.model.js';
import { LedgerModel } from '../src/modules/followup/ledger.model.js';
import { LedgerRepository } from '../src/modules/followup/ledger.repository.js';
import { isoWeek } from '../src/modules/followup/ledger.rules.js';
import { dayFromToday as day, livedCase, type LivedCase } from './helpers/lived-case.js';
import { apiSend, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';

describe('ledger API', () => {
  const ctx = useTestApp();
  const post = (s: SignedIn, path: string, body?: object) => apiSend(s, 'post', path, body);
  const ledger = (c: LivedCase) => `/cohabitations/${c.cohabitationId}/ledger`;
  const service = (givenBy: 'family' | 'host', hours: number, date = day(0), code = 'babysitting') => ({ kind: 'service', code, hours, date, givenBy });
  const cost = (paidBy: 'family' | 'host', amount: number, split: { family: number; host: number }, date = day(-1)) => ({
    kind: 'cost',
    label: 'Facture de gaz',
    amount,
    date,
    paidBy,
    split,
  });

  it('records a service and a cost, the other household confirms, GET gives items, balances and months', async () => {
    const c = await livedCase(ctx);
    const s = await post(c.parent, ledger(c), service('family', 2.5, day(-2))).expect(201);
    expect(s.body).to.include({ kind: 'service', code: 'babysitting', hours: 2.5, givenBy: 'family', date: day(-2), status: 'pending', recordedBy: 'family' });
    expect(s.body.id).to.match(/^[0-9a-f]{24}$/);
    const k = await post(c.host, ledger(c), cost('host', 60.5, { family: 30.25, host: 30.25 })).expect(201);
    expect(k.body).to.deep.include({
      kind: 'cost',
      label: 'Facture de gaz',
      amount: 60.5,
      paidBy: 'host',
      split: { family: 30.25, host: 30.25 },
      status: 'pending',
    });

    const confirmed = await post(c.host, `${ledger(c)}/${s.body.id}/confirmation`, { confirmed: true }).expect(200);
    expect(confirmed.body).to.include({ status: 'confirmed' });
    expect(confirmed.body.decision).to.include({ confirmed: true, by: 'host' });
    await post(c.parent, `${ledger(c)}/${k.body.id}/confirmation`, { confirmed: true }).expect(200);

    const got = await c.parent.agent.get(`/api/v1${ledger(c)}`).expect(200);
    expect(got.body.items).to.have.length(2);
    expect(got.body.balances.confirmed).to.deep.equal({
      entries: 2,
      hoursGiven: { family: 2.5, host: 0 },
      costsPaid: { family: 0, host: 60.5 },
      owed: { by: 'family', to: 'host', amount: 30.25 },
    });
    expect(got.body.balances.pending.entries).to.equal(0);
    expect(got.body.months.map((m: { month: string }) => m.month)).to.include(day(-2).slice(0, 7));
    // The host's view is the same ledger.
    expect((await c.host.agent.get(`/api/v1${ledger(c)}`).expect(200)).body.items).to.have.length(2);
  });

  it('refuses what the rules forbid, naming the field and the rule', async () => {
    const c = await livedCase(ctx);
    const refuse = async (body: object, status: number, code: string, path?: string) => {
      const res = await post(c.parent, ledger(c), body).expect(status);
      expect(res.body.error.code).to.equal(code);
      if (path) expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(path);
      return res;
    };
    await refuse(service('family', 1, day(0), 'personal_care'), 422, 'SERVICES_OVER_LIMIT', '/code');
    await refuse({ ...service('family', 1), extra: 1 }, 422, 'VALIDATION_FAILED', '/extra');
    await refuse(service('family', 1, day(1)), 422, 'DATE_OUT_OF_RANGE', '/date');
    await refuse(service('family', 1, day(-13)), 422, 'DATE_OUT_OF_RANGE', '/date');
    await refuse(service('family', 1.1), 422, 'VALIDATION_FAILED', '/hours');
    await refuse(service('family', 0), 422, 'VALIDATION_FAILED', '/hours');
    await refuse(service('family', 11), 422, 'SERVICES_OVER_LIMIT', '/hours');
    await refuse(cost('family', 10.005, { family: 5, host: 5.005 }), 422, 'VALIDATION_FAILED', '/amount');
    await refuse(cost('family', 0, { family: 0, host: 0 }), 422, 'VALIDATION_FAILED', '/amount');
    await refuse(cost('family', 10, { family: 5, host: 4 }), 422, 'VALIDATION_FAILED', '/split');
    await refuse({ kind: 'gift' }, 422, 'VALIDATION_FAILED', '/kind');
    const fr = await refuse(service('family', 1, day(0), 'personal_care'), 422, 'SERVICES_OVER_LIMIT');
    expect(fr.body.error.details[0].message).to.match(/soins/i);
    // A household writes down only what it gave or paid.
    await post(c.parent, ledger(c), service('host', 1)).expect(403);
    await post(c.host, ledger(c), cost('family', 10, { family: 5, host: 5 })).expect(403);
    expect(await LedgerModel.countDocuments({ _id: c.cohabitationId, 'entries.0': { $exists: true } })).to.equal(0);
  });

  it('lets only the parties and staff in, and a party never confirms its own entry', async () => {
    const c = await livedCase(ctx);
    const s = await post(c.parent, ledger(c), service('family', 1)).expect(201);
    const stranger = await signedInAs(ctx, 'parent');
    const otherHost = await signedInAs(ctx, 'host');
    const partner = await signedInAs(ctx, 'partner');
    await stranger.agent.get(`/api/v1${ledger(c)}`).expect(404);
    await otherHost.agent.get(`/api/v1${ledger(c)}`).expect(404);
    await post(stranger, ledger(c), service('family', 1)).expect(404);
    await partner.agent.get(`/api/v1${ledger(c)}`).expect(403);
    await post(otherHost, `${ledger(c)}/${s.body.id}/confirmation`, { confirmed: true }).expect(404);
    await post(c.parent, `${ledger(c)}/${s.body.id}/confirmation`, { confirmed: true }).expect(403);
    await post(c.host, `${ledger(c)}/0123456789abcdef01234567/confirmation`, { confirmed: true }).expect(404);
    await post(c.host, `${ledger(c)}/${s.body.id}/confirmation`, { confirmed: 'yes' }).expect(422);
  });

  it('two households writing at the same instant: every entry is kept', async () => {
    const c = await livedCase(ctx);
    const results = await Promise.all([
      ...[1, 2, 3].map((d) => post(c.parent, ledger(c), service('family', 1, day(-d)))),
      ...[1, 2, 3].map((d) => post(c.host, ledger(c), cost('host', 10 * d, { family: 5 * d, host: 5 * d }, day(-d)))),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal([201, 201, 201, 201, 201, 201]);
    const got = await c.worker.agent.get(`/api/v1${ledger(c)}`).expect(200);
    expect(got.body.items).to.have.length(6);
  });

  it('two entries that together pass the weekly limit, sent at once: exactly one is kept', async () => {
    const c = await livedCase(ctx);
    const results = await Promise.all([
      post(c.parent, ledger(c), service('family', 6)),
      post(c.host, ledger(c), service('host', 6, day(0), 'repairs')),
      post(c.worker, ledger(c), service('family', 6, day(0), 'cooking')),
    ]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([201, 422, 422]);
    const refused = results.find((r) => r.status === 422)!;
    expect(refused.body.error.code).to.equal('SERVICES_OVER_LIMIT');
    expect(refused.body.error.details[0].path).to.equal('/hours');
    const stored = (await LedgerModel.findById(c.cohabitationId).lean())!;
    expect(stored.entries).to.have.length(1);
    expect((stored.weeks as Record<string, number>)[isoWeek(day(0)).key]).to.equal(360);
    // Up to the limit is fine: 4 more hours make 10.
    await post(c.host, ledger(c), service('host', 4, day(0), 'repairs')).expect(201);
    await post(c.host, ledger(c), service('host', 0.25, day(0), 'repairs')).expect(422);
  });

  it('a confirmation and a dispute at the same instant: one wins, the other gets 409', async () => {
    const c = await livedCase(ctx);
    const s = await post(c.parent, ledger(c), service('family', 2)).expect(201);
    const path = `${ledger(c)}/${s.body.id}/confirmation`;
    const [a, b] = await Promise.all([post(c.host, path, { confirmed: true }), post(c.worker, path, { confirmed: false, reason: 'Pas ce jour-là' })]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    const winner = a.status === 200 ? a : b;
    const got = await c.parent.agent.get(`/api/v1${ledger(c)}`).expect(200);
    expect(got.body.items[0].status).to.equal(winner.body.status);
    expect((await post(c.host, path, { confirmed: true })).status).to.equal(409);
  });

  it('staff settle a dispute: withdrawn gives the hours back to the week, a confirmed entry is final', async () => {
    const c = await livedCase(ctx);
    const s = await post(c.parent, ledger(c), service('family', 8)).expect(201);
    const path = `${ledger(c)}/${s.body.id}/confirmation`;
    const disputed = await post(c.host, path, { confirmed: false, reason: 'Seulement deux heures' }).expect(200);
    expect(disputed.body).to.deep.include({ status: 'disputed' });
    expect(disputed.body.decision).to.include({ confirmed: false, reason: 'Seulement deux heures', by: 'host' });
    await post(c.host, path, { confirmed: true }).expect(409); // a party does not re-decide
    await post(c.parent, ledger(c), service('family', 3)).expect(422); // 8 + 3 > 10
    const withdrawn = await post(c.worker, path, { confirmed: false }).expect(200);
    expect(withdrawn.body.status).to.equal('withdrawn');
    expect(withdrawn.body.settlement).to.include({ confirmed: false, by: 'staff' });
    await post(c.worker, path, { confirmed: true }).expect(409);
    const again = await post(c.worker, ledger(c), service('family', 3)).expect(201);
    expect(again.body.recordedBy).to.equal('staff');
    const got = await c.parent.agent.get(`/api/v1${ledger(c)}`).expect(200);
    expect(got.body.balances.confirmed.entries).to.equal(0);
    expect(got.body.balances.pending.hoursGiven.family).to.equal(3);
    expect(got.body.balances.disputed.entries).to.equal(0);
  });

  it('after an ending: entries dated up to the end only; a crash that left an empty ledger changes nothing', async () => {
    const c = await livedCase(ctx, { end: true });
    await post(c.parent, ledger(c), service('family', 1, day(0))).expect(422);
    await post(c.parent, ledger(c), service('family', 1, day(-1))).expect(201);
    const other = await livedCase(ctx);
    // The state a crash between creating the ledger and the first entry leaves.
    await LedgerModel.create({ _id: other.cohabitationId, familyId: other.familyId, entries: [], weeks: {} });
    expect((await other.parent.agent.get(`/api/v1${ledger(other)}`).expect(200)).body.items).to.deep.equal([]);
    await post(other.parent, ledger(other), service('family', 1)).expect(201);
  });

  it('an ending written between the date check and the append: the entry is withdrawn and refused, never acknowledged', async () => {
    const c = await livedCase(ctx);
    const original = LedgerRepository.prototype.ensure;
    LedgerRepository.prototype.ensure = async function (this: LedgerRepository, ...args: Parameters<typeof original>) {
      LedgerRepository.prototype.ensure = original;
      await post(c.worker, `/cohabitations/${c.cohabitationId}/end`, { date: day(-1), reason: 'family_left' }).expect(200);
      return original.apply(this, args);
    };
    try {
      const res = await post(c.parent, ledger(c), service('family', 2, day(0))).expect(422);
      expect(res.body.error.code).to.equal('DATE_OUT_OF_RANGE');
    } finally {
      LedgerRepository.prototype.ensure = original;
    }
    const stored = (await LedgerModel.findById(c.cohabitationId).lean())!;
    expect(stored.entries.map((e) => e.status)).to.deep.equal(['withdrawn']);
    expect(Object.values(stored.weeks ?? {}).reduce((a: number, b) => a + Number(b), 0)).to.equal(0);
    const items = (await c.parent.agent.get(`/api/v1${ledger(c)}`).expect(200)).body.items as { status: string }[];
    expect(items.filter((i) => i.status !== 'withdrawn')).to.deep.equal([]);
  });

  it('a staff read is a case read in the audit log; a party read is not', async () => {
    const c = await livedCase(ctx);
    await c.parent.agent.get(`/api/v1${ledger(c)}`).expect(200);
    expect(await AuditModel.countDocuments({ action: 'ledger.read', targetId: c.cohabitationId })).to.equal(0);
    await c.worker.agent.get(`/api/v1${ledger(c)}`).expect(200);
    expect(await AuditModel.countDocuments({ action: 'ledger.read', targetId: c.cohabitationId, actorId: c.worker.id })).to.equal(1);
  });

  it('ISO weeks run Monday to Sunday, the year of their Thursday', () => {
    expect(isoWeek('2026-12-07')).to.deep.equal({ key: '2026-W50', monday: '2026-12-07' });
    expect(isoWeek('2026-12-13').key).to.equal('2026-W50');
    expect(isoWeek('2026-12-14').key).to.equal('2026-W51');
    expect(isoWeek('2027-01-01')).to.deep.equal({ key: '2026-W53', monday: '2026-12-28' });
    expect(isoWeek('2025-12-29').key).to.equal('2026-W01');
  });
});
