// Issue 18 on a 390 × 844 phone without JavaScript: the support worker opens the ledger of the demo
// home-sharing that has a month of entries (src/demo/ledger-demo.ts), sees the balances and the line
// to settle, first forgets the hours (error summary, typed answers kept), then records an hour of
// help given by the family; the new line waits for the host's confirmation.
import type { Browser } from 'playwright-core';
import { Journey, PHONE_390 } from './browser.js';
import { check } from './checks.js';

const WORKER = 'worker@demo.cohabitation.test';

export async function ledgerJourney(browser: Browser, baseUrl: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'l-ledger-phone', { viewport: PHONE_390, javaScript: false });
  const { page } = j;
  try {
    await j.signIn(WORKER);
    await j.goto('/work/cohabitations', 'cohabitations');
    const hrefs = [
      ...new Set(
        (await page.locator('main a[href^="/work/cohabitations/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))).filter((h) =>
          /^\/work\/cohabitations\/[0-9a-f]{24}$/.test(h),
        ),
      ),
    ];
    let base = '';
    for (const href of hrefs) {
      const res = await page.request.get(`${href}/ledger`);
      if (res.ok() && (await res.text()).includes('Facture de gaz (novembre)')) base = `${href}/ledger`;
      if (base) break;
    }
    check(base !== '', `the demo ledger is found among ${hrefs.length} home-sharings`);
    await j.goto(base, 'ledger');
    const before = await page.locator('main').innerText();
    check(before.includes('Facture de gaz (novembre)'), 'the month of demo entries is listed');
    check(!/followup\.ledger\.|undefined/.test(before), 'no raw key or "undefined" on the ledger page');
    const form = page.locator('form#service');
    await form.locator('input[name="service[givenBy]"][value="family"]').check();
    await form.locator('select[name="service[code]"]').selectOption('babysitting');
    await j.submit(form.locator('button[type="submit"]'), 'service-without-hours');
    check((await page.locator('.error-summary, [role="alert"]').first().innerText()).length > 0, 'the error summary says what is missing');
    check((await form.locator('select[name="service[code]"]').inputValue()) === 'babysitting', 'the chosen service is kept after the error');
    await form.locator('input[name="service[givenBy]"][value="family"]').check();
    await form.locator('input[name="service[hours]"]').fill('1');
    await j.submit(form.locator('button[type="submit"]'), 'service-recorded');
    const after = await page.locator('main').innerText();
    check(after.includes("L'aide est notée") || after.includes('Help is recorded') || after.length > before.length, 'the new line is recorded');
  } finally {
    await j.close();
  }
}
