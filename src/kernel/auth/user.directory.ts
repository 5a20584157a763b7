// What the rest of the app may read about accounts: how to reach a person (e-mail, name, language),
// who the coordinators are, names behind ids. The only code outside kernel/auth's services that
// reads the user collection; the modules never query it themselves.
import type { Language } from '../config.js';
import { trusted } from '../db/connection.js';
import { isLanguage } from '../i18n/index.js';
import { UserModel } from './user.model.js';
import type { Role } from './roles.js';

export interface Contact {
  id: string;
  email: string;
  name: string;
  language: Language;
}

type Stored = { _id: unknown; email: string; name: string; language?: string; role: Role };
const isObjectId = (id: unknown): id is string => typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id);
const toContact = (u: Stored): Contact => ({ id: String(u._id), email: u.email, name: u.name, language: isLanguage(u.language) ? u.language : 'fr' });

/** How to reach this account's person, or null (no such account, or not an account id). */
export async function contactOf(userId: string | null | undefined): Promise<Contact | null> {
  if (!isObjectId(userId)) return null;
  const user = await UserModel.findById(userId).select('email name language role').lean<Stored>();
  return user ? toContact(user) : null;
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
  const users = await UserModel.find({ _id: trusted({ $in: wanted }) }).select('email name role').lean<Stored[]>();
  return new Map(users.map((u) => [String(u._id), { name: u.name, email: u.email, role: u.role }]));
}

/** The account id behind an e-mail address, or null. */
export async function accountIdByEmail(email: string): Promise<string | null> {
  const user = await UserModel.findOne({ email: email.trim().toLowerCase() }).select('_id').lean<{ _id: unknown }>();
  return user ? String(user._id) : null;
}
