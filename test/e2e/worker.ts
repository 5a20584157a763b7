// After the parent's application: the worker activates it, inspects the demo host's home (on a phone),
// proposes it; the host and the parent accept; the worker writes the agreement and starts the
// cohabitation, both parties sign, then a check-in and an ending.
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, Journey, PHONE } from './browser.js';
import { check, expectErrorSummary, expectKeyboardForm, expectPhoneMenu, isoDate, must } from './checks.js';
import { PASSWORD, type NewParent } from './parent.js';

const WORKER = 'worker@demo.cohabitation.test';
const HOST = 'host@demo.cohabitation.test';

const idIn = (page: Page, pattern: RegExp, what: string) => must(pattern.exec(page.url())?.[1], `no ${what} id in ${page.url()}`);

export async function workerJourney(browser: Browser, baseUrl: string, parent: NewParent): Promise<void> {
  const worker = await Journey.open(browser, baseUrl, 'b-worker', { viewport: DESKTOP });
  const host = await Journey.open(browser, baseUrl, 'c-host', { viewport: DESKTOP });
  const family = await Journey.open(browser, baseUrl, 'c-parent', { viewport: PHONE });
  try {
    const w = worker.page;
    await worker.signIn(WORKER);
    await worker.goto('/work/dashboard', 'dashboard');
    await worker.goto('/work', 'queue');

    // b) The application: activated.
    await worker.goto(`/work/families/${parent.familyId}`, 'family');
    await w.check('#review-decision-activate');
    await w.fill('#review-reason', 'Dossier complet, entretien fait.');
    await worker.submit(w.locator('form[action$="/review"] button[type=submit]'), 'family-activated');
    // The demo host has one bedroom: the worker records that the child sleeps in the parent's room.
    await w.locator('#bedrooms details > summary').click();
    await w.fill('#bedrooms-value', '1');
    await w.fill('#bedrooms-reason', 'La maman préfère que son enfant dorme avec elle pour l’instant.');
    await worker.submit(w.locator('form[action$="/bedrooms"] button[type=submit]').first(), 'family-bedrooms');

    // The demo host's own offer, the one the host can sign in for: its id from the host's side.
    await host.signIn(HOST);
    await host.goto('/my/offer', 'my-offer');
    const offerId = must(
      /\/my\/offer\/([0-9a-f]{24})/.exec(host.page.url())?.[1] ??
        (await host.page.locator('main a[href^="/my/offer/"]').first().getAttribute('href'))?.match(/[0-9a-f]{24}/)?.[0],
      'the demo host has no offer',
    );

    // d) The inspection, on a phone: planned, then the report (sent first without the measured surface:
    // refused, with the summary), so the home has a conform, valid inspection when the cohabitation starts.
    await worker.setViewport(PHONE);
    await worker.goto(`/work/offers/${offerId}`, 'offer');
    await expectPhoneMenu(w, 'the worker on a phone');
    await worker.landed('menu-open', false);
    await worker.goto(`/work/offers/${offerId}/inspections`, 'offer-visits');
    await w.fill('#plan-date', isoDate(0));
    await w.fill('#plan-time', '10:00');
    await w.fill('#plan-note', 'Visite avec Jean, sonnette du rez-de-chaussée.');
    await worker.submit(w.locator('form#plan button[type=submit]'), 'visit-planned');
    const inspectionId = idIn(w, /\/work\/inspections\/([0-9a-f]{24})/, 'inspection');
    await worker.submit(w.locator(`main a[href="/work/inspections/${inspectionId}/report"]`), 'report');
    await w.fill('#performedAt', isoDate(0));
    for (const radio of await w.locator('#checklist input[type=radio][value=pass]').all()) await radio.check();
    await worker.submit(w.locator('main form button[value=submit]'), 'report-sent');
    await sendAgainWithSurface(worker);
    check(w.url().endsWith('/result'), `the inspection report was not accepted: ${w.url()}`);
    await worker.setViewport(DESKTOP);

    // The demo may already have proposed this home to someone (the demo parent): the worker withdraws
    // that proposal, as one does when a family has found elsewhere, so this home is free again.
    await worker.goto(`/work/offers/${offerId}/matches`, 'offer-matches');
    const pending = w.locator('main .notice a[href^="/proposals/"]');
    if ((await pending.count()) > 0) {
      await worker.submit(pending.first(), 'earlier-proposal');
      check((await w.locator('#cancel form').count()) === 1, `the demo host's offer is held by a proposal that is no longer pending: ${w.url()}`);
      await w.fill('#cancel-reason', 'La famille a trouvé un logement ailleurs.');
      await worker.submit(w.locator('#cancel form button[type=submit]'), 'earlier-proposal-withdrawn');
    }

    // b) Matches, and the proposal.
    await worker.goto(`/work/families/${parent.familyId}/matches`, 'matches');
    const card = w.locator(`#offer-${offerId}`);
    check(
      (await card.locator('form.propose').count()) === 1,
      `the demo host's offer cannot be proposed to the new family: ${await card.textContent().catch(() => 'not listed')}`,
    );
    await card
      .locator('textarea[name=message]')
      .fill('Je vous propose de vous rencontrer : une chambre libre près d’un arrêt de tram, et des horaires qui vont bien ensemble.');
    await worker.submit(card.locator('form.propose button[type=submit]'), 'proposed');
    const proposalId = idIn(w, /\/proposals\/([0-9a-f]{24})/, 'proposal');

    // c) The host and the parent accept.
    await host.goto('/my/proposals', 'my-proposals');
    await host.goto(`/proposals/${proposalId}`, 'proposal');
    await host.submit(host.page.locator('form:has(input[name=decision][value=accept]) button[type=submit]'), 'accepted');
    check((await host.page.locator('input[name=decision][value=accept]').count()) === 0, `host: the proposal still asks for an answer after accepting`);
    await family.signIn(parent.email, PASSWORD);
    await family.goto('/my/proposals', 'my-proposals');
    await family.goto(`/proposals/${proposalId}`, 'proposal');
    await family.submit(family.page.locator('form:has(input[name=decision][value=accept]) button[type=submit]'), 'accepted');
    check((await family.page.locator('input[name=decision][value=accept]').count()) === 0, `family: the proposal still asks for an answer after accepting`);

    // d) The agreement: an empty form first (the summary), then written; the cohabitation starts.
    await worker.goto(`/proposals/${proposalId}`, 'proposal-accepted');
    await worker.submit(w.locator(`main a[href="/work/proposals/${proposalId}/cohabitation"]`), 'agreement-new');
    await expectKeyboardForm(w, ['startDate', 'agreement-monthlyContribution', 'agreement-services-babysitting'], 'the agreement form');
    await w.fill('#startDate', '');
    await w.fill('#agreement-monthlyContribution', '');
    await worker.submit(w.locator('form#create button[type=submit]'), 'agreement-empty');
    await expectErrorSummary(w, 'the agreement form');
    await w.fill('#startDate', isoDate(0));
    await w.fill('#agreement-monthlyContribution', '250');
    await w.fill('#agreement-services-shopping', '2');
    await w.fill('#agreement-services-babysitting', '3');
    await w.fill('#agreement-houseRules', 'Calme après 22 h. La cuisine est rangée après chaque repas.');
    await worker.submit(w.locator('form#create button[type=submit]'), 'cohabitation');
    const cohabitationId = idIn(w, /\/work\/cohabitations\/([0-9a-f]{24})/, 'cohabitation');

    // Both sign, each in their own session.
    for (const party of [family, host]) {
      await party.goto('/my/cohabitation', 'my-cohabitation');
      await party.goto(`/cohabitations/${cohabitationId}/agreement`, 'agreement');
      await party.submit(party.page.locator('form[action$="/sign"] button[type=submit]'), 'signed');
      check((await party.page.locator('form[action$="/sign"]').count()) === 0, `${party.name}: the agreement still asks to be signed after signing`);
    }

    // A check-in, then the ending.
    await worker.goto(`/work/cohabitations/${cohabitationId}`, 'cohabitation-signed');
    await worker.submit(w.locator('form#checkin button[type=submit]'), 'checkin-empty');
    await expectErrorSummary(w, 'the check-in form');
    const checkin = w.locator('form#checkin');
    await checkin.locator('#checkin-party-both').check();
    for (const group of await checkin.locator('fieldset[id^="checkin-wellbeing-"]').all()) await group.locator('input[type=radio]').last().check();
    await checkin.locator('#checkin-conflictLevel input[type=radio]').first().check();
    await selectFirstReal(w, '#checkin-isolationScore');
    await w.fill('#checkin-note', 'Tout se passe bien ; les enfants se sont adaptés.');
    await worker.submit(checkin.locator('button[type=submit]'), 'checked-in');
    const ending = w.locator('form#ending');
    await ending.locator('#ending-reason input[type=radio]').first().check();
    await w.fill('#ending-exitNote', 'Amina a trouvé un logement social à Forest.');
    await w.fill('#ending-referrals', 'CPAS de Forest pour la garantie locative.');
    await worker.submit(ending.locator('button[type=submit]'), 'ended');
    await worker.submit(w.locator('form[action$="/end/confirm"] button[type=submit]'), 'ended-confirmed');
    check(
      (await w.locator('.error-summary').count()) === 0,
      `the ending was refused: ${await w
        .locator('.error-summary')
        .innerText()
        .catch(() => '')}`,
    );
    await family.goto('/my/cohabitation', 'my-cohabitation-ended');
  } finally {
    await Promise.all([worker.close(), host.close(), family.close()]);
  }
}

async function selectFirstReal(page: Page, selector: string): Promise<void> {
  const values = await page.locator(`${selector} option`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  if (values.length) await page.selectOption(selector, values[0]!);
}

/** A refused report shows the summary; the dwelling's surface is measured (the declared one), then sent again. */
async function sendAgainWithSurface(j: Journey): Promise<void> {
  const page = j.page;
  if (page.url().endsWith('/result')) return;
  await expectErrorSummary(page, 'the inspection report');
  const hint = (
    await page
      .locator('#dwellingSurfaceM2-hint')
      .innerText()
      .catch(() => '')
  ).replace(/\s/g, '');
  const declared = /(\d+(?:[.,]\d+)?)/.exec(hint)?.[1] ?? '110';
  await page.fill('#dwellingSurfaceM2', declared);
  await j.submit(page.locator('main form button[value=submit]'), 'report-sent-again');
  if (!page.url().endsWith('/result'))
    throw new Error(
      `report refused: ${await page
        .locator('.error-summary')
        .innerText()
        .catch(() => page.url())}`,
    );
}
