// The home-sharing agreement (SPEC §6.3, §7, issue 17): renamed in French, Dutch and English, with
// the declarations of separate households, the mediation clause, "not a lease of the whole home",
// the address only for the two households and the service; and the evidence pack as a checklist
// each party ticks with the day it became true — refused for the other party, a partner, a day in
// the future or before the start; two parties ticking two items at once both kept; one item ticked
// twice keeps one day.
import { expect } from 'chai';
import type { Language } from '../src/kernel/config.js';
import { brusselsDay, formatDate } from '../src/kernel/i18n/format.js';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { CohabitationRepository } from '../src/modules/followup/cohabitation.repository.js';
import { addDays } from '../src/modules/followup/schedule.js';
import { arrangementFindings, pageWithoutBrandChrome } from './helpers/arrangement-words.js';
import { OFFER_EXAMPLE } from './helpers/intake-fixtures.js';
import { livedCase, type LivedCase } from './helpers/lived-case.js';
import { apiSend, formLogin, formToken, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { bothArriveFirst } from './helpers/barrier.js';

const today = () => brusselsDay();
const text = (html: string) =>
  pageWithoutBrandChrome(html)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const mainOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

const WORDS: Record<Language, { title: string; notALease: string; declarations: string[]; mediation: string[]; annex: string; since: string }> = {
  fr: {
    title: "Convention d'occupation d'une partie du logement",
    notALease: "Cette convention n'est pas un bail de tout le logement",
    declarations: [
      'son propre budget',
      'ses propres repas',
      'ses propres factures',
      'ses propres contrats',
      'sa propre sonnette et sa propre boîte aux lettres',
      'comme un ménage séparé',
    ],
    mediation: ['demande au service une médiation', 'avant de mettre fin à la convention', "Si aucun accord n'est trouvé", 'préavis de 30 jours'],
    annex: 'Annexe : les preuves de deux ménages séparés',
    since: 'Depuis le',
  },
  nl: {
    title: 'Overeenkomst voor het delen van een woning',
    notALease: 'Deze overeenkomst is geen huurcontract voor de hele woning',
    declarations: [
      'een eigen budget',
      'eigen maaltijden',
      'de eigen rekeningen',
      'eigen contracten',
      'een eigen deurbel en een eigen brievenbus',
      'als apart huishouden',
    ],
    mediation: [
      'vraagt een van beiden de dienst om een bemiddeling',
      'voordat iemand de overeenkomst beëindigt',
      'Komt er geen akkoord',
      'opzegtermijn van 30 dagen',
    ],
    annex: 'Bijlage: de bewijzen van twee aparte huishoudens',
    since: 'Sinds',
  },
  en: {
    title: 'Home-sharing agreement',
    notALease: 'This agreement is not a lease of the whole home',
    declarations: [
      'its own budget',
      'their own meals',
      'its own bills',
      'its own contracts',
      'its own doorbell and its own letterbox',
      'as a separate household',
    ],
    mediation: ['asks the service for a mediation by the support worker', 'before anyone ends the agreement', 'If no agreement is found', "30 days' notice"],
    annex: 'Annex: the proof of two separate households',
    since: 'Since',
  },
};

describe('the home-sharing agreement and its evidence checklist', () => {
  const ctx = useTestApp();
  let lived: LivedCase;
  let id: string;
  const tick = (s: SignedIn, code: string, body: object) => apiSend(s, 'put', `/cohabitations/${id}/checklist/${code}`, body);
  const stored = async () => (await CohabitationModel.findById(id).lean())!;
  const item = async (code: string) => (await stored()).checklist.find((i) => i.code === code)!;

  before(async () => {
    lived = await livedCase(ctx);
    id = lived.cohabitationId;
  });

  for (const lang of ['fr', 'nl', 'en'] as const) {
    it(`${lang}: the printable agreement is a “${WORDS[lang].title}”, declares two separate households, has the mediation clause and never names the arrangement a cohabitation`, async () => {
      const w = WORDS[lang];
      for (const who of [lived.parent, lived.host, lived.worker]) {
        const html = (await who.agent.get(`/cohabitations/${id}/agreement?lang=${lang}`).expect(200)).text;
        const page = text(mainOf(html));
        expect(html).to.contain(`<title>${w.title.replace(/'/g, '&#39;')} – Cohabitation</title>`);
        expect(page).to.contain(w.title).and.contain(w.notALease).and.contain(w.annex);
        for (const phrase of [...w.declarations, ...w.mediation]) expect(page, phrase).to.contain(phrase);
        // Both households accepted: the address is in their agreement.
        expect(page).to.contain(`${OFFER_EXAMPLE.address.street} ${OFFER_EXAMPLE.address.number}`);
        expect(arrangementFindings(lang, text(html), `${lang} agreement`)).to.deep.equal([]);
      }
    });
  }

  it('the address reaches no one else: a partner is refused the agreement, a stranger gets 404, and no e-mail of the case carries it', async () => {
    const partner = await signedInAs(ctx, 'partner');
    await partner.agent.get(`/cohabitations/${id}/agreement`).expect(403);
    await partner.agent.get(`/api/v1/cohabitations/${id}`).expect((res) => expect(res.status).to.be.oneOf([403, 404]));
    const stranger = await signedInAs(ctx, 'parent');
    const refused = await stranger.agent.get(`/cohabitations/${id}/agreement`).expect(404);
    expect(refused.text).to.not.contain(OFFER_EXAMPLE.address.street);
    const mails = await OutboxModel.find().lean();
    expect(mails.length).to.be.greaterThan(0);
    for (const m of mails) expect(`${m.subject ?? ''} ${m.text ?? ''}`, m.kind ?? '').to.not.contain(OFFER_EXAMPLE.address.street);
  });

  it('each party ticks its own evidence with the day it became true, staff too; {done: true} alone still means today', async () => {
    const start = (await stored()).startDate;
    const parentTick = await tick(lived.parent, 'evidence.separateBills', { done: true, date: addDays(start, 2) }).expect(200);
    expect(parentTick.body.checklist.find((i: { code: string }) => i.code === 'evidence.separateBills')).to.include({ done: true, doneOn: addDays(start, 2) });
    await tick(lived.host, 'evidence.bellAndLetterbox', { done: true, date: start }).expect(200);
    await tick(lived.worker, 'evidence.costSharingLog', { done: true, date: addDays(start, 5) }).expect(200);
    await tick(lived.host, 'insurance', { done: true }).expect(200);
    expect(await item('evidence.separateBills')).to.include({ doneOn: addDays(start, 2), doneBy: lived.parent.id });
    expect(await item('evidence.bellAndLetterbox')).to.include({ doneOn: start, doneBy: lived.host.id });
    expect(await item('evidence.costSharingLog')).to.include({ doneOn: addDays(start, 5), doneBy: lived.worker.id });
    expect(await item('insurance')).to.include({ doneOn: today() });
    // Ticking again without a day keeps the day said; unticking clears it.
    await tick(lived.parent, 'evidence.separateBills', { done: true }).expect(200);
    expect((await item('evidence.separateBills')).doneOn).to.equal(addDays(start, 2));
    await tick(lived.host, 'insurance', { done: false }).expect(200);
    expect(await item('insurance')).to.include({ doneOn: null, doneAt: null });

    // The day is shown on the party's page, the worker's case page and the agreement's annex.
    const since = `Since ${formatDate(addDays(start, 2), 'en')}`;
    const bell = `Since ${formatDate(start, 'en')}`;
    for (const [who, path] of [
      [lived.parent, '/my/cohabitation?lang=en'],
      [lived.worker, `/work/cohabitations/${id}?lang=en`],
      [lived.parent, `/cohabitations/${id}/agreement?lang=en`],
      [lived.host, `/cohabitations/${id}/agreement?lang=en`],
    ] as const) {
      const page = text((await who.agent.get(path).expect(200)).text);
      // The item, who it concerns (staff and the annex say it), then since when.
      expect(page, path).to.match(new RegExp(`Each household has its own bills (?:— Both )?${since}`));
      if (!path.startsWith('/my')) expect(page, path).to.contain(`The family has its own doorbell and letterbox with its name — The host ${bell}`);
    }
    const annex = text((await lived.parent.agent.get(`/cohabitations/${id}/agreement?lang=en`).expect(200)).text);
    expect(annex).to.contain(`The family has its own rooms — Both Not ticked yet`);
  });

  it('refused: the other party’s item (403), a partner (403), a day in the future or before the start (422 on /date), a malformed day, an unknown field, a day without the tick; nothing changes', async () => {
    const start = (await stored()).startDate;
    const before = await item('evidence.privateRooms');
    await tick(lived.parent, 'evidence.bellAndLetterbox', { done: false }).expect(403);
    await tick(lived.parent, 'insurance', { done: true }).expect(403);
    const partner = await signedInAs(ctx, 'partner');
    await tick(partner, 'evidence.privateRooms', { done: true }).expect(403);
    const stranger = await signedInAs(ctx, 'host');
    await tick(stranger, 'evidence.privateRooms', { done: true }).expect(404);
    const future = await tick(lived.parent, 'evidence.privateRooms', { done: true, date: addDays(today(), 1) }).expect(422);
    expect(future.body.error).to.deep.include({ code: 'DATE_OUT_OF_RANGE' });
    expect(future.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['/date']);
    const early = await tick(lived.host, 'evidence.privateRooms', { done: true, date: addDays(start, -1) }).expect(422);
    expect(early.body.error.details[0].path).to.equal('/date');
    await tick(lived.parent, 'evidence.privateRooms', { done: true, date: '2026-02-30' }).expect(422);
    await tick(lived.parent, 'evidence.privateRooms', { done: true, date: addDays(start, 1), by: 'me' }).expect(422);
    const without = await tick(lived.parent, 'evidence.privateRooms', { done: false, date: addDays(start, 1) }).expect(422);
    expect(without.body.error.details[0].path).to.equal('/date');
    expect(await item('evidence.privateRooms')).to.deep.equal(before);
    // The French message names the field's problem in the reader's language.
    const fr = await lived.parent.agent
      .put(`/api/v1/cohabitations/${id}/checklist/evidence.privateRooms?lang=fr`)
      .set('X-CSRF-Token', lived.parent.token)
      .send({ done: true, date: addDays(today(), 3) })
      .expect(422);
    expect(fr.body.error.details[0].message).to.contain('futur');
  });

  it('at the same instant: the two parties tick two items, both kept; one item ticked twice keeps one day (the same day twice: both answered 200; two days: one 409)', async () => {
    const c = await livedCase(ctx);
    id = c.cohabitationId;
    const start = (await stored()).startDate;
    const two = await Promise.all([
      tick(c.parent, 'evidence.separateAgreements', { done: true, date: addDays(start, 1) }),
      tick(c.host, 'evidence.privateRooms', { done: true, date: addDays(start, 3) }),
    ]);
    expect(two.map((r) => r.status)).to.deep.equal([200, 200]);
    expect(await item('evidence.separateAgreements')).to.include({ doneOn: addDays(start, 1), doneBy: c.parent.id });
    expect(await item('evidence.privateRooms')).to.include({ doneOn: addDays(start, 3), doneBy: c.host.id });

    // Both ticks read the cohabitation before either writes (held at the write): one after the other,
    // a tick with another day would be a legitimate correction, not a conflict.
    const same = await bothArriveFirst(CohabitationRepository.prototype, 'setChecklistItem', () =>
      Promise.all([
        tick(c.parent, 'evidence.separateBills', { done: true, date: addDays(start, 4) }),
        tick(c.host, 'evidence.separateBills', { done: true, date: addDays(start, 4) }),
      ]),
    );
    expect(same.map((r) => r.status)).to.deep.equal([200, 200]);
    expect((await item('evidence.separateBills')).doneOn).to.equal(addDays(start, 4));

    const differ = await bothArriveFirst(CohabitationRepository.prototype, 'setChecklistItem', () =>
      Promise.all([
        tick(c.parent, 'evidence.costSharingLog', { done: true, date: addDays(start, 5) }),
        tick(c.worker, 'evidence.costSharingLog', { done: true, date: addDays(start, 6) }),
      ]),
    );
    expect(differ.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    const winner = differ.findIndex((r) => r.status === 200);
    const kept = await item('evidence.costSharingLog');
    // The day and who said it belong together: the winner's.
    expect(kept).to.include(winner === 0 ? { doneOn: addDays(start, 5), doneBy: c.parent.id } : { doneOn: addDays(start, 6), doneBy: c.worker.id });
    expect(differ[1 - winner]!.body.error.code).to.equal('CHECKLIST_CHANGED');
    const doc = await stored();
    expect(doc.checklist.filter((i) => i.code === 'evidence.costSharingLog')).to.have.length(1);
    expect(doc.events.filter((e) => e.type === 'checklist.done' && e.reason === 'evidence.costSharingLog')).to.have.length(1);
  });

  it('without JavaScript: the parent ticks an item on /my/cohabitation with a day; a day in the future comes back beside the item, naming it, with what was typed', async () => {
    const c = await livedCase(ctx);
    id = c.cohabitationId;
    const start = (await stored()).startDate;
    const parent = ctx.request();
    await formLogin(parent, c.parent.email);
    const page = (await parent.get('/my/cohabitation?lang=fr').expect(200)).text;
    const field = `tick[${id}][evidence-separateBills]`;
    expect(page).to.contain(`name="${field}"`).and.contain(`action="/my/cohabitation/${id}/checklist/evidence.separateBills"`);
    // The host's item is shown in the annex, not as a form for the parent.
    expect(page).to.not.contain(`/checklist/evidence.bellAndLetterbox"`);
    const typed = addDays(today(), 2);
    await parent
      .post(`/my/cohabitation/${id}/checklist/evidence.separateBills`)
      .type('form')
      .send({ _csrf: formToken(page), done: 'true', [field]: typed })
      .expect(303);
    const back = (await parent.get('/my/cohabitation').expect(200)).text;
    expect(back).to.contain('class="error-summary"').and.contain(`href="#tick-${id}-evidence-separateBills"`);
    expect(text(back)).to.contain("Chaque ménage a ses propres factures : Ce jour n'est pas encore arrivé");
    expect(back).to.contain(`value="${typed}"`);
    const day = addDays(start, 1);
    const done = await parent
      .post(`/my/cohabitation/${id}/checklist/evidence.separateBills`)
      .type('form')
      .send({ _csrf: formToken(back), done: 'true', [field]: day })
      .expect(303);
    expect(done.headers.location).to.equal(`/my/cohabitation#item-${id}-evidence-separateBills`);
    const shown = text((await parent.get('/my/cohabitation').expect(200)).text);
    expect(shown).to.contain(`Chaque ménage a ses propres factures Depuis le ${formatDate(day, 'fr')}`);
    expect(await item('evidence.separateBills')).to.include({ doneOn: day, doneBy: c.parent.id });
    // The parent never reaches the worker's form.
    await parent
      .post(`/work/cohabitations/${id}/checklist/evidence.separateBills`)
      .type('form')
      .send({ _csrf: formToken(back), done: 'false' })
      .expect(403);
  });
});
