// Plain JSON catalogues, one per language, nested keys; `{name}` placeholders.
// Language choice (SPEC §2): the user's setting, else `?lang=` kept in a cookie, else
// Accept-Language, else French.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../config.js';
import { formatDay as formatDayIn, formatNumber, pluralCategory } from './format.js';

export const LANGUAGES: readonly Language[] = ['fr', 'nl', 'en'];
export const DEFAULT_LANGUAGE: Language = 'fr';
export const LANGUAGE_COOKIE = 'lang';

type Catalogue = { [key: string]: string | Catalogue };
const here = dirname(fileURLToPath(import.meta.url));
/** The start of an ICU-like plural placeholder, `{count, plural,`: see t(). */
const PLURAL_START = /^\{\s*(\w+)\s*,\s*plural\s*,/;

function flatten(catalogue: Catalogue, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(catalogue)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else flatten(value, full, out);
  }
  return out;
}

/**
 * The kernel's catalogue (src/kernel/i18n/locales/<lang>.json), its parts' (src/kernel/<part>/locales/)
 * and each module's (src/modules/<module>/locales/<part>.<lang>.json). A key defined twice is a mistake: start fails.
 */
function loadCatalogue(lang: Language): Map<string, string> {
  const files = [join(here, 'locales', `${lang}.json`)];
  // Kernel parts (e.g. src/kernel/audit/locales/) first, then the modules'.
  for (const parent of [join(here, '..'), join(here, '..', '..', 'modules')]) {
    if (!existsSync(parent)) continue;
    for (const part of readdirSync(parent).sort()) {
      const dir = join(parent, part, 'locales');
      if (part === 'i18n' || !existsSync(dir)) continue;
      for (const file of readdirSync(dir).sort()) if (file.endsWith(`.${lang}.json`)) files.push(join(dir, file));
    }
  }
  const out = new Map<string, string>();
  for (const file of files) {
    for (const [key, value] of flatten(JSON.parse(readFileSync(file, 'utf8')) as Catalogue)) {
      if (out.has(key)) throw new Error(`i18n key "${key}" is defined twice (${file})`);
      checkPlurals(key, value, file);
      out.set(key, value);
    }
  }
  return out;
}

/** Every `{n, plural, …}` of a string must be well formed and have an `other` branch: else start fails. */
function checkPlurals(key: string, text: string, file: string): void {
  for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
    const plural = PLURAL_START.exec(text.slice(at));
    if (!plural) continue;
    const end = closing(text, at);
    if (end < 0 || !pluralBranches(text.slice(at + plural[0].length, end - 1)))
      throw new Error(`i18n key "${key}" has a malformed plural (needs an "other" branch) (${file})`);
  }
}

