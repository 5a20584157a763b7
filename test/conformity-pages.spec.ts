// The conformity pages (SPEC §6), as people without JavaScript use them: a worker plans a visit with
// date and time fields (Brussels time, winter and summer), moves and cancels it, fills in the report
// on the phone page (a refused report keeps every answer; "save without sending" keeps a draft),
// sends it and sees the outcome, the offer's status following; the host sees the appointment, then
// the outcome and what to fix, and can print the report; others cannot.
import { expect } from 'chai';
import { ruleSetFor } from '../src/kernel/rulesets.js';
import { offerBody } from './helpers/intake-fixtures.js';
import { csrfToken, formToken, useTestApp, signedInOnPages, type OnPages } from './helpers/test-app.js';

const BRU = ruleSetFor(new Date());
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

describe('conformity pages', () => {
  const ctx = useTestApp();

  const signIn = (role: 'worker' | 'host' | 'parent' | 'coordinator', language: 'fr' | 'nl' | 'en' = 'fr') => signedInOnPages(ctx, role, { language });
  type Person = OnPages;

  /** A host's offer, made and submitted through the JSON API (a fixture, not the behaviour under test). */
  async function submittedOffer(host: Person, overrides: Parameters<typeof offerBody>[0] = {}): Promise<string> {
    const token = await csrfToken(host.agent);
    const created = await host.agent.post('/api/v1/offers').set('X-CSRF-Token', token).send(offerBody(overrides)).expect(201);
    await host.agent.post(`/api/v1/offers/${created.body.id}/submit`).set('X-CSRF-Token', token).send({ acknowledgeBenefitsWarning: true }).expect(200);
    return created.body.id as string;
  }

  async function api(person: Person, path: string) {
    return (await person.agent.get(`/api/v1${path}`).expect(200)).body;
  }

  async function page(person: Person, path: string) {
    const res = await person.agent.get(path).expect(200);
    return { html: res.text, token: formToken(res.text) };
  }

  /** Posts a form as a browser encodes it; returns where it was sent (303). */
  async function post(person: Person, path: string, formPage: string, fields: Record<string, string>): Promise<string> {
    const { token } = await page(person, formPage);
    const body = new URLSearchParams({ _csrf: token, ...fields });
    const res = await person.agent.post(path).type('form').send(body.toString()).expect(303);
    return String(res.headers.location);
  }

  async function plan(worker: Person, offerId: string, date: string, time: string): Promise<string> {
    const to = await post(worker, `/work/offers/${offerId}/inspections`, `/work/offers/${offerId}/inspections`, {
      'plan[date]': date,
      'plan[time]': time,
      'plan[note]': 'Sonner deux fois',
    });
    const id = /^\/work\/inspections\/([0-9a-f]{24})$/.exec(to)?.[1];
    expect(id, `planned visit, sent to ${to}`).to.be.a('string');
    return id!;
  }

  /** The hidden code fields of the report page: index → code, as the page numbers them. */
  function codesOn(html: string): Map<string, number> & { performedAt?: string } {
    const out: Map<string, number> & { performedAt?: string } = new Map<string, number>();
    out.performedAt = /name="performedAt" type="date" value="([^"]*)"/.exec(html)?.[1];
    for (const m of html.matchAll(/name="items\[(\d+)\]\[code\]" value="([A-Z]-[A-Z]+)"/g)) out.set(m[2]!, Number(m[1]));
    return out;
  }

  /** A full report form: every item "pass" unless told, notes where given, two rooms, the net surface. */
  function reportFields(codes: Map<string, number>, answers: Record<string, { result?: string; note?: string }> = {}, surface = '140'): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const [code, i] of codes) {
      fields[`items[${i}][code]`] = code;
      const computed = BRU.checklist.find((c) => c.code === code)?.computed;
      const answer = answers[code] ?? {};
      const result = computed ? 'na' : answer.result === undefined ? 'pass' : answer.result;
      if (result) fields[`items[${i}][result]`] = result;
      fields[`items[${i}][note]`] = answer.note ?? '';
    }
    Object.assign(fields, {
      'rooms[0][kind]': 'bedroom',
      'rooms[0][surfaceM2]': '12,5',
      'rooms[0][ceilingHeightM]': '2,5',
      'rooms[1][kind]': 'living',
      'rooms[1][surfaceM2]': '24',
      'rooms[1][ceilingHeightM]': '',
    });
    fields.dwellingSurfaceM2 = surface;
    fields.performedAt = (codes as { performedAt?: string }).performedAt ?? '';
    return fields;
  }

  const checked = (html: string, index: number, result: string) => new RegExp(`id="items-${index}-result-${result}"[^>]*checked`).test(html);

  it('a worker plans a visit with date and time in Brussels time (winter and summer), moves it, and cancels it with a reason', async () => {
    const host = await signIn('host');
    const worker = await signIn('worker');
    const offerId = await submittedOffer(host);

    // A missing time comes back with the error linked to the field, the date kept.
    const offerPage = `/work/offers/${offerId}/inspections`;
    expect(await post(worker, offerPage, offerPage, { 'plan[date]': `${NEXT_YEAR}-01-15`, 'plan[time]': '' })).to.equal(offerPage);
    const refused = await page(worker, offerPage);
    expect(refused.html).to.contain('class="error-summary"').and.contain('<a href="#plan-time">');
    expect(refused.html).to.contain(`value="${NEXT_YEAR}-01-15"`);

    // Winter: 14:30 in Brussels is 13:30 UTC.
    const id = await plan(worker, offerId, `${NEXT_YEAR}-01-15`, '14:30');
    let stored = await api(worker, `/inspections/${id}`);
    expect(stored.scheduledAt).to.equal(`${NEXT_YEAR}-01-15T13:30:00.000Z`);
    expect(stored.note).to.equal('Sonner deux fois');
    expect((await api(host, `/offers/${offerId}`)).status).to.equal('inspection');
    const visit = await page(worker, `/work/inspections/${id}`);
    expect(visit.html).to.contain('janvier').and.contain('14:30').and.contain(`href="/work/inspections/${id}/report"`);
    const listed = await page(worker, '/work/inspections');
    expect(listed.html).to.contain(`href="/work/inspections/${id}"`).and.contain('Marc D.').and.contain('Ixelles');

    // Summer: 09:05 typed by hand as "9h05" in Brussels is 07:05 UTC.
    const seen = /name="reschedule\[seen\]" value="(\d+)"/.exec(visit.html)![1]!;
    await post(worker, `/work/inspections/${id}/reschedule`, `/work/inspections/${id}`, {
      'reschedule[date]': `15/07/${NEXT_YEAR}`,
      'reschedule[time]': '9h05',
      'reschedule[seen]': seen,
    });
    stored = await api(worker, `/inspections/${id}`);
    expect(stored.scheduledAt).to.equal(`${NEXT_YEAR}-07-15T07:05:00.000Z`);
    expect((await page(worker, `/work/inspections/${id}`)).html)
      .to.contain('juillet')
      .and.contain('09:05');

    // A form showing the visit as it was before is refused, not applied over the change.
    await post(worker, `/work/inspections/${id}/reschedule`, `/work/inspections/${id}`, {
      'reschedule[date]': `${NEXT_YEAR}-08-01`,
      'reschedule[time]': '10:00',
      'reschedule[seen]': seen,
    });
    expect((await page(worker, `/work/inspections/${id}`)).html)
      .to.contain('<a href="#reschedule">')
      .and.contain('entre-temps');
    expect((await api(worker, `/inspections/${id}`)).scheduledAt).to.equal(`${NEXT_YEAR}-07-15T07:05:00.000Z`);

    // Cancelling needs a reason.
    const fresh = /name="cancel\[seen\]" value="(\d+)"/.exec((await page(worker, `/work/inspections/${id}`)).html)![1]!;
    await post(worker, `/work/inspections/${id}/cancel`, `/work/inspections/${id}`, { 'cancel[reason]': '   ', 'cancel[seen]': fresh });
    const noReason = await page(worker, `/work/inspections/${id}`);
    expect(noReason.html).to.contain('<a href="#cancel-reason">').and.contain('id="cancel-reason-error"');
    expect((await api(worker, `/inspections/${id}`)).status).to.equal('scheduled');
    await post(worker, `/work/inspections/${id}/cancel`, `/work/inspections/${id}`, { 'cancel[reason]': "L'hôte est malade", 'cancel[seen]': fresh });
    stored = await api(worker, `/inspections/${id}`);
    expect(stored).to.include({ status: 'cancelled', cancelReason: "L'hôte est malade" });
    expect((await api(host, `/offers/${offerId}`)).status).to.equal('submitted');
    expect((await page(worker, '/work/inspections')).html).not.to.contain(`href="/work/inspections/${id}"`);
    // The host sees the cancellation, with the reason.
    expect((await page(host, '/my/visits')).html)
      .to.contain('Visite annulée')
      .and.contain('malade');
  });

  it('the report page: a failure without a note comes back linked to that note with every answer kept; a draft survives reloads; rooms are added and removed', async () => {
    const host = await signIn('host');
    const worker = await signIn('worker');
    const offerId = await submittedOffer(host);
    const id = await plan(worker, offerId, `${NEXT_YEAR}-02-10`, '10:00');
    const reportPath = `/work/inspections/${id}/report`;

    const first = await page(worker, reportPath);
    const codes = codesOn(first.html);
    expect([...codes.keys()]).to.have.members(BRU.checklist.map((c) => c.code));
    for (const heading of ['Sécurité', 'Salubrité', 'Équipement', 'Espace et adaptation', 'Engagement et papiers']) expect(first.html).to.contain(heading);
    expect(first.html).to.contain('Point critique').and.contain('Point important').and.contain('Petit point');
    expect(first.html).to.contain('Calculé par l&#39;application');
    // Computed items have no radios: the page posts them as "not applicable".
    expect(first.html).not.to.contain(`id="items-${codes.get('A-SPACE')}-result-pass"`);
    expect(first.html).to.contain(`id="items-${codes.get('S-SMOKE')}-result-fail"`);

    const smoke = codes.get('S-SMOKE')!;
    const elec = codes.get('S-ELEC')!;
    const fields = reportFields(codes, {
      'S-SMOKE': { result: 'fail', note: '' },
      'S-ELEC': { note: 'Certificat vu, daté de 2024' },
      'E-BELL': { result: 'na' },
    });
    expect(await post(worker, reportPath, reportPath, { ...fields, action: 'submit' })).to.equal(reportPath);
    const back = await page(worker, reportPath);
    expect(back.html).to.contain('class="error-summary"').and.contain(`<a href="#items-${smoke}-note">`);
    expect(back.html).to.match(new RegExp(`id="items-${smoke}-note"[^>]*aria-invalid="true"`));
    expect(back.html).to.contain('Détecteurs de fumée'); // the message names the item by its label
    expect(checked(back.html, smoke, 'fail')).to.equal(true);
    expect(checked(back.html, elec, 'pass')).to.equal(true);
    expect(checked(back.html, codes.get('E-BELL')!, 'na')).to.equal(true);
    expect(back.html).to.contain('Certificat vu, daté de 2024').and.contain('value="12,5"').and.contain('value="140"');
    expect((await api(worker, `/inspections/${id}`)).status).to.equal('scheduled');

    // "Save without sending": the answers stay, reload after reload.
    const partial: Record<string, string> = {
      'items[0][code]': 'S-ELEC',
      'items[0][result]': 'fail',
      'items[0][note]': 'Tableau sans différentiel',
      'rooms[0][kind]': 'kitchen',
      'rooms[0][surfaceM2]': '9',
      dwellingSurfaceM2: '',
      action: 'save',
    };
    expect(await post(worker, reportPath, reportPath, partial)).to.equal(reportPath);
    for (let reload = 0; reload < 2; reload++) {
      const kept = await page(worker, reportPath);
      expect(checked(kept.html, 0, 'fail')).to.equal(true);
      expect(kept.html).to.contain('Tableau sans différentiel').and.contain('value="9"');
      expect(kept.html).to.contain('Brouillon enregistré');
      expect(kept.html).not.to.contain('class="error-summary"');
    }
    // The visit page offers to continue the report.
    expect((await page(worker, `/work/inspections/${id}`)).html).to.contain('Continuer le rapport');

    // Rooms: added and removed without JavaScript, what was typed kept.
    await post(worker, reportPath, reportPath, { ...partial, action: 'add-room' });
    let rooms = await page(worker, reportPath);
    expect(rooms.html).to.contain('id="rooms-1-surfaceM2"').and.contain('value="9"');
    await post(worker, reportPath, reportPath, { ...partial, 'rooms[1][kind]': 'bedroom', 'rooms[1][surfaceM2]': '11', action: 'remove-room-0' });
    rooms = await page(worker, reportPath);
    expect(rooms.html).to.contain('id="rooms-0-surfaceM2"').and.contain('value="11"').and.not.contain('id="rooms-1-surfaceM2"');
    expect(rooms.html).not.to.contain('value="9"');
  });

  it('a complete report gives the outcome page; the offer becomes available (remarks) or non conform', async () => {
    const host = await signIn('host');
    const worker = await signIn('worker');

    const offerId = await submittedOffer(host);
    const id = await plan(worker, offerId, `${NEXT_YEAR}-03-03`, '15:00');
    const reportPath = `/work/inspections/${id}/report`;
    const codes = codesOn((await page(worker, reportPath)).html);
    const to = await post(worker, reportPath, reportPath, {
      ...reportFields(codes, { 'E-BELL': { result: 'fail', note: 'Pas de boîte aux lettres à son nom' } }),
      action: 'submit',
    });
    expect(to).to.equal(`/work/inspections/${id}/result`);
    const result = await page(worker, to);
    expect(result.html).to.contain('Le rapport est envoyé');
    expect(result.html).to.contain('Le logement est conforme, avec des points à corriger');
    expect(result.html).to.contain(BRU.checklist.find((c) => c.code === 'E-BELL')!.fix.fr.replace(/'/g, '&#39;'));
    expect(result.html).to.contain('Pas de boîte aux lettres à son nom');
    expect(result.html).to.contain('disponible pour une famille').and.contain(`href="/inspections/${id}/print"`);
    expect((await api(host, `/offers/${offerId}`)).status).to.equal('available');
    const stored = await api(worker, `/inspections/${id}`);
    expect(stored.outcome).to.equal('conform_with_remarks');
    expect(stored.rooms).to.deep.equal([
      { kind: 'bedroom', surfaceM2: 12.5, ceilingHeightM: 2.5 },
      { kind: 'living', surfaceM2: 24 },
    ]);
    // A reported visit has no report form any more.
    await worker.agent.get(reportPath).expect(303).expect('Location', `/work/inspections/${id}`);
    await worker.agent.get(`/work/inspections/${id}`).expect(303).expect('Location', `/work/inspections/${id}/result`);

    // A critical failure, and a home too small for the family the offer accepts (computed A-SPACE).
    const second = await submittedOffer(host);
    const id2 = await plan(worker, second, `${NEXT_YEAR}-03-04`, '15:00');
    const report2 = `/work/inspections/${id2}/report`;
    const codes2 = codesOn((await page(worker, report2)).html);
    await post(worker, report2, report2, {
      ...reportFields(codes2, { 'H-DAMP': { result: 'fail', note: 'Moisissure au plafond de la chambre' } }, '40'),
      action: 'submit',
    });
    const result2 = await page(worker, `/work/inspections/${id2}/result`);
    expect(result2.html).to.contain('Le logement n&#39;est pas encore conforme').and.contain('pas conforme : des choses à réparer');
    expect((await api(worker, `/inspections/${id2}`)).failures.map((f: { code: string }) => f.code)).to.have.members(['H-DAMP', 'A-SPACE']);
    expect((await api(host, `/offers/${second}`)).status).to.equal('non_conform');
  });

  it('the host sees the appointment, then the outcome with what to fix, and can print the report; others cannot', async () => {
    const host = await signIn('host');
    const worker = await signIn('worker');
    const offerId = await submittedOffer(host);

    const empty = await page(host, '/my/visits');
    expect(empty.html).to.contain('Aucune visite n&#39;est encore prévue');

    const id = await plan(worker, offerId, `${NEXT_YEAR}-07-15`, '09:00');
    const planned = await page(host, '/my/visits');
    expect(planned.html).to.contain('Une visite est prévue').and.contain(`15 juillet ${NEXT_YEAR}`).and.contain('09:00');
    expect(planned.html).not.to.contain(`/inspections/${id}/print`);

    const reportPath = `/work/inspections/${id}/report`;
    const codes = codesOn((await page(worker, reportPath)).html);
    await post(worker, reportPath, reportPath, {
      ...reportFields(codes, {
        'H-DAMP': { result: 'fail', note: 'Moisissure au plafond' },
        'S-HEAT': { result: 'fail', note: 'Chaudière pas entretenue depuis 2021' },
      }),
      action: 'submit',
    });

    const after = await page(host, '/my/visits');
    expect(after.html).to.contain('Le logement n&#39;est pas encore conforme').and.contain('Ce que vous devez réparer');
    const fix = (code: string) => BRU.checklist.find((c) => c.code === code)!.fix.fr.replace(/'/g, '&#39;');
    expect(after.html).to.contain(fix('H-DAMP')).and.contain(fix('S-HEAT')).and.contain('Moisissure au plafond');
    expect(after.html).to.contain(`href="/inspections/${id}/print"`);

    const print = await page(host, `/inspections/${id}/print`);
    expect(print.html).to.contain('Rapport de la visite du logement').and.contain('BRU-2026');
    for (const item of BRU.checklist) expect(print.html).to.contain(item.label.fr.replace(/'/g, '&#39;'));
    expect(print.html).to.contain('calculé par l&#39;application').and.contain('Chambre').and.contain('12,5');
    expect(print.html).to.not.contain('<style').and.not.contain('style=');

    // The same host in Dutch sees the fixes in Dutch.
    await host.agent.get('/my/visits?lang=nl').expect(200);
    const nl = await page(host, '/my/visits');
    expect(nl.html)
      .to.contain('<html lang="nl">')
      .and.contain(BRU.checklist.find((c) => c.code === 'H-DAMP')!.fix.nl.replace(/'/g, '&#39;'));

    // Another host: not found. A parent: forbidden here and on the worker's pages.
    const other = await signIn('host');
    await other.agent.get(`/inspections/${id}/print`).expect(404);
    expect((await page(other, '/my/visits')).html).not.to.contain(id);
    const parent = await signIn('parent');
    await parent.agent.get('/my/visits').expect(403);
    await parent.agent.get('/work/inspections').expect(403);
    await parent.agent.get(`/inspections/${id}/print`).expect(403);
    await host.agent.get('/work/inspections').expect(403);
    await host.agent.get(reportPath).expect(403);
    await ctx.request().get('/my/visits').redirects(0).expect(303).expect('Location', '/login?next=%2Fmy%2Fvisits');
    // The worker can print it too.
    expect((await page(worker, `/inspections/${id}/print`)).html).to.contain('Rapport de la visite du logement');
  });

  it('every text of the pages exists in the three languages', async () => {
    const worker = await signIn('worker', 'nl');
    const host = await signIn('host', 'en');
    const offerId = await submittedOffer(host);
    const id = await plan(worker, offerId, `${NEXT_YEAR}-05-05`, '11:00');
    for (const path of ['/work/inspections', `/work/offers/${offerId}/inspections`, `/work/inspections/${id}`, `/work/inspections/${id}/report`]) {
      const { html } = await page(worker, path);
      expect(html.match(/conformity\.pages\.[\w.]+/g) ?? [], path).to.deep.equal([]);
    }
    const report = await page(worker, `/work/inspections/${id}/report`);
    expect(report.html).to.contain('Veiligheid').and.contain('Niet van toepassing').and.contain('Opslaan zonder te versturen');
    const visits = await page(host, '/my/visits');
    expect(visits.html).to.contain('A visit is planned').and.contain('11:00');
    expect(visits.html.match(/conformity\.pages\.[\w.]+/g) ?? []).to.deep.equal([]);
  });
});
