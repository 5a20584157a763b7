// Issue 15, replayed on a 390 × 844 phone without JavaScript, in Dutch: the session lapses while a
// step is being filled in (its cookie is gone, as after the idle timeout) — sending the step keeps
// the answers, signing in again brings the page back filled in; then the same step open in two tabs
// and saved from both — the second says another tab saved it, and keeps what was typed there.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Journey, OUT_DIR, PHONE_390, results } from './browser.js';
import { check, must } from './checks.js';
import { PASSWORD, register } from './forms.js';

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  results.shots.push(file);
}

export async function sessionAndTabsJourney(browser: Browser, baseUrl: string, tag: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 's-session-tabs', { viewport: PHONE_390, javaScript: false, lang: 'nl-BE' });
  const { page } = j;
  const email = `parent-${tag}@e2e.cohabitation.test`;
  try {
    await register(j, 'parent', email, `Nadia Sessie ${tag}`, false);
    await j.goto('/my/application?lang=nl', 'application-start');
    await j.submit(page.locator('main form button[type=submit]'), 'step-you');
    const stepUrl = page.url();
    check(stepUrl.endsWith('/you'), `the application did not open on its first step: ${stepUrl}`);

    // The session lapses while the parent types.
    await page.fill('#parent-firstName', 'Nadia');
    await page.fill('#parent-lastName', `Sessie ${tag}`);
    await page.fill('#parent-birthYear', '1990');
    await page.fill('#parent-phone', '0470 55 66 77');
    await j.context.clearCookies();
    await j.submit(page.locator('main form button.button[value=next]'), 'sent-after-session-lapsed');
    check(page.url().includes('/login'), `after the session lapsed, sending the step should ask to sign in again, not land on ${page.url()}`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await j.submit(page.locator('main form button[type=submit]'), 'signed-in-again');
    check(page.url().startsWith(stepUrl), `after signing in again the parent should be back on the step, not on ${page.url()}`);
    check(
      (await page.inputValue('#parent-firstName')) === 'Nadia' && (await page.inputValue('#parent-birthYear')) === '1990',
      'the answers typed before the session lapsed are gone',
    );
    check((await page.locator('main').innerText()).includes('Uw sessie was afgelopen'), 'the page does not say the session had ended and nothing is saved yet');

    // Two tabs on the same step, both saved.
    await page.check('#parent-languages-nl');
    await page.selectOption('#parent-preferredLanguage', 'nl');
    const other = await j.context.newPage();
    await other.goto(stepUrl);
    await other.fill('#parent-firstName', 'Nadia');
    await other.fill('#parent-lastName', `Sessie ${tag}`);
    await other.fill('#parent-birthYear', '1990');
    await other.check('#parent-languages-nl');
    await other.selectOption('#parent-preferredLanguage', 'nl');
    await Promise.all([other.waitForNavigation(), other.locator('main form button[value=later]').click()]);
    await shoot(other, 's-session-tabs-90-other-tab-saved');
    await other.close();
    await page.fill('#parent-phone', '0470 11 22 33');
    await j.submit(page.locator('main form button.button[value=next]'), 'second-tab-saved', 500);
    const text = await page.locator('main').innerText();
    check(text.includes('ander tabblad'), `saving the second tab should say another tab saved the page, it says:\n${text.slice(0, 600)}`);
    check(!/verplicht/i.test(must(text, 'empty page')), `the second tab shows "required" errors instead of the other-tab message:\n${text.slice(0, 600)}`);
    check((await page.inputValue('#parent-phone')) === '0470 11 22 33', 'what was typed in the second tab is gone');
  } finally {
    await j.close();
  }
}
