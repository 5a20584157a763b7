function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A partial update onto a record: objects merge, arrays and scalars replace, null clears. Both are
 * drafts of one shape (a DeepPartial, a config layer), so what comes out is one too.
 */
export function deepMerge<T extends object>(base: T, patch: T): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out as T;
}
