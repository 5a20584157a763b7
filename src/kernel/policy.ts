// The service's own rules (SPEC §6.2, §7, §11), apart from the rule sets of Brussels law
// (rulesets.ts): the contribution cap, the minimum commitment, the services limit, the host
// screening, the agreement defaults. Dated files in config/policy/<id>.json, like the rule sets:
// the policy in force on a date is the latest effective on or before it. Pages say which rules are
// law and which are the service's (the `title` of each file says so in the three languages).
import { join } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import type { Language } from './config.js';
import { ajv, inEveryLanguage, positiveNumber } from './validation.js';
import { inForceOn, loadDatedFiles } from './dated-files.js';

export interface ServicePolicy {
  id: string;
  effectiveFrom: string;
  title: Record<Language, string>;
  /** Money contribution (rent + charges) a host may ask, per month, EUR. */
  contributionCapEur: number;
  /** Months a host commits to, and the shortest agreement. */
  minimumCommitmentMonths: number;
  services: { maxHoursPerWeek: number; notExchangeable: string[] };
  /** Host screening (SPEC §11 HOST_SCREENING_INCOMPLETE). */
  screening: { referencesRequired: number; recordCheckValidMonths: number; adultFromAge: number };
  agreement: { trialDays: number; noticeDays: number };
  submission: { offerAvailabilityMaxPastDays: number };
  /** A check-in at or past these alerts like a severe incident (SPEC §7). */
  checkinAlert: { conflictLevelAtLeast: number; wellbeingAtMost: number };
  /** A child's school the parent must keep blocks a home whose commune centre is farther than this from the school's (issue 18). */
  matching: { schoolMustKeepMaxKm: number };
}

const count = { type: 'integer', minimum: 0 } as const;

const schema: JSONSchemaType<ServicePolicy> = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'effectiveFrom',
    'title',
    'contributionCapEur',
    'minimumCommitmentMonths',
    'services',
    'screening',
    'agreement',
    'submission',
    'checkinAlert',
    'matching',
  ],
  properties: {
    id: { type: 'string', pattern: '^[A-Z]{2,4}-[0-9]{4}[A-Za-z0-9-]*$' },
    effectiveFrom: { type: 'string', format: 'date' },
    title: inEveryLanguage,
    contributionCapEur: positiveNumber,
    minimumCommitmentMonths: positiveNumber,
    services: {
      type: 'object',
      additionalProperties: false,
      required: ['maxHoursPerWeek', 'notExchangeable'],
      properties: { maxHoursPerWeek: positiveNumber, notExchangeable: { type: 'array', items: { type: 'string' } } },
    },
    screening: {
      type: 'object',
      additionalProperties: false,
      required: ['referencesRequired', 'recordCheckValidMonths', 'adultFromAge'],
      properties: { referencesRequired: count, recordCheckValidMonths: positiveNumber, adultFromAge: positiveNumber },
    },
    agreement: {
      type: 'object',
      additionalProperties: false,
      required: ['trialDays', 'noticeDays'],
      properties: { trialDays: positiveNumber, noticeDays: positiveNumber },
    },
    submission: {
      type: 'object',
      additionalProperties: false,
      required: ['offerAvailabilityMaxPastDays'],
      properties: { offerAvailabilityMaxPastDays: count },
    },
    checkinAlert: {
      type: 'object',
      additionalProperties: false,
      required: ['conflictLevelAtLeast', 'wellbeingAtMost'],
      properties: { conflictLevelAtLeast: count, wellbeingAtMost: count },
    },
    matching: { type: 'object', additionalProperties: false, required: ['schoolMustKeepMaxKm'], properties: { schoolMustKeepMaxKm: positiveNumber } },
  },
};

const validate = ajv.compile(schema);

export function loadPolicies(dir: string): ServicePolicy[] {
  return loadDatedFiles(dir, 'service policy', validate);
}

const rootDir = join(new URL('.', import.meta.url).pathname, '..', '..');
export const POLICIES: readonly ServicePolicy[] = loadPolicies(join(rootDir, 'config', 'policy'));

/** The service policy in force on a date (default: now). */
export function policyFor(date: Date = new Date(), policies: readonly ServicePolicy[] = POLICIES): ServicePolicy {
  return inForceOn(policies, date);
}
