// What a worker posts to link a parent's account to a family (or a host's to an offer), and the
// family's answer about its referring partner as the worker records it after a conversation.
import { compileValidator } from '../../kernel/validation.js';
import { date, email } from './schema-parts.js';

export interface AccountLinkInput {
  email: string;
}
export const validateAccountLink = compileValidator<AccountLinkInput>({
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: { email },
});

/**
 * The family's consent that its referring partner be told of key steps. The parent on their own page
 * gives `consent` alone; staff recording what the family said (orally, by phone) also say who in the
 * family said it and on which day (`givenBy`, `givenOn`: required for staff, by the service).
 */
export interface PartnerConsentInput {
  consent: boolean;
  givenBy?: string | null;
  givenOn?: string | null;
}
export const validatePartnerConsent = compileValidator<PartnerConsentInput>({
  type: 'object',
  additionalProperties: false,
  required: ['consent'],
  properties: {
    consent: { type: 'boolean' },
    givenBy: { type: 'string', minLength: 1, maxLength: 200, nullable: true },
    givenOn: { ...date, nullable: true },
  },
});
