// The casework forms of the worker's case pages. Each form posts its fields under one prefix
// (review[reason], network[contacts][0][name]…), so the ids of its fields are unique on a page
// that holds several forms, and the errors of the services (JSON pointers like /reason) are moved
// under that prefix (/review/reason → field id review-reason) before going back to the page.
import type { Request, Response } from 'express';
import { AppError, ValidationError, type ErrorDetail } from '../../../kernel/errors.js';
import { coerceForm } from '../../../kernel/http/form-coercion.js';
import { formHandler } from '../../../kernel/http/forms.js';
import { t } from '../../../kernel/i18n/index.js';
import {
  validateBedroomsOverride,
  validateExclusions,
  validateInterview,
  validateIsolation,
  validateNetwork,
  validateOfferReview,
  validateRecordCheck,
  validateReference,
  validateReview,
  type AssignmentInput,
  type BedroomsOverrideInput,
  type ExclusionsInput,
  type InterviewInput,
  type IsolationInput,
  type NetworkInput,
  type OfferReviewInput,
  type RecordCheckInput,
  type ReferenceInput,
  type ReviewInput,
  validateReferenceResolution,
  validateSuspensionReview,
  type SuspensionReviewInput,
} from '../casework.schemas.js';
import { isObjectId } from '../../../kernel/db/object-id.js';

type Shape = { type: string; properties?: Record<string, Shape>; items?: Shape };
const text: Shape = { type: 'string' };
const integer: Shape = { type: 'integer' };
const boolean: Shape = { type: 'boolean' };
const object = (properties: Record<string, Shape>): Shape => ({ type: 'object', properties });
const list = (items: Shape): Shape => ({ type: 'array', items });

// What the forms post, for coerceForm (the casework schemas are compiled, not exported as objects).
const SHAPES = {
  review: object({ decision: text, reason: text, version: integer }),
  assignment: object({ workerId: text, version: integer }),
  interview: object({ date: text, summary: text, supportNeeds: text, resources: text }),
  network: object({ version: integer, contacts: list(object({ kind: text, name: text, relation: text, canHelpWith: text, contact: text, remove: boolean })) }),
  isolation: object({ criteria: list(text), note: text }),
  bedrooms: object({ value: integer, reason: text, reset: boolean, version: integer }),
  exclusions: object({ communes: list(text), offerIds: text, hostIds: text, reason: text, version: integer }),
  reference: object({ name: text, relation: text, contact: text, outcome: text, note: text }),
  recordCheck: object({ memberIndex: integer, seenOn: text, result: text }),
  resolution: object({ reason: text }),
  suspensionReview: object({ decision: text, reason: text, version: integer }),
  account: object({ email: text }),
  partnerUpdates: object({ consent: text, givenBy: text, givenOn: text }),
} as const;

export type CaseForm = keyof typeof SHAPES;

export function read(req: Request, prefix: CaseForm): Record<string, unknown> {
  const raw = (req.body as Record<string, unknown> | undefined)?.[prefix];
  const value = coerceForm(raw && typeof raw === 'object' ? raw : {}, SHAPES[prefix]);
  return value && typeof value === 'object' ? { ...(value as Record<string, unknown>) } : {};
}

/** The record version the form was showing (hidden field); anything else: none. */
function takeVersion(values: Record<string, unknown>): number | undefined {
  const v = values.version;
  delete values.version;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

function statusLabel(lang: Request['lang'], vocabulary: string, status: unknown): string {
  return typeof status === 'string' ? t(lang, `intake.vocab.${vocabulary}.${status}`) : String(status);
}

/**
 * formHandler for one case form: 422 and 409 errors are moved under the form's prefix; a 409 (someone
 * changed the record meanwhile, or the status no longer allows it) is shown at the form's section
 * with the reason first, then who changed what.
 */
export function caseForm(
  prefix: CaseForm,
  vocabulary: 'familyStatuses' | 'offerStatuses',
  backTo: (req: Request) => string,
  handler: (req: Request, res: Response) => Promise<void>,
) {
  return formHandler(backTo, async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 422) {
        const details = error.details.length ? error.details : [{ path: '', messageKey: error.messageKey, params: error.params }];
        throw new AppError(
          422,
          error.code,
          error.messageKey,
          details.map((d) => ({ ...d, path: `/${prefix}${d.path === '/' ? '' : d.path}` })),
          error.params,
        );
      }
      if (error.status === 409) {
        const translate = (d: ErrorDetail): ErrorDetail => ({
          path: `/${prefix}`,
          messageKey: d.messageKey,
          params:
            d.params && ('from' in d.params || 'to' in d.params)
              ? { ...d.params, from: statusLabel(req.lang, vocabulary, d.params.from), to: statusLabel(req.lang, vocabulary, d.params.to) }
              : d.params,
        });
        const top = error.details.some((d) => d.messageKey === error.messageKey) ? [] : [{ path: '', messageKey: error.messageKey, params: error.params }];
        throw new AppError(409, error.code, error.messageKey, [...top, ...error.details].map(translate), error.params);
      }
      throw error;
    }
  });
}

