// Conformity pages (SPEC §6): a worker plans, moves or cancels the visit of an offered home, fills
// in the report on a phone during the visit (without JavaScript, never losing what was typed), and
// sees the outcome; the host sees the appointment, then the outcome and what to fix; both can print
// the report. Thin: read the form → call the service → redirect (post/redirect/get).
import { Router, type Request, type Response } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { AppError, ConflictError, ValidationError, type ErrorDetail } from '../../kernel/errors.js';
import { flash, formHandler, redirectWithErrors } from '../../kernel/http/forms.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { Actor, OfferService } from '../intake/index.js';
import type { InspectionService } from './inspection.service.js';
import { validateCancel, validateSchedule, type ScheduleInput } from './inspection.schemas.js';
import {
  addRoom,
  checklistGroups,
  computedFacts,
  draftDay,
  dropDraft,
  emptyDraft,
  explainProblems,
  getDraft,
  keepDraft,
  readAction,
  readDraft,
  removeRoom,
  REPORT_ROOM_KINDS,
  toReport,
  withoutEmptyRooms,
} from './pages-report.js';
import { brusselsToUtc, formatTime, parseDateField, parseTimeField } from './pages-time.js';
import { offerSummary, reportView, visitDays, visitView } from './pages-views.js';

const P = 'conformity.pages';
/** Offer statuses in which a visit may be planned (the service has the last word). */
const NOT_PLANNABLE = ['draft', 'inspection', 'closed'];

function formPart(body: unknown, prefix: string): Record<string, unknown> {
  const part = (body as Record<string, unknown> | undefined)?.[prefix];
  return part && typeof part === 'object' && !Array.isArray(part) ? (part as Record<string, unknown>) : {};
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * A date field and a time field (Brussels local time) → the ISO instant the service expects.
 * Errors name the form's own fields: /plan/date → id plan-date.
 */
function readSchedule(body: unknown, prefix: string): ScheduleInput {
  const form = formPart(body, prefix);
  const date = parseDateField(form.date);
  const time = parseTimeField(form.time);
  const details: ErrorDetail[] = [];
  if (!date) details.push({ path: `/${prefix}/date`, messageKey: `${P}.schedule.${textOf(form.date) ? 'dateInvalid' : 'dateMissing'}` });
  if (!time) details.push({ path: `/${prefix}/time`, messageKey: `${P}.schedule.${textOf(form.time) ? 'timeInvalid' : 'timeMissing'}` });
  const note = textOf(form.note);
  if (note.length > 1000) details.push({ path: `/${prefix}/note`, messageKey: 'validation.maxLength', params: { limit: 1000 } });
  if (details.length || !date || !time) throw new ValidationError(details);
  return validateSchedule({ scheduledAt: brusselsToUtc(date, time).toISOString(), ...(note ? { note } : {}) });
}

/** Runs a service call for one form of a page: its 422 and 409 errors go to that form's fields. */
async function forForm<T>(prefix: string, call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof AppError) || (error.status !== 422 && error.status !== 409)) throw error;
    const rename = (path: string) =>
      path === '/scheduledAt' ? '/date' : path === '' || path === '/offerId' ? '' : path.startsWith(`/${prefix}`) ? path.slice(prefix.length + 1) : path;
    const details = (error.details.length ? error.details : [{ path: '', messageKey: error.messageKey, params: error.params }]).map((d) => ({
      ...d,
      path: `/${prefix}${rename(d.path)}`,
    }));
    throw error.status === 409 ? new ConflictError(error.messageKey, details, error.code) : new ValidationError(details, error.messageKey);
  }
}

