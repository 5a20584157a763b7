// JSON API of the account links (beyond SPEC §9, reported): staff link a parent's account to a family
// made for them (a partner's referral, the worker's registration) and a host's account to an offer.
import { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { AccountLinkService } from './account-link.service.js';
import { validateAccountLink } from './family-links.schemas.js';

export function accountLinkApi(accounts: AccountLinkService): Router {
  const api = Router();
  const staff = allow('worker', 'coordinator');

  api.put('/families/:id/owner', staff, async (req, res) => {
    const linked = await accounts.linkFamily(actorOf(req), String(req.params.id), validateAccountLink(req.body).email);
    res.json({ id: String(req.params.id), linked });
  });

  api.put('/offers/:id/owner', staff, async (req, res) => {
    const linked = await accounts.linkOffer(actorOf(req), String(req.params.id), validateAccountLink(req.body).email);
    res.json({ id: String(req.params.id), linked });
  });

  return api;
}
