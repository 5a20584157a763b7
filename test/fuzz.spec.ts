// Fuzzing (issue 7): every JSON endpoint of SPEC §9 and the main forms get malformed bodies — wrong
// types, long strings, operator objects, "__proto__"/"constructor" keys, deep nesting, arrays for
// objects, unicode — from the right role with a valid CSRF token. Never a 5xx; a 4xx has the SPEC
// error body; a refused request leaves the collections and the record it aimed at as they were.
import { expect } from 'chai';
import fc from 'fast-check';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { SYSTEM } from '../src/modules/intake/index.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { apiLogin, createUser, useTestApp } from './helpers/test-app.js';
import { screenOffer } from './helpers/screening.js';

type Role = 'parent' | 'host' | 'partner' | 'worker' | 'coordinator';
interface Session {
  agent: supertest.Agent;
  token: string;
  id: string;
}
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Endpoint {
  method: 'post' | 'put' | 'patch';
  path: string;
  who: Session;
  /** A well-formed body the malformed ones are made from. */
  body: Record<string, Json>;
  /** The JSON API path of the record the endpoint changes, read back (as a coordinator) to see it unchanged. */
  record?: string;
}

const COLLECTIONS = ['families', 'offers', 'proposals', 'inspections', 'cohabitations', 'users', 'outbox', 'matching_settings'];
// Modest by default so the file runs in well under a minute; FUZZ_RUNS=200 for a long hunt. A failure
// prints fast-check's seed: FUZZ_SEED=<seed> replays it.
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Values that must never be taken for a field: operators, wrong shapes, and the odd scalar. */
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>({ $gt: '' }, { $ne: null }, { $where: 'sleep(100) || true' }, { $regex: '.*' }, { $exists: true }, { $expr: { $eq: [1, 1] } }),
  fc.constantFrom<Json>([], [{}], [[]], {}, null, -1, 0, 1e308, -1e308, 'x'.repeat(150_000)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', '$set', 'a.b', ''), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>, {
    maxKeys: 2,
  }),
);

function paths(value: Json, prefix: string[] = [], out: string[][] = []): string[][] {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      paths(v, [...prefix, k], out);
    }
  }
  return out;
}

function setAt(body: Json, path: string[], replacement: Json): Json {
  const copy = structuredClone(body) as Record<string, Json>;
  let node = copy as Record<string, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, Json>;
  node[path[path.length - 1]!] = replacement;
  return copy;
}

/** Adds a key to the JSON text itself, so that "__proto__" arrives as an own property, as an attacker would send it. */
function withRawKey(json: string, key: string, raw: string): string {
  return json.startsWith('{') && json !== '{}' ? `{${JSON.stringify(key)}:${raw},${json.slice(1)}` : `{${JSON.stringify(key)}:${raw}}`;
}

/** A malformed JSON body made from a well-formed one, and whether it can possibly be valid. */
function malformedBody(body: Record<string, Json>): fc.Arbitrary<{ text: string; mustRefuse: boolean }> {
  const fieldPaths = paths(body);
  const somePath = fieldPaths.length ? fc.constantFrom(...fieldPaths) : fc.constant<string[]>(['x']);
  const replaced = fc.tuple(somePath, hostileValue).map(([path, value]) => {
    const operator =
      value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$') || k === '__proto__');
    return { text: JSON.stringify(setAt(body, path, value)), mustRefuse: operator };
  });
  const rawKey = fc
    .tuple(fc.constantFrom('__proto__', 'constructor', '$where', '$set'), fc.constantFrom('{"polluted":true}', '{"prototype":{"polluted":true}}', '"x"', '[1]'))
    .map(([key, raw]) => ({
      text: withRawKey(JSON.stringify(body), key, raw),
      mustRefuse: true,
    }));
  const nested = somePath.chain((path) =>
    fc.constantFrom(deepObject(5000), deepArray(5000)).map((deep) => {
      const marker = '"__DEEP__"';
      return { text: JSON.stringify(setAt(body, path, '__DEEP__')).replace(marker, deep), mustRefuse: true };
    }),
  );
  const whole = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v), mustRefuse: false })),
    fc.constantFrom('[]', '"text"', '42', 'null', 'true', '[{}]').map((text) => ({ text, mustRefuse: true })),
  );
  return fieldPaths.length ? fc.oneof(replaced, rawKey, nested, whole) : fc.oneof(rawKey, whole);
}

