// Names of people for the worker's pages: the staff accounts a case can be assigned to, and the
// names behind the ids in a case's history (from the kernel's user directory).
import { accountsById, activeStaff } from '../../../kernel/auth/user.directory.js';

export interface StaffAccount {
  id: string;
  name: string;
  role: 'worker' | 'coordinator';
}

/** Workers and coordinators who can still sign in, by name. */
export function staffAccounts(): Promise<StaffAccount[]> {
  return activeStaff();
}

/** id → name for the given user ids (others, like "system", are left out). */
export async function userNames(ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  return new Map([...(await accountsById(ids))].map(([id, account]) => [id, account.name]));
}
