import { AuditModel } from './audit.model.js';
import { checkUnusualAccess, isCaseRead } from './unusual-access.js';

export interface AuditEntry {
  actorId?: string | null;
  actorRole?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** A list read: every record the answer carried (one entry per request). */
  targetIds?: string[];
  fields?: string[];
  outcome?: 'ok' | 'denied' | 'failed';
  /** HTTP status of a denied attempt. */
  status?: number | null;
  address?: string | null;
}

export async function audit(entry: AuditEntry, now = new Date()): Promise<void> {
  await AuditModel.create({ outcome: 'ok', ...entry, at: now });
  if (!entry.actorId || !entry.targetType || !isCaseRead(entry)) return;
  const ids = entry.targetIds ?? (entry.targetId ? [entry.targetId] : []);
  await checkUnusualAccess(
    entry.actorId,
    ids.map((id) => ({ type: entry.targetType!, id })),
    now,
  );
}
