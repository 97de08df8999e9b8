/**
 * The pages' runtime, bundled for the browser (tools/site/browser/):
 *
 * - `assets/course.js`: editors (CodeMirror 6), the Run/Check buttons, outputs, progress, and
 *   `window.course` (the index counts progress per chapter from the exercise ids the export
 *   wrote on its links).
 * - `assets/course-worker.js`: the Web Worker's code (lib and proofs, sucrase, acorn) as one
 *   string, `window.COURSE_WORKER_SOURCE`, which the page turns into a Blob worker. A page opened
 *   from file:// may neither start a worker from a file nor fetch one, but it may load a classic
 *   script; course.js loads this one the first time a cell runs.
 * @module
 */

import { ROOT } from "../setup.ts";
import { bundleScript } from "./bundle.ts";

/**
 * What runs before the worker's bundle: lib reads `Deno.build.os` as it loads; any other
 * `Deno.*` (files, the kernel) throws a TypeError that says the code needs Jupyter.
 */
const DENO_STAND_IN = `self.Deno = new Proxy({
  build: { os: "browser", arch: "wasm" },
  errors: { NotFound: class NotFound extends Error {}, PermissionDenied: class PermissionDenied extends Error {} },
  inspect: (v) => String(v),
  jupyter: undefined,
}, {
  get(target, name) {
    if (name in target) return target[name];
    if (typeof name !== "string") return undefined;
    return () => { throw new TypeError("Deno." + name + " is not available in the page: this code needs Jupyter (download the course to run it)"); };
  },
  set(target, name, value) { target[name] = value; return true; },
});
`;

async function sizeOf(path: string): Promise<number> {
  return (await Deno.stat(path)).size;
}

/** Writes assets/course.js and assets/course-worker.js into the site `dir`; returns a summary. */
export async function writeRuntime(dir: string): Promise<string> {
  const assets = `${dir}/assets`;
  await Deno.mkdir(assets, { recursive: true });
  const temp = await Deno.makeTempDir({ prefix: "course-bundle-" });
  try {
    await bundleScript(`${ROOT}/tools/site/browser/worker.ts`, `${temp}/worker.js`);
    const worker = DENO_STAND_IN + (await Deno.readTextFile(`${temp}/worker.js`));
    await Deno.writeTextFile(
      `${assets}/course-worker.js`,
      `window.COURSE_WORKER_SOURCE = ${JSON.stringify(worker)};\n`,
    );
    await bundleScript(`${ROOT}/tools/site/browser/course.ts`, `${temp}/course.js`);
    await Deno.copyFile(`${temp}/course.js`, `${assets}/course.js`);
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
  const kb = async (name: string) => `${Math.round(await sizeOf(`${assets}/${name}`) / 1024)} kB`;
  return `assets/course.js ${await kb("course.js")}, assets/course-worker.js ${await kb(
    "course-worker.js",
  )}`;
}
