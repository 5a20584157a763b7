import { AuditModel } from './audit.model.js';
import { checkUnusualAccess, isCaseRead } from './unusual-access.js';

export interface AuditEntry {
  actorId?: string | null;
  actorRole?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  fields?: string[];
  outcome?: 'ok' | 'denied' | 'failed';
  /** HTTP status of a denied attempt. */
  status?: number | null;
  address?: string | null;
}

export async function audit(entry: AuditEntry, now = new Date()): Promise<void> {
  await AuditModel.create({ outcome: 'ok', ...entry, at: now });
  if (entry.actorId && entry.targetType && entry.targetId && isCaseRead(entry)) await checkUnusualAccess(entry.actorId, { type: entry.targetType, id: entry.targetId }, now);
}
