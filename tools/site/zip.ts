/**
 * `course.zip`, the download that runs: the executed notebooks (the site's notebooks/), the
 * library they import (lib/, and proofs/ for the chapters of evidence), the tools that start
 * Jupyter on the course's Deno kernel (tools/jupyter.ts, tools/setup.ts, tools/course.ts), a
 * course.yml for the chapters built (their order: Jupyter opens at the first), a deno.json trimmed
 * to the npm packages those files use and the tasks of the quick start, the matching deno.lock,
 * and a README with the two commands: `deno task jupyter` opens the course, `deno task test` runs
 * every JSDoc example of lib/ and proofs/.
 *
 * Everything shipped is checked as the zip is made: each relative import of a shipped file (or
 * of a notebook's code cell) must land on a shipped file, and each npm package it names must be
 * in the project's deno.json. The entries carry one fixed date, so the same course gives the
 * same bytes.
 * @module
 */

import { type Zippable, zipSync } from "fflate";
import { ROOT } from "../setup.ts";
import { type Course, standaloneCourseText } from "../course.ts";

/** The folders of the project shipped whole. */
export const SHIPPED_FOLDERS = ["lib", "proofs"];
/** The tools shipped, for `deno task jupyter` (what they import must be shipped too). */
export const SHIPPED_TOOLS = ["tools/jupyter.ts", "tools/setup.ts", "tools/course.ts"];

/** The quick start's tasks, in the zip's deno.json. */
export const ZIP_TASKS: Record<string, string> = {
  jupyter: "deno run -A tools/jupyter.ts",
  test: "deno install && deno test -A --doc lib/ proofs/",
};

/** A zip that cannot be made as it should; the message says which file and why. */
export class CourseZipError extends Error {
  override name = "CourseZipError";
}

// The entries' date: fixed, so that the zip of the same files is the same bytes.
const MTIME = new Date("2024-01-01T00:00:00Z");
const encoder = new TextEncoder();

async function filesUnder(root: string, folder: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(`${root}/${folder}`)) {
    if (e.name.startsWith(".")) continue;
    const path = `${folder}/${e.name}`;
    if (e.isDirectory) out.push(...(await filesUnder(root, path)));
    else if (e.isFile) out.push(path);
  }
  return out.sort();
}

// `from "x"`, `import "x"`, `import("x")`, `export … from "x"`, in code and in JSDoc examples
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"'\n]+)["']/g;
// a file read from an npm package's folder: `node_modules/NAME/…` (not node_modules/.deno/…)
const NODE_MODULES = /node_modules\/((?:@[\w.-]+\/)?[\w][\w.-]*)\//g;

/** The package name of a bare specifier ("mathjs", "@scope/pkg/sub" → "@scope/pkg"). */
function packageOf(specifier: string): string {
  const parts = specifier.replace(/^npm:/, "").split("/");
  const name = specifier.replace(/^npm:/, "").startsWith("@")
    ? parts.slice(0, 2).join("/")
    : parts[0];
  return name.replace(/(.)@[^/]*$/, "$1");
}

