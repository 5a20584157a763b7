// The outcome of an inspection (SPEC §6.2), pure: the reported items against the rule set, with
// A-SPACE and C-CAP computed by the app and overriding what was reported.
//   any critical fail → non_conform; only major/minor fails → conform_with_remarks (deadline);
//   none → conform. Conform (with or without remarks) is valid `validityMonths`.
import type { ErrorDetail } from '../../kernel/errors.js';
import { minimumSurfaceM2 } from '../../kernel/housing-norms.js';
import type { ChecklistItem, RuleSet, Severity } from '../../kernel/rulesets.js';
import type { ItemResult, ReportInput } from './inspection.schemas.js';

export type Outcome = 'conform' | 'conform_with_remarks' | 'non_conform';

/** What the outcome needs to know of the offer. */
export interface OfferFacts {
  householdSize: number;
  maxChildren: number;
  monthlyRent: number;
  monthlyCharges: number;
}

export interface EvaluatedItem {
  code: string;
  result: ItemResult;
  note: string | null;
  /** For A-SPACE and C-CAP: what was reported, before the computed result replaced it. */
  reported?: ItemResult;
  computed?: boolean;
}

export interface Evaluation {
  items: EvaluatedItem[];
  failures: { code: string; severity: Severity; category: string; note: string | null }[];
  outcome: Outcome;
  validUntil: Date | null;
  remarksDeadline: Date | null;
  space: { occupants: number; requiredM2: number; dwellingSurfaceM2: number };
  cap: { contributionEur: number; capEur: number };
}

/** Problems with the report itself: unknown, repeated or missing codes, a failure without a note. */
export function reportProblems(report: ReportInput, ruleSet: RuleSet): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const known = new Map(ruleSet.checklist.map((i) => [i.code, i]));
  const seen = new Set<string>();
  report.items.forEach((item, index) => {
    const rule = known.get(item.code);
    if (!rule) problems.push({ path: `/items/${index}/code`, messageKey: 'conformity.report.unknownCode', params: { code: item.code } });
    else if (seen.has(item.code)) problems.push({ path: `/items/${index}/code`, messageKey: 'conformity.report.repeatedCode', params: { code: item.code } });
    else if (item.result === 'fail' && !rule.computed && !item.note?.trim()) problems.push({ path: `/items/${index}/note`, messageKey: 'conformity.report.noteRequired', params: { code: item.code } });
    seen.add(item.code);
  });
  for (const rule of ruleSet.checklist) {
    if (!seen.has(rule.code)) problems.push({ path: '/items', messageKey: 'conformity.report.missingCode', params: { code: rule.code } });
  }
  return problems;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

export function evaluate(report: ReportInput, ruleSet: RuleSet, offer: OfferFacts, performedAt: Date): Evaluation {
  const occupants = offer.householdSize + 1 + offer.maxChildren;
  const requiredM2 = minimumSurfaceM2(occupants, ruleSet.occupancy);
  const contributionEur = offer.monthlyRent + offer.monthlyCharges;
  const computedResult = (rule: ChecklistItem): ItemResult | null => {
    if (rule.computed === 'space') return report.dwellingSurfaceM2 >= requiredM2 ? 'pass' : 'fail';
    if (rule.computed === 'cap') return contributionEur <= ruleSet.contributionCapEur ? 'pass' : 'fail';
    return null;
  };
  const reported = new Map(report.items.map((i) => [i.code, i]));
  const items: EvaluatedItem[] = ruleSet.checklist.map((rule) => {
    const given = reported.get(rule.code);
    const computed = computedResult(rule);
    const note = given?.note?.trim() || null;
    if (computed === null) return { code: rule.code, result: given?.result ?? 'na', note };
    return { code: rule.code, result: computed, note, reported: given?.result ?? 'na', computed: true };
  });
  const rules = new Map(ruleSet.checklist.map((r) => [r.code, r]));
  const failures = items
    .filter((i) => i.result === 'fail')
    .map((i) => ({ code: i.code, severity: rules.get(i.code)!.severity, category: rules.get(i.code)!.category, note: i.note }));
  const outcome: Outcome = failures.some((f) => f.severity === 'critical') ? 'non_conform' : failures.length > 0 ? 'conform_with_remarks' : 'conform';
  return {
    items,
    failures,
    outcome,
    validUntil: outcome === 'non_conform' ? null : addMonths(performedAt, ruleSet.validityMonths),
    remarksDeadline: outcome === 'conform_with_remarks' ? new Date(performedAt.getTime() + ruleSet.remarksDeadlineDays * 86_400_000) : null,
    space: { occupants, requiredM2, dwellingSurfaceM2: report.dwellingSurfaceM2 },
    cap: { contributionEur, capEur: ruleSet.contributionCapEur },
  };
}
