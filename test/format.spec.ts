// The one formatting module (issue 15): instants always in Brussels time, calendar days never
// shifted, numbers and money by Intl, plurals by Intl.PluralRules through t(); no "(s)" anywhere.
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import nunjucks from 'nunjucks';
import express from 'express';
import type supertest from 'supertest';
import { configureViews } from '../src/kernel/http/views.js';
import {
  brusselsDay,
  formatDate,
  formatDay,
  formatDayNumber,
  formatInstant,
  formatMoney,
  formatNumber,
  formatPercent,
  languageOf,
  pluralCategory,
} from '../src/kernel/i18n/format.js';
import { catalogues, LANGUAGES, pluralBranches, t } from '../src/kernel/i18n/index.js';
import { formatTime as inspectionTime, formatWhen as inspectionWhen } from '../src/modules/conformity/pages-time.js';
import type { Language } from '../src/kernel/config.js';
import type { Actor } from '../src/modules/intake/actor.js';
import { familyBody } from './helpers/intake-fixtures.js';
import { createUser, formToken, PASSWORD, useTestApp } from './helpers/test-app.js';

const SUMMER = '2026-07-01T10:30:00Z'; // 12:30 in Brussels (UTC+2)
const WINTER = '2026-12-01T10:30:00Z'; // 11:30 in Brussels (UTC+1)

/**
 * Plural markers: "(s)", "(en)", "(ren)", "(eren)", "(len)", "(x)", "(e)s" after a word, "·s" after a
 * number ("2 visite·s"), NL "persoon/personen"-style pairs. Inclusive writing without a number
 * ("Certain·e·s", "accompagnateur·rice") is a gender marker, not a plural.
 */
const PLURAL_MARKER = /\p{L}\((?:s|en|ren|eren|len|x|n)\)|\(e\)s\b|\d\s\p{L}+·s\b|\b(\p{L}+)\/\1en\b|persoon\/personen/u;

function viewsEnv(): nunjucks.Environment {
  return configureViews(express(), process.cwd(), { watch: false });
}

