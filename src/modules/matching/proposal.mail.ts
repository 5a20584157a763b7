// The e-mails of a proposal (SPEC §3, §8): each side told in their language, with a link to the
// proposal page. A message names only its recipient: never the other household (no family's first
// name to a host without its consent, SPEC §11 SHARE_PROFILE_NOT_CONSENTED), never an address.
import { t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { familyContact, hostContact, type FamilyRecord, type OfferRecord } from '../intake/index.js';

export async function tellParties(
  outbox: Outbox,
  publicUrl: string,
  family: FamilyRecord,
  offer: OfferRecord,
  kind: string,
  proposalId: string,
): Promise<void> {
  const link = `${publicUrl.replace(/\/$/, '')}/proposals/${proposalId}`;
  for (const r of [await familyContact(family), await hostContact(offer)]) {
    if (!r.direct || !r.email) continue;
    await outbox.enqueue({
      to: r.email,
      lang: r.language,
      kind: `proposal-${kind}`,
      subject: t(r.language, `matching.mail.${kind}.subject`),
      text: t(r.language, `matching.mail.${kind}.body`, { name: r.name, link }),
    });
  }
}
