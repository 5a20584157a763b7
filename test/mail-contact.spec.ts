// Every kind of e-mail the service sends (issue 15): links absolute (PUBLIC_URL) and to the page where
// the person acts, the service's contact details at the foot, no "reply to this message" (the sender
// is a no-reply address), and no raw id standing for a case in a staff e-mail.
import { expect } from 'chai';
import { OutboxModel } from '../src/kernel/mail/outbox.model.js';
import { mailText } from '../src/kernel/mail/outbox.service.js';
import type { ConformityModule } from '../src/modules/conformity/index.js';
import type { FollowupModule } from '../src/modules/followup/index.js';
import type { IntakeModule } from '../src/modules/intake/index.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { checkUnusualAccess } from '../src/kernel/audit/unusual-access.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { screenOffer } from './helpers/screening.js';
import { dayFromToday, livedCase, SECRETS } from './helpers/lived-case.js';
import { apiSend, createUser, formLogin, formToken, signedInAs, useTestApp, type Overrides } from './helpers/test-app.js';

const PUBLIC_URL = 'https://cohabitation.test.example';

/** Every e-mail kind, and the page each one must point to (a pattern on the path), or null when it needs none. */
const KINDS: Record<string, RegExp | null> = {
  'verify-email': /^\/verify-email\?token=/,
  'registration-attempt': /^\/(login|password\/forgot)$/,
  'reset-password': /^\/password\/reset\?token=/,
  invitation: /^\/password\/reset\?token=/,
  'proposal-proposed': /^\/proposals\/[0-9a-f]{24}$/,
  'proposal-accepted': /^\/proposals\/[0-9a-f]{24}$/,
  'proposal-cancelled': /^\/proposals\/[0-9a-f]{24}$/,
  'inspection-scheduled': /^\/my\/visits$/,
  'inspection-rescheduled': /^\/my\/visits$/,
  'inspection-cancelled': /^\/my\/visits$/,
  'inspection-expiry': /^\/(my\/visits|work\/offers\/[0-9a-f]{24}\/inspections)$/,
  'incident-high': /^\/work\/cohabitations\/[0-9a-f]{24}$/,
  'checkin-alert': /^\/work\/cohabitations\/[0-9a-f]{24}$/,
  'checkin-reminder': /^\/work\/cohabitations\/[0-9a-f]{24}$/,
  'cohabitation-help': /^\/work\/cohabitations\/[0-9a-f]{24}$/,
  'cohabitation-ended': /^\/my\/cohabitation$/,
  'erasure-request': /^\/admin\/users\/[0-9a-f]{24}\/erase$/,
  'audit-unusual-access': /^\/admin\/audit\?actor=/,
};

const NO_REPLY = /\breply\b|répondez|répondre à (ce|cet)|antwoord op dit bericht|antwoord op deze/i;

