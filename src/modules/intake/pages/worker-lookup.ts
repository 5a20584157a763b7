// Names of people for the worker's pages: the staff accounts a case can be assigned to, and the
// names behind the ids in a case's history. The only database read of these pages outside
// intake's services (user names live in the kernel's user model; no service lists them).
import { UserModel } from '../../../kernel/auth/user.model.js';
import { trusted } from '../../../kernel/db/connection.js';
import { isObjectId } from '../util.js';

export interface StaffAccount {
  id: string;
  name: string;
  role: 'worker' | 'coordinator';
}

/** Workers and coordinators who can still sign in, by name. */
export async function staffAccounts(): Promise<StaffAccount[]> {
  const roles: StaffAccount['role'][] = ['worker', 'coordinator'];
  const users = await UserModel.find({ role: trusted({ $in: roles }), disabledAt: null })
    .select('name role')
    .sort({ name: 1 })
    .lean<{ _id: unknown; name: string; role: StaffAccount['role'] }[]>();
  return users.map((u) => ({ id: String(u._id), name: u.name, role: u.role }));
}

/** id → name for the given user ids (others, like "system", are left out). */
export async function userNames(ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => isObjectId(id)))];
  if (wanted.length === 0) return new Map();
  const users = await UserModel.find({ _id: trusted({ $in: wanted }) })
    .select('name')
    .lean<{ _id: unknown; name: string }[]>();
  return new Map(users.map((u) => [String(u._id), u.name]));
}