export const catalogues: ReadonlyMap<Language, ReadonlyMap<string, string>> = new Map(LANGUAGES.map((lang) => [lang, loadCatalogue(lang)]));

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * A catalogue string in a language, its placeholders filled. Two kinds of placeholder:
 * - `{name}`: the parameter as given (an unknown name stays as written, so it shows in tests);
 * - `{count, plural, =0 {aucun enfant} one {# enfant} other {# enfants}}` (ICU's plural form):
 *   the branch for the parameter's number, `=N` first, then its Intl.PluralRules category for the
 *   language (zero, one, two, few, many, other: FR says "one" for 0 and 1), else `other`, which
 *   every plural must have (checked at load). `#` is the number in the reader's format; a branch
 *   may hold other `{name}` placeholders. Pass the count as a number, not a formatted string.
 */
export function t(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  const template = catalogues.get(lang)?.get(key) ?? catalogues.get(DEFAULT_LANGUAGE)?.get(key);
  if (template === undefined) {
    missingKeyReporter?.(key, lang);
    return key;
  }
  return fill(template, lang, params);
}

export type MissingKeyReporter = (key: string, lang: Language) => void;
/** Until the app says otherwise (createApp), a missing key is written to stderr once per key and language. */
let missingKeyReporter: MissingKeyReporter | null = onceToStderr();

function onceToStderr(): MissingKeyReporter {
  const told = new Set<string>();
  return (key, lang) => {
    if (told.has(`${lang}:${key}`)) return;
    told.add(`${lang}:${key}`);
    console.error(`i18n: no catalogue has "${key}" (asked in ${lang}): the page shows the key`);
  };
}

/**
 * Who hears of a key no catalogue holds (the page would show the key itself): `'stderr'` (development
 * and tests: loud, once per key), a function (production: the logger), or null.
 */
export function reportMissingKeys(reporter: MissingKeyReporter | 'stderr' | null): void {
  missingKeyReporter = reporter === 'stderr' ? onceToStderr() : reporter;
}

/** The index just past the `}` that closes the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The branches of a plural's body (` =0 {…} one {…} other {…}`), or null when it is malformed. */
export function pluralBranches(body: string): Map<string, string> | null {
  const branches = new Map<string, string>();
  let i = 0;
  for (;;) {
    while (i < body.length && /\s/.test(body[i]!)) i++;
    if (i >= body.length) break;
    const selector = /^(=\d+|zero|one|two|few|many|other)\s*\{/.exec(body.slice(i));
    if (!selector) return null;
    const open = i + selector[0].length - 1;
    const end = closing(body, open);
    if (end < 0) return null;
    branches.set(selector[1]!, body.slice(open + 1, end - 1));
    i = end;
  }
  return branches.has('other') ? branches : null;
}

/** `#` → the number, outside nested placeholders only (a nested plural's `#` is its own count). */
function replaceHash(branch: string, number: string): string {
  let depth = 0;
  let out = '';
  for (const ch of branch) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    out += ch === '#' && depth === 0 ? number : ch;
  }
  return out;
}

function fill(template: string, lang: Language, params: Record<string, string | number>): string {
  if (!template.includes('{')) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    out += template.slice(i, open);
    const plural = PLURAL_START.exec(template.slice(open));
    const end = plural ? closing(template, open) : -1;
    if (plural && end > 0) {
      const name = plural[1]!;
      const branches = name in params ? pluralBranches(template.slice(open + plural[0].length, end - 1)) : null;
      if (!branches)
        out += template.slice(open, end); // no count given, or malformed: shown as written
      else {
        const raw = params[name]!;
        const count = typeof raw === 'number' ? raw : Number(raw);
        const known = Number.isFinite(count);
        const branch = (known && branches.get(`=${count}`)) || (known && branches.get(pluralCategory(count, lang))) || branches.get('other')!;
        out += fill(replaceHash(branch, known ? formatNumber(count, lang) : String(raw)), lang, params);
      }
      i = end;
      continue;
    }
    const simple = /^\{(\w+)\}/.exec(template.slice(open));
    if (simple) {
      const name = simple[1]!;
      out += name in params ? String(params[name]) : simple[0];
      i = open + simple[0].length;
    } else {
      out += '{';
      i = open + 1;
    }
  }
  return out + template.slice(i);
}

export function hasKey(lang: Language, key: string): boolean {
  return catalogues.get(lang)?.has(key) ?? false;
}

/** Best match of an Accept-Language header among our languages, by quality. */
export function fromAcceptLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.base).find(isLanguage) ?? null;
}

export interface LanguageSources {
  userSetting?: string | null;
  query?: unknown;
  cookie?: unknown;
  acceptLanguage?: string;
}

export function chooseLanguage(s: LanguageSources): Language {
  if (isLanguage(s.userSetting)) return s.userSetting;
  if (isLanguage(s.query)) return s.query;
  if (isLanguage(s.cookie)) return s.cookie;
  return fromAcceptLanguage(s.acceptLanguage) ?? DEFAULT_LANGUAGE;
}

export { LOCALE_TAG } from './format.js';

/** A calendar day ("2026-03-05") in the reader's words ("5 mars 2026"); the input as is when it is not a date. See format.ts. */
export function formatDay(lang: Language, day: string): string {
  return formatDayIn(day, lang);
}
