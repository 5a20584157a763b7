// Exclusivity by unique keys: "only one of us" across records and processes, on every engine
// (within one record, a conditional update does the same: docs/database.md).
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

/** Inserts a document whose _id (or a unique index) is the claim; false when someone else holds it. */
export async function insertOnce<D extends object>(model: { create(doc: D): Promise<unknown> }, doc: D): Promise<boolean> {
  try {
    await model.create(doc);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
