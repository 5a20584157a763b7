// Plain profiles the scoring engine works on, built from intake's records (no I/O here).
import { comesAndGoes, NIGHTS_IN_14 } from '../../../kernel/custody.js';
import { ageOn, staysPartTime } from '../../../kernel/housing-norms.js';
import { policyFor } from '../../../kernel/policy.js';
import { ruleSetFor } from '../../../kernel/rulesets.js';
import { urgencyInPlan } from '../rehousing-priority.js';
import { inspectionValid, screeningOf, type CompleteFamily, type CompleteOffer, type ScreeningGap } from '../../intake/index.js';

export interface FamilyProfile {
  id: string;
  status: string;
  /** The urgency the plan weighs: intake's, raised while the family must be rehoused (rehousing-priority.ts). */
  urgency: number;
  /** Being rehoused after an ending: the reason of its raised urgency. */
  rehousing?: boolean;
  /** The service's adequacy policy (SPEC §6.1), as intake computed it, or a worker's override. */
  bedrooms: number;
  /** Absent: computed by the adequacy policy. */
  bedroomsSetByWorker?: boolean;
  /** Exact ages at the earliest move-in date, every child (those staying part-time too). */
  childAges: number[];
  /** Who would live there for the surface norm: the parent, children in full or alternate custody, an expected baby. */
  occupants: number;
  maxContribution: number;
  /** Days since the epoch. */
  moveInFrom: number;
  moveInBy: number;
  minDurationMonths: number;
  communes: string[];
  communesRequired: boolean;
  stepFree: boolean;
  privateBathroom: boolean;
  hasPets: boolean;
  smoker: boolean;
  acceptsSmokingHousehold: boolean;
  schedule: string;
  noise: number;
  guests: number;
  languages: string[];
  preferredLanguage: string;
  services: string[];
  excludedCommunes: string[];
  /** A worker's exclusions. */
  excludedOffers: string[];
  excludedHosts: string[];
  /** Pairs ended for safety (SPEC §7), excluded for good; absent: none. */
  excludedForGood?: { offerIds: string[]; hostIds: string[] };
  // Children first (issue 18); absent on hand-made profiles: none of these.
  /** Each child's school or crèche: `child` is the child's number (0-based), `weight` the nights in 14 they sleep at the parent's. */
  schools?: FamilySchool[];
  /** Children who come and go (alternate weeks, weekends). */
  varyingChildren?: number;
  /** Those children are handed over at the home (the parent did not ask for handovers away from it). */
  handoversAtHome?: boolean;
  /** A survivor's need: no adult man living in the home. */
  noAdultMan?: boolean;
}

export interface FamilySchool {
  child: number;
  commune: string;
  kind: 'school' | 'creche';
  mustKeep: boolean;
  weight: number;
}

export interface OfferProfile {
  id: string;
  hostId: string;
  status: string;
  /** A conform (with or without remarks) inspection valid at the time of matching. */
  conform: boolean;
  /** The host household's screening is complete on the day of matching (SPEC §11); else what is missing. */
  screened: boolean;
  screeningGaps: ScreeningGap[];
  /** The last day (day number) it stays complete; absent: no end in sight. See `screenedUntil`. */
  screenedUntil?: number;
  /** Bedrooms and dwelling surface measured at the visit (SPEC §6.2) rather than declared; absent: declared. */
  measured?: { rooms: boolean; surface: boolean };
  bedrooms: number;
  privateSurfaceM2: number;
  netSurfaceM2: number;
  householdSize: number;
  hostChildAges: number[];
  maxChildren: number;
  minAge: number;
  maxAge: number;
  contribution: number;
  availableFrom: number;
  minDurationMonths: number;
  commune: string;
  stepFree: boolean;
  privateBathroom: boolean;
  acceptsPets: boolean;
  acceptsSmokers: boolean;
  smokingHousehold: boolean;
  schedule: string;
  noise: number;
  guests: number;
  languages: string[];
  servicesWanted: string[];
  /** From the rule set in force: minimum surface for one person and per additional person. */
  surfaceFirstM2: number;
  surfacePerOtherM2: number;
  // Children first (issue 18); absent on hand-made profiles: accepted, no man, no limit.
  /** false: the host refuses children who come and go; absent or null: not asked (offers from before), not a blocker. */
  acceptsVaryingHousehold?: boolean | null;
  /** false: the other parent may not come to the home for handovers; absent or null: not asked. */
  handoversAtHome?: boolean | null;
  /** The day (day number) a man of the household is adult (−∞: already), and one whose sex is not said; +∞: never. */
  adultManFrom?: number;
  adultSexUnknownFrom?: number;
  /** From the service policy in force: how far a school that must be kept may be. */
  schoolMaxKm?: number;
}

