/**
 * Dense matrices on Float64Array, row-major: entry (i, j) of an r×c matrix is `data[i * c + j]`.
 * These are the plain reference kernels the course explains: loops you can read beside the
 * equation, nothing clever.
 * @module
 */

import { ArgumentError, assertInteger, assertKnownKeys, describe } from "./errors.ts";

/** An r×c matrix of float64 numbers stored row by row. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

function isMatrix(m: unknown): m is Matrix {
  if (typeof m !== "object" || m === null) return false;
  const o = m as Matrix;
  return Number.isInteger(o.rows) && Number.isInteger(o.cols) && o.data instanceof Float64Array &&
    o.data.length === o.rows * o.cols;
}

/** Throws unless `m` is a well-formed Matrix (optionally of the given shape). */
export function assertMatrix(
  fn: string,
  argument: string,
  m: unknown,
  rows?: number,
  cols?: number,
): Matrix {
  if (!isMatrix(m)) {
    throw new ArgumentError(fn, argument, "a Matrix {rows, cols, data: Float64Array}", describe(m));
  }
  if ((rows !== undefined && m.rows !== rows) || (cols !== undefined && m.cols !== cols)) {
    throw new ArgumentError(
      fn,
      argument,
      `a ${rows ?? "any"}×${cols ?? "any"} matrix`,
      `a ${m.rows}×${m.cols} matrix`,
    );
  }
  return m;
}

/**
 * A rows×cols matrix of zeros.
 *
 * @example
 * ```ts
 * import { zeros } from "./matrix.ts";
 * const Z = zeros(2, 3);
 * if (Z.data.length !== 6 || Z.data.some((v) => v !== 0)) throw new Error("2×3 zeros");
 * ```
 */
export function zeros(rows: number, cols: number): Matrix {
  assertInteger("zeros", "rows", rows, 0);
  assertInteger("zeros", "cols", cols, 0);
  return { rows, cols, data: allocate("zeros", "rows", rows * cols, `a ${rows}×${cols} matrix`) };
}

/**
 * The most bytes one matrix (or a network's parameters) may take: 2³¹ bytes = 2 GiB, 2²⁸ float64
 * numbers. The WebAssembly engine keeps parameters, gradients and a batch in one 32-bit memory
 * of at most 4 GiB, and a course network is thousands of times smaller.
 *
 * @example
 * ```ts
 * import { MAX_MATRIX_BYTES } from "./matrix.ts";
 * if (MAX_MATRIX_BYTES / 8 !== 2 ** 28) throw new Error("2²⁸ numbers of 8 bytes");
 * ```
 */
export const MAX_MATRIX_BYTES = 2 ** 31;

/** Words for a byte count: "80,000,800,000 bytes (74.5 GiB)". */
export function bytesInWords(bytes: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes, unit = "";
  for (let i = 0; v >= 1024 && i < units.length; i++) {
    v /= 1024;
    unit = units[i];
  }
  const exact = `${bytes.toLocaleString("en-US")} bytes`;
  return unit === "" ? exact : `${exact} (${v.toFixed(1)} ${unit})`;
}

/**
 * A zeroed Float64Array of `length` numbers for `fn`, refused (naming `argument` and the bytes)
 * above {@link MAX_MATRIX_BYTES} or when the engine cannot allocate it.
 */
export function allocate(fn: string, argument: string, length: number, what: string): Float64Array {
  const bytes = length * 8;
  const expected = `at most ${bytesInWords(MAX_MATRIX_BYTES)} per matrix`;
  if (bytes > MAX_MATRIX_BYTES) {
    throw new ArgumentError(fn, argument, expected, `${what} of ${bytesInWords(bytes)}`);
  }
  try {
    return new Float64Array(length);
  } catch (e) {
    throw new ArgumentError(
      fn,
      argument,
      "a size this machine can allocate",
      `${what} of ${bytesInWords(bytes)} (${(e as Error).message})`,
    );
  }
}

