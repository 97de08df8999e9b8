/**
 * The WebAssembly side: the committed bytes are kernels.wat's, the kernels' own contracts
 * (accumulate, the checked step, the allocator), and the training engine against the reference
 * steps on random architectures. matmulWasm against matmul is in fast_matmul_test.ts; training
 * determinism, divergence, save/load and bad input run on both engines in train_test.ts.
 */

import fc from "fast-check";
import {
  ArgumentError,
  batchGradient,
  cloneNetwork,
  createRng,
  fromColumns,
  gradientDescent,
  matmul,
  matmulWasm,
  type Network,
  setKernels,
  sgd,
  WasmKernels,
} from "../lib/mod.ts";
import { BYTES_PATH, bytesModule, compileWat, WAT_PATH } from "../tools/build_wasm.ts";
import { caseArbitrary } from "./arbitraries.ts";
import { equal, ok, throwsWith } from "./assert.ts";

Deno.test("lib/wasm/kernels_wasm.ts holds exactly the compiled kernels.wat", async () => {
  const bytes = await compileWat(await Deno.readTextFile(WAT_PATH));
  equal(await Deno.readTextFile(BYTES_PATH), bytesModule(bytes), "run `deno task wasm`");
  const module = new WebAssembly.Module(bytes as BufferSource);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name).sort();
  equal(exports.join(), "gemm_nt,gemm_xn,memory,step_into_gradient");
});

Deno.test("gemmNt and gemmXn overwrite or accumulate, with any output strides", () => {
  const k = new WasmKernels();
  const A = k.alloc(6), B = k.alloc(6), C = k.alloc(4);
  k.f64.set([1, 2, 3, 4, 5, 6], A); // A = [[1, 2, 3], [4, 5, 6]]
  k.f64.set([1, 0, 1, 0, 1, 1], B); // as rows: [[1, 0, 1], [0, 1, 1]]
  k.f64.set([100, 100, 100, 100], C);
  k.gemmNt(2, 2, 3, A, 3, B, 3, C, 2, 1, false); // A·Bᵀ = [[4, 5], [10, 11]]
  equal([...k.f64.subarray(C, C + 4)].join(), "4,5,10,11");
  k.gemmNt(2, 2, 3, A, 3, B, 3, C, 1, 2, true); // += (A·Bᵀ)ᵀ
  equal([...k.f64.subarray(C, C + 4)].join(), "8,15,15,22");
  // as a 3×2 matrix B = [[1, 0], [1, 0], [1, 1]]: A·B = [[6, 3], [15, 6]]
  k.gemmXn(2, 2, 3, A, 3, 1, B, 2, C, 2, false);
  equal([...k.f64.subarray(C, C + 4)].join(), "6,3,15,6");
  k.gemmXn(2, 2, 3, A, 3, 1, B, 2, C, 2, true);
  equal([...k.f64.subarray(C, C + 4)].join(), "12,6,30,12");
  k.gemmXn(2, 2, 0, A, 3, 1, B, 2, C, 2, false); // an empty sum is 0
  equal([...k.f64.subarray(C, C + 4)].join(), "0,0,0,0");
});

Deno.test("stepIntoGradient: G ← W − η(G·s), false at a non-finite value in any position", () => {
  const k = new WasmKernels();
  for (const n of [1, 2, 5, 8]) {
    const W = k.alloc(n), G = k.alloc(n);
    for (let bad = 0; bad < n; bad++) {
      for (const poison of [NaN, Infinity, -Infinity, -1e308]) {
        k.f64.fill(1, W, W + n);
        k.f64.fill(0.5, G, G + n);
        k.f64[G + bad] = poison; // 1 − 10·(−1e308) overflows to ∞
        ok(!k.stepIntoGradient(n, W, G, 10, 1), `n = ${n}, ${poison} at ${bad}`);
        ok(k.f64.subarray(W, W + n).every((w) => w === 1), "W untouched");
      }
    }
    k.f64.fill(1, W, W + n);
    k.f64.fill(0.5, G, G + n);
    ok(k.stepIntoGradient(n, W, G, 10, 0.1));
    ok(k.f64.subarray(G, G + n).every((g) => g === 1 - 10 * (0.5 * 0.1)), `n = ${n}`);
  }
});

Deno.test("alloc: 16-byte aligned, zeroed (also when reused), grows memory, refuses > 4 GiB", () => {
  const k = new WasmKernels();
  const mark = k.mark();
  const a = k.alloc(3), b = k.alloc(1);
  equal(a % 2, 0);
  equal(b % 2, 0);
  k.f64.fill(7, a, b + 1);
  k.release(mark);
  const c = k.alloc(4);
  equal(c, a);
  ok(k.f64.subarray(c, c + 4).every((v) => v === 0));
  const big = k.alloc(1 << 20); // 8 MiB: the memory grows
  ok(k.f64.length >= big + (1 << 20));
  const e = throwsWith(() => k.alloc(2 ** 29), "WasmKernels.alloc", "4 GiB");
  ok(e instanceof ArgumentError);
});

function sameSize(a: Network, b: Network, tolerance: number, what: string): void {
  for (let l = 1; l < a.sizes.length; l++) {
    const pairs: [ArrayLike<number>, ArrayLike<number>, string][] = [
      [a.W[l].data, b.W[l].data, `W[${l}]`],
      [a.b[l], b.b[l], `b[${l}]`],
    ];
    for (const [x, y, name] of pairs) {
      for (let i = 0; i < x.length; i++) {
        const d = Math.abs(x[i] - y[i]);
        ok(d <= tolerance * (1 + Math.abs(x[i])), `${what}: ${name}[${i}] ${x[i]} vs ${y[i]}`);
      }
    }
  }
}

