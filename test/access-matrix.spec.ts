// Access matrix (issue 7): every route × every role, aimed at records that belong to someone else.
// Roles the route's policy leaves out get 401/403 (a sign-in page for a browser's GET); parents,
// hosts and partners the policy lets in get 403/404 on another person's record; nobody gets a 5xx,
// and no answer to them carries the other people's data.
import { expect } from 'chai';
import type supertest from 'supertest';
import { listRoutes, type RouteEntry } from '../src/kernel/auth/policy.js';
import { SYSTEM } from '../src/modules/intake/index.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { apiLogin, createUser, useTestApp } from './helpers/test-app.js';
import { screenOffer } from './helpers/screening.js';

type Role = 'parent' | 'host' | 'partner' | 'worker' | 'coordinator';
const ROLES = ['anonymous', 'parent', 'host', 'partner', 'worker', 'coordinator'] as const;
type Who = (typeof ROLES)[number];
interface Session {
  agent: supertest.Agent;
  token: string;
  id: string;
}

/** Values only the records' owners and staff may ever see. */
const CANARIES = ['CANARYFAM', 'CANARYHOST', 'CANARYSTREET', 'CANARYORG', 'CANARYRULES'];
/** Ending one's own session would sign the test out: not what is being tested here. */
const SKIPPED = new Set(['POST /logout', 'DELETE /api/v1/session']);
/** A well-formed body, so that the refusal comes from ownership and not from validation. */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/v1/proposals/:id/responses': { decision: 'accept' },
  'POST /proposals/:id/responses': { decision: 'accept' },
  'PUT /api/v1/cohabitations/:id/checklist/:code': { done: true },
  'PATCH /api/v1/families/:id': { parent: { firstName: 'Changed' } },
  'PATCH /api/v1/offers/:id': { host: { firstName: 'Changed' } },
  'POST /my/cohabitation/:id/help': { message: 'Help' },
};
const NOWHERE = '0123456789abcdef01234567';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Records that are nobody's own: reference data every signed-in person reads (the local services directory). */
const SHARED_WITH_EVERYONE = ['/api/v1/directory/:id'];

