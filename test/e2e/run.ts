// `npm run test:e2e`: the journeys of SPEC in a real browser (Debian's chromium through playwright-core)
// against the app started here on a free port, a fresh data folder and the demo data.
// Screenshots, timings and accessibility results go to test-output/e2e/ (ignored by git).
// E2E_BASE_URL=http://127.0.0.1:3000 runs against an app already started (for development);
// E2E_ONLY=name[,name] runs only the journeys named (see JOURNEYS).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch, OUT_DIR, results } from './browser.js';
import { benefitsJourney } from './benefits.js';
import { agreementWithoutJavaScript } from './agreement.js';
import { formsJourney } from './forms.js';
import { sessionAndTabsJourney } from './session-and-tabs.js';
import { myDataWithoutJavaScript } from './contact.js';
import { parentApplies } from './parent.js';
import { startApp, type RunningApp } from './server.js';
import { printTimings } from './report.js';
import { schoolJourney } from './school.js';
import { staffOnPhone } from './staff-phone.js';
import { workerJourney } from './worker.js';
import { wordsJourney } from './words.js';
import { rehousingWithoutJavaScript } from './rehousing.js';
import { directoryJourney } from './directory.js';
import { ledgerJourney } from './ledger.js';
import { householdLedgerJourney } from './household-ledger.js';

/** Each journey starts from the demo data (and what the journeys before it did). */
const JOURNEYS: { name: string; run: (browser: Browser, baseUrl: string, tag: string) => Promise<void> }[] = [
  { name: 'directory-nojs', run: (browser, baseUrl, tag) => directoryJourney(browser, baseUrl, `${tag}n`) },
  {
    name: 'parent-and-worker',
    run: async (browser, baseUrl, tag) => {
      const parent = await parentApplies(browser, baseUrl, { journey: 'a-parent', javaScript: true, tag: `${tag}a` });
      process.stdout.write(`a) parent applied: ${parent.email}\n`);
      await workerJourney(browser, baseUrl, parent);
    },
  },
  {
    name: 'parent-nojs',
    run: async (browser, baseUrl, tag) => {
      const second = await parentApplies(browser, baseUrl, { journey: 'e-parent-nojs', javaScript: false, tag: `${tag}e` });
      process.stdout.write(`e) parent applied without JavaScript: ${second.email}\n`);
    },
  },
  {
    // Issue 15's form defects on a 390 × 844 phone without JavaScript, shown fixed.
    name: 'forms-nojs',
    run: async (browser, baseUrl, tag) => {
      await formsJourney(browser, baseUrl, `${tag}f`);
      process.stdout.write('f) forms: one pass, nothing lost, summaries in field order\n');
    },
  },
  {
    // Issue 15: a lapsed session and two tabs, on a 390 × 844 phone without JavaScript, in Dutch.
    name: 'session-tabs-nojs',
    run: async (browser, baseUrl, tag) => {
      await sessionAndTabsJourney(browser, baseUrl, `${tag}s`);
      process.stdout.write('s) a lapsed session keeps the answers; two tabs say so\n');
    },
  },
  {
    name: 'my-data-nojs',
    run: async (browser, baseUrl) => {
      await myDataWithoutJavaScript(browser, baseUrl);
      process.stdout.write('m) the demo parent read /my/data and the contact details without JavaScript\n');
    },
  },
  {
    name: 'staff-phone-nojs',
    run: async (browser, baseUrl, tag) => {
      await staffOnPhone(browser, baseUrl, `${tag}p`);
      process.stdout.write('f–i) accounts and cohabitations on a 390 px phone, prefilled first step and referral\n');
    },
  },
  {
    name: 'words',
    run: async (browser, baseUrl) => {
      await wordsJourney(browser, baseUrl);
      process.stdout.write('f) codes and keys read in words (coordinator, phone, no JavaScript)\n');
    },
  },
  {
    // Issue 17: the demo's benefits check pages (parent, host, support worker) on a 390 × 844 phone without JavaScript.
    name: 'benefits-nojs',
    run: async (browser, baseUrl) => {
      await benefitsJourney(browser, baseUrl);
      process.stdout.write('g) benefits: each party its own check page, the support worker both, printable\n');
    },
  },
  {
    // Issue 17: the home-sharing agreement and its evidence ticked with a day, on a 390 px phone without JavaScript.
    name: 'agreement-nojs',
    run: async (browser, baseUrl) => {
      await agreementWithoutJavaScript(browser, baseUrl);
      process.stdout.write('g) the demo parent read the home-sharing agreement and ticked a piece of evidence with its day, without JavaScript\n');
    },
  },
  {
    // Issue 18: the worker's matches of the demo family whose children's school decides, on a 390 px phone without JavaScript.
    name: 'school-nojs',
    run: async (browser, baseUrl) => {
      await schoolJourney(browser, baseUrl);
      process.stdout.write('k) the home near the children’s school comes first, and the page says why\n');
    },
  },
  {
    name: 'ledger-nojs',
    run: async (browser, baseUrl) => {
      await ledgerJourney(browser, baseUrl);
      process.stdout.write('l) the support worker records help in the demo ledger on a phone (no JavaScript)\n');
    },
  },
  {
    name: 'household-ledger-nojs',
    run: async (browser, baseUrl) => {
      await householdLedgerJourney(browser, baseUrl);
      process.stdout.write(
        'h) the parent records an hour of help on a phone, the host confirms it and disputes a line with a reason, both read the balance (no JavaScript)\n',
      );
    },
  },
  {
    name: 'rehousing-nojs',
    run: async (browser, baseUrl) => {
      await rehousingWithoutJavaScript(browser, baseUrl);
      process.stdout.write('r) notice, ending with a rehousing plan, the family first in the plan (phone, no JavaScript)\n');
    },
  },
];

