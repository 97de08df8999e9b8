/**
 * plot() draws offline wherever its `text/html` runs, in Debian's Chromium (npm:playwright-core)
 * with every request outside file:// refused and recorded:
 *
 * - two plot outputs as classic Notebook adds them (each output's scripts run in order as global
 *   scripts, as jQuery does) on a page with a require.js-like `define` (`define.amd`) and a
 *   CommonJS-like `module`, the first output carrying plotly.js (the first plot of a session):
 *   both draw, in order and with the loader's output after the other (a reopened notebook run
 *   out of order); the loader neither calls `define` nor fills `module.exports`;
 * - the same as a static page (nbconvert HTML, a reopened trusted notebook): both draw, either
 *   order; with every script removed (an untrusted notebook) each plot shows its note; on a page
 *   that already has plotly.js the loader leaves it alone;
 * - tools/export.py removes the inline copy from the pages and from the downloads, and the page
 *   (loading assets/plotly.min.js) draws both plots;
 * - stock `jupyter nbconvert --to html --execute` of a notebook whose cells show two plots: the
 *   HTML draws both, offline.
 *
 * Needs -A (Chromium, Jupyter, temporary files).
 * @module
 */

/// <reference lib="dom" />
// (for the functions page.evaluate runs in the browser)

import type { Browser, BrowserContext, Page } from "playwright-core";
import { deepEqual, equal, ok } from "./assert.ts";
import { jupyterEnv, ROOT, setup } from "../tools/setup.ts";

type DisplayModule = typeof import("../lib/display.ts");

const PLOTLY_JS = `${ROOT}/node_modules/plotly.js-dist-min/plotly.min.js`;
const LOADER = "data-course-plotly-loader";

/** lib/display.ts afresh: a new module instance, as in a new kernel session. */
function freshDisplay(session: string): Promise<DisplayModule> {
  return import(`../lib/display.ts?session=${session}`);
}

/** Two plots as a fresh kernel session shows them: the first carries plotly.js. */
async function twoPlots(session: string): Promise<{ ids: string[]; html: string[] }> {
  const lib = await freshDisplay(session);
  const first = lib.plot({
    data: [{ type: "scatter", mode: "lines", x: [0, 1, 2, 3], y: [0, 1, 4, 9], name: "x²" }],
    layout: { title: "A parabola", xaxis: { title: "x" }, yaxis: { title: "x²" } },
  }, { id: `parabola-${session}` });
  const second = lib.plot({
    data: [{ type: "bar", x: ["a", "b"], y: [2, 1] }],
    layout: { title: "Two bars", xaxis: { title: "bar" }, yaxis: { title: "height" } },
  }, { id: `bars-${session}` });
  const html = [first, second].map((p) => String(lib.bundleOf(p)["text/html"]));
  ok(html[0].includes(LOADER) && !html[1].includes(LOADER), "the first plot carries plotly.js");
  return { ids: [`parabola-${session}`, `bars-${session}`], html };
}

function fileUrl(path: string): string {
  return new URL(`file://${path.split("/").map(encodeURIComponent).join("/")}`).href;
}

/** The head of a classic Notebook page, as far as plotly.js's wrapper can tell. */
const NOTEBOOK_HEAD = `<script>
window.amdCalls = [];
/* require.js's define: an anonymous define outside a module it loads is its "Mismatched
   anonymous define()" error. */
window.define = function () {
  window.amdCalls.push(String(arguments[0]).slice(0, 60));
  throw new Error("Mismatched anonymous define() module");
};
window.define.amd = { jQuery: true };
window.require = window.requirejs = function () { window.amdCalls.push("require"); };
/* A CommonJS-like global, as some webviews have. */
window.module = { exports: {} };
window.exports = window.module.exports;
</script>`;

/** What Notebook's output area does with an output's HTML: insert it, then run its scripts. */
const ADD_OUTPUT = `<script>
window.addOutput = function (html) {
  var area = document.createElement("div");
  area.className = "output_subarea output_html rendered_html";
  area.innerHTML = html; /* scripts inserted this way do not run */
  document.getElementById("notebook").appendChild(area);
  /* jQuery's DOMEval: each script, in order, as a global script. */
  area.querySelectorAll("script").forEach(function (s) {
    var run = document.createElement("script");
    run.text = s.textContent;
    document.head.appendChild(run).parentNode.removeChild(run);
  });
};
</script>`;

function page(head: string, body: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8">${head}</head>\n` +
    `<body><div id="notebook">${body}</div></body></html>\n`;
}

