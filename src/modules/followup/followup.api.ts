// JSON API of follow-up (SPEC §9): cohabitations, signatures, check-ins, incidents, the ending, alerts.
import { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { OfferService } from '../intake/index.js';
import type { ProposalService } from '../matching/index.js';
import { cohabitationForParty, cohabitationForStaff } from './cohabitation.presenters.js';
import type { CohabitationService } from './cohabitation.service.js';
import { alertsFor } from './alerts.js';
import { validateCheckin, validateCreate, validateEnd, validateIncident, validateSign } from './followup.schemas.js';

export function followupApi(cohabitations: CohabitationService, offers: OfferService, proposals: ProposalService): Router {
  const api = Router();
  const staff = allow('worker', 'coordinator');
  const parties = allow('parent', 'host', 'worker', 'coordinator');

  api.post('/cohabitations', staff, async (req, res) => {
    const c = await cohabitations.create(actorOf(req), validateCreate(req.body));
    res.status(201).json(cohabitationForStaff(c));
  });

  api.get('/cohabitations/:id', parties, async (req, res) => {
    const { cohabitation, side } = await cohabitations.get(actorOf(req), String(req.params.id));
    res.json(side ? cohabitationForParty(cohabitation, side) : cohabitationForStaff(cohabitation));
  });

  api.post('/cohabitations/:id/signatures', parties, async (req, res) => {
    const actor = actorOf(req);
    const c = await cohabitations.sign(actor, String(req.params.id), validateSign(req.body ?? {}).party);
    const { side } = await cohabitations.get(actor, String(c._id));
    res.json(side ? cohabitationForParty(c, side) : cohabitationForStaff(c));
  });

  api.post('/cohabitations/:id/checkins', staff, async (req, res) => {
    const c = await cohabitations.addCheckin(actorOf(req), String(req.params.id), validateCheckin(req.body));
    res.status(201).json(cohabitationForStaff(c));
  });

  api.post('/cohabitations/:id/incidents', staff, async (req, res) => {
    const c = await cohabitations.addIncident(actorOf(req), String(req.params.id), validateIncident(req.body));
    res.status(201).json(cohabitationForStaff(c));
  });

  api.post('/cohabitations/:id/end', staff, async (req, res) => {
    const c = await cohabitations.end(actorOf(req), String(req.params.id), validateEnd(req.body));
    res.json(cohabitationForStaff(c));
  });

  api.get('/alerts', staff, async (req, res) => {
    res.json({ items: await alertsFor({ cohabitations, offers, proposals }, actorOf(req)) });
  });

  return api;
}
