import mongoose, { Schema, type InferRawDocTypeFromSchema } from 'mongoose';
import type { NetworkContact } from '../intake/index.js';

export const COHABITATION_STATUSES = ['agreement', 'trial', 'active', 'ended'] as const;
export const END_REASONS = ['planned_end', 'family_found_housing', 'family_left', 'host_ended', 'conflict', 'safety', 'other'] as const;
export const INCIDENT_KINDS = ['conflict', 'violence', 'damage', 'unpaid', 'other'] as const;
export const SEVERITIES = ['low', 'medium', 'high'] as const;

const stamp = { at: Date, by: String };
const cohabitationSchema = new Schema(
  {
    proposalId: { type: String, required: true },
    familyId: { type: String, required: true },
    offerId: { type: String, required: true },
    status: { type: String, required: true, enum: COHABITATION_STATUSES, default: 'agreement' },
    startDate: { type: String, required: true },
    agreement: {
      monthlyContribution: Number,
      // A list of {code, hoursPerWeek}; agreements made before it was one hold a free text (read by cohabitation.presenters.ts).
      servicesExchanged: Schema.Types.Mixed,
      durationMonths: Number,
      houseRules: String,
      sharedSpacesSchedule: String,
      trialDays: Number,
      noticeDays: Number,
    },
    signatures: { family: { type: new Schema(stamp, { _id: false }), default: null }, host: { type: new Schema(stamp, { _id: false }), default: null } },
    trialEndsOn: { type: String, default: null },
    // doneOn: the day it became true, as the party said (doneAt: when it was ticked); items ticked before it existed have none.
    checklist: {
      type: [new Schema({ code: String, concerns: String, dueOn: String, doneAt: Date, doneBy: String, doneOn: String }, { _id: false })],
      default: [],
    },
    schedule: { type: [new Schema({ dueOn: String, label: String }, { _id: false })], default: [] },
    // Confidential (staff only): notes, isolation scores, incident details; sealed at rest (cohabitation.sealed.ts).
    checkins: {
      type: [
        new Schema(
          {
            id: String,
            date: String,
            party: String,
            wellbeing: { family: Number, host: Number, children: Number },
            conflictLevel: Number,
            isolationScore: Schema.Types.Mixed,
            isolationCriteria: Schema.Types.Mixed,
            networkUpdated: Boolean,
            network: Schema.Types.Mixed,
            introductions: Schema.Types.Mixed,
            familyPending: Boolean,
            // Alarming (SPEC §7): the staff's alert is still to be sent (safety-alerts.ts); no personal data, not sealed.
            alertPending: Boolean,
            note: String,
            ...stamp,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    // id: the key of its alert (older incidents have none); alertPending: severe, the staff's alert still to be sent (safety-alerts.ts).
    incidents: {
      type: [new Schema({ id: String, date: String, kind: String, severity: String, description: String, alertPending: Boolean, ...stamp }, { _id: false })],
      default: [],
    },
    mediations: { type: [new Schema({ date: String, participants: String, summary: String, agreements: String, ...stamp }, { _id: false })], default: [] },
    ending: {
      type: new Schema(
        { date: String, reason: String, exitNote: String, referrals: String, fallbackHome: String, fallbackNote: String, ...stamp },
        { _id: false },
      ),
      default: null,
    },
    // Notice given (notice.ts): once; the planned end date computed from the agreement. The reason is sealed.
    notice: { type: new Schema({ date: String, givenBy: String, reason: String, plannedEnd: String, ...stamp }, { _id: false }), default: null },
    // The contact a month after the exit (exit-contact.ts), once recorded; the note is sealed.
    exitContact: { type: new Schema({ date: String, who: String, note: String, ...stamp }, { _id: false }), default: null },
    createdBy: { type: String, required: true },
    events: { type: [new Schema({ type: String, reason: String, ...stamp }, { _id: false })], default: [] },
  },
  { timestamps: true },
);
cohabitationSchema.index({ proposalId: 1 }, { unique: true });
cohabitationSchema.index({ familyId: 1 });
cohabitationSchema.index({ offerId: 1 });
cohabitationSchema.index({ status: 1 });

type PlainCohabitation = InferRawDocTypeFromSchema<typeof cohabitationSchema>;
/** A check-in as opened (cohabitation.sealed.ts): its sealed parts, `Mixed` in the schema, in their own shapes. */
type OpenedCheckin = Omit<PlainCohabitation['checkins'][number], 'isolationScore' | 'isolationCriteria' | 'network' | 'introductions'> & {
  isolationScore?: number | null;
  isolationCriteria?: string[] | null;
  network?: NetworkContact[] | null;
  introductions?: string[] | null;
};
/** A cohabitation as a lean read gives it (plain objects, no sub-documents), sealed parts opened. */
export type CohabitationRecord = Omit<PlainCohabitation, 'checkins'> & { _id: mongoose.Types.ObjectId; checkins: OpenedCheckin[] };
export const CohabitationModel = mongoose.model('Cohabitation', cohabitationSchema, 'cohabitations');

/** Once-only work by unique keys (kernel/db/unique.ts): reminders sent, and jobs with a lease (`doneAt` once done). */
const claimSchema = new Schema(
  { _id: { type: String, required: true }, at: { type: Date, required: true }, doneAt: { type: Date, default: null } },
  { versionKey: false },
);
export const FollowupClaimModel = mongoose.model('FollowupClaim', claimSchema, 'followup_claims');
