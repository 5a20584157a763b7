// HTML forms send strings (nested by qs: parent[firstName], children[0][birthYear]). This turns a
// form body into the JSON the schema expects, guided by the schema itself: numbers and booleans
// parsed, checkbox groups made arrays, empty fields left out (so a draft keeps what was there and
// a submission reports them missing). What cannot be parsed is passed on as is, so the schema
// names the field in its error.

import type { SchemaNode as Schema } from '../validation.js';

function typeOf(schema: Schema): string | undefined {
  return typeof schema.type === 'string' ? schema.type : schema.type?.find((t) => t !== 'null');
}

export function coerceForm(value: unknown, schema: Schema | undefined): unknown {
  if (!schema) return value;
  const type = typeOf(schema);
  if (type === 'object') {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
      const coerced = coerceForm(raw, schema.properties?.[key]);
      if (coerced !== undefined) out[key] = coerced;
    }
    return out;
  }
  if (type === 'array') {
    if (value === undefined || value === '') return undefined;
    // qs gives a string for one checkbox, an array for several, an object for indexed rows (children[0]…).
    const list = Array.isArray(value)
      ? value
      : typeof value === 'object' && value !== null
        ? Object.entries(value as Record<string, unknown>)
            .sort(([a], [b]) => Number(a) - Number(b))
            .map(([, v]) => v)
        : [value];
    return list.map((item) => coerceForm(item, schema.items)).filter((item) => item !== undefined && item !== '');
  }
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  if (type === 'integer' || type === 'number') {
    const n = Number(text.replace(',', '.'));
    return Number.isFinite(n) ? n : value;
  }
  if (type === 'boolean') {
    if (['true', 'on', 'yes', '1'].includes(text)) return true;
    if (['false', 'off', 'no', '0'].includes(text)) return false;
    return value;
  }
  return text;
}