/**
 * A matrix from its rows, e.g. `fromRows([[1, 2], [3, 4]])`; every row must have the same length
 * and every entry must be finite.
 *
 * @example
 * ```ts
 * import { fromRows } from "./matrix.ts";
 * const A = fromRows([[1, 2, 3], [4, 5, 6]]);
 * if (A.rows !== 2 || A.cols !== 3 || A.data[4] !== 5) throw new Error("row-major 2×3");
 * ```
 */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  return matrixFromRows("fromRows", "rows", rows);
}

/**
 * {@link fromRows} for the public function `fn`, whose argument `argument` holds the rows: every
 * row a non-empty array of one length, every entry a finite number (not a string, not null).
 */
export function matrixFromRows(fn: string, argument: string, rows: unknown): Matrix {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new ArgumentError(fn, argument, "a non-empty array of rows", describe(rows));
  }
  const first: unknown = rows[0];
  if (!Array.isArray(first) || first.length === 0) {
    throw new ArgumentError(
      fn,
      `${argument}[0]`,
      "a non-empty row (a matrix has at least one column)",
      describe(first),
    );
  }
  const cols = first.length;
  const data = allocate(fn, argument, rows.length * cols, `a ${rows.length}×${cols} matrix`);
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== cols) {
      throw new ArgumentError(fn, `${argument}[${i}]`, `a row of length ${cols}`, describe(row));
    }
    row.forEach((v: unknown, j) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new ArgumentError(
          fn,
          argument,
          "finite numbers only",
          `${describe(v)} at row ${i}, column ${j}`,
        );
      }
      data[i * cols + j] = v;
    });
  });
  return { rows: rows.length, cols, data };
}

/**
 * The rows of a matrix as plain arrays (for printing, LaTeX and tests).
 *
 * @example
 * ```ts
 * import { fromRows, toRows } from "./matrix.ts";
 * const r = toRows(fromRows([[1, 2], [3, 4]]));
 * if (r[1][0] !== 3) throw new Error("round trip");
 * ```
 */
export function toRows(m: Matrix): number[][] {
  assertMatrix("toRows", "m", m);
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) {
    out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  }
  return out;
}

/**
 * A vector as an n×1 column matrix sharing nothing with the input.
 *
 * @example
 * ```ts
 * import { column } from "./matrix.ts";
 * const c = column([1, 2, 3]);
 * if (c.rows !== 3 || c.cols !== 1) throw new Error("3×1");
 * ```
 */
export function column(v: ArrayLike<number>): Matrix {
  return { rows: v.length, cols: 1, data: Float64Array.from(v) };
}

/**
 * Column `j` of a matrix, copied into a new vector.
 *
 * @example
 * ```ts
 * import { fromRows, getColumn } from "./matrix.ts";
 * const c = getColumn(fromRows([[1, 2], [3, 4]]), 1);
 * if (c[0] !== 2 || c[1] !== 4) throw new Error("second column");
 * ```
 */
export function getColumn(m: Matrix, j: number): Float64Array {
  assertMatrix("getColumn", "m", m);
  if (!Number.isInteger(j) || j < 0 || j >= m.cols) {
    throw new ArgumentError("getColumn", "j", `an integer in [0, ${m.cols})`, describe(j));
  }
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}

/**
 * Options of {@link matmul}: which operands to read transposed. Nothing is copied: a transposed
 * operand is read with swapped strides.
 */
export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

/** The shape of op(A)·op(B) and the strides that read op(A)[i][p], op(B)[p][j] in place. */
export interface ProductShape {
  /** op(A) is m×inner, op(B) is inner×n. */
  m: number;
  inner: number;
  n: number;
  /** op(A)[i][p] = a.data[i·aRow + p·aCol]; op(B)[p][j] = b.data[p·bRow + j·bCol]. */
  aRow: number;
  aCol: number;
  bRow: number;
  bCol: number;
}