interface Opened {
  page: Page;
  errors: string[];
}

async function open(context: BrowserContext, path: string): Promise<Opened> {
  const p = await context.newPage();
  const errors: string[] = [];
  p.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  p.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  await p.goto(fileUrl(path), { waitUntil: "load", timeout: 60_000 });
  return { page: p, errors };
}

/** Per plot id: whether plotly drew it (svg.main-svg), and the note's text if it is shown. */
function state(p: Page, ids: string[]) {
  return p.evaluate((ids) =>
    ids.map((id) => {
      const el = document.getElementById(id);
      return {
        id,
        drawn: el?.querySelector("svg.main-svg") != null,
        note: el?.querySelector(".course-plot-note")?.textContent ?? null,
      };
    }), ids);
}

/** Waits (up to 30 s) until every plot is drawn; returns the final state either way. */
async function drawn(p: Page, ids: string[]) {
  await p.waitForFunction(
    (ids) => ids.every((id) => document.getElementById(id)?.querySelector("svg.main-svg")),
    ids,
    { timeout: 30_000 },
  ).catch(() => {});
  return state(p, ids);
}

/** What require.js and CommonJS globals saw of the page's scripts. */
function globals(p: Page) {
  return p.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const w = globalThis as any;
    return {
      amdCalls: w.amdCalls as string[],
      moduleExports: Object.keys(w.module.exports).length,
      waiting: (w.coursePlotlyWaiting ?? []).length as number,
    };
  });
}

async function withBrowser(
  fn: (context: BrowserContext, leaks: string[]) => Promise<void>,
): Promise<void> {
  const { chromium } = await import("playwright-core");
  const { chromium: executablePath } = await setup({ browser: true });
  const browser: Browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const leaks: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file://")) return route.continue();
      leaks.push(url);
      return route.abort("internetdisconnected");
    });
    await fn(context, leaks);
    deepEqual(leaks, [], "requests outside file://");
  } finally {
    await browser.close();
  }
}

Deno.test({
  name: "plot outputs draw offline in a classic-Notebook page and in a static one, in any order",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "plot-offline-" });
    try {
      const { ids, html } = await twoPlots("notebook");
      const [first, second] = html;
      await Deno.writeTextFile(`${dir}/live.html`, page(NOTEBOOK_HEAD + ADD_OUTPUT, ""));
      const statics: Record<string, string> = {
        "static-in-order.html": page(NOTEBOOK_HEAD, `<div>${first}</div><div>${second}</div>`),
        "static-loader-after.html": page(NOTEBOOK_HEAD, `<div>${second}</div><div>${first}</div>`),
      };
      for (const [name, text] of Object.entries(statics)) {
        await Deno.writeTextFile(`${dir}/${name}`, text);
      }
      // Scripts removed, as an untrusted notebook shows its outputs.
      const noScripts = (h: string) => h.replace(/<script\b[\s\S]*?<\/script>/g, "");
      await Deno.writeTextFile(
        `${dir}/untrusted.html`,
        page("", `<div>${noScripts(first)}</div><div>${noScripts(second)}</div>`),
      );
      // A page that loads plotly.js itself (an export that kept the loader).
      await Deno.copyFile(PLOTLY_JS, `${dir}/plotly.min.js`);
      await Deno.writeTextFile(
        `${dir}/has-plotly.html`,
        page(
          '<script src="plotly.min.js"></script><script>window.Plotly.courseMark = 1;</script>',
          `<div>${first}</div><div>${second}</div>`,
        ),
      );

      await withBrowser(async (context) => {
        const problems: string[] = [];
        const check = async (name: string, opened: Opened, amd = true) => {
          for (const s of await drawn(opened.page, ids)) {
            if (!s.drawn) problems.push(`${name}: #${s.id} not drawn (note: ${s.note})`);
            if (s.drawn && s.note !== null) problems.push(`${name}: #${s.id} kept its note`);
          }
          if (amd) {
            const g = await globals(opened.page);
            if (g.amdCalls.length) problems.push(`${name}: define called: ${g.amdCalls}`);
            if (g.moduleExports) problems.push(`${name}: plotly.js filled module.exports`);
            if (g.waiting) problems.push(`${name}: ${g.waiting} plots still waiting`);
          }
          problems.push(...opened.errors.map((e) => `${name}: ${e}`));
          await opened.page.close();
        };

        for (
          const [name, order] of [["in order", [first, second]], ["loader after", [
            second,
            first,
          ]]] as const
        ) {
          const opened = await open(context, `${dir}/live.html`);
          for (const h of order) {
            await opened.page.evaluate((h) => (globalThis as unknown as Notebook).addOutput(h), h);
          }
          await check(`Notebook, ${name}`, opened);
        }
        for (const name of Object.keys(statics)) {
          await check(name, await open(context, `${dir}/${name}`));
        }

        const untrusted = await open(context, `${dir}/untrusted.html`);
        const shown = await state(untrusted.page, ids);
        for (const s of shown) {
          if (s.drawn) problems.push(`untrusted: #${s.id} drawn without scripts?`);
          if (!s.note?.includes("trust the notebook (File → Trust Notebook)")) {
            problems.push(`untrusted: #${s.id} shows no note saying what to do: ${s.note}`);
          }
        }
        ok(shown[0].note?.startsWith("Plot “A parabola” is not drawn: plotly.js is not on"));
        await untrusted.page.close();

        const hasPlotly = await open(context, `${dir}/has-plotly.html`);
        const mark = await hasPlotly.page.evaluate(() =>
          // deno-lint-ignore no-explicit-any
          (globalThis as any).Plotly.courseMark
        );
        if (mark !== 1) problems.push("has-plotly: the loader replaced the page's plotly.js");
        await check("has-plotly", hasPlotly, false);

        deepEqual(problems, []);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** The page's stand-in for Notebook's output area. */
interface Notebook {
  addOutput(html: string): void;
}

/** A notebook (nbformat 4.5) of code cells, each with the given display_data outputs. */
function notebookJson(cells: { source: string; outputs?: Record<string, unknown>[] }[]): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
      cells: [
        { id: "title", cell_type: "markdown", metadata: {}, source: "# Two plots\n\nA test page." },
        ...cells.map((c, i) => ({
          id: `code-${i + 1}`,
          cell_type: "code",
          metadata: {},
          source: c.source,
          execution_count: c.outputs ? i + 1 : null,
          outputs: (c.outputs ?? []).map((data) => ({
            output_type: "display_data",
            data,
            metadata: {},
          })),
        })),
      ],
    },
    null,
    1,
  );
}

