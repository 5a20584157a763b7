// Reminders to the households themselves (SPEC §6.3, issue 17), in their language: for each checklist
// item with a legal or practical deadline, an e-mail and — where a Belgian mobile is known — a text
// message when it opens, two working days before it is due, and once after it passed. A parent
// without e-mail gets the text only. A survivor with a confidential address is never reached
// directly: the support worker is reminded instead, to pass it on. Each message is enqueued at most
// once (Outbox.enqueueOnce, keyed by cohabitation, item, side, stage and channel), so the hourly sweep
// can run on several instances and after a crash without sending twice. No message names the other
// household or an address.
import { contactOf } from '../../kernel/auth/user.directory.js';
import { addWorkingDays } from '../../kernel/calendar/working-days.js';
import { formatDay, t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import {
  familyContact,
  hostContact,
  RATED_BENEFIT_SOURCES,
  type FamilyService,
  type HouseholdContact,
  type OfferRecord,
  type OfferService,
} from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import { addDays } from './schedule.js';

/**
 * The items the households act on themselves, and whom each reminder goes to: the benefits
 * declaration to the family (its payment body and family-allowance fund must know), and to the host
 * only when the host declared a benefit paid at a rate (CPAS, unemployment, GRAPA, disability).
 */
const REMINDED: Record<string, ('family' | 'host')[]> = {
  domiciliation: ['family'],
  benefitsDeclaration: ['family', 'host'],
  insurance: ['host'],
};

function concerns(code: string, side: 'family' | 'host', offer: OfferRecord): boolean {
  if (code !== 'benefitsDeclaration' || side === 'family') return true;
  const source = offer.application.benefits?.source;
  return source !== undefined && (RATED_BENEFIT_SOURCES as readonly string[]).includes(source);
}

export type ReminderStage = 'opens' | 'soon' | 'late';

/** The stage due on `day` for an item not done, or null: the latest that applies, so a late start sends one message, not three. */
export function reminderStage(item: { dueOn: string; done: boolean }, startDate: string, day: string): ReminderStage | null {
  if (item.done || day < startDate) return null;
  if (day > item.dueOn) return day <= addDays(item.dueOn, 7) ? 'late' : null;
  if (addWorkingDays(day, 2) >= item.dueOn) return 'soon';
  return 'opens';
}

export interface ReminderDeps {
  outbox: Outbox;
  families: FamilyService;
  offers: OfferService;
}

export const aboutCohabitation = (id: string) => `cohabitation:${id}`;

/** Enqueues the reminders due on `day` for one cohabitation; how many messages were new. */
export async function remindHouseholds(deps: ReminderDeps, c: CohabitationRecord, day: string): Promise<number> {
  const due = c.checklist
    .filter((i) => i.code && REMINDED[i.code] && i.dueOn)
    .map((i) => ({ code: i.code!, dueOn: i.dueOn!, stage: reminderStage({ dueOn: i.dueOn!, done: Boolean(i.doneAt) }, c.startDate, day) }))
    .filter((i): i is { code: string; dueOn: string; stage: ReminderStage } => i.stage !== null);
  if (due.length === 0) return 0;
  const id = String(c._id);
  const [family, offer] = await Promise.all([deps.families.load(c.familyId), deps.offers.load(c.offerId)]);
  const sides = { family: await familyContact(family), host: await hostContact(offer) };
  const link = deps.outbox.link('/my/cohabitation');
  let created = 0;
  for (const item of due) {
    for (const side of REMINDED[item.code]!) {
      if (!concerns(item.code, side, offer)) continue;
      const contact = sides[side];
      const key = `party-reminder:${id}:${item.code}:${side}:${item.stage}`;
      if (!contact.direct) {
        created += await remindWorkerInstead(deps.outbox, family.assignedWorkerId ?? null, key, id, item);
        continue;
      }
      created += await send(deps.outbox, contact, key, id, item, link, side);
    }
  }
  return created;
}

function texts(
  lang: HouseholdContact['language'],
  item: { code: string; dueOn: string; stage: ReminderStage },
  name: string,
  link: string,
  side: 'family' | 'host',
) {
  const what = t(lang, `followup.pages.checklist.${item.code}.title`);
  const todo = t(lang, `followup.reminders.todo.${item.code === 'benefitsDeclaration' && side === 'host' ? 'benefitsDeclarationHost' : item.code}`);
  const params = { name, what, date: formatDay(lang, item.dueOn), todo, link };
  return {
    subject: t(lang, `followup.reminders.subject.${item.stage}`, params),
    body: t(lang, `followup.reminders.body.${item.stage}`, params),
    sms: t(lang, `followup.reminders.sms.${item.stage}`, params),
  };
}

async function send(
  outbox: Outbox,
  contact: HouseholdContact,
  key: string,
  id: string,
  item: { code: string; dueOn: string; stage: ReminderStage },
  link: string,
  side: 'family' | 'host',
): Promise<number> {
  const text = texts(contact.language, item, contact.name, link, side);
  const about = aboutCohabitation(id);
  let created = 0;
  if (
    contact.email &&
    (await outbox.enqueueOnce(`${key}:email`, {
      channel: 'email',
      to: contact.email,
      lang: contact.language,
      kind: 'household-reminder',
      subject: text.subject,
      text: text.body,
      about,
    }))
  )
    created++;
  if (contact.mobile && (await outbox.enqueueOnce(`${key}:sms`, { channel: 'sms', to: contact.mobile, kind: 'household-reminder', text: text.sms, about })))
    created++;
  return created;
}

async function remindWorkerInstead(
  outbox: Outbox,
  workerId: string | null,
  key: string,
  id: string,
  item: { code: string; dueOn: string; stage: ReminderStage },
): Promise<number> {
  const worker = await contactOf(workerId);
  if (!worker) return 0;
  const lang = worker.language;
  const params = { name: worker.name, what: t(lang, `followup.pages.checklist.${item.code}.title`), date: formatDay(lang, item.dueOn) };
  const sent = await outbox.enqueueOnce(`${key}:worker`, {
    channel: 'email',
    to: worker.email,
    lang,
    kind: 'household-reminder-via-worker',
    subject: t(lang, 'followup.reminders.viaWorker.subject', params),
    text: t(lang, 'followup.reminders.viaWorker.body', params),
    about: aboutCohabitation(id),
  });
  return sent ? 1 : 0;
}

/** The hourly sweep: every cohabitation living together (trial or active). Idempotent. */
export async function sendHouseholdReminders(deps: ReminderDeps, alive: () => Promise<CohabitationRecord[]>, day: string): Promise<number> {
  let created = 0;
  for (const c of await alive()) created += await remindHouseholds(deps, c, day);
  return created;
}
