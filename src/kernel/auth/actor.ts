import type { Request } from 'express';
import { UnauthenticatedError } from '../errors.js';
import type { Role } from './roles.js';

/** Who acts: a signed-in person, or the system (scheduled work, another module's hand-off). */
export interface Actor {
  id: string;
  role: Role | 'system';
  name: string;
}

export const SYSTEM: Actor = { id: 'system', role: 'system', name: 'Cohabitation' };

export function isStaff(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'worker' || actor.role === 'coordinator';
}

/** The signed-in person of a request; a route's policy has already turned anonymous visitors away. */
export function actorOf(req: Request): Actor {
  if (!req.user) throw new UnauthenticatedError();
  return { id: req.user.id, role: req.user.role, name: req.user.name };
}
