// The `school` criterion (issue 18), from the distances between the home's commune centre and each
// child's school or crèche commune (tables.ts precomputes it per family and commune).
import type { FamilyProfile } from './profiles.js';

/** A child's school at this distance (km): 1 at the door, ½ at 3 km, never better farther away. */
export function schoolCloseness(km: number): number {
  return 1 / (1 + km / 3);
}

/**
 * The `school` criterion for a home at `kmTo` of each commune: each child's school closeness, weighted by the
 * nights in 14 the child sleeps there (NaN when no child has a school given: a neutral value then),
 * and the distance to the farthest school the parent must keep (−∞ when none).
 */
export function schoolFrom(f: FamilyProfile, kmTo: (commune: string) => number): { value: number; mustKeepKm: number } {
  let sum = 0;
  let weights = 0;
  let mustKeepKm = -Infinity;
  for (const s of f.schools ?? []) {
    const km = kmTo(s.commune);
    if (Number.isNaN(km)) continue; // a commune the region file does not know
    sum += s.weight * schoolCloseness(km);
    weights += s.weight;
    if (s.mustKeep) mustKeepKm = Math.max(mustKeepKm, km);
  }
  return { value: weights > 0 ? sum / weights : NaN, mustKeepKm };
}
