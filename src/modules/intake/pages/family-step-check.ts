// One pass over a posted step of a family application (issue 15): the family's rules given to the
// check every application's steps share (step-check.ts).
import type { ErrorDetail } from '../../../kernel/errors.js';
import { familyCoherence, familySubmissionProblems } from '../family.rules.js';
import { familySchema, validateFamilyDraft, type FamilyDraft } from '../family.schemas.js';
import { scopeOf, type StepDef } from './family-steps.js';
import { checkStep as checkAnyStep, type ApplicationRules, type CheckedStep } from './step-check.js';

export type { CheckedStep } from './step-check.js';

const FAMILY_RULES: ApplicationRules<FamilyDraft> = {
  validateDraft: validateFamilyDraft,
  coherence: (app) => familyCoherence(app),
  submissionProblems: (app) => familySubmissionProblems(app),
  schema: familySchema,
};

/**
 * Checks a step's patch against the saved draft. `complete` (on "Continue") also asks for every
 * answer the step needs before the application can be sent.
 */
export function checkStep(
  patch: Record<string, unknown>,
  saved: FamilyDraft,
  step: StepDef,
  options: { complete: boolean; emptied?: ErrorDetail[] },
): CheckedStep {
  return checkAnyStep(FAMILY_RULES, patch, saved, scopeOf(step), options);
}
