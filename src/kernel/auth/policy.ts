// Deny by default. Every route declares who may use it, as its first handler:
//   router.get('/x', allow('worker', 'coordinator'), handler)
//   router.get('/', anyone, handler)
// `assertEveryRouteHasPolicy(app)` walks the whole router tree at start and refuses to run an app
// with a route that forgot to say; a test walks it too.
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { recordDenialOnFinish } from '../audit/denials.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { ROLES, type Role } from './roles.js';

export interface RoutePolicy {
  /** null: anyone, signed in or not */
  roles: readonly Role[] | null;
}

type PolicedHandler = RequestHandler & { policy: RoutePolicy };

function policed(policy: RoutePolicy, handler: RequestHandler): PolicedHandler {
  return Object.assign(handler, { policy });
}

export function allow(...roles: Role[]): RequestHandler {
  if (roles.length === 0) throw new Error('allow() needs at least one role');
  return policed({ roles }, (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) {
      next(new UnauthenticatedError());
      return;
    }
    // A refusal here or further on (someone else's record) goes to the audit log.
    recordDenialOnFinish(req, res);
    if (!roles.includes(req.user.role)) {
      next(new ForbiddenError());
      return;
    }
    next();
  });
}

/** Any signed-in user, whatever their role. */
export const signedIn: RequestHandler = allow(...ROLES);

/** Public route: the home page, login, registration, health. */
export const anyone: RequestHandler = policed({ roles: null }, (_req, _res, next) => next());

export interface RouteEntry {
  method: string;
  /** The route's own path, as its router declares it. */
  path: string;
  /** With the prefixes it is mounted under, e.g. /api/v1/families/:id */
  fullPath: string;
  policy: RoutePolicy | null;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown; method?: string }[] };
  handle: { stack?: Layer[] } & ((...args: unknown[]) => unknown);
  name?: string;
  rawPath?: unknown;
}

function walk(stack: Layer[], out: RouteEntry[], prefix = ''): void {
  for (const layer of stack) {
    if (layer.route) {
      const first = layer.route.stack[0]?.handle as Partial<PolicedHandler> | undefined;
      for (const method of Object.keys(layer.route.methods)) {
        out.push({ method: method.toUpperCase(), path: layer.route.path, fullPath: prefix + layer.route.path, policy: first?.policy ?? null });
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      walk(layer.handle.stack, out, prefix + mount);
    }
  }
}

export function listRoutes(app: Express): RouteEntry[] {
  // Express's types describe a layer without what this walk reads of the running router (a route's
  // `methods`, a mounted router's `handle.stack`, Express 5's `rawPath`): read as the runtime has them.
  const stack = app.router.stack as unknown as Layer[];
  const out: RouteEntry[] = [];
  walk(stack, out);
  return out;
}

export function assertEveryRouteHasPolicy(app: Express): void {
  const open = listRoutes(app).filter((r) => r.policy === null);
  if (open.length > 0) {
    throw new Error(`routes without an access policy (deny by default): ${open.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  }
}
