// Benefits asked per person and checked per household (SPEC §6.3, §9, issue 17): the JSON API keeps
// accepting SPEC's examples unchanged and takes the new optional answers; the family's and the host's
// pages ask them; the benefits check page shows each party only its own household (staff both,
// audited; a partner none; someone else 404) with the proofs of separate households; the agreement
// carries each party's own warning and, on the staff's copy, nobody's benefits.
import { expect } from 'chai';
import { AuditModel } from '../src/kernel/audit/audit.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { FAMILY_EXAMPLE, OFFER_EXAMPLE, familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';
import { apiLogin, createUser, formToken, useTestApp } from './helpers/test-app.js';

type Lang = 'fr' | 'nl' | 'en';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const readable = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');

describe('benefits per person and the benefits check page (issue 17)', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;

  async function person(role: 'parent' | 'host' | 'worker' | 'partner', language: Lang = 'fr') {
    const user = await createUser(role, { language });
    const agent = ctx.request();
    const token = await apiLogin(agent, user.email);
    const call = (path: string, body?: object) => agent.post(`/api/v1${path}`).set('X-CSRF-Token', token).send(body);
    const put = (path: string, body?: object) => agent.put(`/api/v1${path}`).set('X-CSRF-Token', token).send(body);
    const page = async (path: string, status = 200) => readable((await agent.get(path).expect(status)).text);
    return { agent, call, put, page, id: user.id, email: user.email };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  let worker: Person;
  before(async () => {
    worker = await person('worker');
  });

  /** A family on the CPAS with family dependants, a host on the GRAPA: proposed, accepted, and (with `living`) sharing the home. */
  async function pair(living: boolean, langs: { parent?: Lang; host?: Lang } = {}) {
    const parent = await person('parent', langs.parent);
    const host = await person('host', langs.host);
    const f = await parent
      .call('/families', familyBody({ benefits: { source: 'cpas', status: 'family_dependants', singleParentSupplement: true } }))
      .expect(201);
    await parent.call(`/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await worker.call(`/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    const o = await host.call('/offers', offerBody({ benefits: { source: 'grapa', status: 'isolated' } })).expect(201);
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
    let id = '';
    if (living) {
      const c = await worker
        .call('/cohabitations', {
          proposalId: p.body.id,
          startDate: day(-10),
          agreement: { monthlyContribution: 300, servicesExchanged: [], houseRules: 'Calme.' },
        })
        .expect(201);
      id = c.body.id as string;
    }
    return { parent, host, familyId: f.body.id as string, offerId: o.body.id as string, proposalId: p.body.id as string, id };
  }

  describe('the JSON API (SPEC §9)', () => {
    it("accepts SPEC's example bodies unchanged and answers them the same way; the host's benefits stay optional", async () => {
      const parent = await person('parent');
      const f = await parent.call('/families', FAMILY_EXAMPLE).expect(201);
      expect(f.body.benefits).to.deep.equal({ source: 'cpas', status: 'isolated' });
      expect(f.body).to.include({ status: 'draft' });
      const host = await person('host');
      const o = await host.call('/offers', OFFER_EXAMPLE).expect(201);
      expect(o.body).not.to.have.property('benefits');
      expect(o.body.legal).to.deep.equal(OFFER_EXAMPLE.legal);
      const sent = await host.call(`/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
      expect(sent.body.status).to.equal('submitted');
    });

    it('takes the new answers: the family-dependants rate, the end of unemployment benefit, the single-parent allowance; the host’s own income', async () => {
      const parent = await person('parent');
      const benefits = { source: 'unemployment', status: 'family_dependants', unemploymentEndsOn: '2027-06-30', singleParentSupplement: true };
      const f = await parent.call('/families', familyBody({ benefits } as never)).expect(201);
      expect(f.body.benefits).to.deep.equal(benefits);
      const host = await person('host');
      const o = await host.call('/offers', offerBody({ benefits: { source: 'grapa', status: 'isolated' } })).expect(201);
      expect(o.body.benefits).to.deep.equal({ source: 'grapa', status: 'isolated' });
      // A salary has no rate: none needed, null taken.
      const salaried = await host.call('/offers', offerBody({ benefits: { source: 'work', status: null } })).expect(201);
      await host.call(`/offers/${salaried.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    });

    it('refuses unknown fields and values, naming the field; a host on a benefit paid at a rate must give the rate to send', async () => {
      const parent = await person('parent');
      const unknown = await parent.call('/families', familyBody({ benefits: { source: 'cpas', status: 'isolated', amount: 1200 } } as never)).expect(422);
      expect(unknown.body.error.details.map((d: { path: string }) => d.path)).to.include('/benefits/amount');
      const grapa = await parent.call('/families', familyBody({ benefits: { source: 'grapa', status: 'isolated' } } as never)).expect(422);
      expect(grapa.body.error.details.map((d: { path: string }) => d.path)).to.include('/benefits/source');
      const date = await parent
        .call('/families', familyBody({ benefits: { source: 'unemployment', status: 'isolated', unemploymentEndsOn: '31/05/2027' } } as never))
        .expect(422);
      expect(date.body.error.details.map((d: { path: string }) => d.path)).to.include('/benefits/unemploymentEndsOn');
      const host = await person('host', 'en');
      const o = await host.call('/offers', offerBody({ benefits: { source: 'cpas' } })).expect(201);
      const refused = await host.call(`/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(422);
      expect(refused.body.error.details).to.deep.include({
        path: '/benefits/status',
        message: "Say at which rate your benefit is paid, or choose “I don't know”.",
      });
    });
  });

  describe('the pages that ask', () => {
    it("a parent's benefits step keeps the new answers and the review warns about the family rate, the end date and the allowance", async () => {
      const parent = await person('parent');
      const { agent } = parent;
      const f = await parent.call('/families', { ...familyBody(), benefits: undefined }).expect(201);
      const base = `/my/application/${f.body.id}`;
      const step = await agent.get(`${base}/benefits`).expect(200);
      expect(step.text)
        .to.contain('id="benefits-status-family_dependants"')
        .and.contain('id="benefits-unemploymentEndsOn"')
        .and.contain('id="benefits-singleParentSupplement-unknown"');
      const version = /name="version" value="(\d+)"/.exec(step.text)![1]!;
      await agent
        .post(`${base}/benefits`)
        .type('form')
        .send({
          _csrf: formToken(step.text),
          version,
          action: 'next',
          'benefits[source]': 'unemployment',
          'benefits[status]': 'family_dependants',
          'benefits[unemploymentEndsOn]': '2027-05-31',
          'benefits[singleParentSupplement]': '',
          'consents[dataProcessing]': 'true',
        })
        .expect(303);
      const saved = (await agent.get(`/api/v1/families/${f.body.id}`).expect(200)).body.benefits;
      expect(saved).to.deep.equal({ source: 'unemployment', status: 'family_dependants', unemploymentEndsOn: '2027-05-31' });
      const review = readable((await agent.get(`${base}/review`).expect(200)).text);
      expect(review).to.contain('avec charge de famille').and.contain('31 mai 2027').and.contain('ménage de fait').and.contain('Personne ne peut promettre');
      expect(review).not.to.contain('gardez le taux').and.not.to.contain('statut «\u00a0isolé\u00a0»');
    });

    it("the host's income page: Continue asks the income, and the rate of a benefit paid at a rate; sending without it is refused with a link to the page", async () => {
      const host = await person('host', 'en');
      const { agent } = host;
      const o = await host.call('/offers', offerBody()).expect(201);
      const base = `/my/offer/${o.body.id}`;
      const post = async (fields: Record<string, string>) => {
        const page = await agent.get(`${base}/benefits`).expect(200);
        const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
        return agent
          .post(`${base}/benefits`)
          .type('form')
          .send({ _csrf: formToken(page.text), version, action: 'continue', ...fields })
          .expect(303);
      };
      await post({});
      let page = readable((await agent.get(`${base}/benefits`).expect(200)).text);
      expect(page)
        .to.contain('class="error-summary"')
        .and.contain('href="#benefits-source"')
        .and.contain('Step 7 of 8')
        .and.not.contain('single-parent families?');
      await post({ 'benefits[source]': 'cpas' });
      page = readable((await agent.get(`${base}/benefits`).expect(200)).text);
      expect(page).to.contain('href="#benefits-status"').and.contain('Say at which rate your benefit is paid');
      // The review page refuses to send while the page is not answered, naming it.
      const review = await agent.get(`${base}/review`).expect(200);
      const sent = await agent
        .post(`${base}/submit`)
        .type('form')
        .send({ _csrf: formToken(review.text), acknowledgeBenefitsWarning: 'true' })
        .expect(303);
      expect(sent.headers.location).to.equal(`${base}/review`);
      expect(readable((await agent.get(`${base}/review`).expect(200)).text)).to.contain(`href="${base}/benefits#benefits-source"`);
      expect((await agent.get(`/api/v1/offers/${o.body.id}`).expect(200)).body.status).to.equal('draft');
      const done = await post({ 'benefits[source]': 'cpas', 'benefits[status]': 'isolated' });
      expect(done.headers.location).to.equal(`${base}/review`);
      const warned = readable((await agent.get(`${base}/review`).expect(200)).text);
      expect(warned)
        .to.contain('Integration income (CPAS)')
        .and.contain('lower “cohabitant” rate')
        .and.contain('Source: PPS Social Integration (https://www.mi-is.be)');
    });
  });

  describe('the benefits check page', () => {
    it('a parent reads their own household only, in their language: the family rate, the allowance, the proofs done and missing', async () => {
      const c = await pair(true, { parent: 'nl' });
      const before = await c.parent.page(`/cohabitations/${c.id}/benefits`);
      expect(before)
        .to.contain('<html lang="nl">')
        .and.contain('Uitkeringen nakijken: het gezin van Amina')
        .and.contain('persoon met gezin ten laste')
        .and.contain('feitelijk gezin');
      expect(before).to.contain('Bewijzen van aparte huishoudens').and.contain('Er is nog geen bewijs, er ontbreken er 5.').and.contain('Ontbreekt');
      // Nothing of the host's household: not their income, not their name.
      expect(before).not.to.match(/IGO|inkomensgarantie|Marc|D\.<|Rustpensioen/);
      await worker.put(`/cohabitations/${c.id}/checklist/evidence.bellAndLetterbox`, { done: true }).expect(200);
      const after = await c.parent.page(`/cohabitations/${c.id}/benefits`);
      expect(after).to.contain('1 bewijs is er, er ontbreken er 4.').and.contain('Gedaan op');
      expect(after).to.contain('class="no-print"');
    });

    it('the host reads the GRAPA risk of their own household, never the family’s benefits', async () => {
      const c = await pair(true, { host: 'en' });
      const page = await c.host.page(`/cohabitations/${c.id}/benefits`);
      expect(page)
        .to.contain('Benefits check: Marc, the host')
        .and.contain('Income guarantee for older people (GRAPA)')
        .and.contain('basic amount')
        .and.contain('Federal Pension Service');
      expect(page).not.to.match(/family in their care|famille à charge|ménage de fait|Amina|Integration income/);
    });

    it('the support worker reads both households, and each read is in the audit log; on a proposal, the proofs to prepare', async () => {
      const c = await pair(true);
      const page = await worker.page(`/cohabitations/${c.id}/benefits`);
      expect(page).to.contain('Amina B.').and.contain('Marc D.').and.contain('famille à charge').and.contain('GRAPA');
      const reads = await AuditModel.find({ action: 'benefits.read', actorId: worker.id }).lean();
      expect(reads.map((r) => `${r.targetType}:${r.targetId}`)).to.include.members([`family:${c.familyId}`, `offer:${c.offerId}`]);
      const onProposal = await worker.page(`/proposals/${c.proposalId}/benefits`);
      expect(onProposal).to.contain("L'arrangement n'a pas encore commencé").and.contain('À préparer');
      expect(await worker.page(`/work/cohabitations/${c.id}`)).to.contain(`href="/cohabitations/${c.id}/benefits"`);
      expect(await worker.page(`/proposals/${c.proposalId}`)).to.contain(`href="/proposals/${c.proposalId}/benefits"`);
    });

    it('nobody else: another parent or host 404, a partner 403, on the cohabitation and on the proposal', async () => {
      const c = await pair(true);
      const otherParent = await person('parent');
      const otherHost = await person('host');
      const partner = await person('partner');
      for (const path of [`/cohabitations/${c.id}/benefits`, `/proposals/${c.proposalId}/benefits`]) {
        await otherParent.agent.get(path).expect(404);
        await otherHost.agent.get(path).expect(404);
        await partner.agent.get(path).expect(403);
        await ctx
          .request()
          .get(path)
          .expect((res) => expect([302, 303, 401]).to.include(res.status));
      }
      // The parties' own proposal pages link to their own check.
      expect(await c.parent.page(`/proposals/${c.proposalId}`)).to.contain(`href="/proposals/${c.proposalId}/benefits"`);
      expect(await c.parent.page(`/proposals/${c.proposalId}/benefits`))
        .to.contain('famille à charge')
        .and.not.to.contain('GRAPA');
    });
  });

  describe('the agreement', () => {
    it("each party's copy warns about their own benefits; the support worker's copy, printed for both, about nobody's", async () => {
      const c = await pair(true);
      const parentCopy = await c.parent.page(`/cohabitations/${c.id}/agreement`);
      expect(parentCopy).to.contain('famille à charge').and.not.to.contain('GRAPA');
      expect(parentCopy).to.contain(`href="/cohabitations/${c.id}/benefits"`);
      const hostCopy = await c.host.page(`/cohabitations/${c.id}/agreement`);
      expect(hostCopy).to.contain('GRAPA').and.not.to.contain('famille à charge');
      const staffCopy = await worker.page(`/cohabitations/${c.id}/agreement`);
      expect(staffCopy)
        .to.contain('Vérifier mes allocations')
        .and.contain('Personne ne peut promettre')
        .and.not.to.match(/famille à charge|GRAPA/);
    });
  });
});
