/**
 * The build's cache of executed notebooks (tools/cache.ts) and --fail-fast: a notebook runs again
 * only when it or a file its key covers changed (or with `force`); a corrupt cache entry is a
 * miss; a notebook that ran OK is cached even when the build fails; with `failFast` the build
 * stops at the first failing notebook and names it first, then the notebooks not run.
 *
 * Each test keeps its cache, and the files its keys cover, in a temporary folder: the project's
 * .cache/ is neither read nor written. The builds are few and their notebooks tiny.
 */

import { build, BuildError, type BuildOptions, type BuildResult } from "../tools/build.ts";
import type { KeyInputs } from "../tools/cache.ts";
import { testNotebook } from "./notebook_fixture.ts";
import { deepEqual, ok } from "./assert.ts";

function notebook(title: string, text: string, sources: string[]): string {
  return testNotebook(title, sources, { text });
}

/** A build, and what its log says: the notebooks that ran (ok or FAILED), came from the cache,
 * or were skipped. */
interface Run {
  result?: BuildResult;
  error?: BuildError;
  ran: string[];
  failed: string[];
  cached: string[];
  skipped: string[];
}

async function run(options: BuildOptions): Promise<Run> {
  const lines: string[] = [];
  const out: Run = { ran: [], failed: [], cached: [], skipped: [] };
  try {
    out.result = await build({ timeout: 30, ...options, log: (l) => lines.push(l) });
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    out.error = e;
  }
  for (const line of lines) {
    const m = line.match(/^ {2}(ok {5}|FAILED |cached |skip {3})(\S+)/);
    if (!m) continue;
    const list = { "ok     ": out.ran, "FAILED ": out.failed, "cached ": out.cached }[m[1]] ??
      out.skipped;
    list.push(m[2].replace(/\.ipynb$/, ""));
    if (m[1] === "FAILED ") out.ran.push(m[2].replace(/\.ipynb$/, ""));
  }
  out.ran.sort();
  return out;
}

/** A course folder: notebooks/, a lib/ and a deno.json the cache's key covers, the cache. */
async function course(prefix: string) {
  const root = await Deno.makeTempDir({ prefix });
  await Deno.mkdir(`${root}/notebooks`);
  await Deno.mkdir(`${root}/lib`);
  await Deno.writeTextFile(`${root}/lib/mod.ts`, "export const x = 1;\n");
  await Deno.writeTextFile(`${root}/deno.json`, "{}\n");
  const inputs: KeyInputs = { root, dirs: ["lib"], files: ["deno.json"] };
  const options: BuildOptions = {
    notebooks: `${root}/notebooks`,
    out: `${root}/site`,
    cache: { dir: `${root}/cache`, inputs },
  };
  const write = (name: string, text: string) =>
    Deno.writeTextFile(`${root}/notebooks/${name}.ipynb`, text);
  const entries = async () =>
    (await Array.fromAsync(Deno.readDir(`${root}/cache`))).map((e) => e.name).sort();
  return { root, options, write, entries };
}

async function pages(site: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for await (const e of Deno.readDir(site)) {
    if (e.name.endsWith(".html")) found[e.name] = await Deno.readTextFile(`${site}/${e.name}`);
  }
  return found;
}

