// Versioned changes with history, shared by families and offers.
// A change is one conditional update on the record's `version` (optimistic concurrency): of two
// people changing the same record at once exactly one wins, and there is no separate claim that a
// crash could leave behind. The loser gets a 409 that shows who changed what, from the revisions
// (one per version, written after the change; a crash in between only loses that line of detail).
// Every change also appends an event (who, when, what, why) in the same update.
import mongoose, { Schema, type Model } from 'mongoose';
import { ConflictError } from '../../kernel/errors.js';
import { audit } from '../../kernel/audit/audit.service.js';
import { trusted } from '../../kernel/db/connection.js';
import { isStaff, type Actor } from './actor.js';

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

/** The revisions name who made each change (for a 409's message): an erased person's edits go nameless. */
export async function renameRevisionAuthor(userId: string, name: string): Promise<void> {
  await RevisionModel.updateMany({ actorId: userId }, { $set: { actorName: name } });
}

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
  /**
   * Child records appended (`{ list: item }`), never the whole list rewritten: two people adding at
   * once both stay. An append depends on no content, so it leaves `expectedVersion` unset.
   */
  push?: Record<string, unknown>;
  event: Omit<RecordEvent, 'at' | 'actorId' | 'actorRole'>;
  /** Field names for the audit log and the conflict message (never values). */
  fields: string[];
  /** Extra check on the current document, run before the claim (e.g. an allowed transition). */
  guard?: (doc: { version: number; status: string } & Record<string, unknown>) => void;
  /** Fields the guard reads besides `version` and `status` (a projection, space-separated). */
  guardReads?: string;
  /**
   * Fields whose change since `expectedVersion` makes this change stale. Default: every field for
   * staff; for a parent, host or partner only what they can see (SPEC §1) — their edit does not
   * depend on casework, so it is applied over it, and a conflict never tells them casework exists.
   */
  dependsOn?: (field: string) => boolean;
}

/** What owners and partners never see of a record: the casework, and numbers derived for staff. */
const STAFF_ONLY = ['/casework', '/bedrooms'];
const ownersSee = (field: string) => !STAFF_ONLY.some((p) => field === p || field.startsWith(`${p}/`));

/**
 * The 409 of a change computed from `sinceVersion`: who changed which fields since, only the fields
 * `relevant` keeps. Null only when every version up to `currentVersion` has its revision and none
 * touched a relevant field (a revision is written just after its change: one not there yet, or
 * lost to a crash, counts as a conflict).
 */
export async function conflict(
  kind: RecordKind,
  id: string,
  sinceVersion: number,
  relevant: (field: string) => boolean = () => true,
  currentVersion = Number.POSITIVE_INFINITY,
  readerId?: string,
): Promise<ConflictError | null> {
  const others = (
    await RevisionModel.find({ recordKind: kind, recordId: id, version: trusted({ $gt: sinceVersion }) })
      .sort({ version: 1 })
      .lean()
  ).filter((r) => r.version <= currentVersion);
  const complete = others.length === currentVersion - sinceVersion;
  // All by the reader: the same page saved from another tab or window, not someone else (issue 15).
  const ownTabs = others.length > 0 && readerId !== undefined && others.every((r) => r.actorId === readerId);
  const details = others.flatMap((r) =>
    (r.fields.length ? r.fields : ['/'])
      .filter((field) => field === '/' || relevant(field))
      .map((field) => ({
        path: field,
        messageKey: ownTabs ? 'intake.conflict.savedElsewhere' : 'intake.conflict.changedBy',
        // An instant: shown in Brussels time in the reader's language (kernel/http/forms.ts translateDetails).
        params: { name: r.actorName, at: r.at.toISOString() },
      })),
  );
  return details.length || !complete ? new ConflictError(ownTabs ? 'intake.conflict.otherTab' : 'intake.conflict.message', details, 'EDIT_CONFLICT') : null;
}

/**
 * Applies one change under the version rule; returns the new version. A change computed from a
 * version the person saw (`expectedVersion`) fails with 409 if the record moved on; one that does
 * not depend on the content (a status under its guard) is tried again on the newer version.
 */
export async function applyChange<Stored>(model: Model<Stored>, request: ChangeRequest): Promise<number> {
  const { kind, id, actor } = request;
  const dependsOn = request.dependsOn ?? (isStaff(actor) ? () => true : ownersSee);
  for (let attempt = 1; ; attempt++) {
    const doc = (await model
      .findById(id)
      .select(`version status ${request.guardReads ?? ''}`.trim())
      .lean()) as ({ version: number; status: string } & Record<string, unknown>) | null;
    if (!doc) throw new ConflictError('errors.notFound');
    if (request.expectedVersion !== undefined && request.expectedVersion !== doc.version) {
      const stale = await conflict(kind, id, request.expectedVersion, dependsOn, doc.version, actor.id);
      if (stale) throw stale;
    }
    request.guard?.(doc);
    const version = doc.version + 1;
    const now = new Date();
    const event: RecordEvent = { ...request.event, at: now, actorId: actor.id, actorRole: actor.role, fields: request.event.fields ?? request.fields };
    // The guard was checked on this version: the update applies only if it is still the current one.
    const result = await model.updateOne({ _id: id, version: doc.version }, { $set: { ...request.set, version }, $push: { ...request.push, events: event } });
    if (result.matchedCount === 0) {
      // Another change won the claim: try again on the newer version, where the version rule above
      // decides whether that change makes this one stale.
      if (attempt < 10) continue;
      throw (
        (await conflict(kind, id, doc.version, dependsOn, Number.POSITIVE_INFINITY, actor.id)) ??
        new ConflictError('intake.conflict.message', [], 'EDIT_CONFLICT')
      );
    }
    await RevisionModel.replaceOne(
      { _id: `${kind}:${id}:${version}` },
      { recordKind: kind, recordId: id, version, at: now, actorId: actor.id, actorName: actor.name, fields: request.fields },
      { upsert: true },
    );
    await audit({ actorId: actor.id, actorRole: actor.role, action: `${kind}.${request.event.type}`, targetType: kind, targetId: id, fields: request.fields });
    return version;
  }
}
