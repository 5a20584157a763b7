// One browser for the run; each role gets its own context (viewport, JavaScript on or off). Every
// page a journey lands on is shot (full page), timed (navigation timing) and, with JavaScript on,
// checked by axe-core (serious and critical violations are failures).
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';

export const OUT_DIR = resolve(import.meta.dirname, '..', '..', 'test-output', 'e2e');
const AXE_PATH = resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

/** Every demo account's password (README). */
export const DEMO_PASSWORD = 'demo-cohabitation-2026';

export const PHONE = { width: 360, height: 740 };
/** The phone of issue 15's findings. */
export const PHONE_390 = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export interface Timing {
  journey: string;
  step: string;
  url: string;
  /** requestStart → responseStart: the server's time for the page (after any redirect). */
  serverMs: number;
  /** requestStart → responseEnd. */
  responseMs: number;
  /** A form's POST answered by a redirect to this page: that request's time (0 when none). */
  redirectMs: number;
}

export interface A11yProblem {
  journey: string;
  step: string;
  url: string;
  rule: string;
  impact: string;
  targets: string[];
  help: string;
}

export const results = {
  timings: [] as Timing[],
  a11y: [] as A11yProblem[],
  a11yMinor: [] as A11yProblem[],
  scriptErrors: [] as string[],
  axeRuns: 0,
  shots: [] as string[],
};

export async function launch(): Promise<Browser> {
  rmSync(OUT_DIR, { recursive: true, force: true }); // no screenshot left from an earlier run
  mkdirSync(OUT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export class Journey {
  private count = 0;
  readonly page: Page;

  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    page: Page,
    readonly baseUrl: string,
    readonly javaScript: boolean,
  ) {
    this.page = page;
    page.on('requestfinished', (request) => {
      if (request.resourceType() === 'document' && request.frame() === page.mainFrame()) this.lastDocument = request;
    });
  }

  private lastDocument: Request | null = null;

  static async open(
    browser: Browser,
    baseUrl: string,
    name: string,
    options: { viewport: { width: number; height: number }; javaScript?: boolean; lang?: string },
  ): Promise<Journey> {
    const javaScript = options.javaScript ?? true;
    const context = await browser.newContext({
      viewport: options.viewport,
      javaScriptEnabled: javaScript,
      locale: options.lang ?? 'fr-BE',
      baseURL: baseUrl,
      bypassCSP: true,
    }); // axe is injected as an inline script
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => results.scriptErrors.push(`[${name}] script error on ${page.url()}: ${error.message}`));
    return new Journey(name, context, page, baseUrl, javaScript);
  }

  /** Signs in on /login (steps "login", "signed-in"); fails when the page stays on /login. */
  async signIn(email: string, password: string = DEMO_PASSWORD): Promise<void> {
    await this.goto('/login', 'login');
    await this.page.fill('#email', email);
    await this.page.fill('#password', password);
    await this.submit(this.page.locator('main form button[type=submit]'), 'signed-in');
    if (this.page.url().includes('/login')) throw new Error(`[${this.name}] ${email} could not sign in`);
  }

  async setViewport(size: { width: number; height: number }): Promise<void> {
    await this.page.setViewportSize(size);
  }

  async goto(path: string, step: string): Promise<void> {
    const response = await this.page.goto(path);
    if (!response || response.status() >= 400) throw new Error(`[${this.name}] GET ${path} answered ${response?.status()}`);
    await this.landed(step);
  }

  /** Clicks a button or link that loads a new page, then records that page. */
  async submit(locator: Locator, step: string, expectStatus = 400): Promise<void> {
    const [response] = await Promise.all([this.page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
    if (response && response.status() >= expectStatus) {
      throw new Error(
        `[${this.name}] ${step}: ${response.request().method()} ${response.url()} answered ${response.status()}\n${(await this.page.locator('main').innerText()).slice(0, 800)}`,
      );
    }
    await this.landed(step);
  }

  /** The page now shown: screenshot, server time (unless it is the same page in a new state), accessibility. */
  async landed(step: string, navigated = true): Promise<void> {
    this.count += 1;
    const file = join(OUT_DIR, `${this.name}-${String(this.count).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    const url = this.page.url().replace(this.baseUrl, '');
    // Several contexts share the browser: a page left in the background cannot always be captured.
    await this.page.bringToFront();
    await this.page.screenshot({ path: file, fullPage: true }).catch(async () => {
      await this.page.waitForTimeout(500);
      await this.page.screenshot({ path: file, fullPage: true });
    });
    results.shots.push(file);
    const timing = navigated ? await this.navigationTiming() : null;
    if (timing) results.timings.push({ journey: this.name, step, url, ...timing });
    await this.checkTitle(step, url);
    if (this.javaScript) await this.checkAccessibility(step, url);
  }

  /** With or without JavaScript: a page that shows an error summary says so once at the start of its title (GOV.UK pattern, issue 15). */
  private async checkTitle(step: string, url: string): Promise<void> {
    const violations: { id: string; impact: string; help: string; targets: string[] }[] = [];
    const title = await this.page.title();
    if ((await this.page.locator('.error-summary').count()) > 0 && !/^(Error|Erreur|Fout)\s?:/.test(title))
      violations.push({ id: 'error-title', impact: 'serious', help: 'A page with an error summary starts its title with "Error:"', targets: ['title'] });
    if ((title.match(/(Error|Erreur|Fout)\s?:/g) ?? []).length > 1)
      violations.push({ id: 'error-title-twice', impact: 'serious', help: `"Error:" appears twice in the title: ${title}`, targets: ['title'] });
    for (const v of violations) results.a11y.push({ journey: this.name, step, url, rule: v.id, impact: v.impact, targets: v.targets, help: v.help });
  }

  private async navigationTiming(): Promise<{ serverMs: number; responseMs: number; redirectMs: number } | null> {
    if (this.javaScript) {
      return this.page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        if (!nav) return null;
        return {
          serverMs: Math.round(nav.responseStart - nav.requestStart),
          responseMs: Math.round(nav.responseEnd - nav.requestStart),
          redirectMs: nav.redirectEnd > 0 ? Math.round(nav.redirectEnd - nav.redirectStart) : 0,
        };
      });
    }
    // No script runs in the page: the document request's own timing, from the browser's network layer.
    const request = this.lastDocument;
    if (!request) return null;
    const t = request.timing();
    if (t.requestStart < 0 || t.responseStart < 0) return null;
    const before = request.redirectedFrom()?.timing();
    const redirectMs = before && before.requestStart >= 0 && before.responseEnd >= 0 ? Math.round(before.responseEnd - before.requestStart) : 0;
    return { serverMs: Math.round(t.responseStart - t.requestStart), responseMs: Math.round(t.responseEnd - t.requestStart), redirectMs };
  }

  private async checkAccessibility(step: string, url: string): Promise<void> {
    await this.page.addScriptTag({ path: AXE_PATH });
    const violations = await this.page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              ctx: Document,
              options: object,
            ) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
    results.axeRuns += 1;
    for (const v of violations) {
      const problem = { journey: this.name, step, url, rule: v.id, impact: v.impact, targets: v.targets, help: v.help };
      (v.impact === 'serious' || v.impact === 'critical' ? results.a11y : results.a11yMinor).push(problem);
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
