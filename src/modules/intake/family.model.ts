import { changeMarker } from '../../kernel/db/collection-cache.js';
import { mongooseSchemaOf } from '../../kernel/db/json-schema-to-mongoose.js';
import { pathsUnder } from '../../kernel/crypto/sealed-fields.js';
import mongoose, { Schema, type InferRawDocTypeFromSchema, type InferSchemaType } from 'mongoose';
import { familySchema as familyApplicationSchema, type FamilyApplication, type FamilyDraft } from './family.schemas.js';
import { FAMILY_SEALED_PATHS } from './family.sealed.js';
import { eventSchema, type RecordEvent } from './record-history.js';
import { FAMILY_STATUSES, NETWORK_KINDS } from './vocabulary.js';

const byWorker = { at: { type: Date, required: true }, by: { type: String, required: true }, byName: { type: String, required: true } };

/**
 * The application as the parent (or a worker, or a partner) filled it, validated by family.schemas.ts
 * before every write, stored in the shape of that schema; its sealed fields are stored as strings.
 */
const applicationSchema = mongooseSchemaOf(familyApplicationSchema, { asString: pathsUnder('application', FAMILY_SEALED_PATHS) });

const familySchema = new Schema(
  {
    application: { type: applicationSchema, required: true, default: {} },
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
      type: [
        new Schema(
          { context: String, checkinId: { type: String, default: null }, criteria: Schema.Types.Mixed, score: Schema.Types.Mixed, note: String, ...byWorker },
          { _id: false },
        ),
      ],
      default: [],
    },
    /**
     * The network map over time: each save appends a dated snapshot (intake or a check-in), the
     * latest being `network` above; contacts are sealed (family.sealed.ts). Records saved before
     * the history existed have only `network` (family-network.ts reads both).
     */
    networkHistory: {
      type: [
        new Schema({ id: String, context: String, checkinId: { type: String, default: null }, contacts: Schema.Types.Mixed, ...byWorker }, { _id: false }),
      ],
      default: [],
    },
    /** Services of the directory the worker introduced the family to; entry and note sealed. */
    introductions: {
      type: [
        new Schema(
          {
            id: String,
            entryId: Schema.Types.Mixed,
            date: String,
            note: String,
            checkinId: { type: String, default: null },
            outcome: { type: String, default: null },
            outcomeAt: { type: Date, default: null },
            ...byWorker,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    // Sealed (family.sealed.ts): each list is stored as one sealed string once set.
    exclusions: {
      communes: { type: Schema.Types.Mixed, default: () => [] },
      offerIds: { type: Schema.Types.Mixed, default: () => [] },
      hostIds: { type: Schema.Types.Mixed, default: () => [] },
      reason: { type: String, default: null },
    },
    /**
     * Pairs ended for safety (or after a violence incident): excluded for good (SPEC §7, §11
     * PAIR_EXCLUDED). Unlike `exclusions`, no worker's edit removes them. Sealed (family.sealed.ts).
     */
    safetyExclusions: {
      type: [new Schema({ hostId: String, offerId: String, cohabitationId: String, reason: String, at: Date, by: String }, { _id: false })],
      default: [],
    },
    /** Must be rehoused after an ending (family-rehousing.ts): raises its urgency in the plan until housed again or closed. */
    rehousing: { type: new Schema({ since: Date, cohabitationId: String, by: String }, { _id: false }), default: null },
    /** The family's consent that its referring partner be told of key steps (housed, ended), with its date. */
    partnerUpdates: { type: new Schema({ consent: Boolean, at: Date, by: String, givenBy: String, givenOn: String }, { _id: false }), default: null },
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

/** A family as stored (the first type of FamilyModel): sealed fields are strings there. */
export type StoredFamily = InferSchemaType<typeof familySchema>;
/** The same as a lean read gives it: plain objects and arrays, not Mongoose's subdocuments. */
type PlainFamily = InferRawDocTypeFromSchema<typeof familySchema>;
/**
 * The casework lists stored as one sealed string once set (so `Mixed` in the schema), as FamilyService
 * opens them.
 */
interface OpenedCasework {
  isolation: (Omit<PlainFamily['isolation'][number], 'criteria' | 'score'> & { criteria?: string[] | null; score?: number | null })[];
  exclusions?:
    (Omit<NonNullable<PlainFamily['exclusions']>, 'communes' | 'offerIds' | 'hostIds'> & { communes: string[]; offerIds: string[]; hostIds: string[] }) | null;
}
/** A family as the services give it: sealed fields opened (FamilyService), so the application is a draft. */
export type FamilyRecord = Omit<PlainFamily, 'application' | keyof OpenedCasework> &
  OpenedCasework & { _id: mongoose.Types.ObjectId; application: FamilyDraft; events: RecordEvent[] };
/** A family whose application is complete (family.rules.ts `isCompleteFamily`): every submitted one. */
export type CompleteFamily = Omit<FamilyRecord, 'application'> & { application: FamilyApplication };
export const FamilyModel = mongoose.model('Family', familySchema, 'families');
