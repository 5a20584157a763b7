// The vocabulary of matching (SPEC §5): hard constraints as bit flags, soft criteria and weights.

export const BLOCKERS = [
  'FAMILY_NOT_ACTIVE',
  'OFFER_NOT_AVAILABLE',
  'OFFER_NOT_CONFORM',
  'ROOMS',
  'CHILDREN',
  'BUDGET',
  'DATES',
  'DURATION',
  'ACCESSIBILITY',
  'BATHROOM',
  'PETS',
  'SMOKING',
  'COMMUNE',
  'EXCLUDED',
  'SURFACE',
  'SCREENING',
  // Children first (issue 18): a school that must be kept, a household that varies, handovers, a survivor's need.
  'SCHOOL',
  'VARYING_HOUSEHOLD',
  'HANDOVERS',
  'ADULT_MAN',
] as const;
export type BlockerCode = (typeof BLOCKERS)[number];
export const BLOCKER_BIT: Record<BlockerCode, number> = Object.fromEntries(BLOCKERS.map((code, i) => [code, 1 << i])) as Record<BlockerCode, number>;

export const CRITERIA = ['space', 'budget', 'location', 'timing', 'children', 'lifestyle', 'language', 'services', 'school'] as const;
export type CriterionKey = (typeof CRITERIA)[number];
export type Weights = Record<CriterionKey, number>;
/** Weights as stored before the `school` criterion existed. */
export type WeightsBeforeSchool = Omit<Weights, 'school'>;

const WEIGHTS_BEFORE_SCHOOL: WeightsBeforeSchool = { space: 25, budget: 20, location: 15, timing: 10, children: 10, lifestyle: 10, language: 5, services: 5 };
export const SCHOOL_DEFAULT_WEIGHT = 10;

/**
 * SPEC §5: the `school` weight is "taken proportionally from the others so the sum stays 100".
 * Whole numbers by largest remainder (ties in CRITERIA order), so the sum is exactly 100; used for
 * the defaults and for weights a coordinator stored before the criterion existed.
 */
export function withSchoolWeight(before: WeightsBeforeSchool, school = SCHOOL_DEFAULT_WEIGHT): Weights {
  const keys = CRITERIA.filter((k): k is Exclude<CriterionKey, 'school'> => k !== 'school');
  const total = keys.reduce((s, k) => s + before[k], 0);
  const target = 100 - school;
  const exact = keys.map((k) => (total > 0 ? (before[k] * target) / total : target / keys.length));
  const out = Object.fromEntries(keys.map((k, i) => [k, Math.floor(exact[i]!)])) as Weights;
  let left = target - keys.reduce((s, k) => s + out[k], 0);
  const order = keys.map((k, i) => ({ k, frac: exact[i]! - Math.floor(exact[i]!), i })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { k } of order) {
    if (left <= 0) break;
    out[k] += 1;
    left -= 1;
  }
  out.school = school;
  return out;
}

export const DEFAULT_WEIGHTS: Weights = withSchoolWeight(WEIGHTS_BEFORE_SCHOOL);

export function blockerCodes(mask: number): BlockerCode[] {
  return BLOCKERS.filter((code) => (mask & BLOCKER_BIT[code]) !== 0);
}

/** Weights in CRITERIA order, as a typed array for the hot loop. */
export function weightVector(weights: Weights): Float64Array {
  return Float64Array.from(CRITERIA.map((k) => weights[k]));
}
