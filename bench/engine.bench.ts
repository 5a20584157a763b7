// npx tsx bench/engine.bench.ts [--docs 20000] [--json] [--fsync]
// The embedded database engine (mongo-java-server on H2, src/kernel/db/embedded-engine.ts) on N
// family-shaped documents of ~2 KB from a fixed seed, through the mongodb driver: speed of the app's
// query shapes, single-document atomicity, reply integrity after a w:0 write, durability across
// kill -9, file size and restart time, memory. It starts its own engine in a temporary data dir and
// removes it after. --fsync runs it all a second time with fsync on (a second engine, same documents).
// A readable table, then with --json one JSON line. Figures and their reading: docs/database.md.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BSON, MongoClient, ObjectId, type Collection } from 'mongodb';
import { startEmbeddedEngine, type EmbeddedEngine } from '../src/kernel/db/embedded-engine.js';

const ROOT = resolve(import.meta.dirname, '..');
const JAR = join(ROOT, '.tools/engine/cohabitation-engine.jar');
const { values: args } = parseArgs({
  options: { docs: { type: 'string', default: '20000' }, json: { type: 'boolean', default: false }, fsync: { type: 'boolean', default: false } },
});
const N = Number(args.docs);
if (!Number.isInteger(N) || N < 2000) throw new Error(`--docs must be an integer ≥ 2000, not "${args.docs}"`);
const CACHE_MB = (JSON.parse(readFileSync(join(ROOT, 'config/default.json'), 'utf8')) as { engine: { cacheMb: number } }).engine.cacheMb;
const COMMUNES = (JSON.parse(readFileSync(join(ROOT, 'config/region/brussels-communes.json'), 'utf8')) as { communes: { code: string }[] }).communes.map(
  (c) => c.code,
);
const STATUSES = ['submitted', 'active', 'proposed', 'matched', 'housed', 'closed'] as const;
const WORDS = 'logement enfant école travail horaire quartier transport jardin calme partage cuisine soutien garde soir week-end budget chambre accès'.split(
  ' ',
);

// ---- data --------------------------------------------------------------------------------------
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let r = mulberry32(20261202); // reset at the start of each pass: both passes store the same documents
const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
const text = (chars: number) => {
  let s = '';
  while (s.length < chars) s += `${pick(WORDS)} `;
  return s.trim();
};
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-02T00:00:00Z');

interface FamilyEvent {
  at: Date;
  by: string;
  type: string;
  note: string;
}
interface Family {
  _id: ObjectId;
  status: (typeof STATUSES)[number];
  commune: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  counter: number;
  application: {
    parent: {
      firstName: string;
      lastName: string;
      birthYear: number;
      email: string;
      phone: string;
      languages: string[];
      employment: string;
      monthlyIncome: number;
    };
    children: { firstName: string; birthYear: number; custody: string; school: string }[];
    needs: {
      bedrooms: number;
      maxRent: number;
      communes: string[];
      moveInFrom: Date;
      pets: boolean;
      accessibility: boolean;
      sharedSpaces: string[];
      notes: string;
    };
  };
  events: FamilyEvent[];
}

function family(i: number): Family {
  const createdAt = new Date(NOW - int(1, 365) * DAY);
  const event = (k: number): FamilyEvent => ({
    at: new Date(createdAt.getTime() + k * DAY),
    by: `worker-${int(1, 40)}`,
    type: pick(['created', 'submitted', 'activated', 'note', 'proposal']),
    note: text(int(40, 120)),
  });
  return {
    _id: new ObjectId(((NOW / 1000) | 0).toString(16) + i.toString(16).padStart(16, '0')),
    status: pick(STATUSES),
    commune: pick(COMMUNES),
    createdAt,
    updatedAt: new Date(createdAt.getTime() + int(0, 30) * DAY),
    version: 0,
    counter: 0,
    application: {
      parent: {
        firstName: `Prénom${i}`,
        lastName: `Nom${int(1, 9999)}`,
        birthYear: int(1970, 2004),
        email: `parent${i}@example.invalid`,
        phone: `+32 4${int(10, 99)} ${int(100000, 999999)}`,
        languages: ['fr', pick(['nl', 'en', 'ar', 'tr', 'es'])],
        employment: pick(['employed', 'job_seeker', 'student', 'other']),
        monthlyIncome: int(900, 2600),
      },
      children: Array.from({ length: int(1, 3) }, (_, k) => ({
        firstName: `Enfant${k}`,
        birthYear: int(2010, 2026),
        custody: pick(['full', 'shared']),
        school: text(30),
      })),
      needs: {
        bedrooms: int(1, 3),
        maxRent: int(300, 650),
        communes: [pick(COMMUNES), pick(COMMUNES), pick(COMMUNES)],
        moveInFrom: new Date(NOW + int(0, 90) * DAY),
        pets: r() < 0.2,
        accessibility: r() < 0.1,
        sharedSpaces: ['kitchen', 'living'],
        notes: text(int(700, 1000)),
      },
    },
    events: Array.from({ length: int(2, 5) }, (_, k) => event(k)),
  };
}

