// The session store: sessions in the database, so the app is stateless behind a load balancer.
//
// Why not connect-mongo: it removes expired sessions with an unacknowledged delete (w:0), a write
// no engine confirms; here every write is acknowledged (the database layer refuses w:0 outright,
// kernel/db/connection.ts). Reads go by `_id` alone (the one index every engine uses) and the expiry
// is checked after. Sessions keep a form's values between a refused post and its page, so they are
// sealed at rest (AES-GCM, a key derived from the master key, the session id as associated data).
import { createHmac } from 'node:crypto';
import session, { type SessionData } from 'express-session';
import mongoose, { Schema } from 'mongoose';
import { openJson, sealJson } from '../crypto/envelope.js';
import { trusted } from '../db/connection.js';

interface SessionDoc {
  _id: string;
  expires: Date;
  data: string;
}

const sessionSchema = new Schema<SessionDoc>(
  { _id: { type: String, required: true }, expires: { type: Date, required: true }, data: { type: String, required: true } },
  { versionKey: false },
);
// For the clean-up on MongoDB (the embedded engine accepts it and scans anyway).
sessionSchema.index({ expires: 1 });
export const SessionModel = mongoose.model<SessionDoc>('Session', sessionSchema, 'sessions');

type Callback<T = void> = (error?: unknown, value?: T) => void;

export class DatabaseSessionStore extends session.Store {
  private readonly key: Buffer;

  constructor(
    masterKey: Buffer,
    private readonly idleMs: number,
    /** A session whose expiry moved less than this is not written again (rolling cookie). */
    private readonly touchAfterMs = 60_000,
  ) {
    super();
    this.key = createHmac('sha256', masterKey).update('session store v2').digest();
  }

  private expiresOf(data: SessionData): Date {
    // A store reads the absolute expiry express-session computed (deprecated only for setting it).
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(Date.now() + this.idleMs);
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    SessionModel.findById(sid)
      .lean<SessionDoc>()
      .then(
        (doc) => {
          if (!doc || doc.expires.getTime() <= Date.now()) {
            callback(null, null);
            return;
          }
          let data: SessionData;
          try {
            data = openJson(this.key, doc.data, sid) as SessionData;
          } catch {
            callback(null, null);
            return; // sealed with another key: no session
          }
          (data as SessionData & { lastWrite?: number }).lastWrite = doc.expires.getTime();
          callback(null, data);
        },
        (error: unknown) => {
          callback(error);
        },
      );
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    const { lastWrite: _lastWrite, ...rest } = data as SessionData & { lastWrite?: number };
    SessionModel.updateOne({ _id: sid }, { $set: { expires: this.expiresOf(data), data: sealJson(this.key, rest, sid) } }, { upsert: true }).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override touch(sid: string, data: SessionData, callback?: Callback): void {
    const expires = this.expiresOf(data);
    const lastWrite = (data as SessionData & { lastWrite?: number }).lastWrite;
    if (lastWrite && expires.getTime() - lastWrite < this.touchAfterMs) return callback?.();
    SessionModel.updateOne({ _id: sid }, { $set: { expires } }).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    SessionModel.deleteOne({ _id: sid }).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  /** Removes expired sessions (acknowledged); run on an interval by the scheduler. */
  async removeExpired(now = new Date()): Promise<number> {
    const result = await SessionModel.deleteMany({ expires: trusted({ $lte: now }) });
    return result.deletedCount;
  }
}
