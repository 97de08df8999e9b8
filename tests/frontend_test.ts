/**
 * The course in the front ends readers use: classic Jupyter Notebook (Debian's 6.x, driven in
 * Debian's Chromium by npm:playwright-core) and stock `jupyter nbconvert --execute`.
 *
 * Classic Notebook runs headless on 127.0.0.1 (a free port, a token, --allow-root only as root)
 * with the project's kernelspec first on JUPYTER_PATH, serving a temporary copy of three chapters
 * with plots, math and tables (beside links to lib/, proofs/, results/ and node_modules/, so
 * their `../lib/mod.ts` imports resolve). Each chapter is opened and run with Cell → Run All;
 * the chapter with the most cells is then run four more times (Kernel → Restart, Run All).
 * After each run, with the kernel idle and every code cell executed, it requires:
 *
 * - the kernel started: the page's kernel is `deno` and answered kernel_info;
 * - no cell shows an error;
 * - every cell shows the outputs the project's runner (tools/execute.py) gives it: the same kinds,
 *   MIME types, text/plain and text/html, in order (an output filed under a later cell, lost or
 *   doubled fails, naming the cell);
 * - every plot output is drawn: its cell holds as many drawn plotly figures (svg.main-svg) as plot
 *   outputs;
 * - math is typeset: MathJax output in every output carrying text/latex and in the Markdown
 *   cells, and no MathJax error;
 * - no request leaves the machine: every request and websocket of the page is to 127.0.0.1
 *   (others are aborted and reported), and no script error on the page.
 *
 * Then the server is stopped by its process id, and no kernel it started may be left running.
 * Stock `jupyter nbconvert --to notebook --execute` runs the same chapters, and every cell must
 * show what the runner's does. Jupyter's config, data and runtime folders are temporary ones.
 *
 * Outputs are read once the kernel is idle with every cell executed and, at most 30 s later,
 * every cell holds as many outputs as the runner's and every plot is drawn (classic Notebook drops
 * an output that comes after its cell's reply and idle, so a lost one stays lost); data longer
 * than 10,000 characters (the inline plotly.js) is compared by its SHA-256. A failing cell's
 * message lists the order in which its messages came over the websocket.
 *
 * Also here: the output comparison itself finds misplaced, lost and changed outputs; the tools
 * list no .ipynb_checkpoints copies; without the project's kernelspec the runner says to run
 * `deno task setup` instead of NoSuchKernel.
 *
 * A screenshot of the longest chapter at its first plot goes to test-output/frontend.png.
 * Needs -A.
 * @module
 */

/// <reference lib="dom" />
// (for the functions page.evaluate runs in the browser)

import type { Browser, Page } from "playwright-core";
import { deepEqual, ok } from "./assert.ts";
import {
  type Cell,
  cellErrors,
  coalesce,
  compareOutputs,
  fingerprint,
  maskTimings,
  type Output,
  plotOutputs,
  runNbconvert,
} from "./notebook_outputs.ts";
import { executeNotebooks, listNotebooks } from "../tools/notebooks.ts";
import { KERNEL_NAME, ROOT, setup } from "../tools/setup.ts";
import { chapterByKey, theCourse } from "../tools/course.ts";
import { freePort, type Server, startJupyter } from "../tools/jupyter.ts";

/** Chapters with plots, math and tables (by their keys in course.yml). */
const CHAPTERS = ["one-neuron", "matrix-form", "softmax"].map((k) =>
  chapterByKey(theCourse(), k).file
);
/** Run All on the chapter with the most cells, this many times in all. */
const RUNS_ON_LONGEST = 5;
const OUTPUT = `${ROOT}/test-output`;

// ---------------------------------------------------------------------------------------------
// The comparison itself must be able to fail.

