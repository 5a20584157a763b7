// The steps of a family application (SPEC §4), shared by the parent's, the partner's and the
// worker's flows: which part of the application each step owns, how a posted form becomes a
// draft patch, where an error path is fixed, and each step's state for the overview.
import type { ErrorDetail } from '../../../kernel/errors.js';
import { coerceForm } from '../../../kernel/http/form-coercion.js';
import type { SchemaNode } from '../../../kernel/validation.js';
import { familySubmissionProblems } from '../family.rules.js';
import { familySchema, type FamilyDraft } from '../family.schemas.js';
import { schoolOfRow } from './child-school.js';
import type { StepScope } from './step-check.js';

export type StepKey = 'referral' | 'you' | 'children' | 'situation' | HousingStep | 'daily-life' | 'benefits';
/** The home the family needs, asked one small group of answers at a time (issue 15: one thing per page). */
export type HousingStep = 'moving' | 'where' | 'budget' | 'access' | 'pets-smoking';
export type Section = 'parent' | 'children' | 'expectedChild' | 'situation' | 'needs' | 'lifestyle' | 'servicesOffered' | 'benefits' | 'consents' | 'referral';
const familyTree: SchemaNode = familySchema;
function schemaOf(section: Section): SchemaNode {
  const schema = familyTree.properties?.[section];
  if (!schema) throw new Error(`family.schemas.ts has no part ${section}`);
  return schema;
}

export interface StepDef {
  key: StepKey;
  /** The parts of the application this step fills in (the first path segment of its errors). */
  sections: Section[];
  /** Where a part is shared by several steps: the answers of it this step asks for. */
  fields?: Partial<Record<Section, string[]>>;
  view: string;
}

const needs = (key: HousingStep, fields: string[]): StepDef => ({ key, sections: ['needs'], fields: { needs: fields }, view: `intake/family/step-${key}.njk` });

export const STEPS: Record<StepKey, StepDef> = {
  referral: { key: 'referral', sections: ['referral'], view: 'intake/family/step-referral.njk' },
  you: { key: 'you', sections: ['parent'], view: 'intake/family/step-you.njk' },
  children: { key: 'children', sections: ['children', 'expectedChild'], view: 'intake/family/step-children.njk' },
  situation: { key: 'situation', sections: ['situation'], view: 'intake/family/step-situation.njk' },
  moving: needs('moving', ['moveInFrom', 'moveInBy', 'minDurationMonths']),
  where: needs('where', ['communes', 'communesRequired']),
  budget: needs('budget', ['maxMonthlyContribution']),
  access: needs('access', ['stepFreeAccess', 'privateBathroomRequired']),
  'pets-smoking': needs('pets-smoking', ['pets', 'smoker', 'acceptsSmokingHousehold']),
  'daily-life': { key: 'daily-life', sections: ['lifestyle', 'servicesOffered'], view: 'intake/family/step-daily-life.njk' },
  benefits: { key: 'benefits', sections: ['benefits', 'consents'], view: 'intake/family/step-benefits.njk' },
};

export const HOUSING_STEPS: HousingStep[] = ['moving', 'where', 'budget', 'access', 'pets-smoking'];
export const APPLICATION_STEPS: StepKey[] = ['you', 'children', 'situation', ...HOUSING_STEPS, 'daily-life', 'benefits'];

/** Whether a path (JSON pointer) is answered on a step; a part as a whole belongs to each step that asks some of it. */
export function stepOwns(step: StepDef, path: string): boolean {
  const [section = '', field] = path.split('/').slice(1);
  if (!(step.sections as string[]).includes(section)) return false;
  const fields = step.fields?.[section as Section];
  return !fields || field === undefined || fields.includes(field);
}

export function scopeOf(step: StepDef): StepScope {
  return { parts: step.sections, owns: (path) => stepOwns(step, path) };
}

/** Booleans shown as one checkbox each: not ticked means false (a yes/no pair is used elsewhere). */
const CHECKBOX_BOOLEANS = new Set(['/consents/dataProcessing', '/consents/shareProfile']);

export function stepOfPath(path: string, steps: readonly StepKey[]): StepKey | null {
  return steps.find((key) => stepOwns(STEPS[key], path)) ?? null;
}