describe("access matrix: every route × every role × someone else's record", function () {
  this.timeout(120_000);
  const ctx = useTestApp();
  const sessions = {} as Record<Exclude<Who, 'anonymous'>, Session> & { anonymous: Session };
  const ids = {} as Record<'family' | 'offer' | 'inspection' | 'proposal' | 'cohabitation' | 'referral' | 'user' | 'directory', string>;
  const owners = {} as Record<'parent' | 'host' | 'partner', Session>;

  const as = async (role: Role): Promise<Session> => {
    const user = await createUser(role);
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id };
  };
  const post = (s: Session, path: string, body: object = {}) =>
    s.agent
      .post(`/api/v1${path}`)
      .set('X-CSRF-Token', s.token)
      .send(body)
      .expect((res) => {
        if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      });

  before(async function () {
    this.timeout(60_000);
    const worker = await as('worker');
    owners.parent = await as('parent');
    owners.host = await as('host');
    owners.partner = await as('partner');
    const intake = ctx.app.named.intake;

    const family = await post(owners.parent, '/families', familyBody({ parent: { ...familyBody().parent, firstName: 'CANARYFAM' } }));
    ids.family = family.body.id;
    await post(owners.parent, `/families/${ids.family}/submit`, { acknowledgeBenefitsWarning: true });
    await post(worker, `/families/${ids.family}/review`, { decision: 'activate' });
    const hostBody = (street: string) => offerBody({ host: { ...offerBody().host, firstName: 'CANARYHOST' }, address: { ...offerBody().address, street } });
    const offer = await post(owners.host, '/offers', hostBody('CANARYSTREET'));
    ids.offer = offer.body.id;
    await post(owners.host, `/offers/${ids.offer}/submit`, { acknowledgeBenefitsWarning: true });
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
    const second = await post(owners.host, '/offers', hostBody('CANARYSTREET 2'));
    await post(owners.host, `/offers/${second.body.id}/submit`, { acknowledgeBenefitsWarning: true });
    ids.inspection = (await post(worker, `/offers/${second.body.id}/inspections`, { scheduledAt: `${day(5)}T10:00:00.000Z` })).body.id;
    ids.proposal = (await post(worker, '/proposals', { familyId: ids.family, offerId: ids.offer })).body.id;
    await post(owners.parent, `/proposals/${ids.proposal}/responses`, { decision: 'accept' });
    await post(owners.host, `/proposals/${ids.proposal}/responses`, { decision: 'accept' });
    const agreement = { monthlyContribution: 380, servicesExchanged: [{ code: 'babysitting', hoursPerWeek: 2 }], houseRules: 'CANARYRULES' };
    ids.cohabitation = (await post(worker, '/cohabitations', { proposalId: ids.proposal, startDate: day(1), agreement })).body.id;
    const referral = { organisation: 'CANARYORG', contactName: 'Julie', contactEmail: 'julie@cpas.example', familyConsent: true };
    ids.referral = (
      await post(owners.partner, '/families', { ...familyBody({ parent: { ...familyBody().parent, firstName: 'CANARYFAM' } }), referral })
    ).body.id;
    ids.user = owners.parent.id;
    const { directory } = ctx.app.named.directory;
    ids.directory = String(
      (
        await directory.create(
          { id: owners.parent.id, role: 'coordinator', name: 'C' },
          { kind: 'cpas', commune: '21007', names: { fr: { name: 'CPAS (démo)' } }, contact: { phone: '02 000 00 15' } },
        )
      )._id,
    );

    // The people who try: other parents, hosts and partners, and the staff.
    for (const role of ['parent', 'host', 'partner', 'worker', 'coordinator'] as const) sessions[role] = await as(role);
    const anonymous = ctx.request();
    sessions.anonymous = { agent: anonymous, token: (await anonymous.get('/api/v1/session')).body.csrfToken, id: '' };
  });

  /** The path with each parameter naming a real record of someone else. */
  function concrete(path: string): string {
    return path
      .replace(/\/referrals\/:id/, `/referrals/${ids.referral}`)
      .replace(/\/(my\/application|families)\/:id/, `/$1/${ids.family}`)
      .replace(/\/(my\/offer|offers)\/:id/, `/$1/${ids.offer}`)
      .replace(/\/proposals\/:id/, `/proposals/${ids.proposal}`)
      .replace(/\/inspections\/:id/, `/inspections/${ids.inspection}`)
      .replace(/\/(my\/cohabitation|cohabitations)\/:id/, `/$1/${ids.cohabitation}`)
      .replace(/\/users\/:id/, `/users/${ids.user}`)
      .replace(/\/directory\/:id/, `/directory/${ids.directory}`)
      .replace(/:step/, 'household')
      .replace(/:code/, 'domiciliation');
  }

  async function call(who: Who, route: RouteEntry, path: string): Promise<supertest.Response> {
    const s = sessions[who];
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const req = s.agent[method](path).redirects(0);
    if (method === 'get') return req;
    req.set('X-CSRF-Token', s.token);
    const body = VALID_BODIES[`${route.method} ${route.fullPath}`] ?? {};
    return path.startsWith('/api/') ? req.send(body) : req.type('form').send({ ...body, _csrf: s.token });
  }

  function checkBody(label: string, res: supertest.Response, isApi: boolean): void {
    expect(res.status, `${label}: no server error`).to.be.below(500);
    for (const canary of CANARIES) expect(res.text ?? '', `${label}: leaks ${canary}`).not.to.contain(canary);
    if (isApi && res.status >= 400) {
      expect(res.body, `${label}: SPEC error body`).to.have.keys(['error']);
      expect(res.body.error).to.have.keys(['code', 'message', 'details']);
    }
  }

  it('the records exist and their owners can open them (so the refusals below mean something)', async () => {
    await owners.parent.agent.get(`/api/v1/families/${ids.family}`).expect(200);
    await owners.parent.agent.get(`/api/v1/proposals/${ids.proposal}`).expect(200);
    await owners.parent.agent.get(`/api/v1/cohabitations/${ids.cohabitation}`).expect(200);
    await owners.host.agent.get(`/api/v1/offers/${ids.offer}`).expect(200);
    await owners.host.agent.get(`/api/v1/inspections/${ids.inspection}`).expect(200);
    await owners.partner.agent.get(`/api/v1/families/${ids.referral}`).expect(200);
    await sessions.worker.agent.get(`/api/v1/cohabitations/${ids.cohabitation}`).expect(200);
  });

  it("refuses every role a route does not allow, and every party someone else's record; never a 5xx, never a leak", async () => {
    const routes = listRoutes(ctx.app.express).filter((r) => r.policy?.roles && !SKIPPED.has(`${r.method} ${r.fullPath}`));
    expect(routes.length).to.be.greaterThan(150);
    const snapshot = async () => {
      const out: unknown[] = [];
      for (const path of [
        `/families/${ids.family}`,
        `/families/${ids.referral}`,
        `/offers/${ids.offer}`,
        `/proposals/${ids.proposal}`,
        `/inspections/${ids.inspection}`,
        `/cohabitations/${ids.cohabitation}`,
        '/users',
      ]) {
        out.push((await sessions.coordinator.agent.get(`/api/v1${path}`).expect(200)).body);
      }
      return out;
    };
    const before = await snapshot();
    const problems: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const path = concrete(route.fullPath);
      const isApi = path.startsWith('/api/');
      const allowed = route.policy!.roles!;
      const hasRecord = route.fullPath.includes('/:');
      for (const who of ROLES) {
        const staff = who === 'worker' || who === 'coordinator';
        const inPolicy = who !== 'anonymous' && (allowed as readonly string[]).includes(who);
        // Staff may change any case: only their reads are tried (no 5xx, no error on a real record).
        if (inPolicy && staff && route.method !== 'GET') continue;
        // Without a record to aim at, a party's own unsafe actions are not the subject here.
        if (inPolicy && !hasRecord && route.method !== 'GET') continue;
        const res = await call(who, route, path);
        const label = `${who} ${route.method} ${path}`;
        checked++;
        try {
          expect(res.status, `${label}: no server error`).to.be.below(500);
          if (!inPolicy) {
            if (who === 'anonymous' && !isApi && route.method === 'GET')
              expect([res.status, res.headers.location?.split('?')[0]], label).to.deep.equal([303, '/login']);
            else expect(res.status, label).to.equal(who === 'anonymous' ? 401 : 403);
          } else if (staff) {
            if (hasRecord) expect(res.status, `${label}: a real record`).to.be.oneOf([200, 303]);
          } else if (hasRecord && !SHARED_WITH_EVERYONE.includes(route.fullPath) && ![403, 404].includes(res.status)) {
            // Refused before the record is even looked at (a malformed body): must not tell that it exists.
            const elsewhere = await call(who, route, concrete(route.fullPath.replace(/:id/, NOWHERE)));
            expect(res.status, `${label}: someone else's record, or answered as for no record (${elsewhere.status})`)
              .to.equal(elsewhere.status)
              .and.not.to.be.oneOf([200, 201, 204]);
          }
          if (!staff) checkBody(label, res, isApi);
          else expect(res.status).to.be.below(500);
        } catch (error) {
          problems.push((error as Error).message.split('\n')[0]!);
        }
      }
    }
    expect(checked).to.be.greaterThan(700);
    expect(problems, problems.join('\n')).to.deep.equal([]);
    // Nothing was changed by the refused requests.
    expect(await snapshot()).to.deep.equal(before);
  });
});
