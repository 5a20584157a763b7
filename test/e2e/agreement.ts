// The demo parent, on a 390 × 844 phone without JavaScript (issue 17): the proposal she shares with
// the demo host goes ahead (she accepts in the browser; the host and the worker act through the API),
// she reads the printable "convention d'occupation d'une partie du logement" — declarations of
// separate households, mediation clause, no "cohabitation" for the arrangement — agrees to it, then
// ticks one piece of evidence with the day it became true (a day in the future comes back first)
// and finds that day in the agreement's annex.
import type { Browser } from 'playwright-core';
import { brusselsDay, formatDate } from '../../src/kernel/i18n/format.js';
import { addDays } from '../../src/modules/followup/schedule.js';
import { Journey, PHONE_390 } from './browser.js';
import { check, expectErrorSummary, must } from './checks.js';

const PASSWORD = 'demo-cohabitation-2026';
const DEMO = { parent: 'parent@demo.cohabitation.test', host: 'host@demo.cohabitation.test', worker: 'worker@demo.cohabitation.test' };
const TITLE = "Convention d'occupation d'une partie du logement";

/** A signed-in JSON API client (plain HTTP): the host's and the worker's steps, which are not this journey's subject. */
async function apiAs(baseUrl: string, email: string) {
  let cookie = '';
  const keep = (res: Response) => {
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    if (set.length) cookie = set.join('; ');
  };
  const call = async (method: string, path: string, body?: object, token?: string) => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json', ...(token ? { 'x-csrf-token': token } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    keep(res);
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
  };
  const session = await call('GET', '/session');
  const login = await call('POST', '/session', { email, password: PASSWORD }, String(session.body.csrfToken));
  check(login.status === 200, `${email} could not sign in to the API (${login.status})`);
  const token = String(login.body.csrfToken);
  return { get: (path: string) => call('GET', path), send: (path: string, body: object) => call('POST', path, body, token) };
}

