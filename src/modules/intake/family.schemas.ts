// The family application (SPEC §4, §9): one typed schema for the complete application, used at
// submission; drafts are checked by the same schema with its `required` lists removed, so a
// draft keeps every type and range rule but may be incomplete.
import type { JSONSchemaType } from 'ajv';
import { COMMUNE_CODES } from '../../kernel/region.js';
import { compileValidator } from '../../kernel/validation.js';
import { CUSTODY, PETS, SCHEDULES, SCHOOL_KINDS, SERVICES, SEXES, SITUATIONS } from './vocabulary.js';
import { familyBenefitsSchema, type FamilyBenefits } from './benefits.schemas.js';
import { date, draftOf, email, languageCode, nullableText, phone, shortText, type DeepPartial, yearField } from './schema-parts.js';

/** A child's school or crèche (issue 18): matching weighs the distance; `mustKeep` makes it a hard constraint. */
export interface ChildSchool {
  commune: string;
  postalCode?: string | null;
  kind: (typeof SCHOOL_KINDS)[number];
  /** The child must stay at this school (e.g. no change of school in the middle of the year). */
  mustKeep: boolean;
}

export interface Child {
  birthYear: number;
  /** 1–12, when known: ages are exact at the move-in date (without it, born on 1 July; SPEC §6.1). */
  birthMonth?: number | null;
  sex: (typeof SEXES)[number];
  custody: (typeof CUSTODY)[number];
  specialNeeds?: string | null;
  /** A disability that needs a room of the child's own (SPEC §6.1). */
  needsOwnRoom?: boolean | null;
  school?: ChildSchool | null;
}

export interface Referral {
  organisation: string;
  contactName: string;
  contactEmail: string;
  note?: string | null;
  /** The family agreed to be referred (the partner's page requires it; the API records it when sent). */
  familyConsent?: boolean | null;
  /** The family agrees that the partner be told when it is housed and when a cohabitation ends. */
  updatesConsent?: boolean | null;
}

export interface FamilyApplication {
  parent: {
    firstName: string;
    lastName: string;
    birthYear: number;
    email?: string | null;
    phone?: string | null;
    languages: string[];
    preferredLanguage: string;
  };
  children: Child[];
  expectedChild?: { dueDate: string } | null;
  situation: {
    current: (typeof SITUATIONS)[number];
    urgency: number;
    confidentialAddress: boolean;
    description?: string | null;
    /** A survivor's safety needs (sealed, never shown to hosts or partners): handovers of the children never at the host's home… */
    handoversAwayFromHome?: boolean | null;
    /** …and no adult man living in the home. */
    noAdultMan?: boolean | null;
  };
  needs: {
    moveInFrom: string;
    moveInBy: string;
    minDurationMonths: number;
    maxMonthlyContribution: number;
    communes: string[];
    communesRequired: boolean;
    stepFreeAccess: boolean;
    privateBathroomRequired: boolean;
    pets: (typeof PETS)[number][];
    smoker: boolean;
    acceptsSmokingHousehold: boolean;
  };
  lifestyle: { schedule: (typeof SCHEDULES)[number]; noise: number; guests: number };
  servicesOffered: (typeof SERVICES)[number][];
  benefits: FamilyBenefits;
  consents: { dataProcessing: boolean; shareProfile: boolean };
  referral?: Referral | null;
}

const level = { type: 'integer', minimum: 1, maximum: 3 } as const;

export const referralSchema: JSONSchemaType<Referral> = {
  type: 'object',
  additionalProperties: false,
  required: ['organisation', 'contactName', 'contactEmail'],
  properties: {
    organisation: shortText,
    contactName: shortText,
    contactEmail: email,
    note: nullableText(2000),
    familyConsent: { type: 'boolean', nullable: true },
    updatesConsent: { type: 'boolean', nullable: true },
  },
};

