// One pass over a posted step of a host's offer (issue 15): the offer's rules given to the check
// every application's steps share (step-check.ts).
import type { ErrorDetail } from '../../../kernel/errors.js';
import { offerCoherence, offerSubmissionProblems } from '../offer.rules.js';
import { offerSchema, validateOfferDraft, type OfferDraft } from '../offer.schemas.js';
import { childrenFirstProblems } from './offer-children-first.js';
import type { StepSpec } from './offer-steps.js';
import { checkStep, type ApplicationRules, type CheckedStep } from './step-check.js';

/**
 * What the host's pages ask beyond the JSON API (SPEC §9 keeps `benefits` optional there): the
 * host's own income, so the warning before sending is the host's own (SPEC §6.3).
 */
export function offerPageProblems(app: OfferDraft): ErrorDetail[] {
  const problems: ErrorDetail[] = app.benefits?.source ? [] : [{ path: '/benefits/source', messageKey: 'validation.required' }];
  return [...childrenFirstProblems(app), ...problems];
}

const OFFER_RULES: ApplicationRules<OfferDraft> = {
  validateDraft: validateOfferDraft,
  coherence: (app) => offerCoherence(app),
  submissionProblems: (app) => [...offerSubmissionProblems(app), ...offerPageProblems(app)],
  schema: offerSchema,
};

export function checkOfferStep(
  patch: Record<string, unknown>,
  saved: OfferDraft,
  spec: StepSpec,
  options: { complete: boolean; emptied?: ErrorDetail[] },
): CheckedStep {
  const parts = spec.keys as string[];
  return checkStep(OFFER_RULES, patch, saved, { parts, owns: (path) => parts.includes(path.split('/')[1] ?? '') }, options);
}
