// What the service knows of the benefits rules that sharing a home touches (SPEC §6.3): the time
// limit of unemployment benefit, who may share a home without losing the pension income guarantee's
// higher amount, the days to register at the new address, and the public source of each, with the
// day it was last reviewed and until when it holds. Dated files in config/benefits/<id>.json, like
// the rule sets: a change of the rules is a new file, never code. No amount is kept: amounts are
// indexed several times a year, and the payer's letter says the person's own.
import { join } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import type { Language } from './config.js';
import { inForceOn, loadDatedFiles } from './dated-files.js';
import { ajv, inEveryLanguage } from './validation.js';

export const BENEFIT_SOURCE_KEYS = ['integrationIncome', 'unemployment', 'pension', 'disability', 'familyAllowance'] as const;
export type BenefitSourceKey = (typeof BENEFIT_SOURCE_KEYS)[number];
export const GRAPA_EXCEPTIONS = ['minorChildren', 'directLineRelatives'] as const;

export interface PublicSource {
  name: Record<Language, string>;
  url: string;
  /** The day the service last read the source. */
  reviewedOn: string;
}

export interface BenefitRules {
  id: string;
  effectiveFrom: string;
  /** Until when the service vouches for what the file says; past it, pages say it must be checked again. */
  validUntil: string;
  title: Record<Language, string>;
  /** Days to register at the new address at the commune (jours ouvrables). */
  domiciliationWorkingDays: number;
  unemployment: { limitedInTimeFrom: string; maxMonths: number };
  /** With whom a person on the pension income guarantee may share the main residence and keep the higher amount. */
  grapa: { sharingExceptions: (typeof GRAPA_EXCEPTIONS)[number][] };
  sources: Record<BenefitSourceKey, PublicSource>;
}

const day = { type: 'string', format: 'date' } as const;
const source = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'url', 'reviewedOn'],
  properties: { name: inEveryLanguage, url: { type: 'string', pattern: '^https://' }, reviewedOn: day },
} as const;

const schema: JSONSchemaType<BenefitRules> = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'effectiveFrom', 'validUntil', 'title', 'domiciliationWorkingDays', 'unemployment', 'grapa', 'sources'],
  properties: {
    id: { type: 'string', pattern: '^BEN-[0-9]{4}[A-Za-z0-9-]*$' },
    effectiveFrom: day,
    validUntil: day,
    title: inEveryLanguage,
    domiciliationWorkingDays: { type: 'integer', minimum: 1, maximum: 30 },
    unemployment: {
      type: 'object',
      additionalProperties: false,
      required: ['limitedInTimeFrom', 'maxMonths'],
      properties: { limitedInTimeFrom: day, maxMonths: { type: 'integer', minimum: 1, maximum: 120 } },
    },
    grapa: {
      type: 'object',
      additionalProperties: false,
      required: ['sharingExceptions'],
      properties: { sharingExceptions: { type: 'array', items: { type: 'string', enum: [...GRAPA_EXCEPTIONS] }, uniqueItems: true } },
    },
    sources: {
      type: 'object',
      additionalProperties: false,
      required: [...BENEFIT_SOURCE_KEYS],
      properties: { integrationIncome: source, unemployment: source, pension: source, disability: source, familyAllowance: source },
    },
  },
};

const validate = ajv.compile(schema);

export function loadBenefitRules(dir: string): BenefitRules[] {
  return loadDatedFiles(dir, 'benefits rules', validate, (data, file) => {
    if (data.validUntil < data.effectiveFrom) throw new Error(`benefits rules ${file}: validUntil is before effectiveFrom`);
  });
}

const rootDir = join(new URL('.', import.meta.url).pathname, '..', '..');
export const BENEFIT_RULES: readonly BenefitRules[] = loadBenefitRules(join(rootDir, 'config', 'benefits'));

/** The benefits rules in force on a date (default: now). */
export function benefitRulesFor(date: Date = new Date(), versions: readonly BenefitRules[] = BENEFIT_RULES): BenefitRules {
  return inForceOn(versions, date);
}