/** The demo accounts' proposal, accepted by the host; the worker writes the agreement (started three days ago). */
async function hostAndWorkerAgree(baseUrl: string, proposalId: string): Promise<void> {
  const host = await apiAs(baseUrl, DEMO.host);
  const answer = await host.send(`/proposals/${proposalId}/responses`, { decision: 'accept' });
  check(answer.status === 200 && answer.body.status === 'accepted', `the demo host's answer: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  const worker = await apiAs(baseUrl, DEMO.worker);
  const proposal = await worker.get(`/proposals/${proposalId}`);
  const family = await worker.get(`/families/${String(proposal.body.familyId)}`);
  const max = Number((family.body.needs as { maxMonthlyContribution?: number } | undefined)?.maxMonthlyContribution ?? 300);
  const agreement = {
    monthlyContribution: Math.min(300, max),
    servicesExchanged: [{ code: 'gardening', hoursPerWeek: 2 }],
    houseRules: 'Calme après 22 h. Chacun range la cuisine après usage.',
    sharedSpacesSchedule: 'Cuisine pour la famille de 17 h à 19 h.',
  };
  const created = await worker.send('/cohabitations', { proposalId, startDate: addDays(brusselsDay(), -3), agreement });
  check(created.status === 201, `the worker could not write the agreement: ${created.status} ${JSON.stringify(created.body).slice(0, 400)}`);
}

/**
 * The demo parent's pending proposal. The journeys before this one may have placed another family in
 * the demo host's home (which cancels her proposal with it) and ended that placement: the demo worker
 * then proposes the same pair again, as a worker would.
 */
async function pendingProposalOfDemoParent(baseUrl: string): Promise<string> {
  const parent = await apiAs(baseUrl, DEMO.parent);
  const pending = (await parent.get('/proposals?status=pending')).body.items as { id: string }[] | undefined;
  if (pending?.[0]) return pending[0].id;
  const past = (await parent.get('/proposals')).body.items as { familyId: string; offerId: string }[] | undefined;
  const pair = must(past?.[0], 'the demo parent has no proposal at all');
  const worker = await apiAs(baseUrl, DEMO.worker);
  const again = await worker.send('/proposals', { familyId: pair.familyId, offerId: pair.offerId });
  check(again.status === 201, `the demo worker could not propose the demo pair again: ${again.status} ${JSON.stringify(again.body).slice(0, 400)}`);
  return String(again.body.id);
}

export async function agreementWithoutJavaScript(browser: Browser, baseUrl: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'g-agreement-nojs', { viewport: PHONE_390, javaScript: false });
  const { page } = j;
  const main = page.locator('main');
  const fits = async (where: string) => {
    const width = await page.locator('html').evaluate((html) => html.scrollWidth);
    check(width <= PHONE_390.width, `${where} is ${width} px wide on a ${PHONE_390.width} px phone`);
  };
  try {
    await j.signIn(DEMO.parent, PASSWORD);

    // Her home-sharing: the one she has, or the demo proposal she accepts now.
    await j.goto('/my/cohabitation', 'my-home-sharing-before');
    if ((await main.locator('a[href$="/agreement"]').count()) === 0) {
      const proposalId = await pendingProposalOfDemoParent(baseUrl);
      await j.goto('/my/proposals', 'my-proposals');
      await j.submit(main.locator(`a.button[href="/proposals/${proposalId}"]`), 'proposal');
      await j.submit(main.locator(`form[action="/proposals/${proposalId}/responses"] input[value="accept"] ~ button`), 'proposal-accepted');
      await hostAndWorkerAgree(baseUrl, proposalId);
      await j.goto('/my/cohabitation', 'my-home-sharing');
    }
    check((await page.locator('h1').innerText()).trim() === 'Mon logement partagé', 'the parent\'s page is not "Mon logement partagé"');

    // The printable agreement: its name, the declarations, the mediation clause, never "cohabitation".
    await j.submit(main.locator('a[href$="/agreement"]').first(), 'agreement');
    const agreementUrl = page.url();
    check((await page.locator('h1').innerText()).trim() === TITLE, `the agreement is titled "${await page.locator('h1').innerText()}"`);
    const paper = await main.innerText();
    for (const part of [
      "n'est pas un bail de tout le logement",
      'Deux ménages séparés',
      'son propre budget',
      'ses propres repas',
      'ses propres factures',
      'sa propre sonnette',
      'comme un ménage séparé',
      'En cas de désaccord',
      'demande au service une médiation',
      'Annexe : les preuves de deux ménages séparés',
    ])
      check(paper.includes(part), `the agreement does not say "${part}"`);
    check(!/cohabitation/i.test(paper.replace(/L['’]équipe Cohabitation/g, '')), 'the agreement names the arrangement a "cohabitation"');
    await fits('the agreement');
    const sign = main.locator('form[action$="/sign"] button[type=submit]');
    if ((await sign.count()) === 1) await j.submit(sign, 'agreement-signed');
    await page.emulateMedia({ media: 'print' });
    await j.landed('agreement-print', false);
    check(!(await page.locator('.site-header').isVisible()), 'the menus are printed with the agreement');
    await page.emulateMedia({ media: 'screen' });

    // From the annex to her page: one piece of evidence, with the day it became true.
    await j.submit(main.locator('#annex a[href^="/my/cohabitation"]'), 'evidence-on-my-page');
    const form = main.locator('form[action$="/checklist/evidence.separateBills"]');
    check((await form.count()) === 1, 'no form to tick "Chaque ménage a ses propres factures" on the parent\'s page');
    const date = form.locator('input[type=date]');
    const tomorrow = addDays(brusselsDay(), 1);
    await date.fill(tomorrow);
    await j.submit(form.locator('button[type=submit]'), 'evidence-future-date');
    await expectErrorSummary(page, 'a day in the future');
    check((await main.locator('.error-summary').innerText()).includes('Chaque ménage a ses propres factures'), 'the error summary does not name the item');
    check((await form.locator('input[type=date]').inputValue()) === tomorrow, 'the day typed is lost after the error');
    const day = addDays(brusselsDay(), -1);
    await form.locator('input[type=date]').fill(day);
    await j.submit(form.locator('button[type=submit]'), 'evidence-ticked');
    const since = `Depuis le ${formatDate(day, 'fr')}`;
    check((await main.locator('li[id$="-evidence-separateBills"]').innerText()).includes(since), `the parent's page does not say "${since}"`);
    await fits("the parent's page");

    // The annex of the agreement says it too.
    await j.goto(agreementUrl.replace(baseUrl, ''), 'agreement-annex');
    const annex = await main.locator('#annex-evidence-separateBills').innerText();
    check(annex.includes('✓') && annex.includes(since), `the annex says "${annex}"`);

    // And the support worker's case page.
    const cohabitationId = must(/\/cohabitations\/([0-9a-f]{24})\/agreement/.exec(agreementUrl)?.[1], `no id in ${agreementUrl}`);
    await workerSees(browser, baseUrl, cohabitationId, since);
  } finally {
    await j.context.close();
  }
}

async function workerSees(browser: Browser, baseUrl: string, cohabitationId: string, since: string): Promise<void> {
  const w = await Journey.open(browser, baseUrl, 'g-agreement-nojs-worker', { viewport: PHONE_390, javaScript: false });
  try {
    await w.goto('/login', 'worker-login');
    await w.page.fill('#email', DEMO.worker);
    await w.page.fill('#password', PASSWORD);
    await w.submit(w.page.locator('main form button[type=submit]'), 'worker-signed-in');
    await w.goto(`/work/cohabitations/${cohabitationId}#checklist-title`, 'worker-case-checklist');
    const line = await w.page.locator(`#item-${cohabitationId}-evidence-separateBills`).innerText();
    check(line.includes(since) && line.includes('Les deux'), `the worker's case page says "${line}"`);
  } finally {
    await w.context.close();
  }
}
