// JSON API of accounts and sessions (SPEC §9): /api/v1/accounts, /api/v1/session, /api/v1/users, /api/v1/me.
import { actorOf } from './actor.js';
import { Router } from 'express';
import type passport from 'passport';
import { csrfToken } from '../http/csrf.js';
import type { AccountsService } from './accounts.service.js';
import { parseUserSearch, validateLogin, validateRegistration, validateStaffAccount } from './accounts.schemas.js';
import { clientAddress, signIn, signOut } from './passport.js';
import { allow, anyone, signedIn } from './policy.js';
import { ownUser } from './user.model.js';

export function accountsApi(accounts: AccountsService, pp: passport.Authenticator): Router {
  const api = Router();

  api.post('/accounts', anyone, async (req, res) => {
    const input = validateRegistration(req.body);
    // The same answer whether the address was free or taken (issue #16, finding 7): an e-mail tells the owner.
    res.status(201).json({ user: await accounts.register(input, clientAddress(req)) });
  });

  api.get('/session', anyone, (req, res) => {
    const user = req.user ? { id: req.user.id, role: req.user.role, name: req.user.name } : null;
    res.json({ user, csrfToken: csrfToken(req) });
  });

  api.post('/session', anyone, async (req, res) => {
    validateLogin(req.body);
    const user = await signIn(pp, req, res);
    res.json({ user: { id: user.id, role: user.role, name: user.name }, csrfToken: csrfToken(req, true) });
  });

  api.delete('/session', signedIn, async (req, res) => {
    await signOut(req);
    res.status(204).end();
  });

  api.get('/me', signedIn, async (req, res) => {
    res.json({ user: ownUser(await accounts.getUser(req.user!.id)) });
  });

  api.get('/users', allow('coordinator'), async (req, res) => {
    const users = await accounts.listUsers(parseUserSearch(req.query));
    res.json({ items: users.map(ownUser) });
  });

  api.post('/users', allow('coordinator'), async (req, res) => {
    const input = validateStaffAccount(req.body);
    const user = await accounts.createStaff(input, actorOf(req));
    res.status(201).json({ user: ownUser(user) });
  });

  return api;
}
