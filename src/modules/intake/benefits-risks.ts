// What sharing a home can do to a person's own benefits (SPEC §6.3), from their role and what they
// declared: one item per benefit concerned, each naming the risk, what to do and whom to ask as
// catalogue keys (intake/locales/benefits.*.json). Pure: the rules in force come as a parameter.
// The words matter: a single parent with a minor child is paid at the "family dependants" rate,
// and risks being judged one household with the host; a host at the "isolated" rate risks the
// "cohabitant" rate; the pension income guarantee (GRAPA) looks at who shares the main residence.
// Nothing here promises that a rate is kept.
import type { BenefitRules, BenefitSourceKey } from '../../kernel/benefit-rules.js';

export type BenefitRole = 'parent' | 'host';

export type BenefitKind =
  | 'integrationIncome'
  | 'unemployment'
  | 'unemploymentEnd'
  | 'grapa'
  | 'pension'
  | 'disability'
  | 'familyAllowance'
  | 'salary'
  | 'noBenefit'
  | 'otherBenefit'
  | 'notDeclared';

/** What a person declared (the family's `benefits`, the offer's `benefits`), as drafts hold it. */
export interface DeclaredBenefits {
  source?: string | null;
  status?: string | null;
  unemploymentEndsOn?: string | null;
  singleParentSupplement?: boolean | null;
}

export interface BenefitRisk {
  benefit: BenefitKind;
  /** Catalogue keys. */
  risk: string;
  whatToDo: string;
  whomToAsk: string;
  /** Values for the texts' placeholders; `date` is a calendar day (YYYY-MM-DD), formatted by the page. */
  params: Record<string, string | number>;
  /** The public source the item rests on (the rules' `sources`), if any. */
  source: BenefitSourceKey | null;
}

const K = 'intake.benefits';

/** The rate variant of a benefit paid at a rate, by role: the parent's normal rate is the family one. */
function rateVariant(role: BenefitRole, status: string | null | undefined): string {
  if (status === 'family_dependants') return 'familyRate';
  if (status === 'cohabitant') return 'alreadyCohabitant';
  if (status === 'isolated') return role === 'parent' ? 'isolatedParent' : 'isolatedRate';
  return role === 'parent' ? 'unknownParent' : 'unknownHost';
}

function item(
  benefit: BenefitKind,
  variant: string,
  whom: string,
  source: BenefitSourceKey | null,
  params: Record<string, string | number> = {},
  whatToDo = `${K}.${benefit}.whatToDo`,
): BenefitRisk {
  return { benefit, risk: `${K}.${benefit}.${variant}`, whatToDo, whomToAsk: `${K}.whom.${whom}`, params, source };
}

function unemploymentEnd(benefits: DeclaredBenefits, rules: BenefitRules): BenefitRisk {
  const params = { year: Number(rules.unemployment.limitedInTimeFrom.slice(0, 4)), maxMonths: rules.unemployment.maxMonths };
  const end = benefits.unemploymentEndsOn;
  return end
    ? item('unemploymentEnd', 'known', 'union', 'unemployment', { ...params, date: end }, `${K}.unemploymentEnd.whatToDoKnown`)
    : item('unemploymentEnd', 'unknown', 'union', 'unemployment', params, `${K}.unemploymentEnd.whatToDoUnknown`);
}

function incomeRisks(role: BenefitRole, benefits: DeclaredBenefits, rules: BenefitRules): BenefitRisk[] {
  switch (benefits.source) {
    case 'cpas':
      return [item('integrationIncome', rateVariant(role, benefits.status), 'cpas', 'integrationIncome')];
    case 'unemployment':
      return [item('unemployment', rateVariant(role, benefits.status), 'union', 'unemployment'), unemploymentEnd(benefits, rules)];
    case 'grapa':
      // Who may share the home without the higher amount being lost: the rules' list (benefits-warning.ts names them).
      return [
        item('grapa', benefits.status === 'cohabitant' ? 'alreadyBase' : 'higherAmount', 'pension', 'pension', {
          exceptions: rules.grapa.sharingExceptions.join(','),
        }),
      ];
    case 'pension':
      return [item('pension', 'risk', 'pension', 'pension')];
    case 'disability':
      return [item('disability', 'risk', 'disability', 'disability')];
    case 'work':
      return [item('salary', 'risk', 'worker', null, {}, `${K}.salary.whatToDo.${role}`)];
    case 'none':
      return [item('noBenefit', 'risk', 'worker', null)];
    case 'other':
      return [item('otherBenefit', 'risk', 'payer', null)];
    default:
      return [item('notDeclared', 'risk', 'worker', null)];
  }
}

/**
 * The family allowance for single-parent families (Brussels) needs no "ménage de fait", which a shared
 * address makes presumed: a parent hears of it unless they said they do not receive it; a host only
 * when they said they do.
 */
function familyAllowanceRisk(role: BenefitRole, benefits: DeclaredBenefits): BenefitRisk[] {
  const receives = benefits.singleParentSupplement;
  if (receives === true) return [item('familyAllowance', 'receives', 'familyFund', 'familyAllowance')];
  if (role === 'parent' && receives !== false) return [item('familyAllowance', 'maybe', 'familyFund', 'familyAllowance')];
  return [];
}

/** The warning for one person: their role and what they declared (nothing declared yet: what to tell us). */
export function benefitsRisks(role: BenefitRole, benefits: DeclaredBenefits | null | undefined, rules: BenefitRules): BenefitRisk[] {
  const declared = benefits ?? {};
  return [...incomeRisks(role, declared, rules), ...familyAllowanceRisk(role, declared)];
}
