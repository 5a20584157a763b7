// The demo's second parent and host (issue 18): the two households of the home-sharing that has the
// demo ledger (ledger-demo.ts) get their own logins, so a parent opens their household ledger and the
// host answers it in the browser. Both records were made by the worker (no owner): the worker links
// each account as the service does for a family referred before the parent had an account
// (intake's AccountLinkService). The demo parent and host of DEMO_LOGINS stay as they were.
import type { App } from '../app.js';
import { UserModel } from '../kernel/auth/user.model.js';
import type { DemoActors } from './intake-demo.js';
import { ledgerDemoCohabitation } from './ledger-demo.js';

/** The logins of the ledger's two households (listed with the others in DEMO_LOGINS). */
export const HOUSEHOLD_LOGINS = { parent: 'parent.ledger@demo.cohabitation.test', host: 'host.ledger@demo.cohabitation.test' } as const;

/** Links the two accounts to the ledger's family and offer; returns the cohabitation's id, or null without one. */
export async function seedHouseholdDemo(app: App, actors: DemoActors): Promise<string | null> {
  const intake = app.named.intake;
  const followup = app.named.followup;
  const c = await ledgerDemoCohabitation(followup);
  if (!c) return null;
  await intake.accounts.linkFamily(actors.worker, c.familyId, HOUSEHOLD_LOGINS.parent);
  await intake.accounts.linkOffer(actors.worker, c.offerId, HOUSEHOLD_LOGINS.host);
  // Each account carries the first name the records already use.
  const family = await intake.families.load(c.familyId);
  const offer = await intake.offers.load(c.offerId);
  const parentName = family.application.parent?.firstName;
  const hostName = offer.application.host?.firstName;
  if (parentName) await UserModel.updateOne({ email: HOUSEHOLD_LOGINS.parent }, { $set: { name: `${parentName} (démo)` } });
  if (hostName) await UserModel.updateOne({ email: HOUSEHOLD_LOGINS.host }, { $set: { name: `${hostName} (démo)` } });
  return String(c._id);
}
