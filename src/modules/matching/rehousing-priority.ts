// A family that must be rehoused after an ending (SPEC §7) gets priority in the plan through the
// input the plan already takes: its urgency. The plan's factor is 1 + step × (urgency − 1); the
// bonus adds levels to the urgency declared at intake, capped one level above the top intake level
// (4), so a family already at 4 still comes before every other family at 4.
export const REHOUSING_URGENCY_BONUS = 1;
export const REHOUSING_URGENCY_MAX = 5;

export function urgencyInPlan(declared: number, rehousing: boolean, bonus = REHOUSING_URGENCY_BONUS): number {
  return rehousing ? Math.min(declared + bonus, REHOUSING_URGENCY_MAX) : declared;
}
