// One pass over a posted step of an application, the family's or the host's offer (issue 15):
// every problem at once — the schema's, the coherence rules', and on "Continue" the answers the
// step still needs — and the answers that can be kept whatever else is wrong, so "Save and come
// back later" never loses them. Each application gives its rules (family-step-check.ts,
// offer-step-check.ts).
import { ValidationError, type ErrorDetail } from '../../../kernel/errors.js';
import { deepMerge } from '../../../kernel/deep-merge.js';
import { saysWhatToDo } from './field-messages.js';
import type { SchemaNode } from '../../../kernel/validation.js';

type Json = Record<string, unknown>;

export interface ApplicationRules<D extends object> {
  /** The draft schema's check: throws a ValidationError naming each field. */
  validateDraft(patch: unknown): unknown;
  /** Rules on what is there (across answers). */
  coherence(app: D): ErrorDetail[];
  /** What a submission still lacks or breaks. */
  submissionProblems(app: D): ErrorDetail[];
  /** The complete schema: its required object parts are named field by field when never answered. */
  schema: SchemaNode;
}

/** The part of the application a step asks for. */
export interface StepScope {
  /** Its top-level parts (the first segment of its paths). */
  parts: readonly string[];
  /** Whether a path (a JSON pointer) is answered on this step. */
  owns(path: string): boolean;
}

export interface CheckedStep {
  /** The answers that hold: saved even when others are refused. */
  keep: Json;
  /** Everything wrong with the step (in no particular order: the page sorts them). */
  problems: ErrorDetail[];
}

/** A copy of the patch without the answer at each path (JSON pointers, e.g. /children/0/birthYear). */
function without(patch: Json, paths: string[]): Json {
  const copy = structuredClone(patch);
  for (const path of paths) {
    const segments = path.split('/').slice(1);
    if (segments.length === 0) continue;
    let node: unknown = copy;
    for (const segment of segments.slice(0, -1)) node = node && typeof node === 'object' ? (node as Json)[segment] : undefined;
    if (node && typeof node === 'object') delete (node as Json)[segments[segments.length - 1]!];
  }
  return copy;
}

/** The answers of a patch, one path each (a list is one answer). */
function leaves(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return prefix ? [prefix] : [];
  return Object.entries(value as Json).flatMap(([k, v]) => leaves(v, `${prefix}/${k}`));
}

const key = (p: ErrorDetail) => `${p.path} ${p.messageKey}`;
const within = (outer: string, inner: string) => inner === outer || inner.startsWith(`${outer}/`);

/**
 * Checks a step's patch against the saved draft. `complete` (on "Continue") also asks for every
 * answer the step needs before the application can be sent; `emptied` are answers the form
 * cleared that cannot be cleared.
 */
export function checkStep<D extends object>(
  rules: ApplicationRules<D>,
  patch: Json,
  saved: D,
  scope: StepScope,
  { complete, emptied = [] }: { complete: boolean; emptied?: ErrorDetail[] },
): CheckedStep {
  const problems: ErrorDetail[] = [...emptied];
  try {
    rules.validateDraft(patch);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.details);
  }
  let keep = without(
    patch,
    problems.map((p) => p.path),
  );
  // The coherence rules this step's answers break (not those the saved draft already broke): the
  // answer named goes too; a rule across two answers may need a second round.
  const already = new Set(rules.coherence(saved).map(key));
  const broken = (answers: Json) => rules.coherence(deepMerge(saved, answers as D)).filter((p) => !already.has(key(p)));
  for (let round = 0; round < 3; round++) {
    const found = broken(keep);
    if (found.length === 0) break;
    const here = found.filter((p) => scope.owns(p.path));
    problems.push(...here);
    keep = without(
      keep,
      here.map((p) => p.path),
    );
    // A rule named on another step's answer (the rooms larger than the home, a child older than
    // the parent): the answer of this step that breaks it is named, and not kept.
    for (const rule of found.filter((p) => !scope.owns(p.path))) {
      const culprit = leaves(keep).find((path) => !broken(without(keep, [path])).some((p) => key(p) === key(rule)));
      if (!culprit) continue;
      problems.push({ ...rule, path: culprit });
      keep = without(keep, [culprit]);
    }
  }
  if (complete) {
    // A required part never answered is named field by field, not as one "required".
    const required: readonly string[] = rules.schema.required ?? [];
    const blanks = Object.fromEntries(scope.parts.filter((s) => required.includes(s) && rules.schema.properties?.[s]?.type === 'object').map((s) => [s, {}]));
    const missing = rules.submissionProblems(deepMerge(deepMerge(blanks as D, saved), keep as D)).filter((p) => scope.owns(p.path));
    problems.push(...missing.filter((m) => !problems.some((p) => within(p.path, m.path) || within(m.path, p.path))));
  }
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i);
  return { keep, problems: unique.map(saysWhatToDo) };
}
