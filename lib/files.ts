/**
 * Files written so that a crash, a kill or a full disk never leaves half a file: the text goes to
 * a temporary file in the same directory, is flushed to the disk (fsync), and only then renamed
 * over the target. A rename within one directory is atomic on POSIX file systems, so a reader
 * sees the old file or the new one, never a mixture; a write that fails leaves the old file as it
 * was. Every file the library and the tools write (networks, checkpoints, results, the
 * kernelspec) goes through {@link writeFileAtomic}.
 * @module
 */

import { ArgumentError, describe } from "./errors.ts";

const SEPARATOR = Deno.build.os === "windows" ? /[\\/]/ : /\//;

/** The directory part of `path` ("." when there is none) and the file's name. */
function split(path: string): { dir: string; name: string } {
  let cut = -1;
  for (let i = path.length - 1; i >= 0; i--) {
    if (SEPARATOR.test(path[i])) {
      cut = i;
      break;
    }
  }
  if (cut < 0) return { dir: ".", name: path };
  return { dir: cut === 0 ? path[0] : path.slice(0, cut), name: path.slice(cut + 1) };
}

/**
 * Checks, before any work, that `path` names a file that can be written: a non-empty string, not
 * a directory, in a directory that exists. Returns the file's directory. The errors name `fn`
 * (the function the user called) and `argument`.
 *
 * @example
 * ```ts
 * import { checkWritablePath } from "./files.ts";
 * try {
 *   checkWritablePath("saveNetwork", "path", "/no/such/directory/net.json");
 *   throw new Error("unreachable");
 * } catch (e) {
 *   if (!(e as Error).message.includes("a path in an existing directory")) throw e;
 * }
 * ```
 */
export function checkWritablePath(fn: string, argument: string, path: unknown): string {
  if (typeof path !== "string" || path === "") {
    throw new ArgumentError(fn, argument, "a file path (a non-empty string)", describe(path));
  }
  const { dir, name } = split(path);
  let isDirectory = false;
  try {
    isDirectory = Deno.statSync(dir).isDirectory;
  } catch {
    // missing, or not reachable: the error below says which directory
  }
  if (!isDirectory) {
    throw new ArgumentError(
      fn,
      argument,
      "a path in an existing directory",
      `${JSON.stringify(path)}, whose directory ${JSON.stringify(dir)} does not exist`,
    );
  }
  let target: Deno.FileInfo | undefined;
  try {
    target = Deno.statSync(path);
  } catch {
    // no file yet: fine
  }
  if (name === "" || name === "." || name === ".." || target?.isDirectory) {
    throw new ArgumentError(
      fn,
      argument,
      "a path to a file",
      `the directory ${JSON.stringify(path)}`,
    );
  }
  return dir;
}

/**
 * Writes `data` (text as UTF-8, or bytes) to `path` atomically: into a new temporary file
 * `.<name>.<pid>-<random>.tmp` beside it, fsynced, then renamed over `path` (and the directory
 * fsynced, so the rename itself survives a power cut). A reader, or a process started after a
 * crash, finds either the previous file or the whole new one. An existing file keeps its
 * permissions; a symbolic link is followed and its target replaced.
 *
 * A missing directory throws {@link ArgumentError} naming `fn` (the public function the user
 * called) and `argument`, before anything is written. Any other failure (a full disk, no
 * permission) removes the temporary file and throws an Error naming the path and the cause; the
 * previous file is unchanged. A process killed mid-write (SIGKILL) cannot clean up and may leave
 * its temporary file behind, never a damaged target.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./files.ts";
 * const dir = await Deno.makeTempDir();
 * writeFileAtomic(`${dir}/a.json`, '{"version": 1}');
 * writeFileAtomic(`${dir}/a.json`, '{"version": 2}'); // replaces the file in one rename
 * const text = Deno.readTextFileSync(`${dir}/a.json`);
 * if (JSON.parse(text).version !== 2) throw new Error("replaced");
 * if ([...Deno.readDirSync(dir)].length !== 1) throw new Error("no temporary file left behind");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  fn = "writeFileAtomic",
  argument = "path",
): void {
  checkWritablePath(fn, argument, path);
  if (typeof data !== "string" && !(data instanceof Uint8Array)) {
    throw new ArgumentError(fn, "data", "a string or a Uint8Array", describe(data));
  }
  let target = path;
  try {
    if (Deno.lstatSync(path).isSymlink) target = Deno.realPathSync(path);
  } catch {
    // no file there yet (or a dangling link, which the rename replaces)
  }
  const { dir, name } = split(target);
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const random = crypto.getRandomValues(new Uint32Array(2));
  const temp = `${dir}/.${name}.${Deno.pid}-${random[0].toString(36)}${random[1].toString(36)}.tmp`;
  let created = false;
  try {
    let mode: number | null = null;
    try {
      mode = Deno.statSync(target).mode;
    } catch {
      // a new file: the default permissions
    }
    const file = Deno.openSync(temp, { write: true, createNew: true });
    created = true;
    try {
      for (let at = 0; at < bytes.length;) at += file.writeSync(bytes.subarray(at));
      file.syncSync();
    } finally {
      file.close();
    }
    if (mode !== null && Deno.build.os !== "windows") Deno.chmodSync(temp, mode & 0o7777);
    Deno.renameSync(temp, target);
    created = false;
  } catch (e) {
    if (created) {
      try {
        Deno.removeSync(temp);
      } catch {
        // nothing more to do: the error below is the one that matters
      }
    }
    throw new Error(
      `${fn}: could not write ${path} (left as it was): ${(e as Error).message}`,
      { cause: e },
    );
  }
  syncDirectory(dir);
}

/** fsync of the directory, which makes a rename durable; not every system can open a directory. */
function syncDirectory(dir: string): void {
  if (Deno.build.os === "windows") return;
  try {
    const d = Deno.openSync(dir, { read: true });
    try {
      d.syncSync();
    } finally {
      d.close();
    }
  } catch {
    // best effort: the file is in place either way
  }
}
