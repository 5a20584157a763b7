// Who to tell about an offer's inspection: the host (their account, else the e-mail a worker
// entered for them) and the assigned worker, each in their language.
import type { Language } from '../../kernel/config.js';
import { isLanguage } from '../../kernel/i18n/index.js';
import { contactOf } from '../../kernel/auth/user.directory.js';
import type { OfferRecord } from '../intake/index.js';

export interface Contact {
  email: string;
  name: string;
  language: Language;
}

async function account(id: string | null | undefined): Promise<Contact | null> {
  const user = await contactOf(id);
  return user ? { email: user.email, name: user.name, language: user.language } : null;
}

export async function hostContact(offer: OfferRecord): Promise<Contact | null> {
  const own = await account(offer.ownerUserId);
  if (own) return own;
  const host = offer.application.host;
  if (!host?.email) return null;
  return { email: host.email, name: host.firstName ?? '', language: host.languages?.find(isLanguage) ?? 'fr' };
}

export function workerContact(offer: OfferRecord): Promise<Contact | null> {
  return account(offer.assignedWorkerId);
}
