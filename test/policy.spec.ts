// Deny by default: every route states who may use it; the walk proves none is open by accident.
import { expect } from 'chai';
import express, { Router } from 'express';
import { allow, anyone, assertEveryRouteHasPolicy, listRoutes } from '../src/kernel/auth/policy.js';
import { csrfToken, useTestApp } from './helpers/test-app.js';

// Routes anyone may use without signing in. Adding one is a decision: change this list with it.
const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /',
  'GET /login',
  'POST /login',
  'GET /register',
  'POST /register',
  'GET /verify-email',
  'POST /verify-email',
  'GET /password/forgot',
  'POST /password/forgot',
  'GET /password/reset',
  'GET /privacy',
  'POST /password/reset',
  'POST /accounts',
  'GET /session',
  'POST /session',
];

describe('access policy (deny by default)', () => {
  const ctx = useTestApp();

  it('gives every route of the app an access policy', () => {
    const routes = listRoutes(ctx.app.express);
    expect(routes.length).to.be.greaterThan(20);
    const missing = routes.filter((r) => r.policy === null).map((r) => `${r.method} ${r.path}`);
    expect(missing, 'routes without a policy').to.deep.equal([]);
  });

  it('keeps public only the routes meant to be public', () => {
    const open = listRoutes(ctx.app.express)
      .filter((r) => r.policy?.roles === null)
      .map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).to.deep.equal([...PUBLIC_ROUTES].sort());
  });

  it('restricts staff account management and the scoring weights to coordinators', () => {
    const routes = listRoutes(ctx.app.express).filter(
      (r) => ['/users', '/admin/users', '/admin/weights', '/matching/weights'].includes(r.path) && !(r.path === '/matching/weights' && r.method === 'GET'),
    );
    expect(routes).to.have.length(7);
    for (const route of routes) expect(route.policy?.roles).to.deep.equal(['coordinator']);
  });

  it('turns away an anonymous visitor from every non-public route (401 for the API, login page for HTML)', async () => {
    const agent = ctx.request();
    const token = await csrfToken(agent);
    const guarded = listRoutes(ctx.app.express).filter((r) => r.policy?.roles !== null);
    expect(guarded.length).to.be.greaterThan(5);
    for (const route of guarded) {
      for (const prefix of ['', '/api/v1']) {
        const path = prefix + route.path.replace(/:(\w+)/g, '000000000000000000000000');
        const res = await agent[route.method.toLowerCase() as 'get' | 'post'](path).set('X-CSRF-Token', token).redirects(0);
        if (res.status === 404) continue; // the route lives under the other prefix
        if (prefix) expect(res.status, `${route.method} ${path}`).to.equal(401);
        else if (route.method === 'GET')
          expect([res.status, res.headers.location], `${route.method} ${path}`).to.deep.equal([303, `/login?next=${encodeURIComponent(path)}`]);
        else expect(res.status, `${route.method} ${path}`).to.equal(401);
      }
    }
  });

  it('refuses to build an app with a route that states no policy', () => {
    const app = express();
    const router = Router();
    router.get('/open', anyone, (_req, res) => res.end());
    router.get('/guarded', allow('worker'), (_req, res) => res.end());
    router.get('/forgotten', (_req, res) => res.end());
    app.use('/x', router);
    expect(() => assertEveryRouteHasPolicy(app)).to.throw(/GET \/forgotten/);
  });
});
