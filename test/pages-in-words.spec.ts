// Issue 15: no raw key, code or "undefined" ever reaches a page or an e-mail. The demo data, with
// records in their unusual states (an erased family and offer, ended cohabitations, a failed
// inspection, a suspended offer), is read by each demo role in each language, following every
// same-site GET link from the role's home (a bounded sample of ids per route), and every e-mail in
// the outbox is read too. What a person reads must hold no catalogue key, no code of a closed list,
// no "undefined"/"null"/"NaN", no raw timestamp and no JSON pointer.
import { expect } from 'chai';
import type supertest from 'supertest';
import { DEMO_LOGINS, seedDemoData } from '../src/demo/seed.js';
import { sendHouseholdReminders } from '../src/modules/followup/party-reminders.js';
import { AuditModel } from '../src/kernel/audit/audit.model.js';
import { UserModel } from '../src/kernel/auth/user.model.js';
import { LANGUAGES, reportMissingKeys } from '../src/kernel/i18n/index.js';
import { InspectionModel } from '../src/modules/conformity/inspection.model.js';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { ProposalModel } from '../src/modules/matching/proposal.model.js';
import { OfferModel } from '../src/modules/intake/offer.model.js';
import { getTargets, visibleText } from './helpers/page-text.js';
import { languageOf, loadVocabulary, rawTexts, type Vocabulary } from './helpers/raw-codes.js';
import { createUser, formLogin, useTestApp } from './helpers/test-app.js';

const ORIGIN = 'http://127.0.0.1';
const HOME = { coordinator: '/work/dashboard', worker: '/work/dashboard', partner: '/referrals', parent: '/my/application', host: '/my/offer' } as const;
type DemoRole = keyof typeof HOME;
const SAMPLES_PER_PATTERN = 3;
const MAX_PAGES = 400;
/** Never followed: signing out, the static files, the JSON export; `?lang=` changes the reader's setting. */
const SKIP = /^\/(logout|static\/|my\/data\/export|api\/)/;

interface Page {
  url: string;
  status: number;
  text: string;
}

