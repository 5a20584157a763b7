import mongoose, { Schema, type InferRawDocTypeFromSchema } from 'mongoose';

export const PROPOSAL_STATUSES = ['pending', 'accepted', 'declined', 'cancelled', 'expired'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export type Party = 'family' | 'host';

const response = new Schema({ decision: String, reason: String, at: Date, by: String, byRole: String }, { _id: false });

const proposalSchema = new Schema(
  {
    familyId: { type: String, required: true },
    offerId: { type: String, required: true },
    status: { type: String, required: true, enum: PROPOSAL_STATUSES, default: 'pending' },
    message: { type: String, default: null },
    score: { type: Number, default: null },
    createdBy: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    responses: { family: { type: response, default: null }, host: { type: response, default: null } },
    closedAt: { type: Date, default: null },
    closedReason: { type: String, default: null },
    events: { type: [new Schema({ at: Date, by: String, byRole: String, type: String, reason: String }, { _id: false })], default: [] },
  },
  { timestamps: true },
);
proposalSchema.index({ familyId: 1, createdAt: -1 });
proposalSchema.index({ offerId: 1, createdAt: -1 });
proposalSchema.index({ status: 1, expiresAt: 1 });

/** A proposal as stored and as a lean read gives it (plain objects, no sub-documents). */
export type ProposalRecord = InferRawDocTypeFromSchema<typeof proposalSchema> & { _id: mongoose.Types.ObjectId };
export const ProposalModel = mongoose.model('Proposal', proposalSchema, 'proposals');

/**
 * Exclusivity by unique keys (no double booking, on every engine): `family:<id>` / `offer:<id>`
 * while a proposal is pending or accepted, held by its proposal id (proposal.repository.ts).
 */
const lockSchema = new Schema(
  { _id: { type: String, required: true }, proposalId: { type: String, default: null }, at: { type: Date, required: true } },
  { versionKey: false },
);
export const ProposalLockModel = mongoose.model('ProposalLock', lockSchema, 'proposal_locks');
