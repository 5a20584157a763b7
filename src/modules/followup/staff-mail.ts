// Mails to staff. A severe incident, or an alarming check-in (SPEC §7), alerts the family's worker
// and every coordinator at once, each in their language; a check-in coming up reminds the worker.
// The mail says what kind of alert and where to look, never what was written: the details stay in the case.
import { formatDay, t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { activeCoordinators, contactOf, type Contact } from '../../kernel/auth/user.directory.js';
import type { FamilyRecord, FamilyService } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { IncidentInput } from './followup.schemas.js';

export type StaffAlert = { what: 'incident'; date: string; kind: IncidentInput['kind'] } | { what: 'checkin'; date: string };

/**
 * The case in words, as staff know it: the parent's first name and the initial of their last name
 * ("Amina B."), never a raw id; the link goes to the case.
 */
export function caseNamed(family: FamilyRecord): string {
  const parent = family.application.parent;
  const initial = parent?.lastName?.trim().charAt(0);
  return [parent?.firstName?.trim(), initial ? `${initial.toUpperCase()}.` : ''].filter(Boolean).join(' ') || String(family._id);
}

/**
 * Each recipient's mail is enqueued once by `key` (the record's alert, e.g. `alert:checkin:<id>`) and
 * their id: a retry, a repeat post or the sweep after a crash half-way sends only the mails still missing.
 */
export async function alertStaff(families: FamilyService, outbox: Outbox, c: CohabitationRecord, alert: StaffAlert, key: string): Promise<void> {
  const family = await families.load(c.familyId);
  const recipients = new Map<string, Contact>();
  const worker = await contactOf(family.assignedWorkerId);
  if (worker) recipients.set(worker.id, worker);
  for (const coordinator of await activeCoordinators()) recipients.set(coordinator.id, coordinator);
  for (const user of recipients.values()) {
    const lang = user.language;
    const params = { name: user.name, date: formatDay(lang, alert.date), family: caseNamed(family), link: outbox.link(`/work/cohabitations/${String(c._id)}`) };
    await outbox.enqueueOnce(
      `${key}:${user.id}`,
      alert.what === 'incident'
        ? {
            channel: 'email',
            to: user.email,
            lang,
            kind: 'incident-high',
            subject: t(lang, 'followup.mail.incident.subject'),
            text: t(lang, 'followup.mail.incident.body', { ...params, kind: t(lang, `followup.incidentKinds.${alert.kind}`) }),
          }
        : {
            channel: 'email',
            to: user.email,
            lang,
            kind: 'checkin-alert',
            subject: t(lang, 'followup.mail.checkinAlert.subject'),
            text: t(lang, 'followup.mail.checkinAlert.body', params),
          },
    );
  }
}

/** Two days before a check-in, the family's worker is reminded; false when the family has no worker. */
export async function remindWorker(families: FamilyService, outbox: Outbox, c: CohabitationRecord, dueOn: string): Promise<boolean> {
  const family = await families.load(c.familyId);
  const worker = await contactOf(family.assignedWorkerId);
  if (!worker) return false;
  const lang = worker.language;
  const params = { name: worker.name, date: formatDay(lang, dueOn), family: caseNamed(family), link: outbox.link(`/work/cohabitations/${String(c._id)}`) };
  await outbox.enqueue({
    to: worker.email,
    lang,
    kind: 'checkin-reminder',
    subject: t(lang, 'followup.mail.reminder.subject'),
    text: t(lang, 'followup.mail.reminder.body', params),
  });
  return true;
}