Deno.test("comparing outputs finds a misplaced, lost or changed output and ignores timings", () => {
  const table = (s: string): Output => ({
    output_type: "display_data",
    data: { "text/html": `<table>${s}</table>`, "text/plain": s },
  });
  const reference: Cell[] = [
    { cell_type: "markdown" },
    { cell_type: "code", outputs: [table("a")] },
    { cell_type: "code", outputs: [] },
    {
      cell_type: "code",
      outputs: [table("b"), { output_type: "stream", name: "stdout", text: "x" }],
    },
  ];
  deepEqual(compareOutputs(reference, structuredClone(reference)), []);
  // cell 2's output filed under cell 3
  const moved = structuredClone(reference);
  moved[2].outputs = moved[1].outputs;
  moved[1].outputs = [];
  deepEqual(compareOutputs(reference, moved).map((p) => p.slice(0, 20)), [
    "cell 2 (code cell 1)",
    "cell 3 (code cell 2)",
  ]);
  const lost = structuredClone(reference);
  lost[3].outputs = lost[3].outputs!.slice(1);
  ok(compareOutputs(reference, lost)[0].startsWith("cell 4 (code cell 3)"));
  const changed = structuredClone(reference);
  changed[1].outputs = [table("c")];
  deepEqual(compareOutputs(reference, changed).length, 1);
  // a stream split in two is the same stream; a time is not compared
  const split = structuredClone(reference);
  split[3].outputs = [
    table("b"),
    { output_type: "stream", name: "stdout", text: "" },
    { output_type: "stream", name: "stdout", text: ["x"] },
  ];
  deepEqual(compareOutputs(reference, split), []);
  deepEqual(
    maskTimings("1 epoch in 12.5 ms, 3 s in all; 2 samples"),
    "1 epoch in #time, #time in all; 2 samples",
  );
  ok(fingerprint(table("a")) !== fingerprint({ ...table("a"), output_type: "execute_result" }));
  deepEqual(
    cellErrors([{
      cell_type: "code",
      outputs: [{ output_type: "error", ename: "E", evalue: "v" }],
    }]),
    [
      "cell 1: E: v",
    ],
  );
});

