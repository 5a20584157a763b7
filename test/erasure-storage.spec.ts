// Issue 16, finding 13: after an erasure, the erased person's name and e-mail must be nowhere in the
// engine's data file (not in old versions of the records either), and the free text a worker or a
// host writes about a person (the bedrooms override's reason, a decline reason) is sealed at rest.
// This file runs its own embedded engine, in a data directory of its own, so that it can read the
// raw bytes of that engine's file.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSealed } from '../src/kernel/crypto/envelope.js';
import { startEmbeddedEngine, type EmbeddedEngine } from '../src/kernel/db/embedded-engine.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { ProposalModel } from '../src/modules/matching/proposal.model.js';
import { ENGINE_JAR } from './helpers/root-hooks.js';
import { apiLogin, apiSend, createUser, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

/** Distinctive values for one case (`tag` keeps the cases of this file apart). */
const canaries = (tag: string) => ({
  firstName: `Zorglubine${tag}`,
  lastName: `Qwertyuiopova${tag}`,
  email: `zorglubine.qwertyuiopova.${tag.toLowerCase()}@canary.example`,
  account: `Zorglubine Accountname-${tag}`,
  override: `CANARY-override-reason-${tag}`,
  decline: `CANARY-decline-reason-${tag}`,
  special: `CANARY-special-needs-${tag}`,
});

describe('erasure leaves nothing in the engine’s file; free text about a person is sealed (issue 16, finding 13)', function () {
  const embedded = !process.env.MONGODB_URI;
  let engine: EmbeddedEngine | null = null;
  let dataDir = '';
  let sharedUri: string | undefined;
  before(async function () {
    if (!embedded) return;
    this.timeout(60_000);
    dataDir = mkdtempSync(join(tmpdir(), 'cohabitation-erasure-storage-'));
    engine = await startEmbeddedEngine({ jar: ENGINE_JAR, dataDir, quickJit: true });
    sharedUri = process.env.TEST_MONGODB_URI;
    process.env.TEST_MONGODB_URI = engine.uri;
  });
  const ctx = useTestApp();
  after(async function () {
    this.timeout(30_000);
    if (!embedded) return;
    process.env.TEST_MONGODB_URI = sharedUri;
    await engine?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const dataFile = () => readFileSync(join(dataDir, 'engine', 'cohabitation.mv.db')).toString('latin1');
  const post = (s: SignedIn, path: string, body?: object) => apiSend(s, 'post', path, body);
  const put = (s: SignedIn, path: string, body?: object) => apiSend(s, 'put', path, body);
  const intake = () => ctx.app.named.intake;

  let worker: SignedIn;
  let coordinator: SignedIn;
  before(async () => {
    worker = await signedInAs(ctx, 'worker');
    coordinator = await signedInAs(ctx, 'coordinator');
  });

  /** A parent with distinctive name and e-mail, whose family has a bedrooms override and a proposal the host declined. */
  async function declinedCase(CANARY: ReturnType<typeof canaries>) {
    const user = await createUser('parent', { email: CANARY.email, name: CANARY.account });
    const agent = ctx.request();
    const parent: SignedIn = { agent, token: await apiLogin(agent, user.email), id: user.id, email: user.email };
    const body = familyBody();
    const application = {
      ...body,
      parent: { ...body.parent, firstName: CANARY.firstName, lastName: CANARY.lastName, email: CANARY.email },
      children: body.children.map((c, i) => (i ? c : { ...c, specialNeeds: CANARY.special })),
    };
    const familyId = (await post(parent, '/families', application).expect(201)).body.id as string;
    await post(parent, `/families/${familyId}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await post(worker, `/families/${familyId}/review`, { decision: 'activate' }).expect(200);
    // Many changes of the record, as a real case has (each one a new version in the engine's file).
    for (let i = 0; i < 5; i++) await post(worker, `/families/${familyId}/interviews`, { date: '2026-11-0' + (i + 1), summary: `interview ${i}` }).expect(201);
    const current = (await worker.agent.get(`/api/v1/families/${familyId}`).expect(200)).body;
    await put(worker, `/families/${familyId}/bedrooms`, { value: (current.bedrooms?.computed ?? 1) + 1, reason: CANARY.override }).expect(200);

    const host = await signedInAs(ctx, 'host');
    const offerId = (await post(host, '/offers', offerBody()).expect(201)).body.id as string;
    await post(host, `/offers/${offerId}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, offerId, 'inspection');
    await intake().offers.recordInspection(SYSTEM, offerId, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake().offers, offerId);
    const proposalId = (await post(worker, '/proposals', { familyId, offerId }).expect(201)).body.id as string;
    await post(host, `/proposals/${proposalId}/responses`, { decision: 'decline', reason: CANARY.decline }).expect(200);
    return { parent, host, familyId, offerId, proposalId };
  }

  it('the bedrooms override’s reason, a child’s special needs and a decline reason are stored sealed, and read back by staff', async () => {
    const CANARY = canaries('Sa');
    const { familyId, proposalId } = await declinedCase(CANARY);
    const family = await FamilyModel.findById(familyId).lean<{
      bedrooms: { override: { reason: unknown } };
      application: { children: { specialNeeds?: unknown }[] };
      events: { reason?: string | null }[];
    }>();
    expect(isSealed(family!.bedrooms.override.reason), 'override reason sealed').to.equal(true);
    expect(isSealed(family!.application.children[0]!.specialNeeds), 'special needs sealed').to.equal(true);
    expect(JSON.stringify(family!.events)).not.to.contain(CANARY.override).and.not.to.contain(CANARY.decline);
    const proposal = await ProposalModel.findById(proposalId).lean();
    expect(isSealed(proposal!.responses!.host!.reason), 'decline reason sealed').to.equal(true);
    expect(isSealed(proposal!.closedReason), 'closed reason sealed').to.equal(true);
    for (const e of proposal!.events) if (e.reason) expect(isSealed(e.reason), `event ${e.type} reason sealed`).to.equal(true);

    const read = (await worker.agent.get(`/api/v1/families/${familyId}`).expect(200)).body;
    expect(read.casework.bedrooms.override.reason).to.equal(CANARY.override);
    expect(read.children[0].specialNeeds).to.equal(CANARY.special);
    const p = (await worker.agent.get(`/api/v1/proposals/${proposalId}`).expect(200)).body;
    expect(JSON.stringify(p)).to.contain(CANARY.decline);
  });

  it('a value stored before sealing (plain) is still read, and an erasure scrubs it', async () => {
    const { familyId, parent } = await declinedCase(canaries('Pl'));
    await FamilyModel.updateOne({ _id: familyId }, { $set: { 'bedrooms.override.reason': 'plain old reason' } });
    const read = (await worker.agent.get(`/api/v1/families/${familyId}`).expect(200)).body;
    expect(read.casework.bedrooms.override.reason).to.equal('plain old reason');
    await post(coordinator, `/users/${parent.id}/erase`, { reason: 'request of the person' }).expect(200);
    const stored = await FamilyModel.findById(familyId).lean<{ bedrooms: { override: { reason: unknown; value: number } } }>();
    expect(stored!.bedrooms.override.reason).to.equal(null);
    expect(stored!.bedrooms.override.value).to.be.a('number');
  });

  it('after an erasure, the erased name, e-mail and texts are nowhere in the engine’s data file', async function () {
    if (!embedded) this.skip();
    this.timeout(60_000);
    const CANARY = canaries('Er');
    const { parent } = await declinedCase(CANARY);
    const file = dataFile();
    expect(file, 'the canaries are in the file before the erasure').to.contain(CANARY.lastName).and.to.contain(CANARY.email);
    const res = await post(coordinator, `/users/${parent.id}/erase`, { reason: 'request of the person' }).expect(200);
    const after = dataFile();
    for (const [what, canary] of Object.entries(CANARY)) expect(after.includes(canary), `${what} still in the engine's file`).to.equal(false);
    expect(res.body.storage).to.equal('scrubbed');
    // The engine still works, and its data is intact.
    expect((await worker.agent.get('/api/v1/families').expect(200)).body.items.length).to.be.greaterThan(0);
  });
});
