// `npm run load`: the load run of issue 7. Starts an embedded engine of its own, loads 2,000 active
// families and 2,000 available offers through intake's services, starts the app as a separate
// process as in production (NODE_ENV=production: cached templates, secure cookies behind a TLS proxy,
// which the requests stand in for with `X-Forwarded-Proto: https`), then runs autocannon, 50
// connections for 30 s, on:
//   - login: GET /api/v1/session (CSRF token and cookie) then POST /api/v1/session, over a pool of
//     50 worker accounts. The login limits count failed attempts only (per account, per address),
//     so successful logins are never throttled and no setting is changed for this run;
//   - a worker's case list: GET /api/v1/families, and the /work page;
//   - a family's matches: GET /api/v1/families/:id/matches, over 50 active families.
// Prints p50/p97.5/p99 latency, requests per second, errors and non-2xx answers, writes them to
// test-output/load/results.json, and exits 1 on any error or non-2xx answer.
// LOAD_KEEP=<dir> keeps the engine's data in <dir> and reuses it on the next run (loading takes
// long; useful while working on a query). Without it, everything is in a temporary folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/kernel/config.js';
import { connectDatabase, disconnectDatabase } from '../../src/kernel/db/connection.js';
import { freePort, startEmbeddedEngine } from '../../src/kernel/db/embedded-engine.js';
import { withoutUnusualAccessAlerts } from '../../src/kernel/audit/unusual-access.js';
import { createLogger } from '../../src/kernel/logger.js';
import { createWorkers, LOAD_PASSWORD, seedFamilies, seedOffers } from './seed.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FAMILIES = Number(process.env.LOAD_FAMILIES ?? 2000);
const OFFERS = Number(process.env.LOAD_OFFERS ?? 2000);
const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.LOAD_DURATION ?? 30);
const ACCOUNTS = 50;

/** The app runs as in production, behind a TLS proxy: requests say they came through one. */
const PROXIED = { 'x-forwarded-proto': 'https' };

const log = (line: string) => process.stdout.write(`${line}\n`);

interface Scenario {
  name: string;
  requests: autocannon.Request[];
}

interface Figures {
  scenario: string;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  requestsPerSecond: number;
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

function headerValue(headers: Record<string, unknown>, name: string): string[] {
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  if (!entry) return [];
  return (Array.isArray(entry[1]) ? entry[1] : [entry[1]]).map(String);
}

const sessionCookie = (headers: Record<string, unknown>) =>
  headerValue(headers, 'set-cookie')
    .find((c) => c.startsWith('cohabitation.sid='))
    ?.split(';')[0];

interface Loaded {
  familyIds: string[];
  offerIds: string[];
  workerEmails: string[];
  seconds: number;
}

async function load(uri: string, dataDir: string): Promise<Loaded> {
  const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, DEMO_DATA: 'false', MONGODB_URI: uri });
  await connectDatabase(uri);
  const app = createApp({ config, logger: createLogger(config) });
  const workers = await createWorkers(ACCOUNTS);
  const actor = workers[0]!.actor;
  log(`loading ${FAMILIES} families and ${OFFERS} offers…`);
  const seedStart = Date.now();
  // Loading reads every case it creates: not a person browsing cases, so no unusual-access alert
  // (its hourly count of distinct cases read would also make loading quadratic).
  const { familyIds, offerIds } = await withoutUnusualAccessAlerts(async () => {
    const familyIds = await seedFamilies(app, actor, FAMILIES, (n) => log(`  families ${n}`));
    log(`  families loaded in ${((Date.now() - seedStart) / 1000).toFixed(0)} s`);
    const offerIds = await seedOffers(app, actor, OFFERS, (n) => log(`  offers ${n}`));
    return { familyIds, offerIds };
  });
  const seconds = Math.round((Date.now() - seedStart) / 1000);
  log(`loaded in ${seconds} s`);
  await app.close();
  await disconnectDatabase();
  return { familyIds, offerIds, workerEmails: workers.map((w) => w.email), seconds };
}

