// Safety alerts that survive a crash (SPEC §7, §11; safety-alerts.ts): an alarming check-in or a
// severe incident is stored marked `alertPending` in the same update, its mails are keyed by the
// record's id and the recipient, then the mark is cleared. A crash between the record and its mails
// (or half-way through them) is completed by the same check-in posted again or by the sweep, and
// every recipient is alerted exactly once, whoever sends it and however many send it at once.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { Outbox } from '../src/kernel/mail/outbox.service.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { CohabitationRepository } from '../src/modules/followup/cohabitation.repository.js';
import { apiSend, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { dayFromToday, livedCase, type LivedCase } from './helpers/lived-case.js';
import { bothArriveFirst } from './helpers/barrier.js';

/** The process dies after the record is stored and `sent` alert mails are enqueued (0: before any). */
async function crashAfterMails<T>(sent: number, run: () => Promise<T>): Promise<T> {
  const original = Outbox.prototype.enqueueOnce;
  let calls = 0;
  Outbox.prototype.enqueueOnce = async function (this: Outbox, ...args: Parameters<Outbox['enqueueOnce']>) {
    calls += 1;
    if (calls > sent) throw new Error('crash between the record and its alert');
    return original.apply(this, args);
  };
  try {
    return await run();
  } finally {
    Outbox.prototype.enqueueOnce = original;
  }
}

describe('safety alerts: an alarming check-in or a severe incident alerts each recipient once, whatever happens between the record and its mails', () => {
  const ctx = useTestApp();
  let lived: LivedCase;
  let coordinator: SignedIn;
  const followup = () => ctx.app.named.followup;
  const post = (list: 'checkins' | 'incidents', body: object) => apiSend(lived.worker, 'post', `/cohabitations/${lived.cohabitationId}/${list}`, body);
  const alarming = (id: string) => ({ checkinId: id, date: dayFromToday(-1), party: 'both', wellbeing: { family: 3, host: 3, children: 3 }, conflictLevel: 3 });
  const severe = { date: dayFromToday(-1), kind: 'violence', severity: 'high', description: 'SECRET-INCIDENT' };

  /** How many mails of this kind about this cohabitation each recipient has. */
  async function mailsPerRecipient(kind: 'checkin-alert' | 'incident-high'): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const m of await OutboxModel.find({ kind }).lean())
      if ((m.text ?? '').includes(`/work/cohabitations/${lived.cohabitationId}`)) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    return counts;
  }
  /** Each recipient's new mails since `before`: the worker and the coordinator are among them. */
  async function newMails(kind: 'checkin-alert' | 'incident-high', before: Map<string, number>): Promise<Record<string, number>> {
    const after = await mailsPerRecipient(kind);
    const added: Record<string, number> = {};
    for (const [to, n] of after) if (n !== (before.get(to) ?? 0)) added[to] = n - (before.get(to) ?? 0);
    return added;
  }
  const expectOnceEach = (added: Record<string, number>) => {
    expect(Object.keys(added)).to.include.members([lived.worker.email, coordinator.email]);
    expect(
      Object.values(added).every((n) => n === 1),
      JSON.stringify(added),
    ).to.equal(true);
  };
  const raw = async () => (await CohabitationModel.findById(lived.cohabitationId).lean())!;
  const storedCheckin = async (id: string) => (await raw()).checkins.find((k) => k.id === id);

  before(async () => {
    lived = await livedCase(ctx);
    coordinator = await signedInAs(ctx, 'coordinator');
  });

  for (const sent of [0, 1]) {
    it(`an alarming check-in, a crash after ${sent} of its mails, then the sweep: each recipient alerted once, the mark cleared`, async () => {
      const before = await mailsPerRecipient('checkin-alert');
      const id = new Types.ObjectId().toHexString();
      await crashAfterMails(sent, () => post('checkins', alarming(id)).expect(500));
      expect((await storedCheckin(id))?.alertPending).to.equal(true);
      expect(Object.keys(await newMails('checkin-alert', before))).to.have.length(sent);
      expect(await followup().cohabitations.sendPendingAlerts()).to.equal(1);
      expect(await followup().cohabitations.sendPendingAlerts()).to.equal(0);
      expectOnceEach(await newMails('checkin-alert', before));
      expect((await storedCheckin(id))?.alertPending).to.equal(false);
    });
  }

  it('the same check-in posted twice: alerted once; after a crash, the repeat post sends what was missing, once', async () => {
    const before = await mailsPerRecipient('checkin-alert');
    const id = new Types.ObjectId().toHexString();
    await post('checkins', alarming(id)).expect(201);
    await post('checkins', alarming(id)).expect(201);
    expectOnceEach(await newMails('checkin-alert', before));

    const again = await mailsPerRecipient('checkin-alert');
    const other = new Types.ObjectId().toHexString();
    await crashAfterMails(1, () => post('checkins', alarming(other)).expect(500));
    await post('checkins', alarming(other)).expect(201);
    expectOnceEach(await newMails('checkin-alert', again));
    expect((await storedCheckin(other))?.alertPending).to.equal(false);
    expect(await followup().cohabitations.sendPendingAlerts()).to.equal(0);
    expect((await raw()).checkins.filter((k) => k.id === other)).to.have.length(1);
  });

  it('the same check-in posted twice at the same instant (both read it absent first): stored once, alerted once', async () => {
    const before = await mailsPerRecipient('checkin-alert');
    const id = new Types.ObjectId().toHexString();
    const answers = await bothArriveFirst(CohabitationRepository.prototype, 'appendCheckinOnce', () =>
      Promise.all([post('checkins', alarming(id)), post('checkins', alarming(id))]),
    );
    expect(answers.map((r) => r.status)).to.deep.equal([201, 201]);
    expect((await raw()).checkins.filter((k) => k.id === id)).to.have.length(1);
    expectOnceEach(await newMails('checkin-alert', before));
  });

  it('two sweeps at once after a crash (both send before either clears the mark): each recipient alerted once', async () => {
    const before = await mailsPerRecipient('checkin-alert');
    const id = new Types.ObjectId().toHexString();
    await crashAfterMails(0, () => post('checkins', alarming(id)).expect(500));
    const counts = await bothArriveFirst(CohabitationRepository.prototype, 'settleAlert', () =>
      Promise.all([followup().cohabitations.sendPendingAlerts(), followup().cohabitations.sendPendingAlerts()]),
    );
    expect(counts).to.deep.equal([1, 1]);
    expectOnceEach(await newMails('checkin-alert', before));
    expect((await storedCheckin(id))?.alertPending).to.equal(false);
  });

  it('the sweep racing the repeat post after a crash (both read the mark first): each recipient alerted once', async () => {
    const before = await mailsPerRecipient('checkin-alert');
    const id = new Types.ObjectId().toHexString();
    await crashAfterMails(0, () => post('checkins', alarming(id)).expect(500));
    const [answer] = await bothArriveFirst(CohabitationRepository.prototype, 'settleAlert', () =>
      Promise.all([post('checkins', alarming(id)), followup().cohabitations.sendPendingAlerts()]),
    );
    expect(answer!.status).to.equal(201);
    expectOnceEach(await newMails('checkin-alert', before));
  });

  it('a severe incident, a crash before its mails, then the sweep: each recipient alerted once, nothing of the description in the mail', async () => {
    const before = await mailsPerRecipient('incident-high');
    const count = (await raw()).incidents.length;
    await crashAfterMails(0, () => post('incidents', severe).expect(500));
    const incidents = (await raw()).incidents;
    expect(incidents).to.have.length(count + 1);
    const stored = incidents[count]!;
    expect(stored.alertPending).to.equal(true);
    expect(stored.id).to.match(/^[0-9a-f]{24}$/);
    expect(await newMails('incident-high', before)).to.deep.equal({});
    expect(await followup().cohabitations.sendPendingAlerts()).to.equal(1);
    expect(await followup().cohabitations.sendPendingAlerts()).to.equal(0);
    expectOnceEach(await newMails('incident-high', before));
    expect((await raw()).incidents[count]!.alertPending).to.equal(false);
    expect(JSON.stringify(await OutboxModel.find({ kind: 'incident-high' }).lean())).to.not.contain('SECRET-INCIDENT');
  });

  it('a severe incident without a crash: alerted once at once, no mark left', async () => {
    const before = await mailsPerRecipient('incident-high');
    const count = (await raw()).incidents.length;
    await post('incidents', severe).expect(201);
    expectOnceEach(await newMails('incident-high', before));
    expect((await raw()).incidents[count]!.alertPending).to.equal(false);
    expect(await followup().cohabitations.sendPendingAlerts()).to.equal(0);
  });

  it('the same incident form posted twice, then twice at the same instant: one incident each time, alerted once', async () => {
    const before = await mailsPerRecipient('incident-high');
    const count = (await raw()).incidents.length;
    const incidentId = new Types.ObjectId().toHexString();
    await post('incidents', { ...severe, incidentId }).expect(201);
    await post('incidents', { ...severe, incidentId }).expect(201);
    expect((await raw()).incidents.filter((i) => i.id === incidentId)).to.have.length(1);
    expectOnceEach(await newMails('incident-high', before));

    const again = await mailsPerRecipient('incident-high');
    const other = new Types.ObjectId().toHexString();
    await bothArriveFirst(CohabitationRepository.prototype, 'appendIncidentOnce', () =>
      Promise.all([post('incidents', { ...severe, incidentId: other }).expect(201), post('incidents', { ...severe, incidentId: other }).expect(201)]),
    );
    expect((await raw()).incidents.filter((i) => i.id === other)).to.have.length(1);
    expect((await raw()).incidents).to.have.length(count + 2);
    expectOnceEach(await newMails('incident-high', again));
  });

  it('the incident form carries its own id, a new one for each new form', async () => {
    const page = await lived.worker.agent.get(`/work/cohabitations/${lived.cohabitationId}`).expect(200);
    const id = /name="incident\[incidentId\]" value="([0-9a-f]{24})"/.exec(page.text)?.[1];
    expect(id, 'the hidden incident id').to.match(/^[0-9a-f]{24}$/);
    const next = await lived.worker.agent.get(`/work/cohabitations/${lived.cohabitationId}`).expect(200);
    expect(/name="incident\[incidentId\]" value="([0-9a-f]{24})"/.exec(next.text)?.[1], 'a new form, a new id').to.not.equal(id);
  });

  it('a check-in that is not alarming, and an incident that is not severe: no alert and no mark', async () => {
    const checkins = await mailsPerRecipient('checkin-alert');
    const incidents = await mailsPerRecipient('incident-high');
    const id = new Types.ObjectId().toHexString();
    await post('checkins', { ...alarming(id), conflictLevel: 2, wellbeing: { family: 2, host: 2, children: 2 } }).expect(201);
    await post('incidents', { ...severe, kind: 'conflict', severity: 'medium' }).expect(201);
    expect((await storedCheckin(id))?.alertPending).to.equal(false);
    expect((await raw()).incidents.at(-1)!.alertPending).to.equal(false);
    expect(await followup().cohabitations.sendPendingAlerts()).to.equal(0);
    expect(await newMails('checkin-alert', checkins)).to.deep.equal({});
    expect(await newMails('incident-high', incidents)).to.deep.equal({});
  });

  it('one alert that keeps failing does not hold back the others in the sweep; its mark stays for the next', async () => {
    const before = await mailsPerRecipient('checkin-alert');
    const [first, second] = [new Types.ObjectId().toHexString(), new Types.ObjectId().toHexString()];
    await crashAfterMails(0, () => post('checkins', alarming(first)).expect(500));
    await crashAfterMails(0, () => post('checkins', alarming(second)).expect(500));
    // The first one's mails fail again (the outbox refuses its key); the second's go.
    const original = Outbox.prototype.enqueueOnce;
    Outbox.prototype.enqueueOnce = async function (this: Outbox, ...args: Parameters<Outbox['enqueueOnce']>) {
      if (args[0].includes(first)) throw new Error('still failing');
      return original.apply(this, args);
    };
    try {
      let failure: unknown = null;
      await followup()
        .cohabitations.sendPendingAlerts()
        .catch((error: unknown) => (failure = error));
      expect(String(failure)).to.contain('still failing');
    } finally {
      Outbox.prototype.enqueueOnce = original;
    }
    expect((await storedCheckin(first))?.alertPending).to.equal(true);
    expect((await storedCheckin(second))?.alertPending).to.equal(false);
    expect(await followup().cohabitations.sendPendingAlerts()).to.equal(1);
    const added = await newMails('checkin-alert', before);
    // Two check-ins, two mails each recipient: one of each.
    expect(Object.keys(added)).to.include.members([lived.worker.email, coordinator.email]);
    expect(
      Object.values(added).every((n) => n === 2),
      JSON.stringify(added),
    ).to.equal(true);
  });
});
