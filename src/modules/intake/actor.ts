// Intake's files name the actor from here; the one declaration is the kernel's (kernel/auth/actor.ts).
export { SYSTEM, isStaff, type Actor } from '../../kernel/auth/actor.js';
