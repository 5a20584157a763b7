import { Router } from 'express';
import { anyone } from '../auth/policy.js';
import type { Outbox } from './outbox.service.js';

/** Development only (never mounted in production): read the e-mails the app would have sent. */
export function outboxPages(outbox: Outbox): Router {
  const router = Router();
  router.get('/dev/outbox', anyone, async (_req, res) => {
    const messages = (await outbox.latest(100)).map((m) => ({ ...m, links: m.text.match(/https?:\/\/\S+/g) ?? [] }));
    res.render('dev/outbox.njk', { messages, canSend: outbox.canSend });
  });
  return router;
}
