// Issue 18 part 3 on a 390 × 844 phone without JavaScript: the coordinator adds a service to the
// directory (the error summary first, then saved, in the list of its commune); the support worker
// opens a demo case's local services (the new home's commune and the helplines) and records an
// introduction, then sees on the family's case page how isolation and its network changed.
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { Journey, OUT_DIR, PHONE_390 } from './browser.js';
import { check, expectErrorSummary, must } from './checks.js';

const COORDINATOR = 'coordinator@demo.cohabitation.test';
const WORKER = 'worker@demo.cohabitation.test';

export async function directoryJourney(browser: Browser, baseUrl: string, tag: string): Promise<void> {
  const c = await Journey.open(browser, baseUrl, 'n-directory-coordinator', { viewport: PHONE_390, javaScript: false });
  try {
    await c.signIn(COORDINATOR);
    await c.goto('/work/directory?commune=21007', 'directory-forest');
    const listed = await c.page.locator('main').innerText();
    check(listed.includes('0800 30 030') && listed.includes('(démo)'), 'the demo directory of Forest shows the helplines and the invented services');
    await c.submit(c.page.locator('main a[href="/work/directory/new"]'), 'new-entry');
    await c.page.selectOption('#kind', 'homework_school');
    await c.page.selectOption('#commune', '21007');
    await c.submit(c.page.locator('main form[method=post] button[type=submit]'), 'new-entry-errors');
    await expectErrorSummary(c.page, 'the new entry without a name');
    const name = `École de devoirs du Parc ${tag} (démo)`;
    await c.page.fill('#names-fr-name', name);
    await c.page.fill('#names-nl-name', `Huiswerkschool Park ${tag} (demo)`);
    await c.page.fill('#contact-phone', '02 000 00 19');
    await c.page.fill('#contact-hours', 'Lundi 15:30–17:30');
    await c.submit(c.page.locator('main form[method=post] button[type=submit]'), 'new-entry-saved');
    check((await c.page.locator('main').innerText()).includes(name), 'the new entry is in the list of Forest');
  } finally {
    await c.close();
  }

  const w = await Journey.open(browser, baseUrl, 'n-directory-worker', { viewport: PHONE_390, javaScript: false });
  try {
    await w.signIn(WORKER);
    await w.goto('/work/cohabitations', 'cases');
    const href = must(await w.page.locator('main .record-list a').first().getAttribute('href'), 'a demo case');
    await w.goto(`${href}/network`, 'case-network');
    const text = await w.page.locator('main').innerText();
    check(text.includes('112') && text.includes('1712'), 'the worker sees the helplines to propose');
    const options = await w.page.locator('#introduction-entryId option').count();
    check(options > 1, 'services to propose');
    await w.page.selectOption('#introduction-entryId', { index: 1 });
    await w.submit(w.page.locator('#introduction button[type=submit]'), 'introduction-recorded');
    check((await w.page.locator('main').innerText()).includes('Proposé le'), 'the introduction is listed');
    // The family's case page: isolation and the network over time (the demo's check-ins recorded criteria and a map at month 3).
    const { familyId } = (await (await w.page.request.get(`/api/v1/cohabitations${href.replace('/work/cohabitations', '')}`)).json()) as { familyId: string };
    await w.goto(`/work/families/${familyId}#over-time`, 'family-over-time');
    check((await w.page.locator('#over-time table tbody tr').count()) >= 2, 'the case page shows the changes over time');
    // The section alone, readable at full size (the page's screenshot is long).
    await w.page.locator('#over-time').screenshot({ path: join(OUT_DIR, 'n-directory-worker-07-over-time-section.png') });
  } finally {
    await w.close();
  }
}
