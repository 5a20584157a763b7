// Issue 18 on a 390 × 844 phone without JavaScript, by the households themselves: the parent of the
// demo home-sharing with a ledger (src/demo/household-demo.ts, their own login) records an hour of
// help they gave (first without the hours: error summary, the chosen service kept); the host signs
// in, confirms it and disputes an older line with a reason; both then read the same balance, the
// parent's hours given up by one.
import type { Browser, Page } from 'playwright-core';
import { HOUSEHOLD_LOGINS } from '../../src/demo/household-demo.js';
import { Journey, PHONE_390 } from './browser.js';
import { check, expectErrorSummary, must } from './checks.js';

const SERVICE = 'computer_help';
const SERVICE_WORDS = "Aider avec l'ordinateur";
const REASON = 'Ce repas-là, nous l’avons préparé ensemble.';

/** The confirmed hours given by each household, as the balance at the top of the ledger shows them. */
async function confirmedHours(page: Page): Promise<{ family: number; host: number }> {
  const dds = await page.locator('section[aria-labelledby="balance-title"] > dl.summary dd').allInnerTexts();
  const hours = (text: string | undefined) => Number.parseFloat(must(text, 'the balance shows hours').replace(/\s/g, '').replace(',', '.'));
  return { family: hours(dds[0]), host: hours(dds[1]) };
}

export async function householdLedgerJourney(browser: Browser, baseUrl: string): Promise<void> {
  const parent = await Journey.open(browser, baseUrl, 'h-household-ledger-parent', { viewport: PHONE_390, javaScript: false });
  const host = await Journey.open(browser, baseUrl, 'h-household-ledger-host', { viewport: PHONE_390, javaScript: false });
  try {
    await parent.signIn(HOUSEHOLD_LOGINS.parent);
    await parent.goto('/my/cohabitation/ledger', 'ledger');
    check(/\/my\/cohabitation\/[0-9a-f]{24}\/ledger$/.test(parent.page.url()), `the parent lands on their household ledger (${parent.page.url()})`);
    const text = await parent.page.locator('main').innerText();
    check(text.includes('Facture de gaz (novembre)'), 'the month of demo entries is on the parent’s ledger');
    check(!/followup\.ledger\.|undefined/.test(text), 'no raw key or "undefined" on the parent’s ledger');
    const before = await confirmedHours(parent.page);

    const form = parent.page.locator('form#service');
    check((await form.locator('input[name="service[givenBy]"]').count()) === 0, 'a household is not asked who gave the help: its own');
    await form.locator('select[name="service[code]"]').selectOption(SERVICE);
    await parent.submit(form.locator('button[type="submit"]'), 'without-hours');
    await expectErrorSummary(parent.page, 'an hour of help without its hours');
    check((await form.locator('select[name="service[code]"]').inputValue()) === SERVICE, 'the chosen service is kept after the error');
    await form.locator('input[name="service[hours]"]').fill('1');
    await parent.submit(form.locator('button[type="submit"]'), 'recorded');
    const recorded = parent.page.locator('ul.ledger-entries li', { hasText: SERVICE_WORDS }).filter({ hasText: /En attente|attend/i });
    check((await recorded.count()) >= 1, 'the new hour is listed, waiting for the host');

    await host.signIn(HOUSEHOLD_LOGINS.host);
    await host.goto('/my/cohabitation/ledger', 'ledger');
    const toAnswer = host.page.locator('section[aria-labelledby="answer-title"] .card');
    const mine = toAnswer.filter({ hasText: SERVICE_WORDS }).first();
    check((await mine.count()) === 1, 'the host is asked to answer the parent’s hour of help');
    await host.submit(mine.locator('button[name="confirmed"][value="true"]'), 'confirmed');
    // An older line of the family's, still waiting: the host disputes it and says why.
    const older = host.page.locator('section[aria-labelledby="answer-title"] .card').filter({ hasText: 'Cuisiner' }).first();
    check((await older.count()) === 1, 'the older line waiting for the host is there');
    await older.locator('textarea').fill(REASON);
    await host.submit(older.locator('button[name="confirmed"][value="false"]'), 'disputed');
    const hostText = await host.page.locator('main').innerText();
    check(hostText.includes(REASON), 'the dispute’s reason is shown with the line');
    const hostSees = await confirmedHours(host.page);
    check(hostSees.family === before.family + 1, `the host’s balance counts the confirmed hour (${before.family} → ${hostSees.family})`);

    await parent.goto('/my/cohabitation/ledger', 'balance-after');
    const parentSees = await confirmedHours(parent.page);
    check(parentSees.family === hostSees.family && parentSees.host === hostSees.host, 'the parent reads the same balance as the host');
    check((await parent.page.locator('main').innerText()).includes(REASON), 'the parent reads why the host disputed the older line');
  } finally {
    await parent.close();
    await host.close();
  }
}
