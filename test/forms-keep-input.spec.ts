// Issue 15: forms never lose what a person typed. On the parent's application, as a phone without
// JavaScript posts it: one pass of errors, "Save and come back later" keeps every valid answer and
// names those it could not keep, "Continue" asks for the step's required answers, and a change
// made from "Check your answers" goes back to it.
import { expect } from 'chai';
import type supertest from 'supertest';
import { createUser, formToken, PASSWORD, useTestApp } from './helpers/test-app.js';

type Form = Record<string, string | string[]>;

const YOU: Form = {
  'parent[firstName]': 'Amina',
  'parent[lastName]': 'B.',
  'parent[birthYear]': '1991',
  'parent[email]': 'amina@example.org',
  'parent[phone]': '0470 12 34 56',
  'parent[languages][]': ['fr', 'ar'],
  'parent[preferredLanguage]': 'fr',
};

describe('forms keep what a person typed (issue 15)', () => {
  const ctx = useTestApp();

  async function page(agent: supertest.Agent, path: string) {
    const res = await agent.get(path).expect(200);
    return { html: res.text, token: formToken(res.text), version: /name="version" value="(\d+)"/.exec(res.text)?.[1] ?? '' };
  }
  async function post(agent: supertest.Agent, url: string, form: Form, action = 'next', opened = url) {
    const { token, version } = await page(agent, opened);
    const body = new URLSearchParams({ _csrf: token, version, action });
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    if (opened.includes('from=review')) body.append('returnTo', 'review');
    return agent.post(url).type('form').send(body.toString()).expect(303);
  }
  const errorLinks = (html: string) => [...(/<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
  async function draft() {
    const user = await createUser('parent', { language: 'en' });
    const agent = ctx.request();
    const login = await page(agent, '/login');
    await agent.post('/login').type('form').send({ _csrf: login.token, email: user.email, password: PASSWORD }).expect(303);
    const start = await page(agent, '/my/application');
    const created = await agent.post('/my/application').type('form').send({ _csrf: start.token }).expect(303);
    const base = String(created.headers.location).replace(/\/you$/, '');
    return { agent, base, id: base.split('/').pop()! };
  }
  const stored = async (agent: supertest.Agent, id: string) => (await agent.get(`/api/v1/families/${id}`).expect(200)).body;

  it('"Save and come back later" with one wrong phone keeps every other answer and says which one it could not keep', async () => {
    const { agent, base, id } = await draft();
    const res = await post(agent, `${base}/you`, { ...YOU, 'parent[phone]': '0470 12 34 5x' }, 'later');
    expect(res.headers.location).to.equal(base);
    const home = await page(agent, base);
    expect(home.html).to.contain('Your answers are saved, except: Phone');
    const parent = (await stored(agent, id)).parent;
    expect(parent).to.include({ firstName: 'Amina', lastName: 'B.', birthYear: 1991, email: 'amina@example.org', preferredLanguage: 'fr' });
    expect(parent.phone).to.equal(undefined);
    // Coming back, the step shows what was kept.
    const step = await page(agent, `${base}/you`);
    expect(step.html).to.contain('value="Amina"').and.contain('value="amina@example.org"').and.contain('value="1991"');
  });

  it('every error of a step at once, in the order of the fields: birth year 2031, a bad e-mail and a phone in letters', async () => {
    const { agent, base, id } = await draft();
    const res = await post(agent, `${base}/you`, {
      ...YOU,
      'parent[birthYear]': '2031',
      'parent[email]': 'amina-at-example',
      'parent[phone]': 'zero four seven',
    });
    expect(res.headers.location).to.equal(`${base}/you`);
    const back = await page(agent, `${base}/you`);
    expect(errorLinks(back.html)).to.deep.equal(['#parent-birthYear', '#parent-email', '#parent-phone']);
    expect(back.html).to.contain('value="2031"').and.contain('value="amina-at-example"').and.contain('value="zero four seven"');
    // "Continue" saved nothing while something was wrong: the form came back with all of it.
    expect((await stored(agent, id)).parent).to.equal(undefined);
  });

  it('"Continue" on an empty step stays there and names each required answer', async () => {
    const { agent, base } = await draft();
    const res = await post(agent, `${base}/you`, {});
    expect(res.headers.location).to.equal(`${base}/you`);
    const back = await page(agent, `${base}/you`);
    expect(errorLinks(back.html)).to.include.members(['#parent-firstName', '#parent-lastName', '#parent-birthYear']);
    // "Save and come back later" on the same empty step is fine: nothing to keep, nothing lost.
    expect((await post(agent, `${base}/you`, {}, 'later')).headers.location).to.equal(base);
  });

  it('a change made from "Check your answers" goes back to it, also after an error on the way', async () => {
    const { agent, base, id } = await draft();
    await post(agent, `${base}/you`, YOU);
    const review = await page(agent, `${base}/review`);
    expect(review.html).to.contain(`href="${base}/you?from=review"`);
    const wrong = await post(agent, `${base}/you`, { ...YOU, 'parent[birthYear]': '19' }, 'next', `${base}/you?from=review`);
    expect(wrong.headers.location).to.equal(`${base}/you?from=review`);
    const fixed = await post(agent, `${base}/you`, { ...YOU, 'parent[firstName]': 'Aminata' }, 'next', `${base}/you?from=review`);
    expect(fixed.headers.location).to.equal(`${base}/review`);
    expect((await stored(agent, id)).parent.firstName).to.equal('Aminata');
  });

  it('the same step saved in two tabs: the second says so (not "someone else"), names what was saved, in Brussels time, and keeps its input', async () => {
    const { agent, base } = await draft();
    const tab1 = await page(agent, `${base}/you`);
    const tab2 = await page(agent, `${base}/you`);
    const send = (tab: { token: string; version: string }, form: Form) => {
      const body = new URLSearchParams({ _csrf: tab.token, version: tab.version, action: 'next' });
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      return agent.post(`${base}/you`).type('form').send(body.toString()).expect(303);
    };
    await send(tab1, YOU);
    await send(tab2, { ...YOU, 'parent[firstName]': 'Aminata' });
    const back = await page(agent, `${base}/you`);
    expect(back.html).to.contain('This page was saved meanwhile from another tab or window').and.contain('First name – Saved from another tab or window at');
    expect(back.html).to.not.contain('Someone else').and.not.contain('(UTC)');
    expect(back.html).to.contain('value="Aminata"');
    // The title says there is an error; the page says until when it stays open.
    expect(/<title>([^<]*)<\/title>/.exec(back.html)![1]).to.match(/^Error: /);
    expect(back.html).to.match(/this page stays open until \d{1,2}:\d{2}/);
  });
});
