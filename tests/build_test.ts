/**
 * The build is atomic: a failing notebook leaves the previous site exactly as it was (and names
 * the notebook and the cell); a good build replaces it whole; nothing else in the folder is
 * touched, and no staging folder is left behind.
 *
 * The pages: a code cell tagged hide-input (or with jupyter.source_hidden) has its code in a
 * closed <details class="course-fold"> and its output outside it; links to sibling notebooks
 * point to their pages (anchor kept) while the downloadable notebooks keep .ipynb; a folder built
 * as an ad hoc course (`notebooks`) is numbered 1, 2, … in file-name order.
 */

import { build, BuildError } from "../tools/build.ts";
import { type Code, testNotebook } from "./notebook_fixture.ts";
import { theCourse } from "../tools/course.ts";
import { deepEqual, ok } from "./assert.ts";

function notebook(title: string, sources: Code[], markdown: string[] = []): string {
  return testNotebook(title, sources, { markdown });
}

async function listing(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}

Deno.test("a failed build leaves site/ as it was; a good one swaps in a whole new site", async () => {
  const root = await Deno.makeTempDir({ prefix: "build-test-" });
  const notebooks = `${root}/notebooks`, site = `${root}/site`;
  await Deno.mkdir(notebooks);
  await Deno.mkdir(site);
  await Deno.writeTextFile(`${site}/index.html`, "the previous course");
  await Deno.writeTextFile(`${root}/neighbour.txt`, "not ours");
  await Deno.writeTextFile(`${notebooks}/01_good.ipynb`, notebook("Good", ["1 + 1"]));
  await Deno.writeTextFile(
    `${notebooks}/02_bad.ipynb`,
    notebook("Bad", ["const x = 2", 'if (x !== 3) throw new Error("x is not 3")']),
  );

  let caught: unknown;
  try {
    await build({ notebooks, out: site, timeout: 30, cache: { dir: `${root}-cache` } });
  } catch (e) {
    caught = e;
  }
  ok(caught instanceof BuildError, `expected a BuildError, got ${caught}`);
  ok(caught.lines.length === 1, `one line per failing notebook: ${caught.lines}`);
  ok(
    caught.lines[0].includes("02_bad.ipynb, cell 3 (id code-2): Error: x is not 3"),
    caught.lines[0],
  );
  deepEqual(await listing(site), ["index.html"]);
  ok((await Deno.readTextFile(`${site}/index.html`)) === "the previous course", "site/ untouched");
  deepEqual(await listing(root), ["neighbour.txt", "notebooks", "site"], "no staging left");

  await Deno.writeTextFile(`${notebooks}/02_bad.ipynb`, notebook("Fixed", ["3"]));
  const result = await build({
    notebooks,
    out: site,
    timeout: 30,
    cache: { dir: `${root}-cache` },
  });
  deepEqual(result.pages.map((p) => p.title), ["Good", "Fixed", theCourse().title]);
  const files = await listing(site);
  for (const f of ["index.html", "01_good.html", "02_bad.html", "assets", "notebooks"]) {
    ok(files.includes(f), `site/ has ${f}: ${files}`);
  }
  ok(!(await Deno.readTextFile(`${site}/index.html`)).includes("the previous course"));
  deepEqual(await listing(root), ["neighbour.txt", "notebooks", "site"], "only site/ replaced");
  await Deno.remove(root, { recursive: true });
  await Deno.remove(`${root}-cache`, { recursive: true });
});

