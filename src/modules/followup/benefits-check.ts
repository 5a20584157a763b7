// The benefits check (SPEC §6.3, issue 17): for one household, what its own declared situation risks
// in this arrangement and which proofs of separate households exist — from the cohabitation's
// checklist (its evidence.* items), or, on a proposal, the proofs to prepare. Pure: the page
// (benefits-check.pages.ts) reads the records, checks who may see which household, and audits.
import type { Language } from '../../kernel/config.js';
import { formatDay } from '../../kernel/i18n/format.js';
import { t } from '../../kernel/i18n/index.js';
import { benefitsWarning, type BenefitsWarning, type DeclaredBenefits } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import { adminChecklist } from './schedule.js';

export type Side = 'family' | 'host';

export interface DeclaredRow {
  label: string;
  value: string;
}

export interface HouseholdCheck {
  side: Side;
  name: string;
  declared: DeclaredRow[];
  warning: BenefitsWarning;
}

export interface Proof {
  code: string;
  title: string;
  plain: string;
  state: 'have' | 'missing' | 'toPrepare';
  /** "Done on …", "Missing — due by …" or "To prepare", in the reader's words. */
  note: string;
}

const K = 'intake.benefits.check';
const RATED = ['unemployment', 'cpas', 'grapa', 'disability'];

/** What the household declared, in words: its income, its rate, and the optional answers that matter. */
function declaredRows(lang: Language, side: Side, b: DeclaredBenefits | null | undefined): DeclaredRow[] {
  const none = t(lang, `${K}.notGiven`);
  const sources = side === 'family' ? 'benefitSources' : 'hostBenefitSources';
  const rows: DeclaredRow[] = [{ label: t(lang, `${K}.declaredSource`), value: b?.source ? t(lang, `intake.vocab.${sources}.${b.source}`) : none }];
  if (b?.status || side === 'family' || RATED.includes(b?.source ?? ''))
    rows.push({ label: t(lang, `${K}.declaredStatus`), value: b?.status ? t(lang, `intake.vocab.benefitStatuses.${b.status}`) : none });
  if (b?.source === 'unemployment')
    rows.push({ label: t(lang, `${K}.declaredEnd`), value: b.unemploymentEndsOn ? formatDay(b.unemploymentEndsOn, lang) : t(lang, `${K}.dontKnow`) });
  if (side === 'family' || b?.singleParentSupplement !== undefined) {
    const answer = b?.singleParentSupplement;
    rows.push({
      label: t(lang, `${K}.declaredSupplement`),
      value: answer === true ? t(lang, 'form.yes') : answer === false ? t(lang, 'form.no') : t(lang, `${K}.dontKnow`),
    });
  }
  return rows;
}

export function householdCheck(lang: Language, side: Side, name: string, declared: DeclaredBenefits | null | undefined, now = new Date()): HouseholdCheck {
  return { side, name, declared: declaredRows(lang, side, declared), warning: benefitsWarning(lang, side === 'family' ? 'parent' : 'host', declared, now) };
}

const isEvidence = (code: string | null | undefined): code is string => typeof code === 'string' && code.startsWith('evidence.');

/**
 * The proofs of separate households: the cohabitation's evidence items, done (with the day) or
 * missing (with the due date); before a cohabitation exists, the same items, to prepare.
 */
export function proofsOf(lang: Language, cohabitation: Pick<CohabitationRecord, 'checklist'> | null): Proof[] {
  const words = (code: string) => ({
    code,
    title: t(lang, `followup.pages.checklist.${code}.title`),
    plain: t(lang, `followup.pages.checklist.${code}.plain`),
  });
  if (!cohabitation)
    return adminChecklist(new Date().toISOString().slice(0, 10))
      .filter((i) => isEvidence(i.code))
      .map((i) => ({ ...words(i.code), state: 'toPrepare' as const, note: t(lang, `${K}.toPrepare`) }));
  return cohabitation.checklist.flatMap((i): Proof[] => {
    if (!isEvidence(i.code)) return [];
    if (i.doneAt)
      return [{ ...words(i.code), state: 'have', note: t(lang, `${K}.have`, { date: formatDay(new Date(i.doneAt).toISOString().slice(0, 10), lang) }) }];
    return [{ ...words(i.code), state: 'missing', note: t(lang, `${K}.missing`, { date: formatDay(i.dueOn ?? '', lang) }) }];
  });
}
