import type { NextFunction, Request, Response } from 'express';
import type { Language } from '../config.js';
import { chooseLanguage, isLanguage, LANGUAGE_COOKIE, LOCALE_TAG, t } from '../i18n/index.js';

declare module 'express-serve-static-core' {
  interface Request {
    lang: Language;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The page's catalogue in the reader's language (set by the language middleware). */
      t: (key: string, params?: Record<string, string | number>) => string;
    }
  }
}

export interface LanguageOptions {
  secureCookies: boolean;
  /** Persists a signed-in user's explicit choice as their setting. */
  saveUserLanguage: (userId: string, lang: Language) => Promise<void>;
}

/** Picks the language (SPEC §2) and gives views `t`, `lang` and locale formatters. */
export function languageMiddleware(options: LanguageOptions) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const query = req.query.lang;
      if (isLanguage(query)) {
        res.cookie(LANGUAGE_COOKIE, query, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: 365 * 24 * 3600 * 1000 });
        if (req.user && req.user.language !== query) {
          await options.saveUserLanguage(req.user.id, query);
          req.user.language = query;
        }
      }
      const lang = chooseLanguage({
        userSetting: req.user?.language,
        query,
        cookie: readCookie(req.headers.cookie, LANGUAGE_COOKIE),
        acceptLanguage: req.headers['accept-language'],
      });
      req.lang = lang;
      res.locals.lang = lang;
      res.locals.locale = LOCALE_TAG[lang];
      res.locals.t = (key: string, params?: Record<string, string | number>) => t(lang, key, params);
      res.setHeader('Content-Language', lang);
      next();
    } catch (error) {
      next(error);
    }
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined; // an unreadable cookie is no choice at all
    }
  }
  return undefined;
}
