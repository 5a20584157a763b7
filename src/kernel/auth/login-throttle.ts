// Login rate limiting and account lockout. Each failed attempt is one inserted document (inserts
// are atomic on every engine, unlike read-modify-write counters in the app); a window count of
// them decides. Old attempts are removed on an interval (no TTL indexes on the embedded engine).
import mongoose, { Schema } from 'mongoose';
import { trusted } from '../db/connection.js';
import { TooManyRequestsError } from '../errors.js';

const attemptSchema = new Schema({
  account: { type: String, required: true },
  address: { type: String, required: true },
  at: { type: Date, required: true },
});
attemptSchema.index({ account: 1, at: 1 });
attemptSchema.index({ address: 1, at: 1 });
attemptSchema.index({ at: 1 });
export const LoginFailureModel = mongoose.model('LoginFailure', attemptSchema);

export interface ThrottleSettings {
  windowMinutes: number;
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
}

export class LoginThrottle {
  constructor(private readonly settings: ThrottleSettings) {}

  private since(now: Date): Date {
    return new Date(now.getTime() - this.settings.windowMinutes * 60_000);
  }

  private async retryAfter(filter: Record<string, string>, now: Date, max: number): Promise<number | null> {
    const count = await LoginFailureModel.countDocuments({ ...filter, at: trusted({ $gt: this.since(now) }) });
    if (count < max) return null;
    // Locked until enough of the window's failures have aged out.
    const oldestCounted = await LoginFailureModel.find({ ...filter, at: trusted({ $gt: this.since(now) }) })
      .sort({ at: -1 })
      .skip(max - 1)
      .limit(1)
      .lean<{ at: Date }[]>();
    const at = oldestCounted[0]?.at ?? now;
    return Math.max(1, Math.ceil((at.getTime() + this.settings.windowMinutes * 60_000 - now.getTime()) / 1000));
  }

  /** Throws 429 when the account or the address has failed too often in the window. */
  async check(account: string, address: string, now = new Date()): Promise<void> {
    const wait =
      (await this.retryAfter({ account }, now, this.settings.maxFailuresPerAccount)) ??
      (await this.retryAfter({ address }, now, this.settings.maxFailuresPerAddress));
    if (wait !== null) throw new TooManyRequestsError(wait, 'auth.tooManyAttempts');
  }

  async recordFailure(account: string, address: string, now = new Date()): Promise<void> {
    await LoginFailureModel.create({ account, address, at: now });
  }

  async clear(account: string): Promise<void> {
    await LoginFailureModel.deleteMany({ account });
  }

  async removeExpired(now = new Date()): Promise<number> {
    const result = await LoginFailureModel.deleteMany({ at: trusted({ $lte: this.since(now) }) });
    return result.deletedCount ?? 0;
  }
}
