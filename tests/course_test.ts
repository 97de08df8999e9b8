/**
 * The course as a learner meets it, checked on the committed notebooks: every chapter 1–9 has
 * objectives, exercises and a summary and links the notation page; every exercise of the
 * catalogue sits in its chapter as a cell ending with `await checkExercise("id", …)` with a
 * collapsed hint under it; the machinery (claims, plots, timings) is folded; one notation (no μ);
 * no hashed source file names or internal ids on the page; chapter numbers in prose are links to
 * that chapter; the from-scratch chapter exists.
 */

import { EXERCISES } from "../lib/mod.ts";
import { listNotebooks } from "../tools/notebooks.ts";
import { ok } from "./assert.ts";

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[]; jupyter?: { source_hidden?: boolean } };
}

const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const folded = (c: Cell) =>
  (c.metadata?.tags ?? []).includes("hide-input") && c.metadata?.jupyter?.source_hidden === true;

async function chapters(): Promise<{ name: string; number: number; cells: Cell[] }[]> {
  const out = [];
  for (const path of await listNotebooks()) {
    const name = path.split("/").pop()!.replace(/\.ipynb$/, "");
    const nb = JSON.parse(await Deno.readTextFile(path)) as { cells: Cell[] };
    out.push({ name, number: Number(name.slice(0, 2)), cells: nb.cells });
  }
  return out;
}

Deno.test("chapters 1–9: objectives, exercises, a summary, and a link to the notation page", async () => {
  for (const ch of (await chapters()).filter((c) => c.number >= 1 && c.number <= 9)) {
    const md = ch.cells.filter((c) => c.cell_type === "markdown").map(text).join("\n");
    ok(/By the end of this chapter you will/.test(md), `${ch.name}: learning objectives`);
    ok(/^## Exercises\s*$/m.test(md), `${ch.name}: an "## Exercises" section`);
    ok(/^## (Summary|Key equations)/m.test(md), `${ch.name}: a "## Summary" section`);
    ok(md.includes("](00_welcome.ipynb#Notation)"), `${ch.name}: links the notation page`);
  }
});

Deno.test("every exercise sits in its chapter: starter with a TODO, checkExercise last, a collapsed hint under it", async () => {
  const all = await chapters();
  for (const e of EXERCISES) {
    const ch = all.find((c) => c.name === e.chapter);
    ok(ch !== undefined, `${e.id}: its chapter ${e.chapter} exists`);
    const i = ch.cells.findIndex((c) =>
      c.cell_type === "code" && text(c).includes(`checkExercise("${e.id}"`)
    );
    ok(i >= 0, `${e.id}: a cell of ${e.chapter} calls checkExercise("${e.id}", …)`);
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
      if (ch.number >= 1 && ch.number <= 11) {
        ok(!/\\mu\b|μ/.test(s), `${where}: σ is the activation (no μ)`);
      }
      ok(!/\b00[0-3]_[0-9a-f]{16}\b/.test(s), `${where}: no hashed source file names`);
      if (c.cell_type === "markdown") {
        // "chapter 4" in prose is a link to chapter 4 (a source's chapter, "Nielsen's chapter 2",
        // "his chapter 2", "Nielsen, chapter 2", is not).
        for (const m of s.matchAll(/(?<!('s|his|Nielsen,) )\b[Cc]hapter (\d{1,2})\b/g)) {
          ok(inLink(s, m.index!), `${where}: "${m[0]}" is a link to that chapter`);
        }
        for (const m of s.matchAll(/\[[Cc]hapter (\d{1,2})\]\(([^)#]+)/g)) {
          ok(
            m[2].startsWith(String(m[1]).padStart(2, "0") + "_"),
            `${where}: "[${m[0]}" points at chapter ${m[1]}'s notebook`,
          );
        }
      }
    }
  }
});

Deno.test("the from-scratch chapter comes right after the matrix form", async () => {
  const all = await chapters();
  const i = all.findIndex((c) => c.name.startsWith("04_"));
  const next = all[i + 1];
  const title = text(next.cells[0]).split("\n")[0];
  ok(/from scratch/i.test(title), `chapter after the matrix form: "${title}"`);
});

/** Is s[index] inside the text of a Markdown link [ … ](…)? */
function inLink(s: string, index: number): boolean {
  const open = s.lastIndexOf("[", index), close = s.lastIndexOf("]", index);
  if (open < 0 || close > open) return false;
  const end = s.indexOf("]", index);
  return end >= 0 && s[end + 1] === "(";
}

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
