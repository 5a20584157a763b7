// The benefits warning in a reader's language (SPEC §6.3): the items of benefitsRisks() as texts,
// with the public source of each (name, address, the day it was read) and what every household is
// told whatever it receives: the proofs of separate households, the declaration and registration
// at the new address, and that nobody can promise a rate is kept. Used by intake (before sending),
// matching (every proposal), followup (the agreement, the benefits check page).
import { benefitRulesFor, type BenefitRules } from '../../kernel/benefit-rules.js';
import type { Language } from '../../kernel/config.js';
import { formatDay } from '../../kernel/i18n/format.js';
import { t } from '../../kernel/i18n/index.js';
import { benefitsRisks, type BenefitKind, type BenefitRole, type DeclaredBenefits } from './benefits-risks.js';

const K = 'intake.benefits';

export interface BenefitRiskText {
  benefit: BenefitKind;
  title: string;
  risk: string;
  whatToDo: string;
  whomToAsk: string;
  source: { name: string; url: string; reviewedOn: string } | null;
}

export interface BenefitsWarning {
  role: BenefitRole;
  items: BenefitRiskText[];
  /** The rules the texts rest on: their title, and until when the service vouches for them. */
  rules: { id: string; title: string; validUntil: string; outdated: boolean };
  declare: string;
}

function texts(lang: Language, risk: ReturnType<typeof benefitsRisks>[number], rules: BenefitRules): BenefitRiskText {
  const params: Record<string, string | number> = { ...risk.params };
  if (typeof params.date === 'string') params.date = formatDay(params.date, lang);
  if (typeof params.exceptions === 'string')
    params.exceptions = params.exceptions
      .split(',')
      .filter(Boolean)
      .map((e) => t(lang, `${K}.grapaException.${e}`))
      .join(', ');
  const source = risk.source ? rules.sources[risk.source] : null;
  return {
    benefit: risk.benefit,
    title: t(lang, `${K}.name.${risk.benefit}`),
    risk: t(lang, risk.risk, params),
    whatToDo: t(lang, risk.whatToDo, params),
    whomToAsk: t(lang, risk.whomToAsk, params),
    source: source ? { name: source.name[lang], url: source.url, reviewedOn: formatDay(source.reviewedOn, lang) } : null,
  };
}

/** The warning one person reads: their role and their own declared benefits, never another household's. */
export function benefitsWarning(lang: Language, role: BenefitRole, declared: DeclaredBenefits | null | undefined, now: Date = new Date()): BenefitsWarning {
  const rules = benefitRulesFor(now);
  const today = now.toISOString().slice(0, 10);
  return {
    role,
    items: benefitsRisks(role, declared, rules).map((risk) => texts(lang, risk, rules)),
    rules: { id: rules.id, title: rules.title[lang], validUntil: formatDay(rules.validUntil, lang), outdated: rules.validUntil < today },
    declare: t(lang, `${K}.warning.declare`, { days: rules.domiciliationWorkingDays }),
  };
}

/** What every household must do after the move, for a page both households share (no one's own benefits). */
export function benefitsDeclaration(lang: Language, now: Date = new Date()): string {
  return t(lang, `${K}.warning.declare`, { days: benefitRulesFor(now).domiciliationWorkingDays });
}