Deno.test("the cache: a notebook runs again only when its key changes, or with force", async () => {
  const c = await course("build-cache-test-");
  await c.write("01_a", notebook("A", "The first.", ['console.log("a")']));
  await c.write("02_b", notebook("B", "The second.", ['console.log("b")']));
  await c.write("03_c", notebook("C", "The third.", ["3"]));
  const all = ["01_a", "02_b", "03_c"];

  const first = await run(c.options);
  ok(first.result, `the first build: ${first.error?.lines}`);
  deepEqual(first.ran, all, "the first build runs every notebook");
  const entries = await c.entries();
  ok(entries.length === 6, `one notebook and one sidecar per notebook: ${entries}`);
  const before = await pages(`${c.root}/site`);

  // (a) Nothing changed: nothing runs, and the pages are the same.
  const again = await run(c.options);
  deepEqual(again.ran, [], "nothing changed, nothing runs");
  deepEqual(again.cached.sort(), all);
  ok(again.result!.notebooks.every((n) => n.cached && n.ok), "every result says cached");
  deepEqual(
    again.result!.notebooks.map((n) => [n.cells, n.outputs]),
    first.result!.notebooks.map((n) => [n.cells, n.outputs]),
    "the counts come from the cached copies",
  );
  deepEqual(await pages(`${c.root}/site`), before, "the same pages");

  // (b) One notebook's prose changed: that one runs; its old entry is replaced.
  await c.write("02_b", notebook("B", "The second, revised.", ['console.log("b")']));
  const edited = await run(c.options);
  deepEqual(edited.ran, ["02_b"], "only the edited notebook runs");
  const replaced = await c.entries();
  ok(replaced.length === 6, `the old entry of 02_b is gone: ${replaced}`);
  ok((await Deno.readTextFile(`${c.root}/site/02_b.html`)).includes("The second, revised."));

  // (g) A corrupt cache entry is a miss, not a failure: a notebook that is not JSON, a sidecar
  // that is not JSON.
  const file = (name: string, ext: string) =>
    replaced.find((e) => e.startsWith(name) && e.endsWith(ext))!;
  await Deno.writeTextFile(`${c.root}/cache/${file("01_a", ".ipynb")}`, '{"cells": [');
  await Deno.writeTextFile(`${c.root}/cache/${file("03_c", ".json")}`, "\0garbage");
  const corrupt = await run(c.options);
  ok(corrupt.result, `corrupt entries do not fail the build: ${corrupt.error?.lines}`);
  deepEqual(corrupt.ran, ["01_a", "03_c"], "the notebooks whose entries are corrupt run");
  ok((await Deno.readTextFile(`${c.root}/site/01_a.html`)).includes("The first."));

  // (c) A file the key covers changed: everything runs.
  await Deno.writeTextFile(`${c.root}/lib/mod.ts`, "export const x = 2;\n");
  const lib = await run(c.options);
  deepEqual(lib.ran, all, "a change in lib/ runs every notebook");

  // (d) force: everything runs, and the cache is refreshed (still one entry per notebook).
  const forced = await run({ ...c.options, force: true });
  deepEqual(forced.ran, all, "force runs every notebook");
  deepEqual(forced.cached, []);
  ok((await c.entries()).length === 6, "one entry per notebook");
  await Deno.remove(c.root, { recursive: true });
});

Deno.test("fail-fast stops at the failing notebook; what ran OK is cached all the same", async () => {
  const c = await course("build-fail-fast-test-");
  await c.write("01_good", notebook("Good", "Runs.", ["1"]));
  await c.write("02_bad", notebook("Bad", "Fails.", ['throw new Error("bad")']));
  await c.write("03_good2", notebook("Good too", "Runs.", ["2"]));

  // (e) With failFast: 03_good2 is not run; the failing notebook comes first in the error.
  const fast = await run({ ...c.options, failFast: true });
  ok(fast.error, "the build fails");
  deepEqual(fast.ran, ["01_good", "02_bad"]);
  deepEqual(fast.failed, ["02_bad"]);
  deepEqual(fast.skipped, ["03_good2"]);
  ok(fast.error.lines.length === 2, `the failure, then the notebook not run: ${fast.error.lines}`);
  ok(
    fast.error.lines[0].includes("02_bad.ipynb, cell 2 (id code-1): Error: bad"),
    fast.error.lines[0],
  );
  ok(
    fast.error.lines[1].includes("03_good2.ipynb: not run: an earlier notebook failed"),
    fast.error.lines[1],
  );
  ok(!(await Deno.stat(`${c.root}/site`).catch(() => null)), "no site");

  // (e) Without failFast: 03_good2 runs. (f) 01_good ran OK in the failed build: it is cached.
  const slow = await run(c.options);
  ok(slow.error, "the build fails");
  deepEqual(slow.ran, ["02_bad", "03_good2"]);
  deepEqual(slow.cached, ["01_good"]);
  deepEqual(slow.error.lines.length, 1, `one failing notebook: ${slow.error.lines}`);

  // (f) With the bad notebook fixed, only it runs.
  await c.write("02_bad", notebook("Bad", "Fixed.", ["3"]));
  const fixed = await run(c.options);
  ok(fixed.result, `the fixed build: ${fixed.error?.lines}`);
  deepEqual(fixed.ran, ["02_bad"]);
  deepEqual(fixed.cached.sort(), ["01_good", "03_good2"]);
  deepEqual(fixed.result.notebooks.map((n) => n.cached ?? false), [true, false, true]);
  await Deno.remove(c.root, { recursive: true });
});
