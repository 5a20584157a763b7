// The worker's pages (SPEC §1, §4 worker side), as a worker without JavaScript uses them: the queue
// with its filters, the family and offer case pages, every casework form through post/redirect/get
// with the error summary, the history, and who may open them.
import { expect } from 'chai';
import type supertest from 'supertest';
import type { IntakeModule } from '../src/modules/intake/index.js';
import type { Actor } from '../src/modules/intake/actor.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { createUser, formToken, useTestApp, formLogin } from './helpers/test-app.js';

describe('worker pages: queue and case pages', () => {
  const ctx = useTestApp();
  let intake: IntakeModule;
  let worker: { id: string; email: string; actor: Actor };
  let colleague: { id: string; email: string };
  let agent: supertest.Agent;

  async function signIn(email: string): Promise<supertest.Agent> {
    const a = ctx.request();
    await formLogin(a, email);
    return a;
  }

  /** A parent's own application, submitted (so it stays unassigned until a worker acts). */
  async function submittedFamily(overrides: Parameters<typeof familyBody>[0] = {}, submit = true) {
    const parent = await createUser('parent');
    const actor: Actor = { id: parent.id, role: 'parent', name: 'Parent' };
    const doc = await intake.families.create(actor, familyBody(overrides));
    if (submit) await intake.families.submit(actor, String(doc._id), { acknowledgeBenefitsWarning: true });
    return String(doc._id);
  }

  async function page(path: string) {
    const res = await agent.get(path).expect(200);
    return { html: res.text, token: formToken(res.text) };
  }

  function versionOn(html: string, prefix: string): string {
    const match = new RegExp(`name="${prefix}\\[version\\]" value="(\\d+)"`).exec(html);
    if (!match?.[1]) throw new Error(`no ${prefix} version on the page`);
    return match[1];
  }

  /** Posts a form of a case page and follows the redirect; returns the page shown after. */
  async function post(path: string, fields: Record<string, string | string[]>, expectLocation?: RegExp) {
    const target = path.replace(/\/[^/]+$/, '');
    const { token } = await page(target);
    // Encoded as a browser does: a group of checkboxes repeats its name (name[]=a&name[]=b).
    const body = new URLSearchParams({ _csrf: token });
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    const res = await agent.post(path).type('form').send(body.toString()).expect(303);
    if (expectLocation) expect(String(res.headers.location)).to.match(expectLocation);
    return (await agent.get(String(res.headers.location).split('#')[0]!).expect(200)).text;
  }

  /** Presses the confirmation page's form posting to `action` (its hidden fields as they are); returns the page shown after. */
  async function confirmOn(html: string, action: string) {
    const form = html.slice(html.indexOf(`action="${action}"`));
    const fields = new URLSearchParams();
    for (const [, name, value] of form.slice(0, form.indexOf('</form>')).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      fields.append(
        name!,
        value!
          .replace(/&#39;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&'),
      );
    const res = await agent.post(action).type('form').send(fields.toString()).expect(303);
    return (await agent.get(String(res.headers.location).split('#')[0]!).expect(200)).text;
  }

  function noMissingLabels(html: string) {
    const missing = html.match(/intake\.workerPages\.[\w.-]+/g) ?? [];
    expect(missing, `keys without a text: ${missing.join(', ')}`).to.deep.equal([]);
  }

  before(async () => {
    intake = ctx.app.named.intake;
    const w = await createUser('worker', { name: 'Karim Worker', language: 'en' });
    worker = { ...w, actor: { id: w.id, role: 'worker', name: 'Karim Worker' } };
    colleague = await createUser('worker', { name: 'Lea Colleague', language: 'en' });
    agent = await signIn(worker.email);
  });

  describe('the queue (/work)', () => {
    let amina: string;
    let bram: string;
    let draft: string;

    before(async () => {
      amina = await submittedFamily({
        parent: { ...familyBody().parent, firstName: 'Amina', lastName: 'Queue', email: 'amina.queue@example.org', phone: '+32470111111' },
      });
      bram = await submittedFamily({
        parent: { ...familyBody().parent, firstName: 'Bram', lastName: 'Queue', email: 'bram.queue@example.org', phone: '+32470222222' },
        situation: { current: 'shelter', urgency: 1, confidentialAddress: true },
        needs: { ...familyBody().needs, communes: ['21004'] },
      });
      draft = await submittedFamily(
        { parent: { ...familyBody().parent, firstName: 'Dina', lastName: 'Draft', email: 'dina.draft@example.org', phone: '+32470333333' } },
        false,
      );
    });

    it('lists submitted families first by urgency, with what a worker needs on each row', async () => {
      const { html } = await page('/work');
      noMissingLabels(html);
      expect(html).to.contain(`href="/work/families/${amina}"`).and.contain(`href="/work/families/${bram}"`);
      expect(html).not.to.contain(`href="/work/families/${draft}"`); // the default is "submitted"
      expect(html.indexOf(amina)).to.be.lessThan(html.indexOf(bram)); // urgency 3 before urgency 1
      expect(html).to.contain('Urgency 3 of 4').and.contain('Children: 2').and.contain('No support worker yet');
      expect(html).to.contain('Confidential address'); // Bram's row
      expect(html).to.contain('href="/work/families/new"').and.contain('href="/work/offers/new"');
      expect(html).to.match(/<form method="get" action="\/work"/);
    });

    it('filters by status, commune, urgency and text, and by "assigned to me"', async () => {
      const drafts = await page('/work?tab=families&status=draft');
      expect(drafts.html).to.contain(draft).and.not.contain(amina);
      const all = await page('/work?status=all');
      expect(all.html).to.contain(draft).and.contain(amina).and.contain(bram);

      const ixelles = await page('/work?commune=21009'); // Amina's wish list, not Bram's
      expect(ixelles.html).to.contain(amina).and.not.contain(bram);
      const urgent = await page('/work?urgency=1');
      expect(urgent.html).to.contain(bram).and.not.contain(amina);
      const text = await page('/work?status=all&q=BRAM');
      expect(text.html).to.contain(bram).and.not.contain(amina).and.not.contain(draft);

      const mineBefore = await page('/work?assignedTo=me');
      expect(mineBefore.html).not.to.contain(amina);
      await post(`/work/families/${amina}/assignment`, { 'assignment[workerId]': worker.id });
      const mine = await page('/work?assignedTo=me');
      expect(mine.html).to.contain(amina).and.not.contain(bram);
      expect(mine.html).to.contain('Followed by Karim Worker');
    });

    it('shows a filter it cannot read in the error summary, linked to the field', async () => {
      const res = await agent.get('/work?urgency=9&commune=99999').expect(200);
      expect(res.text).to.contain('class="error-summary"').and.contain('<a href="#urgency">').and.contain('<a href="#commune">');
    });

    it('lists offers on their tab, with commune, rooms, contribution and date', async () => {
      const host = await createUser('host');
      const actor: Actor = { id: host.id, role: 'host', name: 'Host' };
      const offer = await intake.offers.create(actor, offerBody());
      await intake.offers.submit(actor, String(offer._id), undefined, { acknowledgeBenefitsWarning: true });
      const { html } = await page('/work?tab=offers');
      noMissingLabels(html);
      expect(html)
        .to.contain(`href="/work/offers/${String(offer._id)}"`)
        .and.contain('Marc D.');
      expect(html)
        .to.contain('Ixelles')
        .and.contain('Rooms: 2 (bedrooms: 2)')
        .and.match(/430[,.]00/);
    });
  });

  describe('the family case page', () => {
    it('warns about another application with the same phone, with a link to it', async () => {
      const first = await submittedFamily({
        parent: { ...familyBody().parent, firstName: 'Same', lastName: 'Phone', email: 'one@example.org', phone: '0470 99 88 77' },
      });
      const second = await submittedFamily({
        parent: { ...familyBody().parent, firstName: 'Other', lastName: 'Person', email: 'two@example.org', phone: '+32470998877' },
      });
      const { html } = await page(`/work/families/${second}`);
      noMissingLabels(html);
      expect(html).to.contain('Maybe the same person as another record').and.contain('same phone');
      expect(html).to.contain(`href="/work/families/${first}"`);
      expect(html).not.to.contain('same e-mail');
      const queue = await page('/work?q=phone');
      expect(queue.html).to.contain('Maybe a duplicate: same phone');
    });

    it('shows the application in words, with the confidential-address badge', async () => {
      const id = await submittedFamily({
        parent: { ...familyBody().parent, firstName: 'Safe', lastName: 'Place', email: 'safe@example.org', phone: '+32470555000' },
        situation: { current: 'unsafe', urgency: 4, confidentialAddress: true },
      });
      const { html } = await page(`/work/families/${id}`);
      expect(html).to.contain('<h1>Safe Place</h1>').and.contain('Confidential address').and.contain('Contact the family through the support worker only');
      expect(html).to.contain('safe@example.org').and.contain('Urgency 4 of 4').and.contain('Born in 2019');
      expect(html).to.contain('Bedrooms needed').and.contain(`href="/work/families/${id}/application"`);
    });

    it('review: hold without a reason shows the service error; activate; reject with a reason, and the history says who and why', async () => {
      const id = await submittedFamily({
        parent: { ...familyBody().parent, firstName: 'Review', lastName: 'Me', email: 'review@example.org', phone: '+32470444000' },
      });
      let html = (await page(`/work/families/${id}`)).html;
      const back = await post(
        `/work/families/${id}/review`,
        { 'review[decision]': 'hold', 'review[reason]': '  ', 'review[version]': versionOn(html, 'review') },
        new RegExp(`^/work/families/${id}$`),
      );
      expect(back).to.contain('class="error-summary"').and.contain('<a href="#review-reason">Give the reason for this decision.</a>');
      expect(back).to.contain('id="review-reason-error"');
      expect((await intake.families.load(id)).status).to.equal('submitted');

      html = (await page(`/work/families/${id}`)).html;
      const activated = await post(
        `/work/families/${id}/review`,
        { 'review[decision]': 'activate', 'review[version]': versionOn(html, 'review') },
        /#decision$/,
      );
      expect(activated).to.contain('The application is accepted.');
      expect((await intake.families.load(id)).status).to.equal('active');

      // Refusing passes through a confirmation page (SPEC §11): nothing written before "Refuse the application".
      html = (await page(`/work/families/${id}`)).html;
      const confirm = await agent
        .post(`/work/families/${id}/review`)
        .type('form')
        .send({
          _csrf: formToken(html),
          'review[decision]': 'reject',
          'review[reason]': 'Lives outside the Brussels Region',
          'review[version]': versionOn(html, 'review'),
        })
        .expect(200);
      expect(confirm.text)
        .to.contain('Refuse this application?')
        .and.contain('Review Me sees “refused” on their application page')
        .and.contain('No e-mail is sent');
      expect((await intake.families.load(id)).status).to.equal('active');
      const rejected = await confirmOn(confirm.text, `/work/families/${id}/review/confirm`);
      expect(rejected).to.contain('The application is refused.').and.contain('Reason given: Lives outside the Brussels Region');
      const history = rejected.slice(rejected.indexOf('id="history"'));
      expect(history).to.contain('Refused').and.contain('By Karim Worker').and.contain('Why: Lives outside the Brussels Region');
      expect(history.indexOf('Refused')).to.be.lessThan(history.indexOf('Accepted')); // newest first
      expect(history).to.contain('Sent for review');
    });

    it('refusal: the confirmation page restates it in FR/NL/EN; "go back" keeps the reason; a refusal without a reason never reaches it', async () => {
      const id = await submittedFamily({
        parent: { ...familyBody().parent, firstName: 'Nour', lastName: 'Confirm', email: 'nour.confirm@example.org', phone: '+32470444222' },
      });
      const pages: Record<string, string[]> = {
        en: ['Refuse this application?', 'Unless it is reopened, the case is pseudonymised after', 'Go back and change'],
        fr: ['Refuser cette demande ?', 'Aucun e-mail n’est envoyé : prévenez Nour Confirm vous-même', 'Revenir et modifier'],
        nl: ['Deze aanvraag weigeren?', 'Er wordt geen e-mail verstuurd: laat het Nour Confirm zelf weten', 'Teruggaan en wijzigen'],
      };
      for (const [lang, texts] of Object.entries(pages)) {
        const html = (await agent.get(`/work/families/${id}?lang=${lang}`).expect(200)).text;
        const res = await agent
          .post(`/work/families/${id}/review`)
          .type('form')
          .send({ _csrf: formToken(html), 'review[decision]': 'reject', 'review[reason]': 'Pas à Bruxelles', 'review[version]': versionOn(html, 'review') })
          .expect(200);
        for (const text of texts) expect(res.text, lang).to.contain(text);
        noMissingLabels(res.text);
      }
      await agent.get(`/work/families/${id}?lang=en`).expect(200);
      // Back to the form: the reason typed is still there, nothing written.
      const html = (await page(`/work/families/${id}`)).html;
      const confirm = await agent
        .post(`/work/families/${id}/review`)
        .type('form')
        .send({
          _csrf: formToken(html),
          'review[decision]': 'reject',
          'review[reason]': 'Already housed by the CPAS',
          'review[version]': versionOn(html, 'review'),
        })
        .expect(200);
      const backed = await agent
        .post(`/work/families/${id}/review/back`)
        .type('form')
        .send({ _csrf: formToken(confirm.text), 'review[reason]': 'Already housed by the CPAS', 'review[decision]': 'reject' })
        .expect(303);
      expect(String(backed.headers.location)).to.match(/#decision$/);
      const form = (await agent.get(`/work/families/${id}`).expect(200)).text;
      expect(form)
        .to.contain('Already housed by the CPAS')
        .and.match(/value="reject"[^>]*checked/);
      expect((await intake.families.load(id)).status).to.equal('submitted');
      // Without a reason: the error summary on the case page, no confirmation page.
      const refused = await post(
        `/work/families/${id}/review`,
        { 'review[decision]': 'reject', 'review[reason]': '', 'review[version]': versionOn(form, 'review') },
        new RegExp(`^/work/families/${id}$`),
      );
      expect(refused).to.contain('<a href="#review-reason">Give the reason for this decision.</a>');
      // A colleague changed the case between the confirmation page and "Refuse": the conflict, nothing written.
      const fresh = (await page(`/work/families/${id}`)).html;
      const late = await agent
        .post(`/work/families/${id}/review`)
        .type('form')
        .send({
          _csrf: formToken(fresh),
          'review[decision]': 'reject',
          'review[reason]': 'Already housed by the CPAS',
          'review[version]': versionOn(fresh, 'review'),
        })
        .expect(200);
      await intake.families.review(worker.actor, id, 'hold', 'Waiting for papers');
      const conflict = await confirmOn(late.text, `/work/families/${id}/review/confirm`);
      expect(conflict).to.contain('Someone else changed this record while you were reading it.');
      expect((await intake.families.load(id)).status).to.equal('on_hold');
    });

    it('a stale version posted from a form shows the conflict message in the error summary', async () => {
      const id = await submittedFamily({
        parent: { ...familyBody().parent, firstName: 'Two', lastName: 'Tabs', email: 'tabs@example.org', phone: '+32470444111' },
      });
      const { html } = await page(`/work/families/${id}`);
      const stale = versionOn(html, 'review');
      // Meanwhile a colleague records an interview on the same case.
      const other = await signIn(colleague.email);
      const otherPage = await other.get(`/work/families/${id}`).expect(200);
      await other
        .post(`/work/families/${id}/interviews`)
        .type('form')
        .send({ _csrf: formToken(otherPage.text), 'interview[date]': '2026-01-10', 'interview[summary]': 'First meeting' })
        .expect(303);
      const back = await post(`/work/families/${id}/review`, { 'review[decision]': 'hold', 'review[reason]': 'Waiting for papers', 'review[version]': stale });
      expect(back).to.contain('class="error-summary"').and.contain('Someone else changed this record while you were reading it.');
      expect(back).to.contain('Changed by Lea Colleague').and.contain('<a href="#review">');
      expect((await intake.families.load(id)).status).to.equal('submitted');
    });

    describe('casework', () => {
      let id: string;
      before(async () => {
        id = await submittedFamily({
          parent: { ...familyBody().parent, firstName: 'Case', lastName: 'Work', email: 'case@example.org', phone: '+32470666000' },
        });
      });

      it('records an intake interview and lists it', async () => {
        const missing = await post(`/work/families/${id}/interviews`, { 'interview[date]': '2026-01-12' });
        expect(missing).to.contain('<a href="#interview-summary">');
        const html = await post(`/work/families/${id}/interviews`, {
          'interview[date]': '2026-01-12',
          'interview[summary]': 'Lives with her sister, two rooms for five people.',
          'interview[supportNeeds]': 'Help with the CPAS file',
          'interview[resources]': 'Cooks for the neighbours',
        });
        expect(html)
          .to.contain('The interview is saved.')
          .and.contain('Lives with her sister, two rooms for five people.')
          .and.contain('Help with the CPAS file');
        expect(html).to.contain('By Karim Worker');
      });

      it('keeps the network map: rows added, shown by kind, removed, without JavaScript', async () => {
        let html = (await page(`/work/families/${id}`)).html;
        html = await post(`/work/families/${id}/network`, {
          'network[version]': versionOn(html, 'network'),
          'network[contacts][0][kind]': 'family',
          'network[contacts][0][name]': 'Samira',
          'network[contacts][0][relation]': 'Sister',
          'network[contacts][0][canHelpWith]': 'School pick-ups',
          'network[contacts][0][contact]': '+32470000001',
        });
        expect(html)
          .to.contain('The list of people who can help is saved.')
          .and.contain('<strong>Samira</strong>')
          .and.contain('Can help with: School pick-ups');
        // The saved row comes back with "remove", and an empty row to add someone.
        expect(html).to.contain('name="network[contacts][0][remove]"').and.contain('name="network[contacts][1][name]" type="text" value=""');
        html = await post(`/work/families/${id}/network`, {
          'network[version]': versionOn(html, 'network'),
          'network[contacts][0][kind]': 'family',
          'network[contacts][0][name]': 'Samira',
          'network[contacts][1][kind]': 'professional',
          'network[contacts][1][name]': 'Mme Janssens',
          'network[contacts][1][relation]': 'CPAS contact',
          'network[contacts][2][kind]': 'friend',
          'network[contacts][2][name]': '',
        });
        const section = html.slice(html.indexOf('id="network"'), html.indexOf('id="isolation"'));
        expect(section).to.contain('<strong>Mme Janssens</strong>').and.contain('<strong>Samira</strong>');
        expect(section.indexOf('Samira')).to.be.lessThan(section.indexOf('Mme Janssens')); // grouped: family before professional
        html = await post(`/work/families/${id}/network`, {
          'network[version]': versionOn(html, 'network'),
          'network[contacts][0][kind]': 'family',
          'network[contacts][0][name]': 'Samira',
          'network[contacts][0][remove]': 'true',
          'network[contacts][1][kind]': 'professional',
          'network[contacts][1][name]': 'Mme Janssens',
        });
        const after = await intake.families.load(id);
        expect(after.network.map((c) => c.name)).to.deep.equal(['Mme Janssens']);
        // A row without a name is named by its own row number in the summary.
        const bad = await post(`/work/families/${id}/network`, {
          'network[version]': versionOn(html, 'network'),
          'network[contacts][0][kind]': 'professional',
          'network[contacts][0][name]': 'Mme Janssens',
          'network[contacts][1][kind]': 'friend',
          'network[contacts][1][relation]': 'Neighbour',
        });
        expect(bad).to.contain('<a href="#network-contacts-1-name">');
      });

      it('records an isolation score from the criteria met: two criteria, score 2', async () => {
        const html = await post(`/work/families/${id}/isolation`, { 'isolation[criteria][]': ['noFamilyOrFriendsHelp', 'languageOrDigitalBarrier'] });
        expect(html).to.contain('The isolation score is saved.').and.contain('Score: 2 of 4');
        const section = html.slice(html.indexOf('id="isolation"'), html.indexOf('id="bedrooms"'));
        expect(section).to.contain('No family or friends who help').and.contain('Language or computer barrier');
        expect(section).to.contain('Nobody close who can look after the children'); // the meaning in plain words
        const none = await post(`/work/families/${id}/isolation`, {});
        expect(none).to.contain('Score: 0 of 4').and.contain('All scores');
      });

      it('overrides the bedrooms with a reason (required), and goes back to the computed number', async () => {
        const refused = await post(`/work/families/${id}/bedrooms`, { 'bedrooms[value]': '3' });
        expect(refused).to.contain('<a href="#bedrooms-reason">Give the reason.</a>');
        const html = await post(`/work/families/${id}/bedrooms`, { 'bedrooms[value]': '3', 'bedrooms[reason]': 'The eldest has a disability' });
        expect(html).to.contain('The number of bedrooms is saved.').and.contain('The eldest has a disability');
        expect((await intake.families.load(id)).bedrooms?.override?.value).to.equal(3);
        const reset = await post(`/work/families/${id}/bedrooms`, { 'bedrooms[reset]': 'true' });
        expect(reset).to.contain('The computed number of bedrooms is used again.');
        expect((await intake.families.load(id)).bedrooms?.override).to.equal(null);
      });

      it('saves safety exclusions (communes, offers and hosts typed as text) and says they stay hidden', async () => {
        const offerA = 'aaaaaaaaaaaaaaaaaaaaaaaa';
        const offerB = 'bbbbbbbbbbbbbbbbbbbbbbbb';
        const hostA = 'cccccccccccccccccccccccc';
        const bad = await post(`/work/families/${id}/exclusions`, { 'exclusions[offerIds]': 'not-an-id' });
        expect(bad).to.contain('<a href="#exclusions-offerIds">This is not a record number: not-an-id.');
        const html = await post(`/work/families/${id}/exclusions`, {
          'exclusions[communes][]': ['21004', '21015'],
          'exclusions[offerIds]': `${offerA},\n${offerB} ${offerA}`,
          'exclusions[hostIds]': hostA,
          'exclusions[reason]': 'Former partner lives in Schaerbeek',
        });
        expect(html).to.contain('The safety list is saved.').and.contain('The family and the hosts never see it.');
        const saved = (await intake.families.load(id)).exclusions;
        expect(saved?.communes).to.deep.equal(['21004', '21015']);
        expect(saved?.offerIds).to.deep.equal([offerA, offerB]);
        expect(saved?.hostIds).to.deep.equal([hostA]);
        const section = html.slice(html.indexOf('id="safety"'), html.indexOf('id="history"'));
        expect(section).to.contain('Schaerbeek').and.contain(offerB).and.contain('Former partner lives in Schaerbeek');
        expect(section).to.contain('id="exclusions-communes-21004" name="exclusions[communes][]" value="21004" checked');
      });

      it('keeps the whole page free of untranslated labels, in French and Dutch too', async () => {
        for (const lang of ['nl', 'en', 'fr']) {
          const res = await agent.get(`/work/families/${id}?lang=${lang}`).expect(200);
          expect(res.text).to.contain(`<html lang="${lang}">`);
          noMissingLabels(res.text);
        }
        const fr = await agent.get(`/work/families/${id}`).expect(200); // the last choice is kept
        expect(fr.text).to.contain('Qui peut aider');
        await agent.get('/work?lang=en').expect(200);
      });
    });
  });

  describe('the offer case page', () => {
    let id: string;
    before(async () => {
      const host = await createUser('host');
      const actor: Actor = { id: host.id, role: 'host', name: 'Host' };
      const body = offerBody();
      const offer = await intake.offers.create(actor, {
        ...body,
        host: {
          ...body.host,
          email: 'offer.case@example.org',
          phone: '+32471777000',
          household: [
            { birthYear: 1960, relation: 'self' },
            { birthYear: 1962, relation: 'partner' },
            { birthYear: 2015, relation: 'child' },
          ],
        },
      });
      id = String(offer._id);
      await intake.offers.submit(actor, id, undefined, { acknowledgeBenefitsWarning: true });
    });

    it('shows the exact address, the household and which adults still lack the criminal-record extract', async () => {
      const { html } = await page(`/work/offers/${id}`);
      noMissingLabels(html);
      expect(html).to.contain('Rue Example 12').and.contain('1050 Ixelles');
      expect(html).to.contain('0 of 2 references').and.contain('Still missing for 2 of 2 adults.');
      expect(html).to.contain('under 18, no extract needed');
      expect(html).to.contain('never copied, photographed or kept');
      expect(html).to.contain(`href="/work/offers/${id}/offer"`);
    });

    it('records references and shows the progress towards two', async () => {
      const missing = await post(`/work/offers/${id}/references`, { 'reference[name]': 'Anne' });
      expect(missing).to.contain('<a href="#reference-relation">').and.contain('<a href="#reference-outcome">');
      let html = await post(`/work/offers/${id}/references`, {
        'reference[name]': 'Anne Voisin',
        'reference[relation]': 'Neighbour for 10 years',
        'reference[outcome]': 'positive',
      });
      expect(html).to.contain('The reference is saved.').and.contain('1 of 2 references').and.contain('Anne Voisin');
      html = await post(`/work/offers/${id}/references`, {
        'reference[name]': 'Paul Patron',
        'reference[relation]': 'Former employer',
        'reference[outcome]': 'reserved',
        'reference[note]': 'Says the host is strict',
      });
      expect(html).to.contain('2 of 2 references').and.contain('With doubts').and.contain('Says the host is strict');
    });

    it('records a criminal-record extract as "seen on <date> by <worker>", and refuses a member who does not exist', async () => {
      const seen = await post(`/work/offers/${id}/record-checks`, {
        'recordCheck[memberIndex]': '1',
        'recordCheck[seenOn]': '2026-01-05',
        'recordCheck[result]': 'clear',
      });
      expect(seen)
        .to.contain('The date the extract was seen is saved.')
        .and.match(/seen on 5 January 2026 by Karim Worker/);
      expect(seen).to.contain('Still missing for 1 of 2 adults.');
      const checks = (await intake.offers.load(id)).recordChecks;
      expect(checks).to.have.length(1);
      expect(Object.keys(checks[0]!).sort()).to.deep.equal(['at', 'by', 'byName', 'memberIndex', 'memberLabel', 'result', 'seenOn']); // a date, never a copy

      const nobody = await post(`/work/offers/${id}/record-checks`, {
        'recordCheck[memberIndex]': '7',
        'recordCheck[seenOn]': '2026-01-05',
        'recordCheck[result]': 'clear',
      });
      expect(nobody).to.contain('<a href="#recordCheck-memberIndex">This person is not part of the household.</a>');
      const child = await post(`/work/offers/${id}/record-checks`, {
        'recordCheck[memberIndex]': '2',
        'recordCheck[seenOn]': '2026-01-05',
        'recordCheck[result]': 'clear',
      });
      expect(child).to.contain('The criminal-record extract concerns the adults of the household.');
      expect((await intake.offers.load(id)).recordChecks).to.have.length(1);
    });

    it('pauses with a reason (required), resumes, assigns, and the history tells it', async () => {
      let html = (await page(`/work/offers/${id}`)).html;
      const refused = await post(`/work/offers/${id}/review`, { 'review[decision]': 'pause', 'review[version]': versionOn(html, 'review') });
      expect(refused).to.contain('<a href="#review-reason">');
      html = await post(`/work/offers/${id}/review`, {
        'review[decision]': 'pause',
        'review[reason]': 'Host in hospital for a month',
        'review[version]': versionOn(refused, 'review'),
      });
      expect(html).to.contain('The offer is paused.');
      expect((await intake.offers.load(id)).status).to.equal('paused');
      html = await post(`/work/offers/${id}/review`, { 'review[decision]': 'resume', 'review[version]': versionOn(html, 'review') });
      expect(html).to.contain('The offer is back online.');
      html = await post(`/work/offers/${id}/assignment`, { 'assignment[workerId]': colleague.id });
      expect(html).to.contain('Followed by Lea Colleague.');
      const notStaff = await createUser('host');
      const refusedAssign = await post(`/work/offers/${id}/assignment`, { 'assignment[workerId]': notStaff.id });
      expect(refusedAssign).to.contain('<a href="#assignment-workerId">Choose a support worker or a coordinator.</a>');
      const history = html.slice(html.indexOf('id="history"'));
      expect(history)
        .to.contain('Paused')
        .and.contain('Why: Host in hospital for a month')
        .and.contain('Criminal-record extract seen')
        .and.contain('By Karim Worker');
    });
  });

  describe('who may open these pages', () => {
    it('turns away a parent, a host and a partner with 403, and an anonymous visitor to the login page', async () => {
      const familyId = await submittedFamily({
        parent: { ...familyBody().parent, firstName: 'Access', lastName: 'Check', email: 'access@example.org', phone: '+32470888000' },
      });
      const host = await createUser('host');
      const offer = await intake.offers.create({ id: host.id, role: 'host', name: 'Host' }, offerBody());
      for (const role of ['parent', 'host', 'partner'] as const) {
        const user = await createUser(role);
        const a = await signIn(user.email);
        await a.get('/work').expect(403);
        await a.get(`/work/families/${familyId}`).expect(403);
        await a.get(`/work/offers/${String(offer._id)}`).expect(403);
        const home = await a.get('/').expect(200);
        await a
          .post(`/work/families/${familyId}/review`)
          .type('form')
          .send({ _csrf: formToken(home.text), 'review[decision]': 'activate' })
          .expect(403);
      }
      expect((await intake.families.load(familyId)).status).to.equal('submitted');
      await ctx.request().get('/work').redirects(0).expect(303).expect('Location', '/login?next=%2Fwork');
      const coordinator = await createUser('coordinator');
      const c = await signIn(coordinator.email);
      await c.get(`/work/families/${familyId}`).expect(200);
    });

    it('answers 404 for a case that does not exist', async () => {
      await agent.get('/work/families/aaaaaaaaaaaaaaaaaaaaaaaa').expect(404);
      await agent.get('/work/offers/not-an-id').expect(404);
    });
  });
});
