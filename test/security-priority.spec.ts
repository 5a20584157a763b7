// Issue 16, finding 14: a parent raised their own urgency from 1 to 4 after activation, with no
// re-review, and so moved up in the plan. Now a change of what sets the priority (urgency, current
// housing situation) by the parent returns an accepted application to review; staff changes and a
// form that sends the same answers again do not.
import { expect } from 'chai';
import { apiSend, formToken, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { familyBody, FAMILY_EXAMPLE } from './helpers/intake-fixtures.js';

describe('security: a parent’s change of priority goes back to review (issue 16, finding 14)', () => {
  const ctx = useTestApp();
  let worker: SignedIn;
  before(async () => {
    worker = await signedInAs(ctx, 'worker');
  });

  async function activeFamilyOf(parent: SignedIn): Promise<string> {
    const f = await apiSend(parent, 'post', '/families', familyBody({ situation: { ...FAMILY_EXAMPLE.situation, urgency: 1 } })).expect(201);
    await apiSend(parent, 'post', `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await apiSend(worker, 'post', `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    return f.body.id as string;
  }
  const statusOf = async (id: string) => (await worker.agent.get(`/api/v1/families/${id}`).expect(200)).body.status as string;

  it('API: urgency 1 → 4 by the parent after activation: back to submitted, in the history; the worker accepts it again', async () => {
    const parent = await signedInAs(ctx, 'parent');
    const id = await activeFamilyOf(parent);
    const saved = await apiSend(parent, 'patch', `/families/${id}`, { situation: { ...FAMILY_EXAMPLE.situation, urgency: 4 } }).expect(200);
    expect(saved.body.status).to.equal('submitted');
    expect(saved.body.situation.urgency).to.equal(4);
    // Matching takes active families only: it leaves the plan until a worker accepts it again.
    const { events } = await ctx.app.named.intake.families.load(id);
    expect(events.some((e) => e.type === 'priority.changed' && e.from === 'active' && e.to === 'submitted')).to.equal(true);
    await apiSend(worker, 'post', `/families/${id}/review`, { decision: 'activate' }).expect(200);
    expect(await statusOf(id)).to.equal('active');
  });

  it('other changes by the parent, the same urgency sent again, or a worker’s change of urgency: the application stays active', async () => {
    const parent = await signedInAs(ctx, 'parent');
    const id = await activeFamilyOf(parent);
    await apiSend(parent, 'patch', `/families/${id}`, { parent: { phone: '+32470123123' } }).expect(200);
    await apiSend(parent, 'patch', `/families/${id}`, { situation: { ...FAMILY_EXAMPLE.situation, urgency: 1 } }).expect(200);
    expect(await statusOf(id)).to.equal('active');
    await apiSend(worker, 'patch', `/families/${id}`, { situation: { ...FAMILY_EXAMPLE.situation, urgency: 3 } }).expect(200);
    expect(await statusOf(id)).to.equal('active');
  });

  it('the parent’s current situation changed on the page: back to review, and the page says why', async () => {
    const parent = await signedInAs(ctx, 'parent');
    const id = await activeFamilyOf(parent);
    const step = await parent.agent.get(`/my/application/${id}/situation?lang=en`).expect(200);
    const version = /name="version" value="(\d+)"/.exec(step.text)?.[1] ?? '';
    const res = await parent.agent
      .post(`/my/application/${id}/situation`)
      .type('form')
      .send({
        _csrf: formToken(step.text),
        version,
        'situation[current]': 'homeless',
        'situation[urgency]': '1',
        'situation[confidentialAddress]': 'false',
        'situation[description]': '',
      })
      .expect(303);
    const after = (await parent.agent.get(String(res.headers.location).split('#')[0]!).expect(200)).text;
    expect(after).to.contain('your support worker looks at your application again');
    expect(await statusOf(id)).to.equal('submitted');
  });

  it('the parent’s change and a worker’s hold at once: each lands or gets 409, and the status is one of the two, never lost', async () => {
    const parent = await signedInAs(ctx, 'parent');
    const id = await activeFamilyOf(parent);
    const answers = await Promise.all([
      apiSend(parent, 'patch', `/families/${id}`, { situation: { ...FAMILY_EXAMPLE.situation, urgency: 4 } }),
      apiSend(worker, 'post', `/families/${id}/review`, { decision: 'hold', reason: 'Papiers manquants' }),
    ]);
    for (const a of answers) expect([200, 409], JSON.stringify(a.body)).to.include(a.status);
    // Whichever came first, the raised urgency is never left active without a worker's look.
    expect(['submitted', 'on_hold']).to.include(await statusOf(id));
  });
});
