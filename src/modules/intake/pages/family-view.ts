// What the family application templates are given: option lists with labels in the reader's
// language, the step list with states, and error summaries whose links lead to the step and field
// where each problem is fixed.
import type { Language } from '../../../kernel/config.js';
import type { FieldError } from '../../../kernel/http/forms.js';
import { hasKey, t } from '../../../kernel/i18n/index.js';
import { communeName, REGION } from '../../../kernel/region.js';
import type { FamilyDraft } from '../family.schemas.js';
import { BENEFIT_SOURCES, BENEFIT_STATUSES, CUSTODY, PETS, SCHEDULES, SCHOOL_KINDS, SERVICES, SEXES, SITUATIONS } from '../vocabulary.js';
import { custodyOptions } from './child-school.js';
import { childIndexOf, fieldIdOf, inFieldOrder, labelKeyOf, stepOfPath, stepOwns, STEPS, stepStates, type StepKey } from './family-steps.js';

/** Languages commonly spoken in Brussels (ISO 639 codes), offered as a checkbox list. */
export const SPOKEN_LANGUAGES = ['fr', 'nl', 'en', 'ar', 'tr', 'es', 'pt', 'pl', 'ro', 'ru', 'ber', 'so', 'ti', 'ln', 'sw'] as const;

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

function list(lang: Language, values: readonly (string | number)[], vocab: string): Option[] {
  return values.map((v) => ({ value: String(v), label: t(lang, `intake.vocab.${vocab}.${v}`) }));
}

/** Names sorted in the reader's language, so the list reads alphabetically. */
export function communeOptions(lang: Language): Option[] {
  return REGION.communes.map((c) => ({ value: c.code, label: communeName(c.code, lang) })).sort((a, b) => a.label.localeCompare(b.label, lang));
}

export function optionLists(lang: Language) {
  const explained = (values: readonly number[], key: string) => values.map((v) => ({ value: String(v), label: t(lang, `intake.familyPages.${key}.${v}`) }));
  return {
    languages: list(lang, SPOKEN_LANGUAGES, 'languages'),
    sexes: list(lang, SEXES, 'sexes'),
    custody: list(lang, CUSTODY, 'custody'),
    custodyDays: custodyOptions(lang, CUSTODY),
    schoolKinds: list(lang, SCHOOL_KINDS, 'schoolKinds'),
    schoolCommunes: [{ value: '', label: t(lang, 'intake.familyPages.children.schoolNone') }, ...communeOptions(lang)],
    situations: list(lang, SITUATIONS, 'situations'),
    urgency: explained([1, 2, 3, 4], 'situation.urgencyLevels'),
    schedules: list(lang, SCHEDULES, 'schedules'),
    noise: explained([1, 2, 3], 'dailyLife.noiseLevels'),
    guests: explained([1, 2, 3], 'dailyLife.guestLevels'),
    services: list(lang, SERVICES, 'services'),
    pets: list(lang, PETS, 'pets'),
    benefitSources: list(lang, BENEFIT_SOURCES, 'benefitSources'),
    benefitStatuses: list(lang, BENEFIT_STATUSES, 'benefitStatuses'),
    communes: communeOptions(lang),
  };
}

export interface StepLink {
  key: StepKey;
  title: string;
  url: string;
  state: string;
}

export function stepLinks(lang: Language, base: string, steps: readonly StepKey[], app: FamilyDraft): StepLink[] {
  const states = stepStates(app, steps);
  return steps.map((key) => ({ key, title: t(lang, `intake.familyPages.steps.${key}`), url: `${base}/${key}`, state: states[key] ?? 'todo' }));
}

export interface SummaryError {
  href: string;
  text: string;
}

/** The label of the field an error names ("Child 2 – Year of birth"), or null when unknown. */
export function fieldLabel(lang: Language, path: string): string | null {
  const key = labelKeyOf(path);
  if (!key || !hasKey(lang, key)) return null;
  const child = childIndexOf(path);
  const label = t(lang, key);
  return child === null ? label : `${t(lang, 'intake.familyPages.children.childN', { n: child + 1 })} – ${label}`;
}

function labelled(lang: Language, path: string, message: string): string {
  const label = fieldLabel(lang, path);
  return label ? `${label} – ${message}` : message;
}

/**
 * Errors of the review page: each links to the step and the field where it is fixed, says which
 * field it is, and a step never started is named as a whole.
 */
export function reviewErrors(lang: Language, base: string, steps: readonly StepKey[], errors: FieldError[]): SummaryError[] {
  // In the order of the steps, and of the fields within a step.
  const sections = [...new Set(steps.flatMap((key) => STEPS[key].sections))];
  const position = (e: FieldError) => {
    const step = stepOfPath(e.path, steps);
    return step ? steps.indexOf(step) : -1;
  };
  return inFieldOrder(errors, sections)
    .sort((a, b) => position(a) - position(b))
    .flatMap((e) => {
      const step = stepOfPath(e.path, steps);
      if (!step) return [{ href: `#${e.field}`, text: e.message }];
      const bare = e.path.split('/').filter(Boolean).length === 1 && e.path !== '/servicesOffered';
      const href = (key: StepKey) => `${base}/${key}?from=review#${fieldIdOf(e.path)}`;
      // A part never answered names each step that asks for it (the home the family needs has several).
      const missing = (key: StepKey) => ({
        href: href(key),
        text: t(lang, 'intake.familyPages.review.stepMissing', { step: t(lang, `intake.familyPages.steps.${key}`) }),
      });
      if (bare) return steps.filter((key) => stepOwns(STEPS[key], e.path)).map(missing);
      return [{ href: href(step), text: labelled(lang, e.path, e.message) }];
    });
}

/** The error summary of a step page: the field's label before each message. */
export function stepSummary(lang: Language, errors: FieldError[]): SummaryError[] {
  return errors.map((e) => ({ href: `#${e.field}`, text: labelled(lang, e.path, e.message) }));
}

/** Errors of a step page: ids made from paths the way field ids are made from names. */
export function stepErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, field: e.path ? fieldIdOf(e.path) : e.field }));
}
