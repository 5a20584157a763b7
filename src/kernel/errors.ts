// Typed errors. Services throw these; the one error handler turns them into a status code and
// either the JSON error body of SPEC §9 or an error page. `messageKey` is an i18n key, so the
// message reaches the user in their language.

export interface ErrorDetail {
  /** JSON pointer of the field, e.g. /children/0/birthYear */
  path: string;
  /** i18n key, with its parameters */
  messageKey: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    readonly details: ErrorDetail[] = [],
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = new.target.name;
  }
}

export class MalformedRequestError extends AppError {
  constructor(messageKey = 'errors.malformed') {
    super(400, 'MALFORMED_REQUEST', messageKey);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(messageKey = 'errors.unauthenticated') {
    super(401, 'UNAUTHENTICATED', messageKey);
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey = 'errors.forbidden', code = 'FORBIDDEN') {
    super(403, code, messageKey);
  }
}

export class NotFoundError extends AppError {
  constructor(messageKey = 'errors.notFound') {
    super(404, 'NOT_FOUND', messageKey);
  }
}

export class ConflictError extends AppError {
  constructor(messageKey = 'errors.conflict', details: ErrorDetail[] = [], code = 'CONFLICT') {
    super(409, code, messageKey, details);
  }
}

export class ValidationError extends AppError {
  constructor(details: ErrorDetail[], messageKey = 'errors.validation') {
    super(422, 'VALIDATION_FAILED', messageKey, details);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    messageKey = 'errors.tooManyRequests',
  ) {
    super(429, 'TOO_MANY_REQUESTS', messageKey, [], { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(messageKey = 'errors.unavailable') {
    super(503, 'SERVICE_UNAVAILABLE', messageKey);
  }
}

/** The safeguards of SPEC §11: each has a code the API answers and a message in the reader's language. */
export const RULE_CODES = [
  'HOST_SCREENING_INCOMPLETE',
  'CONTRIBUTION_OVER_CAP',
  'CONTRIBUTION_OVER_FAMILY_MAX',
  'SERVICES_OVER_LIMIT',
  'SHARE_PROFILE_NOT_CONSENTED',
  'REFERRAL_CONSENT_MISSING',
  'BENEFITS_WARNING_NOT_ACKNOWLEDGED',
  'REPORT_ITEM_NOT_APPLICABLE',
  'DATE_OUT_OF_RANGE',
  'OFFER_SUSPENDED',
  'PAIR_EXCLUDED',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/**
 * A refusal by one of the rules of SPEC §11: 409 for a state that does not allow it, 422 for a value.
 * The main message is `rules.<CODE>`; each detail names a field (or '' for the form) with its own
 * sentence, so a page's error summary says the same as the API.
 */
export class RuleViolation extends AppError {
  constructor(status: 409 | 422, code: RuleCode, details: ErrorDetail[] = [], params: Record<string, string | number> = {}) {
    super(status, code, `rules.${code}`, details.length ? details : [{ path: '', messageKey: `rules.${code}`, params }], params);
  }
}
