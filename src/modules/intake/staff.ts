import { UserModel } from '../../kernel/auth/user.model.js';
import { ValidationError } from '../../kernel/errors.js';

/** A case is assigned to a worker or a coordinator, never to another kind of account. */
export async function assertStaffAccount(userId: string): Promise<void> {
  const user = await UserModel.findById(userId).select('role disabledAt').lean<{ role: string; disabledAt: Date | null }>();
  if (!user || user.disabledAt || (user.role !== 'worker' && user.role !== 'coordinator')) {
    throw new ValidationError([{ path: '/workerId', messageKey: 'intake.casework.notAWorker' }]);
  }
}
