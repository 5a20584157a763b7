// JSON API of the ledger (SPEC §9): POST/GET /cohabitations/:id/ledger and
// POST /cohabitations/:id/ledger/:entryId/confirmation, for the two households and staff.
import { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { LedgerService } from './ledger.service.js';
import { validateConfirmation, validateLedgerEntry } from './ledger.schemas.js';

export function ledgerApi(ledgers: LedgerService): Router {
  const api = Router();
  const involved = allow('parent', 'host', 'worker', 'coordinator');

  api.get('/cohabitations/:id/ledger', involved, async (req, res) => {
    const { items, balances, months } = await ledgers.read(actorOf(req), String(req.params.id));
    res.json({ items, balances, months });
  });

  api.post('/cohabitations/:id/ledger', involved, async (req, res) => {
    res.status(201).json(await ledgers.record(actorOf(req), String(req.params.id), validateLedgerEntry(req.body)));
  });

  api.post('/cohabitations/:id/ledger/:entryId/confirmation', involved, async (req, res) => {
    res.json(await ledgers.decide(actorOf(req), String(req.params.id), String(req.params.entryId), validateConfirmation(req.body)));
  });

  return api;
}
