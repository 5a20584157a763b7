// Demo families and offers for `npm start` (never in production: only seed.ts calls this, and
// server.ts calls seed.ts outside production only). Two parts:
//  - buildIntakeDemo(now, seed): pure; the plain application bodies and what happens to each
//    record (submission, reviews, casework, inspection), from a fixed seed. Everything but the
//    dates is the same on every machine and every year; dates and birth years are computed from
//    `now` so the demo stays coherent (ages, move-in windows in the future) whenever it starts.
//  - seedIntakeDemo(app, actors): plays that plan through intake's real services, so every record
//    is valid, versioned and carries its event history.
// All people are invented.
import type { App } from '../app.js';
import { communeDistanceKm, communeName, REGION } from '../kernel/region.js';
import { ruleSetFor } from '../kernel/rulesets.js';
import type { Actor } from '../modules/intake/actor.js';
import type { ExclusionsInput, InterviewInput, IsolationInput, NetworkContact, RecordCheckInput, ReferenceInput } from '../modules/intake/casework.schemas.js';
import { FamilyCaseworkService } from '../modules/intake/family-casework.service.js';
import { computeBedrooms } from '../modules/intake/family.rules.js';
import type { FamilyApplication, FamilyDraft } from '../modules/intake/family.schemas.js';
import type { ReviewDecision } from '../modules/intake/family.service.js';
import type { OfferApplication, OfferDraft } from '../modules/intake/offer.schemas.js';
import type { HostBenefits } from '../modules/intake/benefits.schemas.js';
import type { InspectionOutcome } from '../modules/intake/offer.service.js';
import type { IsolationCriterion } from '../modules/intake/vocabulary.js';
import { Random } from './random.js';

export const INTAKE_DEMO_SEED = 20_260_611;

export const DEMO_FAMILY_STATUSES = ['draft', 'submitted', 'active', 'on_hold', 'rejected'] as const;
export const DEMO_OFFER_STATUSES = ['draft', 'submitted', 'inspection', 'available', 'non_conform', 'paused', 'suspended'] as const;
export type DemoFamilyStatus = (typeof DEMO_FAMILY_STATUSES)[number];
export type DemoOfferStatus = (typeof DEMO_OFFER_STATUSES)[number];

/** Who acts in the demo: the demo accounts of seed.ts. */
export type DemoActorKey = 'worker' | 'coordinator' | 'parent' | 'partner' | 'host';
export type DemoActors = Record<DemoActorKey, Actor>;

export interface DemoFamilyPlan {
  ref: string;
  by: 'worker' | 'parent' | 'partner';
  body: FamilyDraft;
  /** The status it ends in, after submission and reviews. */
  status: DemoFamilyStatus;
  reviews: { decision: ReviewDecision; reason: string | null; by: 'worker' | 'coordinator' }[];
  interviews: InterviewInput[];
  network: NetworkContact[];
  isolation: IsolationInput | null;
  /** Communes (and offers, by their ref) to avoid, set by the worker for a survivor of violence. */
  exclusions: { communes: string[]; offerRefs: string[]; reason: string } | null;
  bedroomsOverride: { value: number; reason: string } | null;
}

export interface DemoOfferPlan {
  ref: string;
  by: 'worker' | 'host';
  body: OfferDraft;
  status: DemoOfferStatus;
  references: ReferenceInput[];
  recordChecks: RecordCheckInput[];
  inspection: { outcome: InspectionOutcome['outcome']; daysAgo: number } | null;
  pauseReason: string | null;
  /** A later extract, recorded after the inspection, that came back not clear: the offer waits for a coordinator's review. */
  laterCheck: RecordCheckInput | null;
}

export interface IntakeDemoPlan {
  families: DemoFamilyPlan[];
  offers: DemoOfferPlan[];
}

// ---------------------------------------------------------------------------------------------
// People: invented names of the origins one meets in Brussels, with the languages that go with them.

interface Origin {
  female: readonly string[];
  male: readonly string[];
  last: readonly string[];
  languages: readonly (readonly string[])[];
}

const ORIGINS: Record<string, Origin> = {
  brusselsFr: {
    female: [
      'Sophie',
      'Aurélie',
      'Céline',
      'Laetitia',
      'Mélanie',
      'Virginie',
      'Camille',
      'Manon',
      'Justine',
      'Pauline',
      'Caroline',
      'Isabelle',
      'Monique',
      'Brigitte',
    ],
    male: ['Olivier', 'Julien', 'Sébastien', 'Benoît', 'Thierry', 'Philippe', 'Didier', 'André', 'Christian'],
    last: [
      'Lambert',
      'Dubois',
      'Lejeune',
      'Delvaux',
      'Collard',
      'Piret',
      'Renard',
      'Noël',
      'Hermans',
      'Gillet',
      'Lecomte',
      'Moreau',
      'Lefèvre',
      'Jacquet',
      'Mathy',
      'Dethier',
      'Leclercq',
      'Goffin',
    ],
    languages: [['fr'], ['fr', 'en'], ['fr', 'nl']],
  },
  flemish: {
    female: ['Lien', 'Griet', 'Sofie', 'Katrien', 'Els', 'Hanne', 'Annelies', 'Femke', 'Veerle', 'Ine', 'Marleen', 'Rita'],
    male: ['Pieter', 'Bart', 'Koen', 'Wim', 'Dirk', 'Geert', 'Jan', 'Luc'],
    last: [
      'Peeters',
      'Janssens',
      'Claes',
      'Vermeulen',
      'De Smet',
      'Van Damme',
      'Wouters',
      'Goossens',
      'Verhaegen',
      'Maes',
      'Hendrickx',
      'Mertens',
      'Dewulf',
      'Segers',
      'Van Acker',
    ],
    languages: [['nl', 'fr'], ['nl', 'fr', 'en'], ['nl']],
  },
  moroccan: {
    female: ['Fatima', 'Khadija', 'Samira', 'Imane', 'Hanane', 'Soukaina', 'Meryem', 'Loubna', 'Siham'],
    male: ['Youssef', 'Mohamed', 'Hamza', 'Bilal'],
    last: ['El Amrani', 'Benali', 'Ouali', 'Bouzid', 'El Idrissi', 'Tahiri', 'Azzouzi', 'Chakir', 'Lahlou', 'Ziani'],
    languages: [['fr', 'ar'], ['ar', 'fr', 'nl'], ['ar']],
  },
  turkish: {
    female: ['Elif', 'Ayşe', 'Zeynep', 'Merve', 'Büşra', 'Emine', 'Derya'],
    male: ['Murat', 'Emre', 'Serkan'],
    last: ['Yılmaz', 'Demir', 'Kaya', 'Şahin', 'Öztürk', 'Aydın', 'Çelik', 'Arslan'],
    languages: [
      ['tr', 'fr'],
      ['tr', 'nl'],
      ['tr', 'nl', 'fr'],
    ],
  },
  congolese: {
    female: ['Grâce', 'Divine', 'Christelle', 'Merveille', 'Esther', 'Plamedi', 'Nadège'],
    male: ['Patrick', 'Junior', 'Cédric'],
    last: ['Mbuyi', 'Kabongo', 'Ilunga', 'Tshibangu', 'Mukendi', 'Lukusa', 'Kalonji', 'Mavinga'],
    languages: [['fr'], ['fr', 'en']],
  },
  romanian: {
    female: ['Ioana', 'Andreea', 'Elena', 'Mihaela', 'Alina', 'Roxana'],
    male: ['Andrei', 'Ionuț', 'Florin'],
    last: ['Popescu', 'Ionescu', 'Dumitru', 'Stan', 'Munteanu', 'Constantin', 'Lungu'],
    languages: [['ro', 'fr'], ['ro', 'en'], ['ro']],
  },
  polish: {
    female: ['Agnieszka', 'Katarzyna', 'Magdalena', 'Joanna', 'Marta'],
    male: ['Tomasz', 'Paweł', 'Marek'],
    last: ['Nowak', 'Wójcik', 'Kaczmarek', 'Mazur', 'Krawczyk', 'Zając', 'Pawlak'],
    languages: [
      ['pl', 'fr'],
      ['pl', 'en'],
      ['pl', 'nl'],
    ],
  },
  portuguese: {
    female: ['Ana', 'Mariana', 'Joana', 'Beatriz', 'Larissa', 'Tatiana'],
    male: ['Tiago', 'Rafael', 'Nuno'],
    last: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Costa', 'Oliveira', 'Tavares', 'Lopes'],
    languages: [['pt', 'fr'], ['pt', 'en'], ['pt']],
  },
  spanish: {
    female: ['Lucía', 'Carmen', 'Daniela', 'Valentina', 'Paola', 'Rocío'],
    male: ['Javier', 'Diego', 'Andrés'],
    last: ['García', 'Martínez', 'López', 'Sánchez', 'Romero', 'Herrera', 'Morales', 'Vargas'],
    languages: [
      ['es', 'fr'],
      ['es', 'en'],
      ['es', 'nl'],
    ],
  },
  syrian: {
    female: ['Rania', 'Lina', 'Nour', 'Hiba', 'Reem', 'Dima'],
    male: ['Ahmad', 'Omar', 'Karam'],
    last: ['Haddad', 'Khalil', 'Al Hassan', 'Darwish', 'Nasser', 'Sabbagh', 'Hamdan'],
    languages: [['ar', 'en'], ['ar'], ['ar', 'fr']],
  },
  guinean: {
    female: ['Mariama', 'Aïssatou', 'Fatoumata', 'Kadiatou', 'Hawa', 'Oumou'],
    male: ['Mamadou', 'Ibrahima', 'Alpha'],
    last: ['Diallo', 'Bah', 'Barry', 'Sow', 'Camara', 'Touré', 'Baldé', 'Sylla'],
    languages: [['fr'], ['fr', 'en']],
  },
};

