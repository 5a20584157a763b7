/** A 24-hex-digit id, the only form an id from a URL or a form may take before it reaches a query. */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value);
}
