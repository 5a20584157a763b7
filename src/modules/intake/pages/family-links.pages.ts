// Two forms of the worker's family case page (issue 18), without JavaScript: link the parent's
// account to the family (a referral or a registration made before the parent had an account: without
// the link the parent sees neither their application nor /my/partner-updates), and record the
// family's answer about its referring partner as given orally (who said it, on which day). Both go
// through intake's services (a guarded change with its event and audit entry).
import { Router, type Request, type Response } from 'express';
import { allow } from '../../../kernel/auth/policy.js';
import { accountsById, organisationOf } from '../../../kernel/auth/user.directory.js';
import { flash } from '../../../kernel/http/forms.js';
import { actorOf } from '../../../kernel/auth/actor.js';
import type { AccountLinkService } from '../account-link.service.js';
import type { FamilyRehousingService } from '../family-rehousing.service.js';
import type { FamilyRecord } from '../family.model.js';
import { validateAccountLink, validatePartnerConsent } from '../family-links.schemas.js';
import { caseForm, read } from './worker-forms.js';

/** What the case page shows of the links: the parent's account, the referring partner and the family's answer. */
export async function familyLinksView(doc: FamilyRecord) {
  const u = doc.partnerUpdates as { consent?: boolean; at?: Date; by?: string; givenBy?: string | null; givenOn?: string | null } | null;
  const accounts = await accountsById([doc.ownerUserId, u?.by]);
  const owner = doc.ownerUserId ? (accounts.get(doc.ownerUserId) ?? null) : null;
  const referral = (doc.application as { referral?: { updatesConsent?: boolean | null } } | undefined)?.referral;
  return {
    owner: owner ? { name: owner.name, email: owner.email } : null,
    referred: Boolean(doc.referredBy),
    organisation: doc.referredBy ? await organisationOf(doc.referredBy) : null,
    answer:
      u && typeof u.consent === 'boolean'
        ? { consent: u.consent, at: u.at ?? null, byName: (u.by && accounts.get(u.by)?.name) || null, givenBy: u.givenBy ?? null, givenOn: u.givenOn ?? null }
        : null,
    referralConsent: referral?.updatesConsent === true,
  };
}

export function familyLinksPages(services: { accounts: AccountLinkService; rehousing: FamilyRehousingService }): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');
  const familyPath = (req: Request) => `/work/families/${encodeURIComponent(String(req.params.id))}`;
  const back = (req: Request, res: Response, key: string) => {
    flash(req, `intake.familyLinks.flash.${key}`);
    res.redirect(303, `${familyPath(req)}#links`);
  };

  pages.post(
    '/work/families/:id/account',
    staff,
    caseForm('account', 'familyStatuses', familyPath, async (req, res) => {
      const input = validateAccountLink(read(req, 'account'));
      const linked = await services.accounts.linkFamily(actorOf(req), String(req.params.id), input.email);
      back(req, res, linked ? 'linked' : 'alreadyLinked');
    }),
  );

  pages.post(
    '/work/families/:id/partner-updates',
    staff,
    caseForm('partnerUpdates', 'familyStatuses', familyPath, async (req, res) => {
      const values = read(req, 'partnerUpdates');
      const consent = values.consent === 'yes' ? true : values.consent === 'no' ? false : values.consent;
      const input = validatePartnerConsent({ ...values, consent });
      await services.rehousing.setPartnerConsent(actorOf(req), String(req.params.id), input);
      back(req, res, 'partnerUpdates');
    }),
  );

  return pages;
}
