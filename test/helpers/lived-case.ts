// A parent and a host who went the whole way through the API: application and offer sent, a
// conform visit, a proposal both accepted, a signed cohabitation with a check-in, an incident and a
// mediation written by the worker (confidential, with canary words a page or an e-mail must never show).
import { SYSTEM } from '../../src/modules/intake/index.js';
import { familyBody, offerBody } from './intake-fixtures.js';
import { screenOffer } from './screening.js';
import { apiSend, signedInAs, type SignedIn, type TestContext } from './test-app.js';

export const SECRETS = {
  interview: 'CANARY-interview-1c1c',
  isolation: 'CANARY-isolation-2d2d',
  checkin: 'CANARY-checkin-3e3e',
  incident: 'CANARY-incident-4f4f',
  mediation: 'CANARY-mediation-5a5a',
  reference: 'CANARY-reference-6b6b',
  exit: 'CANARY-exit-7c7c',
};

export const dayFromToday = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export interface LivedCase {
  parent: SignedIn;
  host: SignedIn;
  worker: SignedIn;
  familyId: string;
  offerId: string;
  proposalId: string;
  cohabitationId: string;
}

export async function livedCase(ctx: TestContext, options: { end?: boolean } = {}): Promise<LivedCase> {
  const post = (s: SignedIn, path: string, body?: object) => apiSend(s, 'post', path, body);
  const intake = ctx.app.named.intake;
  const [parent, host, worker] = [await signedInAs(ctx, 'parent'), await signedInAs(ctx, 'host'), await signedInAs(ctx, 'worker')];
  const f = await post(parent, '/families', familyBody()).expect(201);
  const familyId = f.body.id as string;
  await post(parent, `/families/${familyId}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
  await post(worker, `/families/${familyId}/review`, { decision: 'activate' }).expect(200);
  await post(worker, `/families/${familyId}/interviews`, { date: dayFromToday(-1), summary: SECRETS.interview, supportNeeds: 'x' }).expect(201);
  await post(worker, `/families/${familyId}/isolation`, { criteria: ['fewSocialContacts'], note: SECRETS.isolation }).expect(201);

  const o = await post(host, '/offers', offerBody()).expect(201);
  const offerId = o.body.id as string;
  await post(worker, `/offers/${offerId}/references`, { name: 'A neighbour', relation: 'neighbour', outcome: 'positive', note: SECRETS.reference }).expect(201);
  await post(host, `/offers/${offerId}/submit`, { acknowledgeBenefitsWarning: true }).expect(200);
  await intake.offers.transition(SYSTEM, offerId, 'inspection');
  await intake.offers.recordInspection(SYSTEM, offerId, {
    inspectionId: 'x',
    outcome: 'conform',
    ruleSet: 'BRU-2026',
    performedAt: new Date(),
    validUntil: new Date(Date.now() + 700 * 86_400_000),
    remarksDeadline: null,
  });
  await screenOffer(intake.offers, offerId);
  const p = await post(worker, '/proposals', { familyId, offerId }).expect(201);
  const proposalId = p.body.id as string;
  await post(parent, `/proposals/${proposalId}/responses`, { decision: 'accept' }).expect(200);
  await post(host, `/proposals/${proposalId}/responses`, { decision: 'accept' }).expect(200);
  const agreement = { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 2 }], houseRules: 'Calme après 22 h.' };
  const c = await post(worker, '/cohabitations', { proposalId, startDate: dayFromToday(-12), agreement }).expect(201);
  const cohabitationId = c.body.id as string;
  await post(parent, `/cohabitations/${cohabitationId}/signatures`).expect(200);
  await post(host, `/cohabitations/${cohabitationId}/signatures`).expect(200);
  await post(worker, `/cohabitations/${cohabitationId}/checkins`, {
    date: dayFromToday(-4),
    party: 'both',
    wellbeing: { family: 4, host: 4, children: 5 },
    conflictLevel: 0,
    isolationScore: 1,
    note: SECRETS.checkin,
  }).expect(201);
  await post(worker, `/cohabitations/${cohabitationId}/incidents`, {
    date: dayFromToday(-3),
    kind: 'conflict',
    severity: 'low',
    description: SECRETS.incident,
  }).expect(201);
  await post(worker, `/cohabitations/${cohabitationId}/mediations`, {
    date: dayFromToday(-2),
    participants: 'both households',
    summary: SECRETS.mediation,
  }).expect(201);
  if (options.end)
    await post(worker, `/cohabitations/${cohabitationId}/end`, { date: dayFromToday(-1), reason: 'family_found_housing', exitNote: SECRETS.exit }).expect(200);
  return { parent, host, worker, familyId, offerId, proposalId, cohabitationId };
}
