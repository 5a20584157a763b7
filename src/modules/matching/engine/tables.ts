// Profiles packed column-wise into typed arrays, so scoring every pair runs without allocation.
import { REGION, communeDistanceKm } from '../../../kernel/region.js';
import type { FamilyProfile, OfferProfile } from './profiles.js';
import { schoolFrom } from './school.js';

const COMMUNES = REGION.communes.map((c) => c.code);
const COMMUNE_INDEX = new Map(COMMUNES.map((c, i) => [c, i]));
const C = COMMUNES.length;
const DISTANCE = new Float64Array(C * C);
for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) DISTANCE[a * C + b] = communeDistanceKm(COMMUNES[a]!, COMMUNES[b]!);

const SCHEDULES = ['day', 'evening', 'night', 'variable'];
export const SCHEDULE_VARIABLE = 3;

/** Bit per value, for sets compared in the hot loop (languages, services). */
class BitVocabulary {
  private readonly bits = new Map<string, number>();
  bit(value: string): number {
    let index = this.bits.get(value);
    if (index === undefined) {
      index = Math.min(this.bits.size, 30); // 31st and later share one bit: rare languages, still counted as shared
      this.bits.set(value, index);
    }
    return 1 << index;
  }
  mask(values: readonly string[]): number {
    let m = 0;
    for (const v of values) m |= this.bit(v);
    return m;
  }
}

export interface FamilyTable {
  n: number;
  ids: string[];
  active: Uint8Array;
  urgency: Float64Array;
  bedrooms: Int32Array;
  occupants: Int32Array;
  childCount: Int32Array;
  childMinAge: Float64Array;
  childMaxAge: Float64Array;
  childAgeStart: Int32Array;
  childAges: Float64Array;
  maxContribution: Float64Array;
  moveInFrom: Float64Array;
  moveInBy: Float64Array;
  minDuration: Float64Array;
  communeMask: Int32Array;
  communesRequired: Uint8Array;
  /** Distance (km) from each commune to the nearest preferred one; NaN when no preference. */
  nearestKm: Float64Array;
  excludedCommuneMask: Int32Array;
  /** Excluded offer and host indices per family, a worker's and those for good (rare: null for most). */
  excludedOffers: (Set<number> | null)[];
  excludedHosts: (Set<number> | null)[];
  stepFree: Uint8Array;
  privateBathroom: Uint8Array;
  hasPets: Uint8Array;
  smoker: Uint8Array;
  acceptsSmoking: Uint8Array;
  schedule: Int8Array;
  noise: Float64Array;
  guests: Float64Array;
  langMask: Int32Array;
  preferredLangMask: Int32Array;
  servicesMask: Int32Array;
  /** Per family × offer commune: the `school` criterion's value (NaN: no child's school given)… */
  schoolValue: Float64Array;
  /** …and the distance (km) to the farthest school that must be kept (−∞: none). */
  mustKeepKm: Float64Array;
  varyingChildren: Int32Array;
  handoversAtHome: Uint8Array;
  noAdultMan: Uint8Array;
}

export interface OfferTable {
  m: number;
  ids: string[];
  hostIndex: Int32Array;
  available: Uint8Array;
  conform: Uint8Array;
  /** Last day (day number) the host household is screened: −∞ when not today (SPEC §11). */
  screenedUntil: Float64Array;
  bedrooms: Int32Array;
  privateSurface: Float64Array;
  netSurface: Float64Array;
  householdSize: Int32Array;
  hostChildAgeStart: Int32Array;
  hostChildAges: Float64Array;
  maxChildren: Int32Array;
  minAge: Float64Array;
  maxAge: Float64Array;
  contribution: Float64Array;
  availableFrom: Float64Array;
  minDuration: Float64Array;
  commune: Int32Array;
  stepFree: Uint8Array;
  privateBathroom: Uint8Array;
  acceptsPets: Uint8Array;
  acceptsSmokers: Uint8Array;
  smokingHousehold: Uint8Array;
  schedule: Int8Array;
  noise: Float64Array;
  guests: Float64Array;
  langMask: Int32Array;
  servicesWantedMask: Int32Array;
  surfaceFirst: Float64Array;
  surfacePerOther: Float64Array;
  refusesVarying: Uint8Array;
  refusesHandovers: Uint8Array;
  adultManFrom: Float64Array;
  adultSexUnknownFrom: Float64Array;
  schoolMaxKm: Float64Array;
}

