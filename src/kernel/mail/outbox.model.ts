import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export const OUTBOX_CHANNELS = ['email', 'sms'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

const outboxSchema = new Schema(
  {
    /** E-mail (to an address, with a subject) or a text message (to a +32 mobile number, no subject). */
    channel: { type: String, enum: OUTBOX_CHANNELS, default: 'email' },
    to: { type: String, required: true },
    subject: { type: String, default: '' },
    /**
     * The body. A message that carries a link with a token (sign-in, reset, invitation) is stored
     * sealed (see outbox.service.ts) and removed once delivered or given up: null then.
     */
    text: { type: String, default: null },
    /** The body is sealed at rest and purged after delivery (it carries a token). */
    carriesToken: { type: Boolean, default: false },
    /** When the body was removed (after delivery or giving up); to, subject, status and dates stay. */
    purgedAt: { type: Date, default: null },
    /** What kind of message, for the development page and statistics (e.g. "verify-email"). */
    kind: { type: String, required: true },
    status: { type: String, required: true, enum: OUTBOX_STATUSES, default: 'pending' },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    /** A sender claims a message until this time; a crashed sender's claim runs out. */
    claimedUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
    messageId: { type: String, default: null },
    /** The record it is about ("cohabitation:<id>"), for the staff's list of what was sent. */
    about: { type: String, default: null },
  },
  { timestamps: true },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ createdAt: -1 });
outboxSchema.index({ about: 1, createdAt: -1 });

export type OutboxMessage = InferSchemaType<typeof outboxSchema> & { _id: mongoose.Types.ObjectId };
export const OutboxModel = mongoose.model('OutboxMessage', outboxSchema, 'outbox');

/** One document per claimed delivery attempt; the unique _id makes a claim exclusive. */
const claimSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
claimSchema.index({ at: 1 });
export const OutboxClaimModel = mongoose.model('OutboxClaim', claimSchema, 'outbox_claims');
