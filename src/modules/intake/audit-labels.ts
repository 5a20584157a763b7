// The words of intake's events and fields for the audit log (kernel/audit/audit.labels.ts): the
// labels the case pages and the forms already use, so a field reads the same everywhere.
import { labelAuditEntries } from '../../kernel/audit/audit.labels.js';
import type { Language } from '../../kernel/config.js';
import { t } from '../../kernel/i18n/index.js';
import { STEPS as FAMILY_STEPS, stepOfPath as familyStepOf, type StepKey } from './pages/family-steps.js';
import { fieldLabel } from './pages/family-view.js';
import { labelOf, stepOfPath as offerStepOf } from './pages/offer-steps.js';
import { eventLabel } from './pages/worker-views.js';

const FAMILY_STEP_KEYS = Object.keys(FAMILY_STEPS) as StepKey[];

/** A field by its label, else the step of the form it is asked in ("About you"). */
function familyField(lang: Language, pointer: string): string | null {
  const step = familyStepOf(pointer, FAMILY_STEP_KEYS);
  return fieldLabel(lang, pointer) ?? (step ? t(lang, `intake.familyPages.steps.${step}`) : null);
}

function offerField(lang: Language, pointer: string): string | null {
  const step = offerStepOf(pointer);
  return labelOf(lang, pointer) ?? (step ? t(lang, `intake.offerPages.steps.${step}.title`) : null);
}

export function labelIntakeAuditEntries(): void {
  labelAuditEntries('family', { event: eventLabel, field: familyField });
  labelAuditEntries('offer', { event: eventLabel, field: offerField });
}