/** The HTML of the one code cell (`<div class="jp-Cell jp-CodeCell …">`) holding `marker`. */
function codeCell(html: string, marker: string): string {
  // tools/export.py numbers the code cells for the pages' runtime: data-course-cell="N".
  const cells = html.split(/(?=<div (?:data-course-cell="\d+" )?class="jp-Cell jp-CodeCell)/)
    .slice(1);
  const found = cells.filter((c) => c.includes(marker));
  ok(found.length === 1, `one code cell holds ${JSON.stringify(marker)}, found ${found.length}`);
  return found[0];
}

/** Where a code cell's fold is: the <details> element's text, and the cell's HTML after it. */
function fold(cell: string): { open: string; inside: string; after: string } | null {
  const start = cell.search(/<details\b[^>]*class="course-fold"/);
  if (start < 0) return null;
  const end = cell.indexOf("</details>", start);
  ok(end > start, "the fold's <details> is closed in the HTML");
  const open = cell.slice(start, cell.indexOf(">", start) + 1);
  return { open, inside: cell.slice(start, end), after: cell.slice(end) };
}

Deno.test("pages: folded machinery, links between chapters with their numbers, chapters numbered by position", async () => {
  const root = await Deno.makeTempDir({ prefix: "build-pages-test-" });
  const notebooks = `${root}/notebooks`, site = `${root}/site`;
  await Deno.mkdir(notebooks);
  const links = [
    "See [the folds](04_folds.ipynb), [its folds](04_folds.ipynb#Folded-cells) and",
    '<a href="04_folds.ipynb#Folded-cells">the same, in HTML</a>;',
    "[elsewhere](https://example.org/04_folds.ipynb) and `[code](04_folds.ipynb)` stay.",
    "",
    "<details><summary>Hint</summary>",
    "",
    "The hint, with $x^2$, `code`, *emphasis* and [a link](04_folds.ipynb).",
    "",
    "</details>",
  ].join("\n");
  await Deno.writeTextFile(`${notebooks}/00_start.ipynb`, notebook("Start", ["1"], [links]));
  await Deno.writeTextFile(
    `${notebooks}/04_folds.ipynb`,
    notebook("Folds", [
      { source: 'console.log("by " + "tag")', metadata: { tags: ["hide-input"] } },
      { source: 'console.log("by " + "jupyter")', metadata: { jupyter: { source_hidden: true } } },
      { source: 'console.log("in " + "plain sight")', metadata: { tags: ["other"] } },
    ], ["## Folded cells"]),
  );
  await Deno.writeTextFile(`${notebooks}/notes.ipynb`, notebook("Notes", ["2"]));
  await build({ notebooks, out: site, timeout: 30, cache: { dir: `${root}-cache` } });
  const page = (name: string) => Deno.readTextFile(`${site}/${name}`);

  // Folding: the code in a closed <details>, the output below it, outside.
  const folds = await page("04_folds.html");
  const folded = [['"tag"', "by tag"], ['"jupyter"', "by jupyter"]]; // [code, output]
  for (const [source, output] of folded) {
    const f = fold(codeCell(folds, source));
    ok(f, `the cell printing ${output} is folded`);
    ok(!/\bopen\b/.test(f.open), `the fold is closed: ${f.open}`);
    ok(/<summary>\s*Show the code\s*<\/summary>/.test(f.inside), "the summary says Show the code");
    ok(
      f.inside.includes(source) && !f.after.includes(source),
      `${output}: the code is in the fold`,
    );
    ok(f.after.includes(output) && !f.inside.includes(output), `${output}: the output is outside`);
  }
  const plain = codeCell(folds, '"plain sight"');
  ok(fold(plain) === null && !plain.includes("<details"), "a plain cell is not folded");
  ok(plain.includes("in plain sight"), "a plain cell shows its output");
  ok(folds.includes('id="Folded-cells"'), "the heading the links name has its anchor");
  // The runtime's view of the cells: numbered in order, sources and folds in #course-cells.
  deepEqual(
    [...folds.matchAll(/data-course-cell="(\d+)"/g)].map((m) => m[1]),
    ["0", "1", "2"],
  );
  const described = JSON.parse(
    folds.match(/<script type="application\/json" id="course-cells">([\s\S]*?)<\/script>/)![1],
  );
  deepEqual(
    described.map((c: { source: string; folded: boolean }) => [c.source, c.folded]),
    [
      ['console.log("by " + "tag")', true],
      ['console.log("by " + "jupyter")', true],
      ['console.log("in " + "plain sight")', false],
    ],
  );

  // Links: to a sibling's page, anchor kept; elsewhere, and in code, untouched.
  const start = await page("00_start.html");
  ok(start.includes('href="04_folds.html"'), "a link to a sibling notebook goes to its page");
  const anchored = start.match(/href="04_folds\.html#Folded-cells"/g) ?? [];
  ok(anchored.length === 2, `Markdown and HTML links keep their #anchor: ${anchored.length}`);
  ok(!/href="04_folds\.ipynb/.test(start), "no link to a sibling .ipynb is left");
  ok(start.includes('href="https://example.org/04_folds.ipynb"'), "a link elsewhere is kept");
  ok(/<code>\[code\]\(04_folds\.ipynb\)<\/code>/.test(start), "code is not rewritten");
  ok(/<details>\s*<summary>Hint<\/summary>/.test(start), "a Markdown hint stays a <details>");
  ok(
    /<p>The hint, with \$x\^2\$, <code>code<\/code>, <em>emphasis<\/em> and <a href="04_folds\.html" title="Chapter 2: Folds">a link<span class="course-xref-n">ch.&nbsp;2<\/span><\/a>\.<\/p>/
      .test(start),
    "the Markdown inside a hint is converted (math left to MathJax, links to pages with the chapter's number)",
  );
  const download = await Deno.readTextFile(`${site}/notebooks/00_start.ipynb`);
  ok(download.includes("(04_folds.ipynb#Folded-cells)"), "the download keeps its .ipynb links");
  ok(!download.includes("04_folds.html"), "the download links to no page");

  // A folder of notebooks is a course in file-name order, numbered by position (never by prefix).
  const label = (html: string) => html.match(/<span class="course-chapter">([^<]*)<\/span>/)?.[1];
  deepEqual(label(start), "Chapter 1");
  deepEqual(label(folds), "Chapter 2");
  deepEqual(label(await page("notes.html")), "Chapter 3");
  ok(folds.includes('rel="prev" href="00_start.html"'), "previous by position");
  ok(folds.includes('rel="next" href="notes.html"'), "next by position");
  const toc = [...(await page("index.html")).matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => ({
    number: m[1].match(/class="course-toc-number"[^>]*>([^<]*)</)?.[1] ?? null,
    href: m[1].match(/class="course-toc-title" href="([^"]*)"/)?.[1],
  }));
  deepEqual(toc, [
    { number: "1", href: "00_start.html" },
    { number: "2", href: "04_folds.html" },
    { number: "3", href: "notes.html" },
  ]);
  await Deno.remove(root, { recursive: true });
  await Deno.remove(`${root}-cache`, { recursive: true });
});
