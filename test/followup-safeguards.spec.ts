// Follow-up's safeguards on what is written (SPEC §7, §11): the agreement's money, services and
// duration, its defaults and its old stored shape; dates in range; check-ins that alert; the same
// refusals on the pages, in the reader's language, with what was typed kept and nothing written;
// the agreement document itself (its name, declarations, mediation clause, address).
import { expect } from 'chai';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { apiLogin, createUser, formLogin, formToken, useTestApp } from './helpers/test-app.js';
import { FAMILY_EXAMPLE, OFFER_EXAMPLE, familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';

type Lang = 'fr' | 'nl' | 'en';
type Fields = Record<string, string>;

describe('follow-up safeguards: the agreement, dates, alerts (SPEC §7, §11)', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  async function person(role: 'parent' | 'host' | 'worker' | 'coordinator', language: Lang = 'en') {
    const user = await createUser(role, { language });
    const agent = ctx.request();
    const token = await apiLogin(agent, user.email);
    const call = (path: string, body?: object) => agent.post(`/api/v1${path}`).set('X-CSRF-Token', token).send(body);
    return { agent, call, id: user.id, email: user.email };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  let worker: Person;
  let other: Person;
  let coordinator: Person;
  before(async () => {
    worker = await person('worker');
    other = await person('worker');
    coordinator = await person('coordinator');
  });

  const agreement = { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 3 }], houseRules: 'Calme.' };

  /** An accepted proposal; with `living`, a cohabitation started 30 days ago and signed. */
  async function pair(living = true, over: { family?: object; offer?: object } = {}) {
    const parent = await person('parent');
    const host = await person('host');
    const f = await parent.call('/families', familyBody(over.family)).expect(201);
    await parent.call(`/families/${f.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await worker.call(`/families/${f.body.id}/review`, { decision: 'activate' }).expect(200);
    const o = await host.call('/offers', offerBody(over.offer)).expect(201);
    await host.call(`/offers/${o.body.id}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake().offers.transition(SYSTEM, o.body.id, 'inspection');
    await intake().offers.recordInspection(SYSTEM, o.body.id, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake().offers, o.body.id);
    const p = await worker.call('/proposals', { familyId: f.body.id, offerId: o.body.id }).expect(201);
    await parent.call(`/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    await host.call(`/proposals/${p.body.id}/responses`, { decision: 'accept' }).expect(200);
    const ids = { parent, host, familyId: f.body.id as string, offerId: o.body.id as string, proposalId: p.body.id as string, id: '' };
    if (!living) return ids;
    const c = await worker.call('/cohabitations', { proposalId: p.body.id, startDate: day(-30), agreement }).expect(201);
    await parent.call(`/cohabitations/${c.body.id}/signatures`).expect(200);
    await host.call(`/cohabitations/${c.body.id}/signatures`).expect(200);
    return { ...ids, id: c.body.id as string };
  }

  async function pageWorker(lang: Lang) {
    const user = await createUser('worker', { language: lang });
    const agent = ctx.request();
    await formLogin(agent, user.email);
    /** Posts `fields` from `page`'s form to `action`, follows the redirect and returns that page's HTML. */
    const post = async (page: string, action: string, fields: Fields) => {
      const sent = await agent
        .post(action)
        .type('form')
        .send({ _csrf: formToken((await agent.get(page).expect(200)).text), ...fields })
        .expect(303);
      return (await agent.get(String(sent.headers.location)).expect(200)).text.replace(/&#39;/g, "'");
    };
    return { agent, post };
  }

  const refusal = (res: { body: { error: { code: string; details: { path: string }[] } } }) => ({
    code: res.body.error.code,
    paths: res.body.error.details.map((d) => d.path),
  });

  it('the money: above the cap or the family’s maximum is refused (422) on /agreement/monthlyContribution, nothing created', async () => {
    const c = await pair(false, { family: { needs: { ...familyBody().needs, maxMonthlyContribution: 440 } } });
    const body = (monthlyContribution: number) => ({ proposalId: c.proposalId, startDate: day(0), agreement: { ...agreement, monthlyContribution } });
    // Every rule broken is named; the code is the first one.
    const both = await worker.call('/cohabitations', body(451)).expect(422);
    expect(refusal(both)).to.deep.equal({ code: 'CONTRIBUTION_OVER_CAP', paths: ['/agreement/monthlyContribution', '/agreement/monthlyContribution'] });
    expect(both.body.error.details.map((d: { message: string }) => d.message).join(' '))
      .to.contain('451 €')
      .and.to.contain('450 €')
      .and.to.contain('440 €');
    expect(refusal(await worker.call('/cohabitations', body(445)).expect(422))).to.deep.equal({
      code: 'CONTRIBUTION_OVER_FAMILY_MAX',
      paths: ['/agreement/monthlyContribution'],
    });
    expect(await CohabitationModel.countDocuments({ proposalId: c.proposalId })).to.equal(0);
    await worker.call('/cohabitations', body(440)).expect(201);
  });

  it('the services: more than 10 hours a week in total, or personal care, is refused (422) on the service; unknown codes and fields by the schema', async () => {
    const c = await pair(false);
    const body = (servicesExchanged: object[], extra: object = {}) => ({
      proposalId: c.proposalId,
      startDate: day(0),
      agreement: { ...agreement, servicesExchanged, ...extra },
    });
    const over = [
      { code: 'babysitting', hoursPerWeek: 6 },
      { code: 'cooking', hoursPerWeek: 4.5 },
      { code: 'shopping', hoursPerWeek: 1 },
    ];
    expect(refusal(await worker.call('/cohabitations', body(over)).expect(422))).to.deep.equal({
      code: 'SERVICES_OVER_LIMIT',
      paths: ['/agreement/servicesExchanged/1/hoursPerWeek'],
    });
    expect(
      refusal(
        await worker
          .call(
            '/cohabitations',
            body([
              { code: 'cooking', hoursPerWeek: 1 },
              { code: 'personal_care', hoursPerWeek: 1 },
            ]),
          )
          .expect(422),
      ),
    ).to.deep.equal({ code: 'SERVICES_OVER_LIMIT', paths: ['/agreement/servicesExchanged/1/code'] });
    expect((await worker.call('/cohabitations', body([{ code: 'massage', hoursPerWeek: 1 }])).expect(422)).body.error.code).to.equal('VALIDATION_FAILED');
    expect((await worker.call('/cohabitations', body([{ code: 'cooking', hoursPerWeek: 1, paid: true }])).expect(422)).body.error.code).to.equal(
      'VALIDATION_FAILED',
    );
    expect((await worker.call('/cohabitations', body([], { rentFree: true })).expect(422)).body.error.code).to.equal('VALIDATION_FAILED');
    expect(await CohabitationModel.countDocuments({ proposalId: c.proposalId })).to.equal(0);
    await worker
      .call(
        '/cohabitations',
        body([
          { code: 'babysitting', hoursPerWeek: 6 },
          { code: 'cooking', hoursPerWeek: 4 },
        ]),
      )
      .expect(201);
  });

  it('the duration: at least the 12 months of commitment, 12 by default, with the policy’s trial and notice', async () => {
    const c = await pair(false);
    const short = await worker
      .call('/cohabitations', { proposalId: c.proposalId, startDate: day(0), agreement: { ...agreement, durationMonths: 6 } })
      .expect(422);
    expect(short.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['/agreement/durationMonths']);
    const created = await worker.call('/cohabitations', { proposalId: c.proposalId, startDate: day(0), agreement }).expect(201);
    expect(created.body.agreement).to.include({ durationMonths: 12, trialDays: 28, noticeDays: 30 });
  });

  it('an agreement stored before services were a list (a free text) still reads, on the API and the printable page', async () => {
    const c = await pair();
    await CohabitationModel.updateOne({ _id: c.id }, { $set: { 'agreement.servicesExchanged': 'Courses le samedi.' } });
    const view = await c.parent.agent.get(`/api/v1/cohabitations/${c.id}`).expect(200);
    expect(view.body.agreement).to.deep.include({ servicesExchanged: [], servicesText: 'Courses le samedi.' });
    const staff = await worker.agent.get(`/api/v1/cohabitations/${c.id}`).expect(200);
    expect(staff.body.agreement.servicesText).to.equal('Courses le samedi.');
    expect((await c.host.agent.get(`/cohabitations/${c.id}/agreement`).expect(200)).text).to.contain('Courses le samedi.');
  });

  it('dates: a check-in, incident or mediation in the future or before the start, an end before the start or past the notice: DATE_OUT_OF_RANGE on /date, nothing written', async () => {
    const c = await pair();
    const checkin = (date: string) => ({ date, party: 'both', wellbeing: { family: 4, host: 4, children: 4 }, conflictLevel: 0 });
    const incident = (date: string) => ({ date, kind: 'damage', severity: 'low', description: 'Vase.' });
    const mediation = (date: string) => ({ date, participants: 'Les deux ménages', summary: 'On a parlé.' });
    const refused = [
      await worker.call(`/cohabitations/${c.id}/checkins`, checkin(day(2))),
      await worker.call(`/cohabitations/${c.id}/checkins`, checkin(day(-31))),
      await worker.call(`/cohabitations/${c.id}/incidents`, incident(day(3))),
      await worker.call(`/cohabitations/${c.id}/incidents`, incident(day(-40))),
      await worker.call(`/cohabitations/${c.id}/mediations`, mediation(day(2))),
      await worker.call(`/cohabitations/${c.id}/mediations`, mediation(day(-31))),
      await worker.call(`/cohabitations/${c.id}/end`, { date: day(-31), reason: 'planned_end' }),
    ];
    for (const r of refused) expect(r.status === 422 && refusal(r)).to.deep.equal({ code: 'DATE_OUT_OF_RANGE', paths: ['/date'] });
    const doc = (await CohabitationModel.findById(c.id).lean())!;
    expect([doc.status, doc.checkins.length, doc.incidents.length, doc.mediations.length]).to.deep.equal(['trial', 0, 0, 0]);
    // On the start day and today: accepted.
    await worker.call(`/cohabitations/${c.id}/checkins`, checkin(day(-30))).expect(201);
    await worker.call(`/cohabitations/${c.id}/incidents`, incident(day(0))).expect(201);
    await worker.call(`/cohabitations/${c.id}/mediations`, mediation(day(0))).expect(201);
  });

  it('an end date: at most the notice period (30 days) in the past, or planned ahead', async () => {
    const old = await pair();
    await CohabitationModel.updateOne({ _id: old.id }, { $set: { startDate: day(-90) } });
    const tooOld = await worker.call(`/cohabitations/${old.id}/end`, { date: day(-32), reason: 'family_left' }).expect(422);
    expect(tooOld.body.error.code).to.equal('DATE_OUT_OF_RANGE');
    await worker.call(`/cohabitations/${old.id}/end`, { date: day(-29), reason: 'family_left' }).expect(200);
    const ahead = await pair();
    await worker.call(`/cohabitations/${ahead.id}/end`, { date: day(20), reason: 'planned_end' }).expect(200);
  });

  it('a check-in with conflict level 3, or anyone’s wellbeing at 1, alerts the worker and every coordinator at once (no note in the mail) and is listed; level 2 and wellbeing 2 do not', async () => {
    const c = await pair();
    const alertsTo = (email: string) => OutboxModel.countDocuments({ kind: 'checkin-alert', to: email });
    const base = { party: 'both', wellbeing: { family: 2, host: 2, children: 2 }, conflictLevel: 2, note: 'SECRET-NOTE' };
    const before = await alertsTo(coordinator.email);
    await worker.call(`/cohabitations/${c.id}/checkins`, { ...base, date: day(-3) }).expect(201);
    expect(await alertsTo(coordinator.email)).to.equal(before);
    await worker.call(`/cohabitations/${c.id}/checkins`, { ...base, date: day(-2), conflictLevel: 3 }).expect(201);
    await worker.call(`/cohabitations/${c.id}/checkins`, { ...base, date: day(-1), wellbeing: { family: 3, host: 1, children: 3 } }).expect(201);
    expect(await alertsTo(coordinator.email)).to.equal(before + 2);
    expect(JSON.stringify(await OutboxModel.find({ kind: 'checkin-alert' }).lean())).to.not.contain('SECRET-NOTE');
    const listed = (await worker.agent.get('/api/v1/alerts').expect(200)).body.items.filter(
      (a: { kind: string; cohabitationId: string }) => a.kind === 'alarming_checkin' && a.cohabitationId === c.id,
    );
    expect(listed.map((a: { date: string }) => a.date).sort()).to.deep.equal([day(-2), day(-1)]);
    const board = await pageWorker('fr');
    expect((await board.agent.get('/work/dashboard').expect(200)).text).to.contain('Visite de suivi : conflit grave');
  });

  it('two workers recording alarming check-ins at the same instant: both stored, each alerts, both listed', async () => {
    const c = await pair();
    const alarming = (date: string) => ({ date, party: 'both', wellbeing: { family: 1, host: 3, children: 3 }, conflictLevel: 3 });
    const before = await OutboxModel.countDocuments({ kind: 'checkin-alert', to: coordinator.email });
    const answers = await Promise.all([
      worker.call(`/cohabitations/${c.id}/checkins`, alarming(day(-2))),
      other.call(`/cohabitations/${c.id}/checkins`, alarming(day(-1))),
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal([201, 201]);
    expect((await CohabitationModel.findById(c.id).lean())!.checkins).to.have.length(2);
    expect(await OutboxModel.countDocuments({ kind: 'checkin-alert', to: coordinator.email })).to.equal(before + 2);
    const alerts = (await worker.agent.get('/api/v1/alerts').expect(200)).body.items;
    expect(alerts.filter((a: { kind: string; cohabitationId: string }) => a.kind === 'alarming_checkin' && a.cohabitationId === c.id)).to.have.length(2);
  });

  it('the agreement form starts from the offer: rent + charges, house rules, the services the host wants that the family offers', async () => {
    const c = await pair(false, { offer: { contribution: { ...OFFER_EXAMPLE.contribution, servicesWanted: ['cooking', 'repairs'] } } });
    const form = (await (await pageWorker('en')).agent.get(`/work/proposals/${c.proposalId}/cohabitation`).expect(200)).text.replace(/&#39;/g, "'");
    expect(form).to.contain('name="agreement[monthlyContribution]" type="text" value="430"').and.to.contain(OFFER_EXAMPLE.houseRules!);
    expect(form).to.contain('name="agreement[services][cooking]" type="text" value="1"');
    expect(form).to.match(/name="agreement\[services\]\[babysitting\]" type="text" value=""/);
    expect(form).to.contain('name="agreement[durationMonths]" type="text" value="12"');
    expect(form).to.contain("The service's rule (not law)");
  });

  for (const lang of ['fr', 'nl', 'en'] as Lang[]) {
    it(`the agreement form shows the refusals in the reader’s language, typed values kept, nothing created (${lang})`, async () => {
      const c = await pair(false, { family: { needs: { ...familyBody().needs, maxMonthlyContribution: 440 } } });
      const w = await pageWorker(lang);
      const form = `/work/proposals/${c.proposalId}/cohabitation`;
      const typed = { startDate: day(1), 'agreement[houseRules]': 'Règles tapées' };
      const cap = await w.post(form, form, { ...typed, 'agreement[monthlyContribution]': '900', 'agreement[services][babysitting]': '12' });
      const words = {
        fr: {
          cap: 'dépasse le plafond du service',
          max: 'ce que la famille a dit pouvoir payer',
          hours: 'au plus 10 heures',
          care: 'Les soins personnels ne peuvent jamais',
        },
        nl: {
          cap: 'is hoger dan het plafond van de dienst',
          max: 'wat het gezin zei te kunnen betalen',
          hours: 'hoogstens 10 uur',
          care: 'Persoonlijke verzorging kan nooit',
        },
        en: { cap: "above the service's cap", max: 'what the family said it can pay', hours: 'at most 10 hours', care: 'Personal care can never be exchanged' },
      }[lang];
      expect(cap).to.contain('class="error-summary"').and.to.contain(words.cap).and.to.contain(words.hours);
      expect(cap).to.contain('href="#agreement-monthlyContribution"').and.to.contain('href="#agreement-services-babysitting"');
      expect(cap).to.contain('Règles tapées').and.to.contain('value="900"').and.to.contain('value="12"');
      expect(await w.post(form, form, { ...typed, 'agreement[monthlyContribution]': '445' })).to.contain(words.max);
      // Hours that are not a number: the schema's error, on that service's field, named in the summary.
      const nan = await w.post(form, form, { ...typed, 'agreement[monthlyContribution]': '300', 'agreement[services][cooking]': 'deux' });
      expect(nan)
        .to.match(/<a href="#agreement-services-cooking">[^<]+ – /)
        .and.to.contain('value="deux"');
      // Personal care has no field: sent by hand, it is refused on the services group.
      const care = await w.post(form, form, { ...typed, 'agreement[monthlyContribution]': '300', 'agreement[services][personal_care]': '1' });
      expect(care).to.contain(words.care).and.to.contain('href="#agreement-servicesExchanged"').and.to.contain('id="agreement-servicesExchanged"');
      expect(await CohabitationModel.countDocuments({ proposalId: c.proposalId })).to.equal(0);
    });
  }

  it('the case page refuses a check-in dated in the future, an incident before the start and an end past the notice, each with an error summary; nothing is written', async () => {
    const c = await pair();
    await CohabitationModel.updateOne({ _id: c.id }, { $set: { startDate: day(-90) } });
    const w = await pageWorker('fr');
    const page = `/work/cohabitations/${c.id}`;
    const checkin = await w.post(page, `${page}/checkins`, {
      'checkin[date]': day(5),
      'checkin[party]': 'both',
      'checkin[wellbeing][family]': '4',
      'checkin[wellbeing][host]': '4',
      'checkin[wellbeing][children]': '4',
      'checkin[conflictLevel]': '0',
      'checkin[note]': 'Note tapée',
    });
    expect(checkin)
      .to.contain('class="error-summary"')
      .and.to.contain('Cette date est dans le futur')
      .and.to.contain('href="#checkin-date"')
      .and.to.contain('Note tapée');
    const incident = await w.post(page, `${page}/incidents`, {
      'incident[date]': day(-95),
      'incident[kind]': 'damage',
      'incident[severity]': 'low',
      'incident[description]': 'Vase',
    });
    expect(incident).to.contain('Cette date est avant le début').and.to.contain('href="#incident-date"');
    const ending = await w.post(page, `${page}/end`, { 'ending[date]': day(-31), 'ending[reason]': 'family_left' });
    expect(ending).to.contain('au plus 30 jours dans le passé').and.to.contain('href="#ending-date"');
    const doc = (await CohabitationModel.findById(c.id).lean())!;
    expect([doc.status, doc.checkins.length, doc.incidents.length]).to.deep.equal(['trial', 0, 0]);
  });

  for (const [lang, name] of [
    ['fr', "Convention d'occupation d'une partie du logement"],
    ['nl', 'Overeenkomst voor het delen van een woning'],
    ['en', 'Home-sharing agreement'],
  ] as const) {
    it(`the printable agreement is a “${name}” with the address, separate households and mediation, never naming the arrangement a cohabitation (${lang})`, async () => {
      const c = await pair();
      const page = (await c.parent.agent.get(`/cohabitations/${c.id}/agreement?lang=${lang}`).expect(200)).text.replace(/&#39;/g, "'");
      const main = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
      expect(main).to.contain(`<h1>${name}</h1>`).and.to.contain(`${OFFER_EXAMPLE.address.street} ${OFFER_EXAMPLE.address.number}`);
      expect(main).to.contain('id="households-title"').and.to.contain('id="mediation-title"');
      // The benefits warning names the feared "cohabitant" rate; the document never names the arrangement so.
      const text = main.replace(/<section class="warning"[\s\S]*?<\/section>/, '').replace(/<[^>]+>/g, ' ');
      expect(text).to.not.match(/cohabitation|samenwon/i);
      expect(main).to.not.contain(FAMILY_EXAMPLE.parent.lastName);
    });
  }
});
