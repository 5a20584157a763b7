import { expect } from 'chai';
import { SESSION_COOKIE } from '../src/kernel/http/session.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { mailText } from '../src/kernel/mail/outbox.service.js';
import { UserModel } from '../src/kernel/auth/user.model.js';
import { AuditModel } from '../src/kernel/audit/audit.model.js';
import { apiLogin, createUser, csrfToken, PASSWORD, useTestApp } from './helpers/test-app.js';

function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0];
}

describe('accounts and sessions API (SPEC §9)', () => {
  const ctx = useTestApp({ login: { maxFailuresPerAccount: 3, maxFailuresPerAddress: 40, windowMinutes: 15 } });

  describe('POST /api/v1/accounts (self-registration)', () => {
    it('registers a parent: 201 {user}, argon2id hash, the account waiting for the verification e-mail in the outbox', async () => {
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const res = await agent
        .post('/api/v1/accounts')
        .set('X-CSRF-Token', token)
        .send({ role: 'parent', email: 'Amina@Example.org', password: PASSWORD, name: 'Amina B.', language: 'nl' })
        .expect(201);
      expect(res.body.user).to.include({ role: 'parent', name: 'Amina B.', email: 'amina@example.org', language: 'nl', emailVerified: false });
      expect(res.body.user.id).to.be.a('string');
      const stored = await UserModel.findById(res.body.user.id).lean();
      expect(stored?.passwordHash).to.match(/^\$argon2id\$/);
      expect(stored?.pendingSince).to.be.instanceOf(Date);
      const mail = await OutboxModel.findOne({ to: 'amina@example.org', kind: 'verify-email' }).lean();
      expect(mail?.subject).to.contain('Bevestig');
      expect(mailText(mail!)).to.match(/\/verify-email\?token=[\w-]{40,}/);
      expect(JSON.stringify(res.body)).not.to.contain('argon2');
    });

    it('refuses a short password, naming the field', async () => {
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const res = await agent
        .post('/api/v1/accounts')
        .set('X-CSRF-Token', token)
        .send({ role: 'host', email: 'short@example.org', password: 'elevenchars', name: 'Host', language: 'fr' })
        .expect(422);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details).to.deep.include({ path: '/password', message: 'Entrez au moins 12 caractères.' });
      expect(await UserModel.countDocuments({ email: 'short@example.org' })).to.equal(0);
    });

    it('answers a taken e-mail (any case) like a new one, 201, and tells the owner by e-mail (issue #16, finding 7)', async () => {
      await createUser('host', { email: 'taken@example.org' });
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const res = await agent
        .post('/api/v1/accounts')
        .set('X-CSRF-Token', token)
        .set('Accept-Language', 'en')
        .send({ role: 'host', email: 'TAKEN@example.org', password: PASSWORD, name: 'Other', language: 'en' })
        .expect(201);
      expect(res.body.user).to.include({ email: 'taken@example.org', role: 'host', name: 'Other', emailVerified: false });
      expect(await UserModel.countDocuments({ email: 'taken@example.org' })).to.equal(1);
      expect(await OutboxModel.countDocuments({ to: 'taken@example.org', kind: 'registration-attempt' })).to.equal(1);
    });

    it('refuses staff roles, unknown fields, operator objects and prototype keys', async () => {
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const staff = await agent
        .post('/api/v1/accounts')
        .set('X-CSRF-Token', token)
        .send({ role: 'coordinator', email: 'sneaky@example.org', password: PASSWORD, name: 'S', language: 'fr' })
        .expect(422);
      expect(staff.body.error.details.map((d: { path: string }) => d.path)).to.include('/role');

      const injected = await agent
        .post('/api/v1/accounts')
        .set('X-CSRF-Token', token)
        .send({ role: 'parent', email: { $ne: null }, password: PASSWORD, name: 'X', language: 'fr', isAdmin: true })
        .expect(422);
      const paths = injected.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).to.include.members(['/email', '/isAdmin']);

      const proto = await agent
        .post('/api/v1/accounts')
        .set('X-CSRF-Token', token)
        .set('Content-Type', 'application/json')
        .send('{"role":"parent","email":"p@example.org","password":"correct horse battery","name":"P","language":"fr","__proto__":{"role":"coordinator"}}')
        .expect(422);
      expect(proto.body.error.details.map((d: { path: string }) => d.path)).to.include('/__proto__');
      for (const email of ['sneaky@example.org', 'p@example.org']) expect(await UserModel.countDocuments({ email })).to.equal(0);
    });

    it('answers 400 to malformed JSON', async () => {
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const res = await agent.post('/api/v1/accounts').set('X-CSRF-Token', token).set('Content-Type', 'application/json').send('{"role":').expect(400);
      expect(res.body.error.code).to.equal('MALFORMED_REQUEST');
    });
  });

  describe('POST/GET/DELETE /api/v1/session', () => {
    it('logs in: 200 {user:{id,role,name},csrfToken}, a new session id and a new CSRF token', async () => {
      const worker = await createUser('worker', { name: 'Karim' });
      const agent = ctx.request();
      const before = await agent.get('/api/v1/session').expect(200);
      expect(before.body.user).to.equal(null);
      const cookieBefore = sessionCookie(before);
      const res = await agent.post('/api/v1/session').set('X-CSRF-Token', before.body.csrfToken).send({ email: worker.email, password: PASSWORD }).expect(200);
      expect(res.body.user).to.deep.equal({ id: worker.id, role: 'worker', name: 'Karim' });
      expect(res.body.csrfToken).to.be.a('string').and.not.equal(before.body.csrfToken);
      expect(sessionCookie(res)).to.be.a('string').and.not.equal(cookieBefore);
      const after = await agent.get('/api/v1/session').expect(200);
      expect(after.body.user).to.deep.equal({ id: worker.id, role: 'worker', name: 'Karim' });
      // The pre-login token is worthless now.
      await agent.delete('/api/v1/session').set('X-CSRF-Token', before.body.csrfToken).expect(403);
      await agent.delete('/api/v1/session').set('X-CSRF-Token', res.body.csrfToken).expect(204);
      const out = await agent.get('/api/v1/session').expect(200);
      expect(out.body.user).to.equal(null);
    });

    it('answers 401 to a wrong password and to an unknown e-mail, the same way', async () => {
      const parent = await createUser('parent');
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const wrong = await agent
        .post('/api/v1/session')
        .set('X-CSRF-Token', token)
        .send({ email: parent.email, password: 'not the password at all' })
        .expect(401);
      const unknown = await agent
        .post('/api/v1/session')
        .set('X-CSRF-Token', token)
        .send({ email: 'nobody@example.org', password: 'not the password at all' })
        .expect(401);
      expect(wrong.body).to.deep.equal(unknown.body);
      expect(wrong.body.error.code).to.equal('UNAUTHENTICATED');
    });

    it('refuses operator objects in the login body (422 naming the field)', async () => {
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const res = await agent
        .post('/api/v1/session')
        .set('X-CSRF-Token', token)
        .send({ email: { $ne: null }, password: { $gt: '' } })
        .expect(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.have.members(['/email', '/password']);
    });

    it('locks the account with 429 and Retry-After after repeated failures, even with the right password', async () => {
      const host = await createUser('host');
      const agent = ctx.request();
      const token = await csrfToken(agent);
      for (let i = 0; i < 3; i++) {
        await agent.post('/api/v1/session').set('X-CSRF-Token', token).send({ email: host.email, password: 'wrong password number' }).expect(401);
      }
      const locked = await agent.post('/api/v1/session').set('X-CSRF-Token', token).send({ email: host.email, password: PASSWORD }).expect(429);
      expect(locked.body.error.code).to.equal('TOO_MANY_REQUESTS');
      expect(Number(locked.headers['retry-after'])).to.be.greaterThan(0);
      // Other accounts from elsewhere are not affected.
      const other = await createUser('host');
      await apiLogin(ctx.request(), other.email);
      // The lockout ends when the failures leave the window.
      await ctx.app.throttle.removeExpired(new Date(Date.now() + 16 * 60_000));
      await apiLogin(ctx.request(), host.email);
    });

    it('needs a CSRF token for login, registration and logout (403)', async () => {
      const parent = await createUser('parent');
      const agent = ctx.request();
      await agent.get('/api/v1/session');
      const res = await agent.post('/api/v1/session').send({ email: parent.email, password: PASSWORD }).expect(403);
      expect(res.body.error.code).to.equal('CSRF_INVALID');
      await agent.post('/api/v1/accounts').send({}).expect(403);
      await agent.post('/api/v1/session').set('X-CSRF-Token', 'forged').send({ email: parent.email, password: PASSWORD }).expect(403);
      const token = await apiLogin(agent, parent.email);
      await agent.delete('/api/v1/session').expect(403);
      await agent.delete('/api/v1/session').set('X-CSRF-Token', token).expect(204);
    });

    it('records logins and failures in the audit log, without secrets', async () => {
      const worker = await createUser('worker');
      await apiLogin(ctx.request(), worker.email);
      const entries = await AuditModel.find({ targetId: worker.id, action: 'session.login' }).lean();
      expect(entries.map((e) => e.outcome)).to.include('ok');
      expect(JSON.stringify(entries)).not.to.contain(PASSWORD);
    });
  });

  describe('POST /api/v1/users (staff accounts)', () => {
    it('lets a coordinator create a worker (invitation e-mail when no password)', async () => {
      const coordinator = await createUser('coordinator');
      const agent = ctx.request();
      const token = await apiLogin(agent, coordinator.email);
      const res = await agent
        .post('/api/v1/users')
        .set('X-CSRF-Token', token)
        .send({ role: 'worker', email: 'new.worker@example.org', name: 'Lina', language: 'en' })
        .expect(201);
      expect(res.body.user).to.include({ role: 'worker', email: 'new.worker@example.org', name: 'Lina' });
      const mail = await OutboxModel.findOne({ to: 'new.worker@example.org', kind: 'invitation' }).lean();
      expect(mailText(mail!)).to.match(/\/password\/reset\?token=/);
      const list = await agent.get('/api/v1/users').expect(200);
      expect(list.body.items.map((u: { email: string }) => u.email)).to.include('new.worker@example.org');
    });

    it('refuses everyone else: 401 anonymous, 403 for parent, host, partner and worker', async () => {
      const anonymous = ctx.request();
      const anonymousToken = await csrfToken(anonymous);
      await anonymous.post('/api/v1/users').set('X-CSRF-Token', anonymousToken).send({}).expect(401);
      for (const role of ['parent', 'host', 'partner', 'worker'] as const) {
        const user = await createUser(role);
        const agent = ctx.request();
        const token = await apiLogin(agent, user.email);
        await agent
          .post('/api/v1/users')
          .set('X-CSRF-Token', token)
          .send({ role: 'coordinator', email: `${role}-made@example.org`, name: 'X', language: 'fr' })
          .expect(403);
        await agent.get('/api/v1/users').expect(403);
      }
      expect(await UserModel.countDocuments({ email: /-made@example\.org$/ })).to.equal(0);
    });

    it('validates the staff body (role, e-mail, unknown fields)', async () => {
      const coordinator = await createUser('coordinator');
      const agent = ctx.request();
      const token = await apiLogin(agent, coordinator.email);
      const res = await agent
        .post('/api/v1/users')
        .set('X-CSRF-Token', token)
        .send({ role: 'parent', email: 'not-an-email', name: '', language: 'de', extra: 1 })
        .expect(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['/role', '/email', '/name', '/language', '/extra']);
    });
  });

  describe('ADMIN_EMAIL / ADMIN_PASSWORD bootstrap', () => {
    it('creates the first coordinator, and is idempotent', async () => {
      await ctx.app.accounts.ensureAdmin('Admin@Example.org', 'a strong admin password');
      await ctx.app.accounts.ensureAdmin('admin@example.org', 'a strong admin password');
      expect(await UserModel.countDocuments({ email: 'admin@example.org' })).to.equal(1);
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const res = await agent
        .post('/api/v1/session')
        .set('X-CSRF-Token', token)
        .send({ email: 'admin@example.org', password: 'a strong admin password' })
        .expect(200);
      expect(res.body.user.role).to.equal('coordinator');
    });
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await ctx.request().get('/api/v1/nothing-here').expect(404);
    expect(res.body.error.code).to.equal('NOT_FOUND');
  });
});
