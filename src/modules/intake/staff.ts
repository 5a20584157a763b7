import { isActiveStaff } from '../../kernel/auth/user.directory.js';
import { ValidationError } from '../../kernel/errors.js';

/** A case is assigned to a worker or a coordinator, never to another kind of account. */
export async function assertStaffAccount(userId: string): Promise<void> {
  if (!(await isActiveStaff(userId))) throw new ValidationError([{ path: '/workerId', messageKey: 'intake.casework.notAWorker' }]);
}
