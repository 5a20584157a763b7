// Small request helpers shared by intake's API and pages.
import type { Request } from 'express';
import { ValidationError, type ErrorDetail } from '../../kernel/errors.js';
import { COMMUNE_CODES } from '../../kernel/region.js';
import { FAMILY_STATUSES, OFFER_STATUSES, type FamilyStatus, type OfferStatus } from './vocabulary.js';

/** If-Match: "7" (or 7) → 7; absent → undefined (the API then acts on the current version). */
export function expectedVersion(req: Request): number | undefined {
  const header = req.headers['if-match'];
  if (typeof header !== 'string' || header.trim() === '' || header.trim() === '*') return undefined;
  const n = Number(header.replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new ValidationError([{ path: '/If-Match', messageKey: 'intake.conflict.badIfMatch' }]);
  return n;
}

function one(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface ListQuery<S> {
  status?: S;
  commune?: string;
  urgency?: number;
  q?: string;
  limit?: number;
  offset?: number;
  assignedTo?: string;
}

function parseList<S extends string>(query: Request['query'], statuses: readonly S[]): ListQuery<S> {
  const details: ErrorDetail[] = [];
  const out: ListQuery<S> = {};
  const status = one(query.status);
  if (status !== undefined) {
    if ((statuses as readonly string[]).includes(status)) out.status = status as S;
    else details.push({ path: '/status', messageKey: 'validation.enum', params: { allowed: statuses.join(', ') } });
  }
  const commune = one(query.commune);
  if (commune !== undefined) {
    if (COMMUNE_CODES.includes(commune)) out.commune = commune;
    else details.push({ path: '/commune', messageKey: 'intake.rules.unknownCommune' });
  }
  const urgency = one(query.urgency);
  if (urgency !== undefined) {
    if (/^[1-4]$/.test(urgency)) out.urgency = Number(urgency);
    else details.push({ path: '/urgency', messageKey: 'validation.enum', params: { allowed: '1, 2, 3, 4' } });
  }
  const q = one(query.q);
  if (q !== undefined) {
    if (q.length <= 100) out.q = q;
    else details.push({ path: '/q', messageKey: 'validation.maxLength', params: { limit: 100 } });
  }
  for (const key of ['limit', 'offset'] as const) {
    const v = one(query[key]);
    if (v === undefined) continue;
    if (/^\d{1,4}$/.test(v)) out[key] = Number(v);
    else details.push({ path: `/${key}`, messageKey: 'validation.type.integer' });
  }
  if (details.length) throw new ValidationError(details);
  return out;
}

export const parseFamilyQuery = (query: Request['query']) => parseList<FamilyStatus>(query, FAMILY_STATUSES);
export const parseOfferQuery = (query: Request['query']) => parseList<OfferStatus>(query, OFFER_STATUSES);
