// The coordinator's weights page: a form without JavaScript, the sum rule, defaults, roles.
import { expect } from 'chai';
import type supertest from 'supertest';
import { currentWeights } from '../src/modules/matching/weights.js';
import { DEFAULT_WEIGHTS } from '../src/modules/matching/engine/criteria.js';
import { formToken, useTestApp, signedInOnPages } from './helpers/test-app.js';

describe('scoring weights page', () => {
  const ctx = useTestApp();

  const signIn = async (role: 'coordinator' | 'worker'): Promise<supertest.Agent> => (await signedInOnPages(ctx, role)).agent;

  it('a coordinator changes the weights; a sum other than 100 is refused with the error summary', async () => {
    const agent = await signIn('coordinator');
    const page = await agent.get('/admin/weights').expect(200);
    // The defaults with `school` (10) taken proportionally from the others (SPEC §5): space 25 → 23.
    expect(page.text).to.contain('name="space"').and.contain('value="23"').and.contain('name="school"');
    const bad = {
      _csrf: formToken(page.text),
      space: '30',
      budget: '20',
      location: '15',
      timing: '10',
      children: '10',
      lifestyle: '10',
      language: '5',
      services: '5',
      school: '0',
    };
    await agent.post('/admin/weights').type('form').send(bad).expect(303);
    const back = await agent.get('/admin/weights').expect(200);
    expect(back.text).to.contain('class="error-summary"').and.contain('105');
    expect(await currentWeights()).to.deep.equal(DEFAULT_WEIGHTS);
    await agent
      .post('/admin/weights')
      .type('form')
      .send({ ...bad, location: '10', _csrf: formToken(back.text) })
      .expect(303);
    expect((await currentWeights()).space).to.equal(30);
    const reset = await agent.get('/admin/weights').expect(200);
    await agent
      .post('/admin/weights')
      .type('form')
      .send({ _csrf: formToken(reset.text), reset: 'defaults' })
      .expect(303);
    expect(await currentWeights()).to.deep.equal(DEFAULT_WEIGHTS);
  });

  it('a worker cannot open it', async () => {
    const agent = await signIn('worker');
    await agent.get('/admin/weights').expect(403);
  });
});
