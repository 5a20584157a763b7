// One pass over a posted step of a family application (issue 15): every problem at once — the
// schema's, the coherence rules', and on "Continue" the answers the step still needs — and the
// answers that can be kept whatever else is wrong, so "Save and come back later" never loses them.
import { ValidationError, type ErrorDetail } from '../../../kernel/errors.js';
import { familyCoherence, familySubmissionProblems } from '../family.rules.js';
import { familySchema, validateFamilyDraft, type FamilyDraft } from '../family.schemas.js';
import { deepMerge } from '../util.js';
import type { Section } from './family-steps.js';

type Json = Record<string, unknown>;

export interface CheckedStep {
  /** The answers that hold: saved even when others are refused. */
  keep: Json;
  /** Everything wrong with the step, in the order of its fields. */
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

const inSections = (sections: Section[]) => (p: ErrorDetail) => (sections as string[]).includes(p.path.split('/')[1] ?? '');
const key = (p: ErrorDetail) => `${p.path} ${p.messageKey}`;

/**
 * Checks a step's patch against the saved draft. `complete` (on "Continue") also asks for every
 * answer the step needs before the application can be sent.
 */
export function checkStep(patch: Json, saved: FamilyDraft, sections: Section[], { complete, emptied = [] }: { complete: boolean; emptied?: ErrorDetail[] }): CheckedStep {
  const problems: ErrorDetail[] = [...emptied];
  try {
    validateFamilyDraft(patch);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.details);
  }
  let keep = without(patch, problems.map((p) => p.path));
  // The coherence rules this step's answers break (not those the saved draft already broke): the
  // answer named goes too; a rule across two answers may need a second round.
  const already = new Set(familyCoherence(saved).map(key));
  for (let round = 0; round < 3; round++) {
    const broken = familyCoherence(deepMerge(saved, keep as FamilyDraft)).filter((p) => !already.has(key(p)) && inSections(sections)(p));
    if (broken.length === 0) break;
    problems.push(...broken);
    keep = without(keep, broken.map((p) => p.path));
  }
  if (complete) {
    // A required part never answered is named field by field, not as one "required".
    const required = (familySchema.required ?? []) as string[];
    const blanks = Object.fromEntries(sections.filter((s) => required.includes(s) && (familySchema.properties as Record<string, { type?: string }>)[s]?.type === 'object').map((s) => [s, {}]));
    const missing = familySubmissionProblems(deepMerge(deepMerge(blanks as FamilyDraft, saved), keep as FamilyDraft)).filter(inSections(sections));
    problems.push(...missing.filter((m) => !problems.some((p) => p.path === m.path || m.path.startsWith(`${p.path}/`) || p.path.startsWith(`${m.path}/`))));
  }
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i);
  return { keep, problems: unique };
}