Deno.test({
  name: "export.py removes plot()'s inline plotly.js from pages and downloads; the page draws",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "plot-export-" });
    try {
      const lib = await freshDisplay("export");
      const fig = (title: string) => ({
        data: [{ x: [0, 1, 2], y: [2, 0, 1] }],
        layout: { title, xaxis: { title: "x" }, yaxis: { title: "y" } },
      });
      const outputs = ["First", "Second"].map((t) => lib.bundleOf(lib.plot(fig(t))));
      ok(String(outputs[0]["text/html"]).includes(LOADER));
      const plots = `${dir}/01_plots.ipynb`, plain = `${dir}/02_plain.ipynb`;
      await Deno.writeTextFile(
        plots,
        notebookJson(outputs.map((o) => ({ source: "await display(plot(fig))", outputs: [o] }))),
      );
      const plainText = notebookJson([{ source: "1", outputs: [{ "text/plain": "1" }] }]);
      await Deno.writeTextFile(plain, plainText);
      const before = (await Deno.stat(plots)).size;
      const out = `${dir}/site`;
      await Deno.writeTextFile(
        `${dir}/manifest.json`,
        JSON.stringify({
          outDir: out,
          course: { title: "Test course", intro: "" },
          notebooks: [{ source: plots, name: "01_plots" }, { source: plain, name: "02_plain" }],
        }),
      );
      const { python } = await setup();
      const run = await new Deno.Command(python, {
        args: [`${ROOT}/tools/export.py`, `${dir}/manifest.json`],
        env: jupyterEnv(),
        cwd: ROOT,
      }).output();
      ok(run.success, new TextDecoder().decode(run.stderr));

      const pageHtml = await Deno.readTextFile(`${out}/01_plots.html`);
      ok(!pageHtml.includes(LOADER) && !pageHtml.includes("window.Plotly = Plotly"), "the page");
      ok(pageHtml.includes('<script src="assets/plotly.min.js"></script>'), "loaded once, in head");
      const download = await Deno.readTextFile(plots);
      ok(!download.includes(LOADER) && !download.includes("window.Plotly = Plotly"), "download");
      const nb = JSON.parse(download);
      const kept = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code")
        .map((c: { outputs: { data: Record<string, unknown> }[] }) => c.outputs[0].data);
      equal(kept.length, 2);
      for (const [i, data] of kept.entries()) {
        deepEqual(
          data["application/vnd.plotly.v1+json"],
          outputs[i]["application/vnd.plotly.v1+json"],
        );
        const html = [data["text/html"]].flat().join("");
        equal(
          html,
          String(outputs[i]["text/html"]).replace(/\n<script data-course[\s\S]*?<\/script>/, ""),
        );
      }
      equal(await Deno.readTextFile(plain), plainText, "a notebook without plots is not rewritten");
      console.log(
        `export: download ${before} → ${(await Deno.stat(plots)).size} bytes, ` +
          `page ${pageHtml.length} characters`,
      );
      ok(pageHtml.length < 200_000, `page of ${pageHtml.length} characters`);

      await Deno.mkdir(`${out}/assets`, { recursive: true });
      await Deno.copyFile(PLOTLY_JS, `${out}/assets/plotly.min.js`);
      const ids = [...pageHtml.matchAll(/<div id="(plot-\d+)" class="plotly-figure"/g)].map((m) =>
        m[1]
      );
      equal(ids.length, 2, "two plot divs on the page");
      await withBrowser(async (context) => {
        const opened = await open(context, `${out}/01_plots.html`);
        const s = await drawn(opened.page, ids);
        deepEqual(s.map((x) => x.drawn), [true, true], JSON.stringify(s));
        // The page's MathJax and stylesheet are not copied here: only script errors count.
        deepEqual(opened.errors.filter((e) => e.startsWith("page error")), []);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const SETTLE = "await new Promise((resolve) => setTimeout(resolve, 500));";

Deno.test({
  name: "stock `jupyter nbconvert --to html --execute`: a notebook's two plots draw offline",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { python } = await setup();
    // Inside the project, so that the kernel finds deno.json and node_modules.
    await Deno.mkdir(`${ROOT}/test-output`, { recursive: true });
    const dir = await Deno.makeTempDir({ dir: `${ROOT}/test-output`, prefix: "plot-nbconvert-" });
    try {
      const fig = (title: string, y: number[]) =>
        `{ data: [{ x: [0, 1, 2], y: ${JSON.stringify(y)} }], layout: { title: ${
          JSON.stringify(title)
        }, xaxis: { title: "x" }, yaxis: { title: "y" } } }`;
      await Deno.writeTextFile(
        `${dir}/plots.ipynb`,
        notebookJson([
          { source: 'import { display, plot } from "../../lib/mod.ts";' },
          // The extra wait keeps stock nbconvert from dropping an output (Deno's kernel can send
          // it after the cell's "idle"; when display() waited a flat 20 ms, 2 of 9 runs here lost
          // a plot): this test is about drawing; tests/kernel_late_output_test.ts is about that.
          { source: `await display(plot(${fig("First", [1, 0, 1])}));\n${SETTLE}` },
          { source: `await display(plot(${fig("Second", [0, 1, 0])}));\n${SETTLE}` },
        ]),
      );
      const run = await new Deno.Command(python, {
        args: ["-m", "jupyter", "nbconvert", "--to", "html", "--execute", `${dir}/plots.ipynb`],
        env: jupyterEnv(),
        cwd: dir,
      }).output();
      ok(run.success, new TextDecoder().decode(run.stderr));
      const html = await Deno.readTextFile(`${dir}/plots.html`);
      const ids = [...html.matchAll(/<div id="(plot-\d+)" class="plotly-figure"/g)].map((m) =>
        m[1]
      );
      deepEqual(
        ids,
        ["plot-1", "plot-2"],
        "both plot outputs are in the HTML (nbconvert lost one?)",
      );
      equal(html.split(LOADER).length, 2, "plotly.js once, in the first plot");
      await withBrowser(async (context) => {
        const opened = await open(context, `${dir}/plots.html`);
        const s = await drawn(opened.page, ids);
        deepEqual(s.map((x) => x.drawn), [true, true], JSON.stringify(s));
        deepEqual(opened.errors.filter((e) => e.startsWith("page error")), []);
        // Debian's nbconvert loads require.js from /usr/share/javascript (libjs-requirejs, with
        // jupyter-notebook): there, the page's own AMD define was present all along.
        const amd = await opened.page.evaluate(() =>
          // deno-lint-ignore no-explicit-any
          typeof (globalThis as any).define === "function" && !!(globalThis as any).define.amd
        );
        const requireJs = html.match(/<script src="(file:\/\/[^"]*require[^"]*\.js)"/)?.[1];
        if (requireJs && await Deno.stat(new URL(requireJs)).then(() => true, () => false)) {
          ok(amd, `${requireJs} is on the page: define.amd`);
        }
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
