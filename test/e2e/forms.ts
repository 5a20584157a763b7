// Issue 15's form defects replayed on a 390 × 844 phone without JavaScript, and shown fixed:
// /register sent empty lists its errors in the order of the fields; a host's /home shows the
// postal code that is not the commune's with the step's other errors at once, and "Save and stop"
// keeps the valid answers; a parent's step with three errors shows all three at once; a change
// from "Check your answers" goes back to it; the home the family needs asked on five short pages.
import type { Browser, Page } from 'playwright-core';
import { Journey, PHONE_390 } from './browser.js';
import { check, expectErrorSummary, isoDate, must } from './checks.js';
import { confirmationLink } from './parent.js';

export const PASSWORD = 'e2e-forms-Password-2026';

/** The summary's links, by the ids they lead to. */
async function summaryTargets(page: Page): Promise<string[]> {
  return page.locator('.error-summary a[href^="#"]').evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').slice(1)));
}

/** The summary lists the errors as their fields come on the page. */
async function expectSummaryInFieldOrder(page: Page, where: string): Promise<string[]> {
  await expectErrorSummary(page, where);
  const ids = await summaryTargets(page);
  const places = await page.evaluate((targets) => {
    const all = [...document.querySelectorAll('main [id]')].map((el) => el.id);
    return targets.map((id) => all.indexOf(id));
  }, ids);
  check(
    places.every((at, i) => i === 0 || at > places[i - 1]!),
    `${where}: the error summary is not in the order of the fields: ${ids.join(', ')}`,
  );
  return ids;
}

async function summaryText(page: Page): Promise<string> {
  return page.locator('.error-summary').innerText();
}

