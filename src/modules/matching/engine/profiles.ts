// Plain profiles the scoring engine works on, built from intake's records (no I/O here).
import { ageAt } from '../../../kernel/housing-norms.js';
import { ruleSetFor } from '../../../kernel/rulesets.js';
import { screeningOf, type CompleteFamily, type CompleteOffer, type ScreeningGap } from '../../intake/index.js';

export interface FamilyProfile {
  id: string;
  status: string;
  urgency: number;
  bedrooms: number;
  /** Ages at the earliest move-in date. */
  childAges: number[];
  /** Parent + children (+ an expected baby). */
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
  excludedOffers: string[];
  excludedHosts: string[];
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
}

export const DAY_MS = 86_400_000;
export function dayNumber(isoDate: string | undefined): number {
  if (!isoDate) return NaN;
  return Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

export function familyProfile(doc: CompleteFamily): FamilyProfile {
  const app = doc.application;
  const moveIn = new Date(`${app.needs.moveInFrom}T00:00:00Z`);
  const childAges = app.children.map((c) => ageAt(c.birthYear, moveIn));
  return {
    id: String(doc._id),
    status: doc.status,
    urgency: app.situation.urgency,
    bedrooms: doc.bedrooms?.override?.value ?? doc.bedrooms?.computed ?? 1,
    childAges,
    occupants: 1 + app.children.length + (app.expectedChild ? 1 : 0),
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
    // A worker's exclusions, and the pairs ended for safety (excluded for good, SPEC §7).
    excludedOffers: [...(doc.exclusions?.offerIds ?? []), ...(doc.safetyExclusions ?? []).flatMap((e) => (e.offerId ? [e.offerId] : []))],
    excludedHosts: [...(doc.exclusions?.hostIds ?? []), ...(doc.safetyExclusions ?? []).flatMap((e) => (e.hostId ? [e.hostId] : []))],
  };
}

export function offerProfile(doc: CompleteOffer, now: Date): OfferProfile {
  const app = doc.application;
  const inspection = doc.inspection;
  const conform = !!inspection && inspection.outcome !== 'non_conform' && !!inspection.validUntil && new Date(inspection.validUntil) > now;
  const norm = ruleSetFor(now).occupancy;
  // Rooms and surface measured at the visit replace the declared ones (SPEC §6.2).
  const measured = inspection?.measured?.rooms?.length ? inspection.measured : null;
  const rooms = measured ? measured.rooms.map((r) => ({ kind: r.kind ?? '', surfaceM2: r.surfaceM2 ?? 0 })) : app.rooms;
  const bedrooms = rooms.filter((r) => r.kind === 'bedroom');
  const screening = screeningOf(doc, now);
  return {
    id: String(doc._id),
    hostId: doc.ownerUserId ?? String(doc._id),
    status: doc.status,
    conform,
    screened: screening.complete,
    screeningGaps: screening.missing,
    bedrooms: bedrooms.length,
    privateSurfaceM2: rooms.reduce((sum, r) => sum + r.surfaceM2, 0),
    netSurfaceM2: measured?.dwellingSurfaceM2 ?? app.dwelling.netSurfaceM2,
    householdSize: Math.max(1, app.host.household.length),
    hostChildAges: app.host.household.filter((m) => m.relation === 'child').map((m) => ageAt(m.birthYear, now)),
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
  };
}
