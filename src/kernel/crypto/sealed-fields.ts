// Which fields of a record are sealed, and the walk that seals or opens them. Paths use "*" for
// every element of an array: "interviews.*.summary". The additional data is "<subject>|<path>",
// so a sealed value only opens in its own person's record and field.
import { isSealed, openJson, sealJson } from './envelope.js';
import { keyring } from './keyring.js';

export type SealedPaths = readonly string[];

/** The sealed paths inside one field, relative to it: "application.situation.description" → "situation.description". */
export function pathsUnder(field: string, paths: SealedPaths): string[] {
  return paths.filter((path) => path.startsWith(`${field}.`)).map((path) => path.slice(field.length + 1));
}

function walk(node: unknown, parts: string[], visit: (value: unknown) => unknown): unknown {
  if (node === null || node === undefined) return node;
  const [head, ...rest] = parts;
  if (head === '*') return Array.isArray(node) ? node.map((item) => walk(item, rest, visit)) : node;
  if (typeof node !== 'object' || Array.isArray(node)) return node;
  const record = node as Record<string, unknown>;
  if (!(head! in record)) return node;
  return { ...record, [head!]: rest.length ? walk(record[head!], rest, visit) : visit(record[head!]) };
}

function mapPaths<T>(doc: T, paths: SealedPaths, visit: (value: unknown, path: string) => unknown): T {
  let out: unknown = doc;
  for (const path of paths) out = walk(out, path.split('.'), (value) => visit(value, path));
  return out as T;
}

export function sealWith<T>(key: Buffer, subject: string, doc: T, paths: SealedPaths): T {
  return mapPaths(doc, paths, (value, path) => (value === null || value === undefined || isSealed(value) ? value : sealJson(key, value, `${subject}|${path}`)));
}

/** With no key (the person was erased), every sealed value reads as null. */
export function openWith<T>(key: Buffer | null, subject: string, doc: T, paths: SealedPaths): T {
  return mapPaths(doc, paths, (value, path) => (isSealed(value) ? (key ? openJson(key, value, `${subject}|${path}`) : null) : value));
}

/** Seals the paths present in `doc` (a record, a $set or an element to $push) with the person's key. */
export async function seal<T>(subject: string, doc: T, paths: SealedPaths): Promise<T> {
  return sealWith(await keyring.keyFor(subject), subject, doc, paths);
}

export async function open<T>(subject: string, doc: T, paths: SealedPaths): Promise<T> {
  return openWith(await keyring.find(subject), subject, doc, paths);
}

function hasSealed(doc: unknown, paths: SealedPaths): boolean {
  let found = false;
  mapPaths(doc, paths, (value) => {
    if (isSealed(value)) found = true;
    return value;
  });
  return found;
}

/** Opens many records at once, fetching in one query the keys of those that hold a sealed value. */
export async function openMany<T>(docs: T[], subjectOf: (doc: T) => string, paths: SealedPaths): Promise<T[]> {
  // A record with nothing sealed needs no key (and may have none): no look-up for it.
  const sealed = docs.filter((doc) => hasSealed(doc, paths));
  if (sealed.length === 0) return docs;
  const keys = await keyring.findMany(sealed.map(subjectOf));
  const withSealed = new Set(sealed);
  return docs.map((doc) => (withSealed.has(doc) ? openWith(keys.get(subjectOf(doc)) ?? null, subjectOf(doc), doc, paths) : doc));
}

/**
 * `openMany` for the records of an in-process copy (kernel/db/collection-cache.ts), remembered per
 * stored object: the copy keeps the same object until the record changes, so each record is walked
 * and opened once, not at every list or match. The opened records are shared: read, never change.
 */
export function openedCopies<T extends object>(subjectOf: (doc: T) => string, paths: SealedPaths): (docs: T[]) => Promise<T[]> {
  const opened = new WeakMap<T, T>();
  // The same array given again (a copy's memoised filter) gives the same array back.
  const openedArrays = new WeakMap<T[], T[]>();
  return async (docs) => {
    const known = openedArrays.get(docs);
    if (known) return known;
    const missing = docs.filter((doc) => !opened.has(doc));
    if (missing.length) (await openMany(missing, subjectOf, paths)).forEach((doc, i) => opened.set(missing[i]!, doc));
    const out = docs.map((doc) => opened.get(doc)!);
    openedArrays.set(docs, out);
    return out;
  };
}
