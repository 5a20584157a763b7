import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { insertOnce } from '../../kernel/db/unique.js';

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

export type ProposalRecord = InferSchemaType<typeof proposalSchema> & { _id: mongoose.Types.ObjectId };
export const ProposalModel = mongoose.model('Proposal', proposalSchema, 'proposals');

/**
 * Exclusivity by unique keys (no double booking, on every engine): `family:<id>` / `offer:<id>`
 * while a proposal is pending or accepted, held by its proposal id. A proposal's own answers and
 * its settling are conditional updates on the proposal itself (proposal.service.ts).
 */
const lockSchema = new Schema({ _id: { type: String, required: true }, proposalId: { type: String, default: null }, at: { type: Date, required: true } }, { versionKey: false });
export const ProposalLockModel = mongoose.model('ProposalLock', lockSchema, 'proposal_locks');

export function takeLock(key: string, proposalId: string): Promise<boolean> {
  return insertOnce(ProposalLockModel as never, { _id: key, proposalId, at: new Date() });
}

/** Drops the lock only if this proposal holds it (a later proposal's lock on the same family stays). */
export async function dropLock(key: string, proposalId: string): Promise<void> {
  await ProposalLockModel.deleteOne({ _id: key, proposalId });
}