export function conformityPages(inspections: InspectionService, offers: OfferService): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');
  const visitPath = (req: Request) => `/work/inspections/${encodeURIComponent(String(req.params.id))}`;
  const offerVisitsPath = (req: Request) => `/work/offers/${encodeURIComponent(String(req.params.id))}/inspections`;

  /** The visit the form was showing must still be the one on record: else say so rather than overwrite. */
  async function assertUnchanged(actor: Actor, id: string, seen: unknown, prefix: string): Promise<void> {
    const { inspection } = await inspections.get(actor, id);
    if (inspection.status !== 'scheduled') return; // the service says "no longer planned"
    const current = inspection.updatedAt ? new Date(inspection.updatedAt).getTime() : 0;
    if (String(current) !== textOf(seen))
      throw new ConflictError(`${P}.conflict.changed`, [{ path: `/${prefix}`, messageKey: `${P}.conflict.changed` }], 'INSPECTION_CHANGED');
  }

  /** A change from the visit's page, made only on the visit as the form `prefix` saw it; its errors go to that form. */
  function changeAsSeen<T>(req: Request, prefix: string, change: (actor: Actor, id: string) => Promise<T>): Promise<T> {
    const actor = actorOf(req);
    const id = String(req.params.id);
    return forForm(prefix, async () => {
      await assertUnchanged(actor, id, formPart(req.body, prefix).seen, prefix);
      return change(actor, id);
    });
  }

  // ---- Worker: the planned visits, by day ----

  pages.get('/work/inspections', staff, async (req, res) => {
    const actor = actorOf(req);
    const now = new Date();
    const docs = await inspections.upcoming(now);
    const rows = await Promise.all(
      docs.map(async (doc) => {
        const offer = await offers.get(actor, doc.offerId).catch(() => null);
        return {
          id: String(doc._id),
          scheduledAt: new Date(doc.scheduledAt),
          note: doc.note,
          offer: offer ? offerSummary(offer, req.lang) : null,
          draft: Boolean(getDraft(req, String(doc._id))),
        };
      }),
    );
    res.render('conformity/work-visits.njk', { days: visitDays(rows, req.lang, now), count: rows.length });
  });

  // ---- Worker: the visits of one offer, and planning one ----

  pages.get('/work/offers/:id/inspections', staff, async (req, res) => {
    const actor = actorOf(req);
    const offer = await offers.get(actor, String(req.params.id));
    const docs = await inspections.listForOffer(actor, String(req.params.id));
    const visits = docs.map((d) => visitView(d, req.lang));
    const open = visits.find((v) => v.status === 'scheduled') ?? null;
    res.render('conformity/offer-visits.njk', { offer: offerSummary(offer, req.lang), visits, open, canPlan: !open && !NOT_PLANNABLE.includes(offer.status) });
  });

  pages.post(
    '/work/offers/:id/inspections',
    staff,
    formHandler(offerVisitsPath, async (req, res) => {
      const input = readSchedule(req.body, 'plan');
      const doc = await forForm('plan', () => inspections.schedule(actorOf(req), String(req.params.id), input));
      flash(req, `${P}.offerVisits.planned`);
      res.redirect(303, `/work/inspections/${String(doc._id)}`);
    }),
  );

  // ---- Worker: one visit ----

  pages.get('/work/inspections/:id', staff, async (req, res) => {
    const { inspection, offer } = await inspections.get(actorOf(req), String(req.params.id));
    if (inspection.status === 'reported') {
      res.redirect(303, `${visitPath(req)}/result`);
      return;
    }
    const draft = getDraft(req, String(inspection._id));
    res.render('conformity/visit.njk', {
      visit: visitView(inspection, req.lang),
      offer: offerSummary(offer, req.lang),
      draftSavedAt: draft?.savedAt ? formatTime(new Date(draft.savedAt), req.lang) : null,
    });
  });

  pages.post(
    '/work/inspections/:id/reschedule',
    staff,
    formHandler(visitPath, async (req, res) => {
      const input = readSchedule(req.body, 'reschedule');
      await changeAsSeen(req, 'reschedule', (actor, id) => inspections.reschedule(actor, id, input));
      flash(req, `${P}.visit.flash.rescheduled`);
      res.redirect(303, visitPath(req));
    }),
  );

  pages.post(
    '/work/inspections/:id/cancel',
    staff,
    formHandler(visitPath, async (req, res) => {
      const reason = textOf(formPart(req.body, 'cancel').reason);
      if (!reason) throw new ValidationError([{ path: '/cancel/reason', messageKey: `${P}.visit.reasonMissing` }]);
      const input = await forForm('cancel', () => Promise.resolve(validateCancel({ reason })));
      await changeAsSeen(req, 'cancel', (actor, id) => inspections.cancel(actor, id, input.reason));
      flash(req, `${P}.visit.flash.cancelled`);
      res.redirect(303, visitPath(req));
    }),
  );

  // ---- Worker: the report, filled in during the visit ----

  pages.get('/work/inspections/:id/report', staff, async (req, res) => {
    const { inspection, offer } = await inspections.get(actorOf(req), String(req.params.id));
    if (inspection.status !== 'scheduled') {
      res.redirect(303, visitPath(req));
      return;
    }
    const draft = getDraft(req, String(inspection._id)) ?? emptyDraft(offer);
    const ruleSet = inspections.checklist(draftDay(draft));
    res.render('conformity/report.njk', {
      visit: visitView(inspection, req.lang),
      offer: offerSummary(offer, req.lang),
      draft,
      savedAt: draft.savedAt ? formatTime(new Date(draft.savedAt), req.lang) : null,
      ruleSetTitle: ruleSet.title[req.lang],
      groups: checklistGroups(ruleSet, draft, req.lang),
      facts: computedFacts(offer, ruleSet),
      remarksDays: ruleSet.remarksDeadlineDays,
      roomKinds: REPORT_ROOM_KINDS.map((k) => ({ value: k, label: res.locals.t(`${P}.roomKinds.${k}`) })),
    });
  });

  pages.post('/work/inspections/:id/report', staff, async (req, res) => {
    const actor = actorOf(req);
    const id = String(req.params.id);
    const back = `${visitPath(req)}/report`;
    const { inspection } = await inspections.get(actor, id);
    let draft = readDraft(req.body);
    if (inspection.status !== 'scheduled') {
      keepDraft(req, id, draft); // someone else closed the visit: what was typed is not thrown away
      flash(req, 'conformity.notScheduled', 'info');
      res.redirect(303, visitPath(req));
      return;
    }
    const action = readAction(req.body);
    if (action.kind === 'addRoom' || action.kind === 'removeRoom') {
      draft = action.kind === 'addRoom' ? addRoom(draft) : removeRoom(draft, action.index);
      keepDraft(req, id, draft);
      res.redirect(303, `${back}#rooms`);
      return;
    }
    if (action.kind === 'save') {
      keepDraft(req, id, draft);
      flash(req, `${P}.report.saved`, 'success', { time: formatTime(new Date(draft.savedAt), req.lang) });
      res.redirect(303, action.anchor ? `${back}#${action.anchor}` : back);
      return;
    }
    draft = withoutEmptyRooms(draft);
    keepDraft(req, id, draft);
    const ruleSet = inspections.checklist(draftDay(draft));
    try {
      const { input, problems } = toReport(draft, ruleSet);
      if (problems.length || !input) throw new ValidationError(problems);
      await inspections.report(actor, id, input);
    } catch (error) {
      if (error instanceof AppError && error.status === 422) {
        redirectWithErrors(req, res, back, new ValidationError(explainProblems(error.details, ruleSet, req.lang)), {});
        return;
      }
      if (error instanceof AppError && error.status === 409) {
        flash(req, error.messageKey, 'info');
        res.redirect(303, visitPath(req));
        return;
      }
      throw error;
    }
    dropDraft(req, id);
    flash(req, `${P}.report.sent`);
    res.redirect(303, `${visitPath(req)}/result`);
  });

  pages.get('/work/inspections/:id/result', staff, async (req, res) => {
    const { inspection, offer } = await inspections.get(actorOf(req), String(req.params.id));
    if (inspection.status !== 'reported') {
      res.redirect(303, visitPath(req));
      return;
    }
    res.render('conformity/result.njk', { visit: visitView(inspection, req.lang), offer: offerSummary(offer, req.lang) });
  });

  // ---- Worker and host: the printable report ----

  pages.get('/inspections/:id/print', allow('host', 'worker', 'coordinator'), async (req, res) => {
    const { inspection, offer } = await inspections.get(actorOf(req), String(req.params.id));
    res.render('conformity/print.njk', {
      visit: visitView(inspection, req.lang),
      offer: offerSummary(offer, req.lang),
      report: inspection.status === 'reported' ? reportView(inspection, req.lang) : null,
      isStaff: req.user!.role !== 'host',
    });
  });

  // ---- Host: the visits of my home ----

  pages.get('/my/visits', allow('host'), async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const { items } = await offers.list(actor, { limit: 50 });
    const homes = await Promise.all(
      items.map(async (offer) => ({
        offer: offerSummary(offer, req.lang),
        visits: (await inspections.listForOffer(actor, String(offer._id))).map((d) => visitView(d, req.lang)),
      })),
    );
    res.render('conformity/my-visits.njk', { homes });
  });

  return pages;
}
