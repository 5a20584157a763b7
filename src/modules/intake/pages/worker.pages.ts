// Worker pages: the queue (/work) and the case pages of families and offers with their casework
// forms (SPEC §4, worker side). Staff only. Thin: read the form → call the service → redirect.
import { Router, type Request } from 'express';
import { allow } from '../../../kernel/auth/policy.js';
import { audit } from '../../../kernel/audit/audit.service.js';
import { ValidationError } from '../../../kernel/errors.js';
import { translateDetails, type FieldError } from '../../../kernel/http/forms.js';
import { t } from '../../../kernel/i18n/index.js';
import { actorOf } from '../../../kernel/auth/actor.js';
import { parseFamilyQuery, parseOfferQuery } from '../http.js';
import { FAMILY_STATUSES, OFFER_STATUSES } from '../vocabulary.js';
import type { IntakeServices } from './services.js';
import { backToCase, caseFormHandler, caseFormRoutes, casePath } from './case-form-routes.js';
import { readAssignment, readBedrooms, readExclusions, readInterview, readIsolation, readNetwork, readOfferReview, readReview } from './worker-forms.js';
import { staffAccounts, userNames } from './worker-lookup.js';
import { queueLink, queueQuery, type Tab } from './worker-queue.js';
import { screeningPages } from './screening.pages.js';
import { familyLinksView } from './family-links.pages.js';
import { communeOptions, familyCase, familyRow, offerCase, offerRow, openForms, personName } from './worker-views.js';

const PAGE_SIZE = 30;
const FAMILY_FORMS = ['review', 'assignment', 'interview', 'network', 'isolation', 'bedrooms', 'exclusions', 'account', 'partnerUpdates'] as const;
const OFFER_FORMS = ['review', 'assignment', 'reference', 'recordCheck', 'resolution', 'suspensionReview'] as const;

