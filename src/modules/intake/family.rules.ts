// Rules on a family application beyond its schema: coherence (dates, years), what a submission
// still lacks, the bedrooms the family needs (SPEC §6.1), duplicate keys and search text.
import type { ErrorDetail } from '../../kernel/errors.js';
import { ageOn, bedroomsNeeded } from '../../kernel/housing-norms.js';
import { ValidationError } from '../../kernel/errors.js';
import { ruleSetFor } from '../../kernel/rulesets.js';
import { postalCodeBelongs } from '../../kernel/region.js';
import { compileGuard } from '../../kernel/validation.js';
import type { CompleteFamily, FamilyRecord } from './family.model.js';
import { familySchema, validateCompleteFamily, type FamilyDraft } from './family.schemas.js';

const MS_PER_DAY = 86_400_000;

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Rules that hold for drafts too: what is there must make sense. */
export function familyCoherence(app: FamilyDraft, now = new Date()): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const year = now.getUTCFullYear();
  const parentYear = app.parent?.birthYear;
  if (parentYear !== undefined && parentYear > year - 14)
    errors.push({ path: '/parent/birthYear', messageKey: 'intake.rules.parentTooYoung', params: { year: year - 14 } });
  app.children?.forEach((child, i) => {
    if (child?.birthYear !== undefined && child.birthYear > year) errors.push({ path: `/children/${i}/birthYear`, messageKey: 'intake.rules.yearInFuture' });
    if (child?.birthYear !== undefined && parentYear !== undefined && child.birthYear < parentYear + 12)
      errors.push({ path: `/children/${i}/birthYear`, messageKey: 'intake.rules.childOlderThanParent' });
    if (child?.birthYear !== undefined && child.birthYear < year - 25)
      errors.push({ path: `/children/${i}/birthYear`, messageKey: 'intake.rules.childTooOld' });
    const school = child?.school;
    if (school?.postalCode && school.commune && !postalCodeBelongs(school.postalCode, school.commune))
      errors.push({ path: `/children/${i}/school/postalCode`, messageKey: 'intake.rules.postalCodeCommune', params: { postalCode: school.postalCode } });
  });
  const due = parseDate(app.expectedChild?.dueDate);
  if (due && (due.getTime() < now.getTime() - 31 * MS_PER_DAY || due.getTime() > now.getTime() + 300 * MS_PER_DAY))
    errors.push({ path: '/expectedChild/dueDate', messageKey: 'intake.rules.dueDateRange' });
  const from = parseDate(app.needs?.moveInFrom);
  const by = parseDate(app.needs?.moveInBy);
  if (from && by && by < from) errors.push({ path: '/needs/moveInBy', messageKey: 'intake.rules.moveInByBeforeFrom' });
  if (by && by.getTime() < now.getTime() - MS_PER_DAY) errors.push({ path: '/needs/moveInBy', messageKey: 'intake.rules.dateInPast' });
  return errors;
}

const completeApplication = compileGuard(familySchema);

/** Whether the application is complete by its schema (a submitted one is; a draft may be): what matching needs. */
export function isCompleteFamily(doc: FamilyRecord): doc is CompleteFamily {
  return completeApplication(doc.application);
}

/** What a submission still lacks or breaks: the complete schema, coherence and the required consent. */
export function familySubmissionProblems(app: FamilyDraft, now = new Date()): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  try {
    validateCompleteFamily(app);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.details);
  }
  problems.push(...familyCoherence(app, now));
  if (app.consents && app.consents.dataProcessing !== true) problems.push({ path: '/consents/dataProcessing', messageKey: 'intake.rules.consentRequired' });
  if (app.needs?.communesRequired === true && (app.needs.communes?.length ?? 0) === 0)
    problems.push({ path: '/needs/communes', messageKey: 'intake.rules.communesWhenRequired' });
  return problems;
}

/**
 * Bedrooms needed at the earliest move-in date: the service's adequacy policy (SPEC §6.1, not a
 * legal norm), with exact ages then and the rule set in force then; null while unknown. A child
 * whose custody is not given yet counts as living there full time.
 */
export function computeBedrooms(app: FamilyDraft): number | null {
  const moveIn = parseDate(app.needs?.moveInFrom);
  const children = app.children ?? [];
  if (!moveIn) return null;
  const known = children.flatMap((c) => (c?.birthYear !== undefined && c.sex !== undefined ? [{ ...c, birthYear: c.birthYear, sex: c.sex }] : []));
  if (known.length !== children.length) return null;
  // An expected child is a baby at move-in: in the parent's room, no bedroom of its own.
  return bedroomsNeeded(
    known.map((c) => ({ age: ageOn(c, moveIn), sex: c.sex, custody: c.custody, needsOwnRoom: c.needsOwnRoom === true })),
    ruleSetFor(moveIn).occupancy,
  );
}

export function normaliseEmail(value: string | null | undefined): string | null {
  return value ? value.trim().toLowerCase() : null;
}

/** Belgian numbers in one form: +32 and digits only (0470… → +32470…). */
export function normalisePhone(value: string | null | undefined): string | null {
  if (!value) return null;
  let digits = value.replace(/[^0-9+]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (digits.startsWith('0')) digits = `+32${digits.slice(1)}`;
  return digits.length >= 8 ? digits : null;
}

function normaliseName(value: string | undefined): string {
  return (value ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Keys two records share when they may be the same person (SPEC §4): same e-mail or phone; same name and birth year. */
export function personKeys(
  person: { firstName?: string; lastName?: string; birthYear?: number; email?: string | null; phone?: string | null } | undefined,
): string[] {
  if (!person) return [];
  const keys: string[] = [];
  const email = normaliseEmail(person.email);
  const phone = normalisePhone(person.phone);
  if (email) keys.push(`email:${email}`);
  if (phone) keys.push(`phone:${phone}`);
  if (person.firstName && person.lastName && person.birthYear)
    keys.push(`name:${normaliseName(person.firstName)}|${normaliseName(person.lastName)}|${person.birthYear}`);
  return keys;
}

export function searchTextOf(person: { firstName?: string; lastName?: string; email?: string | null; phone?: string | null } | undefined): string {
  if (!person) return '';
  return [person.firstName, person.lastName, person.email, normalisePhone(person.phone)].filter(Boolean).join(' ').toLowerCase();
}
