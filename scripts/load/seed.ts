// Loads the data set of the load run through intake's real services (so validation, derived fields,
// history and sealed fields are exactly what the app itself writes): active families and available
// offers spread over the region's communes, and a pool of worker accounts for the login run.
import type { App } from '../../src/app.js';
import { hashPassword } from '../../src/kernel/auth/passwords.js';
import { UserModel } from '../../src/kernel/auth/user.model.js';
import { REGION } from '../../src/kernel/region.js';
import type { Actor } from '../../src/modules/intake/actor.js';
import type { IntakeModule } from '../../src/modules/intake/index.js';
import { familyBody, offerBody } from '../../test/helpers/intake-fixtures.js';

export const LOAD_PASSWORD = 'load-run-password-2026';

/** Small deterministic generator: the same data set on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Runs `task(i)` for i in [0, count) with `width` at a time. */
async function pool(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

export async function createWorkers(count: number): Promise<{ actor: Actor; email: string }[]> {
  const passwordHash = await hashPassword(LOAD_PASSWORD);
  const workers = [];
  for (let i = 0; i < count; i++) {
    const email = `load-worker-${i}@load.test`;
    const user = await UserModel.create({ email, name: `Load worker ${i}`, role: 'worker', language: 'en', passwordHash, emailVerifiedAt: new Date() });
    workers.push({ actor: { id: String(user._id), role: 'worker' as const, name: `Load worker ${i}` }, email });
  }
  return workers;
}

export async function seedFamilies(app: App, actor: Actor, count: number, onProgress: (done: number) => void): Promise<string[]> {
  const intake = app.modules.find((m) => m.name === 'intake') as IntakeModule;
  const rnd = random(7);
  const communes = REGION.communes.map((c) => c.code);
  const ids: string[] = new Array(count);
  let done = 0;
  await pool(count, 6, async (i) => {
    const base = familyBody();
    const pick = () => communes[Math.floor(rnd() * communes.length)]!;
    const body = familyBody({
      parent: { ...base.parent, firstName: `Parent${i}`, lastName: `Load${i}`, email: null, phone: null },
      children: i % 3 === 0 ? [base.children[0]!] : base.children,
      situation: { ...base.situation, urgency: 1 + (i % 4) },
      needs: { ...base.needs, communes: [...new Set([pick(), pick()])], maxMonthlyContribution: 400 + Math.floor(rnd() * 400) },
    });
    const id = String((await intake.families.create(actor, body))._id);
    await intake.families.submit(actor, id, { acknowledgeBenefitsWarning: true });
    await intake.families.review(actor, id, 'activate', undefined);
    ids[i] = id;
    if (++done % 200 === 0) onProgress(done);
  });
  return ids;
}

export async function seedOffers(app: App, actor: Actor, count: number, onProgress: (done: number) => void): Promise<string[]> {
  const intake = app.modules.find((m) => m.name === 'intake') as IntakeModule;
  const rnd = random(11);
  const ids: string[] = new Array(count);
  let done = 0;
  await pool(count, 6, async (i) => {
    const base = offerBody();
    const commune = REGION.communes[Math.floor(rnd() * REGION.communes.length)]!;
    const body = offerBody({
      host: { ...base.host, firstName: `Host${i}`, lastName: `Load${i}`, email: null, phone: null },
      address: { ...base.address, number: String(1 + (i % 200)), postalCode: commune.postalCodes[0]!, commune: commune.code },
      contribution: { ...base.contribution, monthlyRent: 250 + Math.floor(rnd() * 300) },
    });
    const id = String((await intake.offers.create(actor, body))._id);
    await intake.offers.submit(actor, id);
    await intake.offers.transition(actor, id, 'inspection');
    const now = new Date();
    await intake.offers.recordInspection(actor, id, {
      inspectionId: `load-${i}`,
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: now,
      validUntil: new Date(now.getTime() + 365 * 86_400_000),
      remarksDeadline: null,
    });
    ids[i] = id;
    if (++done % 200 === 0) onProgress(done);
  });
  return ids;
}
