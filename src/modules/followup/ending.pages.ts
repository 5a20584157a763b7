// Ending a cohabitation from the worker's page (SPEC §7, §11): irreversible, so the form leads to a
// confirmation page that restates what will happen — the family's and the home's next status, a
// safety ending's suspension and exclusion, both households told — and only "Confirm" writes.
// "Go back and change" returns to the form with what was typed.
import { Router, type Request, type Response } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { CohabitationService } from './cohabitation.service.js';
import { validateEnd, type EndInput } from './followup.schemas.js';
import { compact, P, part, str, within } from './pages-data.js';

const back = (req: Request) => `/work/cohabitations/${encodeURIComponent(String(req.params.id))}`;

/** The ending form's fields as typed (trimmed, empty ones absent). */
function endingFields(req: Request) {
  const k = part(req, 'ending');
  return compact({
    date: str(k.date),
    reason: str(k.reason),
    exitNote: str(k.exitNote),
    referrals: str(k.referrals),
    fallbackHome: str(k.fallbackHome),
    fallbackNote: str(k.fallbackNote),
  });
}

function endingInput(req: Request): EndInput {
  return validateEnd(endingFields(req));
}

export function endingPages(cohabitations: CohabitationService): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');

  // Step 1: checked like the ending itself, nothing written; the confirmation page.
  pages.post(
    '/work/cohabitations/:id/end',
    staff,
    formHandler(back, async (req: Request, res: Response) => {
      const input = await within('ending', () => endingInput(req));
      const preview = await within('ending', () => cohabitations.previewEnd(actorOf(req), String(req.params.id), input));
      res.render('followup/end-confirm.njk', { id: String(req.params.id), input, preview });
    }),
  );

  // Step 2: confirmed — the only write.
  pages.post(
    '/work/cohabitations/:id/end/confirm',
    staff,
    formHandler(back, async (req: Request, res: Response) => {
      const input = await within('ending', () => endingInput(req));
      await within('ending', () => cohabitations.end(actorOf(req), String(req.params.id), input));
      flash(req, `${P}.flash.ended`);
      res.redirect(303, back(req));
    }),
  );

  // Or back to the form, with the values kept.
  pages.post('/work/cohabitations/:id/end/back', staff, (req: Request, res: Response) => {
    req.session.form = { for: back(req), errors: [], values: { ending: endingFields(req) } };
    res.redirect(303, `${back(req)}#ending-title`);
  });

  return pages;
}
