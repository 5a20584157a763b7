import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { ROLES } from './roles.js';

const userSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    role: { type: String, required: true, enum: ROLES },
    language: { type: String, required: true, enum: ['fr', 'nl', 'en'], default: 'fr' },
    /** A partner's organisation (set when the account is created): each referral starts with it. */
    organisation: { type: String, default: null, trim: true },
    /** argon2id; null until an invited staff member sets a password. */
    passwordHash: { type: String, default: null },
    emailVerifiedAt: { type: Date, default: null },
    /**
     * A self-registered account waits for its address to be confirmed (the e-mailed link, or a
     * password chosen through a reset link): it cannot sign in until then. Null for every other account.
     */
    pendingSince: { type: Date, default: null },
    disabledAt: { type: Date, default: null },
    /** Bumped on password change: every older session stops being valid (logout everywhere). */
    sessionVersion: { type: Number, required: true, default: 0 },
    lastLoginAt: { type: Date, default: null },
    /** Set by erasure (GDPR Art. 17): the account keeps its id and role, nothing else about the person. */
    erasedAt: { type: Date, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);
userSchema.index({ email: 1 }, { unique: true });

export type User = InferSchemaType<typeof userSchema>;
export type UserDocument = HydratedDocument<User>;
export const UserModel = mongoose.model('User', userSchema);

export interface PublicUser {
  id: string;
  role: User['role'];
  name: string;
}

export function publicUser(user: UserDocument): PublicUser {
  return { id: user.id, role: user.role, name: user.name };
}

export interface OwnUser extends PublicUser {
  email: string;
  language: User['language'];
  emailVerified: boolean;
  organisation: string | null;
}

export function ownUser(user: UserDocument): OwnUser {
  return {
    ...publicUser(user),
    email: user.email,
    language: user.language,
    emailVerified: user.emailVerifiedAt !== null,
    organisation: user.organisation ?? null,
  };
}
