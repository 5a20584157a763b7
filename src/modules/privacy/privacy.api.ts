// GDPR in the JSON API (SPEC §9): GET /me/export (self), POST /users/:id/erase (coordinator).
import { Router } from 'express';
import { allow, signedIn } from '../../kernel/auth/policy.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { ErasureService } from './erasure.service.js';
import type { ExportService } from './export.service.js';
import { validateErase } from './privacy.schemas.js';

export function privacyApi(exports: ExportService, erasure: ErasureService): Router {
  const api = Router();
  api.get('/me/export', signedIn, async (req, res) => {
    res.set('Content-Disposition', 'attachment; filename="cohabitation-my-data.json"');
    res.json(await exports.exportFor(actorOf(req), req.lang));
  });
  api.post('/users/:id/erase', allow('coordinator'), async (req, res) => {
    const input = validateErase(req.body ?? {});
    res.json(await erasure.eraseUser(actorOf(req), String(req.params.id), input.reason?.trim() || 'request of the person (GDPR Art. 17)'));
  });
  return api;
}
