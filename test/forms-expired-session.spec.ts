// Issue 15: "When the session lapses while a step is being filled, submitting gives 'Erreur 403 – Le
// formulaire a expiré' and the answers are gone." Now nothing is written, the answers wait for their
// page in a new session, and after signing in again from there the form comes back filled in.
import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { createUser, formToken, PASSWORD, useTestApp } from './helpers/test-app.js';

describe('forms: an expired session keeps the answers (issue 15)', () => {
  const ctx = useTestApp();
  const endEverySession = () => mongoose.connection.collection('sessions').deleteMany({});

  async function signedIn(email: string, next = '') {
    const agent = ctx.request();
    const login = await agent.get(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`).expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: formToken(login.text), email, password: PASSWORD, ...(next ? { next } : {}) })
      .expect(303);
    return agent;
  }
  async function draftOf(agent: supertest.Agent): Promise<string> {
    const start = await agent.get('/my/application').expect(200);
    const created = await agent
      .post('/my/application')
      .type('form')
      .send({ _csrf: formToken(start.text) })
      .expect(303);
    return String(created.headers.location).replace(/\/you$/, '');
  }
  const typed = {
    'parent[firstName]': 'Nadia',
    'parent[lastName]': 'K.',
    'parent[birthYear]': '1990',
    'parent[email]': 'nadia@example.org',
    'parent[phone]': '0470 55 66 77',
    'parent[preferredLanguage]': 'fr',
  };

  it('the session lapses while a step is filled in: nothing written, sign in again from the page, the form is filled in with a message', async () => {
    const parent = await createUser('parent', { language: 'en' });
    const agent = await signedIn(parent.email);
    const base = await draftOf(agent);
    const step = await agent.get(`${base}/you`).expect(200);
    await endEverySession();
    const sent = await agent
      .post(`${base}/you`)
      .set('Referer', `http://${new URL(String(ctx.request().get('/').url)).host}${base}/you`)
      .type('form')
      .send({ _csrf: formToken(step.text), version: '0', action: 'next', ...typed, 'parent[password]': 'never kept' })
      .expect(303);
    expect(sent.headers.location).to.equal(`${base}/you`);
    const toLogin = await agent.get(`${base}/you`).expect(303);
    const next = decodeURIComponent(/next=([^&]+)/.exec(String(toLogin.headers.location))![1]!);
    expect(next).to.equal(`${base}/you`);
    const login = await agent.get(String(toLogin.headers.location)).expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: formToken(login.text), email: parent.email, password: PASSWORD, next })
      .expect(303)
      .expect('Location', next);
    const back = (await agent.get(next).expect(200)).text;
    expect(back).to.contain('Your session had ended, so nothing was saved yet');
    expect(back).to.contain('value="Nadia"').and.contain('value="nadia@example.org"').and.contain('value="0470 55 66 77"');
    expect(back).to.not.contain('never kept');
    expect(JSON.stringify(await mongoose.connection.collection('sessions').find({}).toArray())).to.not.contain('never kept');
    // Nothing was written meanwhile.
    const id = base.split('/').pop();
    expect((await agent.get(`/api/v1/families/${id}`).expect(200)).body.parent).to.equal(undefined);
    // Sent again, it is saved.
    const version = /name="version" value="(\d+)"/.exec(back)![1]!;
    await agent
      .post(`${base}/you`)
      .type('form')
      .send({ _csrf: formToken(back), version, action: 'later', ...typed })
      .expect(303);
    expect((await agent.get(`/api/v1/families/${id}`).expect(200)).body.parent.firstName).to.equal('Nadia');
  });

  it('someone else signing in later on the same computer, not from that page, does not get the answers', async () => {
    const first = await createUser('partner', { language: 'en' });
    const agent = await signedIn(first.email);
    const form = await agent.get('/referrals/new').expect(200);
    await endEverySession();
    const host = new URL(String(ctx.request().get('/').url)).host;
    await agent
      .post('/referrals/new')
      .set('Referer', `http://${host}/referrals/new`)
      .type('form')
      .send({ _csrf: formToken(form.text), 'referral[organisation]': 'CPAS SECRET-ORG' })
      .expect(303);
    const second = await createUser('partner', { language: 'en' });
    const login = await agent.get('/login').expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: formToken(login.text), email: second.email, password: PASSWORD })
      .expect(303);
    expect((await agent.get('/referrals/new').expect(200)).text).to.not.contain('SECRET-ORG');
  });

  it('the JSON API still answers 403 CSRF_INVALID', async () => {
    const res = await ctx.request().post('/api/v1/families').set('X-CSRF-Token', 'forged').send({});
    expect(res.status).to.equal(403);
    expect(res.body.error.code).to.equal('CSRF_INVALID');
  });
});
