// Text messages through the outbox to a real local HTTP gateway (127.0.0.1): delivered once with the
// outbox id as idempotency key, retried while the gateway fails, kept in the outbox without a
// provider, never delivered twice by two senders, and the same key again after a crash between the
// gateway's answer and the "sent" mark. Belgian mobile numbers normalised; landlines refused.
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import { freePort } from '../src/kernel/db/embedded-engine.js';
import { createLogger } from '../src/kernel/logger.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { Outbox, type OutboxSettings } from '../src/kernel/mail/outbox.service.js';
import { belgianMobile, createSmsProvider } from '../src/kernel/mail/sms-provider.js';
import { loadConfig } from '../src/kernel/config.js';
import { useTestApp } from './helpers/test-app.js';

interface Gateway {
  received: { to: string; text: string; reference: string; key: string | undefined; auth: string | undefined }[];
  /** The next `n` requests answer 503. */
  failNext(n: number): void;
  /** Answers after a random delay of up to `ms`. */
  jitter(ms: number): void;
  close(): Promise<void>;
}

async function startGateway(port: number): Promise<Gateway> {
  const received: Gateway['received'] = [];
  let failures = 0;
  let jitterMs = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        res.writeHead(503).end('busy');
        return;
      }
      const parsed = JSON.parse(body) as { to: string; text: string; reference: string };
      received.push({ ...parsed, key: req.headers['idempotency-key'] as string | undefined, auth: req.headers.authorization });
      const id = `gw-${received.length}`;
      setTimeout(() => res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id })), Math.random() * jitterMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    received,
    failNext: (n) => (failures = n),
    jitter: (ms) => (jitterMs = ms),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const settings: OutboxSettings = { from: 'Cohabitation <no-reply@test.example>', retryBaseSeconds: 60, retryMaxSeconds: 3600, maxAttempts: 3 };
const sms = (text: string) => ({ to: '+32470123456', text, kind: 'test-sms' });

