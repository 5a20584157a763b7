import { join } from 'node:path';
import type { Express } from 'express';
import nunjucks from 'nunjucks';

/** Nunjucks with autoescape; templates in views/, shared macros in views/partials/. */
export function configureViews(app: Express, rootDir: string, options: { watch: boolean }): nunjucks.Environment {
  const env = nunjucks.configure(join(rootDir, 'views'), { autoescape: true, express: app, noCache: options.watch, throwOnUndefined: false });
  app.set('view engine', 'njk');
  env.addFilter('date', (value: Date | string | null | undefined, locale: string, style: 'date' | 'datetime' = 'date') => {
    if (!value) return '';
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) return '';
    return new Intl.DateTimeFormat(locale, style === 'date' ? { dateStyle: 'long' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  });
  env.addFilter('money', (value: number, locale: string) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(value));
  env.addFilter('number', (value: number, locale: string) => new Intl.NumberFormat(locale).format(value));
  /** JSON pointer → id of the form field it names, e.g. /children/0/birthYear → children-0-birthYear */
  env.addFilter('fieldId', (pointer: string) => pointer.replace(/^\//, '').replace(/\//g, '-') || 'form');
  /** Form field name → element id, matching the error paths: children[0][birthYear] → children-0-birthYear. */
  env.addFilter('nameToId', (name: string) => name.replace(/\[\]$/, '').replace(/\]\[/g, '-').replace(/\[/g, '-').replace(/\]/g, ''));
  /** The message for one field of a form's errors (see forms.ts), or undefined. */
  env.addGlobal('errorFor', (errors: { field: string; message: string }[] | undefined, field: string) => errors?.find((e) => e.field === field)?.message);
  return env;
}