Deno.test("the tools list no .ipynb_checkpoints copies or hidden notebooks", async () => {
  const dir = await Deno.makeTempDir({ prefix: "list-notebooks-" });
  try {
    await Deno.mkdir(`${dir}/.ipynb_checkpoints`);
    for (const f of ["01_a.ipynb", ".ipynb_checkpoints/01_a-checkpoint.ipynb", ".~01_a.ipynb"]) {
      await Deno.writeTextFile(`${dir}/${f}`, "{}");
    }
    deepEqual(await listNotebooks(dir), [`${dir}/01_a.ipynb`]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without the project's kernelspec the runner says to run `deno task setup`", async () => {
  const environment = await setup();
  const dir = await Deno.makeTempDir({ prefix: "no-kernelspec-" });
  try {
    const notebook = `${dir}/nb.ipynb`;
    await Deno.writeTextFile(
      notebook,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {
          kernelspec: { name: KERNEL_NAME, display_name: "Deno", language: "typescript" },
        },
        cells: [{
          cell_type: "code",
          id: "c1",
          metadata: {},
          source: "1",
          outputs: [],
          execution_count: null,
        }],
      }),
    );
    // Jupyter's own folders, empty: no kernelspec named deno anywhere (Debian ships only python3).
    const empty = { JUPYTER_PATH: `${dir}/path`, JUPYTER_DATA_DIR: `${dir}/data` };
    const run = (env: Record<string, string>) =>
      executeNotebooks([notebook], {
        outDir: `${dir}/out`,
        environment: { ...environment, env: { ...environment.env, ...env } },
      }).then((r) => r[0]);
    const missing = await run(empty);
    ok(!missing.ok && missing.error?.kind === "kernel", JSON.stringify(missing));
    ok(/`deno task setup`/.test(missing.error?.message ?? ""), missing.error?.message);
    ok(!/NoSuchKernel/.test(missing.error?.message ?? ""), missing.error?.message);

    // A kernelspec whose Deno is gone (moved, or an npx cache cleared).
    const spec = `${dir}/path/kernels/${KERNEL_NAME}`;
    await Deno.mkdir(spec, { recursive: true });
    const gone = `${dir}/no-such-deno`;
    await Deno.writeTextFile(
      `${spec}/kernel.json`,
      JSON.stringify({
        argv: [gone, "jupyter", "--kernel", "--conn", "{connection_file}"],
        display_name: "Deno",
        language: "typescript",
      }),
    );
    const moved = await run(empty);
    ok(!moved.ok && moved.error?.kind === "kernel", JSON.stringify(moved));
    const message = moved.error?.message ?? "";
    ok(message.includes(gone) && /`deno task setup`/.test(message), message);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// ---------------------------------------------------------------------------------------------
// The real front ends.

/** A temporary project: copies of the chapters, deno.json and deno.lock; links to the rest. */
async function projectCopy(): Promise<
  { root: string; notebooks: string; jupyter: Record<string, string> }
> {
  const root = await Deno.makeTempDir({ prefix: "frontend-test-" });
  await Deno.mkdir(`${root}/notebooks`);
  for (const c of CHAPTERS) await Deno.copyFile(`${ROOT}/notebooks/${c}`, `${root}/notebooks/${c}`);
  for (const f of ["deno.json", "deno.lock"]) await Deno.copyFile(`${ROOT}/${f}`, `${root}/${f}`);
  for (const d of ["lib", "proofs", "results", "node_modules"]) {
    await Deno.symlink(`${ROOT}/${d}`, `${root}/${d}`);
  }
  // Jupyter's own folders, so the reader's configuration is neither read nor written.
  const jupyter: Record<string, string> = {};
  for (
    const [name, dir] of [
      ["JUPYTER_CONFIG_DIR", "config"],
      ["JUPYTER_DATA_DIR", "data"],
      ["JUPYTER_RUNTIME_DIR", "runtime"],
      ["IPYTHONDIR", "ipython"],
    ]
  ) {
    jupyter[name] = `${root}/.jupyter-home/${dir}`;
    await Deno.mkdir(jupyter[name], { recursive: true });
  }
  return { root, notebooks: `${root}/notebooks`, jupyter };
}

async function readCells(path: string): Promise<Cell[]> {
  return (JSON.parse(await Deno.readTextFile(path)) as { cells: Cell[] }).cells;
}

/** What a chapter's page showed after a run. */
interface PageRun {
  cells: (Cell & {
    prompt: unknown;
    drawn: number;
    notes: string[];
    math: number;
    msgId?: string;
  })[];
  kernel: { name: string; implementation: string };
  mathErrors: string[];
  markdownMath: number;
}

/** Where a run stands: per code cell its prompt, output count and drawn plots; the kernel. */
function progress(page: Page) {
  return page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const nb = (globalThis as any).Jupyter.notebook;
    // deno-lint-ignore no-explicit-any
    const cells = nb.get_cells().map((c: any, i: number) =>
      c.cell_type !== "code" ? null : {
        cell: i + 1,
        prompt: c.input_prompt_number,
        outputs: c.output_area.outputs.length,
        drawn: [...c.output_area.element[0].querySelectorAll(".plotly-figure, .js-plotly-plot")]
          .filter((f: Element) => f.querySelector("svg.main-svg")).length,
      }
    ).filter(Boolean) as { cell: number; prompt: unknown; outputs: number; drawn: number }[];
    const icon = document.querySelector("#kernel_indicator_icon")?.className ?? "";
    return { cells, idle: icon.includes("kernel_idle_icon"), kernel: icon };
  });
}

/**
 * Waits until the kernel is idle with every code cell executed, then until nothing has changed
 * for a second with every plot drawn (at most 30 s: late outputs and slow drawing), then reads
 * the page. Output data longer than {@link LONG} characters comes back as its SHA-256 (the inline
 * plotly.js is 4.8 MB), as {@link shrink} does to the reference.
 */
async function afterRun(
  page: Page,
  label: string,
  expected: { outputs: number; plots: number }[],
): Promise<PageRun> {
  let state = await progress(page);
  const started = Date.now();
  while (!(state.idle && state.cells.every((c) => typeof c.prompt === "number"))) {
    if (Date.now() - started > 180_000) {
      const pending = state.cells.filter((c) => typeof c.prompt !== "number").map((c) =>
        `${c.cell} [${c.prompt}]`
      );
      throw new Error(
        `${label}: the run did not finish in 180 s; kernel indicator ${state.kernel}, cells not ` +
          `executed: ${pending.join(", ")}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
    state = await progress(page);
  }
  // Late outputs and slow drawing: wait (at most 30 s) until every cell has as many outputs as
  // the reference and every plot is drawn, and nothing changed for a second.
  let last = "";
  for (let waited = 0; waited < 30_000; waited += 500) {
    const complete = state.cells.every((c, i) =>
      c.outputs >= expected[i].outputs && c.drawn >= expected[i].plots
    );
    const now = JSON.stringify(state.cells.map((c) => [c.outputs, c.drawn]));
    if (complete && now === last && waited >= 1000) break;
    last = now;
    await new Promise((r) => setTimeout(r, 500));
    state = await progress(page);
  }
  return await page.evaluate(async (long: number) => {
    // deno-lint-ignore no-explicit-any
    const w = globalThis as any;
    const nb = w.Jupyter.notebook;
    if (w.MathJax?.Hub) await new Promise((r) => w.MathJax.Hub.Queue(r));
    const digest = async (t: string) => {
      const h = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(t));
      return "sha256:" +
        [...new Uint8Array(h)].map((x) => x.toString(16).padStart(2, "0")).join("");
    };
    // deno-lint-ignore no-explicit-any
    const shrink = async (o: any) => {
      if (!o.data) return o;
      const data: Record<string, unknown> = {};
      for (const [mime, v] of Object.entries(o.data)) {
        const t = Array.isArray(v) ? v.join("") : v;
        data[mime] = typeof t !== "string" ? "[json]" : t.length > long ? await digest(t) : t;
      }
      return { ...o, data };
    };
    const mathSel =
      "span.MathJax, span.MathJax_CHTML, .MathJax_SVG, .MathJax_Display, mjx-container";
    const cells = [];
    for (const c of nb.get_cells()) {
      if (c.cell_type !== "code") {
        cells.push({ cell_type: c.cell_type, prompt: null, drawn: 0, notes: [], math: 0 });
        continue;
      }
      const area: HTMLElement = c.output_area.element[0];
      const figures = [...area.querySelectorAll(".plotly-figure, .js-plotly-plot")];
      const notes = [...area.querySelectorAll(".output_subarea")]
        .map((e) => e.textContent ?? "")
        .filter((t) => /plotly\.js|cannot be drawn/.test(t))
        .map((t) => t.trim().slice(0, 200));
      cells.push({
        cell_type: "code",
        msgId: c.last_msg_id,
        outputs: await Promise.all(c.output_area.outputs.map(shrink)),
        prompt: c.input_prompt_number,
        drawn: figures.filter((f) => f.querySelector("svg.main-svg")).length,
        notes,
        math: area.querySelectorAll(mathSel).length,
      });
    }
    const markdownMath = document.querySelectorAll(`.text_cell_render :is(${mathSel})`).length;
    const mathErrors = [...document.querySelectorAll(".MathJax_Error, .merror, mjx-merror")]
      .map((e) => (e.textContent ?? "").slice(0, 120));
    const info = nb.kernel?.info_reply ?? {};
    return {
      cells,
      kernel: { name: nb.kernel?.name ?? "", implementation: info.implementation ?? "" },
      mathErrors,
      markdownMath,
    };
  }, LONG);
}

/** Output data longer than this is compared by its SHA-256. */
const LONG = 10_000;

/** The reference's cells with long output data replaced by its SHA-256, as the page does. */
async function shrink(cells: Cell[]): Promise<Cell[]> {
  const digest = async (t: string) => {
    const h = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(t));
    return "sha256:" + [...new Uint8Array(h)].map((x) => x.toString(16).padStart(2, "0")).join("");
  };
  const out: Cell[] = [];
  for (const cell of cells) {
    const outputs: Output[] = [];
    for (const o of cell.outputs ?? []) {
      if (!o.data) {
        outputs.push(o);
        continue;
      }
      const data: Record<string, unknown> = {};
      for (const [mime, v] of Object.entries(o.data)) {
        const t = Array.isArray(v) ? v.join("") : v;
        data[mime] = typeof t !== "string" ? "[json]" : t.length > LONG ? await digest(t) : t;
      }
      outputs.push({ ...o, data });
    }
    out.push({ ...cell, outputs });
  }
  return out;
}

/** A kernel message the page received over its websocket: its type and parent request. */
interface Frame {
  type: string;
  parent?: string;
  state?: string;
}

/** The header of a websocket frame of classic Notebook (JSON text; binary frames skipped). */
function frameOf(payload: string | Uint8Array): Frame | undefined {
  if (typeof payload !== "string") return undefined;
  try {
    const msg = JSON.parse(payload);
    return {
      type: msg.header?.msg_type ?? msg.msg_type ?? "?",
      parent: msg.parent_header?.msg_id,
      state: msg.content?.execution_state,
    };
  } catch {
    return undefined;
  }
}

/** Everything a run must satisfy; one line per problem. */
function judge(label: string, run: PageRun, reference: Cell[], frames: Frame[]): string[] {
  const problems: string[] = [];
  const misplaced = compareOutputs(reference, run.cells, "Notebook").map((p) => {
    // Say in what order the cell's messages came, so a lost output is explained.
    const cell = run.cells[Number(p.match(/^cell (\d+)/)?.[1]) - 1];
    const mine = frames.filter((f) => cell?.msgId && f.parent === cell.msgId);
    return mine.length === 0
      ? p
      : `${p} [its messages arrived as: ${
        mine.map((f) => f.state ? `${f.type} ${f.state}` : f.type).join(", ")
      }]`;
  });
  if (run.kernel.name !== "deno" || !run.kernel.implementation) {
    problems.push(`the kernel did not start (name ${JSON.stringify(run.kernel.name)})`);
  }
  problems.push(...cellErrors(run.cells));
  problems.push(...misplaced);
  for (const [i, c] of run.cells.entries()) {
    const plots = plotOutputs(c);
    if (c.drawn !== plots) {
      problems.push(
        `cell ${i + 1}: ${c.drawn} of ${plots} plot(s) drawn${
          c.notes.length ? ` (the note says: ${c.notes.join(" / ")})` : ""
        }`,
      );
    }
    const latex = (c.outputs ?? []).filter((o) => o.data && "text/latex" in o.data).length;
    if (latex > 0 && c.math === 0) {
      problems.push(`cell ${i + 1}: ${latex} math output(s), none typeset by MathJax`);
    }
  }
  if (run.markdownMath === 0) problems.push("no math typeset in the Markdown cells");
  problems.push(...run.mathErrors.map((e) => `MathJax error: ${e}`));
  return problems.map((p) => `${label}: ${p}`);
}

async function launch(): Promise<{ browser: Browser; chromium: string }> {
  let playwright: typeof import("playwright-core");
  try {
    playwright = await import("playwright-core");
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new Error(`the front-end test needs \`deno test -A\` (playwright-core: ${e.message})`);
    }
    throw e;
  }
  const { chromium } = await setup({ browser: true });
  const browser = await playwright.chromium.launch({
    executablePath: chromium!,
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
  return { browser, chromium: chromium! };
}

/** The pids of processes whose command line names the folder (the server's kernels). */
async function processesUsing(folder: string): Promise<number[]> {
  const pids: number[] = [];
  for await (const e of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    const cmdline = await Deno.readTextFile(`/proc/${e.name}/cmdline`).catch(() => "");
    if (cmdline.includes(folder)) pids.push(Number(e.name));
  }
  return pids;
}

Deno.test({
  name:
    "classic Notebook in Chromium runs chapters 1, 4 and 7 with every output in its own cell, " +
    "plots drawn and math typeset, offline; stock nbconvert keeps every output",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const environment = await setup({ browser: true });
    ok(environment.notebook, "setup --browser found no Jupyter Notebook");
    const copy = await projectCopy();
    const env = { ...environment, env: { ...environment.env, ...copy.jupyter } };
    const paths = CHAPTERS.map((c) => `${copy.notebooks}/${c}`);
    const timings: string[] = [];
    let clock = performance.now();
    const lap = (what: string) => {
      const now = performance.now();
      timings.push(`${what} ${((now - clock) / 1000).toFixed(1)} s`);
      clock = now;
    };
    const problems: string[] = [];
    let server: Server | undefined;
    let browser: Browser | undefined;
    try {
      // The reference: the project's runner, which keeps every output in its own cell.
      const refDir = `${copy.root}/reference`;
      const results = await executeNotebooks(paths, { outDir: refDir, environment: env });
      for (const r of results) ok(r.ok, `the project's runner failed on ${r.notebook}`);
      const reference = new Map<string, Cell[]>();
      const shrunk = new Map<string, Cell[]>(); // as the page reports outputs
      for (const c of CHAPTERS) {
        reference.set(c, await readCells(`${refDir}/${c}`));
        shrunk.set(c, await shrink(reference.get(c)!));
      }
      lap("runner");
      const longest = CHAPTERS.reduce((a, b) =>
        reference.get(b)!.length > reference.get(a)!.length ? b : a
      );

      server = await startJupyter({
        frontEnd: { kind: "notebook", command: environment.notebook, version: "" },
        notebookDir: copy.notebooks,
        open: CHAPTERS[0],
        port: freePort(), // not 8888, which a reader's own Jupyter may hold
        browser: false,
        env: copy.jupyter,
        log: "null",
      });
      lap("server start");
      ({ browser } = await launch());
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        serviceWorkers: "block",
      });
      const leaks: string[] = [];
      const local = (url: string) => {
        const u = new URL(url);
        return u.protocol === "file:" || u.protocol === "data:" || u.protocol === "blob:" ||
          u.protocol === "about:" || u.hostname === "127.0.0.1";
      };
      await context.route("**/*", (route) => {
        const url = route.request().url();
        if (local(url)) return route.continue();
        leaks.push(url);
        return route.abort("internetdisconnected");
      });

      for (const chapter of CHAPTERS) {
        const page = await context.newPage();
        const pageErrors: string[] = [];
        page.on("pageerror", (e) => pageErrors.push(`script error: ${e.message}`));
        const frames: Frame[] = [];
        page.on("websocket", (ws) => {
          if (!local(ws.url())) leaks.push(ws.url());
          ws.on("framereceived", ({ payload }) => {
            const frame = frameOf(payload);
            if (frame) frames.push(frame);
          });
        });
        await page.goto(server.urlOf(chapter), { waitUntil: "load", timeout: 60_000 });
        await page.waitForFunction(
          () => {
            // deno-lint-ignore no-explicit-any
            const kernel = (globalThis as any).Jupyter?.notebook?.kernel;
            return kernel?.info_reply?.implementation !== undefined;
          },
          undefined,
          { timeout: 60_000, polling: 250 },
        ).catch(() => {
          problems.push(`${chapter}: the kernel did not start within 60 s`);
        });
        lap(`${chapter} open`);
        const runs = chapter === longest ? RUNS_ON_LONGEST : 1;
        for (let run = 1; run <= runs; run++) {
          const label = `${chapter} run ${run}`;
          frames.length = 0;
          if (run > 1) {
            // Kernel → Restart (no dialog), outputs and prompts cleared, then Run All again.
            await page.evaluate(async () => {
              // deno-lint-ignore no-explicit-any
              const nb = (globalThis as any).Jupyter.notebook;
              await nb.restart_kernel({ confirm: false });
              nb.clear_all_output();
              for (const c of nb.get_cells()) if (c.cell_type === "code") c.set_input_prompt(null);
            });
          }
          await page.click("#celllink"); // Cell → Run All, as a reader does
          await page.click("#run_all_cells");
          const ref = shrunk.get(chapter)!;
          const expected = ref.filter((c) => c.cell_type === "code").map((c) => ({
            outputs: coalesce(c.outputs ?? []).length,
            plots: plotOutputs(c),
          }));
          const result = await afterRun(page, label, expected);
          problems.push(...judge(label, result, ref, frames));
          lap(label);
        }
        if (chapter === longest) {
          await Deno.mkdir(OUTPUT, { recursive: true });
          await page.evaluate(() => document.querySelector(".js-plotly-plot")?.scrollIntoView());
          await page.screenshot({ path: `${OUTPUT}/frontend.png` });
        }
        problems.push(...pageErrors.map((e) => `${chapter}: ${e}`));
        await page.close();
      }
      problems.push(...[...new Set(leaks)].map((u) => `a request left the machine: ${u}`));
      await browser.close();
      browser = undefined;

      // Stop the server by its process id; its kernels must go with it.
      const runtime = copy.jupyter.JUPYTER_RUNTIME_DIR;
      const status = await server.stop();
      server = undefined;
      ok(status.signal === "SIGTERM" || status.success, `server exit: ${JSON.stringify(status)}`);
      const left = await processesUsing(runtime);
      for (const pid of left) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* gone */ }
      }
      if (left.length) problems.push(`kernels left running after the server stopped: ${left}`);
      lap("server stop");

      // Stock nbconvert on the same chapters: every output in its own cell.
      const stockDir = `${copy.root}/stock`;
      const stock = await runNbconvert(environment.python, env.env, paths, stockDir);
      if (!stock.ok) {
        problems.push(`nbconvert failed:\n${stock.log.split("\n").slice(-8).join("\n")}`);
      } else {
        for (const c of CHAPTERS) {
          const cells = await readCells(`${stockDir}/${c}`);
          problems.push(...cellErrors(cells).map((p) => `nbconvert ${c}: ${p}`));
          problems.push(
            ...compareOutputs(reference.get(c)!, cells, "nbconvert").map((p) =>
              `nbconvert ${c}: ${p}`
            ),
          );
        }
      }
      lap("nbconvert");
    } finally {
      await browser?.close().catch(() => {});
      await server?.stop().catch(() => {});
      console.log(`front-end test: ${timings.join(", ")}`);
      await Deno.remove(copy.root, { recursive: true }).catch(() => {});
    }
    deepEqual(problems, [], `\n${problems.join("\n")}`);
  },
});
