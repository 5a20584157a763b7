// Plain JSON catalogues, one per language, nested keys; `{name}` placeholders.
// Language choice (SPEC §2): the user's setting, else `?lang=` kept in a cookie, else
// Accept-Language, else French.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../config.js';

export const LANGUAGES: readonly Language[] = ['fr', 'nl', 'en'];
export const DEFAULT_LANGUAGE: Language = 'fr';
export const LANGUAGE_COOKIE = 'lang';

type Catalogue = { [key: string]: string | Catalogue };
const here = dirname(fileURLToPath(import.meta.url));

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
      out.set(key, value);
    }
  }
  return out;
}

export const catalogues: ReadonlyMap<Language, ReadonlyMap<string, string>> = new Map(LANGUAGES.map((lang) => [lang, loadCatalogue(lang)]));

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function t(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  const template = catalogues.get(lang)?.get(key) ?? catalogues.get(DEFAULT_LANGUAGE)?.get(key);
  if (template === undefined) return key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
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

/** Locale tags for Intl formatting of dates, numbers and money. */
export const LOCALE_TAG: Record<Language, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

/** A calendar day ("2026-03-05") in the reader's words ("5 mars 2026"); the input as is when it is not a date. */
export function formatDay(lang: Language, day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat(LOCALE_TAG[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
