// Post/redirect/get for HTML forms: on a validation error the input and the errors are kept in
// the session, the browser is sent back to the form, and the form shows an error summary at the
// top (links to the fields) and each message beside its field.
import type { NextFunction, Request, Response } from 'express';
import type { Language } from '../config.js';
import { AppError, type ErrorDetail } from '../errors.js';
import { t } from '../i18n/index.js';
import { formatDateTime } from '../i18n/format.js';

export interface FieldError {
  path: string;
  field: string;
  message: string;
}

export interface FormState {
  errors: FieldError[];
  values: Record<string, unknown>;
}

declare module 'express-session' {
  interface SessionData {
    form?: FormState & { for: string };
    /** Answers of a form sent after its token expired, for its page: kept across the sign-in (csrf.ts). */
    keptForm?: { for: string; at: number; values: Record<string, unknown>; messageKey: string };
    flash?: { kind: 'success' | 'info'; key: string; params?: Record<string, string | number> };
  }
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Parameters as the reader reads them: an instant (ISO timestamp) in Brussels time, in their language. */
function readable(params: ErrorDetail['params'], lang: Language): ErrorDetail['params'] {
  if (!params) return params;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' && INSTANT.test(v) ? formatDateTime(v, lang) : v]));
}

export function translateDetails(lang: Language, details: ErrorDetail[]): FieldError[] {
  return details.map((d) => ({
    path: d.path,
    field: d.path.replace(/^\//, '').replace(/\//g, '-') || 'form',
    message: t(lang, d.messageKey, readable(d.params, lang)),
  }));
}

/** Keys a document store refuses ($-prefixed, dotted): a hostile form must not break the session save. */
function storable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(storable);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$') && !k.includes('.')) out[k] = storable(v);
  return out;
}

/** Never keep passwords or tokens in the session for re-display, at any depth. */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!/password|confirm|_csrf/i.test(k)) out[k] = withoutSecrets(v);
  return out;
}

function redisplayable(values: Record<string, unknown>): Record<string, unknown> {
  return storable(withoutSecrets(values)) as Record<string, unknown>;
}

/** What a form shows again: the errors in the reader's language, the values without secrets. */
function formState(req: Request, details: ErrorDetail[], values: Record<string, unknown>): FormState {
  return { errors: translateDetails(req.lang, details), values: redisplayable(values) };
}

/** Keeps a form's answers (never secrets) for its page, with the message to show there (kernel/http/csrf.ts). */
/** The posted form (or JSON) body as a plain record; Express types it `any`. {} when there is none. */
export function formBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function keepForm(req: Request, page: string, messageKey: string, values: Record<string, unknown>): void {
  req.session.keptForm = { for: page.split('?')[0] ?? page, at: Date.now(), values: redisplayable(values), messageKey };
}

export function redirectWithErrors(req: Request, res: Response, to: string, error: AppError, values: Record<string, unknown>): void {
  const main = { path: '', messageKey: error.messageKey, params: error.params };
  // A conflict's details say who changed what; its main message says what to do: show both.
  const repeats = error.details.some((d) => d.messageKey === error.messageKey);
  const details = error.details.length === 0 ? [main] : error.status === 409 && !repeats ? [main, ...error.details] : error.details;
  req.session.form = { for: to.split('?')[0] ?? to, ...formState(req, details, values) };
  res.redirect(303, to);
}

export function flash(req: Request, key: string, kind: 'success' | 'info' = 'success', params?: Record<string, string | number>): void {
  req.session.flash = { kind, key, params };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The form's errors and typed values kept across the redirect (formStateMiddleware), else [] and {}. */
      errors: FieldError[];
      values: Record<string, unknown>;
    }
  }
}

/** Gives the view the kept form state (once) and the flash message (once). */
export function formStateMiddleware(req: Request, res: Response, next: NextFunction): void {
  const session = req.session as typeof req.session | undefined;
  const form = session?.form?.for === req.path ? session.form : undefined;
  const kept = !form && session?.keptForm?.for === req.path ? session.keptForm : undefined;
  if (form && req.method === 'GET') {
    res.locals.errors = form.errors;
    res.locals.values = form.values;
    delete session!.form;
  } else if (kept && req.method === 'GET') {
    // In the reader's language now (it may have changed with the sign-in).
    res.locals.errors = translateDetails(req.lang, [{ path: '', messageKey: kept.messageKey }]);
    res.locals.values = kept.values;
    // Kept answers wait until their page is really shown (not while it sends the person to sign in).
    const render = res.render.bind(res) as (...args: unknown[]) => void;
    res.render = (...args: unknown[]) => {
      delete session!.keptForm;
      render(...args);
    };
  } else {
    res.locals.errors = [];
    res.locals.values = {};
  }
  if (session?.flash && req.method === 'GET') {
    res.locals.flash = session.flash;
    delete session.flash;
  }
  next();
}

/** Runs an async form handler; an AppError with details goes back to the form, others to the error handler. */
export function formHandler(backTo: (req: Request) => string, handler: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof AppError && (error.status === 422 || error.status === 409 || error.status === 401 || error.status === 429)) {
        redirectWithErrors(req, res, backTo(req), error, (req.body ?? {}) as Record<string, unknown>);
        return;
      }
      next(error);
    }
  };
}
