/**
 * The committed-notebook format check (tools/notebook_format.ts) on small notebooks made here:
 * each kind of problem gives one line naming the notebook, the cell, what was expected and what
 * was found.
 */

import {
  CELL_ID,
  NOTEBOOK_METADATA,
  notebookFormatProblems,
  notebookTextProblems,
} from "../tools/notebook_format.ts";
import { ROOT } from "../tools/setup.ts";
import { deepEqual, equal, ok } from "./assert.ts";

type Cell = Record<string, unknown>;
const code = (id: string | undefined, extra: Cell = {}): Cell => ({
  ...(id === undefined ? {} : { id }),
  cell_type: "code",
  metadata: {},
  source: "1",
  outputs: [],
  execution_count: null,
  ...extra,
});
const md = (id: string | undefined): Cell => ({
  ...(id === undefined ? {} : { id }),
  cell_type: "markdown",
  metadata: {},
  source: "# Title",
});
const notebook = (cells: Cell[], extra: Record<string, unknown> = {}) => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: structuredClone(NOTEBOOK_METADATA),
  cells,
  ...extra,
});

/** The one problem `nb` has; fails showing them all when there is not exactly one. */
function only(nb: unknown): string {
  const problems = notebookFormatProblems(nb, "t.ipynb");
  equal(problems.length, 1, `expected one problem, found:\n${problems.join("\n")}`);
  return problems[0];
}

Deno.test("notebook format: a well-formed stripped notebook has no problem", () => {
  deepEqual(notebookFormatProblems(notebook([md("a-1"), code("a_2")]), "t.ipynb"), []);
  deepEqual(notebookFormatProblems(notebook([], { nbformat_minor: 10 }), "t.ipynb"), []);
});

Deno.test("notebook format: the metadata matches the chapters' own", async () => {
  const one = JSON.parse(await Deno.readTextFile(`${ROOT}/notebooks/01_one_neuron.ipynb`));
  deepEqual(NOTEBOOK_METADATA, {
    kernelspec: one.metadata.kernelspec,
    language_info: one.metadata.language_info,
  });
});

Deno.test("notebook format: not JSON, not a notebook", () => {
  const [line, ...rest] = notebookTextProblems('{"cells": [', "t.ipynb");
  deepEqual(rest, []);
  ok(/^t\.ipynb: expected valid JSON, found .+/.test(line), line);
  equal(
    only([1, 2]),
    "t.ipynb: expected a notebook (a JSON object with nbformat, metadata and cells), found a list",
  );
  deepEqual(notebookTextProblems(JSON.stringify(notebook([md("x")])), "t.ipynb"), []);
});

Deno.test("notebook format: nbformat, expected 4.5 or later", () => {
  equal(
    only(notebook([md("x")], { nbformat_minor: 2 })),
    "t.ipynb: nbformat: expected 4.5 or later, found 4.2",
  );
  equal(
    only(notebook([md("x")], { nbformat: 3, nbformat_minor: 0 })),
    "t.ipynb: nbformat: expected 4.5 or later, found 3.0",
  );
  equal(
    only(notebook([md("x")], { nbformat_minor: undefined })),
    "t.ipynb: nbformat: expected 4.5 or later (nbformat 4, nbformat_minor 5 or more), " +
      "found nbformat 4 and nbformat_minor nothing",
  );
});

Deno.test("notebook format: the kernelspec, present and named deno", () => {
  equal(
    only(notebook([md("x")], { metadata: {} })),
    `t.ipynb: metadata.kernelspec: expected the project's kernel, ` +
      `{ "name": "deno", "display_name": "Deno", … }, found nothing`,
  );
  equal(
    only(notebook([md("x")], { metadata: { kernelspec: { name: "python3" } } })),
    't.ipynb: metadata.kernelspec.name: expected "deno", found "python3"',
  );
  equal(
    only(notebook([md("x")], { metadata: undefined })),
    "t.ipynb: metadata: expected an object holding the kernelspec, found nothing",
  );
});

Deno.test("notebook format: cell ids missing, malformed and repeated, by cell number", () => {
  equal(
    only(notebook([md(undefined), code(undefined), code(undefined), md("ok"), code(undefined)])),
    `t.ipynb, cells 1–3, 5: id: expected an id matching ${CELL_ID.source} ` +
      "(nbformat 4.5 gives every cell one), found none",
  );
  equal(
    only(notebook([md("fine"), md("has space")])),
    `t.ipynb, cell 2: id: expected an id of 1 to 64 letters, digits, "-" or "_" ` +
      `(${CELL_ID.source}), found "has space"`,
  );
  ok(only(notebook([md("x".repeat(65))])).endsWith(`found "${"x".repeat(65)}" (65 characters)`));
  ok(only(notebook([md("")])).endsWith('found ""'), "an empty id");
  ok(only(notebook([md(3 as unknown as string)])).endsWith("found 3"), "a number");
  equal(
    only(notebook([md("a"), code("b"), md("a"), md("c"), code("a")])),
    `t.ipynb: id "a": expected each cell's id to be unique, found it on cells 1, 3, 5`,
  );
  equal(
    only(notebook([md("a"), { id: "b", cell_type: "text", source: "" }])),
    't.ipynb, cell 2 (id b): cell_type: expected "markdown", "code" or "raw", found "text"',
  );
});

Deno.test("notebook format: outputs and execution counts, by cell", () => {
  const stream = { output_type: "stream", name: "stdout", text: "hi" };
  equal(
    only(notebook([md("a"), code("b", { outputs: [stream, stream, stream] })])),
    "t.ipynb, cell 2 (id b): outputs: expected none (notebooks are committed without outputs), " +
      "found 3 outputs",
  );
  equal(
    only(notebook([code("a", { execution_count: 7 })])),
    "t.ipynb, cell 1 (id a): execution_count: expected null (notebooks are committed without " +
      "outputs), found 7",
  );
  equal(
    only(notebook([code("a", { outputs: undefined })])),
    "t.ipynb, cell 1 (id a): outputs: expected an empty list (committed without outputs), " +
      "found nothing",
  );
  equal(
    only(notebook([], { cells: undefined })),
    "t.ipynb: cells: expected a list of cells, found nothing",
  );
});

Deno.test("notebook format: every problem at once, one line each", () => {
  const problems = notebookFormatProblems(
    {
      nbformat: 4,
      nbformat_minor: 4,
      metadata: { kernelspec: { name: "python3" } },
      cells: [code(undefined, { outputs: [{}], execution_count: 1 }), md("m"), md("m")],
    },
    "t.ipynb",
  );
  equal(problems.length, 6, problems.join("\n"));
  ok(problems.every((p) => p.startsWith("t.ipynb") && /: expected .+, found .+/.test(p)));
});
