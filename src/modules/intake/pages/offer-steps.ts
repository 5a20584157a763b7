// The steps of a host's offer: which part of the application each step owns, how a posted form
// becomes the patch the service expects, and where an error (a JSON pointer) is shown and linked.
// Shared by the host's own pages and by a worker filling in an offer on a host's behalf.
import type { ErrorDetail } from '../../../kernel/errors.js';
import type { FieldError } from '../../../kernel/http/forms.js';
import { coerceForm } from '../../../kernel/http/form-coercion.js';
import type { Language } from '../../../kernel/config.js';
import { hasKey, t } from '../../../kernel/i18n/index.js';
import type { OfferApplication, OfferDraft } from '../offer.schemas.js';
import { offerSchema } from '../offer.schemas.js';

export const STEP_SLUGS = ['household', 'home', 'space', 'contribution', 'welcome', 'legal', 'benefits'] as const;
export type StepSlug = (typeof STEP_SLUGS)[number];

/**
 * required: cannot be emptied once answered; nullable: emptied → null; list: none ticked → [];
 * rows: table rows. A list or rows with a minimum (`keep`: the message) cannot be emptied once answered.
 */
type FieldKind = 'required' | 'nullable' | 'list' | 'rows';
interface FieldSpec {
  path: string;
  kind: FieldKind;
  keep?: string;
}

export interface StepSpec {
  slug: StepSlug;
  keys: (keyof OfferApplication)[];
  fields: FieldSpec[];
  /** For steps with table rows: where the rows live in the form body, and the most allowed. */
  rows?: { at: string[]; max: number; fresh: Record<string, string> };
}

const req = (path: string): FieldSpec => ({ path, kind: 'required' });

export const STEPS: Record<StepSlug, StepSpec> = {
  household: {
    slug: 'household',
    keys: ['host'],
    fields: [
      req('/host/firstName'),
      req('/host/lastName'),
      { path: '/host/email', kind: 'nullable' },
      { path: '/host/phone', kind: 'nullable' },
      { path: '/host/languages', kind: 'list', keep: 'intake.offerPages.errors.keepLanguage' },
      req('/host/isSingleParent'),
      req('/host/smoker'),
      { path: '/host/pets', kind: 'list' },
      { path: '/host/household', kind: 'rows', keep: 'intake.offerPages.errors.keepMember' },
    ],
    rows: { at: ['host', 'household'], max: 10, fresh: { birthYear: '', relation: '', sex: '' } },
  },
  home: {
    slug: 'home',
    keys: ['address', 'dwelling'],
    fields: [
      '/address/street',
      '/address/number',
      '/address/postalCode',
      '/address/commune',
      '/dwelling/type',
      '/dwelling/netSurfaceM2',
      '/dwelling/floor',
      '/dwelling/elevator',
      '/dwelling/stepFreeAccess',
    ].map(req),
  },
  space: {
    slug: 'space',
    keys: ['rooms', 'privateBathroom', 'sharedSpaces'],
    fields: [{ path: '/rooms', kind: 'rows', keep: 'intake.offerPages.errors.keepRoom' }, req('/privateBathroom'), { path: '/sharedSpaces', kind: 'list' }],
    rows: { at: ['rooms'], max: 10, fresh: { kind: '', surfaceM2: '' } },
  },
  contribution: {
    slug: 'contribution',
    keys: ['contribution', 'availability'],
    fields: [
      req('/contribution/monthlyRent'),
      req('/contribution/monthlyCharges'),
      { path: '/contribution/servicesWanted', kind: 'list' },
      req('/availability/from'),
      req('/availability/minDurationMonths'),
    ],
  },
  welcome: {
    slug: 'welcome',
    keys: ['children', 'acceptsPets', 'acceptsSmokers', 'lifestyle', 'houseRules'],
    fields: [
      ...[
        '/children/maxCount',
        '/children/minAge',
        '/children/maxAge',
        '/children/acceptsVaryingHousehold',
        '/children/handoversAtHome',
        '/acceptsPets',
        '/acceptsSmokers',
        '/lifestyle/schedule',
        '/lifestyle/noise',
        '/lifestyle/guests',
      ].map(req),
      { path: '/houseRules', kind: 'nullable' },
    ],
  },
  legal: {
    slug: 'legal',
    keys: ['legal'],
    fields: [req('/legal/tenure'), { path: '/legal/landlordConsent', kind: 'nullable' }, req('/legal/fireInsurance')],
  },
  // The host's own income (SPEC §6.3): optional in the JSON API, asked here (offer-step-check.ts).
  benefits: {
    slug: 'benefits',
    keys: ['benefits'],
    fields: [
      req('/benefits/source'),
      { path: '/benefits/status', kind: 'nullable' },
      { path: '/benefits/unemploymentEndsOn', kind: 'nullable' },
      { path: '/benefits/singleParentSupplement', kind: 'nullable' },
    ],
  },
};