/** The id of the form field an error path names (ids come from names: children[0][sex] → children-0-sex). */
export function fieldIdOf(path: string): string {
  const segments = path.replace(/^\//, '').split('/').filter(Boolean);
  const depth = segments[0] === 'children' ? (segments[2] === 'school' ? 4 : 3) : segments[0] === 'servicesOffered' ? 1 : 2;
  return segments.slice(0, depth).join('-') || 'form';
}

/** The catalogue key of a field's label, from its error path (indices dropped). */
export function labelKeyOf(path: string): string | null {
  const segments = path
    .replace(/^\//, '')
    .split('/')
    .filter((s) => s !== '' && !/^\d+$/.test(s));
  if (segments.length < 2 && segments[0] !== 'servicesOffered') return null;
  return `intake.familyPages.fields.${segments.slice(0, 2).join('.')}`;
}

export function childIndexOf(path: string): number | null {
  const match = /^\/children\/(\d+)/.exec(path);
  return match ? Number(match[1]) : null;
}

export type StepState = 'done' | 'todo' | 'problems';

/** Per step: not started, complete, or started with something missing or wrong. */
export function stepStates(app: FamilyDraft, steps: readonly StepKey[]): Record<string, StepState> {
  const problems = familySubmissionProblems(app);
  const out: Record<string, StepState> = {};
  for (const key of steps) {
    const step = STEPS[key];
    const started = step.sections.some((s) => {
      const part = app[s] as Json | undefined;
      const fields = step.fields?.[s];
      return fields ? part !== undefined && part !== null && fields.some((f) => part[f] !== undefined) : part !== undefined;
    });
    const wrong = problems.some((p) => stepOwns(step, p.path));
    // The expected child alone is optional: the children step is started by the list of children.
    const begun = key === 'children' ? app.children !== undefined : started;
    out[key] = !begun ? 'todo' : wrong ? 'problems' : 'done';
  }
  return out;
}

type Json = Record<string, unknown>;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * A step's form → the draft patch of its sections. Coercion leaves empty fields out, which would
 * keep an old value in a draft; so here an emptied field is cleared: lists become [], optional
 * texts null, single checkboxes false, and a required field that had a value is reported in
 * `emptied` (family-step-check.ts reports it with everything else).
 */
/** A survivor's safety needs are never asked on a partner's pages: what the parent or a worker said stays. */
export const NOT_ASKED_OF_PARTNERS: Partial<Record<Section, string[]>> = { situation: ['handoversAwayFromHome', 'noAdultMan'] };

export function patchOf(
  body: Json,
  step: StepDef,
  saved: FamilyDraft,
  notAsked: Partial<Record<Section, string[]>> = {},
): { patch: Json; emptied: ErrorDetail[] } {
  const patch: Json = {};
  const emptied: ErrorDetail[] = [];
  for (const section of step.sections) {
    const schema = schemaOf(section);
    const asked = step.fields?.[section];
    // A part shared by several steps: only what this step asks (the others' answers stay as saved).
    const skipped = notAsked[section] ?? [];
    const kept = (name: string) => (!asked || asked.includes(name)) && !skipped.includes(name);
    const raw =
      body[section] && typeof body[section] === 'object' && !Array.isArray(body[section]) && (asked || skipped.length)
        ? Object.fromEntries(Object.entries(body[section] as Json).filter(([name]) => kept(name)))
        : body[section];
    const posted = coerceForm(raw, schema);
    const before = (saved as Json)[section];
    if (schema.type === 'array') {
      patch[section] = posted ?? [];
      continue;
    }
    const value: Json = posted && typeof posted === 'object' && !Array.isArray(posted) ? { ...(posted as Json) } : {};
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (value[name] !== undefined || !kept(name)) continue;
      const path = `/${section}/${name}`;
      const had = before && typeof before === 'object' ? (before as Json)[name] : undefined;
      if (CHECKBOX_BOOLEANS.has(path)) value[name] = false;
      else if (property.type === 'array') {
        if (!property.minItems || !isEmpty(had)) value[name] = [];
      } else if (property.nullable) {
        if (!isEmpty(had)) value[name] = null;
      } else if (!isEmpty(had) && property.type !== 'boolean') {
        emptied.push({ path, messageKey: 'validation.required' });
      }
    }
    if (Object.keys(value).length > 0) patch[section] = value;
  }
  return { patch, emptied };
}

/** Orders problems as the step's fields come: by section, then by the schema's order of properties (children by row). */
export function inFieldOrder<T extends { path: string }>(problems: T[], sections: Section[]): T[] {
  const rank = (path: string): number[] => {
    const [section = '', ...rest] = path.split('/').slice(1);
    const out = [sections.indexOf(section as Section)];
    let schema: SchemaNode | undefined = (sections as string[]).includes(section) ? schemaOf(section as Section) : undefined;
    for (const segment of rest) {
      if (/^\d+$/.test(segment)) {
        out.push(Number(segment));
        schema = schema?.items;
        continue;
      }
      const names = Object.keys(schema?.properties ?? {});
      out.push(names.indexOf(segment) < 0 ? names.length : names.indexOf(segment));
      schema = schema?.properties?.[segment];
    }
    return out;
  };
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? -1) !== (b[i] ?? -1)) return (a[i] ?? -1) - (b[i] ?? -1);
    return 0;
  };
  return [...problems].sort((x, y) => compare(rank(x.path), rank(y.path)));
}

const CHILD_FIELDS = ['birthYear', 'sex', 'custody', 'specialNeeds'];

/** Posted children rows, in order (qs gives an array, or an object past its array limit). */
export function postedRows(body: Json): Json[] {
  const raw = body.children;
  const list = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object'
      ? Object.entries(raw as Json)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, v]) => v)
      : [];
  return list.map((row) => (row && typeof row === 'object' && !Array.isArray(row) ? (row as Json) : {}));
}

export function isEmptyRow(row: Json): boolean {
  return CHILD_FIELDS.every((f) => typeof row[f] !== 'string' || row[f] === '' || row[f].trim() === '');
}

/** The children step: rows replace the list; "are you expecting a baby?" sets or clears the due date. */
export function childrenPatchOf(rows: Json[], body: Json): Json {
  const children = (coerceForm(rows.length ? rows.map(schoolOfRow) : undefined, schemaOf('children')) as unknown[] | undefined) ?? [];
  const patch: Json = { children };
  const expected = coerceForm(body.expectedChild, schemaOf('expectedChild')) as Json | undefined;
  // A due date given without answering the question says yes.
  if (body.pregnant === 'false') patch.expectedChild = null;
  else if (body.pregnant === 'true' || (expected && Object.keys(expected).length > 0)) patch.expectedChild = expected ?? {};
  return patch;
}
