// Endings (SPEC §7, §11): a safety ending (or any ending after violence) suspends the offer and
// excludes the pair for good, also when a crash interrupted it; both households are told once, in
// their language, with nothing confidential; simultaneous requests on one cohabitation; the page's
// confirmation before anything is written.
import { expect } from 'chai';
import { trusted } from '../src/kernel/db/connection.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { CohabitationModel, FollowupClaimModel } from '../src/modules/followup/cohabitation.model.js';
import { CohabitationRepository } from '../src/modules/followup/cohabitation.repository.js';
import { apiSend, createUser, formLogin, formToken, signedInAs, useTestApp } from './helpers/test-app.js';
import { FAMILY_EXAMPLE, OFFER_EXAMPLE, familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

type Lang = 'fr' | 'nl' | 'en';

describe('follow-up endings (SPEC §7, §11)', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;
  const followup = () => ctx.app.named.followup;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const store = new CohabitationRepository();

  async function person(role: 'parent' | 'host' | 'worker' | 'coordinator', language: Lang = 'en') {
    const signedIn = await signedInAs(ctx, role, { language });
    return { ...signedIn, call: (path: string, body?: object) => apiSend(signedIn, 'post', path, body) };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  let worker: Person;
  let other: Person;
  before(async () => {
    worker = await person('worker');
    other = await person('worker');
    await person('coordinator');
  });

  /** A cohabitation started 30 days ago and signed; the parent and the host in their languages. */
  async function living(langs: { parent?: Lang; host?: Lang } = {}, family: object = {}) {
    const parent = await person('parent', langs.parent);
    const host = await person('host', langs.host);
    const f = await parent.call('/families', familyBody(family)).expect(201);
    await parent.call(`/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await worker.call(`/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    const o = await host.call('/offers', offerBody()).expect(201);
    await host.call(`/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
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
    const p = await worker.call('/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
    await parent.call(`/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    await host.call(`/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    const c = await worker
      .call('/cohabitations', {
        proposalId: p.body.id,
        startDate: day(-30),
        agreement: { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 3 }], houseRules: 'Calme.' },
      })
      .expect(201);
    await parent.call(`/cohabitations/${c.body.id}/signatures`).expect(200);
    await host.call(`/cohabitations/${c.body.id}/signatures`).expect(200);
    return { parent, host, familyId: f.body.id as string, offerId: o.body.id as string, id: c.body.id as string };
  }
  type Living = Awaited<ReturnType<typeof living>>;

  const endedMails = (c: Living) => OutboxModel.find({ kind: 'cohabitation-ended', to: trusted({ $in: [c.parent.email, c.host.email] }) }).lean();
  const offerOf = (c: Living) => intake().offers.load(c.offerId);
  const exclusionsOf = async (c: Living) => (await intake().families.load(c.familyId)).safetyExclusions ?? [];
  /** The process dies right after the ending is stored: nothing else happened. */
  const crashAfterEnding = (c: Living, reason: string) =>
    store.end(c.id, { date: day(0), reason, at: new Date(), by: worker.id }, reason, { at: new Date(), by: worker.id });

  it('an ending for safety: the offer suspended (not available), the pair excluded for good, the family back to active; the households told in their own language, without the reason', async () => {
    const c = await living({ parent: 'nl', host: 'fr' });
    await worker.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'safety', exitNote: 'SECRET-EXIT' }).expect(200);
    const offer = await offerOf(c);
    expect([offer.status, offer.suspension?.cause]).to.deep.equal(['suspended', 'safety_ending']);
    expect(await exclusionsOf(c)).to.have.length(1);
    expect((await intake().families.load(c.familyId)).status).to.equal('active');
    expect((await worker.call('/proposals', { familyId: c.familyId, offerId: c.offerId }).expect(409)).body.error.code).to.be.oneOf([
      'OFFER_SUSPENDED',
      'PAIR_EXCLUDED',
    ]);
    const mails = await endedMails(c);
    expect(mails.find((m) => m.to === c.parent.email)!.text).to.contain('De dienst heeft het delen van de woning beëindigd');
    expect(mails.find((m) => m.to === c.host.email)!.text).to.contain("Le service a mis fin à l'occupation partagée");
    expect(JSON.stringify(mails)).to.not.match(/SECRET|safety|sécurité|veiligheid|violence|geweld/i);
    for (const party of [c.parent, c.host])
      expect(JSON.stringify((await party.agent.get(`/api/v1/cohabitations/${c.id}`).expect(200)).body)).to.not.match(/safety|SECRET/);
  });

  it('a family with a confidential address is told too, and no mail carries an address, a commune or the other household’s name', async () => {
    const c = await living({ parent: 'fr', host: 'en' }, { situation: { ...FAMILY_EXAMPLE.situation, confidentialAddress: true } });
    await worker.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'host_ended' }).expect(200);
    const mails = await endedMails(c);
    expect(mails.map((m) => m.to).sort()).to.deep.equal([c.parent.email, c.host.email].sort());
    const { street, postalCode } = OFFER_EXAMPLE.address;
    for (const m of mails)
      expect(`${m.subject} ${m.text}`)
        .to.not.contain(street)
        .and.not.contain(postalCode)
        .and.not.contain('Ixelles')
        .and.not.contain(FAMILY_EXAMPLE.parent.firstName)
        .and.not.contain(OFFER_EXAMPLE.host.firstName);
    expect((await offerOf(c)).status).to.equal('available');
    expect(await exclusionsOf(c)).to.have.length(0);
  });

  it('a crash between recording a violence ending and suspending the offer: the sweep finishes it, once', async () => {
    const c = await living();
    await worker.call(`/cohabitations/${c.id}/incidents`, { date: day(-3), kind: 'violence', severity: 'high', description: 'Coups.' }).expect(201);
    expect(await crashAfterEnding(c, 'conflict')).to.equal(true);
    expect((await offerOf(c)).status).to.equal('occupied');
    await followup().cohabitations.completeTransitions();
    await followup().cohabitations.completeTransitions();
    const offer = await offerOf(c);
    expect([offer.status, offer.suspension?.cause]).to.deep.equal(['suspended', 'violence_incident']);
    expect(offer.events.filter((e) => e.type === 'suspended')).to.have.length(1);
    expect(await exclusionsOf(c)).to.have.length(1);
    expect(await endedMails(c)).to.have.length(2);
  });

  it('a crash after the exclusion, before the suspension: the sweep suspends, one exclusion, the households told once', async () => {
    const c = await living();
    await crashAfterEnding(c, 'safety');
    await intake().families.excludePairForGood(SYSTEM, c.familyId, {
      hostId: (await offerOf(c)).ownerUserId!,
      offerId: c.offerId,
      cohabitationId: c.id,
      reason: 'safety_ending',
    });
    await followup().cohabitations.completeTransitions();
    expect((await offerOf(c)).status).to.equal('suspended');
    expect(await exclusionsOf(c)).to.have.length(1);
    await followup().cohabitations.completeTransitions();
    expect(await endedMails(c)).to.have.length(2);
  });

  it('a runner that died holding the safety steps: the offer is never put back meanwhile; once its lease runs out the sweep finishes', async () => {
    const c = await living();
    await crashAfterEnding(c, 'safety');
    expect(await store.takeJob(`safety:${c.id}`)).to.equal(true);
    await followup().cohabitations.completeTransitions();
    expect((await offerOf(c)).status).to.equal('occupied');
    await FollowupClaimModel.updateOne({ _id: `safety:${c.id}` }, { $set: { at: new Date(Date.now() - 5 * 60_000) } });
    await followup().cohabitations.completeTransitions();
    expect((await offerOf(c)).status).to.equal('suspended');
    expect(await exclusionsOf(c)).to.have.length(1);
  });

  it('violence recorded after a conflict ending: the offer, back to available, is suspended at once and the pair excluded; the households are not told twice', async () => {
    const c = await living();
    await worker.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'conflict' }).expect(200);
    expect((await offerOf(c)).status).to.equal('available');
    await worker
      .call(`/cohabitations/${c.id}/incidents`, { date: day(-1), kind: 'violence', severity: 'high', description: 'Révélé après le départ.' })
      .expect(201);
    expect([(await offerOf(c)).status, (await exclusionsOf(c)).length]).to.deep.equal(['suspended', 1]);
    expect(await endedMails(c)).to.have.length(2);
  });

  it('two workers ending the same cohabitation at once for safety: one ending, one suspension, one exclusion, each household told once', async () => {
    const c = await living();
    const [a, b] = await Promise.all([
      worker.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'safety' }),
      other.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'safety' }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    await followup().cohabitations.completeTransitions();
    const offer = await offerOf(c);
    expect(offer.status).to.equal('suspended');
    expect(offer.events.filter((e) => e.type === 'suspended')).to.have.length(1);
    expect(await exclusionsOf(c)).to.have.length(1);
    expect((await endedMails(c)).map((m) => m.to).sort()).to.deep.equal([c.parent.email, c.host.email].sort());
    expect((await CohabitationModel.findById(c.id).lean())!.events.filter((e) => e.type === 'ended')).to.have.length(1);
  });

  it('an ending and a check-in at the same instant: one ending; the check-in is either kept (201) or refused (409) and not stored', async () => {
    for (let round = 0; round < 3; round++) {
      const c = await living();
      const [end, checkin] = await Promise.all([
        worker.call(`/cohabitations/${c.id}/end`, { date: day(0), reason: 'planned_end' }),
        other.call(`/cohabitations/${c.id}/checkins`, { date: day(0), party: 'both', wellbeing: { family: 1, host: 4, children: 4 }, conflictLevel: 0 }),
      ]);
      expect(end.status).to.equal(200);
      expect(checkin.status).to.be.oneOf([201, 409]);
      const doc = (await CohabitationModel.findById(c.id).lean())!;
      expect(doc.checkins).to.have.length(checkin.status === 201 ? 1 : 0);
      expect(doc.events.filter((e) => e.type === 'ended')).to.have.length(1);
      expect((await offerOf(c)).status).to.equal('available');
    }
  });

  it('an alarming check-in and an incident recorded at once by two workers: both stay, the alert is raised and listed', async () => {
    const c = await living();
    const [k, i] = await Promise.all([
      worker.call(`/cohabitations/${c.id}/checkins`, { date: day(-1), party: 'both', wellbeing: { family: 3, host: 3, children: 1 }, conflictLevel: 1 }),
      other.call(`/cohabitations/${c.id}/incidents`, { date: day(-1), kind: 'damage', severity: 'low', description: 'Verre cassé.' }),
    ]);
    expect([k.status, i.status]).to.deep.equal([201, 201]);
    const doc = (await CohabitationModel.findById(c.id).lean())!;
    expect([doc.checkins.length, doc.incidents.length]).to.deep.equal([1, 1]);
    const alerts = await worker.agent.get('/api/v1/alerts').expect(200);
    expect(alerts.body.items.some((a: { kind: string; cohabitationId?: string }) => a.kind === 'alarming_checkin' && a.cohabitationId === c.id)).to.equal(true);
  });

  it('the page asks for confirmation, restating what happens; “go back” keeps the values; only “confirm” ends it (no JavaScript)', async () => {
    const c = await living();
    await worker.call(`/cohabitations/${c.id}/incidents`, { date: day(-2), kind: 'violence', severity: 'medium', description: 'Menaces.' }).expect(201);
    const user = await createUser('worker', { language: 'fr' });
    const agent = ctx.request();
    await formLogin(agent, user.email);
    const page = `/work/cohabitations/${c.id}`;
    const fields = { 'ending[date]': day(0), 'ending[reason]': 'conflict', 'ending[exitNote]': 'Note de sortie tapée' };
    const confirm = await agent
      .post(`${page}/end`)
      .type('form')
      .send({ _csrf: formToken((await agent.get(page).expect(200)).text), ...fields })
      .expect(200);
    const text = confirm.text.replace(/&#39;/g, "'");
    expect(text)
      .to.contain('Mettre fin à cette occupation partagée ?')
      .and.to.contain('Le logement est suspendu')
      .and.to.contain('ne pourront plus jamais être mis en relation');
    expect(text).to.contain('La famille revient parmi les familles qui cherchent un logement').and.to.contain('Les deux ménages sont prévenus par e-mail');
    expect(text)
      .to.contain(`action="${page}/end/confirm"`)
      .and.to.contain(`action="${page}/end/back"`)
      .and.to.not.match(/<script(?! src="\/static\/app\.js" defer><\/script>)/); // only the progressive-enhancement script, nothing the confirmation needs
    const doc = (await CohabitationModel.findById(c.id).lean())!;
    expect([doc.status, (await offerOf(c)).status, (await endedMails(c)).length]).to.deep.equal(['trial', 'occupied', 0]);
    await agent
      .post(`${page}/end/back`)
      .type('form')
      .send({ _csrf: formToken(confirm.text), ...fields })
      .expect(303);
    const back = (await agent.get(page).expect(200)).text;
    expect(back)
      .to.contain('Note de sortie tapée')
      .and.to.match(/value="conflict" checked/);
    expect((await CohabitationModel.findById(c.id).lean())!.status).to.equal('trial');
    await agent
      .post(`${page}/end/confirm`)
      .type('form')
      .send({ _csrf: formToken(confirm.text), ...fields })
      .expect(303);
    expect([(await CohabitationModel.findById(c.id).lean())!.status, (await offerOf(c)).status]).to.deep.equal(['ended', 'suspended']);
  });
});