export const DAY_MS = 86_400_000;
export function dayNumber(isoDate: string | undefined): number {
  if (!isoDate) return NaN;
  return Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/**
 * The day a host household must be screened on for a family (SPEC §11 says "at the proposal
 * date"): the later of today and the family's earliest move-in date, so an extract that grows old
 * or a household member who comes of age before the family arrives counts as missing already.
 */
export function screeningDay(familyMoveInFrom: number, today: number): number {
  return familyMoveInFrom > today ? familyMoveInFrom : today; // an unknown date (NaN): today
}

/** How far ahead `screenedUntil` looks (a family moving in later counts as if at this horizon). */
const SCREENING_HORIZON_DAYS = 3 * 366;

/**
 * The last day, from `today`, the host household stays screened (Infinity past the horizon).
 * Under one policy a screening only ends with time (an extract grows old, a member comes of age),
 * so the screened days are one run from today: found by bisection.
 */
export function screenedUntil(doc: Parameters<typeof screeningOf>[0], today: number): number {
  const complete = (day: number) => screeningOf(doc, new Date(day * DAY_MS)).complete;
  let lo = today;
  let hi = today + SCREENING_HORIZON_DAYS;
  if (complete(hi)) return Infinity;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (complete(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export function familyProfile(doc: CompleteFamily): FamilyProfile {
  const app = doc.application;
  const moveIn = new Date(`${app.needs.moveInFrom}T00:00:00Z`);
  const living = app.children.filter((c) => !staysPartTime(c.custody)).length;
  const varyingChildren = app.children.filter((c) => comesAndGoes(c.custody)).length;
  const forGood = doc.safetyExclusions ?? [];
  return {
    id: String(doc._id),
    status: doc.status,
    urgency: urgencyInPlan(app.situation.urgency, !!doc.rehousing?.since),
    rehousing: !!doc.rehousing?.since,
    bedrooms: doc.bedrooms?.override?.value ?? doc.bedrooms?.computed ?? 1,
    bedroomsSetByWorker: typeof doc.bedrooms?.override?.value === 'number',
    childAges: app.children.map((c) => ageOn(c, moveIn)),
    occupants: 1 + living + (app.expectedChild ? 1 : 0),
    maxContribution: app.needs.maxMonthlyContribution,
    moveInFrom: dayNumber(app.needs.moveInFrom),
    moveInBy: dayNumber(app.needs.moveInBy),
    minDurationMonths: app.needs.minDurationMonths,
    communes: app.needs.communes,
    communesRequired: app.needs.communesRequired,
    stepFree: app.needs.stepFreeAccess,
    privateBathroom: app.needs.privateBathroomRequired,
    hasPets: app.needs.pets.length > 0,
    smoker: app.needs.smoker,
    acceptsSmokingHousehold: app.needs.acceptsSmokingHousehold,
    schedule: app.lifestyle.schedule,
    noise: app.lifestyle.noise,
    guests: app.lifestyle.guests,
    languages: app.parent.languages,
    preferredLanguage: app.parent.preferredLanguage,
    services: app.servicesOffered,
    excludedCommunes: doc.exclusions?.communes ?? [],
    excludedOffers: doc.exclusions?.offerIds ?? [],
    excludedHosts: doc.exclusions?.hostIds ?? [],
    excludedForGood: { offerIds: forGood.flatMap((e) => (e.offerId ? [e.offerId] : [])), hostIds: forGood.flatMap((e) => (e.hostId ? [e.hostId] : [])) },
    schools: app.children.flatMap((c, child) =>
      c.school ? [{ child, commune: c.school.commune, kind: c.school.kind, mustKeep: c.school.mustKeep, weight: NIGHTS_IN_14[c.custody] }] : [],
    ),
    varyingChildren,
    // Handed over away from the home when the parent asks it (a survivor's need): then no host has to accept the other parent.
    handoversAtHome: varyingChildren > 0 && app.situation.handoversAwayFromHome !== true,
    noAdultMan: app.situation.noAdultMan === true,
  };
}

/**
 * The first day a member of the household matching `which` is an adult (policy screening age, a
 * birth year alone counting as 1 July as everywhere): −∞ when already adult today, +∞ when none.
 */
function adultFrom(household: readonly { birthYear: number; sex?: string | null }[], which: (sex: string | null | undefined) => boolean, now: Date): number {
  const adultAge = policyFor(now).screening.adultFromAge;
  const today = dayOf(now);
  let first = Infinity;
  for (const m of household) {
    if (!which(m.sex)) continue;
    const day = dayOf(new Date(Date.UTC(m.birthYear + adultAge, 6, 1)));
    first = Math.min(first, day <= today ? -Infinity : day);
  }
  return first;
}

export function offerProfile(doc: CompleteOffer, now: Date): OfferProfile {
  const app = doc.application;
  const inspection = doc.inspection;
  const conform = inspectionValid(doc, now);
  const norm = ruleSetFor(now).occupancy;
  // Rooms and surface measured at the visit replace the declared ones (SPEC §6.2), each on its own.
  const measured = inspection?.measured ?? null;
  const measuredRooms = (measured?.rooms ?? []).map((r) => ({ kind: r.kind ?? '', surfaceM2: r.surfaceM2 ?? 0 }));
  const rooms = measuredRooms.length ? measuredRooms : app.rooms;
  const measuredSurface = typeof measured?.dwellingSurfaceM2 === 'number' && measured.dwellingSurfaceM2 > 0 ? measured.dwellingSurfaceM2 : null;
  const screening = screeningOf(doc, now);
  return {
    id: String(doc._id),
    hostId: doc.ownerUserId ?? String(doc._id),
    status: doc.status,
    conform,
    screened: screening.complete,
    screeningGaps: screening.missing,
    screenedUntil: screening.complete ? screenedUntil(doc, dayOf(now)) : undefined,
    measured: { rooms: measuredRooms.length > 0, surface: measuredSurface !== null },
    bedrooms: rooms.filter((r) => r.kind === 'bedroom').length,
    privateSurfaceM2: rooms.reduce((sum, r) => sum + r.surfaceM2, 0),
    netSurfaceM2: measuredSurface ?? app.dwelling.netSurfaceM2,
    householdSize: Math.max(1, app.host.household.length),
    hostChildAges: app.host.household.filter((m) => m.relation === 'child').map((m) => ageOn(m, now)),
    maxChildren: app.children.maxCount,
    minAge: app.children.minAge,
    maxAge: app.children.maxAge,
    contribution: app.contribution.monthlyRent + app.contribution.monthlyCharges,
    availableFrom: dayNumber(app.availability.from),
    minDurationMonths: app.availability.minDurationMonths,
    commune: app.address.commune,
    stepFree: app.dwelling.stepFreeAccess,
    privateBathroom: app.privateBathroom,
    acceptsPets: app.acceptsPets,
    acceptsSmokers: app.acceptsSmokers,
    smokingHousehold: app.host.smoker,
    schedule: app.lifestyle.schedule,
    noise: app.lifestyle.noise,
    guests: app.lifestyle.guests,
    languages: app.host.languages,
    servicesWanted: app.contribution.servicesWanted,
    surfaceFirstM2: norm.surfaceFirstPersonM2,
    surfacePerOtherM2: norm.surfacePerAdditionalPersonM2,
    acceptsVaryingHousehold: app.children.acceptsVaryingHousehold ?? null,
    handoversAtHome: app.children.handoversAtHome ?? null,
    adultManFrom: adultFrom(app.host.household, (sex) => sex === 'm', now),
    adultSexUnknownFrom: adultFrom(app.host.household, (sex) => sex !== 'm' && sex !== 'f' && sex !== 'x', now),
    schoolMaxKm: policyFor(now).matching.schoolMustKeepMaxKm,
  };
}
