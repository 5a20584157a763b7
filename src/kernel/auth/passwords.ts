import argon2 from 'argon2';
import { loadConfig, type PasswordCost } from '../config.js';

// argon2id at config.passwordHashing: OWASP's 19 MiB, 2 passes in production (a login under ~50 ms on
// 2 cores); tests use a far lower cost. Every hash records its own parameters, so hashes made at one
// cost keep verifying after the cost changes.
let cost: PasswordCost | null = null;

/** Sets the cost for this process (tests, from their config). Without it, the process's config is read once. */
export function usePasswordCost(next: PasswordCost): void {
  cost = { memoryCost: next.memoryCost, timeCost: next.timeCost };
}

function options() {
  cost ??= loadConfig().passwordHashing;
  return { type: argon2.argon2id, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 } as const;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options());
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    // Same work as a real check, so response time does not tell whether the account exists.
    await argon2.hash(password, options());
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
