import mongoose, { Schema } from 'mongoose';

const auditSchema = new Schema({
  at: { type: Date, required: true },
  actorId: { type: String, default: null },
  actorRole: { type: String, default: null },
  action: { type: String, required: true },
  targetType: { type: String, default: null },
  targetId: { type: String, default: null },
  /** A list read: the ids of every record it returned. */
  targetIds: { type: [String], default: undefined },
  /** Names of the fields read or changed, never their values. */
  fields: { type: [String], default: [] },
  outcome: { type: String, required: true, enum: ['ok', 'denied', 'failed'] },
  /** For denied attempts: the HTTP status the person got (403, or 404 for someone else's record). */
  status: { type: Number, default: null },
  address: { type: String, default: null },
});
auditSchema.index({ at: -1 });
auditSchema.index({ actorId: 1, at: -1 });
auditSchema.index({ targetType: 1, targetId: 1, at: -1 });

// Append-only from the application's point of view: inserts only. Any update or delete through the
// model fails loudly, so a later change cannot quietly rewrite history.
function refuse(): never {
  throw new Error('the audit log is append-only');
}
const WRITES = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;
for (const op of WRITES) auditSchema.pre(op, { document: false, query: true }, refuse);
auditSchema.pre('deleteOne', { document: true, query: false }, refuse);
auditSchema.pre('save', function () {
  if (!this.isNew) refuse();
});
auditSchema.pre('bulkWrite', refuse);

export const AuditModel = mongoose.model('AuditEntry', auditSchema, 'audit_log');

/**
 * One document per unusual-access alert. The key (account and hour) is the _id: of two requests that
 * cross the threshold together, one insert wins, so the coordinators get one mail.
 */
const alertSchema = new Schema(
  {
    _id: { type: String, required: true },
    actorId: { type: String, required: true },
    at: { type: Date, required: true },
    distinctCases: { type: Number, required: true },
    threshold: { type: Number, required: true },
  },
  { versionKey: false },
);
alertSchema.index({ actorId: 1, at: -1 });
alertSchema.index({ at: -1 });
export const AuditAlertModel = mongoose.model('AuditAlert', alertSchema, 'audit_alerts');

/**
 * The distinct cases each account read, per clock hour: `cases` maps "<type>:<id>" to the last read.
 * The unusual-access check updates and reads these by key (account and hour) instead of counting the
 * audit log, whose size grows without end (and which the embedded engine can only scan).
 */
const caseReadsSchema = new Schema(
  {
    _id: { type: String, required: true },
    actorId: { type: String, required: true },
    hour: { type: Number, required: true },
    cases: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
caseReadsSchema.index({ hour: 1 });
export const CaseReadsModel = mongoose.model('AuditCaseReads', caseReadsSchema, 'audit_case_reads');
