// JSON API of conformity (SPEC §9): the checklist, planning a visit, the report and its outcome.
import { policyFor } from '../../kernel/policy.js';
import { Router } from 'express';
import { allow, signedIn } from '../../kernel/auth/policy.js';
import { ValidationError } from '../../kernel/errors.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { InspectionService } from './inspection.service.js';
import { presentInspection } from './inspection.presenters.js';
import { validateCancel, validateReport, validateSchedule } from './inspection.schemas.js';

export function conformityApi(inspections: InspectionService): Router {
  const api = Router();
  const staff = allow('worker', 'coordinator');

  api.get('/conformity/checklist', signedIn, (req, res) => {
    const date = typeof req.query.date === 'string' ? new Date(req.query.date) : new Date();
    if (Number.isNaN(date.getTime())) throw new ValidationError([{ path: '/date', messageKey: 'validation.format.date' }]);
    const ruleSet = inspections.checklist(date);
    res.json({
      ruleSet: ruleSet.id,
      effectiveFrom: ruleSet.effectiveFrom,
      // The service's rule, not the rule set's (kernel/policy.ts).
      contributionCapEur: policyFor(date).contributionCapEur,
      validityMonths: ruleSet.validityMonths,
      items: ruleSet.checklist.map((i) => ({
        code: i.code,
        category: i.category,
        severity: i.severity,
        label: i.label[req.lang],
        computed: i.computed ?? null,
        naAllowed: i.naAllowed,
        source: i.source,
      })),
    });
  });

  api.post('/offers/:id/inspections', staff, async (req, res) => {
    const doc = await inspections.schedule(actorOf(req), String(req.params.id), validateSchedule(req.body));
    res.status(201).json(presentInspection(doc, req.lang));
  });

  api.get('/offers/:id/inspections', allow('host', 'worker', 'coordinator'), async (req, res) => {
    const docs = await inspections.listForOffer(actorOf(req), String(req.params.id));
    res.json({ items: docs.map((d) => presentInspection(d, req.lang)) });
  });

  api.get('/inspections/:id', allow('host', 'worker', 'coordinator'), async (req, res) => {
    const { inspection } = await inspections.get(actorOf(req), String(req.params.id));
    res.json(presentInspection(inspection, req.lang));
  });

  api.post('/inspections/:id/reschedule', staff, async (req, res) => {
    res.json(presentInspection(await inspections.reschedule(actorOf(req), String(req.params.id), validateSchedule(req.body)), req.lang));
  });

  api.post('/inspections/:id/cancel', staff, async (req, res) => {
    res.json(presentInspection(await inspections.cancel(actorOf(req), String(req.params.id), validateCancel(req.body).reason), req.lang));
  });

  api.put('/inspections/:id/report', staff, async (req, res) => {
    const result = await inspections.report(actorOf(req), String(req.params.id), validateReport(req.body));
    res.json({
      id: String(result.inspection._id),
      status: result.inspection.status,
      outcome: result.outcome,
      failures: presentInspection(result.inspection, req.lang).failures,
      validUntil: result.validUntil,
      remarksDeadline: result.remarksDeadline,
      ruleSet: result.inspection.ruleSet,
    });
  });

  return api;
}
