import mongoose, { Schema, type InferRawDocTypeFromSchema } from 'mongoose';
import { insertOnce } from '../../kernel/db/unique.js';

const inspectionSchema = new Schema(
  {
    offerId: { type: String, required: true },
    status: { type: String, required: true, enum: ['scheduled', 'reported', 'cancelled'], default: 'scheduled' },
    scheduledAt: { type: Date, required: true },
    note: { type: String, default: null },
    /** The report whose remarks this visit checks (SPEC §6.2: a follow-up visit at the deadline). */
    followUpOf: { type: String, default: null },
    /** The offer's status before the visit was planned, to go back to if it is cancelled. */
    offerStatusBefore: { type: String, required: true },
    ruleSet: { type: String, default: null },
    performedAt: { type: Date, default: null },
    items: {
      type: [new Schema({ code: String, result: String, note: String, scope: String, reported: String, computed: Boolean }, { _id: false })],
      default: [],
    },
    rooms: { type: [new Schema({ kind: String, surfaceM2: Number, ceilingHeightM: Number }, { _id: false })], default: [] },
    smokeDetectors: { type: new Schema({ count: Number, interconnected: Boolean }, { _id: false }), default: null },
    dwellingSurfaceM2: { type: Number, default: null },
    outcome: { type: String, enum: ['conform', 'conform_with_remarks', 'non_conform', null], default: null },
    failures: { type: [new Schema({ code: String, severity: String, category: String, note: String, requirement: String }, { _id: false })], default: [] },
    space: { occupants: Number, requiredM2: Number, dwellingSurfaceM2: Number },
    cap: { contributionEur: Number, capEur: Number },
    validUntil: { type: Date, default: null },
    remarksDeadline: { type: Date, default: null },
    cancelReason: { type: String, default: null },
    createdBy: { type: String, required: true },
    reportedBy: { type: String, default: null },
    reportedByName: { type: String, default: null },
    history: {
      type: [new Schema({ at: Date, by: String, type: String, scheduledAt: Date, reason: String }, { _id: false })],
      default: [],
    },
  },
  { timestamps: true },
);
inspectionSchema.index({ offerId: 1, createdAt: -1 });
inspectionSchema.index({ status: 1, scheduledAt: 1 });

export type InspectionRecord = InferRawDocTypeFromSchema<typeof inspectionSchema> & { _id: mongoose.Types.ObjectId };
export const InspectionModel = mongoose.model('Inspection', inspectionSchema, 'inspections');

/**
 * Exclusivity by unique keys (the embedded engine's conditional updates can race):
 * `open:<offerId>` while a visit is planned for an offer, `report:<inspectionId>` once reported,
 * `notice:<inspectionId>:<kind>` once a reminder went out.
 */
const claimSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
export const ConformityClaimModel = mongoose.model('ConformityClaim', claimSchema, 'conformity_claims');

export function claim(key: string): Promise<boolean> {
  return insertOnce(ConformityClaimModel, { _id: key, at: new Date() });
}

export async function release(key: string): Promise<void> {
  await ConformityClaimModel.deleteOne({ _id: key });
}
