// The database stops in the middle of a stream of writes and comes back. Black box: our own engine
// and the app as a child process. While the database is away every request gets an answer (503,
// no hang); the app recovers by itself; the client retries what was not acknowledged with the same
// Idempotency-Key; in the end every acknowledged write is there exactly once.
import { expect } from 'chai';
import { freePort } from '../../src/kernel/db/embedded-engine.js';
import { familyBody } from '../helpers/intake-fixtures.js';
import { ADMIN, ApiClient, AppProcess, Engine, sleep, tempDir, type Answer } from './harness.js';

/** A request with no answer within this time counts as a hang. */
const HANG_MS = 10_000;
const RECOVERY_LIMIT_MS = 30_000;

describe('reliability: the database restarts in the middle of a stream of writes', function () {
  this.timeout(150_000);
  const engineDir = tempDir('db-restart-engine');
  const appDir = tempDir('db-restart-app');
  let engine: Engine;
  const app = new AppProcess();

  before(async () => {
    engine = new Engine(engineDir.path, await freePort());
    await engine.start();
    await app.start({ mongodbUri: `${engine.uri}/reliability`, dataDir: appDir.path });
  });
  after(async () => {
    await app.kill('SIGTERM');
    await engine?.stop();
    engineDir.remove();
    appDir.remove();
  });

  it('answers 503 while the database is away, recovers by itself, and keeps every acknowledged write exactly once', async () => {
    const client = new ApiClient(app);
    await client.login(ADMIN.email, ADMIN.password);

    const acknowledged = new Map<string, string>(); // lastName → id
    const unknown = new Set<string>(); // failed after writing: must be there at most once
    const answers: { status: number; code?: string; ms: number; phase: string }[] = [];
    const hangs: string[] = [];
    const refused: string[] = [];
    let phase: 'before' | 'down' | 'recovering' | 'after' = 'before';

    const send = async (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer | null> => {
      try {
        const answer = await client.request(method, path, body, headers, HANG_MS);
        answers.push({ status: answer.status, code: answer.body?.error?.code, ms: answer.ms, phase });
        return answer;
      } catch (error) {
        ((error as Error).name === 'TimeoutError' ? hangs : refused).push(`${phase} ${method} ${path}: ${(error as Error).message}`);
        return null;
      }
    };

    // The writer: one family after the other, each retried with its key until acknowledged.
    let stopWriting = false;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; !stopWriting; i++) {
        const lastName = `Streamfamily${String(i).padStart(4, '0')}x`;
        const body = familyBody({ parent: { ...familyBody().parent, lastName, email: null, phone: null } });
        for (;;) {
          const answer = await send('POST', '/api/v1/families', body, { 'Idempotency-Key': `family-${i}` });
          if (answer?.status === 201) {
            acknowledged.set(lastName, answer.body.id);
            written++;
            break;
          }
          if (answer?.status === 409 && answer.body?.error?.code === 'IDEMPOTENCY_OUTCOME_UNKNOWN') {
            unknown.add(lastName);
            break;
          }
          if (answer && answer.status !== 503 && answer.status !== 409) throw new Error(`unexpected answer ${answer.status}: ${JSON.stringify(answer.body)}`);
          await sleep(250);
        }
      }
    })();

    const until = async (condition: () => boolean | Promise<boolean>, limitMs: number, what: string) => {
      const deadline = Date.now() + limitMs;
      while (!(await condition())) {
        if (Date.now() > deadline)
          throw new Error(
            `${what}: not within ${limitMs} ms; last answers ${JSON.stringify(answers.slice(-8))}\napp: ${app.output.slice(-3000)}\nengine: ${engine.log.join('\n')}`,
          );
        await sleep(100);
      }
    };

    await until(() => written >= 10, 60_000, 'ten writes before the stop');
    phase = 'down';
    await engine.stop();
    // While it is away: writes, reads and the health check all answer, with 503.
    const downSince = Date.now();
    while (Date.now() - downSince < 6_000) {
      const [read, health] = await Promise.all([send('GET', '/api/v1/families?limit=1'), app.health()]);
      if (read) expect(read.status, 'a read while the database is away').to.equal(503);
      expect(health, 'health while the database is away').to.deep.include({ http: 503, db: 'down' });
    }

    phase = 'recovering';
    await engine.start();
    const restartedAt = Date.now();
    await until(async () => (await app.health())?.db === 'up', RECOVERY_LIMIT_MS, 'health db up after the restart');
    const recoveredInMs = Date.now() - restartedAt;
    await until(() => answers.some((a) => a.phase === 'recovering' && a.status === 201), RECOVERY_LIMIT_MS, 'a write acknowledged after the restart');
    phase = 'after';
    const target = written + 10;
    await until(() => written >= target, 60_000, 'ten more writes after the restart');
    stopWriting = true;
    await writer;

    const downAnswers = answers.filter((a) => a.phase === 'down');
    console.log(
      `      acknowledged ${acknowledged.size}, outcome unknown ${unknown.size}, 503 while down ${downAnswers.filter((a) => a.status === 503).length}` +
        `, slowest answer while down ${Math.max(0, ...downAnswers.map((a) => a.ms))} ms, health up ${recoveredInMs} ms after the restart`,
    );
    expect(hangs, 'requests without an answer').to.deep.equal([]);
    expect(refused, 'requests refused by a dead app').to.deep.equal([]);
    expect(answers.filter((a) => a.phase === 'down' && a.status === 503).length, '503 answers while down').to.be.greaterThan(0);
    const unexpected = answers.filter((a) => ![200, 201, 503, 409].includes(a.status));
    expect(unexpected, 'answers other than 200, 201, 409, 503').to.deep.equal([]);
    expect(recoveredInMs).to.be.lessThan(RECOVERY_LIMIT_MS);

    // Every acknowledged write is there exactly once, under the id it was acknowledged with.
    const found = new Map<string, string[]>();
    for (let offset = 0; ; offset += 200) {
      const page = await send('GET', `/api/v1/families?q=streamfamily&limit=200&offset=${offset}`);
      expect(page?.status).to.equal(200);
      for (const f of page!.body.items as { id: string; parent: { lastName: string } }[])
        found.set(f.parent.lastName, [...(found.get(f.parent.lastName) ?? []), f.id]);
      if (offset + 200 >= page!.body.total) break;
    }
    for (const [lastName, id] of acknowledged) expect(found.get(lastName), lastName).to.deep.equal([id]);
    for (const lastName of unknown) expect((found.get(lastName) ?? []).length, `${lastName} (outcome unknown)`).to.be.at.most(1);
    const strays = [...found.keys()].filter((n) => !acknowledged.has(n) && !unknown.has(n));
    expect(strays, 'families nobody asked for').to.deep.equal([]);
  });
});
