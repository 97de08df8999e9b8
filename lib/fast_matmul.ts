/**
 * A fast float64 matrix product with exactly the signature and meaning of {@link matmul} from
 * matrix.ts, which stays the readable reference. Same numbers up to rounding: the sums run in a
 * different order (in blocks of the inner dimension), so entries may differ in the last bits.
 *
 * How it is fast, in plain JS: each 4×4 block of the output is held in sixteen local variables
 * while the inner index runs (register tiling), so every value loaded from A or B is used four
 * times; the inner dimension is cut into blocks of {@link FAST_MATMUL_BLOCK} so the strips of A
 * and B a block reads stay in cache (cache blocking). Neither operand is copied: a transposed
 * operand is read through swapped strides, and for A·Bᵀ (both operands read along rows) the inner
 * loop is contiguous in both.
 * @module
 */

import { matmul, type MatmulOptions, type Matrix, productShape } from "./matrix.ts";

/**
 * The length of the blocks the inner dimension is cut into: a strip of four rows of that length is
 * 32 KiB. Up to this inner dimension the sums run in exactly the reference's order, so the result
 * is bit for bit `matmul`'s (the 784-30-10 network's products all are); beyond it, block sums are
 * added separately and entries may differ by rounding.
 *
 * @example
 * ```ts
 * import { FAST_MATMUL_BLOCK } from "./fast_matmul.ts";
 * if (!(FAST_MATMUL_BLOCK > 0)) throw new Error("a positive block length");
 * ```
 */
export const FAST_MATMUL_BLOCK = 1024;

/**
 * The product op(A)·op(B), where op transposes when asked, without copying either operand: the
 * same contract, checks and errors as `matmul`, computed with cache blocking and 4×4 register
 * tiles. For finite inputs the result equals `matmul`'s to rounding (relative 1e-13 or better on
 * well-scaled data).
 *
 * @example
 * ```ts
 * import { fromRows, matmul } from "./matrix.ts";
 * import { matmulFast } from "./fast_matmul.ts";
 * const A = fromRows([[1, 2, 3], [4, 5, 6]]), B = fromRows([[1, 0], [0, 1], [1, 1]]);
 * const fast = matmulFast(A, B), ref = matmul(A, B);
 * if (fast.data.some((v, i) => v !== ref.data[i])) throw new Error("same numbers as matmul");
 * const AAt = matmulFast(A, A, { transposeB: true }); // A·Aᵀ, 2×2
 * if (AAt.rows !== 2 || AAt.data[1] !== 32) throw new Error("1·4 + 2·5 + 3·6");
 * ```
 */
export function matmulFast(a: Matrix, b: Matrix, options: MatmulOptions = {}): Matrix {
  const { m, inner, n, aRow, aCol, bRow, bCol } = productShape("matmulFast", a, b, options);
  // With fewer than 4 terms per sum (an outer product, say) a tile has no loop to amortise it:
  // the reference's plain loops are faster, and give the very same numbers.
  if (inner < 4) return matmul(a, b, options);
  const out = new Float64Array(m * n);
  for (let p0 = 0; p0 < inner; p0 += FAST_MATMUL_BLOCK) {
    const p1 = Math.min(inner, p0 + FAST_MATMUL_BLOCK);
    block(a.data, aRow, aCol, b.data, bRow, bCol, out, m, n, p0, p1);
  }
  return { rows: m, cols: n, data: out };
}

/** out += op(A)[:, p0:p1] · op(B)[p0:p1, :], in 4×4 tiles, then the ragged right and bottom edges. */
function block(
  A: Float64Array,
  aRow: number,
  aCol: number,
  B: Float64Array,
  bRow: number,
  bCol: number,
  out: Float64Array,
  m: number,
  n: number,
  p0: number,
  p1: number,
): void {
  const m4 = m - (m % 4), n4 = n - (n % 4);
  for (let j = 0; j < n4; j += 4) {
    for (let i = 0; i < m4; i += 4) tile4x4(A, aRow, aCol, B, bRow, bCol, out, n, i, j, p0, p1);
    for (let i = m4; i < m; i++) tile1x4(A, aRow, aCol, B, bRow, bCol, out, n, i, j, p0, p1);
  }
  for (let j = n4; j < n; j++) {
    for (let i = 0; i < m4; i += 4) tile4x1(A, aRow, aCol, B, bRow, bCol, out, n, i, j, p0, p1);
    for (let i = m4; i < m; i++) {
      let s = 0;
      let pa = i * aRow + p0 * aCol, pb = p0 * bRow + j * bCol;
      for (let p = p0; p < p1; p++, pa += aCol, pb += bRow) s += A[pa] * B[pb];
      out[i * n + j] += s;
    }
  }
}

