// Matching's safeguards (SPEC §1, §5, §11): screening, suspended offers, pairs excluded for good and
// the family's consent to share its profile — on the API and on the worker's and host's pages.
import { expect } from 'chai';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { ProposalModel } from '../src/modules/matching/proposal.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { apiLogin, createUser, formLogin, formToken, useTestApp } from './helpers/test-app.js';
import { t } from '../src/kernel/i18n/index.js';
import { FAMILY_EXAMPLE, familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

type Lang = 'fr' | 'nl' | 'en';

describe('matching safeguards (SPEC §11)', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;
  const REVIEWER = { id: '000000000000000000000002', role: 'coordinator' as const, name: 'Coordination' };

  async function person(role: 'parent' | 'host' | 'worker' | 'coordinator', language: Lang = 'en') {
    const user = await createUser(role, { language });
    const agent = ctx.request();
    const token = await apiLogin(agent, user.email);
    const call = (method: 'post' | 'put', path: string, body?: object) => agent[method](`/api/v1${path}`).set('X-CSRF-Token', token).send(body);
    return { agent, call, token, id: user.id, email: user.email };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  let worker: Person;
  before(async () => {
    worker = await person('worker');
  });

  async function activeFamily(overrides = {}) {
    const parent = await person('parent');
    const f = await parent.call('post', '/families', familyBody(overrides)).expect(201);
    await parent.call('post', `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await worker.call('post', `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    return { parent, id: f.body.id as string };
  }

  async function conformOffer(screened = true) {
    const host = await person('host');
    const o = await host.call('post', '/offers', offerBody()).expect(201);
    await host.call('post', `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    if (screened) await screenOffer(intake().offers, o.body.id);
    return { host, id: o.body.id as string };
  }

  it('HOST_SCREENING_INCOMPLETE: the blocker says what is missing; no proposal, and the plan leaves the offer out', async () => {
    const family = await activeFamily();
    const offer = await conformOffer(false);
    const matches = await worker.agent.get(`/api/v1/offers/${offer.id}/matches?includeIneligible=true`).expect(200);
    const item = matches.body.items.find((i: { familyId: string }) => i.familyId === family.id);
    const blocker = item.blockers.find((b: { code: string }) => b.code === 'SCREENING');
    expect(blocker.reason).to.contain('References: 0 positive of the 2 needed').and.contain('Person 1 of the household');
    const refused = await worker.call('post', '/proposals', { familyId: family.id, offerId: offer.id }).expect(409);
    expect(refused.body.error.code).to.equal('HOST_SCREENING_INCOMPLETE');
    expect(refused.body.error.details.map((d: { message: string }) => d.message).join(' ')).to.contain('model-2');
    expect(await ProposalModel.countDocuments({ offerId: offer.id })).to.equal(0);
    const plan = await worker.call('post', '/matching/plan', {}).expect(200);
    expect(plan.body.pairs.map((p: { offerId: string }) => p.offerId)).to.not.include(offer.id);
    // Screened now: proposable.
    await screenOffer(intake().offers, offer.id);
    await worker.call('post', '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
  });

  it('OFFER_SUSPENDED: a suspended offer cannot be proposed, and a pending proposal cannot be accepted into it', async () => {
    const family = await activeFamily();
    const offer = await conformOffer();
    const p = await worker.call('post', '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
    await family.parent.call('post', `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    expect(await intake().offers.screening.suspend(REVIEWER, offer.id, 'record_check')).to.equal(true);
    const refused = await offer.host.call('post', `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(409);
    expect(refused.body.error.code).to.equal('OFFER_SUSPENDED');
    expect((await ProposalModel.findById(p.body.id).lean())!.status).to.equal('pending');
    expect((await intake().offers.load(offer.id)).status).to.equal('suspended');
    const other = await activeFamily();
    expect((await worker.call('post', '/proposals', { familyId: other.id, offerId: offer.id }).expect(409)).body.error.code).to.equal('OFFER_SUSPENDED');
    // Nothing but a coordinator's review moves it; a module's step is refused.
    let code = '';
    await intake()
      .offers.transition(SYSTEM, offer.id, 'available')
      .catch((e: { code: string }) => (code = e.code));
    expect(code).to.equal('OFFER_SUSPENDED');
  });

  it('PAIR_EXCLUDED: a pair ended for safety shows EXCLUDED and is refused, even once the offer is available again', async () => {
    const family = await activeFamily();
    const offer = await conformOffer();
    const doc = await intake().offers.load(offer.id);
    await intake().families.excludePairForGood(SYSTEM, family.id, { hostId: doc.ownerUserId!, offerId: offer.id, cohabitationId: 'c1', reason: 'safety' });
    // Recorded once per cohabitation, whoever runs it again.
    expect(
      await intake().families.excludePairForGood(SYSTEM, family.id, { hostId: doc.ownerUserId!, offerId: offer.id, cohabitationId: 'c1', reason: 'safety' }),
    ).to.equal(false);
    // Two runs at once (an ending and the sweep after a crash) for another cohabitation: one entry, and the first one kept.
    const pair = { hostId: doc.ownerUserId!, offerId: offer.id, cohabitationId: 'c2', reason: 'violence' };
    const runs = await Promise.all([
      intake().families.excludePairForGood(SYSTEM, family.id, pair),
      intake().families.excludePairForGood(SYSTEM, family.id, pair),
    ]);
    expect(runs.sort()).to.deep.equal([false, true]);
    expect((await intake().families.load(family.id)).safetyExclusions!.map((e) => e.cohabitationId).sort()).to.deep.equal(['c1', 'c2']);
    const matches = await worker.agent.get(`/api/v1/families/${family.id}/matches?includeIneligible=true&limit=50`).expect(200);
    const item = matches.body.items.find((i: { offerId: string }) => i.offerId === offer.id);
    expect(item.blockers.map((b: { code: string }) => b.code)).to.include('EXCLUDED');
    const refused = await worker.call('post', '/proposals', { familyId: family.id, offerId: offer.id }).expect(409);
    expect(refused.body.error.code).to.equal('PAIR_EXCLUDED');
    // A worker's edit of the exclusions does not lift it.
    const fam = await worker.agent.get(`/api/v1/families/${family.id}`).expect(200);
    await worker.agent
      .put(`/api/v1/families/${family.id}/exclusions`)
      .set('X-CSRF-Token', worker.token)
      .set('If-Match', String(fam.body.version))
      .send({ communes: [], offerIds: [], hostIds: [] })
      .expect(200);
    expect((await worker.call('post', '/proposals', { familyId: family.id, offerId: offer.id }).expect(409)).body.error.code).to.equal('PAIR_EXCLUDED');
  });

  /** A worker's page session in a language. */
  async function workerPage(lang: Lang) {
    const user = await createUser('worker', { language: lang });
    const agent = ctx.request();
    await formLogin(agent, user.email);
    return agent;
  }
  const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

  for (const lang of ['fr', 'nl', 'en'] as Lang[]) {
    it(`the worker's proposal form shows each refusal as an error summary, nothing written (${lang})`, async () => {
      const agent = await workerPage(lang);
      const suspended = await conformOffer();
      await intake().offers.screening.suspend(REVIEWER, suspended.id, 'record_check');
      const unscreened = await conformOffer(false);
      const excluded = await conformOffer();
      const family = await activeFamily();
      await intake().families.excludePairForGood(SYSTEM, family.id, {
        hostId: excluded.host.id,
        offerId: excluded.id,
        cohabitationId: `c-${lang}`,
        reason: 'safety',
      });
      const cases: [string, string][] = [
        [suspended.id, t(lang, 'rules.OFFER_SUSPENDED')],
        [unscreened.id, t(lang, 'intake.screening.gaps.RECORD_CHECK_MISSING', { n: 1 })],
        [excluded.id, t(lang, 'rules.PAIR_EXCLUDED')],
      ];
      for (const [offerId, expected] of cases) {
        const page = await agent.get(`/work/families/${family.id}/matches`).expect(200);
        const res = await agent
          .post(`/work/families/${family.id}/proposals`)
          .type('form')
          .send({ _csrf: formToken(page.text), offerId, [`message-${offerId}`]: '' })
          .expect(303);
        const back = await agent.get(String(res.headers.location)).expect(200);
        expect(back.text).to.contain('class="error-summary"').and.contain(html(expected));
        expect(await ProposalModel.countDocuments({ offerId })).to.equal(0);
      }
    });
  }

  it('SCREENING at the family’s move-in: an extract too old by then blocks the pair and the proposal', async () => {
    const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const later = await activeFamily({ needs: { ...familyBody().needs, moveInFrom: days(200), moveInBy: days(260) } });
    const offer = await conformOffer(); // extracts seen today: valid about 182 days
    const matches = await worker.agent.get(`/api/v1/families/${later.id}/matches?includeIneligible=true&limit=500`).expect(200);
    const item = matches.body.items.find((i: { offerId: string }) => i.offerId === offer.id);
    const blocker = item.blockers.find((b: { code: string }) => b.code === 'SCREENING');
    expect(blocker.reason).to.contain('when the family would move in').and.contain('the extract was seen too long ago');
    const refused = await worker.call('post', '/proposals', { familyId: later.id, offerId: offer.id }).expect(409);
    expect(refused.body.error.code).to.equal('HOST_SCREENING_INCOMPLETE');
    expect(JSON.stringify(refused.body.error.details)).to.contain('the extract was seen too long ago');
    expect(await ProposalModel.countDocuments({ offerId: offer.id })).to.equal(0);
    // A family moving in within the extract's validity: proposable.
    const soon = await activeFamily();
    await worker.call('post', '/proposals', { familyId: soon.id, offerId: offer.id }).expect(201);
  });

  it('the plan never pairs an excluded family and host: a lock on them is refused (409 PAIR_EXCLUDED), on the page too', async () => {
    const family = await activeFamily();
    const offer = await conformOffer();
    await intake().families.excludePairForGood(SYSTEM, family.id, { hostId: offer.host.id, offerId: offer.id, cohabitationId: 'c-plan', reason: 'safety' });
    const free = await worker.call('post', '/matching/plan', {}).expect(200);
    expect(free.body.pairs.some((p: { familyId: string; offerId: string }) => p.familyId === family.id && p.offerId === offer.id)).to.equal(false);
    const locked = await worker.call('post', '/matching/plan', { locked: [{ familyId: family.id, offerId: offer.id }] }).expect(409);
    expect(locked.body.error.code).to.equal('PAIR_EXCLUDED');
    expect(locked.body.error.details[0].path).to.equal('/locked/0');
    // Another blocker on a lock: 422 naming it.
    const unscreened = await conformOffer(false);
    const ineligible = await worker.call('post', '/matching/plan', { locked: [{ familyId: family.id, offerId: unscreened.id }] }).expect(422);
    expect(ineligible.body.error.details[0].message).to.contain('SCREENING');
    const agent = await workerPage('nl');
    const page = await agent.get('/work/plan').expect(200);
    await agent
      .post('/work/plan/lock')
      .type('form')
      .send({ _csrf: formToken(page.text), familyId: family.id, offerId: offer.id })
      .expect(303);
    const back = await agent.get('/work/plan').expect(200);
    expect(back.text)
      .to.contain('class="error-summary"')
      .and.contain(html(t('nl', 'rules.PAIR_EXCLUDED')));
  });

  it('OFFER_SUSPENDED on the host’s answer page: the error summary, and nothing reserved', async () => {
    const family = await activeFamily();
    const offer = await conformOffer();
    const p = await worker.call('post', '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
    await intake().offers.screening.suspend(REVIEWER, offer.id, 'record_check');
    const hostPage = ctx.request();
    await formLogin(hostPage, offer.host.email);
    const view = await hostPage.get(`/proposals/${p.body.id}`).expect(200);
    await hostPage
      .post(`/proposals/${p.body.id}/responses`)
      .type('form')
      .send({ _csrf: formToken(view.text), decision: 'accept' })
      .expect(303);
    const back = await hostPage.get(`/proposals/${p.body.id}`).expect(200);
    expect(back.text)
      .to.contain('class="error-summary"')
      .and.contain(html(t('en', 'rules.OFFER_SUSPENDED')));
    expect((await ProposalModel.findById(p.body.id).lean())!.responses?.host ?? null).to.equal(null);
    expect((await intake().offers.load(offer.id)).status).to.equal('suspended');
  });

  it('SHARE_PROFILE_NOT_CONSENTED: without consent the host sees no first name, no exact age, no text — on the API and the page', async () => {
    const year = new Date().getUTCFullYear();
    const family = await activeFamily({
      consents: { dataProcessing: true, shareProfile: false },
      children: [{ birthYear: year - 7, sex: 'f', custody: 'full', specialNeeds: 'Asthme sévère' }],
    });
    const offer = await conformOffer();
    const p = await worker.call('post', '/proposals', { familyId: family.id, offerId: offer.id }).expect(201);
    for (const path of ['/api/v1/proposals', `/api/v1/proposals/${p.body.id}`]) {
      const body = JSON.stringify((await offer.host.agent.get(path).expect(200)).body);
      expect(body)
        .to.not.contain(FAMILY_EXAMPLE.parent.firstName)
        .and.not.contain('Asthme')
        .and.not.contain(String(year - 7))
        .and.not.contain('"age":7');
      expect(body).to.contain('6-11');
    }
    const view = await offer.host.agent.get(`/proposals/${p.body.id}`).expect(200);
    expect(view.text).to.not.contain(FAMILY_EXAMPLE.parent.firstName);
    expect(view.text).to.contain('did not agree to share its profile');
    const list = await offer.host.agent.get('/my/proposals').expect(200);
    expect(list.text).to.not.contain(FAMILY_EXAMPLE.parent.firstName);
    // The e-mail to the host, and the host's own answer (JSON), carry no name either.
    const mails = await OutboxModel.find({ to: offer.host.email }).lean();
    expect(mails).to.have.length.greaterThan(0);
    for (const mail of mails) expect(`${mail.subject} ${mail.text}`).to.not.contain(FAMILY_EXAMPLE.parent.firstName);
    const answered = JSON.stringify((await offer.host.call('post', `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200)).body);
    expect(answered).to.not.contain(FAMILY_EXAMPLE.parent.firstName).and.not.contain('"age":7');
    // Once both have accepted, the host may know the family's first name.
    await family.parent.call('post', `/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    expect(JSON.stringify((await offer.host.agent.get(`/api/v1/proposals/${p.body.id}`).expect(200)).body)).to.contain(FAMILY_EXAMPLE.parent.firstName);
  });

  it('with consent the host sees the pseudonymous profile of SPEC §1 — first name, ages, languages, what the family offers — and never its texts', async () => {
    const year = new Date().getUTCFullYear();
    const consenting = await activeFamily({
      children: [{ birthYear: year - 7, sex: 'f', custody: 'full', specialNeeds: 'Asthme sévère' }],
      situation: { ...FAMILY_EXAMPLE.situation, description: 'Hébergée chez sa soeur' },
    });
    const other = await conformOffer();
    const q = await worker.call('post', '/proposals', { familyId: consenting.id, offerId: other.id }).expect(201);
    const seen = (await other.host.agent.get(`/api/v1/proposals/${q.body.id}`).expect(200)).body.family;
    expect(seen).to.include({ shared: true, firstName: FAMILY_EXAMPLE.parent.firstName });
    expect(seen.languages).to.deep.equal(FAMILY_EXAMPLE.parent.languages);
    expect(seen.servicesOffered).to.deep.equal(FAMILY_EXAMPLE.servicesOffered);
    expect(seen.children.map((c: { age: number }) => c.age)).to.satisfy((ages: number[]) => ages[0] === 6 || ages[0] === 7);
    expect(JSON.stringify(seen)).to.not.contain('Asthme').and.not.contain('soeur');
    const page = await other.host.agent.get(`/proposals/${q.body.id}`).expect(200);
    expect(page.text).to.contain(FAMILY_EXAMPLE.parent.firstName).and.not.contain('Asthme').and.not.contain('soeur');
  });
});
