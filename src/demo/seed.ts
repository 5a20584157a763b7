// Demo data for `npm start` (never in production): one account per role with a known password.
// The stages' demo records (families, offers, inspections, cohabitations) are added by their issues,
// from a fixed seed so every start of a fresh clone shows the same service. Intake's families and
// offers: intake-demo.ts; proposals, cohabitations and endings on top of them: followup-demo.ts.
import mongoose from 'mongoose';
import type { App } from '../app.js';
import { hashPassword } from '../kernel/auth/passwords.js';
import { UserModel } from '../kernel/auth/user.model.js';
import type { Role } from '../kernel/auth/roles.js';
import { withoutUnusualAccessAlerts } from '../kernel/audit/unusual-access.js';
import type { Actor } from '../modules/intake/actor.js';
import { seedFollowupDemo } from './followup-demo.js';
import { seedDirectoryDemo } from './directory-demo.js';
import { seedIntakeDemo, type DemoActors } from './intake-demo.js';
import { seedSchoolDemo } from './school-demo.js';
import { HOUSEHOLD_LOGINS, seedHouseholdDemo } from './household-demo.js';

export const DEMO_LOGINS = {
  password: 'demo-cohabitation-2026',
  accounts: [
    { role: 'coordinator', email: 'coordinator@demo.cohabitation.test', name: 'Nadia Coordination' },
    { role: 'worker', email: 'worker@demo.cohabitation.test', name: 'Karim Accompagnement' },
    { role: 'partner', email: 'partner@demo.cohabitation.test', name: 'Élise Van Hove (démo)', organisation: 'CPAS de Forest' },
    { role: 'parent', email: 'parent@demo.cohabitation.test', name: 'Sarah (démo)' },
    { role: 'host', email: 'host@demo.cohabitation.test', name: 'Jean (démo)' },
    // The two households of the home-sharing with the demo ledger (household-demo.ts; named after it when seeded).
    { role: 'parent', email: HOUSEHOLD_LOGINS.parent, name: 'Parent du carnet (démo)' },
    { role: 'host', email: HOUSEHOLD_LOGINS.host, name: 'Hôte du carnet (démo)' },
  ] satisfies { role: Role; email: string; name: string; organisation?: string }[],
};

const MARKER_ID = 'demo-seed-v1';

/** Returns true when it created the data, false when it was already there. */
export async function seedDemoData(app: App): Promise<boolean> {
  const meta = mongoose.connection.collection<{ _id: string; at: Date }>('meta');
  if (await meta.findOne({ _id: MARKER_ID })) return false;
  const passwordHash = await hashPassword(DEMO_LOGINS.password);
  const now = new Date();
  for (const account of DEMO_LOGINS.accounts) {
    const exists = await UserModel.exists({ email: account.email });
    if (!exists) await UserModel.create({ ...account, language: 'fr', passwordHash, emailVerifiedAt: now });
  }
  const actors = await demoActors();
  // Seeding reads every case on purpose: not the unusual access the audit alert is about.
  await withoutUnusualAccessAlerts(async () => {
    await seedDirectoryDemo(app, actors);
    const intake = await seedIntakeDemo(app, actors, now);
    if (intake.families > 0) await seedFollowupDemo(app, actors, now);
    if (intake.families > 0) await seedSchoolDemo(app, actors, now);
    if (intake.families > 0) await seedHouseholdDemo(app, actors);
  });
  await meta.insertOne({ _id: MARKER_ID, at: now });
  return true;
}

/** The demo accounts as the services' actors, read back by e-mail (the first account of each role). */
async function demoActors(): Promise<DemoActors> {
  const actors: Partial<DemoActors> = {};
  for (const account of DEMO_LOGINS.accounts) {
    if (actors[account.role]) continue;
    const user = await UserModel.findOne({ email: account.email }).select('role name').lean<{ _id: unknown; role: Role; name: string }>();
    if (!user) throw new Error(`demo account ${account.email} is missing`);
    const actor: Actor = { id: String(user._id), role: user.role, name: user.name };
    actors[account.role] = actor;
  }
  return actors as DemoActors;
}
