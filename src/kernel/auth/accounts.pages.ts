// HTML pages of accounts: login, logout, registration, e-mail verification, password reset,
// the account page; the coordinator's accounts page is users.pages.ts. Same services as the JSON API.
import { Router, type Request } from 'express';
import type passport from 'passport';
import { flash, formBody, formHandler } from '../http/forms.js';
import type { AccountsService } from './accounts.service.js';
import { validateLogin, validateNewPassword, validatePasswordResetRequest, validateProfile, validateRegistration } from './accounts.schemas.js';
import { clientAddress, signIn, signOut } from './passport.js';
import { anyone, signedIn } from './policy.js';
import { ValidationError, type ErrorDetail } from '../errors.js';
import { ownUser } from './user.model.js';
import type { Role } from './roles.js';
import { peekToken } from './account-token.model.js';
import { usersPages } from './users.pages.js';

/** Only same-site paths, so a crafted link cannot send people elsewhere after login. */
export function safeNext(value: unknown, fallback = '/account'): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}

/** Validates, and adds "the two passwords differ" to the same list of errors, so all show at once. */
function withConfirmation<T>(validate: () => T, password: unknown, confirm: unknown): T {
  const mismatch: ErrorDetail[] = password !== confirm ? [{ path: '/confirm', messageKey: 'auth.passwordsDiffer' }] : [];
  let value: T;
  try {
    value = validate();
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError([...error.details.filter((d) => d.path !== '/confirm'), ...mismatch]);
    throw error;
  }
  if (mismatch.length) throw new ValidationError(mismatch);
  return value;
}

function tokenOf(req: Request): string {
  return typeof req.query.token === 'string' ? req.query.token : '';
}

/** Where each role lands after signing in (the modules' home pages; given by app.ts). */
export type Landing = (role: Role) => string;

export function accountsPages(accounts: AccountsService, pp: passport.Authenticator, landing: Landing = () => '/account'): Router {
  const pages = Router();

  pages.get('/login', anyone, (req, res) => {
    if (req.user) {
      res.redirect(303, safeNext(req.query.next, landing(req.user.role)));
      return;
    }
    res.render('auth/login.njk', { next: safeNext(req.query.next, '') });
  });

  pages.post(
    '/login',
    anyone,
    formHandler(
      (req) => {
        const next = formBody(req).next;
        return `/login${typeof next === 'string' && next ? `?next=${encodeURIComponent(next)}` : ''}`;
      },
      async (req, res) => {
        const { next, ...credentials } = formBody(req);
        validateLogin(credentials);
        const user = await signIn(pp, req, res, safeNext(next, ''));
        res.redirect(303, safeNext(next, landing(user.role)));
      },
    ),
  );

  pages.post('/logout', signedIn, async (req, res) => {
    await signOut(req);
    res.redirect(303, '/');
  });

  pages.get('/register', anyone, (req, res) => {
    const role = req.query.role === 'host' ? 'host' : req.query.role === 'parent' ? 'parent' : null;
    res.render('auth/register.njk', { role, sent: req.query.sent === '1', hours: accounts.verificationHours });
  });

  pages.post(
    '/register',
    anyone,
    formHandler(
      (req) => {
        const role = formBody(req).role;
        return `/register${role === 'host' || role === 'parent' ? `?role=${role}` : ''}`;
      },
      async (req, res) => {
        const { confirm, ...posted } = formBody(req);
        const body: Record<string, unknown> = { ...posted, language: posted.language || req.lang };
        const input = withConfirmation(() => validateRegistration(body), body.password, confirm);
        // Whether the address was free or taken, the same page: "check your e-mail" (issue #16, finding 7).
        await accounts.register(input, clientAddress(req));
        flash(req, 'auth.registrationSent', 'info', { email: input.email.trim() });
        res.redirect(303, '/register?sent=1');
      },
    ),
  );

  pages.get('/verify-email', anyone, async (req, res) => {
    const token = tokenOf(req);
    res.render('auth/verify-email.njk', { token, valid: await peekToken(token, 'verify-email') });
  });

  pages.post('/verify-email', anyone, async (req, res) => {
    const token = formBody(req).token;
    const ok = await accounts.verifyEmail(typeof token === 'string' ? token : '');
    if (req.user && ok) req.user.emailVerified = true;
    res.render('auth/verify-email.njk', { done: ok, valid: ok });
  });

  pages.post('/account/verification', signedIn, async (req, res) => {
    await accounts.sendVerification(await accounts.getUser(req.user!.id));
    flash(req, 'auth.verificationSent', 'info', { email: req.user!.email });
    res.redirect(303, '/account');
  });

  pages.get('/password/forgot', anyone, (_req, res) => res.render('auth/forgot.njk'));

  pages.post(
    '/password/forgot',
    anyone,
    formHandler(
      () => '/password/forgot',
      async (req, res) => {
        const input = validatePasswordResetRequest(req.body);
        await accounts.requestPasswordReset(input.email, clientAddress(req));
        res.render('auth/forgot.njk', { sent: true });
      },
    ),
  );

  pages.get('/password/reset', anyone, async (req, res) => {
    const token = tokenOf(req);
    res.render('auth/reset.njk', { token, valid: await peekToken(token, 'reset-password') });
  });

  pages.post(
    '/password/reset',
    anyone,
    formHandler(
      (req) => {
        const token = formBody(req).token;
        return `/password/reset?token=${encodeURIComponent(typeof token === 'string' ? token : '')}`;
      },
      async (req, res) => {
        const { password, confirm } = formBody(req);
        const input = withConfirmation(() => validateNewPassword(req.body), password, confirm);
        await accounts.resetPassword(input.token, input.password);
        if (req.user) await signOut(req);
        res.render('auth/reset.njk', { done: true });
      },
    ),
  );

  pages.get('/account', signedIn, async (req, res) => {
    res.render('auth/account.njk', { account: ownUser(await accounts.getUser(req.user!.id)) });
  });

  pages.post(
    '/account',
    signedIn,
    formHandler(
      () => '/account',
      async (req, res) => {
        const input = validateProfile(req.body);
        await accounts.updateProfile(req.user!.id, input);
        flash(req, 'auth.profileSaved');
        res.redirect(303, `/account?lang=${input.language}`);
      },
    ),
  );

  pages.use(usersPages(accounts));

  return pages;
}
