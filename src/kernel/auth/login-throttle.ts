// Login rate limiting (OWASP ASVS 2.2.1). Every attempt first claims a slot — one inserted document,
// atomic on every engine — and only then is the password checked, so a burst of simultaneous
// guesses gets no more checks than the same guesses one after the other. The claim is counted with
// the attempts already stored: for the account from one address (the person at their keyboard),
// for the account from anywhere, and for the address (a CPAS office shares one address). Past a
// few failures the next attempt must wait, longer each time, never more than a cap: an attacker
// can slow a victim's login down but never lock them out for long, and a password reset lifts it.
// A refused claim is removed again (it was not checked); a failed one stays, a success clears the
// account's failures from that address. Old attempts go on an interval (no TTL indexes here).
import mongoose, { Schema, type Types } from 'mongoose';
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
  /** Failures of one account from one address before each further attempt waits (30 s, doubling). */
  maxFailuresPerAccount: number;
  /** Failures of one account from all addresses before each further attempt waits (1 s, doubling). */
  maxFailuresPerAccountAnywhere: number;
  /** The longest wait imposed on an account, seconds. */
  maxDelaySeconds: number;
  /** Failures from one address, all accounts, before it must wait until the window moves on. */
  maxFailuresPerAddress: number;
}

type Attempt = { _id: Types.ObjectId; at: Date };
type Scope = { account: string; address?: string } | { address: string };

/** The attempts a claim is counted with, oldest first (the claim's own included once inserted). */
async function attemptsIn(scope: Scope, since: Date): Promise<Attempt[]> {
  return LoginFailureModel.find({ ...scope, at: trusted({ $gt: since }) })
    .select('at')
    .sort({ at: 1, _id: 1 })
    .lean<Attempt[]>();
}

export interface LoginClaim {
  id: Types.ObjectId;
  account: string;
  address: string;
}

export class LoginThrottle {
  constructor(private readonly settings: ThrottleSettings) {}

  private since(now: Date): Date {
    return new Date(now.getTime() - this.settings.windowMinutes * 60_000);
  }

  /**
   * Seconds to wait before an attempt in this scope, counting `attempts` (those before the one
   * asking). Up to `free` failures: none; then `base` seconds after the latest, doubling with each
   * failure, at most `cap`.
   */
  private delay(attempts: Attempt[], free: number, baseSeconds: number, capSeconds: number, now: Date): number {
    if (attempts.length < free) return 0;
    const wait = Math.min(capSeconds, baseSeconds * 2 ** (attempts.length - free));
    const latest = attempts[attempts.length - 1]!.at.getTime();
    return Math.max(0, Math.ceil((latest + wait * 1000 - now.getTime()) / 1000));
  }

  /**
   * Seconds to wait (0: go ahead), counting every other attempt stored now — also those that
   * arrived at the same instant, whatever their order: of several simultaneous claims, the one
   * inserted last sees all the others, so no more of them pass than one after the other would.
   */
  private async wait(account: string, address: string, now: Date, own?: Types.ObjectId): Promise<number> {
    const since = this.since(now);
    const prior = (list: Attempt[]) => (own ? list.filter((a) => !a._id.equals(own)) : list);
    const [pair, anywhere, fromAddress] = await Promise.all([
      attemptsIn({ account, address }, since),
      attemptsIn({ account }, since),
      attemptsIn({ address }, since),
    ]);
    const { maxFailuresPerAccount, maxFailuresPerAccountAnywhere, maxDelaySeconds, maxFailuresPerAddress, windowMinutes } = this.settings;
    const addressPrior = prior(fromAddress);
    const addressWait =
      addressPrior.length >= maxFailuresPerAddress
        ? Math.max(1, Math.ceil((addressPrior[addressPrior.length - maxFailuresPerAddress]!.at.getTime() + windowMinutes * 60_000 - now.getTime()) / 1000))
        : 0;
    return Math.max(
      this.delay(prior(pair), maxFailuresPerAccount, 30, Math.max(maxDelaySeconds, 30), now),
      this.delay(prior(anywhere), maxFailuresPerAccountAnywhere, 1, maxDelaySeconds, now),
      addressWait,
    );
  }

  /**
   * Claims one attempt, before the password is checked: 429 (with the wait) when the account or
   * the address must wait. Counted again after the insert, with the attempts that arrived at the
   * same instant, so a burst is refused beyond what a sequence would get.
   */
  async claim(account: string, address: string, now = new Date()): Promise<LoginClaim> {
    const early = await this.wait(account, address, now);
    if (early > 0) throw new TooManyRequestsError(early, 'auth.tooManyAttempts');
    const created = await LoginFailureModel.create({ account, address, at: now });
    const id = created._id;
    const late = await this.wait(account, address, now, id);
    if (late > 0) {
      await LoginFailureModel.deleteOne({ _id: id });
      throw new TooManyRequestsError(late, 'auth.tooManyAttempts');
    }
    return { id, account, address };
  }

  /** The password was right: this account's failures from this address are forgotten. */
  async succeeded(claim: LoginClaim): Promise<void> {
    await LoginFailureModel.deleteMany({ account: claim.account, address: claim.address });
    await LoginFailureModel.deleteOne({ _id: claim.id });
  }

  /** A new password was chosen from an e-mailed link: every wait on the account is lifted. */
  async clear(account: string): Promise<void> {
    await LoginFailureModel.deleteMany({ account });
  }

  async removeExpired(now = new Date()): Promise<number> {
    const result = await LoginFailureModel.deleteMany({ at: trusted({ $lte: this.since(now) }) });
    return result.deletedCount ?? 0;
  }
}
