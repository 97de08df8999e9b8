/**
 * `deno task notebooks [--timeout S] [--out DIR] [--fail-fast] [NOTEBOOK…]`: executes every
 * notebook in notebooks/ (or the ones named) headless on the project's Deno kernel, in order, and
 * prints how long each took. Fails with one line naming the notebook, the cell and the error
 * when any cell fails. With `--fail-fast` it stops at the first failing notebook and reports the
 * rest as not run. The Python side (tools/execute.py) keeps outputs that arrive after the
 * kernel's "idle".
 * @module
 */

import { type Environment, ROOT, setup } from "./setup.ts";

/** What tools/execute.py reports for one notebook. */
export interface NotebookResult {
  notebook: string;
  ok: boolean;
  seconds: number;
  cells: number;
  outputs: number;
  /** The executed copy came from the build's cache (tools/cache.ts): the notebook did not run. */
  cached?: boolean;
  error?: {
    /** "skipped": not run, because an earlier notebook failed (`failFast`). */
    kind: "invalid" | "kernel" | "cell" | "skipped";
    message?: string;
    cell?: number;
    id?: string;
    ename?: string;
    evalue?: string;
  };
}

/**
 * The course's notebooks in reading order (by file name: 00_…, 01_…): the .ipynb files of the
 * folder itself, not Jupyter's .ipynb_checkpoints/ copies nor other hidden files.
 */
export async function listNotebooks(dir = `${ROOT}/notebooks`): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".ipynb") && !e.name.startsWith(".")) names.push(e.name);
  }
  return names.sort().map((n) => `${dir}/${n}`);
}

/** A path relative to the project, for messages. */
export function relative(path: string): string {
  return path.startsWith(`${ROOT}/`) ? path.slice(ROOT.length + 1) : path;
}

/** One line saying what went wrong, naming the notebook and the cell. */
export function describeFailure(r: NotebookResult): string {
  const nb = relative(r.notebook);
  const e = r.error;
  if (!e) return `${nb}: ok`;
  if (e.kind === "cell") {
    return `${nb}, cell ${e.cell}${e.id ? ` (id ${e.id})` : ""}: ${e.ename}: ${e.evalue}`;
  }
  if (e.kind === "skipped") return `${nb}: ${e.message ?? "not run: an earlier notebook failed"}`;
  return `${nb}: ${e.message}`;
}

/** Options of {@link executeNotebooks}. */
export interface ExecuteOptions {
  /** Where the executed notebooks (with outputs) are written, one file per notebook. */
  outDir: string;
  /** Seconds a cell may run (default 120). */
  timeout?: number;
  /** Set-up already done (else it runs now). */
  environment?: Environment;
  /** Called as each notebook finishes. */
  onResult?: (r: NotebookResult) => void;
  /** Stop at the first failing notebook; the ones after it are reported with kind "skipped". */
  failFast?: boolean;
}

/**
 * Executes the notebooks in order, every one of them (or up to the first that fails, with
 * `failFast`), and returns what each did.
 */
export async function executeNotebooks(
  paths: string[],
  options: ExecuteOptions,
): Promise<NotebookResult[]> {
  const env = options.environment ?? (await setup());
  const child = new Deno.Command(env.python, {
    args: [
      `${ROOT}/tools/execute.py`,
      "--out",
      options.outDir,
      "--timeout",
      String(options.timeout ?? 120),
      ...(options.failFast ? ["--fail-fast"] : []),
      ...paths,
    ],
    env: env.env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const results: NotebookResult[] = [];
  let buffer = "";
  const decoder = new TextDecoder();
  const stderr = new Response(child.stderr).text();
  for await (const chunk of child.stdout) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line.startsWith("{")) continue;
      const r = JSON.parse(line) as NotebookResult;
      results.push(r);
      options.onResult?.(r);
    }
  }
  const status = await child.status;
  const errText = (await stderr).trim();
  if (results.length < paths.length) {
    // execute.py reports every notebook, failing or not: fewer reports means it crashed.
    throw new Error(
      `tools/execute.py exited with ${status.code} after ${results.length} of ${paths.length} notebooks:\n${
        errText.split("\n").slice(-10).join("\n")
      }`,
    );
  }
  return results;
}

if (import.meta.main) {
  const args = [...Deno.args];
  const take = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const failFast = args.includes("--fail-fast");
  if (failFast) args.splice(args.indexOf("--fail-fast"), 1);
  const timeout = Number(take("--timeout") ?? 120);
  const out = take("--out");
  const paths = args.length > 0
    ? args.map((p) => (p.startsWith("/") ? p : `${Deno.cwd()}/${p}`))
    : await listNotebooks();
  const outDir = out ?? (await Deno.makeTempDir({ prefix: "notebooks-" }));
  const started = performance.now();
  let results: NotebookResult[];
  try {
    results = await executeNotebooks(paths, {
      outDir,
      timeout,
      failFast,
      onResult: (r) =>
        console.log(
          `${r.ok ? "ok    " : r.error?.kind === "skipped" ? "skip  " : "FAILED"} ${
            relative(r.notebook).padEnd(40)
          } ${String(r.cells).padStart(3)} cells ${String(r.outputs).padStart(4)} outputs ${
            r.seconds.toFixed(1).padStart(6)
          } s`,
        ),
    });
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    Deno.exit(1);
  }
  const failed = results.filter((r) => !r.ok);
  console.log(
    `${results.length - failed.length} of ${paths.length} notebooks ran in ${
      ((performance.now() - started) / 1000).toFixed(1)
    } s` + (out ? `; executed copies in ${relative(outDir)}` : ""),
  );
  if (!out) await Deno.remove(outDir, { recursive: true });
  for (const r of failed) console.error(describeFailure(r));
  if (failed.length > 0 || results.length < paths.length) Deno.exit(1);
}
