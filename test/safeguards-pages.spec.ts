// SPEC §11 on the pages, in the reader's language: a referral without the family's consent, an
// application (family or host) sent without the benefits warning acknowledged, and a host's view of a
// family that did not agree to share its profile. Each refusal shows its message in FR, NL and EN in
// the error summary, and nothing is written.
import { expect } from 'chai';
import { t } from '../src/kernel/i18n/index.js';
import type { Language } from '../src/kernel/config.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { apiSend, formToken, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { FAMILY_EXAMPLE, familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

const LANGUAGES: Language[] = ['fr', 'nl', 'en'];

/** A text as the templates print it (autoescaped). */
function shown(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function errorSummary(html: string): string {
  const start = html.indexOf('class="error-summary"');
  expect(start, 'an error summary on the page').to.be.greaterThan(-1);
  return html.slice(start, html.indexOf('</div>', start));
}

describe('safeguards on the pages, in French, Dutch and English (SPEC §11)', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;

  async function pageIn(who: SignedIn, path: string, lang: Language) {
    const res = await who.agent.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`).expect(200);
    return { html: res.text, token: formToken(res.text) };
  }

  it('REFERRAL_CONSENT_MISSING: a partner’s referral without the family’s consent is refused, the typed answers kept, no family created', async () => {
    const partner = await signedInAs(ctx, 'partner');
    const before = await FamilyModel.countDocuments();
    for (const lang of LANGUAGES) {
      const form = await pageIn(partner, '/referrals/new', lang);
      await partner.agent
        .post('/referrals/new')
        .type('form')
        .send({
          _csrf: form.token,
          'referral[organisation]': 'CPAS de Forest',
          'referral[contactName]': 'Julie',
          'referral[contactEmail]': partner.email,
          'referral[note]': '',
        })
        .expect(303)
        .expect('Location', '/referrals/new');
      const back = (await partner.agent.get('/referrals/new').expect(200)).text;
      expect(errorSummary(back), lang)
        .to.contain('href="#familyConsent"')
        .and.contain(shown(t(lang, 'intake.familyPages.referral.consentRequired')));
      expect(back).to.contain('value="CPAS de Forest"');
    }
    expect(await FamilyModel.countDocuments()).to.equal(before);
  });

  it('BENEFITS_WARNING_NOT_ACKNOWLEDGED: a parent’s application is not sent without the box ticked', async () => {
    const parent = await signedInAs(ctx, 'parent');
    const f = await apiSend(parent, 'post', '/families', familyBody()).expect(201);
    const base = `/my/application/${f.body.id}`;
    for (const lang of LANGUAGES) {
      const review = await pageIn(parent, `${base}/review`, lang);
      const version = /name="version" value="(\d+)"/.exec(review.html)?.[1] ?? '';
      await parent.agent.post(`${base}/review`).type('form').send({ _csrf: review.token, version }).expect(303);
      const back = (await parent.agent.get(`${base}/review`).expect(200)).text;
      expect(errorSummary(back), lang)
        .to.contain('href="#acknowledgeBenefitsWarning"')
        .and.contain(shown(t(lang, 'intake.familyPages.review.acknowledgeRequired')));
    }
    expect((await intake().families.load(f.body.id)).status).to.equal('draft');
  });

  it('BENEFITS_WARNING_NOT_ACKNOWLEDGED: a host’s offer is not sent without the box ticked', async () => {
    const host = await signedInAs(ctx, 'host');
    const o = await apiSend(host, 'post', '/offers', offerBody()).expect(201);
    const base = `/my/offer/${o.body.id}`;
    for (const lang of LANGUAGES) {
      const review = await pageIn(host, `${base}/review`, lang);
      const version = /name="version" value="(\d+)"/.exec(review.html)?.[1] ?? '';
      const res = await host.agent.post(`${base}/submit`).type('form').send({ _csrf: review.token, version }).expect(303);
      const back = (await host.agent.get(String(res.headers.location).split('#')[0]!).expect(200)).text;
      expect(errorSummary(back), lang).to.contain(shown(t(lang, 'rules.BENEFITS_WARNING_NOT_ACKNOWLEDGED')));
    }
    expect((await intake().offers.load(o.body.id)).status).to.equal('draft');
  });

  it('SHARE_PROFILE_NOT_CONSENTED: the host’s proposal page says why the family is not named, in each language, and names no one', async () => {
    const [parent, worker, host] = [await signedInAs(ctx, 'parent'), await signedInAs(ctx, 'worker'), await signedInAs(ctx, 'host')];
    const f = await apiSend(parent, 'post', '/families', familyBody({ consents: { dataProcessing: true, shareProfile: false } })).expect(201);
    await apiSend(parent, 'post', `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await apiSend(worker, 'post', `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    const o = await apiSend(host, 'post', '/offers', offerBody()).expect(201);
    await apiSend(host, 'post', `/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
      measured: null,
    });
    await screenOffer(intake().offers, o.body.id);
    const p = await apiSend(worker, 'post', '/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
    for (const lang of LANGUAGES) {
      const { html } = await pageIn(host, `/proposals/${p.body.id}`, lang);
      expect(html, lang).to.contain(shown(t(lang, 'matching.pages.party.notShared')));
      expect(html, lang).to.not.contain(FAMILY_EXAMPLE.parent.firstName);
    }
  });
});
