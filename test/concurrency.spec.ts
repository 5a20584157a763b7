// Simultaneous requests on the same record (two parties, two staff) and the states a crash between
// two steps leaves: nothing acknowledged is lost, nothing is stuck (issue 13, docs/database.md).
import { expect } from 'chai';
import type { Role } from '../src/kernel/auth/roles.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { ProposalLockModel, ProposalModel } from '../src/modules/matching/proposal.model.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { apiSend, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

const AGREEMENT = { monthlyContribution: 300, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 2 }], houseRules: 'Calme après 22 h.' };

describe('concurrency: simultaneous changes of one record, and crashes between two steps', function () {
  this.timeout(60_000);
  const ctx = useTestApp();
  const as = (role: Role) => signedInAs(ctx, role);
  const post = (s: SignedIn, path: string, body?: object) => apiSend(s, 'post', path, body);
  const intake = () => ctx.app.named.intake;
  const matching = () => ctx.app.named.matching;
  const followup = () => ctx.app.named.followup;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const statusOf = async (s: SignedIn, path: string) => (await s.agent.get(`/api/v1${path}`).expect(200)).body.status as string;

  let worker: SignedIn;
  let worker2: SignedIn;
  before(async () => {
    worker = await as('worker');
    worker2 = await as('coordinator');
  });

  async function activeFamily(parent?: SignedIn) {
    const owner = parent ?? (await as('parent'));
    const f = await post(owner, '/families', familyBody()).expect(201);
    await post(owner, `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    return { parent: owner, familyId: f.body.id as string };
  }

  async function pendingProposal() {
    const { parent, familyId } = await activeFamily();
    await post(worker, `/families/${familyId}/review`, { decision: 'activate' }).expect(200);
    const host = await as('host');
    const o = await post(host, '/offers', offerBody()).expect(201);
    await post(host, `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake().offers, o.body.id);
    const p = await post(worker, '/proposals', { familyId, offerId: o.body.id }).expect(201);
    return { parent, host, familyId, offerId: o.body.id as string, proposalId: p.body.id as string };
  }

  async function cohabitation() {
    const pair = await pendingProposal();
    await post(pair.parent, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' }).expect(200);
    await post(pair.host, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' }).expect(200);
    const c = await post(worker, '/cohabitations', { proposalId: pair.proposalId, startDate: day(-1), agreement: AGREEMENT }).expect(201);
    return { ...pair, id: c.body.id as string };
  }

  async function trialCohabitation() {
    const c = await cohabitation();
    await post(c.parent, `/cohabitations/${c.id}/signatures`).expect(200);
    await post(c.host, `/cohabitations/${c.id}/signatures`).expect(200);
    return c;
  }

  const stored = (id: string) => followup().cohabitations.load(id);

  it('10 incidents reported at once by two staff: 10 × 201, 10 stored', async () => {
    const c = await trialCohabitation();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(i % 2 ? worker : worker2, `/cohabitations/${c.id}/incidents`, { date: day(0), kind: 'conflict', severity: 'low', description: `incident ${i}` }),
      ),
    );
    expect(answers.map((a) => a.status)).to.deep.equal(Array(10).fill(201));
    const incidents = (await stored(c.id)).incidents.map((i) => i.description).sort();
    expect(incidents).to.deep.equal(Array.from({ length: 10 }, (_, i) => `incident ${i}`).sort());
  });

  it('an incident and a check-in at the same instant, then 12 check-ins at once: every one stored', async () => {
    const c = await trialCohabitation();
    const checkin = (note: string) => ({ date: day(0), party: 'both', wellbeing: { family: 4, host: 4, children: 4 }, conflictLevel: 0, note });
    const [incident, first] = await Promise.all([
      post(worker, `/cohabitations/${c.id}/incidents`, { date: day(0), kind: 'damage', severity: 'low', description: 'the incident' }),
      post(worker2, `/cohabitations/${c.id}/checkins`, checkin('first')),
    ]);
    expect([incident.status, first.status]).to.deep.equal([201, 201]);
    const more = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post(i % 2 ? worker : worker2, `/cohabitations/${c.id}/checkins`, checkin(`check-in ${i}`))),
    );
    expect(more.every((a) => a.status === 201)).to.equal(true);
    const doc = await stored(c.id);
    expect(doc.incidents.map((i) => i.description)).to.deep.equal(['the incident']);
    expect(doc.checkins).to.have.length(13);
  });

  it('every checklist item ticked at once by the two parties and two staff: every tick kept', async () => {
    const c = await trialCohabitation();
    const items = (await stored(c.id)).checklist;
    expect(items.length).to.be.at.least(5);
    const staff = [worker, worker2];
    const answers = await Promise.all(items.map((item, i) => apiSend(staff[i % 2]!, 'put', `/cohabitations/${c.id}/checklist/${item.code}`, { done: true })));
    expect(answers.map((a) => a.status)).to.deep.equal(items.map(() => 200));
    const after = (await stored(c.id)).checklist;
    expect(after.filter((i) => i.doneAt).map((i) => i.code)).to.deep.equal(items.map((i) => i.code));
  });

  it('parent and host accepting a proposal at the same instant: both answers kept, accepted, family matched, offer reserved', async () => {
    const pair = await pendingProposal();
    const answers = await Promise.all([
      post(pair.parent, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' }),
      post(pair.host, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' }),
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200]);
    const proposal = await ProposalModel.findById(pair.proposalId).lean();
    expect(proposal?.status).to.equal('accepted');
    expect(proposal?.responses?.family?.decision).to.equal('accept');
    expect(proposal?.responses?.host?.decision).to.equal('accept');
    expect(await statusOf(worker, `/families/${pair.familyId}`)).to.equal('matched');
    expect(await statusOf(worker, `/offers/${pair.offerId}`)).to.equal('reserved');
  });

  it('the same party answering twice at once: one 200, one 409, one answer stored', async () => {
    const pair = await pendingProposal();
    const answers = await Promise.all([
      post(pair.parent, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' }),
      post(pair.parent, `/proposals/${pair.proposalId}/responses`, { decision: 'decline', reason: 'Trop loin de l’école' }),
    ]);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
    const proposal = await ProposalModel.findById(pair.proposalId).lean();
    const kept = proposal?.responses?.family?.decision;
    expect(proposal?.status).to.equal(kept === 'decline' ? 'declined' : 'pending');
  });

  it('parent and host signing the agreement at the same instant: both signatures, trial, family housed, offer occupied', async () => {
    const c = await cohabitation();
    const answers = await Promise.all([post(c.parent, `/cohabitations/${c.id}/signatures`), post(c.host, `/cohabitations/${c.id}/signatures`)]);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200]);
    const doc = await stored(c.id);
    expect(doc.status).to.equal('trial');
    expect(doc.signatures?.family?.at).to.be.instanceOf(Date);
    expect(doc.signatures?.host?.at).to.be.instanceOf(Date);
    expect(await statusOf(worker, `/families/${c.familyId}`)).to.equal('housed');
    expect(await statusOf(worker, `/offers/${c.offerId}`)).to.equal('occupied');
  });

  it('two staff ending one cohabitation at once: one ending, the offer back once', async () => {
    const c = await trialCohabitation();
    const body = { date: day(0), reason: 'planned_end', exitNote: 'Fin prévue.' };
    const answers = await Promise.all([post(worker, `/cohabitations/${c.id}/end`, body), post(worker2, `/cohabitations/${c.id}/end`, body)]);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
    const doc = await stored(c.id);
    expect(doc.events.filter((e) => e.type === 'ended')).to.have.length(1);
    expect(await statusOf(worker, `/families/${c.familyId}`)).to.equal('closed');
    expect(await statusOf(worker, `/offers/${c.offerId}`)).to.equal('available');
  });

  it('two staff saving one family from the same version: one wins, the other gets 409, nothing is mixed', async () => {
    const { familyId } = await activeFamily();
    const current = await worker.agent.get(`/api/v1/families/${familyId}`).expect(200);
    const etag = current.headers.etag as string;
    const patch = (s: SignedIn, city: string) => apiSend(s, 'patch', `/families/${familyId}`, { parent: { firstName: city } }).set('If-Match', etag);
    const answers = await Promise.all([patch(worker, 'Alpha'), patch(worker2, 'Beta')]);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
    const winner = answers.find((a) => a.status === 200)!.body.parent.firstName;
    expect((await worker.agent.get(`/api/v1/families/${familyId}`).expect(200)).body.parent.firstName).to.equal(winner);
  });

  it('10 families activated at once by two staff: all 10 active, all 10 in the list at once', async () => {
    const families = await Promise.all(Array.from({ length: 10 }, () => activeFamily()));
    const answers = await Promise.all(families.map((f, i) => post(i % 2 ? worker : worker2, `/families/${f.familyId}/review`, { decision: 'activate' })));
    expect(answers.map((a) => a.status)).to.deep.equal(Array(10).fill(200));
    const listed = await worker.agent.get('/api/v1/families?status=active&limit=200').expect(200);
    const ids = new Set(listed.body.items.map((f: { id: string }) => f.id));
    expect(families.filter((f) => ids.has(f.familyId))).to.have.length(10);
  });

  it('two workers adding interviews, isolation scores and references to one case at once: every one stored', async () => {
    const { familyId } = await activeFamily();
    const interview = (n: number) => ({ date: day(0), summary: `interview ${n}` });
    const answers = await Promise.all([
      ...[0, 1, 2, 3].map((n) => post(n % 2 ? worker : worker2, `/families/${familyId}/interviews`, interview(n))),
      ...[0, 1].map((n) =>
        post(n % 2 ? worker : worker2, `/families/${familyId}/isolation`, {
          criteria: n ? ['fewSocialContacts'] : ['fewSocialContacts', 'noProfessionalSupport'],
        }),
      ),
    ]);
    expect(
      answers.map((a) => a.status),
      JSON.stringify(answers.map((a) => a.body)),
    ).to.deep.equal(Array(6).fill(201));
    const family = (await worker.agent.get(`/api/v1/families/${familyId}`).expect(200)).body;
    expect(family.casework.interviews.map((i: { summary: string }) => i.summary).sort()).to.deep.equal([
      'interview 0',
      'interview 1',
      'interview 2',
      'interview 3',
    ]);
    expect(family.casework.isolation.map((i: { score: number }) => i.score).sort()).to.deep.equal([1, 2]);

    const { offerId } = await pendingProposal();
    const references = await Promise.all(
      [0, 1, 2].map((n) =>
        post(n % 2 ? worker : worker2, `/offers/${offerId}/references`, { name: `Reference ${n}`, relation: 'voisine', outcome: 'positive' }),
      ),
    );
    expect(
      references.every((r) => r.status < 300),
      JSON.stringify(references.map((r) => r.body)),
    ).to.equal(true);
    const offer = (await worker.agent.get(`/api/v1/offers/${offerId}`).expect(200)).body;
    expect(
      offer.casework.references
        .map((r: { name: string }) => r.name)
        .filter((n: string) => n.startsWith('Reference '))
        .sort(),
    ).to.deep.equal(['Reference 0', 'Reference 1', 'Reference 2']);
  });

  describe('a crash between two steps is completed afterwards', () => {
    it('proposal accepted, family and offer not yet moved: the sweep moves them, once', async () => {
      const pair = await pendingProposal();
      // The state a crash right after the proposal's settling update leaves.
      await ProposalModel.updateOne(
        { _id: pair.proposalId },
        {
          $set: {
            status: 'accepted',
            'responses.family': { decision: 'accept', at: new Date(), by: 'x', byRole: 'parent' },
            'responses.host': { decision: 'accept', at: new Date(), by: 'y', byRole: 'host' },
          },
        },
      );
      await matching().proposals.completeTransitions();
      expect(await statusOf(worker, `/families/${pair.familyId}`)).to.equal('matched');
      expect(await statusOf(worker, `/offers/${pair.offerId}`)).to.equal('reserved');
      const events = async () => (await FamilyModel.findById(pair.familyId).lean())!.events.length;
      const before = await events();
      await matching().proposals.completeTransitions();
      expect(await events()).to.equal(before);
      await post(worker, '/cohabitations', { proposalId: pair.proposalId, startDate: day(1), agreement: AGREEMENT }).expect(201);
    });

    it('both answers stored, the process gone before the settling: the sweep accepts it (or closes a decline)', async () => {
      const pair = await pendingProposal();
      const answer = (decision: string, byRole: string) => ({
        decision,
        reason: decision === 'decline' ? 'Trop loin' : null,
        at: new Date(),
        by: byRole,
        byRole,
      });
      await ProposalModel.updateOne(
        { _id: pair.proposalId },
        { $set: { 'responses.family': answer('accept', 'parent'), 'responses.host': answer('accept', 'host') } },
      );
      await post(pair.parent, `/proposals/${pair.proposalId}/responses`, { decision: 'accept' }).expect(409);
      await matching().proposals.completeTransitions();
      expect((await ProposalModel.findById(pair.proposalId).lean())?.status).to.equal('accepted');
      expect(await statusOf(worker, `/families/${pair.familyId}`)).to.equal('matched');
      expect(await statusOf(worker, `/offers/${pair.offerId}`)).to.equal('reserved');

      const declined = await pendingProposal();
      await ProposalModel.updateOne({ _id: declined.proposalId }, { $set: { 'responses.family': answer('decline', 'parent') } });
      await matching().proposals.completeTransitions();
      expect((await ProposalModel.findById(declined.proposalId).lean())?.status).to.equal('declined');
      expect(await statusOf(worker, `/families/${declined.familyId}`)).to.equal('active');
    });

    it('both signatures stored, the process gone before the trial: the sweep starts the trial', async () => {
      const c = await cohabitation();
      const now = new Date();
      await CohabitationModel.updateOne({ _id: c.id }, { $set: { 'signatures.family': { at: now, by: 'p' }, 'signatures.host': { at: now, by: 'h' } } });
      await post(c.host, `/cohabitations/${c.id}/signatures`).expect(409);
      await followup().cohabitations.completeTransitions();
      expect((await stored(c.id)).status).to.equal('trial');
      expect(await statusOf(worker, `/families/${c.familyId}`)).to.equal('housed');
      expect(await statusOf(worker, `/offers/${c.offerId}`)).to.equal('occupied');
    });

    it('both signed, trial set, family and offer not yet moved: the sweep brings them to housed and occupied', async () => {
      const c = await cohabitation();
      const now = new Date();
      await CohabitationModel.updateOne(
        { _id: c.id },
        { $set: { status: 'trial', 'signatures.family': { at: now, by: 'p' }, 'signatures.host': { at: now, by: 'h' } } },
      );
      await intake().families.moveFrom(SYSTEM, c.familyId, ['proposed'], 'matched');
      await followup().cohabitations.completeTransitions();
      expect(await statusOf(worker, `/families/${c.familyId}`)).to.equal('housed');
      expect(await statusOf(worker, `/offers/${c.offerId}`)).to.equal('occupied');
      const events = (await FamilyModel.findById(c.familyId).lean())!.events.length;
      await followup().cohabitations.completeTransitions();
      expect((await FamilyModel.findById(c.familyId).lean())!.events.length).to.equal(events);
    });

    it('one signature written, the process gone before the trial step: the other party signing still starts the trial', async () => {
      const c = await cohabitation();
      await CohabitationModel.updateOne({ _id: c.id }, { $set: { 'signatures.family': { at: new Date(), by: 'p' } } });
      await post(c.host, `/cohabitations/${c.id}/signatures`).expect(200);
      expect((await stored(c.id)).status).to.equal('trial');
      await post(c.parent, `/cohabitations/${c.id}/signatures`).expect(409);
    });

    it('ended, family and offer not yet moved, locks still held: the sweep finishes the ending and frees both for a new proposal', async () => {
      const c = await trialCohabitation();
      await CohabitationModel.updateOne(
        { _id: c.id },
        { $set: { status: 'ended' }, $push: { events: { type: 'ended', reason: 'host_ended', at: new Date(), by: 'w' } } },
      );
      expect(await matching().proposals.holdsLocks(c.proposalId)).to.equal(true);
      await followup().cohabitations.completeTransitions();
      expect(await statusOf(worker, `/families/${c.familyId}`)).to.equal('active');
      expect(await statusOf(worker, `/offers/${c.offerId}`)).to.equal('available');
      expect(await matching().proposals.holdsLocks(c.proposalId)).to.equal(false);
    });

    it('locks taken, the proposal never written: released after a minute, and the family can be proposed again', async () => {
      const pair = await pendingProposal();
      await post(worker, `/proposals/${pair.proposalId}/cancel`, { reason: 'test' }).expect(200);
      const ghost = '0123456789abcdef01234567';
      await ProposalLockModel.create({ _id: `family:${pair.familyId}`, proposalId: ghost, at: new Date(Date.now() - 120_000) });
      await ProposalLockModel.create({ _id: `offer:${pair.offerId}`, proposalId: ghost, at: new Date(Date.now() - 120_000) });
      await post(worker, '/proposals', { familyId: pair.familyId, offerId: pair.offerId }).expect(409);
      await matching().proposals.completeTransitions();
      expect(await ProposalLockModel.countDocuments({ proposalId: ghost })).to.equal(0);
      await post(worker, '/proposals', { familyId: pair.familyId, offerId: pair.offerId }).expect(201);
    });

    it('proposal created, the family not yet moved to proposed: the sweep moves it', async () => {
      const pair = await pendingProposal();
      await FamilyModel.updateOne({ _id: pair.familyId }, { $set: { status: 'active' } });
      await matching().proposals.completeTransitions();
      expect(await statusOf(worker, `/families/${pair.familyId}`)).to.equal('proposed');
    });
  });
});
