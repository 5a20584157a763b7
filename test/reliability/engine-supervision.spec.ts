// The app with its own embedded engine (no MONGODB_URI), as `npm start` runs it: when the engine is
// killed with SIGKILL, the supervisor starts it again on the same port (about 0.2 s here, so most
// requests in flight just wait and succeed); no request gets anything but 200 or 503, and everything
// acknowledged before is still there, sessions included. (That requests meet 503 at once while the
// engine is down is tested in-process: test/health.spec.ts.)
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { ADMIN, ApiClient, AppProcess, sleep, tempDir } from './harness.js';

function enginePid(dataDir: string): number {
  const found = spawnSync('pgrep', ['-f', '--', `--data ${dataDir}/engine`], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .filter(Boolean)
    .map(Number);
  if (found.length !== 1) throw new Error(`expected one engine for ${dataDir}, found ${found.length}`);
  return found[0]!;
}

function enginePidOrNull(dataDir: string): number | null {
  try {
    return enginePid(dataDir);
  } catch {
    return null;
  }
}

describe('reliability: the embedded engine dies under the app', function () {
  this.timeout(120_000);
  const dir = tempDir('supervision');
  const app = new AppProcess();
  after(async () => {
    await app.kill('SIGTERM');
    dir.remove();
  });

  it('answers 503 while it is down, restarts it, and keeps every acknowledged write and session', async () => {
    await app.start({ mongodbUri: null, dataDir: dir.path });
    const coordinator = new ApiClient(app);
    await coordinator.login(ADMIN.email, ADMIN.password);
    const created = await coordinator.request('POST', '/api/v1/users', {
      email: 'supervised-worker@test.example',
      name: 'Worker',
      role: 'worker',
      language: 'fr',
    });
    expect(created.status, JSON.stringify(created.body)).to.be.oneOf([200, 201]);

    const first = enginePid(dir.path);
    process.kill(first, 'SIGKILL');
    const seen = new Map<number, number>();
    let healthDown = false;
    const deadline = Date.now() + 60_000;
    let back = false;
    await sleep(20);
    while (Date.now() < deadline) {
      const answer = await coordinator.request('GET', '/api/v1/users', undefined, {}, 10_000).catch(() => null);
      if (answer) seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
      const health = await app.health();
      if (health?.http === 503 && health.db === 'down') healthDown = true;
      if (answer?.status === 200 && health?.http === 200 && enginePidOrNull(dir.path) !== first && seen.size > 0) {
        back = true;
        break;
      }
      await sleep(50);
    }
    console.log(`      answers while the engine was away and back: ${JSON.stringify(Object.fromEntries(seen))}; /healthz said down: ${healthDown}`);
    expect(back, app.output.slice(-3000)).to.equal(true);
    expect(
      [...seen.keys()].every((status) => status === 200 || status === 503),
      JSON.stringify([...seen]),
    ).to.equal(true);
    expect(enginePid(dir.path)).to.not.equal(first);

    // Still signed in (the session survived), and the account created before the kill is there.
    const users = await coordinator.request('GET', '/api/v1/users');
    expect(users.status).to.equal(200);
    expect(JSON.stringify(users.body)).to.contain('supervised-worker@test.example');
  });
});
