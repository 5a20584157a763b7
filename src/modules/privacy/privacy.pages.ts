// Privacy pages: the plain-words notice (/privacy, for everyone), the person's own data (/my/data:
// download, ask for erasure) and the coordinator's erasure with its confirmation (/admin/users/:id/erase).
import { claimAction, LIMITS } from '../../kernel/auth/action-limit.js';
import { Router, type Response } from 'express';
import type { AccountsService } from '../../kernel/auth/accounts.service.js';
import { ownUser } from '../../kernel/auth/user.model.js';
import { allow, anyone, signedIn } from '../../kernel/auth/policy.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import { t } from '../../kernel/i18n/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { activeCoordinators } from '../../kernel/auth/user.directory.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { ErasureService } from './erasure.service.js';
import type { ExportService } from './export.service.js';
import { validateEraseForm } from './privacy.schemas.js';
import { RETAINED } from './retained.js';
import { readableExport, type ExportDocument } from './readable-export.js';

export function privacyPages(deps: {
  exports: ExportService;
  erasure: ErasureService;
  accounts: AccountsService;
  outbox: Outbox;
  retentionMonths: number;
}): Router {
  const pages = Router();

  pages.get('/privacy', anyone, (_req, res) => {
    res.render('privacy/notice.njk', { retentionMonths: deps.retentionMonths, retained: RETAINED });
  });

  const download = (res: Response, data: ExportDocument) => {
    res.set('Content-Disposition', 'attachment; filename="cohabitation-my-data.json"');
    res.type('application/json').send(JSON.stringify(data, null, 2));
  };

  // A browser gets the data to read (and print) in its reader's language; a client asking for JSON gets the file.
  pages.get('/my/data', signedIn, async (req, res) => {
    const data = await deps.exports.exportFor(actorOf(req), req.lang);
    res.vary('Accept');
    if (req.accepts(['html', 'json']) === 'json') {
      download(res, data);
      return;
    }
    res.render('privacy/my-data.njk', { retentionMonths: deps.retentionMonths, data: readableExport(data, req.lang) });
  });

  pages.get('/my/data/export', signedIn, async (req, res) => {
    download(res, await deps.exports.exportFor(actorOf(req), req.lang));
  });

  // The request goes to the coordinators, who check that nothing is under way and erase.
  pages.post('/my/data/erasure-request', signedIn, async (req, res) => {
    // Twice a day at most: the coordinators are told each time, and a flood would bury real requests.
    if (!(await claimAction([{ limit: LIMITS.erasureRequestPerUser, key: req.user!.id }]))) {
      flash(req, 'privacy.myData.requestAlreadySent', 'info');
      res.redirect(303, '/my/data');
      return;
    }
    for (const c of await activeCoordinators()) {
      const lang = c.language;
      await deps.outbox.enqueue({
        to: c.email,
        lang,
        kind: 'erasure-request',
        subject: t(lang, 'privacy.mail.request.subject'),
        text: t(lang, 'privacy.mail.request.body', {
          name: c.name,
          person: req.user!.name,
          email: req.user!.email,
          role: t(lang, `roles.${req.user!.role}`),
          url: deps.outbox.link(`/admin/users/${req.user!.id}/erase`),
        }),
      });
    }
    flash(req, 'privacy.myData.requestSent');
    res.redirect(303, '/my/data');
  });

  pages.get('/admin/users/:id/erase', allow('coordinator'), async (req, res) => {
    const user = await deps.accounts.getUser(String(req.params.id));
    const records = await deps.erasure.recordsOf(String(user._id), user.role);
    res.render('privacy/erase.njk', { person: ownUser(user), erased: Boolean(user.get('erasedAt')), records, retained: RETAINED });
  });

  pages.post(
    '/admin/users/:id/erase',
    allow('coordinator'),
    formHandler(
      (req) => `/admin/users/${String(req.params.id)}/erase`,
      async (req, res) => {
        const { _csrf, ...body } = (req.body ?? {}) as Record<string, unknown>;
        const input = validateEraseForm({ ...body, reason: typeof body.reason === 'string' ? body.reason.trim() : body.reason });
        const result = await deps.erasure.eraseUser(actorOf(req), String(req.params.id), input.reason);
        flash(req, 'privacy.erase.done', 'success', { families: result.pseudonymised.families, offers: result.pseudonymised.offers });
        res.redirect(303, '/admin/users');
      },
    ),
  );
  return pages;
}
