// What a person declares of their own income (SPEC §4, §6.3): the parent on the family application,
// the host on the offer. The family's `source` and `status` are the contract's (SPEC §9); the rest
// is optional, so every body SPEC shows stays valid. docs/benefits.md documents the fields.
import { date } from './schema-parts.js';
import { BENEFIT_SOURCES, BENEFIT_STATUSES, HOST_BENEFIT_SOURCES } from './vocabulary.js';

export type BenefitStatus = (typeof BENEFIT_STATUSES)[number];

interface Optional {
  /** Unemployment benefit is limited in time since 2026: the day the person's right ends, when known. */
  unemploymentEndsOn?: string | null;
  /** Receives the higher Brussels family allowance for single-parent families (null: does not know). */
  singleParentSupplement?: boolean | null;
}

export interface FamilyBenefits extends Optional {
  source: (typeof BENEFIT_SOURCES)[number];
  status: BenefitStatus;
}

export interface HostBenefits extends Optional {
  source: (typeof HOST_BENEFIT_SOURCES)[number];
  /** Required when the source is paid at a rate (offer.rules.ts); a salary or a pension has none (null: ajv wants it in the enum). */
  status?: BenefitStatus | null;
}

const optional = {
  unemploymentEndsOn: { ...date, nullable: true },
  singleParentSupplement: { type: 'boolean', nullable: true },
} as const;

export const familyBenefitsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['source', 'status'],
  properties: { source: { type: 'string', enum: [...BENEFIT_SOURCES] }, status: { type: 'string', enum: [...BENEFIT_STATUSES] }, ...optional },
} as const;

export const hostBenefitsSchema = {
  type: 'object',
  nullable: true,
  additionalProperties: false,
  required: ['source'],
  properties: {
    source: { type: 'string', enum: [...HOST_BENEFIT_SOURCES] },
    status: { type: 'string', enum: [...BENEFIT_STATUSES, null], nullable: true },
    ...optional,
  },
} as const;
