/**
 * What the browser tests of the exported course share: the site (built once per test run,
 * whichever test asks first, or COURSE_SITE), Chromium (Debian's, through npm:playwright-core)
 * with the network cut off, and a page visit that records errors and requests leaving file://.
 * @module
 */

/// <reference lib="dom" />
// (for the functions page.evaluate runs in the browser)

import type { Browser, BrowserContext, Page } from "playwright-core";
import { build } from "../../tools/build.ts";
import { ROOT, setup } from "../../tools/setup.ts";

export const OUTPUT = `${ROOT}/test-output`;
export const LAPTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** What one page did in the browser. */
export interface Visit {
  page: Page;
  errors: string[];
  offline: string[];
}

export function fileUrl(path: string): string {
  return new URL(`file://${path.split("/").map(encodeURIComponent).join("/")}`).href;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The executed notebooks the site offers for download, in reading order. */
export async function siteNotebooks(site: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(`${site}/notebooks`)) {
    if (e.isFile && e.name.endsWith(".ipynb")) names.push(e.name.replace(/\.ipynb$/, ""));
  }
  // In reading order: the order of the index's table of contents (the course file's).
  const index = await Deno.readTextFile(`${site}/index.html`);
  const order = [...index.matchAll(/class="course-toc-title" href="([^"#]+)\.html"/g)].map((m) =>
    m[1]
  );
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A browser context where only file:// is reachable; anything else is recorded and aborted. */
export async function offlineContext(
  browser: Browser,
  viewport: { width: number; height: number },
  leaks: string[],
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, serviceWorkers: "block" });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    leaks.push(url);
    return route.abort("internetdisconnected");
  });
  return context;
}

/** Opens a page and waits until MathJax has typeset it and plotly has had its turn. */
export async function visit(
  context: BrowserContext,
  path: string,
  leaks: string[],
): Promise<Visit> {
  const page = await context.newPage();
  const errors: string[] = [];
  const offline: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    const url = r.url();
    if (!/^(file|data|blob|about):/.test(url)) offline.push(url);
  });
  page.on("requestfailed", (r) => {
    const url = r.url();
    if (url.startsWith("file://")) errors.push(`failed: ${url} (${r.failure()?.errorText})`);
  });
  await page.goto(fileUrl(path), { waitUntil: "load", timeout: 60_000 });
  const mathjax = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const mj = (globalThis as any).MathJax;
    if (!mj?.startup?.promise) return "MathJax did not load";
    await mj.startup.promise;
    return "ok";
  });
  if (mathjax !== "ok") errors.push(mathjax);
  offline.push(...leaks.splice(0));
  return { page, errors, offline: [...new Set(offline)] };
}

/**
 * playwright-core, imported only when the test runs: on import it reads the home directory and
 * /proc/sys/fs/binfmt_misc, which Deno grants only with -A, so a missing flag gets a clear message.
 */
export async function importPlaywright(): Promise<typeof import("playwright-core")> {
  try {
    return await import("playwright-core");
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new Error(`the browser test needs \`deno test -A\` (playwright-core: ${e.message})`);
    }
    throw e;
  }
}

let built: Promise<string> | undefined;

/** The file a test run's build leaves in site/: which process built it. */
const BUILT_MARK = ".built-by-test.json";

/**
 * The site the browser tests look at: COURSE_SITE when set (a site already built), else site/,
 * built once per test run (`deno task build`'s code) by whichever test file asks first; the
 * others find its mark (the same process id) and use it.
 */
export function builtSite(): Promise<string> {
  const named = Deno.env.get("COURSE_SITE");
  if (named) {
    return Promise.resolve(
      named.startsWith("/") ? named.replace(/\/$/, "") : `${Deno.cwd()}/${named}`,
    );
  }
  built ??= (async () => {
    // `deno test` loads each test file on its own, so this module's state is per file; the
    // mark (this process's id) lets the browser tests of one run share one build.
    const mark = `${ROOT}/site/${BUILT_MARK}`;
    try {
      if (JSON.parse(await Deno.readTextFile(mark)).pid === Deno.pid) return `${ROOT}/site`;
    } catch { /* no mark, or another run's: build */ }
    const r = await build({ log: (line) => console.log(`build: ${line}`) });
    await Deno.writeTextFile(`${r.site}/${BUILT_MARK}`, JSON.stringify({ pid: Deno.pid }));
    return r.site;
  })();
  return built;
}

/** Headless Chromium (Debian's, or CHROMIUM_PATH), no sandbox, nothing fetched in the background. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await importPlaywright();
  const { chromium: executablePath } = await setup({ browser: true });
  return await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
