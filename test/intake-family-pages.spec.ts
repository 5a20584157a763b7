// The family application pages as people without JavaScript use them: a parent on their own, a
// partner referring a family, a worker filling in on a parent's behalf. Forms are posted with the
// CSRF token and the record version read from the pages, as a browser would.
import { expect } from 'chai';
import type supertest from 'supertest';
import { createUser, formToken, useTestApp, formLogin } from './helpers/test-app.js';

type Form = Record<string, string | string[]>;

function isoDaysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const YEAR = new Date().getUTCFullYear();

/** One answer per step, as a browser sends the forms (qs names). */
const STEP_FORMS: Record<string, Form> = {
  you: {
    'parent[firstName]': 'Amina',
    'parent[lastName]': 'B.',
    'parent[birthYear]': '1991',
    'parent[email]': 'amina@example.org',
    'parent[phone]': '0470 12 34 56',
    'parent[languages][]': ['fr', 'ar'],
    'parent[preferredLanguage]': 'fr',
  },
  children: {
    'children[0][birthYear]': String(YEAR - 7),
    'children[0][sex]': 'f',
    'children[0][custody]': 'full',
    'children[1][birthYear]': String(YEAR - 4),
    'children[1][sex]': 'm',
    'children[1][custody]': 'alternate',
    'children[1][specialNeeds]': 'Asthma: no smoke',
    pregnant: 'false',
    'expectedChild[dueDate]': '',
  },
  situation: { 'situation[current]': 'family_or_friends', 'situation[urgency]': '3', 'situation[confidentialAddress]': 'false', 'situation[description]': '' },
  // The home the family needs, a few answers per page (issue 15).
  moving: { 'needs[moveInFrom]': isoDaysFromNow(10), 'needs[moveInBy]': isoDaysFromNow(70), 'needs[minDurationMonths]': '12' },
  where: { 'needs[communes][]': ['21009', '21013'], 'needs[communesRequired]': 'false' },
  budget: { 'needs[maxMonthlyContribution]': '450' },
  access: { 'needs[stepFreeAccess]': 'false', 'needs[privateBathroomRequired]': 'false' },
  'pets-smoking': { 'needs[smoker]': 'false', 'needs[acceptsSmokingHousehold]': 'false' },
  'daily-life': { 'lifestyle[schedule]': 'day', 'lifestyle[noise]': '1', 'lifestyle[guests]': '2', 'servicesOffered[]': ['babysitting', 'cooking'] },
  benefits: { 'benefits[source]': 'cpas', 'benefits[status]': 'isolated', 'consents[dataProcessing]': 'true', 'consents[shareProfile]': 'true' },
};
const STEPS = Object.keys(STEP_FORMS);

function versionIn(html: string): string {
  const match = /name="version" value="(\d+)"/.exec(html);
  if (!match?.[1]) throw new Error('no version field on the page');
  return match[1];
}

async function page(agent: supertest.Agent, path: string) {
  const res = await agent.get(path).expect(200);
  return { html: res.text, token: formToken(res.text) };
}

const login = (agent: supertest.Agent, email: string) => formLogin(agent, email);

/** Opens a step, posts its form with the page's token and version; returns the answer. */
async function postStep(agent: supertest.Agent, url: string, form: Form, action = 'next') {
  const { html, token } = await page(agent, url);
  const res = await agent
    .post(url)
    .type('form')
    .send({ _csrf: token, version: versionIn(html), action, ...form });
  expect(res.status, `POST ${url}`).to.equal(303);
  return res;
}

