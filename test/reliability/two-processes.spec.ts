// Two shapes of production that one process in a test never shows. Black box: our own engine and
// the app as child processes, as in the other reliability specs.
// 1. Several app instances behind a load balancer on one database: what one instance acknowledged,
//    the other lists at once (the in-process copies of families are kept exact by change markers,
//    kernel/db/collection-cache.ts), for simultaneous creations, submissions and activations.
// 2. The app is killed (SIGKILL) while both parties' answers to several proposals are in flight,
//    between the steps of "accepted → family matched, offer reserved". After the restart the sweep
//    (completeTransitions, ~1 s after start) leaves every proposal consistent, the parties can
//    answer again what was not stored, and every proposal ends accepted with its family matched and
//    its offer reserved.
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { freePort } from '../../src/kernel/db/embedded-engine.js';
import { FAMILY_EXAMPLE, OFFER_EXAMPLE, familyBody, offerBody } from '../helpers/intake-fixtures.js';
import { ADMIN, ApiClient, AppProcess, Engine, sleep, tempDir, type Answer } from './harness.js';

const PASSWORD = 'correct horse battery staple';
const DATABASE = 'reliability';
/** The engine of the running describe block (registered() confirms accounts there). */
let engineUri = '';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Polls `condition` until it holds; fails with `details()` once `limitMs` is over. */
async function until(condition: () => boolean | Promise<boolean>, limitMs: number, what: string, details: () => string = () => ''): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > limitMs) throw new Error(`${what}: not within ${limitMs} ms\n${details()}`);
    await sleep(100);
  }
  return Date.now() - started;
}

/** The answer, or a failure naming the request and the body the app gave. */
function expectStatus(answer: Answer, status: number, what: string): Answer {
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).to.equal(status);
  return answer;
}

/** A worker account created by the coordinator (ADMIN), signed in on each given app. */
async function workerOn(apps: AppProcess[], email: string): Promise<ApiClient[]> {
  const admin = new ApiClient(apps[0]!);
  await admin.login(ADMIN.email, ADMIN.password);
  expectStatus(
    await admin.request('POST', '/api/v1/users', { role: 'worker', email, name: 'Reliability Worker', language: 'en', password: PASSWORD }),
    201,
    'create the worker',
  );
  return Promise.all(
    apps.map(async (app) => {
      const client = new ApiClient(app);
      await client.login(email, PASSWORD);
      return client;
    }),
  );
}

/** A parent or a host who registered themselves, signed in. */
async function registered(app: AppProcess, role: 'parent' | 'host', email: string, name: string): Promise<{ client: ApiClient; id: string }> {
  const client = new ApiClient(app);
  await client.start();
  const created = expectStatus(
    await client.request('POST', '/api/v1/accounts', { role, email, password: PASSWORD, name, language: 'en' }),
    201,
    `register ${email}`,
  );
  // A new account waits for its e-mailed confirmation link (issue 16, finding 7): confirmed here directly.
  const db = new MongoClient(engineUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await db
      .db(DATABASE)
      .collection('users')
      .updateOne({ email }, { $set: { pendingSince: null, emailVerifiedAt: new Date() } });
  } finally {
    await db.close();
  }
  await client.login(email, PASSWORD);
  return { client, id: created.body.user.id as string };
}

/** Ids of a staff list of families (one page of up to 200). */
async function familyIds(client: ApiClient, query: string): Promise<string[]> {
  const page = expectStatus(await client.request('GET', `/api/v1/families?limit=200${query}`), 200, `GET /families?${query}`);
  expect(page.body.total, `total of /families?${query}`).to.equal(page.body.items.length);
  return (page.body.items as { id: string }[]).map((f) => f.id).sort();
}

