// Issue 18 part 5 on a 390 × 844 phone without JavaScript: the demo support worker gives notice on a
// living home-sharing (a missing answer comes back in the error summary first), confirms it, finds
// the planned end date on the case page and prefilled in the ending form, ends it with a rehousing
// plan (the confirmation page restates the priority), then sees the contact after the exit to make
// and the family "being rehoused" in the plan.
import type { Browser } from 'playwright-core';
import { formatDate } from '../../src/kernel/i18n/format.js';
import { Journey, PHONE_390 } from './browser.js';
import { check, expectErrorSummary, must } from './checks.js';

const WORKER = 'worker@demo.cohabitation.test';

export async function rehousingWithoutJavaScript(browser: Browser, baseUrl: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'r-rehousing-nojs', { viewport: PHONE_390, javaScript: false });
  const { page } = j;
  const main = page.locator('main');
  const fits = async (where: string) => {
    const width = await page.locator('html').evaluate((html) => html.scrollWidth);
    check(width <= PHONE_390.width, `${where} is ${width} px wide on a ${PHONE_390.width} px phone`);
  };
  try {
    await j.signIn(WORKER);
    await j.goto('/work/cohabitations', 'cohabitations');
    const links = [...new Set(await main.locator('a[href^="/work/cohabitations/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '')))].filter(
      (h) => /^\/work\/cohabitations\/[0-9a-f]{24}$/.test(h),
    );
    // An active one (past its trial: the agreement's 30 days' notice), else any that can take notice.
    let casePath = '';
    let fallback = '';
    for (const href of links) {
      await page.goto(href);
      if ((await page.locator('form#notice').count()) !== 1) continue;
      fallback ||= href;
      if ((await main.locator('.lead').innerText()).includes("La période d'essai est finie")) {
        casePath = href;
        break;
      }
    }
    casePath ||= must(fallback || null, 'no living home-sharing without notice in the demo');
    await page.goto(casePath);
    await j.landed('case-before-notice');

    // The notice without who gave it: the error summary names the field.
    const notice = page.locator('form#notice');
    await j.submit(notice.locator('button[type=submit]'), 'notice-missing-who');
    await expectErrorSummary(page, 'the notice without who gave it');
    await notice.locator('input[name="notice[givenBy]"][value="host"]').check();
    await notice.locator('textarea[name="notice[reason]"]').fill('L’hôte a besoin de la chambre pour sa mère.');
    await j.submit(notice.locator('button[type=submit]'), 'notice-confirm');
    check((await page.locator('h1').innerText()).includes('préavis'), 'no confirmation page before the notice is recorded');
    const planned = must(
      /(\d{1,2} \S+ \d{4})/.exec(await main.locator('dl strong').innerText())?.[1] ?? null,
      'the confirmation page gives no planned end date',
    );
    await fits('the notice confirmation');
    await j.submit(main.locator('form[action$="/notice/confirm"] button'), 'notice-given');
    check((await main.locator('#notice-title').locator('..').innerText()).includes(planned), `the case page does not show the planned end date ${planned}`);

    // The ending form is prefilled with the planned end date.
    const ending = page.locator('form#ending');
    const prefilled = await ending.locator('input[name="ending[date]"]').inputValue();
    check(formatDate(prefilled, 'fr') === planned, `the end date is prefilled with ${prefilled}, not the planned end date ${planned}`);
    await ending.locator('input[name="ending[reason]"][value="host_ended"]').check();
    await ending.locator('select[name="ending[fallbackHome]"]').selectOption('family_or_friends');
    await ending.locator('textarea[name="ending[fallbackNote]"]').fill('Chez sa sœur quelques semaines.');
    await j.submit(ending.locator('button[type=submit]'), 'ending-confirm');
    const restated = await main.innerText();
    check(
      restated.includes('avec priorité dans le plan') && restated.includes('Où la famille va en attendant : Chez de la famille ou des amis'),
      'the ending confirmation does not restate the rehousing plan',
    );
    await fits('the ending confirmation');
    await j.submit(main.locator('form[action$="/end/confirm"] button'), 'ended');
    check((await main.locator('#exit-contact-title').count()) === 1, 'the ended case page shows no contact after the exit');
    await fits('the ended case page');
    await page.locator('#exit-contact-title').scrollIntoViewIfNeeded();
    await j.landed('exit-contact', false);

    await j.goto('/work/plan', 'plan');
    check((await main.innerText()).includes('À reloger'), 'the plan does not say which family is being rehoused');
    await fits('the plan');
  } finally {
    await j.close();
  }
}
