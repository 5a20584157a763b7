// One embedded engine for the whole test run (unless MONGODB_URI points at a server); each test
// file then works in a fresh database of its own (see test-app.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedEngine, type EmbeddedEngine } from '../../src/kernel/db/embedded-engine.js';

let engine: EmbeddedEngine | null = null;
let dataDir: string | null = null;

export const ENGINE_BINARY = resolve('.tools/bin/ferretdb');

export function testDatabaseUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('the test database is not started');
  return uri;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    if (process.env.MONGODB_URI) {
      process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
      return;
    }
    dataDir = mkdtempSync(join(tmpdir(), 'cohabitation-test-'));
    engine = await startEmbeddedEngine({ binary: ENGINE_BINARY, dataDir });
    process.env.TEST_MONGODB_URI = engine.uri;
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await engine?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  },
};
