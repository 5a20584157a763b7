// Issue #16's findings, each reproduced as the outside attack did it (OWASP ASVS 4.0.3 L2).
// Finding 6 (/dev/outbox) is in test/outbox.spec.ts.
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { AccountTokenModel, issueToken } from '../src/kernel/auth/account-token.model.js';
import { LoginFailureModel } from '../src/kernel/auth/login-throttle.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { loadConfig } from '../src/kernel/config.js';
import { apiLogin, createUser, csrfToken, formLogin, formToken, PASSWORD, useTestApp } from './helpers/test-app.js';

describe('security hardening (issue #16)', () => {
  const ctx = useTestApp({
    login: { windowMinutes: 15, maxFailuresPerAccount: 5, maxFailuresPerAccountAnywhere: 20, maxDelaySeconds: 300, maxFailuresPerAddress: 200 },
  });

  async function guess(email: string, password: string) {
    const agent = ctx.request();
    const token = await csrfToken(agent);
    return agent.post('/api/v1/session').set('X-CSRF-Token', token).send({ email, password });
  }

  describe('finding 1: simultaneous guesses get no more checks than a sequence', () => {
    it('of 40 guesses at once (the right password among them), at most 5 are checked; the rest answer 429', async () => {
      const victim = await createUser('parent');
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const attempts = Array.from({ length: 40 }, (_, i) =>
        agent
          .post('/api/v1/session')
          .set('X-CSRF-Token', token)
          .send({ email: victim.email, password: i === 39 ? PASSWORD : `wrong guess ${i}` }),
      );
      const statuses = (await Promise.all(attempts)).map((r) => r.status);
      const checked = statuses.filter((s) => s !== 429).length;
      expect(checked, JSON.stringify(statuses)).to.be.at.most(5);
      expect(statuses.filter((s) => s === 429).length).to.be.at.least(35);
    });

    it('sequentially, the sixth try waits (429 with Retry-After), and the wait grows', async () => {
      const victim = await createUser('host');
      for (let i = 0; i < 5; i++) expect((await guess(victim.email, `wrong ${i}`)).status).to.equal(401);
      const sixth = await guess(victim.email, PASSWORD);
      expect(sixth.status).to.equal(429);
      const first = Number(sixth.headers['retry-after']);
      expect(first).to.be.within(1, 30);
      // A sixth failure stored (as after the wait) doubles the next wait.
      const { address } = (await LoginFailureModel.findOne({ account: victim.email }).lean())!;
      await LoginFailureModel.create({ account: victim.email, address, at: new Date() });
      const later = await guess(victim.email, PASSWORD);
      expect(later.status).to.equal(429);
      expect(Number(later.headers['retry-after'])).to.be.greaterThan(first);
    });
  });

  describe('finding 5: a reset revokes older links and lifts the wait', () => {
    it('a new reset link revokes the older one; choosing a password revokes every other link and lifts the wait', async () => {
      const user = await createUser('parent');
      const older = await issueToken(user.id, 'reset-password', 60);
      const newer = await issueToken(user.id, 'reset-password', 60);
      const reset = async (token: string) => {
        const agent = ctx.request();
        const page = await agent.get(`/password/reset?token=${encodeURIComponent(token)}`);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
        return agent.post('/password/reset').type('form').send({ _csrf: csrf, token, password: 'a brand new passphrase', confirm: 'a brand new passphrase' });
      };
      for (let i = 0; i < 6; i++) await guess(user.email, `wrong ${i}`);
      expect((await guess(user.email, PASSWORD)).status).to.equal(429);
      const stale = await reset(older);
      expect(stale.text).not.to.contain('a brand new passphrase');
      expect((await guess(user.email, 'a brand new passphrase')).status).to.be.oneOf([401, 429]);
      const done = await reset(newer);
      expect(done.status).to.equal(200);
      expect(await AccountTokenModel.countDocuments({ userId: user.id, usedAt: null })).to.equal(0);
      await apiLogin(ctx.request(), user.email, 'a brand new passphrase');
    });
  });

  describe("finding 9: the client's address is not the client's to choose", () => {
    it('without TRUST_PROXY, X-Forwarded-For changes neither the counted address nor the audit', async () => {
      const victim = await createUser('parent');
      for (let i = 0; i < 3; i++) {
        const agent = ctx.request();
        const token = await csrfToken(agent);
        await agent
          .post('/api/v1/session')
          .set('X-CSRF-Token', token)
          .set('X-Forwarded-For', `198.51.100.${i}`)
          .send({ email: victim.email, password: `wrong ${i}` })
          .expect(401);
      }
      const addresses = await LoginFailureModel.distinct('address', { account: victim.email });
      expect(addresses).to.have.length(1);
      expect(addresses[0]).to.not.match(/^198\.51\.100/);
    });

    it('TRUST_PROXY is read from the environment, never "trust everyone"', () => {
      const base = { NODE_ENV: 'test' };
      expect(loadConfig(base).trustProxy).to.equal(null);
      expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).to.equal(1);
      expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).to.equal('loopback, 10.0.0.0/8');
      expect(() => loadConfig({ ...base, TRUST_PROXY: 'true' })).to.throw(/TRUST_PROXY/);
    });
  });

  describe('finding 10: e-mail-sending requests are rate limited', () => {
    it('6 reset requests for one account send 3 e-mails, with the same answer each time', async () => {
      const user = await createUser('parent');
      const answers: string[] = [];
      for (let i = 0; i < 6; i++) {
        const agent = ctx.request();
        const page = await agent.get('/password/forgot').expect(200);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
        const res = await agent.post('/password/forgot').type('form').send({ _csrf: csrf, email: user.email }).expect(200);
        answers.push(res.text.replace(/name="_csrf" value="[^"]+"/g, ''));
      }
      expect(await OutboxModel.countDocuments({ to: user.email, kind: 'reset-password' })).to.equal(3);
      expect(new Set(answers).size).to.equal(1);
    });

    it('an erasure request reaches the coordinators at most twice a day', async () => {
      await createUser('coordinator');
      const parent = await createUser('parent');
      const agent = ctx.request();
      await formLogin(agent, parent.email);
      for (let i = 0; i < 4; i++) {
        const page = await agent.get('/my/data').expect(200);
        await agent
          .post('/my/data/erasure-request')
          .type('form')
          .send({ _csrf: formToken(page.text) })
          .expect(303);
      }
      const coordinators = await OutboxModel.distinct('to', { kind: 'erasure-request' });
      expect(await OutboxModel.countDocuments({ kind: 'erasure-request' })).to.equal(2 * coordinators.length);
    });
  });

  describe('finding 12: bodies bounded before anything recursive runs', () => {
    it('5,000-level nesting with an Idempotency-Key → 400, never 500', async () => {
      const user = await createUser('parent');
      const agent = ctx.request();
      const token = await apiLogin(agent, user.email);
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const res = await agent
        .post('/api/v1/families')
        .set('X-CSRF-Token', token)
        .set('Idempotency-Key', 'deep-1')
        .set('Content-Type', 'application/json')
        .send(deep);
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('MALFORMED_REQUEST');
    });

    it('a 100,000-element array → 413 with a short answer', async () => {
      const user = await createUser('parent');
      const agent = ctx.request();
      const token = await apiLogin(agent, user.email);
      const res = await agent
        .post('/api/v1/families')
        .set('X-CSRF-Token', token)
        .set('Content-Type', 'application/json')
        .send(`{"children":[${Array(100_000).fill('1').join(',')}]}`);
      expect(res.status).to.equal(413);
      expect(res.text.length).to.be.below(2000);
    });

    it('a garbage gzip body → 400', async () => {
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const garbage = Buffer.concat([gzipSync(Buffer.from('{"email":"a@b.c"')).subarray(0, 12), Buffer.from('not gzip at all')]);
      const res = await agent
        .post('/api/v1/session')
        .set('X-CSRF-Token', token)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send(garbage);
      expect(res.status).to.equal(400);
    });
  });

  describe('finding 15: headers', () => {
    it('the login answer is never cached; fonts come only from the app', async () => {
      const user = await createUser('worker');
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const res = await agent.post('/api/v1/session').set('X-CSRF-Token', token).send({ email: user.email, password: PASSWORD }).expect(200);
      expect(res.headers['cache-control']).to.equal('no-store');
      const page = await ctx.request().get('/login').expect(200);
      expect(page.headers['cache-control']).to.equal('no-store');
      expect(page.headers['content-security-policy']).to.match(/font-src 'self'(;|$)/);
      expect(await OutboxModel.countDocuments({ kind: 'nothing' })).to.equal(0);
    });
  });
});
