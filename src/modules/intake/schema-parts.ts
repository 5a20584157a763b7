// Building blocks shared by the family and offer schemas.

export type DeepPartial<T> = T extends (infer U)[] ? DeepPartial<U>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export const shortText = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
export const email = { type: 'string', format: 'email', maxLength: 254 } as const;
/** Belgian or international number: digits, spaces, dots, slashes, one leading +. */
export const phone = { type: 'string', pattern: '^\\+?[0-9][0-9 ./-]{5,19}$' } as const;
export const languageCode = { type: 'string', pattern: '^[a-z]{2,3}$' } as const;
export const date = { type: 'string', format: 'date' } as const;
/** Plausible years; "not in the future" depends on today and is checked by the service. */
export const yearField = { type: 'integer', minimum: 1900, maximum: 2100 } as const;

export function nullableText(maxLength: number) {
  return { type: 'string', maxLength, nullable: true } as const;
}

/** The same schema without any `required` list: every rule on what is there, nothing on what is missing. */
export function draftOf<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => draftOf(item)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (key === 'required' && Array.isArray(value)) continue;
    out[key] = key === 'enum' ? value : draftOf(value);
  }
  return out as T;
}