/**
 * Checks that op(A)·op(B) is defined (for the function named `fn`) and returns its shape and
 * strides: every product kernel starts here, so all of them refuse the same inputs the same way.
 */
export function productShape(
  fn: string,
  a: Matrix,
  b: Matrix,
  options: MatmulOptions,
): ProductShape {
  assertMatrix(fn, "a", a);
  assertMatrix(fn, "b", b);
  assertKnownKeys(fn, "options", options, ["transposeA", "transposeB"]);
  const tA = options.transposeA === true;
  const tB = options.transposeB === true;
  const m = tA ? a.cols : a.rows; // rows of op(A)
  const inner = tA ? a.rows : a.cols; // cols of op(A)
  const innerB = tB ? b.cols : b.rows; // rows of op(B)
  const n = tB ? b.rows : b.cols; // cols of op(B)
  if (inner !== innerB) {
    throw new ArgumentError(
      fn,
      "b",
      `${tB ? "its transpose to be" : "a matrix"} with ${inner} rows to match ${
        tA ? "aᵀ" : "a"
      } (${m}×${inner})`,
      `${tB ? "bᵀ" : "b"} of shape ${innerB}×${n}`,
    );
  }
  // A transposed operand is read with swapped strides: nothing is copied.
  return {
    m,
    inner,
    n,
    aRow: tA ? 1 : a.cols,
    aCol: tA ? a.cols : 1,
    bRow: tB ? 1 : b.cols,
    bCol: tB ? b.cols : 1,
  };
}

/**
 * The product op(A)·op(B), where op transposes when asked, without copying either operand.
 *
 * @example
 * ```ts
 * import { fromRows, matmul, toRows } from "./matrix.ts";
 * const A = fromRows([[1, 2], [3, 4]]);
 * const AtA = matmul(A, A, { transposeA: true }); // AᵀA
 * if (toRows(AtA)[0][0] !== 10 || toRows(AtA)[0][1] !== 14) throw new Error("AᵀA");
 * ```
 */
export function matmul(a: Matrix, b: Matrix, options: MatmulOptions = {}): Matrix {
  const { m, inner, n, aRow, aCol, bRow, bCol } = productShape("matmul", a, b, options);
  const out = new Float64Array(m * n);
  const A = a.data, B = b.data;
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < inner; p++) {
      const aip = A[i * aRow + p * aCol];
      if (aip === 0) continue;
      const rowOut = i * n;
      const rowB = p * bRow;
      for (let j = 0; j < n; j++) out[rowOut + j] += aip * B[rowB + j * bCol];
    }
  }
  return { rows: m, cols: n, data: out };
}

/**
 * The matrix–vector product op(A)·v, as a vector.
 *
 * @example
 * ```ts
 * import { fromRows, matvec } from "./matrix.ts";
 * const y = matvec(fromRows([[1, 2], [3, 4]]), [1, 1]);
 * if (y[0] !== 3 || y[1] !== 7) throw new Error("A·1");
 * ```
 */
export function matvec(a: Matrix, v: ArrayLike<number>, options: { transpose?: boolean } = {}) {
  assertMatrix("matvec", "a", a);
  assertKnownKeys("matvec", "options", options, ["transpose"]);
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    throw new ArgumentError("matvec", "v", "a vector (an array of numbers)", describe(v));
  }
  const t = options.transpose === true;
  const m = t ? a.cols : a.rows, n = t ? a.rows : a.cols;
  if (v.length !== n) {
    throw new ArgumentError(
      "matvec",
      "v",
      `a vector of length ${n} to match ${t ? "aᵀ" : "a"} (${m}×${n})`,
      `length ${v.length}`,
    );
  }
  const out = new Float64Array(m);
  const A = a.data, c = a.cols;
  if (!t) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += A[i * c + k] * v[k];
      out[i] = s;
    }
  } else {
    for (let k = 0; k < n; k++) {
      const vk = v[k];
      for (let i = 0; i < m; i++) out[i] += A[k * c + i] * vk;
    }
  }
  return out;
}

