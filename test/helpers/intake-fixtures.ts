// The example bodies of SPEC §9, as fixtures.
import type { FamilyApplication } from '../../src/modules/intake/family.schemas.js';
import type { OfferApplication } from '../../src/modules/intake/offer.schemas.js';

export const FAMILY_EXAMPLE: FamilyApplication = {
  parent: {
    firstName: 'Amina',
    lastName: 'B.',
    birthYear: 1991,
    email: 'amina@example.org',
    phone: '+32470000000',
    languages: ['fr', 'ar'],
    preferredLanguage: 'fr',
  },
  children: [
    { birthYear: 2019, sex: 'f', custody: 'full' },
    { birthYear: 2022, sex: 'm', custody: 'full' },
  ],
  situation: { current: 'family_or_friends', urgency: 3, confidentialAddress: false },
  needs: {
    moveInFrom: '2026-12-01',
    moveInBy: '2027-02-01',
    minDurationMonths: 12,
    maxMonthlyContribution: 550,
    communes: ['21009', '21013'],
    communesRequired: false,
    stepFreeAccess: false,
    privateBathroomRequired: false,
    pets: [],
    smoker: false,
    acceptsSmokingHousehold: false,
  },
  lifestyle: { schedule: 'day', noise: 1, guests: 1 },
  servicesOffered: ['babysitting', 'cooking'],
  benefits: { source: 'cpas', status: 'isolated' },
  consents: { dataProcessing: true, shareProfile: true },
};

export const OFFER_EXAMPLE: OfferApplication = {
  host: {
    firstName: 'Marc',
    lastName: 'D.',
    email: 'marc@example.org',
    phone: '+32471000000',
    languages: ['fr', 'nl'],
    isSingleParent: false,
    household: [{ birthYear: 1960, relation: 'self' }],
    smoker: false,
    pets: ['cat'],
  },
  address: { street: 'Rue Example', number: '12', postalCode: '1050', commune: '21009' },
  dwelling: { type: 'house', netSurfaceM2: 140, floor: 0, elevator: false, stepFreeAccess: false },
  rooms: [
    { kind: 'bedroom', surfaceM2: 12, furnished: true },
    { kind: 'bedroom', surfaceM2: 10, furnished: false },
  ],
  privateBathroom: false,
  sharedSpaces: ['kitchen', 'bathroom', 'living', 'garden'],
  contribution: { monthlyRent: 350, monthlyCharges: 80, servicesWanted: ['gardening'] },
  availability: { from: '2026-12-15', minDurationMonths: 12 },
  children: { maxCount: 3, minAge: 0, maxAge: 17 },
  acceptsPets: false,
  acceptsSmokers: false,
  lifestyle: { schedule: 'day', noise: 1, guests: 2 },
  houseRules: 'Quiet after 22:00.',
  legal: { tenure: 'owner', fireInsurance: true },
};

function isoDaysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The SPEC example with dates that stay in the future whenever the tests run. */
export function familyBody(overrides: Partial<FamilyApplication> = {}): FamilyApplication {
  return { ...FAMILY_EXAMPLE, needs: { ...FAMILY_EXAMPLE.needs, moveInFrom: isoDaysFromNow(10), moveInBy: isoDaysFromNow(70) }, ...overrides };
}

export function offerBody(overrides: Partial<OfferApplication> = {}): OfferApplication {
  return { ...OFFER_EXAMPLE, availability: { ...OFFER_EXAMPLE.availability, from: isoDaysFromNow(20) }, ...overrides };
}
