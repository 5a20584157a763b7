// Issue 15, as a phone without JavaScript posts the forms: the host's offer steps checked in one
// pass like the family's, "Save and stop" keeping every valid answer, a change from "Check your
// answers" going back to it; the family's housing questions on five short pages; errors that say
// what to do; error summaries in the order of the fields.
import { expect } from 'chai';
import type supertest from 'supertest';
import { errorSummaryInPageOrder } from '../src/kernel/http/error-summary-order.js';
import { formToken, useTestApp, signedInOnPages } from './helpers/test-app.js';

type Pairs = [string, string][];

const YEAR = new Date().getUTCFullYear();
const isoDaysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const HOME: Pairs = [
  ['address[street]', 'Rue Example'],
  ['address[number]', '12'],
  ['address[postalCode]', '1050'],
  ['address[commune]', '21009'],
  ['dwelling[type]', 'house'],
  ['dwelling[netSurfaceM2]', '140'],
  ['dwelling[floor]', '0'],
  ['dwelling[elevator]', 'false'],
  ['dwelling[stepFreeAccess]', 'false'],
];
const SPACE: Pairs = [
  ['rooms[0][kind]', 'bedroom'],
  ['rooms[0][surfaceM2]', '30'],
  ['rooms[0][furnished]', 'true'],
  ['rooms[1][kind]', 'bedroom'],
  ['rooms[1][surfaceM2]', '20'],
  ['rooms[1][furnished]', 'false'],
  ['privateBathroom', 'false'],
];
const with_ = (pairs: Pairs, changes: Record<string, string>): Pairs => pairs.map(([k, v]) => [k, k in changes ? changes[k]! : v]);

