// The HTML side of accounts, as a person without JavaScript would use it: forms, post/redirect/get,
// error summary, e-mail links from the outbox.
import { expect } from 'chai';
import type supertest from 'supertest';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { mailText } from '../src/kernel/mail/outbox.service.js';
import { UserModel } from '../src/kernel/auth/user.model.js';
import { createUser, formToken, PASSWORD, useTestApp } from './helpers/test-app.js';

async function page(agent: supertest.Agent, path: string) {
  const res = await agent.get(path).expect(200);
  return { html: res.text, token: formToken(res.text) };
}

async function linkFromLatestMail(to: string, kind: string): Promise<string> {
  const mail = await OutboxModel.findOne({ to, kind }).sort({ createdAt: -1 }).lean();
  const link = /https?:\/\/\S+/.exec(mail ? (mailText(mail) ?? '') : '')?.[0];
  if (!link) throw new Error(`no ${kind} link mailed to ${to}`);
  const url = new URL(link);
  return url.pathname + url.search;
}

describe('account pages', () => {
  const ctx = useTestApp();

  it('home page says what the service is, with the two ways in, in the chosen language', async () => {
    const fr = await ctx.request().get('/').expect(200);
    expect(fr.text).to.contain('<html lang="fr">');
    expect(fr.text).to.contain('href="/register?role=parent"').and.contain('href="/register?role=host"');
    expect(fr.text).to.contain('Je cherche un logement').and.contain('Je propose de la place');
    const nl = await ctx.request().get('/?lang=nl').expect(200);
    expect(nl.text).to.contain('<html lang="nl">').and.contain('Ik heb een woning nodig');
    expect(fr.headers['content-security-policy']).to.contain("script-src 'self'");
  });

  it('registration form: errors come back as a summary with links to the fields, input kept (no password)', async () => {
    const agent = ctx.request();
    const { token } = await page(agent, '/register?role=parent');
    const post = await agent
      .post('/register')
      .type('form')
      .send({ _csrf: token, role: 'parent', name: 'Fatou', email: 'not-an-email', password: 'short', confirm: 'shorter', language: 'fr' })
      .expect(303);
    expect(post.headers.location).to.equal('/register?role=parent');
    const back = await agent.get(String(post.headers.location)).expect(200);
    expect(back.text).to.contain('class="error-summary"');
    // Every problem at once, the password confirmation included.
    expect(back.text).to.contain('<a href="#email">').and.contain('<a href="#password">').and.contain('<a href="#confirm">');
    expect(back.text).to.contain('id="email-error"').and.contain('aria-invalid="true"');
    expect(back.text).to.contain('value="Fatou"');
    expect(back.text).not.to.contain('value="short"');
    // The kept state is shown once.
    const again = await agent.get('/register?role=parent').expect(200);
    expect(again.text).not.to.contain('class="error-summary"');
  });

  it('registration form: creates the account waiting for its link ("check your e-mail"); the e-mailed link activates it', async () => {
    const agent = ctx.request();
    const { token } = await page(agent, '/register?role=host');
    await agent
      .post('/register')
      .type('form')
      .send({ _csrf: token, role: 'host', name: 'Marc D.', email: 'marc@example.org', password: PASSWORD, confirm: PASSWORD, language: 'nl' })
      .expect(303)
      .expect('Location', '/register?sent=1');
    const sent = await agent.get('/register?sent=1').expect(200);
    expect(sent.text).to.contain('marc@example.org').and.not.contain('name="password"');
    // Not signed in: the account waits for its address to be confirmed.
    await agent.get('/account').redirects(0).expect(303);

    const verify = await linkFromLatestMail('marc@example.org', 'verify-email');
    const confirm = await page(agent, verify);
    const tokenField = /name="token" value="([^"]+)"/.exec(confirm.html)?.[1];
    await agent.post('/verify-email').type('form').send({ _csrf: confirm.token, token: tokenField }).expect(200);
    const user = await UserModel.findOne({ email: 'marc@example.org' }).lean();
    expect(user?.emailVerifiedAt).to.be.instanceOf(Date);
    // A used link does nothing more.
    const reused = await agent.get(verify).expect(200);
    expect(reused.text).not.to.contain('name="token"');
    // Now the account signs in, and lands on its page.
    const login = await page(agent, '/login');
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: login.token, email: 'marc@example.org', password: PASSWORD })
      .expect(303)
      .expect('Location', '/my/offer');
    const account = await agent.get('/account').expect(200);
    expect(account.text).to.contain('marc@example.org');
    expect(account.headers['cache-control']).to.equal('no-store');
  });

  it('login form: wrong password goes back with the error; right one signs in and follows a safe next', async () => {
    const worker = await createUser('worker');
    const agent = ctx.request();
    const first = await page(agent, '/login?next=/account');
    await agent.post('/login').type('form').send({ _csrf: first.token, email: worker.email, password: 'wrong password here', next: '/account' }).expect(303);
    const back = await agent.get('/login').expect(200);
    expect(back.text).to.contain('Adresse e-mail ou mot de passe incorrect.');
    const second = await page(agent, '/login');
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: second.token, email: worker.email, password: PASSWORD, next: 'https://evil.example/phish' })
      .expect(303)
      .expect('Location', '/work/dashboard');
    const home = await agent.get('/').expect(200);
    const logoutToken = formToken(home.text);
    await agent.post('/logout').type('form').send({ _csrf: logoutToken }).expect(303);
    await agent.get('/account').redirects(0).expect(303).expect('Location', '/login?next=%2Faccount');
  });

  it('a form posted without its CSRF token is refused: nothing done, back to the form with the answers (never the password) and a message', async () => {
    const agent = ctx.request();
    const res = await agent.post('/login').type('form').send({ email: 'a@b.c', password: 'secret-typed' }).expect(303);
    expect(res.headers.location).to.equal('/login');
    const back = await agent.get('/login').expect(200);
    expect(back.text).to.contain('Votre session s’était terminée').and.contain('value="a@b.c"').and.not.contain('secret-typed');
    expect((await agent.get('/account')).status).to.equal(303);
  });

  it('password reset: same answer for unknown addresses; the link sets a new password and ends other sessions', async () => {
    const parent = await createUser('parent', { email: 'reset.me@example.org' });
    const elsewhere = ctx.request();
    const login = await page(elsewhere, '/login');
    await elsewhere.post('/login').type('form').send({ _csrf: login.token, email: parent.email, password: PASSWORD }).expect(303);
    await elsewhere.get('/account').expect(200);

    const agent = ctx.request();
    const forgot = await page(agent, '/password/forgot');
    const unknown = await agent.post('/password/forgot').type('form').send({ _csrf: forgot.token, email: 'nobody@example.org' }).expect(200);
    const known = await agent.post('/password/forgot').type('form').send({ _csrf: forgot.token, email: parent.email }).expect(200);
    expect(unknown.text).to.equal(known.text);
    expect(await OutboxModel.countDocuments({ to: 'nobody@example.org' })).to.equal(0);

    const link = await linkFromLatestMail(parent.email, 'reset-password');
    const reset = await page(agent, link);
    const token = new URL(link, 'http://x').searchParams.get('token');
    const mismatch = await agent
      .post('/password/reset')
      .type('form')
      .send({ _csrf: reset.token, token, password: 'a brand new password', confirm: 'another one entirely' })
      .expect(303);
    const shown = await agent.get(String(mismatch.headers.location)).expect(200);
    expect(shown.text).to.contain('Les deux mots de passe ne sont pas identiques.');
    await agent
      .post('/password/reset')
      .type('form')
      .send({ _csrf: reset.token, token, password: 'a brand new password', confirm: 'a brand new password' })
      .expect(200);

    // The other browser is signed out; the new password works; the link cannot be used twice.
    await elsewhere.get('/account').redirects(0).expect(303);
    const relog = await page(agent, '/login');
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: relog.token, email: parent.email, password: 'a brand new password' })
      .expect(303)
      .expect('Location', '/my/application');
    const used = await agent.get(link).expect(200);
    expect(used.text).to.contain('plus valable').and.not.contain('name="password"');
  });

  it('coordinator creates a staff account from the page; a worker cannot open it', async () => {
    const coordinator = await createUser('coordinator');
    const agent = ctx.request();
    const login = await page(agent, '/login');
    await agent.post('/login').type('form').send({ _csrf: login.token, email: coordinator.email, password: PASSWORD }).expect(303);
    const users = await page(agent, '/admin/users');
    await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: users.token, role: 'partner', name: 'ONE Bruxelles', email: 'one@example.org', language: 'fr', password: '' })
      .expect(303);
    const list = await agent.get('/admin/users').expect(200);
    expect(list.text).to.contain('one@example.org');

    const worker = await createUser('worker');
    const other = ctx.request();
    const wl = await page(other, '/login');
    await other.post('/login').type('form').send({ _csrf: wl.token, email: worker.email, password: PASSWORD }).expect(303);
    await other.get('/admin/users').expect(403);
  });

  it('answers unknown pages with a translated 404 page', async () => {
    const res = await ctx.request().get('/nowhere').set('Accept-Language', 'en').expect(404);
    expect(res.text).to.contain('This page does not exist.');
    expect(res.text).not.to.contain('at '); // no stack trace outside development
  });
});