function sameShape(fn: string, a: Matrix, b: Matrix): void {
  assertMatrix(fn, "a", a);
  assertMatrix(fn, "b", b, a.rows, a.cols);
}

/**
 * The Hadamard (elementwise) product a ⊙ b of two matrices of one shape.
 *
 * @example
 * ```ts
 * import { fromRows, hadamard, toRows } from "./matrix.ts";
 * const h = hadamard(fromRows([[1, 2]]), fromRows([[3, 4]]));
 * if (toRows(h)[0][1] !== 8) throw new Error("2·4");
 * ```
 */
export function hadamard(a: Matrix, b: Matrix): Matrix {
  sameShape("hadamard", a, b);
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] * b.data[i];
  return { rows: a.rows, cols: a.cols, data: out };
}

/**
 * a + b, entry by entry.
 *
 * @example
 * ```ts
 * import { add, fromRows } from "./matrix.ts";
 * if (add(fromRows([[1]]), fromRows([[2]])).data[0] !== 3) throw new Error("1+2");
 * ```
 */
export function add(a: Matrix, b: Matrix): Matrix {
  sameShape("add", a, b);
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] + b.data[i];
  return { rows: a.rows, cols: a.cols, data: out };
}

/**
 * a − b, entry by entry.
 *
 * @example
 * ```ts
 * import { fromRows, sub } from "./matrix.ts";
 * if (sub(fromRows([[1]]), fromRows([[2]])).data[0] !== -1) throw new Error("1−2");
 * ```
 */
export function sub(a: Matrix, b: Matrix): Matrix {
  sameShape("sub", a, b);
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] - b.data[i];
  return { rows: a.rows, cols: a.cols, data: out };
}

/**
 * s·a for a number s.
 *
 * @example
 * ```ts
 * import { fromRows, scale } from "./matrix.ts";
 * if (scale(fromRows([[2]]), 0.5).data[0] !== 1) throw new Error("½·2");
 * ```
 */
export function scale(a: Matrix, s: number): Matrix {
  assertMatrix("scale", "a", a);
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] * s;
  return { rows: a.rows, cols: a.cols, data: out };
}

/**
 * The transpose, copied (for display and for tests; the kernels never need it).
 *
 * @example
 * ```ts
 * import { fromRows, toRows, transpose } from "./matrix.ts";
 * if (toRows(transpose(fromRows([[1, 2]])))[1][0] !== 2) throw new Error("1×2 → 2×1");
 * ```
 */
export function transpose(a: Matrix): Matrix {
  assertMatrix("transpose", "a", a);
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j];
  }
  return { rows: a.cols, cols: a.rows, data: out };
}

/**
 * Z + b·1ᵀ: adds the column vector b to every column of Z (the bias of a batch).
 *
 * @example
 * ```ts
 * import { addColumn, fromRows, toRows } from "./matrix.ts";
 * const Z = addColumn(fromRows([[1, 2], [3, 4]]), [10, 20]);
 * if (toRows(Z)[1][1] !== 24) throw new Error("4 + 20");
 * ```
 */
export function addColumn(z: Matrix, b: ArrayLike<number>): Matrix {
  assertMatrix("addColumn", "z", z);
  if (b.length !== z.rows) {
    throw new ArgumentError(
      "addColumn",
      "b",
      `a vector of length ${z.rows} (the rows of z)`,
      `length ${b.length}`,
    );
  }
  const out = new Float64Array(z.data.length);
  for (let i = 0; i < z.rows; i++) {
    const bi = b[i];
    for (let j = 0; j < z.cols; j++) out[i * z.cols + j] = z.data[i * z.cols + j] + bi;
  }
  return { rows: z.rows, cols: z.cols, data: out };
}

