// The parent's account linked to a family made for them (issue 18): a partner's referral has no
// owner, so the parent who later makes an account sees nothing (not even /my/partner-updates) until
// the worker links it on the case page; and the family's answer about its referring partner as the
// worker records it after a conversation (who said it, which day), sealed, audited.
import { expect } from 'chai';
import { AuditModel } from '../src/kernel/audit/audit.model.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { RecordStore } from '../src/modules/intake/record-store.js';
import { familyBody } from './helpers/intake-fixtures.js';
import { apiSend, createUser, formLogin, formToken, signedInAs, signedInOnPages, useTestApp, type SignedIn } from './helpers/test-app.js';
import { bothArriveFirst } from './helpers/barrier.js';

describe('a referred family: the parent’s account linked by the worker, and the family’s answer about its partner', () => {
  const ctx = useTestApp();
  let worker: SignedIn;
  const intake = () => ctx.app.named.intake;
  const today = () => new Date().toISOString().slice(0, 10);

  async function referral(): Promise<{ familyId: string; partner: SignedIn }> {
    const partner = await signedInAs(ctx, 'partner');
    const f = await apiSend(
      partner,
      'post',
      '/families',
      familyBody({ referral: { organisation: 'Maison des parents (test)', contactName: 'Ana', contactEmail: 'ana@partner.example', familyConsent: true } }),
    ).expect(201);
    return { familyId: f.body.id as string, partner };
  }

  before(async () => {
    worker = await signedInAs(ctx, 'worker');
  });

  it('without JavaScript: the parent sees nothing until the worker links the account (error summary and typed address kept first); then /my/partner-updates asks them', async () => {
    const { familyId } = await referral();
    const parent = await createUser('parent', { language: 'en' });
    const agent = ctx.request();
    await formLogin(agent, parent.email);
    expect((await agent.get('/my/partner-updates').expect(200)).text).to.not.contain('name="consent"');
    await agent.get(`/api/v1/families/${familyId}`).expect(404);

    const staff = await signedInOnPages(ctx, 'worker', { language: 'en' });
    const page = await staff.agent.get(`/work/families/${familyId}`).expect(200);
    expect(page.text).to.contain('id="links"').and.contain('No account is linked yet');
    const wrong = await staff.agent
      .post(`/work/families/${familyId}/account`)
      .type('form')
      .send({ _csrf: formToken(page.text), 'account[email]': 'nobody@test.example' })
      .expect(303);
    const shown = await staff.agent.get(wrong.headers.location!).expect(200);
    expect(shown.text).to.contain('error-summary').and.contain('No account can be used with this e-mail address').and.contain('value="nobody@test.example"');
    const host = await createUser('host');
    await staff.agent
      .post(`/work/families/${familyId}/account`)
      .type('form')
      .send({ _csrf: formToken(shown.text), 'account[email]': host.email })
      .expect(303);
    expect((await FamilyModel.findById(familyId).lean())!.ownerUserId).to.equal(null);
    await staff.agent
      .post(`/work/families/${familyId}/account`)
      .type('form')
      .send({ _csrf: formToken(shown.text), 'account[email]': parent.email.toUpperCase() })
      .expect(303);
    expect((await FamilyModel.findById(familyId).lean())!.ownerUserId).to.equal(parent.id);
    expect((await staff.agent.get(`/work/families/${familyId}`).expect(200)).text)
      .to.contain(`Linked to the account of`)
      .and.contain(parent.email);

    const asks = await agent.get('/my/partner-updates').expect(200);
    expect(asks.text).to.contain('name="consent"').and.contain('The organisation that referred you');
    await agent
      .post('/my/partner-updates')
      .type('form')
      .send({ _csrf: formToken(asks.text), consent: 'yes' })
      .expect(303);
    expect((await intake().families.load(familyId)).partnerUpdates?.consent).to.equal(true);
    // The link is in the family's history and the audit log.
    expect((await FamilyModel.findById(familyId).lean())!.events.map((e) => e.type)).to.include('owner.linked');
    expect(await AuditModel.countDocuments({ action: 'family.owner.linked', targetId: familyId })).to.equal(1);
  });

  it('staff only; the same account again is a no-op, another account 409; an account with an application under way 409', async () => {
    const { familyId, partner } = await referral();
    const parent = await signedInAs(ctx, 'parent');
    await apiSend(partner, 'put', `/families/${familyId}/owner`, { email: parent.email }).expect(403);
    await apiSend(parent, 'put', `/families/${familyId}/owner`, { email: parent.email }).expect(403);
    await apiSend(worker, 'put', `/families/${familyId}/owner`, { email: parent.email, extra: 1 }).expect(422);
    expect((await apiSend(worker, 'put', `/families/${familyId}/owner`, { email: parent.email }).expect(200)).body.linked).to.equal(true);
    expect((await apiSend(worker, 'put', `/families/${familyId}/owner`, { email: parent.email }).expect(200)).body.linked).to.equal(false);
    const other = await createUser('parent');
    expect((await apiSend(worker, 'put', `/families/${familyId}/owner`, { email: other.email }).expect(409)).body.error.code).to.equal('OWNER_ALREADY_LINKED');
    const second = await referral();
    expect((await apiSend(worker, 'put', `/families/${second.familyId}/owner`, { email: parent.email }).expect(409)).body.error.code).to.equal(
      'ALREADY_APPLIED',
    );
  });

  it('two workers linking two accounts at once (both read no owner first): one linked, the other 409, never overwritten', async () => {
    const { familyId } = await referral();
    const [a, b] = [await createUser('parent'), await createUser('parent')];
    const other = await signedInAs(ctx, 'worker');
    const answers = await bothArriveFirst(RecordStore.prototype, 'change', () =>
      Promise.all([
        apiSend(worker, 'put', `/families/${familyId}/owner`, { email: a.email }),
        apiSend(other, 'put', `/families/${familyId}/owner`, { email: b.email }),
      ]),
    );
    expect(answers.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    const winner = answers[0]!.status === 200 ? a : b;
    expect((await FamilyModel.findById(familyId).lean())!.ownerUserId).to.equal(winner.id);
  });

  it('without JavaScript: the worker records the family’s oral answer (who, which day): errors name the fields and keep what was typed; stored sealed, audited, shown to the parent', async () => {
    const { familyId } = await referral();
    const staff = await signedInOnPages(ctx, 'worker', { language: 'en' });
    const page = await staff.agent.get(`/work/families/${familyId}`).expect(200);
    expect(page.text).to.contain('Keeping the referring partner informed').and.contain('No answer yet');
    const missing = await staff.agent
      .post(`/work/families/${familyId}/partner-updates`)
      .type('form')
      .send({ _csrf: formToken(page.text), 'partnerUpdates[consent]': 'yes', 'partnerUpdates[givenOn]': today() })
      .expect(303);
    const shown = await staff.agent.get(missing.headers.location!).expect(200);
    expect(shown.text).to.contain('error-summary').and.contain('href="#partnerUpdates-givenBy"');
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const later = await staff.agent
      .post(`/work/families/${familyId}/partner-updates`)
      .type('form')
      .send({
        _csrf: formToken(shown.text),
        'partnerUpdates[consent]': 'yes',
        'partnerUpdates[givenBy]': 'CANARY-the mother, by phone',
        'partnerUpdates[givenOn]': future,
      })
      .expect(303);
    const again = await staff.agent.get(later.headers.location!).expect(200);
    expect(again.text).to.contain('cannot be in the future').and.contain('value="CANARY-the mother, by phone"');
    await staff.agent
      .post(`/work/families/${familyId}/partner-updates`)
      .type('form')
      .send({
        _csrf: formToken(again.text),
        'partnerUpdates[consent]': 'yes',
        'partnerUpdates[givenBy]': 'CANARY-the mother, by phone',
        'partnerUpdates[givenOn]': today(),
      })
      .expect(303);
    const f = await intake().families.load(familyId);
    expect(f.partnerUpdates).to.include({ consent: true, givenBy: 'CANARY-the mother, by phone', givenOn: today(), by: staff.id });
    expect(JSON.stringify(await FamilyModel.findById(familyId).lean())).to.not.contain('CANARY-the mother');
    expect(await AuditModel.countDocuments({ action: 'family.partnerUpdates.consented', targetId: familyId, actorId: staff.id })).to.equal(1);
    expect((await staff.agent.get(`/work/families/${familyId}`).expect(200)).text).to.contain('CANARY-the mother, by phone agreed on');
  });

  it('the API: staff must say who and which day (422 naming each), a parent may not; the parent’s page then says it came through the worker', async () => {
    const { familyId } = await referral();
    const parent = await signedInAs(ctx, 'parent', { language: 'en' });
    await apiSend(worker, 'put', `/families/${familyId}/owner`, { email: parent.email }).expect(200);
    const bad = await apiSend(worker, 'put', `/families/${familyId}/partner-updates`, { consent: false }).expect(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['/givenBy', '/givenOn']);
    expect(
      (await apiSend(parent, 'put', `/families/${familyId}/partner-updates`, { consent: true, givenBy: 'me', givenOn: today() }).expect(422)).body.error
        .details[0].path,
    ).to.equal('/givenBy');
    await apiSend(worker, 'put', `/families/${familyId}/partner-updates`, { consent: false, givenBy: 'The father, at the office', givenOn: today() }).expect(
      200,
    );
    expect((await parent.agent.get('/my/partner-updates').expect(200)).text).to.contain('You told your support worker on');
  });
});