export function isStep(value: unknown): value is StepSlug {
  return typeof value === 'string' && (STEP_SLUGS as readonly string[]).includes(value);
}

const STEP_OF_KEY = new Map<string, StepSlug>(STEP_SLUGS.flatMap((slug) => STEPS[slug].keys.map((k) => [k as string, slug] as const)));

/** /address/postalCode → home; null for paths outside the application (/status, '' …). */
export function stepOfPath(pointer: string): StepSlug | null {
  return STEP_OF_KEY.get(pointer.split('/')[1] ?? '') ?? null;
}

/** The id of the form field a pointer names (the same rule as the nameToId filter). */
export function fieldId(pointer: string): string {
  return pointer.replace(/^\//, '').replace(/\//g, '-') || 'form';
}

/** The id to link to on the step's page: the field itself, or the first field of a group that is missing as a whole. */
export function anchorOf(pointer: string): string {
  const step = stepOfPath(pointer);
  const id = fieldId(pointer);
  if (!step) return 'main';
  const ids = STEPS[step].fields.map((f) => fieldId(f.path));
  if (ids.includes(id) || /-\d+(-|$)/.test(id)) return id;
  return ids.find((known) => known.startsWith(`${id}-`)) ?? ids[0]!;
}

// ---- Reading a posted step ----------------------------------------------------------------------

type Body = Record<string, unknown>;
type Row = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** qs gives an array of rows, or an object keyed by index when they are sparse or many. */
export function toRows(value: unknown): Row[] {
  const list = Array.isArray(value)
    ? value
    : isObject(value)
      ? Object.entries(value)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, v]) => v)
      : [];
  return list.map((row) => (isObject(row) ? row : {}));
}

function isBlankRow(row: Row): boolean {
  return Object.values(row).every((v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === ''));
}

function getIn(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), obj);
}

function setIn(obj: Body, path: string[], value: unknown): void {
  let at = obj;
  for (const key of path.slice(0, -1)) {
    if (!isObject(at[key])) at[key] = {};
    at = at[key] as Body;
  }
  at[path[path.length - 1]!] = value;
}

function deleteIn(obj: Body, path: string[]): void {
  const parent = getIn(obj, path.slice(0, -1));
  if (isObject(parent)) delete parent[path[path.length - 1]!];
}

export type RowAction = { kind: 'add' } | { kind: 'remove'; index: number };

export function rowAction(action: unknown): RowAction | null {
  if (action === 'add-row') return { kind: 'add' };
  const m = typeof action === 'string' ? /^remove-row-(\d{1,2})$/.exec(action) : null;
  return m ? { kind: 'remove', index: Number(m[1]) } : null;
}

/**
 * The posted values of this step only (nothing else can be changed through it), with its rows as
 * a list. On a save, blank rows are dropped; on "add"/"remove", the rows are changed as asked.
 */
export function stepValues(spec: StepSpec, body: Body, action: RowAction | null): Body {
  const out: Body = {};
  for (const key of spec.keys) if (body[key] !== undefined) out[key] = structuredClone(body[key]);
  if (spec.rows) {
    let rows = toRows(getIn(out, spec.rows.at));
    if (!action) rows = rows.filter((row) => !isBlankRow(row));
    else if (action.kind === 'remove') rows = rows.filter((_, i) => i !== action.index);
    else if (rows.length < spec.rows.max) rows = [...rows, { ...spec.rows.fresh }];
    setIn(out, spec.rows.at, rows);
  }
  if (typeof body.version === 'string') out.version = body.version;
  return out;
}

/**
 * The patch for offers.update: typed by the schema; emptied answers cleared where the schema allows
 * it, and those that cannot be emptied once answered reported in `emptied` (offer-step-check.ts
 * reports them with everything else).
 */