/**
 * M·1: the sum of the columns, one entry per row (what the batched BP3 needs).
 *
 * @example
 * ```ts
 * import { columnSums, fromRows } from "./matrix.ts";
 * const s = columnSums(fromRows([[1, 2], [3, 4]]));
 * if (s[0] !== 3 || s[1] !== 7) throw new Error("row totals");
 * ```
 */
export function columnSums(m: Matrix): Float64Array {
  assertMatrix("columnSums", "m", m);
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j];
    out[i] = s;
  }
  return out;
}

/**
 * diag(v): the square matrix with v on its diagonal (Σ′ as a real matrix).
 *
 * @example
 * ```ts
 * import { diag, toRows } from "./matrix.ts";
 * if (toRows(diag([2, 3]))[1][1] !== 3 || toRows(diag([2, 3]))[0][1] !== 0) throw new Error("diag");
 * ```
 */
export function diag(v: ArrayLike<number>): Matrix {
  const n = v.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = v[i];
  return { rows: n, cols: n, data: out };
}

/**
 * The outer product u·vᵀ (BP4 for one example: δ^l (a^{l−1})ᵀ).
 *
 * @example
 * ```ts
 * import { outer, toRows } from "./matrix.ts";
 * if (toRows(outer([1, 2], [3, 4]))[1][0] !== 6) throw new Error("2·3");
 * ```
 */
export function outer(u: ArrayLike<number>, v: ArrayLike<number>): Matrix {
  const out = new Float64Array(u.length * v.length);
  for (let i = 0; i < u.length; i++) {
    for (let j = 0; j < v.length; j++) out[i * v.length + j] = u[i] * v[j];
  }
  return { rows: u.length, cols: v.length, data: out };
}

/**
 * The elementwise product of two vectors of one length (the Hadamard product on vectors).
 *
 * @example
 * ```ts
 * import { hadamardVec } from "./matrix.ts";
 * if (hadamardVec([1, 2], [3, 4])[1] !== 8) throw new Error("2·4");
 * ```
 */
export function hadamardVec(u: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
  if (u.length !== v.length) {
    throw new ArgumentError("hadamardVec", "v", `length ${u.length} (that of u)`, `${v.length}`);
  }
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = u[i] * v[i];
  return out;
}

/**
 * A matrix whose columns are the given vectors (a batch: one example per column).
 *
 * @example
 * ```ts
 * import { fromColumns, toRows } from "./matrix.ts";
 * const X = fromColumns([[1, 2], [3, 4], [5, 6]]);
 * if (X.rows !== 2 || X.cols !== 3 || toRows(X)[1][2] !== 6) throw new Error("2×3, columns");
 * ```
 */
export function fromColumns(columns: readonly ArrayLike<number>[]): Matrix {
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new ArgumentError(
      "fromColumns",
      "columns",
      "a non-empty array of vectors",
      describe(columns),
    );
  }
  const fn = "fromColumns";
  const isVector = (c: unknown): c is ArrayLike<unknown> =>
    Array.isArray(c) || (ArrayBuffer.isView(c) && !(c instanceof DataView));
  const first: unknown = columns[0];
  if (!isVector(first) || first.length === 0) {
    throw new ArgumentError(
      fn,
      "columns[0]",
      "a non-empty vector (a matrix has at least one row)",
      describe(first),
    );
  }
  const rows = first.length;
  const n = columns.length;
  const data = allocate(fn, "columns", rows * n, `a ${rows}×${n} matrix`);
  columns.forEach((c: unknown, j) => {
    if (!isVector(c) || c.length !== rows) {
      throw new ArgumentError(fn, `columns[${j}]`, `a vector of length ${rows}`, describe(c));
    }
    for (let i = 0; i < rows; i++) {
      const v = c[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new ArgumentError(
          fn,
          "columns",
          "finite numbers only",
          `${describe(v)} at column ${j}, row ${i}`,
        );
      }
      data[i * n + j] = v;
    }
  });
  return { rows, cols: n, data };
}
