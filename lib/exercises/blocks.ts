/**
 * How an exercise's answer is compared with the reference, and how a mismatch is explained.
 *
 * Every answer — a number, a vector, a matrix, a `{ dw, db }` pair or a whole `Gradients` — is
 * read into named blocks ("dW[2]", "δ", "∂C/∂w"), each a small matrix. Reading checks the shape
 * and says, like a teacher would, what was expected ("dW[2] should be 3×2, n_2 × n_1; yours is
 * 2×3: transposed?"). Comparing finds the worst entry; explaining looks for the shape of a
 * recognisable mistake (all zeros, a constant factor such as N or 2, a sign, a transpose).
 * @module
 */

import { describe } from "../errors.ts";
import type { Gradients } from "../gradients.ts";
import type { Matrix } from "../matrix.ts";
import type { Network } from "../network.ts";

/** One named part of an answer, as a rows×cols matrix (a vector is n×1, a number 1×1). */
export interface Block {
  name: string;
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Thrown while reading an answer whose shape or type is wrong: the message is the diagnosis. */
export class Unreadable extends Error {
  override name = "Unreadable";
}

/** A number block. */
export function scalarBlock(name: string, value: number): Block {
  return { name, rows: 1, cols: 1, data: Float64Array.of(value) };
}

/** A vector block (n×1). */
export function vectorBlock(name: string, v: ArrayLike<number>): Block {
  return { name, rows: v.length, cols: 1, data: Float64Array.from(v) };
}

/** A matrix block. */
export function matrixBlock(name: string, m: Matrix): Block {
  return { name, rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

/** The blocks dW[1], db[1], …, dW[L], db[L] of a gradient. */
export function gradientBlocks(g: Gradients): Block[] {
  const blocks: Block[] = [];
  for (let l = 1; l < g.dW.length; l++) {
    blocks.push(matrixBlock(`dW[${l}]`, g.dW[l]), vectorBlock(`db[${l}]`, g.db[l]));
  }
  return blocks;
}

/** Reads a finite number. */
export function readNumber(value: unknown, what: string): number {
  if (typeof value !== "number") {
    throw new Unreadable(`${what} should be a number; yours is ${describe(value)}.`);
  }
  return value;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Reads a vector of length n (an array or a typed array of numbers). */
export function readVector(value: unknown, n: number, what: string, meaning = ""): Float64Array {
  if (isMatrixLike(value) && (value.rows === 1 || value.cols === 1)) {
    value = value.data;
  }
  if (!isArrayLike(value)) {
    throw new Unreadable(
      `${what} should be a vector of ${n} numbers${meaning}; yours is ${describe(value)}.`,
    );
  }
  if (value.length !== n) {
    throw new Unreadable(
      `${what} should have ${n} entries${meaning}; yours has ${value.length}.`,
    );
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = value[i];
    if (typeof v !== "number") {
      throw new Unreadable(`${what}[${i}] should be a number; yours is ${describe(v)}.`);
    }
    out[i] = v;
  }
  return out;
}

function isMatrixLike(value: unknown): value is Matrix {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Matrix;
  return typeof m.rows === "number" && typeof m.cols === "number" && isArrayLike(m.data);
}

/** Reads a rows×cols Matrix; a transposed shape is named as such. */
export function readMatrix(
  value: unknown,
  rows: number,
  cols: number,
  what: string,
  meaning = "",
): Matrix {
  if (!isMatrixLike(value)) {
    throw new Unreadable(
      `${what} should be a ${rows}×${cols} Matrix { rows, cols, data }${meaning}; yours is ` +
        `${describe(value)}.`,
    );
  }
  if (value.rows !== rows || value.cols !== cols) {
    const transposed = value.rows === cols && value.cols === rows;
    throw new Unreadable(
      `${what} should be ${rows}×${cols}${meaning}; yours is ${value.rows}×${value.cols}` +
        (transposed ? ": transposed?" : "."),
    );
  }
  const data = readVector(value.data, rows * cols, `${what}.data`, " (rows × cols, row by row)");
  return { rows, cols, data };
}

/** Reads a Gradients shaped like the network's parameters (index 0 unused). */
export function readGradients(value: unknown, net: Network, what = "your gradient"): Block[] {
  const L = net.sizes.length - 1;
  if (typeof value !== "object" || value === null) {
    throw new Unreadable(`${what} should be a Gradients { dW, db }; yours is ${describe(value)}.`);
  }
  const g = value as { dW?: unknown; db?: unknown };
  for (const key of ["dW", "db"] as const) {
    const list = g[key];
    if (!Array.isArray(list)) {
      throw new Unreadable(
        `${what}.${key} should be an array of ${L + 1} entries (index 0 unused, then layers ` +
          `1..${L}); yours is ${describe(list)}.`,
      );
    }
    if (list.length !== L + 1) {
      throw new Unreadable(
        `${what}.${key} should have ${L + 1} entries (index 0 unused, then layers 1..${L}); ` +
          `yours has ${list.length}` +
          (list.length === L ? ": did you start at index 0 instead of 1?" : "."),
      );
    }
  }
  const dW = g.dW as unknown[], db = g.db as unknown[];
  const blocks: Block[] = [];
  for (let l = 1; l <= L; l++) {
    const n = net.sizes[l], m = net.sizes[l - 1];
    blocks.push(
      matrixBlock(
        `dW[${l}]`,
        readMatrix(dW[l], n, m, `dW[${l}]`, ` (n_${l} × n_${l - 1}, like W[${l}])`),
      ),
      vectorBlock(`db[${l}]`, readVector(db[l], n, `db[${l}]`, ` (n_${l}, like b[${l}])`)),
    );
  }
  return blocks;
}

/** Where two answers differ most. */
export interface Mismatch {
  block: string;
  /** "(j, k)" for a matrix entry, "[i]" for a vector entry, "" for a number. */
  at: string;
  expected: number;
  got: number;
  relativeError: number;
}

/** Absolute floor of the relative error, as a fraction of the largest expected magnitude. */
const FLOOR = 1e-8;

/**
 * The worst entry of `got` against `want` by |g − w| / max(|g|, |w|, FLOOR · max|want|), or
 * undefined when every entry is within `tolerance`. Shapes are assumed equal (read first).
 */
export function worstMismatch(
  got: Block[],
  want: Block[],
  tolerance: number,
): Mismatch | undefined {
  let scale = 0;
  for (const b of want) for (const v of b.data) scale = Math.max(scale, Math.abs(v));
  const floor = Math.max(FLOOR * scale, 1e-300);
  let worst: Mismatch | undefined;
  for (let i = 0; i < want.length; i++) {
    const w = want[i], g = got[i];
    for (let e = 0; e < w.data.length; e++) {
      const a = g.data[e], b = w.data[e];
      // A non-finite entry matches only the same non-finite value (a mistake's NaN, say).
      const err = Number.isFinite(a) && Number.isFinite(b)
        ? Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor)
        : Object.is(a, b)
        ? 0
        : Infinity;
      if (err > tolerance && (worst === undefined || err > worst.relativeError)) {
        worst = { block: w.name, at: entryName(w, e), expected: b, got: a, relativeError: err };
      }
    }
  }
  return worst;
}

function entryName(b: Block, e: number): string {
  if (b.rows === 1 && b.cols === 1) return "";
  if (b.cols === 1) return `[${e}]`;
  return `(${Math.floor(e / b.cols)}, ${e % b.cols})`;
}

/** The same shapes, block by block? */
export function sameShapes(a: Block[], b: Block[]): boolean {
  return a.length === b.length && a.every((x, i) => x.rows === b[i].rows && x.cols === b[i].cols);
}

/** A number as a teacher writes it: 6 significant digits. */
export function show(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-4 && a < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(5);
}

/**
 * A hint for a mismatch with a generic shape: zeros, a non-finite entry, one constant factor
 * (−1, 2, ½, N, 1/N), or a transposed square block. `n` is the number of examples, if any.
 */
export function genericHint(got: Block[], want: Block[], n?: number): string | undefined {
  const all = (bs: Block[]) => bs.flatMap((b) => [...b.data]);
  const g = all(got), w = all(want);
  const bad = g.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    return `your answer has ${g[bad]} in it: something overflowed or divided 0 by 0.`;
  }
  if (g.every((v) => v === 0) && w.some((v) => v !== 0)) {
    return "your answer is zero everywhere: is the TODO still to do?"; // as check.ts says it
  }
  let ratio: number | undefined;
  let consistent = true;
  for (let i = 0; i < w.length && consistent; i++) {
    if (Math.abs(w[i]) < 1e-12) {
      consistent = Math.abs(g[i]) < 1e-10;
      continue;
    }
    const r = g[i] / w[i];
    if (ratio === undefined) ratio = r;
    else consistent = Math.abs(r - ratio) <= 1e-6 * Math.abs(ratio);
  }
  if (consistent && ratio !== undefined) {
    const near = (x: number) => Math.abs(ratio! - x) <= 1e-6 * Math.abs(x);
    if (near(-1)) return "every entry has the wrong sign: check (a − y) against (y − a).";
    if (n !== undefined && n > 1 && near(n)) {
      return `every entry is ${n} times too large, and there are N = ${n} examples: the ` +
        "gradient is the mean over the examples, so divide the sum by N.";
    }
    if (n !== undefined && n > 1 && near(1 / n)) {
      return `every entry is ${n} times too small (N = ${n}): did you divide by N twice?`;
    }
    if (near(2)) {
      return "every entry is twice too large: the course's cost is ½‖a − y‖², whose " +
        "gradient is a − y, not 2(a − y).";
    }
    if (near(0.5)) return "every entry is half what it should be: a factor ½ too many.";
    return `every entry is off by the same factor, ${show(ratio)}: a constant is missing or extra.`;
  }
  for (let i = 0; i < want.length; i++) {
    const a = got[i], b = want[i];
    if (a.rows !== a.cols || a.rows < 2) continue;
    let transposed = true, equal = true;
    for (let r = 0; r < a.rows && transposed; r++) {
      for (let c = 0; c < a.cols; c++) {
        const x = a.data[r * a.cols + c];
        if (Math.abs(x - b.data[c * a.cols + r]) > 1e-9 * (Math.abs(x) + 1e-12)) {
          transposed = false;
          break;
        }
        if (x !== b.data[r * a.cols + c]) equal = false;
      }
    }
    if (transposed && !equal) return `${a.name} is the transpose of what it should be.`;
  }
  return undefined;
}
