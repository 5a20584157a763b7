import type { JSONSchemaType } from 'ajv';
import { compileValidator } from '../../kernel/validation.js';

export interface EraseInput {
  reason?: string;
}

export const eraseSchema: JSONSchemaType<EraseInput> = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 3, maxLength: 500, nullable: true } },
};
export const validateErase = compileValidator(eraseSchema);

/** The coordinator's confirmation form: a reason, and the box that says they know it is final. */
export interface EraseFormInput {
  reason: string;
  confirm: 'yes';
}
export const eraseFormSchema: JSONSchemaType<EraseFormInput> = {
  type: 'object',
  additionalProperties: false,
  required: ['reason', 'confirm'],
  properties: { reason: { type: 'string', minLength: 3, maxLength: 500 }, confirm: { type: 'string', const: 'yes' } },
};
export const validateEraseForm = compileValidator(eraseFormSchema);
