// The local network directory (issue 18 part 3, SPEC §9): anyone signed in reads it by commune (with
// the region-wide helplines), only a coordinator writes it; texts per language with the French as a
// marked fallback; two coordinators changing one entry at once: one 409, nothing silently lost;
// retiring asks for confirmation on the page and hides the entry from families.
import { expect } from 'chai';
import { formLogin, formToken, signedInAs, apiSend, useTestApp, createUser } from './helpers/test-app.js';
import { DirectoryEntryModel } from '../src/modules/directory/directory.model.js';

const helpline = { kind: 'helpline', commune: null, names: { fr: { name: '0800 30 030 – Écoute violences conjugales' } }, contact: { phone: '0800 30 030' } };
const forest = (name: string) => ({
  kind: 'parent_house',
  commune: '21007',
  names: { fr: { name, description: 'Accueil des parents' }, nl: { name: `${name} NL` } },
  contact: { phone: '02 000 00 12' },
});

describe('directory', () => {
  const ctx = useTestApp();

  it('coordinator creates; anyone signed in reads by commune with the helplines; others get 403; unknown fields and empty contact refused naming the field', async () => {
    const coordinator = await signedInAs(ctx, 'coordinator');
    const worker = await signedInAs(ctx, 'worker');
    const parent = await signedInAs(ctx, 'parent');
    const host = await signedInAs(ctx, 'host');
    const partner = await signedInAs(ctx, 'partner');
    for (const s of [worker, parent, host, partner]) await apiSend(s, 'post', '/directory', helpline).expect(403);
    const h = await apiSend(coordinator, 'post', '/directory', helpline).expect(201);
    expect(h.body).to.include({ kind: 'helpline', regionWide: true, retired: false, version: 0 });
    await apiSend(coordinator, 'post', '/directory', forest('Maison des parents (démo)')).expect(201);
    await apiSend(coordinator, 'post', '/directory', { ...forest('Ailleurs'), commune: '21013' }).expect(201);

    const bad = await apiSend(coordinator, 'post', '/directory', { ...forest('X'), colour: 'red' }).expect(422);
    expect(bad.body.error.details[0].path).to.equal('/colour');
    const noContact = await apiSend(coordinator, 'post', '/directory', { ...forest('X'), contact: {} }).expect(422);
    expect(noContact.body.error.details[0].path).to.equal('/contact');
    const noFrench = await apiSend(coordinator, 'post', '/directory', { ...forest('X'), names: { nl: { name: 'Alleen NL' } } }).expect(422);
    expect(noFrench.body.error.details[0].path).to.equal('/names/fr');
    await apiSend(coordinator, 'post', '/directory', { ...forest('X'), commune: '99999' }).expect(422);
    // The commune is required (a code, or null for the whole region), alone or with other errors.
    const { commune: _commune, ...withoutCommune } = forest('X');
    expect(
      (await apiSend(coordinator, 'post', '/directory', withoutCommune).expect(422)).body.error.details.map((d: { path: string }) => d.path),
    ).to.deep.equal(['/commune']);
    expect(
      (await apiSend(coordinator, 'post', '/directory', { ...withoutCommune, colour: 'red' }).expect(422)).body.error.details.map(
        (d: { path: string }) => d.path,
      ),
    ).to.have.members(['/colour', '/commune']);
    // A way to reach the service given as null is none.
    const nullPhone = await apiSend(coordinator, 'post', '/directory', { ...forest('X'), contact: { phone: null } }).expect(422);
    expect(nullPhone.body.error.details[0]).to.include({ path: '/contact' });
    const kept = await apiSend(coordinator, 'post', '/directory', {
      ...forest('Y (démo)'),
      commune: '21013',
      contact: { phone: '02 000 00 13', email: null },
    }).expect(201);
    expect(kept.body.contact).to.include({ phone: '02 000 00 13', email: null });
    expect(Object.keys((await DirectoryEntryModel.findById(kept.body.id).lean())!.contact ?? {})).to.deep.equal(['phone']);

    for (const s of [parent, host, partner, worker]) {
      const list = await s.agent.get('/api/v1/directory?commune=21007').expect(200);
      expect(list.body.items.map((i: { name: string }) => i.name)).to.deep.equal(['0800 30 030 – Écoute violences conjugales', 'Maison des parents (démo)']);
    }
    await parent.agent.get('/api/v1/directory?commune=nowhere').expect(422);
    await ctx.request().get('/api/v1/directory').expect(401);
  });

  it('shows the reader its language, or the French marked as such', async () => {
    const coordinator = await signedInAs(ctx, 'coordinator');
    const created = await apiSend(coordinator, 'post', '/directory', forest('Maison des parents')).expect(201);
    const parent = await signedInAs(ctx, 'parent');
    const en = await parent.agent.get(`/api/v1/directory/${created.body.id}`).set('Accept-Language', 'en').expect(200);
    const nl = await parent.agent.get(`/api/v1/directory/${created.body.id}?lang=nl`).expect(200);
    expect([nl.body.name, nl.body.shownIn]).to.deep.equal(['Maison des parents NL', 'nl']);
    expect([en.body.name, en.body.shownIn]).to.deep.equal(['Maison des parents', 'fr']);
  });

  it('two coordinators change the same entry at once: one wins, the other gets 409 and nothing is lost; a retired entry is hidden and frozen', async () => {
    const a = await signedInAs(ctx, 'coordinator');
    const b = await signedInAs(ctx, 'coordinator');
    const { body: entry } = await apiSend(a, 'post', '/directory', forest('Maison')).expect(201);
    const [ra, rb] = await Promise.all([
      apiSend(a, 'patch', `/directory/${entry.id}`, { contact: { phone: '02 000 00 21' } }).set('If-Match', '0'),
      apiSend(b, 'patch', `/directory/${entry.id}`, { contact: { hours: 'Lundi 9:00–12:00' } }).set('If-Match', '0'),
    ]);
    expect([ra.status, rb.status].sort()).to.deep.equal([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect(loser.body.error.code).to.equal('EDIT_CONFLICT');
    const now = await a.agent.get(`/api/v1/directory/${entry.id}`).expect(200);
    expect(now.body.version).to.equal(1);
    // The winner's change is there, whole.
    expect(ra.status === 200 ? now.body.contact.phone : now.body.contact.hours).to.equal(ra.status === 200 ? '02 000 00 21' : 'Lundi 9:00–12:00');

    const worker = await signedInAs(ctx, 'worker');
    await apiSend(worker, 'patch', `/directory/${entry.id}`, { retired: true }).expect(403);
    await apiSend(a, 'patch', `/directory/${entry.id}`, { retired: true }).set('If-Match', '1').expect(200);
    await apiSend(b, 'patch', `/directory/${entry.id}`, { names: { fr: { name: 'Encore' } } }).expect(409);
    const parent = await signedInAs(ctx, 'parent');
    const ids = (await parent.agent.get('/api/v1/directory?commune=21007').expect(200)).body.items.map((i: { id: string }) => i.id);
    expect(ids).to.have.length.above(0).and.not.include(entry.id);
    await parent.agent.get(`/api/v1/directory/${entry.id}`).expect(404);
    const withRetired = await a.agent.get('/api/v1/directory?commune=21007&includeRetired=true').expect(200);
    expect(withRetired.body.items.find((i: { id: string }) => i.id === entry.id)).to.include({ retired: true });
  });

  it('pages: a coordinator adds an entry without JavaScript (errors named, input kept), edits it from a stale form (409 kept), retires it after a confirmation page', async () => {
    const user = await createUser('coordinator');
    const page = ctx.request();
    await formLogin(page, user.email);
    const form = await page.get('/work/directory/new').expect(200);
    await page
      .post('/work/directory')
      .type('form')
      .send({ _csrf: formToken(form.text), kind: 'cpas', commune: '21007', 'names[fr][name]': '', 'contact[phone]': '02 000 00 15' })
      .expect(303);
    const refused = await page.get('/work/directory/new').expect(200);
    expect(refused.text).to.contain('class="error-summary"').and.contain('href="#names-fr-name"').and.contain('value="02 000 00 15"');
    await page
      .post('/work/directory')
      .type('form')
      .send({ _csrf: formToken(refused.text), kind: 'cpas', commune: '21007', 'names[fr][name]': 'CPAS (démo)', 'contact[phone]': '02 000 00 15' })
      .expect(303);
    const list = await page.get('/work/directory?commune=21007').expect(200);
    expect(list.text).to.contain('CPAS (démo)');
    const id = /\/work\/directory\/([0-9a-f]{24})\/edit/.exec(list.text)![1]!;

    const edit = await page.get(`/work/directory/${id}/edit`).expect(200);
    const token = formToken(edit.text);
    await page
      .post(`/work/directory/${id}`)
      .type('form')
      .send({ _csrf: token, version: '0', kind: 'cpas', commune: '21007', 'names[fr][name]': 'CPAS de Forest (démo)', 'contact[phone]': '02 000 00 15' })
      .expect(303);
    await page
      .post(`/work/directory/${id}`)
      .type('form')
      .send({ _csrf: token, version: '0', kind: 'cpas', commune: '21007', 'names[fr][name]': 'Autre nom', 'contact[phone]': '02 000 00 15' })
      .expect(303);
    const stale = await page.get(`/work/directory/${id}/edit`).expect(200);
    expect(stale.text).to.contain('class="error-summary"').and.contain('value="Autre nom"');

    const confirm = await page.get(`/work/directory/${id}/retire`).expect(200);
    expect(confirm.text).to.contain(`action="/work/directory/${id}/retire"`);
    expect((await page.get('/work/directory?commune=21007').expect(200)).text).to.contain('CPAS de Forest (démo)');
    await page
      .post(`/work/directory/${id}/retire`)
      .type('form')
      .send({ _csrf: formToken(confirm.text), version: '1' })
      .expect(303);
    expect((await page.get('/work/directory?commune=21007').expect(200)).text).not.to.contain('CPAS de Forest (démo)');

    const worker = await createUser('worker');
    const workerPage = ctx.request();
    await formLogin(workerPage, worker.email);
    await workerPage.get('/work/directory/new').expect(403);
    await workerPage.get('/work/directory').expect(200);
  });
});
