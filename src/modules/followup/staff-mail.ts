// Mails to staff. A severe incident, or an alarming check-in (SPEC §7), alerts the family's worker
// and every coordinator at once, each in their language; a check-in coming up reminds the worker.
// The mail says what kind of alert and where to look, never what was written: the details stay in the case.
import { formatDay, t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { activeCoordinators, contactOf, type Contact } from '../../kernel/auth/user.directory.js';
import type { FamilyService } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { IncidentInput } from './followup.schemas.js';

export type StaffAlert = { what: 'incident'; date: string; kind: IncidentInput['kind'] } | { what: 'checkin'; date: string };

export async function alertStaff(families: FamilyService, outbox: Outbox, c: CohabitationRecord, alert: StaffAlert): Promise<void> {
  const family = await families.load(c.familyId);
  const recipients = new Map<string, Contact>();
  const worker = await contactOf(family.assignedWorkerId);
  if (worker) recipients.set(worker.id, worker);
  for (const coordinator of await activeCoordinators()) recipients.set(coordinator.id, coordinator);
  for (const user of recipients.values()) {
    const lang = user.language;
    const params = { name: user.name, date: formatDay(lang, alert.date), id: String(c._id) };
    await outbox.enqueue(
      alert.what === 'incident'
        ? { to: user.email, kind: 'incident-high', subject: t(lang, 'followup.mail.incident.subject'), text: t(lang, 'followup.mail.incident.body', { ...params, kind: t(lang, `followup.incidentKinds.${alert.kind}`) }) }
        : { to: user.email, kind: 'checkin-alert', subject: t(lang, 'followup.mail.checkinAlert.subject'), text: t(lang, 'followup.mail.checkinAlert.body', params) },
    );
  }
}

/** Two days before a check-in, the family's worker is reminded; false when the family has no worker. */
export async function remindWorker(families: FamilyService, outbox: Outbox, c: CohabitationRecord, dueOn: string): Promise<boolean> {
  const worker = await contactOf((await families.load(c.familyId)).assignedWorkerId);
  if (!worker) return false;
  const lang = worker.language;
  await outbox.enqueue({ to: worker.email, kind: 'checkin-reminder', subject: t(lang, 'followup.mail.reminder.subject'), text: t(lang, 'followup.mail.reminder.body', { name: worker.name, date: formatDay(lang, dueOn), id: String(c._id) }) });
  return true;
}
