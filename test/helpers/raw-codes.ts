// What must never be read on a page or in an e-mail: catalogue keys, the codes of the closed lists
// (collected from the ajv schemas, the Mongoose models and the audit log rather than listed by
// hand), "undefined" and its kin, raw timestamps and JSON pointers. See test/pages-in-words.spec.ts.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mongoose from 'mongoose';
import type { Language } from '../../src/kernel/config.js';
import { catalogues, LANGUAGES } from '../../src/kernel/i18n/index.js';
import * as rulesets from '../../src/kernel/rulesets.js';
import * as accountsSchemas from '../../src/kernel/auth/accounts.schemas.js';
import * as inspectionSchemas from '../../src/modules/conformity/inspection.schemas.js';
import * as followupSchemas from '../../src/modules/followup/followup.schemas.js';
import * as rehousingSchemas from '../../src/modules/followup/rehousing.schemas.js';
import * as caseworkSchemas from '../../src/modules/intake/casework.schemas.js';
import * as directorySchemas from '../../src/modules/directory/directory.schemas.js';
import * as ledgerSchemas from '../../src/modules/followup/ledger.schemas.js';
import * as familyLinksSchemas from '../../src/modules/intake/family-links.schemas.js';
import * as familySchemas from '../../src/modules/intake/family.schemas.js';
import * as offerSchemas from '../../src/modules/intake/offer.schemas.js';
import * as vocabulary from '../../src/modules/intake/vocabulary.js';
import * as privacySchemas from '../../src/modules/privacy/privacy.schemas.js';
import * as benefitsSchemas from '../../src/modules/intake/benefits.schemas.js';

/** The schema modules by file name; a `*.schemas.ts` file missing here fails loadVocabulary. */
const SCHEMA_MODULES: Record<string, object> = {
  'rulesets.ts': rulesets,
  'accounts.schemas.ts': accountsSchemas,
  'inspection.schemas.ts': inspectionSchemas,
  'followup.schemas.ts': followupSchemas,
  'rehousing.schemas.ts': rehousingSchemas,
  'casework.schemas.ts': caseworkSchemas,
  'directory.schemas.ts': directorySchemas,
  'ledger.schemas.ts': ledgerSchemas,
  'family-links.schemas.ts': familyLinksSchemas,
  'family.schemas.ts': familySchemas,
  'offer.schemas.ts': offerSchemas,
  'vocabulary.ts': vocabulary,
  'privacy.schemas.ts': privacySchemas,
  'benefits.schemas.ts': benefitsSchemas,
};

export interface Vocabulary {
  keys: ReadonlySet<string>;
  /** The first two segments of every key ("intake.vocab"): a dotted word in one of them is a key, real or made up. */
  namespaces: ReadonlySet<string>;
  codes: ReadonlySet<string>;
  properties: ReadonlySet<string>;
  /** The words of each language's catalogue, lower case. */
  words: ReadonlyMap<Language, ReadonlySet<string>>;
}

function schemaFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) schemaFiles(path, out);
    else if (/\.schemas\.ts$/.test(entry.name) || entry.name === 'rulesets.ts' || entry.name === 'vocabulary.ts') out.push(path);
  }
  return out;
}

/** Every `enum` value and every `properties` name reachable from the exports of the schema modules. */
function walkSchemas(value: unknown, codes: Set<string>, properties: Set<string>, seen: Set<unknown>): void {
  if (!value || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) walkSchemas(item, codes, properties, seen);
    return;
  }
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.enum)) for (const v of record.enum) if (typeof v === 'string') codes.add(v);
  if (record.properties && typeof record.properties === 'object') for (const name of Object.keys(record.properties)) properties.add(name);
  for (const child of Object.values(record)) walkSchemas(child, codes, properties, seen);
}

function modelCodes(codes: Set<string>): void {
  for (const name of mongoose.modelNames()) {
    mongoose.model(name).schema.eachPath((_path, type) => {
      const t = type as unknown as { enumValues?: unknown[]; embeddedSchemaType?: { enumValues?: unknown[] } };
      for (const v of [...(t.enumValues ?? []), ...(t.embeddedSchemaType?.enumValues ?? [])]) if (typeof v === 'string') codes.add(v);
    });
  }
}

function wordsOf(texts: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const text of texts)
    for (const word of text
      .replace(/\{[^{}]*\}/g, ' ')
      .toLowerCase()
      .match(/[\p{L}\p{N}_]+/gu) ?? [])
      out.add(word);
  return out;
}