describe('SMS outbox with a local gateway', function () {
  this.timeout(30_000);
  let port = 0;
  let gateway: Gateway;
  before(async () => {
    port = await freePort();
    gateway = await startGateway(port);
  });
  after(() => gateway.close());
  const url = () => `http://secret-token@127.0.0.1:${port}/v1/messages`;
  const ctx = useTestApp({}, (config) => new Outbox(settings, null, createLogger(config), createSmsProvider(url())));
  beforeEach(async () => {
    gateway.received.length = 0;
    await OutboxModel.deleteMany({});
  });

  it('delivers once, with the bearer token and the outbox id as idempotency key and reference', async () => {
    const id = await ctx.app.outbox.enqueueSms(sms('Rappel : inscription à la commune avant le 29 décembre.'));
    expect(await ctx.app.outbox.deliverDue()).to.deep.equal({ sent: 1, failed: 0 });
    expect(await ctx.app.outbox.deliverDue()).to.deep.equal({ sent: 0, failed: 0 });
    expect(gateway.received).to.have.length(1);
    expect(gateway.received[0]).to.deep.include({ to: '+32470123456', key: id, reference: id, auth: 'Bearer secret-token' });
    const stored = await OutboxModel.findById(id).lean();
    expect(stored).to.deep.include({ channel: 'sms', status: 'sent', messageId: 'gw-1', attempts: 1 });
  });

  it('retries with backoff while the gateway fails, then delivers; gives up after maxAttempts', async () => {
    gateway.failNext(1);
    const id = await ctx.app.outbox.enqueueSms(sms('one'));
    const t0 = new Date();
    expect(await ctx.app.outbox.deliverDue(t0)).to.deep.equal({ sent: 0, failed: 1 });
    const waiting = await OutboxModel.findById(id).lean();
    expect(waiting!.status).to.equal('pending');
    expect(waiting!.lastError).to.match(/503/);
    expect(await ctx.app.outbox.deliverDue(t0)).to.deep.equal({ sent: 0, failed: 0 }); // not due yet
    expect(await ctx.app.outbox.deliverDue(new Date(t0.getTime() + 61_000))).to.deep.equal({ sent: 1, failed: 0 });
    expect(gateway.received.map((r) => r.key)).to.deep.equal([id]);

    gateway.failNext(3);
    const lost = await ctx.app.outbox.enqueueSms(sms('two'));
    for (const minutes of [0, 2, 5]) await ctx.app.outbox.deliverDue(new Date(t0.getTime() + minutes * 60_000 + 120_000));
    expect((await OutboxModel.findById(lost).lean())!.status).to.equal('failed');
  });

  it('two senders at once deliver each message exactly once (40 rounds, the gateway answering at random speeds)', async () => {
    // Found with this test: claims keyed by the values a query returned let two senders send one message.
    gateway.jitter(20);
    const other = new Outbox(settings, null, createLogger(ctx.config), createSmsProvider(url()));
    for (let round = 0; round < 40; round++) {
      gateway.received.length = 0;
      const ids = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => ctx.app.outbox.enqueueSms(sms(`round ${round} message ${n}`))));
      await Promise.all([ctx.app.outbox.deliverDue(), other.deliverDue(), ctx.app.outbox.deliverDue(), other.deliverDue()]);
      expect(gateway.received.map((r) => r.key).sort(), `round ${round}`).to.deep.equal([...ids].sort());
    }
    gateway.jitter(0);
  });

  it('a sender that died after the gateway accepted: the retry carries the same idempotency key', async () => {
    const id = await ctx.app.outbox.enqueueSms(sms('crash'));
    // What a crash leaves: the message claimed ("sending") and delivered, the "sent" mark never written.
    await ctx.app.outbox.deliverDue();
    await OutboxModel.updateOne({ _id: id }, { $set: { status: 'sending', claimedUntil: new Date(Date.now() - 1000), attempts: 0 } });
    await ctx.app.outbox.deliverDue();
    expect(gateway.received.map((r) => r.key)).to.deep.equal([id, id]); // a gateway honouring the key sends one text
  });

  it('e-mails wait when only SMS can be sent, and SMS wait without a provider', async () => {
    await ctx.app.outbox.enqueue({ to: 'a@test.example', lang: 'en', subject: 's', text: 't', kind: 'test' });
    expect(await ctx.app.outbox.deliverDue()).to.deep.equal({ sent: 0, failed: 0 });
    const none = new Outbox(settings, null, createLogger(ctx.config), null);
    await none.enqueueSms(sms('kept'));
    expect(none.canSendSms).to.equal(false);
    expect(await none.deliverDue()).to.deep.equal({ sent: 0, failed: 0 });
    expect(await OutboxModel.countDocuments({ status: 'pending' })).to.equal(2);
    expect(gateway.received).to.have.length(0);
  });
});

describe('SMS numbers and configuration', () => {
  it('Belgian mobile numbers in any usual writing; landlines and foreign numbers cannot get a text', () => {
    for (const written of ['0470 12 34 56', '0470/12.34.56', '+32 470 12 34 56', '0032470123456', '0470123456'])
      expect(belgianMobile(written), written).to.equal('+32470123456');
    for (const written of ['02 123 45 67', '+33 6 12 34 56 78', '0470 12 34 5', '', null]) expect(belgianMobile(written), String(written)).to.equal(null);
  });

  it('SMS_PROVIDER_URL must be https (plain http only to this machine)', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', SMS_PROVIDER_URL: 'http://sms.example.org/send' })).to.throw(/https/);
    expect(() => loadConfig({ NODE_ENV: 'test', SMS_PROVIDER_URL: 'not a url' })).to.throw(/SMS_PROVIDER_URL/);
    expect(loadConfig({ NODE_ENV: 'test', SMS_PROVIDER_URL: 'https://t@sms.example.org/send' }).smsProviderUrl).to.equal('https://t@sms.example.org/send');
    expect(loadConfig({ NODE_ENV: 'test' }).smsProviderUrl).to.equal(null);
  });
});
