import mongoose, { Schema } from 'mongoose';

/**
 * One data key per person ("family:<id>", "host:<offerId>"), stored only wrapped by the master key.
 * Erasing a person deletes their document: whatever was sealed with it can no longer be opened,
 * in the database, in its dumps and in its backups (crypto-shredding).
 */
const dataKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    wrapped: { type: String, required: true },
    /** Which master key wrapped it (a fingerprint, not the key), so a wrong MASTER_KEY is named at once. */
    masterKeyId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export const DataKeyModel = mongoose.model('DataKey', dataKeySchema, 'data_keys');
