/**
 * `deno task build [--course FILE] [--variant NAME] [--out DIR] [--force] [--fail-fast]
 * [--timeout S] [--executed DIR]`:
 * builds the course that the course file (course.yml, see tools/course.ts) describes into its
 * `out` folder (site/): its chapters in its order, with its title, look and footer. `--variant
 * NAME` builds one of the file's named selections (into site-NAME/ unless it says otherwise);
 * `--course FILE` reads another course file. `--notebooks DIR` builds every notebook of a folder,
 * in file-name order, as an ad hoc course. `--executed DIR` exports notebooks already executed (a
 * previous build's site/notebooks/) without running them: for work on the export only.
 *
 * 1. Set-up (tools/setup.ts: Jupyter, the project's kernelspec) and `deno install`, so that
 *    node_modules holds the site's assets (npm mathjax@3, plotly.js-dist-min).
 * 2. Executes the course's notebooks, in order, on the Deno kernel. If any fails, prints one
 *    line per failing notebook (notebook, cell, error), exits 1 and leaves site/ as it was.
 *    A notebook whose inputs did not change since it last ran OK comes from the cache in
 *    .cache/executed/ instead (tools/cache.ts); `--force` runs every notebook again, and
 *    `--fail-fast` stops at the first failing notebook.
 * 3. Exports (tools/export.py, template tools/template/): index.html (title, intro, the chapters
 *    in order with their summaries), one page per notebook with previous/next links,
 *    notebooks/<name>.ipynb (the executed notebooks, for download) and assets/ (MathJax 3's es5
 *    folder, plotly.min.js, course.css). Every page works offline, from file://.
 *
 * Atomic: everything is built in a fresh staging directory next to site/, which then replaces
 * site/ by two renames. Nothing is deleted but that staging directory, the old site/ once
 * replaced, and the build's own manifest file.
 * @module
 */

import { describeFailure, listNotebooks, type NotebookResult, relative } from "./notebooks.ts";
import {
  type Course,
  COURSE_FILE,
  CourseError,
  courseTexts,
  defaultKey,
  loadCourse,
} from "./course.ts";
import { type CacheOptions, executeWithCache } from "./cache.ts";
import { ROOT, setup } from "./setup.ts";
import { finishSite } from "./site/finish.ts";

/** What a successful build produced. */
export interface BuildResult {
  site: string;
  /** The course built (its title, chapters, …). */
  course: Course;
  notebooks: NotebookResult[];
  pages: { page: string; title: string; summary: string | null }[];
  seconds: number;
}

/** A build that did not produce a site; `lines` say why (one per failing notebook). */
export class BuildError extends Error {
  override name = "BuildError";
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

/** Options of {@link build}. */
export interface BuildOptions {
  /** The course to build (default: course.yml, loaded with tools/course.ts). */
  course?: Course;
  /**
   * Instead of a course file: every notebook of this folder, in file-name order, numbered from
   * 1, with the default course file's title and look.
   */
  notebooks?: string;
  /** The site's folder (default: the course's `out`, site/). */
  out?: string;
  /** Seconds a cell may run (default 120). */
  timeout?: number;
  /** Called with progress lines. */
  log?: (line: string) => void;
  /**
   * For work on the export only: a folder of notebooks already executed (a previous build's
   * site/notebooks/), exported as they are instead of running notebooks/ again.
   */
  executed?: string;
  /** Run every notebook, ignoring the cache of executed notebooks (which is still refreshed). */
  force?: boolean;
  /** Stop at the first failing notebook; the later ones are reported as not run. */
  failFast?: boolean;
  /** Where the cache of executed notebooks is, and what its keys cover (tools/cache.ts). */
  cache?: CacheOptions;
}

const decoder = new TextDecoder();

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Copies a directory tree (files and folders; symbolic links are followed). */
async function copyTree(from: string, to: string): Promise<number> {
  await Deno.mkdir(to, { recursive: true });
  let files = 0;
  for await (const e of Deno.readDir(from)) {
    const src = `${from}/${e.name}`;
    const dst = `${to}/${e.name}`;
    const info = await Deno.stat(src);
    if (info.isDirectory) files += await copyTree(src, dst);
    else {
      await Deno.copyFile(src, dst);
      files++;
    }
  }
  return files;
}

/** `deno install`: puts the npm packages named in deno.json into node_modules/. */
async function installPackages(): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["install", "--quiet"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const text = (decoder.decode(out.stdout) + decoder.decode(out.stderr)).trim();
    throw new BuildError([
      `deno install failed (the site needs npm:mathjax and npm:plotly.js-dist-min):`,
      ...text.split("\n").slice(-8),
    ]);
  }
}

