/**
 * The build is atomic: a failing notebook leaves the previous site exactly as it was (and names
 * the notebook and the cell); a good build replaces it whole; nothing else in the folder is
 * touched, and no staging folder is left behind.
 */

import { build, BuildError } from "../tools/build.ts";
import { KERNEL_NAME } from "../tools/setup.ts";
import { deepEqual, ok } from "./assert.ts";

function notebook(title: string, sources: string[]) {
  const cells = [
    { id: "title", cell_type: "markdown", metadata: {}, source: `# ${title}\n\nA test chapter.` },
    ...sources.map((source, i) => ({
      id: `code-${i + 1}`,
      cell_type: "code",
      metadata: {},
      source,
      outputs: [],
      execution_count: null,
    })),
  ];
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: KERNEL_NAME, display_name: "Deno", language: "typescript" } },
    cells,
  });
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
    await build({ notebooks, out: site, timeout: 30 });
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
  const result = await build({ notebooks, out: site, timeout: 30 });
  deepEqual(result.pages.map((p) => p.title), ["Good", "Fixed", "Backpropagation, checked"]);
  const files = await listing(site);
  for (const f of ["index.html", "01_good.html", "02_bad.html", "assets", "notebooks"]) {
    ok(files.includes(f), `site/ has ${f}: ${files}`);
  }
  ok(!(await Deno.readTextFile(`${site}/index.html`)).includes("the previous course"));
  deepEqual(await listing(root), ["neighbour.txt", "notebooks", "site"], "only site/ replaced");
  await Deno.remove(root, { recursive: true });
});
