// The outcome of an inspection (SPEC §6.2), pure: the reported items against the rule set (Brussels
// law) and the service's policy (cap), with A-SPACE and C-CAP computed by the app and overriding
// what was reported. Ventilation and daylight are critical for the family's rooms, major elsewhere;
// a requirement with its own date (interconnected smoke detectors from 2028) is a remark before it.
//   any critical fail → non_conform; only major/minor fails → conform_with_remarks (deadline);
//   none → conform. Conform (with or without remarks) is valid `validityMonths`.
import type { ErrorDetail } from '../../kernel/errors.js';
import { minimumSurfaceM2 } from '../../kernel/housing-norms.js';
import { policyFor } from '../../kernel/policy.js';
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
  scope?: 'family_rooms' | 'other_rooms' | null;
  /** For A-SPACE and C-CAP: what was reported, before the computed result replaced it. */
  reported?: ItemResult;
  computed?: boolean;
}

export interface Evaluation {
  items: EvaluatedItem[];
  failures: { code: string; severity: Severity; category: string; note: string | null; requirement?: string }[];
  outcome: Outcome;
  validUntil: Date | null;
  remarksDeadline: Date | null;
  space: { occupants: number; requiredM2: number; dwellingSurfaceM2: number };
  cap: { contributionEur: number; capEur: number };
}

/** Problems with the report itself: unknown, repeated or missing codes, a failure without a note. */
/** The checklist's answers as reportProblems reads them: a report, or a page's draft not yet checked by the schema. */
interface ReportedItems {
  items: readonly { code: string; result?: string; note?: string | null }[];
}

export function reportProblems(report: ReportedItems, ruleSet: RuleSet): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const known = new Map(ruleSet.checklist.map((i) => [i.code, i]));
  const seen = new Set<string>();
  report.items.forEach((item, index) => {
    const rule = known.get(item.code);
    if (!rule) problems.push({ path: `/items/${index}/code`, messageKey: 'conformity.report.unknownCode', params: { code: item.code } });
    else if (seen.has(item.code)) problems.push({ path: `/items/${index}/code`, messageKey: 'conformity.report.repeatedCode', params: { code: item.code } });
    else if (item.result === 'na' && !rule.naAllowed && !rule.computed)
      problems.push({ path: `/items/${index}/result`, messageKey: 'conformity.report.notApplicable', params: { code: item.code } });
    else if (item.result === 'fail' && !rule.computed && !item.note?.trim())
      problems.push({ path: `/items/${index}/note`, messageKey: 'conformity.report.noteRequired', params: { code: item.code } });
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
  // The cap is the service's rule, in force on the day of the visit.
  const capEur = policyFor(performedAt).contributionCapEur;
  const computedResult = (rule: ChecklistItem): ItemResult | null => {
    if (rule.computed === 'space') return report.dwellingSurfaceM2 >= requiredM2 ? 'pass' : 'fail';
    if (rule.computed === 'cap') return contributionEur <= capEur ? 'pass' : 'fail';
    return null;
  };
  const reported = new Map(report.items.map((i) => [i.code, i]));
  const items: EvaluatedItem[] = ruleSet.checklist.map((rule) => {
    const given = reported.get(rule.code);
    const computed = computedResult(rule);
    const note = given?.note?.trim() || null;
    if (computed === null) return { code: rule.code, result: given?.result ?? 'na', note, ...(given?.scope ? { scope: given.scope } : {}) };
    return { code: rule.code, result: computed, note, reported: given?.result ?? 'na', computed: true };
  });
  const rules = new Map(ruleSet.checklist.map((r) => [r.code, r]));
  const failures: Evaluation['failures'] = items
    .filter((i) => i.result === 'fail')
    .map((i) => {
      const rule = rules.get(i.code)!;
      const otherRoomsOnly = reported.get(i.code)?.scope === 'other_rooms' && rule.severityOtherRooms;
      return { code: i.code, severity: otherRoomsOnly ? rule.severityOtherRooms! : rule.severity, category: rule.category, note: i.note };
    });
  failures.push(...requirementFailures(report, ruleSet, performedAt, new Set(failures.map((f) => f.code))));
  const outcome: Outcome = failures.some((f) => f.severity === 'critical') ? 'non_conform' : failures.length > 0 ? 'conform_with_remarks' : 'conform';
  return {
    items,
    failures,
    outcome,
    validUntil: outcome === 'non_conform' ? null : addMonths(performedAt, ruleSet.validityMonths),
    remarksDeadline: outcome === 'conform_with_remarks' ? new Date(performedAt.getTime() + ruleSet.remarksDeadlineDays * 86_400_000) : null,
    space: { occupants, requiredM2, dwellingSurfaceM2: report.dwellingSurfaceM2 },
    cap: { contributionEur, capEur },
  };
}

/**
 * Requirements with their own effective date (SPEC §6.2): 4+ smoke detectors not interconnected
 * fail S-SMOKE from the date, and are a remark (`severityBefore`) before it. Only when the item
 * did not fail anyway.
 */
function requirementFailures(report: ReportInput, ruleSet: RuleSet, performedAt: Date, failed: Set<string>): Evaluation['failures'] {
  const day = performedAt.toISOString().slice(0, 10);
  const out: Evaluation['failures'] = [];
  for (const rule of ruleSet.checklist) {
    for (const req of rule.requirements ?? []) {
      if (req.key !== 'interconnected' || failed.has(rule.code)) continue;
      const smoke = report.smokeDetectors;
      if (!smoke || smoke.count < req.minCount || smoke.interconnected) continue;
      out.push({
        code: rule.code,
        severity: day >= req.effectiveFrom ? rule.severity : req.severityBefore,
        category: rule.category,
        note: null,
        requirement: req.key,
      });
    }
  }
  return out;
}
