// JSON API of the follow-up casework beyond SPEC §9's table: mediation sessions and the
// administrative checklist (a party may tick its own items).
import { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { cohabitationForParty, cohabitationForStaff } from './cohabitation.presenters.js';
import type { CohabitationService } from './cohabitation.service.js';
import { validateChecklist, validateMediation } from './followup.schemas.js';

export function followupCaseworkApi(cohabitations: CohabitationService): Router {
  const api = Router();

  api.post('/cohabitations/:id/mediations', allow('worker', 'coordinator'), async (req, res) => {
    const c = await cohabitations.addMediation(actorOf(req), String(req.params.id), validateMediation(req.body));
    res.status(201).json(cohabitationForStaff(c));
  });

  api.put('/cohabitations/:id/checklist/:code', allow('parent', 'host', 'worker', 'coordinator'), async (req, res) => {
    const actor = actorOf(req);
    const c = await cohabitations.markChecklist(actor, String(req.params.id), String(req.params.code), validateChecklist(req.body));
    const { side } = await cohabitations.get(actor, String(c._id));
    res.json(side ? cohabitationForParty(c, side) : cohabitationForStaff(c));
  });

  return api;
}
