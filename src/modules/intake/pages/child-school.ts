// A child's school or crèche and custody on the family's pages (issue 18): the posted row made
// what the schema expects, and the sentences the review and the worker's page show.
import type { Language } from '../../../kernel/config.js';
import { t } from '../../../kernel/i18n/index.js';
import { communeName } from '../../../kernel/region.js';
import type { ChildSchool } from '../family.schemas.js';

type Json = Record<string, unknown>;

/**
 * No commune chosen: no school (whatever else was left on the form). A commune chosen: the
 * "must be kept" checkbox, unticked, means no; an empty postal code is left out.
 */
export function schoolOfRow(row: Json): Json {
  const school = row.school;
  if (!school || typeof school !== 'object' || Array.isArray(school)) return row;
  const posted = school as Json;
  const { school: _dropped, ...rest } = row;
  if (typeof posted.commune !== 'string' || posted.commune.trim() === '') return rest;
  return { ...rest, school: { ...posted, mustKeep: posted.mustKeep === 'true' ? 'true' : 'false' } };
}

/** "crèche in Ixelles (1050), must be kept" — or null without a school. */
export function schoolText(lang: Language, school: Partial<ChildSchool> | null | undefined): string | null {
  if (!school?.commune) return null;
  const kind = school.kind ? t(lang, `intake.vocab.schoolKinds.${school.kind}`) : t(lang, 'intake.familyPages.fields.children.school');
  const params = {
    kind: kind.charAt(0).toLocaleUpperCase(lang) + kind.slice(1),
    commune: communeName(school.commune, lang),
    postalCode: school.postalCode ?? '',
  };
  const line = t(lang, school.postalCode ? 'intake.familyPages.review.schoolLineWithCode' : 'intake.familyPages.review.schoolLine', params);
  return school.mustKeep ? `${line}, ${t(lang, 'intake.familyPages.review.mustKeep')}` : line;
}

/** "At weekends (at weekends: about 4 nights in 14)" as the option's label on the children step. */
export function custodyOptions(lang: Language, values: readonly string[]) {
  return values.map((v) => ({ value: v, label: `${t(lang, `intake.vocab.custody.${v}`)} – ${t(lang, `intake.vocab.custodyDays.${v}`)}` }));
}
