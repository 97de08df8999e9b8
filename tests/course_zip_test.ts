/**
 * The built site's course.zip (tools/site/zip.ts) is a course that runs on its own: unpacked
 * into an empty folder it holds the site's executed notebooks (byte for byte), lib/ and proofs/
 * (every file the project has there), the tools `deno task jupyter` runs, a deno.json whose
 * imports are the project's own, its deno.lock and a README; every relative import of a
 * notebook lands on a file of the zip (`../lib/mod.ts` in every one); the tools type-check there;
 * its course.yml lists the site's chapters in the site's order;
 * and the README's test command, read from the README itself, passes there with the Deno running
 * this test, leaving deno.lock as it was (the lock shipped is exactly the one Deno wants).
 *
 * The site is built once per test run (tests/site/harness.ts), or COURSE_SITE.
 * @module
 */

import { unzipSync } from "fflate";
import { deepEqual, equal, ok } from "./assert.ts";
import { ROOT } from "../tools/setup.ts";
import { builtSite, siteNotebooks } from "./site/harness.ts";
import { loadCourse } from "../tools/course.ts";

const decoder = new TextDecoder();

async function filesUnder(root: string, folder: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(`${root}/${folder}`)) {
    if (e.name.startsWith(".")) continue;
    const path = `${folder}/${e.name}`;
    if (e.isDirectory) out.push(...(await filesUnder(root, path)));
    else if (e.isFile) out.push(path);
  }
  return out;
}

/** The shell commands of the fenced code blocks under the README's "## Quick start". */
function quickStart(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => /^Quick start\b/i.test(s));
  ok(section !== undefined, `the README has no "## Quick start" section:\n${readme}`);
  return [...section.matchAll(/^[ \t]*```[a-z]*\n([\s\S]*?)^[ \t]*```/gm)].map((m) =>
    m[1].split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#")).join(
      " && ",
    )
  );
}

/** Runs `command` with sh in `cwd`, with this test's Deno first on PATH; its status and output. */
async function sh(command: string, cwd: string): Promise<{ ok: boolean; out: string }> {
  const denoDir = Deno.execPath().replace(/\/[^/]*$/, "");
  const r = await new Deno.Command("sh", {
    args: ["-c", command],
    cwd,
    env: { PATH: `${denoDir}:${Deno.env.get("PATH") ?? ""}`, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { ok: r.success, out: decoder.decode(r.stdout) + decoder.decode(r.stderr) };
}

Deno.test({
  name: "course.zip unpacks into a course whose README's test command passes on its own",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const site = await builtSite();
    const zipped = await Deno.readFile(`${site}/course.zip`);
    const files = unzipSync(zipped);
    const names = Object.keys(files).filter((n) => !n.endsWith("/"));
    console.log(`course.zip: ${zipped.length} bytes, ${names.length} files`);

    // What it holds
    for (
      const name of ["README.md", "deno.json", "deno.lock", "course.yml", "tools/jupyter.ts"]
    ) {
      ok(name in files, `course.zip holds ${name}`);
    }
    const notebooks = await siteNotebooks(site);
    for (const nb of notebooks) {
      const inZip = files[`notebooks/${nb}.ipynb`];
      ok(inZip !== undefined, `course.zip holds notebooks/${nb}.ipynb`);
      const onSite = await Deno.readFile(`${site}/notebooks/${nb}.ipynb`);
      ok(
        inZip.length === onSite.length && inZip.every((b, i) => b === onSite[i]),
        `notebooks/${nb}.ipynb is the site's executed notebook`,
      );
    }
    deepEqual(
      names.filter((n) => n.startsWith("notebooks/")).sort(),
      notebooks.map((n) => `notebooks/${n}.ipynb`),
      "the zip's notebooks are the site's",
    );
    for (const folder of ["lib", "proofs"]) {
      const want = (await filesUnder(ROOT, folder)).sort();
      deepEqual(names.filter((n) => n.startsWith(`${folder}/`)).sort(), want, `${folder}/`);
    }

    // deno.json: the project's imports, no others; the tasks the README runs
    const config = JSON.parse(decoder.decode(files["deno.json"]));
    const project = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
    ok(Object.keys(config.imports).length > 0, "deno.json has imports");
    for (const [name, target] of Object.entries(config.imports)) {
      equal(target, project.imports[name], `deno.json's import ${name} is the project's`);
    }

    // Every notebook's relative imports land on files of the zip
    for (const nb of notebooks) {
      const json = JSON.parse(decoder.decode(files[`notebooks/${nb}.ipynb`]));
      const code = json.cells
        .filter((c: { cell_type: string }) => c.cell_type === "code")
        .map((c: { source: string | string[] }) =>
          Array.isArray(c.source) ? c.source.join("") : c.source
        )
        .join("\n");
      const relative = [...code.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)]
        .map((m) => m[1]);
      ok(relative.includes("../lib/mod.ts"), `${nb} imports ../lib/mod.ts`);
      for (const spec of relative) {
        const target = new URL(spec, "file:///zip/notebooks/x.ipynb").pathname.slice(5);
        ok(target in files, `${nb} imports ${spec}, which course.zip holds (${target})`);
      }
    }

    // The README: two commands, the first opens Jupyter, the second is the test
    const readme = decoder.decode(files["README.md"]);
    const commands = quickStart(readme);
    equal(commands.length, 2, `the quick start has two commands: ${JSON.stringify(commands)}`);
    ok(/jupyter/.test(commands[0]), `the first command opens Jupyter: ${commands[0]}`);
    const testCommand = commands[1];
    ok(/^deno\b/.test(testCommand), `the test command runs deno: ${testCommand}`);

    // Unpacked into an empty folder, it runs on its own
    const dir = await Deno.makeTempDir({ prefix: "course-zip-" });
    try {
      for (const name of names) {
        const path = `${dir}/${name}`;
        await Deno.mkdir(path.replace(/\/[^/]*$/, ""), { recursive: true });
        await Deno.writeFile(path, files[name]);
      }
      const checked = await sh("deno check tools/jupyter.ts", dir);
      ok(checked.ok, `deno check tools/jupyter.ts in the unpacked zip:\n${checked.out}`);

      // Its course.yml lists the site's chapters in the site's order, so Jupyter opens at the first
      const unpacked = loadCourse(`${dir}/course.yml`);
      deepEqual(unpacked.chapters.map((c) => c.name), notebooks, "course.yml: the site's chapters");
      ok(
        readme.includes(`notebooks/${notebooks[0]}.ipynb`),
        `the README opens the first chapter, ${notebooks[0]}`,
      );

      const started = performance.now();
      const run = await sh(testCommand, dir);
      const seconds = (performance.now() - started) / 1000;
      console.log(`course.zip: \`${testCommand}\` took ${seconds.toFixed(1)} s`);
      const tail = run.out.trim().split("\n").slice(-25).join("\n");
      ok(run.ok, `\`${testCommand}\` failed in the unpacked course.zip:\n${tail}`);
      ok(/\b[1-9]\d* passed\b/.test(run.out), `the test command ran tests:\n${tail}`);
      equal(
        await Deno.readTextFile(`${dir}/deno.lock`),
        decoder.decode(files["deno.lock"]),
        "deno.lock is as shipped after the test command (Deno wanted no other)",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