// ---- measuring ---------------------------------------------------------------------------------
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => sorted(xs)[Math.ceil(xs.length * 0.95) - 1]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: ms(start) };
}
/** Median of `runs` timings after one warm-up run. */
async function medianOf(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) times.push((await timed(fn)).ms);
  return median(times);
}
const fileMb = (dataDir: string) => statSync(join(dataDir, 'engine', 'cohabitation.mv.db')).size / 2 ** 20;
const rssMb = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
async function gone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((res) => setTimeout(res, 20));
  }
}

type Result = Record<string, number | string>;
const log: string[] = [];
/** Unsupervised: the kill -9 below must not be undone by the supervisor before the restart is timed. */
async function start(dataDir: string, fsync: boolean): Promise<{ engine: EmbeddedEngine; ms: number }> {
  const { value, ms } = await timed(() =>
    startEmbeddedEngine({ jar: JAR, dataDir, cacheMb: CACHE_MB, fsync, supervise: false, onLog: (line) => log.push(line) }),
  );
  return { engine: value, ms };
}
async function connect(uri: string, maxPoolSize = 100): Promise<MongoClient> {
  return new MongoClient(uri, { maxPoolSize, serverSelectionTimeoutMS: 5_000 }).connect();
}

/** One engine, one data dir, every measure. */
async function pass(fsync: boolean): Promise<Result> {
  r = mulberry32(20261202);
  const out: Result = {};
  const dataDir = mkdtempSync(join(tmpdir(), 'engine-bench-'));
  let engine: EmbeddedEngine | null = null;
  let client: MongoClient | null = null;
  try {
    const first = await start(dataDir, fsync);
    engine = first.engine;
    out.startEmptyMs = first.ms;
    out.rssIdleMb = rssMb(engine.pid, 'VmRSS');
    client = await connect(engine.uri);
    const families: Collection<Family> = client.db('bench').collection<Family>('families');
    await families.createIndex({ status: 1, updatedAt: -1 }); // as the app declares it (the engine keeps only unique indexes)

    // Bulk load, 1,000 per insertMany.
    const ids: ObjectId[] = [];
    let bytes = 0;
    const load = process.hrtime.bigint();
    for (let i = 0; i < N; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, N - i) }, (_, k) => family(i + k));
      for (const doc of batch) {
        ids.push(doc._id);
        bytes += BSON.calculateObjectSize(doc);
      }
      await families.insertMany(batch);
    }
    out.loadS = ms(load) / 1000;
    out.avgDocBytes = Math.round(bytes / N);
    const someId = () => ids[Math.floor(r() * ids.length)]!;

    const byId: number[] = [];
    for (let k = 0; k < 210; k++) {
      const t = await timed(() => families.findOne({ _id: someId() }));
      if (k >= 10) byId.push(t.ms); // 10 warm-up reads
    }
    out.findOneMedianMs = median(byId);
    out.findOneP95Ms = p95(byId);
    out.statusDocs = await families.countDocuments({ status: 'active' });
    out.statusMs = await medianOf(5, () => families.find({ status: 'active' }).toArray());
    out.statusCommuneDocs = await families.countDocuments({ status: 'active', commune: COMMUNES[0]! });
    out.statusCommuneMs = await medianOf(5, () => families.find({ status: 'active', commune: COMMUNES[0]! }).toArray());
    out.statusSortedMs = await medianOf(5, () => families.find({ status: 'active' }).sort({ updatedAt: -1 }).limit(50).toArray());

    const updates: number[] = [];
    for (let k = 0; k < 200; k++) {
      const event: FamilyEvent = { at: new Date(), by: 'bench', type: 'note', note: text(80) };
      updates.push(
        (
          await timed(() =>
            families.updateOne({ _id: someId() }, { $set: { 'application.needs.maxRent': int(300, 650), updatedAt: new Date() }, $push: { events: event } }),
          )
        ).ms,
      );
    }
    out.updateMedianMs = median(updates);
    out.updateP95Ms = p95(updates);

    // The app's optimistic concurrency: a conditional update on {_id, version}. As shipped, the engine
    // scanned the collection for it (its field set is not exactly the _id index's); the launcher's
    // SingleKeyLookupIndex looks the _id up and checks the version on that document only.
    const conditional: number[] = [];
    for (let k = 0; k < 50; k++) {
      const _id = someId();
      const { version } = (await families.findOne({ _id }, { projection: { version: 1 } }))!;
      const t = await timed(() => families.updateOne({ _id, version }, { $set: { updatedAt: new Date() }, $inc: { version: 1 } }));
      if (t.value.modifiedCount !== 1) throw new Error('conditional update did not apply');
      conditional.push(t.ms);
    }
    out.conditionalMedianMs = median(conditional);

    const target = ids[0]!;
    const incs: number[] = [];
    const winners: number[] = [];
    const pushes: number[] = [];
    for (let trial = 0; trial < 3; trial++) {
      await families.updateOne({ _id: target }, { $set: { counter: 0, version: 0 } });
      await Promise.all(Array.from({ length: 50 }, () => families.updateOne({ _id: target }, { $inc: { counter: 1 } })));
      incs.push((await families.findOne({ _id: target }))!.counter);
      const cas = await Promise.all(Array.from({ length: 50 }, () => families.updateOne({ _id: target, version: 0 }, { $set: { version: 1 } })));
      winners.push(cas.reduce((sum, res) => sum + res.modifiedCount, 0));
      const tag = new ObjectId().toHexString();
      await Promise.all(
        Array.from({ length: 20 }, (_, k) =>
          families.updateOne({ _id: target }, { $push: { events: { at: new Date(), by: tag, type: 'push', note: String(k) } } }),
        ),
      );
      pushes.push((await families.findOne({ _id: target }))!.events.filter((e) => e.by === tag).length);
    }
    out.inc50 = incs.join(' / ');
    out.cas50Winners = winners.join(' / ');
    out.push20 = pushes.join(' / ');

    // w:0 delete, then reads of other documents on the same (single) connection.
    const single = await connect(engine.uri, 1);
    const col = single.db('bench').collection<Family>('families');
    let asked = 0;
    let matched = 0;
    let readErrors = 0;
    let applied = 0;
    for (let round = 0; round < 10; round++) {
      const victim = ids[100 + round]!;
      await col.deleteOne({ _id: victim }, { writeConcern: { w: 0 } });
      for (let k = 0; k < 5; k++) {
        const id = ids[1000 + round * 5 + k]!;
        asked++;
        try {
          const doc = await col.findOne({ _id: id });
          if (doc?._id.equals(id)) matched++;
        } catch {
          readErrors++;
        }
      }
      if ((await families.findOne({ _id: victim })) === null) applied++;
    }
    await single.close();
    out.w0Reads = `${matched}/${asked} matched${readErrors ? `, ${readErrors} errors` : ''}`;
    out.w0DeletesApplied = `${applied}/10`;
    out.rssLoadedMb = rssMb(engine.pid, 'VmRSS');
    out.rssPeakMb = rssMb(engine.pid, 'VmHWM');

    // Durability: 2,000 acknowledged inserts from 8 writers, kill -9, restart, count the lost ones.
    const durable = client.db('bench').collection<{ _id: ObjectId; writer: number; n: number; at: Date }>('durable');
    const acknowledged: ObjectId[] = [];
    const inserts = await timed(() =>
      Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let n = 0; n < 250; n++) {
            const _id = new ObjectId();
            await durable.insertOne({ _id, writer, n, at: new Date() });
            acknowledged.push(_id);
          }
        }),
      ),
    );
    out.inserts2000S = inserts.ms / 1000;
    out.fileBeforeRestartMb = fileMb(dataDir);
    const pid = engine.pid;
    process.kill(pid, 'SIGKILL');
    await gone(pid);
    await Promise.race([client.close(), new Promise((res) => setTimeout(res, 3_000))]);
    await engine.stop();
    const mark = log.length;
    const again = await start(dataDir, fsync);
    engine = again.engine;
    out.restartS = again.ms / 1000;
    // The launcher logs "[engine] compacted FILE: A → B bytes in N ms" on stderr, maybe after the URI and in pieces.
    const compacted = () => /compacted[\s\S]* in (\d+) ms/.exec(log.slice(mark).join(''))?.[1];
    for (let waited = 0; waited < 2_000 && !compacted(); waited += 50) await new Promise((res) => setTimeout(res, 50));
    out.compactMs = Number(compacted() ?? NaN);
    out.fileAfterRestartMb = fileMb(dataDir);
    client = await connect(engine.uri);
    const stored = new Set(
      (
        await client
          .db('bench')
          .collection('durable')
          .find({}, { projection: { _id: 1 } })
          .toArray()
      ).map((d) => String(d._id)),
    );
    out.lostOf2000 = acknowledged.filter((id) => !stored.has(String(id))).length;
    out.familiesAfterRestart = await client.db('bench').collection('families').countDocuments({});
    return out;
  } finally {
    await client?.close();
    await engine?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- report ------------------------------------------------------------------------------------
const ROWS: [key: string, label: string, expect?: string][] = [
  ['startEmptyMs', 'start on an empty data dir (ms)'],
  ['loadS', `bulk load ${N} docs, insertMany × 1,000 (s)`],
  ['avgDocBytes', 'average document (bytes of BSON)'],
  ['findOneMedianMs', 'findOne by ObjectId _id, median of 200 (ms)'],
  ['findOneP95Ms', 'findOne by ObjectId _id, p95 of 200 (ms)'],
  ['statusDocs', 'query by status: documents returned'],
  ['statusMs', 'query by status, all documents (ms, median of 5)'],
  ['statusCommuneDocs', 'status + commune: documents returned'],
  ['statusCommuneMs', 'status + commune (ms, median of 5)'],
  ['statusSortedMs', 'status, sort updatedAt desc, limit 50 (ms, median of 5)'],
  ['updateMedianMs', 'updateOne by _id, $set + $push, median of 200 (ms)'],
  ['updateP95Ms', 'updateOne by _id, $set + $push, p95 of 200 (ms)'],
  ['conditionalMedianMs', 'updateOne by {_id, version}, median of 50 (ms)'],
  ['inc50', '50 concurrent $inc on one doc, 3 trials', '50'],
  ['cas50Winners', '50 concurrent compare-and-set on version: winners, 3 trials', '1'],
  ['push20', '20 concurrent $push, 3 trials', '20'],
  ['w0Reads', 'w:0 delete, then reads by _id: replies matching', 'all'],
  ['w0DeletesApplied', 'w:0 deletes that took effect'],
  ['inserts2000S', '2,000 acknowledged inserts, 8 writers (s)'],
  ['lostOf2000', 'lost of them after kill -9 and restart', '0'],
  ['familiesAfterRestart', 'families after restart', String(N)],
  ['fileBeforeRestartMb', 'data file before restart (MB)'],
  ['fileAfterRestartMb', 'data file after restart, compacted (MB)'],
  ['restartS', 'restart after kill -9, compaction included (s)'],
  ['compactMs', '  of which compaction (ms)'],
  ['rssIdleMb', 'engine RSS, empty (MB)'],
  ['rssLoadedMb', 'engine RSS after load and queries (MB)'],
  ['rssPeakMb', 'engine RSS peak, VmHWM (MB)'],
];
const cell = (v: number | string | undefined) =>
  v === undefined ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1)) : v;

const runs: { fsync: boolean; result: Result }[] = [{ fsync: false, result: await pass(false) }];
if (args.fsync) runs.push({ fsync: true, result: await pass(true) });
console.log(
  `engine benchmark · ${N} documents · ${availableParallelism()} cores · node ${process.version} · cache ${CACHE_MB} MB · ${new Date().toISOString().slice(0, 10)}`,
);
console.log(['measure'.padEnd(58), ...runs.map((run) => (run.fsync ? 'fsync on' : 'fsync off').padStart(20)), 'expected'.padStart(10)].join(''));
for (const [key, label, expect] of ROWS) {
  if (runs.every((run) => run.result[key] === undefined)) continue;
  console.log([label.padEnd(58), ...runs.map((run) => cell(run.result[key]).padStart(20)), (expect ?? '').padStart(10)].join(''));
}
if (args.json)
  console.log(
    JSON.stringify({ bench: 'engine', date: new Date().toISOString(), docs: N, cores: availableParallelism(), node: process.version, cacheMb: CACHE_MB, runs }),
  );
