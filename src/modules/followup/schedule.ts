// Dates of the follow-up (SPEC §7): check-ins at day 7, day 28 (end of trial), month 3, then every
// 3 months; the administrative checklist's due dates. Pure functions of the start date.

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addMonths(isoDate: string, months: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

/** The first two years of check-ins. */
export function checkinSchedule(start: string): { dueOn: string; label: string }[] {
  const out = [
    { dueOn: addDays(start, 7), label: 'day7' },
    { dueOn: addDays(start, 28), label: 'day28' },
    { dueOn: addMonths(start, 3), label: 'month3' },
  ];
  for (let month = 6; month <= 24; month += 3) out.push({ dueOn: addMonths(start, month), label: `month${month}` });
  return out;
}

/** The administrative checklist (SPEC §6.3, §7), with who it concerns and when it is due. */
export function adminChecklist(start: string): { code: string; concerns: 'family' | 'host' | 'both'; dueOn: string }[] {
  return [
    { code: 'domiciliation', concerns: 'family', dueOn: addDays(start, 8) },
    { code: 'benefitsDeclaration', concerns: 'both', dueOn: addDays(start, 8) },
    { code: 'insurance', concerns: 'host', dueOn: addDays(start, 30) },
    { code: 'evidence.separateAgreements', concerns: 'both', dueOn: addDays(start, 30) },
    { code: 'evidence.privateRooms', concerns: 'both', dueOn: addDays(start, 30) },
    { code: 'evidence.bellAndLetterbox', concerns: 'host', dueOn: addDays(start, 30) },
    { code: 'evidence.separateBills', concerns: 'both', dueOn: addDays(start, 30) },
    { code: 'evidence.costSharingLog', concerns: 'both', dueOn: addDays(start, 30) },
    { code: 'schoolOrCreche', concerns: 'family', dueOn: addDays(start, 30) },
  ];
}
