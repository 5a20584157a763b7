// The ledger's pages without JavaScript (issue 18): a household adds help and a cost by plain forms,
// the other confirms, errors come back in the summary; staff see it from the case page, the benefits
// check shows the confirmed cost split, the statistics the hours of mutual aid.
import { expect } from 'chai';
import { dayFromToday as day, livedCase } from './helpers/lived-case.js';
import { apiSend, formToken, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';

describe('ledger pages (no JavaScript)', () => {
  const ctx = useTestApp();
  const form = async (s: SignedIn, page: string, action: string, fields: Record<string, string>) => {
    const html = (await s.agent.get(page).expect(200)).text;
    return s.agent
      .post(action)
      .type('form')
      .send({ _csrf: formToken(html), ...fields })
      .expect(303);
  };

  it('the parent adds help, a mistake comes back in the summary, the host confirms; staff, benefits and statistics show it', async () => {
    const c = await livedCase(ctx);
    const mine = `/my/cohabitation/${c.cohabitationId}/ledger`;
    expect((await c.parent.agent.get('/my/cohabitation/ledger').expect(303)).headers.location).to.equal(mine);
    expect((await c.parent.agent.get('/my/cohabitation').expect(200)).text).to.contain(`href="${mine}"`);

    const bad = await form(c.parent, mine, `${mine}/services`, { 'service[code]': 'babysitting', 'service[hours]': '', 'service[date]': day(-1) });
    expect(bad.headers.location).to.equal(mine);
    const errorPage = (await c.parent.agent.get(mine).expect(200)).text;
    expect(errorPage).to.contain('error-summary').and.to.contain('href="#service-hours"');
    const over = await form(c.parent, mine, `${mine}/services`, { 'service[code]': 'babysitting', 'service[hours]': '12', 'service[date]': day(-1) });
    expect(over.headers.location).to.equal(mine);
    expect((await c.parent.agent.get(mine).expect(200)).text).to.match(/au plus 10 heures par semaine/);

    await form(c.parent, mine, `${mine}/services`, { 'service[code]': 'babysitting', 'service[hours]': '1,5', 'service[date]': day(-1) });
    const after = (await c.parent.agent.get(mine).expect(200)).text;
    expect(after).to.contain('1,5 h').and.to.contain('En attente de la réponse');
    expect(after).not.to.contain('error-summary');

    const hostPage = `/my/cohabitation/${c.cohabitationId}/ledger`;
    const hostHtml = (await c.host.agent.get(hostPage).expect(200)).text;
    const entryId = /action="[^"]+\/ledger\/([0-9a-f]{24})\/confirmation"/.exec(hostHtml)?.[1];
    expect(entryId, 'the host has an entry to confirm').to.be.a('string');
    await form(c.host, hostPage, `${hostPage}/${entryId}/confirmation`, { confirmed: 'true' });
    const confirmed = (await c.host.agent.get(hostPage).expect(200)).text;
    expect(confirmed).to.contain('Confirmée').and.to.contain('Rien à confirmer');
    // Confirmed is final: a second answer (an old tab) comes back as an error, not a change.
    await c.host.agent
      .post(`${hostPage}/${entryId}/confirmation`)
      .type('form')
      .send({ _csrf: formToken(confirmed), confirmed: 'false' })
      .expect(303);
    expect((await c.host.agent.get(hostPage).expect(200)).text).to.contain('déjà reçu une réponse');

    // A cost the host paid, shared in two; the parent confirms it through the API.
    await form(c.host, hostPage, `${hostPage}/costs`, {
      'cost[label]': 'Facture de gaz',
      'cost[amount]': '80',
      'cost[date]': day(-2),
      'cost[split][family]': '40',
      'cost[split][host]': '40',
    });
    const got = await c.parent.agent.get(`/api/v1/cohabitations/${c.cohabitationId}/ledger`).expect(200);
    const costId = got.body.items.find((i: { kind: string }) => i.kind === 'cost').id;
    await apiSend(c.parent, 'post', `/cohabitations/${c.cohabitationId}/ledger/${costId}/confirmation`, { confirmed: true }).expect(200);

    const casePage = (await c.worker.agent.get(`/work/cohabitations/${c.cohabitationId}`).expect(200)).text;
    expect(casePage).to.contain(`href="/work/cohabitations/${c.cohabitationId}/ledger"`).and.to.contain('Entraide et frais partagés (confirmés)');
    const staffPage = (await c.worker.agent.get(`/work/cohabitations/${c.cohabitationId}/ledger`).expect(200)).text;
    expect(staffPage).to.contain('Facture de gaz').and.to.contain('name="service[givenBy]"');
    const benefits = (await c.parent.agent.get(`/cohabitations/${c.cohabitationId}/benefits`).expect(200)).text;
    expect(benefits).to.contain('Frais partagés : chaque ménage sa part').and.to.contain('Facture de gaz');

    const coordinator = await signedInAs(ctx, 'coordinator');
    const stats = (await coordinator.agent.get('/admin/stats').expect(200)).text;
    expect(stats).to.contain('Heures d&#39;aide par mois').and.to.contain('0 sur 1');
    const api = await coordinator.agent.get('/api/v1/stats').expect(200);
    expect(api.body.mutualAid).to.include({ withConfirmed: 1, balanced: 0 });
  });
});
