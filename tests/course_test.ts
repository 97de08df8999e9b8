/**
 * The course as a learner meets it, checked on the committed notebooks: every chapter 1–9 has
 * objectives, exercises and a summary and links the notation page; every exercise of the
 * catalogue sits in its chapter as a cell ending with `await checkExercise("id", …)` with a
 * collapsed hint under it; the machinery (claims, plots, timings) is folded; one notation (no μ);
 * no hashed source file names or internal ids on the page; prose names other chapters only by links
 * to their files, never by a typed number, and every such link reaches a notebook; the
 * from-scratch chapter exists.
 */

import { EXERCISES } from "../lib/mod.ts";
import { chapterByKey, exerciseLocations, theCourse } from "../tools/course.ts";
import { ok } from "./assert.ts";

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[]; jupyter?: { source_hidden?: boolean } };
}

const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const folded = (c: Cell) =>
  (c.metadata?.tags ?? []).includes("hide-input") && c.metadata?.jupyter?.source_hidden === true;

/** The course's chapters (course.yml's order and numbers), with their cells. */
async function chapters(): Promise<
  { name: string; key: string; number: number | null; cells: Cell[] }[]
> {
  const out = [];
  for (const c of theCourse().all) {
    const nb = JSON.parse(await Deno.readTextFile(c.path)) as { cells: Cell[] };
    out.push({ name: c.name, key: c.key, number: c.number, cells: nb.cells });
  }
  return out;
}

