/**
 * The cache of executed notebooks, so that a build runs only the notebooks whose result could
 * have changed. It lives in .cache/executed/ (not committed) and holds, for each notebook name,
 * the newest executed copy `<name>.<key16>.ipynb` and a sidecar `<name>.<key16>.json`.
 *
 * The key is a SHA-256 over everything a notebook's outputs may depend on: the notebook's own
 * bytes and its path; every file under lib/, proofs/ and results/ (path and bytes, sorted by
 * path; hidden files are left out); deno.json, deno.lock and tools/execute.py; and the version
 * of Deno (the kernel). The part shared by all notebooks is computed once per build. Change any
 * of these and the notebook runs again; change nothing and its executed copy is reused.
 *
 * The cache can only cause a miss, never a failure or a wrong hit: an entry is used only when
 * both of its files are there, the sidecar names the full key, and the copy is a readable
 * notebook. Files are written atomically (a temporary file, then a rename), and an entry is
 * stored only if its key still matches once the notebook has run (so an edit made during the
 * build does not get stored under the key of the files as they were before it).
 * @module
 */

import { writeFileAtomic } from "../lib/files.ts";
import {
  executeNotebooks,
  type ExecuteOptions,
  type NotebookResult,
  relative,
} from "./notebooks.ts";
import { ROOT } from "./setup.ts";

/** Where the cache lives unless told otherwise. */
export const CACHE_DIR = `${ROOT}/.cache/executed`;

/** Raise to make every existing cache entry a miss (when the format or the key changes). */
const FORMAT = 1;

/** The files, besides the notebook itself, that a key covers. */
export interface KeyInputs {
  /** The folder the paths below are relative to. */
  root: string;
  /** Folders whose every file counts (recursively; hidden files and folders are left out). */
  dirs: string[];
  /** Single files. */
  files: string[];
}

/** What the key covers by default: the library, the proofs, the results, the tools' versions. */
export const KEY_INPUTS: KeyInputs = {
  root: ROOT,
  dirs: ["lib", "proofs", "results"],
  files: ["deno.json", "deno.lock", "tools/execute.py"],
};

/** Where the cache is and what its keys cover (for tests: a temporary folder and inputs). */
export interface CacheOptions {
  /** The cache's folder (default .cache/executed/). */
  dir?: string;
  /** What the key covers besides the notebook (default {@link KEY_INPUTS}). */
  inputs?: KeyInputs;
}

const encoder = new TextEncoder();

async function sha256(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function readOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return await Deno.readFile(path);
  } catch {
    return null;
  }
}

/** Every file under `dir` (relative to `root`), hidden files and folders left out. */
async function walk(root: string, dir: string, into: string[]): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(`${root}/${dir}`));
  } catch {
    return; // a missing folder counts as empty
  }
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "__pycache__") continue;
    const path = `${dir}/${e.name}`;
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(`${root}/${path}`); // follows symbolic links
    } catch {
      continue; // a dangling link
    }
    if (info.isDirectory) await walk(root, path, into);
    else if (info.isFile) into.push(path);
  }
}

