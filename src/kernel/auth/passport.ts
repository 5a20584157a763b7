// passport-local: e-mail and password, checked by the accounts service (rate limit, lockout,
// argon2id). The session keeps only the user id and the user's session version, so a password
// change ends every other session.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { AccountsService } from './accounts.service.js';
import type { SessionUser } from './session-user.js';

interface SerializedUser {
  id: string;
  v: number;
}

export function configurePassport(accounts: AccountsService): passport.Authenticator {
  const instance = new passport.Passport();
  instance.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: true }, (req, email, password, done) => {
      accounts.authenticate(email, password, clientAddress(req)).then(
        (user) => done(null, user),
        (error: unknown) => done(error),
      );
    }),
  );
  instance.serializeUser((user, done) => {
    accounts.sessionVersion(user.id).then((v) => done(null, { id: user.id, v } satisfies SerializedUser), done);
  });
  // What a session store gives back is whatever was stored, possibly by an older version.
  instance.deserializeUser((serialized: Partial<SerializedUser> | null, done) => {
    if (typeof serialized?.id !== 'string') {
      done(null, false);
      return;
    }
    accounts.findSessionUser(serialized.id, typeof serialized.v === 'number' ? serialized.v : 0).then((user) => done(null, user ?? false), done);
  });
  return instance;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Checks the credentials with the local strategy and signs in: the session is regenerated
 * (passport ≥ 0.6 does it in req.logIn), so a pre-login session id is worthless.
 */
export function signIn(pp: passport.Authenticator, req: Request, res: Response, returnTo?: string): Promise<SessionUser> {
  // Answers of a form whose session had lapsed wait for their page in this session (kernel/http/csrf.ts):
  // carried over only to the person signing in from that page's own sign-in link, within the hour
  // (on a shared computer, someone else signing in later does not get them).
  const waiting = req.session.keptForm;
  const kept = waiting && returnTo?.split('?')[0] === waiting.for && Date.now() - (waiting.at ?? 0) < 3_600_000 ? waiting : undefined;
  return new Promise((resolve, reject) => {
    // passport types the middleware it returns as `any`.
    const authenticate = pp.authenticate('local', { session: true }, (error: unknown, user: SessionUser | false) => {
      if (error) {
        reject(asError(error));
        return;
      }
      if (!user) {
        reject(new Error('no user from the local strategy'));
        return;
      }
      req.logIn(user, (loginError) => {
        if (loginError) {
          reject(asError(loginError));
          return;
        }
        req.session.startedAt = Date.now();
        if (kept) req.session.keptForm = kept;
        resolve(user);
      });
    }) as RequestHandler;
    void authenticate(req, res, ((e: unknown) => {
      reject(asError(e));
    }) as NextFunction);
  });
}

export function signOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.logout({ keepSessionInfo: false }, (error) => {
      if (error) {
        reject(asError(error));
        return;
      }
      req.session.destroy((destroyError: unknown) => {
        if (destroyError) reject(asError(destroyError));
        else resolve();
      });
    });
  });
}
