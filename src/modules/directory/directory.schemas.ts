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

const line = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;
const entryText = (nullable: boolean) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    nullable,
    properties: { name: line(150), description: { type: 'string', maxLength: 1000, nullable: true } },
  }) as const;

/** The entry's fields (exported for the tests that read every schema's codes). */
export const entryProperties = {
  kind: { type: 'string', enum: [...DIRECTORY_KINDS] },
  commune: { type: 'string', enum: [...COMMUNE_CODES, null], nullable: true },
  names: {
    type: 'object',
    additionalProperties: false,
    required: ['fr'],
    properties: { fr: entryText(false), nl: entryText(true), en: entryText(true) },
  },
  // Every way to reach the service is optional, but at least one is given.
  contact: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    required: [],
    properties: { phone: { ...line(40), pattern: '^[0-9+ ./()-]*[0-9][0-9+ ./()-]*$' }, address: line(200), website: { type: 'string', maxLength: 200, format: 'uri', pattern: '^https?://' }, email: { type: 'string', maxLength: 200, format: 'email' }, hours: line(300) },
  },
} as const;

const checkEntry = compileValidator<EntryInput>({
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'commune', 'names', 'contact'],
  properties: entryProperties,
  // Cast: JSONSchemaType cannot express the shared parts built by entryText(nullable); the interface above is the contract.
} as unknown as JSONSchemaType<EntryInput>);

const checkEntryChange = compileValidator<EntryChange>({
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
  // Cast, as for checkEntry: the shared parts are built by entryText(nullable), which JSONSchemaType cannot follow.
} as unknown as JSONSchemaType<EntryChange>);

/** "Not valid" says nothing of an empty contact: say that one way to reach the service is needed. */
function sayingWhatContactNeeds<T>(check: (data: unknown) => T): (data: unknown) => T {
  return (data) => {
    try {
      return check(data);
    } catch (error) {
      if (error instanceof ValidationError) for (const d of error.details) if (d.path === '/contact' && d.messageKey === 'validation.invalid') d.messageKey = 'directory.errors.contactRequired';
      throw error;
    }
  };
}
export const validateEntry = sayingWhatContactNeeds(checkEntry);
export const validateEntryChange = sayingWhatContactNeeds(checkEntryChange);
