// A parent registers and applies, on a phone (360 × 740): every step of /my/application, then sends it.
// The same journey runs with JavaScript off.
import type { Browser } from 'playwright-core';
import { Journey, PHONE } from './browser.js';
import { check, expectErrorSummary, expectPhoneMenu, isoDate, must } from './checks.js';

export const PASSWORD = 'e2e-parent-Password-2026';

const DEMO_COORDINATOR = { email: 'coordinator@demo.cohabitation.test', password: 'demo-cohabitation-2026' };

/**
 * The confirmation link e-mailed to `email`, as the demo coordinator reads it on /dev/outbox (the
 * app runs without a mail server; the page is for signed-in coordinators only). Plain HTTP, no browser.
 */
export async function confirmationLink(baseUrl: string, email: string): Promise<string> {
  let cookie = '';
  const keep = (res: Response) => {
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    if (set.length) cookie = set.join('; ');
  };
  const loginPage = await fetch(`${baseUrl}/login`);
  keep(loginPage);
  const csrf = must(/name="_csrf" value="([^"]+)"/.exec(await loginPage.text())?.[1], 'no CSRF field on /login');
  const body = new URLSearchParams({ _csrf: csrf, email: DEMO_COORDINATOR.email, password: DEMO_COORDINATOR.password });
  const signedIn = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    body,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  keep(signedIn);
  check(
    signedIn.status === 303 && !String(signedIn.headers.get('location')).startsWith('/login'),
    `the demo coordinator could not sign in (${signedIn.status})`,
  );
  for (let attempt = 0; attempt < 20; attempt++) {
    const outbox = await (await fetch(`${baseUrl}/dev/outbox`, { headers: { cookie } })).text();
    const article = outbox.split('<article').find((a) => a.includes(email) && a.includes('/verify-email?token='));
    const link = article && /href="([^"]*\/verify-email\?token=[^"]+)"/.exec(article)?.[1];
    if (link) return new URL(link.replace(/&amp;/g, '&')).pathname + new URL(link.replace(/&amp;/g, '&')).search;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no confirmation e-mail to ${email} on /dev/outbox`);
}

export interface NewParent {
  name: string;
  email: string;
  familyId: string;
}

export async function parentApplies(browser: Browser, baseUrl: string, options: { journey: string; javaScript: boolean; tag: string }): Promise<NewParent> {
  const j = await Journey.open(browser, baseUrl, options.journey, { viewport: PHONE, javaScript: options.javaScript });
  const { page } = j;
  const name = `Amina Test ${options.tag}`;
  const email = `parent-${options.tag}@e2e.cohabitation.test`;
  try {
    await j.goto('/', 'home');
    await j.submit(page.locator('main a[href="/register?role=parent"]'), 'register');

    // An empty form: the error summary, with links to the fields.
    await j.submit(page.locator('main form button[type=submit]'), 'register-empty');
    await expectErrorSummary(page, 'register');

    await page.check('#role-parent');
    await page.fill('#name', name);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.fill('#confirm', PASSWORD);
    await j.submit(page.locator('main form button[type=submit]'), 'registered');
    // "Check your e-mail": the account waits for its confirmation link (issue #16, finding 7).
    check(
      page.url().endsWith('/register?sent=1') && (await page.locator('main form input[name=password]').count()) === 0,
      `registration did not say "check your e-mail": ${page.url()}`,
    );

    await j.goto(await confirmationLink(baseUrl, email), 'confirm-email');
    await j.submit(page.locator('main form button[type=submit]'), 'email-confirmed');
    await j.goto('/login', 'login');
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await j.submit(page.locator('main form button[type=submit]'), 'signed-in');
    check(!page.url().includes('/login'), `${email} could not sign in after confirming`);

    await expectPhoneMenu(page, `${options.journey}: the parent on a phone`);
    await j.landed('menu-open', false);
    await j.goto('/my/application', 'application-start');
    await j.submit(page.locator('main form button[type=submit]'), 'step-you');
    const familyId = must(/\/my\/application\/([0-9a-f]{24})\//.exec(page.url())?.[1], `no application id in ${page.url()}`);

    // Step 1: an invalid year, to see the summary on an application step too.
    await page.fill('#parent-firstName', 'Amina');
    await page.fill('#parent-lastName', `Test ${options.tag}`);
    await page.fill('#parent-birthYear', '19');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-you-invalid');
    await expectErrorSummary(page, 'application step "you"');
    await page.fill('#parent-birthYear', '1994');
    await page.fill('#parent-phone', '0470 12 34 56');
    await page.check('#parent-languages-fr');
    await page.selectOption('#parent-preferredLanguage', 'fr');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-children');

    // Step 2: one child.
    await j.submit(page.locator('main form button[value=add]'), 'step-children-added');
    await page.fill('#children-0-birthYear', String(new Date().getFullYear() - 4));
    await page.locator('#children-0-sex input[type=radio]').first().check();
    await page.locator('#children-0-custody input[type=radio]').first().check();
    await page.check('#pregnant-no');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-situation');

    // Step 3: the situation.
    await page.locator('#situation-current input[type=radio]').first().check();
    await page.locator('#situation-urgency input[type=radio]').last().check();
    await page.check('#situation-confidentialAddress-no');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-moving');

    // Steps 4 to 8: the home the family needs, a few questions per page, wide enough to fit the demo host's offer.
    await page.fill('#needs-moveInFrom', isoDate(7));
    await page.fill('#needs-moveInBy', isoDate(150));
    await page.fill('#needs-minDurationMonths', '6');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-where');
    await page.check('#needs-communesRequired-no');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-budget');
    await page.fill('#needs-maxMonthlyContribution', '650');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-access');
    await page.check('#needs-stepFreeAccess-no');
    await page.check('#needs-privateBathroomRequired-no');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-pets-smoking');
    await page.check('#needs-smoker-no');
    await page.check('#needs-acceptsSmokingHousehold-yes');
    await j.submit(page.locator('main form button.button[value=next]'), 'step-daily-life');

    // Step 9: daily life.
    for (const group of ['schedule', 'noise', 'guests']) await page.locator(`#lifestyle-${group} input[type=radio]`).first().check();
    await page.locator('#servicesOffered input[type=checkbox]').first().check();
    await j.submit(page.locator('main form button.button[value=next]'), 'step-benefits');

    // Step 10: benefits and consents.
    await page.locator('#benefits-source input[type=radio]').first().check();
    await page.locator('#benefits-status input[type=radio]').first().check();
    await page.check('#consents-dataProcessing');
    await page.check('#consents-shareProfile');
    await j.submit(page.locator('main form button.button[value=next]'), 'review');

    // Sent without ticking the benefits warning: refused, with the summary; then ticked and sent.
    await j.submit(page.locator('main form button[type=submit]').last(), 'review-unacknowledged');
    await expectErrorSummary(page, 'application review');
    await page.check('#acknowledgeBenefitsWarning');
    await j.submit(page.locator('main form button[type=submit]').last(), 'sent');
    check((await page.locator('.error-summary').count()) === 0 && !page.url().endsWith('/review'), `the application was not sent: ${page.url()}`);
    return { name, email, familyId };
  } finally {
    await j.close();
  }
}
