// The README's three screenshots of the demo: the worker's dashboard with alerts, the plan with
// suggestions, the coordinator's charts. `npx tsx scripts/screenshots.ts` starts the app with the
// demo data on a spare port and a temporary DATA_DIR (or uses BASE_URL=http://… of a running demo),
// logs in with the demo accounts in Debian's chromium and writes small PNGs to docs/screenshots/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_LOGINS } from '../src/demo/seed.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', 'screenshots');
const WIDTH = 1100;

function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startApp(): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = await sparePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cohabitation-screenshots-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_DATA: 'true', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += String(d)));
  child.stderr!.on('data', (d) => (log += String(d)));
  const deadline = Date.now() + 240_000;
  while (!log.includes('is running at')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function login(browser: Browser, base: string, role: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 800 }, locale: 'fr-BE', deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('input[name="email"]', DEMO_LOGINS.accounts.find((a) => a.role === role)!.email);
  await page.fill('input[name="password"]', DEMO_LOGINS.password);
  await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"], form input[type="submit"]')]);
  return page;
}

/** The top of the page (a README image, not the whole page), at most `height` pixels. */
async function shoot(page: Page, url: string, file: string, height: number, from?: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  const full = await page.evaluate(() => document.documentElement.scrollHeight);
  // From a heading down (the plan's suggestions are below its explanation), else from the top.
  const top = from ? Math.max(0, Math.round((await page.locator(from).first().boundingBox())?.y ?? 0) - 16) : 0;
  const path = join(out, file);
  await page.screenshot({ path, fullPage: true, clip: { x: 0, y: top, width: WIDTH, height: Math.min(height, full - top) } });
  const kb = Math.round(statSync(path).size / 1024);
  process.stdout.write(`${file}: ${kb} KB${kb > 150 ? ' (over 150 KB)' : ''}\n`);
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const app = process.env.BASE_URL ? { base: process.env.BASE_URL.replace(/\/$/, ''), stop: async () => undefined } : await startApp();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const worker = await login(browser, app.base, 'worker');
    await shoot(worker, `${app.base}/work/dashboard`, 'dashboard.png', 900);
    await shoot(worker, `${app.base}/work/plan`, 'plan.png', 900, 'h2');
    const coordinator = await login(browser, app.base, 'coordinator');
    await shoot(coordinator, `${app.base}/admin/stats`, 'stats.png', 900, '#stats-alive');
  } finally {
    await browser.close();
    await app.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
