// Reading the matching pages' forms (strings from qs) into what the services take, the plan's
// locked and forbidden pairs kept in the session, and moving a service's error onto the form
// element of the page that caused it (so the error summary links to the right card).
import type { Request } from 'express';
import { AppError, ConflictError, ValidationError, type ErrorDetail } from '../../kernel/errors.js';
import type { PairRef } from './candidates.service.js';
import type { Party } from './proposal.model.js';
import { isObjectId } from '../../kernel/db/object-id.js';

export const P = 'matching.pages';
export const MESSAGE_MAX = 2000;

export interface PlanChoices {
  locked: PairRef[];
  forbidden: PairRef[];
}

declare module 'express-session' {
  interface SessionData {
    /** The worker's locked and forbidden pairs on the plan page (/work/plan). */
    matchingPlan?: PlanChoices;
  }
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function body(req: Request): Record<string, unknown> {
  return req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
}

/** The other side's id posted by a propose form, and the optional message. */
export function readProposal(req: Request, idField: 'offerId' | 'familyId', fieldId: string): { id: string; message: string | null } {
  const b = body(req);
  const id = text(b[idField]);
  if (!isObjectId(id)) throw new ValidationError([{ path: '/main', messageKey: `${P}.errors.noChoice` }]);
  return { id, message: readMessage(req, fieldId) };
}

/** The optional message of a propose form. */
export function readMessage(req: Request, fieldId: string): string | null {
  const message = text(body(req).message);
  if (message.length > MESSAGE_MAX) throw new ValidationError([{ path: `/${fieldId}`, messageKey: 'validation.maxLength', params: { limit: MESSAGE_MAX } }]);
  return message || null;
}

/** A pair named by a plan form. */
export function readPair(req: Request): PairRef {
  const b = body(req);
  const familyId = text(b.familyId);
  const offerId = text(b.offerId);
  if (!isObjectId(familyId) || !isObjectId(offerId)) throw new ValidationError([{ path: '/main', messageKey: `${P}.errors.noChoice` }]);
  return { familyId, offerId };
}

/** The two offers ticked for comparison: `offers=a,b` (a link) or `offers=a&offers=b` (the form). */
export function readComparison(query: Request['query']): [string, string] {
  const raw = query.offers;
  const values = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
    .map((v) => v.trim())
    .filter(Boolean);
  const ids = [...new Set(values)];
  if (ids.length !== 2 || !ids.every(isObjectId)) throw new ValidationError([{ path: '/compare', messageKey: `${P}.errors.pickTwo` }]);
  return [ids[0]!, ids[1]!];
}

/** An answer to a proposal: a parent or host answers for their side; a worker names the side. */
export function readAnswer(req: Request, staff: boolean): { decision: 'accept' | 'decline'; reason: string | null; party: Party | null } {
  const b = body(req);
  const details: ErrorDetail[] = [];
  const decision = text(b.decision);
  const reason = text(b.reason);
  const party = text(b.party);
  if (decision !== 'accept' && decision !== 'decline') details.push({ path: '/decision', messageKey: `${P}.errors.decision` });
  if (staff && party !== 'family' && party !== 'host') details.push({ path: '/party', messageKey: 'matching.proposal.partyRequired' });
  if (decision === 'decline' && !reason) details.push({ path: '/reason', messageKey: 'matching.proposal.reasonRequired' });
  if (reason.length > MESSAGE_MAX) details.push({ path: '/reason', messageKey: 'validation.maxLength', params: { limit: MESSAGE_MAX } });
  if (details.length) throw new ValidationError(details);
  return { decision: decision as 'accept' | 'decline', reason: reason || null, party: staff ? (party as Party) : null };
}

export function readCancel(req: Request): string {
  const part = body(req).cancel;
  const reason = text(part && typeof part === 'object' ? (part as Record<string, unknown>).reason : undefined);
  if (!reason) throw new ValidationError([{ path: '/cancel/reason', messageKey: 'matching.proposal.reasonRequired' }]);
  if (reason.length > MESSAGE_MAX) throw new ValidationError([{ path: '/cancel/reason', messageKey: 'validation.maxLength', params: { limit: MESSAGE_MAX } }]);
  return reason;
}

/**
 * Runs a service call for one element of a page: its 422 and 409 errors (which name the service's
 * fields, or nothing) are moved onto that element, so the error summary links to it.
 */
export async function onElement<T>(elementId: string, call: () => Promise<T>, keep: (path: string) => boolean = () => false): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof AppError) || (error.status !== 422 && error.status !== 409)) throw error;
    const source = error.details.length ? error.details : [{ path: '', messageKey: error.messageKey, params: error.params }];
    const details = source.map((d) => (keep(d.path) ? d : { ...d, path: `/${elementId}` }));
    throw error.status === 409 ? new ConflictError(error.messageKey, details, error.code) : new ValidationError(details, error.messageKey);
  }
}

// ---- The plan's choices, kept in the session ----

const same = (a: PairRef, b: PairRef) => a.familyId === b.familyId && a.offerId === b.offerId;

export function planChoices(req: Request): PlanChoices {
  const kept = req.session.matchingPlan;
  return { locked: [...(kept?.locked ?? [])], forbidden: [...(kept?.forbidden ?? [])] };
}

export function savePlanChoices(req: Request, choices: PlanChoices): void {
  req.session.matchingPlan = choices;
}

/** Keeps a pair: it replaces any lock on the same family or the same offer, and is no longer forbidden. */
export function lockPair(choices: PlanChoices, pair: PairRef): PlanChoices {
  return {
    locked: [...choices.locked.filter((p) => p.familyId !== pair.familyId && p.offerId !== pair.offerId), pair],
    forbidden: choices.forbidden.filter((p) => !same(p, pair)),
  };
}

export function forbidPair(choices: PlanChoices, pair: PairRef): PlanChoices {
  return { locked: choices.locked.filter((p) => !same(p, pair)), forbidden: [...choices.forbidden.filter((p) => !same(p, pair)), pair] };
}

/** Neither kept nor forbidden any more. */
export function releasePair(choices: PlanChoices, pair: PairRef): PlanChoices {
  return { locked: choices.locked.filter((p) => !same(p, pair)), forbidden: choices.forbidden.filter((p) => !same(p, pair)) };
}

/** After a proposal, the pair (and anything else on its family or offer) leaves the plan's choices. */
export function forgetSides(choices: PlanChoices, pair: PairRef): PlanChoices {
  const other = (p: PairRef) => p.familyId !== pair.familyId && p.offerId !== pair.offerId;
  return { locked: choices.locked.filter(other), forbidden: choices.forbidden.filter(other) };
}

/** Which of the kept choices a plan refused (`/locked/3`, `/forbidden/0`), to drop them and try again. */
export function refusedChoices(error: AppError, choices: PlanChoices): { locked: Set<number>; forbidden: Set<number> } | null {
  const out = { locked: new Set<number>(), forbidden: new Set<number>() };
  for (const d of error.details) {
    const m = /^\/(locked|forbidden)\/(\d+)$/.exec(d.path);
    if (!m) return null;
    const k = Number(m[2]);
    if (k >= choices[m[1] as 'locked' | 'forbidden'].length) return null;
    out[m[1] as 'locked' | 'forbidden'].add(k);
  }
  return out.locked.size + out.forbidden.size > 0 ? out : null;
}
