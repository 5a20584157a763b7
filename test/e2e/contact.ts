// The demo parent, on a 390 × 844 phone without JavaScript (issue 15): /my/data as a page in words
// (and as it prints), the JSON download beside it, and the service's contact details wherever the
// page says how to reach the service (footer, the privacy notice's "your rights").
import type { Browser } from 'playwright-core';
import { Journey, PHONE_390 } from './browser.js';
import { check } from './checks.js';

const DEMO_PARENT = { email: 'parent@demo.cohabitation.test', password: 'demo-cohabitation-2026' };

export async function myDataWithoutJavaScript(browser: Browser, baseUrl: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'm-my-data-nojs', { viewport: PHONE_390, javaScript: false });
  const { page } = j;
  try {
    await j.signIn(DEMO_PARENT.email, DEMO_PARENT.password);

    await j.goto('/my/data', 'my-data');
    check((await page.locator('h1').innerText()).trim() === 'Mes données', 'the readable /my/data page is not shown (no "Mes données" heading)');
    for (const id of ['account', 'applications', 'proposals', 'cohabitations', 'history'])
      check((await page.locator(`#data-${id}`).count()) === 1, `/my/data has no "${id}" section`);
    const text = await page.locator('main').innerText();
    check(!/\b21\d{3}\b/.test(text), '/my/data shows a commune code instead of its name');
    check(/Schaerbeek|Evere|Saint-Josse/.test(text), "/my/data does not name the parent's communes");
    check(!/\b[a-z]+_[a-z_]+\b/.test(text), `/my/data shows a code: ${/\b[a-z]+_[a-z_]+\b/.exec(text)?.[0]}`);
    check(
      /\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20\d\d/.test(text),
      '/my/data shows no date in French words',
    );
    check((await page.locator('main a[href="/my/data/export"]').count()) === 1, '/my/data has no "download as JSON" link');
    const width = await page.locator('html').evaluate((html) => html.scrollWidth);
    check(width <= PHONE_390.width, `/my/data is ${width} px wide on a ${PHONE_390.width} px phone`);

    // As it prints: no menus, no download button, no erasure form.
    await page.emulateMedia({ media: 'print' });
    await j.landed('my-data-print', false);
    check(!(await page.locator('.site-header').isVisible()), 'the menus are printed');
    check(!(await page.locator('main form[action="/my/data/erasure-request"]').isVisible()), 'the erasure form is printed');
    await page.emulateMedia({ media: 'screen' });

    // The contact details: at the foot of every page, with a phone link.
    const footer = page.locator('footer .contact-details');
    check((await footer.count()) === 1, 'no contact details in the footer');
    check((await footer.locator('a[href^="tel:"]').count()) === 1, 'the footer has no phone link');
    check(/02 000 00 00/.test(await footer.innerText()), 'the footer does not show the service phone');

    // "Vos droits": ask us — and here is how.
    await j.goto('/privacy', 'privacy-notice-contact');
    const rights = page.locator('main .contact-details');
    check((await rights.count()) === 1, 'the privacy notice does not say how to reach the service');
    const details = await rights.innerText();
    for (const part of ['02 000 00 00', 'contact@cohabitation.example', 'du lundi au vendredi', 'Bruxelles'])
      check(details.includes(part), `the contact details lack "${part}"`);
  } finally {
    await j.context.close();
  }
}
