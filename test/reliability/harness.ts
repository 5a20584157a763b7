// Black-box harness for the fault tests: an embedded engine of our own (fixed port, so it can be
// stopped and started again), the app as a child process (`node --import tsx src/server.ts`), and
// an HTTP client with a cookie and the CSRF token, on 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { freePort, startEmbeddedEngine, type EmbeddedEngine } from '../../src/kernel/db/embedded-engine.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ENGINE_JAR = join(ROOT, '.tools/engine/cohabitation-engine.jar');
export const ADMIN = { email: 'reliability-admin@test.example', password: 'reliability-password-2026' };

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function tempDir(name: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `cohabitation-${name}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The embedded engine on a port of its own, restartable on the same port and data. */
export class Engine {
  private engine: EmbeddedEngine | null = null;
  /** The engine's last log lines, for failure messages. */
  log: string[] = [];
  constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}
  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.engine = await startEmbeddedEngine({
      jar: ENGINE_JAR,
      dataDir: this.dataDir,
      port: this.port,
      startTimeoutMs: 30_000,
      quickJit: true, // short-lived (EngineOptions); commits stay one per write: what these specs test
      supervise: false, // the tests stop and start it themselves
      onLog: (line) => (this.log = [...this.log.slice(-50), line]),
    });
  }
  async stop(): Promise<void> {
    await this.engine?.stop();
    this.engine = null;
  }
}

export interface AppOptions {
  /** null: the app starts and supervises its own embedded engine in `dataDir`. */
  mongodbUri: string | null;
  dataDir: string;
  env?: 'test' | 'development';
  smtpUrl?: string;
  /** MAIL_POLL_SECONDS: the outbox poll (development's default is 5 s). */
  mailPollSeconds?: number;
}

/** The app as another process, as it runs in production; output kept for failure messages. */
export class AppProcess {
  private child: ChildProcess | null = null;
  output = '';
  port = 0;
  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Starts the app and returns once it answers /healthz, on the same port as before after a restart.
   * The port is a fixed one from freePort(), outside the ephemeral range: an ephemeral port released
   * by the probe can be handed to another process's listen(0) (supertest, in the other test worker,
   * listens afresh for every request), which would then answer /healthz 200 in the app's place
   * while the app has not listened yet or could not. So the answer counts only once the child
   * itself said it listens on that port.
   */
  async start(options: AppOptions): Promise<void> {
    this.port ||= await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: options.env ?? 'test',
      PORT: String(this.port),
      ...(options.mongodbUri ? { MONGODB_URI: options.mongodbUri } : {}),
      DATA_DIR: options.dataDir,
      DEMO_DATA: 'false',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
    };
    if (options.smtpUrl) env.SMTP_URL = options.smtpUrl;
    if (options.mailPollSeconds !== undefined) env.MAIL_POLL_SECONDS = String(options.mailPollSeconds);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let saidNow = ''; // this start's output only: a restart on the same port must say it again
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
      saidNow = (saidNow + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const listening = `running at http://localhost:${this.port}/`;
    const deadline = Date.now() + 60_000;
    let lastHealth = 'not asked yet';
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the app exited at start (${child.exitCode ?? child.signalCode}) on port ${this.port}:\n${this.output}`);
      if (saidNow.includes(listening)) {
        const health = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(2_000) }).catch((error: Error) => error);
        if (!(health instanceof Error) && health.status === 200) return;
        lastHealth = health instanceof Error ? describeFetchError(health) : `answered ${health.status}`;
      }
      await sleep(200);
    }
    throw new Error(`the app did not answer /healthz on port ${this.port} within 60 s (last: ${lastHealth}):\n${this.output}`);
  }

  /** Whether the process runs, for failure messages. */
  describe(): string {
    const child = this.child;
    if (!child) return `no app process (port ${this.port})`;
    if (child.exitCode !== null || child.signalCode !== null) return `the app process ${child.pid} has exited (${child.exitCode ?? child.signalCode})`;
    return `the app process ${child.pid} runs (port ${this.port})`;
  }

  /** Sends a signal and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await gone;
    this.child = null;
  }

  async health(): Promise<{ http: number; db?: string } | null> {
    try {
      const res = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(5_000) });
      return { ...((await res.json()) as { db?: string }), http: res.status };
    } catch {
      return null;
    }
  }
}

/** A fetch error with its cause: undici's "fetch failed" hides the socket error (code and message) in `cause`. */
export function describeFetchError(error: Error): string {
  const cause = error.cause as (Error & { code?: string }) | undefined;
  return cause ? `${error.message} (${[cause.code, cause.message].filter(Boolean).join(': ')})` : `${error.name}: ${error.message}`;
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON of whichever route a reliability spec calls; each spec reads the fields it asserts.
  body: any;
  headers: Headers;
  ms: number;
}

/** One browser-less API user: keeps the session cookie and the CSRF token. */
export class ApiClient {
  private cookie = '';
  private csrf = '';
  constructor(private readonly app: AppProcess) {}

  /** Any failure to get an answer (refused connection, timeout) is thrown. */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 15_000): Promise<Answer> {
    const started = Date.now();
    const url = `${this.app.base}${path}`;
    const res = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: Error) => {
      // "fetch failed" alone says nothing: the cause (ECONNREFUSED, a reset, a timeout), whether the
      // app still runs and what it last wrote. The name is kept (a spec counts TimeoutErrors as hangs).
      const explained = new Error(
        `${method} ${url}: ${describeFetchError(error)}; ${this.app.describe()}; the app's last output:\n${this.app.output.slice(-2_000)}`,
        { cause: error },
      );
      explained.name = error.name;
      throw explained;
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('cohabitation.sid='));
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    const csrf = (parsed as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof csrf === 'string') this.csrf = csrf;
    return { status: res.status, body: parsed, headers: res.headers, ms: Date.now() - started };
  }

  async start(): Promise<void> {
    const res = await this.request('GET', '/api/v1/session');
    if (res.status !== 200) throw new Error(`GET /api/v1/session: ${res.status}`);
  }

  async login(email: string, password: string): Promise<void> {
    await this.start();
    const res = await this.request('POST', '/api/v1/session', { email, password });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export interface SmtpPeer {
  port: number;
  received: { rcptTo: string[]; messageId: string | undefined; subject: string | undefined }[];
  close(): Promise<void>;
}

function header(raw: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim();
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives (as in test/outbox.spec.ts). */
export async function startSmtpPeer(port: number): Promise<SmtpPeer> {
  const received: SmtpPeer['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), messageId: header(raw, 'Message-ID'), subject: header(raw, 'Subject') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
