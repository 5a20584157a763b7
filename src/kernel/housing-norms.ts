// Occupancy norms of a dated rule set (SPEC §6.1; the numbers live in config/rulesets/, see
// rulesets.ts). Pure functions over those numbers: intake computes the bedrooms a family needs,
// matching and conformity check surfaces.

export interface OccupancyNorm {
  /** Children younger than this sleep in the parent's room. */
  ownRoomFromAge: number;
  childrenPerRoom: number;
  /** From this age a child never shares a room with a child of the other sex. */
  separateSexesFromAge: number;
  surfaceFirstPersonM2: number;
  surfacePerAdditionalPersonM2: number;
}

export interface ChildAtMoveIn {
  age: number;
  sex: 'f' | 'm' | 'x';
}

/** Age in whole years at a date, from a birth year only (the application records years, not dates). */
export function ageAt(birthYear: number, date: Date): number {
  return Math.max(0, date.getUTCFullYear() - birthYear);
}

/**
 * Bedrooms a family needs: one for the parent (with the children under `ownRoomFromAge`), plus
 * rooms for the others, two per room, where an older child shares only with a child of the same
 * sex. Pairing older children within their sex first, then a leftover older child with a younger
 * one of the same sex, then younger children together, gives the fewest rooms.
 */
export function bedroomsNeeded(children: ChildAtMoveIn[], norm: OccupancyNorm): number {
  if (norm.childrenPerRoom !== 2) throw new Error('bedroomsNeeded assumes two children per room');
  const needing = children.filter((c) => c.age >= norm.ownRoomFromAge);
  let rooms = 0;
  let youngPool = needing.filter((c) => c.age < norm.separateSexesFromAge);
  for (const sex of ['f', 'm', 'x'] as const) {
    const older = needing.filter((c) => c.age >= norm.separateSexesFromAge && c.sex === sex).length;
    rooms += Math.floor(older / 2);
    if (older % 2 === 1) {
      rooms += 1;
      const partner = youngPool.findIndex((c) => c.sex === sex);
      if (partner >= 0) youngPool = youngPool.filter((_, i) => i !== partner);
    }
  }
  rooms += Math.ceil(youngPool.length / 2);
  return 1 + rooms;
}

/** Minimum net surface of a dwelling for this many occupants. */
export function minimumSurfaceM2(occupants: number, norm: OccupancyNorm): number {
  if (occupants <= 0) return 0;
  return norm.surfaceFirstPersonM2 + (occupants - 1) * norm.surfacePerAdditionalPersonM2;
}
