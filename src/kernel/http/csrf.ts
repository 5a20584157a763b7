// Synchroniser-token CSRF protection on every unsafe request, pages and API alike (login and
// registration included). API clients send the token in `X-CSRF-Token` (from GET /api/v1/session
// or the login response); forms send it as the hidden `_csrf` field, removed from the body once
// checked so schemas that refuse unknown fields never see it.
import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import { ForbiddenError } from '../errors.js';

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
    if (error) return next(new ForbiddenError('errors.csrf', 'CSRF_INVALID'));
    if (req.body && typeof req.body === 'object') delete (req.body as Record<string, unknown>)._csrf;
    // Views get the token for their forms, made (and stored in the session) only when a page prints
    // it: a visitor reading pages without a form leaves no session behind (issue 16, finding 11).
    res.locals.csrfToken = lazyToken(req);
    next();
  });
}
