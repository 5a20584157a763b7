// The audit log in words: an action ("family.read", "session.login") and the fields it names
// ("/parent/firstName", "casework") as the coordinator reads them. The kernel knows its own actions
// and the common field names (catalogue audit.actions / audit.fields); a module that owns a kind of
// record tells the words of its own events and fields (intake: families and offers), since the
// kernel may not import it.
import type { Language } from '../config.js';
import { hasKey, t } from '../i18n/index.js';

export interface AuditLabeller {
  /** An event of this kind of record ("status", "review.hold"), or null when unknown. */
  event?: (lang: Language, type: string) => string | null;
  /** A field of this kind of record by its JSON pointer ("/parent/firstName"), or null when unknown. */
  field?: (lang: Language, pointer: string) => string | null;
}

const labellers = new Map<string, AuditLabeller>();

export function labelAuditEntries(targetType: string, labeller: AuditLabeller): void {
  labellers.set(targetType, labeller);
}

/** A denied request is logged as its method and route pattern ("GET /work/families/:id"). */
const REQUEST = /^[A-Z]+ \//;

export function auditActionLabel(lang: Language, action: string): string {
  if (REQUEST.test(action)) return t(lang, 'audit.actions.request', { request: action });
  const key = `audit.actions.${action}`;
  if (hasKey(lang, key)) return t(lang, key);
  const [kind = '', ...rest] = action.split('.');
  const what = labellers.get(kind)?.event?.(lang, rest.join('.'));
  if (what && hasKey(lang, `audit.targetTypes.${kind}`)) return t(lang, 'audit.actions.onRecord', { record: t(lang, `audit.targetTypes.${kind}`), what });
  return t(lang, key); // no words for it: t() reports the missing key
}

/** "/casework/references/0" → ["casework", "references"]: indices say nothing to a reader. */
function segments(field: string): string[] {
  return field
    .replace(/^\//, '')
    .split('/')
    .filter((s) => s !== '' && !/^\d+$/.test(s));
}

export function auditFieldLabel(lang: Language, field: string, targetType: string | null): string {
  const parts = segments(field);
  const exact = `audit.fields.${parts.join('-')}`;
  if (hasKey(lang, exact)) return t(lang, exact);
  const own = targetType ? labellers.get(targetType)?.field?.(lang, `/${field.replace(/^\//, '')}`) : null;
  if (own) return own;
  for (let n = parts.length - 1; n > 0; n--) {
    const key = `audit.fields.${parts.slice(0, n).join('-')}`;
    if (hasKey(lang, key)) return t(lang, key);
  }
  return t(lang, exact);
}
