// Issue #16, finding 4: the outbox never keeps a usable token. A message carrying a link with a
// token (reset, confirmation, invitation) is sealed in the database, opened only to send it (and on
// the coordinator's development page), and its body is gone once it is delivered. Read here as an
// attacker with the database files would: the raw stored documents, through Mongoose .lean() and
// through the driver.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { SMTPServer } from 'smtp-server';
import { AccountTokenModel, hashToken } from '../src/kernel/auth/account-token.model.js';
import { freePort } from '../src/kernel/db/embedded-engine.js';
import { createLogger } from '../src/kernel/logger.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { mailText, Outbox, type OutboxSettings } from '../src/kernel/mail/outbox.service.js';
import { createTransport } from '../src/kernel/mail/transport.js';
import { apiLogin, createUser, csrfToken, formLogin, useTestApp } from './helpers/test-app.js';

interface Peer {
  received: string[];
  close(): Promise<void>;
}

async function startPeer(port: number): Promise<Peer> {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
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

/** Every string of a stored document, however deep. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node && typeof node === 'object' && !(node instanceof Date) && !(node instanceof mongoose.Types.ObjectId)) return Object.values(node).flatMap(strings);
  return [];
}

/** Tokens anywhere in a document that are a live account token (their SHA-256 is stored). */
async function usableTokensIn(doc: unknown): Promise<string[]> {
  const candidates = new Set(strings(doc).flatMap((s) => s.match(/[A-Za-z0-9_-]{40,}/g) ?? []));
  const found: string[] = [];
  for (const candidate of candidates) if (await AccountTokenModel.exists({ hash: hashToken(candidate) })) found.push(candidate);
  return found;
}

/** The raw stored message, straight from the driver (no schema, no getters). */
async function rawMessage(filter: Record<string, unknown>) {
  const doc = await mongoose.connection.db!.collection('outbox').findOne(filter, { sort: { _id: -1 } });
  if (!doc) throw new Error(`no stored message for ${JSON.stringify(filter)}`);
  return doc;
}

const tokenOf = (text: string | null | undefined) => /token=([\w-]{20,})/.exec(text ?? '')?.[1] ?? null;

const settings: OutboxSettings = { from: 'Cohabitation <no-reply@test.example>', retryBaseSeconds: 60, retryMaxSeconds: 3600, maxAttempts: 2 };

describe('finding 4: the outbox stores no usable token (issue #16)', function () {
  this.timeout(30_000);
  let port = 0;
  let peer: Peer | null = null;
  before(async () => {
    port = await freePort();
  });
  const ctx = useTestApp({}, (config) => new Outbox(settings, createTransport(`smtp://127.0.0.1:${port}`), createLogger(config)));
  afterEach(async () => {
    await peer?.close();
    peer = null;
  });

  async function askReset(email: string) {
    const agent = ctx.request();
    const page = await agent.get('/password/forgot').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    await agent.post('/password/forgot').type('form').send({ _csrf: csrf, email }).expect(200);
  }

  it('a reset e-mail waiting in the outbox holds no readable token (raw document, lean and driver), yet its link works once opened', async () => {
    const user = await createUser('parent');
    await askReset(user.email);
    const raw = await rawMessage({ to: user.email, kind: 'reset-password' });
    const lean = await OutboxModel.findById(raw._id).lean();
    for (const doc of [raw, lean]) {
      expect(await usableTokensIn(doc), 'live tokens in the stored message').to.deep.equal([]);
      expect(JSON.stringify(doc)).not.to.match(/token=/);
    }
    expect(raw.to).to.equal(user.email);
    expect(raw.subject).to.be.a('string').and.not.empty;
    expect(raw.text).to.match(/^enc:v1:/);

    // Opened with the app's key, the e-mail is whole and its link is the live one.
    const token = tokenOf(mailText(lean!));
    expect(token).to.be.a('string');
    expect(await AccountTokenModel.exists({ hash: hashToken(token!), usedAt: null })).to.not.equal(null);
    const reset = await ctx.request().get(`/password/reset?token=${token}`).expect(200);
    expect(reset.text).to.contain('name="token"');
  });

  it('a sealed body opens only in its own message (moved into another one, it reads nothing)', async () => {
    const user = await createUser('parent');
    await askReset(user.email);
    const sealed = await rawMessage({ to: user.email, kind: 'reset-password' });
    const otherId = await ctx.app.outbox.enqueue({ to: 'x@test.example', subject: 'other', text: 'other', kind: 'test', lang: 'en', carriesToken: true });
    await OutboxModel.updateOne({ _id: otherId }, { $set: { text: sealed.text } });
    expect(mailText((await OutboxModel.findById(otherId).lean())!)).to.equal(null);
  });

  it('after delivery the token-bearing body is gone; to, subject, status and dates stay; the delivered link works', async () => {
    peer = await startPeer(port);
    const user = await createUser('host');
    await askReset(user.email);
    const before = await rawMessage({ to: user.email, kind: 'reset-password' });
    expect((await ctx.app.outbox.deliverDue()).sent).to.be.at.least(1);

    const delivered = peer.received.find((m) => m.includes(user.email));
    const token = tokenOf(delivered?.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
    expect(token, 'the recipient got the link').to.be.a('string');

    const after = await rawMessage({ _id: before._id });
    expect(after).to.include({ to: user.email, subject: before.subject, status: 'sent', text: null });
    expect(after.sentAt).to.be.instanceOf(Date);
    expect(after.purgedAt).to.be.instanceOf(Date);
    expect(after.createdAt).to.be.instanceOf(Date);
    expect(await usableTokensIn(after)).to.deep.equal([]);
    // The delivered copy is the one that counts: the link still opens the form.
    const reset = await ctx.request().get(`/password/reset?token=${token}`).expect(200);
    expect(reset.text).to.contain('name="token"');
  });

  it('a message given up loses its body too', async () => {
    // No peer listening: two failed attempts, then "failed".
    const user = await createUser('parent');
    await askReset(user.email);
    const { _id } = await rawMessage({ to: user.email, kind: 'reset-password' });
    const now = new Date();
    await ctx.app.outbox.deliverDue(now);
    expect(await rawMessage({ _id })).to.include({ status: 'pending' });
    expect((await rawMessage({ _id })).text).to.match(/^enc:v1:/);
    await ctx.app.outbox.deliverDue(new Date(now.getTime() + 3600_000));
    const failed = await rawMessage({ _id });
    expect(failed).to.include({ status: 'failed', text: null });
    expect(failed.purgedAt).to.be.instanceOf(Date);
  });

  it('a sender that crashed between its claim and the send leaves a message that is still delivered, sealed until then', async () => {
    const user = await createUser('partner');
    await askReset(user.email);
    const { _id } = await rawMessage({ to: user.email, kind: 'reset-password' });
    // As a sender killed after claiming: "sending", its lease run out, nothing sent.
    await OutboxModel.updateOne({ _id }, { $set: { status: 'sending', claimedUntil: new Date(Date.now() - 1000) } });
    expect((await rawMessage({ _id })).text).to.match(/^enc:v1:/);
    peer = await startPeer(port);
    expect((await ctx.app.outbox.deliverDue()).sent).to.be.at.least(1);
    expect(peer.received.filter((m) => m.includes(user.email))).to.have.length(1);
    expect(await rawMessage({ _id })).to.include({ status: 'sent', text: null });
  });

  it('confirmation and invitation e-mails are sealed too; an invitation is valid 72 hours', async () => {
    const agent = ctx.request();
    const csrf = await csrfToken(agent);
    await agent
      .post('/api/v1/accounts')
      .set('X-CSRF-Token', csrf)
      .send({ role: 'parent', email: 'sealed.parent@test.example', password: 'correct horse battery staple', name: 'P', language: 'en' })
      .expect(201);
    const coordinator = await createUser('coordinator');
    const staff = ctx.request();
    const token = await apiLogin(staff, coordinator.email);
    const created = await staff
      .post('/api/v1/users')
      .set('X-CSRF-Token', token)
      .send({ role: 'worker', email: 'sealed.worker@test.example', name: 'W', language: 'fr' })
      .expect(201);
    for (const [to, kind] of [
      ['sealed.parent@test.example', 'verify-email'],
      ['sealed.worker@test.example', 'invitation'],
    ] as const) {
      const raw = await rawMessage({ to, kind });
      expect(await usableTokensIn(raw), `${kind}: live tokens stored`).to.deep.equal([]);
      expect(raw.text).to.match(/^enc:v1:/);
      expect(tokenOf(mailText(raw as never)), `${kind}: opened`).to.be.a('string');
    }
    const invitation = await AccountTokenModel.findOne({ userId: created.body.user.id, purpose: 'reset-password' }).lean();
    expect(invitation!.expiresAt.getTime() - invitation!.createdAt.getTime()).to.equal(72 * 3600_000);
  });

  it('/dev/outbox (coordinator) shows the link of a waiting e-mail, and no token once it is delivered', async () => {
    const user = await createUser('parent');
    await askReset(user.email);
    const { _id } = await rawMessage({ to: user.email, kind: 'reset-password' });
    const token = tokenOf(mailText((await OutboxModel.findById(_id).lean())!))!;
    const coordinator = await createUser('coordinator');
    const agent = ctx.request();
    await formLogin(agent, coordinator.email);
    const waiting = await agent.get('/dev/outbox').expect(200);
    expect(waiting.text).to.contain(`/password/reset?token=${token}`);

    peer = await startPeer(port);
    await ctx.app.outbox.deliverDue();
    const after = await agent.get('/dev/outbox').expect(200);
    expect(after.text).to.contain(user.email);
    expect(after.text).not.to.contain(token);
    expect(after.text).to.contain('Contenu effacé après');
  });

  it('e-mails without a token keep their text as before', async () => {
    const id = await ctx.app.outbox.enqueue({ to: 'plain@test.example', subject: 'Plain', text: 'Nothing secret.', kind: 'test', lang: 'en' });
    expect(await rawMessage({ _id: new mongoose.Types.ObjectId(id) })).to.include({ text: 'Nothing secret.' });
  });
});
