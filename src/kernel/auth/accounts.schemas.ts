import { PASSWORD_MIN_LENGTH, type Language } from '../config.js';
import { compileValidator } from '../validation.js';
import type { SelfRegisteredRole, StaffCreatedRole } from './roles.js';

const email = { type: 'string', format: 'email', maxLength: 254 } as const;
const password = { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: 256 } as const;
const name = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
const language = { type: 'string', enum: ['fr', 'nl', 'en'] } as const;

export interface RegistrationInput {
  role: SelfRegisteredRole;
  email: string;
  password: string;
  name: string;
  language: Language;
}
export const validateRegistration = compileValidator<RegistrationInput>({
  type: 'object',
  additionalProperties: false,
  required: ['role', 'email', 'password', 'name', 'language'],
  properties: { role: { type: 'string', enum: ['parent', 'host'] }, email, password, name, language },
});

export interface LoginInput {
  email: string;
  password: string;
}
export const validateLogin = compileValidator<LoginInput>({
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  // A login form checks only shape: the password rule applies when it is chosen, not when typed.
  properties: { email: { type: 'string', minLength: 1, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
});

export interface StaffAccountInput {
  role: StaffCreatedRole;
  email: string;
  name: string;
  language: Language;
  password?: string;
  /** A partner's organisation; kept for partners only. */
  organisation?: string | null;
}
export const validateStaffAccount = compileValidator<StaffAccountInput>({
  type: 'object',
  additionalProperties: false,
  required: ['role', 'email', 'name', 'language'],
  properties: {
    role: { type: 'string', enum: ['worker', 'coordinator', 'partner'] },
    email,
    name,
    language,
    password: { ...password, nullable: true },
    organisation: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S', nullable: true },
  },
});

/** The accounts list's filters (/admin/users, GET /api/v1/users): a name or e-mail, and erased accounts apart. */
export interface UserSearchInput {
  q?: string;
  erased?: 'only' | '';
}
export const validateUserSearch = compileValidator<UserSearchInput>({
  type: 'object',
  additionalProperties: false,
  properties: { q: { type: 'string', maxLength: 100, nullable: true }, erased: { type: 'string', enum: ['only', ''], nullable: true } },
});

/** The query string as given, without `lang` (the language middleware reads it). */
export function parseUserSearch(query: Record<string, unknown>): UserSearchInput {
  const { lang: _lang, ...rest } = query;
  return validateUserSearch(rest);
}

export interface PasswordResetRequestInput {
  email: string;
}
export const validatePasswordResetRequest = compileValidator<PasswordResetRequestInput>({
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: { email },
});

export interface NewPasswordInput {
  token: string;
  password: string;
  confirm: string;
}
export const validateNewPassword = compileValidator<NewPasswordInput>({
  type: 'object',
  additionalProperties: false,
  required: ['token', 'password', 'confirm'],
  properties: { token: { type: 'string', minLength: 20, maxLength: 100 }, password, confirm: { type: 'string', maxLength: 256 } },
});

export interface ProfileInput {
  name: string;
  language: Language;
}
export const validateProfile = compileValidator<ProfileInput>({
  type: 'object',
  additionalProperties: false,
  required: ['name', 'language'],
  properties: { name, language },
});
