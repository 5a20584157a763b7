// Sessions stored in the database (session-store.ts), so the app is stateless behind a load balancer.
// Idle timeout by a rolling cookie and the stored expiry; absolute timeout from the login time.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Config } from '../config.js';
import { DatabaseSessionStore } from './session-store.js';

declare module 'express-session' {
  interface SessionData {
    startedAt?: number;
  }
}

export const SESSION_COOKIE = 'cohabitation.sid';

export function sessionMiddleware(config: Pick<Config, 'env' | 'sessionSecret' | 'session' | 'masterKey' | 'trustProxy'>): {
  middleware: RequestHandler;
  store: DatabaseSessionStore;
} {
  const idleMs = config.session.idleMinutes * 60_000;
  const store = new DatabaseSessionStore(Buffer.from(config.masterKey, 'base64'), idleMs);
  const middleware = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    // Secure cookies behind a TLS proxy need to trust it (TRUST_PROXY), like the rest of the app.
    proxy: config.trustProxy !== null,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.env === 'production', maxAge: idleMs },
  });
  return { middleware, store };
}

/** Ends a signed-in session older than the absolute limit, whatever its activity. */
export function absoluteTimeout(config: Pick<Config, 'session'>): RequestHandler {
  const limitMs = config.session.absoluteHours * 3_600_000;
  return (req: Request, _res: Response, next: NextFunction) => {
    const startedAt = req.session?.startedAt;
    if (req.user && startedAt && Date.now() - startedAt > limitMs) {
      req.session.destroy(() => next());
      req.user = undefined;
      return;
    }
    next();
  };
}

/**
 * express-session writes a response's headers before the store has the session; a browser that
 * follows a redirect at once could load the next page from the old session (a flash message, a
 * form's errors, a saved draft one page late). Redirects wait for the save.
 */
export function saveSessionBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = (...args: unknown[]) => {
    // A visitor without a session, and nothing to store (sent to the login page): none to create.
    const fresh = !(req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
    if (!req.session || (fresh && Object.keys(req.session).every((key) => key === 'cookie'))) {
      redirect(...args);
      return;
    }
    req.session.save((error) => (error ? next(error) : redirect(...args)));
  };
  next();
}
