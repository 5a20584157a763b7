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
] as const;
export type BlockerCode = (typeof BLOCKERS)[number];
export const BLOCKER_BIT: Record<BlockerCode, number> = Object.fromEntries(BLOCKERS.map((code, i) => [code, 1 << i])) as Record<BlockerCode, number>;

export const CRITERIA = ['space', 'budget', 'location', 'timing', 'children', 'lifestyle', 'language', 'services'] as const;
export type CriterionKey = (typeof CRITERIA)[number];
export type Weights = Record<CriterionKey, number>;

export const DEFAULT_WEIGHTS: Weights = { space: 25, budget: 20, location: 15, timing: 10, children: 10, lifestyle: 10, language: 5, services: 5 };

export function blockerCodes(mask: number): BlockerCode[] {
  return BLOCKERS.filter((code) => (mask & BLOCKER_BIT[code]) !== 0);
}

/** Weights in CRITERIA order, as a typed array for the hot loop. */
export function weightVector(weights: Weights): Float64Array {
  return Float64Array.from(CRITERIA.map((k) => weights[k]));
}