describe('fuzzing the JSON API and the forms', function () {
  this.timeout(Math.max(120_000, RUNS * 20_000));
  const ctx = useTestApp();
  const s = {} as Record<'parent' | 'draftParent' | 'freshParent' | 'host' | 'worker' | 'coordinator' | 'partner' | 'anonymous', Session>;
  const ids = {} as Record<'family' | 'draft' | 'offer' | 'draftOffer' | 'inspected' | 'inspection' | 'proposal' | 'cohabitation' | 'throwaway', string>;

  const as = async (role: Role): Promise<Session> => {
    const user = await createUser(role);
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id };
  };
  const post = (who: Session, path: string, body: object = {}) =>
    who.agent
      .post(`/api/v1${path}`)
      .set('X-CSRF-Token', who.token)
      .send(body)
      .expect((res) => {
        if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      });

  before(async function () {
    this.timeout(60_000);
    for (const role of ['parent', 'host', 'worker', 'coordinator', 'partner'] as const) s[role] = await as(role);
    s.draftParent = await as('parent');
    s.freshParent = await as('parent');
    const anonymous = ctx.request();
    s.anonymous = { agent: anonymous, token: (await anonymous.get('/api/v1/session')).body.csrfToken, id: '' };
    const intake = ctx.app.named.intake;

    ids.family = (await post(s.parent, '/families', familyBody())).body.id;
    await post(s.parent, `/families/${ids.family}/submit`, { acknowledgeBenefitsWarning: true });
    await post(s.worker, `/families/${ids.family}/review`, { decision: 'activate' });
    ids.draft = (await post(s.draftParent, '/families', familyBody())).body.id;
    ids.offer = (await post(s.host, '/offers', offerBody())).body.id;
    await post(s.host, `/offers/${ids.offer}/submit`, { acknowledgeBenefitsWarning: true });
    await intake.offers.transition(SYSTEM, ids.offer, 'inspection');
    await intake.offers.recordInspection(SYSTEM, ids.offer, {
      inspectionId: 'x',
      outcome: 'conform',
      ruleSet: 'BRU-2026',
      performedAt: new Date(),
      validUntil: new Date(Date.now() + 700 * 86_400_000),
      remarksDeadline: null,
    });
    await screenOffer(intake.offers, ids.offer);
    ids.draftOffer = (await post(s.host, '/offers', offerBody())).body.id;
    ids.inspected = (await post(s.host, '/offers', offerBody())).body.id;
    await post(s.host, `/offers/${ids.inspected}/submit`, { acknowledgeBenefitsWarning: true });
    ids.inspection = (await post(s.worker, `/offers/${ids.inspected}/inspections`, { scheduledAt: `${day(5)}T10:00:00.000Z` })).body.id;
    ids.proposal = (await post(s.worker, '/proposals', { familyId: ids.family, offerId: ids.offer })).body.id;
    await post(s.parent, `/proposals/${ids.proposal}/responses`, { decision: 'accept' });
    await post(s.host, `/proposals/${ids.proposal}/responses`, { decision: 'accept' });
    const agreement = { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 2 }], houseRules: 'Calme' };
    ids.cohabitation = (await post(s.worker, '/cohabitations', { proposalId: ids.proposal, startDate: day(1), agreement })).body.id;
    ids.throwaway = (await createUser('partner')).id;
  });

  async function counts(): Promise<Record<string, number>> {
    const db = mongoose.connection.db!;
    const values = await Promise.all(COLLECTIONS.map((c) => db.collection(c).countDocuments({})));
    return Object.fromEntries(COLLECTIONS.map((c, i) => [c, values[i]!]));
  }
  const read = async (path?: string) => (path ? (await s.coordinator.agent.get(`/api/v1${path}`)).body : null);

  function endpoints(): Endpoint[] {
    const c = `/cohabitations/${ids.cohabitation}`;
    const fam = `/families/${ids.family}`;
    const agreement = { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 2 }], houseRules: 'Quiet' };
    return [
      {
        method: 'post',
        path: '/accounts',
        who: s.anonymous,
        body: { role: 'parent', email: 'new@fuzz.example', password: 'a long enough password', name: 'N', language: 'fr' },
      },
      { method: 'post', path: '/session', who: s.anonymous, body: { email: 'nobody@fuzz.example', password: 'wrong password here' } },
      { method: 'post', path: '/users', who: s.coordinator, body: { role: 'worker', email: 'staff@fuzz.example', name: 'W', language: 'nl' } },
      { method: 'post', path: '/families', who: s.freshParent, body: familyBody() as unknown as Record<string, Json> },
      {
        method: 'patch',
        path: `/families/${ids.draft}`,
        who: s.draftParent,
        body: { parent: { firstName: 'Changed', languages: ['fr'] }, children: [{ birthYear: 2020, sex: 'f', custody: 'full' }] },
        record: `/families/${ids.draft}`,
      },
      {
        method: 'post',
        path: `/families/${ids.draft}/submit`,
        who: s.draftParent,
        body: { acknowledgeBenefitsWarning: true },
        record: `/families/${ids.draft}`,
      },
      { method: 'post', path: `${fam}/review`, who: s.worker, body: { decision: 'hold', reason: 'r' }, record: fam },
      { method: 'post', path: `${fam}/interviews`, who: s.worker, body: { date: day(-1), summary: 'S' }, record: fam },
      { method: 'put', path: `${fam}/network`, who: s.worker, body: { contacts: [{ kind: 'family', name: 'N' }] }, record: fam },
      { method: 'post', path: `${fam}/isolation`, who: s.worker, body: { criteria: ['fewSocialContacts'], note: 'n' }, record: fam },
      { method: 'put', path: `${fam}/bedrooms`, who: s.worker, body: { value: 2, reason: 'r' }, record: fam },
      { method: 'put', path: `${fam}/exclusions`, who: s.worker, body: { communes: ['21001'], offerIds: [], hostIds: [], reason: 'r' }, record: fam },
      { method: 'post', path: `/offers/${ids.inspected}/submit`, who: s.host, body: { acknowledgeBenefitsWarning: true }, record: `/offers/${ids.inspected}` },
      { method: 'post', path: '/offers', who: s.host, body: offerBody() as unknown as Record<string, Json> },
      {
        method: 'patch',
        path: `/offers/${ids.draftOffer}`,
        who: s.host,
        body: { host: { firstName: 'Changed' }, rooms: [{ kind: 'bedroom', surfaceM2: 11, furnished: true }] },
        record: `/offers/${ids.draftOffer}`,
      },
      {
        method: 'post',
        path: `/offers/${ids.draftOffer}/references`,
        who: s.worker,
        body: { name: 'R', relation: 'neighbour', outcome: 'positive' },
        record: `/offers/${ids.draftOffer}`,
      },
      { method: 'post', path: '/matching/plan', who: s.worker, body: { locked: [{ familyId: ids.family, offerId: ids.offer }], forbidden: [] } },
      { method: 'put', path: '/matching/weights', who: s.coordinator, body: {} },
      { method: 'post', path: '/proposals', who: s.worker, body: { familyId: ids.family, offerId: ids.offer, message: 'm' } },
      {
        method: 'post',
        path: `/proposals/${ids.proposal}/responses`,
        who: s.parent,
        body: { decision: 'accept', reason: 'r' },
        record: `/proposals/${ids.proposal}`,
      },
      { method: 'post', path: `/offers/${ids.inspected}/inspections`, who: s.worker, body: { scheduledAt: `${day(6)}T10:00:00.000Z` } },
      {
        method: 'put',
        path: `/inspections/${ids.inspection}/report`,
        who: s.worker,
        body: {
          performedAt: day(0),
          items: [{ code: 'S-ELEC', result: 'pass', note: 'n' }],
          rooms: [{ kind: 'bedroom', surfaceM2: 12, ceilingHeightM: 2.5 }],
          dwellingSurfaceM2: 90,
        },
        record: `/inspections/${ids.inspection}`,
      },
      {
        method: 'post',
        path: '/cohabitations',
        who: s.worker,
        body: { proposalId: ids.proposal, startDate: day(2), agreement: { ...agreement, trialDays: 30, noticeDays: 30 } },
      },
      { method: 'post', path: `${c}/signatures`, who: s.worker, body: { party: 'family' }, record: c },
      {
        method: 'post',
        path: `${c}/checkins`,
        who: s.worker,
        body: { date: day(0), party: 'both', wellbeing: { family: 4, host: 4, children: 5 }, conflictLevel: 0, isolationScore: 2, note: 'n' },
        record: c,
      },
      { method: 'post', path: `${c}/incidents`, who: s.worker, body: { date: day(0), kind: 'other', severity: 'low', description: 'd' }, record: c },
      { method: 'put', path: `${c}/checklist/domiciliation`, who: s.worker, body: { done: true }, record: c },
      { method: 'post', path: `/users/${ids.throwaway}/erase`, who: s.coordinator, body: { reason: 'r' } },
      { method: 'post', path: `${c}/end`, who: s.worker, body: { date: day(3), reason: 'planned_end', exitNote: 'e', referrals: 'r' }, record: c },
    ];
  }

  it('answers every malformed JSON body with a 4xx of the SPEC shape, never a 5xx, and writes nothing when it refuses', async () => {
    const weights = (await s.coordinator.agent.get('/api/v1/matching/weights').expect(200)).body.weights;
    let requests = 0;
    for (const endpoint of endpoints()) {
      const body = endpoint.path === '/matching/weights' ? weights : endpoint.body;
      await fc.assert(
        fc.asyncProperty(malformedBody(body), async ({ text, mustRefuse }) => {
          const beforeCounts = await counts();
          const beforeRecord = await read(endpoint.record);
          const res = await endpoint.who.agent[endpoint.method](`/api/v1${endpoint.path}`)
            .set('X-CSRF-Token', endpoint.who.token)
            .set('Content-Type', 'application/json')
            .send(text);
          requests++;
          const label = `${endpoint.method.toUpperCase()} ${endpoint.path} ${text.slice(0, 200)}`;
          expect(res.status, `${label} → ${res.text?.slice(0, 300)}`).to.be.below(500);
          if (mustRefuse) expect(res.status, label).to.be.within(400, 499);
          if (res.status >= 400) {
            expect(res.body, label).to.have.keys(['error']);
            expect(res.body.error, label).to.have.keys(['code', 'message', 'details']);
            expect(res.body.error.message, label).to.be.a('string').and.not.to.equal('');
            expect(await counts(), `${label}: nothing written`).to.deep.equal(beforeCounts);
            expect(await read(endpoint.record), `${label}: record unchanged`).to.deep.equal(beforeRecord);
          }
        }),
        { numRuns: RUNS, ...SEED, endOnFailure: true },
      );
    }
    expect(requests).to.be.at.least(RUNS * 20);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').to.equal(undefined);
  });

  it('answers a body over the size limit with 413, not 500, on the API and on a form', async () => {
    const huge = JSON.stringify({ ...familyBody(), servicesOffered: ['x'.repeat(1024 * 1024)] });
    const before = await counts();
    const api = await s.freshParent.agent.post('/api/v1/families').set('X-CSRF-Token', s.freshParent.token).set('Content-Type', 'application/json').send(huge);
    expect(api.status).to.equal(413);
    expect(api.body.error).to.include({ code: 'PAYLOAD_TOO_LARGE' });
    const form = await s.worker.agent
      .post(`/work/families/${ids.family}/interviews`)
      .set('X-CSRF-Token', s.worker.token)
      .type('form')
      .send({ date: day(0), summary: 'y'.repeat(1024 * 1024) });
    expect(form.status).to.equal(413);
    const params = Array.from({ length: 600 }, (_, i) => `p${i}=1`).join('&');
    const many = await s.worker.agent.post(`/work/families/${ids.family}/interviews`).set('X-CSRF-Token', s.worker.token).type('form').send(params);
    expect(many.status).to.be.within(400, 499);
    expect(await counts()).to.deep.equal(before);
  });

  it('answers malformed query strings on the lists and matches with a 4xx or the list, never a 5xx', async () => {
    const keys = fc.constantFrom(
      'limit',
      'includeIneligible',
      'status',
      'commune',
      'q',
      'offset',
      'limit[$gt]',
      '__proto__',
      'constructor[prototype][x]',
      'status[]',
    );
    const values = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('-1', '1e9', 'NaN', '', '{"$gt":""}', 'x'.repeat(5000)));
    for (const path of [
      `/api/v1/families/${ids.family}/matches`,
      `/api/v1/offers/${ids.offer}/matches`,
      '/api/v1/families',
      '/api/v1/offers',
      '/api/v1/proposals',
      '/api/v1/alerts',
      '/api/v1/stats',
      '/api/v1/audit',
      '/work',
      '/admin/audit',
    ]) {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(keys, values), { minLength: 1, maxLength: 4 }), async (pairs) => {
          const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
          const res = await s.coordinator.agent.get(`${path}?${qs}`);
          expect(res.status, `${path}?${qs.slice(0, 200)}`).to.be.below(500);
          if (path.startsWith('/api/') && res.status >= 400) expect(res.body.error).to.have.keys(['code', 'message', 'details']);
        }),
        { numRuns: RUNS, ...SEED },
      );
    }
  });

  it('answers malformed forms (nested brackets, __proto__, operators, arrays, unicode) without a 5xx and without polluting objects', async () => {
    const formKey = fc.oneof(
      fc.constantFrom(
        '__proto__[polluted]',
        'constructor[prototype][polluted]',
        'summary[$gt]',
        'date[]',
        'parent[firstName][$ne]',
        'children[0][__proto__][x]',
        'a'.repeat(40) + '[b]'.repeat(40),
      ),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    );
    const formValue = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('', '{"$gt":""}', 'z'.repeat(20_000)));
    const forms: { path: string; who: Session; record?: string }[] = [
      { path: `/work/families/${ids.family}/interviews`, who: s.worker, record: `/families/${ids.family}` },
      { path: `/work/families/${ids.family}/review`, who: s.worker, record: `/families/${ids.family}` },
      { path: `/work/families/${ids.family}/exclusions`, who: s.worker, record: `/families/${ids.family}` },
      { path: `/work/families/${ids.family}/application/children`, who: s.worker },
      { path: `/my/application/${ids.draft}/you`, who: s.draftParent },
      { path: `/my/offer/${ids.draftOffer}/space`, who: s.host },
      { path: `/work/cohabitations/${ids.cohabitation}/checkins`, who: s.worker },
      { path: `/work/cohabitations/${ids.cohabitation}/incidents`, who: s.worker },
      { path: `/proposals/${ids.proposal}/responses`, who: s.parent },
      { path: '/admin/users', who: s.coordinator },
      { path: '/admin/weights', who: s.coordinator },
      { path: '/account', who: s.partner },
      { path: '/register', who: s.anonymous },
    ];
    for (const form of forms) {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(formKey, formValue), { minLength: 1, maxLength: 6 }), async (pairs) => {
          const body = [`_csrf=${encodeURIComponent(form.who.token)}`, ...pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)].join('&');
          const res = await form.who.agent.post(form.path).type('form').send(body).redirects(0);
          expect(res.status, `${form.path} ${body.slice(0, 200)}`).to.be.below(500);
          expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').to.equal(undefined);
        }),
        { numRuns: RUNS, ...SEED },
      );
    }
    // The app still answers normally afterwards.
    await s.worker.agent.get(`/work/families/${ids.family}`).expect(200);
  });
});
