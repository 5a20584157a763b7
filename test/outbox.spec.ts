// The persistent outbox against a real local SMTP peer (smtp-server on 127.0.0.1): delivery,
// retry with backoff while the peer is down, giving up, no transport, and the development page.
import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../src/kernel/db/embedded-engine.js';
import { createLogger } from '../src/kernel/logger.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { Outbox, type OutboxSettings } from '../src/kernel/mail/outbox.service.js';
import { createTransport } from '../src/kernel/mail/transport.js';
import { createUser, formLogin, useTestApp } from './helpers/test-app.js';

interface Received {
  raw: string;
  rcptTo: string[];
}

interface Peer {
  received: Received[];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1:port that keeps every message it receives. */
async function startPeer(port: number): Promise<Peer> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ raw: Buffer.concat(chunks).toString('utf8'), rcptTo: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function header(raw: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim();
}

const settings: OutboxSettings = { from: 'Cohabitation <no-reply@test.example>', retryBaseSeconds: 60, retryMaxSeconds: 3600, maxAttempts: 5 };
const mail = (subject: string) => ({ to: 'someone@test.example', subject, text: `Hello, ${subject}.`, kind: 'test', lang: 'en' as const });

describe('mail outbox with a real SMTP peer', function () {
  this.timeout(30_000);
  let port = 0;
  let peer: Peer | null = null;
  before(async () => {
    port = await freePort();
  });
  const ctx = useTestApp({}, (config) => new Outbox(settings, createTransport(`smtp://127.0.0.1:${port}`), createLogger(config)));

  beforeEach(async () => {
    await OutboxModel.deleteMany({});
  });
  afterEach(async () => {
    await peer?.close();
    peer = null;
  });

  it('delivers an enqueued message once and records it as sent', async () => {
    peer = await startPeer(port);
    const id = await ctx.app.outbox.enqueue(mail('Delivery test'));

    const result = await ctx.app.outbox.deliverDue();
    expect(result).to.deep.equal({ sent: 1, failed: 0 });
    expect(peer.received).to.have.length(1);
    const [message] = peer.received;
    expect(message!.rcptTo).to.deep.equal(['someone@test.example']);
    expect(header(message!.raw, 'To')).to.equal('someone@test.example');
    expect(header(message!.raw, 'Subject')).to.equal('Delivery test');
    expect(header(message!.raw, 'From')).to.include('no-reply@test.example');

    const doc = await OutboxModel.findById(id).lean();
    expect(doc).to.include({ status: 'sent', attempts: 1 });
    expect(doc!.sentAt).to.be.instanceOf(Date);
    expect(doc!.lastError).to.equal(null);
  });

  it('keeps the message while the peer is down, then delivers it exactly once', async () => {
    const id = await ctx.app.outbox.enqueue(mail('Retry test'));
    const now = new Date();

    expect(await ctx.app.outbox.deliverDue(now)).to.deep.equal({ sent: 0, failed: 1 });
    const waiting = await OutboxModel.findById(id).lean();
    expect(waiting).to.include({ status: 'pending', attempts: 1 });
    expect(waiting!.lastError).to.be.a('string').that.is.not.empty;
    expect(waiting!.nextAttemptAt.getTime()).to.equal(now.getTime() + settings.retryBaseSeconds * 1000);
    expect(waiting!.nextAttemptAt.getTime()).to.be.greaterThan(Date.now());

    // Not due yet: nothing is tried before nextAttemptAt.
    expect(await ctx.app.outbox.deliverDue(now)).to.deep.equal({ sent: 0, failed: 0 });

    peer = await startPeer(port);
    const later = new Date(waiting!.nextAttemptAt.getTime() + 1000);
    expect(await ctx.app.outbox.deliverDue(later)).to.deep.equal({ sent: 1, failed: 0 });
    expect(peer.received).to.have.length(1);
    expect(header(peer.received[0]!.raw, 'Subject')).to.equal('Retry test');
    const sent = await OutboxModel.findById(id).lean();
    expect(sent).to.include({ status: 'sent', attempts: 2, lastError: null });

    expect(await ctx.app.outbox.deliverDue(new Date(later.getTime() + 3600_000))).to.deep.equal({ sent: 0, failed: 0 });
    expect(peer.received).to.have.length(1);
  });

  it('gives up after maxAttempts', async () => {
    const deadPort = await freePort();
    const outbox = new Outbox({ ...settings, maxAttempts: 2 }, createTransport(`smtp://127.0.0.1:${deadPort}`), createLogger(ctx.config));
    const id = await outbox.enqueue(mail('Give up test'));
    const now = new Date();

    expect(await outbox.deliverDue(now)).to.deep.equal({ sent: 0, failed: 1 });
    expect(await OutboxModel.findById(id).lean()).to.include({ status: 'pending', attempts: 1 });

    const second = new Date(now.getTime() + 3600_000);
    expect(await outbox.deliverDue(second)).to.deep.equal({ sent: 0, failed: 1 });
    const doc = await OutboxModel.findById(id).lean();
    expect(doc).to.include({ status: 'failed', attempts: 2 });
    expect(doc!.lastError).to.be.a('string').that.is.not.empty;

    // A failed message is not tried again.
    expect(await outbox.deliverDue(new Date(second.getTime() + 86_400_000))).to.deep.equal({ sent: 0, failed: 0 });
    expect(await OutboxModel.findById(id).lean()).to.include({ status: 'failed', attempts: 2 });
  });

  it('keeps mail in the outbox when there is no transport (SMTP_URL unset)', async () => {
    const outbox = new Outbox(settings, null, createLogger(ctx.config));
    expect(outbox.canSend).to.equal(false);
    const id = await outbox.enqueue(mail('No transport test'));

    expect(await outbox.deliverDue(new Date(Date.now() + 86_400_000))).to.deep.equal({ sent: 0, failed: 0 });
    const doc = await OutboxModel.findById(id).lean();
    expect(doc).to.include({ status: 'pending', attempts: 0, sentAt: null });
  });

  it('lists enqueued messages on the development page /dev/outbox, for a signed-in coordinator only', async () => {
    await ctx.app.outbox.enqueue(mail('Development page test'));
    // Reset links are read there: nobody else may (issue #16, finding 6).
    const anonymous = await ctx.request().get('/dev/outbox');
    expect(anonymous.status).to.equal(303);
    expect(anonymous.text).not.to.include('Development page test');
    for (const role of ['parent', 'host', 'partner', 'worker'] as const) {
      const other = await createUser(role);
      const agent = ctx.request();
      await formLogin(agent, other.email);
      await agent.get('/dev/outbox').expect(403);
    }
    const coordinator = await createUser('coordinator');
    const agent = ctx.request();
    await formLogin(agent, coordinator.email);
    const res = await agent.get('/dev/outbox').expect(200);
    expect(res.headers['content-type']).to.match(/text\/html/);
    expect(res.text).to.include('Development page test');
    expect(res.text).to.include('someone@test.example');
  });

  // Claims are unique-key inserts: of two senders at once, one wins.
  it('delivers a message once when two senders run deliverDue at the same time', async () => {
    peer = await startPeer(port);
    const other = new Outbox(settings, createTransport(`smtp://127.0.0.1:${port}`), createLogger(ctx.config));
    for (let round = 0; round < 10; round++) {
      await OutboxModel.deleteMany({});
      peer.received.length = 0;
      await ctx.app.outbox.enqueue(mail(`Concurrent test ${round}`));
      const [a, b] = await Promise.all([ctx.app.outbox.deliverDue(), other.deliverDue()]);
      expect(peer.received, `round ${round}: messages received`).to.have.length(1);
      expect(a.sent + b.sent, `round ${round}: sent`).to.equal(1);
    }
  });
});
