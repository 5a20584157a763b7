// Synchroniser-token CSRF protection on every unsafe request, pages and API alike (login and
// registration included). API clients send the token in `X-CSRF-Token` (from GET /api/v1/session
// or the login response); forms send it as the hidden `_csrf` field, removed from the body once
// checked so schemas that refuse unknown fields never see it.
import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import { ForbiddenError } from '../errors.js';
import { keepForm } from './forms.js';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const header = req.headers['x-csrf-token'];
    if (typeof header === 'string') return header;
    const field = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof field === 'string' ? field : undefined;
  },
});

export { generateToken as csrfToken };

/** A value that templates print as the request's token; the token is made on the first print. */
function lazyToken(req: Request): { toString(): string } {
  let token: string | undefined;
  return {
    toString: () => (token ??= generateToken(req)),
  };
}

export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  csrfSynchronisedProtection(req, res, (error?: unknown) => {
    if (error && isPageForm(req)) {
      keepTypedAnswers(req, res);
      return;
    }
    if (error) {
      next(new ForbiddenError('errors.csrf', 'CSRF_INVALID'));
      return;
    }
    if (req.body && typeof req.body === 'object') delete (req.body as Record<string, unknown>)._csrf;
    // Views get the token for their forms, made (and stored in the session) only when a page prints
    // it: a visitor reading pages without a form leaves no session behind (issue 16, finding 11).
    res.locals.csrfToken = lazyToken(req);
    next();
  });
}

/** A browser's form post (not the JSON API). */
function isPageForm(req: Request): boolean {
  return !req.path.startsWith('/api/') && Boolean(req.is('application/x-www-form-urlencoded'));
}

/** The same-site page the form was on (its Referer), else the path posted to. */
function formPage(req: Request): string {
  const referer = req.get('referer');
  if (referer) {
    try {
      const url = new URL(referer);
      if (url.host === req.get('host')) return url.pathname + url.search;
    } catch {
      // not a URL: use the path posted to
    }
  }
  return req.path;
}

/**
 * A form sent with an expired token — the session lapsed while it was filled in, or the page was
 * kept open too long (issue 15): nothing is written, but the answers are not lost. They are kept in
 * the (new) session for the page the form was on, and the person goes back to it — through the
 * sign-in page if the session is gone (signIn carries them over) — to find the form filled in with
 * a message saying to check and send it again. Passwords are never kept.
 */
function keepTypedAnswers(req: Request, res: Response): void {
  const page = formPage(req);
  keepForm(req, page, 'errors.csrfKept', (req.body ?? {}) as Record<string, unknown>);
  res.redirect(303, page);
}