function errorLinks(html: string): string[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

describe('family application pages', () => {
  const ctx = useTestApp();

  const signedIn = async (role: 'parent' | 'partner' | 'worker') => {
    const user = await createUser(role);
    const agent = ctx.request();
    await login(agent, user.email);
    return { agent, user };
  };

  /** A parent who has started an application: the agent and the application's base URL. */
  const parentWithDraft = async () => {
    const { agent } = await signedIn('parent');
    const start = await page(agent, '/my/application');
    expect(start.html).to.contain('action="/my/application"');
    const created = await agent.post('/my/application').type('form').send({ _csrf: start.token }).expect(303);
    const location = String(created.headers.location);
    expect(location).to.match(/^\/my\/application\/[0-9a-f]{24}\/you$/);
    return { agent, base: location.replace(/\/you$/, '') };
  };

  const fillAll = async (agent: supertest.Agent, base: string, steps = STEPS) => {
    for (const [i, key] of steps.entries()) {
      const res = await postStep(agent, `${base}/${key}`, STEP_FORMS[key]!);
      expect(res.headers.location, key).to.equal(`${base}/${steps[i + 1] ?? 'review'}`);
    }
  };

  it('a parent goes through every step, sees the computed bedrooms, and submits only with the benefits warning read', async () => {
    const { agent, base } = await parentWithDraft();
    // Going to /my/application now leads to the application, whose steps are all to do.
    await agent.get('/my/application').expect(303).expect('Location', base);
    const overview = await page(agent, base);
    expect(overview.html).to.contain('Pas encore envoyée').and.contain(`href="${base}/you"`).and.contain('À faire');

    await fillAll(agent, base);
    const budget = await page(agent, `${base}/budget`);
    // Two children under 10 share a room, plus the parent's room (SPEC §6.1).
    expect(budget.html)
      .to.contain('Nombre de chambres\u00a0: 2')
      .and.contain('une chambre pour deux autres enfants')
      .and.contain('À partir de 10 ans')
      .and.contain('pas une loi');
    expect((await page(agent, `${base}/where`)).html).to.contain('value="21009" checked');
    const children = await page(agent, `${base}/children`);
    expect(children.html)
      .to.contain('Asthma: no smoke')
      .and.contain(`value="${YEAR - 4}"`);

    const review = await page(agent, `${base}/review`);
    expect(review.html).to.contain('Amina').and.contain('Ixelles').and.contain('Garder des enfants').and.contain('taux «\u00a0isolé\u00a0»');
    expect(review.html).not.to.contain('Encore à remplir');
    expect(review.html).to.contain(`href="${base}/children?from=review"`);

    const refused = await agent
      .post(`${base}/review`)
      .type('form')
      .send({ _csrf: review.token, version: versionIn(review.html) })
      .expect(303);
    expect(refused.headers.location).to.equal(`${base}/review`);
    const back = await page(agent, `${base}/review`);
    expect(errorLinks(back.html)).to.deep.equal(['#acknowledgeBenefitsWarning']);
    expect(back.html).to.contain('avertissement sur les allocations a été lu');

    await agent
      .post(`${base}/review`)
      .type('form')
      .send({ _csrf: back.token, version: versionIn(back.html), acknowledgeBenefitsWarning: 'true' })
      .expect(303)
      .expect('Location', base);
    const after = await agent.get(base).expect(200);
    expect(after.text).to.contain('Votre demande est envoyée').and.contain('État\u00a0: Envoyée').and.contain('va vous contacter');
    const id = base.split('/').pop();
    const api = await agent.get(`/api/v1/families/${id}`).expect(200);
    expect(api.body).to.include({ status: 'submitted', bedroomsNeeded: 2 });
    expect(api.body.benefitsWarningAcknowledgedAt).to.be.a('string');
    expect(api.body.children).to.deep.equal([
      { birthYear: YEAR - 7, sex: 'f', custody: 'full' },
      { birthYear: YEAR - 4, sex: 'm', custody: 'alternate', specialNeeds: 'Asthma: no smoke' },
    ]);
    expect(api.body.expectedChild).to.equal(null);
    expect(api.body.parent.languages).to.deep.equal(['fr', 'ar']);
  });

  it('a step with bad values comes back with the error summary linking to the fields, the input kept', async () => {
    const { agent, base } = await parentWithDraft();
    const future = await postStep(agent, `${base}/children`, { ...STEP_FORMS.children!, 'children[0][birthYear]': String(YEAR + 1) });
    expect(future.headers.location).to.equal(`${base}/children`);
    const children = await page(agent, `${base}/children`);
    expect(errorLinks(children.html)).to.deep.equal(['#children-0-birthYear']);
    expect(children.html)
      .to.contain('Indiquez une année déjà arrivée')
      .and.contain(`value="${YEAR + 1}"`)
      .and.contain('id="children-0-birthYear-error"');

    // Letters where numbers are asked: each error says what to enter, with an example.
    await postStep(agent, `${base}/moving`, { ...STEP_FORMS.moving!, 'needs[minDurationMonths]': '12 mois' });
    const months = await page(agent, `${base}/moving`);
    expect(errorLinks(months.html)).to.deep.equal(['#needs-minDurationMonths']);
    expect(months.html).to.contain('value="12 mois"').and.contain('Indiquez un nombre de mois de 1 à 120, par exemple 12.');
    await postStep(agent, `${base}/budget`, { 'needs[maxMonthlyContribution]': 'quatre cents' });
    const money = await page(agent, `${base}/budget`);
    expect(errorLinks(money.html)).to.deep.equal(['#needs-maxMonthlyContribution']);
    expect(money.html).to.contain('value="quatre cents"').and.contain('Indiquez un montant en euros de 0 à 5 000, par exemple 450.');

    await postStep(agent, `${base}/moving`, { ...STEP_FORMS.moving!, 'needs[moveInFrom]': isoDaysFromNow(60), 'needs[moveInBy]': isoDaysFromNow(20) });
    const dates = await page(agent, `${base}/moving`);
    expect(errorLinks(dates.html)).to.deep.equal(['#needs-moveInBy']);
    expect(dates.html)
      .to.contain(`value="${isoDaysFromNow(20)}"`)
      .and.contain('Indiquez une date qui vient après');

    // "Continue" saved nothing of the refused forms (they came back filled in); an emptied required
    // field is reported, not silently kept. ("Save and come back later": test/forms-keep-input.spec.ts.)
    await postStep(agent, `${base}/you`, STEP_FORMS.you!);
    await postStep(agent, `${base}/you`, { ...STEP_FORMS.you!, 'parent[lastName]': '', 'parent[email]': '' });
    const you = await page(agent, `${base}/you`);
    expect(errorLinks(you.html)).to.deep.equal(['#parent-lastName']);
    const id = base.split('/').pop();
    const saved = await agent.get(`/api/v1/families/${id}`).expect(200);
    expect(saved.body.needs).to.equal(undefined);
    expect(saved.body.children).to.equal(undefined);
    expect(saved.body.parent).to.include({ lastName: 'B.', email: 'amina@example.org' });
  });

  it('a submission with missing parts lists each of them, linking to the step and field where it is fixed', async () => {
    const { agent, base } = await parentWithDraft();
    // Steps left half-done with "Save and come back later" ("Continue" would ask for the rest at once).
    await postStep(agent, `${base}/you`, { ...STEP_FORMS.you!, 'parent[birthYear]': '' }, 'later');
    await postStep(agent, `${base}/benefits`, { 'benefits[source]': 'work' }, 'later');
    const overview = await page(agent, base);
    expect(overview.html).to.contain('À compléter ou corriger');

    const review = await page(agent, `${base}/review`);
    expect(review.html).to.contain('Encore à remplir avant d&#39;envoyer');
    await agent
      .post(`${base}/review`)
      .type('form')
      .send({ _csrf: review.token, version: versionIn(review.html), acknowledgeBenefitsWarning: 'true' })
      .expect(303);
    const back = await page(agent, `${base}/review`);
    const links = errorLinks(back.html);
    expect(links).to.include.members([
      `${base}/you?from=review#parent-birthYear`,
      `${base}/children?from=review#children`,
      `${base}/situation?from=review#situation`,
      // The home the family needs, never started: each of its pages is named.
      `${base}/moving?from=review#needs`,
      `${base}/where?from=review#needs`,
      `${base}/budget?from=review#needs`,
      `${base}/access?from=review#needs`,
      `${base}/pets-smoking?from=review#needs`,
      `${base}/daily-life?from=review#lifestyle`,
      `${base}/daily-life?from=review#servicesOffered`,
      `${base}/benefits?from=review#benefits-status`,
      `${base}/benefits?from=review#consents-dataProcessing`,
    ]);
    expect(back.html)
      .to.contain('Année de naissance – Ce champ est obligatoire.')
      .and.contain('L&#39;étape «\u00a0Vos enfants\u00a0» n&#39;est pas encore remplie.');
    expect(back.html).to.contain('checked'); // the ticked acknowledgement is kept
    // The linked fields exist on their steps.
    expect((await page(agent, `${base}/benefits`)).html)
      .to.contain('id="benefits-status"')
      .and.contain('id="consents-dataProcessing"');
    expect((await page(agent, `${base}/daily-life`)).html)
      .to.contain('id="lifestyle"')
      .and.contain('id="servicesOffered"');
    const id = base.split('/').pop();
    expect((await agent.get(`/api/v1/families/${id}`).expect(200)).body.status).to.equal('draft');
  });

  it('children rows are added and removed without JavaScript', async () => {
    const { agent, base } = await parentWithDraft();
    const first = await page(agent, `${base}/children`);
    expect(first.html).to.contain('id="children-0-birthYear"').and.not.contain('id="children-1-birthYear"');
    // The form's first submit button saves and continues, so Enter never removes a row.
    expect(/<button type="submit"[^>]*>/.exec(first.html.slice(first.html.indexOf(`action="${base}/children"`)))?.[0]).to.contain('value="next"');

    const added = await postStep(
      agent,
      `${base}/children`,
      { 'children[0][birthYear]': String(YEAR - 2), 'children[0][sex]': 'm', 'children[0][custody]': 'full' },
      'add',
    );
    expect(added.headers.location).to.equal(`${base}/children?add=1#children-1-birthYear`);
    const two = await page(agent, String(added.headers.location).split('#')[0]!);
    expect(two.html)
      .to.contain('id="children-1-birthYear"')
      .and.contain('Enfant 2')
      .and.contain(`value="${YEAR - 2}"`);

    const rows = {
      'children[0][birthYear]': String(YEAR - 2),
      'children[0][sex]': 'm',
      'children[0][custody]': 'full',
      'children[1][birthYear]': String(YEAR - 12),
      'children[1][sex]': 'f',
      'children[1][custody]': 'weekends',
    };
    await postStep(agent, `${base}/children?add=1`, rows, 'add');
    const three = await page(agent, `${base}/children?add=1`);
    expect(three.html)
      .to.contain('id="children-2-birthYear"')
      .and.contain(`value="${YEAR - 12}"`);

    const removed = await agent
      .post(`${base}/children`)
      .type('form')
      .send({ _csrf: three.token, version: versionIn(three.html), action: 'remove-0', ...rows, 'children[2][birthYear]': '' })
      .expect(303);
    expect(removed.headers.location).to.equal(`${base}/children#children`);
    const one = await page(agent, `${base}/children`);
    expect(one.html)
      .to.contain(`value="${YEAR - 12}"`)
      .and.not.contain(`value="${YEAR - 2}"`)
      .and.not.contain('id="children-1-birthYear"');
    const id = base.split('/').pop();
    expect((await agent.get(`/api/v1/families/${id}`).expect(200)).body.children).to.deep.equal([{ birthYear: YEAR - 12, sex: 'f', custody: 'weekends' }]);

    // Removing the last child leaves an empty list (a parent expecting a first baby).
    const last = await page(agent, `${base}/children`);
    await agent
      .post(`${base}/children`)
      .type('form')
      .send({
        _csrf: last.token,
        version: versionIn(last.html),
        action: 'remove-0',
        'children[0][birthYear]': String(YEAR - 12),
        'children[0][sex]': 'f',
        'children[0][custody]': 'weekends',
      })
      .expect(303);
    const none = await page(agent, `${base}/children`);
    expect(none.html).to.contain('pas encore ajouté d&#39;enfant').and.not.contain('id="children-0-birthYear"');
  });

  it("a second parent cannot open or change the first parent's application (404)", async () => {
    const { base } = await parentWithDraft();
    const { agent: other } = await signedIn('parent');
    await other.get(base).expect(404);
    await other.get(`${base}/you`).expect(404);
    await other.get(`${base}/review`).expect(404);
    const own = await page(other, '/my/application');
    await other
      .post(`${base}/you`)
      .type('form')
      .send({ _csrf: own.token, ...STEP_FORMS.you })
      .expect(404);
    await other.post(`${base}/review`).type('form').send({ _csrf: own.token, acknowledgeBenefitsWarning: 'true' }).expect(404);
    // Other roles' pages are closed to a parent.
    await other.get('/referrals').expect(403);
    await other.get('/work/families/new').expect(403);
  });

  it('a partner refers a family with its consent, fills the steps, and then sees only the status', async () => {
    const { agent, user } = await signedIn('partner');
    const list = await page(agent, '/referrals');
    expect(list.html).to.contain('href="/referrals/new"');
    const form = await page(agent, '/referrals/new');
    expect(form.html).to.contain(`value="${user.email}"`);
    const referral = {
      'referral[organisation]': 'CPAS de Saint-Gilles',
      'referral[contactName]': 'Léa M.',
      'referral[contactEmail]': user.email,
      'referral[note]': '',
    };
    await agent
      .post('/referrals/new')
      .type('form')
      .send({ _csrf: form.token, ...referral, 'referral[contactEmail]': 'pas-un-email' })
      .expect(303)
      .expect('Location', '/referrals/new');
    const refused = await page(agent, '/referrals/new');
    expect(errorLinks(refused.html)).to.have.members(['#familyConsent', '#referral-contactEmail']);
    expect(refused.html).to.contain('value="CPAS de Saint-Gilles"');

    const created = await agent
      .post('/referrals/new')
      .type('form')
      .send({ _csrf: refused.token, ...referral, familyConsent: 'true' })
      .expect(303);
    const base = String(created.headers.location).replace(/\/you$/, '');
    expect(base).to.match(/^\/referrals\/[0-9a-f]{24}$/);
    await fillAll(agent, base);
    const review = await page(agent, `${base}/review`);
    expect(review.html).to.contain('CPAS de Saint-Gilles').and.contain('J&#39;ai expliqué cet avertissement à la famille');
    await agent
      .post(`${base}/review`)
      .type('form')
      .send({ _csrf: review.token, version: versionIn(review.html), acknowledgeBenefitsWarning: 'true' })
      .expect(303)
      .expect('Location', '/referrals');

    const after = await page(agent, '/referrals');
    expect(after.html).to.contain('Amina B.').and.contain('Envoyée').and.contain('L&#39;orientation est envoyée');
    const status = await page(agent, base);
    expect(status.html).to.contain('État\u00a0: Envoyée').and.not.contain('Asthma').and.not.contain(`${base}/you`);
    await agent.get(`${base}/children`).expect(303).expect('Location', base);
    await agent
      .get(`${base}/review`)
      .expect(200)
      .then((res) => expect(res.text).not.to.contain('Asthma'));
  });

  it('a worker fills in an application on behalf of a parent without an account and submits it', async () => {
    const { agent } = await signedIn('worker');
    const start = await page(agent, '/work/families/new');
    const created = await agent.post('/work/families/new').type('form').send({ _csrf: start.token }).expect(303);
    const base = String(created.headers.location).replace(/\/you$/, '');
    expect(base).to.match(/^\/work\/families\/[0-9a-f]{24}\/application$/);
    const you = await page(agent, `${base}/you`);
    expect(you.html).to.contain('Vous remplissez cette demande avec le parent').and.not.contain('value="worker');
    await fillAll(agent, base, STEPS);
    const review = await page(agent, `${base}/review`);
    expect(review.html).to.contain('J&#39;ai expliqué cet avertissement au parent');
    const id = base.split('/')[3];
    await agent
      .post(`${base}/review`)
      .type('form')
      .send({ _csrf: review.token, version: versionIn(review.html), acknowledgeBenefitsWarning: 'true' })
      .expect(303)
      .expect('Location', `/work/families/${id}`);
    const api = await agent.get(`/api/v1/families/${id}`).expect(200);
    expect(api.body).to.include({ status: 'submitted', ownerUserId: null });
    // A partner or parent is kept out of the worker's pages.
    const { agent: partner } = await signedIn('partner');
    await partner.get(`${base}/you`).expect(403);
  });

  it('every page of the three flows is complete in French, Dutch and English (no untranslated key)', async () => {
    const { agent, base } = await parentWithDraft();
    await fillAll(agent, base);
    const { agent: partner } = await signedIn('partner');
    const { agent: worker } = await signedIn('worker');
    const pages: [supertest.Agent, string][] = [
      ...[base, ...STEPS.map((s) => `${base}/${s}`), `${base}/review`].map((p): [supertest.Agent, string] => [agent, p]),
      [partner, '/referrals'],
      [partner, '/referrals/new'],
      [worker, '/work/families/new'],
    ];
    for (const lang of ['nl', 'en', 'fr'] as const) {
      for (const [who, path] of pages) {
        const res = await who.get(`${path}?lang=${lang}`).expect(200);
        expect(res.text, `${lang} ${path}`).to.contain(`<html lang="${lang}">`);
        expect(res.text, `${lang} ${path}`).not.to.match(/intake\.(familyPages|vocab)\.|validation\./);
      }
    }
    const nl = await agent.get(`${base}/budget?lang=nl`).expect(200);
    expect(nl.text).to.contain('Aantal slaapkamers: 2');
    expect((await agent.get(`${base}/where?lang=nl`).expect(200)).text)
      .to.contain('Elsene')
      .and.contain('Sint-Gillis');
  });

  it('two people editing the same step: the second save is refused with the error summary', async () => {
    const { agent, base } = await parentWithDraft();
    const stale = await page(agent, `${base}/situation`);
    await postStep(agent, `${base}/situation`, STEP_FORMS.situation!);
    await agent
      .post(`${base}/situation`)
      .type('form')
      .send({ _csrf: stale.token, version: versionIn(stale.html), ...STEP_FORMS.situation, 'situation[urgency]': '4' })
      .expect(303)
      .expect('Location', `${base}/situation`);
    const back = await page(agent, `${base}/situation`);
    expect(back.html).to.contain('class="error-summary"').and.contain('#situation-urgency');
  });
});
