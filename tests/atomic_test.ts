/**
 * writeFileAtomic (lib/files.ts) and saveNetwork on it: a file is replaced by a rename, never
 * rewritten in place; nothing is left behind; a missing directory or a bad path is refused before
 * anything is written, naming the function the user called. (Killing a writer mid-write is
 * tests/crash_test.ts.)
 */

import { deepEqual, equal, ok, throwsWith } from "./assert.ts";
import { checkWritablePath, writeFileAtomic } from "../lib/files.ts";
import { ArgumentError, createNetwork, loadNetwork, saveNetwork } from "../lib/mod.ts";

async function inTempDir(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "atomic-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const names = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

Deno.test("replaced by a rename: a reader of the old file still reads it whole", () =>
  inTempDir((dir) => {
    const path = `${dir}/a.txt`;
    writeFileAtomic(path, "old text");
    const before = Deno.statSync(path).ino;
    const reader = Deno.openSync(path); // opened before the write, read after it
    try {
      writeFileAtomic(path, "the new, longer text");
      const buf = new Uint8Array(100);
      const n = reader.readSync(buf) ?? 0;
      equal(new TextDecoder().decode(buf.subarray(0, n)), "old text", "the old file is untouched");
    } finally {
      reader.close();
    }
    equal(Deno.readTextFileSync(path), "the new, longer text");
    ok(Deno.statSync(path).ino !== before, "a new inode: renamed into place, not rewritten");
    deepEqual(names(dir), ["a.txt"], "no temporary file left behind");
  }));

Deno.test("bytes byte for byte; a shorter text leaves no tail of the longer one", () =>
  inTempDir((dir) => {
    const path = `${dir}/b.bin`;
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256);
    writeFileAtomic(path, bytes);
    deepEqual(Deno.readFileSync(path), bytes);
    writeFileAtomic(path, "short");
    equal(Deno.readTextFileSync(path), "short");
  }));

Deno.test("an existing file keeps its permissions; a symbolic link stays a link", () =>
  inTempDir((dir) => {
    if (Deno.build.os === "windows") return;
    const path = `${dir}/p.txt`;
    writeFileAtomic(path, "1");
    Deno.chmodSync(path, 0o640);
    writeFileAtomic(path, "2");
    equal(Deno.statSync(path).mode! & 0o777, 0o640);
    const link = `${dir}/link.txt`;
    Deno.symlinkSync(path, link);
    writeFileAtomic(link, "3");
    ok(Deno.lstatSync(link).isSymlink, "the link is still a link");
    equal(Deno.readTextFileSync(path), "3", "its target was replaced");
    deepEqual(names(dir), ["link.txt", "p.txt"]);
  }));

Deno.test("a missing directory: an ArgumentError naming the caller and the directory", () =>
  inTempDir((dir) => {
    const path = `${dir}/no/such/net.json`;
    const e = throwsWith(
      () => writeFileAtomic(path, "x"),
      'writeFileAtomic: argument "path"',
      "expected a path in an existing directory",
      `"${dir}/no/such"`,
    );
    ok(e instanceof ArgumentError);
    throwsWith(
      () => writeFileAtomic(path, "x", "saveNetwork"),
      'saveNetwork: argument "path": expected a path in an existing directory',
    );
    deepEqual(names(dir), [], "nothing created");
  }));

Deno.test("a directory, an empty path or a non-string is refused before anything is written", () =>
  inTempDir((dir) => {
    throwsWith(() => writeFileAtomic(dir, "x"), 'argument "path"', "a path to a file", dir);
    throwsWith(() => writeFileAtomic("", "x"), 'argument "path"', "non-empty string");
    throwsWith(
      () => writeFileAtomic(42 as unknown as string, "x"),
      'argument "path"',
      "the number 42",
    );
    throwsWith(
      () => writeFileAtomic(`${dir}/d.txt`, 7 as unknown as string),
      'argument "data"',
      "a string or a Uint8Array",
    );
    throwsWith(
      () => checkWritablePath("f", "out", `${dir}/`),
      'f: argument "out"',
      "a path to a file",
    );
    deepEqual(names(dir), []);
  }));

Deno.test("a write that fails names the path and the cause and leaves nothing behind", () => {
  if (Deno.build.os !== "linux") return;
  // /proc/self exists, but no file can be created in it, not even by root
  const e = throwsWith(
    () => writeFileAtomic("/proc/self/net.json", "x", "saveNetwork"),
    "saveNetwork: could not write /proc/self/net.json (left as it was)",
  );
  ok(e.cause instanceof Error, "the cause is kept");
  ok(!(e instanceof ArgumentError), "a failed write, not a bad argument");
});

Deno.test("saveNetwork writes atomically, refuses a missing directory or a non-string", () =>
  inTempDir((dir) => {
    const path = `${dir}/net.json`;
    const a = createNetwork({ sizes: [3, 4, 2], activations: "sigmoid", seed: 1 });
    const b = createNetwork({ sizes: [3, 4, 2], activations: "sigmoid", seed: 2 });
    saveNetwork(path, a);
    const before = Deno.statSync(path).ino;
    saveNetwork(path, b);
    ok(Deno.statSync(path).ino !== before, "renamed into place");
    equal(loadNetwork(path).W[1].data[0], b.W[1].data[0]);
    deepEqual(names(dir), ["net.json"]);
    throwsWith(
      () => saveNetwork(`${dir}/missing/net.json`, a),
      'saveNetwork: argument "path": expected a path in an existing directory',
      `"${dir}/missing"`,
    );
    const cwd = Deno.cwd();
    Deno.chdir(dir);
    try {
      throwsWith(() => saveNetwork(123 as unknown as string, a), 'saveNetwork: argument "path"');
    } finally {
      Deno.chdir(cwd);
    }
    deepEqual(names(dir), ["net.json"], 'no file named "123"');
    throwsWith(
      () => saveNetwork(path, { sizes: [1] } as never),
      'saveNetwork: argument "net.sizes"',
    );
    equal(loadNetwork(path).W[1].data[0], b.W[1].data[0], "a refused save leaves the file");
  }));
