// What the service already knows, offered on a form not yet answered (issue 15): the parent's name
// from their account on the first step; on a new referral, the partner's organisation, name and
// e-mail. Only shown: nothing is stored until the person sends the form, and they can change it.
import { organisationOf } from '../../../kernel/auth/user.directory.js';
import type { Actor } from '../actor.js';
import type { FamilyRecord } from '../family.model.js';
import type { FamilyService } from '../family.service.js';

/**
 * An account's one "first name and surname" field as the application's two: the first word is
 * the first name, the rest the surname ("Marie-Claire Van den Bossche" → "Marie-Claire",
 * "Van den Bossche"). The person checks it on the page; a single word is a first name.
 */
export function nameParts(full: string | null | undefined): { firstName: string; lastName: string } {
  const words = (full ?? '').trim().split(/\s+/).filter(Boolean);
  return { firstName: words[0] ?? '', lastName: words.slice(1).join(' ') };
}

/** The organisation of the partner's newest referral that names one. */
function lastOrganisation(referrals: FamilyRecord[]): string | null {
  const newest = [...referrals].sort((a, b) => +new Date(b.createdAt) - +new Date(a.createdAt));
  for (const doc of newest) {
    const organisation = doc.application?.referral?.organisation?.trim();
    if (organisation) return organisation;
  }
  return null;
}

/**
 * A new referral's contact: the partner's account (its organisation, else the one their last
 * referral gave — accounts made before organisations were recorded have none), name and e-mail.
 */
export async function referralPrefill(families: FamilyService, actor: Actor, user: { name?: string; email?: string } | undefined) {
  const organisation = (await organisationOf(actor.id)) ?? lastOrganisation((await families.list(actor, { limit: 200 })).items);
  return { organisation: organisation ?? '', contactName: user?.name ?? '', contactEmail: user?.email ?? '' };
}
