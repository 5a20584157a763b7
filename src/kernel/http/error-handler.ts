// The one error handler: typed errors → status code; the JSON body of SPEC §9 for /api, an error
// page otherwise. No stack traces outside development. Database outages answer 503 at once.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AppError, MalformedRequestError, NotFoundError, ServiceUnavailableError, TooManyRequestsError, UnauthenticatedError } from '../errors.js';
import { t } from '../i18n/index.js';
import { translateDetails } from './forms.js';

export function isApiRequest(req: Request): boolean {
  return req.originalUrl.startsWith('/api/');
}

/** Server error codes that mean "the server is going away or not the primary now": try again later. */
const TRANSIENT_SERVER_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

function isDatabaseOutage(error: unknown): boolean {
  const e = error as { name?: string; message?: string; code?: unknown; errorLabelSet?: Set<string> } | null;
  const name = e?.name ?? '';
  const message = e?.message ?? '';
  if (name === 'MongoServerError') {
    if (typeof e?.code === 'number' && TRANSIENT_SERVER_CODES.has(e.code)) return true;
    if (e?.errorLabelSet instanceof Set && (e.errorLabelSet.has('RetryableWriteError') || e.errorLabelSet.has('ResetPool'))) return true;
    // The embedded engine cancels the commands it is running when it shuts down.
    return /context canceled/i.test(message);
  }
  // A socket closed by the database while the driver writes on it (plain Node error, not wrapped).
  if (typeof e?.code === 'string' && ['EPIPE', 'ECONNRESET', 'ECONNREFUSED'].includes(e.code)) return true;
  return (
    /^Mongo(Network|ServerSelection|NotConnected|Topology|PoolCleared|NetworkTimeout)/.test(name) ||
    /bufferCommands = false|Client must be connected|connection .* closed|Topology is closed|socket has been ended by the other party/i.test(message)
  );
}

function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const e = error as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return new MalformedRequestError('errors.malformedJson');
  if (e?.type === 'entity.too.large' || e?.type === 'parameters.too.many') return new AppError(413, 'PAYLOAD_TOO_LARGE', 'errors.tooLarge');
  if (e?.type === 'querystring.parse.rangeError') return new MalformedRequestError();
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'errors.unsupportedMedia');
  if (isDatabaseOutage(error)) return new ServiceUnavailableError();
  // A body that cannot be inflated (garbage gzip or deflate) or read: the client's fault, not ours.
  const z = error as { code?: unknown; expose?: boolean };
  if (e?.status === 400 && z?.expose && (typeof z.code !== 'string' || z.code.startsWith('Z_'))) return new MalformedRequestError();
  return null;
}

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError());
}

export function errorHandler(config: Pick<Config, 'env'>, logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    // The session could not be loaded (database away): express-session would take the missing
    // session for a deleted one and destroy it at the end of the answer, signing the person out.
    if (req.session == null && req.sessionID) delete (req as { sessionID?: string }).sessionID;
    const known = toAppError(error);
    const appError = known ?? new AppError(500, 'INTERNAL', 'errors.internal');
    if (!known) logger.error({ err: error, url: req.originalUrl, method: req.method }, 'unhandled error');
    else if (appError.status === 503) logger.warn({ err: (error as Error).message }, 'database unavailable');
    const lang = req.lang ?? 'fr';
    const message = t(lang, appError.messageKey, appError.params);
    if (appError instanceof TooManyRequestsError) res.setHeader('Retry-After', String(appError.retryAfterSeconds));
    if (res.headersSent) return;

    if (isApiRequest(req)) {
      const details = translateDetails(lang, appError.details).map(({ path, message: m }) => ({ path, message: m }));
      res.status(appError.status).json({ error: { code: appError.code, message, details } });
      return;
    }
    if (appError instanceof UnauthenticatedError && req.method === 'GET') {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    // The failure may come before the language middleware ran: give the page what it needs.
    res.locals.lang ??= lang;
    res.locals.t ??= (key: string, params?: Record<string, string | number>) => t(lang, key, params);
    res.locals.errors ??= [];
    res.locals.values ??= {};
    res.status(appError.status);
    res.render(
      'error.njk',
      {
        status: appError.status,
        message,
        details: translateDetails(lang, appError.details),
        stack: config.env === 'development' && !known ? (error as Error)?.stack : null,
      },
      (renderError: Error | null, html?: string) => {
        if (renderError) {
          logger.error({ err: renderError }, 'error page failed to render');
          res.type('text/plain').send(message);
          return;
        }
        res.send(html);
      },
    );
  };
}
