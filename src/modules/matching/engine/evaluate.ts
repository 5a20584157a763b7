// Family × offer: every hard constraint (a bit mask, SPEC §5) and the nine soft criteria
// (values in [0,1], CRITERIA order), weighted into a score 0–100. One kernel serves both the
// matrix (a family's row over a range of offers, family fields read once, no allocation) and a
// single explained pair (`evaluatePair`, which also returns the criterion values).
// Each criterion is monotone as SPEC §5 asks: cheaper, larger, nearer, earlier is never worse.
import { BLOCKER_BIT as B } from './criteria.js';
import { SCHEDULE_VARIABLE, type Tables } from './tables.js';

export const CRITERION_COUNT = 9;
/** The `school` criterion when no child's school is given: the same for every home, so it never reorders them. */
export const SCHOOL_NEUTRAL = 0.75;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The dwelling's minimum net surface for everyone who would live there (host household + family). */
export function minimumSurface(t: Tables, i: number, j: number): number {
  const o = t.offers;
  return o.surfaceFirst[j]! + (o.householdSize[j]! + t.families.occupants[i]! - 1) * o.surfacePerOther[j]!;
}

/**
 * Scores family `i` against offers j0..j1−1 into `score[at + j − j0]` and `blockers[at + j − j0]`.
 * With `values`, also writes the criterion values of the last pair (use a range of one).
 * `eligibleOnly`: a blocked pair gets a non-zero blocker entry (its first blockers found, not
 * always the full mask) and no score (its entry is left as it was): at city scale most pairs are
 * blocked, so the most frequent blockers are tested first and the criteria only for the rest.
 */
