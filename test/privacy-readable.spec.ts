// /my/data as a page to read (issue 15): the export in the reader's language, codes as words, no
// sensitive staff field; the JSON download kept; printable.
import { expect } from 'chai';
import { familyBody } from './helpers/intake-fixtures.js';
import { livedCase, SECRETS, type LivedCase } from './helpers/lived-case.js';
import { useTestApp } from './helpers/test-app.js';
import { readableExport } from '../src/modules/privacy/readable-export.js';
import type { Actor } from '../src/modules/intake/index.js';

/** The visible text of a page's main content. */
function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Codes that must have become words: communes, vocabularies, statuses, ids. */
const CODES = [
  /\b21\d{3}\b/, // NIS code of a commune
  /\b[0-9a-f]{24}\b/, // an id
  /\b[a-z]+_[a-z_]+\b/, // a snake_case code (family_found_housing, conform_with_remarks…)
  /\b(babysitting|cpas|bedroom|apartment)\b/, // a vocabulary code (case matters: the words may start a sentence)
  /\b(undefined|null|NaN|true|false)\b/,
  /\[object Object\]/,
  /\b[a-z]+\.[a-z]+(\.[a-zA-Z]+)+\b/, // a catalogue key (the page's e-mail addresses are removed first)
];

const WORDS = {
  fr: {
    account: 'Votre compte',
    month: /février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|janvier/,
    history: "Ce qui s'est passé",
    babysitting: 'Garder des enfants',
    commune: 'Ixelles',
  },
  nl: {
    account: 'Uw account',
    month: /januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december/,
    history: 'Wat er gebeurde',
    babysitting: 'Op kinderen passen',
    commune: 'Elsene',
  },
  en: {
    account: 'Your account',
    month: /January|February|March|April|May|June|July|August|September|October|November|December/,
    history: 'What happened',
    babysitting: 'Looking after children',
    commune: 'Ixelles',
  },
} as const;

describe('/my/data: the readable page', () => {
  const ctx = useTestApp();
  let lived: LivedCase;
  before(async function () {
    this.timeout(60_000);
    lived = await livedCase(ctx, { end: true });
  });

  for (const lang of ['fr', 'nl', 'en'] as const) {
    for (const who of ['parent', 'host'] as const) {
      it(`shows the ${who}'s data in words, in ${lang}, with nothing confidential`, async () => {
        const res = await lived[who].agent.get(`/my/data?lang=${lang}`).set('Accept', 'text/html').expect(200);
        expect(res.headers['content-type']).to.match(/text\/html/);
        const text = mainText(res.text);
        const w = WORDS[lang];
        expect(text).to.contain(w.account).and.contain(w.history);
        expect(text).to.match(w.month);
        expect(text, 'the agreement’s service in words').to.contain(w.babysitting);
        expect(text, 'their own answers').to.contain(who === 'parent' ? 'Amina' : 'Marc');
        expect(text, 'a commune by name').to.contain(w.commune);
        // the JSON download is one click away
        expect(res.text).to.contain('href="/my/data/export"');
        for (const secret of Object.values(SECRETS)) expect(text, secret).not.to.contain(secret);
        const withoutAddresses = text.replace(/[\w.+-]+@[\w.-]+/g, ' ');
        for (const code of CODES) expect(withoutAddresses, String(code)).not.to.match(code);
      });
    }
  }

  it('names every answer of the export: no field is left without a label', async () => {
    const privacy = ctx.app.named.privacy;
    for (const who of ['parent', 'host'] as const) {
      const actor: Actor = { id: lived[who].id, role: who, name: who };
      for (const lang of ['fr', 'nl', 'en'] as const)
        expect(readableExport(await privacy.exports.exportFor(actor, lang), lang).unlabeled, `${who} ${lang}`).to.deep.equal([]);
    }
  });

  it('keeps the JSON: the download, and /my/data for a client that asks for JSON', async () => {
    const file = await lived.parent.agent.get('/my/data/export').expect(200);
    expect(file.headers['content-disposition']).to.contain('attachment');
    expect(JSON.parse(file.text).format).to.equal('cohabitation-export/1');
    const json = await lived.parent.agent.get('/my/data').set('Accept', 'application/json').expect(200);
    expect(json.headers['content-type']).to.match(/application\/json/);
    expect(JSON.parse(json.text).applications[0].needs.communes).to.deep.equal(familyBody().needs!.communes);
    expect(json.headers.vary).to.match(/Accept/);
  });

  it('prints without the menus and the forms', async () => {
    const res = await lived.parent.agent.get('/my/data?lang=en').expect(200);
    const css = (await ctx.request().get('/static/app.css').expect(200)).text;
    expect(css).to.match(/@media print\s*\{[^}]*\.site-header[^}]*\.no-print/);
    const noPrint = res.text.slice(res.text.indexOf('class="no-print"'));
    expect(noPrint).to.contain('/my/data/erasure-request');
  });

  it('is for a signed-in person only', async () => {
    const res = await ctx.request().get('/my/data');
    expect([302, 303, 401]).to.include(res.status);
    expect(res.text).not.to.contain('cohabitation-export');
  });
});
