// Accounts: registration, staff accounts, login checks, e-mail verification, password reset.
// Every e-mail goes through the outbox; every change is audited.
import { Types } from 'mongoose';
import type { Config, Language } from '../config.js';
import { ConflictError, NotFoundError, TooManyRequestsError, UnauthenticatedError, ValidationError } from '../errors.js';
import { claimAction, LIMITS } from './action-limit.js';
import { t } from '../i18n/index.js';
import { audit } from '../audit/audit.service.js';
import { isDuplicateKeyError } from '../db/unique.js';
import { containsText, trusted } from '../db/connection.js';
import type { Outbox } from '../mail/outbox.service.js';
import { AccountTokenModel, consumeToken, issueToken, revokeTokens, type TokenPurpose } from './account-token.model.js';
import { OutboxModel } from '../mail/outbox.model.js';
import type { RegistrationInput, StaffAccountInput, UserSearchInput } from './accounts.schemas.js';
import type { Actor } from './actor.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { SessionUser } from './session-user.js';
import { UserModel, type OwnUser, type UserDocument } from './user.model.js';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toSessionUser(user: UserDocument): SessionUser {
  return {
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    language: user.language,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

type AccountTimes = Config['accounts'];
interface LinkMail {
  /** The token's purpose: an invitation sets a first password through the reset page. */
  purpose: TokenPurpose;
  /** The page the link opens. */
  path: string;
  subject: string;
  body: string;
  minutes(times: AccountTimes): number;
  /** What the body says of the link's life. */
  params(times: AccountTimes): Record<string, number>;
}

/** The e-mails that carry a one-time link, by outbox kind. */
const LINK_MAILS = {
  'verify-email': {
    purpose: 'verify-email',
    path: '/verify-email',
    subject: 'mail.verifyEmail.subject',
    body: 'mail.verifyEmail.body',
    minutes: (times) => times.verificationHours * 60,
    params: (times) => ({ hours: times.verificationHours }),
  },
  invitation: {
    purpose: 'reset-password',
    path: '/password/reset',
    subject: 'mail.invitation.subject',
    body: 'mail.invitation.body',
    minutes: (times) => times.invitationHours * 60,
    params: (times) => ({ days: Math.round(times.invitationHours / 24) }),
  },
  'reset-password': {
    purpose: 'reset-password',
    path: '/password/reset',
    subject: 'mail.resetPassword.subject',
    body: 'mail.resetPassword.body',
    minutes: (times) => times.resetMinutes,
    params: (times) => ({ minutes: times.resetMinutes }),
  },
} satisfies Record<string, LinkMail>;

export class AccountsService {
  constructor(
    private readonly config: Pick<Config, 'publicUrl' | 'accounts'>,
    private readonly outbox: Outbox,
    private readonly throttle: LoginThrottle,
  ) {}

  /** How long an e-mailed confirmation link stays valid. */
  get verificationHours(): number {
    return this.config.accounts.verificationHours;
  }

  private link(path: string, token: string): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}${path}?token=${encodeURIComponent(token)}`;
  }

  private async insertUser(fields: Record<string, unknown>): Promise<UserDocument> {
    try {
      return await UserModel.create(fields);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConflictError('auth.emailTaken', [{ path: '/email', messageKey: 'auth.emailTaken' }], 'EMAIL_TAKEN');
      throw error;
    }
  }

  /**
   * Self-registration (issue #16, finding 7): the answer is the same whether the address has an
   * account or not, so nobody learns from it who uses the service. A new address gets an account
   * waiting for confirmation and an e-mail with the confirmation link; an address that has an account
   * gets an e-mail telling its owner that someone tried (with the way to sign in or choose a new
   * password), and nothing changes. Both branches hash the password and write a message, so they
   * also take about the same time; the answer describes what was asked, under an id made the same way
   * in both (for a taken address it belongs to no account).
   */
  async register(input: RegistrationInput, address: string | null): Promise<OwnUser> {
    if (!(await claimAction([{ limit: LIMITS.registrationPerAddress, key: address ?? 'unknown' }])))
      throw new TooManyRequestsError(3600, 'auth.tooManyRegistrations');
    const email = normaliseEmail(input.email);
    const id = new Types.ObjectId();
    const answer: OwnUser = {
      id: String(id),
      role: input.role,
      name: input.name.trim(),
      email,
      language: input.language,
      emailVerified: false,
      organisation: null,
    };
    const passwordHash = await hashPassword(input.password);
    const existing = await UserModel.findOne<UserDocument>({ email });
    if (!existing) {
      try {
        const user = await UserModel.create({
          _id: id,
          email,
          name: answer.name,
          role: input.role,
          language: input.language,
          passwordHash,
          pendingSince: new Date(),
        });
        await this.sendVerification(user);
        await audit({
          actorId: user.id,
          actorRole: user.role,
          action: 'account.registered',
          targetType: 'user',
          targetId: user.id,
          fields: ['email', 'name', 'role', 'language'],
          address,
        });
        return answer;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Registered at the same instant by another request: the address is taken now.
      }
    }
    await this.tellOwnerOfRegistration(email, address);
    return answer;
  }

  /** "Someone tried to create an account with your address": at most a few an hour, never to a disabled account. */
  private async tellOwnerOfRegistration(email: string, address: string | null): Promise<void> {
    const owner = await UserModel.findOne<UserDocument>({ email });
    if (!owner || owner.disabledAt) return;
    await audit({ actorId: null, action: 'account.registrationAttempt', targetType: 'user', targetId: owner.id, outcome: 'denied', address });
    if (!(await claimAction([{ limit: LIMITS.registrationNoticePerAccount, key: email }]))) return;
    const lang = owner.language;
    const base = this.config.publicUrl.replace(/\/$/, '');
    await this.outbox.enqueue({
      to: owner.email,
      lang,
      kind: 'registration-attempt',
      subject: t(lang, 'mail.registrationAttempt.subject'),
      text: t(lang, 'mail.registrationAttempt.body', { name: owner.name, login: `${base}/login`, forgot: `${base}/password/forgot` }),
    });
  }

  /** Workers, coordinators and partners. Without a password, an invitation link lets them choose one. */
  async createStaff(input: StaffAccountInput, actor: Actor): Promise<UserDocument> {
    const user = await this.insertUser({
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      role: input.role,
      language: input.language,
      organisation: input.role === 'partner' ? (input.organisation?.trim() ?? null) : null,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      createdBy: actor.id,
    });
    if (input.password) await this.sendVerification(user);
    else await this.sendLink(user, 'invitation');
    await audit({
      actorId: actor.id,
      actorRole: actor.role,
      action: 'account.created',
      targetType: 'user',
      targetId: user.id,
      fields: ['email', 'name', 'role', 'language', ...(user.organisation ? ['organisation'] : [])],
    });
    return user;
  }

  async sendVerification(user: UserDocument): Promise<void> {
    await this.sendLink(user, 'verify-email');
  }

  /** An e-mail carrying a one-time link (LINK_MAILS): the token issued, the link in the person's language. */
  private async sendLink(user: UserDocument, kind: keyof typeof LINK_MAILS): Promise<void> {
    const mail: LinkMail = LINK_MAILS[kind];
    const token = await issueToken(user.id, mail.purpose, mail.minutes(this.config.accounts));
    const lang = user.language;
    const text = t(lang, mail.body, { name: user.name, link: this.link(mail.path, token), ...mail.params(this.config.accounts) });
    await this.outbox.enqueue({ to: user.email, lang, kind, carriesToken: true, subject: t(lang, mail.subject), text });
  }

  /** Checks e-mail and password, with rate limiting and lockout. Throws 401 or 429. */
  async authenticate(email: string, password: string, address: string): Promise<SessionUser> {
    const account = normaliseEmail(email);
    // Claimed before the password is checked: simultaneous guesses get no more checks than a sequence.
    const claim = await this.throttle.claim(account, address);
    const user = await UserModel.findOne<UserDocument>({ email: account });
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    // An account waiting for its confirmation answers like a wrong password: else registering an
    // address with a password of one's own, then signing in with it, would tell whether it was new.
    if (!user || !ok || user.disabledAt || user.pendingSince) {
      await audit({ actorId: user?.id ?? null, action: 'session.login', targetType: 'user', targetId: user?.id ?? null, outcome: 'failed', address });
      throw new UnauthenticatedError('auth.invalidCredentials');
    }
    await this.throttle.succeeded(claim);
    await UserModel.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date() } });
    await audit({ actorId: user.id, actorRole: user.role, action: 'session.login', targetType: 'user', targetId: user.id, address });
    return toSessionUser(user);
  }

  async findSessionUser(id: string, sessionVersion: number): Promise<SessionUser | null> {
    const user = await UserModel.findById<UserDocument>(id);
    if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
    return toSessionUser(user);
  }

  async sessionVersion(id: string): Promise<number> {
    const user = await UserModel.findById(id).select('sessionVersion').lean<{ sessionVersion: number }>();
    return user?.sessionVersion ?? 0;
  }

  /** Confirms the address; a self-registered account waiting for it becomes active (it can sign in). */
  async verifyEmail(token: string): Promise<boolean> {
    const userId = await consumeToken(token, 'verify-email');
    if (!userId) return false;
    await UserModel.updateOne({ _id: userId, emailVerifiedAt: null }, { $set: { emailVerifiedAt: new Date() } });
    const activated = await UserModel.findOneAndUpdate(
      { _id: userId, pendingSince: trusted({ $ne: null }) },
      { $set: { pendingSince: null } },
      { projection: { email: 1 } },
    ).lean<{ email: string }>();
    // Tries made before the account could sign in do not count against it.
    if (activated) await this.throttle.clear(activated.email);
    await audit({ actorId: userId, action: 'account.emailVerified', targetType: 'user', targetId: userId, fields: ['emailVerifiedAt'] });
    return true;
  }

  /** Always looks the same from outside, whether the address has an account or not. */
  async requestPasswordReset(email: string, address = 'unknown'): Promise<void> {
    const account = normaliseEmail(email);
    // Beyond the limit, the same answer without an e-mail: nobody can flood a person's inbox.
    if (
      !(await claimAction([
        { limit: LIMITS.resetPerAddress, key: address },
        { limit: LIMITS.resetPerAccount, key: account },
      ]))
    )
      return;
    const user = await UserModel.findOne<UserDocument>({ email: account });
    if (!user || user.disabledAt) return;
    await this.sendLink(user, 'reset-password');
  }

  /** Sets a new password from a reset or invitation link; every other session of the user ends. */
  async resetPassword(token: string, password: string): Promise<string> {
    const userId = await consumeToken(token, 'reset-password');
    if (!userId) throw new ValidationError([{ path: '/token', messageKey: 'auth.linkInvalid' }], 'auth.linkInvalid');
    // The link came by e-mail, so following it also proves the address.
    const now = new Date();
    await UserModel.updateOne({ _id: userId }, { $set: { passwordHash: await hashPassword(password) }, $inc: { sessionVersion: 1 } });
    await UserModel.updateOne({ _id: userId, emailVerifiedAt: null }, { $set: { emailVerifiedAt: now } });
    await UserModel.updateOne({ _id: userId, pendingSince: trusted({ $ne: null }) }, { $set: { pendingSince: null } });
    // Any other link sent earlier dies with this one, and the login waits are lifted (the message promises it).
    await revokeTokens(userId, 'reset-password', now);
    const user = await UserModel.findById(userId).select('email').lean<{ email: string }>();
    if (user) await this.throttle.clear(user.email);
    await audit({ actorId: userId, action: 'account.passwordReset', targetType: 'user', targetId: userId, fields: ['passwordHash'] });
    return userId;
  }

  async updateProfile(userId: string, fields: { name?: string; language?: Language }): Promise<void> {
    const set: Record<string, string> = {};
    if (fields.name !== undefined) set.name = fields.name.trim();
    if (fields.language !== undefined) set.language = fields.language;
    if (Object.keys(set).length === 0) return;
    await UserModel.updateOne({ _id: userId }, { $set: set });
    await audit({ actorId: userId, action: 'account.updated', targetType: 'user', targetId: userId, fields: Object.keys(set) });
  }

  /** ADMIN_EMAIL/ADMIN_PASSWORD at start: a fresh deployment's first coordinator. */
  async ensureAdmin(email: string, password: string): Promise<void> {
    const account = normaliseEmail(email);
    let existing = await UserModel.findOne<UserDocument>({ email: account });
    if (!existing) {
      try {
        await this.insertUser({
          email: account,
          name: 'Coordination',
          role: 'coordinator',
          language: 'fr',
          passwordHash: await hashPassword(password),
          emailVerifiedAt: new Date(),
        });
        await audit({ action: 'account.bootstrapped', targetType: 'user', fields: ['email', 'role'] });
        return;
      } catch (error) {
        // Two instances starting at once on a fresh database: the other one created it.
        if ((error as { code?: string }).code !== 'EMAIL_TAKEN') throw error;
        existing = await UserModel.findOne<UserDocument>({ email: account });
        if (!existing) throw error;
      }
    }
    const set: Record<string, unknown> = { role: 'coordinator', disabledAt: null };
    if (!(await verifyPassword(existing.passwordHash ?? null, password))) set.passwordHash = await hashPassword(password);
    await UserModel.updateOne({ _id: existing._id }, { $set: set });
  }

  async getUser(id: string): Promise<UserDocument> {
    if (!/^[0-9a-f]{24}$/i.test(id)) throw new NotFoundError();
    const user = await UserModel.findById<UserDocument>(id);
    if (!user) throw new NotFoundError();
    return user;
  }

  /**
   * Erasure of an account: no name, no address, no way in (every session ends), no token; the
   * e-mails kept in the outbox for them lose their text. The id stays, so the audit log still
   * says who did what without saying who that was.
   */
  async pseudonymise(id: string, now = new Date()): Promise<void> {
    const user = await this.getUser(id);
    if (user.get('erasedAt')) return;
    const erasedEmail = `erased-${id}@erased.invalid`;
    await OutboxModel.updateMany({ to: user.email }, { $set: { to: erasedEmail, subject: '—', text: '—' } });
    await OutboxModel.updateMany({ to: erasedEmail, status: 'pending' }, { $set: { status: 'failed', lastError: 'recipient erased' } });
    await AccountTokenModel.deleteMany({ userId: user._id });
    await UserModel.updateOne(
      { _id: user._id },
      {
        $set: {
          email: erasedEmail,
          name: '—',
          organisation: null,
          passwordHash: null,
          emailVerifiedAt: null,
          disabledAt: now,
          erasedAt: now,
          lastLoginAt: null,
        },
        $inc: { sessionVersion: 1 },
      },
    );
  }

  /**
   * The accounts, erased ones apart (`erased: 'only'` lists them alone). `q` is looked for in the
   * name and the e-mail address as plain text: escaped, never a pattern or an operator of the caller's.
   */
  async listUsers(search: UserSearchInput = {}): Promise<UserDocument[]> {
    const filter: Record<string, unknown> = { erasedAt: search.erased === 'only' ? trusted({ $ne: null }) : null };
    const q = search.q?.trim();
    if (q) {
      const contains = containsText(q);
      filter.$or = [{ name: contains }, { email: contains }];
    }
    return await UserModel.find(filter).sort({ role: 1, name: 1 }).limit(500);
  }
}
