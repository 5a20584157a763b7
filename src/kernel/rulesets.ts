// Dated rule sets of Brussels law (SPEC §6): the occupancy norm, the inspection checklist and the
// validity of an inspection, as data in config/rulesets/<id>.json. The service's own rules (the
// contribution cap, the commitment) live apart, in config/policy/ (kernel/policy.ts); an item
// says which source it checks. The rule set in force
// on a date is the latest one effective on or before it; a new norm is a new file, not new code,
// and a past inspection keeps the rule set it was made under.
import { join } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { ajv, inEveryLanguage, positiveNumber } from './validation.js';
import { inForceOn, loadDatedFiles } from './dated-files.js';
import type { Language } from './config.js';
import type { OccupancyNorm } from './housing-norms.js';

export type Severity = 'critical' | 'major' | 'minor';
export type Category = 'safety' | 'salubrity' | 'equipment' | 'adequacy' | 'commitment';
type Texts = Record<Language, string>;

/** A part of an item that applies from its own date inside the rule set (SPEC §6.2): before it, a remark. */
export interface ItemRequirement {
  key: 'interconnected';
  /** Applies when the dwelling has at least this many detectors. */
  minCount: number;
  effectiveFrom: string;
  severityBefore: Severity;
  label: Texts;
}

export interface ChecklistItem {
  code: string;
  category: Category;
  severity: Severity;
  /** Whether "not applicable" is an acceptable answer (never for smoke detectors, electricity, water…). */
  naAllowed: boolean;
  /** Brussels law, or the service's own rule (the cap, the commitment): pages say which. */
  source: 'law' | 'service';
  /** For ventilation and daylight: the severity when only rooms the family will not use fail. */
  severityOtherRooms?: Severity;
  requirements?: ItemRequirement[];
  /** Items the app computes itself, overriding what is reported. */
  computed?: 'space' | 'cap';
  label: Texts;
  /** What to do about a failure, in plain words for the host. */
  fix: Texts;
}

export interface RuleSet {
  id: string;
  effectiveFrom: string;
  title: Texts;
  occupancy: OccupancyNorm;
  validityMonths: number;
  remarksDeadlineDays: number;
  checklist: ChecklistItem[];
}

const schema: JSONSchemaType<RuleSet> = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'effectiveFrom', 'title', 'occupancy', 'validityMonths', 'remarksDeadlineDays', 'checklist'],
  properties: {
    id: { type: 'string', pattern: '^[A-Z]{2,4}-[0-9]{4}[A-Za-z0-9-]*$' },
    effectiveFrom: { type: 'string', format: 'date' },
    title: inEveryLanguage,
    occupancy: {
      type: 'object',
      additionalProperties: false,
      required: [
        'bedroomsSource',
        'ownRoomFromAge',
        'childrenPerRoom',
        'separateSexesFromAge',
        'adultChildFromAge',
        'surfaceSource',
        'surfaceFirstPersonM2',
        'surfacePerAdditionalPersonM2',
      ],
      properties: {
        bedroomsSource: { type: 'string', const: 'service' },
        ownRoomFromAge: positiveNumber,
        childrenPerRoom: positiveNumber,
        separateSexesFromAge: positiveNumber,
        adultChildFromAge: positiveNumber,
        surfaceSource: { type: 'string', const: 'law' },
        surfaceFirstPersonM2: positiveNumber,
        surfacePerAdditionalPersonM2: positiveNumber,
      },
    },
    validityMonths: positiveNumber,
    remarksDeadlineDays: positiveNumber,
    checklist: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'category', 'severity', 'naAllowed', 'source', 'label', 'fix'],
        properties: {
          code: { type: 'string', pattern: '^[A-Z]-[A-Z]+$' },
          category: { type: 'string', enum: ['safety', 'salubrity', 'equipment', 'adequacy', 'commitment'] },
          severity: { type: 'string', enum: ['critical', 'major', 'minor'] },
          naAllowed: { type: 'boolean' },
          source: { type: 'string', enum: ['law', 'service'] },
          severityOtherRooms: { type: 'string', enum: ['critical', 'major', 'minor'], nullable: true },
          requirements: {
            type: 'array',
            nullable: true,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['key', 'minCount', 'effectiveFrom', 'severityBefore', 'label'],
              properties: {
                key: { type: 'string', enum: ['interconnected'] },
                minCount: { type: 'integer', minimum: 1 },
                effectiveFrom: { type: 'string', format: 'date' },
                severityBefore: { type: 'string', enum: ['critical', 'major', 'minor'] },
                label: inEveryLanguage,
              },
            },
          },
          computed: { type: 'string', enum: ['space', 'cap'], nullable: true },
          label: inEveryLanguage,
          fix: inEveryLanguage,
        },
      },
    },
  },
};

const validate = ajv.compile(schema);

export function loadRuleSets(dir: string): RuleSet[] {
  return loadDatedFiles(dir, 'rule set', validate, (data, file) => {
    const codes = data.checklist.map((i) => i.code);
    if (new Set(codes).size !== codes.length) throw new Error(`rule set ${file} repeats a checklist code`);
  });
}

const rootDir = join(new URL('.', import.meta.url).pathname, '..', '..');
export const RULE_SETS: readonly RuleSet[] = loadRuleSets(join(rootDir, 'config', 'rulesets'));

/** The rule set in force on a date (the latest effective on or before it; the first one before any). */
export function ruleSetFor(date: Date, sets: readonly RuleSet[] = RULE_SETS): RuleSet {
  return inForceOn(sets, date);
}

export function ruleSetById(id: string): RuleSet | undefined {
  return RULE_SETS.find((s) => s.id === id);
}
