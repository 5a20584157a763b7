// Children first (issue 18) on the pages, without JavaScript: a child's school or crèche and the
// days custody means on the parent's children step, a survivor's safety needs on the situation
// step (never asked on a partner's pages), each adult's sex and the two new answers on the host's
// pages; what was typed comes back on errors; simultaneous saves of the same record.
import { expect } from 'chai';
import type supertest from 'supertest';
import { apiSend, createUser, formToken, PASSWORD, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { familyBody, offerBody, OFFER_EXAMPLE } from './helpers/intake-fixtures.js';

type Pairs = [string, string][];
const YEAR = new Date().getUTCFullYear();

function readable(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');
}
async function open(agent: supertest.Agent, path: string) {
  const res = await agent.get(path).expect(200);
  return { html: readable(res.text), token: formToken(res.text), version: /name="version" value="(\d+)"/.exec(res.text)?.[1] };
}
async function post(agent: supertest.Agent, path: string, pairs: Pairs) {
  const { token, version } = await open(agent, path);
  const body = new URLSearchParams([['_csrf', token], ...(version ? [['version', version] as [string, string]] : []), ['action', 'next'], ...pairs]);
  return agent.post(path).type('form').send(body.toString()).expect(303);
}
function errorLinks(html: string): string[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);
}

