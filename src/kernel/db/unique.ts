// Exclusivity by unique keys: the one way to say "only one of us" that holds on every engine (the
// embedded engine's conditional updates read then write, so two of them can both succeed).
import type { Model } from 'mongoose';

export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

/** Inserts a document whose _id (or a unique index) is the claim; false when someone else holds it. */
export async function insertOnce(model: Model<never>, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await model.create(doc as never);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
