// Single-use tokens sent by e-mail (address verification, password reset, staff invitation).
// Only a SHA-256 of the token is stored: a database dump gives no usable link.
import { createHash, randomBytes } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';

export const TOKEN_PURPOSES = ['verify-email', 'reset-password'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

const tokenSchema = new Schema({
  hash: { type: String, required: true },
  purpose: { type: String, required: true, enum: TOKEN_PURPOSES },
  userId: { type: Schema.Types.ObjectId, required: true },
  expiresAt: { type: Date, required: true },
  usedAt: { type: Date, default: null },
  createdAt: { type: Date, required: true },
});
tokenSchema.index({ hash: 1 }, { unique: true });
tokenSchema.index({ userId: 1, purpose: 1 });
export const AccountTokenModel = mongoose.model('AccountToken', tokenSchema);

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Every unused link of this purpose stops working (a newer link was sent, or the password was just chosen). */
export async function revokeTokens(userId: string, purpose: TokenPurpose, now = new Date()): Promise<void> {
  await AccountTokenModel.updateMany({ userId, purpose, usedAt: null }, { $set: { usedAt: now } });
}

/** A new link; for a password reset, the older ones are revoked first (only the latest e-mail works). */
export async function issueToken(userId: string, purpose: TokenPurpose, validMinutes: number, now = new Date()): Promise<string> {
  if (purpose === 'reset-password') await revokeTokens(userId, purpose, now);
  const token = randomBytes(32).toString('base64url');
  await AccountTokenModel.create({ hash: hashToken(token), purpose, userId, createdAt: now, expiresAt: new Date(now.getTime() + validMinutes * 60_000) });
  return token;
}

/**
 * Marks the token used and returns its user id, or null when unknown, expired or already used.
 * The used mark is written before the caller acts, so a replayed link does nothing.
 */
export async function consumeToken(token: string, purpose: TokenPurpose, now = new Date()): Promise<string | null> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return null;
  const found = await AccountTokenModel.findOne({ hash: hashToken(token), purpose });
  if (!found || found.usedAt || found.expiresAt <= now) return null;
  const updated = await AccountTokenModel.updateOne({ _id: found._id, usedAt: null }, { $set: { usedAt: now } });
  if (updated.modifiedCount !== 1) return null;
  return String(found.userId);
}

export async function peekToken(token: string, purpose: TokenPurpose, now = new Date()): Promise<boolean> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return false;
  const found = await AccountTokenModel.findOne({ hash: hashToken(token), purpose }).lean<{ usedAt: Date | null; expiresAt: Date }>();
  return !!found && !found.usedAt && found.expiresAt > now;
}