describe('children first on the pages (issue 18)', () => {
  const ctx = useTestApp();

  async function signedIn(role: 'parent' | 'host' | 'partner') {
    const user = await createUser(role);
    const agent = ctx.request();
    const login = await open(agent, '/login');
    await agent.post('/login').type('form').send({ _csrf: login.token, email: user.email, password: PASSWORD }).expect(303);
    return agent;
  }
  async function parentDraft() {
    const agent = await signedIn('parent');
    const start = await open(agent, '/my/application');
    const created = await agent.post('/my/application').type('form').send({ _csrf: start.token }).expect(303);
    return { agent, base: String(created.headers.location).replace(/\/you$/, ''), id: String(created.headers.location).split('/')[3]! };
  }
  const childRow: Pairs = [
    ['children[0][birthYear]', String(YEAR - 7)],
    ['children[0][sex]', 'f'],
    ['children[0][custody]', 'alternate'],
  ];

  it('a child’s school: kept as typed when something is missing, then saved; the review says it with the custody days', async () => {
    const { agent, base, id } = await parentDraft();
    const children = await open(agent, `${base}/children`);
    expect(children.html).to.contain('environ 7 nuits sur 14').and.contain('name="children[0][school][commune]"').and.contain("Pas d'école ni de crèche");
    // A commune and "must be kept", but not whether it is a school or a crèche.
    const typed: Pairs = [
      ...childRow,
      ['children[0][school][commune]', '21015'],
      ['children[0][school][postalCode]', '1030'],
      ['children[0][school][mustKeep]', 'true'],
    ];
    const back = await post(agent, `${base}/children`, typed);
    expect(back.headers.location).to.equal(`${base}/children`);
    const again = await open(agent, `${base}/children`);
    expect(errorLinks(again.html)).to.deep.equal(['#children-0-school-kind']);
    expect(again.html).to.contain('Enfant 1 – École ou crèche');
    expect(again.html)
      .to.match(/<option value="21015" selected>/)
      .and.contain('value="1030"')
      .and.match(/id="children-0-school-mustKeep"[^>]*checked/);
    expect((await agent.get(`/api/v1/families/${id}`).expect(200)).body.children).to.equal(undefined);

    await post(agent, `${base}/children`, [...typed, ['children[0][school][kind]', 'school']]);
    const saved = (await agent.get(`/api/v1/families/${id}`).expect(200)).body.children;
    expect(saved).to.deep.equal([
      { birthYear: YEAR - 7, sex: 'f', custody: 'alternate', school: { commune: '21015', postalCode: '1030', kind: 'school', mustKeep: true } },
    ]);
    const review = await open(agent, `${base}/review`);
    expect(review.html).to.contain('École à Schaerbeek (1030), à garder').and.contain('une semaine sur deux, environ 7 nuits sur 14');
  });

  it('a postal code of another commune comes back on the field, with what was typed', async () => {
    const { agent, base, id } = await parentDraft();
    await post(agent, `${base}/children`, [
      ...childRow,
      ['children[0][school][commune]', '21007'],
      ['children[0][school][kind]', 'school'],
      ['children[0][school][postalCode]', '1050'],
    ]);
    const again = await open(agent, `${base}/children`);
    expect(errorLinks(again.html)).to.deep.equal(['#children-0-school-postalCode']);
    expect(again.html)
      .to.contain('value="1050"')
      .and.match(/<option value="21007" selected>/)
      .and.match(/id="children-0-school-kind-school"[^>]*checked/);
    expect((await agent.get(`/api/v1/families/${id}`).expect(200)).body.children).to.equal(undefined);
  });

  it('no commune chosen: no school, whatever else was left; unticked "must be kept" means no', async () => {
    const { agent, base, id } = await parentDraft();
    await post(agent, `${base}/children`, [...childRow, ['children[0][school][commune]', ''], ['children[0][school][kind]', 'creche']]);
    expect((await agent.get(`/api/v1/families/${id}`).expect(200)).body.children[0].school).to.equal(undefined);
    await post(agent, `${base}/children`, [...childRow, ['children[0][school][commune]', '21009'], ['children[0][school][kind]', 'creche']]);
    expect((await agent.get(`/api/v1/families/${id}`).expect(200)).body.children[0].school).to.deep.equal({
      commune: '21009',
      kind: 'creche',
      mustKeep: false,
    });
  });

  it('the safety needs: asked of the parent, saved, on the review; never asked on a partner’s pages', async () => {
    const { agent, base, id } = await parentDraft();
    const situation = await open(agent, `${base}/situation`);
    expect(situation.html).to.contain('name="situation[noAdultMan]"').and.contain('Les hôtes ne la voient jamais');
    await post(agent, `${base}/situation`, [
      ['situation[current]', 'unsafe'],
      ['situation[urgency]', '4'],
      ['situation[confidentialAddress]', 'true'],
      ['situation[noAdultMan]', 'true'],
      ['situation[handoversAwayFromHome]', 'false'],
    ]);
    expect((await agent.get(`/api/v1/families/${id}`).expect(200)).body.situation).to.include({ noAdultMan: true, handoversAwayFromHome: false });
    expect((await open(agent, `${base}/review`)).html).to.contain("Avez-vous besoin d'un logement où aucun homme adulte ne vit ?");

    const partner = await signedIn('partner');
    const form = await open(partner, '/referrals/new');
    const started = await partner
      .post('/referrals/new')
      .type('form')
      .send({
        _csrf: form.token,
        'referral[organisation]': 'CPAS',
        'referral[contactName]': 'Léa M.',
        'referral[contactEmail]': 'lea@example.org',
        'referral[note]': '',
        familyConsent: 'true',
      })
      .expect(303);
    const partnerBase = String(started.headers.location).replace(/\/you$/, '');
    expect(partnerBase).to.match(/^\/referrals\/[0-9a-f]{24}$/);
    const page = await open(partner, `${partnerBase}/situation`);
    expect(page.html).to.contain('name="situation[current]"').and.not.contain('situation[noAdultMan]').and.not.contain('situation[handoversAwayFromHome]');

    // What a worker recorded of the family's safety needs survives the partner's save of the step that does not ask them.
    const referralId = partnerBase.split('/').pop()!;
    const worker = await signedInAs(ctx, 'worker');
    await apiSend(worker, 'patch', `/families/${referralId}`, {
      situation: { current: 'unsafe', urgency: 4, confidentialAddress: true, noAdultMan: true, handoversAwayFromHome: true },
    }).expect(200);
    await post(partner, `${partnerBase}/situation`, [
      ['situation[current]', 'shelter'],
      ['situation[urgency]', '3'],
      ['situation[confidentialAddress]', 'true'],
      ['situation[description]', ''],
    ]);
    expect((await worker.agent.get(`/api/v1/families/${referralId}`).expect(200)).body.situation).to.include({
      current: 'shelter',
      urgency: 3,
      noAdultMan: true,
      handoversAwayFromHome: true,
    });
  });

  it('the host’s household page asks each adult’s sex; the welcome page the two answers; both kept on errors', async () => {
    const agent = await signedIn('host');
    const start = await open(agent, '/my/offer/new');
    const created = await agent.post('/my/offer/new').type('form').send({ _csrf: start.token }).expect(303);
    const base = String(created.headers.location).replace(/\/household$/, '');
    const household: Pairs = [
      ['host[firstName]', 'Marc'],
      ['host[lastName]', 'D.'],
      ['host[languages][]', 'fr'],
      ['host[isSingleParent]', 'false'],
      ['host[smoker]', 'false'],
      ['host[household][0][birthYear]', '1960'],
      ['host[household][0][relation]', 'self'],
      ['host[household][1][birthYear]', String(YEAR - 6)],
      ['host[household][1][relation]', 'child'],
    ];
    const back = await post(agent, `${base}/household`, household);
    expect(back.headers.location).to.equal(`${base}/household`);
    const again = await open(agent, `${base}/household`);
    expect(errorLinks(again.html)).to.deep.equal(['#host-household-0-sex']); // a child of 6 need not say it
    expect(again.html).to.contain('Indiquez-le pour chaque personne de 18 ans ou plus').and.contain('value="1960"');
    await post(agent, `${base}/household`, [...household, ['host[household][0][sex]', 'm']]);
    const welcome = await post(agent, `${base}/welcome`, [
      ['children[maxCount]', '2'],
      ['children[minAge]', '0'],
      ['children[maxAge]', '17'],
      ['children[acceptsVaryingHousehold]', 'true'],
      ['acceptsPets', 'false'],
      ['acceptsSmokers', 'false'],
      ['lifestyle[schedule]', 'day'],
      ['lifestyle[noise]', '1'],
      ['lifestyle[guests]', '1'],
    ]);
    expect(welcome.headers.location).to.equal(`${base}/welcome`);
    const page = await open(agent, `${base}/welcome`);
    expect(errorLinks(page.html)).to.deep.equal(['#children-handoversAtHome']);
    expect(page.html).to.match(/id="children-acceptsVaryingHousehold-yes"[^>]*checked/);
  });

  describe('simultaneous saves of the same record', () => {
    let worker: SignedIn;
    let worker2: SignedIn;
    before(async () => {
      worker = await signedInAs(ctx, 'worker');
      worker2 = await signedInAs(ctx, 'worker');
    });

    it('two staff setting a child’s school from the same version: one wins whole, the other gets 409', async () => {
      const created = await apiSend(worker, 'post', '/families', familyBody()).expect(201);
      const etag = (await worker.agent.get(`/api/v1/families/${created.body.id}`).expect(200)).headers.etag as string;
      const withSchool = (commune: string, mustKeep: boolean) => familyBody().children.map((c) => ({ ...c, school: { commune, kind: 'school', mustKeep } }));
      const answers = await Promise.all([
        apiSend(worker, 'patch', `/families/${created.body.id}`, { children: withSchool('21015', true) }).set('If-Match', etag),
        apiSend(worker2, 'patch', `/families/${created.body.id}`, { children: withSchool('21013', false) }).set('If-Match', etag),
      ]);
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
      const winner = answers.find((a) => a.status === 200)!.body.children;
      const stored = (await worker.agent.get(`/api/v1/families/${created.body.id}`).expect(200)).body.children;
      expect(stored).to.deep.equal(winner);
      expect(new Set(stored.map((c: { school: object }) => JSON.stringify(c.school)))).to.have.lengthOf(1);
    });

    it('the host and a worker saving the household’s sexes at once: one wins whole, the other gets 409', async () => {
      const host = await signedInAs(ctx, 'host');
      const created = await apiSend(host, 'post', '/offers', offerBody()).expect(201);
      const etag = (await host.agent.get(`/api/v1/offers/${created.body.id}`).expect(200)).headers.etag as string;
      const members = (sex: 'f' | 'm') => ({
        host: {
          ...OFFER_EXAMPLE.host,
          household: [
            { birthYear: 1960, relation: 'self', sex },
            { birthYear: 1962, relation: 'partner', sex },
          ],
        },
      });
      const answers = await Promise.all([
        apiSend(host, 'patch', `/offers/${created.body.id}`, members('f')).set('If-Match', etag),
        apiSend(worker, 'patch', `/offers/${created.body.id}`, members('m')).set('If-Match', etag),
      ]);
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409]);
      const household = (await host.agent.get(`/api/v1/offers/${created.body.id}`).expect(200)).body.host.household as { sex: string }[];
      expect(new Set(household.map((m) => m.sex))).to.have.lengthOf(1);
    });
  });
});
