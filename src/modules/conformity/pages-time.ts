// Dates and times of the conformity pages: a visit is agreed in Brussels local time (a date field
// and a time field), stored as a UTC instant, and shown in the reader's language, in Brussels time,
// whatever the server's own time zone. Summer time is found from the zone rules, never assumed.
// The wall clock and every display come from kernel/i18n/format.ts.
import type { Language } from '../../kernel/config.js';
import { brusselsDay as dayInBrussels, brusselsWallClock, formatDate, formatInstant, ZONE } from '../../kernel/i18n/format.js';

export { ZONE };

const wallClock = brusselsWallClock;

/** How far Brussels is ahead of UTC at an instant, in ms (1 h in winter, 2 h in summer). */
function offsetMs(instant: number): number {
  const w = wallClock(new Date(instant));
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * "2026-07-14" + "14:30" in Brussels → the UTC instant (12:30Z in summer, 13:30Z in winter).
 * A time skipped when the clocks go forward is read as the hour after; a time that happens twice
 * when they go back is read as the second one.
 */
export function brusselsToUtc(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const asIfUtc = Date.UTC(y, m - 1, d, hh, mm);
  const first = asIfUtc - offsetMs(asIfUtc);
  return new Date(asIfUtc - offsetMs(first));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The Brussels calendar day of an instant, YYYY-MM-DD (see kernel/i18n/format.ts). */
export function brusselsDay(instant: Date): string {
  return dayInBrussels(instant);
}

/** The Brussels time of day of an instant, HH:MM. */
export function brusselsTime(instant: Date): string {
  const w = wallClock(instant);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

function realDate(y: number, m: number, d: number): string | null {
  if (y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** A date field: 2026-03-24 (what a date picker sends), or 24/03/2026, 24-3-2026, 24.03.2026 typed by hand. */
export function parseDateField(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) return realDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (match) return realDate(Number(match[3]), Number(match[2]), Number(match[1]));
  return null;
}

/** A time field: 14:30 (what a time picker sends), or 14h30, 14.30, 14h, 9:05 typed by hand. */
export function parseTimeField(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{1,2})(?:\s*[:hH.u]\s*(\d{2})?)?$/.exec(value.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (hour > 23 || minute > 59) return null;
  return `${pad(hour)}:${pad(minute)}`;
}

/** "mardi 14 juillet 2026 à 14:30": the day and time of a visit, in Brussels time. */
export function formatWhen(date: Date | string | null | undefined, lang: Language): string {
  return formatInstant(date, lang, 'full');
}

/** "14 juillet 2026": the Brussels day of an instant, or a 'YYYY-MM-DD' day as it is. */
export function formatDay(date: Date | string | null | undefined, lang: Language): string {
  return formatDate(date, lang, 'date');
}

/** "mardi 14 juillet 2026": a day heading, in Brussels time. */
export function formatWeekday(date: Date | string, lang: Language): string {
  return formatInstant(date, lang, 'weekday');
}

/** "14:30": a time of day, in Brussels time. */
export function formatTime(date: Date | string, lang: Language): string {
  return formatInstant(date, lang, 'time');
}
