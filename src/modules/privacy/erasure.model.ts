import mongoose, { Schema } from 'mongoose';

/**
 * One per erased person: who asked, when, why, what was pseudonymised and what was kept by law.
 * Written first ("started") so an interrupted erasure is visible and finished by running it again.
 */
const erasureSchema = new Schema(
  {
    userId: { type: String, default: null },
    familyIds: { type: [String], default: [] },
    offerIds: { type: [String], default: [] },
    by: { type: String, required: true },
    reason: { type: String, required: true },
    state: { type: String, required: true, enum: ['started', 'done'] },
    startedAt: { type: Date, required: true },
    doneAt: { type: Date, default: null },
    counts: { families: Number, offers: Number, cohabitations: Number, proposals: Number },
  },
  { versionKey: false },
);
erasureSchema.index({ userId: 1 });
export const ErasureModel = mongoose.model('Erasure', erasureSchema, 'erasures');
