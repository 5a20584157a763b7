// The worker's pages of a careful ending, without JavaScript (issue 18 part 5): the notice (a form,
// then a confirmation page that restates the planned end date; only "Confirm" writes) and the record
// of the contact after the exit. Errors go back to the case page's error summary (post/redirect/get).
import { Router, type Request, type Response } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { compact, part, str, within } from './pages-data.js';
import { inTrialOn, noticeDaysOf } from './notice.js';
import type { RehousingService } from './rehousing.service.js';
import { validateExitContact, validateNotice, type NoticeInput } from './rehousing.schemas.js';

const caseOf = (req: Request) => `/work/cohabitations/${encodeURIComponent(String(req.params.id))}`;
const noticeFields = (req: Request) => {
  const k = part(req, 'notice');
  return { date: str(k.date), givenBy: str(k.givenBy), reason: str(k.reason) };
};
const noticeInput = (req: Request): NoticeInput => validateNotice(compact(noticeFields(req)));

export function rehousingPages(rehousing: RehousingService): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');

  pages.post(
    '/work/cohabitations/:id/notice',
    staff,
    formHandler(caseOf, async (req: Request, res: Response) => {
      const input = await within('notice', () => noticeInput(req));
      const { cohabitation, plannedEnd } = await within('notice', () => rehousing.previewNotice(actorOf(req), String(req.params.id), input));
      res.render('followup/notice-confirm.njk', {
        id: String(req.params.id),
        input,
        plannedEnd,
        inTrial: inTrialOn(cohabitation, input.date),
        noticeDays: noticeDaysOf(cohabitation),
      });
    }),
  );

  pages.post(
    '/work/cohabitations/:id/notice/confirm',
    staff,
    formHandler(caseOf, async (req: Request, res: Response) => {
      const input = await within('notice', () => noticeInput(req));
      await within('notice', () => rehousing.giveNotice(actorOf(req), String(req.params.id), input));
      flash(req, `followup.rehousing.notice.flash`);
      res.redirect(303, `${caseOf(req)}#notice-title`);
    }),
  );

  pages.post('/work/cohabitations/:id/notice/back', staff, (req: Request, res: Response) => {
    req.session.form = { for: caseOf(req), errors: [], values: { notice: noticeFields(req) } };
    res.redirect(303, `${caseOf(req)}#notice-title`);
  });

  pages.post(
    '/work/cohabitations/:id/exit-contact',
    staff,
    formHandler(caseOf, async (req: Request, res: Response) => {
      const k = part(req, 'exitContact');
      const input = await within('exitContact', () => validateExitContact(compact({ date: str(k.date), who: str(k.who), note: str(k.note) })));
      await within('exitContact', () => rehousing.recordExitContact(actorOf(req), String(req.params.id), input));
      flash(req, `followup.rehousing.exitContact.flash`);
      res.redirect(303, `${caseOf(req)}#exit-contact-title`);
    }),
  );

  return pages;
}