async function main(): Promise<number> {
  const started = Date.now();
  const tag = started.toString(36);
  let app: RunningApp | null = null;
  let browser: Browser | null = null;
  const failures: string[] = [];
  try {
    const external = process.env.E2E_BASE_URL;
    if (!external) {
      process.stdout.write('starting the app (fresh data folder, demo data)…\n');
      app = await startApp();
      // Interrupted: the app and its database go too.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => void app!.stop().finally(() => process.exit(130)));
      }
    }
    const baseUrl = external ?? app!.baseUrl;
    process.stdout.write(`app at ${baseUrl} (${Math.round((Date.now() - started) / 1000)} s)\n`);
    browser = await launch();

    const only = process.env.E2E_ONLY?.split(',').map((name) => name.trim());
    for (const journey of JOURNEYS) {
      if (only && !only.includes(journey.name)) continue;
      try {
        await journey.run(browser, baseUrl, tag);
      } catch (error) {
        failures.push(`[${journey.name}] ${(error as Error).stack ?? String(error)}`);
      }
    }
  } catch (error) {
    failures.push((error as Error).stack ?? String(error));
  } finally {
    await browser?.close().catch(() => undefined);
    await app?.stop().catch((error: Error) => failures.push(`stopping the app: ${error.message}`));
  }

  failures.push(...results.scriptErrors);
  for (const v of results.a11y)
    failures.push(`accessibility (${v.impact}) ${v.rule} on ${v.url} [${v.journey} / ${v.step}]: ${v.help}\n    ${v.targets.join('\n    ')}`);
  mkdirSync(OUT_DIR, { recursive: true });
  if (app) writeFileSync(join(OUT_DIR, 'app.log'), app.log());
  writeFileSync(join(OUT_DIR, 'timings.json'), JSON.stringify(results.timings, null, 2));
  writeFileSync(
    join(OUT_DIR, 'a11y.json'),
    JSON.stringify({ pagesChecked: results.axeRuns, seriousOrCritical: results.a11y, moderateOrMinor: results.a11yMinor }, null, 2),
  );
  printTimings(results.timings);
  process.stdout.write(
    `axe-core: ${results.axeRuns} pages checked, ${results.a11y.length} serious or critical, ${results.a11yMinor.length} moderate or minor (a11y.json)\n`,
  );
  process.stdout.write(`${results.shots.length} screenshots in ${OUT_DIR}; ${Math.round((Date.now() - started) / 1000)} s in all\n`);
  if (failures.length) {
    process.stderr.write(`\nE2E FAILED (${failures.length}):\n${failures.map((f) => `- ${f}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write('E2E passed\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
