// Retention (GDPR Art. 5(1)(e)): closed cases are pseudonymised once they have been closed for the
// configured number of months (config privacy.retentionMonths), like an erasure by the system.
// Accounts of parents and hosts with nothing left and no sign of life for as long go the same way.
import { dormantAccounts } from '../../kernel/auth/user.directory.js';
import { trusted } from '../../kernel/db/connection.js';
import type { Logger } from 'pino';
import { SYSTEM, type FamilyService, type OfferService } from '../intake/index.js';
import type { ErasureService } from './erasure.service.js';

export const RETENTION_REASON = 'retention';

export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

export async function applyRetention(
  deps: { erasure: ErasureService; families: FamilyService; offers: OfferService; logger?: Logger },
  months: number,
  now = new Date(),
): Promise<{ families: number; offers: number; accounts: number }> {
  const cutoff = retentionCutoff(now, months);
  const done = { families: 0, offers: 0, accounts: 0 };
  const old = { erasedAt: null, updatedAt: trusted({ $lt: cutoff }) };
  for (const f of await deps.families.idsWhere({ ...old, status: trusted({ $in: ['closed', 'rejected'] }) })) {
    await deps.erasure.eraseFamily(SYSTEM, f, RETENTION_REASON, now);
    done.families++;
  }
  for (const o of await deps.offers.idsWhere({ ...old, status: trusted({ $in: ['closed'] }) })) {
    await deps.erasure.eraseOffer(SYSTEM, o, RETENTION_REASON, now);
    done.offers++;
  }
  for (const user of await dormantAccounts(cutoff)) {
    const owned = await deps.erasure.recordsOf(user.id, user.role);
    const live = [
      ...(await Promise.all(owned.familyIds.map((id) => deps.families.load(id)))),
      ...(await Promise.all(owned.offerIds.map((id) => deps.offers.load(id)))),
    ].filter((r) => !r.erasedAt);
    if (live.length) continue;
    await deps.erasure.eraseUser(SYSTEM, user.id, RETENTION_REASON, now);
    done.accounts++;
  }
  if (done.families + done.offers + done.accounts) deps.logger?.info(done, 'retention: records pseudonymised');
  return done;
}