/** An offer of its host, submitted, inspected by the worker and found conform: `available`. */
async function conformOffer(worker: ApiClient, host: ApiClient, email: string, checklist: string[]): Promise<string> {
  const offer = expectStatus(await host.request('POST', '/api/v1/offers', offerBody({ host: { ...OFFER_EXAMPLE.host, email } })), 201, 'create an offer');
  const id = offer.body.id as string;
  expectStatus(await host.request('POST', `/api/v1/offers/${id}/submit`, { acknowledgeBenefitsWarning: true }), 200, 'submit the offer');
  // Screened (SPEC §11): two positive references and the host's model-2 extract seen clear.
  for (const name of ['Référence A', 'Référence B'])
    expectStatus(await worker.request('POST', `/api/v1/offers/${id}/references`, { name, relation: 'neighbour', outcome: 'positive' }), 201, 'add a reference');
  expectStatus(
    await worker.request('POST', `/api/v1/offers/${id}/record-checks`, { memberIndex: 0, seenOn: new Date().toISOString().slice(0, 10), result: 'clear' }),
    201,
    'record the extract',
  );
  const planned = expectStatus(
    await worker.request('POST', `/api/v1/offers/${id}/inspections`, { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }),
    201,
    'plan the inspection',
  );
  const report = {
    performedAt: new Date().toISOString().slice(0, 10),
    items: checklist.map((code) => ({ code, result: 'pass', note: null })),
    // Measured at the visit: they replace the declared rooms for matching (the offer's two bedrooms).
    rooms: [
      { kind: 'bedroom', surfaceM2: 12, ceilingHeightM: 2.5 },
      { kind: 'bedroom', surfaceM2: 10, ceilingHeightM: 2.5 },
    ],
    dwellingSurfaceM2: 140,
  };
  const outcome = expectStatus(await worker.request('PUT', `/api/v1/inspections/${planned.body.id}/report`, report), 200, 'report the inspection');
  expect(outcome.body.outcome).to.equal('conform');
  return id;
}

interface Pair {
  parent: ApiClient;
  host: ApiClient;
  familyId: string;
  offerId: string;
  proposalId: string;
}

/** A parent's active family and a host's conform offer, proposed to each other by the worker. */
async function pendingPair(app: AppProcess, worker: ApiClient, k: number, checklist: string[]): Promise<Pair> {
  const parentEmail = `parent-${k}@test.example`;
  const hostEmail = `host-${k}@test.example`;
  const [parent, host] = await Promise.all([registered(app, 'parent', parentEmail, `Parent ${k}`), registered(app, 'host', hostEmail, `Host ${k}`)]);
  const family = expectStatus(
    await parent.client.request(
      'POST',
      '/api/v1/families',
      familyBody({ parent: { ...FAMILY_EXAMPLE.parent, lastName: `Killfamily${k}`, email: parentEmail } }),
    ),
    201,
    'create a family',
  );
  const familyId = family.body.id as string;
  expectStatus(await parent.client.request('POST', `/api/v1/families/${familyId}/submit`, { acknowledgeBenefitsWarning: true }), 200, 'submit the family');
  expectStatus(await worker.request('POST', `/api/v1/families/${familyId}/review`, { decision: 'activate' }), 200, 'activate the family');
  const offerId = await conformOffer(worker, host.client, hostEmail, checklist);
  const proposal = expectStatus(await worker.request('POST', '/api/v1/proposals', { familyId, offerId }), 201, 'propose');
  return { parent: parent.client, host: host.client, familyId, offerId, proposalId: proposal.body.id as string };
}

interface PairState {
  status: string;
  responses: { family: string | null; host: string | null };
  family: string;
  offer: string;
}

/** The proposal, its family and its offer as staff read them through the API. */
async function stateOf(worker: ApiClient, pair: Pair): Promise<PairState> {
  const [p, f, o] = await Promise.all([
    worker.request('GET', `/api/v1/proposals/${pair.proposalId}`),
    worker.request('GET', `/api/v1/families/${pair.familyId}`),
    worker.request('GET', `/api/v1/offers/${pair.offerId}`),
  ]);
  for (const a of [p, f, o]) expectStatus(a, 200, 'read a proposal, its family or its offer');
  return { status: p.body.status, responses: p.body.responses, family: f.body.status, offer: o.body.status };
}

/**
 * What the status of a proposal says its family and offer must be. A proposal both parties have
 * accepted is accepted: one still pending with both answers stored is a transition left half-done.
 */
