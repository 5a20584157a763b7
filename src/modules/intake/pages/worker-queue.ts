// The queue's filters (/work): what the GET form shows and what the services are asked.
import type { Request } from 'express';

export type Tab = 'families' | 'offers';

/** The queue's filters as the form shows them: status defaults to "submitted" (to review); "all" lifts it. */
export function queueQuery(req: Request, tab: Tab) {
  const one = (key: string) => (typeof req.query[key] === 'string' ? req.query[key] : undefined);
  const shown = {
    status: one('status') ?? 'submitted',
    commune: one('commune') ?? '',
    urgency: tab === 'families' ? (one('urgency') ?? '') : '',
    q: one('q') ?? '',
    assignedTo: tab === 'families' && one('assignedTo') === 'me' ? 'me' : '',
    offset: one('offset') ?? '',
  };
  const raw: Record<string, string> = {};
  for (const key of ['status', 'commune', 'urgency', 'q', 'offset'] as const)
    if (shown[key] !== '' && !(key === 'status' && shown.status === 'all')) raw[key] = shown[key];
  return { shown, raw };
}

export function queueLink(tab: Tab, shown: ReturnType<typeof queueQuery>['shown'], offset: number): string {
  const params = new URLSearchParams({ tab });
  for (const key of ['status', 'commune', 'urgency', 'q', 'assignedTo'] as const) if (shown[key]) params.set(key, shown[key]);
  if (offset > 0) params.set('offset', String(offset));
  return `/work?${params.toString()}`;
}