/** `extraCodes`: codes held in the data rather than in a schema (the audit log's actions and field names). */
export function loadVocabulary(extraCodes: Iterable<string>): Vocabulary {
  const keys = new Set<string>();
  const namespaces = new Set<string>();
  const words = new Map<Language, Set<string>>();
  for (const lang of LANGUAGES) {
    const catalogue = catalogues.get(lang)!;
    for (const key of catalogue.keys()) {
      keys.add(key);
      namespaces.add(key.split('.').slice(0, 2).join('.'));
    }
    words.set(lang, wordsOf(catalogue.values()));
  }
  const codes = new Set<string>(extraCodes);
  const properties = new Set<string>();
  const seen = new Set<unknown>();
  for (const file of schemaFiles(resolve('src'))) {
    const name = file.split('/').pop()!;
    if (!SCHEMA_MODULES[name]) throw new Error(`${file} holds schemas: add it to SCHEMA_MODULES (test/helpers/raw-codes.ts)`);
    walkSchemas(SCHEMA_MODULES[name], codes, properties, seen);
  }
  modelCodes(codes);
  return { keys, namespaces, codes, properties, words };
}

export interface Finding {
  text: string;
  context: string;
}

const DOTTED = /(?<![\p{L}\p{N}_@./-])[a-z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+(?![\p{L}\p{N}_@/-]|\.[a-zA-Z0-9_])/gu;
/** Dotted words that are a host name or a file, not a key. */
const NOT_A_KEY = /\.(be|brussels|com|org|net|eu|test|example|localhost|pdf|png|jpe?g|svg|csv|json|js|css|txt|html?)$/;
const PLAIN = /\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]|Invalid Date|\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const POINTER = /(?<![\p{L}\p{N}_.:/~-])(?:\/(?:[A-Za-z][A-Za-z0-9_]*|\d+))+(?![\p{L}\p{N}_/.-]*[\p{L}\p{N}_/])/gu;
const WORD = /(?<![\p{L}\p{N}_@./-])[\p{L}\p{N}_]+(?![\p{L}\p{N}_@/-]|\.[\p{L}\p{N}])/gu;

function around(text: string, index: number, length: number): string {
  return `…${text.slice(Math.max(0, index - 50), index + length + 50).replace(/\n/g, ' | ')}…`;
}

/** Remove what may legitimately hold dots, slashes and codes: e-mail addresses and URLs. */
function withoutAddresses(text: string): string {
  return text.replace(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, (m) => ' '.repeat(m.length)).replace(/\bhttps?:\/\/\S+/g, (m) => ' '.repeat(m.length));
}

/**
 * Whether a word stands alone, as a value ("État : pending", "Raison donnée : erased"), rather than
 * inside a sentence someone wrote ("L'hôte se sent moins seul", an English house rule on a French
 * page): no other word within three on either side, up to a line break (a tag boundary) or a
 * separator stronger than a comma.
 */
function standsAlone(text: string, index: number, length: number, vocab: Vocabulary): boolean {
  const SEPARATOR = /[\n:·|•—–;!?()]|\.\s/;
  const before = text
    .slice(Math.max(0, index - 80), index)
    .split(SEPARATOR)
    .pop()!;
  const after = text.slice(index + length, index + length + 80).split(SEPARATOR)[0]!;
  const words = (part: string) => (part.match(/[\p{L}][\p{L}\p{N}_'’]*/gu) ?? []).filter((w) => !vocab.codes.has(w));
  return words(before).length === 0 && words(after).length === 0;
}

/** The language of a text (an e-mail): the one whose catalogue knows most of its words. */
export function languageOf(text: string, vocab: Vocabulary): Language {
  const words = text.toLowerCase().match(/[\p{L}]{3,}/gu) ?? [];
  const score = (lang: Language) => words.filter((w) => vocab.words.get(lang)!.has(w)).length;
  return [...LANGUAGES].sort((a, b) => score(b) - score(a))[0]!;
}

/** The raw keys, codes and placeholders in a text read in `lang`. */
export function rawTexts(original: string, lang: Language, vocab: Vocabulary): Finding[] {
  const text = withoutAddresses(original);
  const found: Finding[] = [];
  const add = (match: RegExpMatchArray) => found.push({ text: match[0], context: around(original, match.index!, match[0].length) });
  for (const m of text.matchAll(DOTTED)) {
    const word = m[0];
    if (NOT_A_KEY.test(word)) continue;
    if (vocab.keys.has(word) || vocab.namespaces.has(word.split('.').slice(0, 2).join('.')) || vocab.codes.has(word)) add(m);
  }
  for (const m of text.matchAll(PLAIN)) add(m);
  for (const m of text.matchAll(POINTER)) {
    const names = m[0].split('/').filter((s) => s && !/^\d+$/.test(s));
    if (names.length && names.every((s) => vocab.properties.has(s))) add(m);
  }
  const known = vocab.words.get(lang)!;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (!vocab.codes.has(word) || /^\d+$/.test(word)) continue;
    if (word.includes('_') || (word.length >= 3 && !known.has(word.toLowerCase()) && standsAlone(text, m.index!, word.length, vocab))) add(m);
  }
  return found;
}
