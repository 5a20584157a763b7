// The app is killed (SIGKILL) in the middle of a stream of registrations, each of which enqueues a
// verification e-mail, then started again, this time with a mail server (a real SMTP peer on
// 127.0.0.1). No acknowledged registration is lost, and the outbox delivers every e-mail it holds
// exactly once.
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { freePort } from '../../src/kernel/db/embedded-engine.js';
import { ADMIN, ApiClient, AppProcess, Engine, sleep, startSmtpPeer, tempDir, type Answer, type SmtpPeer } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('reliability: the app is killed in the middle of a stream of writes', function () {
  this.timeout(150_000);
  const engineDir = tempDir('app-kill-engine');
  const appDir = tempDir('app-kill-app');
  let engine: Engine;
  let peer: SmtpPeer | null = null;
  const app = new AppProcess();
  // Development settings: the outbox is polled by the app itself, as in a real deployment (every
  // second here rather than 5: the same polls, less waiting).
  const POLL_SECONDS = 1;
  const appOptions = () => ({ mongodbUri: `${engine.uri}/reliability`, dataDir: appDir.path, env: 'development' as const, mailPollSeconds: POLL_SECONDS });

  before(async () => {
    engine = new Engine(engineDir.path, await freePort());
    await engine.start();
    await app.start(appOptions());
  });
  after(async () => {
    await app.kill('SIGTERM');
    await peer?.close();
    await engine?.stop();
    engineDir.remove();
    appDir.remove();
  });

  it('loses no acknowledged write and sends every pending e-mail exactly once', async () => {
    const visitor = new ApiClient(app);
    await visitor.start();
    const acknowledged = new Set<string>();
    const inDoubt = new Set<string>(); // the request the kill interrupted: there at most once
    const unexpected: string[] = [];
    let killed = false;
    let stopWriting = false;

    const writer = (async () => {
      for (let i = 0; !stopWriting; i++) {
        const email = `killed-stream-${String(i).padStart(3, '0')}@test.example`;
        const body = { role: 'parent', email, password: PASSWORD, name: `Parent ${i}`, language: 'en' };
        let heldSince = 0;
        for (;;) {
          let answer: Answer | null = null;
          try {
            answer = await visitor.request('POST', '/api/v1/accounts', body, { 'Idempotency-Key': `register-${i}` });
          } catch {
            // No answer: the app is down. The outcome is unknown until it answers again.
          }
          if (answer?.status === 201) {
            acknowledged.add(email);
            break;
          }
          if (answer?.status === 409 && killed) {
            // A key still held after the restart was claimed by the killed process: nobody will
            // ever finish it (it becomes IDEMPOTENCY_OUTCOME_UNKNOWN after two minutes).
            heldSince ||= Date.now();
            if (answer.body?.error?.code === 'IDEMPOTENCY_OUTCOME_UNKNOWN' || Date.now() - heldSince > 3_000) {
              inDoubt.add(email);
              break;
            }
          } else if (answer && answer.status !== 503) {
            unexpected.push(`${answer.status} ${JSON.stringify(answer.body)}`);
            stopWriting = true;
            break;
          }
          await sleep(200);
        }
      }
    })();

    const until = async (condition: () => boolean | Promise<boolean>, limitMs: number, what: string) => {
      const deadline = Date.now() + limitMs;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`${what}: not within ${limitMs} ms (unexpected: ${unexpected.join('; ')})\n${app.output.slice(-3000)}`);
        await sleep(100);
      }
    };

    await until(() => acknowledged.size >= 8, 60_000, 'eight registrations before the kill');
    await app.kill('SIGKILL');
    killed = true;
    const acknowledgedBeforeKill = new Set(acknowledged);

    peer = await startSmtpPeer(await freePort());
    await app.start({ ...appOptions(), smtpUrl: `smtp://127.0.0.1:${peer.port}` });
    const target = acknowledged.size + 8;
    await until(() => acknowledged.size >= target || stopWriting, 60_000, 'eight more registrations after the restart');
    stopWriting = true;
    await writer;
    expect(unexpected, 'answers other than 201, 409, 503').to.deep.equal([]);

    // The outbox empties by itself (the app polls it).
    const db = new MongoClient(engine.uri, { serverSelectionTimeoutMS: 5_000 });
    try {
      const outbox = db.db('reliability').collection<{ to: string; status: string; messageId: string | null }>('outbox');
      await until(async () => (await outbox.countDocuments({ status: { $ne: 'sent' } })) === 0, 60_000, 'every e-mail sent');
      const messages = await outbox.find({}).toArray();
      // Later polls could not send anything more: give them time (three of them) to show a duplicate if there were one.
      await sleep(3 * POLL_SECONDS * 1000 + 500);

      // Each message of the outbox reached the peer once, under the Message-ID the outbox recorded.
      const receivedIds = peer.received.map((m) => m.messageId);
      expect(new Set(receivedIds).size, 'distinct Message-IDs received').to.equal(receivedIds.length);
      expect(receivedIds.sort()).to.deep.equal(messages.map((m) => m.messageId).sort());
      const receivedBy = (email: string) => peer!.received.filter((m) => m.rcptTo.includes(email)).length;

      // Every acknowledged registration: the account exists once, its e-mail arrived once.
      const admin = new ApiClient(app);
      await admin.login(ADMIN.email, ADMIN.password);
      const users = await admin.request('GET', '/api/v1/users');
      expect(users.status).to.equal(200);
      const accounts = (users.body.items as { email: string }[]).map((u) => u.email);
      for (const email of acknowledged) {
        expect(
          accounts.filter((e) => e === email),
          email,
        ).to.have.length(1);
        expect(receivedBy(email), `e-mails to ${email}`).to.equal(1);
      }
      for (const email of acknowledgedBeforeKill) expect(receivedBy(email), `e-mail enqueued before the kill to ${email}`).to.equal(1);
      for (const email of inDoubt) {
        expect(accounts.filter((e) => e === email).length, `${email} (interrupted)`).to.be.at.most(1);
        expect(receivedBy(email), `e-mails to ${email} (interrupted)`).to.be.at.most(1);
      }
      console.log(
        `      acknowledged ${acknowledged.size} (${acknowledgedBeforeKill.size} before the kill), interrupted ${inDoubt.size}, e-mails delivered ${peer.received.length}`,
      );
    } finally {
      await db.close();
    }
  });
});
