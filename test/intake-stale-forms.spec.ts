// The worker's assignment, bedrooms and exclusions forms carry the version they showed: a
// colleague's change in between is never silently overwritten.
import { expect } from 'chai';
import { apiLogin, createUser, formLogin, formToken, useTestApp } from './helpers/test-app.js';
import { familyBody } from './helpers/intake-fixtures.js';

describe('worker forms and concurrent changes', () => {
  const ctx = useTestApp();

  it('a stale assignment, bedrooms or exclusions form gets the conflict, and nothing is overwritten', async () => {
    const me = await createUser('worker');
    const colleague = await createUser('worker');
    const api = ctx.request();
    const token = await apiLogin(api, colleague.email);
    const family = await api.post('/api/v1/families').set('X-CSRF-Token', token).send(familyBody()).expect(201);
    const id = family.body.id as string;

    const page = ctx.request();
    await formLogin(page, me.email);
    const shown = await page.get(`/work/families/${id}`).expect(200);
    const version = /name="assignment\[version\]" value="(\d+)"/.exec(shown.text)?.[1];
    expect(version).to.equal('0');

    // Meanwhile the colleague sets exclusions.
    await api
      .put(`/api/v1/families/${id}/exclusions`)
      .set('X-CSRF-Token', token)
      .send({ communes: ['21001'], offerIds: [], hostIds: [], reason: 'safety' })
      .expect(200);

    const csrf = formToken(shown.text);
    await page
      .post(`/work/families/${id}/assignment`)
      .type('form')
      .send({ _csrf: csrf, 'assignment[workerId]': me.id, 'assignment[version]': version })
      .expect(303);
    const back = await page.get(`/work/families/${id}`).expect(200);
    expect(back.text).to.contain('class="error-summary"');
    await page
      .post(`/work/families/${id}/exclusions`)
      .type('form')
      .send({ _csrf: formToken(back.text), 'exclusions[version]': version, 'exclusions[reason]': 'none' })
      .expect(303);
    await page
      .post(`/work/families/${id}/bedrooms`)
      .type('form')
      .send({ _csrf: formToken(back.text), 'bedrooms[version]': version, 'bedrooms[value]': '3', 'bedrooms[reason]': 'x' })
      .expect(303);
    const after = await api.get(`/api/v1/families/${id}`).expect(200);
    expect(after.body.casework.exclusions.communes).to.deep.equal(['21001']);
    expect(after.body.casework.assignedWorkerId).to.equal(colleague.id);
    expect(after.body.casework.bedrooms.override).to.equal(null);
  });
});