export function stepPatch(spec: StepSpec, values: Body, saved: OfferDraft): { patch: Body; emptied: ErrorDetail[] } {
  const picked: Body = {};
  for (const key of spec.keys) if (values[key] !== undefined) picked[key] = values[key];
  const patch = (coerceForm(picked, offerSchema) ?? {}) as Body;
  const emptied: ErrorDetail[] = [];
  for (const field of spec.fields) {
    const path = field.path.split('/').slice(1);
    const value = getIn(patch, path);
    if (field.keep && Array.isArray(value) && value.length === 0) deleteIn(patch, path);
    else if (value !== undefined) continue;
    const before = getIn(saved, path);
    const answered = Array.isArray(before) ? before.length > 0 : before !== undefined && before !== null;
    if (field.kind === 'nullable') setIn(patch, path, null);
    else if (field.keep) {
      if (answered) emptied.push({ path: field.path, messageKey: field.keep });
    } else if (field.kind === 'list' || field.kind === 'rows') setIn(patch, path, []);
    else if (answered) emptied.push({ path: field.path, messageKey: 'validation.required' });
  }
  // The landlord's consent only concerns tenants.
  if (spec.slug === 'legal' && getIn(patch, ['legal', 'tenure']) === 'owner') setIn(patch, ['legal', 'landlordConsent'], null);
  return { patch, emptied };
}

/** Problems in the order of the step's fields (rows by their number); others' after. */
export function inStepOrder(problems: ErrorDetail[], spec: StepSpec): ErrorDetail[] {
  const rank = (path: string): [number, number] => {
    const i = spec.fields.findIndex((f) => path === f.path || path.startsWith(`${f.path}/`));
    const row = /\/(\d+)(\/|$)/.exec(path.slice(spec.fields[i]?.path.length ?? 0));
    return [i < 0 ? spec.fields.length : i, row ? Number(row[1]) : -1];
  };
  return [...problems].sort((a, b) => {
    const [x, y] = [rank(a.path), rank(b.path)];
    return x[0] - y[0] || x[1] - y[1];
  });
}

// ---- Errors as the pages show them ----------------------------------------------------------------

export type PageError = FieldError & { summary: string; href: string; step?: StepSlug | null };

/** A short name for the field a pointer names, for the error summary ("Room 2 – Surface"). */
export function labelOf(lang: Language, pointer: string): string | null {
  const parts = pointer.split('/').slice(1);
  const rowOf = (prefix: string[], nameKey: string): string | null => {
    if (parts.length <= prefix.length || !/^\d+$/.test(parts[prefix.length]!) || prefix.some((p, i) => parts[i] !== p)) return null;
    const name = t(lang, nameKey, { n: Number(parts[prefix.length]) + 1 });
    const rest = parts.slice(prefix.length + 1);
    const key = `intake.offerPages.label.${[...prefix, ...rest].join('-')}`;
    if (!rest.length || !hasKey(lang, key)) return name;
    const field = t(lang, key);
    return t(lang, 'intake.offerPages.common.rowField', { row: name, field: field.charAt(0).toLowerCase() + field.slice(1) });
  };
  const row = rowOf(['host', 'household'], 'intake.offerPages.household.member') ?? rowOf(['rooms'], 'intake.offerPages.space.room');
  if (row) return row;
  const key = `intake.offerPages.label.${parts.join('-')}`;
  return hasKey(lang, key) ? t(lang, key) : null;
}

/** Errors for a page of the flow `base` (…/offer/:id), showing on `current`: links go to the right step and field. */
export function pageErrors(lang: Language, details: ErrorDetail[], base: string, current: StepSlug | 'review'): PageError[] {
  return details.map((d) => {
    const step = stepOfPath(d.path);
    const whole = step !== null && d.path.split('/').length === 2 && STEPS[step].fields.every((f) => f.path !== d.path);
    // On the review page a missing answer reads "not answered yet" beside its name, grouped by step.
    const key =
      current === 'review' && d.messageKey === 'validation.required'
        ? whole
          ? 'intake.offerPages.review.notFilled'
          : 'intake.offerPages.review.notAnswered'
        : d.messageKey;
    const message = t(lang, key, d.params);
    const label = labelOf(lang, d.path);
    const anchor = anchorOf(d.path);
    const href = step === null ? '#main' : step === current ? `#${anchor}` : `${base}/${step}#${anchor}`;
    return {
      path: d.path,
      field: fieldId(d.path),
      message,
      summary: label ? t(lang, 'intake.offerPages.common.errorWithLabel', { label, message }) : message,
      href,
      step,
    };
  });
}
