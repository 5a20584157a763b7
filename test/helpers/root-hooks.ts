// One embedded engine for the whole test run (unless MONGODB_URI points at a server), started by
// mocha's global fixtures in the main process, so that parallel workers (`npm test` runs files in
// two workers) share it through TEST_MONGODB_URI; each test file then works in a fresh database of
// its own (see test-app.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { usePasswordCost } from '../../src/kernel/auth/passwords.js';
import { loadConfig } from '../../src/kernel/config.js';
import { unacknowledgedWrites } from '../../src/kernel/db/connection.js';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../src/kernel/db/embedded-engine.js';
import { fileEnds, fileStarts, runEnds } from './timings.js';

// config/test.json's low argon2 cost for every hash of the run (production's is ~40 % of a file's time).
usePasswordCost(loadConfig({ NODE_ENV: 'test' }).passwordHashing);

let engine: EmbeddedEngine | null = null;
let dataDir: string | null = null;

export const ENGINE_JAR = resolve('.tools/engine/cohabitation-engine.jar');

export function testDatabaseUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('the test database is not started');
  return uri;
}

export async function mochaGlobalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  dataDir = mkdtempSync(join(tmpdir(), 'cohabitation-test-'));
  // A throwaway store, deleted after the run: no commit per write, and the quick JIT (EngineOptions).
  // The durability of acknowledged writes is tested on engines of their own (engine.spec.ts, reliability/).
  engine = await startEmbeddedEngine({ jar: ENGINE_JAR, dataDir, lazyCommits: true, quickJit: true });
  process.env.TEST_MONGODB_URI = engine.uri;
}

export async function mochaGlobalTeardown(): Promise<void> {
  runEnds(engine?.pid ?? null);
  await engine?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

export const mochaHooks = {
  beforeAll() {
    fileStarts();
  },
  afterAll(this: Mocha.Context) {
    fileEnds(this);
    // No command of the file (of the worker, in parallel runs) may have gone out unacknowledged (kernel/db/connection.ts).
    const w0 = unacknowledgedWrites();
    if (w0.length) throw new Error(`unacknowledged (w:0) writes were sent: ${JSON.stringify(w0)}`);
  },
};
