// GET /api/v1/stats (SPEC §7, §9): the coordinator's statistics; the shape is documented in stats.service.ts.
import { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { StatsService } from './stats.service.js';

export function statsApi(stats: StatsService): Router {
  const api = Router();
  api.get('/stats', allow('coordinator'), async (req, res) => {
    res.json(await stats.stats(actorOf(req)));
  });
  return api;
}
