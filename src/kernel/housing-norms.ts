// Occupancy (SPEC §6.1). Two sources, kept apart: the surface norm (18 m² + 10 m² per other
// occupant) is Brussels law; the bedrooms a family needs are the service's own adequacy policy,
// not a legal norm (each part says its source in the rule set). The numbers live in the dated rule set (config/rulesets/, see rulesets.ts);
// these are pure functions over them: intake computes the bedrooms, matching and conformity check
// rooms and surfaces.

export interface OccupancyNorm {
  /** The bedroom numbers are the service's adequacy policy, said so on every page that shows them. */
  bedroomsSource: 'service';
  /** Children younger than this may sleep in the parent's room. */
  ownRoomFromAge: number;
  childrenPerRoom: number;
  /** From this age a child never shares a room with a child of the other sex. */
  separateSexesFromAge: number;
  /** From this age a child living with the parent (an adult child, up to 25) has a room of their own. */
  adultChildFromAge: number;
  /** The surface norm is Brussels law. */
  surfaceSource: 'law';
  surfaceFirstPersonM2: number;
  surfacePerAdditionalPersonM2: number;
}

export type Custody = 'full' | 'alternate' | 'weekends' | 'occasional';

export interface ChildAtMoveIn {
  age: number;
  sex: 'f' | 'm' | 'x';
  /** Absent: full custody. */
  custody?: Custody;
  /** A disability that needs a room of their own. */
  needsOwnRoom?: boolean;
}

/** A birth as applications record it: the year, and the month when known. */
export interface Birth {
  birthYear: number;
  birthMonth?: number | null;
}

/**
 * Age in whole years on a day (SPEC §6.1: exact at the move-in date). A known month counts as its
 * first day (an age is never under-counted); a year alone counts as 1 July.
 */
export function ageOn(birth: Birth, on: Date): number {
  const month = birth.birthMonth ? birth.birthMonth - 1 : 6;
  const day = Date.UTC(on.getUTCFullYear(), on.getUTCMonth(), on.getUTCDate());
  const age = on.getUTCFullYear() - birth.birthYear - (day < Date.UTC(on.getUTCFullYear(), month, 1) ? 1 : 0);
  return Math.max(0, age);
}

/** Children in `weekends` or `occasional` custody stay now and then: a bed, not a full share of the home. */
export function staysPartTime(custody: Custody | undefined): boolean {
  return custody === 'weekends' || custody === 'occasional';
}

/**
 * Rooms for children who may share, two per room, where a child of `separateSexesFromAge` or more
 * shares only with a child of the same sex. Pairing older children within their sex first, then a
 * leftover older child with a younger one of the same sex, then younger children together, gives
 * the fewest rooms (test/occupancy.spec.ts checks it against every pairing).
 */
function sharedRooms(children: readonly ChildAtMoveIn[], norm: OccupancyNorm): number {
  let rooms = 0;
  let young = children.filter((c) => c.age < norm.separateSexesFromAge);
  for (const sex of ['f', 'm', 'x'] as const) {
    const older = children.filter((c) => c.age >= norm.separateSexesFromAge && c.sex === sex).length;
    rooms += Math.floor(older / 2);
    if (older % 2 === 1) {
      rooms += 1;
      const partner = young.findIndex((c) => c.sex === sex);
      if (partner >= 0) young = young.filter((_, i) => i !== partner);
    }
  }
  return rooms + Math.ceil(young.length / 2);
}

/**
 * Bedrooms a family needs under the service's adequacy policy (SPEC §6.1, not a legal norm): one
 * for the parent, where children under `ownRoomFromAge` may sleep; a room of their own for an adult
 * child and for a child who needs it; the others two per room (sexes apart from
 * `separateSexesFromAge`). Children staying at weekends or now and then share one extra room in
 * total (none when they are all young enough for the parent's room).
 */
export function bedroomsNeeded(children: readonly ChildAtMoveIn[], norm: OccupancyNorm): number {
  if (norm.childrenPerRoom !== 2) throw new Error('bedroomsNeeded assumes two children per room');
  const withParent = (c: ChildAtMoveIn) => c.age < norm.ownRoomFromAge && c.needsOwnRoom !== true;
  const resident = children.filter((c) => !staysPartTime(c.custody) && !withParent(c));
  const ownRoom = (c: ChildAtMoveIn) => c.needsOwnRoom === true || c.age >= norm.adultChildFromAge;
  const partTimeRoom = children.some((c) => staysPartTime(c.custody) && !withParent(c)) ? 1 : 0;
  return (
    1 +
    resident.filter(ownRoom).length +
    sharedRooms(
      resident.filter((c) => !ownRoom(c)),
      norm,
    ) +
    partTimeRoom
  );
}

/** Minimum net surface of a dwelling for this many occupants (Brussels law). */
export function minimumSurfaceM2(occupants: number, norm: OccupancyNorm): number {
  if (occupants <= 0) return 0;
  return norm.surfaceFirstPersonM2 + (occupants - 1) * norm.surfacePerAdditionalPersonM2;
}
