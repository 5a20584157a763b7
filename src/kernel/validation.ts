// One Ajv instance for the whole app. Schemas are compiled once, at module load, through
// `compileValidator`; a failed validation throws a ValidationError whose details name each field
// by JSON pointer with an i18n key, so the API and the pages show it in the user's language.
import { Ajv, type ErrorObject, type JSONSchemaType } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationError, type ErrorDetail } from './errors.js';

export const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false, removeAdditional: false });
// Under NodeNext the default import of this CommonJS package is its module.exports object; its `default` is the plugin.
addFormats.default(ajv);

/**
 * What code that walks a schema reads of it (form coercion, the steps' required parts, field order):
 * every ajv schema, `JSONSchemaType<T>` included, is one; other keywords are there but not read.
 */
export interface SchemaNode {
  type?: string | readonly string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: readonly string[];
  nullable?: boolean;
  [keyword: string]: unknown;
}

/** A text in each of the three languages, none empty (the config files: rule sets, policy, benefits rules, contact). */
export const inEveryLanguage = {
  type: 'object',
  additionalProperties: false,
  required: ['fr', 'nl', 'en'],
  properties: { fr: { type: 'string', minLength: 1 }, nl: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
} as const;
export const positiveNumber = { type: 'number', exclusiveMinimum: 0 } as const;

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toDetail(error: ErrorObject): ErrorDetail {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: `${error.instancePath}/${escapePointer(String(p.missingProperty))}`, messageKey: 'validation.required' };
    case 'additionalProperties':
      return { path: `${error.instancePath}/${escapePointer(String(p.additionalProperty))}`, messageKey: 'validation.unknownField' };
    case 'type':
      return { path: error.instancePath || '/', messageKey: `validation.type.${String(p.type).split(',')[0]}` };
    case 'minLength':
      // "At least 1 character" is how a machine says the field is empty.
      if (Number(p.limit) === 1) return { path: error.instancePath || '/', messageKey: 'validation.required' };
      return { path: error.instancePath || '/', messageKey: 'validation.minLength', params: { limit: Number(p.limit) } };
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
      return { path: error.instancePath || '/', messageKey: `validation.${error.keyword}`, params: { limit: Number(p.limit) } };
    case 'format':
      return { path: error.instancePath || '/', messageKey: `validation.format.${String(p.format)}` };
    case 'enum':
      return { path: error.instancePath || '/', messageKey: 'validation.enum', params: { allowed: (p.allowedValues as unknown[]).join(', ') } };
    case 'const':
      return { path: error.instancePath || '/', messageKey: 'validation.const' };
    default:
      return { path: error.instancePath || '/', messageKey: 'validation.invalid' };
  }
}

/** Several ajv errors can name one field (e.g. type and enum): keep the first per field. */
export function toDetails(errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue;
    const detail = toDetail(error);
    if (seen.has(detail.path)) continue;
    seen.add(detail.path);
    out.push(detail);
  }
  return out;
}

export type Validator<T> = (data: unknown) => T;

/** The same check as a type guard, for code that only needs to know whether a value passes. */
export function compileGuard<T>(schema: JSONSchemaType<T>): (data: unknown) => data is T {
  return ajv.compile(schema);
}

export function compileValidator<T>(schema: JSONSchemaType<T>): Validator<T> {
  const validate = ajv.compile(schema);
  return (data: unknown): T => {
    if (validate(data)) return data;
    throw new ValidationError(toDetails(validate.errors));
  };
}
