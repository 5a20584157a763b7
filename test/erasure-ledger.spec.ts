// Erasure (issue 18): erasing a parent or a host also clears the free text of the ledgers of their
// cohabitations (cost labels, the reasons of disputes and settlements), checked on the stored
// document; hours, amounts, statuses and balances stay; running it again changes nothing.
import { expect } from 'chai';
import { LedgerModel } from '../src/modules/followup/ledger.model.js';
import { apiSend, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { dayFromToday, livedCase, type LivedCase } from './helpers/lived-case.js';

describe('erasure clears the ledger’s free text of the person’s cohabitations', () => {
  const ctx = useTestApp();
  let coordinator: SignedIn;

  /** A lived case with a ledger full of canary words, then ended. */
  async function withLedger(): Promise<LivedCase> {
    const c = await livedCase(ctx);
    const ledger = (s: SignedIn, body: object) => apiSend(s, 'post', `/cohabitations/${c.cohabitationId}/ledger`, body).expect(201);
    const cost = await ledger(c.host, {
      kind: 'cost',
      label: 'CANARY-LABEL-gas bill',
      amount: 60,
      date: dayFromToday(-5),
      paidBy: 'host',
      split: { family: 30, host: 30 },
    });
    const service = await ledger(c.parent, { kind: 'service', code: 'babysitting', hours: 2, date: dayFromToday(-4), givenBy: 'family' });
    const other = await ledger(c.parent, { kind: 'service', code: 'cooking', hours: 1, date: dayFromToday(-3), givenBy: 'family' });
    const answer = (s: SignedIn, entryId: string, body: object) =>
      apiSend(s, 'post', `/cohabitations/${c.cohabitationId}/ledger/${entryId}/confirmation`, body).expect(200);
    await answer(c.parent, cost.body.id, { confirmed: true, reason: 'CANARY-REASON-ok for me' });
    await answer(c.host, service.body.id, { confirmed: false, reason: 'CANARY-REASON-we did it together' });
    await answer(c.worker, service.body.id, { confirmed: true, reason: 'CANARY-REASON-settled at the check-in' });
    await answer(c.host, other.body.id, { confirmed: true });
    await apiSend(c.worker, 'post', `/cohabitations/${c.cohabitationId}/end`, {
      date: dayFromToday(-1),
      reason: 'family_found_housing',
      exitNote: 'ok',
    }).expect(200);
    return c;
  }
  const stored = async (id: string) => (await LedgerModel.findById(id).lean())!;

  before(async () => {
    coordinator = await signedInAs(ctx, 'coordinator');
  });

  it('erasing the parent: no label or reason left in the stored ledger; amounts, hours, statuses and balances kept; a second erasure changes nothing', async () => {
    const c = await withLedger();
    const before = await stored(c.cohabitationId);
    expect(JSON.stringify(before)).to.contain('CANARY-LABEL').and.contain('CANARY-REASON');
    const balances = (await c.worker.agent.get(`/api/v1/cohabitations/${c.cohabitationId}/ledger`).expect(200)).body.balances;
    await apiSend(coordinator, 'post', `/users/${c.parent.id}/erase`, { reason: 'request of the person' }).expect(200);
    const after = await stored(c.cohabitationId);
    expect(JSON.stringify(after)).to.not.contain('CANARY');
    expect(after.entries.map((e) => [e.kind, e.status, e.minutes ?? e.amountCents])).to.deep.equal(
      before.entries.map((e) => [e.kind, e.status, e.minutes ?? e.amountCents]),
    );
    expect(after.entries.every((e) => e.label == null && (e.decision?.reason ?? null) === null && (e.settlement?.reason ?? null) === null)).to.equal(true);
    expect(after.weeks).to.deep.equal(before.weeks);
    const read = await c.worker.agent.get(`/api/v1/cohabitations/${c.cohabitationId}/ledger`).expect(200);
    expect(read.body.balances).to.deep.equal(balances);
    const page = await c.worker.agent.get(`/work/cohabitations/${c.cohabitationId}/ledger`).expect(200);
    expect(page.text).to.not.contain('CANARY');
    await apiSend(coordinator, 'post', `/users/${c.parent.id}/erase`, { reason: 'again' });
    expect(await stored(c.cohabitationId)).to.deep.equal(after);
  });

  it('erasing the host likewise clears the ledgers of the host’s cohabitations', async () => {
    const c = await withLedger();
    await apiSend(coordinator, 'post', `/users/${c.host.id}/erase`, { reason: 'request of the person' }).expect(200);
    expect(JSON.stringify(await stored(c.cohabitationId))).to.not.contain('CANARY');
  });
});
