// What the rest of the app may read about accounts: how to reach a person (e-mail, name, language, organisation),
// who the coordinators and the staff are, names behind ids, dormant accounts. The only code outside kernel/auth's services that
// reads the user collection; the modules never query it themselves.
import type { Language } from '../config.js';
import { trusted } from '../db/connection.js';
import { isLanguage } from '../i18n/index.js';
import { UserModel } from './user.model.js';
import type { Role } from './roles.js';
import { isObjectId } from '../db/object-id.js';

export interface Contact {
  id: string;
  email: string;
  name: string;
  language: Language;
}

type Stored = { _id: unknown; email: string; name: string; language?: string; role: Role };
const toContact = (u: Stored): Contact => ({ id: String(u._id), email: u.email, name: u.name, language: isLanguage(u.language) ? u.language : 'fr' });

/** How to reach this account's person, or null (no such account, or not an account id). */
export async function contactOf(userId: string | null | undefined): Promise<Contact | null> {
  if (!isObjectId(userId)) return null;
  const user = await UserModel.findById(userId).select('email name language role').lean<Stored>();
  return user ? toContact(user) : null;
}

/** The organisation this account belongs to (a partner's, given when the account was made), or null. */
export async function organisationOf(userId: string | null | undefined): Promise<string | null> {
  if (!isObjectId(userId)) return null;
  const user = await UserModel.findById(userId).select('organisation').lean<{ organisation?: string | null }>();
  return user?.organisation || null;
}

/** The coordinators who can still sign in (alerts and requests go to them). */
export async function activeCoordinators(): Promise<Contact[]> {
  const users = await UserModel.find({ role: 'coordinator', disabledAt: null, erasedAt: null }).select('email name language role').lean<Stored[]>();
  return users.map(toContact);
}

/** id → name and e-mail for the given account ids (others, like "system", are left out). */
export async function accountsById(ids: Iterable<string | null | undefined>): Promise<Map<string, { name: string; email: string; role: Role }>> {
  const wanted = [...new Set([...ids].filter(isObjectId))];
  if (wanted.length === 0) return new Map();
  const users = await UserModel.find({ _id: trusted({ $in: wanted }) })
    .select('email name role')
    .lean<Stored[]>();
  return new Map(users.map((u) => [String(u._id), { name: u.name, email: u.email, role: u.role }]));
}

/** The account id behind an e-mail address, or null. */
export async function accountIdByEmail(email: string): Promise<string | null> {
  const user = await UserModel.findOne({ email: email.trim().toLowerCase() }).select('_id').lean<{ _id: unknown }>();
  return user ? String(user._id) : null;
}

/** The account behind an e-mail address with its role and whether it can still be used (a link to a record), or null. */
export async function accountByEmail(email: string): Promise<{ id: string; role: Role; name: string; usable: boolean } | null> {
  const user = await UserModel.findOne({ email: email.trim().toLowerCase() })
    .select('role name disabledAt erasedAt')
    .lean<{ _id: unknown; role: Role; name: string; disabledAt: Date | null; erasedAt: Date | null }>();
  return user ? { id: String(user._id), role: user.role, name: user.name, usable: !user.disabledAt && !user.erasedAt } : null;
}

/** Workers and coordinators who can still sign in, by name (a case is assigned to one of them). */
export async function activeStaff(): Promise<{ id: string; name: string; role: 'worker' | 'coordinator' }[]> {
  const roles: Role[] = ['worker', 'coordinator'];
  const users = await UserModel.find({ role: trusted({ $in: roles }), disabledAt: null, erasedAt: null })
    .select('name role')
    .sort({ name: 1 })
    .lean<{ _id: unknown; name: string; role: 'worker' | 'coordinator' }[]>();
  return users.map((u) => ({ id: String(u._id), name: u.name, role: u.role }));
}

/** Whether this id is a worker's or a coordinator's account that can still sign in. */
export async function isActiveStaff(userId: string): Promise<boolean> {
  if (!isObjectId(userId)) return false;
  const user = await UserModel.findById(userId).select('role disabledAt').lean<{ role: Role; disabledAt: Date | null }>();
  return !!user && !user.disabledAt && (user.role === 'worker' || user.role === 'coordinator');
}

/** Parents' and hosts' accounts not used since `cutoff` and not erased (retention). */
export async function dormantAccounts(cutoff: Date): Promise<{ id: string; role: Role }[]> {
  const users = await UserModel.find({
    role: trusted({ $in: ['parent', 'host'] as Role[] }),
    erasedAt: null,
    $or: [{ lastLoginAt: trusted({ $lt: cutoff }) }, { lastLoginAt: null, createdAt: trusted({ $lt: cutoff }) }],
  })
    .select('_id role')
    .lean<{ _id: unknown; role: Role }[]>();
  return users.map((u) => ({ id: String(u._id), role: u.role }));
}
