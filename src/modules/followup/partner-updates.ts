// The referring partner is told of two key steps — the family housed (a cohabitation started) and a
// cohabitation ended — by e-mail, only with the family's consent (intake: `partnerUpdates`, given
// or withdrawn with its date). The mail says the step and its date, nothing else: no reason, no
// address, no host, not even the family's name (a partner's mailbox is not a safe place for a
// survivor's whereabouts); the partner opens its own referral list to see which family. Families
// with a confidential address get exactly the same mail, since it carries nothing that locates them.
// Sent with `enqueueOnce` (never twice, even after a crash between enqueue and the marker); the
// marker says the step is settled (sent, or not to be sent: no partner or no consent at that time).
import { contactOf } from '../../kernel/auth/user.directory.js';
import { formatDay, t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { FamilyRehousingService, type FamilyService } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationRepository } from './cohabitation.repository.js';

export type PartnerStep = 'housed' | 'ended';
const marker = (step: PartnerStep, c: CohabitationRecord) => `partner-told:${step}:${String(c._id)}`;

export interface PartnerDeps {
  families: FamilyService;
  outbox: Outbox;
  store: CohabitationRepository;
}

export function partnerToldOf(deps: PartnerDeps, step: PartnerStep, c: CohabitationRecord): Promise<boolean> {
  return deps.store.claimed(marker(step, c));
}

/** Tells the partner (if it may be told) and settles the step; a repeat does nothing. */
export async function tellPartner(deps: PartnerDeps, step: PartnerStep, c: CohabitationRecord): Promise<void> {
  if (await partnerToldOf(deps, step, c)) return;
  const family = await deps.families.load(c.familyId);
  const contact = FamilyRehousingService.partnerMayBeTold(family) ? await contactOf(family.referredBy) : null;
  if (contact) {
    const lang = contact.language;
    const day = step === 'ended' ? (c.ending?.date ?? new Date().toISOString().slice(0, 10)) : c.startDate;
    const text = t(lang, `followup.partnerMail.${step}.body`, { name: contact.name, date: formatDay(lang, day), link: deps.outbox.link('/referrals') });
    await deps.outbox.enqueueOnce(marker(step, c), {
      channel: 'email',
      to: contact.email,
      lang,
      kind: `partner-${step}`,
      about: `family:${c.familyId}`,
      subject: t(lang, `followup.partnerMail.${step}.subject`),
      text,
    });
  }
  await deps.store.claimOnce(marker(step, c));
}
