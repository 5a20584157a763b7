import { changeMarker } from '../../kernel/db/collection-cache.js';
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { eventSchema, type RecordEvent } from './record-history.js';
import { FAMILY_STATUSES, NETWORK_KINDS } from './vocabulary.js';

const byWorker = { at: { type: Date, required: true }, by: { type: String, required: true }, byName: { type: String, required: true } };

const familySchema = new Schema(
  {
    /** The application as the parent (or a worker, or a partner) filled it: validated by family.schemas.ts. */
    application: { type: Schema.Types.Mixed, required: true, default: {} },
    status: { type: String, required: true, enum: FAMILY_STATUSES, default: 'draft' },
    statusReason: { type: String, default: null },
    version: { type: Number, required: true, default: 0 },
    /** The parent's account, when the parent has one (a worker may fill everything on their behalf). */
    ownerUserId: { type: String, default: null },
    createdBy: { id: { type: String, required: true }, role: { type: String, required: true } },
    /** The partner account that referred the family, if any. */
    referredBy: { type: String, default: null },
    assignedWorkerId: { type: String, default: null },
    bedrooms: {
      computed: { type: Number, default: null },
      override: { type: new Schema({ value: Number, reason: String, ...byWorker }, { _id: false }), default: null },
    },
    benefitsWarningAcknowledgedAt: { type: Date, default: null },
    consentsRecordedAt: { type: Date, default: null },
    submittedAt: { type: Date, default: null },
    activatedAt: { type: Date, default: null },
    /** Set when the person was erased (GDPR Art. 17): what is left carries no name (pseudonymise.ts). */
    erasedAt: { type: Date, default: null },
    // Worker side: never shown to parents, hosts or partners (see family.presenters.ts). The text and
    // scores are sealed with the family's key (family.sealed.ts); FamilyService opens them on read.
    interviews: {
      type: [new Schema({ date: String, summary: String, supportNeeds: String, resources: String, ...byWorker }, { _id: false })],
      default: [],
    },
    network: {
      type: [new Schema({ kind: { type: String, enum: NETWORK_KINDS }, name: String, relation: String, canHelpWith: String, contact: String }, { _id: false })],
      default: [],
    },
    isolation: {
      // criteria and score are sealed (family.sealed.ts): stored as strings, read as a list and a number.
      type: [new Schema({ context: String, criteria: Schema.Types.Mixed, score: Schema.Types.Mixed, note: String, ...byWorker }, { _id: false })],
      default: [],
    },
    // Sealed (family.sealed.ts): each list is stored as one sealed string once set.
    exclusions: {
      communes: { type: Schema.Types.Mixed, default: () => [] },
      offerIds: { type: Schema.Types.Mixed, default: () => [] },
      hostIds: { type: Schema.Types.Mixed, default: () => [] },
      reason: { type: String, default: null },
    },
    /** Normalised e-mail, phone and name+birth-year keys for the duplicate warning. */
    duplicateKeys: { type: [String], default: [] },
    /** Lower-case names and contact, for the worker's text search. */
    searchText: { type: String, default: '' },
    events: { type: [eventSchema], default: [] },
  },
  { timestamps: true, minimize: false },
);
familySchema.index({ status: 1, updatedAt: -1 });
familySchema.index({ ownerUserId: 1 });
familySchema.index({ referredBy: 1 });
familySchema.index({ duplicateKeys: 1 });
familySchema.plugin(changeMarker('families'));

export type FamilyRecord = InferSchemaType<typeof familySchema> & { _id: mongoose.Types.ObjectId; events: RecordEvent[] };
export const FamilyModel = mongoose.model('Family', familySchema, 'families');
