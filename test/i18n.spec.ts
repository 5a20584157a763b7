// Catalogues (fr, nl, en complete and consistent) and the language choice (SPEC §2): the user's
// setting, else ?lang= (kept in a cookie), else Accept-Language, else French.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { catalogues, chooseLanguage, fromAcceptLanguage, isLanguage, LANGUAGES, t } from '../src/kernel/i18n/index.js';
import type { Language } from '../src/kernel/config.js';
import { apiLogin, createUser, csrfToken, useTestApp } from './helpers/test-app.js';

function keys(lang: Language): Set<string> {
  return new Set(catalogues.get(lang)?.keys() ?? []);
}

/** The names of a string's placeholders: `{name}` and plurals `{name, plural, …}` (see t()). */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)(?:\}|\s*,\s*plural\s*,)/g)].map((m) => m[1]!))];
}

function htmlLang(html: string): string | undefined {
  return /<html[^>]*\slang="([^"]*)"/.exec(html)?.[1];
}

describe('i18n', () => {
  describe('catalogues', () => {
    it('has fr, nl and en loaded, each with keys', () => {
      expect([...catalogues.keys()]).to.have.members(['fr', 'nl', 'en']);
      for (const lang of LANGUAGES) expect(keys(lang).size, lang).to.be.greaterThan(50);
    });

    for (const other of ['nl', 'en'] as const) {
      it(`has the same keys in fr and ${other}`, () => {
        const fr = keys('fr');
        const theirs = keys(other);
        const missingInOther = [...fr].filter((k) => !theirs.has(k));
        const missingInFr = [...theirs].filter((k) => !fr.has(k));
        expect(missingInOther, `keys of fr missing in ${other}: ${missingInOther.join(', ')}`).to.deep.equal([]);
        expect(missingInFr, `keys of ${other} missing in fr: ${missingInFr.join(', ')}`).to.deep.equal([]);
      });
    }

    it('has no empty value', () => {
      const empty = LANGUAGES.flatMap((lang) => [...(catalogues.get(lang) ?? [])].filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`));
      expect(empty, `empty values: ${empty.join(', ')}`).to.deep.equal([]);
    });

    it('keeps every {placeholder} of a French string in the Dutch and English strings', () => {
      const problems: string[] = [];
      for (const [key, text] of catalogues.get('fr') ?? []) {
        for (const other of ['nl', 'en'] as const) {
          const translated = catalogues.get(other)?.get(key) ?? '';
          // A count may be a plain {name} in one language and a plural in another (FR "mois" never changes).
          for (const name of placeholders(text)) if (!placeholders(translated).includes(name)) problems.push(`${other}:${key} lacks {${name}}`);
        }
      }
      expect(problems, problems.join('; ')).to.deep.equal([]);
    });
  });

  describe('chooseLanguage', () => {
    it("prefers the user's setting over the query, the cookie and Accept-Language", () => {
      expect(chooseLanguage({ userSetting: 'nl', query: 'en', cookie: 'fr', acceptLanguage: 'en' })).to.equal('nl');
    });

    it('then ?lang=, then the cookie, then Accept-Language', () => {
      expect(chooseLanguage({ userSetting: null, query: 'en', cookie: 'nl', acceptLanguage: 'fr' })).to.equal('en');
      expect(chooseLanguage({ cookie: 'nl', acceptLanguage: 'en' })).to.equal('nl');
      expect(chooseLanguage({ acceptLanguage: 'en' })).to.equal('en');
    });

    it('ranks Accept-Language by quality and base language', () => {
      expect(chooseLanguage({ acceptLanguage: 'en;q=0.5, nl;q=0.9' })).to.equal('nl');
      expect(chooseLanguage({ acceptLanguage: 'de-DE, en;q=0.8' })).to.equal('en');
      expect(chooseLanguage({ acceptLanguage: 'nl-BE' })).to.equal('nl');
      expect(chooseLanguage({ acceptLanguage: 'en, nl;q=0' })).to.equal('en');
      expect(fromAcceptLanguage('de, es;q=0.5')).to.equal(null);
    });

    it('falls back to French', () => {
      expect(chooseLanguage({})).to.equal('fr');
      expect(chooseLanguage({ acceptLanguage: 'de-DE, es;q=0.8' })).to.equal('fr');
      expect(chooseLanguage({ acceptLanguage: '' })).to.equal('fr');
    });

    it('ignores unknown codes at every level', () => {
      expect(chooseLanguage({ userSetting: 'de', query: 'es', cookie: 'it', acceptLanguage: 'en' })).to.equal('en');
      expect(chooseLanguage({ userSetting: 'xx', query: 'nl' })).to.equal('nl');
      expect(chooseLanguage({ query: ['en'], cookie: 'nl' })).to.equal('nl');
      expect(chooseLanguage({ query: 'EN' })).to.equal('fr');
    });
  });

  describe('through HTTP', () => {
    const ctx = useTestApp();

    it('renders French with no hints', async () => {
      const res = await ctx.request().get('/').expect(200);
      expect(htmlLang(res.text)).to.equal('fr');
      expect(res.headers['content-language']).to.equal('fr');
    });

    it('follows Accept-Language', async () => {
      const res = await ctx.request().get('/').set('Accept-Language', 'nl-BE').expect(200);
      expect(htmlLang(res.text)).to.equal('nl');
      expect(res.headers['content-language']).to.equal('nl');
    });

    it('keeps a ?lang= choice in a cookie, over Accept-Language', async () => {
      const agent = ctx.request();
      const first = await agent.get('/?lang=en').set('Accept-Language', 'nl').expect(200);
      expect(htmlLang(first.text)).to.equal('en');
      const setCookie = ([] as string[]).concat(first.headers['set-cookie'] ?? []);
      expect(
        setCookie.some((c) => /^lang=en;/.test(c)),
        setCookie.join(' | '),
      ).to.equal(true);

      const next = await agent.get('/').set('Accept-Language', 'nl').expect(200);
      expect(htmlLang(next.text)).to.equal('en');
      expect(next.headers['content-language']).to.equal('en');
    });

    it('translates API error messages', async () => {
      const agent = ctx.request();
      const token = await csrfToken(agent);
      const res = await agent.post('/api/v1/accounts').set('X-CSRF-Token', token).set('Accept-Language', 'en').send({}).expect(422);
      expect(res.headers['content-language']).to.equal('en');
      expect(res.body.error.details).to.deep.include({ path: '/email', message: 'This field is required.' });

      const fr = await agent.post('/api/v1/accounts').set('X-CSRF-Token', token).send({}).expect(422);
      expect(fr.body.error.details).to.deep.include({ path: '/email', message: 'Ce champ est obligatoire.' });
    });

    // A malformed percent-encoding once made decodeURIComponent throw on every request.
    it('ignores an unreadable lang cookie', async () => {
      const res = await ctx.request().get('/').set('Cookie', 'lang=%E0%A4%A').expect(200);
      expect(htmlLang(res.text)).to.equal('fr');
      await ctx.request().get('/api/v1/session').set('Cookie', 'lang=%').set('Accept-Language', 'nl').expect(200);
    });

    // An error raised before the language middleware (here: the session store with the database
    // down) once left the error page without `t`, and Express's fallback page was sent instead.
    it('renders a translated error page when the failure comes before the language is chosen', async () => {
      const user = await createUser('parent');
      const agent = ctx.request();
      await apiLogin(agent, user.email);
      const client = mongoose.connection.getClient();
      await client.close(true);
      try {
        const res = await agent.get('/account').set('Accept-Language', 'en').expect(503);
        expect(res.text).to.not.include('Template render error');
        const lang = htmlLang(res.text);
        expect(isLanguage(lang), `html lang ${lang}`).to.equal(true);
        expect(res.text).to.include(t(lang as Language, 'errors.title', { status: 503 }));
      } finally {
        await client.connect();
      }
    });
  });
});
