// The e-mails of a proposal (SPEC §3, §8): each side told in their language, with a link to the
// proposal page. A message names only its recipient: never the other household (no family's first
// name to a host without its consent, SPEC §11 SHARE_PROFILE_NOT_CONSENTED), never an address.
import type { Language } from '../../kernel/config.js';
import { contactOf } from '../../kernel/auth/user.directory.js';
import { isLanguage, t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import type { FamilyRecord, OfferRecord } from '../intake/index.js';

async function contact(userId: string | null | undefined, email: string | null, name: string, language: Language) {
  if (userId) {
    const user = await contactOf(userId);
    if (user) return { email: user.email, name: user.name, language: user.language };
  }
  return email ? { email, name, language } : null;
}

export async function tellParties(outbox: Outbox, publicUrl: string, family: FamilyRecord, offer: OfferRecord, kind: string, proposalId: string): Promise<void> {
  const link = `${publicUrl.replace(/\/$/, '')}/proposals/${proposalId}`;
  const parent = family.application.parent;
  const host = offer.application.host;
  const language = parent?.preferredLanguage;
  const recipients = [
    await contact(family.ownerUserId, parent?.email ?? null, parent?.firstName ?? '', isLanguage(language) ? language : 'fr'),
    await contact(offer.ownerUserId, host?.email ?? null, host?.firstName ?? '', (host?.languages ?? []).find(isLanguage) ?? 'fr'),
  ];
  // A survivor's confidential contact goes through the worker only: no direct mail to the family.
  const confidential = family.application.situation?.confidentialAddress === true;
  for (const [k, r] of recipients.entries()) {
    if (!r || (k === 0 && confidential)) continue;
    await outbox.enqueue({ to: r.email, lang: r.language, kind: `proposal-${kind}`, subject: t(r.language, `matching.mail.${kind}.subject`), text: t(r.language, `matching.mail.${kind}.body`, { name: r.name, link }) });
  }
}
