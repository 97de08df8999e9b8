/**
 * The notebooks as committed (nbformat 4.5, cell ids, the project's kernelspec, no outputs), and
 * the headless runner: it loses no output, and every failure names the notebook and the cell.
 */

import {
  describeFailure,
  executeNotebooks,
  listNotebooks,
  type NotebookResult,
  relative,
} from "../tools/notebooks.ts";
import { loadCourse } from "../tools/course.ts";
import { notebookTextProblems } from "../tools/notebook_format.ts";
import { type Environment, KERNEL_NAME, setup } from "../tools/setup.ts";
import { deepEqual, equal, match, ok } from "./assert.ts";

interface Cell {
  id?: string;
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string; text?: string | string[]; data?: Record<string, unknown> }[];
  execution_count?: number | null;
}
interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: string } };
  cells: Cell[];
}

Deno.test("committed notebooks: nbformat 4.5+, unique cell ids, the deno kernelspec, no outputs", async () => {
  // Every chapter of the course file, and any other notebook in notebooks/ (a draft not yet in it).
  const course = loadCourse();
  const paths = [
    ...new Set([...course.all.map((c) => c.path), ...await listNotebooks(course.notebooks)]),
  ];
  ok(paths.length > 0, "notebooks/ holds the course");
  const problems: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (e) {
      problems.push(`${relative(path)}: cannot be read (${(e as Error).message})`);
      continue;
    }
    problems.push(...notebookTextProblems(text, relative(path)));
  }
  deepEqual(problems, [], `\n${problems.join("\n")}`);
});

// --- the runner, on notebooks made here ---------------------------------------------------

let environment: Environment | undefined;
async function env(): Promise<Environment> {
  return environment ??= await setup();
}

function notebook(sources: string[], kernel = KERNEL_NAME): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: kernel, display_name: "Deno" } },
    cells: sources.map((source, i) => ({
      id: `cell-${i + 1}`,
      cell_type: "code",
      metadata: {},
      source,
      outputs: [],
      execution_count: null,
    })),
  } as Notebook;
}

async function run(
  files: Record<string, string | Notebook>,
  timeout = 60,
): Promise<{ results: NotebookResult[]; executed: (name: string) => Promise<Notebook> }> {
  const dir = await Deno.makeTempDir({ prefix: "nb-test-" });
  const paths: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    await Deno.writeTextFile(
      `${dir}/${name}`,
      typeof content === "string" ? content : JSON.stringify(content),
    );
    paths.push(`${dir}/${name}`);
  }
  const results = await executeNotebooks(paths, {
    outDir: `${dir}/out`,
    timeout,
    environment: await env(),
  });
  return {
    results,
    executed: async (name) => JSON.parse(await Deno.readTextFile(`${dir}/out/${name}`)),
  };
}

const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : t ?? "");

Deno.test("no output is lost: a 40-cell notebook, five runs, every stream, display and result in its own cell", async () => {
  const N = 40;
  // Every third cell also displays two bundles before its result: the case where a late
  // result was once seen filed under the next cell.
  const display = (i: number, k: number) =>
    `await Deno.jupyter.display({ [Symbol.for("Jupyter.display")]: () => ({ "text/plain": "display-${i}-${k}" }) });\n`;
  const sources = Array.from(
    { length: N },
    (_, i) =>
      `console.log("stream-${i}");\n${
        i % 3 === 0 ? display(i, 1) + display(i, 2) : ""
      }"result-${i}"`,
  );
  for (let round = 0; round < 5; round++) {
    const { results, executed } = await run({ "many.ipynb": notebook(sources) });
    ok(results[0].ok, describeFailure(results[0]));
    const nb = await executed("many.ipynb");
    let expected = 0;
    nb.cells.forEach((c, i) => {
      const of = (type: string) => (c.outputs ?? []).filter((o) => o.output_type === type);
      const streams = of("stream").map((o) => text(o.text));
      const displays = of("display_data").map((o) => text(o.data?.["text/plain"] as string));
      const values = of("execute_result").map((o) => text(o.data?.["text/plain"] as string));
      deepEqual(streams, [`stream-${i}\n`], `round ${round}, cell ${i + 1}: stream`);
      deepEqual(
        displays,
        i % 3 === 0 ? [`display-${i}-1`, `display-${i}-2`] : [],
        `round ${round}, cell ${i + 1}: displays`,
      );
      deepEqual(values, [`"result-${i}"`], `round ${round}, cell ${i + 1}: result`);
      expected += 2 + (i % 3 === 0 ? 2 : 0);
    });
    equal(results[0].outputs, expected, `round ${round}: output count`);
  }
});

Deno.test("a cell that throws: the notebook, the cell number and the error, and later notebooks still run", async () => {
  const { results } = await run({
    "a_throws.ipynb": notebook(["1 + 1", 'throw new Error("the claim was false")', "3"]),
    "b_fine.ipynb": notebook(["40 + 2"]),
  });
  ok(!results[0].ok);
  match(
    describeFailure(results[0]),
    /a_throws\.ipynb, cell 2 \(id cell-2\): Error: the claim was false/,
  );
  ok(results[1].ok, "the next notebook still runs");
});

Deno.test("a cell that hangs past the per-cell timeout", async () => {
  const { results } = await run({ "hangs.ipynb": notebook(["await new Promise(() => {})"]) }, 3);
  ok(!results[0].ok);
  match(
    describeFailure(results[0]),
    /hangs\.ipynb, cell 1 \(id cell-1\): Timeout: no result within 3 s/,
  );
});

Deno.test("a notebook that is not JSON, or not nbformat, or names a missing kernel", async () => {
  const { results } = await run({
    "broken.ipynb": '{"cells": [',
    "not_nbformat.ipynb": JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {} }),
    "no_kernel.ipynb": notebook(["1"], "no-such-kernel"),
  });
  match(describeFailure(results[0]), /broken\.ipynb: not valid JSON/);
  match(describeFailure(results[1]), /not_nbformat\.ipynb: not valid nbformat: .*cells/);
  match(describeFailure(results[2]), /no_kernel\.ipynb: no kernel named 'no-such-kernel'/);
  ok(results.every((r) => !r.ok));
});
