// Reading the directory's form (no JavaScript: plain fields named like the API body,
// names[fr][name], contact[phone]…, so an error's path is the field's id) into an EntryInput.
import type { Request } from 'express';
import { DIRECTORY_LANGUAGES } from './directory.model.js';
import type { EntryContact, EntryInput, EntryText } from './directory.schemas.js';

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The body as the schema reads it: empty fields left out; a language with neither name nor text left out. */
export function entryFromForm(req: Request): Record<string, unknown> {
  const body = obj(req.body);
  const names: Record<string, EntryText | undefined> = {};
  for (const lang of DIRECTORY_LANGUAGES) {
    const t = obj(obj(body.names)[lang]);
    const name = str(t.name);
    const description = str(t.description);
    if (name !== undefined || description !== undefined || lang === 'fr')
      names[lang] = { ...(name !== undefined ? { name } : {}), ...(description ? { description } : {}) } as EntryText;
  }
  const c = obj(body.contact);
  const contact: EntryContact = {};
  for (const k of ['phone', 'address', 'website', 'email', 'hours'] as const) {
    const v = str(c[k]);
    if (v !== undefined) contact[k] = v;
  }
  const commune = str(body.commune);
  return { kind: str(body.kind), commune: commune === undefined || commune === 'region' ? null : commune, names, contact } satisfies Partial<
    Record<keyof EntryInput, unknown>
  >;
}

/** The version the form was shown with (hidden field), or undefined. */
export function formVersion(req: Request): number | undefined {
  const n = Number(obj(req.body).version);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
