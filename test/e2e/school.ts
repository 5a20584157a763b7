// Issue 18 on a 390 × 844 phone without JavaScript: the support worker opens the matches of the
// demo family whose children go to school and crèche in Forest (src/demo/school-demo.ts). The
// home in Forest comes first, ahead of one otherwise alike in Uccle, and the page says
// why in words: close to the children's school or crèche, with each child's distance.
import type { Browser } from 'playwright-core';
import { SCHOOL_DEMO_PARENT } from '../../src/demo/school-demo.js';
import { join } from 'node:path';
import { Journey, OUT_DIR, PHONE_390 } from './browser.js';
import { check } from './checks.js';

const WORKER = 'worker@demo.cohabitation.test';

export async function schoolJourney(browser: Browser, baseUrl: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'k-school-phone', { viewport: PHONE_390, javaScript: false });
  const { page } = j;
  try {
    await j.signIn(WORKER);
    // The family's id from the JSON API, with the worker's session (a GET needs no token).
    const found = await page.request.get(`/api/v1/families?q=${encodeURIComponent(SCHOOL_DEMO_PARENT.lastName)}`);
    const items = ((await found.json()) as { items: { id: string; parent?: { lastName?: string } }[] }).items.filter(
      (f) => f.parent?.lastName === SCHOOL_DEMO_PARENT.lastName,
    );
    check(items.length === 1, `the school demo family: ${items.length} found`);
    await j.goto(`/work/families/${items[0]!.id}/matches`, 'school-matches');
    const main = await page.locator('main').innerText();
    const titles = await page.locator('main .match-list article.match h3').allInnerTexts();
    const near = titles.findIndex((title) => title.includes('Brigitte') && title.includes('Forest'));
    const far = titles.findIndex((title) => title.includes('Monique') && title.includes('Uccle'));
    check(near === 0 && far > near, `the home near the school comes first, before the one otherwise alike: ${titles.join(' | ')}`);
    check(main.includes("Près de l'école ou de la crèche des enfants"), 'the school reason is shown in words');
    check(main.includes('enfant 1, école à Forest') && main.includes('enfant 2, crèche à Forest'), 'each child’s school and distance is said');
    check(!/\bSCHOOL\b|matching\.criteria/.test(main), 'no raw code or key on the page');
    // Proof on a phone: the two cards, each as the worker sees it (the school sentence in "why").
    const cards = page.locator('main .match-list article.match');
    await cards.nth(near).screenshot({ path: join(OUT_DIR, `${j.name}-near-school-card.png`) });
    await cards.nth(far).screenshot({ path: join(OUT_DIR, `${j.name}-far-from-school-card.png`) });
    await page.getByText("Près de l'école ou de la crèche des enfants").first().scrollIntoViewIfNeeded();
    await j.landed('school-reason', false);
    // The family's page for the worker: each child's school or crèche and what custody means in days.
    await j.goto(`/work/families/${items[0]!.id}`, 'family-children');
    const family = await page.locator('main').innerText();
    check(family.includes('École à Forest (1190)') && family.includes('Crèche à Forest'), 'the worker’s family page names each child’s school or crèche');
    check(family.includes('tous les jours et toutes les nuits'), 'the worker’s family page says the days custody means');
    await page
      .locator('main ul', { hasText: 'École à Forest' })
      .first()
      .screenshot({ path: join(OUT_DIR, `${j.name}-family-children.png`) });
  } finally {
    await j.close();
  }
}
