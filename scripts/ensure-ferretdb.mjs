#!/usr/bin/env node
// Makes sure the embedded database engine (FerretDB, SQLite backend) is built and in place at
// .tools/bin/ferretdb. Order: already there with the right version → nothing; in the per-user
// cache → copy; else build from the Go module proxy (about 1–3 minutes on 2 cores) into the cache.
// Skipped entirely when MONGODB_URI is set (the app then uses that server and launches nothing).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FERRETDB_VERSION = 'v1.24.2';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const wrapperDir = join(root, 'tools', 'ferretdb');
const target = join(root, '.tools', 'bin', 'ferretdb');
const stamp = `${target}.version`;
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cohabitation');
const cached = join(cacheDir, `ferretdb-${FERRETDB_VERSION}`);

function log(message) {
  process.stderr.write(`[engine] ${message}\n`);
}

function installFrom(source) {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  copyFileSync(source, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, target);
  writeFileSync(stamp, `${FERRETDB_VERSION}\n`);
}

function build() {
  const work = mkdtempSync(join(tmpdir(), 'ferretdb-build-'));
  try {
    for (const f of ['go.mod', 'go.sum']) copyFileSync(join(wrapperDir, f), join(work, f));
    const env = { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=vendor' };
    log(`building FerretDB ${FERRETDB_VERSION} from the Go module proxy (first time only, a few minutes)…`);
    const started = Date.now();
    execFileSync('go', ['mod', 'vendor'], { cwd: work, env: { ...env, GOFLAGS: '' }, stdio: 'inherit' });
    const versionDir = join(work, 'vendor', 'github.com', 'FerretDB', 'FerretDB', 'build', 'version');
    if (!existsSync(versionDir)) throw new Error(`vendored FerretDB has no ${versionDir}`);
    writeFileSync(join(versionDir, 'version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(cacheDir, { recursive: true });
    const out = `${cached}.tmp-${process.pid}`;
    execFileSync(
      'go',
      ['build', '-trimpath', '-ldflags=-checklinkname=0', '-o', out, 'github.com/FerretDB/FerretDB/cmd/ferretdb'],
      { cwd: work, env, stdio: 'inherit' },
    );
    const version = execFileSync(out, ['--version'], { encoding: 'utf8' });
    if (!version.includes(`version: ${FERRETDB_VERSION}`)) throw new Error(`unexpected build: ${version}`);
    renameSync(out, cached);
    log(`built in ${Math.round((Date.now() - started) / 1000)} s → ${cached}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function ensureFerretdb() {
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === FERRETDB_VERSION) return target;
  if (!existsSync(cached)) build();
  installFrom(cached);
  log(`FerretDB ${FERRETDB_VERSION} ready at ${target}`);
  return target;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.env.MONGODB_URI && !process.argv.includes('--force')) process.exit(0);
  try {
    ensureFerretdb();
  } catch (error) {
    log(`could not build the embedded database engine: ${error.message}`);
    log('Set MONGODB_URI to use an existing MongoDB server instead.');
    process.exit(1);
  }
}
