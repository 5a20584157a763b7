// Alert when one account opens an unusual number of distinct cases in a rolling hour (SPEC §8, issue 7).
// Checked right after a case read is written to the audit log, not by a periodic job: the alert goes
// out while the reading is still going on (a job would lag by its period), it costs two reads by key
// (the reader's cases of this hour and of the last), and nothing runs when nobody reads.
import type { Logger } from 'pino';
import { accountsById, activeCoordinators } from '../auth/user.directory.js';
import { trusted } from '../db/connection.js';
import { insertOnce } from '../db/unique.js';
import { t } from '../i18n/index.js';
import type { Outbox } from '../mail/outbox.service.js';
import { AuditAlertModel, AuditModel, CaseReadsModel } from './audit.model.js';

/** The records that make a "case": what a person's situation is read from. */
export const CASE_TYPES = ['family', 'offer', 'cohabitation'] as const;
const HOUR_MS = 3_600_000;

export interface UnusualAccessSettings {
  threshold: number;
  outbox: Outbox;
  publicUrl: string;
  logger?: Logger;
}

let settings: UnusualAccessSettings | null = null;
let paused = 0;
/** Accounts already alerted about, until when: spares the count query for the rest of their hour. */
const quietUntil = new Map<string, number>();

export function configureUnusualAccess(next: UnusualAccessSettings | null): void {
  settings = next;
  quietUntil.clear();
}

/** Runs work that reads many cases on purpose (seeding the demo data) without alerting anyone. */
export async function withoutUnusualAccessAlerts<T>(work: () => Promise<T>): Promise<T> {
  paused++;
  try {
    return await work();
  } finally {
    paused--;
  }
}

/** A read of one case (`family.read`) or of a list of cases (`family.list`). */
export function isCaseRead(entry: { action: string; targetType?: string | null; outcome?: string }): boolean {
  return (
    (entry.outcome ?? 'ok') === 'ok' &&
    (entry.action.endsWith('.read') || entry.action.endsWith('.list')) &&
    (CASE_TYPES as readonly string[]).includes(entry.targetType ?? '')
  );
}

/**
 * Called after a case read was logged — one case, or every case of a list read (each counts as
 * opened). Never throws: the read itself must not fail because of the alert.
 */
export async function checkUnusualAccess(actorId: string, targets: { type: string; id: string }[], now = new Date()): Promise<boolean> {
  const current = settings;
  if (!current || paused > 0 || targets.length === 0) return false;
  try {
    if ((quietUntil.get(actorId) ?? 0) > now.getTime()) return false;
    const since = new Date(now.getTime() - HOUR_MS);
    const hour = Math.floor(now.getTime() / HOUR_MS);
    const opens = Object.fromEntries(targets.map((target) => [`cases.${target.type}:${target.id}`, now]));
    // This hour's reads by the account, with these, and the previous hour's: two reads by key.
    const [thisHour, lastHour] = await Promise.all([
      CaseReadsModel.findOneAndUpdate({ _id: `${actorId}:${hour}` }, { $set: { ...opens, actorId, hour } }, { upsert: true, returnDocument: 'after' }).lean<{
        cases: Record<string, Date>;
      }>(),
      CaseReadsModel.findById(`${actorId}:${hour - 1}`).lean<{ cases: Record<string, Date> }>(),
    ]);
    const opened = new Set<string>();
    for (const reads of [thisHour?.cases, lastHour?.cases]) {
      for (const [key, at] of Object.entries(reads ?? {}))
        if (new Date(at).getTime() > since.getTime() && new Date(at).getTime() <= now.getTime()) opened.add(key);
    }
    const distinct = opened.size;
    if (distinct < current.threshold) return false;
    // Once per account per rolling hour: an alert in the last hour silences this one…
    const recent = await AuditAlertModel.findOne({ actorId, at: trusted({ $gt: since }) }).lean();
    if (recent) {
      quietUntil.set(actorId, recent.at.getTime() + HOUR_MS);
      return false;
    }
    // …and the key makes two concurrent crossings send one alert.
    const key = `${actorId}:${Math.floor(now.getTime() / HOUR_MS)}`;
    if (!(await insertOnce(AuditAlertModel, { _id: key, actorId, at: now, distinctCases: distinct, threshold: current.threshold }))) return false;
    quietUntil.set(actorId, now.getTime() + HOUR_MS);
    await AuditModel.create({ at: now, actorId, action: 'audit.unusualAccess', targetType: 'user', targetId: actorId, fields: [], outcome: 'ok' });
    await mailCoordinators(current, actorId, distinct);
    return true;
  } catch (error) {
    current.logger?.error({ err: error, actorId }, 'unusual-access check failed');
    return false;
  }
}

async function mailCoordinators(current: UnusualAccessSettings, actorId: string, distinct: number): Promise<void> {
  const [readers, coordinators] = await Promise.all([accountsById([actorId]), activeCoordinators()]);
  const reader = readers.get(actorId);
  const link = `${current.publicUrl.replace(/\/$/, '')}/admin/audit?actor=${encodeURIComponent(actorId)}`;
  for (const coordinator of coordinators) {
    const lang = coordinator.language;
    const params = {
      name: reader?.name ?? actorId,
      email: reader?.email ?? '',
      role: reader ? t(lang, `roles.${reader.role}`) : '',
      count: distinct,
      threshold: current.threshold,
      link,
    };
    await current.outbox.enqueue({
      to: coordinator.email,
      lang,
      kind: 'audit-unusual-access',
      subject: t(lang, 'audit.alertMail.subject', params),
      text: t(lang, 'audit.alertMail.text', params),
    });
  }
}

export interface AlertRow {
  actorId: string;
  at: Date;
  distinctCases: number;
  threshold: number;
}

export async function recentAlerts(days = 7, now = new Date()): Promise<AlertRow[]> {
  return AuditAlertModel.find({ at: trusted({ $gt: new Date(now.getTime() - days * 86_400_000) }) })
    .sort({ at: -1 })
    .limit(50)
    .lean<AlertRow[]>();
}

/** The per-hour read sets older than the rolling hour are of no use (scheduled hourly in app.ts). */
export async function removeOldCaseReads(now = new Date()): Promise<number> {
  const result = await CaseReadsModel.deleteMany({ hour: trusted({ $lt: Math.floor(now.getTime() / HOUR_MS) - 1 }) });
  return result.deletedCount ?? 0;
}
