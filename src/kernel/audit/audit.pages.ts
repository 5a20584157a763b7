// The audit log for coordinators: /admin/audit (a GET form, works without JavaScript) and
// GET /api/v1/audit with the same filters. Read-only: there is no route that changes or removes an entry.
import { Router, type Request } from 'express';
import type { Logger } from 'pino';
import { allow } from '../auth/policy.js';
import type { Config } from '../config.js';
import { ValidationError } from '../errors.js';
import { translateDetails } from '../http/forms.js';
import { catalogues, t } from '../i18n/index.js';
import type { Outbox } from '../mail/outbox.service.js';
import { actorsOf, OUTCOMES, parseAuditQuery, PER_PAGE, searchAudit, type AuditQuery } from './audit.search.js';
import { auditActionLabel, auditFieldLabel } from './audit.labels.js';
import { CASE_TYPES, configureUnusualAccess, recentAlerts } from './unusual-access.js';

type AuditConfig = Pick<Config, 'publicUrl' | 'audit'>;

const TARGET_TYPES = [...CASE_TYPES, 'proposal', 'inspection', 'user'];
const FILTER_KEYS = ['actor', 'targetType', 'targetId', 'action', 'outcome', 'from', 'to'] as const;

/** Where a coordinator can open a record named by an entry. */
function targetLink(type: string | null, id: string | null): string | null {
  if (!id || !/^[0-9a-f]{24}$/.test(id)) return null;
  if (type === 'family') return `/work/families/${id}`;
  if (type === 'offer') return `/work/offers/${id}`;
  if (type === 'cohabitation') return `/work/cohabitations/${id}`;
  return null;
}

function pageLink(query: AuditQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (query[key]) params.set(key, query[key]);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `/admin/audit?${qs}` : '/admin/audit';
}

/** The actions a coordinator can pick in the filter: those the catalogue names (audit.actions.<action>). */
const ACTIONS = [...(catalogues.get('fr')?.keys() ?? [])]
  .filter((key) => key.startsWith('audit.actions.') && key.split('.').length > 3)
  .map((key) => key.slice('audit.actions.'.length));

function shownValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) out[key] = typeof req.query[key] === 'string' ? req.query[key] : '';
  return out;
}

export function auditRoutes(config: AuditConfig, outbox: Outbox, logger?: Logger): Router {
  configureUnusualAccess({ threshold: config.audit.unusualCasesPerHour, outbox, publicUrl: config.publicUrl, logger });
  const coordinator = allow('coordinator');

  const api = Router();
  api.get('/audit', coordinator, async (req, res) => {
    const result = await searchAudit(parseAuditQuery(req.query));
    res.json({ items: result.items.map((i) => ({ ...i, at: i.at.toISOString() })), page: result.page, perPage: PER_PAGE, hasMore: result.hasMore });
  });

  const pages = Router();
  pages.get('/admin/audit', coordinator, async (req, res) => {
    const values = shownValues(req);
    let query: AuditQuery = {};
    let errors: ReturnType<typeof translateDetails> = [];
    try {
      query = parseAuditQuery(req.query);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors = translateDetails(req.lang, error.details);
    }
    const [result, alerts] = await Promise.all([errors.length ? { items: [], page: 1, hasMore: false } : searchAudit(query), recentAlerts()]);
    const people = await actorsOf([...result.items.map((i) => i.actorId), ...alerts.map((a) => a.actorId)]);
    res.status(errors.length ? 422 : 200).render('admin/audit.njk', {
      errors,
      values,
      typeOptions: [
        { value: '', label: t(req.lang, 'audit.page.any') },
        ...TARGET_TYPES.map((v) => ({ value: v, label: t(req.lang, `audit.targetTypes.${v}`) })),
      ],
      outcomeOptions: [{ value: '', label: t(req.lang, 'audit.page.any') }, ...OUTCOMES.map((v) => ({ value: v, label: t(req.lang, `audit.outcomes.${v}`) }))],
      // An action asked in the address that the list lacks (the API's prefixes) stays chosen, as written.
      actionOptions: [
        { value: '', label: t(req.lang, 'audit.page.any') },
        ...ACTIONS.map((v) => ({ value: v, label: auditActionLabel(req.lang, v) })),
        ...(values.action && !ACTIONS.includes(values.action) ? [{ value: values.action, label: values.action }] : []),
      ],
      targetTypes: TARGET_TYPES,
      filtered: FILTER_KEYS.some((k) => values[k]),
      rows: result.items.map((i) => ({
        ...i,
        actionLabel: auditActionLabel(req.lang, i.action),
        fieldLabels: [...new Set(i.fields.map((f) => auditFieldLabel(req.lang, f, i.targetType)))],
        actor: i.actorId ? people.get(i.actorId) : undefined,
        link: targetLink(i.targetType, i.targetId),
      })),
      alerts: alerts.map((a) => ({ ...a, actor: people.get(a.actorId), link: pageLink({ actor: a.actorId }, 1) })),
      page: result.page,
      previous: result.page > 1 ? pageLink(query, result.page - 1) : null,
      next: result.hasMore ? pageLink(query, result.page + 1) : null,
    });
  });

  const router = Router();
  router.use('/api/v1', api);
  router.use(pages);
  return router;
}
