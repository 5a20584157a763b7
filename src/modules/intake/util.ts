import { Types } from 'mongoose';

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value) && Types.ObjectId.isValid(value);
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 100);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A partial update onto a record: objects merge, arrays and scalars replace, null clears. Both are
 * drafts of one schema (DeepPartial), so what comes out is one too.
 */
export function deepMerge<T extends object>(base: T, patch: T): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out as T;
}