Deno.test("the WebAssembly engine trains like the reference steps, to rounding", () => {
  fc.assert(
    fc.property(caseArbitrary(), fc.integer({ min: 1, max: 9 }), fc.nat(), (c, N, seed) => {
      const rng = createRng(seed);
      const X = fromColumns(Array.from({ length: N }, () => c.x.map((v) => v * rng.uniform())));
      const Y = fromColumns(Array.from({ length: N }, () => c.y));
      const runs = (["reference", "wasm"] as const).map((kernels) => {
        const previous = setKernels(kernels);
        try {
          const s = cloneNetwork(c.net), g = cloneNetwork(c.net);
          const r = sgd(s, { X, Y }, { epochs: 2, batchSize: 3, eta: 0.1, seed, cost: c.cost });
          gradientDescent(g, { X, Y }, { iterations: 3, eta: 0.1, cost: c.cost });
          return { s, g, cost: r[1].trainingCost };
        } catch (e) {
          // deep linear nets can diverge: then both engines must stop at the same step
          return { error: (e as Error).message.replace(/: .*/, "") };
        } finally {
          setKernels(previous);
        }
      });
      const [ref, wasm] = runs;
      if ("error" in ref || "error" in wasm) {
        equal("error" in wasm && wasm.error, "error" in ref && ref.error, c.label);
        return;
      }
      sameSize(ref.s, wasm.s, 1e-11, `${c.label}, sgd`);
      sameSize(ref.g, wasm.g, 1e-11, `${c.label}, full batch`);
      const dc = Math.abs(ref.cost - wasm.cost);
      ok(dc <= 1e-11 * (1 + ref.cost), `${c.label}: costs ${ref.cost}, ${wasm.cost}`);
    }),
    { numRuns: 300, seed: 21 },
  );
});

Deno.test("setKernels('wasm'): batchGradient equals the reference to rounding", () => {
  fc.assert(
    fc.property(caseArbitrary(), fc.integer({ min: 1, max: 12 }), (c, N) => {
      const X = fromColumns(Array.from({ length: N }, (_, i) => c.x.map((v) => v * (1 + i / 7))));
      const Y = fromColumns(Array.from({ length: N }, () => c.y));
      const ref = batchGradient(c.net, X, Y, c.cost);
      const previous = setKernels("wasm");
      try {
        const w = batchGradient(c.net, X, Y, c.cost);
        for (let l = 1; l < ref.dW.length; l++) {
          ref.dW[l].data.forEach((v, i) => {
            const d = Math.abs(v - w.dW[l].data[i]);
            ok(
              d <= 1e-12 * (1 + Math.abs(v)),
              `${c.label}: dW[${l}][${i}] ${v} vs ${w.dW[l].data[i]}`,
            );
          });
        }
      } finally {
        setKernels(previous);
      }
    }),
    { numRuns: 200, seed: 7 },
  );
});

Deno.test("matmulWasm beyond 64 MiB of operands (a fresh instance) equals matmul to rounding", () => {
  const k = 4_200_000, rng = createRng(5); // 2 × 4.2M doubles: over the shared instance's limit
  const a = { rows: 1, cols: k, data: Float64Array.from({ length: k }, () => rng.uniform()) };
  const b = { rows: 2, cols: k, data: Float64Array.from({ length: 2 * k }, () => rng.uniform()) };
  const ref = matmul(a, b, { transposeB: true }), w = matmulWasm(a, b, { transposeB: true });
  equal(w.cols, 2);
  for (let j = 0; j < 2; j++) {
    ok(Math.abs(w.data[j] - ref.data[j]) <= 1e-12 * ref.data[j], `${w.data[j]} vs ${ref.data[j]}`);
  }
});

Deno.test("gemmNt and gemmXn equal matmul on every small shape (all tile edges)", () => {
  const rng = createRng(9);
  const k = new WasmKernels();
  for (let m = 1; m <= 9; m++) {
    for (let n = 1; n <= 9; n++) {
      for (let p = 0; p <= 9; p++) {
        const a = { rows: m, cols: p, data: Float64Array.from({ length: m * p }, rng.normal) };
        const b = { rows: p, cols: n, data: Float64Array.from({ length: p * n }, rng.normal) };
        const ref = matmul(a, b).data;
        const mark = k.mark();
        const A = k.alloc(m * p), B = k.alloc(p * n), Bt = k.alloc(n * p), C = k.alloc(m * n);
        k.f64.set(a.data, A);
        k.f64.set(b.data, B);
        for (let i = 0; i < p; i++) {
          for (let j = 0; j < n; j++) k.f64[Bt + j * p + i] = b.data[i * n + j];
        }
        const close = (what: string) => {
          for (let e = 0; e < m * n; e++) {
            const d = Math.abs(k.f64[C + e] - ref[e]);
            ok(d <= 1e-14 * (1 + Math.abs(ref[e])), `${what} ${m}×${p}·${p}×${n} entry ${e}`);
          }
        };
        k.gemmNt(m, n, p, A, p, Bt, p, C, n, 1, false);
        close("gemmNt");
        k.gemmNt(n, m, p, Bt, p, A, p, C, 1, n, false); // (Bᵀ·Aᵀ)ᵀ, written transposed
        close("gemmNt, swapped");
        k.gemmXn(m, n, p, A, p, 1, B, n, C, n, false);
        close("gemmXn");
        k.release(mark);
      }
    }
  }
});
