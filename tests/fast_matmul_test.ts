/**
 * The two fast kernels, matmulFast (plain JS) and matmulWasm (WebAssembly SIMD), against the
 * reference matmul: the same product on random shapes and every transpose combination, and the
 * same errors on bad input.
 *
 * Tolerance: matmulFast adds the same products in a different order only when the inner
 * dimension k exceeds FAST_MATMUL_BLOCK (blocks are summed separately, then added); matmulWasm
 * always does (two SIMD lanes, blocks of 32). Each entry's rounding error is then bounded by a
 * small multiple of k·ε·Σ_p |op(A)_ip·op(B)_pj|. So the check is
 * |fast − ref| ≤ 1e-13 · Σ_p |op(A)_ip·op(B)_pj| (relative to the size of the terms summed, not
 * to a result that cancellation may have made tiny), and bit-for-bit equality where the order is
 * the reference's (matmulFast with k ≤ the block).
 */

import fc from "fast-check";
import { ArgumentError, createRng, matmul, type Matrix } from "../lib/mod.ts";
import { FAST_MATMUL_BLOCK, matmulFast } from "../lib/fast_matmul.ts";
import { matmulWasm } from "../lib/wasm_kernels.ts";
import { getKernels, getMatmul, kernelMatmul, setKernels } from "../lib/kernels.ts";
import { equal, ok, throwsWith } from "./assert.ts";

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) {
    // Some exact zeros too: the reference skips them, the fast kernel does not.
    data[i] = rng.uniform() < 0.1 ? 0 : 4 * rng.uniform() - 2;
  }
  return { rows, cols, data };
}

/** Σ_p |op(A)_ip · op(B)_pj| for every (i, j): the scale of each entry's rounding error. */
function absoluteProduct(a: Matrix, b: Matrix, tA: boolean, tB: boolean): Float64Array {
  const abs = (m: Matrix): Matrix => ({ ...m, data: m.data.map(Math.abs) });
  return matmul(abs(a), abs(b), { transposeA: tA, transposeB: tB }).data;
}

/** A kernel under test: its name (as its errors give it) and up to which k it is bit-exact. */
interface Kernel {
  name: string;
  fn: typeof matmul;
  exactUpTo: number;
}

const KERNELS: Kernel[] = [
  { name: "matmulFast", fn: matmulFast, exactUpTo: FAST_MATMUL_BLOCK },
  { name: "matmulWasm", fn: matmulWasm, exactUpTo: 0 },
];

function check(
  kernel: Kernel,
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
  seed: number,
): void {
  const a = tA ? randomMatrix(k, m, seed) : randomMatrix(m, k, seed);
  const b = tB ? randomMatrix(n, k, seed + 1) : randomMatrix(k, n, seed + 1);
  const options = { transposeA: tA, transposeB: tB };
  const ref = matmul(a, b, options), fast = kernel.fn(a, b, options);
  const what = `${kernel.name} ${m}×${k}·${k}×${n} tA=${tA} tB=${tB} seed=${seed}`;
  equal(fast.rows, m, `${what}: rows`);
  equal(fast.cols, n, `${what}: cols`);
  ok(fast.data instanceof Float64Array && fast.data.length === m * n, `${what}: data`);
  const scale = absoluteProduct(a, b, tA, tB);
  for (let e = 0; e < m * n; e++) {
    const diff = Math.abs(fast.data[e] - ref.data[e]);
    ok(Number.isFinite(fast.data[e]), `${what}: entry ${e} is ${fast.data[e]}`);
    if (k <= kernel.exactUpTo) {
      ok(
        Object.is(fast.data[e], ref.data[e]),
        `${what}: entry ${e} ${fast.data[e]} vs ${ref.data[e]}`,
      );
    } else {
      ok(diff <= 1e-13 * scale[e], `${what}: entry ${e} differs by ${diff}, scale ${scale[e]}`);
    }
  }
}

const transposes = fc.record({ tA: fc.boolean(), tB: fc.boolean() });

/** The ArgumentError a call throws, or a failure if it throws nothing or something else. */
function argumentError(fn: () => unknown): ArgumentError {
  const e = throwsWith(fn, "argument");
  ok(e instanceof ArgumentError, `expected an ArgumentError, got ${e.name}: ${e.message}`);
  return e;
}