describe('e-mails: links to act on, the service’s contact details, never "reply"', () => {
  const ctx = useTestApp({ publicUrl: PUBLIC_URL, audit: { unusualCasesPerHour: 2 } } as Overrides);
  const post = (s: Awaited<ReturnType<typeof signedInAs>>, path: string, body?: object) => apiSend(s, 'post', path, body);
  const module = <T>(name: string) => ctx.app.modules.find((m) => m.name === name) as T;

  before(async function () {
    this.timeout(120_000);
    const coordinator = await signedInAs(ctx, 'coordinator');
    // Accounts: a new one (verify), a taken address (attempt), a reset, an invitation.
    const register = ctx.request();
    const page = await register.get('/register').expect(200);
    await register
      .post('/register')
      .type('form')
      .send({
        _csrf: formToken(page.text),
        role: 'parent',
        name: 'Nouvelle Personne',
        email: 'new.person@test.example',
        password: 'a long enough password',
        confirm: 'a long enough password',
        language: 'fr',
      })
      .expect(303);
    const taken = await createUser('parent', { email: 'taken@test.example' });
    const again = ctx.request();
    const page2 = await again.get('/register').expect(200);
    await again
      .post('/register')
      .type('form')
      .send({
        _csrf: formToken(page2.text),
        role: 'host',
        name: 'Someone',
        email: taken.email,
        password: 'a long enough password',
        confirm: 'a long enough password',
        language: 'en',
      })
      .expect(303);
    const forgot = ctx.request();
    const page3 = await forgot.get('/password/forgot').expect(200);
    await forgot
      .post('/password/forgot')
      .type('form')
      .send({ _csrf: formToken(page3.text), email: taken.email })
      .expect(200);
    await post(coordinator, '/users', { email: 'invited@test.example', name: 'Invited Worker', role: 'worker', language: 'nl' }).expect(201);

    // Proposals, a whole cohabitation with a high incident and an alarming check-in, help asked, then its end.
    const lived = await livedCase(ctx);
    await post(lived.worker, `/cohabitations/${lived.cohabitationId}/incidents`, {
      date: dayFromToday(-1),
      kind: 'violence',
      severity: 'high',
      description: SECRETS.incident,
    }).expect(201);
    await post(lived.worker, `/cohabitations/${lived.cohabitationId}/checkins`, {
      date: dayFromToday(-1),
      party: 'both',
      wellbeing: { family: 1, host: 2, children: 2 },
      conflictLevel: 3,
      isolationScore: 2,
      note: SECRETS.checkin,
    }).expect(201);
    const mine = await lived.parent.agent.get('/my/cohabitation').expect(200);
    await lived.parent.agent
      .post(`/my/cohabitation/${lived.cohabitationId}/help`)
      .type('form')
      .send({ _csrf: formToken(mine.text), [`help[${lived.cohabitationId}]`]: 'Pouvez-vous passer ?' })
      .expect(303);
    const followup = module<FollowupModule>('followup');
    const schedule = (await lived.worker.agent.get(`/api/v1/cohabitations/${lived.cohabitationId}`).expect(200)).body.schedule as { dueOn: string }[];
    const next = schedule.map((s) => s.dueOn).find((d) => d >= dayFromToday(0))!;
    await followup.cohabitations.sendCheckinReminders(new Date(Date.parse(next) - 86_400_000).toISOString().slice(0, 10));
    await post(lived.worker, `/cohabitations/${lived.cohabitationId}/end`, {
      date: dayFromToday(0),
      reason: 'family_found_housing',
      exitNote: SECRETS.exit,
    }).expect(200);

    // A proposal cancelled (the family is free again after the end).
    const host2 = await signedInAs(ctx, 'host');
    const intake = module<IntakeModule>('intake');
    const offer2 = (await post(host2, '/offers', offerBody()).expect(201)).body.id as string;
    await post(host2, `/offers/${offer2}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    // Visits: planned, moved, cancelled; then an inspection that ends soon.
    const planned = await post(lived.worker, `/offers/${offer2}/inspections`, { scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }).expect(201);
    await post(lived.worker, `/inspections/${planned.body.id}/reschedule`, { scheduledAt: new Date(Date.now() + 5 * 86_400_000).toISOString() }).expect(200);
    await post(lived.worker, `/inspections/${planned.body.id}/cancel`, { reason: 'Empêchement' }).expect(200);
    // An offer whose conform visit ends in 10 days (host and worker told), proposed to a new family, then cancelled.
    const offer3 = (await post(host2, '/offers', offerBody()).expect(201)).body.id as string;
    await post(host2, `/offers/${offer3}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await intake.offers.transition(SYSTEM, offer3, 'inspection');
    await intake.offers.recordInspection(SYSTEM, offer3, {
      inspectionId: 'y',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 10 * 86_400_000),
      remarksDeadline: null,
    });
    await apiSend(lived.worker, 'put', `/offers/${offer3}/assignment`, { workerId: lived.worker.id }).expect(200);
    await module<ConformityModule>('conformity').inspections.checkExpiries();
    await screenOffer(intake.offers, offer3);
    const parent2 = await signedInAs(ctx, 'parent');
    const family2 = (await post(parent2, '/families', familyBody()).expect(201)).body.id as string;
    await post(parent2, `/families/${family2}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
    await post(lived.worker, `/families/${family2}/review`, { decision: 'activate' }).expect(200);
    const p = await post(lived.worker, '/proposals', { familyId: family2, offerId: offer3 }).expect(201);
    await post(lived.worker, `/proposals/${p.body.id}/cancel`, { reason: 'Plus nécessaire' }).expect(200);

    // The parent asks for erasure; a worker opens many cases in an hour.
    const data = await lived.parent.agent.get('/my/data').expect(200);
    await lived.parent.agent
      .post('/my/data/erasure-request')
      .type('form')
      .send({ _csrf: formToken(data.text) })
      .expect(303);
    await checkUnusualAccess(
      lived.worker.id,
      [1, 2, 3].map((i) => ({ type: 'family', id: `00000000000000000000000${i}` })),
    );
    await formLogin(ctx.request(), 'taken@test.example').catch(() => undefined);
  });

  async function messages() {
    const docs = await OutboxModel.find({}).lean();
    return docs.map((d) => ({ kind: d.kind, to: d.to, text: mailText(d) ?? '' }));
  }

  it('sends every kind of e-mail in this scenario', async () => {
    const kinds = new Set((await messages()).map((m) => m.kind));
    const missing = Object.keys(KINDS).filter((k) => !kinds.has(k));
    expect(missing, `not sent: ${missing.join(', ')}`).to.deep.equal([]);
    const unknown = [...kinds].filter((k) => !(k in KINDS));
    expect(unknown, `a new kind of e-mail: add it to KINDS`).to.deep.equal([]);
  });

  it('links only absolutely from PUBLIC_URL, to the page where the person acts', async () => {
    for (const m of await messages()) {
      const links = m.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
      const expected = KINDS[m.kind];
      if (expected) expect(links.length, `${m.kind} has a link`).to.be.greaterThan(0);
      for (const link of links) {
        expect(link.startsWith(`${PUBLIC_URL}/`), `${m.kind}: ${link}`).to.equal(true);
        if (expected) expect(link.slice(PUBLIC_URL.length), `${m.kind}: ${link}`).to.match(expected);
      }
      // A path on its own cannot be clicked in an e-mail.
      expect(m.text.replace(/https?:\/\/[^\s]+/g, ''), `${m.kind}: a relative link`).not.to.match(/(^|\s)\/[a-z]/m);
    }
  });

  it('ends with the service’s phone, e-mail, address and opening hours, in the reader’s language', async () => {
    const contact = ctx.config.contact;
    for (const m of await messages()) {
      expect(m.text, m.kind).to.contain(contact.phone).and.contain(contact.email);
      const lang = (['fr', 'nl', 'en'] as const).find((l) => m.text.includes(contact.hours[l]));
      expect(lang, `${m.kind}: opening hours in a language`).to.not.equal(undefined);
      expect(m.text, m.kind).to.contain(contact.address[lang!]);
    }
  });

  it('never asks to reply to a no-reply sender', async () => {
    for (const m of await messages()) expect(m.text, m.kind).not.to.match(NO_REPLY);
  });

  it('gives the host, for a visit, the service’s phone and e-mail in the text', async () => {
    const visit = (await messages()).find((m) => m.kind === 'inspection-scheduled')!;
    const body = visit.text.slice(0, visit.text.indexOf('\n-- \n'));
    expect(body).to.contain(ctx.config.contact.phone).and.contain(ctx.config.contact.email);
  });

  it('names a case in words for staff, never by a raw id', async () => {
    for (const m of await messages()) {
      if (!['incident-high', 'checkin-alert', 'checkin-reminder', 'cohabitation-help', 'erasure-request'].includes(m.kind)) continue;
      expect(m.text.replace(/https?:\/\/[^\s]+/g, ''), m.kind).not.to.match(/\b[0-9a-f]{24}\b/);
      expect(m.text, m.kind).to.match(m.kind === 'erasure-request' ? /parent \d+/ : /Amina B\./);
      for (const secret of Object.values(SECRETS)) expect(m.text, m.kind).not.to.contain(secret);
    }
  });
});