export function scoreRange(
  t: Tables,
  i: number,
  j0: number,
  j1: number,
  weights: Float64Array,
  score: Float64Array,
  blockers: Uint32Array,
  at: number,
  values?: Float64Array,
  eligibleOnly = false,
): void {
  const f = t.families;
  const o = t.offers;
  const w0 = weights[0]!,
    w1 = weights[1]!,
    w2 = weights[2]!,
    w3 = weights[3]!,
    w4 = weights[4]!,
    w5 = weights[5]!,
    w6 = weights[6]!,
    w7 = weights[7]!,
    w8 = weights[8]!;
  // The family's side, read once for the whole row.
  const familyMask = f.active[i] === 0 ? B.FAMILY_NOT_ACTIVE : 0;
  const needBedrooms = f.bedrooms[i]!;
  const children = f.childCount[i]!;
  const childMin = f.childMinAge[i]!;
  const childMax = f.childMaxAge[i]!;
  const budget = f.maxContribution[i]!;
  const wantFrom = f.moveInFrom[i]!;
  const wantBy = f.moveInBy[i]!;
  const window = Math.max(1, wantBy - wantFrom);
  const minDuration = f.minDuration[i]!;
  const stepFree = f.stepFree[i] === 1;
  const privateBathroom = f.privateBathroom[i] === 1;
  const pets = f.hasPets[i] === 1;
  const smoker = f.smoker[i] === 1;
  const acceptsSmoking = f.acceptsSmoking[i] === 1;
  const required = f.communesRequired[i] === 1;
  const communeMask = f.communeMask[i]!;
  const excludedCommunes = f.excludedCommuneMask[i]!;
  const excludedOffers = f.excludedOffers[i];
  const excludedHosts = f.excludedHosts[i];
  const occupants = f.occupants[i]!;
  const nearestBase = i * t.communeCount;
  const schedule = f.schedule[i]!;
  const noise = f.noise[i]!;
  const guests = f.guests[i]!;
  const preferredLang = f.preferredLangMask[i]!;
  const langs = f.langMask[i]!;
  const services = f.servicesMask[i]!;
  const childStart = f.childAgeStart[i]!;
  const childEnd = f.childAgeStart[i + 1]!;
  const varying = f.varyingChildren[i]! > 0;
  const handoversAtHome = f.handoversAtHome[i] === 1;
  const noAdultMan = f.noAdultMan[i] === 1;

  if (eligibleOnly && familyMask !== 0) {
    blockers.fill(familyMask, at, at + j1 - j0);
    return;
  }
  for (let j = j0; j < j1; j++) {
    // Quick refusal (eligibleOnly) on the blockers most pairs fail: the offer's status, price, rooms, dates.
    if (
      eligibleOnly &&
      (o.available[j] === 0 ||
        o.conform[j] === 0 ||
        o.contribution[j]! > budget ||
        o.bedrooms[j]! < needBedrooms ||
        o.availableFrom[j]! > wantBy ||
        o.minDuration[j]! < minDuration)
    ) {
      blockers[at + j - j0] = B.OFFER_NOT_AVAILABLE;
      continue;
    }
    let mask = familyMask;
    if (o.available[j] === 0) mask |= B.OFFER_NOT_AVAILABLE;
    if (o.conform[j] === 0) mask |= B.OFFER_NOT_CONFORM;
    // Screened on the later of today and the family's earliest move-in (profiles.ts screeningDay).
    if (o.screenedUntil[j]! < wantFrom) mask |= B.SCREENING;
    const bedrooms = o.bedrooms[j]!;
    if (bedrooms < needBedrooms) mask |= B.ROOMS;
    const maxChildren = o.maxChildren[j]!;
    if (children > maxChildren || (children > 0 && (childMin < o.minAge[j]! || childMax > o.maxAge[j]!))) mask |= B.CHILDREN;
    const price = o.contribution[j]!;
    if (price > budget) mask |= B.BUDGET;
    const from = o.availableFrom[j]!;
    if (from > wantBy) mask |= B.DATES;
    if (o.minDuration[j]! < minDuration) mask |= B.DURATION;
    if (stepFree && o.stepFree[j] === 0) mask |= B.ACCESSIBILITY;
    if (privateBathroom && o.privateBathroom[j] === 0) mask |= B.BATHROOM;
    if (pets && o.acceptsPets[j] === 0) mask |= B.PETS;
    if ((smoker && o.acceptsSmokers[j] === 0) || (o.smokingHousehold[j] === 1 && !acceptsSmoking)) mask |= B.SMOKING;
    const commune = o.commune[j]!;
    const communeBit = 1 << commune;
    if (required && (communeMask & communeBit) === 0) mask |= B.COMMUNE;
    if (
      (excludedCommunes & communeBit) !== 0 ||
      (excludedOffers != null && excludedOffers.has(j)) ||
      (excludedHosts != null && excludedHosts.has(o.hostIndex[j]!))
    )
      mask |= B.EXCLUDED;
    const minSurface = o.surfaceFirst[j]! + (o.householdSize[j]! + occupants - 1) * o.surfacePerOther[j]!;
    const net = o.netSurface[j]!;
    if (net < minSurface) mask |= B.SURFACE;
    // Children first (issue 18). A school the parent must keep: the home's commune centre no farther
    // from the school's than the service policy allows (matching.schoolMustKeepMaxKm).
    if (f.mustKeepKm[nearestBase + commune]! > o.schoolMaxKm[j]!) mask |= B.SCHOOL;
    // Children who come and go (alternate weeks, weekends) and their handovers. HANDOVERS reads: the
    // children are handed over to the other parent at the home unless the parent asked for handovers
    // away from it (a survivor's need), and the host refuses the other parent at the door; with that
    // need no host has to accept it. An offer from before these questions (no answer) blocks neither:
    // the host's pages ask them now. ADULT_MAN is the opposite: an adult's unknown sex blocks.
    if (varying && o.refusesVarying[j] === 1) mask |= B.VARYING_HOUSEHOLD;
    if (handoversAtHome && o.refusesHandovers[j] === 1) mask |= B.HANDOVERS;
    // An adult at the family's earliest move-in: a man, or someone whose sex the household has not said.
    if (noAdultMan && (o.adultManFrom[j]! <= wantFrom || o.adultSexUnknownFrom[j]! <= wantFrom)) mask |= B.ADULT_MAN;
    if (eligibleOnly && mask !== 0) {
      blockers[at + j - j0] = mask;
      continue;
    }

    // space: private surface per person, a spare bedroom, room to spare in the dwelling.
    const perPerson = Math.min(1, o.privateSurface[j]! / (10 * occupants));
    const spareBedrooms = Math.min(1, Math.max(0, bedrooms - needBedrooms + 1) / 2);
    const spareSurface = Math.min(1, Math.max(0, net - minSurface) / 40);
    const vSpace = 0.5 * perPerson + 0.25 * spareBedrooms + 0.25 * spareSurface;
    // budget: the cheaper the better; at the family's maximum, 0.2.
    const vBudget = budget > 0 ? Math.min(1, Math.max(0, 1 - (0.8 * price) / budget)) : price <= 0 ? 1 : 0;
    // location: distance from the nearest preferred commune (no preference: 0.75).
    const km = f.nearestKm[nearestBase + commune]!;
    const vLocation = km !== km ? 0.75 : 1 / (1 + km / 3);
    // timing: available by the earliest wish → 1; later, less; after the latest → 0.
    const vTiming = from <= wantFrom ? 1 : from > wantBy ? 0 : 1 - (0.7 * (from - wantFrom)) / window;
    // children: margin left in the host's acceptance, and children of close ages in the host household.
    const margin = maxChildren > 0 ? Math.min(1, Math.max(0, maxChildren - children + 1) / (maxChildren + 1)) : children === 0 ? 1 : 0;
    let affinity = 0.5;
    const hs = o.hostChildAgeStart[j]!;
    const he = o.hostChildAgeStart[j + 1]!;
    if (he > hs && children > 0) {
      let close = 0;
      for (let c = childStart; c < childEnd; c++) {
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
    const vChildren = 0.5 * margin + 0.5 * affinity;
    // lifestyle: schedule, noise and guests habits.
    const os = o.schedule[j]!;
    const vSchedule = schedule === os ? 1 : schedule === SCHEDULE_VARIABLE || os === SCHEDULE_VARIABLE ? 0.6 : 0.2;
    const vLifestyle = 0.4 * vSchedule + 0.15 * (2 - Math.abs(noise - o.noise[j]!)) + 0.15 * (2 - Math.abs(guests - o.guests[j]!));
    // language: the family's preferred language shared → 1; another shared → 0.7.
    const hostLangs = o.langMask[j]!;
    const vLanguage = (preferredLang & hostLangs) !== 0 ? 1 : (langs & hostLangs) !== 0 ? 0.7 : 0;
    // services: share of the services the host hopes for that the family offers.
    const wanted = o.servicesWantedMask[j]!;
    const vServices = wanted === 0 ? 1 : popcount(wanted & services) / popcount(wanted);
    // school: closeness of each child's school or crèche, weighted by custody (tables.ts schoolFrom).
    const sv = f.schoolValue[nearestBase + commune]!;
    const vSchool = sv !== sv ? SCHOOL_NEUTRAL : sv;

    const k = at + j - j0;
    blockers[k] = mask;
    score[k] = w0 * vSpace + w1 * vBudget + w2 * vLocation + w3 * vTiming + w4 * vChildren + w5 * vLifestyle + w6 * vLanguage + w7 * vServices + w8 * vSchool;
    if (values !== undefined) {
      values[0] = vSpace;
      values[1] = vBudget;
      values[2] = vLocation;
      values[3] = vTiming;
      values[4] = vChildren;
      values[5] = vLifestyle;
      values[6] = vLanguage;
      values[7] = vServices;
      values[8] = vSchool;
    }
  }
}

const one = { score: new Float64Array(1), blockers: new Uint32Array(1) };
const unitWeights = new Float64Array(CRITERION_COUNT).fill(1);

/** One pair: the blocker mask, with the criterion values written into `out`. */
export function evaluatePair(t: Tables, i: number, j: number, out: Float64Array): number {
  scoreRange(t, i, j, j + 1, unitWeights, one.score, one.blockers, 0, out);
  return one.blockers[0]!;
}

export function weightedScore(values: Float64Array, weights: Float64Array): number {
  let s = 0;
  for (let k = 0; k < CRITERION_COUNT; k++) s += weights[k]! * values[k]!;
  return s;
}
