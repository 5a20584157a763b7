// The casework forms of a worker's case page (a family's, an offer's): each posts to its own path,
// is read by its `read`, saved by its `save`, and goes back to its part of the page with a flash message. Its
// 422s and 409s come back on the form (caseForm in worker-forms.ts).
import type { Request, RequestHandler, Response, Router } from 'express';
import { actorOf, type Actor } from '../../../kernel/auth/actor.js';
import { flash } from '../../../kernel/http/forms.js';
import { caseForm, type CaseForm } from './worker-forms.js';

export type CaseKind = 'families' | 'offers';

const VOCABULARY = { families: 'familyStatuses', offers: 'offerStatuses' } as const;

/** A case page: /work/families/:id, /work/offers/:id. */
export const casePath = (kind: CaseKind, req: Request): string => `/work/${kind}/${encodeURIComponent(String(req.params.id))}`;

/** One form's handler inside caseForm: errors go back to the case page, under the form's prefix. */
export function caseFormHandler(kind: CaseKind, form: CaseForm, handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return caseForm(form, VOCABULARY[kind], (req) => casePath(kind, req), handler);
}

/** After a saved form: its flash message (intake.workerPages.flash.<key>), back to its part of the page. */
export function backToCase(kind: CaseKind, req: Request, res: Response, key: string, anchor: string): void {
  flash(req, `intake.workerPages.flash.${key}`);
  res.redirect(303, `${casePath(kind, req)}#${anchor}`);
}

export interface CaseFormRoute<Read> {
  /** Below the case's path, e.g. `interviews`, `references/:index/resolution`. */
  path: string;
  /** The form's field prefix (its errors' paths). */
  form: CaseForm;
  /** Its part of the case page, gone back to once saved. */
  anchor: string;
  /** Who may post it, when narrower than the page's staff (a coordinator's decision). */
  guard?: RequestHandler;
  /** Reads the form (a ValidationError names its fields). */
  read(req: Request): Read | Promise<Read>;
  /** Saves what was read, through the service. */
  save(actor: Actor, id: string, read: Read, req: Request): Promise<unknown>;
  /** The flash message's key (intake.workerPages.flash.<key>), from what was read where it depends on it. */
  flash: string | ((read: Read) => string);
}

/** Registers a case page's forms on `router`, one call a form; `staff` guards those that name no guard. */
export function caseFormRoutes(router: Router, kind: CaseKind, staff: RequestHandler) {
  return <Read>(route: CaseFormRoute<Read>): void => {
    router.post(
      `/work/${kind}/:id/${route.path}`,
      route.guard ?? staff,
      caseFormHandler(kind, route.form, async (req, res) => {
        const read = await route.read(req);
        await route.save(actorOf(req), String(req.params.id), read, req);
        backToCase(kind, req, res, typeof route.flash === 'string' ? route.flash : route.flash(read), route.anchor);
      }),
    );
  };
}
