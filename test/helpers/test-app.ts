// A fresh app on a fresh database for one test file:  const ctx = useTestApp();  then ctx.app, ctx.request().
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp, type App } from '../../src/app.js';
import { hashPassword } from '../../src/kernel/auth/passwords.js';
import type { Role } from '../../src/kernel/auth/roles.js';
import { UserModel } from '../../src/kernel/auth/user.model.js';
import { loadConfig, type Config } from '../../src/kernel/config.js';
import { connectDatabase, disconnectDatabase } from '../../src/kernel/db/connection.js';
import { createLogger } from '../../src/kernel/logger.js';
import type { Outbox } from '../../src/kernel/mail/outbox.service.js';
import { testDatabaseUri } from './root-hooks.js';

export type Overrides = { [K in keyof Config]?: Config[K] extends object ? Partial<Config[K]> : Config[K] };

export function testConfig(overrides: Overrides = {}): Config {
  const base = loadConfig({ NODE_ENV: 'test' });
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    const current = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && current && typeof current === 'object' ? { ...current, ...v } : v;
  }
  return out as unknown as Config;
}

export interface TestContext {
  app: App;
  config: Config;
  request: () => supertest.Agent;
}

export function useTestApp(overrides: Overrides = {}, makeOutbox?: (config: Config) => Outbox): TestContext {
  const ctx = {} as TestContext;
  let server: Server | null = null;
  before(async function () {
    this.timeout(30_000);
    ctx.config = testConfig(overrides);
    await connectDatabase(testDatabaseUri(), `test_${randomBytes(6).toString('hex')}`);
    ctx.app = createApp({ config: ctx.config, logger: createLogger(ctx.config), outbox: makeOutbox?.(ctx.config) });
    // One listening server for the file: given the bare app, supertest would listen on a fresh
    // ephemeral port for every request (CPU, and ports handed out under other processes' feet).
    const listening = createServer(ctx.app.express);
    await new Promise<void>((resolve, reject) => listening.once('error', reject).listen(0, '127.0.0.1', resolve));
    server = listening;
    ctx.request = () => supertest.agent(listening);
  });
  after(async function () {
    this.timeout(30_000);
    const listening = server;
    server = null;
    if (listening) {
      listening.closeAllConnections();
      await new Promise<void>((resolve) => listening.close(() => resolve()));
    }
    await ctx.app?.close();
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await disconnectDatabase();
  });
  return ctx;
}

export const PASSWORD = 'correct horse battery staple';

let counter = 0;
/** Creates an account directly (a fixture, not the behaviour under test). */
export async function createUser(role: Role, fields: { email?: string; password?: string; name?: string; language?: 'fr' | 'nl' | 'en' } = {}) {
  counter += 1;
  const email = fields.email ?? `${role}${counter}@test.example`;
  const user = await UserModel.create({
    email,
    name: fields.name ?? `${role} ${counter}`,
    role,
    language: fields.language ?? 'fr',
    passwordHash: await hashPassword(fields.password ?? PASSWORD),
    emailVerifiedAt: new Date(),
  });
  return { id: String(user._id), email, password: fields.password ?? PASSWORD };
}

/** GET /api/v1/session for a CSRF token. */
export async function csrfToken(agent: supertest.Agent): Promise<string> {
  const res = await agent.get('/api/v1/session').expect(200);
  return res.body.csrfToken as string;
}

/** Logs in through the JSON API; returns the new CSRF token. */
export async function apiLogin(agent: supertest.Agent, email: string, password = PASSWORD): Promise<string> {
  const token = await csrfToken(agent);
  const res = await agent.post('/api/v1/session').set('X-CSRF-Token', token).send({ email, password }).expect(200);
  return res.body.csrfToken as string;
}

/** The hidden _csrf value of an HTML page. */
export function formToken(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF field on the page');
  return match[1];
}

/** Signs in through the login form, as a browser without JavaScript would. */
export async function formLogin(agent: supertest.Agent, email: string, password = PASSWORD): Promise<void> {
  const login = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ _csrf: formToken(login.text), email, password })
    .expect(303);
}

/** A new account of this role, signed in through the API: its agent, CSRF token, id and e-mail. */
export async function signedInAs(ctx: TestContext, role: Role, fields: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(role, fields);
  const agent = ctx.request();
  return { agent, token: await apiLogin(agent, user.email), id: user.id, email: user.email };
}
export type SignedIn = Awaited<ReturnType<typeof signedInAs>>;

/** A new account of this role, signed in through the login form (a browser without JavaScript). */
export async function signedInOnPages(ctx: TestContext, role: Role, fields: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(role, fields);
  const agent = ctx.request();
  await formLogin(agent, user.email, user.password);
  return { agent, ...user };
}
export type OnPages = Awaited<ReturnType<typeof signedInOnPages>>;

/** An unsafe API call as someone signed in (the CSRF header set). */
export function apiSend(s: SignedIn, method: 'post' | 'put' | 'patch' | 'delete', path: string, body?: object): supertest.Test {
  return s.agent[method](`/api/v1${path}`).set('X-CSRF-Token', s.token).send(body);
}
