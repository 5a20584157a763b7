// The one place where dates, times, numbers, money and plurals are formatted (issue 15).
// - An instant (a Date, an ISO timestamp: when something happened or is planned) is always shown in
//   Brussels time, whatever the server's own zone, so the case history, the audit log and the
//   inspection pages show the same minute.
// - A calendar day ('YYYY-MM-DD': a birth date, a move-in date, an inspection day) is not an
//   instant and is never moved by a zone; see `formatDay`.
// - Intl formatters cost far more to build than to use: one per language and style, cached.
import type { Language } from '../config.js';

export const ZONE = 'Europe/Brussels';

/** Locale tags for Intl formatting of dates, numbers and money. */
export const LOCALE_TAG: Record<Language, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

/** A language code or a locale tag ('fr', 'nl-BE', 'en-GB'…) → one of our languages (French by default). */
export function languageOf(localeOrLang: string | null | undefined): Language {
  const base = (localeOrLang ?? '').toLowerCase().split('-')[0];
  return base === 'nl' || base === 'en' ? base : 'fr';
}

function cached<F>(cache: Map<string, F>, key: string, make: () => F): F {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

// ---- Instants, in Brussels time ----

export type InstantStyle = 'date' | 'datetime' | 'time' | 'weekday' | 'full';

const INSTANT_OPTIONS: Record<InstantStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'long' }, // 14 juillet 2026
  datetime: { dateStyle: 'medium', timeStyle: 'short' }, // 14 juil. 2026, 14:30
  time: { timeStyle: 'short' }, // 14:30
  weekday: { dateStyle: 'full' }, // mardi 14 juillet 2026
  full: { dateStyle: 'full', timeStyle: 'short' }, // mardi 14 juillet 2026 à 14:30
};
const instantFormats = new Map<string, Intl.DateTimeFormat>();

function toInstant(value: Date | string | number): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An instant in the reader's language, in Brussels time; '' when there is none or it is not a date. */
export function formatInstant(value: Date | string | number | null | undefined, lang: Language, style: InstantStyle = 'datetime'): string {
  if (value === null || value === undefined || value === '') return '';
  const date = toInstant(value);
  if (!date) return '';
  return cached(instantFormats, `${lang}|${style}`, () => new Intl.DateTimeFormat(LOCALE_TAG[lang], { ...INSTANT_OPTIONS[style], timeZone: ZONE })).format(
    date,
  );
}

export const formatDateTime = (value: Date | string | number | null | undefined, lang: Language) => formatInstant(value, lang, 'datetime');
export const formatTime = (value: Date | string | number | null | undefined, lang: Language) => formatInstant(value, lang, 'time');

const wallClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in Brussels at an instant (numbers to compute with, not a display). Summer time comes from the zone rules. */
export function brusselsWallClock(instant: Date): WallClock {
  const out: Record<string, number> = {};
  for (const part of wallClockFormat.formatToParts(instant)) if (part.type !== 'literal') out[part.type] = Number(part.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The Brussels calendar day of an instant, 'YYYY-MM-DD' (a value to compare or store, not a display): "today" where the service works. */
export function brusselsDay(instant: Date = new Date()): string {
  const w = brusselsWallClock(instant);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

// ---- Calendar days ----

export type DayStyle = 'long' | 'full' | 'medium';
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a value is a calendar day 'YYYY-MM-DD' (not an instant). */
export function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value);
}

/**
 * A calendar day ('2026-03-29', or the first 10 characters of an ISO string) in the reader's words
 * ("29 mars 2026"); the input as is when it is not a date. A day is not an instant: it is built as
 * UTC midnight with Date.UTC and formatted with timeZone UTC, so neither the server's zone nor
 * Brussels' can move it to the day before or after.
 */
export function formatDay(day: string | null | undefined, lang: Language, style: DayStyle = 'long'): string {
  if (!day) return '';
  const match = DAY.exec(day.slice(0, 10));
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return day;
  return cached(dayFormats, `${lang}|${style}`, () => new Intl.DateTimeFormat(LOCALE_TAG[lang], { dateStyle: style, timeZone: 'UTC' })).format(date);
}

/** A month 'YYYY-MM' as its name and year ("novembre 2026"); the input as is when it is not one. */
export function formatMonth(month: string, lang: Language): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return cached(dayFormats, `${lang}|month`, () => new Intl.DateTimeFormat(LOCALE_TAG[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' })).format(
    new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)),
  );
}

/** A day counted from 1970-01-01 (the matching engine's day numbers), as `formatDay` shows it. */
export function formatDayNumber(daysSinceEpoch: number, lang: Language, style: DayStyle = 'long'): string {
  return cached(dayFormats, `${lang}|${style}`, () => new Intl.DateTimeFormat(LOCALE_TAG[lang], { dateStyle: style, timeZone: 'UTC' })).format(
    new Date(daysSinceEpoch * 86_400_000),
  );
}

/**
 * What the nunjucks `date` filter shows: a 'YYYY-MM-DD' value as a day, anything else as an
 * instant in Brussels time ('date' → the day in Brussels, 'datetime' → day and time).
 */
export function formatDate(value: Date | string | number | null | undefined, lang: Language, style: 'date' | 'datetime' = 'date'): string {
  if (isDay(value)) return formatDay(value, lang);
  return formatInstant(value, lang, style);
}

// ---- Numbers, money, percent ----

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the reader's language ("12 345,5"); `maxFractionDigits` defaults to Intl's (3). */
export function formatNumber(value: number, lang: Language, maxFractionDigits?: number): string {
  const key = `${lang}|n|${maxFractionDigits ?? ''}`;
  return cached(
    numberFormats,
    key,
    () => new Intl.NumberFormat(LOCALE_TAG[lang], maxFractionDigits === undefined ? {} : { maximumFractionDigits: maxFractionDigits }),
  ).format(value);
}

/** An amount in euros ("450,00 €"); `whole` rounds to the euro ("450 €"). */
export function formatMoney(value: number, lang: Language, options: { whole?: boolean } = {}): string {
  const key = `${lang}|eur|${options.whole ? 0 : 2}`;
  return cached(
    numberFormats,
    key,
    () => new Intl.NumberFormat(LOCALE_TAG[lang], { style: 'currency', currency: 'EUR', ...(options.whole ? { maximumFractionDigits: 0 } : {}) }),
  ).format(value);
}

/** A share 0…1 as a whole percent ("42 %"); '–' when there is none. */
export function formatPercent(share: number | null | undefined, lang: Language): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '–';
  return cached(numberFormats, `${lang}|pct`, () => new Intl.NumberFormat(LOCALE_TAG[lang], { style: 'percent', maximumFractionDigits: 0 })).format(share);
}

// ---- Plurals ----

const pluralRules = new Map<string, Intl.PluralRules>();

/** The plural category of a count in a language: FR says "one" for 0 and 1, NL and EN for 1 only. */
export function pluralCategory(count: number, lang: Language): Intl.LDMLPluralRule {
  return cached(pluralRules, lang, () => new Intl.PluralRules(LOCALE_TAG[lang])).select(count);
}

// ---- Names ----

const languageNames = new Map<string, Intl.DisplayNames | null>();

/** A language's name ('ar' → "arabe") in the reader's language, or null when Intl does not know it. */
export function displayLanguageName(code: string, lang: Language): string | null {
  const names = cached(languageNames, lang, () => {
    try {
      return new Intl.DisplayNames([LOCALE_TAG[lang]], { type: 'language' });
    } catch {
      return null;
    }
  });
  try {
    const name = names?.of(code);
    return name && name !== code ? name : null;
  } catch {
    return null;
  }
}
