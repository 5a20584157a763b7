// How to reach a household directly: its account (e-mail, language) when it has one, else what the
// application gives; its mobile number for text messages. A survivor's confidential contact is never
// reached directly (SPEC §11): everything goes through the support worker, so `direct` is false.
import type { Language } from '../../kernel/config.js';
import { contactOf } from '../../kernel/auth/user.directory.js';
import { isLanguage } from '../../kernel/i18n/index.js';
import { belgianMobile } from '../../kernel/mail/sms-provider.js';
import type { FamilyRecord } from './family.model.js';
import type { OfferRecord } from './offer.model.js';

export interface HouseholdContact {
  /** False for a family with a confidential address: no mail or text goes to it, only to its worker. */
  direct: boolean;
  name: string;
  email: string | null;
  /** A Belgian mobile in +32 form, or null (no phone, a landline). */
  mobile: string | null;
  language: Language;
}

async function reach(
  userId: string | null | undefined,
  fallback: { email: string | null; name: string; phone: string | null; language: Language },
  direct: boolean,
): Promise<HouseholdContact> {
  const user = userId ? await contactOf(userId) : null;
  return {
    direct,
    name: user?.name ?? fallback.name,
    email: user?.email ?? fallback.email,
    mobile: belgianMobile(fallback.phone),
    language: user?.language ?? fallback.language,
  };
}

export function familyContact(family: FamilyRecord): Promise<HouseholdContact> {
  const parent = family.application.parent;
  const language = parent?.preferredLanguage;
  const direct = family.erasedAt === null && family.application.situation?.confidentialAddress !== true;
  return reach(
    family.ownerUserId,
    { email: parent?.email ?? null, name: parent?.firstName ?? '', phone: parent?.phone ?? null, language: isLanguage(language) ? language : 'fr' },
    direct,
  );
}

export function hostContact(offer: OfferRecord): Promise<HouseholdContact> {
  const host = offer.application.host;
  return reach(
    offer.ownerUserId,
    { email: host?.email ?? null, name: host?.firstName ?? '', phone: host?.phone ?? null, language: (host?.languages ?? []).find(isLanguage) ?? 'fr' },
    offer.erasedAt === null,
  );
}
