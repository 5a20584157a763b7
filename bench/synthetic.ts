// Synthetic but realistic families and offers from a fixed seed, for the benchmark and the
// solver's cross-checks. Distributions follow the service's reality: budgets 300–650 EUR, one to
// three bedrooms, a few preferred communes, most offers conform and available.
import { mulberry32 } from '../src/demo/random.js';
import { REGION } from '../src/kernel/region.js';
import type { FamilyProfile, OfferProfile } from '../src/modules/matching/engine/profiles.js';

export { mulberry32 } from '../src/demo/random.js';

const COMMUNES = REGION.communes.map((c) => c.code);
const LANGUAGES = ['fr', 'fr', 'fr', 'nl', 'en', 'ar', 'tr', 'es', 'pt', 'pl', 'ro'];
const SERVICES = ['babysitting', 'cooking', 'cleaning', 'gardening', 'shopping', 'repairs', 'company', 'language_help', 'computer_help', 'pet_care'];
const SCHEDULES = ['day', 'day', 'day', 'evening', 'night', 'variable'];
const TODAY = Math.floor(Date.parse('2026-11-22T00:00:00Z') / 86_400_000);

export function syntheticProfiles(nFamilies: number, nOffers: number, seed = 20261122): { families: FamilyProfile[]; offers: OfferProfile[] } {
  const r = mulberry32(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: readonly T[], max: number) => [...new Set(Array.from({ length: int(0, max) }, () => pick(xs)))];

  const families: FamilyProfile[] = Array.from({ length: nFamilies }, (_, i) => {
    const children = int(0, 3);
    const childAges = Array.from({ length: children }, () => int(0, 16));
    const from = TODAY + int(0, 90);
    const preferred = some(COMMUNES, 4);
    const langs = [...new Set(['fr', ...some(LANGUAGES, 2)])];
    return {
      id: `f${i}`,
      status: r() < 0.9 ? 'active' : 'submitted',
      urgency: int(1, 4),
      bedrooms: 1 + Math.ceil(childAges.filter((a) => a >= 3).length / 2),
      childAges,
      occupants: 1 + children,
      maxContribution: 300 + 10 * int(0, 35),
      moveInFrom: from,
      moveInBy: from + int(15, 120),
      minDurationMonths: pick([6, 12, 12, 12, 18, 24]),
      communes: preferred,
      communesRequired: preferred.length > 0 && r() < 0.15,
      stepFree: r() < 0.05,
      privateBathroom: r() < 0.1,
      hasPets: r() < 0.1,
      smoker: r() < 0.15,
      acceptsSmokingHousehold: r() < 0.4,
      schedule: pick(SCHEDULES),
      noise: int(1, 3),
      guests: int(1, 3),
      languages: langs,
      preferredLanguage: pick(langs),
      services: some(SERVICES, 3),
      excludedCommunes: r() < 0.03 ? [pick(COMMUNES)] : [],
      excludedOffers: [],
      excludedHosts: [],
    };
  });

  const offers: OfferProfile[] = Array.from({ length: nOffers }, (_, j) => {
    const bedrooms = int(1, 3);
    const household = int(1, 3);
    const hostChildAges = Array.from({ length: r() < 0.3 ? int(1, 2) : 0 }, () => int(2, 17));
    return {
      id: `o${j}`,
      hostId: `h${j}`,
      status: r() < 0.85 ? 'available' : pick(['submitted', 'inspection', 'reserved']),
      conform: r() < 0.9,
      screened: true,
      screeningGaps: [],
      bedrooms,
      privateSurfaceM2: bedrooms * int(9, 16),
      netSurfaceM2: int(60, 180),
      householdSize: household,
      hostChildAges,
      maxChildren: int(1, 4),
      minAge: r() < 0.8 ? 0 : int(1, 6),
      maxAge: r() < 0.8 ? 17 : int(10, 17),
      contribution: 200 + 10 * int(0, 28),
      availableFrom: TODAY + int(0, 120),
      minDurationMonths: pick([12, 12, 12, 18, 24, 36]),
      commune: pick(COMMUNES),
      stepFree: r() < 0.15,
      privateBathroom: r() < 0.25,
      acceptsPets: r() < 0.4,
      acceptsSmokers: r() < 0.2,
      smokingHousehold: r() < 0.15,
      schedule: pick(SCHEDULES),
      noise: int(1, 3),
      guests: int(1, 3),
      languages: [...new Set([pick(['fr', 'fr', 'nl']), ...some(LANGUAGES, 2)])],
      servicesWanted: some(SERVICES, 2),
      surfaceFirstM2: 18,
      surfacePerOtherM2: 10,
    };
  });
  return { families, offers };
}