export interface Tables {
  families: FamilyTable;
  offers: OfferTable;
  communeCount: number;
}

function flags(values: readonly string[]): number {
  let m = 0;
  for (const v of values) {
    const i = COMMUNE_INDEX.get(v);
    if (i !== undefined) m |= 1 << i;
  }
  return m;
}

/** The indices of these ids (unknown ones as −1), or null when there are none (most families). */
function indexSet(ids: readonly string[], index: ReadonlyMap<string, number>): Set<number> | null {
  return ids.length ? new Set(ids.map((id) => index.get(id) ?? -1)) : null;
}

export function buildTables(families: readonly FamilyProfile[], offers: readonly OfferProfile[]): Tables {
  const languages = new BitVocabulary();
  const services = new BitVocabulary();
  const offerIndex = new Map(offers.map((o, j) => [o.id, j]));
  const hostIds = new Map<string, number>();
  const hostIndex = Int32Array.from(
    offers.map((o) => {
      let h = hostIds.get(o.hostId);
      if (h === undefined) hostIds.set(o.hostId, (h = hostIds.size));
      return h;
    }),
  );

  const n = families.length;
  const childStart = new Int32Array(n + 1);
  families.forEach((f, i) => (childStart[i + 1] = childStart[i]! + f.childAges.length));
  const childAges = new Float64Array(childStart[n]!);
  const nearestKm = new Float64Array(n * C);
  const schoolValue = new Float64Array(n * C);
  const mustKeepKm = new Float64Array(n * C);
  const ft: FamilyTable = {
    n,
    ids: families.map((f) => f.id),
    active: Uint8Array.from(families, (f) => (f.status === 'active' ? 1 : 0)),
    urgency: Float64Array.from(families, (f) => f.urgency),
    bedrooms: Int32Array.from(families, (f) => f.bedrooms),
    occupants: Int32Array.from(families, (f) => f.occupants),
    childCount: Int32Array.from(families, (f) => f.childAges.length),
    childMinAge: Float64Array.from(families, (f) => (f.childAges.length ? Math.min(...f.childAges) : 0)),
    childMaxAge: Float64Array.from(families, (f) => (f.childAges.length ? Math.max(...f.childAges) : 0)),
    childAgeStart: childStart,
    childAges,
    maxContribution: Float64Array.from(families, (f) => f.maxContribution),
    moveInFrom: Float64Array.from(families, (f) => f.moveInFrom),
    moveInBy: Float64Array.from(families, (f) => f.moveInBy),
    minDuration: Float64Array.from(families, (f) => f.minDurationMonths),
    communeMask: Int32Array.from(families, (f) => flags(f.communes)),
    communesRequired: Uint8Array.from(families, (f) => (f.communesRequired && f.communes.length > 0 ? 1 : 0)),
    nearestKm,
    excludedCommuneMask: Int32Array.from(families, (f) => flags(f.excludedCommunes)),
    excludedOffers: families.map((f) => indexSet([...f.excludedOffers, ...(f.excludedForGood?.offerIds ?? [])], offerIndex)),
    excludedHosts: families.map((f) => indexSet([...f.excludedHosts, ...(f.excludedForGood?.hostIds ?? [])], hostIds)),
    stepFree: Uint8Array.from(families, (f) => (f.stepFree ? 1 : 0)),
    privateBathroom: Uint8Array.from(families, (f) => (f.privateBathroom ? 1 : 0)),
    hasPets: Uint8Array.from(families, (f) => (f.hasPets ? 1 : 0)),
    smoker: Uint8Array.from(families, (f) => (f.smoker ? 1 : 0)),
    acceptsSmoking: Uint8Array.from(families, (f) => (f.acceptsSmokingHousehold ? 1 : 0)),
    schedule: Int8Array.from(families, (f) => Math.max(0, SCHEDULES.indexOf(f.schedule))),
    noise: Float64Array.from(families, (f) => f.noise),
    guests: Float64Array.from(families, (f) => f.guests),
    langMask: Int32Array.from(families, (f) => languages.mask(f.languages)),
    preferredLangMask: Int32Array.from(families, (f) => languages.mask([f.preferredLanguage])),
    servicesMask: Int32Array.from(families, (f) => services.mask(f.services)),
    schoolValue,
    mustKeepKm,
    varyingChildren: Int32Array.from(families, (f) => f.varyingChildren ?? 0),
    handoversAtHome: Uint8Array.from(families, (f) => (f.handoversAtHome ? 1 : 0)),
    noAdultMan: Uint8Array.from(families, (f) => (f.noAdultMan ? 1 : 0)),
  };
  families.forEach((f, i) => {
    childAges.set(f.childAges, childStart[i]);
    const preferred = f.communes.map((c) => COMMUNE_INDEX.get(c)).filter((c): c is number => c !== undefined);
    for (let c = 0; c < C; c++) {
      let best = preferred.length ? Infinity : NaN;
      for (const p of preferred) best = Math.min(best, DISTANCE[p * C + c]!);
      nearestKm[i * C + c] = best;
      const school = schoolFrom(f, (code) => {
        const at = COMMUNE_INDEX.get(code);
        return at === undefined ? NaN : DISTANCE[c * C + at]!;
      });
      schoolValue[i * C + c] = school.value;
      mustKeepKm[i * C + c] = school.mustKeepKm;
    }
  });

  const m = offers.length;
  const hostStart = new Int32Array(m + 1);
  offers.forEach((o, j) => (hostStart[j + 1] = hostStart[j]! + o.hostChildAges.length));
  const hostChildAges = new Float64Array(hostStart[m]!);
  offers.forEach((o, j) => hostChildAges.set(o.hostChildAges, hostStart[j]));
  const ot: OfferTable = {
    m,
    ids: offers.map((o) => o.id),
    hostIndex,
    available: Uint8Array.from(offers, (o) => (o.status === 'available' ? 1 : 0)),
    conform: Uint8Array.from(offers, (o) => (o.conform ? 1 : 0)),
    screenedUntil: Float64Array.from(offers, (o) => (o.screened ? (o.screenedUntil ?? Infinity) : -Infinity)),
    bedrooms: Int32Array.from(offers, (o) => o.bedrooms),
    privateSurface: Float64Array.from(offers, (o) => o.privateSurfaceM2),
    netSurface: Float64Array.from(offers, (o) => o.netSurfaceM2),
    householdSize: Int32Array.from(offers, (o) => o.householdSize),
    hostChildAgeStart: hostStart,
    hostChildAges,
    maxChildren: Int32Array.from(offers, (o) => o.maxChildren),
    minAge: Float64Array.from(offers, (o) => o.minAge),
    maxAge: Float64Array.from(offers, (o) => o.maxAge),
    contribution: Float64Array.from(offers, (o) => o.contribution),
    availableFrom: Float64Array.from(offers, (o) => o.availableFrom),
    minDuration: Float64Array.from(offers, (o) => o.minDurationMonths),
    commune: Int32Array.from(offers, (o) => COMMUNE_INDEX.get(o.commune) ?? 0),
    stepFree: Uint8Array.from(offers, (o) => (o.stepFree ? 1 : 0)),
    privateBathroom: Uint8Array.from(offers, (o) => (o.privateBathroom ? 1 : 0)),
    acceptsPets: Uint8Array.from(offers, (o) => (o.acceptsPets ? 1 : 0)),
    acceptsSmokers: Uint8Array.from(offers, (o) => (o.acceptsSmokers ? 1 : 0)),
    smokingHousehold: Uint8Array.from(offers, (o) => (o.smokingHousehold ? 1 : 0)),
    schedule: Int8Array.from(offers, (o) => Math.max(0, SCHEDULES.indexOf(o.schedule))),
    noise: Float64Array.from(offers, (o) => o.noise),
    guests: Float64Array.from(offers, (o) => o.guests),
    langMask: Int32Array.from(offers, (o) => languages.mask(o.languages)),
    servicesWantedMask: Int32Array.from(offers, (o) => services.mask(o.servicesWanted)),
    surfaceFirst: Float64Array.from(offers, (o) => o.surfaceFirstM2),
    surfacePerOther: Float64Array.from(offers, (o) => o.surfacePerOtherM2),
    refusesVarying: Uint8Array.from(offers, (o) => (o.acceptsVaryingHousehold === false ? 1 : 0)),
    refusesHandovers: Uint8Array.from(offers, (o) => (o.handoversAtHome === false ? 1 : 0)),
    adultManFrom: Float64Array.from(offers, (o) => o.adultManFrom ?? Infinity),
    adultSexUnknownFrom: Float64Array.from(offers, (o) => o.adultSexUnknownFrom ?? Infinity),
    schoolMaxKm: Float64Array.from(offers, (o) => o.schoolMaxKm ?? Infinity),
  };
  return { families: ft, offers: ot, communeCount: C };
}