/** Registers through /register (sent empty once first when asked), confirms by the e-mailed link, signs in. */
export async function register(j: Journey, role: 'host' | 'parent', email: string, name: string, sendEmptyFirst: boolean): Promise<void> {
  const { page } = j;
  await j.goto('/register', `${role}-register`);
  if (sendEmptyFirst) {
    await j.submit(page.locator('main form button[type=submit]'), 'register-empty');
    const ids = await expectSummaryInFieldOrder(page, '/register sent empty');
    check(ids.join(',') === 'role,name,email,password', `/register sent empty: the summary lists ${ids.join(', ')}, not role, name, e-mail, password`);
  }
  await page.check(`#role-${role}`);
  await page.fill('#name', name);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.fill('#confirm', PASSWORD);
  await j.submit(page.locator('main form button[type=submit]'), `${role}-registered`);
  await j.goto(await confirmationLink(j.baseUrl, email), `${role}-confirm-email`);
  await j.submit(page.locator('main form button[type=submit]'), `${role}-email-confirmed`);
  await j.goto('/login', `${role}-login`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await j.submit(page.locator('main form button[type=submit]'), `${role}-signed-in`);
  check(!page.url().includes('/login'), `${email} could not sign in after confirming`);
}

async function hostOfferHome(browser: Browser, baseUrl: string, tag: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'f-forms-host', { viewport: PHONE_390, javaScript: false, lang: 'en-GB' });
  const { page } = j;
  try {
    await register(j, 'host', `host-${tag}@e2e.cohabitation.test`, `Marc Forms ${tag}`, true);
    await j.goto('/my/offer', 'offer-start');
    await j.submit(page.locator('main form[action="/my/offer/new"] button[type=submit]'), 'offer-household');
    const base = must(/(\/my\/offer\/[0-9a-f]{24})\//.exec(page.url())?.[1], `no offer id in ${page.url()}`);
    await j.goto(`${base}/home`, 'offer-home');

    // Postal code 1000 with the commune Ixelles, a floor in letters and the lift left unanswered: one pass shows all three.
    await page.fill('#address-street', 'Rue Example');
    await page.fill('#address-number', '12');
    await page.fill('#address-postalCode', '1000');
    await page.selectOption('#address-commune', '21009');
    await page.locator('#dwelling-type input[type=radio]').first().check();
    await page.fill('#dwelling-netSurfaceM2', '140');
    await page.fill('#dwelling-floor', 'first');
    await page.check('#dwelling-stepFreeAccess-no');
    await j.submit(page.locator('main form button.button[value=continue]'), 'offer-home-one-pass');
    const ids = await expectSummaryInFieldOrder(page, 'offer /home');
    check(
      ids.join(',') === 'address-postalCode,dwelling-floor,dwelling-elevator',
      `offer /home: one pass should name the postal code, the floor and the lift, not ${ids.join(', ')}`,
    );
    const text = await summaryText(page);
    check(
      text.includes('choose the commune of postal code 1000') && text.includes('like 0 for the ground floor'),
      `offer /home: the errors do not say what to do:\n${text}`,
    );
    check(
      (await page.inputValue('#address-street')) === 'Rue Example' && (await page.inputValue('#dwelling-floor')) === 'first',
      'offer /home: what was typed is gone',
    );

    // A postal code that is not a Brussels one: what to enter, with an example.
    await page.fill('#address-postalCode', '1O50');
    await j.submit(page.locator('main form button.button[value=continue]'), 'offer-home-postal-code');
    check(
      (await summaryText(page)).includes('Enter a Brussels postal code, like 1030'),
      `offer /home: no "Enter a Brussels postal code, like 1030":\n${await summaryText(page)}`,
    );

    // "Save and come back later" with the mismatch: every other answer kept, the postal code named.
    await page.fill('#address-postalCode', '1000');
    await page.fill('#dwelling-floor', '1');
    await page.check('#dwelling-elevator-no');
    await j.submit(page.locator('main form button[value=save]'), 'offer-saved-except');
    const saved = await page.locator('main').innerText();
    check(
      saved.includes('Your answers are saved, except: Postal code'),
      `the offer's overview does not say which answer was not kept:\n${saved.slice(0, 600)}`,
    );
    await j.goto(`${base}/home`, 'offer-home-kept');
    check(
      (await page.inputValue('#address-street')) === 'Rue Example' &&
        (await page.inputValue('#dwelling-floor')) === '1' &&
        (await page.inputValue('#address-commune')) === '21009',
      'offer /home: the valid answers were not kept',
    );
    check((await page.inputValue('#address-postalCode')) === '', 'offer /home: the refused postal code was kept');

    // A change from "Check your answers" goes back to it.
    await page.fill('#address-postalCode', '1050');
    await j.submit(page.locator('main form button.button[value=continue]'), 'offer-space');
    await j.goto(`${base}/review`, 'offer-review');
    await j.submit(page.locator(`main a[href="${base}/home?from=review"]`), 'offer-home-from-review');
    await page.fill('#address-street', 'Rue Haute');
    await j.submit(page.locator('main form button.button[value=continue]'), 'offer-back-to-review');
    check(page.url().endsWith(`${base}/review`), `offer: a change from "Check your answers" went to ${page.url()}`);
    check((await page.locator('main').innerText()).includes('Rue Haute 12, 1050'), 'offer: the review does not show the change');
  } finally {
    await j.close();
  }
}

async function parentApplication(browser: Browser, baseUrl: string, tag: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'f-forms-parent', { viewport: PHONE_390, javaScript: false, lang: 'en-GB' });
  const { page } = j;
  try {
    await register(j, 'parent', `parent-${tag}@e2e.cohabitation.test`, `Amina Forms ${tag}`, false);
    await j.goto('/my/application', 'application-start');
    await j.submit(page.locator('main form button[type=submit]'), 'step-you');
    const base = must(/(\/my\/application\/[0-9a-f]{24})\//.exec(page.url())?.[1], `no application id in ${page.url()}`);

    // Birth year 2031, a bad e-mail and a phone in letters: all three at once, in the order of the fields.
    await page.fill('#parent-firstName', 'Amina');
    await page.fill('#parent-lastName', `Forms ${tag}`);
    await page.fill('#parent-birthYear', '2031');
    await page.fill('#parent-email', 'amina-at-example');
    await page.fill('#parent-phone', 'zero four seven');
    await page.check('#parent-languages-fr');
    await page.selectOption('#parent-preferredLanguage', 'fr');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-you-three-errors');
    const ids = await expectSummaryInFieldOrder(page, 'application step "you"');
    check(ids.join(',') === 'parent-birthYear,parent-email,parent-phone', `step "you": expected the year, e-mail and phone at once, got ${ids.join(', ')}`);
    const text = await summaryText(page);
    check(text.includes('like name@example.be') && text.includes('like 0470 12 34 56'), `step "you": the errors do not say what to do:\n${text}`);
    await page.fill('#parent-birthYear', '1991');
    await page.fill('#parent-email', `amina-${tag}@example.org`);
    await page.fill('#parent-phone', '0470 12 34 56');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-children');

    // The home the family needs, on five short pages.
    await j.goto(`${base}/moving`, 'step-moving');
    check((await page.locator('main').innerText()).includes('Step 4 of 11'), 'the housing pages are not counted in the step list');
    await page.fill('#needs-moveInFrom', isoDate(7));
    await page.fill('#needs-moveInBy', isoDate(150));
    await page.fill('#needs-minDurationMonths', '6');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-where');
    check(page.url().endsWith(`${base}/where`) && (await page.locator('#needs-moveInFrom').count()) === 0, `after "when", not the page "where": ${page.url()}`);
    await page.check('#needs-communes-21009');
    await page.check('#needs-communesRequired-no');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-budget');
    await page.fill('#needs-maxMonthlyContribution', '450');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-access');
    await page.check('#needs-stepFreeAccess-no');
    await page.check('#needs-privateBathroomRequired-no');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-pets-smoking');
    await page.check('#needs-smoker-no');
    await page.check('#needs-acceptsSmokingHousehold-yes');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-daily-life');
    check(page.url().endsWith(`${base}/daily-life`), `after the housing pages: ${page.url()}`);

    // A change from "Check your answers" goes back to it, with the answers of the other pages intact.
    await j.goto(`${base}/review`, 'review');
    await j.submit(page.locator(`main a[href="${base}/budget?from=review"]`), 'budget-from-review');
    await page.fill('#needs-maxMonthlyContribution', '500');
    await j.submit(page.locator('main form button.button[value=next]'), 'back-to-review');
    check(page.url().endsWith(`${base}/review`), `a change from "Check your answers" went to ${page.url()}`);
    const review = await page.locator('main').innerText();
    check(review.includes('€500.00') && review.includes('Ixelles'), `the review does not show the change and the other answers:\n${review.slice(0, 1500)}`);
  } finally {
    await j.close();
  }
}

export async function formsJourney(browser: Browser, baseUrl: string, tag: string): Promise<void> {
  await hostOfferHome(browser, baseUrl, tag);
  await parentApplication(browser, baseUrl, tag);
}
