// Bodies of the worker's casework on a family or an offer (pages and API share them).
import { COMMUNE_CODES } from '../../kernel/region.js';
import { compileValidator } from '../../kernel/validation.js';
import { date, nullableText, shortText } from './schema-parts.js';
import { INTRODUCTION_OUTCOMES, ISOLATION_CRITERIA, NETWORK_KINDS, type IsolationCriterion } from './vocabulary.js';

const objectId = { type: 'string', pattern: '^[0-9a-fA-F]{24}$' } as const;
const reason = { type: 'string', minLength: 1, maxLength: 2000, pattern: '\\S' } as const;

export interface ReviewInput {
  decision: 'activate' | 'hold' | 'reject';
  reason?: string | null;
}
export const validateReview = compileValidator<ReviewInput>({
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: { decision: { type: 'string', enum: ['activate', 'hold', 'reject'] }, reason: { type: 'string', maxLength: 2000, nullable: true } },
});

export interface OfferReviewInput {
  decision: 'pause' | 'resume' | 'close';
  reason?: string | null;
}
export const validateOfferReview = compileValidator<OfferReviewInput>({
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: { decision: { type: 'string', enum: ['pause', 'resume', 'close'] }, reason: { type: 'string', maxLength: 2000, nullable: true } },
});

export interface AssignmentInput {
  workerId: string;
}
export const validateAssignment = compileValidator<AssignmentInput>({
  type: 'object',
  additionalProperties: false,
  required: ['workerId'],
  properties: { workerId: objectId },
});

export interface InterviewInput {
  date: string;
  summary: string;
  supportNeeds?: string | null;
  resources?: string | null;
}
export const validateInterview = compileValidator<InterviewInput>({
  type: 'object',
  additionalProperties: false,
  required: ['date', 'summary'],
  properties: {
    date,
    summary: { type: 'string', minLength: 1, maxLength: 5000, pattern: '\\S' },
    supportNeeds: nullableText(3000),
    resources: nullableText(3000),
  },
});

export interface NetworkContact {
  kind: (typeof NETWORK_KINDS)[number];
  name: string;
  relation?: string | null;
  canHelpWith?: string | null;
  contact?: string | null;
}
export interface NetworkInput {
  contacts: NetworkContact[];
}
/** The contacts of a network map (also a check-in's, in followup's schema). */
export const networkContactsSchema = {
  type: 'array',
  maxItems: 30,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'name'],
    properties: {
      kind: { type: 'string', enum: [...NETWORK_KINDS] },
      name: shortText,
      relation: nullableText(100),
      canHelpWith: nullableText(300),
      contact: nullableText(150),
    },
  },
} as const;
export const validateNetwork = compileValidator<NetworkInput>({
  type: 'object',
  additionalProperties: false,
  required: ['contacts'],
  properties: { contacts: networkContactsSchema },
});

/** The isolation criteria met (a check-in asks the same list as the family's record). */
export const isolationCriteriaSchema = {
  type: 'array',
  items: { type: 'string', enum: [...ISOLATION_CRITERIA] },
  uniqueItems: true,
  maxItems: ISOLATION_CRITERIA.length,
} as const;

export interface IntroductionInput {
  entryId: string;
  date: string;
  note?: string | null;
}
export const validateIntroduction = compileValidator<IntroductionInput>({
  type: 'object',
  additionalProperties: false,
  required: ['entryId', 'date'],
  properties: { entryId: objectId, date, note: nullableText(2000) },
});

export interface IntroductionOutcomeInput {
  outcome: (typeof INTRODUCTION_OUTCOMES)[number];
  /** The outcome the worker was looking at (null: none yet): a compare-and-set. */
  seen?: (typeof INTRODUCTION_OUTCOMES)[number] | null;
}
export const validateIntroductionOutcome = compileValidator<IntroductionOutcomeInput>({
  type: 'object',
  additionalProperties: false,
  required: ['outcome'],
  properties: {
    outcome: { type: 'string', enum: [...INTRODUCTION_OUTCOMES] },
    seen: { type: 'string', enum: [...INTRODUCTION_OUTCOMES, null], nullable: true },
  },
});

export interface IsolationInput {
  criteria: IsolationCriterion[];
  note?: string | null;
}
export const validateIsolation = compileValidator<IsolationInput>({
  type: 'object',
  additionalProperties: false,
  required: ['criteria'],
  properties: { criteria: isolationCriteriaSchema, note: nullableText(3000) },
});

/** value null or absent: back to the computed number. */
export interface BedroomsOverrideInput {
  value?: number | null;
  reason?: string | null;
}
export const validateBedroomsOverride = compileValidator<BedroomsOverrideInput>({
  type: 'object',
  additionalProperties: false,
  properties: { value: { type: 'integer', minimum: 1, maximum: 8, nullable: true }, reason: { type: 'string', maxLength: 1000, nullable: true } },
});

export interface ExclusionsInput {
  communes: string[];
  offerIds: string[];
  hostIds: string[];
  reason?: string | null;
}
export const validateExclusions = compileValidator<ExclusionsInput>({
  type: 'object',
  additionalProperties: false,
  required: ['communes', 'offerIds', 'hostIds'],
  properties: {
    communes: { type: 'array', items: { type: 'string', enum: COMMUNE_CODES }, uniqueItems: true, maxItems: 19 },
    offerIds: { type: 'array', items: objectId, uniqueItems: true, maxItems: 100 },
    hostIds: { type: 'array', items: objectId, uniqueItems: true, maxItems: 100 },
    reason: { type: 'string', maxLength: 1000, nullable: true },
  },
});

export interface ReferenceInput {
  name: string;
  relation: string;
  contact?: string | null;
  outcome: 'positive' | 'reserved' | 'negative';
  note?: string | null;
}
export const validateReference = compileValidator<ReferenceInput>({
  type: 'object',
  additionalProperties: false,
  required: ['name', 'relation', 'outcome'],
  properties: {
    name: shortText,
    relation: shortText,
    contact: nullableText(150),
    outcome: { type: 'string', enum: ['positive', 'reserved', 'negative'] },
    note: nullableText(2000),
  },
});

export interface RecordCheckInput {
  memberIndex: number;
  seenOn: string;
  result: 'clear' | 'not_clear';
}
export const validateRecordCheck = compileValidator<RecordCheckInput>({
  type: 'object',
  additionalProperties: false,
  required: ['memberIndex', 'seenOn', 'result'],
  properties: { memberIndex: { type: 'integer', minimum: 0, maximum: 9 }, seenOn: date, result: { type: 'string', enum: ['clear', 'not_clear'] } },
});

export interface ReferenceResolutionInput {
  reason: string;
}
export const validateReferenceResolution = compileValidator<ReferenceResolutionInput>({
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason },
});

/** A coordinator's review of a suspended offer (SPEC §3, §11 OFFER_SUSPENDED): the reason is required. */
export interface SuspensionReviewInput {
  decision: 'lift' | 'close';
  reason: string;
}
export const validateSuspensionReview = compileValidator<SuspensionReviewInput>({
  type: 'object',
  additionalProperties: false,
  required: ['decision', 'reason'],
  properties: { decision: { type: 'string', enum: ['lift', 'close'] }, reason },
});

export { reason as reasonSchema };
