// The host's offer pages, as a host without JavaScript uses them (forms, post/redirect/get, error
// summary), and a worker filling in an offer on a host's behalf.
import { expect } from 'chai';
import { STEP_SLUGS } from '../src/modules/intake/pages/offer-steps.js';
import type supertest from 'supertest';
import { createUser, formToken, useTestApp, formLogin } from './helpers/test-app.js';

type Pairs = [string, string][];

function isoDaysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Each step's answers as a browser would post them (SPEC §9's example offer). */
const ANSWERS: Record<string, Pairs> = {
  household: [
    ['host[firstName]', 'Marc'],
    ['host[lastName]', 'D.'],
    ['host[email]', 'marc@example.org'],
    ['host[phone]', '+32471000000'],
    ['host[languages][]', 'fr'],
    ['host[languages][]', 'nl'],
    ['host[isSingleParent]', 'false'],
    ['host[smoker]', 'false'],
    ['host[pets][]', 'cat'],
    ['host[household][0][birthYear]', '1960'],
    ['host[household][0][relation]', 'self'],
    ['host[household][0][sex]', 'm'],
  ],
  home: [
    ['address[street]', 'Rue Example'],
    ['address[number]', '12'],
    ['address[postalCode]', '1050'],
    ['address[commune]', '21009'],
    ['dwelling[type]', 'house'],
    ['dwelling[netSurfaceM2]', '140'],
    ['dwelling[floor]', '0'],
    ['dwelling[elevator]', 'false'],
    ['dwelling[stepFreeAccess]', 'false'],
  ],
  space: [
    ['rooms[0][kind]', 'bedroom'],
    ['rooms[0][surfaceM2]', '12'],
    ['rooms[0][furnished]', 'true'],
    ['rooms[1][kind]', 'bedroom'],
    ['rooms[1][surfaceM2]', '10,5'],
    ['rooms[1][furnished]', 'false'],
    ['privateBathroom', 'false'],
    ['sharedSpaces[]', 'kitchen'],
    ['sharedSpaces[]', 'bathroom'],
    ['sharedSpaces[]', 'living'],
    ['sharedSpaces[]', 'garden'],
  ],
  contribution: [
    ['contribution[monthlyRent]', '350'],
    ['contribution[monthlyCharges]', '80'],
    ['contribution[servicesWanted][]', 'gardening'],
    ['availability[from]', isoDaysFromNow(20)],
    ['availability[minDurationMonths]', '12'],
  ],
  welcome: [
    ['children[maxCount]', '3'],
    ['children[minAge]', '0'],
    ['children[maxAge]', '17'],
    ['children[acceptsVaryingHousehold]', 'true'],
    ['children[handoversAtHome]', 'false'],
    ['acceptsPets', 'false'],
    ['acceptsSmokers', 'false'],
    ['lifestyle[schedule]', 'day'],
    ['lifestyle[noise]', '1'],
    ['lifestyle[guests]', '2'],
    ['houseRules', 'Calme après 22 h.'],
  ],
  legal: [
    ['legal[tenure]', 'tenant'],
    ['legal[landlordConsent]', 'true'],
    ['legal[fireInsurance]', 'true'],
  ],
  // The host's own income (issue 17): an older host on the pension income guarantee, at the isolated rate.
  benefits: [
    ['benefits[source]', 'grapa'],
    ['benefits[status]', 'isolated'],
  ],
};
const STEPS = ['household', 'home', 'space', 'contribution', 'welcome', 'legal', 'benefits'];

const login = (agent: supertest.Agent, email: string) => formLogin(agent, email);

/** The page's text with the HTML escapes of quotes undone, so sentences can be looked for as written. */
function readable(html: string): string {
  return html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');
}

async function open(agent: supertest.Agent, path: string) {
  const res = await agent.get(path).expect(200);
  const version = /name="version" value="(\d+)"/.exec(res.text)?.[1];
  return { html: readable(res.text), token: formToken(res.text), version };
}

async function html(agent: supertest.Agent, path: string): Promise<string> {
  return readable((await agent.get(path).expect(200)).text);
}