/** Resolves `specifier` relative to the file `from` (paths relative to the project root). */
function resolveRelative(from: string, specifier: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const p of specifier.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

/**
 * The npm packages `code` (the file `from`) uses, by name; throws when a relative import leaves
 * the shipped files.
 */
function packagesUsed(code: string, from: string, shipped: Set<string>): Set<string> {
  const used = new Set<string>();
  for (const [, specifier] of code.matchAll(SPECIFIER)) {
    if (specifier.startsWith(".")) {
      const target = resolveRelative(from, specifier);
      if (!shipped.has(target)) {
        throw new CourseZipError(
          `${from} imports ${specifier} (${target}), which course.zip does not hold`,
        );
      }
    } else if (/^(node|data|https?|jsr|file):/.test(specifier)) {
      if (!specifier.startsWith("node:")) {
        throw new CourseZipError(`${from} imports ${specifier}: course.zip ships only npm imports`);
      }
    } else {
      used.add(packageOf(specifier));
    }
  }
  for (const [, name] of code.matchAll(NODE_MODULES)) used.add(name);
  return used;
}

interface Lock {
  version: string;
  specifiers: Record<string, string>;
  npm: Record<string, { dependencies?: string[]; [k: string]: unknown }>;
  workspace?: { dependencies?: string[] };
  [k: string]: unknown;
}

/** The lock entry key a dependency name refers to ("debug" → "debug@4.3.4"). */
function lockKey(lock: Lock, dependency: string): string {
  if (dependency in lock.npm) return dependency;
  const keys = Object.keys(lock.npm).filter((k) => k.replace(/(.)@.*$/, "$1") === dependency);
  if (keys.length !== 1) {
    throw new CourseZipError(
      `deno.lock: the npm dependency ${dependency} matches ${keys.length} entries (${
        keys.join(", ")
      })`,
    );
  }
  return keys[0];
}

/**
 * deno.lock cut down to `imports` (the zip's deno.json imports: name → "npm:pkg@range"): their
 * specifiers, and the npm packages they need, transitively.
 */
export function trimLock(lock: Lock, imports: Record<string, string>): Lock {
  const wanted = new Set(Object.values(imports));
  const specifiers: Record<string, string> = {};
  const todo: string[] = [];
  for (const spec of [...wanted].sort()) {
    const version = lock.specifiers[spec];
    if (version === undefined) {
      throw new CourseZipError(`deno.lock has no entry for ${spec}: run \`deno install\` first`);
    }
    specifiers[spec] = version;
    todo.push(lockKey(lock, `${packageOf(spec)}@${version}`));
  }
  const keep = new Set<string>();
  while (todo.length > 0) {
    const key = todo.pop()!;
    if (keep.has(key)) continue;
    if (!(key in lock.npm)) throw new CourseZipError(`deno.lock has no npm entry ${key}`);
    keep.add(key);
    for (const d of lock.npm[key].dependencies ?? []) todo.push(lockKey(lock, d));
  }
  const npm: Lock["npm"] = {};
  for (const key of Object.keys(lock.npm).sort()) if (keep.has(key)) npm[key] = lock.npm[key];
  const out: Lock = { version: lock.version, specifiers, npm };
  if (lock.workspace) out.workspace = { dependencies: [...wanted].sort() };
  return out;
}

/** The README of the zip: what it holds and the two commands of the quick start. */
export function zipReadme(title: string, first: string): string {
  return `# ${title}: the course to run

This folder holds the course's notebooks, executed (\`notebooks/\`, read in the order
\`course.yml\` lists them, from \`${first}\`), the library they import (\`lib/\`), the
checked proofs that the last chapters import (\`proofs/\`), and the tools that start Jupyter on
the course's Deno kernel (\`tools/\`). It needs [Deno 2](https://deno.com) and access to the npm registry; on a machine
with only Node.js, put \`npx -y deno@${Deno.version.deno}\` where the commands say \`deno\`.

## Quick start

1. Open the course in Jupyter, at its first chapter:

   \`\`\`sh
   deno task jupyter
   \`\`\`

   It writes a kernelspec for this folder (\`.jupyter/kernels/deno\`), finds a Jupyter front end
   or installs one (JupyterLab with pip where a package index answers, else Debian's classic
   Notebook with apt-get), starts it on 127.0.0.1 and prints the chapter's address. Ctrl-C stops
   it.

2. Test that the course's code runs on this machine:

   \`\`\`sh
   deno task test
   \`\`\`

   It installs the npm packages (\`deno install\`) and runs every example of the library's
   documentation (\`deno test -A --doc lib/ proofs/\`): a few minutes, most of it loading.

## With your own Jupyter

Run \`deno jupyter --install\` once (it adds Deno's kernel, named \`deno\` as the notebooks ask,
to your Jupyter) and \`deno install\` in this folder, then open a chapter:
\`jupyter notebook notebooks/${first}\`, or \`jupyter lab\`, or VS Code with the kernel
"Deno". A notebook imports \`../lib/mod.ts\`, so keep it in \`notebooks/\` beside \`lib/\`.

The notebooks were executed when the course was built, and their plots' code was taken out to
keep them small: run a notebook (or a cell) to draw its plots. Jupyter runs an output's scripts
only in a notebook it trusts; outputs you produce yourself are trusted.
`;
}

/**
 * Writes `course.zip` into the site `dir` (whose notebooks/ holds the executed notebooks);
 * returns a line for the build log.
 */
export async function writeCourseZip(dir: string, course: Course): Promise<string> {
  if (typeof dir !== "string" || dir === "") {
    throw new TypeError(
      `writeCourseZip: dir must be the site's folder, got ${JSON.stringify(dir)}`,
    );
  }
  const title = course.title;
  const notebooks = (await filesUnder(dir, "notebooks")).filter((p) => p.endsWith(".ipynb"));
  if (notebooks.length === 0) {
    throw new CourseZipError(`writeCourseZip: ${dir}/notebooks holds no executed notebook`);
  }
  const projectFiles: string[] = [];
  for (const folder of SHIPPED_FOLDERS) projectFiles.push(...(await filesUnder(ROOT, folder)));
  projectFiles.push(...SHIPPED_TOOLS);
  const shipped = new Set([...projectFiles, ...notebooks]);

  const files: Zippable = {};
  const packages = new Set<string>();
  for (const path of projectFiles) {
    const bytes = await Deno.readFile(`${ROOT}/${path}`);
    files[path] = [bytes, { mtime: MTIME }];
    if (/\.(ts|js|mjs)$/.test(path)) {
      for (const p of packagesUsed(new TextDecoder().decode(bytes), path, shipped)) packages.add(p);
    }
  }
  for (const path of notebooks) {
    const bytes = await Deno.readFile(`${dir}/${path}`);
    const nb = JSON.parse(new TextDecoder().decode(bytes)) as {
      cells: { cell_type: string; source: string | string[] }[];
    };
    for (const cell of nb.cells) {
      if (cell.cell_type !== "code") continue;
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      for (const p of packagesUsed(source, path, shipped)) packages.add(p);
    }
    files[path] = [bytes, { mtime: MTIME }];
  }

  const project = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`)) as {
    imports: Record<string, string>;
  };
  const imports: Record<string, string> = {};
  for (const name of [...packages].sort()) {
    const target = project.imports[name];
    if (target === undefined) {
      throw new CourseZipError(
        `the shipped files use the npm package ${name}, not in deno.json's imports`,
      );
    }
    imports[name] = target;
  }
  const config = { nodeModulesDir: "auto", imports, tasks: ZIP_TASKS };
  const lock = trimLock(JSON.parse(await Deno.readTextFile(`${ROOT}/deno.lock`)) as Lock, imports);
  const text = (s: string): [Uint8Array, { mtime: Date }] => [encoder.encode(s), { mtime: MTIME }];
  files["deno.json"] = text(`${JSON.stringify(config, null, 2)}\n`);
  files["deno.lock"] = text(`${JSON.stringify(lock, null, 2)}\n`);
  files["README.md"] = text(zipReadme(title, course.chapters[0].file));
  files["course.yml"] = text(standaloneCourseText(course));

  const zipped = zipSync(files, { level: 9 });
  await Deno.writeFile(`${dir}/course.zip`, zipped);
  return `course.zip ${Math.round(zipped.length / 1024)} kB (${
    Object.keys(files).length
  } files: ${notebooks.length} notebooks, npm ${Object.keys(imports).join(", ")})`;
}
