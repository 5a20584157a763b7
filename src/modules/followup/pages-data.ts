// Helpers of the follow-up pages: reading the forms (strings from qs) into what the service takes,
// moving a service's errors onto the form that caused them, the parties' own cohabitations (from
// the repository) and the "ask my worker" e-mail.
import type { Request } from 'express';
import { AppError, ValidationError } from '../../kernel/errors.js';
import { contactOf } from '../../kernel/auth/user.directory.js';
import { t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import type { Actor, FamilyRecord, FamilyService, OfferRecord, OfferService } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import { CohabitationRepository } from './cohabitation.repository.js';
import { caseNamed } from './staff-mail.js';

export const P = 'followup.pages';
export const HELP_MAX = 2000;

export function part(req: Request, name?: string): Record<string, unknown> {
  const b = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
  if (!name) return b;
  const v = b[name];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** A form string → trimmed text, or undefined when empty (so the schema says it is missing). */
export function str(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return v === '' ? undefined : v;
}

/** A form string → a number when it is one; otherwise the text as is (the schema names the field). */
export function num(value: unknown): number | string | undefined {
  const v = str(value);
  if (v === undefined) return undefined;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) ? n : v;
}

export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Runs a service call for one form of a page: its field errors get the form's prefix (`/date` →
 * `/checkin/date`, the id `checkin-date`); errors without a field, and conflicts, go to the form itself.
 */
export async function within<T>(prefix: string, call: () => T | Promise<T>, fieldPrefix = prefix): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof AppError) || (error.status !== 422 && error.status !== 409)) throw error;
    const fieldErrors = error.status === 422 ? error.details.filter((d) => d.path && d.path !== '/') : [];
    if (fieldErrors.length) throw new ValidationError(fieldErrors.map((d) => ({ ...d, path: fieldPrefix ? `/${fieldPrefix}${d.path}` : d.path })));
    const source = error.details[0] ?? { messageKey: error.messageKey, params: error.params };
    throw new ValidationError([{ path: `/${prefix}`, messageKey: source.messageKey, params: source.params }]);
  }
}

/** The cohabitations of a parent's families or of a host's offers, newest first. */
export async function cohabitationsOf(
  actor: Actor,
  families: FamilyService,
  offers: OfferService,
): Promise<{ side: 'family' | 'host'; items: CohabitationRecord[] }> {
  const store = new CohabitationRepository();
  if (actor.role === 'parent')
    return {
      side: 'family',
      items: await store.of(
        'familyId',
        (await families.list(actor, { limit: 200 })).items.map((f) => String(f._id)),
      ),
    };
  return {
    side: 'host',
    items: await store.of(
      'offerId',
      (await offers.list(actor, { limit: 200 })).items.map((o) => String(o._id)),
    ),
  };
}

export function familyNames(f: FamilyRecord | null) {
  const parent = f?.application.parent;
  return { firstName: parent?.firstName ?? '', lastName: parent?.lastName ?? '' };
}
export function hostNames(o: OfferRecord | null) {
  const app = o?.application;
  return { firstName: app?.host?.firstName ?? '', lastName: app?.host?.lastName ?? '', commune: app?.address?.commune ?? '' };
}

/** The parent's or host's message to the family's worker; false when no worker is assigned yet. */
export async function mailWorker(
  outbox: Outbox,
  families: FamilyService,
  c: CohabitationRecord,
  from: { name: string; side: 'family' | 'host' },
  message: string,
): Promise<boolean> {
  const family = await families.load(c.familyId);
  if (!family.assignedWorkerId) return false;
  const worker = await contactOf(family.assignedWorkerId);
  if (!worker) return false;
  const lang = worker.language;
  await outbox.enqueue({
    to: worker.email,
    lang,
    kind: 'cohabitation-help',
    subject: t(lang, `${P}.mail.help.subject`),
    text: t(lang, `${P}.mail.help.body`, {
      name: worker.name,
      from: from.name,
      side: t(lang, `${P}.side.${from.side}`),
      family: caseNamed(family),
      link: outbox.link(`/work/cohabitations/${String(c._id)}`),
      message,
    }),
  });
  return true;
}
