import mongoose, { Schema } from 'mongoose';

// Append-only from the application's point of view: the service only ever inserts.
const auditSchema = new Schema({
  at: { type: Date, required: true },
  actorId: { type: String, default: null },
  actorRole: { type: String, default: null },
  action: { type: String, required: true },
  targetType: { type: String, default: null },
  targetId: { type: String, default: null },
  /** Names of the fields read or changed, never their values. */
  fields: { type: [String], default: [] },
  outcome: { type: String, required: true, enum: ['ok', 'denied', 'failed'] },
  address: { type: String, default: null },
});
auditSchema.index({ at: -1 });
auditSchema.index({ actorId: 1, at: -1 });
auditSchema.index({ targetType: 1, targetId: 1, at: -1 });
export const AuditModel = mongoose.model('AuditEntry', auditSchema, 'audit_log');