for (const kernel of KERNELS) {
  Deno.test(`${kernel.name} equals matmul on small and odd shapes, all four transposes`, () => {
    const dim = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 40 }));
    fc.assert(
      fc.property(dim, dim, dim, transposes, fc.nat(), (m, k, n, { tA, tB }, seed) => {
        check(kernel, m, k, n, tA, tB, seed);
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  Deno.test(`${kernel.name} equals matmul on thin, tall and long-inner shapes (across blocks)`, () => {
    const small = fc.integer({ min: 1, max: 6 });
    const long = fc.integer({ min: FAST_MATMUL_BLOCK - 3, max: 2 * FAST_MATMUL_BLOCK + 17 });
    const shape = fc.oneof(
      fc.tuple(small, long, small), // long inner dimension: several blocks
      fc.tuple(long, small, small), // tall
      fc.tuple(small, small, long), // wide
      fc.tuple(fc.constant(1), long, fc.constant(1)), // a dot product
    );
    fc.assert(
      fc.property(shape, transposes, fc.nat(), ([m, k, n], { tA, tB }, seed) => {
        check(kernel, m, k, n, tA, tB, seed);
      }),
      { numRuns: 120, seed: 12 },
    );
  });

  Deno.test(`${kernel.name} on the shapes of the 784-30-10 network with N = 10`, () => {
    for (
      const [m, k, n, tA, tB] of [
        [30, 784, 10, false, false], // Z¹ = W¹X
        [10, 30, 10, false, false], // Z² = W²A¹
        [30, 10, 10, true, false], // (W²)ᵀΔ²
        [30, 10, 784, false, true], // Δ¹Xᵀ
        [10, 10, 30, false, true], // Δ²(A¹)ᵀ
        [1, 1, 1, false, false],
        [1, 1, 1, true, true],
      ] as const
    ) check(kernel, m, k, n, tA, tB, 5);
  });

  Deno.test(`${kernel.name} handles empty dimensions like matmul`, () => {
    for (const [m, k, n] of [[0, 3, 2], [2, 0, 3], [2, 3, 0]]) {
      const a = randomMatrix(m, k, 1), b = randomMatrix(k, n, 2);
      const fast = kernel.fn(a, b), ref = matmul(a, b);
      equal(fast.rows, ref.rows);
      equal(fast.cols, ref.cols);
      ok(fast.data.every((v, i) => v === ref.data[i]), `${m}×${k}·${k}×${n}`);
    }
  });

  Deno.test(`${kernel.name} rejects bad input like matmul: an ArgumentError naming the argument`, () => {
    const good = randomMatrix(2, 3, 1);
    const bad: [string, unknown, unknown, object][] = [
      ["a", null, good, {}],
      ["a", { rows: 2, cols: 2, data: new Float64Array(3) }, good, {}],
      ["a", [[1, 2]], good, {}],
      ["b", good, undefined, {}],
      ["b", good, { rows: 1, cols: 1, data: [1] }, {}],
      ["b", good, randomMatrix(2, 3, 2), {}], // 2×3 · 2×3
      ["b", good, randomMatrix(3, 3, 2), { transposeA: true }], // 3×2 · 3×3
      ["b", good, randomMatrix(4, 2, 2), { transposeB: true }], // 2×3 · 2×4
      ["b", good, randomMatrix(3, 2, 2), { transposeA: true, transposeB: true }], // 3×2 · 2×3 ok?
    ];
    for (const [argument, a, b, options] of bad) {
      let refError: ArgumentError | undefined;
      try {
        matmul(a as Matrix, b as Matrix, options);
      } catch (e) {
        refError = e as ArgumentError;
      }
      if (refError === undefined) {
        // A valid call in the list: both must succeed with the same shape.
        const r = matmul(a as Matrix, b as Matrix, options);
        const f = kernel.fn(a as Matrix, b as Matrix, options);
        equal(`${f.rows}×${f.cols}`, `${r.rows}×${r.cols}`);
        continue;
      }
      const e = argumentError(() => kernel.fn(a as Matrix, b as Matrix, options));
      equal(e.fn, kernel.name);
      equal(e.argument, argument);
      equal(refError.argument, argument);
      equal(e.expected, refError.expected);
      equal(e.got, refError.got);
    }
  });
}

Deno.test("setKernels switches kernelMatmul and getMatmul, and rejects unknown names", () => {
  equal(getKernels(), "reference");
  equal(getMatmul(), matmul);
  const a = randomMatrix(5, 300, 3), b = randomMatrix(300, 7, 4);
  const previous = setKernels("fast");
  try {
    equal(previous, "reference");
    equal(getMatmul(), matmulFast);
    ok(kernelMatmul(a, b).data.every((v, i) => v === matmulFast(a, b).data[i]));
    equal(setKernels("wasm"), "fast");
    equal(getMatmul(), matmulWasm);
    ok(kernelMatmul(a, b).data.every((v, i) => v === matmulWasm(a, b).data[i]));
  } finally {
    setKernels(previous);
  }
  ok(kernelMatmul(a, b).data.every((v, i) => v === matmul(a, b).data[i]));
  const e = throwsWith(
    () => setKernels("blas" as "fast"),
    'argument "name"',
    '"reference", "fast", "wasm"',
    "blas",
  );
  ok(e instanceof ArgumentError);
  equal(getKernels(), "reference");
});
