// Every key the code and the templates ask for exists in fr, nl and en (test/i18n.spec.ts checks the
// catalogues agree with each other; this one checks they hold what is used), e-mails are complete in
// the three languages, and dates, numbers and money are written the reader's way.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { catalogues, LANGUAGES, LOCALE_TAG } from '../src/kernel/i18n/index.js';
import { configureViews } from '../src/kernel/http/views.js';

const root = join(import.meta.dirname, '..');

function files(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, ext));
    else if (name.endsWith(ext)) out.push(path);
  }
  return out;
}

interface Use {
  key: string;
  where: string;
}

const KEY = String.raw`[a-zA-Z][\w-]*(?:\.[\w-]+)+`;

/**
 * Literal keys of `t('…')` in the templates, and `t(p + '…')` / `t(p ~ '…')` where the template set
 * the prefix with `{% set p = 'module.page.' %}` (the nearest set before the use). Keys built from
 * data (`t('x.' ~ item.kind)`) are left out.
 */
function templateUses(): Use[] {
  const uses: Use[] = [];
  for (const file of files(join(root, 'views'), '.njk')) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    for (const m of text.matchAll(new RegExp(String.raw`\bt\(\s*(['"])(${KEY})\1`, 'g'))) uses.push({ key: m[2]!, where });
    const sets = [...text.matchAll(/\{%-?\s*set (\w+) = (['"])([\w.-]+)\2\s*-?%\}/g)].map((m) => ({ at: m.index!, name: m[1]!, value: m[3]! }));
    for (const m of text.matchAll(/\bt\(\s*(\w+)\s*[+~]\s*(['"])([\w.-]+)\2\s*[,)]/g)) {
      const prefix = sets.filter((x) => x.name === m[1] && x.at < m.index!).pop();
      if (!prefix) continue;
      const key = prefix.value + m[3]!;
      if (new RegExp(`^${KEY}$`).test(key)) uses.push({ key, where });
    }
  }
  return uses;
}

/**
 * Literal keys in the code: `t(lang, '…')`, `res.locals.t('…')`, a page's `tr('…')` helper, and the
 * `messageKey: '…'` of validation and conflict details (translated when shown). Template literals whose
 * only substitution is a file's constant prefix (`${P}.title` with `const P = 'intake.x'`) count too.
 */
function codeUses(): Use[] {
  const uses: Use[] = [];
  for (const file of files(join(root, 'src'), '.ts')) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    const constants = new Map([...text.matchAll(/\bconst ([A-Z][A-Z_]*) = '([\w.-]+)';/g)].map((m) => [m[1]!, m[2]!]));
    const resolve = (literal: string): string | null => {
      const resolved = literal.replace(/\$\{([A-Z][A-Z_]*)\}/g, (whole, name: string) => constants.get(name) ?? whole);
      return new RegExp(`^${KEY}$`).test(resolved) ? resolved : null;
    };
    const patterns = [
      String.raw`\bt\(\s*[\w.!?\[\]]+\s*,\s*(['"\x60])([^'"\x60]+)\1`,
      String.raw`\b(?:locals\.t|tr)\(\s*(['"\x60])([^'"\x60]+)\1`,
      String.raw`\bmessageKey:\s*(['"\x60])([^'"\x60]+)\1`,
    ];
    for (const pattern of patterns) {
      for (const m of text.matchAll(new RegExp(pattern, 'g'))) {
        const key = resolve(m[2]!);
        if (key) uses.push({ key, where });
      }
    }
  }
  return uses;
}

function missingIn(uses: Use[]): string[] {
  const missing = new Set<string>();
  for (const lang of LANGUAGES) {
    const catalogue = catalogues.get(lang)!;
    for (const u of uses) if (!catalogue.has(u.key)) missing.add(`${lang} ${u.key} (${u.where})`);
  }
  return [...missing].sort();
}

describe('i18n: the keys in use', () => {
  it('finds the keys the templates and the code use (the scan itself works)', () => {
    const inViews = templateUses();
    const inCode = codeUses();
    expect(inViews.length).to.be.greaterThan(1000);
    expect(inCode.length).to.be.greaterThan(150);
    expect(inViews.map((u) => u.key)).to.include('errors.title');
    expect(inCode.map((u) => u.key)).to.include('matching.proposal.familyTaken');
  });

  it('has every key the templates use in fr, nl and en', () => {
    expect(missingIn(templateUses())).to.deep.equal([]);
  });

  it('has every key the code uses in fr, nl and en', () => {
    expect(missingIn(codeUses())).to.deep.equal([]);
  });

  it('has every e-mail in the three languages: a subject and a body each, the same placeholders', () => {
    const fr = catalogues.get('fr')!;
    const mails = [...fr.keys()].filter((k) => /\.mail\.[\w.-]+\.subject$/.test(k)).map((k) => k.replace(/\.subject$/, ''));
    expect(mails.length).to.be.greaterThan(5);
    // The proposal e-mails are named by the event: each exists.
    for (const kind of ['proposed', 'accepted', 'declined', 'cancelled', 'expired']) expect(mails).to.include(`matching.mail.${kind}`);
    for (const lang of LANGUAGES) {
      const catalogue = catalogues.get(lang)!;
      for (const mail of mails) {
        for (const part of ['subject', 'body']) {
          const text = catalogue.get(`${mail}.${part}`);
          expect(text, `${lang} ${mail}.${part}`).to.be.a('string').and.not.empty;
          const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
          expect(names(text!), `${lang} ${mail}.${part}`).to.deep.equal(names(fr.get(`${mail}.${part}`)!));
        }
      }
    }
  });
});

describe('i18n: dates, numbers and money the reader’s way', () => {
  const env = configureViews(express(), root, { watch: false });
  const render = (template: string, lang: 'fr' | 'nl' | 'en', value: unknown) => env.renderString(template, { locale: LOCALE_TAG[lang], value });
  const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

  it('uses the Belgian locales for French and Dutch', () => {
    expect(LOCALE_TAG.fr).to.equal('fr-BE');
    expect(LOCALE_TAG.nl).to.equal('nl-BE');
    expect(LOCALE_TAG.en).to.match(/^en/);
  });

  it('writes money with the euro where each language puts it and its decimal comma or point', () => {
    expect(spaces(render('{{ value | money(locale) }}', 'fr', 1234.5))).to.equal('1 234,50 €');
    expect(spaces(render('{{ value | money(locale) }}', 'nl', 1234.5))).to.equal('€ 1.234,50');
    expect(spaces(render('{{ value | money(locale) }}', 'en', 1234.5))).to.equal('€1,234.50');
  });

  it('writes numbers with the language’s separators', () => {
    expect(spaces(render('{{ value | number(locale) }}', 'fr', 12345.6))).to.equal('12 345,6');
    expect(spaces(render('{{ value | number(locale) }}', 'nl', 12345.6))).to.equal('12.345,6');
    expect(spaces(render('{{ value | number(locale) }}', 'en', 12345.6))).to.equal('12,345.6');
  });

  it('writes dates with the month’s name in the reader’s language', () => {
    const day = '2026-03-05T10:00:00Z';
    expect(render('{{ value | date(locale) }}', 'fr', day)).to.equal('5 mars 2026');
    expect(render('{{ value | date(locale) }}', 'nl', day)).to.equal('5 maart 2026');
    expect(render('{{ value | date(locale) }}', 'en', day)).to.match(/^(5 March 2026|March 5, 2026)$/);
    expect(render('{{ value | date(locale) }}', 'fr', null)).to.equal('');
  });
});
