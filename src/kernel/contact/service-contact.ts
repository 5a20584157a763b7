// The service's own contact details (configuration: config/*.json → `contact`), the one answer to
// every "contact us": shown in the page footer, beside those texts (views/partials/contact.njk)
// and at the foot of every e-mail, which comes from an address nobody reads.
import type { JSONSchemaType } from 'ajv';
import type { Language } from '../config.js';
import { inEveryLanguage } from '../validation.js';

export type PerLanguage = Record<Language, string>;

export interface ServiceContact {
  /** As people dial it in Belgium ("02 000 00 00"). */
  phone: string;
  email: string;
  /** The postal address, written as it is in each language (street names in Brussels are bilingual). */
  address: PerLanguage;
  /** When someone answers the phone and the door. */
  hours: PerLanguage;
}

const perLanguage: JSONSchemaType<PerLanguage> = inEveryLanguage;

export const serviceContactSchema: JSONSchemaType<ServiceContact> = {
  type: 'object',
  additionalProperties: false,
  required: ['phone', 'email', 'address', 'hours'],
  properties: {
    phone: { type: 'string', pattern: '^\\+?[0-9][0-9 ./-]{5,}$' },
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' },
    address: perLanguage,
    hours: perLanguage,
  },
};

/** The `tel:` link of a Belgian number as written ("02 000 00 00" → "tel:+3220000000"). */
export function telHref(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '');
  return `tel:${digits.startsWith('+') ? digits : digits.startsWith('00') ? `+${digits.slice(2)}` : `+32${digits.replace(/^0/, '')}`}`;
}
