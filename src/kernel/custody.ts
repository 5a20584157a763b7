// What a custody pattern means in days (SPEC §4): the nights in a fortnight a child sleeps at the
// parent's, a text for the pages (intake.vocab.custodyDays.<value>) and the number matching weighs
// a child's school by (a child there every night counts more than one there at weekends).
import type { Custody } from './housing-norms.js';

export const NIGHTS_IN_14: Record<Custody, number> = { full: 14, alternate: 7, weekends: 4, occasional: 2 };

/** Children who come and go (the host is asked whether they accept a varying household). */
export function comesAndGoes(custody: Custody | undefined): boolean {
  return custody === 'alternate' || custody === 'weekends';
}