/** The digest of everything but the notebook: computed once per build. */
async function sharedDigest(inputs: KeyInputs): Promise<string> {
  const paths: string[] = [...inputs.files];
  for (const dir of inputs.dirs) await walk(inputs.root, dir.replace(/\/$/, ""), paths);
  paths.sort();
  const parts: [string, string | null][] = [];
  for (const path of paths) {
    const bytes = await readOrNull(`${inputs.root}/${path}`);
    parts.push([path, bytes && (await sha256(bytes))]);
  }
  return await sha256(JSON.stringify({ format: FORMAT, deno: Deno.version.deno, files: parts }));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A notebook's name without .ipynb: the cache keeps one entry per name. */
function stem(path: string): string {
  return basename(path).replace(/\.ipynb$/, "");
}

/** The cache entries' names: `<name>.<key16>.ipynb` and `<name>.<key16>.json`. */
const ENTRY = /^(.+)\.([0-9a-f]{16})\.(ipynb|json)$/;

/** What the sidecar `<name>.<key16>.json` holds. */
interface Sidecar {
  format: number;
  key: string;
  notebook: string;
  seconds: number;
}

/** The counts a build reports for a notebook, read from its executed copy. */
function counts(nb: unknown): { cells: number; outputs: number } | null {
  if (typeof nb !== "object" || nb === null) return null;
  const cells = (nb as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) return null;
  const code = cells.filter((c) => c?.cell_type === "code");
  if (!code.every((c) => Array.isArray(c.outputs))) return null;
  return { cells: code.length, outputs: code.reduce((s, c) => s + c.outputs.length, 0) };
}

/** The cache of one build: open it once, then look up and store notebooks. */
export class NotebookCache {
  private constructor(
    readonly dir: string,
    private readonly inputs: KeyInputs,
    private readonly shared: string,
  ) {}

  /** Computes the shared part of the keys (reads lib/, proofs/, results/, ...). */
  static async open(options: CacheOptions = {}): Promise<NotebookCache> {
    const inputs = options.inputs ?? KEY_INPUTS;
    return new NotebookCache(options.dir ?? CACHE_DIR, inputs, await sharedDigest(inputs));
  }

  /** The notebook's key; null when the notebook cannot be read (then it just runs, and fails). */
  async key(notebook: string, shared = this.shared): Promise<string | null> {
    const bytes = await readOrNull(notebook);
    if (bytes === null) return null;
    // The path too: a notebook reads ../lib/ and ../results/ relative to where it is.
    const root = `${this.inputs.root.replace(/\/$/, "")}/`;
    const path = notebook.startsWith(root) ? notebook.slice(root.length) : notebook;
    return await sha256(JSON.stringify([FORMAT, shared, path, await sha256(bytes)]));
  }

  private entry(notebook: string, key: string): string {
    return `${this.dir}/${stem(notebook)}.${key.slice(0, 16)}`;
  }

  /**
   * Writes the cached executed copy of `notebook` to `dest` and returns its result (cached:
   * true), or returns null (a miss) when there is no entry for `key` or it cannot be used.
   */
  async restore(notebook: string, key: string, dest: string): Promise<NotebookResult | null> {
    const entry = this.entry(notebook, key);
    try {
      const sidecar = JSON.parse(await Deno.readTextFile(`${entry}.json`)) as Sidecar;
      if (sidecar?.format !== FORMAT || sidecar.key !== key) return null;
      const bytes = await Deno.readFile(`${entry}.ipynb`);
      const found = counts(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)));
      if (found === null) return null;
      await Deno.writeFile(dest, bytes);
      return { notebook, ok: true, seconds: 0, ...found, cached: true };
    } catch {
      return null; // missing, unreadable or not JSON: a miss
    }
  }

  /**
   * Stores `executed` (the notebook run OK) under `key`, if the key still holds (neither the
   * notebook nor the shared inputs changed while it ran), and removes older entries of the same
   * notebook name. Returns whether it stored the entry.
   */
  async store(
    notebook: string,
    key: string,
    executed: string,
    result: NotebookResult,
  ): Promise<boolean> {
    if ((await this.key(notebook, await sharedDigest(this.inputs))) !== key) return false;
    const bytes = await Deno.readFile(executed);
    await Deno.mkdir(this.dir, { recursive: true });
    const entry = this.entry(notebook, key);
    const sidecar: Sidecar = {
      format: FORMAT,
      key,
      notebook: relative(notebook),
      seconds: result.seconds,
    };
    // The notebook first: an entry is used only once its sidecar is there too.
    writeFileAtomic(`${entry}.ipynb`, bytes);
    writeFileAtomic(`${entry}.json`, JSON.stringify(sidecar, null, 1) + "\n");
    const name = stem(notebook);
    for await (const e of Deno.readDir(this.dir)) {
      const m = e.name.match(ENTRY);
      if (m && m[1] === name && m[2] !== key.slice(0, 16)) {
        await Deno.remove(`${this.dir}/${e.name}`).catch(() => {});
      }
    }
    return true;
  }
}

/** Options of {@link executeWithCache}. */
export interface CachedExecuteOptions extends Omit<ExecuteOptions, "onResult"> {
  /** Run every notebook, whatever the cache holds (the cache is still refreshed). */
  force?: boolean;
  /** Where the cache is and what its keys cover. */
  cache?: CacheOptions;
  /** Called with one line per notebook: cached, ok, FAILED or skip. */
  log?: (line: string) => void;
}

/**
 * Puts every notebook's executed copy in `options.outDir`: from the cache when its key is there
 * (unless `force`), else by running it. Each notebook that runs OK is stored in the cache as soon
 * as it is reported, even when a later one fails. Results come back in the order of `paths`.
 */
export async function executeWithCache(
  paths: string[],
  options: CachedExecuteOptions,
): Promise<NotebookResult[]> {
  const log = options.log ?? (() => {});
  const cache = await NotebookCache.open(options.cache);
  await Deno.mkdir(options.outDir, { recursive: true });
  const keys = new Map<string, string | null>();
  const found = new Map<string, NotebookResult>();
  for (const path of paths) {
    const key = await cache.key(path);
    keys.set(path, key);
    if (options.force || key === null) continue;
    const r = await cache.restore(path, key, `${options.outDir}/${basename(path)}`);
    if (r) found.set(path, r);
  }
  const toRun = paths.filter((p) => !found.has(p));
  const where = relative(paths[0]?.slice(0, paths[0].lastIndexOf("/")) ?? ".");
  log(
    `${paths.length} notebooks in ${where}: ${toRun.length} to run, ${found.size} from the cache` +
      (options.force ? " (--force)" : ""),
  );
  for (const r of found.values()) log(`  cached ${basename(r.notebook)}`);
  if (toRun.length === 0) return paths.map((p) => found.get(p)!);

  const stores: Promise<void>[] = [];
  let ran: NotebookResult[];
  try {
    ran = await executeNotebooks(toRun, {
      outDir: options.outDir,
      timeout: options.timeout,
      environment: options.environment,
      failFast: options.failFast,
      onResult: (r) => {
        const name = basename(r.notebook);
        if (r.error?.kind === "skipped") log(`  skip   ${name} (${r.error.message})`);
        else log(`  ${r.ok ? "ok    " : "FAILED"} ${name} (${r.seconds.toFixed(1)} s)`);
        const key = keys.get(r.notebook);
        if (!r.ok || !key) return;
        stores.push(
          cache.store(r.notebook, key, `${options.outDir}/${name}`, r).then(
            (stored) => {
              if (!stored) {
                log(`  (not cached: ${name} or a file its key covers changed as it ran)`);
              }
            },
            (e) => log(`  (not cached: ${name}: ${e instanceof Error ? e.message : e})`),
          ),
        );
      },
    });
  } finally {
    await Promise.all(stores);
  }
  const byPath = new Map(ran.map((r) => [r.notebook, r]));
  return paths.map((p) => found.get(p) ?? byPath.get(p)!);
}
