// Searching the audit log (coordinators): the filters of the page and of GET /api/v1/audit, newest first.
import type { JSONSchemaType } from 'ajv';
import { accountIdByEmail, accountsById } from '../auth/user.directory.js';
import { trusted } from '../db/connection.js';
import { ValidationError } from '../errors.js';
import { compileValidator } from '../validation.js';
import { AuditModel } from './audit.model.js';

export const PER_PAGE = 50;
export const OUTCOMES = ['ok', 'denied', 'failed'] as const;

export interface AuditQuery {
  actor?: string;
  targetType?: string;
  targetId?: string;
  action?: string;
  outcome?: (typeof OUTCOMES)[number] | '';
  from?: string;
  to?: string;
  page?: string;
}

const text = (pattern: string, maxLength: number) => ({ type: 'string', maxLength, pattern, nullable: true }) as const;
const querySchema: JSONSchemaType<AuditQuery> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actor: text('^([0-9a-fA-F]{24}|[^\\s@]+@[^\\s@]+|)$', 254),
    targetType: text('^[a-z]{0,40}$', 40),
    targetId: text('^[A-Za-z0-9_-]{0,64}$', 64),
    action: { type: 'string', maxLength: 120, nullable: true },
    outcome: { type: 'string', enum: [...OUTCOMES, ''], nullable: true },
    from: text('^(\\d{4}-\\d{2}-\\d{2}|)$', 10),
    to: text('^(\\d{4}-\\d{2}-\\d{2}|)$', 10),
    page: text('^([1-9]\\d{0,4}|)$', 5),
  },
};
const validateQuery = compileValidator(querySchema);

/** The query string as given (without `lang`, which the language middleware reads). */
/** Plainer messages than "not valid" for the fields people type in. */
const MESSAGES: Record<string, string> = {
  '/from': 'validation.format.date',
  '/to': 'validation.format.date',
  '/actor': 'audit.page.actorInvalid',
  '/targetId': 'audit.page.targetIdInvalid',
};

export function parseAuditQuery(query: Record<string, unknown>): AuditQuery {
  const { lang: _lang, ...rest } = query;
  let parsed: AuditQuery;
  try {
    parsed = validateQuery(rest);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.details.map((d) => (d.messageKey === 'validation.invalid' && MESSAGES[d.path] ? { ...d, messageKey: MESSAGES[d.path]! } : d)),
    );
  }
  for (const key of ['from', 'to'] as const) {
    const value = parsed[key];
    if (value && Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new ValidationError([{ path: `/${key}`, messageKey: 'validation.format.date' }]);
  }
  return parsed;
}

export interface AuditRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** A list read: how many records it returned (each is found by a search on its id). */
  listed: number;
  fields: string[];
  outcome: string;
  status: number | null;
  address: string | null;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function actorFilter(actor: string): Promise<string | null> {
  if (!actor.includes('@')) return actor.toLowerCase();
  return accountIdByEmail(actor);
}

export async function searchAudit(query: AuditQuery): Promise<{ items: AuditRow[]; page: number; hasMore: boolean }> {
  const page = query.page ? Number(query.page) : 1;
  const filter: Record<string, unknown> = {};
  if (query.actor) {
    const id = await actorFilter(query.actor);
    if (id === null) return { items: [], page, hasMore: false };
    filter.actorId = id;
  }
  if (query.targetType) filter.targetType = query.targetType;
  // A record read alone, or returned by a list read.
  if (query.targetId) filter.$or = trusted([{ targetId: query.targetId }, { targetIds: query.targetId }]);
  if (query.action) filter.action = trusted({ $regex: `^${escapeRegex(query.action.trim())}` });
  if (query.outcome) filter.outcome = query.outcome;
  const at: Record<string, Date> = {};
  if (query.from) at.$gte = new Date(`${query.from}T00:00:00Z`);
  if (query.to) at.$lt = new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000);
  if (Object.keys(at).length) filter.at = trusted(at);

  const docs = await AuditModel.find(filter)
    .sort({ at: -1, _id: -1 })
    .skip((page - 1) * PER_PAGE)
    .limit(PER_PAGE + 1)
    .lean();
  const items = docs.slice(0, PER_PAGE).map((d) => ({
    id: String(d._id),
    at: d.at,
    actorId: d.actorId ?? null,
    actorRole: d.actorRole ?? null,
    action: d.action,
    targetType: d.targetType ?? null,
    targetId: d.targetId ?? null,
    listed: d.targetIds?.length ?? 0,
    fields: d.fields ?? [],
    outcome: d.outcome,
    status: d.status ?? null,
    address: d.address ?? null,
  }));
  return { items, page, hasMore: docs.length > PER_PAGE };
}

/** Names and e-mails of the people in a page of entries, for display. */
export async function actorsOf(ids: (string | null)[]): Promise<Map<string, { name: string; email: string }>> {
  return accountsById(ids);
}
