// One family × one offer: every hard constraint (a bit mask, SPEC §5) and the eight soft criteria
// (values in [0,1], written into `out` in CRITERIA order). Pure and allocation-free: the matrix
// scorer calls it for every pair; the pages call it for the pairs they explain.
// Each criterion is monotone as SPEC §5 asks: cheaper, larger, nearer, earlier is never worse.
import { BLOCKER_BIT as B } from './criteria.js';
import { SCHEDULE_VARIABLE, type Tables } from './tables.js';

export const CRITERION_COUNT = 8;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Shared by blockers and the space criterion: the dwelling's minimum net surface for everyone who would live there. */
export function minimumSurface(t: Tables, i: number, j: number): number {
  const o = t.offers;
  return o.surfaceFirst[j]! + (o.householdSize[j]! + t.families.occupants[i]! - 1) * o.surfacePerOther[j]!;
}

export function evaluatePair(t: Tables, i: number, j: number, out: Float64Array): number {
  const f = t.families;
  const o = t.offers;
  let mask = 0;
  if (f.active[i] === 0) mask |= B.FAMILY_NOT_ACTIVE;
  if (o.available[j] === 0) mask |= B.OFFER_NOT_AVAILABLE;
  if (o.conform[j] === 0) mask |= B.OFFER_NOT_CONFORM;
  const needBedrooms = f.bedrooms[i]!;
  const bedrooms = o.bedrooms[j]!;
  if (bedrooms < needBedrooms) mask |= B.ROOMS;
  const children = f.childCount[i]!;
  if (children > o.maxChildren[j]! || (children > 0 && (f.childMinAge[i]! < o.minAge[j]! || f.childMaxAge[i]! > o.maxAge[j]!))) mask |= B.CHILDREN;
  const price = o.contribution[j]!;
  const budget = f.maxContribution[i]!;
  if (price > budget) mask |= B.BUDGET;
  const from = o.availableFrom[j]!;
  const wantFrom = f.moveInFrom[i]!;
  const wantBy = f.moveInBy[i]!;
  if (from > wantBy) mask |= B.DATES;
  if (o.minDuration[j]! < f.minDuration[i]!) mask |= B.DURATION;
  if (f.stepFree[i] === 1 && o.stepFree[j] === 0) mask |= B.ACCESSIBILITY;
  if (f.privateBathroom[i] === 1 && o.privateBathroom[j] === 0) mask |= B.BATHROOM;
  if (f.hasPets[i] === 1 && o.acceptsPets[j] === 0) mask |= B.PETS;
  if ((f.smoker[i] === 1 && o.acceptsSmokers[j] === 0) || (o.smokingHousehold[j] === 1 && f.acceptsSmoking[i] === 0)) mask |= B.SMOKING;
  const commune = o.commune[j]!;
  const communeBit = 1 << commune;
  if (f.communesRequired[i] === 1 && (f.communeMask[i]! & communeBit) === 0) mask |= B.COMMUNE;
  if ((f.excludedCommuneMask[i]! & communeBit) !== 0 || f.excludedOffers[i]?.has(j) || f.excludedHosts[i]?.has(o.hostIndex[j]!)) mask |= B.EXCLUDED;
  const minSurface = minimumSurface(t, i, j);
  const net = o.netSurface[j]!;
  if (net < minSurface) mask |= B.SURFACE;

  // space: private surface per person, a spare bedroom, and room to spare in the dwelling.
  const occupants = f.occupants[i]!;
  const perPerson = Math.min(1, o.privateSurface[j]! / (10 * occupants));
  const spareBedrooms = Math.min(1, Math.max(0, bedrooms - needBedrooms + 1) / 2);
  const spareSurface = Math.min(1, Math.max(0, net - minSurface) / 40);
  out[0] = 0.5 * perPerson + 0.25 * spareBedrooms + 0.25 * spareSurface;
  // budget: the cheaper the better; at the family's maximum, 0.2.
  out[1] = budget > 0 ? Math.min(1, Math.max(0, 1 - (0.8 * price) / budget)) : price <= 0 ? 1 : 0;
  // location: distance from the nearest preferred commune (no preference: 0.75).
  const km = f.nearestKm[i * t.communeCount + commune]!;
  out[2] = Number.isNaN(km) ? 0.75 : 1 / (1 + km / 3);
  // timing: available by the earliest wish → 1; later, less; after the latest → 0.
  out[3] = from <= wantFrom ? 1 : from > wantBy ? 0 : 1 - (0.7 * (from - wantFrom)) / Math.max(1, wantBy - wantFrom);
  // children: margin left in the host's acceptance, and children of close ages in the host household.
  const maxChildren = o.maxChildren[j]!;
  const margin = maxChildren > 0 ? Math.min(1, Math.max(0, maxChildren - children + 1) / (maxChildren + 1)) : children === 0 ? 1 : 0;
  let affinity = 0.5;
  const hs = o.hostChildAgeStart[j]!;
  const he = o.hostChildAgeStart[j + 1]!;
  if (he > hs && children > 0) {
    let close = 0;
    for (let c = f.childAgeStart[i]!; c < f.childAgeStart[i + 1]!; c++) {
      const age = f.childAges[c]!;
      for (let h = hs; h < he; h++) {
        if (Math.abs(o.hostChildAges[h]! - age) <= 3) {
          close++;
          break;
        }
      }
    }
    affinity = close / children;
  }
  out[4] = 0.5 * margin + 0.5 * affinity;
  // lifestyle: schedule, noise and guests habits.
  const fs = f.schedule[i]!;
  const os = o.schedule[j]!;
  const schedule = fs === os ? 1 : fs === SCHEDULE_VARIABLE || os === SCHEDULE_VARIABLE ? 0.6 : 0.2;
  out[5] = 0.4 * schedule + 0.3 * (1 - Math.abs(f.noise[i]! - o.noise[j]!) / 2) + 0.3 * (1 - Math.abs(f.guests[i]! - o.guests[j]!) / 2);
  // language: the family's preferred language shared → 1; another shared → 0.7.
  const hostLangs = o.langMask[j]!;
  out[6] = (f.preferredLangMask[i]! & hostLangs) !== 0 ? 1 : (f.langMask[i]! & hostLangs) !== 0 ? 0.7 : 0;
  // services: share of the services the host hopes for that the family offers.
  const wanted = o.servicesWantedMask[j]!;
  out[7] = wanted === 0 ? 1 : popcount(wanted & f.servicesMask[i]!) / popcount(wanted);
  return mask;
}

export function weightedScore(values: Float64Array, weights: Float64Array): number {
  let s = 0;
  for (let k = 0; k < CRITERION_COUNT; k++) s += weights[k]! * values[k]!;
  return s;
}
