/**
 * The form every notebook of the course is committed in: nbformat 4.5 or later, a unique id on
 * every cell, the project's `deno` kernelspec, and no outputs or execution counts (notebooks are
 * committed stripped). {@link notebookFormatProblems} says what is wrong, one line per problem,
 * each naming the notebook, the cell (1-based), what was expected and what was found:
 *
 * ```ts
 * import { notebookFormatProblems } from "./notebook_format.ts";
 * const nb = {
 *   nbformat: 4,
 *   nbformat_minor: 2,
 *   metadata: { kernelspec: { name: "python3" } },
 *   cells: [{ cell_type: "markdown", metadata: {}, source: "# A title" }],
 * };
 * const problems = notebookFormatProblems(nb, "draft.ipynb");
 * // draft.ipynb: nbformat: expected 4.5 or later, found 4.2
 * // draft.ipynb: metadata.kernelspec.name: expected "deno", found "python3"
 * // draft.ipynb, cell 1: id: expected an id matching ^[a-zA-Z0-9-_]{1,64}$ …, found none
 * if (problems.length !== 3) throw new Error(problems.join("\n"));
 * ```
 * @module
 */

import { KERNEL_NAME } from "./setup.ts";

/** What nbformat 4.5 allows as a cell id. */
export const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/**
 * The notebook metadata of every chapter (as in notebooks/01_one_neuron.ipynb): the project's
 * kernelspec and the language the Deno kernel reports.
 */
export const NOTEBOOK_METADATA = {
  kernelspec: { name: KERNEL_NAME, display_name: "Deno", language: "typescript" },
  language_info: {
    name: "typescript",
    file_extension: ".ts",
    mimetype: "text/x.typescript",
    codemirror_mode: "typescript",
    pygments_lexer: "typescript",
    version: "5",
  },
} as const;

const CELL_TYPES = ["markdown", "code", "raw"];

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value as a message shows it. */
function shown(v: unknown): string {
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : `a list of ${v.length}`;
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** 1-based cell numbers as "cell 4" or "cells 1–3, 7". */
function cellList(numbers: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    runs.push(j === i ? `${numbers[i]}` : `${numbers[i]}–${numbers[j]}`);
    i = j + 1;
  }
  return `${numbers.length === 1 ? "cell" : "cells"} ${runs.join(", ")}`;
}

/**
 * What keeps a parsed notebook from being committed as the course commits notebooks: one line
 * per problem, starting with `name` and saying what was expected and what was found; [] when it
 * is fine. Checks nbformat (4.5 or later), `metadata.kernelspec` (named "deno"), that every cell
 * has a well-formed id and no other cell has the same one, and that code cells carry no outputs
 * and a null execution count.
 */
export function notebookFormatProblems(nb: unknown, name: string): string[] {
  if (!isMap(nb)) {
    return [
      `${name}: expected a notebook (a JSON object with nbformat, metadata and cells), found ${
        Array.isArray(nb) ? "a list" : shown(nb)
      }`,
    ];
  }
  const problems: string[] = [];
  const at = (where: string, expected: string, found: string) =>
    problems.push(`${name}${where}: expected ${expected}, found ${found}`);

  const { nbformat, nbformat_minor: minor } = nb;
  if (typeof nbformat !== "number" || typeof minor !== "number") {
    at(
      ": nbformat",
      "4.5 or later (nbformat 4, nbformat_minor 5 or more)",
      `nbformat ${shown(nbformat)} and nbformat_minor ${shown(minor)}`,
    );
  } else if (nbformat !== 4 || minor < 5) {
    at(": nbformat", "4.5 or later", `${nbformat}.${minor}`);
  }

  const kernelspec = isMap(nb.metadata) ? nb.metadata.kernelspec : undefined;
  if (!isMap(nb.metadata)) {
    at(": metadata", "an object holding the kernelspec", shown(nb.metadata));
  } else if (!isMap(kernelspec)) {
    at(
      ": metadata.kernelspec",
      `the project's kernel, { "name": "${KERNEL_NAME}", "display_name": "Deno", … }`,
      shown(kernelspec),
    );
  } else if (kernelspec.name !== KERNEL_NAME) {
    at(": metadata.kernelspec.name", `"${KERNEL_NAME}"`, shown(kernelspec.name));
  }

  if (!Array.isArray(nb.cells)) {
    at(": cells", "a list of cells", shown(nb.cells));
    return problems;
  }
  const noId: number[] = [];
  const byId = new Map<string, number[]>();
  nb.cells.forEach((cell: unknown, i) => {
    const n = i + 1;
    if (!isMap(cell)) return at(`, cell ${n}`, "a cell (a JSON object)", shown(cell));
    const id = cell.id;
    if (id === undefined) noId.push(n);
    else if (typeof id !== "string" || !CELL_ID.test(id)) {
      at(
        `, cell ${n}: id`,
        `an id of 1 to 64 letters, digits, "-" or "_" (${CELL_ID.source})`,
        typeof id === "string"
          ? `${JSON.stringify(id)}${id.length > 64 ? ` (${id.length} characters)` : ""}`
          : shown(id),
      );
    } else byId.set(id, [...(byId.get(id) ?? []), n]);
    const label = `, cell ${n}${typeof id === "string" && CELL_ID.test(id) ? ` (id ${id})` : ""}`;
    if (!CELL_TYPES.includes(cell.cell_type as string)) {
      at(`${label}: cell_type`, '"markdown", "code" or "raw"', shown(cell.cell_type));
    }
    if (cell.cell_type !== "code") return;
    const outputs = cell.outputs;
    if (!Array.isArray(outputs)) {
      at(`${label}: outputs`, "an empty list (committed without outputs)", shown(outputs));
    } else if (outputs.length > 0) {
      at(
        `${label}: outputs`,
        "none (notebooks are committed without outputs)",
        `${outputs.length} output${outputs.length === 1 ? "" : "s"}`,
      );
    }
    if (cell.execution_count !== null) {
      at(
        `${label}: execution_count`,
        "null (notebooks are committed without outputs)",
        shown(cell.execution_count),
      );
    }
  });
  if (noId.length > 0) {
    at(
      `, ${cellList(noId)}: id`,
      `an id matching ${CELL_ID.source} (nbformat 4.5 gives every cell one)`,
      "none",
    );
  }
  for (const [id, cells] of byId) {
    if (cells.length > 1) {
      at(
        `: id ${JSON.stringify(id)}`,
        "each cell's id to be unique",
        `it on cells ${cells.join(", ")}`,
      );
    }
  }
  return problems;
}

/** {@link notebookFormatProblems} of a notebook's file text, which must first be valid JSON. */
export function notebookTextProblems(text: string, name: string): string[] {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    return [`${name}: expected valid JSON, found ${e instanceof SyntaxError ? e.message : e}`];
  }
  return notebookFormatProblems(nb, name);
}
