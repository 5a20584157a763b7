// Issue 16, finding 3: a stale edit's 409 told a parent that confidential casework exists
// ("/casework/interviews … changed by <worker>"). Now an owner's edit depends only on what the owner
// sees: casework added meanwhile is applied over, and a conflict names only the owner's own fields.
import { expect } from 'chai';
import { apiSend, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { familyBody } from './helpers/intake-fixtures.js';

describe('security: conflicts name only what the reader may see (issue 16, finding 3)', () => {
  const ctx = useTestApp();
  let worker: SignedIn;
  before(async () => {
    worker = await signedInAs(ctx, 'worker');
  });

  async function activeFamilyOf(parent: SignedIn): Promise<string> {
    const f = await apiSend(parent, 'post', '/families', familyBody()).expect(201);
    await apiSend(parent, 'post', `/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await apiSend(worker, 'post', `/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    return f.body.id as string;
  }

  it('casework added while the parent edits: the parent’s change lands, and nothing in the answer mentions casework', async () => {
    const parent = await signedInAs(ctx, 'parent');
    const id = await activeFamilyOf(parent);
    const seen = await parent.agent.get(`/api/v1/families/${id}`).expect(200);
    await apiSend(worker, 'post', `/families/${id}/interviews`, {
      date: new Date().toISOString().slice(0, 10),
      summary: 'Violences, ex-conjoint à Forest',
    }).expect(201);
    await apiSend(worker, 'post', `/families/${id}/isolation`, { criteria: ['fewSocialContacts'] }).expect(201);
    const saved = await apiSend(parent, 'patch', `/families/${id}`, { parent: { phone: '+32470999888' } })
      .set('If-Match', seen.headers.etag as string)
      .expect(200);
    expect(saved.body.parent.phone).to.equal('+32470999888');
    expect(JSON.stringify(saved.body)).to.not.contain('casework').and.not.contain('interview').and.not.contain('Forest');
    // The casework is still there for staff.
    const staffView = await worker.agent.get(`/api/v1/families/${id}`).expect(200);
    expect(JSON.stringify(staffView.body)).to.contain('Violences, ex-conjoint');
  });

  it('a field the parent sees, changed meanwhile by a worker: 409 naming that field only, never casework', async () => {
    const parent = await signedInAs(ctx, 'parent');
    const id = await activeFamilyOf(parent);
    const seen = await parent.agent.get(`/api/v1/families/${id}`).expect(200);
    await apiSend(worker, 'post', `/families/${id}/interviews`, { date: new Date().toISOString().slice(0, 10), summary: 'Entretien confidentiel' }).expect(201);
    await apiSend(worker, 'patch', `/families/${id}`, { needs: { maxMonthlyContribution: 380 } }).expect(200);
    const stale = await apiSend(parent, 'patch', `/families/${id}`, { needs: { maxMonthlyContribution: 420 } })
      .set('If-Match', seen.headers.etag as string)
      .expect(409);
    const paths = (stale.body.error.details as { path: string }[]).map((d) => d.path);
    expect(paths).to.include('/needs/maxMonthlyContribution');
    expect(paths.filter((p) => p.startsWith('/casework'))).to.deep.equal([]);
    expect(JSON.stringify(stale.body)).to.not.contain('casework').and.not.contain('interview');
    expect((await worker.agent.get(`/api/v1/families/${id}`).expect(200)).body.needs.maxMonthlyContribution).to.equal(380);
  });

  it('parent and worker saving the same field from the same version at once: one lands, the other gets 409, nothing mixed', async () => {
    const parent = await signedInAs(ctx, 'parent');
    const id = await activeFamilyOf(parent);
    const etag = (await parent.agent.get(`/api/v1/families/${id}`).expect(200)).headers.etag as string;
    const answers = await Promise.all([
      apiSend(parent, 'patch', `/families/${id}`, { parent: { phone: '+32470000001' } }).set('If-Match', etag),
      apiSend(worker, 'patch', `/families/${id}`, { parent: { phone: '+32470000002' } }).set('If-Match', etag),
    ]);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
    const winner = answers.find((a) => a.status === 200)!.body.parent.phone;
    expect((await worker.agent.get(`/api/v1/families/${id}`).expect(200)).body.parent.phone).to.equal(winner);
  });

  it('a parent’s edit and a worker’s interview at once, from the same version: both stored', async () => {
    const parent = await signedInAs(ctx, 'parent');
    const id = await activeFamilyOf(parent);
    const etag = (await parent.agent.get(`/api/v1/families/${id}`).expect(200)).headers.etag as string;
    const answers = await Promise.all([
      apiSend(parent, 'patch', `/families/${id}`, { parent: { phone: '+32470000003' } }).set('If-Match', etag),
      apiSend(worker, 'post', `/families/${id}/interviews`, { date: new Date().toISOString().slice(0, 10), summary: 'En même temps' }),
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 201]);
    const doc = (await worker.agent.get(`/api/v1/families/${id}`).expect(200)).body;
    expect(doc.parent.phone).to.equal('+32470000003');
    expect(JSON.stringify(doc)).to.contain('En même temps');
  });
});