export const familySchema: JSONSchemaType<FamilyApplication> = {
  type: 'object',
  additionalProperties: false,
  required: ['parent', 'children', 'situation', 'needs', 'lifestyle', 'servicesOffered', 'benefits', 'consents'],
  properties: {
    parent: {
      type: 'object',
      additionalProperties: false,
      required: ['firstName', 'lastName', 'birthYear', 'languages', 'preferredLanguage'],
      properties: {
        firstName: shortText,
        lastName: shortText,
        birthYear: yearField,
        email: { ...email, nullable: true },
        phone: { ...phone, nullable: true },
        languages: { type: 'array', items: languageCode, minItems: 1, maxItems: 10, uniqueItems: true },
        preferredLanguage: languageCode,
      },
    },
    children: {
      type: 'array',
      maxItems: 12,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['birthYear', 'sex', 'custody'],
        properties: {
          birthYear: yearField,
          birthMonth: { type: 'integer', minimum: 1, maximum: 12, nullable: true },
          sex: { type: 'string', enum: [...SEXES] },
          custody: { type: 'string', enum: [...CUSTODY] },
          specialNeeds: nullableText(1000),
          needsOwnRoom: { type: 'boolean', nullable: true },
          school: {
            type: 'object',
            nullable: true,
            additionalProperties: false,
            required: ['commune', 'kind', 'mustKeep'],
            properties: {
              commune: { type: 'string', enum: COMMUNE_CODES },
              postalCode: { type: 'string', pattern: '^1[0-2][0-9]{2}$', nullable: true },
              kind: { type: 'string', enum: [...SCHOOL_KINDS] },
              mustKeep: { type: 'boolean' },
            },
          },
        },
      },
    },
    expectedChild: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['dueDate'],
      properties: { dueDate: date },
    },
    situation: {
      type: 'object',
      additionalProperties: false,
      required: ['current', 'urgency', 'confidentialAddress'],
      properties: {
        current: { type: 'string', enum: [...SITUATIONS] },
        urgency: { type: 'integer', minimum: 1, maximum: 4 },
        confidentialAddress: { type: 'boolean' },
        description: nullableText(2000),
        handoversAwayFromHome: { type: 'boolean', nullable: true },
        noAdultMan: { type: 'boolean', nullable: true },
      },
    },
    needs: {
      type: 'object',
      additionalProperties: false,
      required: [
        'moveInFrom',
        'moveInBy',
        'minDurationMonths',
        'maxMonthlyContribution',
        'communes',
        'communesRequired',
        'stepFreeAccess',
        'privateBathroomRequired',
        'pets',
        'smoker',
        'acceptsSmokingHousehold',
      ],
      properties: {
        moveInFrom: date,
        moveInBy: date,
        minDurationMonths: { type: 'integer', minimum: 1, maximum: 120 },
        maxMonthlyContribution: { type: 'number', minimum: 0, maximum: 5000 },
        communes: { type: 'array', items: { type: 'string', enum: COMMUNE_CODES }, maxItems: 19, uniqueItems: true },
        communesRequired: { type: 'boolean' },
        stepFreeAccess: { type: 'boolean' },
        privateBathroomRequired: { type: 'boolean' },
        pets: { type: 'array', items: { type: 'string', enum: [...PETS] }, maxItems: 5, uniqueItems: true },
        smoker: { type: 'boolean' },
        acceptsSmokingHousehold: { type: 'boolean' },
      },
    },
    lifestyle: {
      type: 'object',
      additionalProperties: false,
      required: ['schedule', 'noise', 'guests'],
      properties: { schedule: { type: 'string', enum: [...SCHEDULES] }, noise: level, guests: level },
    },
    servicesOffered: { type: 'array', items: { type: 'string', enum: [...SERVICES] }, maxItems: SERVICES.length, uniqueItems: true },
    benefits: familyBenefitsSchema,
    consents: {
      type: 'object',
      additionalProperties: false,
      required: ['dataProcessing', 'shareProfile'],
      properties: { dataProcessing: { type: 'boolean' }, shareProfile: { type: 'boolean' } },
    },
    referral: { ...referralSchema, nullable: true },
  },
};

export type FamilyDraft = DeepPartial<FamilyApplication>;
export const validateFamilyDraft = compileValidator<FamilyDraft>(draftOf(familySchema) as JSONSchemaType<FamilyDraft>);
export const validateCompleteFamily = compileValidator<FamilyApplication>(familySchema);