/** A route pattern: record ids and page numbers collapsed, so that a sample of each is read. */
function patternOf(url: URL): string {
  const path = url.pathname.replace(/\/[0-9a-f]{24}(?=\/|$)/g, '/:id');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${k}=${/^[0-9a-f]{24}$/.test(v) ? ':id' : k === 'page' || /^\d+$/.test(v) ? ':n' : v}`)
    .sort()
    .join('&');
  return query ? `${path}?${query}` : path;
}

async function fetchPage(agent: supertest.Agent, start: string): Promise<Page & { redirects: string[] }> {
  let url = start;
  const redirects: string[] = [];
  for (let hop = 0; hop < 5; hop++) {
    const res = await agent.get(url);
    const location = res.headers.location as string | undefined;
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, ORIGIN + url);
      if (next.origin !== ORIGIN) break;
      url = next.pathname + next.search;
      redirects.push(url);
      continue;
    }
    const html = /text\/html/.test(String(res.headers['content-type'] ?? '')) ? res.text : '';
    return { url, status: res.status, text: html, redirects };
  }
  return { url, status: 0, text: '', redirects };
}

/** Every page a person of this role reaches by GET from their home (and from `extra`), read in `lang`. */
async function crawl(agent: supertest.Agent, start: string[]): Promise<Page[]> {
  const queue = [...start];
  const seen = new Set<string>();
  const perPattern = new Map<string, number>();
  const pages: Page[] = [];
  const admit = (raw: string, from: string, forced = false) => {
    const url = new URL(raw, ORIGIN + from);
    url.hash = '';
    if (url.origin !== ORIGIN || SKIP.test(url.pathname) || url.searchParams.has('lang')) return;
    const key = url.pathname + url.search;
    if (seen.has(key)) return;
    const pattern = patternOf(url);
    const count = perPattern.get(pattern) ?? 0;
    if (!forced && count >= SAMPLES_PER_PATTERN) return;
    seen.add(key);
    if (!forced) perPattern.set(pattern, count + 1);
    queue.push(key);
  };
  queue.length = 0;
  for (const url of start) admit(url, '/', true);
  while (queue.length && pages.length < MAX_PAGES) {
    const url = queue.shift()!;
    const page = await fetchPage(agent, url);
    for (const r of page.redirects) seen.add(r);
    pages.push(page);
    if (page.text) for (const target of getTargets(page.text, ORIGIN + page.url)) admit(target, page.url);
  }
  return pages;
}

describe('pages and e-mails in words (issue 15): no raw key, code or "undefined" in the demo, in FR, NL and EN', () => {
  const ctx = useTestApp();
  /** Records in unusual states the crawl must read, whatever its sample. */
  const unusual: string[] = [];
  let vocab: Vocabulary;

  /** Keys asked of t() that no catalogue holds, as they are asked. */
  const missingKeys: string[] = [];

  before(async function () {
    this.timeout(120_000);
    reportMissingKeys((key, lang) => missingKeys.push(`${lang}:${key}`));
    await seedDemoData(ctx.app);
    // What the hourly jobs send in a running app: the households' reminders (not run by the test app).
    const followup = ctx.app.named.followup;
    const intake = ctx.app.named.intake;
    const reminders = await sendHouseholdReminders(
      { outbox: ctx.app.outbox, families: intake.families, offers: intake.offers },
      () => followup.cohabitations.alive(),
      new Date().toISOString().slice(0, 10),
    );
    expect(reminders, 'the demo households get reminders').to.be.greaterThan(0);
    const coordinator = await UserModel.findOne({ email: DEMO_LOGINS.accounts.find((a) => a.role === 'coordinator')!.email }).lean<{
      _id: unknown;
      name: string;
    }>();
    const actor = { id: String(coordinator!._id), role: 'coordinator' as const, name: coordinator!.name };
    const privacy = ctx.app.named.privacy;
    // The family and the host of an ended cohabitation, erased: the pages then speak of erased people.
    const ended = await CohabitationModel.find({ status: 'ended' }).sort({ _id: 1 }).lean<{ _id: unknown; familyId: string; offerId: string }[]>();
    expect(ended.length, 'ended cohabitations in the demo').to.be.at.least(2);
    await privacy.erasure.eraseFamily(actor, ended[0]!.familyId, 'Demandé par la personne (test)');
    // Their offers are taken again in the demo: an available offer of another host is erased instead.
    const freeOffer = await OfferModel.findOne({ status: 'available', ownerUserId: null }).sort({ _id: 1 }).lean<{ _id: unknown }>();
    expect(freeOffer, 'an available offer made by a worker').to.not.equal(null);
    await privacy.erasure.eraseOffer(actor, String(freeOffer!._id), 'Demandé par la personne (test)');
    // And an account: erased people on the accounts page.
    const leaving = await createUser('parent', { name: 'Personne partie' });
    await privacy.erasure.eraseUser(actor, leaving.id, 'Demandé par la personne (test)');
    // One record of each status (and each inspection outcome), whatever the crawl's sample.
    const oneOfEach = (docs: Record<string, unknown>[], field: string, paths: (id: string) => string[]) => {
      const first = new Map<string, string>();
      for (const d of docs) if (!first.has(String(d[field]))) first.set(String(d[field]), String(d._id));
      for (const id of first.values()) unusual.push(...paths(id));
      return first;
    };
    const byId = { _id: 1 } as const;
    oneOfEach(await FamilyModel.find().sort(byId).select('status').lean(), 'status', (id) => [
      `/work/families/${id}`,
      `/work/families/${id}/matches`,
      `/admin/audit?targetId=${id}`,
    ]);
    const offerStatuses = oneOfEach(await OfferModel.find().sort(byId).select('status').lean(), 'status', (id) => [
      `/work/offers/${id}`,
      `/work/offers/${id}/inspections`,
      `/work/offers/${id}/matches`,
      `/admin/audit?targetId=${id}`,
    ]);
    oneOfEach(await CohabitationModel.find().sort(byId).select('status').lean(), 'status', (id) => [
      `/work/cohabitations/${id}`,
      `/cohabitations/${id}/agreement`,
    ]);
    oneOfEach(await ProposalModel.find().sort(byId).select('status').lean(), 'status', (id) => [`/proposals/${id}`]);
    const outcomes = oneOfEach(await InspectionModel.find().sort(byId).select('outcome').lean(), 'outcome', (id) => [
      `/work/inspections/${id}`,
      `/work/inspections/${id}/report`,
      `/work/inspections/${id}/result`,
      `/inspections/${id}/print`,
    ]);
    expect([...offerStatuses.keys()], 'the demo has a suspended and a non-conform offer').to.include.members(['suspended', 'non_conform']);
    expect([...outcomes.keys()], 'the demo has a failed inspection').to.include('non_conform');
    unusual.push(
      `/work/families/${ended[0]!.familyId}`,
      `/work/cohabitations/${String(ended[0]!._id)}`,
      `/work/offers/${String(freeOffer!._id)}`,
      `/admin/users/${leaving.id}/erase`,
      '/dev/outbox',
      '/admin/audit',
    );
  });

  async function readAs(role: DemoRole): Promise<string[]> {
    const agent = ctx.request();
    const account = DEMO_LOGINS.accounts.find((a) => a.role === role)!;
    await formLogin(agent, account.email, DEMO_LOGINS.password);
    const problems: string[] = [];
    const start = [HOME[role], '/', '/account', '/my/data', '/privacy', ...(role === 'coordinator' || role === 'worker' ? unusual : [])];
    for (const lang of LANGUAGES) {
      await agent.get(`/?lang=${lang}`).expect(200);
      missingKeys.length = 0;
      const pages = await crawl(agent, start);
      for (const key of new Set(missingKeys)) problems.push(`${role} · ${lang}: t() was asked for "${key}" (lang:key), in no catalogue`);
      expect(pages.length, `${role} reads pages`).to.be.above(3);
      if (process.env.CRAWL_DEBUG) console.log(role, lang, pages.length, pages.map((p) => `${p.status} ${p.url}`).join('\n'));
      // Codes held in the data (audit actions and field names) grow with the reading: taken after it.
      vocab = await vocabularyNow();
      for (const page of pages) {
        if (page.status >= 500) problems.push(`${role} · ${lang} · ${page.url}: answered ${page.status}`);
        for (const f of rawTexts(visibleText(page.text), lang, vocab)) problems.push(`${role} · ${lang} · ${page.url}: "${f.text}" in ${f.context}`);
      }
    }
    return problems;
  }

  after(() => reportMissingKeys('stderr'));

  async function vocabularyNow(): Promise<Vocabulary> {
    const held = await Promise.all([
      AuditModel.distinct('action'),
      AuditModel.distinct('fields'),
      FamilyModel.distinct('events.type'),
      OfferModel.distinct('events.type'),
    ]);
    return loadVocabulary(held.flat().map(String));
  }

  function report(problems: string[]): string {
    const shown = [...new Set(problems)];
    const limit = Number(process.env.RAW_TEXT_LIMIT ?? 150);
    return `${shown.length} raw text(s):\n${shown.slice(0, limit).join('\n')}${shown.length > limit ? `\n… and ${shown.length - limit} more` : ''}`;
  }

  for (const role of Object.keys(HOME) as DemoRole[]) {
    it(`as the demo ${role}, in FR, NL and EN`, async function () {
      this.timeout(180_000);
      const problems = await readAs(role);
      expect(problems, report(problems)).to.deep.equal([]);
    });
  }

  it('every e-mail in the outbox after the seed, subject and body', async function () {
    this.timeout(60_000);
    const messages = await ctx.app.outbox.latest(5_000);
    expect(messages.length, 'the demo sends e-mails').to.be.above(0);
    vocab = await vocabularyNow();
    const problems: string[] = [];
    for (const m of messages) {
      const text = `${m.subject}\n${m.text ?? ''}`;
      for (const f of rawTexts(text, languageOf(text, vocab), vocab))
        problems.push(`e-mail "${m.subject}" (${m.kind}) to ${m.to}: "${f.text}" in ${f.context}`);
    }
    expect(problems, report(problems)).to.deep.equal([]);
  });
});
