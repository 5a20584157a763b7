// The service's contact details (issue 15): in configuration, checked at start, and shown wherever a
// text says "contact us" and in every page's footer.
import { expect } from 'chai';
import { loadConfig } from '../src/kernel/config.js';
import { createUser, formLogin, useTestApp } from './helpers/test-app.js';

describe('the service’s contact details', () => {
  const ctx = useTestApp();

  it('are in the configuration, clearly invented for the demo', () => {
    const { contact } = loadConfig({ NODE_ENV: 'test' });
    expect(contact.phone).to.equal('02 000 00 00');
    expect(contact.email).to.match(/@[\w.-]+\.example$/);
    for (const lang of ['fr', 'nl', 'en'] as const) expect(contact.hours[lang]).to.be.a('string').and.not.equal('');
    expect(contact.address.fr).to.contain('Bruxelles');
    expect(contact.address.nl).to.contain('Brussel');
  });

  it('beside the parent’s "contactez-nous" / "neem contact met ons op" / "contact us", with a phone link', async () => {
    const parent = await createUser('parent');
    const agent = ctx.request();
    await formLogin(agent, parent.email);
    for (const [lang, phrase, hours] of [
      ['fr', 'contactez-nous', 'du lundi au vendredi'],
      ['nl', 'neem contact met ons op', 'maandag tot vrijdag'],
      ['en', 'contact us', 'Monday to Friday'],
    ] as const) {
      const page = await agent.get(`/my/application?lang=${lang}`).expect(200);
      const main = page.text.slice(page.text.indexOf('<main'), page.text.indexOf('</main>'));
      expect(main, lang).to.contain(phrase).and.contain('href="tel:+3220000000"').and.contain('contact@cohabitation.example').and.contain(hours);
    }
  });

  it('beside the host’s "a support worker can fill in the offer with you"', async () => {
    const host = await createUser('host');
    const agent = ctx.request();
    await formLogin(agent, host.email);
    const page = await agent.get('/my/offer/new?lang=en').expect(200);
    const main = page.text.slice(page.text.indexOf('<main'), page.text.indexOf('</main>'));
    expect(main).to.contain('02 000 00 00').and.contain('Rue de l&#39;Exemple 1, 1000 Brussels');
  });

  it('in the footer of every page, signed in or not', async () => {
    for (const path of ['/', '/login', '/privacy', '/no-such-page']) {
      const res = await ctx.request().get(`${path}?lang=nl`);
      const footer = res.text.slice(res.text.indexOf('<footer'));
      expect(footer, path).to.contain('02 000 00 00').and.contain('Voorbeeldstraat 1, 1000 Brussel').and.contain('maandag tot vrijdag');
    }
  });
});
