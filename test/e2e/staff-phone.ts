// Issue 15 on a 390 × 844 phone without JavaScript: the coordinator's accounts page and the worker's
// cohabitations fit the screen (nothing wider than the viewport, no column cut off); the coordinator
// searches the accounts and an erased person leaves the list; a new parent's first step offers the
// name of their account; the demo partner's new referral starts with the organisation; radios and
// checkboxes are at least 44 × 44 px.
import type { Browser, Page } from 'playwright-core';
import { Journey, PHONE_390 } from './browser.js';
import { check, must } from './checks.js';
import { confirmationLink, PASSWORD } from './parent.js';

const COORDINATOR = 'coordinator@demo.cohabitation.test';
const WORKER = 'worker@demo.cohabitation.test';
const PARTNER = 'partner@demo.cohabitation.test';

/** The page is no wider than the phone, and nothing in it reaches past the screen's edge (cut off). */
async function expectFitsPhone(page: Page, where: string): Promise<void> {
  const { scrollWidth, overflowing } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('main *'))) {
      const box = el.getBoundingClientRect();
      // Past the edge, or a box that scrolls sideways inside the page (a table in a scrolling wrapper).
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1;
      if (box.width > 0 && (box.right > width + 0.5 || scrolls))
        out.push(
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} (right ${Math.round(box.right)})`,
        );
    }
    return { scrollWidth: document.documentElement.scrollWidth, overflowing: out.slice(0, 5) };
  });
  check(scrollWidth <= PHONE_390.width, `${where}: the page is ${scrollWidth} px wide on a ${PHONE_390.width} px phone`);
  check(overflowing.length === 0, `${where}: cut off at the edge of the screen: ${overflowing.join(', ')}`);
}

/** Every radio and checkbox on the page can be hit by a finger: 44 × 44 px at least (GOV.UK). */
async function expectTouchTargets(page: Page, where: string): Promise<void> {
  const boxes = await page
    .locator('main input[type=radio], main input[type=checkbox]')
    .evaluateAll((inputs) => inputs.map((i) => ({ id: i.id, w: i.getBoundingClientRect().width, h: i.getBoundingClientRect().height })));
  check(boxes.length > 0, `${where}: no radio or checkbox to measure`);
  const small = boxes.filter((b) => b.w < 44 || b.h < 44);
  check(
    small.length === 0,
    `${where}: radios or checkboxes smaller than 44 × 44 px: ${small.map((b) => `#${b.id} ${Math.round(b.w)}×${Math.round(b.h)}`).join(', ')}`,
  );
}

const names = (page: Page) => page.locator('main .record-list .record-title').allInnerTexts();

async function coordinatorJourney(browser: Browser, baseUrl: string, tag: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'f-coordinator-phone', { viewport: PHONE_390, javaScript: false });
  const { page } = j;
  try {
    await j.signIn(COORDINATOR);
    await j.goto('/admin/users', 'accounts');
    await expectFitsPhone(page, 'the accounts page');
    await expectTouchTargets(page, 'the accounts page');
    const all = await names(page);
    check(all.length >= 5 && !all.includes('—') && !all.includes('Compte effacé'), `the accounts page lists ${all.join(', ')}`);
    check(
      (await page.locator('main').innerText()).includes('Prénom et nom') && !(await page.locator('main').innerText()).includes('Votre prénom et nom'),
      'the accounts page still says "Votre prénom et nom"',
    );

    // A worker's account made here, found by a search, then erased: out of the list, behind the filter.
    const email = `leaver-${tag}@e2e.cohabitation.test`;
    await page.selectOption('#role', 'worker');
    await page.fill('#name', `Jonas Vertrek ${tag}`);
    await page.fill('#email', email);
    await j.submit(page.locator('main form[method=post] button[type=submit]'), 'account-created');
    await page.fill('#q', 'vertrek');
    await j.submit(page.locator('#users-search button[type=submit]'), 'search-found');
    check((await names(page)).includes(`Jonas Vertrek ${tag}`), `the search for "vertrek" did not find the new account: ${(await names(page)).join(', ')}`);
    await expectFitsPhone(page, 'the search results');
    await j.submit(page.locator(`main .record-list a[href$="/erase"]`).first(), 'erase-confirm');
    await page.fill('#reason', 'Left the team (e2e).');
    await page.check('#confirm');
    await j.landed('erase-ticked', false); // the checkbox as drawn once ticked
    await j.submit(page.locator('main form button[type=submit]'), 'erased');
    check(!(await page.locator('main').innerText()).includes(email), 'the erased person is still in the list');
    await page.fill('#q', email);
    await j.submit(page.locator('#users-search button[type=submit]'), 'search-erased-none');
    check((await names(page)).length === 0, `the erased person is still found: ${(await names(page)).join(', ')}`);
    await j.goto('/admin/users?erased=only', 'erased-filter');
    const erased = await names(page);
    check(
      erased.length >= 1 && erased.every((n) => n === 'Compte effacé') && (await page.locator('main .record-list a[href$="/erase"]').count()) === 0,
      `the erased filter shows ${erased.join(', ')}`,
    );
    await expectFitsPhone(page, 'the erased accounts');

    // A search the page cannot take: refused with the summary, "Erreur" in the title.
    const refused = await page.goto(`/admin/users?q=${'x'.repeat(101)}`);
    check(refused?.status() === 422, `a too long search answered ${refused?.status()}`);
    await j.landed('search-too-long');
    check(
      (await page.locator('.error-summary a[href="#q"]').count()) === 1 && (await page.title()).startsWith('Erreur'),
      'a too long search has no error summary',
    );
  } finally {
    await j.close();
  }
}

async function workerJourney(browser: Browser, baseUrl: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'g-worker-phone', { viewport: PHONE_390, javaScript: false });
  try {
    await j.signIn(WORKER);
    await j.goto('/work/cohabitations', 'cohabitations');
    check((await j.page.locator('main .record-list > li').count()) > 0, 'the demo worker sees no cohabitation');
    await expectFitsPhone(j.page, '/work/cohabitations');
    const facts = await j.page.locator('main .record-list > li').first().locator('dt').allInnerTexts();
    check(facts.length === 4, `a cohabitation shows ${facts.length} of its 4 facts: ${facts.join(', ')}`);
  } finally {
    await j.close();
  }
}

async function parentJourney(browser: Browser, baseUrl: string, tag: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'h-parent-prefill', { viewport: PHONE_390, javaScript: false });
  const { page } = j;
  const email = `prefill-${tag}@e2e.cohabitation.test`;
  try {
    await j.goto('/register?role=parent', 'register');
    await expectTouchTargets(page, '/register');
    await page.check('#role-parent');
    await page.fill('#name', `Fatou Diallo ${tag}`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.fill('#confirm', PASSWORD);
    await j.landed('register-filled', false); // the radio as drawn once chosen
    await j.submit(page.locator('main form button[type=submit]'), 'registered');
    await j.goto(await confirmationLink(baseUrl, email), 'confirm-email');
    await j.submit(page.locator('main form button[type=submit]'), 'email-confirmed');
    await j.signIn(email, PASSWORD);
    await j.goto('/my/application', 'application-start');
    await j.submit(page.locator('main form button[type=submit]'), 'step-you-prefilled');
    must(/\/my\/application\/[0-9a-f]{24}\/you$/.exec(page.url()), `not on the first step: ${page.url()}`);
    const first = await page.inputValue('#parent-firstName');
    const last = await page.inputValue('#parent-lastName');
    check(first === 'Fatou' && last === `Diallo ${tag}`, `the first step offers "${first}" "${last}" for the account "Fatou Diallo ${tag}"`);
    await expectFitsPhone(page, 'the first step');
    await expectTouchTargets(page, 'the first step');
  } finally {
    await j.close();
  }
}

async function partnerJourney(browser: Browser, baseUrl: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'i-partner-prefill', { viewport: PHONE_390, javaScript: false });
  try {
    await j.signIn(PARTNER);
    await j.goto('/referrals/new', 'referral-new');
    const organisation = await j.page.inputValue('#referral-organisation');
    check(organisation === 'CPAS de Forest', `the new referral starts with the organisation "${organisation}"`);
    check((await j.page.inputValue('#referral-contactEmail')) === PARTNER, "the new referral does not start with the partner's e-mail");
    await expectFitsPhone(j.page, '/referrals/new');
    await expectTouchTargets(j.page, '/referrals/new');
  } finally {
    await j.close();
  }
}

/** The same pages with JavaScript on, for axe-core (it runs on every page a journey with script lands on). */
async function accessibilityPass(browser: Browser, baseUrl: string): Promise<void> {
  for (const [who, email, paths] of [
    ['j-coordinator-axe', COORDINATOR, ['/admin/users', '/admin/users?q=vertrek', '/admin/users?erased=only']],
    ['j-worker-axe', WORKER, ['/work/cohabitations']],
  ] as const) {
    const j = await Journey.open(browser, baseUrl, who, { viewport: PHONE_390 });
    try {
      await j.signIn(email);
      for (const path of paths) await j.goto(path, path.replace(/^\//, ''));
      if (email === COORDINATOR) {
        await j.page.goto(`/admin/users?q=${'x'.repeat(101)}`); // answered 422, with the error summary
        await j.landed('search-refused');
      }
    } finally {
      await j.close();
    }
  }
}

export async function staffOnPhone(browser: Browser, baseUrl: string, tag: string): Promise<void> {
  await coordinatorJourney(browser, baseUrl, tag);
  await workerJourney(browser, baseUrl);
  await parentJourney(browser, baseUrl, tag);
  await partnerJourney(browser, baseUrl);
  await accessibilityPass(browser, baseUrl);
}
