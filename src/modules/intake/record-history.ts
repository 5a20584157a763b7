// Versioned changes with history, shared by families and offers.
// Every change claims the record's next version by inserting a revision with a unique key
// (`<kind>:<id>:<version>`): of two people changing the same record at once exactly one wins, on
// every engine (the embedded engine's conditional updates are read-then-write). The loser gets a
// 409 that shows who changed what. Every change also appends an event (who, when, what, why).
import mongoose, { Schema, type Model } from 'mongoose';
import { ConflictError } from '../../kernel/errors.js';
import { audit } from '../../kernel/audit/audit.service.js';
import { trusted } from '../../kernel/db/connection.js';
import { insertOnce } from '../../kernel/db/unique.js';
import type { Actor } from './actor.js';

const revisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    recordKind: { type: String, required: true },
    recordId: { type: String, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
    actorName: { type: String, required: true },
    fields: { type: [String], default: [] },
  },
  { versionKey: false },
);
revisionSchema.index({ recordKind: 1, recordId: 1, version: 1 });
export const RevisionModel = mongoose.model('RecordRevision', revisionSchema, 'record_revisions');

export interface RecordEvent {
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  type: string;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  fields?: string[];
}

export const eventSchema = new Schema<RecordEvent>(
  {
    at: { type: Date, required: true },
    actorId: { type: String, default: null },
    actorRole: { type: String, default: null },
    type: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, default: null },
    reason: { type: String, default: null },
    fields: { type: [String], default: [] },
  },
  { _id: false },
);

export type RecordKind = 'family' | 'offer';

export interface ChangeRequest {
  kind: RecordKind;
  id: string;
  actor: Actor;
  /**
   * The version the change was computed from: the one the person was looking at (a page's hidden
   * field, the API's If-Match) or the one the service read. Undefined only for changes that do not
   * depend on the record's content (a status set under a guard).
   */
  expectedVersion?: number;
  set: Record<string, unknown>;
  event: Omit<RecordEvent, 'at' | 'actorId' | 'actorRole'>;
  /** Field names for the audit log and the conflict message (never values). */
  fields: string[];
  /** Extra check on the current document, run before the claim (e.g. an allowed transition). */
  guard?: (doc: { version: number; status: string }) => void;
}

async function conflict(kind: RecordKind, id: string, sinceVersion: number): Promise<ConflictError> {
  const others = await RevisionModel.find({ recordKind: kind, recordId: id, version: trusted({ $gt: sinceVersion }) })
    .sort({ version: 1 })
    .lean();
  const details = others.flatMap((r) =>
    (r.fields.length ? r.fields : ['/']).map((field) => ({
      path: field,
      messageKey: 'intake.conflict.changedBy',
      params: { name: r.actorName, at: r.at.toISOString().slice(0, 16).replace('T', ' ') },
    })),
  );
  return new ConflictError('intake.conflict.message', details, 'EDIT_CONFLICT');
}

/** Applies one change under the version rule; returns the new version. */
export async function applyChange<T extends { version: number; status: string }>(model: Model<T>, request: ChangeRequest): Promise<number> {
  const { kind, id, actor } = request;
  const doc = (await model.findById(id).select('version status').lean()) as { version: number; status: string } | null;
  if (!doc) throw new ConflictError('errors.notFound');
  if (request.expectedVersion !== undefined && request.expectedVersion !== doc.version) throw await conflict(kind, id, request.expectedVersion);
  request.guard?.(doc);
  const version = doc.version + 1;
  const now = new Date();
  const claimed = await insertOnce(RevisionModel as never, { _id: `${kind}:${id}:${version}`, recordKind: kind, recordId: id, version, at: now, actorId: actor.id, actorName: actor.name, fields: request.fields });
  if (!claimed) throw await conflict(kind, id, doc.version);
  const event: RecordEvent = { ...request.event, at: now, actorId: actor.id, actorRole: actor.role, fields: request.event.fields ?? request.fields };
  await model.updateOne({ _id: id } as never, { $set: { ...request.set, version }, $push: { events: event } } as never);
  await audit({ actorId: actor.id, actorRole: actor.role, action: `${kind}.${request.event.type}`, targetType: kind, targetId: id, fields: request.fields });
  return version;
}
