/**
 * Exercise cells as the exported pages run them: compiled by tools/site/browser/cell.ts and run
 * in a child scope of the chapter's cells above them (every name lib exports underneath, with
 * `display` silenced and `checkExercise` recording its verdicts), as the pages' worker runs an
 * exercise's editor. For every exercise, the solved cell of tests/exercises/cells.ts passes on
 * its own, and the notebook's own starter cell, after the cells above it, runs to the end and
 * gets a "not yet" verdict that is not about a missing name.
 */

import * as lib from "../lib/mod.ts";
import { compileCell } from "../tools/site/browser/cell.ts";
import { deepEqual, equal, ok } from "./assert.ts";
import { SOLUTION_CELLS } from "./exercises/cells.ts";
import { exerciseLocations, theCourse } from "../tools/course.ts";

const NOTEBOOKS = new URL("../notebooks/", import.meta.url);

/** The same test as tools/export.py's: which exercise a code cell checks. */
const EXERCISE_CALL = /\bcheckExercise\(\s*["']([^"']+)["']/;

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[]; jupyter?: { source_hidden?: boolean } };
}

interface Starter {
  notebook: string;
  source: string;
  /** The notebook's code cells above it that are not exercises, in order. */
  above: string[];
}

/** Every exercise's starter: the non-folded code cell calling `checkExercise(id, …)`. */
function starterCells(): Map<string, Starter[]> {
  const starters = new Map<string, Starter[]>();
  const names = [...Deno.readDirSync(NOTEBOOKS)].map((e) => e.name)
    .filter((n) => n.endsWith(".ipynb")).sort();
  for (const notebook of names) {
    const nb = JSON.parse(Deno.readTextFileSync(new URL(notebook, NOTEBOOKS)));
    const above: string[] = [];
    for (const cell of nb.cells as NotebookCell[]) {
      if (cell.cell_type !== "code") continue;
      const folded = (cell.metadata.tags ?? []).includes("hide-input") ||
        cell.metadata.jupyter?.source_hidden === true;
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      const m = EXERCISE_CALL.exec(source);
      if (folded || m === null) {
        above.push(source);
        continue;
      }
      const starter = { notebook, source, above: [...above] };
      starters.set(m[1], [...(starters.get(m[1]) ?? []), starter]);
    }
  }
  return starters;
}

interface Verdict {
  id: string;
  pass: boolean;
  message: string;
}

let verdicts: Verdict[] = [];
const libWithSpy = {
  ...lib,
  display: async () => {},
  checkExercise: async (id: string, answer: unknown) => {
    const result = await lib.checkExercise(id, answer);
    verdicts.push({ id: result.id, pass: result.pass, message: result.message });
    return result;
  },
};
const modules = { lib: libWithSpy };

/** Each notebook's prelude scope: the cells above its exercises, run once, in order. */
const preludes = new Map<string, { scope: object; ran: number }>();

/**
 * The scope after the starter's cells above it, as the page's exercise worker has it: a cell
 * that fails there is skipped (the page skips it too, and says so).
 */
async function prelude(starter: Starter): Promise<object> {
  const p = preludes.get(starter.notebook) ?? { scope: Object.create(libWithSpy), ran: 0 };
  preludes.set(starter.notebook, p);
  for (; p.ran < starter.above.length; p.ran++) {
    try {
      await compileCell(starter.above[p.ran], "above").run(p.scope, modules);
    } catch { /* skipped, as on the page */ }
  }
  return p.scope;
}

/**
 * Runs a cell as a page runs an exercise, in a child scope of `scope`; resolves to the verdicts
 * it produced, or rejects with what the cell threw.
 */
async function runExerciseCell(
  code: string,
  label: string,
  scope: object = Object.create(libWithSpy),
): Promise<Verdict[]> {
  verdicts = [];
  const cell = compileCell(code, label);
  await cell.run(Object.create(scope), modules);
  return verdicts;
}

const lastLine = (code: string) => code.trimEnd().split("\n").at(-1);

const STARTERS = starterCells();
const IDS = lib.EXERCISES.map((e) => e.id);
const WHERE = exerciseLocations(theCourse());

Deno.test("every exercise has exactly one solved cell and one starter cell, and no extra", () => {
  deepEqual(Object.keys(SOLUTION_CELLS).sort(), [...IDS].sort());
  deepEqual([...STARTERS.keys()].sort(), [...IDS].sort());
  for (const id of IDS) {
    const starters = STARTERS.get(id)!;
    equal(starters.length, 1, `${id}: starters in ${starters.map((s) => s.notebook).join(", ")}`);
    const chapter = WHERE.get(id)?.name;
    ok(
      chapter !== undefined && starters[0].notebook.startsWith(chapter),
      `${id}: in ${starters[0].notebook}, not ${chapter} (where course.yml's chapters call it)`,
    );
  }
});

for (const id of IDS) {
  Deno.test(`exercise cell ${id}: the solved cell passes, the notebook's starter does not`, async (t) => {
    const solution = SOLUTION_CELLS[id];
    const starter = STARTERS.get(id)?.[0];
    ok(solution !== undefined, `${id} has no solved cell`);
    ok(starter !== undefined, `${id} has no starter cell in notebooks/`);

    await t.step("the solved cell ends as the starter does and has no import", () => {
      equal(lastLine(solution), lastLine(starter.source));
      ok(!/^\s*import\b/m.test(solution), `${id}: the solved cell imports`);
    });

    await t.step("the solved cell passes", async () => {
      const verdicts = await runExerciseCell(solution, `solution-${id}`);
      equal(verdicts.length, 1, `${id}: ${verdicts.length} verdicts`);
      equal(verdicts[0].id, id);
      ok(verdicts[0].pass, `${id}: ${verdicts[0].message}`);
    });

    await t.step(
      `the starter of ${starter.notebook}, after the cells above, runs to a "not yet"`,
      async () => {
        let verdicts: Verdict[];
        try {
          verdicts = await runExerciseCell(starter.source, `starter-${id}`, await prelude(starter));
        } catch (e) {
          throw new Error(`${id}: the starter cell of ${starter.notebook} threw ${e}`);
        }
        equal(verdicts.length, 1, `${id}: ${verdicts.length} verdicts`);
        equal(verdicts[0].id, id);
        equal(verdicts[0].pass, false, `${id}: the untouched starter passes`);
        // "Not yet" because the TODO is not done, not because a name the cell needs is missing.
        ok(!/\bis not defined\b/.test(verdicts[0].message), `${id}: ${verdicts[0].message}`);
      },
    );
  });
}
