import { Router } from 'express';
import { allow } from '../auth/policy.js';
import type { Outbox } from './outbox.service.js';

/**
 * Outside production only (never mounted there): read the e-mails the app would have sent. Signed-in
 * coordinators only: the messages hold sign-in and reset links that take over an account. Sealed
 * bodies are opened here (so a demo can follow its links); a token-bearing message already delivered
 * (or given up) has no body any more, and the page says so instead of showing a link.
 */
export function outboxPages(outbox: Outbox): Router {
  const router = Router();
  router.get('/dev/outbox', allow('coordinator'), async (_req, res) => {
    const messages = (await outbox.latest(100)).map((m) => ({ ...m, links: (m.text ?? '').match(/https?:\/\/\S+/g) ?? [] }));
    res.render('dev/outbox.njk', { messages, canSend: outbox.canSend, canSendSms: outbox.canSendSms });
  });
  return router;
}
