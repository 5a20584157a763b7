// The parent's answer to "may the organisation that referred you be told when you are housed and
// when it ends?" (issue 18 part 5): a page without JavaScript, post/redirect/get, the error summary.
// Only for a family referred by a partner; the answer is kept with its date (FamilyRehousingService).
import { Router, type Request, type Response } from 'express';
import { allow } from '../../../kernel/auth/policy.js';
import { organisationOf } from '../../../kernel/auth/user.directory.js';
import { ValidationError } from '../../../kernel/errors.js';
import { flash, formHandler } from '../../../kernel/http/forms.js';
import { actorOf } from '../../../kernel/auth/actor.js';
import type { FamilyRecord } from '../family.model.js';
import type { FamilyService } from '../family.service.js';
import type { FamilyRehousingService } from '../family-rehousing.service.js';

const PATH = '/my/partner-updates';

async function referredFamily(families: FamilyService, req: Request): Promise<FamilyRecord | null> {
  const { items } = await families.list(actorOf(req), { limit: 200 });
  return [...items].filter((d) => d.referredBy).sort((a, b) => +new Date(b.updatedAt) - +new Date(a.updatedAt))[0] ?? null;
}

export function partnerUpdatesPages(services: { families: FamilyService; rehousing: FamilyRehousingService }): Router {
  const pages = Router();
  const parent = allow('parent');

  pages.get(PATH, parent, async (req: Request, res: Response) => {
    const family = await referredFamily(services.families, req);
    res.render('intake/family/partner-updates.njk', {
      family: family ? { id: String(family._id) } : null,
      organisation: family ? await organisationOf(family.referredBy) : null,
      current: family?.partnerUpdates
        ? { consent: family.partnerUpdates.consent === true, at: family.partnerUpdates.at, givenOn: family.partnerUpdates.givenOn ?? null }
        : null,
    });
  });

  pages.post(
    PATH,
    parent,
    formHandler(
      () => PATH,
      async (req: Request, res: Response) => {
        const family = await referredFamily(services.families, req);
        const raw = (req.body as Record<string, unknown> | undefined)?.consent;
        if (raw !== 'yes' && raw !== 'no') throw new ValidationError([{ path: '/consent', messageKey: 'validation.required' }]);
        if (!family) throw new ValidationError([{ path: '/consent', messageKey: 'intake.partnerUpdates.noPartner' }]);
        await services.rehousing.setPartnerConsent(actorOf(req), String(family._id), raw === 'yes');
        flash(req, 'intake.partnerUpdates.flash');
        res.redirect(303, PATH);
      },
    ),
  );

  return pages;
}