function consistent(s: PairState): boolean {
  if (s.status === 'accepted') return s.family === 'matched' && s.offer === 'reserved';
  if (s.status === 'pending') return s.family === 'proposed' && s.offer === 'available' && !(s.responses.family === 'accept' && s.responses.host === 'accept');
  return false; // nobody declined or cancelled: any other status is wrong
}

const describeState = (s: PairState) =>
  `${s.status} (family ${s.responses.family ?? '-'}, host ${s.responses.host ?? '-'}) family=${s.family} offer=${s.offer}`;

// ---------------------------------------------------------------------------------------------

describe('reliability: two app instances on one database read each other’s writes at once', function () {
  this.timeout(180_000);
  const dirs: ReturnType<typeof tempDir>[] = [];
  const dir = (name: string) => dirs[dirs.push(tempDir(name)) - 1]!.path;
  let engine: Engine;
  const a = new AppProcess();
  const b = new AppProcess();

  before(async () => {
    engine = new Engine(dir('two-instances-engine'), await freePort());
    await engine.start();
    engineUri = engine.uri;
    const uri = `${engine.uri}/${DATABASE}`;
    // One after the other: at start each creates the ADMIN_EMAIL coordinator if it is missing
    // (AccountsService.ensureAdmin reads, then inserts); two at once on a fresh database can make
    // the slower one exit with EMAIL_TAKEN.
    await a.start({ mongodbUri: uri, dataDir: dir('two-instances-a') });
    await b.start({ mongodbUri: uri, dataDir: dir('two-instances-b') });
  });
  after(async () => {
    await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    await engine?.stop();
    for (const dir of dirs) dir.remove();
  });

  it('20 families created and submitted at once through A are all listed through B; 10 activated at once through A and B are exactly the active ones on both', async () => {
    const [onA, onB] = (await workerOn([a, b], 'two-instances-worker@test.example')) as [ApiClient, ApiClient];
    // Both copies are loaded (and empty) before the writes: what follows is the incremental path.
    expect(await familyIds(onA, '')).to.deep.equal([]);
    expect(await familyIds(onB, '')).to.deep.equal([]);

    const started = Date.now();
    const created = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const body = familyBody({ parent: { ...FAMILY_EXAMPLE.parent, lastName: `Twoinstances${String(i).padStart(2, '0')}x`, email: null, phone: null } });
        return expectStatus(await onA.request('POST', '/api/v1/families', body), 201, `create family ${i} through A`).body.id as string;
      }),
    );
    const ids = [...created].sort();
    const draftsOnB = await familyIds(onB, '&status=draft');
    expect(draftsOnB, 'drafts listed through B right after their creation through A').to.deep.equal(ids);

    await Promise.all(
      ids.map(async (id) =>
        expectStatus(await onA.request('POST', `/api/v1/families/${id}/submit`, { acknowledgeBenefitsWarning: true }), 200, `submit ${id} through A`),
      ),
    );
    const allOnB = await familyIds(onB, '');
    const submittedOnB = await familyIds(onB, '&status=submitted');
    expect(allOnB, 'families listed through B').to.deep.equal(ids);
    expect(submittedOnB, 'submitted families listed through B').to.deep.equal(ids);

    const chosen = ids.filter((_, i) => i % 2 === 0); // 10 of them
    await Promise.all(
      chosen.map(async (id, i) => {
        const via = i % 2 === 0 ? onA : onB;
        expectStatus(
          await via.request('POST', `/api/v1/families/${id}/review`, { decision: 'activate' }),
          200,
          `activate ${id} through ${i % 2 === 0 ? 'A' : 'B'}`,
        );
      }),
    );
    const [activeOnA, activeOnB, submittedOnA, stillSubmittedOnB] = await Promise.all([
      familyIds(onA, '&status=active'),
      familyIds(onB, '&status=active'),
      familyIds(onA, '&status=submitted'),
      familyIds(onB, '&status=submitted'),
    ]);
    const elapsed = Date.now() - started;
    console.log(
      `      created 20 through A → B lists ${draftsOnB.length} drafts, then ${submittedOnB.length} submitted; activated ${chosen.length} (A and B alternately)` +
        ` → active on A ${activeOnA.length}, on B ${activeOnB.length}; still submitted on A ${submittedOnA.length}, on B ${stillSubmittedOnB.length}; ${elapsed} ms in all`,
    );
    const rest = ids.filter((id) => !chosen.includes(id));
    expect(activeOnA, 'active families listed through A').to.deep.equal(chosen);
    expect(activeOnB, 'active families listed through B').to.deep.equal(chosen);
    expect(submittedOnA, 'submitted families listed through A').to.deep.equal(rest);
    expect(stillSubmittedOnB, 'submitted families listed through B').to.deep.equal(rest);
  });
});

