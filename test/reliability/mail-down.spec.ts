// The mail server is down, then refuses mail for a while, then comes back, while e-mails keep being
// enqueued and two app instances deliver at the same time, on the real clock. Nothing is lost,
// nothing is sent twice. (test/outbox.spec.ts covers one message, the backoff arithmetic and giving up.)
import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../src/kernel/db/embedded-engine.js';
import { createLogger } from '../../src/kernel/logger.js';
import { OutboxModel } from '../../src/kernel/mail/outbox.model.js';
import { Outbox, type OutboxSettings } from '../../src/kernel/mail/outbox.service.js';
import { createTransport } from '../../src/kernel/mail/transport.js';
import { useTestApp } from '../helpers/test-app.js';
import { sleep, startSmtpPeer, type SmtpPeer } from './harness.js';

// Short delays so that the real clock can run through several retries in a few seconds.
const settings: OutboxSettings = { from: 'Cohabitation <no-reply@test.example>', retryBaseSeconds: 0.2, retryMaxSeconds: 1, maxAttempts: 1000 };

/** A mail server that answers but refuses every recipient with a temporary error (451). */
async function startRefusingPeer(port: number): Promise<{ refused: number; close(): Promise<void> }> {
  const state = { refused: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      state.refused += 1;
      callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return Object.assign(state, { close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

describe('reliability: the mail server is down, then refuses, then comes back', function () {
  this.timeout(90_000);
  let port = 0;
  let peer: SmtpPeer | null = null;
  before(async () => {
    port = await freePort();
  });
  const ctx = useTestApp({}, (config) => new Outbox(settings, createTransport(`smtp://127.0.0.1:${port}`), createLogger(config)));
  after(async () => {
    await peer?.close();
  });

  it('delivers every e-mail exactly once when it is back, from two senders at once', async () => {
    await OutboxModel.deleteMany({});
    // A second app instance delivering from the same outbox.
    const other = new Outbox(settings, createTransport(`smtp://127.0.0.1:${port}`), createLogger(ctx.config));
    const senders = [ctx.app.outbox, other];
    let enqueued = 0;
    const enqueue = async (count: number) => {
      for (let i = 0; i < count; i++, enqueued++) {
        await ctx.app.outbox.enqueue({
          to: `person${enqueued}@test.example`,
          subject: `Message ${enqueued}`,
          text: `Hello ${enqueued}.`,
          kind: 'test',
          lang: 'en',
        });
      }
    };
    let running = true;
    const loops = senders.map(async (outbox) => {
      while (running) {
        await outbox.deliverDue();
        await sleep(50);
      }
    });

    try {
      // Down: nothing listens on the port.
      await enqueue(10);
      await sleep(1_500);
      expect(await OutboxModel.countDocuments({ status: 'sent' })).to.equal(0);
      const tried = await OutboxModel.find({}).lean();
      expect(tried).to.have.length(10);
      expect(
        tried.every((m) => m.status !== 'failed' && m.lastError !== null),
        'every message waits with its error',
      ).to.equal(true);

      // Refusing: it answers, with a temporary error.
      const refusing = await startRefusingPeer(port);
      await enqueue(10);
      await sleep(2_000);
      await refusing.close();
      expect(refusing.refused, 'recipients refused').to.be.greaterThan(0);
      expect(await OutboxModel.countDocuments({ status: 'sent' })).to.equal(0);
      expect(await OutboxModel.countDocuments({ lastError: /451/ }), 'messages refused with 451').to.be.greaterThan(0);

      // Back: every message goes, once, while more keep coming.
      peer = await startSmtpPeer(port);
      await enqueue(10);
      const deadline = Date.now() + 30_000;
      while ((await OutboxModel.countDocuments({ status: 'sent' })) < enqueued) {
        if (Date.now() > deadline) throw new Error(`not all sent: ${JSON.stringify(await OutboxModel.find({ status: { $ne: 'sent' } }).lean())}`);
        await sleep(100);
      }
      // More rounds change nothing.
      await sleep(1_500);
    } finally {
      running = false;
      await Promise.all(loops);
    }

    expect(enqueued).to.equal(30);
    const subjects = peer.received.map((m) => m.subject);
    expect(subjects, 'one e-mail per message, none twice').to.have.length(enqueued);
    expect(new Set(subjects).size).to.equal(enqueued);
    for (let i = 0; i < enqueued; i++) {
      const got = peer.received.filter((m) => m.subject === `Message ${i}`);
      expect(got, `Message ${i}`).to.have.length(1);
      expect(got[0]!.rcptTo).to.deep.equal([`person${i}@test.example`]);
    }
    const docs = await OutboxModel.find({}).lean();
    expect(docs.every((m) => m.status === 'sent' && m.lastError === null && m.attempts >= 1)).to.equal(true);
    expect(new Set(docs.map((m) => m.messageId)).size).to.equal(enqueued);
  });
});
