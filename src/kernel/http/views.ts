import { join } from 'node:path';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { formatDate, formatMoney, formatNumber, languageOf } from '../i18n/format.js';
import { errorSummaryInPageOrder } from './error-summary-order.js';

type RenderCallback = (error: Error | null, html?: string) => void;
type ViewClass = new (name: string, options: object) => { render(options: object, callback: RenderCallback): void };
import { telHref } from '../contact/service-contact.js';
import { reasonText } from '../i18n/reasons.js';

/** Nunjucks with autoescape; templates in views/, shared macros in views/partials/. */
export function configureViews(app: Express, rootDir: string, options: { watch: boolean }): nunjucks.Environment {
  const env = nunjucks.configure(join(rootDir, 'views'), { autoescape: true, express: app, noCache: options.watch, throwOnUndefined: false });
  app.set('view engine', 'njk');
  // Every page's error summary in the order of its fields (error-summary-order.ts).
  const NunjucksView = app.get('view') as ViewClass;
  app.set(
    'view',
    class extends NunjucksView {
      override render(options: object, callback: RenderCallback): void {
        super.render(options, (error, html) => callback(error, error || html === undefined ? html : errorSummaryInPageOrder(html)));
      }
    },
  );
  // Dates, numbers and money through the one formatting module (src/kernel/i18n/format.ts); the
  // filters take the page's `locale` (fr-BE, nl-BE, en-GB) or a language code.
  // `value | date(locale)`: an instant → its Brussels day, a 'YYYY-MM-DD' day → that day;
  // `value | date(locale, 'datetime')`: an instant → its Brussels day and time.
  env.addFilter('date', (value: Date | string | null | undefined, locale: string, style: 'date' | 'datetime' = 'date') =>
    formatDate(value, languageOf(locale), style),
  );
  env.addFilter('money', (value: number, locale: string) => formatMoney(value, languageOf(locale)));
  env.addFilter('number', (value: number, locale: string) => formatNumber(value, languageOf(locale)));
  /** A phone number as written → its tel: link (the service's contact details). */
  env.addFilter('telHref', telHref);
  /** `record.statusReason | reason(locale)`: the service's reason code in words, a person's words as written (i18n/reasons.ts). */
  env.addFilter('reason', (value: string | null | undefined, locale: string) => reasonText(languageOf(locale), value));
  /** JSON pointer → id of the form field it names, e.g. /children/0/birthYear → children-0-birthYear */
  env.addFilter('fieldId', (pointer: string) => pointer.replace(/^\//, '').replace(/\//g, '-') || 'form');
  /** Form field name → element id, matching the error paths: children[0][birthYear] → children-0-birthYear. */
  env.addFilter('nameToId', (name: string) => name.replace(/\[\]$/, '').replace(/\]\[/g, '-').replace(/\[/g, '-').replace(/\]/g, ''));
  /** The message for one field of a form's errors (see forms.ts), or undefined. */
  env.addGlobal('errorFor', (errors: { field: string; message: string }[] | undefined, field: string) => errors?.find((e) => e.field === field)?.message);
  return env;
}
