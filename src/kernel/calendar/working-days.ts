// Belgian legal deadlines counted in "jours ouvrables" / "werkdagen" (e.g. the declaration of a new
// address to the commune within 8 of them, AR of 16 July 1992 art. 7): every day except Sundays and
// the ten legal public holidays (law of 4 January 1974, AR of 18 April 1974) — Saturdays count.
// The list is fixed by law and computed here (Easter by the Gregorian computus) rather than taken
// from a worldwide holiday library (date-holidays: 45 MB of dependencies for these ten dates; its
// Belgian public list was checked equal to this one for 1990–2100). Days are ISO dates (yyyy-mm-dd),
// as the follow-up's schedule uses them.

/** Easter Sunday of `year` (Gregorian calendar, anonymous algorithm of Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(Date.UTC(year, month - 1, day));
}

export type BelgianHoliday =
  'newYear' | 'easterMonday' | 'labourDay' | 'ascension' | 'whitMonday' | 'nationalDay' | 'assumption' | 'allSaints' | 'armistice' | 'christmas';

/** The ten legal public holidays of `year`, in date order. */
export function belgianPublicHolidays(year: number): { date: string; holiday: BelgianHoliday }[] {
  const easter = easterSunday(year);
  return [
    { date: `${year}-01-01`, holiday: 'newYear' as const },
    { date: shift(easter, 1), holiday: 'easterMonday' as const },
    { date: `${year}-05-01`, holiday: 'labourDay' as const },
    { date: shift(easter, 39), holiday: 'ascension' as const },
    { date: shift(easter, 50), holiday: 'whitMonday' as const },
    { date: `${year}-07-21`, holiday: 'nationalDay' as const },
    { date: `${year}-08-15`, holiday: 'assumption' as const },
    { date: `${year}-11-01`, holiday: 'allSaints' as const },
    { date: `${year}-11-11`, holiday: 'armistice' as const },
    { date: `${year}-12-25`, holiday: 'christmas' as const },
  ].sort((x, y) => x.date.localeCompare(y.date));
}

const holidaysByYear = new Map<number, Set<string>>();

export function isBelgianPublicHoliday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  let set = holidaysByYear.get(year);
  if (!set) holidaysByYear.set(year, (set = new Set(belgianPublicHolidays(year).map((h) => h.date))));
  return set.has(day);
}

/** A "jour ouvrable": not a Sunday, not a legal public holiday. */
export function isWorkingDay(day: string): boolean {
  return new Date(`${day}T00:00:00Z`).getUTCDay() !== 0 && !isBelgianPublicHoliday(day);
}

/** The day `n` working days after `day` (the day itself not counted): the last day of an "n working days" deadline. */
export function addWorkingDays(day: string, n: number): string {
  let current = day;
  for (let counted = 0; counted < n;) {
    current = shift(current, 1);
    if (isWorkingDay(current)) counted += 1;
  }
  return current;
}

function shift(day: string, days: number): string {
  return iso(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