const FAMILY_ORIGINS: readonly (readonly [string, number])[] = [
  ['brusselsFr', 3],
  ['flemish', 1.5],
  ['moroccan', 3.5],
  ['turkish', 1.5],
  ['congolese', 2.5],
  ['romanian', 1.5],
  ['polish', 1],
  ['portuguese', 1.2],
  ['spanish', 1.2],
  ['syrian', 1.5],
  ['guinean', 2],
];
const HOST_ORIGINS: readonly (readonly [string, number])[] = [
  ['brusselsFr', 5],
  ['flemish', 3.5],
  ['moroccan', 1.5],
  ['turkish', 1],
  ['congolese', 1],
  ['polish', 0.5],
  ['portuguese', 1],
  ['spanish', 1],
  ['romanian', 0.5],
];

const INTERFACE_LANGUAGES = ['fr', 'nl', 'en'];

interface Person {
  origin: string;
  firstName: string;
  lastName: string;
  languages: string[];
  preferredLanguage: string;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .replace(/ş/g, 's')
    .replace(/ț/g, 't')
    .replace(/ł/g, 'l')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

class People {
  private readonly names = new Set<string>();
  private readonly firstNames = new Set<string>();
  private readonly lastNames = new Set<string>();
  private readonly phones = new Set<string>();

  constructor(private readonly rng: Random) {}

  person(sex: 'f' | 'm', origins: readonly (readonly [string, number])[]): Person {
    for (let attempt = 0; ; attempt += 1) {
      const originKey = this.rng.weighted(origins);
      const origin = ORIGINS[originKey]!;
      const firstName = this.rng.pick(sex === 'f' ? origin.female : origin.male);
      const lastName = this.rng.pick(origin.last);
      const key = `${firstName} ${lastName}`;
      // Every name once; first and last names not repeated either while the pools allow it.
      if (this.names.has(key) || (attempt < 40 && (this.firstNames.has(firstName) || this.lastNames.has(lastName)))) continue;
      this.names.add(key);
      this.firstNames.add(firstName);
      this.lastNames.add(lastName);
      const languages = [...this.rng.pick(origin.languages)];
      const preferredLanguage = languages.find((l) => INTERFACE_LANGUAGES.includes(l)) ?? languages[0]!;
      return { origin: originKey, firstName, lastName, languages, preferredLanguage };
    }
  }

  /** A first name only (network contacts, references). */
  firstName(sex: 'f' | 'm', origins: readonly (readonly [string, number])[]): string {
    const origin = ORIGINS[this.rng.weighted(origins)]!;
    return this.rng.pick(sex === 'f' ? origin.female : origin.male);
  }

  /** A first and last name of one origin (references): not one of the people already named. */
  fullName(sex: 'f' | 'm', origins: readonly (readonly [string, number])[]): string {
    for (;;) {
      const origin = ORIGINS[this.rng.weighted(origins)]!;
      const name = `${this.rng.pick(sex === 'f' ? origin.female : origin.male)} ${this.rng.pick(origin.last)}`;
      if (this.names.has(name)) continue;
      this.names.add(name);
      return name;
    }
  }

  /** A Belgian mobile number, written as people write them. */
  phone(): string {
    for (;;) {
      const prefix = this.rng.pick([
        '470',
        '471',
        '472',
        '473',
        '474',
        '475',
        '476',
        '477',
        '478',
        '479',
        '484',
        '485',
        '486',
        '487',
        '488',
        '489',
        '492',
        '493',
        '494',
        '495',
        '496',
        '497',
        '498',
        '499',
      ]);
      const pairs = [this.rng.int(10, 99), this.rng.int(10, 99), this.rng.int(10, 99)];
      const key = prefix + pairs.join('');
      if (this.phones.has(key)) continue;
      this.phones.add(key);
      const style = this.rng.int(0, 2);
      if (style === 0) return `0${prefix} ${pairs.join(' ')}`;
      if (style === 1) return `+32 ${prefix} ${pairs.join(' ')}`;
      return `0${prefix}/${pairs.join('.')}`;
    }
  }