describe('reliability: the app is killed between the steps of accepting proposals', function () {
  this.timeout(240_000);
  const PAIRS = 8;
  let engineDir: ReturnType<typeof tempDir> | null = null;
  let appDir: ReturnType<typeof tempDir> | null = null;
  let engine: Engine;
  const app = new AppProcess();
  const appOptions = () => ({ mongodbUri: `${engine.uri}/${DATABASE}`, dataDir: appDir!.path });

  before(async () => {
    engineDir = tempDir('kill-transition-engine');
    appDir = tempDir('kill-transition-app');
    engine = new Engine(engineDir.path, await freePort());
    await engine.start();
    engineUri = engine.uri;
    await app.start(appOptions());
  });
  after(async () => {
    await app.kill('SIGTERM');
    await engine?.stop();
    engineDir?.remove();
    appDir?.remove();
  });

  it('leaves every proposal consistent after the restart, lets the parties answer again what was not stored, and ends with every proposal accepted', async () => {
    const [worker] = (await workerOn([app], 'kill-transition-worker@test.example')) as [ApiClient];
    const checklist = expectStatus(await worker.request('GET', '/api/v1/conformity/checklist'), 200, 'the checklist').body.items.map(
      (i: { code: string }) => i.code,
    ) as string[];
    const pairs = await Promise.all(Array.from({ length: PAIRS }, (_, k) => pendingPair(app, worker, k, checklist)));
    for (const pair of pairs) expect(consistent(await stateOf(worker, pair)), 'a fresh proposal').to.equal(true);

    // Every answer of both parties at once; the app is killed as soon as the first one is acknowledged.
    type Shot = { pair: Pair; party: 'family' | 'host'; answer: Answer | null };
    let kill: Promise<void> | null = null;
    const fire = async (pair: Pair, party: 'family' | 'host'): Promise<Shot> => {
      const client = party === 'family' ? pair.parent : pair.host;
      try {
        const answer = await client.request('POST', `/api/v1/proposals/${pair.proposalId}/responses`, { decision: 'accept' });
        if (answer.status === 200) kill ??= app.kill('SIGKILL');
        return { pair, party, answer };
      } catch {
        return { pair, party, answer: null }; // no answer: killed while in flight
      }
    };
    const shots = await Promise.all(pairs.flatMap((pair) => [fire(pair, 'family'), fire(pair, 'host')]));
    expect(kill, 'the app was killed after a first acknowledged answer').to.not.equal(null);
    await kill;
    const acknowledged = shots.filter((s) => s.answer?.status === 200);
    const unanswered = shots.filter((s) => s.answer === null);
    const otherAnswers = shots.filter((s) => s.answer && s.answer.status !== 200);
    expect(
      otherAnswers.map((s) => `${s.answer!.status} ${JSON.stringify(s.answer!.body)}`),
      'answers other than 200 before the kill',
    ).to.deep.equal([]);
    expect(unanswered.length, 'answers interrupted by the kill').to.be.greaterThan(0);

    // What the kill left, read from the database while the app is down (for the figures only).
    const db = new MongoClient(engine.uri, { serverSelectionTimeoutMS: 5_000 });
    let left: string;
    try {
      const proposals = await db.db(DATABASE).collection<{ status: string; responses?: { family?: unknown; host?: unknown } }>('proposals').find({}).toArray();
      const families = await db.db(DATABASE).collection<{ status: string }>('families').find({}).toArray();
      const offers = await db.db(DATABASE).collection<{ status: string }>('offers').find({}).toArray();
      const count = (xs: { status: string }[]) =>
        Object.entries(xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x.status]: (m[x.status] ?? 0) + 1 }), {}))
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
      const answersStored = proposals.map((p) => (p.responses?.family ? 1 : 0) + (p.responses?.host ? 1 : 0));
      left = `proposals: ${count(proposals)} (answers stored ${answersStored.join('/')}); families: ${count(families)}; offers: ${count(offers)}`;
    } finally {
      await db.close();
    }

    const restartedAt = Date.now();
    await app.start(appOptions());
    const upInMs = Date.now() - restartedAt;
    let states = new Map<Pair, PairState>();
    const read = async () => {
      states = new Map(await Promise.all(pairs.map(async (p) => [p, await stateOf(worker, p)] as const)));
      return [...states.values()].every(consistent);
    };
    const report = () =>
      [`left by the kill: ${left}`, ...pairs.map((p) => `${p.proposalId}: ${states.has(p) ? describeState(states.get(p)!) : 'not read'}`)].join('\n');
    // The sweep runs about a second after the start.
    await until(read, 20_000, 'every proposal consistent after the restart', report);
    const consistentInMs = Date.now() - restartedAt;
    const afterRestart = [...states.values()];

    // Every acknowledged answer was stored.
    for (const s of acknowledged) expect(states.get(s.pair)!.responses[s.party], `acknowledged ${s.party} answer to ${s.pair.proposalId}`).to.equal('accept');

    // The parties answer again what got no answer, all at once: what was not stored is taken (200);
    // what was stored is refused as already answered (409), never a 500.
    const retries = await Promise.all(
      unanswered.map(async (s) => {
        const stored = states.get(s.pair)!.responses[s.party] !== null;
        const client = s.party === 'family' ? s.pair.parent : s.pair.host;
        return { ...s, stored, answer: await client.request('POST', `/api/v1/proposals/${s.pair.proposalId}/responses`, { decision: 'accept' }) };
      }),
    );
    for (const r of retries) {
      const what = `retry of the ${r.party} answer to ${r.pair.proposalId} (${r.stored ? 'stored' : 'not stored'} before the retry): ${r.answer.status} ${JSON.stringify(r.answer.body)}`;
      if (!r.stored) {
        expect(r.answer.status, what).to.equal(200);
      } else {
        expect(r.answer.status, what).to.equal(409);
        // Pending: this party has answered. Accepted meanwhile (both answers stored): no longer pending.
        expect(r.answer.body?.error?.code, what).to.be.oneOf(['ALREADY_ANSWERED', 'PROPOSAL_NOT_PENDING']);
        if (r.answer.body?.error?.code === 'PROPOSAL_NOT_PENDING') expect((await stateOf(worker, r.pair)).status, what).to.equal('accepted');
      }
    }

    // In the end: every proposal accepted, its family matched, its offer reserved. Nothing stuck.
    const settledInMs = await until(
      async () => (await read()) && [...states.values()].every((s) => s.status === 'accepted'),
      10_000,
      'every proposal accepted, family matched, offer reserved after the retries',
      () =>
        pairs
          .map((p) => {
            const answers = retries
              .filter((r) => r.pair === p)
              .map((r) => `${r.party} retried → ${r.answer.status} ${r.answer.body?.error?.code ?? ''}`.trim());
            return `${p.proposalId}: ${describeState(states.get(p)!)}${answers.length ? `; ${answers.join(', ')}` : ''}`;
          })
          .join('\n'),
    );
    const howMany = (status: string) => afterRestart.filter((s) => s.status === status).length;
    console.log(
      `      ${PAIRS} proposals, ${shots.length} answers at once: ${acknowledged.length} acknowledged before the kill, ${unanswered.length} interrupted; left by the kill: ${left}` +
        `; app up ${upInMs} ms after the restart, consistent ${consistentInMs} ms after (accepted ${howMany('accepted')}, pending ${howMany('pending')})` +
        `; retries: ${retries.filter((r) => r.answer.status === 200).length} × 200, ${retries.filter((r) => r.answer.status === 409).length} × 409; all accepted ${settledInMs} ms after the retries`,
    );
  });
});
