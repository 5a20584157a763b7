import type { Role } from '../../kernel/auth/roles.js';

/** Who acts: a signed-in person, or the system (scheduled work, another module's hand-off). */
export interface Actor {
  id: string;
  role: Role | 'system';
  name: string;
}

export const SYSTEM: Actor = { id: 'system', role: 'system', name: 'Cohabitation' };

export function isStaff(actor: Actor): boolean {
  return actor.role === 'worker' || actor.role === 'coordinator';
}
