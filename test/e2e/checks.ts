// Small assertions the journeys share: the error-summary pattern and keyboard use of a form.
import type { Page } from 'playwright-core';

export class JourneyError extends Error {}

export function must<T>(value: T | null | undefined, message: string): T {
  if (value === null || value === undefined || value === '') throw new JourneyError(message);
  return value;
}

export function check(condition: unknown, message: string): void {
  if (!condition) throw new JourneyError(message);
}

/** yyyy-mm-dd, `days` from today. */
export function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The summary at the top, each error a link to a field that exists on the page. */
export async function expectErrorSummary(page: Page, where: string): Promise<void> {
  const summary = page.locator('.error-summary');
  check((await summary.count()) === 1, `${where}: no error summary after an invalid submission (${page.url()})`);
  const hrefs = await summary.locator('a[href^="#"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  check(hrefs.length > 0, `${where}: the error summary has no links to the fields`);
  const texts = (await summary.locator('a[href^="#"]').allInnerTexts()).map((text) => text.trim());
  check(
    new Set(texts).size === texts.length,
    `${where}: the error summary repeats the same words for several fields, so it cannot say which: ${texts.join(' | ')}`,
  );
  for (const href of hrefs) {
    const id = decodeURIComponent(href.slice(1));
    check((await page.locator(`[id="${id}"]`).count()) === 1, `${where}: the error summary links to #${id}, which is not on the page`);
  }
}

/**
 * Keyboard only: Tab from the top of the page reaches each of the form's fields in order, and the
 * focused field shows a visible focus indicator (outline or box-shadow).
 */
export async function expectKeyboardForm(page: Page, fieldIds: string[], where: string): Promise<void> {
  await page.locator('body').focus();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached: string[] = [];
  for (let presses = 0; presses < 60 && reached.length < fieldIds.length; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
      return { id: el.id, visible: outline || shadow };
    });
    if (!focused) continue;
    const expected = fieldIds[reached.length];
    if (focused.id === expected) {
      check(focused.visible, `${where}: #${expected} has no visible focus indicator`);
      reached.push(expected);
    }
  }
  check(reached.length === fieldIds.length, `${where}: the keyboard reached ${reached.join(', ') || 'none'} of ${fieldIds.join(', ')}`);
  // Typing works where the focus is.
  await page.keyboard.type('x');
  check((await page.locator(`[id="${fieldIds.at(-1)}"]`).inputValue()).endsWith('x'), `${where}: typing does not reach the focused field`);
}

/** On a phone, signed in: the links sit in a closed menu that opens (no script needed) and marks the current page. */
export async function expectPhoneMenu(page: Page, where: string): Promise<void> {
  check(!(await page.locator('.main-nav .nav-list').isVisible()), `${where}: the full list of links shows on a phone`);
  const summary = page.locator('.main-nav .nav-menu > summary');
  check(await summary.isVisible(), `${where}: no menu button on a phone`);
  check(!(await page.locator('.nav-menu a').first().isVisible()), `${where}: the menu is open before it is asked for`);
  await summary.click();
  const current = page.locator('.nav-menu a[aria-current="page"]');
  check((await current.count()) === 1 && (await current.isVisible()), `${where}: the open menu does not mark the current page`);
}