/** The files the site's assets/ is made of, checked before any notebook runs. */
async function assetSources(): Promise<{ mathjax: string; plotly: string; css: string }> {
  const sources = {
    mathjax: `${ROOT}/node_modules/mathjax/es5`,
    plotly: `${ROOT}/node_modules/plotly.js-dist-min/plotly.min.js`,
    css: `${ROOT}/tools/template/course.css`,
  };
  for (const path of [`${sources.mathjax}/tex-chtml-full.js`, sources.plotly, sources.css]) {
    if (!(await exists(path))) {
      throw new BuildError([
        `missing ${path.slice(ROOT.length + 1)} (is deno.json's import there?)`,
      ]);
    }
  }
  return sources;
}

/**
 * A course of every notebook in `dir`, in file-name order, numbered from 1, with the default
 * course file's title and look (for ad hoc builds and the build's own tests).
 */
export async function folderCourse(dir: string): Promise<Course> {
  const base = loadCourse();
  const chapters = (await listNotebooks(dir)).map((path, i) => {
    const file = basename(path);
    const name = file.replace(/\.ipynb$/, "");
    return {
      key: defaultKey(name),
      file,
      name,
      path,
      number: i + 1,
      part: null,
    };
  });
  return { ...base, variant: null, notebooks: dir, chapters, all: chapters };
}

/** The manifest's `course`: the identity and look tools/export.py puts on every page. */
function courseForExport(course: Course, assets: { logo?: string; favicon?: string }) {
  return { ...courseTexts(course), theme: course.theme, ...assets };
}

