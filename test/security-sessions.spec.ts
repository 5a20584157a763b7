// Issue 16, finding 11: every request without a cookie stored a session (1,000 `GET /` → 1,000
// session documents), a cheap way to fill the database. Now a session is stored only when there is
// something to keep: a form's token on a page that has a form, a sign-in, a language chosen.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { SESSION_COOKIE } from '../src/kernel/http/session.js';
import { createUser, formLogin, formToken, useTestApp } from './helpers/test-app.js';

describe('security: sessions only when something is stored (issue 16, finding 11)', () => {
  const ctx = useTestApp();
  const sessions = () => mongoose.connection.collection('sessions').countDocuments();
  const setsCookie = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie'] ?? '').includes(`${SESSION_COOKIE}=`);

  it('pages without a form, static files, redirects to the login page and health checks: no session, no cookie', async () => {
    const before = await sessions();
    for (let i = 0; i < 50; i++) {
      for (const path of ['/', '/privacy', '/healthz', '/static/app.css']) {
        const res = await ctx.request().get(path);
        expect(res.status, path).to.be.oneOf([200, 503]);
        expect(setsCookie(res), path).to.equal(false);
      }
      const redirected = await ctx.request().get('/my/application');
      expect(redirected.status).to.be.oneOf([302, 303]);
      expect(setsCookie(redirected)).to.equal(false);
    }
    expect(await sessions()).to.equal(before);
  });

  it('a page with a form stores one session for its token, and the form works with it', async () => {
    const before = await sessions();
    const agent = ctx.request();
    const login = await agent.get('/login').expect(200);
    expect(setsCookie(login)).to.equal(true);
    expect(await sessions()).to.equal(before + 1);
    const user = await createUser('parent');
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: formToken(login.text), email: user.email, password: 'correct horse battery staple' })
      .expect(303);
    expect((await agent.get('/account').expect(200)).text).to.contain(user.email);
  });

  it('signed in, the logout form in the header still carries a working token', async () => {
    const user = await createUser('worker');
    const agent = ctx.request();
    await formLogin(agent, user.email);
    const page = await agent.get('/work').expect(200);
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: formToken(page.text) })
      .expect(303);
    await agent.get('/work').expect((res) => expect(res.status).to.be.oneOf([302, 303]));
  });
});
