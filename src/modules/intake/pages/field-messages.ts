// Errors on the application pages say what to do, with an example (GOV.UK style, issue 15): what a
// field's schema refuses gets that field's own message ("Enter a Brussels postal code, like 1030")
// instead of the generic one ("This value is not valid", a list of codes). The JSON API keeps the
// generic keys (SPEC §9); only the pages' step check uses these.
import type { ErrorDetail } from '../../../kernel/errors.js';

interface FieldMessages {
  /** What the field's schema refuses (type, range, pattern, format, choice). */
  invalid: string;
  /** When it is left empty; the generic "required" otherwise. */
  required?: string;
}

const k = (name: string, required = false): FieldMessages => ({
  invalid: `intake.fieldErrors.${name}`,
  ...(required ? { required: `intake.fieldErrors.${name}` } : {}),
});

// By path, row numbers written *: /children/0/birthYear is looked up as /children/*/birthYear.
const FIELDS: Record<string, FieldMessages> = {
  '/parent/birthYear': { invalid: 'intake.fieldErrors.birthYear', required: 'intake.fieldErrors.birthYearMissing' },
  '/children/*/birthYear': { invalid: 'intake.fieldErrors.birthYear', required: 'intake.fieldErrors.birthYearMissing' },
  '/host/household/*/birthYear': { invalid: 'intake.fieldErrors.birthYear', required: 'intake.fieldErrors.birthYearMissing' },
  '/parent/phone': k('phone'),
  '/host/phone': k('phone'),
  '/parent/email': k('email'),
  '/host/email': k('email'),
  '/referral/contactEmail': k('email'),
  '/parent/languages': k('languages', true),
  '/host/languages': k('languages', true),
  '/address/street': k('street'),
  '/address/number': k('houseNumber'),
  '/address/postalCode': k('postalCode', true),
  '/address/commune': k('commune', true),
  '/expectedChild/dueDate': k('date'),
  '/needs/moveInFrom': k('date'),
  '/needs/moveInBy': k('date'),
  '/availability/from': k('date'),
  '/benefits/unemploymentEndsOn': k('date'),
  '/needs/minDurationMonths': k('months'),
  '/availability/minDurationMonths': k('months'),
  '/needs/maxMonthlyContribution': k('money'),
  '/contribution/monthlyRent': k('money'),
  '/contribution/monthlyCharges': k('money'),
  '/dwelling/netSurfaceM2': k('surface'),
  '/rooms/*/surfaceM2': k('surface'),
  '/dwelling/floor': k('floor'),
  '/children/maxCount': k('childCount'),
  '/children/minAge': k('childAge'),
  '/children/maxAge': k('childAge'),
};

/** Generic messages that already say what to do, kept as they are. */
const KEPT = new Set(['validation.unknownField', 'validation.maxLength']);

export function saysWhatToDo(detail: ErrorDetail): ErrorDetail {
  if (!detail.messageKey.startsWith('validation.') || KEPT.has(detail.messageKey)) return detail;
  const field = FIELDS[detail.path.replace(/\/\d+(?=\/|$)/g, '/*')];
  if (detail.messageKey === 'validation.required') return field?.required ? { path: detail.path, messageKey: field.required } : detail;
  if (field) return { path: detail.path, messageKey: field.invalid };
  // Never a list of codes: the choices are on the page.
  if (detail.messageKey === 'validation.enum') return { path: detail.path, messageKey: 'intake.fieldErrors.choose' };
  return detail;
}
