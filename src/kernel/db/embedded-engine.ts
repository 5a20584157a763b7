// Launches the embedded MongoDB-compatible engine (FerretDB, SQLite backend) on a free 127.0.0.1
// port, waits until it answers, and stops it with the app. Telemetry is always off.
//
// No orphan, even if Node is killed with SIGKILL: the engine runs under a tiny /bin/sh guard that
// holds the read end of a pipe from Node. When Node exits for any reason the pipe closes, the guard
// sees end-of-file and terminates the engine.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';

export interface EmbeddedEngine {
  uri: string;
  port: number;
  pid: number;
  /** Stops the engine; resolves when its process has exited. */
  stop(): Promise<void>;
}

export interface EngineOptions {
  binary: string;
  dataDir: string;
  port?: number;
  startTimeoutMs?: number;
  onLog?: (line: string) => void;
}

const GUARD = [
  // Background jobs of a non-interactive shell read /dev/null, so keep our stdin as fd 4.
  'exec 4<&0',
  '"$@" </dev/null 3>&- 4<&- &',
  'engine=$!',
  'echo "$engine" >&3',
  'exec 3>&-',
  // Wait for end-of-file on the pipe (Node gone or asking to stop), then stop the engine.
  '( cat <&4 >/dev/null; kill -TERM "$engine" 2>/dev/null ) &',
  'watcher=$!',
  'trap \'kill -TERM "$engine" 2>/dev/null\' TERM INT',
  'wait "$engine"; status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit $status',
].join('\n');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Waits for the guard to exit; past the timeout, kills the engine and the guard outright. */
function waitForExit(child: ChildProcess, enginePid: number, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      killQuietly(enginePid);
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function startEmbeddedEngine(options: EngineOptions): Promise<EmbeddedEngine> {
  if (!existsSync(options.binary)) {
    throw new Error(`embedded database engine not found at ${options.binary}: run "npm run engine:build" (or set MONGODB_URI)`);
  }
  const sqliteDir = join(options.dataDir, 'db');
  const stateDir = join(options.dataDir, 'engine-state');
  mkdirSync(sqliteDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${sqliteDir}/`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${stateDir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=error',
  ];
  const child = spawn('/bin/sh', ['-c', GUARD, 'ferretdb-guard', options.binary, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DO_NOT_TRACK: '1', FERRETDB_TELEMETRY: 'disable' },
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  // The guard must not keep Node alive, nor die with a broken pipe on our side.
  child.stdin?.on('error', () => {});
  const enginePid = await new Promise<number>((resolve, reject) => {
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`embedded database engine exited at start (code ${code})`)));
  });
  const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((line) => options.onLog?.(line));
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      child.stdin?.end();
      await waitForExit(child, enginePid, 10_000);
    })();
    return stopping;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`embedded database engine exited at start (code ${child.exitCode})`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`embedded database engine did not answer on 127.0.0.1:${port} within ${options.startTimeoutMs ?? 30_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { uri: `mongodb://127.0.0.1:${port}`, port, pid: enginePid, stop };
}
