// Issue 17 on a 390 × 844 phone without JavaScript: the benefits check pages of the demo. The demo
// parent (a family on the CPAS with family dependants) opens her proposal and, from its warning, her
// own check page; the demo host (on the GRAPA) his; the support worker the check page of the demo
// family's proposal, with both households, and its printed form. Each party's page says nothing of
// the other household's benefits.
import type { Browser } from 'playwright-core';
import { Journey, PHONE_390 } from './browser.js';
import { check, must } from './checks.js';

const PARENT = 'parent@demo.cohabitation.test';
const HOST = 'host@demo.cohabitation.test';
const WORKER = 'worker@demo.cohabitation.test';

async function mainText(j: Journey): Promise<string> {
  return j.page.locator('main').innerText();
}

/** Nothing wider than the phone: no sideways scrolling. */
async function fitsThePhone(j: Journey, where: string): Promise<void> {
  const width = await j.page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= PHONE_390.width, `${where}: the page is ${width} px wide on a ${PHONE_390.width} px phone`);
}

/** A party: their proposal, its warning, the link to their own check page. Returns the proposal's id. */
async function partyCheck(
  browser: Browser,
  baseUrl: string,
  who: 'parent' | 'host',
  expect: { has: string[]; hasNot: string[] },
  proposalId?: string,
): Promise<string> {
  const j = await Journey.open(browser, baseUrl, `g-benefits-${who}`, { viewport: PHONE_390, javaScript: false });
  try {
    await j.signIn(who === 'parent' ? PARENT : HOST);
    await j.goto('/my/proposals', 'my-proposals');
    // The host may have had other proposals since (the journeys before this one): the demo family's, when known.
    await j.submit(j.page.locator(proposalId ? `main a[href="/proposals/${proposalId}"]` : 'main a[href^="/proposals/"]').first(), 'proposal');
    const id = must(/\/proposals\/([0-9a-f]{24})/.exec(j.page.url())?.[1], `no proposal id in ${j.page.url()}`);
    const warning = await j.page.locator('main section.warning#benefits').innerText();
    for (const word of expect.has.slice(0, 1)) check(warning.includes(word), `${who}: the proposal's warning does not say "${word}":\n${warning}`);
    await j.submit(j.page.locator(`main a[href="/proposals/${id}/benefits"]`), 'benefits-check');
    const text = await mainText(j);
    for (const word of expect.has) check(text.includes(word), `${who}: the benefits check page does not say "${word}":\n${text.slice(0, 1500)}`);
    for (const word of expect.hasNot) check(!text.includes(word), `${who}: the benefits check page shows "${word}", from the other household`);
    check(text.includes('Preuves de ménages séparés'), `${who}: no proofs of separate households on the check page`);
    await fitsThePhone(j, `${who} check page`);
    return id;
  } finally {
    await j.close();
  }
}

export async function benefitsJourney(browser: Browser, baseUrl: string): Promise<void> {
  const proposalId = await partyCheck(browser, baseUrl, 'parent', {
    has: ['famille à charge', 'allocations familiales plus élevées des familles monoparentales', 'service social de votre CPAS'],
    hasNot: ['GRAPA', 'Dewaele'],
  });
  const hostProposal = await partyCheck(
    browser,
    baseUrl,
    'host',
    { has: ['Garantie de revenus aux personnes âgées (GRAPA)', 'montant de base', 'Service fédéral des Pensions'], hasNot: ['famille à charge', 'Delcourt'] },
    proposalId,
  );
  check(proposalId === hostProposal, `the demo parent's proposal (${proposalId}) is not the demo host's (${hostProposal})`);

  const j = await Journey.open(browser, baseUrl, 'g-benefits-worker', { viewport: PHONE_390, javaScript: false });
  try {
    await j.signIn(WORKER);
    await j.goto(`/proposals/${proposalId}`, 'proposal');
    await j.submit(j.page.locator(`main a[href="/proposals/${proposalId}/benefits"]`), 'benefits-check');
    const text = await mainText(j);
    for (const word of ['Sarah Delcourt', 'Jean Dewaele', 'famille à charge', 'GRAPA', 'À préparer'])
      check(text.includes(word), `worker: the benefits check page does not say "${word}":\n${text.slice(0, 1500)}`);
    await fitsThePhone(j, 'worker check page');
    // Printed: no menu, no links back, the whole page on paper.
    await j.page.emulateMedia({ media: 'print' });
    check(!(await j.page.locator('main p.no-print').first().isVisible()), 'worker: the "back" link is printed');
    check(!(await j.page.locator('.site-header').isVisible()), 'worker: the site header is printed');
    await j.landed('benefits-check-printed', false);
  } finally {
    await j.close();
  }
}
