// Forms start from what the service already knows (issue 15): the parent's name from their account
// on the first step, the referring partner's organisation and contact on a new referral, the offer's
// contribution and house rules in the agreement. Shown only: nothing is stored before the form is
// sent, and a value the person cleared is never put back. As browsers without JavaScript send forms.
import { expect } from 'chai';
import type supertest from 'supertest';
import { UserModel } from '../src/kernel/auth/user.model.js';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { nameParts } from '../src/modules/intake/pages/family-prefill.js';
import { familyBody, offerBody, OFFER_EXAMPLE } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';
import { csrfToken, formToken, useTestApp, signedInOnPages, type OnPages } from './helpers/test-app.js';

type Role = 'parent' | 'partner' | 'worker' | 'host' | 'coordinator';

/** The value="…" of the input named `name` (attributes as the form macro writes them). */
function valueOf(html: string, name: string): string | null {
  const escaped = name.replace(/[[\]]/g, '\\$&');
  const match = new RegExp(`name="${escaped}" type="[a-z]+" value="([^"]*)"`).exec(html);
  return match ? match[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&') : null;
}

function textareaOf(html: string, name: string): string | null {
  const escaped = name.replace(/[[\]]/g, '\\$&');
  const match = new RegExp(`name="${escaped}"[^>]*>([^<]*)</textarea>`).exec(html);
  return match ? match[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&') : null;
}

describe('prefilled forms', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;

  const signIn = (role: Role, fields: { name?: string; language?: 'fr' | 'nl' | 'en' } = {}) => signedInOnPages(ctx, role, { language: 'en', ...fields });
  type Person = OnPages;

  async function api(person: Person, path: string, body?: object) {
    const res = await person.agent
      .post(`/api/v1${path}`)
      .set('X-CSRF-Token', await csrfToken(person.agent))
      .send(body);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.be.oneOf([200, 201]);
    return res.body as { id: string };
  }

  async function post(agent: supertest.Agent, page: string, fields: Record<string, string | string[]>, action = page) {
    const html = (await agent.get(page).expect(200)).text;
    const version = /name="version" value="(\d+)"/.exec(html)?.[1];
    return agent
      .post(action)
      .type('form')
      .send({ _csrf: formToken(html), ...(version ? { version } : {}), ...fields })
      .expect(303);
  }

  describe("the parent's name on the first step", () => {
    async function newApplication(name: string) {
      const parent = await signIn('parent', { name });
      const started = await post(parent.agent, '/my/application', {});
      const you = String(started.headers.location);
      expect(you).to.match(/^\/my\/application\/[0-9a-f]{24}\/you$/);
      return { parent, you, id: you.split('/')[3]! };
    }
    const stored = async (p: Person, id: string) => (await p.agent.get(`/api/v1/families/${id}`).expect(200)).body.parent;

    it('splits the account name: first word, then the rest; a single word is a first name', () => {
      expect(nameParts('  Marie-Claire   Van den Bossche ')).to.deep.equal({ firstName: 'Marie-Claire', lastName: 'Van den Bossche' });
      expect(nameParts('Amina')).to.deep.equal({ firstName: 'Amina', lastName: '' });
      expect(nameParts(undefined)).to.deep.equal({ firstName: '', lastName: '' });
    });

    it('is offered from the account while the step was never sent, and nothing is stored by showing it', async () => {
      const { parent, you, id } = await newApplication('Fatou Diallo Ndiaye');
      const html = (await parent.agent.get(you).expect(200)).text;
      expect(valueOf(html, 'parent[firstName]')).to.equal('Fatou');
      expect(valueOf(html, 'parent[lastName]')).to.equal('Diallo Ndiaye');
      expect(await stored(parent, id)).to.equal(undefined);

      // Sent as shown (the person may change it): now it is the application's.
      await post(parent.agent, you, { 'parent[firstName]': 'Fatou', 'parent[lastName]': 'Diallo', 'parent[preferredLanguage]': 'fr', action: 'later' });
      expect(await stored(parent, id)).to.include({ firstName: 'Fatou', lastName: 'Diallo' });
    });

    it('a name the parent cleared stays cleared, with the rest of the step kept', async () => {
      const { parent, you, id } = await newApplication('Fatou Diallo');
      await post(parent.agent, you, {
        'parent[firstName]': '',
        'parent[lastName]': '',
        'parent[birthYear]': '1990',
        'parent[preferredLanguage]': 'fr',
        action: 'later',
      });
      const html = (await parent.agent.get(you).expect(200)).text;
      expect(valueOf(html, 'parent[firstName]')).to.equal('');
      expect(valueOf(html, 'parent[lastName]')).to.equal('');
      expect(valueOf(html, 'parent[birthYear]')).to.equal('1990');
      expect(await stored(parent, id)).to.not.have.property('firstName');
    });

    it('a step sent with every field cleared does not get the account name back', async () => {
      const { parent, you } = await newApplication('Fatou Diallo');
      await post(parent.agent, you, { 'parent[firstName]': '', 'parent[lastName]': '', 'parent[email]': '', 'parent[preferredLanguage]': '', action: 'later' });
      const html = (await parent.agent.get(you).expect(200)).text;
      expect(valueOf(html, 'parent[firstName]')).to.equal('');
      expect(valueOf(html, 'parent[email]')).to.equal('');
    });

    it('after a refused "Continue", the form shows what was typed, not the account name', async () => {
      const { parent, you } = await newApplication('Fatou Diallo');
      await post(parent.agent, you, { 'parent[firstName]': '', 'parent[lastName]': 'Sow', 'parent[birthYear]': '19', action: 'next' });
      const html = (await parent.agent.get(you).expect(200)).text;
      expect(html).to.contain('error-summary');
      expect(valueOf(html, 'parent[firstName]')).to.equal('');
      expect(valueOf(html, 'parent[lastName]')).to.equal('Sow');
    });

    it("a worker filling in for a parent is not offered the worker's own name", async () => {
      const worker = await signIn('worker', { name: 'Karim Accompagnement' });
      const started = await post(worker.agent, '/work/families/new', {});
      const html = (await worker.agent.get(String(started.headers.location)).expect(200)).text;
      expect(valueOf(html, 'parent[firstName]')).to.equal('');
      expect(valueOf(html, 'parent[lastName]')).to.equal('');
    });
  });

  describe("the partner's organisation and contact on a new referral", () => {
    it("comes from the partner's account; nothing is created by opening the form", async () => {
      const partner = await signIn('partner', { name: 'Élise Van Hove' });
      await UserModel.updateOne({ email: partner.email }, { $set: { organisation: 'CPAS de Forest' } });
      const before = await FamilyModel.countDocuments();
      const html = (await partner.agent.get('/referrals/new').expect(200)).text;
      expect(valueOf(html, 'referral[organisation]')).to.equal('CPAS de Forest');
      expect(valueOf(html, 'referral[contactName]')).to.equal('Élise Van Hove');
      expect(valueOf(html, 'referral[contactEmail]')).to.equal(partner.email);
      expect(await FamilyModel.countDocuments()).to.equal(before);
    });

    it("without an organisation on the account, the partner's last referral gives it", async () => {
      const partner = await signIn('partner');
      const first = await post(partner.agent, '/referrals/new', {
        familyConsent: 'true',
        'referral[organisation]': 'ONE Bruxelles',
        'referral[contactName]': 'Léa',
        'referral[contactEmail]': partner.email,
        'referral[note]': '',
      });
      expect(String(first.headers.location)).to.match(/^\/referrals\/[0-9a-f]{24}\/you$/);
      const html = (await partner.agent.get('/referrals/new').expect(200)).text;
      expect(valueOf(html, 'referral[organisation]')).to.equal('ONE Bruxelles');
      // Another partner's referrals are not theirs to start from.
      const other = await signIn('partner');
      expect(valueOf((await other.agent.get('/referrals/new').expect(200)).text, 'referral[organisation]')).to.equal('');
    });

    it('an organisation the partner cleared stays cleared when the form comes back with an error', async () => {
      const partner = await signIn('partner');
      await UserModel.updateOne({ email: partner.email }, { $set: { organisation: 'CPAS de Forest' } });
      await post(partner.agent, '/referrals/new', {
        familyConsent: 'true',
        'referral[organisation]': '',
        'referral[contactName]': 'Élise',
        'referral[contactEmail]': partner.email,
        'referral[note]': '',
      });
      const html = (await partner.agent.get('/referrals/new').expect(200)).text;
      expect(html).to.contain('error-summary').and.to.contain('href="#referral-organisation"');
      expect(valueOf(html, 'referral[organisation]')).to.equal('');
      expect(valueOf(html, 'referral[contactName]')).to.equal('Élise');
    });

    it('the coordinator records a partner account with its organisation; a worker account keeps none', async () => {
      const coordinator = await signIn('coordinator');
      await post(coordinator.agent, '/admin/users', {
        role: 'partner',
        name: 'Léa Martin',
        email: 'lea@one.example',
        organisation: ' ONE Bruxelles ',
        language: 'fr',
        password: '',
      });
      await post(coordinator.agent, '/admin/users', {
        role: 'worker',
        name: 'Tom Peeters',
        email: 'tom@cohab.example',
        organisation: 'Something',
        language: 'nl',
        password: '',
      });
      expect((await UserModel.findOne({ email: 'lea@one.example' }).lean())!.organisation).to.equal('ONE Bruxelles');
      expect((await UserModel.findOne({ email: 'tom@cohab.example' }).lean())!.organisation).to.equal(null);
      const list = (await coordinator.agent.get('/admin/users').expect(200)).text;
      expect(list).to.contain('ONE Bruxelles');
    });
  });

  describe("the agreement starts from the offer's terms", () => {
    async function acceptedProposal() {
      const worker = await signIn('worker');
      const parent = await signIn('parent');
      const host = await signIn('host');
      const f = await api(parent, '/families', familyBody());
      await api(parent, `/families/${f.id}/submit`, { acknowledgeBenefitsWarning: true });
      await api(worker, `/families/${f.id}/review`, { decision: 'activate' });
      const o = await api(host, '/offers', offerBody());
      await api(host, `/offers/${o.id}/submit`, { acknowledgeBenefitsWarning: true });
      await intake().offers.transition(SYSTEM, o.id, 'inspection');
      await intake().offers.recordInspection(SYSTEM, o.id, {
        inspectionId: 'x',
        outcome: 'conform',
        ruleSet: 'BRU-2026',
        performedAt: new Date(),
        validUntil: new Date(Date.now() + 700 * 86_400_000),
        remarksDeadline: null,
      });
      await screenOffer(intake().offers, o.id);
      const p = await api(worker, '/proposals', { familyId: f.id, offerId: o.id });
      await api(parent, `/proposals/${p.id}/responses`, { decision: 'accept' });
      await api(host, `/proposals/${p.id}/responses`, { decision: 'accept' });
      return { worker, form: `/work/proposals/${p.id}/cohabitation`, proposalId: p.id };
    }

    it('shows the contribution and house rules, stores nothing until sent, and does not put back what the worker cleared', async () => {
      const { worker, form, proposalId } = await acceptedProposal();
      const html = (await worker.agent.get(form).expect(200)).text;
      expect(valueOf(html, 'agreement[monthlyContribution]')).to.equal('430');
      expect(textareaOf(html, 'agreement[houseRules]')).to.equal(OFFER_EXAMPLE.houseRules);
      expect(valueOf(html, 'agreement[trialDays]')).to.equal('28');
      expect(await CohabitationModel.countDocuments({ proposalId })).to.equal(0);

      // Cleared rules and trial, and a start date missing: refused, and the cleared fields stay cleared.
      await post(worker.agent, form, {
        startDate: '',
        'agreement[monthlyContribution]': '400',
        'agreement[houseRules]': '',
        'agreement[trialDays]': '',
        'agreement[noticeDays]': '30',
      });
      const back = (await worker.agent.get(form).expect(200)).text;
      expect(back).to.contain('error-summary');
      expect(valueOf(back, 'agreement[monthlyContribution]')).to.equal('400');
      expect(textareaOf(back, 'agreement[houseRules]')).to.equal('');
      expect(valueOf(back, 'agreement[trialDays]')).to.equal('');
      expect(await CohabitationModel.countDocuments({ proposalId })).to.equal(0);
    });
  });
});
