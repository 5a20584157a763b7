// Issue 15, "no raw key or code on a page": a coordinator on a 390 × 844 phone without JavaScript
// reads the pages where codes used to show — a suspended and a non-conform offer (their reason and
// history), the visits of the suspended one, the audit log, the outbox — in French, then in Dutch.
import type { Browser } from 'playwright-core';
import { Journey, PHONE_390 } from './browser.js';
import { check, must } from './checks.js';

const COORDINATOR = 'coordinator@demo.cohabitation.test';
/** What used to show: catalogue keys, codes with "_", audit action codes and JSON pointers, "undefined". */
const RAW =
  /\b(?:intake|conformity|matching|followup|audit|privacy|dev)\.[a-zA-Z]+\.[\w.]+|\b[a-z]+_[a-z_]+\b|\b(?:session\.login|family\.read|offer\.read)\b|(?:^|\s)\/(?:parent|status|casework)\b|\bundefined\b|\bRaison donnée : erased\b/m;

async function expectInWords(j: Journey, where: string): Promise<void> {
  const text = await j.page.locator('body').innerText();
  const raw = RAW.exec(text);
  check(!raw, `${where}: "${raw?.[0]}" shown as a code (${j.page.url()})`);
}

async function offerWithStatus(j: Journey, list: string, status: RegExp): Promise<string> {
  const seen = new Set<string>();
  {
    await j.page.goto(list);
    for (const href of await j.page.locator('main a[href^="/work/offers/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))) {
      const path = /^\/work\/offers\/[0-9a-f]{24}$/.exec(href.split('#')[0]!)?.[0];
      if (!path || seen.has(path)) continue;
      seen.add(path);
      await j.page.goto(path);
      if (status.test(await j.page.locator('main .lead').first().innerText())) return path;
    }
  }
  throw new Error(`no offer ${status} among ${seen.size}`);
}

export async function wordsJourney(browser: Browser, baseUrl: string): Promise<void> {
  const j = await Journey.open(browser, baseUrl, 'f-words-nojs', { viewport: PHONE_390, javaScript: false });
  try {
    await j.signIn(COORDINATOR);
    await j.page.goto('/?lang=fr');

    const suspended = await offerWithStatus(j, '/work/offers/suspended', /Suspendu/);
    await j.goto(suspended, 'offer-suspended-fr');
    await expectInWords(j, 'suspended offer');
    await j.goto(`${suspended}/inspections`, 'offer-suspended-visits-fr');
    await expectInWords(j, 'visits of the suspended offer');
    check((await j.page.locator('main').innerText()).includes('suspendue, le temps'), 'the visits page does not say the offer is suspended');

    // No list page gathers the non-conform offers: the JSON API does (the same session).
    const listed = (await (await j.page.request.get('/api/v1/offers?status=non_conform')).json()) as { items: { id?: string; _id?: string }[] };
    const nonConform = `/work/offers/${must(listed.items[0]?.id ?? listed.items[0]?._id, 'no non-conform offer in the demo')}`;
    await j.goto(nonConform, 'offer-non-conform-fr');
    await expectInWords(j, 'non-conform offer');
    check(
      /Raison donnée : logement pas conforme lors de la visite/.test(await j.page.locator('main').innerText()),
      'the non-conform offer does not give its reason in words',
    );

    await j.goto('/admin/audit', 'audit-fr');
    await expectInWords(j, 'audit log');
    await j.goto('/dev/outbox', 'outbox-fr');
    await expectInWords(j, 'outbox');

    await j.page.goto('/?lang=nl');
    await j.goto(nonConform, 'offer-non-conform-nl');
    await expectInWords(j, 'non-conform offer (nl)');
    await j.goto('/admin/audit', 'audit-nl');
    await expectInWords(j, 'audit log (nl)');
    must(await j.page.locator('main td').first().innerText(), 'the audit log has no entries');
  } finally {
    await j.page.goto('/?lang=fr').catch(() => undefined);
    await j.close();
  }
}