describe('format: one module for dates, numbers and plurals', () => {
  describe('instants, always in Brussels time', () => {
    it('shows the same Brussels minute in history (date filter), audit (datetime) and inspection formats, summer and winter', () => {
      const env = viewsEnv();
      for (const [instant, hhmm] of [
        [SUMMER, '12:30'],
        [WINTER, '11:30'],
      ] as const) {
        for (const lang of LANGUAGES) {
          const locale = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' }[lang];
          const history = env.renderString("{{ at | date(locale, 'datetime') }}", { at: new Date(instant), locale });
          const audit = env.renderString("{{ at | date(locale, 'datetime') }}", { at: instant, locale });
          expect(history, `${lang} history`).to.contain(hhmm);
          expect(audit, `${lang} audit`).to.contain(hhmm);
          expect(inspectionWhen(instant, lang), `${lang} inspection`).to.contain(hhmm);
          expect(inspectionTime(instant, lang)).to.equal(hhmm);
          expect(formatInstant(instant, lang, 'time')).to.equal(hhmm);
        }
      }
      expect(formatInstant(SUMMER, 'fr', 'full')).to.equal('mercredi 1 juillet 2026 à 12:30');
      expect(formatInstant(WINTER, 'en', 'datetime')).to.equal('1 Dec 2026, 11:30');
      expect(formatInstant(WINTER, 'nl', 'date')).to.equal('1 december 2026');
    });

    it('dates an instant by its Brussels day: 23:30Z on 31 December is already 1 January in Brussels', () => {
      expect(formatInstant('2026-12-31T23:30:00Z', 'en', 'date')).to.equal('1 January 2027');
      expect(brusselsDay(new Date('2026-12-31T23:30:00Z'))).to.equal('2027-01-01');
      expect(brusselsDay(new Date('2026-07-01T21:59:00Z'))).to.equal('2026-07-01');
      expect(brusselsDay(new Date('2026-07-01T22:00:00Z'))).to.equal('2026-07-02');
    });

    it('shows nothing for no value or a value that is not a date', () => {
      expect(formatInstant(null, 'fr')).to.equal('');
      expect(formatInstant('soon', 'fr')).to.equal('');
      const env = viewsEnv();
      expect(env.renderString('[{{ x | date(locale) }}]', { x: undefined, locale: 'fr-BE' })).to.equal('[]');
    });
  });

  describe('calendar days, never shifted', () => {
    it("keeps '2026-03-29' (the night the clocks go forward) on the 29th, in the date filter too", () => {
      expect(formatDay('2026-03-29', 'fr')).to.equal('29 mars 2026');
      expect(formatDay('2026-03-29', 'nl')).to.equal('29 maart 2026');
      expect(formatDay('2026-03-29', 'en')).to.equal('29 March 2026');
      expect(formatDay('2026-03-29', 'fr', 'full')).to.equal('dimanche 29 mars 2026');
      expect(formatDate('2026-03-29', 'en')).to.equal('29 March 2026');
      expect(viewsEnv().renderString('{{ d | date(locale) }}', { d: '2026-03-29', locale: 'en-GB' })).to.equal('29 March 2026');
      expect(formatDayNumber(Date.UTC(2026, 2, 29) / 86_400_000, 'en')).to.equal('29 March 2026');
      expect(formatDay('not a day', 'fr')).to.equal('not a day');
    });

    it('gives the same day and the same Brussels minute whatever the server time zone', () => {
      const script = [
        "import { formatDay, formatInstant, brusselsDay } from './src/kernel/i18n/format.ts';",
        "console.log(JSON.stringify([formatDay('2026-03-29', 'en'), formatDay('2026-01-01', 'en'), formatInstant('2026-07-01T10:30:00Z', 'en', 'time'), formatInstant('2026-12-01T10:30:00Z', 'en', 'time'), brusselsDay(new Date('2026-12-31T23:30:00Z'))]));",
      ].join('\n');
      for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Pacific/Pago_Pago', 'UTC']) {
        const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          env: { ...process.env, TZ: tz },
          encoding: 'utf8',
        });
        expect(JSON.parse(out), tz).to.deep.equal(['29 March 2026', '1 January 2026', '12:30', '11:30', '2027-01-01']);
      }
    });
  });

  describe('numbers, money, percent', () => {
    it('formats in the reader’s language', () => {
      expect(formatNumber(12345.5, 'nl')).to.equal('12.345,5');
      expect(formatNumber(12345.5, 'en')).to.equal('12,345.5');
      expect(formatNumber(2.345, 'en', 1)).to.equal('2.3');
      expect(formatMoney(450, 'en')).to.equal('€450.00');
      expect(formatMoney(450.4, 'nl', { whole: true })).to.match(/^€\s?450$/);
      expect(formatMoney(450, 'fr')).to.match(/^450,00\s€$/);
      expect(formatPercent(0.42, 'en')).to.equal('42%');
      expect(formatPercent(null, 'en')).to.equal('–');
      expect(languageOf('nl-BE')).to.equal('nl');
      expect(languageOf('en')).to.equal('en');
      expect(languageOf(undefined)).to.equal('fr');
    });
  });

  describe('plurals in t()', () => {
    it('follows Intl.PluralRules: French says "one" for 0 and 1, Dutch and English for 1 only', () => {
      expect([0, 1, 2].map((n) => pluralCategory(n, 'fr'))).to.deep.equal(['one', 'one', 'other']);
      expect([0, 1, 2].map((n) => pluralCategory(n, 'nl'))).to.deep.equal(['other', 'one', 'other']);
      expect([0, 1, 2].map((n) => pluralCategory(n, 'en'))).to.deep.equal(['other', 'one', 'other']);
    });

    it('picks the branch for 0, 1 and 2 in FR, NL and EN', () => {
      const say = (lang: Language, count: number) => t(lang, 'matching.pages.my.familyAnonymous', { count });
      expect([0, 1, 2].map((n) => say('fr', n))).to.deep.equal(['Une famille avec 0 enfant', 'Une famille avec 1 enfant', 'Une famille avec 2 enfants']);
      expect([0, 1, 2].map((n) => say('nl', n))).to.deep.equal(['Een gezin met 0 kinderen', 'Een gezin met 1 kind', 'Een gezin met 2 kinderen']);
      expect([0, 1, 2].map((n) => say('en', n))).to.deep.equal(['A family with 0 children', 'A family with 1 child', 'A family with 2 children']);
      expect(t('en', 'matching.pages.facts.bedrooms', { count: 1, surfaces: '12 m²' })).to.equal('1 bedroom: 12 m²');
      expect(t('nl', 'intake.familyPages.review.months', { count: 12 })).to.equal('12 maanden');
      expect(t('nl', 'intake.familyPages.review.months', { count: 1 })).to.equal('1 maand');
      expect(t('fr', 'matching.pages.blockerCount', { count: 1 })).to.equal('1 raison pour laquelle cela ne convient pas');
      expect(t('fr', 'matching.pages.blockerCount', { count: 3 })).to.equal('3 raisons pour lesquelles cela ne convient pas');
    });

    it('formats # as a number of the language, fills placeholders inside a branch, and uses =N first', () => {
      expect(t('en', 'matching.blockers.CHILDREN', { max: 1, minAge: 3, maxAge: 12, count: 2, ages: '1, 14' })).to.equal(
        "The host accepts at most 1 child aged 3 to 12; the family's 2 children, aged 1, 14 at the move-in, do not fit these limits.",
      );
      expect(t('en', 'matching.blockers.CHILDREN', { max: 0, minAge: 3, maxAge: 12, count: 1, ages: '1' }))
        .to.contain('at most 0 children')
        .and.contain("the family's child, aged 1 at the move-in, does not fit");
      expect(t('nl', 'matching.pages.plan.inPlayValue', { families: 1234, offers: 1 })).to.equal('1.234 wachtende gezinnen, 1 beschikbare woning');
      expect(pluralBranches(' =0 {none} one {# one} other {# many}')).to.deep.equal(
        new Map([
          ['=0', 'none'],
          ['one', '# one'],
          ['other', '# many'],
        ]),
      );
      expect(pluralBranches(' one {# one}'), 'no other branch').to.equal(null);
    });

    it('reads a count given as a numeric string; leaves the plural as written when the count is missing', () => {
      expect(t('en', 'matching.pages.proposals.count', { count: '1' })).to.equal('1 proposal');
      expect(t('en', 'matching.pages.proposals.count')).to.contain('{count, plural,');
    });

    it('has well-formed plurals, each with an "other" branch, on the same counts in every language', () => {
      const problems: string[] = [];
      const plurals = (text: string) => [...text.matchAll(/\{\s*(\w+)\s*,\s*plural\s*,/g)].map((m) => m[1]!).sort();
      for (const [key, fr] of catalogues.get('fr') ?? []) {
        for (const lang of ['nl', 'en'] as const) {
          const other = catalogues.get(lang)?.get(key) ?? '';
          // A count may be a plural in one language and a plain {name} in another (FR "mois" never changes).
          for (const name of plurals(fr)) if (!other.includes(`{${name}`)) problems.push(`${lang}:${key} lacks ${name}`);
          for (const name of plurals(other)) if (!fr.includes(`{${name}`)) problems.push(`fr:${key} lacks ${name}`);
        }
      }
      expect(problems, problems.join('; ')).to.deep.equal([]);
    });
  });

  describe('no "(s)" anywhere', () => {
    it('has no plural marker in any catalogue string of any language', () => {
      const found = LANGUAGES.flatMap((lang) =>
        [...(catalogues.get(lang) ?? [])].filter(([, text]) => PLURAL_MARKER.test(text)).map(([key, text]) => `${lang}:${key}: ${text}`),
      );
      expect(found, found.join('\n')).to.deep.equal([]);
    });

    it("says the coordinator's erasure counts in words, for 0, 1 and 2", () => {
      expect(t('fr', 'privacy.erase.records', { families: 1, offers: 0 })).to.equal('Ses dossiers : 1 demande, aucune offre.');
      expect(t('fr', 'privacy.erase.done', { families: 2, offers: 1 })).to.equal('Effacé : 2 demandes pseudonymisées et 1 offre pseudonymisée.');
      expect(t('nl', 'privacy.erase.records', { families: 2, offers: 1 })).to.equal('Dossiers: 2 aanvragen, 1 aanbod.');
      expect(t('en', 'privacy.erase.done', { families: 0, offers: 2 })).to.equal('Erased: no application and 2 offers pseudonymised.');
    });

    it('the marker check does catch them, and leaves gender markers and units alone', () => {
      for (const text of ['2 enfant(s)', '3 chambre(s)', '12 maand(en)', '2 child(ren)', '4 kind(eren)', '1 persoon/personen', 'mesurée(s)', '2 visite·s'])
        expect(PLURAL_MARKER.test(text), text).to.equal(true);
      for (const text of ['accompagnateur·rice', 'Certain·e·s hôtes', 'Hauteur (m)', 'Né(e) en 2020', 'Seul·es les accompagnateur·rices'])
        expect(PLURAL_MARKER.test(text), text).to.equal(false);
    });
  });

  describe('on the pages', () => {
    const ctx = useTestApp();
    let agent: supertest.Agent;
    let familyId: string;

    before(async () => {
      const intake = ctx.app.named.intake;
      const parent = await createUser('parent');
      const actor: Actor = { id: parent.id, role: 'parent', name: 'Parent' };
      const doc = await intake.families.create(actor, familyBody());
      await intake.families.submit(actor, String(doc._id), { acknowledgeBenefitsWarning: true });
      familyId = String(doc._id);
      const worker = await createUser('worker', { language: 'fr' });
      agent = ctx.request();
      const login = await agent.get('/login').expect(200);
      await agent
        .post('/login')
        .type('form')
        .send({ _csrf: formToken(login.text), email: worker.email, password: PASSWORD })
        .expect(303);
    });

    for (const lang of ['fr', 'nl', 'en'] as const) {
      it(`the worker's case page of a family shows no plural marker and no unresolved plural (${lang})`, async () => {
        const res = await agent.get(`/work/families/${familyId}?lang=${lang}`).expect(200);
        const text = res.text.replace(/<[^>]+>/g, ' ');
        expect(text).to.not.match(PLURAL_MARKER);
        expect(text).to.not.contain(', plural,');
      });
    }
  });
});
