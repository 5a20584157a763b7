// The foot of every e-mail (added by the outbox): how to reach the service, in the reader's language.
import type { Language } from '../config.js';
import type { ServiceContact } from '../contact/service-contact.js';
import { t } from '../i18n/index.js';

/** The lines that close every e-mail: how to reach the service, since nobody reads the sender's box. */
export function mailSignature(lang: Language, contact: ServiceContact): string {
  return [
    '-- ',
    t(lang, 'contact.mail.service'),
    t(lang, 'contact.mail.phone', { phone: contact.phone, hours: contact.hours[lang] }),
    t(lang, 'contact.mail.email', { email: contact.email }),
    t(lang, 'contact.mail.address', { address: contact.address[lang] }),
    '',
    t(lang, 'contact.mail.automatic'),
  ].join('\n');
}
