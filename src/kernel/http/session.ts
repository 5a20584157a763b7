// Sessions stored in the database (connect-mongo), so the app is stateless behind a load balancer.
// Idle timeout by a rolling cookie and store TTL; absolute timeout from the login time.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import MongoStore, { createWebCryptoAdapter } from 'connect-mongo';
import { createHmac } from 'node:crypto';
import mongoose from 'mongoose';
import type { Config } from '../config.js';

declare module 'express-session' {
  interface SessionData {
    startedAt?: number;
  }
}

export const SESSION_COOKIE = 'cohabitation.sid';

export function sessionMiddleware(config: Pick<Config, 'env' | 'sessionSecret' | 'session' | 'masterKey'>): { middleware: RequestHandler; store: MongoStore } {
  const idleMs = config.session.idleMinutes * 60_000;
  const store = MongoStore.create({
    client: mongoose.connection.getClient() as never,
    dbName: mongoose.connection.name,
    collectionName: 'sessions',
    ttl: Math.ceil(idleMs / 1000),
    // The embedded engine has no TTL indexes: expired sessions are removed on an interval.
    autoRemove: 'interval',
    autoRemoveInterval: config.session.cleanupIntervalMinutes,
    touchAfter: 60,
    // Sessions keep a form's values between a refused post and its page (notes included):
    // encrypted at rest (AES-GCM) with a key derived from the master key.
    cryptoAdapter: createWebCryptoAdapter({ secret: createHmac('sha256', Buffer.from(config.masterKey, 'base64')).update('session store').digest('base64') }),
  });
  readSessionsById(store);
  const middleware = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    proxy: config.env === 'production',
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.env === 'production', maxAge: idleMs },
  });
  return { middleware, store };
}

/**
 * connect-mongo reads a session with `{_id, $or: [no expiry, expiry in the future]}`. The embedded
 * engine answers a filter on `_id` alone from its index but scans the whole collection for anything
 * more: 40 ms per request with 900 sessions, and the engine busy (npm run load). The store's reads
 * go by `_id` alone here, the expiry checked the same way after.
 */
function readSessionsById(store: MongoStore): void {
  store.collectionP = store.collectionP.then((collection) => {
    const findOne = collection.findOne.bind(collection) as (filter: Record<string, unknown>) => Promise<Record<string, unknown> | null>;
    const patched = async (filter: Record<string, unknown>) => {
      const keys = Object.keys(filter ?? {});
      if (keys.length !== 2 || !keys.includes('_id') || !keys.includes('$or')) return findOne(filter);
      const doc = await findOne({ _id: filter._id });
      if (!doc) return null;
      const expires = doc.expires;
      return expires === undefined || (expires instanceof Date && expires.getTime() > Date.now()) ? doc : null;
    };
    (collection as unknown as { findOne: typeof patched }).findOne = patched;
    return collection;
  });
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
  res.redirect = ((...args: unknown[]) => {
    if (!req.session) return redirect(...args);
    req.session.save((error) => (error ? next(error) : redirect(...args)));
  }) as typeof res.redirect;
  next();
}
