// Bodies of the directory (API and pages share them): an entry, and a change of one.
import { COMMUNE_CODES } from '../../kernel/region.js';
import { ValidationError } from '../../kernel/errors.js';
import { compileValidator } from '../../kernel/validation.js';
import type { JSONSchemaType } from 'ajv';
import { DIRECTORY_KINDS, type DirectoryKind } from './directory.model.js';

export interface EntryText {
  name: string;
  description?: string | null;
}
export interface EntryContact {
  phone?: string;
  address?: string;
  website?: string;
  email?: string;
  hours?: string;
}
export interface EntryInput {
  kind: DirectoryKind;
  /** A commune's NIS code, or null for the whole region. */
  commune: string | null;
  names: { fr: EntryText; nl?: EntryText | null; en?: EntryText | null };
  contact: EntryContact;
}
export type EntryChange = Partial<EntryInput> & { retired?: boolean };

/**
 * The entry as its schema types it. The project compiles with `exactOptionalPropertyTypes`, under
 * which Ajv's JSONSchemaType cannot describe a property that is required and may be null (and only
 * required members may be listed in `required`): `commune` is typed optional here, and checkEntry
 * refuses a body without it (422 naming /commune, with Ajv's other errors), so what it hands on is
 * the EntryInput above (commune present: a code, or null for the whole region).
 */
type EntryBody = Omit<EntryInput, 'commune'> & { commune?: string | null };

const line = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;
const entryText = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: line(150), description: { type: 'string', maxLength: 1000, nullable: true } },
} as const;
const contactLine = (max: number) => ({ ...line(max), nullable: true }) as const;

/** The entry's fields (exported for the tests that read every schema's codes). */
export const entryProperties = {
  kind: { type: 'string', enum: [...DIRECTORY_KINDS] },
  commune: { type: 'string', enum: [...COMMUNE_CODES, null], nullable: true },
  names: {
    type: 'object',
    additionalProperties: false,
    required: ['fr'],
    properties: { fr: entryText, nl: { ...entryText, nullable: true }, en: { ...entryText, nullable: true } },
  },
  // Every way to reach the service is optional, but at least one is given.
  contact: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    required: [],
    properties: {
      phone: { ...contactLine(40), pattern: '^[0-9+ ./()-]*[0-9][0-9+ ./()-]*$' },
      address: contactLine(200),
      website: { type: 'string', maxLength: 200, format: 'uri', pattern: '^https?://', nullable: true },
      email: { type: 'string', maxLength: 200, format: 'email', nullable: true },
      hours: contactLine(300),
    },
  },
} as const;

const entrySchema: JSONSchemaType<EntryBody> = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'names', 'contact'],
  properties: entryProperties,
};
const checkEntryBody = compileValidator<EntryBody>(entrySchema);
const checkEntry = (data: unknown): EntryInput => {
  const noCommune =
    data !== null && typeof data === 'object' && !Array.isArray(data) && !Object.hasOwn(data, 'commune')
      ? [{ path: '/commune', messageKey: 'validation.required' }]
      : [];
  let body: EntryBody;
  try {
    body = checkEntryBody(data);
  } catch (error) {
    if (error instanceof ValidationError) error.details.push(...noCommune);
    throw error;
  }
  if (noCommune.length) throw new ValidationError(noCommune);
  return { ...body, commune: body.commune ?? null };
};

const entryChangeSchema: JSONSchemaType<EntryChange> = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  required: [],
  properties: {
    kind: { ...entryProperties.kind, nullable: true },
    commune: entryProperties.commune,
    names: { ...entryProperties.names, nullable: true },
    contact: { ...entryProperties.contact, nullable: true },
    retired: { type: 'boolean', nullable: true },
  },
};
const checkEntryChange = compileValidator<EntryChange>(entryChangeSchema);

/**
 * "Not valid" says nothing of an empty contact: say that one way to reach the service is needed.
 * A way given as null (the schema lets each be null, see EntryBody) is no way: dropped, and a
 * contact left empty is refused the same.
 */
function sayingWhatContactNeeds<T extends { contact?: EntryContact | null }>(check: (data: unknown) => T): (data: unknown) => T {
  return (data) => {
    let value: T;
    try {
      value = check(data);
    } catch (error) {
      if (error instanceof ValidationError)
        for (const d of error.details) if (d.path === '/contact' && d.messageKey === 'validation.invalid') d.messageKey = 'directory.errors.contactRequired';
      throw error;
    }
    if (!value.contact) return value;
    const contact = Object.fromEntries(Object.entries(value.contact).filter(([, v]) => v !== null && v !== undefined)) as EntryContact;
    if (Object.keys(contact).length === 0) throw new ValidationError([{ path: '/contact', messageKey: 'directory.errors.contactRequired' }]);
    return { ...value, contact };
  };
}
export const validateEntry = sayingWhatContactNeeds(checkEntry);
export const validateEntryChange = sayingWhatContactNeeds(checkEntryChange);