export function workerPages(services: IntakeServices, options: { retentionMonths: number }): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');
  const { families, casework, offers } = services;

  pages.get('/work', staff, async (req, res) => {
    const actor = actorOf(req);
    const tab: Tab = req.query.tab === 'offers' ? 'offers' : 'families';
    const { shown, raw } = queueQuery(req, tab);
    let errors: FieldError[] = [];
    let rows: ReturnType<typeof familyRow>[] | ReturnType<typeof offerRow>[] = [];
    let total = 0;
    let offset = 0;
    let rowIds: string[];
    try {
      if (tab === 'families') {
        const filters = { ...parseFamilyQuery(raw), ...(shown.assignedTo === 'me' ? { assignedTo: actor.id } : {}), limit: PAGE_SIZE };
        offset = filters.offset ?? 0;
        const list = await families.list(actor, filters);
        const [names, duplicates] = await Promise.all([userNames(list.items.map((d) => d.assignedWorkerId)), families.duplicatesOfPage(list.items)]);
        rows = list.items.map((d, i) => familyRow(d, names, duplicates[i] ?? [], req.lang));
        rowIds = list.items.map((d) => String(d._id));
        total = list.total;
      } else {
        const filters = { ...parseOfferQuery(raw), limit: PAGE_SIZE };
        offset = filters.offset ?? 0;
        const list = await offers.list(actor, filters);
        const [names, duplicates] = await Promise.all([userNames(list.items.map((d) => d.assignedWorkerId)), offers.duplicatesOfPage(list.items)]);
        rows = list.items.map((d, i) => offerRow(d, names, duplicates[i] ?? [], req.lang));
        rowIds = list.items.map((d) => String(d._id));
        total = list.total;
      }
      // The queue's rows (names, urgency, commune): logged, one entry per page; not counted as opened cases.
      if (rowIds.length)
        await audit({
          actorId: actor.id,
          actorRole: actor.role,
          action: `${tab === 'families' ? 'family' : 'offer'}.queue`,
          targetType: tab === 'families' ? 'family' : 'offer',
          targetIds: rowIds,
          fields: ['summary'],
        });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors = translateDetails(req.lang, error.details);
    }
    const [familiesToReview, offersToReview] = await Promise.all([
      families.list(actor, { status: 'submitted', limit: 1 }).then((l) => l.total),
      offers.list(actor, { status: 'submitted', limit: 1 }).then((l) => l.total),
    ]);
    res.render('intake/work/queue.njk', {
      tab,
      filters: shown,
      errors,
      rows,
      total,
      from: rows.length ? offset + 1 : 0,
      to: offset + rows.length,
      previous: offset > 0 ? queueLink(tab, shown, Math.max(0, offset - PAGE_SIZE)) : null,
      next: offset + rows.length < total ? queueLink(tab, shown, offset + PAGE_SIZE) : null,
      counts: { families: familiesToReview, offers: offersToReview },
      statusOptions: [
        { value: 'all', label: t(req.lang, 'intake.workerPages.queue.allStatuses') },
        ...(tab === 'families' ? FAMILY_STATUSES : OFFER_STATUSES).map((s) => ({
          value: s,
          label: t(req.lang, `intake.vocab.${tab === 'families' ? 'familyStatuses' : 'offerStatuses'}.${s}`),
        })),
      ],
      urgencyOptions: [
        { value: '', label: t(req.lang, 'intake.workerPages.queue.allUrgencies') },
        ...['4', '3', '2', '1'].map((u) => ({ value: u, label: t(req.lang, `intake.workerPages.urgency.${u}`) })),
      ],
      communeOptions: communeOptions(req.lang),
      filtered: Boolean(shown.commune || shown.urgency || shown.q || shown.assignedTo || shown.status !== 'submitted'),
    });
  });

  // ---- The family case page and its casework forms ----

  const familyPath = (req: Request) => casePath('families', req);

  pages.get('/work/families/:id', staff, async (req, res) => {
    const actor = actorOf(req);
    const doc = await families.get(actor, String(req.params.id));
    const [duplicates, staffList, names] = await Promise.all([
      families.duplicatesOf(doc),
      staffAccounts(),
      userNames([doc.assignedWorkerId, doc.referredBy, doc.createdBy?.id, ...doc.events.map((e) => e.actorId)]),
    ]);
    res.render('intake/work/family.njk', {
      c: familyCase(doc, { lang: req.lang, names, staff: staffList, duplicates }),
      open: openForms(res.locals.errors, FAMILY_FORMS),
      links: await familyLinksView(doc),
      today: new Date().toISOString().slice(0, 10),
    });
  });

  pages.post(
    '/work/families/:id/review',
    staff,
    caseFormHandler('families', 'review', async (req, res) => {
      const { input, version } = readReview(req);
      // Refusing is irreversible for the parent (SPEC §11): checked like the review itself, then a page that restates it.
      if (input.decision === 'reject') {
        const doc = await families.checkReview(actorOf(req), String(req.params.id), 'reject', input.reason ?? undefined, version);
        res.render('intake/work/reject-confirm.njk', {
          id: String(doc._id),
          name: personName(doc.application.parent, t(req.lang, 'intake.workerPages.noName')),
          status: doc.status,
          reason: input.reason?.trim(),
          version: version ?? doc.version,
          retentionMonths: options.retentionMonths,
        });
        return;
      }
      await families.review(actorOf(req), String(req.params.id), input.decision, input.reason ?? undefined, version);
      backToCase('families', req, res, `review.${input.decision}`, 'decision');
    }),
  );

  const familyForm = caseFormRoutes(pages, 'families', staff);
  // Confirmed on that page: the only write of a refusal.
  familyForm({
    path: 'review/confirm',
    form: 'review',
    anchor: 'decision',
    flash: ({ input }) => `review.${input.decision}`,
    read: readReview,
    save: (actor, id, { input, version }) => families.review(actor, id, input.decision, input.reason ?? undefined, version),
  });

  // Or back to the decision form, with what was typed.
  pages.post('/work/families/:id/review/back', staff, (req, res) => {
    const typed = ((req.body as { review?: { reason?: unknown } } | undefined)?.review ?? {}).reason;
    req.session.form = { for: familyPath(req), errors: [], values: { review: { decision: 'reject', reason: typeof typed === 'string' ? typed : '' } } };
    res.redirect(303, `${familyPath(req)}#decision`);
  });

  const staffIds = async () => (await staffAccounts()).map((s) => s.id);
  familyForm({
    path: 'assignment',
    form: 'assignment',
    anchor: 'assignment',
    flash: 'assigned',
    read: async (req) => readAssignment(req, await staffIds()),
    save: (actor, id, { input, version }) => casework.assign(actor, id, input, version),
  });
  familyForm({
    path: 'interviews',
    form: 'interview',
    anchor: 'interviews',
    flash: 'interview',
    read: readInterview,
    save: (actor, id, input) => casework.addInterview(actor, id, input),
  });
  familyForm({
    path: 'network',
    form: 'network',
    anchor: 'network',
    flash: 'network',
    read: readNetwork,
    save: (actor, id, { input, version }) => casework.setNetwork(actor, id, input, version),
  });
  familyForm({
    path: 'isolation',
    form: 'isolation',
    anchor: 'isolation',
    flash: 'isolation',
    read: readIsolation,
    save: (actor, id, input) => casework.recordIsolation(actor, id, input),
  });
  familyForm({
    path: 'bedrooms',
    form: 'bedrooms',
    anchor: 'bedrooms',
    flash: ({ input }) => (input.value == null ? 'bedroomsReset' : 'bedrooms'),
    read: readBedrooms,
    save: (actor, id, { input, version }) => casework.overrideBedrooms(actor, id, input, version),
  });
  familyForm({
    path: 'exclusions',
    form: 'exclusions',
    anchor: 'safety',
    flash: 'exclusions',
    read: readExclusions,
    save: (actor, id, { input, version }) => casework.setExclusions(actor, id, input, version),
  });

  // ---- The offer case page and its casework forms ----

  pages.use(screeningPages(services));

  pages.get('/work/offers/:id', staff, async (req, res) => {
    const actor = actorOf(req);
    const doc = await offers.get(actor, String(req.params.id));
    const [duplicates, staffList, names] = await Promise.all([
      offers.duplicatesOf(doc),
      staffAccounts(),
      userNames([doc.assignedWorkerId, doc.createdBy?.id, ...doc.events.map((e) => e.actorId)]),
    ]);
    res.render('intake/work/offer.njk', {
      c: offerCase(doc, { lang: req.lang, names, staff: staffList, duplicates }),
      open: openForms(res.locals.errors, OFFER_FORMS),
      today: new Date().toISOString().slice(0, 10),
    });
  });

  const offerForm = caseFormRoutes(pages, 'offers', staff);
  offerForm({
    path: 'review',
    form: 'review',
    anchor: 'decision',
    flash: ({ input }) => `review.${input.decision}`,
    read: readOfferReview,
    save: (actor, id, { input, version }) => offers.review(actor, id, input, version),
  });
  offerForm({
    path: 'assignment',
    form: 'assignment',
    anchor: 'assignment',
    flash: 'assigned',
    read: async (req) => readAssignment(req, await staffIds()),
    save: (actor, id, { input, version }) => offers.assign(actor, id, input.workerId, version),
  });

  return pages;
}