Deno.test("every chapter: objectives, a summary, a link to the notation page, exercises where they sit", async () => {
  const notation = `](${chapterByKey(theCourse(), "welcome").file}#Notation)`;
  const withExercises = new Set([...exerciseLocations(theCourse()).values()].map((c) => c.name));
  ok(withExercises.size >= 9, `exercises sit in ${withExercises.size} chapters`);
  const numbered = (await chapters()).filter((c) => c.number !== null);
  ok(numbered.length >= 12, `${numbered.length} numbered chapters`);
  for (const ch of numbered) {
    const md = ch.cells.filter((c) => c.cell_type === "markdown").map(text).join("\n");
    ok(/By the end of this chapter you will/.test(md), `${ch.name}: learning objectives`);
    ok(/^## (Summary|Key equations)/m.test(md), `${ch.name}: a "## Summary" section`);
    ok(md.includes(notation), `${ch.name}: links the notation page`);
    if (withExercises.has(ch.name)) {
      ok(/^## Exercises\s*$/m.test(md), `${ch.name}: an "## Exercises" section`);
    }
  }
});

Deno.test("every exercise sits in its chapter: starter with a TODO, checkExercise last, a collapsed hint under it", async () => {
  const all = await chapters();
  const where = exerciseLocations(theCourse());
  for (const e of EXERCISES) {
    const ch = all.find((c) => c.name === where.get(e.id)?.name);
    ok(ch !== undefined, `${e.id}: a chapter of course.yml calls checkExercise("${e.id}", …)`);
    const i = ch.cells.findIndex((c) =>
      c.cell_type === "code" && text(c).includes(`checkExercise("${e.id}"`)
    );
    const source = text(ch.cells[i]).trimEnd();
    ok(/TODO/.test(source), `${e.id}: the starter code says TODO`);
    ok(
      /await checkExercise\("[a-z0-9-]+", [^\n]*\);?$/.test(source.split("\n").pop()!),
      `${e.id}: the cell ends with await checkExercise(…)`,
    );
    ok(!folded(ch.cells[i]), `${e.id}: the exercise cell is not folded`);
    const next = ch.cells[i + 1];
    ok(
      next?.cell_type === "markdown" && /<details>\s*<summary>/.test(text(next)),
      `${e.id}: a collapsed hint (<details>) right under the exercise`,
    );
  }
});

Deno.test("the machinery is folded: cells asserting claims, building plots or timing carry hide-input", async () => {
  for (const ch of await chapters()) {
    for (const [i, c] of ch.cells.entries()) {
      if (c.cell_type !== "code") continue;
      const s = text(c);
      const machinery = /false claim/.test(s) || /\bplot\(/.test(s) ||
        /performance\.now\(\)/.test(s);
      if (machinery && !s.includes("checkExercise(")) {
        ok(folded(c), `${ch.name}, cell ${i + 1}: asserts, plots or times, so it is folded`);
      }
    }
  }
});

Deno.test("one notation, and nothing internal on the page", async () => {
  for (const ch of await chapters()) {
    for (const [i, c] of ch.cells.entries()) {
      const s = text(c);
      const where = `${ch.name}, cell ${i + 1}`;
      if (ch.key !== "sources" && ch.key !== "welcome") {
        ok(!/\\mu\b|μ/.test(s), `${where}: σ is the activation (no μ)`);
      }
      ok(!/\b00[0-3]_[0-9a-f]{16}\b/.test(s), `${where}: no hashed source file names`);
    }
  }
});

Deno.test("the from-scratch chapter comes after the matrix form it builds on", async () => {
  const all = await chapters();
  const matrix = all.findIndex((c) => c.key === "matrix-form");
  const scratch = all.findIndex((c) => c.key === "from-scratch");
  ok(matrix >= 0 && scratch > matrix, `matrix form at ${matrix}, from scratch at ${scratch}`);
  const title = text(all[scratch].cells[0]).split("\n")[0];
  ok(/from scratch/i.test(title), `the from-scratch chapter's title: "${title}"`);
});

/**
 * A cell's Markdown as prose: fenced code, code spans and math ($…$, $$…$$) replaced by "…", so
 * that `chapter 4` in code or $w^4$ in an equation is not read as a sentence.
 */
export function prose(md: string): string {
  return md
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "…")
    .replace(/(`+)[\s\S]*?\1/g, "…")
    .replace(/\$\$[\s\S]*?\$\$/g, "…")
    .replace(/\$[^$\n]+\$/g, "…");
}

/**
 * The places where prose names a chapter, a notebook or another chapter's exercise by a typed
 * number ("chapter 4", "Chapters 1 to 9", "notebook 08", "Exercise 4.3", "[3](03_paths.ipynb)"),
 * each quoted with some text either side. A source's own numbering named right before it
 * ("Nielsen's chapter 2", "his chapter 2", "Nielsen, chapter 2") is not one; "Exercise 2" within
 * its own chapter is not one either.
 */
export function handTypedNumbers(md: string): string[] {
  const text = prose(md);
  const patterns = [
    /\b(chapters?|notebooks?|ch\.)\s*(from\s+)?\[?\s*\d/gi,
    /\bchapter\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/gi,
    /\bexercises?\s+\d+\.\d+/gi,
    /\[\s*\d+\s*\]\([^)\s]*\.ipynb\b/g,
  ];
  const sourceNumbering = /(Nielsen['’]s|\bhis|Nielsen,) $/;
  const found: { at: number; quote: string }[] = [];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      const at = m.index!;
      if (sourceNumbering.test(text.slice(Math.max(0, at - 12), at))) continue;
      const before = text.slice(Math.max(0, at - 40), at), after = text.slice(at, at + 60);
      found.push({ at, quote: `…${before}${after}…`.replace(/\s+/g, " ") });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.quote);
}

/** The notebook files that the Markdown links of a cell's prose point at (`x.ipynb#…`). */
export function linkedNotebooks(md: string): string[] {
  const text = prose(md);
  return [...text.matchAll(/\]\(\s*<?([^)\s#>]*\.ipynb)(?:#[^)\s>]*)?>?(?:\s+"[^"]*")?\s*\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The links of a cell's prose to a notebook that is not one of `names` (file names). */
export function brokenNotebookLinks(md: string, names: ReadonlySet<string>): string[] {
  return linkedNotebooks(md).filter((target) => !names.has(target.replace(/^\.\//, "")));
}

Deno.test("prose names chapters by links, never by a typed number", async () => {
  const found: string[] = [];
  for (const ch of await chapters()) {
    for (const [i, c] of ch.cells.entries()) {
      if (c.cell_type !== "markdown") continue;
      for (const quote of handTypedNumbers(text(c))) {
        found.push(`${ch.name}.ipynb, cell ${i + 1}: "${quote}"`);
      }
    }
  }
  ok(
    found.length === 0,
    `a chapter, notebook or exercise named by a typed number, which goes stale when the course ` +
      `file reorders the chapters; link to the chapter's file with words instead, e.g. ` +
      `[the matrix form](04_matrix_form.ipynb):\n${found.join("\n")}`,
  );
});

Deno.test("every link to a notebook in prose reaches a notebook of the course", async () => {
  const names = new Set(theCourse().all.map((c) => c.file));
  let links = 0;
  const broken: string[] = [];
  for (const ch of await chapters()) {
    for (const [i, c] of ch.cells.entries()) {
      if (c.cell_type !== "markdown") continue;
      links += linkedNotebooks(text(c)).length;
      for (const target of brokenNotebookLinks(text(c), names)) {
        broken.push(`${ch.name}.ipynb, cell ${i + 1}: "${target}"`);
      }
    }
  }
  ok(links > 50, `the prose links other chapters (${links} links found)`);
  ok(
    broken.length === 0,
    `links to a notebook that is not a chapter of course.yml (${[...names].join(", ")}):\n` +
      broken.join("\n"),
  );
});

Deno.test("the typed-number check: what it catches and what it lets through", () => {
  const caught = [
    "As [chapter 4](04_matrix_form.ipynb) shows.",
    "Chapters [3](03_paths.ipynb), [6](06_sigma_prime.ipynb) and [9](09_efficiency.ipynb) time it.",
    "Chapters 1 to 9 end with exercises.",
    "derived in chapters 1–4",
    "Each chapter from 1 to 9 opens with objectives.",
    "see notebook 08",
    "[Chapter 5, *Backpropagation from scratch*](05_from_scratch.ipynb) writes it out.",
    "If you solved [Exercise 4.3](04_matrix_form.ipynb#Exercises), compare.",
    "(Exercises 9.1 and 9.2 at the end)",
    "### Exercise 4.1 — BP1",
    "as chapter two shows",
    "The nudge of [chapter 3](03_paths.ipynb#What-the-error-of-a-neuron-measures).",
  ];
  for (const s of caught) ok(handTypedNumbers(s).length > 0, `caught: ${s}`);
  ok(handTypedNumbers(caught[1]).length === 4, "each of the four numbers is quoted");
  ok(handTypedNumbers(caught[0])[0].includes("[chapter 4]"), "the quote shows the phrase");
  const allowed = [
    "derived in [the matrix form](04_matrix_form.ipynb)",
    "[*Checking gradients*](08_gradient_checking.ipynb#Exercises) explains why",
    "This follows Nielsen's chapter 2 and Nielsen’s chapter 1.",
    "the lesson he draws in his chapter 2",
    "| Nielsen, chapter 2 (reprint) | 29 |",
    "### Exercise 2 — the whole product, using Exercise 1",
    "`chapter 4` in code, and $x_{chapter 4}$ in math",
    "```ts\n// as chapter 9 counts them\n```",
    "layer 4 of a 2-3-3-2 network, section 8, step 5",
  ];
  for (const s of allowed) ok(handTypedNumbers(s).length === 0, `allowed: ${s}`);
  ok(
    linkedNotebooks("[a](04_matrix_form.ipynb), [b](05_x.ipynb#Anchor), [c](https://x.org/y.ipynb)")
      .join() === "04_matrix_form.ipynb,05_x.ipynb",
    "links to notebooks are found, web addresses left alone",
  );
  ok(linkedNotebooks("`[a](04_matrix_form.ipynb)` in code").length === 0, "not in code spans");
  const names = new Set(["04_matrix_form.ipynb"]);
  ok(
    brokenNotebookLinks("[a](04_matrix_form.ipynb#X), [b](./04_matrix_form.ipynb)", names)
          .length === 0 &&
      brokenNotebookLinks("[a](4_matrix_form.ipynb#X)", names).join() === "4_matrix_form.ipynb",
    "a link to a notebook that does not exist is reported",
  );
});

Deno.test("every output reaches its own cell: no cell ends in a bare expression, printing cells end with flush()", async () => {
  // Deno's kernel can send a cell's result after the cell's "idle": stock clients drop it and
  // Notebook's Run All files it under the next cell (tests/kernel_late_output_test.ts). So a
  // cell shows things with `await display(…)`, and one that prints ends with `await flush()`.
  const ts = (await import("typescript")).default;
  let cells = 0;
  for (const ch of await chapters()) {
    ch.cells.forEach((c, i) => {
      if (c.cell_type !== "code") return;
      cells++;
      const source = text(c);
      const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true);
      const last = file.statements[file.statements.length - 1];
      const where = `${ch.name}, cell ${i + 1}`;
      ok(
        !source.includes("Deno.jupyter.display("),
        `${where}: uses Deno.jupyter.display, not display`,
      );
      if (last === undefined || !ts.isExpressionStatement(last)) {
        ok(
          !source.includes("console.log("),
          `${where}: prints but does not end with a display or flush()`,
        );
        return;
      }
      const e = last.expression;
      const awaited = ts.isAwaitExpression(e) && ts.isCallExpression(e.expression)
        ? e.expression.expression.getText(file)
        : "";
      ok(
        awaited === "display" || awaited === "flush",
        `${where}: ends in a bare expression (${
          e.getText(file).slice(0, 60)
        }…), not await display(…)`,
      );
    });
  }
  ok(cells > 150, `${cells} code cells read`);
});
