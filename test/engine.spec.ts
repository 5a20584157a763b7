// The embedded engine and its launcher: start, reuse of a data dir, stop, no orphan after SIGKILL of
// Node, a clear message when the jar is missing, the build script reusing the installed jar; and
// what the data layer relies on (docs/database.md): atomic single-document updates, acknowledged
// writes that survive kill -9, replies that stay in sync after a w:0 write, restart by the supervisor.
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import { unacknowledgedWrites, watchWriteConcern, type UnacknowledgedWrite } from '../src/kernel/db/connection.js';
import { startEmbeddedEngine, type EmbeddedEngine } from '../src/kernel/db/embedded-engine.js';
import { ENGINE_JAR } from './helpers/root-hooks.js';

const ROOT = resolve('.');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

async function waitUntilGone(pid: number, maxMs = 10_000): Promise<boolean> {
  for (let waited = 0; waited <= maxMs; waited += 100) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/** Local addresses (hex "IP:PORT" as in /proc/net/tcp*) of the sockets listening on `port`. */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) out.push(local);
    }
  }
  return out;
}

async function withClient<T>(uri: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.close();
  }
}

describe('embedded engine', function () {
  this.timeout(60_000);
  let dataDir: string;
  const started: EmbeddedEngine[] = [];
  const strayPids: number[] = [];

  async function start(options: { port?: number; supervise?: boolean } = {}): Promise<EmbeddedEngine> {
    const engine = await startEmbeddedEngine({ jar: ENGINE_JAR, dataDir, quickJit: true, ...options });
    started.push(engine);
    return engine;
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'engine-spec-'));
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.stop()));
    // Only if a test failed: never leave an engine behind.
    for (const pid of strayPids.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on 127.0.0.1 only, and stores documents', async () => {
    const engine = await start();
    expect(engine.uri).to.equal(`mongodb://127.0.0.1:${engine.port}`);
    expect(engine.pid).to.be.a('number').and.greaterThan(0);
    expect(isAlive(engine.pid)).to.equal(true);

    const doc = await withClient(engine.uri, async (client) => {
      const things = client.db('enginespec').collection<{ name: string; n: number }>('things');
      await things.insertOne({ name: 'first', n: 1 });
      return things.findOne({ name: 'first' });
    });
    expect(doc).to.include({ name: 'first', n: 1 });

    const args = readFileSync(`/proc/${engine.pid}/cmdline`, 'utf8').split('\0');
    expect(args).to.include(ENGINE_JAR);
    expect(args).to.include('--stop-on-stdin-eof');
    // The only listening socket on that port is on the loopback address 127.0.0.1.
    expect(listeners(engine.port)).to.deep.equal([`0100007F:${engine.port.toString(16).toUpperCase().padStart(4, '0')}`]);
  });

  it('keeps the data when started again on the same data dir', async () => {
    const first = await start();
    await withClient(first.uri, (client) => client.db('enginespec').collection('things').insertOne({ name: 'kept' }));
    await first.stop();

    const second = await start();
    const doc = await withClient(second.uri, (client) => client.db('enginespec').collection('things').findOne({ name: 'kept' }));
    expect(doc).to.not.equal(null);
    expect(doc).to.include({ name: 'kept' });
  });

  it('stop() ends the engine process, and may be called twice', async () => {
    const engine = await start();
    await engine.stop();
    expect(() => process.kill(engine.pid, 0))
      .to.throw()
      .with.property('code', 'ESRCH');
    await engine.stop();
    expect(isAlive(engine.pid)).to.equal(false);
  });

  it('leaves no orphan engine when its Node process is killed with SIGKILL', async () => {
    const moduleUrl = pathToFileURL(join(ROOT, 'src/kernel/db/embedded-engine.ts')).href;
    const script = [
      `const { startEmbeddedEngine } = await import(${JSON.stringify(moduleUrl)});`,
      `const engine = await startEmbeddedEngine({ jar: ${JSON.stringify(ENGINE_JAR)}, dataDir: ${JSON.stringify(dataDir)} });`,
      'process.stdout.write(JSON.stringify({ pid: engine.pid }) + "\\n");',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const node = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    node.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const enginePid = await new Promise<number>((resolvePid, reject) => {
      let stdout = '';
      node.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (line) resolvePid((JSON.parse(line) as { pid: number }).pid);
      });
      node.once('exit', (code) => reject(new Error(`the Node process exited (code ${code}) before starting the engine: ${stderr}`)));
    });
    strayPids.push(enginePid);
    expect(isAlive(enginePid)).to.equal(true);

    const nodeExited = new Promise((r) => node.once('exit', r));
    node.kill('SIGKILL');
    await nodeExited;
    expect(await waitUntilGone(enginePid), `engine ${enginePid} still running after its Node process was killed`).to.equal(true);
  });

  it('rejects with a hint to build the engine when the jar is missing', async () => {
    const missing = join(dataDir, 'no-such-engine.jar');
    let error: Error | null = null;
    try {
      await startEmbeddedEngine({ jar: missing, dataDir });
    } catch (e) {
      error = e as Error;
    }
    expect(error, 'startEmbeddedEngine should reject').to.be.instanceOf(Error);
    expect(error!.message).to.include('npm run engine:build');
    expect(error!.message).to.include(missing);
  });

  it('the build script reuses the installed jar', () => {
    const before = statSync(ENGINE_JAR).mtimeMs;
    const env = { ...process.env };
    delete env.MONGODB_URI;
    const run = spawnSync(process.execPath, ['scripts/ensure-engine.mjs'], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.not.match(/building/i);
    expect(statSync(ENGINE_JAR).mtimeMs).to.equal(before);
  });

  it('single-document updates are atomic: 50 $inc → 50, one compare-and-set winner of 50, 20 $push → 20', async () => {
    const engine = await start();
    await withClient(engine.uri, async (client) => {
      const col = client.db('enginespec').collection<{ _id: number; n: number; version: number; items: number[] }>('atomic');
      await col.insertOne({ _id: 1, n: 0, version: 0, items: [] });
      await Promise.all(Array.from({ length: 50 }, () => col.updateOne({ _id: 1 }, { $inc: { n: 1 } })));
      const cas = await Promise.all(Array.from({ length: 50 }, () => col.updateOne({ _id: 1, version: 0 }, { $set: { version: 1 } })));
      await Promise.all(Array.from({ length: 20 }, (_, i) => col.updateOne({ _id: 1 }, { $push: { items: i } })));
      const doc = await col.findOne({ _id: 1 });
      expect(doc!.n).to.equal(50);
      expect(cas.filter((r) => r.modifiedCount === 1)).to.have.length(1);
      expect(doc!.items).to.have.length(20);
      // _id with other conditions is looked up by _id, then checked whole (the launcher's lookup index)
      expect(await col.findOne({ _id: 1, version: 99 })).to.equal(null);
      expect((await col.updateOne({ _id: 1, version: 99 }, { $set: { n: -1 } })).matchedCount).to.equal(0);
      expect(await col.findOne({ _id: 1, version: 1, n: 50 })).to.include({ _id: 1, n: 50 });
      expect(await col.countDocuments({ _id: { $in: [1, 2] }, n: { $gt: 10 } })).to.equal(1);
    });
  });

  it('every acknowledged write survives kill -9 of the engine', async () => {
    const first = await start({ supervise: false });
    const acknowledged = await withClient(first.uri, async (client) => {
      const col = client.db('enginespec').collection('durable');
      let n = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 100; i++) {
            await col.insertOne({ w, i, pad: 'x'.repeat(1000) });
            n++;
          }
        }),
      );
      await col.updateOne({ w: 0, i: 0 }, { $set: { changed: true } });
      return n;
    });
    process.kill(first.pid, 'SIGKILL');
    expect(await waitUntilGone(first.pid)).to.equal(true);
    const second = await start({ supervise: false });
    await withClient(second.uri, async (client) => {
      const col = client.db('enginespec').collection('durable');
      expect(await col.countDocuments({})).to.equal(acknowledged);
      expect(await col.findOne({ w: 0, i: 0 })).to.have.property('changed', true);
    });
  });

  it('replies stay with their requests after an unacknowledged (w:0) write', async () => {
    const engine = await start();
    await withClient(engine.uri, async (client) => {
      const col = client.db('enginespec').collection<{ _id: string; name: string }>('users');
      await col.insertMany([
        { _id: 'alice', name: 'alice' },
        { _id: 'bob', name: 'bob' },
      ]);
      await col.deleteMany({ _id: 'nobody' }, { writeConcern: { w: 0 } }).catch(() => undefined);
      for (const name of ['bob', 'alice', 'bob']) expect((await col.findOne({ _id: name }))?.name).to.equal(name);
    });
  });

  it('is started again on the same port when it dies, and says when it is down', async () => {
    const engine = await start();
    const firstPid = engine.pid;
    await withClient(engine.uri, (client) => client.db('enginespec').collection('kept').insertOne({ name: 'before' }));
    process.kill(firstPid, 'SIGKILL');
    await waitUntilGone(firstPid);
    for (let waited = 0; engine.up && waited < 2_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    for (let waited = 0; !engine.up && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(engine.up).to.equal(true);
    expect(engine.restarts).to.equal(1);
    expect(engine.pid).to.not.equal(firstPid);
    const doc = await withClient(engine.uri, (client) => client.db('enginespec').collection('kept').findOne({ name: 'before' }));
    expect(doc).to.include({ name: 'before' });
  });
});

describe('no unacknowledged write', () => {
  it('a command sent with w:0 is caught by the watch the app installs on its client', async () => {
    const engine = await startEmbeddedEngine({ jar: ENGINE_JAR, dataDir: mkdtempSync(join(tmpdir(), 'engine-w0-')) });
    const client = new MongoClient(engine.uri, { monitorCommands: true });
    const caught: UnacknowledgedWrite[] = [];
    watchWriteConcern(client, (write) => caught.push(write));
    try {
      await client.connect();
      const col = client.db('w0spec').collection('things');
      await col.insertOne({ n: 1 });
      await col.updateOne({ n: 1 }, { $set: { n: 2 } });
      expect(caught).to.deep.equal([]);
      await col.deleteMany({ n: 3 }, { writeConcern: { w: 0 } }).catch(() => undefined);
      expect(caught.map((w) => [w.command, w.collection])).to.deep.equal([['delete', 'things']]);
    } finally {
      await client.close();
      await engine.stop();
    }
  });

  it('the app itself sent none during this whole run (also checked once more after the last test)', () => {
    expect(unacknowledgedWrites()).to.deep.equal([]);
  });
});
