import { SMTPServer } from 'smtp-server';
import { freePort } from '../src/kernel/db/embedded-engine.js';
import { createLogger } from '../src/kernel/logger.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { Outbox } from '../src/kernel/mail/outbox.service.js';
import { createTransport } from '../src/kernel/mail/transport.js';
import { useTestApp } from './helpers/test-app.js';

describe('probe', function () {
  this.timeout(120000);
  const ctx = useTestApp();
  for (const [senders, msgs] of [[2, 1], [2, 5], [4, 5], [4, 10]] as const)
  it(`concurrent deliverDue ${senders}x${msgs}`, async () => {
    const port = await freePort();
    const received: string[] = [];
    const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _s, cb) { let d=''; stream.on('data', (c: Buffer) => d += c); stream.on('end', () => { received.push(d); cb(); }); } });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    const settings = { from: 'a@b.c', retryBaseSeconds: 60, retryMaxSeconds: 3600, maxAttempts: 5 };
    const outboxes = Array.from({ length: senders }, () => new Outbox(settings, createTransport(`smtp://127.0.0.1:${port}`), createLogger(ctx.config)));
    let dupRounds = 0;
    const t0 = Date.now();
    for (let round = 0; round < 10; round++) {
      received.length = 0;
      await OutboxModel.deleteMany({});
      for (let i = 0; i < msgs; i++) await outboxes[0]!.enqueue({ to: `x${i}@t.example`, subject: `S${i}`, text: 't', kind: 'k' });
      await Promise.all(outboxes.map((o) => o.deliverDue()));
      if (received.length > msgs) dupRounds++;
    }
    console.log(senders, msgs, 'dup rounds', dupRounds, '/10', Date.now() - t0, 'ms');
    server.close();
  });
});
