// One document per Idempotency-Key in its scope. The unique _id is the claim: of two requests with
// the same key, exactly one inserts it (on every engine). Kept 24 hours.
import mongoose, { Schema } from 'mongoose';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

const idempotencySchema = new Schema(
  {
    /** sha256 of scope, method, path and key */
    _id: { type: String, required: true },
    /** sha256 of the request body: the same key with another body is a client mistake */
    requestHash: { type: String, required: true },
    state: { type: String, required: true, enum: ['pending', 'done', 'unknown'] },
    status: { type: Number, default: null },
    /** The JSON body as sent, sealed (AES-256-GCM, idempotency.ts); text, so any key survives the database. */
    body: { type: String, default: null },
    headers: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// No TTL index (the embedded engine refuses them): expired keys count as absent when met, and
// removeExpiredIdempotencyKeys (a scheduled job) deletes them.
idempotencySchema.index({ createdAt: 1 });

export type IdempotencyRecord = {
  _id: string;
  requestHash: string;
  /** unknown: the request failed after writing, so a retry must not run it again */
  state: 'pending' | 'done' | 'unknown';
  status: number | null;
  body: string | null;
  headers: Record<string, string> | null;
  createdAt: Date;
};

export const IdempotencyModel = mongoose.model('IdempotencyKey', idempotencySchema, 'idempotency_keys');
