// The ledger's bodies (SPEC §9): a service given or a cost paid, and the other household's answer.
// Unknown fields are refused; the rules (ledger.rules.ts) check what a schema cannot (cents, sums, weeks).
import type { JSONSchemaType } from 'ajv';
import { compileValidator } from '../../kernel/validation.js';
import { EXCHANGE_CODES } from './followup.schemas.js';

const date = { type: 'string', format: 'date' } as const;
const party = { type: 'string', enum: ['family', 'host'] } as const;

export interface ServiceInput {
  kind: 'service';
  code: (typeof EXCHANGE_CODES)[number];
  hours: number;
  date: string;
  givenBy: 'family' | 'host';
}
export interface CostInput {
  kind: 'cost';
  label: string;
  amount: number;
  date: string;
  paidBy: 'family' | 'host';
  /** Each household's share in euros; the two add up to the amount. */
  split: { family: number; host: number };
}
export type LedgerInput = ServiceInput | CostInput;

const serviceSchema: JSONSchemaType<ServiceInput> = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'code', 'hours', 'date', 'givenBy'],
  properties: {
    kind: { type: 'string', const: 'service' },
    // personal_care is in the vocabulary so that the rules refuse it with SERVICES_OVER_LIMIT.
    code: { type: 'string', enum: [...EXCHANGE_CODES] },
    hours: { type: 'number', exclusiveMinimum: 0, maximum: 24 },
    date,
    givenBy: party,
  },
};
const share = { type: 'number', minimum: 0, maximum: 10000 } as const;
const costSchema: JSONSchemaType<CostInput> = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'label', 'amount', 'date', 'paidBy', 'split'],
  properties: {
    kind: { type: 'string', const: 'cost' },
    label: { type: 'string', minLength: 1, maxLength: 120 },
    amount: { type: 'number', exclusiveMinimum: 0, maximum: 10000 },
    date,
    paidBy: party,
    split: { type: 'object', additionalProperties: false, required: ['family', 'host'], properties: { family: share, host: share } },
  },
};
const validateService = compileValidator(serviceSchema);
const validateCost = compileValidator(costSchema);
const validateKind = compileValidator<{ kind: 'service' | 'cost' }>({
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string', enum: ['service', 'cost'] } },
});

/** One schema per kind, so the errors name the fields of the kind asked for (not of both branches). */
export function validateLedgerEntry(body: unknown): LedgerInput {
  const { kind } = validateKind(body);
  return kind === 'service' ? validateService(body) : validateCost(body);
}

export interface ConfirmationInput {
  confirmed: boolean;
  reason?: string | null;
}
export const validateConfirmation = compileValidator<ConfirmationInput>({
  type: 'object',
  additionalProperties: false,
  required: ['confirmed'],
  properties: { confirmed: { type: 'boolean' }, reason: { type: 'string', maxLength: 300, nullable: true } },
});
