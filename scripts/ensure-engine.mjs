#!/usr/bin/env node
// Makes sure the embedded database engine (mongo-java-server on H2, with the launcher in
// tools/mongo-java-server/) is built and in place at .tools/engine/cohabitation-engine.jar.
// Order: already there for these sources → nothing; in the per-user cache → copy; else build it
// with Maven from Maven Central (about 30 s the first time) into the cache. The cache key is a hash
// of the launcher's pom and sources, so a change to them rebuilds.
// Skipped entirely when MONGODB_URI is set (the app then uses that server and launches nothing).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'tools', 'mongo-java-server');
export const ENGINE_JAR = join(root, '.tools', 'engine', 'cohabitation-engine.jar');
const stamp = `${ENGINE_JAR}.sources`;
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cohabitation');

function log(message) {
  process.stderr.write(`[engine] ${message}\n`);
}

function files(dir) {
  return readdirSync(dir)
    .filter((name) => name !== 'target')
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]))
    .sort();
}

/** A hash of the launcher's own files: the build's identity. */
export function sourcesHash() {
  const hash = createHash('sha256');
  for (const file of files(sourceDir)) hash.update(relative(sourceDir, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function build(cached) {
  const work = mkdtempSync(join(tmpdir(), 'cohabitation-engine-build-'));
  try {
    cpSync(sourceDir, work, { recursive: true, filter: (src) => !src.includes(`${sourceDir}/target`) });
    log('building the embedded database engine with Maven (first time only, about 30 s)…');
    const started = Date.now();
    execFileSync('mvn', ['-B', '-q', 'package', '-DskipTests'], { cwd: work, stdio: 'inherit' });
    mkdirSync(cacheDir, { recursive: true });
    const out = `${cached}.tmp-${process.pid}`;
    copyFileSync(join(work, 'target', 'cohabitation-engine.jar'), out);
    renameSync(out, cached);
    log(`built in ${Math.round((Date.now() - started) / 1000)} s → ${cached}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function ensureEngine() {
  const hash = sourcesHash();
  if (existsSync(ENGINE_JAR) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) return ENGINE_JAR;
  const cached = join(cacheDir, `engine-${hash}.jar`);
  if (!existsSync(cached)) build(cached);
  mkdirSync(dirname(ENGINE_JAR), { recursive: true });
  const tmp = `${ENGINE_JAR}.tmp-${process.pid}`;
  copyFileSync(cached, tmp);
  renameSync(tmp, ENGINE_JAR);
  writeFileSync(stamp, `${hash}\n`);
  log(`embedded database engine ready at ${relative(root, ENGINE_JAR)}`);
  return ENGINE_JAR;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.env.MONGODB_URI && !process.argv.includes('--force')) process.exit(0);
  try {
    ensureEngine();
  } catch (error) {
    log(`could not build the embedded database engine: ${error.message}`);
    log('It needs Java 17+ and Maven (apt-get install openjdk-17-jre-headless maven), or set MONGODB_URI to use a MongoDB server.');
    process.exit(1);
  }
}