async function main(): Promise<void> {
  const started = Date.now();
  const keep = process.env.LOAD_KEEP ? resolve(process.env.LOAD_KEEP) : null;
  if (keep) mkdirSync(keep, { recursive: true });
  const work = keep ?? mkdtempSync(join(tmpdir(), 'cohabitation-load-'));
  const loadedFile = join(work, 'loaded.json');
  const dataDir = join(work, 'app');
  process.env.LOG_LEVEL ??= 'warn';
  const engine = await startEmbeddedEngine({ jar: join(ROOT, '.tools/engine/cohabitation-engine.jar'), dataDir: join(work, 'engine') });
  const uri = `${engine.uri}/load`;
  let server: ReturnType<typeof spawn> | null = null;
  try {
    // 1. The data set, through the services (same development secrets as the app below: same DATA_DIR).
    const reused = keep && existsSync(loadedFile) ? (JSON.parse(readFileSync(loadedFile, 'utf8')) as Loaded) : null;
    const loaded = reused ?? (await load(uri, dataDir));
    if (reused) log(`reusing the data set in ${work} (loaded in ${reused.seconds} s)`);
    else if (keep) writeFileSync(loadedFile, JSON.stringify(loaded));
    const { familyIds, offerIds, workerEmails, seconds: seedSeconds } = loaded;

    // 2. The app, as it runs: another process.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // LOAD_NODE_OPTIONS: extra flags for the app process (e.g. --cpu-prof --cpu-prof-dir=DIR to profile it).
    server = spawn(process.execPath, [...(process.env.LOAD_NODE_OPTIONS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        // The requests stand in for the TLS proxy in front of the app (one hop, on this machine).
        TRUST_PROXY: 'loopback',
        PORT: String(port),
        MONGODB_URI: uri,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        // the secrets the data set was sealed with (generated in DATA_DIR when it was loaded)
        SESSION_SECRET: readFileSync(join(dataDir, 'session-secret'), 'utf8').trim(),
        MASTER_KEY: readFileSync(join(dataDir, 'master-key'), 'utf8').trim(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-10_000)));
    server.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-10_000)));
    const deadline = Date.now() + 60_000;
    while (
      !(await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the app did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    // A signed-in worker for the read scenarios.
    const first = await fetch(`${base}/api/v1/session`, { headers: PROXIED });
    const preCookie = sessionCookie(Object.fromEntries(first.headers.entries()))!;
    const { csrfToken } = (await first.json()) as { csrfToken: string };
    const login = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { ...PROXIED, 'content-type': 'application/json', cookie: preCookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ email: workerEmails[0]!, password: LOAD_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`worker login: ${login.status} ${await login.text()}`);
    const workerCookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('cohabitation.sid='))!
      .split(';')[0]!;
    const check = await fetch(`${base}/api/v1/families?limit=1`, { headers: { ...PROXIED, cookie: workerCookie } });
    const listed = (await check.json()) as { total: number };
    if (listed.total !== FAMILIES) throw new Error(`expected ${FAMILIES} families in the worker's list, got ${listed.total}`);

    let account = 0;
    let family = 0;
    const matchIds = familyIds.slice(0, 50);
    const scenarios: Scenario[] = [
      {
        name: 'login (GET /api/v1/session + POST /api/v1/session)',
        requests: [
          {
            method: 'GET',
            path: '/api/v1/session',
            headers: PROXIED,
            onResponse: (_status, body, context, headers) => {
              const c = context as { cookie?: string; csrf?: string };
              c.cookie = sessionCookie(headers as Record<string, unknown>);
              c.csrf = (JSON.parse(body) as { csrfToken?: string }).csrfToken;
            },
          },
          {
            method: 'POST',
            path: '/api/v1/session',
            setupRequest: (request, context) => {
              const c = context as { cookie?: string; csrf?: string };
              const email = workerEmails[account++ % workerEmails.length]!;
              return {
                ...request,
                headers: { ...PROXIED, ...request.headers, 'content-type': 'application/json', cookie: c.cookie ?? '', 'x-csrf-token': c.csrf ?? '' },
                body: JSON.stringify({ email, password: LOAD_PASSWORD }),
              };
            },
          },
        ],
      },
      {
        name: 'worker case list (GET /api/v1/families)',
        requests: [{ method: 'GET', path: '/api/v1/families', headers: { ...PROXIED, cookie: workerCookie, accept: 'application/json' } }],
      },
      { name: 'worker case list page (GET /work)', requests: [{ method: 'GET', path: '/work', headers: { ...PROXIED, cookie: workerCookie } }] },
      {
        name: "a family's matches (GET /api/v1/families/:id/matches)",
        requests: [
          {
            method: 'GET',
            path: '/api/v1/families/x/matches',
            headers: { ...PROXIED, cookie: workerCookie, accept: 'application/json' },
            setupRequest: (request) => ({ ...request, path: `/api/v1/families/${matchIds[family++ % matchIds.length]}/matches` }),
          },
        ],
      },
    ];

    // One request at a time first: the cost of each request without contention.
    for (const path of ['/api/v1/families', '/work', `/api/v1/families/${matchIds[0]}/matches`]) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = Date.now();
        const res = await fetch(`${base}${path}`, {
          headers: { ...PROXIED, cookie: workerCookie, accept: path.startsWith('/api') ? 'application/json' : 'text/html' },
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        times.push(Date.now() - t);
      }
      log(`single requests ${path.replace(matchIds[0]!, ':id')}: ${times.join(', ')} ms`);
    }

    const figures: Figures[] = [];
    for (const scenario of scenarios) {
      // Requests left running by the previous scenario finish first: each scenario starts on an idle app.
      await new Promise((r) => setTimeout(r, 5_000));
      await fetch(`${base}/api/v1/families?limit=1`, { headers: { ...PROXIED, cookie: workerCookie } }).then((r) => r.arrayBuffer());
      log(`\n${scenario.name}: ${CONNECTIONS} connections, ${DURATION_SECONDS} s`);
      const result = await autocannon({
        url: base,
        connections: CONNECTIONS,
        duration: DURATION_SECONDS,
        timeout: 30,
        headers: PROXIED,
        requests: scenario.requests,
      });
      const f: Figures = {
        scenario: scenario.name,
        p50: result.latency.p50,
        p97_5: result.latency.p97_5,
        p99: result.latency.p99,
        max: result.latency.max,
        requestsPerSecond: result.requests.average,
        total: result.requests.total,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
      };
      figures.push(f);
      log(
        `  latency p50 ${f.p50} ms, p97.5 ${f.p97_5} ms, p99 ${f.p99} ms, max ${f.max} ms; ${f.requestsPerSecond.toFixed(1)} req/s (${f.total} requests); errors ${f.errors}, timeouts ${f.timeouts}, non-2xx ${f.non2xx}`,
      );
    }

    const out = join(ROOT, 'test-output', 'load');
    mkdirSync(out, { recursive: true });
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      engine: 'embedded (mongo-java-server 1.47.0, H2 MVStore, commit per write)',
      nodeEnv: 'production',
      dataSet: { families: FAMILIES, offers: OFFERS, workerAccounts: ACCOUNTS, loadedInSeconds: Math.round(seedSeconds), offersLoaded: offerIds.length },
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      latencyUnit: 'ms',
      scenarios: figures,
      totalSeconds: Math.round((Date.now() - started) / 1000),
    };
    writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    log(`\nfigures written to test-output/load/results.json`);
    const failed = figures.filter((f) => f.errors > 0 || f.timeouts > 0 || f.non2xx > 0 || f.total === 0);
    if (failed.length > 0) {
      log(`FAILED: errors or non-2xx answers in: ${failed.map((f) => f.scenario).join('; ')}\n${output.slice(-3000)}`);
      process.exitCode = 1;
    }
  } finally {
    if (server && server.exitCode === null) {
      const gone = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await gone;
    }
    await engine.stop();
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`load run failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
