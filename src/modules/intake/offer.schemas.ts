// The host's offer (SPEC §4, §9): complete schema at submission, the same without `required` for drafts.
import type { JSONSchemaType } from 'ajv';
import { COMMUNE_CODES } from '../../kernel/region.js';
import { compileValidator } from '../../kernel/validation.js';
import { hostBenefitsSchema, type HostBenefits } from './benefits.schemas.js';
import { date, draftOf, email, languageCode, nullableText, phone, shortText, type DeepPartial, yearField } from './schema-parts.js';
import { DWELLING_TYPES, PETS, RELATIONS, ROOM_KINDS, SCHEDULES, SERVICES, SEXES, SHARED_SPACES, TENURES } from './vocabulary.js';

export interface OfferApplication {
  host: {
    firstName: string;
    lastName: string;
    email?: string | null;
    phone?: string | null;
    languages: string[];
    isSingleParent: boolean;
    /** `sex`: optional for records from before it was asked; the host's pages ask it for every adult (a survivor may need a home without an adult man). */
    household: { birthYear: number; relation: (typeof RELATIONS)[number]; sex?: (typeof SEXES)[number] | null }[];
    smoker: boolean;
    pets: (typeof PETS)[number][];
  };
  address: { street: string; number: string; postalCode: string; commune: string };
  dwelling: { type: (typeof DWELLING_TYPES)[number]; netSurfaceM2: number; floor: number; elevator: boolean; stepFreeAccess: boolean };
  rooms: { kind: (typeof ROOM_KINDS)[number]; surfaceM2: number; furnished: boolean }[];
  privateBathroom: boolean;
  sharedSpaces: (typeof SHARED_SPACES)[number][];
  contribution: { monthlyRent: number; monthlyCharges: number; servicesWanted: (typeof SERVICES)[number][] };
  availability: { from: string; minDurationMonths: number };
  children: {
    maxCount: number;
    minAge: number;
    maxAge: number;
    /** Children who come and go (alternate weeks, weekends); absent on offers from before it was asked. */
    acceptsVaryingHousehold?: boolean | null;
    /** The children's other parent may come to the home to hand them over; absent: not asked yet. */
    handoversAtHome?: boolean | null;
  };
  acceptsPets: boolean;
  acceptsSmokers: boolean;
  lifestyle: { schedule: (typeof SCHEDULES)[number]; noise: number; guests: number };
  houseRules?: string | null;
  legal: { tenure: (typeof TENURES)[number]; landlordConsent?: boolean | null; fireInsurance: boolean };
  /** The host's own income (SPEC §6.3): asked on the host's pages, optional in the JSON API. */
  benefits?: HostBenefits | null;
}

const level = { type: 'integer', minimum: 1, maximum: 3 } as const;
const money = { type: 'number', minimum: 0, maximum: 5000 } as const;

export const offerSchema: JSONSchemaType<OfferApplication> = {
  type: 'object',
  additionalProperties: false,
  required: [
    'host',
    'address',
    'dwelling',
    'rooms',
    'privateBathroom',
    'sharedSpaces',
    'contribution',
    'availability',
    'children',
    'acceptsPets',
    'acceptsSmokers',
    'lifestyle',
    'legal',
  ],
  properties: {
    host: {
      type: 'object',
      additionalProperties: false,
      required: ['firstName', 'lastName', 'languages', 'isSingleParent', 'household', 'smoker', 'pets'],
      properties: {
        firstName: shortText,
        lastName: shortText,
        email: { ...email, nullable: true },
        phone: { ...phone, nullable: true },
        languages: { type: 'array', items: languageCode, minItems: 1, maxItems: 10, uniqueItems: true },
        isSingleParent: { type: 'boolean' },
        household: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['birthYear', 'relation'],
            properties: { birthYear: yearField, relation: { type: 'string', enum: [...RELATIONS] }, sex: { type: 'string', enum: [...SEXES], nullable: true } },
          },
        },
        smoker: { type: 'boolean' },
        pets: { type: 'array', items: { type: 'string', enum: [...PETS] }, maxItems: 5, uniqueItems: true },
      },
    },
    address: {
      type: 'object',
      additionalProperties: false,
      required: ['street', 'number', 'postalCode', 'commune'],
      properties: {
        street: { type: 'string', minLength: 2, maxLength: 120, pattern: '\\S' },
        number: { type: 'string', minLength: 1, maxLength: 12, pattern: '^[0-9A-Za-z /-]+$' },
        postalCode: { type: 'string', pattern: '^1[0-2][0-9]{2}$' },
        commune: { type: 'string', enum: COMMUNE_CODES },
      },
    },
    dwelling: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'netSurfaceM2', 'floor', 'elevator', 'stepFreeAccess'],
      properties: {
        type: { type: 'string', enum: [...DWELLING_TYPES] },
        netSurfaceM2: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
        floor: { type: 'integer', minimum: -1, maximum: 40 },
        elevator: { type: 'boolean' },
        stepFreeAccess: { type: 'boolean' },
      },
    },
    rooms: {
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'surfaceM2', 'furnished'],
        properties: {
          kind: { type: 'string', enum: [...ROOM_KINDS] },
          surfaceM2: { type: 'number', exclusiveMinimum: 0, maximum: 200 },
          furnished: { type: 'boolean' },
        },
      },
    },
    privateBathroom: { type: 'boolean' },
    sharedSpaces: { type: 'array', items: { type: 'string', enum: [...SHARED_SPACES] }, maxItems: SHARED_SPACES.length, uniqueItems: true },
    contribution: {
      type: 'object',
      additionalProperties: false,
      required: ['monthlyRent', 'monthlyCharges', 'servicesWanted'],
      properties: {
        monthlyRent: money,
        monthlyCharges: money,
        servicesWanted: { type: 'array', items: { type: 'string', enum: [...SERVICES] }, maxItems: SERVICES.length, uniqueItems: true },
      },
    },
    availability: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'minDurationMonths'],
      properties: { from: date, minDurationMonths: { type: 'integer', minimum: 1, maximum: 120 } },
    },
    children: {
      type: 'object',
      additionalProperties: false,
      required: ['maxCount', 'minAge', 'maxAge'],
      // Up to 25: adult children (18–25) living with their parent are part of the family (SPEC §6.1).
      properties: {
        maxCount: { type: 'integer', minimum: 0, maximum: 10 },
        minAge: { type: 'integer', minimum: 0, maximum: 25 },
        maxAge: { type: 'integer', minimum: 0, maximum: 25 },
        acceptsVaryingHousehold: { type: 'boolean', nullable: true },
        handoversAtHome: { type: 'boolean', nullable: true },
      },
    },
    acceptsPets: { type: 'boolean' },
    acceptsSmokers: { type: 'boolean' },
    lifestyle: {
      type: 'object',
      additionalProperties: false,
      required: ['schedule', 'noise', 'guests'],
      properties: { schedule: { type: 'string', enum: [...SCHEDULES] }, noise: level, guests: level },
    },
    houseRules: nullableText(2000),
    legal: {
      type: 'object',
      additionalProperties: false,
      required: ['tenure', 'fireInsurance'],
      properties: { tenure: { type: 'string', enum: [...TENURES] }, landlordConsent: { type: 'boolean', nullable: true }, fireInsurance: { type: 'boolean' } },
    },
    benefits: hostBenefitsSchema,
  },
};

export type OfferDraft = DeepPartial<OfferApplication>;
export const validateOfferDraft = compileValidator<OfferDraft>(draftOf(offerSchema) as JSONSchemaType<OfferDraft>);
export const validateCompleteOffer = compileValidator<OfferApplication>(offerSchema);
