// Demo (issue 18): a family whose children's school decides its best match. Two homes that are
// otherwise alike (same contribution, rooms, dates, habits, in two communes the parent wants), one
// in Forest where the girl goes to school and the boy to the crèche, one in Uccle (communes with no
// other home available in the demo): the worker's page for the family ranks Forest first and says
// it is close to the school. Invented people and addresses.
import type { App } from '../app.js';
import { DAY_MS } from '../modules/matching/engine/profiles.js';
import { ruleSetFor } from '../kernel/rulesets.js';
import { FamilyCaseworkService } from '../modules/intake/family-casework.service.js';
import type { FamilyApplication } from '../modules/intake/family.schemas.js';
import type { OfferApplication } from '../modules/intake/offer.schemas.js';
import type { DemoActors } from './intake-demo.js';

export const SCHOOL_DEMO_PARENT = { firstName: 'Leïla', lastName: 'Mertens (démo école)' };

function isoDay(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

function familyOf(now: Date): FamilyApplication {
  const year = now.getUTCFullYear();
  return {
    parent: {
      ...SCHOOL_DEMO_PARENT,
      birthYear: 1990,
      email: 'leila.mertens@demo.cohabitation.test',
      phone: '+32470111222',
      languages: ['fr', 'nl'],
      preferredLanguage: 'fr',
    },
    children: [
      { birthYear: year - 8, sex: 'f', custody: 'full', school: { commune: '21007', postalCode: '1190', kind: 'school', mustKeep: false } },
      { birthYear: year - 2, sex: 'm', custody: 'full', school: { commune: '21007', kind: 'creche', mustKeep: false } },
    ],
    situation: {
      current: 'family_or_friends',
      urgency: 3,
      confidentialAddress: false,
      description: 'Hébergée chez une amie à Forest, près de l’école de ma fille.',
    },
    needs: {
      moveInFrom: isoDay(now, 14),
      moveInBy: isoDay(now, 90),
      minDurationMonths: 12,
      maxMonthlyContribution: 450,
      communes: ['21007', '21016'],
      communesRequired: true,
      stepFreeAccess: false,
      privateBathroomRequired: false,
      pets: [],
      smoker: false,
      acceptsSmokingHousehold: false,
    },
    lifestyle: { schedule: 'day', noise: 1, guests: 1 },
    servicesOffered: ['babysitting', 'cooking'],
    benefits: { source: 'cpas', status: 'family_dependants' },
    consents: { dataProcessing: true, shareProfile: true },
  };
}

function offerOf(now: Date, where: { street: string; postalCode: string; commune: string; firstName: string }): OfferApplication {
  return {
    host: {
      firstName: where.firstName,
      lastName: '(démo école)',
      languages: ['fr', 'nl'],
      isSingleParent: false,
      household: [{ birthYear: 1956, relation: 'self', sex: 'f' }],
      smoker: false,
      pets: [],
    },
    address: { street: where.street, number: '7', postalCode: where.postalCode, commune: where.commune },
    dwelling: { type: 'house', netSurfaceM2: 130, floor: 0, elevator: false, stepFreeAccess: false },
    rooms: [
      { kind: 'bedroom', surfaceM2: 16, furnished: true },
      { kind: 'bedroom', surfaceM2: 14, furnished: true },
    ],
    privateBathroom: false,
    sharedSpaces: ['kitchen', 'bathroom', 'living', 'garden'],
    contribution: { monthlyRent: 240, monthlyCharges: 50, servicesWanted: ['cooking'] },
    availability: { from: isoDay(now, 7), minDurationMonths: 24 },
    children: { maxCount: 4, minAge: 0, maxAge: 17, acceptsVaryingHousehold: true, handoversAtHome: true },
    acceptsPets: false,
    acceptsSmokers: false,
    lifestyle: { schedule: 'day', noise: 1, guests: 1 },
    houseRules: 'Calme après 22 h.',
    legal: { tenure: 'owner', fireInsurance: true },
    benefits: { source: 'pension', status: null },
  };
}

const HOMES = [
  { street: 'Rue des Tilleuls (démo)', postalCode: '1190', commune: '21007', firstName: 'Brigitte' },
  { street: 'Rue des Glycines (démo)', postalCode: '1180', commune: '21016', firstName: 'Monique' },
];

/** What this demo adds, as applications (test/demo-data.spec.ts counts it with intake's plan). */
export function schoolDemoPlan(now = new Date()): { family: FamilyApplication; offers: OfferApplication[] } {
  return { family: familyOf(now), offers: HOMES.map((where) => offerOf(now, where)) };
}

/** The family and its two homes, active and available; returns the family's id. */
export async function seedSchoolDemo(app: App, actors: DemoActors, now = new Date()): Promise<string> {
  const { families, offers } = app.named.intake;
  const inspections = app.named.conformity.inspections;
  const worker = actors.worker;
  for (const where of HOMES) {
    const id = String((await offers.create(worker, offerOf(now, where)))._id);
    await offers.submit(worker, id, undefined, { acknowledgeBenefitsWarning: true });
    for (const name of ['Voisine (démo)', 'Ancienne collègue (démo)'])
      await offers.screening.addReference(worker, id, { name, relation: 'neighbour', outcome: 'positive' });
    await offers.screening.recordCheck(worker, id, { memberIndex: 0, seenOn: isoDay(now, -3), result: 'clear' });
    const visit = await inspections.schedule(worker, id, { scheduledAt: now.toISOString(), note: null });
    const performedAt = new Date(now.getTime() - 5 * DAY_MS);
    await inspections.report(worker, String(visit._id), {
      performedAt: performedAt.toISOString().slice(0, 10),
      items: ruleSetFor(performedAt).checklist.map((item) => ({ code: item.code, result: 'pass', note: null })),
      rooms: offerOf(now, where).rooms.map((r) => ({ kind: r.kind, surfaceM2: r.surfaceM2, ceilingHeightM: 2.5 })),
      dwellingSurfaceM2: 130,
    });
  }
  const familyId = String((await families.create(worker, familyOf(now)))._id);
  await families.submit(worker, familyId, { acknowledgeBenefitsWarning: true });
  await families.review(worker, familyId, 'activate', undefined);
  // The casework every active demo family has: a first interview, who can help, the isolation score.
  const casework = new FamilyCaseworkService(families);
  await casework.addInterview(worker, familyId, {
    date: isoDay(now, -6),
    summary:
      'Premier entretien avec Leïla. Sa fille est en 3e primaire à Forest, son fils à la crèche du quartier : ne pas changer d’école en cours d’année si possible.',
    supportNeeds: 'Un logement proche de l’école et de la crèche.',
    resources: 'Cuisine volontiers ; parle néerlandais.',
  });
  await casework.setNetwork(worker, familyId, {
    contacts: [{ kind: 'friend', name: 'Nora', relation: 'amie', canHelpWith: 'Va chercher les enfants à l’école le mercredi.', contact: null }],
  });
  await casework.recordIsolation(worker, familyId, { criteria: ['noProfessionalSupport'], note: 'Une amie proche ; pas encore de suivi social.' });
  return familyId;
}
