import { Router } from 'express';
import { anyone } from '../auth/policy.js';
import { databaseIsUp } from '../db/connection.js';

/** Health: 200 {status:"ok",db:"up"}, or 503 when the database does not answer. No session. */
export function healthRoutes(): Router {
  const router = Router();
  router.get('/healthz', anyone, async (_req, res) => {
    const up = await databaseIsUp();
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down' });
  });
  return router;
}

/** The home page: what the service is, in plain words, and the two ways in. */
export function siteRoutes(): Router {
  const router = Router();
  router.get('/', anyone, (_req, res) => res.render('home.njk'));
  return router;
}