export function readReview(req: Request): { input: ReviewInput; version?: number } {
  const values = read(req, 'review');
  const version = takeVersion(values);
  return { input: validateReview(values), version };
}

export function readOfferReview(req: Request): { input: OfferReviewInput; version?: number } {
  const values = read(req, 'review');
  const version = takeVersion(values);
  return { input: validateOfferReview(values), version };
}

/** The chosen account must be one of the listed staff accounts. */
export function readAssignment(req: Request, staffIds: string[]): { input: AssignmentInput; version?: number } {
  const values = read(req, 'assignment');
  const version = takeVersion(values);
  const workerId = values.workerId;
  if (typeof workerId !== 'string' || !isObjectId(workerId) || !staffIds.includes(workerId))
    throw new ValidationError([{ path: '/workerId', messageKey: 'intake.casework.notAWorker' }]);
  return { input: { workerId }, version };
}

export function readInterview(req: Request): InterviewInput {
  return validateInterview(read(req, 'interview'));
}

const NETWORK_TEXT = ['name', 'relation', 'canHelpWith', 'contact'] as const;

/**
 * The network form shows every saved row (each with "remove") and one empty row: rows marked for
 * removal and rows left empty are dropped; errors keep the row numbers of the form.
 */
export function readNetwork(req: Request): { input: NetworkInput; version?: number } {
  const values = read(req, 'network');
  const version = takeVersion(values);
  const rows = Array.isArray(values.contacts) ? (values.contacts as Record<string, unknown>[]) : [];
  const kept: { row: Record<string, unknown>; index: number }[] = [];
  rows.forEach((row, index) => {
    if (!row || typeof row !== 'object' || row.remove === true) return;
    if (NETWORK_TEXT.every((key) => row[key] === undefined)) return;
    const { remove: _remove, ...contact } = row;
    kept.push({ row: contact, index });
  });
  try {
    return { input: validateNetwork({ contacts: kept.map((k) => k.row) }), version };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.details.map((d) => ({ ...d, path: d.path.replace(/^\/contacts\/(\d+)/, (_m, i: string) => `/contacts/${kept[Number(i)]?.index ?? i}`) })),
    );
  }
}

export function readIsolation(req: Request): IsolationInput {
  const values = read(req, 'isolation');
  return validateIsolation({ ...values, criteria: values.criteria ?? [] });
}

/** "Back to the computed number" posts reset; otherwise a number with its reason. */
export function readBedrooms(req: Request): { input: BedroomsOverrideInput; version?: number } {
  const { reset, ...values } = read(req, 'bedrooms');
  const version = takeVersion(values);
  if (reset === true) return { input: { value: null }, version };
  if (values.value === undefined) throw new ValidationError([{ path: '/value', messageKey: 'validation.required' }]);
  return { input: validateBedroomsOverride(values), version };
}

/** Ids typed one a line or separated by commas, spaces or semicolons; each must be a record number. */
function idList(value: unknown, path: string, problems: ErrorDetail[]): string[] {
  const items = typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : [];
  const bad = items.filter((id) => !isObjectId(id));
  if (bad.length) problems.push({ path, messageKey: 'intake.workerPages.exclusions.badId', params: { value: bad.slice(0, 3).join(', ') } });
  return [...new Set(items.map((id) => id.toLowerCase()))];
}

export function readExclusions(req: Request): { input: ExclusionsInput; version?: number } {
  const values = read(req, 'exclusions');
  const version = takeVersion(values);
  const problems: ErrorDetail[] = [];
  const offerIds = idList(values.offerIds, '/offerIds', problems);
  const hostIds = idList(values.hostIds, '/hostIds', problems);
  if (problems.length) throw new ValidationError(problems);
  return {
    input: validateExclusions({ communes: values.communes ?? [], offerIds, hostIds, ...(values.reason !== undefined ? { reason: values.reason } : {}) }),
    version,
  };
}

export function readReference(req: Request): ReferenceInput {
  return validateReference(read(req, 'reference'));
}

export function readRecordCheck(req: Request): RecordCheckInput {
  return validateRecordCheck(read(req, 'recordCheck'));
}

export function readResolution(req: Request): string {
  return validateReferenceResolution(read(req, 'resolution')).reason;
}

export function readSuspensionReview(req: Request): { input: SuspensionReviewInput; version?: number } {
  const values = read(req, 'suspensionReview');
  const version = takeVersion(values);
  return { input: validateSuspensionReview(values), version };
}
