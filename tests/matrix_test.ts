/** The matrix kernels against mathjs, an independent implementation, on random shapes. */

import fc from "fast-check";
import * as math from "mathjs";
import {
  addColumn,
  columnSums,
  createRng,
  diag,
  fromRows,
  hadamard,
  matmul,
  type Matrix,
  matvec,
  outer,
  toRows,
  transpose,
} from "../lib/mod.ts";
import { assertClose, deepEqual, ok } from "./assert.ts";

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  return fromRows(
    Array.from({ length: rows }, () => Array.from({ length: cols }, () => 4 * rng.uniform() - 2)),
  );
}

function assertMatrixClose(ours: Matrix, theirs: number[][], what: string): void {
  ok(
    ours.rows === theirs.length && ours.cols === (theirs[0]?.length ?? 0),
    `${what}: shape ${ours.rows}×${ours.cols} vs ${theirs.length}×${theirs[0]?.length}`,
  );
  const rows = toRows(ours);
  rows.forEach((row, i) =>
    row.forEach((v, j) => assertClose(v, theirs[i][j], 1e-13, `${what}[${i}][${j}]`, 1e-12))
  );
}

const dim = fc.integer({ min: 1, max: 9 });
const shapes = fc.record({ m: dim, k: dim, n: dim, seed: fc.nat() });

Deno.test("matmul with every transpose combination equals mathjs.multiply", () => {
  fc.assert(
    fc.property(shapes, ({ m, k, n, seed }) => {
      const A = randomMatrix(m, k, seed), B = randomMatrix(k, n, seed + 1);
      const At = transpose(A), Bt = transpose(B);
      const expected = math.multiply(toRows(A), toRows(B)) as number[][];
      assertMatrixClose(matmul(A, B), expected, "A·B");
      assertMatrixClose(matmul(At, B, { transposeA: true }), expected, "(Aᵀ)ᵀ·B");
      assertMatrixClose(matmul(A, Bt, { transposeB: true }), expected, "A·(Bᵀ)ᵀ");
      assertMatrixClose(
        matmul(At, Bt, { transposeA: true, transposeB: true }),
        expected,
        "(Aᵀ)ᵀ·(Bᵀ)ᵀ",
      );
    }),
    { numRuns: 150, seed: 1 },
  );
});

Deno.test("matvec, hadamard, addColumn, columnSums, outer, diag, transpose equal mathjs", () => {
  fc.assert(
    fc.property(shapes, ({ m, k, seed }) => {
      const A = randomMatrix(m, k, seed), B = randomMatrix(m, k, seed + 7);
      const v = randomMatrix(1, k, seed + 2).data, u = randomMatrix(1, m, seed + 3).data;
      const a = toRows(A), vv = Array.from(v), uu = Array.from(u);
      const mv = math.multiply(a, vv) as number[];
      matvec(A, v).forEach((x, i) => assertClose(x, mv[i], 1e-13, `A·v[${i}]`));
      const mtv = math.multiply(math.transpose(a), uu) as number[];
      matvec(A, u, { transpose: true }).forEach((x, i) =>
        assertClose(x, mtv[i], 1e-13, `Aᵀu[${i}]`)
      );
      assertMatrixClose(hadamard(A, B), math.dotMultiply(a, toRows(B)) as number[][], "A⊙B");
      const ones = Array.from({ length: k }, () => 1);
      const withBias = math.add(a, math.multiply(math.transpose([uu]), [ones]));
      assertMatrixClose(addColumn(A, u), withBias as number[][], "A + u1ᵀ");
      const sums = math.multiply(a, Array(k).fill(1) as number[]) as number[];
      columnSums(A).forEach((x, i) => assertClose(x, sums[i], 1e-13, `A·1[${i}]`));
      assertMatrixClose(
        outer(u, v),
        math.multiply(math.transpose([uu]), [vv]) as number[][],
        "u vᵀ",
      );
      assertMatrixClose(diag(u), math.diag(uu) as unknown as number[][], "diag(u)");
      assertMatrixClose(transpose(A), math.transpose(a), "Aᵀ");
    }),
    { numRuns: 150, seed: 2 },
  );
});

Deno.test("matmul of a 0-row or 1×1 operand keeps its shape", () => {
  deepEqual(toRows(matmul(fromRows([[2]]), fromRows([[3, 4]]))), [[6, 8]]);
  const empty = matmul({ rows: 0, cols: 2, data: new Float64Array(0) }, fromRows([[1], [2]]));
  ok(empty.rows === 0 && empty.cols === 1);
});