async function exportPages(
  python: string,
  env: Record<string, string>,
  outDir: string,
  course: Course,
  executed: string[],
  assets: { logo?: string; favicon?: string },
): Promise<BuildResult["pages"]> {
  const manifest = await Deno.makeTempFile({ prefix: "course-manifest-", suffix: ".json" });
  try {
    await Deno.writeTextFile(
      manifest,
      JSON.stringify({
        outDir,
        course: courseForExport(course, assets),
        notebooks: executed.map((source, i) => ({
          source,
          name: course.chapters[i].name,
          key: course.chapters[i].key,
          number: course.chapters[i].number,
          part: course.chapters[i].part,
        })),
        // Every chapter of the course file: links to those outside this build become plain text.
        others: course.all.filter((c) => !course.chapters.some((d) => d.key === c.key)).map((
          c,
        ) => c.name),
      }),
    );
    const out = await new Deno.Command(python, {
      args: [`${ROOT}/tools/export.py`, manifest],
      env,
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = decoder.decode(out.stderr).trim();
    if (!out.success) {
      throw new BuildError([
        `export failed: ${stderr.split("\n").slice(-6).join("\n") || "no message"}`,
      ]);
    }
    if (stderr) console.error(stderr);
    return decoder.decode(out.stdout).split("\n").filter((l) => l.startsWith("{")).map((l) =>
      JSON.parse(l)
    );
  } finally {
    await Deno.remove(manifest);
  }
}

/** Replaces `site` by `staging` with two renames; the old site is removed afterwards. */
async function swap(staging: string, site: string): Promise<void> {
  const old = `${site.slice(0, site.lastIndexOf("/"))}/.site-old-${Deno.pid}`;
  const hadSite = await exists(site);
  if (hadSite) await Deno.rename(site, old);
  try {
    await Deno.rename(staging, site);
  } catch (e) {
    if (hadSite) await Deno.rename(old, site); // put the old site back
    throw e;
  }
  if (hadSite) await Deno.remove(old, { recursive: true });
}

/** Builds the site; throws BuildError (site untouched) when a notebook fails. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  let course: Course;
  try {
    course = options.course ??
      (options.notebooks !== undefined ? await folderCourse(options.notebooks) : loadCourse());
  } catch (e) {
    if (e instanceof CourseError) throw new BuildError(e.lines);
    throw e;
  }
  const notebookDir = course.notebooks;
  if (course.chapters.length === 0) {
    throw new BuildError([`no notebooks (*.ipynb) in ${notebookDir}`]);
  }
  const site = (options.out ?? course.out).replace(/\/$/, "");
  const parent = site.slice(0, site.lastIndexOf("/"));

  const environment = await setup();
  await installPackages();
  const assets = await assetSources();
  const paths = course.chapters.map((c) =>
    options.executed !== undefined ? `${options.executed}/${c.file}` : c.path
  );
  for (const p of paths) {
    if (!(await exists(p))) throw new BuildError([`missing notebook ${relative(p)}`]);
  }
  const left = (await listNotebooks(notebookDir)).filter((p) =>
    !course.all.some((c) => c.path === p)
  );
  if (left.length > 0 && options.notebooks === undefined) {
    log(`not in the course file, not built: ${left.map(basename).join(", ")}`);
  }

  await Deno.mkdir(parent, { recursive: true });
  const staging = `${parent}/.site-staging-${Deno.pid}`;
  if (await exists(staging)) await Deno.remove(staging, { recursive: true }); // ours: same pid
  await Deno.mkdir(staging);
  const removeStaging = () => {
    try {
      Deno.removeSync(staging, { recursive: true });
    } catch { /* already gone */ }
  };
  const onInterrupt = () => {
    removeStaging();
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    let results: NotebookResult[];
    if (options.executed !== undefined) {
      log(`exporting ${plural(paths.length, "executed notebook")} from ${options.executed}`);
      await Deno.mkdir(`${staging}/notebooks`);
      for (const p of paths) await Deno.copyFile(p, `${staging}/notebooks/${basename(p)}`);
      results = paths.map((notebook) => ({ notebook, ok: true, seconds: 0, cells: 0, outputs: 0 }));
    } else {
      // From the cache when nothing it depends on changed (tools/cache.ts), else run.
      results = await executeWithCache(paths, {
        outDir: `${staging}/notebooks`,
        timeout: options.timeout,
        environment,
        force: options.force,
        failFast: options.failFast,
        cache: options.cache,
        log,
      });
    }
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) throw new BuildError(failed.map(describeFailure));

    log("exporting HTML");
    const executed = paths.map((p) => `${staging}/notebooks/${basename(p)}`);
    await Deno.mkdir(`${staging}/assets`, { recursive: true });
    const images: { logo?: string; favicon?: string } = {};
    for (const which of ["logo", "favicon"] as const) {
      const from = course[which];
      if (from === null) continue;
      images[which] = `assets/${which}${from.slice(from.lastIndexOf("."))}`;
      await Deno.copyFile(from, `${staging}/${images[which]}`);
    }
    const pages = await exportPages(
      environment.python,
      environment.env,
      staging,
      course,
      executed,
      images,
    );

    await copyTree(assets.mathjax, `${staging}/assets/mathjax`);
    await Deno.copyFile(assets.plotly, `${staging}/assets/plotly.min.js`);
    await Deno.copyFile(assets.css, `${staging}/assets/course.css`);
    try {
      await finishSite(staging, pages, course, log);
    } catch (e) {
      throw new BuildError([`finishing the site failed: ${e instanceof Error ? e.message : e}`]);
    }

    await swap(staging, site);
    return {
      site,
      course,
      notebooks: results,
      pages,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    removeStaging(); // a no-op after the swap
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

if (import.meta.main) {
  const args = [...Deno.args];
  const take = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const timeout = take("--timeout");
  const notebooks = take("--notebooks");
  const out = take("--out");
  const executed = take("--executed");
  const courseFile = take("--course");
  const variant = take("--variant");
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i >= 0) args.splice(i, 1);
    return i >= 0;
  };
  const force = flag("--force");
  const failFast = flag("--fail-fast");
  if (args.length > 0) {
    console.error(
      `build: unknown argument ${JSON.stringify(args[0])}; expected --course FILE, ` +
        "--variant NAME, --out DIR, --notebooks DIR, --executed DIR, --timeout S, --force, " +
        "--fail-fast",
    );
    Deno.exit(2);
  }
  const missing = [
    ["--timeout", timeout],
    ["--notebooks", notebooks],
    ["--out", out],
    ["--executed", executed],
    ["--course", courseFile],
    ["--variant", variant],
  ].find(([name, v]) => Deno.args.includes(name!) && (v === undefined || v.startsWith("--")));
  if (missing) {
    console.error(`build: ${missing[0]} needs a value, found ${missing[1] ?? "nothing"}`);
    Deno.exit(2);
  }
  if (timeout !== undefined && !(Number(timeout) > 0)) {
    console.error(`build: --timeout: expected seconds (a number > 0), found ${timeout}`);
    Deno.exit(2);
  }
  const absolute = (p?: string) => p && (p.startsWith("/") ? p : `${Deno.cwd()}/${p}`);
  let course: Course | undefined;
  try {
    if (courseFile !== undefined || variant !== undefined) {
      course = loadCourse(absolute(courseFile) ?? COURSE_FILE, { variant });
    }
  } catch (e) {
    console.log(
      `build: the course file has ${e instanceof CourseError ? "mistakes" : "a problem"}`,
    );
    console.error(e instanceof Error ? e.message : e);
    Deno.exit(1);
  }
  try {
    const r = await build({
      course,
      notebooks: absolute(notebooks),
      out: absolute(out),
      executed: absolute(executed),
      timeout: timeout ? Number(timeout) : undefined,
      force,
      failFast,
      log: (line) => console.log(`build: ${line}`),
    });
    const titles = new Map(r.pages.map((p) => [p.page.replace(/\.html$/, ".ipynb"), p.title]));
    console.log("");
    for (const n of r.notebooks) {
      const name = basename(n.notebook);
      console.log(
        `  ${name.padEnd(34)} ${String(n.cells).padStart(3)} cells ${
          String(n.outputs).padStart(4)
        } outputs ${n.cached ? "  cached" : `${n.seconds.toFixed(1).padStart(6)} s`}   ${
          titles.get(name) ?? ""
        }`,
      );
    }
    const executing = r.notebooks.reduce((s, n) => s + n.seconds, 0);
    const ran = r.notebooks.filter((n) => !n.cached).length;
    console.log(
      `\nbuild: ${plural(r.notebooks.length, "notebook")}, ${plural(r.pages.length, "page")} in ${
        r.seconds.toFixed(1)
      } s (notebooks ${executing.toFixed(1)} s)` +
        (executed === undefined ? `; ${ran} ran, ${r.notebooks.length - ran} from the cache` : ""),
    );
    console.log(`build: the course is in ${relative(r.site)}/index.html`);
  } catch (e) {
    const site = relative(absolute(out) ?? course?.out ?? `${ROOT}/site`);
    console.log(`build: failed; ${site}/ was left as it was`);
    if (e instanceof BuildError) { for (const line of e.lines) console.error(line); }
    else console.error(e instanceof Error ? e.message : e);
    Deno.exit(1);
  }
}