const readable = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');
const errorLinks = (html: string) =>
  [...(/<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '').matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
const summaryTexts = (html: string) =>
  [...(/<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '').matchAll(/<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => readable(m[1]!));

describe('forms: one pass, nothing lost, errors that say what to do (issue 15)', () => {
  const ctx = useTestApp();

  async function open(agent: supertest.Agent, path: string) {
    const res = await agent.get(path).expect(200);
    return { html: readable(res.text), token: formToken(res.text), version: /name="version" value="(\d+)"/.exec(res.text)?.[1] ?? '' };
  }
  /** Posts the form of the page `opened` (its token, version and returnTo) to `url`. */
  async function post(agent: supertest.Agent, url: string, pairs: Pairs, action: string, opened = url) {
    const page = await open(agent, opened);
    const body = new URLSearchParams([['_csrf', page.token], ['version', page.version], ['action', action], ...pairs]);
    if (page.html.includes('name="returnTo" value="review"')) body.append('returnTo', 'review');
    return agent.post(url).type('form').send(body.toString()).expect(303);
  }
  const signedIn = async (role: 'host' | 'parent', language: 'fr' | 'nl' | 'en' = 'en') => (await signedInOnPages(ctx, role, { language })).agent;
  async function newOffer(agent: supertest.Agent) {
    const start = await open(agent, '/my/offer');
    const created = await agent.post('/my/offer/new').type('form').send({ _csrf: start.token }).expect(303);
    const base = String(created.headers.location).replace(/\/household$/, '');
    return { base, id: base.split('/').pop()! };
  }
  async function newApplication(agent: supertest.Agent) {
    const start = await open(agent, '/my/application');
    const created = await agent.post('/my/application').type('form').send({ _csrf: start.token }).expect(303);
    const base = String(created.headers.location).replace(/\/you$/, '');
    return { base, id: base.split('/').pop()! };
  }
  const offerJson = async (agent: supertest.Agent, id: string) => (await agent.get(`/api/v1/offers/${id}`).expect(200)).body;
  const familyJson = async (agent: supertest.Agent, id: string) => (await agent.get(`/api/v1/families/${id}`).expect(200)).body;

  describe("the host's offer steps", () => {
    it('/home shows every problem at once: a missing street, the postal code that is not the commune’s and a floor in letters, in the order of the fields; nothing saved', async () => {
      const agent = await signedIn('host');
      const { base, id } = await newOffer(agent);
      const res = await post(
        agent,
        `${base}/home`,
        with_(HOME, { 'address[street]': '', 'address[postalCode]': '1000', 'dwelling[floor]': 'two' }),
        'continue',
      );
      expect(res.headers.location).to.equal(`${base}/home`);
      const page = await open(agent, `${base}/home`);
      expect(errorLinks(page.html)).to.deep.equal(['#address-street', '#address-postalCode', '#dwelling-floor']);
      expect(summaryTexts(page.html)).to.include('Postal code – Enter the postal code of the chosen commune, or choose the commune of postal code 1000.');
      expect(page.html).to.contain('Enter the floor as a number from -1 to 40, like 0 for the ground floor.');
      expect(page.html)
        .to.match(/name="address\[postalCode\]" type="text" value="1000"/)
        .and.contain('value="two"');
      expect(await offerJson(agent, id)).not.to.have.property('address');
    });

    it('a postal code that is not a Brussels one says what to enter, in English, French and Dutch', async () => {
      for (const [lang, text] of [
        ['en', 'Enter a Brussels postal code, like 1030.'],
        ['fr', 'Indiquez un code postal de Bruxelles, par exemple 1030.'],
        ['nl', 'Vul een Brusselse postcode in, bijvoorbeeld 1030.'],
      ] as const) {
        const agent = await signedIn('host', lang);
        const { base } = await newOffer(agent);
        await post(agent, `${base}/home`, with_(HOME, { 'address[postalCode]': '10O0' }), 'continue');
        expect((await open(agent, `${base}/home`)).html, lang).to.contain(text);
      }
    });

    it('"Continue" on an empty step names each answer it needs; "Save and stop" on it is fine', async () => {
      const agent = await signedIn('host');
      const { base } = await newOffer(agent);
      await post(agent, `${base}/legal`, [], 'continue');
      expect(errorLinks((await open(agent, `${base}/legal`)).html)).to.deep.equal(['#legal-tenure', '#legal-fireInsurance']);
      expect((await post(agent, `${base}/legal`, [], 'save')).headers.location).to.equal(base);
    });

    it('"Save and stop" with a wrong postal code and a floor in letters keeps every other answer and names the two it could not keep', async () => {
      const agent = await signedIn('host');
      const { base, id } = await newOffer(agent);
      const res = await post(agent, `${base}/home`, with_(HOME, { 'address[postalCode]': '1000', 'dwelling[floor]': 'two' }), 'save');
      expect(res.headers.location).to.equal(base);
      expect((await open(agent, base)).html).to.contain('Your answers are saved, except: Postal code, Floor. Those answers were not valid');
      const offer = await offerJson(agent, id);
      expect(offer.address).to.deep.equal({ street: 'Rue Example', number: '12', commune: '21009' });
      expect(offer.dwelling).to.deep.equal({ type: 'house', netSurfaceM2: 140, elevator: false, stepFreeAccess: false });
      // Coming back, the step shows what was kept, and the postal code is asked for again.
      const back = await open(agent, `${base}/home`);
      expect(back.html)
        .to.contain('value="Rue Example"')
        .and.match(/<option value="21009" selected>/);
    });

    it('a surface smaller than the rooms already saved is named on this step’s field, and not kept by "Save and stop"', async () => {
      const agent = await signedIn('host');
      const { base, id } = await newOffer(agent);
      await post(agent, `${base}/space`, SPACE, 'continue');
      await post(agent, `${base}/home`, with_(HOME, { 'dwelling[netSurfaceM2]': '40' }), 'continue');
      const page = await open(agent, `${base}/home`);
      expect(errorLinks(page.html)).to.deep.equal(['#dwelling-netSurfaceM2']);
      expect(page.html).to.contain('Check the surfaces: together, the rooms offered cannot be larger than the whole home.');
      await post(agent, `${base}/home`, with_(HOME, { 'dwelling[netSurfaceM2]': '40' }), 'save');
      const offer = await offerJson(agent, id);
      expect(offer.address.street).to.equal('Rue Example');
      expect(offer.dwelling).not.to.have.property('netSurfaceM2');
    });

    it('a change from "Check your answers" goes back to it, also after an error on the way', async () => {
      const agent = await signedIn('host');
      const { base, id } = await newOffer(agent);
      await post(agent, `${base}/home`, HOME, 'continue');
      const review = await open(agent, `${base}/review`);
      expect(review.html).to.contain(`href="${base}/home?from=review"`);
      const wrong = await post(agent, `${base}/home`, with_(HOME, { 'address[postalCode]': '1000' }), 'continue', `${base}/home?from=review`);
      expect(wrong.headers.location).to.equal(`${base}/home?from=review`);
      const fixed = await post(agent, `${base}/home`, with_(HOME, { 'address[street]': 'Rue Haute' }), 'continue', `${base}/home?from=review`);
      expect(fixed.headers.location).to.equal(`${base}/review`);
      expect((await offerJson(agent, id)).address.street).to.equal('Rue Haute');
      // Opened from the overview, the step goes on to the next one.
      expect((await post(agent, `${base}/home`, HOME, 'continue')).headers.location).to.equal(`${base}/space`);
    });
  });

  describe("the family's housing questions, a few at a time", () => {
    const MOVING: Pairs = [
      ['needs[moveInFrom]', isoDaysFromNow(10)],
      ['needs[moveInBy]', isoDaysFromNow(70)],
      ['needs[minDurationMonths]', '12'],
    ];

    it('five pages in the step list; each saves its own answers and leaves the others’ as saved; the old address leads to the first', async () => {
      const agent = await signedIn('parent', 'fr');
      const { base, id } = await newApplication(agent);
      const overview = await open(agent, base);
      for (const key of ['moving', 'where', 'budget', 'access', 'pets-smoking']) expect(overview.html).to.contain(`href="${base}/${key}"`);
      expect(overview.html).not.to.contain(`href="${base}/housing"`);
      await agent.get(`${base}/housing`).expect(303).expect('Location', `${base}/moving`);

      const moving = await open(agent, `${base}/moving`);
      expect(moving.html).to.contain('Étape 4 sur 11').and.contain('Quand vous voulez emménager').and.not.contain('needs[communes]');
      expect((await post(agent, `${base}/moving`, MOVING, 'next')).headers.location).to.equal(`${base}/where`);
      expect(
        (
          await post(
            agent,
            `${base}/where`,
            [
              ['needs[communes][]', '21009'],
              ['needs[communesRequired]', 'true'],
            ],
            'next',
          )
        ).headers.location,
      ).to.equal(`${base}/budget`);
      expect((await post(agent, `${base}/budget`, [['needs[maxMonthlyContribution]', '450']], 'next')).headers.location).to.equal(`${base}/access`);
      expect(
        (
          await post(
            agent,
            `${base}/access`,
            [
              ['needs[stepFreeAccess]', 'true'],
              ['needs[privateBathroomRequired]', 'false'],
            ],
            'next',
          )
        ).headers.location,
      ).to.equal(`${base}/pets-smoking`);
      // No animal ticked: an empty list, the other pages' answers untouched.
      expect(
        (
          await post(
            agent,
            `${base}/pets-smoking`,
            [
              ['needs[smoker]', 'false'],
              ['needs[acceptsSmokingHousehold]', 'true'],
            ],
            'next',
          )
        ).headers.location,
      ).to.equal(`${base}/daily-life`);
      expect((await familyJson(agent, id)).needs).to.deep.equal({
        moveInFrom: isoDaysFromNow(10),
        moveInBy: isoDaysFromNow(70),
        minDurationMonths: 12,
        communes: ['21009'],
        communesRequired: true,
        maxMonthlyContribution: 450,
        stepFreeAccess: true,
        privateBathroomRequired: false,
        pets: [],
        smoker: false,
        acceptsSmokingHousehold: true,
      });
      // Each part of "Check your answers" changes its own page, and comes back.
      const review = await open(agent, `${base}/review`);
      for (const key of ['moving', 'where', 'budget', 'access', 'pets-smoking']) expect(review.html).to.contain(`href="${base}/${key}?from=review"`);
      expect(review.html).to.contain('450,00').and.contain('Ixelles');
      const back = await post(agent, `${base}/budget`, [['needs[maxMonthlyContribution]', '500']], 'next', `${base}/budget?from=review`);
      expect(back.headers.location).to.equal(`${base}/review`);
      expect((await familyJson(agent, id)).needs).to.include({ maxMonthlyContribution: 500, moveInFrom: isoDaysFromNow(10), communesRequired: true });
    });

    it('"Continue" asks for each answer of its own page only; a rule that spans two answers of a page shows with them', async () => {
      const agent = await signedIn('parent');
      const { base } = await newApplication(agent);
      await post(agent, `${base}/access`, [], 'next');
      expect(errorLinks((await open(agent, `${base}/access`)).html)).to.deep.equal(['#needs-stepFreeAccess', '#needs-privateBathroomRequired']);
      await post(agent, `${base}/where`, [['needs[communesRequired]', 'true']], 'next');
      const where = await open(agent, `${base}/where`);
      expect(errorLinks(where.html)).to.deep.equal(['#needs-communes']);
      expect(where.html).to.contain('Choose at least one commune, or say they are not required.');
      await post(agent, `${base}/moving`, with_(MOVING, { 'needs[moveInBy]': isoDaysFromNow(5), 'needs[minDurationMonths]': 'a year' }), 'next');
      const moving = await open(agent, `${base}/moving`);
      expect(errorLinks(moving.html)).to.deep.equal(['#needs-moveInBy', '#needs-minDurationMonths']);
      expect(moving.html).to.contain('Enter a date after the "from" date.').and.contain('Enter a number of months from 1 to 120, like 12.');
    });
  });

  describe('errors that say what to do', () => {
    it('the step "About you" in English and Dutch: the year as 4 digits, a phone number and an e-mail address, each with an example', async () => {
      const form: Pairs = [
        ['parent[firstName]', 'Amina'],
        ['parent[lastName]', 'B.'],
        ['parent[birthYear]', 'nineteen'],
        ['parent[email]', 'amina-at-example'],
        ['parent[phone]', 'zero four seven'],
        ['parent[languages][]', 'fr'],
        ['parent[preferredLanguage]', 'fr'],
      ];
      const expected = {
        en: [
          'Year of birth – Enter the year as 4 digits, like 1990.',
          'E-mail address – Enter an e-mail address, like name@example.be.',
          'Phone number – Enter a phone number, like 0470 12 34 56.',
        ],
        nl: [
          'Vul het jaar in met 4 cijfers, bijvoorbeeld 1990.',
          'Vul een e-mailadres in, bijvoorbeeld naam@voorbeeld.be.',
          'Vul een telefoonnummer in, bijvoorbeeld 0470 12 34 56.',
        ],
      };
      for (const lang of ['en', 'nl'] as const) {
        const agent = await signedIn('parent', lang);
        const { base } = await newApplication(agent);
        await post(agent, `${base}/you`, form, 'next');
        const texts = summaryTexts((await open(agent, `${base}/you`)).html);
        expect(texts, lang).to.have.length(3);
        expected[lang].forEach((text, i) => expect(texts[i], lang).to.contain(text));
      }
    });

    it('a parent’s year of birth that makes a saved child older than the parent is named on that field; "later" keeps the other answers', async () => {
      const agent = await signedIn('parent');
      const { base, id } = await newApplication(agent);
      await post(
        agent,
        `${base}/children`,
        [
          ['children[0][birthYear]', String(YEAR - 7)],
          ['children[0][sex]', 'f'],
          ['children[0][custody]', 'full'],
          ['pregnant', 'false'],
        ],
        'next',
      );
      const you: Pairs = [
        ['parent[firstName]', 'Amina'],
        ['parent[lastName]', 'B.'],
        ['parent[birthYear]', String(YEAR - 16)],
        ['parent[languages][]', 'fr'],
        ['parent[preferredLanguage]', 'fr'],
      ];
      await post(agent, `${base}/you`, you, 'next');
      const page = await open(agent, `${base}/you`);
      expect(errorLinks(page.html)).to.deep.equal(['#parent-birthYear']);
      expect(page.html).to.contain('Check the years of birth: a parent is at least 12 years older than their child.');
      await post(agent, `${base}/you`, you, 'later');
      expect((await open(agent, base)).html).to.contain('Your answers are saved, except: Year of birth. That answer was not valid');
      expect((await familyJson(agent, id)).parent).to.deep.equal({ firstName: 'Amina', lastName: 'B.', languages: ['fr'], preferredLanguage: 'fr' });
    });
  });

  describe('error summaries in the order of the fields', () => {
    it('/register sent empty lists its errors as the fields come: role, name, e-mail, password', async () => {
      const agent = ctx.request();
      const page = await open(agent, '/register');
      await agent.post('/register').type('form').send({ _csrf: page.token }).expect(303).expect('Location', '/register');
      const back = await open(agent, '/register');
      expect(errorLinks(back.html)).to.deep.equal(['#role', '#name', '#email', '#password']);
      expect(back.html.indexOf('id="role"')).to.be.below(back.html.indexOf('id="name"'));
    });

    it('any summary: items sorted by where their field stands; one linking elsewhere stays first', () => {
      const page = [
        '<div class="error-summary" role="alert" tabindex="-1" data-error-summary><h2>Problems</h2><ul>',
        '<li><a href="#email">E-mail</a></li><li><a href="/elsewhere#x">Elsewhere</a></li><li><a href="#name">Name</a></li>',
        '</ul></div><form><input id="name"><input id="email"></form>',
      ].join('');
      const sorted = errorSummaryInPageOrder(page);
      expect([...sorted.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1])).to.deep.equal(['/elsewhere#x', '#name', '#email']);
      expect(sorted.slice(sorted.indexOf('</ul>'))).to.equal(page.slice(page.indexOf('</ul>')));
      const plain = '<main><p>No error here</p></main>';
      expect(errorSummaryInPageOrder(plain)).to.equal(plain);
    });
  });
});
