#!/usr/bin/env node
// `npm test`: the type check, the lint, the layout check (Prettier) and the mocha suite at the same time, and the run fails if
// any of them fails. Mocha's two workers leave a core idle now and then (an app process
// starting, a wait for a poll): the checks, at a lower priority, fill those moments instead of
// running before the suite.
//
// Both checks are cached between runs, in node_modules/.cache (one folder per checkout, so two
// checkouts sharing a node_modules do not overwrite each other's cache):
// - `tsc --incremental`, its build info keyed by the content of every .ts file (and the configs):
//   an unchanged tree is answered from the build info in seconds, any change checks the whole tree
//   again. (Reusing one build info across changes was seen to keep the errors of a model's types
//   after they were fixed: the types Mongoose infers do not always mark their dependents as changed.)
// - `eslint --cache --cache-strategy content`: a file is linted again when its content or the ESLint
//   configuration changes; files with problems are never taken from the cache. src/ is linted with
//   type-aware rules (eslint.config.js): a file's result there depends on the types of the files it
//   imports, so the cache is keyed by the content of every file under src/ (and the configs): any
//   change in src/ lints all of it again; a change in the tests alone is linted alone.
//
// The whole suite's files go to mocha longest first (the last run's times, test/helpers/timings.ts,
// kept in the same cache folder; a new file counts as long): mocha hands each free worker the next
// file, so a long file left for the end would keep one worker busy while the other has finished.
//
// Arguments are passed to mocha instead (`npm test -- --grep outbox`). TEST_CHECKS=0 runs mocha alone.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { setPriority } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'node_modules', '.cache', 'cohabitation-checks', createHash('sha256').update(root).digest('hex').slice(0, 12));
mkdirSync(cache, { recursive: true });
const bin = (path) => join(root, 'node_modules', path);

const checks =
  process.env.TEST_CHECKS === '0'
    ? []
    : [
        {
          name: 'typecheck',
          args: [
            bin('typescript/bin/tsc'),
            '-p',
            'tsconfig.json',
            '--noEmit',
            '--incremental',
            '--tsBuildInfoFile',
            cacheFor('tsbuildinfo', ['src', 'test', 'bench', 'scripts'], ['tsconfig.json', 'package-lock.json']),
          ],
        },
        {
          name: 'lint',
          args: [
            bin('eslint/bin/eslint.js'),
            '--cache',
            '--cache-strategy',
            'content',
            '--cache-location',
            cacheFor('eslintcache', ['src'], ['tsconfig.json', 'eslint.config.js', 'package-lock.json']),
            'src',
            'bench',
            'test',
            'scripts',
          ],
        },
        {
          // The code's layout (.prettierrc.json): `npm run format` writes it.
          name: 'format',
          args: [
            bin('prettier/bin/prettier.cjs'),
            '--check',
            '--cache',
            '--cache-location',
            join(cache, 'prettiercache'),
            'src/**/*.ts',
            'test/**/*.ts',
            'bench/**/*.ts',
            'scripts/**/*.{ts,mjs}',
            'eslint.config.js',
          ],
        },
      ];
/**
 * A cache file named by the content of every .ts file under `dirs` and of `files`, so that it is only
 * ever reused for the same content; the files of earlier contents are removed.
 */
function cacheFor(prefix, dirs, files) {
  const hash = createHash('sha256');
  const walk = (dir) =>
    readdirSync(dir)
      .sort()
      .forEach((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts'))
          hash
            .update(`${relative(root, path)}\0`)
            .update(readFileSync(path))
            .update('\0');
      });
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const name of files) if (existsSync(join(root, name))) hash.update(readFileSync(join(root, name)));
  const current = `${prefix}-${hash.digest('hex').slice(0, 16)}`;
  for (const name of readdirSync(cache)) if (name.startsWith(prefix) && name !== current) rmSync(join(cache, name), { force: true });
  return join(cache, current);
}

/** Every *.spec.ts under test/ and src/ (a module's own specs), longest first by the last run's times. */
function specFilesLongestFirst(lastTimings) {
  const walk = (dir) =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.spec.ts') ? [relative(root, path)] : [];
    });
  const seconds = new Map();
  if (existsSync(lastTimings)) {
    for (const line of readFileSync(lastTimings, 'utf8').split('\n')) {
      try {
        const row = JSON.parse(line);
        if (row.file && row.end) seconds.set(row.file, (row.end - row.start) / 1000);
      } catch {
        // a line cut by an interrupted run
      }
    }
  }
  return [...walk(join(root, 'test')), ...walk(join(root, 'src'))].sort(
    (a, b) => (seconds.get(b) ?? Infinity) - (seconds.get(a) ?? Infinity) || a.localeCompare(b),
  );
}

const wholeSuite = process.argv.length <= 2;
const lastTimings = join(cache, 'timings.jsonl');
const thisRun = join(cache, `timings-${process.pid}.jsonl`);
const mochaArgs = wholeSuite ? specFilesLongestFirst(lastTimings) : process.argv.slice(2);
const mocha = {
  name: 'mocha',
  args: [bin('mocha/bin/mocha.js'), '--parallel', '--jobs', '2', ...mochaArgs],
  env: wholeSuite && !process.env.TEST_TIMINGS ? { TEST_TIMINGS: thisRun } : {},
};

/** Runs one command; a check's output is kept and shown at the end, mocha's is shown as it comes. */
function run({ name, args, env = {} }, { live, nice }) {
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  if (nice && child.pid) {
    try {
      setPriority(child.pid, 10);
    } catch {
      // not permitted here: it runs at the same priority
    }
  }
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolvePromise) => {
    child.on('error', (error) => resolvePromise({ name, code: 1, output: `${output}${error.message}\n`, seconds: (Date.now() - started) / 1000 }));
    child.on('close', (code, signal) => resolvePromise({ name, code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }));
  });
}

const results = await Promise.all([run(mocha, { live: true, nice: false }), ...checks.map((check) => run(check, { live: false, nice: true }))]);
// A complete run's times order the next one; a failed or interrupted run's are dropped.
if (existsSync(thisRun)) {
  if (results[0].code === 0) renameSync(thisRun, lastTimings);
  else rmSync(thisRun, { force: true });
}
for (const result of results.slice(1)) {
  if (result.output.trim()) process.stdout.write(`\n── ${result.name} ──\n${result.output}`);
}
process.stdout.write(`\n${results.map((r) => `${r.name} ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} in ${r.seconds.toFixed(1)} s`).join(' · ')}\n`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
