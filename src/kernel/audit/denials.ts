// Denied attempts in the audit log: a signed-in person refused by a route's policy (403) or by a
// service guarding someone else's record (403, or 404 so as not to tell that it exists). Recorded
// in one place, when the response is finished, from the route's own policy handler (kernel/auth/policy.ts),
// so no service has to remember it.
import type { Request, Response } from 'express';
import { audit } from './audit.service.js';

/** The kind of record a route's first parameter names, from the path segment before it. */
const TARGET_TYPES: Record<string, string> = {
  families: 'family',
  offers: 'offer',
  proposals: 'proposal',
  inspections: 'inspection',
  cohabitations: 'cohabitation',
  users: 'user',
  checklist: 'checklist',
};

export function targetOf(pattern: string, params: Record<string, unknown>): { targetType: string | null; targetId: string | null } {
  const match = /\/([^/:]+)\/:(\w+)/.exec(pattern);
  if (!match) return { targetType: null, targetId: null };
  const [, segment = '', param = ''] = match;
  const value = params[param];
  return { targetType: TARGET_TYPES[segment] ?? segment.slice(0, 40), targetId: typeof value === 'string' ? value.slice(0, 64) : null };
}

function isDenial(status: number, pattern: string): boolean {
  return status === 403 || (status === 404 && pattern.includes('/:'));
}

/** Call from the route's first handler: once the answer is sent, a refusal is written to the log. */
export function recordDenialOnFinish(req: Request, res: Response): void {
  const user = req.user;
  if (!user || res.locals.auditDenialWatched) return;
  res.locals.auditDenialWatched = true;
  const route = req.route as { path?: unknown } | undefined; // Express types the matched route as `any`
  const pattern = `${req.baseUrl}${typeof route?.path === 'string' ? route.path : req.path}`;
  const params = { ...(req.params as Record<string, unknown>) };
  res.once('finish', () => {
    if (!isDenial(res.statusCode, pattern)) return;
    audit({
      actorId: user.id,
      actorRole: user.role,
      action: `${req.method} ${pattern}`,
      ...targetOf(pattern, params),
      outcome: 'denied',
      status: res.statusCode,
      address: req.ip ?? null,
    }).catch(() => undefined); // the log is best effort here: the person already has their answer
  });
}