  email(person: { firstName: string; lastName: string }): string {
    const domain = this.rng.pick(['example.org', 'example.net', 'example.com']);
    const style = this.rng.int(0, 2);
    const first = slug(person.firstName);
    const last = slug(person.lastName);
    if (style === 0) return `${first}.${last}@${domain}`;
    if (style === 1) return `${first}${last.slice(0, 1)}${this.rng.int(1, 99)}@${domain}`;
    return `${first.slice(0, 1)}${last}@${domain}`;
  }
}

/** The same number written another way (0470 12 34 56 ↔ +32 470 12 34 56), as happens with duplicates. */
function rewritePhone(phone: string): string {
  const digits = phone
    .replace(/[^0-9]/g, '')
    .replace(/^32/, '')
    .replace(/^0/, '');
  const grouped = `${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5, 7)} ${digits.slice(7)}`;
  return phone.startsWith('+') ? `0${grouped}` : `+32 ${grouped}`;
}

// ---------------------------------------------------------------------------------------------
// Dates: everything relative to `now`, as calendar days (UTC).

const DAY_MS = 86_400_000;

function isoDay(now: Date, days: number): string {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(start + days * DAY_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Communes.

const COMMUNES = REGION.communes.map((c) => c.code);

function nearest(code: string, count: number): string[] {
  return COMMUNES.filter((c) => c !== code)
    .sort((a, b) => communeDistanceKm(code, a) - communeDistanceKm(code, b) || a.localeCompare(b))
    .slice(0, count);
}

function postalCodeOf(rng: Random, code: string): string {
  return rng.pick(REGION.communes.find((c) => c.code === code)!.postalCodes);
}

const fr = (code: string) => communeName(code, 'fr');

// ---------------------------------------------------------------------------------------------
// Families.

type Situation = FamilyApplication['situation']['current'];

/**
 * Texts the worker writes, in French. `{e}` is the feminine ending, `{f|m}` a word that changes
 * with the parent's sex, `{enfants}` the children ("son enfant" or "les enfants").
 */
function say(text: string, sex: 'f' | 'm', children: number): string {
  return text
    .replace(/\{e\}/g, sex === 'f' ? 'e' : '')
    .replace(/\{([^|}]*)\|([^}]*)\}/g, (_, f: string, m: string) => (sex === 'f' ? f : m))
    .replace(/\{enfants\}/g, children === 1 ? 'son enfant' : 'les enfants');
}

const SITUATION_TEXT: Record<Situation, readonly string[]> = {
  homeless: [
    'Dort avec {enfants} chez des connaissances, chaque semaine ailleurs.',
    'Sans logement depuis la fin du bail ; nuits en voiture ou chez des amis.',
  ],
  shelter: ['En maison d’accueil depuis plusieurs mois ; la sortie est prévue bientôt.', 'Hébergé{e} en centre d’urgence avec {enfants} ; séjour limité.'],
  family_or_friends: [
    'Hébergé{e} chez sa sœur, dans le salon, avec {enfants}.',
    'Vit chez {une amie|un ami}, à plusieurs dans une pièce ; ça ne peut pas durer.',
    'Retourné{e} chez sa mère après la séparation ; appartement trop petit.',
  ],
  overcrowded: ['Studio de 28 m² pour toute la famille, avec de l’humidité.', 'Une seule chambre pour toute la famille, dans un logement humide.'],
  unsafe: [
    'A quitté le domicile après des violences. Contact uniquement par l’accompagnateur·rice.',
    'Parti{e} avec {enfants} après des violences conjugales ; adresse à protéger.',
  ],
  eviction: ['Jugement d’expulsion ; doit quitter le logement dans deux mois.', 'Le propriétaire a donné son congé pour occupation personnelle.'],
  other: ['Le propriétaire vend le logement ; fin du bail dans trois mois.', 'Logement trop cher depuis la séparation ; cherche une solution plus stable.'],
};
const EXPECTING_TEXT = 'Enceinte ; hébergée en maison maternelle, séjour limité après la naissance.';

const URGENCY_BY_SITUATION: Record<Situation, readonly number[]> = {
  homeless: [4, 4, 3],
  shelter: [3, 3, 4],
  family_or_friends: [2, 3, 3],
  overcrowded: [2, 2, 3],
  unsafe: [4, 4, 3],
  eviction: [3, 4, 3],
  other: [1, 2, 2],
};

const NETWORK_TEMPLATES: readonly { kind: NetworkContact['kind']; relation: string; canHelpWith: string; sex: 'f' | 'm' }[] = [
  { kind: 'family', relation: 'sœur', canHelpWith: 'Garde les enfants le mercredi après-midi.', sex: 'f' },
  { kind: 'family', relation: 'mère', canHelpWith: 'Soutien moral ; habite loin, appelle souvent.', sex: 'f' },
  { kind: 'family', relation: 'frère', canHelpWith: 'Aide pour les déménagements et les papiers.', sex: 'm' },
  { kind: 'friend', relation: 'amie', canHelpWith: 'Accompagne aux rendez-vous ; écoute.', sex: 'f' },
  { kind: 'friend', relation: 'ami d’enfance', canHelpWith: 'Conduit parfois les enfants à l’école.', sex: 'm' },
  { kind: 'neighbour', relation: 'ancienne voisine', canHelpWith: 'Dépanne pour quelques heures de garde.', sex: 'f' },
  { kind: 'other', relation: 'bénévole de l’école de devoirs', canHelpWith: 'Aide aux devoirs de l’aîné.', sex: 'f' },
];

const PROFESSIONALS: readonly { name: string; canHelpWith: string }[] = [
  { name: 'Service social du CPAS', canHelpWith: 'Revenu d’intégration, garantie locative.' },
  { name: 'Centre PMS de l’école', canHelpWith: 'Suivi scolaire des enfants.' },
  { name: 'Consultation ONE du quartier', canHelpWith: 'Suivi médical du bébé, conseils.' },
  { name: 'Maison médicale', canHelpWith: 'Médecin traitant de toute la famille.' },
  { name: 'Service d’aide aux victimes', canHelpWith: 'Accompagnement juridique et psychologique.' },
  { name: 'Crèche communale', canHelpWith: 'Accueil du plus jeune en journée.' },
];

const SUPPORT_NEEDS = [
  'Préparer la garantie locative avec le CPAS.',
  'Trouver une place d’accueil pour les petits près du futur logement.',
  'Mettre à jour la domiciliation et les allocations familiales.',
  'Changer d’école en cours d’année si le logement est loin.',
  'Soutien pour les démarches en néerlandais.',
  'Aide pour le budget : dettes de loyer à étaler.',
];

const RESOURCES = [
  'Cuisine volontiers pour toute la maison.',
  'Bricole : peinture, petites réparations.',
  'Parle plusieurs langues ; peut aider aux traductions.',
  'Aide-soignant{e} de formation ; à l’aise avec les personnes âgées.',
  'Aime jardiner ; a grandi à la campagne.',
  'Très organisé{e} ; a déjà vécu en colocation.',
];

const ISOLATION_NOTES = [
  'Peu de contacts depuis l’arrivée à Bruxelles.',
  'Réseau surtout familial, loin de Bruxelles.',
  'Bon réseau d’amies, mais épuisées elles aussi.',
  null,
];

/**
 * A parent living with their child is paid at the "family dependants" rate (SPEC §6.3): the drawn
 * "isolated" becomes it when there are children (drawn the same way as before, so the rest of the
 * demo stays the same); a story's own answer wins.
 */
function familyBenefits(
  spec: { benefits?: FamilyApplication['benefits'] },
  children: number,
  source: FamilyApplication['benefits']['source'],
  status: 'isolated' | 'unknown' | 'cohabitant',
): FamilyApplication['benefits'] {
  if (spec.benefits) return spec.benefits;
  const rated = source === 'cpas' || source === 'unemployment';
  return { source, status: rated && status === 'isolated' && children > 0 ? 'family_dependants' : status };
}

interface FamilySpec {
  ref: string;
  by: DemoFamilyPlan['by'];
  status: DemoFamilyStatus;
  reviews?: DemoFamilyPlan['reviews'];
  situation?: Situation;
  father?: boolean;
  confidential?: { avoid: string; reason: (avoid: string) => string; offerRefs?: string[] };
  expecting?: boolean;
  childNeed?: 'autism' | 'wheelchair';
  /** Sections a draft still lacks. */
  missing?: ('needs' | 'lifestyle' | 'servicesOffered' | 'benefits' | 'consents')[];
  fixed?: Partial<Person> & { email?: string | null };
  around?: string;
  samePhoneAs?: string;
  referral?: boolean;
  /** What the parent declared, when the story needs it (else drawn). */
  benefits?: FamilyApplication['benefits'];
}

function buildFamilies(rng: Random, people: People, now: Date, hostCommune: string): DemoFamilyPlan[] {
  const year = now.getUTCFullYear();
  const plans: DemoFamilyPlan[] = [];
  const phones = new Map<
    string,
    { phone: string; person: Person & { birthYear: number }; children: FamilyApplication['children']; situation: Situation; urgency: number; budget: number }
  >();

  const make = (spec: FamilySpec): DemoFamilyPlan => {
    const sex = spec.father ? 'm' : 'f';
    const duplicate = spec.samePhoneAs ? phones.get(spec.samePhoneAs) : undefined;
    const generated = duplicate ? { ...duplicate.person } : people.person(sex, FAMILY_ORIGINS);
    const person: Person = { ...generated, ...spec.fixed };
    const drawnSituation: Situation =
      spec.situation ??
      (spec.confidential
        ? 'unsafe'
        : rng.weighted<Situation>([
            ['family_or_friends', 4],
            ['overcrowded', 3],
            ['shelter', 2],
            ['eviction', 2],
            ['homeless', 1],
            ['other', 1.5],
          ]));
    const situation = duplicate?.situation ?? drawnSituation;
    const urgency = duplicate?.urgency ?? rng.pick(URGENCY_BY_SITUATION[situation]);
    const parentAge = duplicate ? year - duplicate.person.birthYear : spec.expecting ? rng.int(20, 27) : spec.childNeed ? rng.int(31, 46) : rng.int(23, 46);
    const birthYear = year - parentAge;

    // Children: at least one, or a baby on the way; ages that fit the parent's.
    const wanted = spec.expecting
      ? rng.int(0, 1)
      : rng.weighted([
          [1, 40],
          [2, 35],
          [3, 18],
          [4, 7],
        ] as const);
    const oldest = Math.max(0, Math.min(17, parentAge - 18));
    const count = Math.min(Math.max(wanted, spec.childNeed === 'autism' ? 2 : 0), parentAge < 27 ? 2 : 4, oldest + 1);
    let ages = rng
      .sample(
        Array.from({ length: oldest + 1 }, (_, age) => age),
        count,
      )
      .sort((a, b) => b - a);
    // A child with special needs is of school age (their needs are known).
    const needAge = spec.childNeed ? rng.int(6, Math.min(15, oldest)) : null;
    if (needAge !== null && !ages.includes(needAge)) ages = [needAge, ...ages.slice(0, Math.max(0, count - 1))].sort((a, b) => b - a);
    const custody = spec.father
      ? rng.pick(['alternate', 'full', 'weekends'] as const)
      : rng.weighted([
          ['full', 8],
          ['alternate', 2],
        ] as const);
    const drawn: FamilyApplication['children'] = ages.map((age) => ({ birthYear: year - age, sex: rng.pick(['f', 'm'] as const), custody }));
    // The same family registered twice: the same children.
    const children = duplicate ? duplicate.children.map((c) => ({ ...c })) : drawn;
    if (spec.childNeed && needAge !== null) {
      const child = children[ages.indexOf(needAge)]!;
      child.specialNeeds =
        spec.childNeed === 'autism' ? 'Trouble du spectre de l’autisme : a besoin d’une chambre calme à lui.' : 'Se déplace en fauteuil roulant.';
      // Two brothers who would share a room under the norm: the worker gives the autistic one his own.
      if (spec.childNeed === 'autism') for (const c of children) c.sex = 'm';
    }

    // Preferred communes: around where the family lives now (school, work, network), a few with none.
    const home =
      spec.around ??
      (spec.confidential
        ? rng.pick(COMMUNES.filter((c) => c !== spec.confidential!.avoid && !nearest(spec.confidential!.avoid, 2).includes(c)))
        : rng.pick(COMMUNES));
    let communes = rng.chance(0.15) && !spec.around ? [] : [home, ...nearest(home, rng.int(0, 3))];
    if (spec.confidential) communes = communes.filter((c) => c !== spec.confidential!.avoid && !nearest(spec.confidential!.avoid, 1).includes(c));
    const moveInFromDays = urgency >= 4 ? rng.int(3, 21) : rng.int(14, 75);
    const needs: FamilyApplication['needs'] = {
      moveInFrom: isoDay(now, moveInFromDays),
      moveInBy: isoDay(now, moveInFromDays + rng.step(30, 120, 15)),
      minDurationMonths: rng.pick([6, 12, 12, 12, 18, 24]),
      maxMonthlyContribution: duplicate?.budget ?? rng.step(300, 650, 25),
      communes,
      communesRequired: communes.length > 0 && !spec.confidential && rng.chance(0.2),
      stepFreeAccess: spec.childNeed === 'wheelchair',
      privateBathroomRequired: rng.chance(0.1),
      pets: rng.chance(0.12) ? [rng.pick(['cat', 'small_animal', 'dog'] as const)] : [],
      smoker: rng.chance(0.15),
      acceptsSmokingHousehold: rng.chance(0.25),
    };
    if (needs.smoker) needs.acceptsSmokingHousehold = true;

    const phone = duplicate ? rewritePhone(duplicate.phone) : people.phone();
    phones.set(spec.ref, { phone, person: { ...person, birthYear }, children, situation, urgency, budget: needs.maxMonthlyContribution });
    const offline = rng.chance(0.3);
    const email = spec.fixed?.email !== undefined ? spec.fixed.email : spec.confidential || offline || duplicate ? null : people.email(person);

    const body: FamilyApplication = {
      parent: {
        firstName: person.firstName,
        lastName: person.lastName,
        birthYear,
        email,
        phone,
        languages: person.languages,
        preferredLanguage: person.preferredLanguage,
      },
      children,
      ...(spec.expecting ? { expectedChild: { dueDate: isoDay(now, rng.int(45, 200)) } } : {}),
      situation: {
        current: situation,
        urgency,
        confidentialAddress: Boolean(spec.confidential),
        description: children.length === 0 ? EXPECTING_TEXT : say(rng.pick(SITUATION_TEXT[situation]), sex, children.length),
      },
      needs,
      lifestyle: {
        schedule: rng.weighted([
          ['day', 6],
          ['evening', 1.5],
          ['night', 1],
          ['variable', 2],
        ] as const),
        noise: rng.weighted([
          [1, 5],
          [2, 4],
          [3, 1],
        ] as const),
        guests: rng.weighted([
          [1, 5],
          [2, 4],
          [3, 1],
        ] as const),
      },
      servicesOffered: rng.sample(
        ['babysitting', 'cooking', 'cleaning', 'gardening', 'shopping', 'repairs', 'company', 'language_help', 'computer_help', 'pet_care'] as const,
        rng.int(1, 3),
      ),
      benefits: familyBenefits(
        spec,
        children.length,
        rng.weighted([
          ['cpas', 4],
          ['work', 3],
          ['unemployment', 2],
          ['disability', 0.7],
          ['other', 0.5],
        ] as const),
        rng.weighted([
          ['isolated', 7],
          ['unknown', 2],
          ['cohabitant', 1],
        ] as const),
      ),
      consents: { dataProcessing: true, shareProfile: rng.chance(0.85) },
      ...(spec.referral
        ? {
            referral: {
              organisation: 'CPAS de Forest',
              contactName: 'Élise Van Hove',
              contactEmail: 'partner@demo.cohabitation.test',
              familyConsent: true,
              note: rng.pick([
                'Suivie par notre service depuis un an ; très motivée.',
                'Garantie locative possible via le CPAS.',
                'Famille connue du service social ; demande urgente.',
              ]),
            },
          }
        : {}),
    };
    const draft: FamilyDraft = { ...body };
    for (const section of spec.missing ?? []) delete draft[section];
    if (spec.missing?.includes('needs'))
      draft.needs = { moveInFrom: needs.moveInFrom, moveInBy: needs.moveInBy, communes: needs.communes, communesRequired: needs.communesRequired };

    // Casework: interviews from the review on; a network map and an isolation score for active families.
    const reviewed = spec.status !== 'draft' && spec.status !== 'submitted';
    const interviews: InterviewInput[] = [];
    if (reviewed) {
      const first = rng.int(12, 45);
      interviews.push({
        date: isoDay(now, -first),
        summary: say(
          `Premier entretien avec ${person.firstName}${children.length ? `, venu{e} avec ${children.length === 1 ? 'son enfant' : 'ses enfants'}` : ''}. ${body.situation.description} ${rng.pick(['Motivé{e} à l’idée de partager un logement.', 'Un peu {inquiète|inquiet} de vivre chez quelqu’un, mais prêt{e} à essayer.', 'Cherche un cadre calme pour {enfants}.'])}`,
          sex,
          children.length,
        ),
        supportNeeds: rng.sample(SUPPORT_NEEDS, 2).join(' '),
        resources: say(rng.pick(RESOURCES), sex, children.length),
      });
      if (spec.status === 'active' && rng.chance(0.4))
        interviews.push({
          date: isoDay(now, -rng.int(2, first - 5)),
          summary: 'Entretien de suivi : documents complétés, attentes sur la vie commune discutées.',
          supportNeeds: null,
          resources: null,
        });
    }
    const network: NetworkContact[] = [];
    let isolation: IsolationInput | null = null;
    if (spec.status === 'active' || spec.status === 'on_hold') {
      for (const t of rng.sample(NETWORK_TEMPLATES, rng.int(1, 3))) {
        let name = person.firstName;
        while (name === person.firstName || network.some((c) => c.name === name))
          name = people.firstName(t.sex, t.kind === 'family' ? [[person.origin, 1]] : FAMILY_ORIGINS);
        network.push({ kind: t.kind, name, relation: t.relation, canHelpWith: t.canHelpWith, contact: rng.chance(0.5) ? people.phone() : null });
      }
      const pro = rng.pick(spec.confidential ? PROFESSIONALS.filter((p) => p.name.startsWith('Service')) : PROFESSIONALS);
      network.push({ kind: 'professional', name: pro.name, relation: null, canHelpWith: pro.canHelpWith, contact: null });
      const criteria: IsolationCriterion[] = [];
      if (network.filter((c) => c.kind !== 'professional').length <= 1) criteria.push('noFamilyOrFriendsHelp');
      if (rng.chance(0.5)) criteria.push('fewSocialContacts');
      if (!person.languages.some((l) => l === 'fr' || l === 'nl')) criteria.push('languageOrDigitalBarrier');
      else if (!email && rng.chance(0.5)) criteria.push('languageOrDigitalBarrier');
      isolation = { criteria, note: rng.pick(ISOLATION_NOTES) };
    }
    const exclusions = spec.confidential
      ? {
          communes: [spec.confidential.avoid, ...nearest(spec.confidential.avoid, 1)],
          offerRefs: spec.confidential.offerRefs ?? [],
          reason: spec.confidential.reason(spec.confidential.avoid),
        }
      : null;

    // The worker's override: the autistic boy gets a room of his own, the others share as the norm says.
    let bedroomsOverride: DemoFamilyPlan['bedroomsOverride'] = null;
    if (spec.childNeed === 'autism' && needAge !== null) {
      const others = children.filter((_, i) => i !== ages.indexOf(needAge));
      const value = (computeBedrooms({ children: others, needs: { moveInFrom: needs.moveInFrom } }) ?? 1) + 1;
      if (value !== computeBedrooms(body)) bedroomsOverride = { value, reason: 'Le garçon autiste a besoin d’une chambre à lui seul (avis du centre PMS).' };
    }

    const plan: DemoFamilyPlan = {
      ref: spec.ref,
      by: spec.by,
      body: draft,
      status: spec.status,
      reviews: (spec.reviews ?? (spec.status === 'active' ? [{ decision: 'activate' as const, reason: null, by: 'worker' as const }] : [])).map((r) => ({
        ...r,
        reason: r.reason && say(r.reason, sex, children.length),
      })),
      interviews,
      network,
      isolation,
      exclusions,
      bedroomsOverride,
    };
    plans.push(plan);
    return plan;
  };

  const worker = 'worker' as const;
  const hold = (reason: string) => ({ decision: 'hold' as const, reason, by: worker });
  const reject = (reason: string) => ({ decision: 'reject' as const, reason, by: worker });
  const activate = (by: 'worker' | 'coordinator' = worker) => ({ decision: 'activate' as const, reason: null, by });
  const forest = '21007';

  // The demo parent's own application, sent online and reviewed: she is waiting for a home near the
  // demo host's (followup-demo.ts proposes them to each other).
  make({
    ref: 'F01',
    by: 'parent',
    status: 'active',
    situation: 'family_or_friends',
    around: hostCommune,
    benefits: { source: 'cpas', status: 'family_dependants', singleParentSupplement: true },
    fixed: { firstName: 'Sarah', lastName: 'Delcourt', languages: ['fr', 'en'], preferredLanguage: 'fr', email: 'parent@demo.cohabitation.test' },
  });
  // The CPAS partner's referrals: one being completed, one sent, one taken on by the worker.
  make({ ref: 'F02', by: 'partner', status: 'draft', referral: true, around: forest, missing: ['lifestyle', 'servicesOffered', 'benefits'] });
  make({ ref: 'F03', by: 'partner', status: 'submitted', referral: true, around: forest });
  // The same mother, whom the worker had started to register before the referral arrived: same phone.
  make({ ref: 'F04', by: 'worker', status: 'draft', samePhoneAs: 'F03', around: forest, missing: ['lifestyle', 'servicesOffered', 'benefits', 'consents'] });
  make({ ref: 'F05', by: 'partner', status: 'active', referral: true, around: forest });
  // Drafts the worker fills in with parents over several appointments.
  make({ ref: 'F06', by: 'worker', status: 'draft', missing: ['lifestyle', 'servicesOffered', 'benefits', 'consents'] });
  make({ ref: 'F07', by: 'worker', status: 'draft', father: true, missing: ['needs', 'lifestyle', 'servicesOffered', 'benefits', 'consents'] });
  // Sent, waiting for the worker's review.
  make({ ref: 'F08', by: 'worker', status: 'submitted' });
  make({ ref: 'F09', by: 'worker', status: 'submitted', expecting: true, situation: 'shelter' });
  make({
    ref: 'F10',
    by: 'worker',
    status: 'submitted',
    confidential: { avoid: '21012', reason: (c) => `L’ex-conjoint habite à ${fr(c)} : éviter cette commune et la commune voisine.` },
  });
  make({ ref: 'F11', by: 'worker', status: 'submitted', father: true });
  make({ ref: 'F12', by: 'worker', status: 'submitted', situation: 'eviction' });
  // Active: reviewed and waiting for a match.
  make({ ref: 'F13', by: 'worker', status: 'active' });
  make({ ref: 'F14', by: 'worker', status: 'active', situation: 'family_or_friends' });
  make({
    ref: 'F15',
    by: 'worker',
    status: 'active',
    confidential: {
      avoid: '21015',
      reason: (c) =>
        `Violences conjugales : l’ancien compagnon travaille à ${fr(c)}. Pas de logement dans cette commune ni autour ; une offre exclue aussi (trop proche de la famille du conjoint). Contact uniquement par l’accompagnateur·rice.`,
      offerRefs: ['O12'],
    },
  });
  make({ ref: 'F16', by: 'worker', status: 'active', childNeed: 'autism' });
  make({ ref: 'F17', by: 'worker', status: 'active', reviews: [activate('coordinator')] });
  make({ ref: 'F18', by: 'worker', status: 'active', expecting: true, situation: 'shelter' });
  make({ ref: 'F19', by: 'worker', status: 'active', father: true, reviews: [activate('coordinator')] });
  make({ ref: 'F20', by: 'worker', status: 'active', reviews: [hold('En attente du document de séparation ; reçu depuis.'), activate()] });
  make({ ref: 'F21', by: 'worker', status: 'active', childNeed: 'wheelchair' });
  make({
    ref: 'F22',
    by: 'worker',
    status: 'active',
    confidential: { avoid: '21001', reason: (c) => `La famille du conjoint vit à ${fr(c)} ; risque de représailles. Contact par le service uniquement.` },
  });
  make({ ref: 'F23', by: 'worker', status: 'active', situation: 'homeless' });
  // On hold, each with its reason.
  make({ ref: 'F24', by: 'worker', status: 'on_hold', reviews: [hold('En attente de la décision du CPAS sur la garantie locative.')] });
  make({ ref: 'F25', by: 'worker', status: 'on_hold', reviews: [hold('Souhaite attendre la fin de l’année scolaire pour ne pas changer {enfants} d’école.')] });
  make({ ref: 'F26', by: 'worker', status: 'on_hold', reviews: [activate(), hold('Hospitalisé{e} quelques semaines ; on reprend contact à sa sortie.')] });
  make({ ref: 'F27', by: 'worker', status: 'on_hold', reviews: [hold('Pas de nouvelles depuis trois semaines ; courrier envoyé, on attend sa réponse.')] });
  // Rejected, with the reason (the door stays open).
  make({
    ref: 'F28',
    by: 'worker',
    status: 'rejected',
    samePhoneAs: 'F14',
    reviews: [reject('Doublon : {la même maman|le même papa} a déjà une demande active (même numéro de téléphone). On continue avec celle-là.')],
  });
  make({
    ref: 'F29',
    by: 'worker',
    status: 'rejected',
    reviews: [reject('Vit en couple : le service s’adresse aux parents seuls. Orienté{e} vers une agence immobilière sociale.')],
  });
  make({
    ref: 'F30',
    by: 'worker',
    status: 'rejected',
    reviews: [
      hold('Injoignable depuis trois semaines.'),
      reject('Sans nouvelles depuis deux mois malgré trois appels et un courrier. {Elle|Il} peut refaire une demande quand elle veut.'),
    ],
  });
  // Active families whose story continues in followup-demo.ts (proposals, cohabitations, endings).
  make({ ref: 'F31', by: 'worker', status: 'active', childNeed: 'autism' });
  make({ ref: 'F32', by: 'worker', status: 'active', situation: 'eviction' });
  make({ ref: 'F33', by: 'worker', status: 'active', father: true });
  make({ ref: 'F34', by: 'worker', status: 'active', around: forest });
  make({ ref: 'F35', by: 'worker', status: 'active', situation: 'family_or_friends' });
  make({ ref: 'F36', by: 'worker', status: 'active', childNeed: 'autism' });

  return plans;
}

// ---------------------------------------------------------------------------------------------
// Offers.

type HostKind = 'retiredCouple' | 'retiredAlone' | 'singleParent' | 'tenant' | 'emptyNest';

const STREETS = [
  'Rue des Tilleuls',
  'Avenue des Cerisiers',
  'Rue du Verger',
  'Rue de la Source',
  'Avenue des Acacias',
  'Rue des Alouettes',
  'Rue du Moulin',
  'Rue des Hirondelles',
  'Avenue du Parc',
  'Rue des Bleuets',
  'Rue de la Station',
  'Avenue des Érables',
  'Rue du Jardinier',
  'Rue des Glycines',
  'Rue des Coquelicots',
  'Avenue des Marronniers',
  'Rue de la Colline',
  'Rue du Lavoir',
  'Rue des Peupliers',
  'Avenue des Sorbiers',
  'Rue des Mésanges',
  'Rue du Potager',
];

const HOUSE_RULES: Record<string, readonly string[]> = {
  fr: [
    'Calme après 22 h. On se partage le ménage des pièces communes.',
    'Pas de visites la nuit. Repas ensemble le dimanche si on en a envie.',
    'On fume dehors, jamais à l’intérieur. Le jardin est à tout le monde.',
  ],
  nl: ['Rust na 22 uur. We verdelen het poetsen van de gedeelde ruimtes.', 'Geen bezoek ’s nachts. Op zondag eten we samen als iedereen wil.'],
  en: ['Quiet after 10 pm. We share the cleaning of the common rooms.', 'No overnight guests without asking first. Shared dinner on Sundays if you like.'],
};

/** How a reference knows the host, in the feminine and the masculine. */
const REFERENCE_RELATIONS: readonly (readonly [string, string])[] = [
  ['ancienne locataire', 'ancien locataire'],
  ['voisine depuis quinze ans', 'voisin depuis quinze ans'],
  ['bénévole de la même association', 'bénévole de la même association'],
  ['ancienne collègue', 'ancien collègue'],
  ['médecin de famille', 'médecin de famille'],
  ['présidente du comité de quartier', 'président du comité de quartier'],
];

const HOST_SERVICES: Record<HostKind, readonly OfferApplication['contribution']['servicesWanted'][number][]> = {
  retiredCouple: ['gardening', 'company', 'shopping', 'computer_help'],
  retiredAlone: ['company', 'shopping', 'computer_help', 'cooking'],
  singleParent: ['babysitting', 'cooking', 'cleaning'],
  tenant: ['cleaning', 'cooking', 'pet_care'],
  emptyNest: ['gardening', 'pet_care', 'repairs'],
};

interface OfferSpec {
  ref: string;
  by: DemoOfferPlan['by'];
  status: DemoOfferStatus;
  kind: HostKind;
  commune: string;
  overCap?: boolean;
  outcome?: InspectionOutcome['outcome'];
  pauseReason?: string;
  /** The extract of this household member (by index), asked again after the inspection, is not clear. */
  notClearMember?: number;
  missing?: ('contribution' | 'availability' | 'legal' | 'children' | 'lifestyle' | 'houseRules')[];
  fixed?: Partial<Person> & { sex?: 'f' | 'm'; email?: string; age?: number };
  /** Open to most families (children of any age, pets, smokers, long stays, a private bathroom, step-free, free now): the homes of followup-demo.ts's stories. */
  welcoming?: boolean;
  /** The host's own income, when the story needs it (else from the kind of host). */
  benefits?: HostBenefits;
}

/** The host's own income by the kind of host (no draw: the other offers' draws stay the same). */
const HOST_BENEFITS: Record<HostKind, HostBenefits> = {
  retiredCouple: { source: 'pension' },
  retiredAlone: { source: 'pension' },
  singleParent: { source: 'work', singleParentSupplement: false },
  tenant: { source: 'work' },
  emptyNest: { source: 'work' },
};

function buildOffers(rng: Random, people: People, now: Date): DemoOfferPlan[] {
  const year = now.getUTCFullYear();
  const streets = rng.shuffle(STREETS);
  const plans: DemoOfferPlan[] = [];

  const make = (spec: OfferSpec): DemoOfferPlan => {
    const { kind } = spec;
    const sex =
      spec.fixed?.sex ??
      (kind === 'singleParent'
        ? rng.weighted([
            ['f', 4],
            ['m', 1],
          ] as const)
        : rng.pick(['f', 'm'] as const));
    const person: Person = { ...people.person(sex, HOST_ORIGINS), ...spec.fixed };
    // Hosts have lived here long: they speak French or Dutch too.
    if (!person.languages.some((l) => l === 'fr' || l === 'nl')) person.languages = [...person.languages, 'fr'];
    const age =
      spec.fixed?.age ??
      (kind === 'retiredCouple'
        ? rng.int(64, 76)
        : kind === 'retiredAlone'
          ? rng.int(66, 82)
          : kind === 'singleParent'
            ? rng.int(35, 50)
            : kind === 'tenant'
              ? rng.int(28, 44)
              : rng.int(50, 60));
    const household: OfferApplication['host']['household'] = [{ birthYear: year - age, relation: 'self' }];
    if (kind === 'retiredCouple' || kind === 'emptyNest' || (kind === 'tenant' && rng.chance(0.4)))
      household.push({ birthYear: year - age + rng.int(-4, 4), relation: 'partner' });
    if (kind === 'singleParent') for (let i = rng.int(1, 2); i > 0; i -= 1) household.push({ birthYear: year - rng.int(5, 16), relation: 'child' });
    if (kind === 'emptyNest') household.push({ birthYear: year - rng.int(19, 23), relation: 'child' });
    const adults = household.map((m, i) => ({ i, adult: year - m.birthYear >= 18 })).filter((m) => m.adult);

    const house = kind === 'retiredCouple' || kind === 'emptyNest' || (kind === 'singleParent' && rng.chance(0.4));
    const netSurfaceM2 = house ? rng.step(115, 195, 5) : rng.step(80, 135, 5);
    const floor = house ? 0 : rng.int(0, 5);
    const elevator = !house && floor >= 2 && rng.chance(0.7);
    const bedroomCount = kind === 'retiredCouple' || kind === 'emptyNest' ? rng.int(2, 3) : kind === 'retiredAlone' ? rng.int(1, 2) : rng.int(1, 2);
    const rooms: OfferApplication['rooms'] = Array.from({ length: bedroomCount }, () => ({
      kind: 'bedroom' as const,
      surfaceM2: rng.int(9, 16),
      furnished: rng.chance(0.6),
    }));
    if (rng.chance(0.25)) rooms.push({ kind: rng.pick(['office', 'other'] as const), surfaceM2: rng.int(6, 10), furnished: rng.chance(0.5) });
    const privateBathroom = house && rng.chance(0.35);
    const shared: OfferApplication['sharedSpaces'] = ['kitchen', ...(privateBathroom ? [] : (['bathroom'] as const)), 'living'];
    if (house) shared.push('garden');
    if (rng.chance(0.5)) shared.push('laundry');

    const rent = spec.overCap ? rng.step(420, 480, 10) : rng.step(200, 360, 10);
    const charges = spec.overCap ? rng.step(70, 100, 10) : rng.step(40, Math.min(90, 450 - rent), 10);
    const advanced = spec.status !== 'draft' && spec.status !== 'submitted';
    const hostPets = rng.chance(0.3) ? [rng.pick(['cat', 'dog', 'bird'] as const)] : [];
    const smoker = rng.chance(0.12);
    const mainLanguage = person.languages.find((l) => INTERFACE_LANGUAGES.includes(l)) ?? 'fr';
    const street = streets[plans.length % streets.length]!;

    const body: OfferApplication = {
      host: {
        firstName: person.firstName,
        lastName: person.lastName,
        email: spec.fixed?.email ?? (kind.startsWith('retired') && rng.chance(0.35) ? null : people.email(person)),
        phone: people.phone(),
        languages: person.languages,
        isSingleParent: kind === 'singleParent',
        household,
        smoker,
        pets: hostPets,
      },
      address: { street, number: `${rng.int(1, 180)}${rng.chance(0.1) ? 'b' : ''}`, postalCode: postalCodeOf(rng, spec.commune), commune: spec.commune },
      dwelling: { type: house ? 'house' : 'apartment', netSurfaceM2, floor, elevator, stepFreeAccess: (floor === 0 || elevator) && rng.chance(0.4) },
      rooms,
      privateBathroom,
      sharedSpaces: shared,
      contribution: { monthlyRent: rent, monthlyCharges: charges, servicesWanted: rng.sample(HOST_SERVICES[kind], rng.int(0, 2)) },
      availability: { from: isoDay(now, advanced ? rng.int(0, 45) : rng.int(20, 120)), minDurationMonths: rng.pick([6, 12, 12, 12, 24]) },
      children: {
        maxCount: Math.min(4, rng.int(1, bedroomCount * 2)),
        minAge: rng.weighted([
          [0, 7],
          [3, 2],
          [6, 1],
        ] as const),
        maxAge: rng.weighted([
          [17, 8],
          [12, 2],
        ] as const),
      },
      acceptsPets: hostPets.length > 0 ? rng.chance(0.6) : rng.chance(0.3),
      acceptsSmokers: smoker && rng.chance(0.5),
      lifestyle: {
        schedule: kind.startsWith('retired')
          ? 'day'
          : rng.weighted([
              ['day', 5],
              ['evening', 1],
              ['variable', 2],
            ] as const),
        noise: kind.startsWith('retired') ? 1 : rng.int(1, 2),
        guests: rng.int(1, kind === 'tenant' ? 3 : 2),
      },
      houseRules: rng.pick(HOUSE_RULES[mainLanguage] ?? HOUSE_RULES.fr!),
      legal:
        kind === 'tenant' ? { tenure: 'tenant', landlordConsent: true, fireInsurance: true } : { tenure: 'owner', fireInsurance: rng.chance(0.9) || advanced },
      benefits: spec.benefits ?? HOST_BENEFITS[kind],
    };
    if (spec.welcoming) {
      // Overrides after every draw, so the other offers' random draws stay the same.
      const size = Math.floor((netSurfaceM2 - 20) / 3);
      body.rooms = [0, 1, 2].map((k) => ({ kind: 'bedroom' as const, surfaceM2: Math.min(14, size), furnished: k < 2 }));
      body.dwelling = { ...body.dwelling, floor: 0, stepFreeAccess: true };
      body.privateBathroom = true;
      body.sharedSpaces = body.sharedSpaces.filter((x) => x !== 'bathroom');
      body.contribution = { ...body.contribution, monthlyRent: 230, monthlyCharges: 50 };
      body.availability = { from: isoDay(now, 0), minDurationMonths: 24 };
      body.children = { maxCount: 4, minAge: 0, maxAge: 17 };
      body.acceptsPets = true;
      body.acceptsSmokers = true;
    }
    const draft: OfferDraft = { ...body };
    for (const section of spec.missing ?? []) delete draft[section];

    const references: ReferenceInput[] = [];
    const recordChecks: RecordCheckInput[] = [];
    if (advanced) {
      for (const [feminine, masculine] of rng.sample(REFERENCE_RELATIONS, rng.int(2, 3))) {
        const refSex = rng.pick(['f', 'm'] as const);
        references.push({
          name: people.fullName(refSex, HOST_ORIGINS),
          relation: refSex === 'f' ? feminine : masculine,
          contact: people.phone(),
          outcome: rng.weighted([
            ['positive', 9],
            ['reserved', 1],
          ] as const),
          note: rng.pick([
            null,
            'Personne accueillante et fiable.',
            'Se connaissent depuis longtemps ; avis très positif.',
            'Un peu {stricte|strict} sur l’ordre, mais juste.',
          ]),
        });
      }
      for (const { i } of adults) recordChecks.push({ memberIndex: i, seenOn: isoDay(now, -rng.int(20, 70)), result: 'clear' });
      // Screened (SPEC §11): the first two references positive, whatever the draws said (the rest of the demo stays the same).
      for (const r of references.slice(0, 2)) r.outcome = 'positive';
    }
    for (const r of references) r.note = r.note && say(r.note, sex, 0);
    const plan: DemoOfferPlan = {
      ref: spec.ref,
      by: spec.by,
      body: draft,
      status: spec.status,
      references,
      recordChecks,
      inspection: spec.outcome ? { outcome: spec.outcome, daysAgo: spec.outcome === 'conform' ? rng.int(10, 80) : rng.int(5, 30) } : null,
      pauseReason: spec.pauseReason ?? null,
      laterCheck: spec.notClearMember === undefined ? null : { memberIndex: spec.notClearMember, seenOn: isoDay(now, -2), result: 'not_clear' },
    };
    plans.push(plan);
    return plan;
  };

  // Every commune has at least one offer; one commune has two.
  const communes = rng.shuffle(COMMUNES);
  communes.push(rng.pick(COMMUNES));
  const at = (i: number) => communes[i]!;

  // The demo host's own offer, inspected and available (followup-demo.ts proposes him a family).
  // He lives on the pension income guarantee (GRAPA) at the higher, isolated amount: what sharing his home risks is on his benefits check page.
  make({
    ref: 'O01',
    by: 'host',
    status: 'available',
    outcome: 'conform',
    welcoming: true,
    kind: 'retiredAlone',
    commune: at(0),
    benefits: { source: 'grapa', status: 'isolated' },
    fixed: {
      firstName: 'Jean',
      lastName: 'Dewaele',
      languages: ['fr', 'nl'],
      preferredLanguage: 'fr',
      sex: 'm',
      age: 68,
      email: 'host@demo.cohabitation.test',
    },
  });
  // Drafts the worker is filling with hosts met at an information session.
  make({ ref: 'O02', by: 'worker', status: 'draft', kind: 'retiredCouple', commune: at(1), missing: ['contribution', 'availability', 'legal'] });
  make({ ref: 'O03', by: 'worker', status: 'draft', kind: 'singleParent', commune: at(2), missing: ['children', 'lifestyle', 'houseRules'] });
  make({ ref: 'O04', by: 'worker', status: 'draft', kind: 'tenant', commune: at(3), missing: ['legal', 'availability'] });
  make({ ref: 'O05', by: 'worker', status: 'draft', kind: 'retiredAlone', commune: at(4), missing: ['contribution'] });
  // Sent: two ask more than the service's cap (conformity will refuse them).
  make({ ref: 'O06', by: 'worker', status: 'submitted', kind: 'emptyNest', commune: at(5), overCap: true });
  make({ ref: 'O07', by: 'worker', status: 'submitted', kind: 'tenant', commune: at(6), overCap: true });
  make({ ref: 'O08', by: 'worker', status: 'submitted', kind: 'singleParent', commune: at(7) });
  make({ ref: 'O09', by: 'worker', status: 'submitted', kind: 'retiredCouple', commune: at(8) });
  // References and criminal-record extracts seen; inspection planned.
  make({ ref: 'O10', by: 'worker', status: 'inspection', kind: 'retiredCouple', commune: at(9) });
  make({ ref: 'O11', by: 'worker', status: 'inspection', kind: 'singleParent', commune: at(10) });
  // Inspected and conform: available for matching.
  make({ ref: 'O12', by: 'worker', status: 'available', kind: 'retiredCouple', commune: at(11), outcome: 'conform' });
  make({ ref: 'O13', by: 'worker', status: 'available', kind: 'retiredAlone', commune: at(12), outcome: 'conform' });
  make({ ref: 'O14', by: 'worker', status: 'available', kind: 'tenant', commune: at(13), outcome: 'conform' });
  make({ ref: 'O15', by: 'worker', status: 'available', kind: 'singleParent', commune: at(14), outcome: 'conform_with_remarks' });
  make({ ref: 'O16', by: 'worker', status: 'available', kind: 'emptyNest', commune: at(15), outcome: 'conform' });
  // Conform, then the partner's extract, asked again before a first proposal, came back not clear: suspended, the coordinator's review pending.
  make({ ref: 'O17', by: 'worker', status: 'suspended', kind: 'retiredCouple', commune: at(16), outcome: 'conform_with_remarks', notClearMember: 1 });
  // Inspected and not conform: blocked until the work is done and a new inspection.
  make({ ref: 'O18', by: 'worker', status: 'non_conform', kind: 'retiredAlone', commune: at(17), outcome: 'non_conform' });
  make({ ref: 'O19', by: 'worker', status: 'non_conform', kind: 'tenant', commune: at(18), outcome: 'non_conform' });
  // Conform, then paused by the worker at the host's request.
  make({
    ref: 'O20',
    by: 'worker',
    status: 'paused',
    kind: 'retiredCouple',
    commune: at(19),
    outcome: 'conform',
    pauseReason: 'Les propriétaires accueillent leur petite-fille pendant trois mois ; reprise ensuite.',
  });
  // Conform homes that have hosted, host now or are proposed in followup-demo.ts.
  make({ ref: 'O21', by: 'worker', status: 'available', welcoming: true, kind: 'retiredAlone', commune: rng.pick(COMMUNES), outcome: 'conform' });
  make({ ref: 'O22', by: 'worker', status: 'available', welcoming: true, kind: 'emptyNest', commune: rng.pick(COMMUNES), outcome: 'conform' });
  make({ ref: 'O23', by: 'worker', status: 'available', welcoming: true, kind: 'retiredCouple', commune: rng.pick(COMMUNES), outcome: 'conform' });
  make({ ref: 'O24', by: 'worker', status: 'available', welcoming: true, kind: 'singleParent', commune: rng.pick(COMMUNES), outcome: 'conform_with_remarks' });
  make({ ref: 'O25', by: 'worker', status: 'available', welcoming: true, kind: 'tenant', commune: rng.pick(COMMUNES), outcome: 'conform' });
  make({ ref: 'O26', by: 'worker', status: 'available', welcoming: true, kind: 'retiredAlone', commune: rng.pick(COMMUNES), outcome: 'conform' });
  make({ ref: 'O27', by: 'worker', status: 'available', welcoming: true, kind: 'emptyNest', commune: rng.pick(COMMUNES), outcome: 'conform' });
  make({ ref: 'O28', by: 'worker', status: 'available', welcoming: true, kind: 'retiredCouple', commune: rng.pick(COMMUNES), outcome: 'conform' });
  make({ ref: 'O29', by: 'worker', status: 'available', welcoming: true, kind: 'singleParent', commune: rng.pick(COMMUNES), outcome: 'conform' });
  make({ ref: 'O30', by: 'worker', status: 'available', welcoming: true, kind: 'retiredAlone', commune: rng.pick(COMMUNES), outcome: 'conform' });

  return plans;
}

/** The demo's plain data, from the seed: the same on every machine; dates and birth years relative to `now`. */
export function buildIntakeDemo(now = new Date(), seed = INTAKE_DEMO_SEED): IntakeDemoPlan {
  const rng = new Random(seed);
  const people = new People(rng);
  const offers = buildOffers(rng, people, now);
  const families = buildFamilies(rng, people, now, offers.find((o) => o.by === 'host')!.body.address!.commune!);
  return { families, offers };
}

// ---------------------------------------------------------------------------------------------
// Playing the plan through intake's services.

/** Creates the demo families and offers; returns how many of each. */
export async function seedIntakeDemo(app: App, actors: DemoActors, now = new Date()): Promise<{ families: number; offers: number }> {
  const { families, offers } = app.named.intake;
  const inspections = app.named.conformity.inspections;
  const casework = new FamilyCaseworkService(families);
  const worker = actors.worker;
  // Never mix demo records into a database that already holds families or offers.
  if ((await families.list(worker, { limit: 1 })).total > 0 || (await offers.list(worker, { limit: 1 })).total > 0) return { families: 0, offers: 0 };
  const plan = buildIntakeDemo(now);
  const offerIds = new Map<string, string>();

  for (const o of plan.offers) {
    const by = actors[o.by];
    const created = await offers.create(by, o.body);
    const id = String(created._id);
    offerIds.set(o.ref, id);
    if (o.status === 'draft') continue;
    await offers.submit(by, id, undefined, { acknowledgeBenefitsWarning: true });
    if (o.status === 'submitted') continue;
    for (const reference of o.references) await offers.screening.addReference(worker, id, reference);
    for (const check of o.recordChecks) await offers.screening.recordCheck(worker, id, check);
    // The visit goes through conformity's real service: planned, then reported (or still to come).
    if (!o.inspection) {
      await inspections.schedule(worker, id, {
        scheduledAt: new Date(now.getTime() + (3 + (o.ref.charCodeAt(2) % 7)) * DAY_MS).toISOString(),
        note: 'Première visite.',
      });
      continue;
    }
    const performedAt = new Date(now.getTime() - o.inspection.daysAgo * DAY_MS);
    const visit = await inspections.schedule(worker, id, { scheduledAt: now.toISOString(), note: null });
    const failing: Record<string, string> =
      o.inspection.outcome === 'non_conform'
        ? { 'H-DAMP': 'Moisissure au plafond de la chambre proposée (mur nord).' }
        : o.inspection.outcome === 'conform_with_remarks'
          ? { 'E-BELL': 'Pas encore de boîte aux lettres au nom de la famille.' }
          : {};
    await inspections.report(worker, String(visit._id), {
      performedAt: performedAt.toISOString().slice(0, 10),
      items: ruleSetFor(performedAt).checklist.map((item) => ({
        code: item.code,
        result: failing[item.code] ? 'fail' : 'pass',
        note: failing[item.code] ?? null,
      })),
      rooms: o.body.rooms!.map((r) => ({ kind: r.kind!, surfaceM2: r.surfaceM2!, ceilingHeightM: 2.5 })),
      dwellingSurfaceM2: o.body.dwelling!.netSurfaceM2!,
    });
    if (o.pauseReason) await offers.review(worker, id, { decision: 'pause', reason: o.pauseReason });
    if (o.laterCheck) await offers.screening.recordCheck(worker, id, o.laterCheck);
  }

  for (const f of plan.families) {
    const by = actors[f.by];
    const created = await families.create(by, f.body);
    const id = String(created._id);
    if (f.status === 'draft') continue;
    await families.submit(by, id, { acknowledgeBenefitsWarning: true });
    for (const interview of f.interviews) await casework.addInterview(worker, id, interview);
    if (f.exclusions)
      await casework.setExclusions(worker, id, {
        communes: f.exclusions.communes,
        offerIds: f.exclusions.offerRefs.map((ref) => offerIds.get(ref)!),
        hostIds: [],
        reason: f.exclusions.reason,
      } satisfies ExclusionsInput);
    for (const review of f.reviews) await families.review(actors[review.by], id, review.decision, review.reason ?? undefined);
    if (f.network.length) await casework.setNetwork(worker, id, { contacts: f.network });
    if (f.isolation) await casework.recordIsolation(worker, id, f.isolation);
    if (f.bedroomsOverride) await casework.overrideBedrooms(worker, id, f.bedroomsOverride);
  }
  return { families: plan.families.length, offers: plan.offers.length };
}
