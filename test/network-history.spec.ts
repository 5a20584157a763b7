// The network map and isolation over time (issue 18 part 4) and introductions (part 3): dated
// snapshots appended on every save (intake and check-ins), two workers saving at once never lose one
// silently, a check-in's score is the count of its criteria, the family's part of a check-in is
// written once per check-in (checkin-two-writes.spec.ts for the crash and the race), staff-only, and the statistics.
import { expect } from 'chai';
import type supertest from 'supertest';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { apiLogin, createUser, formToken, useTestApp } from './helpers/test-app.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

describe('network and isolation over time', () => {
  const ctx = useTestApp();
  const as = async (role: 'parent' | 'host' | 'worker' | 'coordinator') => {
    const user = await createUser(role);
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id };
  };
  type S = Awaited<ReturnType<typeof as>>;
  const call = (s: S, method: 'post' | 'put' | 'patch', path: string, body?: object): supertest.Test =>
    s.agent[method](`/api/v1${path}`).set('X-CSRF-Token', s.token).send(body);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const intake = () => ctx.app.named.intake;
  const wellbeing = { family: 4, host: 4, children: 4 };

  async function housed() {
    const worker = await as('worker');
    const parent = await as('parent');
    const host = await as('host');
    const f = await call(parent, 'post', '/families', familyBody()).expect(201);
    await call(parent, 'post', `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await call(worker, 'post', `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    const o = await call(host, 'post', '/offers', offerBody()).expect(201);
    await call(host, 'post', `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
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
    const p = await call(worker, 'post', '/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
    await call(parent, 'post', `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    await call(host, 'post', `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    const c = await call(worker, 'post', '/cohabitations', {
      proposalId: p.body.id,
      startDate: day(-30),
      agreement: { monthlyContribution: 300, servicesExchanged: [], houseRules: '' },
    }).expect(201);
    await call(parent, 'post', `/cohabitations/${c.body.id}/signatures`).expect(200);
    await call(host, 'post', `/cohabitations/${c.body.id}/signatures`).expect(200);
    return { worker, parent, host, familyId: f.body.id as string, cohabitationId: c.body.id as string, offerCommune: offerBody().address.commune };
  }
  const family = async (s: S, id: string) => (await s.agent.get(`/api/v1/families/${id}`).expect(200)).body;

  it('appends a dated snapshot on each save (the current map is the latest) and still reads a record saved before the history', async () => {
    const { worker, parent, familyId } = await housed();
    await call(worker, 'put', `/families/${familyId}/network`, { contacts: [{ kind: 'family', name: 'Sœur' }] }).expect(200);
    await call(worker, 'put', `/families/${familyId}/network`, {
      contacts: [
        { kind: 'family', name: 'Sœur' },
        { kind: 'professional', name: 'CPAS' },
      ],
    }).expect(200);
    const f = await family(worker, familyId);
    expect(f.casework.networkHistory.map((s: { contacts: unknown[]; context: string }) => [s.context, s.contacts.length])).to.deep.equal([
      ['intake', 1],
      ['intake', 2],
    ]);
    expect(f.casework.network).to.have.length(2);
    // Sealed at rest: the names are not in the stored document.
    expect(JSON.stringify(await FamilyModel.findById(familyId).select('networkHistory').lean())).not.to.contain('Sœur');
    // Staff only: the parent never sees the history, the map or the introductions.
    const own = await family(parent, familyId);
    expect(JSON.stringify(own)).not.to.contain('networkHistory').and.not.to.contain('Sœur').and.not.to.contain('introductions');

    await FamilyModel.updateOne({ _id: familyId }, { $set: { networkHistory: [], network: [{ kind: 'friend', name: 'Old' }] } });
    const legacy = await family(worker, familyId);
    expect(legacy.casework.networkHistory).to.have.length(1);
    expect(legacy.casework.networkHistory[0]).to.include({ at: null, context: 'intake' });
  });

  it('two workers saving the map at once from the same version: one 409, never a silent loss; one after the other: both snapshots kept', async () => {
    const { familyId } = await housed();
    const [a, b] = [await as('worker'), await as('worker')];
    const version = (await family(a, familyId)).version;
    const [ra, rb] = await Promise.all([
      call(a, 'put', `/families/${familyId}/network`, { contacts: [{ kind: 'friend', name: 'A' }] }).set('If-Match', String(version)),
      call(b, 'put', `/families/${familyId}/network`, { contacts: [{ kind: 'friend', name: 'B' }] }).set('If-Match', String(version)),
    ]);
    expect([ra.status, rb.status].sort()).to.deep.equal([200, 409]);
    let f = await family(a, familyId);
    expect(f.casework.networkHistory).to.have.length(1);
    expect(f.casework.network[0].name).to.equal(ra.status === 200 ? 'A' : 'B');
    // Without If-Match each save is computed from what it read: both stay in the history, or one is refused.
    const both = await Promise.all([
      call(a, 'put', `/families/${familyId}/network`, { contacts: [] }),
      call(b, 'put', `/families/${familyId}/network`, { contacts: [{ kind: 'other', name: 'C' }] }),
    ]);
    f = await family(a, familyId);
    expect(f.casework.networkHistory).to.have.length(1 + both.filter((r) => r.status === 200).length);
    for (const r of both) expect(r.status).to.be.oneOf([200, 409]);
  });

  it('a check-in: the score is the count of its criteria (422 naming isolationScore otherwise), recorded on the family with the map updated there', async () => {
    const { worker, familyId, cohabitationId } = await housed();
    const base = { date: day(-2), party: 'both', wellbeing, conflictLevel: 0 };
    const bad = await call(worker, 'post', `/cohabitations/${cohabitationId}/checkins`, {
      ...base,
      isolationScore: 3,
      isolationCriteria: ['fewSocialContacts'],
    }).expect(422);
    expect(bad.body.error.details[0].path).to.equal('/isolationScore');
    await call(worker, 'post', `/cohabitations/${cohabitationId}/checkins`, { ...base, isolationCriteria: ['nonsense'] }).expect(422);
    const ok = await call(worker, 'post', `/cohabitations/${cohabitationId}/checkins`, {
      ...base,
      isolationCriteria: ['fewSocialContacts', 'noProfessionalSupport'],
      network: { contacts: [{ kind: 'neighbour', name: 'Voisine' }] },
    }).expect(201);
    const checkin = ok.body.checkins[0];
    expect(checkin).to.include({ isolationScore: 2 });
    expect(checkin.isolationCriteria).to.deep.equal(['fewSocialContacts', 'noProfessionalSupport']);
    const f = await family(worker, familyId);
    const iso = f.casework.isolation.at(-1);
    expect(iso).to.include({ context: 'checkin', score: 2, checkinId: checkin.id });
    expect(f.casework.networkHistory.at(-1)).to.include({ context: 'checkin', checkinId: checkin.id });
    expect(f.casework.network.map((c: { name: string }) => c.name)).to.deep.equal(['Voisine']);
    // A bare score (older clients) is still taken, but never written to the family's criteria-based record.
    await call(worker, 'post', `/cohabitations/${cohabitationId}/checkins`, { ...base, isolationScore: 1 }).expect(201);
    expect((await family(worker, familyId)).casework.isolation).to.have.length(f.casework.isolation.length);
  });

  it('the family part of a check-in already there (a retry, the sweep) writes nothing more, and the record takes later changes', async () => {
    const { worker, familyId, cohabitationId } = await housed();
    const actor = { id: worker.id, role: 'worker' as const, name: 'W' };
    const checkinId = '0123456789abcdef01234567';
    expect(
      await intake().casework.recordCheckin(actor, familyId, { checkinId, criteria: ['fewSocialContacts'], contacts: [{ kind: 'friend', name: 'Amie' }] }),
    ).to.equal(true);
    expect(
      await intake().casework.recordCheckin(actor, familyId, { checkinId, criteria: ['fewSocialContacts'], contacts: [{ kind: 'friend', name: 'Amie' }] }),
    ).to.equal(false);
    const f = await family(worker, familyId);
    expect(f.casework.networkHistory.filter((s: { checkinId: string }) => s.checkinId === checkinId)).to.have.length(1);
    // The worker posts the check-in with that id: recorded, and the family keeps its one snapshot of it.
    await call(worker, 'post', `/cohabitations/${cohabitationId}/checkins`, {
      checkinId,
      date: day(-1),
      party: 'family',
      wellbeing,
      conflictLevel: 0,
      isolationCriteria: ['fewSocialContacts'],
      network: { contacts: [{ kind: 'friend', name: 'Amie' }] },
    }).expect(201);
    const after = await family(worker, familyId);
    expect(after.casework.networkHistory).to.have.length(f.casework.networkHistory.length);
    await call(worker, 'put', `/families/${familyId}/network`, { contacts: [] }).set('If-Match', String(after.version)).expect(200);
  });

  it('introductions: two workers at once both kept; the outcome is a compare-and-set; an unknown entry is refused; staff only', async () => {
    const { worker, parent, familyId } = await housed();
    const coordinator = await as('coordinator');
    const entry = await call(coordinator, 'post', '/directory', {
      kind: 'parent_house',
      commune: '21007',
      names: { fr: { name: 'Maison (démo)' } },
      contact: { phone: '02 000 00 12' },
    }).expect(201);
    const other = await as('worker');
    await call(parent, 'post', `/families/${familyId}/introductions`, { entryId: entry.body.id, date: day(0) }).expect(403);
    await call(worker, 'post', `/families/${familyId}/introductions`, { entryId: '0123456789abcdef01234567', date: day(0) }).expect(422);
    await Promise.all([
      call(worker, 'post', `/families/${familyId}/introductions`, { entryId: entry.body.id, date: day(0), note: 'Rendez-vous mardi' }).expect(201),
      call(other, 'post', `/families/${familyId}/introductions`, { entryId: entry.body.id, date: day(0) }).expect(201),
    ]);
    const intros = (await family(worker, familyId)).casework.introductions;
    expect(intros).to.have.length(2);
    const id = intros[0].id;
    const [a, b] = await Promise.all([
      call(worker, 'patch', `/families/${familyId}/introductions/${id}`, { outcome: 'used', seen: null }),
      call(other, 'patch', `/families/${familyId}/introductions/${id}`, { outcome: 'declined', seen: null }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    expect(JSON.stringify(await FamilyModel.findById(familyId).select('introductions').lean())).not.to.contain('Rendez-vous');
  });

  it('statistics: isolation change from criteria-based scores, network size change from snapshots', async () => {
    const { worker, familyId, cohabitationId } = await housed();
    await call(worker, 'post', `/families/${familyId}/isolation`, { criteria: ['fewSocialContacts', 'noProfessionalSupport', 'noFamilyOrFriendsHelp'] }).expect(
      201,
    );
    await call(worker, 'put', `/families/${familyId}/network`, { contacts: [{ kind: 'family', name: 'Sœur' }] }).expect(200);
    await call(worker, 'post', `/cohabitations/${cohabitationId}/checkins`, {
      date: day(-1),
      party: 'both',
      wellbeing,
      conflictLevel: 0,
      isolationCriteria: ['fewSocialContacts'],
      network: {
        contacts: [
          { kind: 'family', name: 'Sœur' },
          { kind: 'neighbour', name: 'V' },
          { kind: 'professional', name: 'ONE' },
        ],
      },
    }).expect(201);
    const coordinator = await as('coordinator');
    const stats = (await coordinator.agent.get('/api/v1/stats').expect(200)).body;
    expect(stats.networkSizeChange.families).to.be.at.least(1);
    expect(stats.isolationChange.families).to.be.at.least(1);
    const page = await worker.agent.get(`/work/families/${familyId}`).expect(200);
    expect(page.text).to.contain('id="over-time"').and.contain('<svg').and.contain('3/4');
  });

  it("at move-in the family sees its new commune's services and the helplines, and ticks the checklist item; the worker proposes them", async () => {
    const { worker, parent, cohabitationId, offerCommune } = await housed();
    const coordinator = await as('coordinator');
    await call(coordinator, 'post', '/directory', {
      kind: 'helpline',
      commune: null,
      names: { fr: { name: '1712 – Violence' } },
      contact: { phone: '1712' },
    }).expect(201);
    await call(coordinator, 'post', '/directory', {
      kind: 'one_consultation',
      commune: offerCommune,
      names: { fr: { name: 'Consultation ONE (démo)' } },
      contact: { phone: '02 000 00 13' },
    }).expect(201);
    await call(coordinator, 'post', '/directory', {
      kind: 'cpas',
      commune: offerCommune === '21013' ? '21007' : '21013',
      names: { fr: { name: 'CPAS ailleurs (démo)' } },
      contact: { phone: '02 000 00 99' },
    }).expect(201);
    const c = (await parent.agent.get(`/api/v1/cohabitations/${cohabitationId}`).expect(200)).body;
    expect(c.checklist.map((i: { code: string }) => i.code)).to.include('local_network');
    const page = await parent.agent.get('/my/cohabitation/network').expect(200);
    expect(page.text).to.contain('1712 – Violence').and.contain('Consultation ONE (démo)').and.not.contain('CPAS ailleurs');
    await parent.agent
      .post(`/my/cohabitation/${cohabitationId}/checklist/local_network`)
      .type('form')
      .send({ _csrf: formToken(page.text), done: 'true' })
      .expect(303);
    const after = (await parent.agent.get(`/api/v1/cohabitations/${cohabitationId}`).expect(200)).body;
    expect(after.checklist.find((i: { code: string }) => i.code === 'local_network').done).to.equal(true);
    const work = await worker.agent.get(`/work/cohabitations/${cohabitationId}/network`).expect(200);
    expect(work.text).to.contain('Consultation ONE (démo)');
    await parent.agent.get(`/work/cohabitations/${cohabitationId}/network`).expect(403);
  });
});
