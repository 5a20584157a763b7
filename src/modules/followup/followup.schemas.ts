import { compileValidator } from '../../kernel/validation.js';
import { END_REASONS, INCIDENT_KINDS, SEVERITIES } from './cohabitation.model.js';
import { isolationCriteriaSchema, networkContactsSchema, SERVICES, type IsolationCriterion, type NetworkContact } from '../intake/index.js';
import { FALLBACK_HOMES } from './rehousing.schemas.js';

const objectId = { type: 'string', pattern: '^[0-9a-fA-F]{24}$' } as const;
const date = { type: 'string', format: 'date' } as const;
const text = (max: number) => ({ type: 'string', maxLength: max, nullable: true }) as const;

/** The services vocabulary of the applications, plus what can never be exchanged (refused by followup.rules.ts, not by the schema, so it answers SERVICES_OVER_LIMIT). */
export const EXCHANGE_CODES = [...SERVICES, 'personal_care'] as const;
export interface ServiceExchanged {
  code: (typeof EXCHANGE_CODES)[number];
  hoursPerWeek: number;
}
export interface CreateInput {
  proposalId: string;
  startDate: string;
  agreement: {
    monthlyContribution: number;
    servicesExchanged: ServiceExchanged[];
    houseRules: string;
    sharedSpacesSchedule?: string | null;
    trialDays?: number | null;
    noticeDays?: number | null;
    durationMonths?: number | null;
  };
}
export const validateCreate = compileValidator<CreateInput>({
  type: 'object',
  additionalProperties: false,
  required: ['proposalId', 'startDate', 'agreement'],
  properties: {
    proposalId: objectId,
    startDate: date,
    agreement: {
      type: 'object',
      additionalProperties: false,
      required: ['monthlyContribution', 'servicesExchanged', 'houseRules'],
      properties: {
        monthlyContribution: { type: 'number', minimum: 0, maximum: 5000 },
        servicesExchanged: {
          type: 'array',
          maxItems: 20,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['code', 'hoursPerWeek'],
            properties: { code: { type: 'string', enum: [...EXCHANGE_CODES] }, hoursPerWeek: { type: 'number', exclusiveMinimum: 0, maximum: 40 } },
          },
        },
        houseRules: { type: 'string', maxLength: 4000 },
        /** Who uses the kitchen, bathroom, living room when: written together (SPEC §7). */
        sharedSpacesSchedule: { type: 'string', maxLength: 3000, nullable: true },
        trialDays: { type: 'integer', minimum: 7, maximum: 90, nullable: true },
        noticeDays: { type: 'integer', minimum: 7, maximum: 180, nullable: true },
        durationMonths: { type: 'integer', minimum: 1, maximum: 120, nullable: true },
      },
    },
  },
});

export interface SignInput {
  party?: 'family' | 'host' | null;
}
export const validateSign = compileValidator<SignInput>({
  type: 'object',
  additionalProperties: false,
  properties: { party: { type: 'string', enum: ['family', 'host'], nullable: true } },
});

const wellbeing = { type: 'integer', minimum: 1, maximum: 5 } as const;
export interface CheckinInput {
  date: string;
  party: 'family' | 'host' | 'both';
  wellbeing: { family: number; host: number; children: number };
  conflictLevel: number;
  isolationScore?: number | null;
  /** The isolation criteria met (the family's record's list): the score is their count. */
  isolationCriteria?: IsolationCriterion[] | null;
  /** The network map, when the worker updated it at this check-in: a snapshot on the family. */
  network?: { contacts: NetworkContact[] } | null;
  note?: string | null;
  /** The check-in's own id, from its form (or the API client): the same check-in posted twice is kept once. */
  checkinId?: string | null;
  /** Directory entries proposed to the family during this check-in: each recorded once as an introduction. */
  introductions?: string[] | null;
}
export const validateCheckin = compileValidator<CheckinInput>({
  type: 'object',
  additionalProperties: false,
  required: ['date', 'party', 'wellbeing', 'conflictLevel'],
  properties: {
    date,
    party: { type: 'string', enum: ['family', 'host', 'both'] },
    wellbeing: {
      type: 'object',
      additionalProperties: false,
      required: ['family', 'host', 'children'],
      properties: { family: wellbeing, host: wellbeing, children: wellbeing },
    },
    conflictLevel: { type: 'integer', minimum: 0, maximum: 3 },
    isolationScore: { type: 'integer', minimum: 0, maximum: 4, nullable: true },
    isolationCriteria: { ...isolationCriteriaSchema, nullable: true },
    network: { type: 'object', additionalProperties: false, required: ['contacts'], nullable: true, properties: { contacts: networkContactsSchema } },
    note: text(5000),
    checkinId: { type: 'string', pattern: '^[0-9a-f]{24}$', nullable: true },
    introductions: { type: 'array', maxItems: 30, uniqueItems: true, items: { type: 'string', pattern: '^[0-9a-f]{24}$' }, nullable: true },
  },
});

export interface IncidentInput {
  date: string;
  kind: (typeof INCIDENT_KINDS)[number];
  severity: (typeof SEVERITIES)[number];
  description: string;
  /** The form's own id: the same form posted twice is the same incident (recorded and alerted once). */
  incidentId?: string | null;
}
export const validateIncident = compileValidator<IncidentInput>({
  type: 'object',
  additionalProperties: false,
  required: ['date', 'kind', 'severity', 'description'],
  properties: {
    date,
    kind: { type: 'string', enum: [...INCIDENT_KINDS] },
    severity: { type: 'string', enum: [...SEVERITIES] },
    description: { type: 'string', minLength: 1, maxLength: 5000, pattern: '\\S' },
    incidentId: { type: 'string', pattern: '^[0-9a-f]{24}$', nullable: true },
  },
});

export interface EndInput {
  date: string;
  reason: (typeof END_REASONS)[number];
  exitNote?: string | null;
  /** Where the family and the host are referred onwards (services, housing, partners). */
  referrals?: string | null;
  /** Rehousing plan (rehousing.schemas.ts): where the family goes meanwhile, and a sealed note. */
  fallbackHome?: (typeof FALLBACK_HOMES)[number] | null;
  fallbackNote?: string | null;
}
export const validateEnd = compileValidator<EndInput>({
  type: 'object',
  additionalProperties: false,
  required: ['date', 'reason'],
  properties: {
    date,
    reason: { type: 'string', enum: [...END_REASONS] },
    exitNote: text(5000),
    referrals: text(3000),
    fallbackHome: { type: 'string', enum: [...FALLBACK_HOMES], nullable: true },
    fallbackNote: text(2000),
  },
});

export interface MediationInput {
  date: string;
  participants: string;
  summary: string;
  agreements?: string | null;
}
export const validateMediation = compileValidator<MediationInput>({
  type: 'object',
  additionalProperties: false,
  required: ['date', 'participants', 'summary'],
  properties: {
    date,
    participants: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S' },
    summary: { type: 'string', minLength: 1, maxLength: 5000, pattern: '\\S' },
    agreements: text(3000),
  },
});

export interface ChecklistInput {
  done: boolean;
  /** The day it became true (default: today); only with `done: true`. */
  date?: string | null;
}
export const validateChecklist = compileValidator<ChecklistInput>({
  type: 'object',
  additionalProperties: false,
  required: ['done'],
  properties: { done: { type: 'boolean' }, date: { ...date, nullable: true } },
});
