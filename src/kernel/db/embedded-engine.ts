// Launches and supervises the embedded MongoDB-wire engine (mongo-java-server on H2, built from
// tools/mongo-java-server/ by scripts/ensure-engine.mjs; why this engine: docs/database.md).
//
// - It listens on 127.0.0.1 only; it has no telemetry. Its first stdout line is its URI.
// - No orphan, even if Node is killed with SIGKILL: the engine holds the read end of a pipe from
//   Node as its stdin and stops when that pipe closes.
// - Supervised: if it dies while the app runs, it is started again on the same port (so the
//   driver's URI stays valid), with a growing pause between attempts; `up` says whether it runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface EmbeddedEngine {
  uri: string;
  port: number;
  /** The engine process now running (changes after a restart). */
  readonly pid: number;
  /** False from the moment the engine dies until it answers again. */
  readonly up: boolean;
  /** Number of unplanned restarts so far. */
  readonly restarts: number;
  /** Stops the engine (no restart); resolves when its process has exited. */
  stop(): Promise<void>;
}

export interface EngineOptions {
  jar: string;
  dataDir: string;
  port?: number;
  /** H2's page cache (MB); the heap is sized from it. */
  cacheMb?: number;
  /** Also fsync at every commit (survives a power cut, not only the engine's death). */
  fsync?: boolean;
  /**
   * Acknowledge writes before they are committed (H2 commits about once a second by itself): for
   * a throwaway store only — the test suite's shared database, deleted after the run, where a
   * commit per write is CPU spent on a durability nobody needs. Never for the app's data.
   */
  lazyCommits?: boolean;
  /**
   * Only the JVM's quick compiler (C1): a fraction of the CPU to start and warm up, a lower top
   * speed. For engines that live seconds or minutes (the tests': measured on three write-heavy spec
   * files, 10 s of engine CPU instead of 25 s); a long-running app is better served by the default.
   */
  quickJit?: boolean;
  startTimeoutMs?: number;
  /** Restart the engine when it dies unexpectedly (default true). */
  supervise?: boolean;
  onLog?: (line: string) => void;
  onRestart?: (event: { code: number | null; signal: string | null; attempt: number }) => void;
}

/** The ports the kernel hands out by itself (outgoing connections, `listen(0)`): Linux's range, else IANA's. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux
  }
  return [49152, 65535];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // No host: the unspecified address (IPv6 and IPv4), as the app listens; free there is free on 127.0.0.1.
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/**
 * A port that is free now and that the kernel will not hand to anyone else by itself: it is taken
 * below the ephemeral range. A port from `listen(0)` is released by the probe and soon handed out
 * again: to an outgoing connection (the port can then not be listened on) or to another process's
 * `listen(0)` — supertest listens on a fresh ephemeral port for every request — which then answers
 * on it in the caller's place. Only another explicit choice of the same number can collide.
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const low = 10_000;
  const high = Math.min(ephemeralLow, 65_536) - 1;
  if (high - low < 1_000) throw new Error(`no room for a fixed port below the ephemeral range (${ephemeralLow})`);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + randomInt(high - low + 1);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}

function javaBinary(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

interface Running {
  child: ChildProcess;
  port: number;
}

/** Starts one engine process; resolves once it printed its URI (it then accepts connections). */
function launch(options: EngineOptions, dataDir: string, port: number): Promise<Running> {
  const cacheMb = options.cacheMb ?? 256;
  const args = [
    `-Xmx${cacheMb * 2 + 256}m`,
    '-XX:+UseSerialGC',
    ...(options.quickJit ? ['-XX:TieredStopAtLevel=1'] : []),
    '-Djava.net.preferIPv4Stack=true',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-Dorg.slf4j.simpleLogger.logFile=System.err',
    // it accepts and ignores non-unique indexes (docs/database.md): not worth a warning per index at each start
    '-Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.backend.AbstractMongoDatabase=error',
    '-jar',
    options.jar,
    '--data',
    dataDir,
    '--port',
    String(port),
    '--cache-mb',
    String(cacheMb),
    '--stop-on-stdin-eof',
    ...(options.fsync ? ['--fsync'] : []),
    ...(options.lazyCommits ? ['--lazy-commits'] : []),
  ];
  const child = spawn(javaBinary(), args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', JAVA_HOME: process.env.JAVA_HOME ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin?.on('error', () => {});
  child.stderr?.on('data', (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => options.onLog?.(line)),
  );
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`embedded database engine did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /^mongodb:\/\/127\.0\.0\.1:(\d+)\s*$/m.exec(buffered);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onEarlyExit);
      child.stdout?.resume();
      resolve({ child, port: Number(match[1]) });
    };
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`embedded database engine exited at start (code ${code})`));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onEarlyExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${javaBinary()} for the embedded database engine: ${error.message}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * A first start on a port of its own from freePort() (not an ephemeral one: a restart must find
 * it again). The only collision left is another explicit choice of the same number between the
 * probe and the engine's bind: the engine then exits at start, and another port is tried.
 */
async function launchOnFreePort(options: EngineOptions, dataDir: string): Promise<Running> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(options, dataDir, await freePort());
    } catch (error) {
      if (attempt >= 3 || !/exited at start/.test((error as Error).message)) throw error;
    }
  }
}

export async function startEmbeddedEngine(options: EngineOptions): Promise<EmbeddedEngine> {
  if (!existsSync(options.jar)) {
    throw new Error(`embedded database engine not found at ${options.jar}: run "npm run engine:build" (or set MONGODB_URI)`);
  }
  const dataDir = join(options.dataDir, 'engine');
  mkdirSync(dataDir, { recursive: true });
  let current = options.port === undefined ? await launchOnFreePort(options, dataDir) : await launch(options, dataDir, options.port);
  const port = current.port;
  let up = true;
  let restarts = 0;
  let stopping: Promise<void> | null = null;

  const supervise = (running: Running) => {
    running.child.once('exit', (code, signal) => {
      if (stopping || options.supervise === false) return;
      up = false;
      void restart(code, signal);
    });
  };
  const restart = async (code: number | null, signal: string | null) => {
    for (let attempt = 1; !stopping; attempt++) {
      options.onRestart?.({ code, signal, attempt });
      try {
        current = await launch(options, dataDir, port);
        if (stopping) {
          current.child.stdin?.end();
          return;
        }
        restarts++;
        up = true;
        supervise(current);
        return;
      } catch (error) {
        options.onLog?.(`restart failed: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5_000)));
      }
    }
  };
  supervise(current);

  const stop = () => {
    stopping ??= (async () => {
      const { child } = current;
      child.stdin?.end(); // the engine stops at the end of its stdin, committing and closing its store
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited(child);
      clearTimeout(timer);
    })();
    return stopping;
  };

  return {
    uri: `mongodb://127.0.0.1:${port}`,
    port,
    get pid() {
      return current.child.pid ?? -1;
    },
    get up() {
      return up;
    },
    get restarts() {
      return restarts;
    },
    stop,
  };
}
