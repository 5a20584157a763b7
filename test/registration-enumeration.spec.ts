// Issue #16, finding 7: registration told whether an address uses the service (409 EMAIL_TAKEN).
// Now the answer is the same, on the API and on the page, in status, body and roughly in time; a new
// address gets an account waiting for its confirmation link, a taken one an e-mail to its owner.
import { expect } from 'chai';
import type supertest from 'supertest';
import { LimitedActionModel } from '../src/kernel/auth/action-limit.js';
import { UserModel } from '../src/kernel/auth/user.model.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { mailText } from '../src/kernel/mail/outbox.service.js';
import { createUser, csrfToken, formToken, PASSWORD, useTestApp } from './helpers/test-app.js';

const NEW_PASSWORD = 'a password of the caller';

describe('finding 7: registration does not tell whether an address has an account (issue #16)', function () {
  this.timeout(60_000);
  const ctx = useTestApp();
  // Every request here comes from one address: the per-address limit is not what is tested.
  beforeEach(async () => {
    await LimitedActionModel.deleteMany({ kind: 'register:address' });
  });

  async function register(email: string, extra: Partial<{ role: string; name: string; language: string; password: string }> = {}) {
    const agent = ctx.request();
    const token = await csrfToken(agent);
    const started = process.hrtime.bigint();
    const res = await agent
      .post('/api/v1/accounts')
      .set('X-CSRF-Token', token)
      .set('Accept-Language', 'en')
      .send({ role: 'parent', email, password: NEW_PASSWORD, name: 'Same Name', language: 'en', ...extra });
    return { res, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  }

  async function login(email: string, password: string) {
    const agent = ctx.request();
    const token = await csrfToken(agent);
    return agent.post('/api/v1/session').set('X-CSRF-Token', token).send({ email, password });
  }

  const withoutId = (body: { user: Record<string, unknown> }, email: string) => ({
    ...body,
    user: { ...body.user, id: '<id>', email: body.user.email === email ? '<email>' : body.user.email },
  });

  it('API: a taken address and a new one get the same status and the same body (the id aside, made the same way)', async () => {
    const owner = await createUser('host', { email: 'owner.api@test.example', language: 'nl' });
    const before = await UserModel.findById(owner.id).lean();
    const taken = await register('Owner.API@test.example');
    const fresh = await register('fresh.api@test.example');
    expect(taken.res.status).to.equal(201);
    expect(fresh.res.status).to.equal(201);
    expect(withoutId(taken.res.body, 'owner.api@test.example')).to.deep.equal(withoutId(fresh.res.body, 'fresh.api@test.example'));
    expect(taken.res.body.user).to.include({ email: 'owner.api@test.example', role: 'parent', name: 'Same Name', emailVerified: false });
    for (const { res } of [taken, fresh]) expect(res.body.user.id).to.match(/^[0-9a-f]{24}$/);
    expect(Object.keys(taken.res.headers).sort()).to.deep.equal(Object.keys(fresh.res.headers).sort());
    // Nothing about the existing account changed, and the answer's id is not its id.
    expect(taken.res.body.user.id).not.to.equal(owner.id);
    expect(await UserModel.findById(taken.res.body.user.id).lean()).to.equal(null);
    const after = await UserModel.findById(owner.id).lean();
    expect(after).to.deep.include({ passwordHash: before!.passwordHash, name: before!.name, role: 'host', language: 'nl', pendingSince: null });
  });

  it('the owner of a taken address is told by e-mail, in their language, with the way in and no token', async () => {
    await createUser('parent', { email: 'owner.mail@test.example', language: 'fr', name: 'Fatou' });
    await register('owner.mail@test.example');
    const notice = await OutboxModel.findOne({ to: 'owner.mail@test.example', kind: 'registration-attempt' }).lean();
    const text = mailText(notice!)!;
    expect(notice!.subject).to.contain('créer un compte');
    expect(text).to.contain('Bonjour Fatou').and.contain('/password/forgot').and.contain('/login');
    expect(text).not.to.match(/token=/);
    expect(await OutboxModel.countDocuments({ to: 'owner.mail@test.example', kind: 'verify-email' })).to.equal(0);
  });

  it('a new address gets an account that waits for its link: until then signing in answers like a wrong password', async () => {
    const { res } = await register('waiting@test.example');
    const stored = await UserModel.findById(res.body.user.id).lean();
    expect(stored?.pendingSince).to.be.instanceOf(Date);
    expect(stored?.passwordHash).to.match(/^\$argon2id\$/);

    // The caller's own password on a fresh address, and on a taken one: the same 401.
    await createUser('parent', { email: 'owner.login@test.example' });
    await register('owner.login@test.example');
    const pending = await login('waiting@test.example', NEW_PASSWORD);
    const takenTry = await login('owner.login@test.example', NEW_PASSWORD);
    expect(pending.status).to.equal(401);
    expect(takenTry.status).to.equal(401);
    expect(pending.body).to.deep.equal(takenTry.body);

    // The e-mailed link activates the account.
    const mail = await OutboxModel.findOne({ to: 'waiting@test.example', kind: 'verify-email' }).lean();
    const link = new URL(/https?:\/\/\S+/.exec(mailText(mail!)!)![0]);
    const agent = ctx.request();
    const page = await agent.get(link.pathname + link.search).expect(200);
    const token = /name="token" value="([^"]+)"/.exec(page.text)![1];
    const done = await agent
      .post('/verify-email')
      .type('form')
      .send({ _csrf: formToken(page.text), token })
      .expect(200);
    expect(done.text).to.contain('/login');
    expect((await login('waiting@test.example', NEW_PASSWORD)).status).to.equal(200);
    expect((await UserModel.findById(res.body.user.id).lean())?.pendingSince).to.equal(null);
  });

  it('a reset link also activates a waiting account (the address is proven), with the password its owner chooses', async () => {
    const { res } = await register('waiting.reset@test.example');
    const agent = ctx.request();
    const forgot = await agent.get('/password/forgot').expect(200);
    await agent
      .post('/password/forgot')
      .type('form')
      .send({ _csrf: formToken(forgot.text), email: 'waiting.reset@test.example' })
      .expect(200);
    const mail = await OutboxModel.findOne({ to: 'waiting.reset@test.example', kind: 'reset-password' }).lean();
    const token = /token=([\w-]+)/.exec(mailText(mail!)!)![1]!;
    const page = await agent.get(`/password/reset?token=${token}`).expect(200);
    await agent
      .post('/password/reset')
      .type('form')
      .send({ _csrf: formToken(page.text), token, password: PASSWORD, confirm: PASSWORD })
      .expect(200);
    expect((await login('waiting.reset@test.example', NEW_PASSWORD)).status).to.equal(401);
    expect((await login('waiting.reset@test.example', PASSWORD)).status).to.equal(200);
    expect((await UserModel.findById(res.body.user.id).lean())?.pendingSince).to.equal(null);
  });

  it('takes about the same time either way (the password is hashed in both branches)', async () => {
    await createUser('parent', { email: 'owner.timing@test.example' });
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const taken: number[] = [];
    const fresh: number[] = [];
    for (let i = 0; i < 5; i++) {
      fresh.push((await register(`timing${i}@test.example`)).ms);
      taken.push((await register('owner.timing@test.example')).ms);
    }
    const [t, f] = [median(taken), median(fresh)];
    expect(t, `taken ${taken.join(',')} / new ${fresh.join(',')}`).to.be.within(f / 3, f * 3);
  });

  it('page: a taken address and a new one land on the same "check your e-mail" page, signed in neither time', async () => {
    await createUser('host', { email: 'owner.page@test.example' });
    const submit = async (agent: supertest.Agent, email: string) => {
      const form = await agent.get('/register?role=host').expect(200);
      return agent
        .post('/register')
        .type('form')
        .send({ _csrf: formToken(form.text), role: 'host', name: 'Marc D.', email, password: NEW_PASSWORD, confirm: NEW_PASSWORD, language: 'en' });
    };
    const a = ctx.request();
    const b = ctx.request();
    const taken = await submit(a, 'owner.page@test.example');
    const fresh = await submit(b, 'fresh.page@test.example');
    expect(taken.status).to.equal(303);
    expect(fresh.status).to.equal(303);
    expect(taken.headers.location).to.equal('/register?sent=1');
    expect(fresh.headers.location).to.equal(taken.headers.location);
    const shownTaken = await a.get('/register?sent=1&lang=en').expect(200);
    const shownFresh = await b.get('/register?sent=1&lang=en').expect(200);
    const scrub = (html: string, email: string) =>
      html
        .split(email)
        .join('<email>')
        .replace(/name="_csrf" value="[^"]+"/g, '')
        .replace(/nonce="[^"]+"/g, '');
    expect(scrub(shownTaken.text, 'owner.page@test.example')).to.equal(scrub(shownFresh.text, 'fresh.page@test.example'));
    expect(shownFresh.text).to.contain('Check your e-mail').and.contain('fresh.page@test.example');
    for (const agent of [a, b]) await agent.get('/account').redirects(0).expect(303);
  });

  it('registration errors still come back as an error summary on the form', async () => {
    const agent = ctx.request();
    const form = await agent.get('/register?role=parent&lang=nl').expect(200);
    const post = await agent
      .post('/register')
      .type('form')
      .send({ _csrf: formToken(form.text), role: 'parent', name: '', email: 'x', password: 'short', confirm: 'other', language: 'nl' })
      .expect(303);
    const back = await agent.get(String(post.headers.location)).expect(200);
    expect(back.text).to.contain('class="error-summary"').and.contain('<a href="#email">');
  });

  it('the owner is not flooded: at most 3 notices an hour, the answer unchanged', async () => {
    await createUser('parent', { email: 'owner.flood@test.example' });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await register('owner.flood@test.example')).res.status);
    expect(answers).to.deep.equal([201, 201, 201, 201, 201, 201]);
    expect(await OutboxModel.countDocuments({ to: 'owner.flood@test.example', kind: 'registration-attempt' })).to.equal(3);
  });

  it('the per-address registration limit still holds (429 after 20 an hour)', async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await register(`limit${i}@test.example`)).res.status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).to.equal(true);
    expect(statuses[20]).to.equal(429);
  });

  it('two registrations of one new address at once: one account, both answered alike', async () => {
    const [one, two] = await Promise.all([register('twice@test.example'), register('twice@test.example')]);
    expect([one.res.status, two.res.status]).to.deep.equal([201, 201]);
    expect(withoutId(one.res.body, 'twice@test.example')).to.deep.equal(withoutId(two.res.body, 'twice@test.example'));
    expect(await UserModel.countDocuments({ email: 'twice@test.example' })).to.equal(1);
  });
});