/** Posts a page's form: the CSRF token and the record's version come from the page itself. */
async function postForm(agent: supertest.Agent, pagePath: string, action: string, pairs: Pairs, extra: Pairs = []) {
  const { token, version } = await open(agent, pagePath);
  const body = new URLSearchParams([['_csrf', token], ...(version !== undefined ? [['version', version] as [string, string]] : []), ...pairs, ...extra]);
  return agent.post(action).type('form').send(body.toString());
}

function idFrom(location: string): string {
  const id = /\/(?:my\/offer|work\/offers)\/([0-9a-f]{24})\//.exec(location)?.[1];
  if (!id) throw new Error(`no offer id in ${location}`);
  return id;
}

async function startAsHost(agent: supertest.Agent): Promise<string> {
  const res = await postForm(agent, '/my/offer/new', '/my/offer/new', []);
  expect(res.status).to.equal(303);
  expect(res.headers.location).to.match(/^\/my\/offer\/[0-9a-f]{24}\/household$/);
  return idFrom(String(res.headers.location));
}

async function offerJson(agent: supertest.Agent, id: string) {
  return (await agent.get(`/api/v1/offers/${id}`).expect(200)).body;
}

function errorLinks(html: string): string[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

describe('offer pages (host and worker, without JavaScript)', () => {
  const ctx = useTestApp();
  let host: { email: string; id: string };
  let otherHost: { email: string };
  let worker: { email: string };

  before(async () => {
    host = await createUser('host');
    otherHost = await createUser('host');
    worker = await createUser('worker');
  });

  it('a host reads the start page, creates the draft, goes through every step by posting forms, and submits', async () => {
    const agent = ctx.request();
    await login(agent, host.email);
    const start = await open(agent, '/my/offer');
    expect(start.html).to.contain('action="/my/offer/new"');
    expect(start.html).to.contain('450,00').and.contain('location de chambres');
    expect(start.html, 'the start page counts the steps there are').to.contain(`${STEP_SLUGS.length} petites étapes`);

    const id = await startAsHost(agent);
    const base = `/my/offer/${id}`;
    for (const [i, step] of STEPS.entries()) {
      const res = await postForm(agent, `${base}/${step}`, `${base}/${step}`, ANSWERS[step]!, [['action', 'continue']]);
      expect(res.status, step).to.equal(303);
      expect(res.headers.location).to.equal(i + 1 < STEPS.length ? `${base}/${STEPS[i + 1]}` : `${base}/review`);
    }
    // A step shows what was saved.
    const household = await open(agent, `${base}/household`);
    expect(household.html)
      .to.contain('value="Marc"')
      .and.match(/id="host-languages-nl"[^>]*checked/);
    const home = await open(agent, `${base}/home`);
    expect(home.html)
      .to.match(/<option value="21009" selected>/)
      .and.contain('Seul·es les accompagnateur·rices voient votre adresse exacte');

    const overview = await open(agent, base);
    expect(overview.html.match(/✓ Fait/g)).to.have.length(7);

    const review = await open(agent, `${base}/review`);
    expect(review.html)
      .to.contain('Rue Example 12, 1050 Ixelles')
      .and.contain('350,00')
      .and.contain(`href="${base}/space?from=review" aria-label="Modifier cette étape\u00a0: L'espace que vous proposez"`);
    // The warning is the host's own (issue 17): the GRAPA's higher amount, who may share the home, whom to ask.
    expect(review.html)
      .to.contain('Garantie de revenus aux personnes âgées (GRAPA)')
      .and.contain('montant de base')
      .and.contain('vos enfants de moins de 18 ans')
      .and.contain('Service fédéral des Pensions');
    expect(review.html).to.contain('Personne ne peut promettre').and.not.contain('taux «\u00a0isolé\u00a0» ou «\u00a0chef de ménage\u00a0»');
    const submit = await postForm(agent, `${base}/review`, `${base}/submit`, [['acknowledgeBenefitsWarning', 'true']]);
    expect(submit.status).to.equal(303);
    expect(submit.headers.location).to.equal(base);

    const after = await agent.get('/my/offer').expect(200);
    expect(after.text).to.contain('Votre offre est envoyée').and.contain('prévoir une visite du logement');
    const offer = await offerJson(agent, id);
    expect(offer.status).to.equal('submitted');
    expect(offer.rooms).to.deep.equal([
      { kind: 'bedroom', surfaceM2: 12, furnished: true },
      { kind: 'bedroom', surfaceM2: 10.5, furnished: false },
    ]);
    expect(offer.host.household).to.deep.equal([{ birthYear: 1960, relation: 'self', sex: 'm' }]);
    expect(offer.children).to.include({ acceptsVaryingHousehold: true, handoversAtHome: false });
    expect(offer.legal).to.deep.equal({ tenure: 'tenant', landlordConsent: true, fireInsurance: true });
    expect(offer.contribution).to.deep.equal({ monthlyRent: 350, monthlyCharges: 80, servicesWanted: ['gardening'] });
    // Not a single parent: the family-allowance question is not asked, and stored as no answer.
    expect(offer.benefits).to.deep.equal({ source: 'grapa', status: 'isolated', unemploymentEndsOn: null, singleParentSupplement: null });
  });

  it('bad values come back with the error summary linking to the fields, the input kept, nothing saved', async () => {
    const agent = ctx.request();
    await login(agent, host.email);
    const id = await startAsHost(agent);
    const base = `/my/offer/${id}`;

    const home = ANSWERS.home!.map(([k, v]): [string, string] => [k, k === 'dwelling[netSurfaceM2]' ? '0' : k === 'address[postalCode]' ? '1000' : v]);
    const res = await postForm(agent, `${base}/home`, `${base}/home`, home);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`${base}/home`);
    let page = await html(agent, `${base}/home`);
    // One pass (issue 15): the schema's error and the postal code that is not the commune's, at once, in the order of the fields.
    expect(errorLinks(page)).to.deep.equal(['#address-postalCode', '#dwelling-netSurfaceM2']);
    expect(page).to.contain('Code postal\u00a0– Indiquez le code postal de la commune choisie, ou choisissez la commune du code postal 1000.');
    expect(page)
      .to.contain('id="dwelling-netSurfaceM2-error"')
      .and.match(/id="dwelling-netSurfaceM2" name="dwelling\[netSurfaceM2\]" type="text" value="0"/);
    expect(page).to.match(/name="address\[postalCode\]" type="text" value="1000"/);
    expect(page).to.contain('value="Rue Example"');

    const space = ANSWERS.space!.map(([k, v]): [string, string] => [k, k === 'rooms[1][surfaceM2]' ? 'douze' : v]);
    await postForm(agent, `${base}/space`, `${base}/space`, space);
    page = await html(agent, `${base}/space`);
    expect(errorLinks(page)).to.deep.equal(['#rooms-1-surfaceM2']);
    expect(page).to.contain('Pièce 2, surface (m²)\u00a0– ').and.contain('value="douze"');

    const welcome = ANSWERS.welcome!.map(([k, v]): [string, string] => [k, k === 'children[minAge]' ? '12' : k === 'children[maxAge]' ? '6' : v]);
    await postForm(agent, `${base}/welcome`, `${base}/welcome`, welcome);
    page = await html(agent, `${base}/welcome`);
    expect(errorLinks(page)).to.deep.equal(['#children-maxAge']);
    expect(page)
      .to.match(/name="children\[minAge\]" type="text" value="12"/)
      .and.match(/name="children\[maxAge\]" type="text" value="6"/);
    expect(page).to.match(/<title>Erreur\u00a0:/);

    const offer = await offerJson(agent, id);
    expect(offer).not.to.have.property('dwelling');
    expect(offer).not.to.have.property('rooms');
    expect(offer).not.to.have.property('children');
    // The kept state is shown once: the page then shows the record again.
    const again = await html(agent, `${base}/welcome`);
    expect(again).not.to.contain('class="error-summary"');
  });

  it('a submission with missing parts lists every one, each linking to its step and field', async () => {
    const agent = ctx.request();
    await login(agent, host.email);
    const id = await startAsHost(agent);
    const base = `/my/offer/${id}`;
    await postForm(agent, `${base}/household`, `${base}/household`, ANSWERS.household!);
    await postForm(agent, `${base}/legal`, `${base}/legal`, [
      ['legal[tenure]', 'tenant'],
      ['legal[fireInsurance]', 'true'],
      ['action', 'save'],
    ]);

    const overview = await html(agent, base);
    expect(overview).to.contain(`href="${base}/home">Votre logement</a> – À faire`);
    expect(overview).to.contain(`href="${base}/legal">Votre droit de proposer cet espace</a> – <strong>! À vérifier`);

    const submit = await postForm(agent, `${base}/review`, `${base}/submit`, [['acknowledgeBenefitsWarning', 'true']]);
    expect(submit.headers.location).to.equal(`${base}/review`);
    const review = await html(agent, `${base}/review`);
    const links = errorLinks(review);
    expect(links).to.include.members([
      `${base}/home#address-street`,
      `${base}/home#dwelling-type`,
      `${base}/space#rooms`,
      `${base}/space#privateBathroom`,
      `${base}/contribution#contribution-monthlyRent`,
      `${base}/contribution#availability-from`,
      `${base}/welcome#children-maxCount`,
      `${base}/welcome#acceptsPets`,
      `${base}/welcome#lifestyle-schedule`,
      `${base}/legal#legal-landlordConsent`,
    ]);
    expect(links.some((l) => l.includes('/household'))).to.equal(false);
    expect(review).to.contain("L'offre n'est pas encore complète").and.contain('Adresse\u00a0– pas encore rempli');
    expect((await offerJson(agent, id)).status).to.equal('draft');
  });

  it('household and room rows are added and removed without JavaScript, typed values kept until saved', async () => {
    const agent = ctx.request();
    await login(agent, host.email);
    const id = await startAsHost(agent);
    const base = `/my/offer/${id}`;

    const first = await open(agent, `${base}/household`);
    // A first row, "yourself", is ready to fill in; Enter saves rather than removing a row.
    expect(first.html).to.match(/<option value="self" selected>/);
    expect(first.html.indexOf('value="continue" hidden')).to.be.below(first.html.indexOf('value="remove-row-0"'));

    let res = await postForm(agent, `${base}/household`, `${base}/household`, [
      ['host[firstName]', 'Aïcha'],
      ['host[household][0][birthYear]', '1970'],
      ['host[household][0][relation]', 'self'],
      ['action', 'add-row'],
    ]);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`${base}/household#host-household-1-birthYear`);
    let page = await html(agent, `${base}/household`);
    expect(page).to.contain('name="host[household][1][birthYear]"').and.contain('value="Aïcha"').and.contain('Personne 2');

    res = await postForm(agent, `${base}/household`, `${base}/household`, [
      ['host[firstName]', 'Aïcha'],
      ['host[household][0][birthYear]', '1970'],
      ['host[household][0][relation]', 'self'],
      ['host[household][1][birthYear]', '2001'],
      ['host[household][1][relation]', 'child'],
      ['host[household][2][birthYear]', '1940'],
      ['host[household][2][relation]', 'parent'],
      ['action', 'remove-row-1'],
    ]);
    expect(res.headers.location).to.equal(`${base}/household#host-household`);
    page = await html(agent, `${base}/household`);
    expect(page).not.to.contain('value="2001"');
    expect(page).to.match(/name="host\[household\]\[1\]\[birthYear\]" type="text" value="1940"/);
    expect(page).not.to.contain('name="host[household][2][birthYear]"');
    expect(await offerJson(agent, id)).not.to.have.property('host');

    // Saving keeps the rows; a row left blank is dropped.
    res = await postForm(agent, `${base}/household`, `${base}/household`, [
      ['host[firstName]', 'Aïcha'],
      ['host[household][0][birthYear]', '1970'],
      ['host[household][0][relation]', 'self'],
      ['host[household][1][birthYear]', '1940'],
      ['host[household][1][relation]', 'parent'],
      ['host[household][2][birthYear]', ''],
      ['host[household][2][relation]', ''],
      ['action', 'save'],
    ]);
    expect(res.headers.location).to.equal(base);
    expect((await offerJson(agent, id)).host.household).to.deep.equal([
      { birthYear: 1970, relation: 'self' },
      { birthYear: 1940, relation: 'parent' },
    ]);

    // Rooms: the same; removing every room once some are saved is refused (a list cannot be emptied).
    res = await postForm(agent, `${base}/space`, `${base}/space`, [
      ['rooms[0][kind]', 'bedroom'],
      ['rooms[0][surfaceM2]', '14'],
      ['action', 'add-row'],
    ]);
    expect(res.headers.location).to.equal(`${base}/space#rooms-1-kind`);
    page = await html(agent, `${base}/space`);
    expect(page).to.contain('name="rooms[1][kind]"').and.contain('value="14"');
    await postForm(agent, `${base}/space`, `${base}/space`, [
      ['rooms[0][kind]', 'bedroom'],
      ['rooms[0][surfaceM2]', '14'],
      ['rooms[1][kind]', 'office'],
      ['rooms[1][surfaceM2]', '9'],
      ['action', 'save'],
    ]);
    expect((await offerJson(agent, id)).rooms).to.deep.equal([
      { kind: 'bedroom', surfaceM2: 14 },
      { kind: 'office', surfaceM2: 9 },
    ]);
    await postForm(agent, `${base}/space`, `${base}/space`, [
      ['rooms[0][kind]', 'office'],
      ['rooms[0][surfaceM2]', '9'],
      ['action', 'remove-row-0'],
    ]);
    page = await html(agent, `${base}/space`);
    expect(page).not.to.contain('name="rooms[0][kind]"');
    res = await postForm(agent, `${base}/space`, `${base}/space`, []);
    expect(res.headers.location).to.equal(`${base}/space`);
    page = await html(agent, `${base}/space`);
    // "Continue" names everything the step still needs at once.
    expect(errorLinks(page)).to.deep.equal(['#rooms', '#privateBathroom']);
    expect(page).to.contain('Gardez au moins une pièce pour la famille');
    expect((await offerJson(agent, id)).rooms).to.have.length(2);
  });

  it('a host may have several offers: /my/offer lists them with "offer another space"', async () => {
    const agent = ctx.request();
    const solo = await createUser('host');
    await login(agent, solo.email);
    const first = await startAsHost(agent);
    // One offer: its overview directly, with the button for another.
    let page = await html(agent, '/my/offer');
    expect(page).to.contain(`href="/my/offer/${first}/household"`).and.contain('href="/my/offer/new"');
    // Pressing "start" again while the first draft is still empty does not make a second one.
    expect(await startAsHost(agent)).to.equal(first);
    await postForm(agent, `/my/offer/${first}/home`, `/my/offer/${first}/home`, ANSWERS.home!);
    const second = await startAsHost(agent);
    expect(second).not.to.equal(first);
    page = await html(agent, '/my/offer');
    expect(page).to.contain('Rue Example 12, Ixelles').and.contain(`href="/my/offer/${second}"`).and.contain('Proposer un autre espace');
  });

  it("a second host cannot open or change the first host's offer (404); a host cannot use the worker's pages", async () => {
    const owner = ctx.request();
    await login(owner, host.email);
    const id = await startAsHost(owner);
    const base = `/my/offer/${id}`;
    const other = ctx.request();
    await login(other, otherHost.email);
    for (const path of [base, `${base}/household`, `${base}/review`]) await other.get(path).expect(404);
    const { token } = await open(other, '/my/offer');
    await other.post(`${base}/home`).type('form').send({ _csrf: token, 'address[street]': 'Rue Volée' }).expect(404);
    await other.post(`${base}/household`).type('form').send({ _csrf: token, action: 'add-row' }).expect(404);
    await other.post(`${base}/submit`).type('form').send({ _csrf: token }).expect(404);
    expect(await offerJson(owner, id)).not.to.have.property('address');
    await other.get(`/work/offers/${id}/offer/household`).expect(403);
    await other.get('/work/offers/new').expect(403);
    await ctx
      .request()
      .get(`${base}/household`)
      .expect(303)
      .expect('Location', `/login?next=${encodeURIComponent(`${base}/household`)}`);
  });

  it('two people saving the same step at once: the second gets the conflict in the summary and sees the current offer', async () => {
    const agent = ctx.request();
    await login(agent, host.email);
    const id = await startAsHost(agent);
    const path = `/my/offer/${id}/home`;
    const stale = await open(agent, path);
    await postForm(agent, path, path, [
      ['address[street]', 'Rue Première'],
      ['action', 'save'],
    ]);
    const res = await agent
      .post(path)
      .type('form')
      .send(
        new URLSearchParams([
          ['_csrf', stale.token],
          ['version', stale.version!],
          ['address[street]', 'Rue Seconde'],
          ['action', 'save'],
        ]).toString(),
      )
      .expect(303);
    expect(res.headers.location).to.equal(path);
    const page = await html(agent, path);
    expect(page).to.contain('class="error-summary"').and.contain('a modifié cette offre en même temps').and.contain('value="Rue Première"');
    expect((await offerJson(agent, id)).address.street).to.equal('Rue Première');
  });

  it('after submission the overview shows the status and the visit outcome; steps can no longer be changed by the host', async () => {
    const agent = ctx.request();
    await login(agent, host.email);
    const id = await startAsHost(agent);
    const base = `/my/offer/${id}`;
    for (const step of STEPS) await postForm(agent, `${base}/${step}`, `${base}/${step}`, ANSWERS[step]!);
    await postForm(agent, `${base}/review`, `${base}/submit`, [['acknowledgeBenefitsWarning', 'true']]);
    // The visit happens (conformity's hand-off, set up here through intake's public service).
    const intake = ctx.app.named.intake;
    const system = { id: 'system', role: 'system' as const, name: 'test' };
    await intake.offers.transition(system, id, 'inspection');
    await intake.offers.recordInspection(system, id, {
      inspectionId: 'x',
      outcome: 'conform_with_remarks',
      ruleSet: 'BRU-2026',
      performedAt: new Date('2026-03-02T10:00:00Z'),
      validUntil: new Date('2028-03-02T10:00:00Z'),
      remarksDeadline: new Date('2026-05-31T10:00:00Z'),
    });
    const page = await html(agent, base);
    expect(page).to.contain('Votre offre est prête').and.contain('Résultat de la visite');
    expect(page).to.contain('La visite du 2 mars 2026 a trouvé le logement adapté').and.contain('avant le 31 mai 2026').and.contain("jusqu'au 2 mars 2028");
    await agent.get(`${base}/home`).expect(303).expect('Location', base);
    const review = await html(agent, `${base}/review`);
    expect(review).not.to.contain(`action="${base}/submit"`).and.not.to.contain('Modifier cette étape');
  });

  it('a worker fills in an offer on a host’s behalf through the same steps and submits it', async () => {
    const agent = ctx.request();
    await login(agent, worker.email);
    const start = await open(agent, '/work/offers/new');
    expect(start.html).to.contain('action="/work/offers/new"');
    const created = await agent.post('/work/offers/new').type('form').send({ _csrf: start.token }).expect(303);
    expect(created.headers.location).to.match(/^\/work\/offers\/[0-9a-f]{24}\/offer\/household$/);
    const id = idFrom(String(created.headers.location));
    const base = `/work/offers/${id}/offer`;
    const first = await open(agent, `${base}/household`);
    expect(first.html).to.contain(`href="/work/offers/${id}"`).and.contain("pour l'hôte");
    for (const step of STEPS) {
      const res = await postForm(agent, `${base}/${step}`, `${base}/${step}`, ANSWERS[step]!);
      expect(res.status, step).to.equal(303);
    }
    const review = await open(agent, `${base}/review`);
    expect(review.html).to.contain("Envoyer l'offre pour l'hôte").and.contain(`href="${base}/home?from=review"`);
    const submit = await postForm(agent, `${base}/review`, `${base}/submit`, [['acknowledgeBenefitsWarning', 'true']]);
    expect(submit.headers.location).to.equal(`/work/offers/${id}`);
    const offer = await offerJson(agent, id);
    expect(offer.status).to.equal('submitted');
    expect(offer.ownerUserId).to.equal(null);
    expect(offer.address).to.deep.equal({ street: 'Rue Example', number: '12', postalCode: '1050', commune: '21009' });
  });

  it('the pages speak Dutch and English too', async () => {
    const agent = ctx.request();
    await login(agent, host.email);
    const id = await startAsHost(agent);
    const nl = await html(agent, `/my/offer/${id}/home?lang=nl`);
    expect(nl).to.contain('<html lang="nl">').and.contain('Uw adres blijft privé').and.contain('Stap 2 van 8').and.contain('>Elsene<');
    const en = await html(agent, `/my/offer/${id}/contribution?lang=en`);
    expect(en).to.contain('The family pays at most €450.00 per month').and.contain('Save and continue');
  });
});
