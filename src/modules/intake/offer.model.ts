import { changeMarker } from '../../kernel/db/collection-cache.js';
import { mongooseSchemaOf } from '../../kernel/db/json-schema-to-mongoose.js';
import { pathsUnder } from '../../kernel/crypto/sealed-fields.js';
import mongoose, { Schema, type InferRawDocTypeFromSchema, type InferSchemaType } from 'mongoose';
import { offerSchema as offerApplicationSchema, type OfferApplication, type OfferDraft } from './offer.schemas.js';
import { OFFER_SEALED_PATHS } from './offer.sealed.js';
import { eventSchema, type RecordEvent } from './record-history.js';
import { OFFER_STATUSES } from './vocabulary.js';

const byWorker = { at: { type: Date, required: true }, by: { type: String, required: true }, byName: { type: String, required: true } };

/** The host's offer, validated by offer.schemas.ts before every write, stored in the shape of that schema. */
const applicationSchema = mongooseSchemaOf(offerApplicationSchema, { asString: pathsUnder('application', OFFER_SEALED_PATHS) });

const offerSchema = new Schema(
  {
    application: { type: applicationSchema, required: true, default: {} },
    status: { type: String, required: true, enum: OFFER_STATUSES, default: 'draft' },
    statusReason: { type: String, default: null },
    version: { type: Number, required: true, default: 0 },
    ownerUserId: { type: String, default: null },
    createdBy: { id: { type: String, required: true }, role: { type: String, required: true } },
    assignedWorkerId: { type: String, default: null },
    submittedAt: { type: Date, default: null },
    /** The host read the warning that sharing the home can change their own benefits (SPEC §6.3). */
    benefitsWarningAcknowledgedAt: { type: Date, default: null },
    /** Set when the person was erased (GDPR Art. 17): what is left carries no name (pseudonymise.ts). */
    erasedAt: { type: Date, default: null },
    /** Recorded by conformity through intake's service: matching reads it from here. */
    inspection: {
      type: new Schema(
        {
          inspectionId: String,
          outcome: String,
          ruleSet: String,
          performedAt: Date,
          validUntil: Date,
          remarksDeadline: Date,
          /** Measured at the visit: replaces the host's declared rooms and surface for matching (SPEC §6.2). */
          measured: {
            type: new Schema(
              {
                dwellingSurfaceM2: Number,
                rooms: { type: [new Schema({ kind: String, surfaceM2: Number, ceilingHeightM: Number }, { _id: false })], default: [] },
              },
              { _id: false },
            ),
            default: null,
          },
        },
        { _id: false },
      ),
      default: null,
    },
    // Worker side: never shown to hosts, parents or partners.
    references: {
      type: [
        new Schema(
          {
            name: String,
            relation: String,
            contact: String,
            outcome: String,
            note: String,
            ...byWorker,
            /** A negative reference blocks screening until a coordinator resolves it with a reason. */
            resolution: { type: new Schema({ reason: String, ...byWorker }, { _id: false }), default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** Criminal-record extract "model 2" (596.2) of each adult: seen on a date by a worker, never stored as a copy. */
    recordChecks: {
      type: [
        new Schema(
          { memberIndex: Number, memberLabel: String, seenOn: String, result: { type: String, enum: ['clear', 'not_clear'] }, ...byWorker },
          { _id: false },
        ),
      ],
      default: [],
    },
    /**
     * Set while the offer is `suspended` (a `not_clear` extract, a safety ending): why, and since when.
     * Only a coordinator's review lifts it; every review is kept in `suspensionReviews`.
     */
    suspension: {
      type: new Schema(
        { cause: { type: String, enum: ['record_check', 'safety_ending', 'violence_incident'] }, reason: String, cohabitationId: String, at: Date, by: String },
        { _id: false },
      ),
      default: null,
    },
    suspensionReviews: {
      type: [
        new Schema({ decision: { type: String, enum: ['lift', 'close'] }, reason: String, cause: String, suspendedAt: Date, ...byWorker }, { _id: false }),
      ],
      default: [],
    },
    duplicateKeys: { type: [String], default: [] },
    searchText: { type: String, default: '' },
    events: { type: [eventSchema], default: [] },
  },
  { timestamps: true, minimize: false },
);
offerSchema.index({ status: 1, updatedAt: -1 });
offerSchema.index({ ownerUserId: 1 });
offerSchema.index({ duplicateKeys: 1 });
offerSchema.plugin(changeMarker('offers'));

/** An offer as stored (the first type of OfferModel): sealed fields are strings there. */
export type StoredOffer = InferSchemaType<typeof offerSchema>;
/** An offer as the services give it: sealed fields opened. */
/** An offer as a lean read gives it (plain objects and arrays), sealed fields opened (OfferService). */
export type OfferRecord = Omit<InferRawDocTypeFromSchema<typeof offerSchema>, 'application'> & {
  _id: mongoose.Types.ObjectId;
  application: OfferDraft;
  events: RecordEvent[];
};
/** An offer whose application is complete (offer.rules.ts `isCompleteOffer`): every submitted one. */
export type CompleteOffer = Omit<OfferRecord, 'application'> & { application: OfferApplication };
export const OfferModel = mongoose.model('Offer', offerSchema, 'offers');
