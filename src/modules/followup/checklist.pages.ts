// Ticking the administrative checklist from a page (SPEC §6.3, §7), without JavaScript: the party
// an item concerns on /my/cohabitation, staff on the case page, each with the day it became true
// (today unless they say otherwise) — the evidence of separate households is dated, not just "done".
// One form per item; an error comes back beside that item's date, naming the item.
import { Router, type Request } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { AppError, ValidationError } from '../../kernel/errors.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import { t } from '../../kernel/i18n/index.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { CohabitationService } from './cohabitation.service.js';
import { validateChecklist, type ChecklistInput } from './followup.schemas.js';
import { P, part, str } from './pages-data.js';

/** An item's code as a form key: qs and the kept form state drop dotted keys (evidence.x → evidence-x). */
export const tickKey = (code: string) => code.replace(/\./g, '-');

function tickInput(req: Request): ChecklistInput {
  const done = str(part(req).done) === 'true';
  const dates = part(req, 'tick')[String(req.params.id)];
  const date = dates && typeof dates === 'object' ? str((dates as Record<string, unknown>)[tickKey(String(req.params.code))]) : undefined;
  return validateChecklist(done && date ? { done, date } : { done });
}

/** The service's answer on the item's date field, saying which item it is about. */
async function onItemField(req: Request, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof AppError) || (error.status !== 422 && error.status !== 409)) throw error;
    const cause = error.details[0] ?? { messageKey: error.messageKey, params: error.params };
    const code = String(req.params.code);
    const what = t(req.lang, `${P}.checklist.${code}.title`);
    // "In the future: write down what happened" is the check-ins' wording; a tick says "not yet".
    const problem = t(req.lang, cause.messageKey === 'followup.rules.dateInFuture' ? `${P}.tick.future` : cause.messageKey, cause.params);
    throw new ValidationError([{ path: `/tick/${String(req.params.id)}/${tickKey(code)}`, messageKey: `${P}.tick.error`, params: { what, problem } }]);
  }
}

export function checklistPages(cohabitations: CohabitationService): Router {
  const pages = Router();
  const id = (req: Request) => encodeURIComponent(String(req.params.id));

  // Back to the page (errors are kept for its path), at the item that was ticked.
  const tick = (page: (req: Request) => string) =>
    formHandler(page, async (req, res) => {
      await onItemField(req, async () => cohabitations.markChecklist(actorOf(req), String(req.params.id), String(req.params.code), tickInput(req)));
      flash(req, `${P}.flash.checklist`);
      res.redirect(303, `${page(req)}#item-${String(req.params.id)}-${tickKey(String(req.params.code))}`);
    });

  pages.post(
    '/work/cohabitations/:id/checklist/:code',
    allow('worker', 'coordinator'),
    tick((req) => `/work/cohabitations/${id(req)}`),
  );
  pages.post(
    '/my/cohabitation/:id/checklist/:code',
    allow('parent', 'host'),
    tick(() => '/my/cohabitation'),
  );
  return pages;
}
