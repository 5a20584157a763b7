// Rate limits on actions that send e-mail or create accounts (issue #16, finding 10): password
// reset requests, registrations, erasure requests. Same claim-then-count rule as the login throttle
// (login-throttle.ts): each action inserts one document, then counts those of its key in the
// window, so simultaneous requests cannot pass together beyond the limit.
import mongoose, { Schema, type Types } from 'mongoose';
import { trusted } from '../db/connection.js';

const actionSchema = new Schema({
  kind: { type: String, required: true },
  key: { type: String, required: true },
  at: { type: Date, required: true },
});
actionSchema.index({ kind: 1, key: 1, at: 1 });
actionSchema.index({ at: 1 });
export const LimitedActionModel = mongoose.model('LimitedAction', actionSchema, 'limited_actions');

export interface ActionLimit {
  kind: string;
  max: number;
  windowMinutes: number;
}

/** Reset e-mails per account and per address, registrations per address (and notices per account), erasure requests per person. */
export const LIMITS = {
  resetPerAccount: { kind: 'reset:account', max: 3, windowMinutes: 60 },
  resetPerAddress: { kind: 'reset:address', max: 20, windowMinutes: 60 },
  registrationPerAddress: { kind: 'register:address', max: 20, windowMinutes: 60 },
  /** "Someone tried to register with your address" e-mails to one account. */
  registrationNoticePerAccount: { kind: 'register-notice:account', max: 3, windowMinutes: 60 },
  erasureRequestPerUser: { kind: 'erasure-request:user', max: 2, windowMinutes: 24 * 60 },
} satisfies Record<string, ActionLimit>;

/**
 * Claims one action under each limit given; false (and nothing kept) when one of them is used up.
 * The caller decides what a refusal looks like (429, or the same answer without the e-mail).
 */
export async function claimAction(claims: { limit: ActionLimit; key: string }[], now = new Date()): Promise<boolean> {
  const made: Types.ObjectId[] = [];
  let allowed = true;
  for (const { limit, key } of claims) {
    const doc = await LimitedActionModel.create({ kind: limit.kind, key, at: now });
    made.push(doc._id);
    const since = new Date(now.getTime() - limit.windowMinutes * 60_000);
    if ((await LimitedActionModel.countDocuments({ kind: limit.kind, key, at: trusted({ $gt: since }) })) > limit.max) allowed = false;
    if (!allowed) break;
  }
  if (!allowed) await LimitedActionModel.deleteMany({ _id: trusted({ $in: made }) });
  return allowed;
}

/** Scheduled: actions older than the longest window go. */
export async function removeOldActions(now = new Date()): Promise<number> {
  const longest = Math.max(...Object.values(LIMITS).map((l) => l.windowMinutes));
  const result = await LimitedActionModel.deleteMany({ at: trusted({ $lte: new Date(now.getTime() - longest * 60_000) }) });
  return result.deletedCount ?? 0;
}
