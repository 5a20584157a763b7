import { AuditModel } from './audit.model.js';

export interface AuditEntry {
  actorId?: string | null;
  actorRole?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  fields?: string[];
  outcome?: 'ok' | 'denied' | 'failed';
  address?: string | null;
}

export async function audit(entry: AuditEntry, now = new Date()): Promise<void> {
  await AuditModel.create({ outcome: 'ok', ...entry, at: now });
}
