import type { Language } from '../config.js';
import type { Role } from './roles.js';

/** What a request knows about who is signed in (req.user). */
export interface SessionUser {
  id: string;
  role: Role;
  name: string;
  email: string;
  language: Language;
  emailVerified: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}