function tile4x4(
  A: Float64Array,
  aRow: number,
  aCol: number,
  B: Float64Array,
  bRow: number,
  bCol: number,
  out: Float64Array,
  n: number,
  i: number,
  j: number,
  p0: number,
  p1: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let pa = i * aRow + p0 * aCol, pb = p0 * bRow + j * bCol;
  const a1 = aRow, a2 = 2 * aRow, a3 = 3 * aRow;
  const b1 = bCol, b2 = 2 * bCol, b3 = 3 * bCol;
  for (let p = p0; p < p1; p++, pa += aCol, pb += bRow) {
    const x0 = A[pa], x1 = A[pa + a1], x2 = A[pa + a2], x3 = A[pa + a3];
    const y0 = B[pb], y1 = B[pb + b1], y2 = B[pb + b2], y3 = B[pb + b3];
    c00 += x0 * y0, c01 += x0 * y1, c02 += x0 * y2, c03 += x0 * y3;
    c10 += x1 * y0, c11 += x1 * y1, c12 += x1 * y2, c13 += x1 * y3;
    c20 += x2 * y0, c21 += x2 * y1, c22 += x2 * y2, c23 += x2 * y3;
    c30 += x3 * y0, c31 += x3 * y1, c32 += x3 * y2, c33 += x3 * y3;
  }
  let o = i * n + j;
  out[o] += c00, out[o + 1] += c01, out[o + 2] += c02, out[o + 3] += c03;
  o += n;
  out[o] += c10, out[o + 1] += c11, out[o + 2] += c12, out[o + 3] += c13;
  o += n;
  out[o] += c20, out[o + 1] += c21, out[o + 2] += c22, out[o + 3] += c23;
  o += n;
  out[o] += c30, out[o + 1] += c31, out[o + 2] += c32, out[o + 3] += c33;
}

function tile1x4(
  A: Float64Array,
  aRow: number,
  aCol: number,
  B: Float64Array,
  bRow: number,
  bCol: number,
  out: Float64Array,
  n: number,
  i: number,
  j: number,
  p0: number,
  p1: number,
): void {
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  let pa = i * aRow + p0 * aCol, pb = p0 * bRow + j * bCol;
  const b1 = bCol, b2 = 2 * bCol, b3 = 3 * bCol;
  for (let p = p0; p < p1; p++, pa += aCol, pb += bRow) {
    const x = A[pa];
    c0 += x * B[pb], c1 += x * B[pb + b1], c2 += x * B[pb + b2], c3 += x * B[pb + b3];
  }
  const o = i * n + j;
  out[o] += c0, out[o + 1] += c1, out[o + 2] += c2, out[o + 3] += c3;
}

function tile4x1(
  A: Float64Array,
  aRow: number,
  aCol: number,
  B: Float64Array,
  bRow: number,
  bCol: number,
  out: Float64Array,
  n: number,
  i: number,
  j: number,
  p0: number,
  p1: number,
): void {
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  let pa = i * aRow + p0 * aCol, pb = p0 * bRow + j * bCol;
  const a1 = aRow, a2 = 2 * aRow, a3 = 3 * aRow;
  for (let p = p0; p < p1; p++, pa += aCol, pb += bRow) {
    const y = B[pb];
    c0 += A[pa] * y, c1 += A[pa + a1] * y, c2 += A[pa + a2] * y, c3 += A[pa + a3] * y;
  }
  out[i * n + j] += c0;
  out[(i + 1) * n + j] += c1;
  out[(i + 2) * n + j] += c2;
  out[(i + 3) * n + j] += c3;
}
