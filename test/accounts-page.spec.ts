// The coordinator's accounts page (/admin/users, issue 15): a list, not a table; a proper heading for
// the name in the three languages; erased people out of the list (a filter shows them apart); a
// search by name or e-mail that takes what is typed as plain text (no pattern, no operator), its
// errors named in the reader's language. The same filters on GET /api/v1/users. Coordinators only.
import { expect } from 'chai';
import type supertest from 'supertest';
import { UserModel } from '../src/kernel/auth/user.model.js';
import { createUser, formLogin, formToken, useTestApp } from './helpers/test-app.js';

describe('the accounts page', () => {
  const ctx = useTestApp();
  let coordinator: supertest.Agent;
  let erasedId: string;

  before(async () => {
    const me = await createUser('coordinator', { name: 'Nadia Coordination', language: 'en' });
    coordinator = ctx.request();
    await formLogin(coordinator, me.email);
    await createUser('worker', { name: 'Karim El Amrani', email: 'karim@cohab.example' });
    await createUser('partner', { name: 'Élise Van Hove', email: 'elise@cpas-forest.example' });
    await createUser('parent', { name: 'Sarah (A.B)', email: 'sarah@example.org' });
    const erased = await createUser('parent', { name: 'Gone Person', email: 'gone@example.org' });
    erasedId = erased.id;
    const page = await coordinator.get(`/admin/users/${erasedId}/erase`).expect(200);
    await coordinator
      .post(`/admin/users/${erasedId}/erase`)
      .type('form')
      .send({ _csrf: formToken(page.text), reason: 'asked by phone', confirm: 'yes' })
      .expect(303);
  });

  const names = (html: string) => [...html.matchAll(/<h3 class="record-title">([^<]*)<\/h3>/g)].map((m) => m[1]!.trim());
  // The language asked for in the query is kept by the session: each page asks for its own.
  const get = (query: string, lang = 'en') => coordinator.get(`/admin/users${query ? `${query}&` : '?'}lang=${lang}`);

  it('lists the accounts as a list with a proper heading, without the erased person or an "Erase…" link for them', async () => {
    const html = (await get('').expect(200)).text;
    expect(html).to.not.contain('<table');
    expect(html).to.contain('4 accounts');
    expect(names(html)).to.include.members(['Karim El Amrani', 'Élise Van Hove', 'Nadia Coordination']);
    expect(html).to.not.contain(`/admin/users/${erasedId}/erase`).and.not.contain('erased.invalid').and.not.contain('Erased account');
    expect(html).to.contain('<h2 id="accounts-heading">The accounts</h2>').and.to.contain('<label for="name">First name and surname</label>');
    expect(html).to.not.contain('Your first name and surname');
  });

  for (const [lang, heading, label, banned] of [
    ['fr', 'Les comptes', 'Prénom et nom', 'Votre prénom et nom'],
    ['nl', 'De accounts', 'Voornaam en achternaam', 'Uw voornaam en achternaam'],
  ] as const) {
    it(`has the heading and label in ${lang}`, async () => {
      const html = (await get('', lang).expect(200)).text;
      expect(html).to.contain(`>${heading}</h2>`).and.to.contain(`<label for="name">${label}</label>`).and.not.contain(banned);
    });
  }

  it('shows the erased accounts only behind their own filter, without their old name or address', async () => {
    const html = (await get('?erased=only').expect(200)).text;
    expect(names(html)).to.deep.equal(['Erased account']);
    expect(html).to.contain('Erased on').and.not.contain('Gone Person').and.not.contain('gone@example.org');
    expect(html).to.not.contain(`/admin/users/${erasedId}/erase`);
    expect(html).to.contain('id="erased" name="erased" value="only" checked');
  });

  it('finds a person by part of the name or of the e-mail address, in any case', async () => {
    expect(names((await get('?q=van%20HOVE').expect(200)).text)).to.deep.equal(['Élise Van Hove']);
    expect(names((await get('?q=%40cohab.example').expect(200)).text)).to.deep.equal(['Karim El Amrani']);
    const none = (await get('?q=nobody').expect(200)).text;
    expect(names(none)).to.deep.equal([]);
    expect(none).to.contain('No account matches “nobody”.').and.to.contain('href="/admin/users">Show all accounts');
  });

  it('takes the search as plain text: pattern characters match themselves, markup is escaped', async () => {
    expect(names((await get('?q=.*').expect(200)).text)).to.deep.equal([]);
    expect(names((await get(`?q=${encodeURIComponent('(A.B)')}`).expect(200)).text)).to.deep.equal(['Sarah (A.B)']);
    expect(names((await get(`?q=${encodeURIComponent('^S')}`).expect(200)).text)).to.deep.equal([]);
    const markup = (await get(`?q=${encodeURIComponent('<script>x</script>')}`).expect(200)).text;
    expect(markup).to.not.contain('<script>x');
    expect(markup).to.contain('&lt;script&gt;x');
  });

  it('refuses an operator, a list, a long text and a field it does not have, naming the field, with "Error:" in the title', async () => {
    for (const query of ['?q[$ne]=x', '?q=a&q=b', `?q=${'x'.repeat(101)}`, '?erased=all', '?role=parent']) {
      const res = await get(query).expect(422);
      expect(res.text, query)
        .to.contain('error-summary')
        .and.to.match(/<title>Error: /);
      expect(names(res.text), query).to.deep.equal([]);
    }
    expect((await get(`?q=${'x'.repeat(101)}`).expect(422)).text).to.contain(
      'href="#q">Search for a name or an e-mail address – Enter at most 100 characters.',
    );
    expect((await get('?erased=all').expect(422)).text).to.contain('href="#erased"');
    expect((await get('?role=parent').expect(422)).text).to.contain('href="#users-search"');
    expect((await get(`?q=${'y'.repeat(101)}`, 'fr').expect(422)).text).to.contain('Chercher un nom ou une adresse e-mail –');
  });

  it('the API lists and searches the same way; an operator is refused', async () => {
    const all = (await coordinator.get('/api/v1/users').expect(200)).body.items as { id: string; name: string }[];
    expect(all.map((u) => u.id)).to.not.include(erasedId);
    const found = (await coordinator.get('/api/v1/users?q=karim').expect(200)).body.items as { name: string }[];
    expect(found.map((u) => u.name)).to.deep.equal(['Karim El Amrani']);
    expect(((await coordinator.get('/api/v1/users?erased=only').expect(200)).body.items as { id: string }[]).map((u) => u.id)).to.deep.equal([erasedId]);
    await coordinator.get('/api/v1/users?q[$regex]=.*').expect(422);
    expect(await UserModel.countDocuments()).to.equal(5);
  });

  it('stays for coordinators only', async () => {
    for (const role of ['worker', 'partner', 'parent', 'host'] as const) {
      const user = await createUser(role);
      const agent = ctx.request();
      await formLogin(agent, user.email);
      await agent.get('/admin/users?q=karim').expect(403);
      await agent.get('/api/v1/users?q=karim').expect(403);
    }
  });
});
