// JSON API additions of a careful ending (beyond SPEC §9, reported): the notice, the contact after
// the exit, and a family's consent that its referring partner be told of key steps.
import { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { validatePartnerConsent, type FamilyRehousingService } from '../intake/index.js';
import { cohabitationForParty, cohabitationForStaff } from './cohabitation.presenters.js';
import type { CohabitationService } from './cohabitation.service.js';
import type { RehousingService } from './rehousing.service.js';
import { validateExitContact, validateNotice } from './rehousing.schemas.js';

export function rehousingApi(cohabitations: CohabitationService, rehousing: RehousingService, families: FamilyRehousingService): Router {
  const api = Router();
  const staff = allow('worker', 'coordinator');

  api.post('/cohabitations/:id/notice', allow('parent', 'host', 'worker', 'coordinator'), async (req, res) => {
    const actor = actorOf(req);
    const c = await rehousing.giveNotice(actor, String(req.params.id), validateNotice(req.body));
    const { side } = await cohabitations.get(actor, String(c._id));
    res.status(201).json(side ? cohabitationForParty(c, side) : cohabitationForStaff(c));
  });

  api.post('/cohabitations/:id/exit-contact', staff, async (req, res) => {
    const c = await rehousing.recordExitContact(actorOf(req), String(req.params.id), validateExitContact(req.body));
    res.status(201).json(cohabitationForStaff(c));
  });

  api.put('/families/:id/partner-updates', allow('parent', 'worker', 'coordinator'), async (req, res) => {
    const doc = await families.setPartnerConsent(actorOf(req), String(req.params.id), validatePartnerConsent(req.body));
    res.json({
      id: String(doc._id),
      partnerUpdates: { consent: doc.partnerUpdates?.consent === true, at: doc.partnerUpdates?.at ?? null, givenOn: doc.partnerUpdates?.givenOn ?? null },
    });
  });

  return api;
}
