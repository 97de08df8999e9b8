/**
 * The training engine behind `sgd` and `gradientDescent` when the kernels are "wasm": the same
 * steps as the reference (BP1–BP4 over a batch, W ← W − η·(1/m)Σ δ aᵀ, b ← b − η·(1/m)Σ δ),
 * computed with the WebAssembly SIMD kernels on data and parameters that stay in the memory of
 * one WebAssembly instance for the whole run, so a step copies nothing but its mini-batch.
 *
 * Layout: examples are rows here (A^l is m × n_l, one example's activations contiguous), the
 * transpose of the course's columns; every product is the course's product transposed:
 *   forward  (Z^l)ᵀ = (A^{l−1})ᵀ (W^l)ᵀ          dot products of a weight row and an example row
 *   BP2      (G^l)ᵀ = (Δ^{l+1})ᵀ W^{l+1}          then Δ^l = G^l ⊙ σ′(Z^l)
 *   BP4      ∂C/∂W^l = (1/m) Δ^l A^{l−1}           rows of A^{l−1} broadcast into rows of the result
 * The activations, σ′, the cost and δ^L are lib's own formulas (their `…At` forms, which
 * work in place on many examples); softmax's Jᵀg is a ⊙ (g − aᵀg) instead of a product with the
 * formed Jacobian. The sums run in other orders than the reference's: results agree to rounding.
 * @module
 */

import { activation, softmaxBackAt } from "./activations.ts";
import { trainingDiverged } from "./errors.ts";
import { overflowText } from "./forward.ts";
import { outputLayer } from "./output_layer.ts";
import type { Network } from "./network.ts";
import { WasmKernels } from "./wasm_kernels.ts";
import type { Matrix } from "./matrix.ts";

/** Runs training steps on a network; the reference and the WebAssembly engine both are one. */
export interface Stepper {
  /**
   * One step on the examples `indices` (columns of the training set), or on all of them in order
   * when null. Returns the batch's mean cost before the step. Throws (without stepping) when the
   * cost or a new parameter would not be finite; `where` names the step in that error.
   */
  step(indices: Uint32Array | null, where: string): number;
  /** Makes the network hold the current parameters (the engine may keep its own copy). */
  flush(): void;
}

/** Transposes the r × c row-major `src` into `dst` at `offset` (c × r), in cache-sized tiles. */
function transposeInto(src: Float64Array, r: number, c: number, dst: Float64Array, offset: number) {
  const T = 64;
  for (let i0 = 0; i0 < r; i0 += T) {
    const i1 = Math.min(r, i0 + T);
    for (let j0 = 0; j0 < c; j0 += T) {
      const j1 = Math.min(c, j0 + T);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) dst[offset + j * r + i] = src[i * c + j];
      }
    }
  }
}

/**
 * A {@link Stepper} on the WebAssembly kernels for `net` (trained in place: {@link Stepper.flush}
 * writes the parameters back) and the training set (X: n_0 × N, Y: n_L × N, examples as columns),
 * for steps on mini-batches of at most `batchSize` examples (gathered from the shuffled set), or,
 * when `batchSize` is "all", on the whole set in order (`step(null, …)`, nothing gathered).
 * Arguments are assumed checked by the caller.
 */
export function createWasmStepper(
  net: Network,
  X: Matrix,
  Y: Matrix,
  costName: string,
  eta: number,
  batchSize: number | "all",
): Stepper {
  const sizes = net.sizes, L = sizes.length - 1, N = X.cols, n0 = sizes[0], nL = sizes[L];
  const B = batchSize === "all" ? N : Math.min(batchSize, N);
  const out = outputLayer(net.activations[L], costName);
  const acts = net.activations.map((name, l) => (l === 0 ? undefined : activation(name)));
  const k = new WasmKernels();
  const xAll = k.alloc(N * n0);
  transposeInto(X.data, n0, N, k.f64, xAll);
  const yAll = new Float64Array(N * nL);
  transposeInto(Y.data, nL, N, yAll, 0);
  const xBatch = batchSize === "all" ? xAll : k.alloc(B * n0);
  const W: number[] = [0], b: number[] = [0], Z: number[] = [0], A: number[] = [0];
  const D: number[] = [0], gW: number[] = [0], gb: number[] = [0];
  for (let l = 1; l <= L; l++) {
    W.push(k.alloc(sizes[l] * sizes[l - 1]));
    b.push(k.alloc(sizes[l]));
    Z.push(k.alloc(B * sizes[l]));
    A.push(k.alloc(B * sizes[l]));
    D.push(k.alloc(B * sizes[l]));
    gW.push(k.alloc(sizes[l] * sizes[l - 1]));
    gb.push(k.alloc(sizes[l]));
  }
  const mem = k.f64; // no allocation after this line, so the view stays valid
  for (let l = 1; l <= L; l++) {
    mem.set(net.W[l].data, W[l]);
    mem.set(net.b[l], b[l]);
  }
  // Z^l, A^l, Δ^l of layer l as arrays of their own (same offsets for the same example)
  const zV = Z.map((at, l) => mem.subarray(at, at + B * sizes[l]));
  const aV = A.map((at, l) => mem.subarray(at, at + B * sizes[l]));
  const dV = D.map((at, l) => mem.subarray(at, at + B * sizes[l]));
  const yBatch = batchSize === "all" ? yAll : new Float64Array(B * nL);
  const slopes = new Float64Array(B * Math.max(...sizes.slice(1)));

  /** Turns G (in D[l], m rows) into Δ^l = G ⊙ σ′(Z^l), or Jᵀg per example for softmax. */
  function throughActivation(l: number, m: number): void {
    const n = sizes[l], act = acts[l]!, d = dV[l];
    if (act.elementwise) {
      act.derivativeAt(zV[l], 0, m * n, slopes);
      for (let i = 0; i < m * n; i++) d[i] *= slopes[i];
      return;
    }
    for (let e = 0; e < m; e++) softmaxBackAt(aV[l], d, e * n, n);
  }

  function firstBad(at: number, n: number): number {
    let i = 0;
    while (i < n - 1 && Number.isFinite(mem[at + i])) i++;
    return i;
  }

  function step(indices: Uint32Array | null, where: string): number {
    if ((indices === null) !== (batchSize === "all")) {
      throw new Error('wasm stepper: indices must be null exactly when batchSize is "all"');
    }
    const m = indices === null ? N : indices.length;
    let prev = xAll;
    if (indices !== null) {
      for (let e = 0; e < m; e++) {
        const from = xAll + indices[e] * n0;
        mem.copyWithin(xBatch + e * n0, from, from + n0);
      }
      prev = xBatch;
    }
    // forward: Z^l = W^l A^{l−1} + b^l, A^l = σ(Z^l), one example per row
    for (let l = 1; l <= L; l++) {
      const n = sizes[l], p = sizes[l - 1];
      // the orientation with fewer entries left outside the kernel's 4×2 tiles
      if ((n % 4) * m + (m % 2) * n <= (m % 4) * n + (n % 2) * m) {
        k.gemmNt(n, m, p, W[l], p, prev, p, Z[l], 1, n, false);
      } else {
        k.gemmNt(m, n, p, prev, p, W[l], p, Z[l], n, 1, false);
      }
      const z = zV[l], bias = b[l];
      for (let e = 0; e < m; e++) {
        for (let i = 0; i < n; i++) z[e * n + i] += mem[bias + i];
      }
      for (let i = 0; i < m * n; i++) {
        if (!Number.isFinite(z[i])) {
          throw trainingDiverged(where, eta, overflowText(l, `[${i % n}]`, z[i]));
        }
      }
      const act = acts[l]!;
      if (act.elementwise) act.valueAt(z, 0, m * n, aV[l]);
      else for (let e = 0; e < m; e++) act.valueAt(z, e * n, n, aV[l]);
      prev = A[l];
    }
    // the cost, and Δ^L = ∇_a C ⊙ σ′(Z^L) (Jᵀ ∇_a C for softmax), from Z^L for fused layers
    if (indices !== null) {
      for (let e = 0; e < m; e++) {
        yBatch.set(yAll.subarray(indices[e] * nL, (indices[e] + 1) * nL), e * nL);
      }
    }
    let total = 0;
    for (let e = 0; e < m; e++) {
      total += out.valueAt(zV[L], aV[L], yBatch, e * nL, nL);
      out.deltaAt(zV[L], aV[L], yBatch, e * nL, nL, dV[L]);
    }
    const batchCost = total / m;
    if (!Number.isFinite(batchCost)) throw trainingDiverged(where, eta, `the cost is ${batchCost}`);
    // BP2 down the layers, then BP3/BP4 per layer
    for (let l = L - 1; l >= 1; l--) {
      k.gemmXn(
        m,
        sizes[l],
        sizes[l + 1],
        D[l + 1],
        sizes[l + 1],
        1,
        W[l + 1],
        sizes[l],
        D[l],
        sizes[l],
        false,
      );
      throughActivation(l, m);
    }
    for (let l = 1; l <= L; l++) {
      const n = sizes[l], p = sizes[l - 1];
      k.gemmXn(
        n,
        p,
        m,
        D[l],
        1,
        n,
        l === 1 ? (indices === null ? xAll : xBatch) : A[l - 1],
        p,
        gW[l],
        p,
        false,
      );
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let e = 0; e < m; e++) s += mem[D[l] + e * n + i];
        mem[gb[l] + i] = s / m;
      }
    }
    // W ← W − η (1/m) Σ δ aᵀ, b ← b − η (1/m) Σ δ: the new values are written over the
    // gradients and checked; only when all are finite do the two buffers swap roles, so a
    // diverging step leaves the parameters as they were.
    for (let l = 1; l <= L; l++) {
      const nW = sizes[l] * sizes[l - 1];
      if (!k.stepIntoGradient(nW, W[l], gW[l], eta, 1 / m)) {
        const i = firstBad(gW[l], nW);
        throw trainingDiverged(where, eta, `W[${l}] entry ${i} would become ${mem[gW[l] + i]}`);
      }
      if (!k.stepIntoGradient(sizes[l], b[l], gb[l], eta, 1)) {
        const i = firstBad(gb[l], sizes[l]);
        throw trainingDiverged(where, eta, `b[${l}][${i}] would become ${mem[gb[l] + i]}`);
      }
    }
    for (let l = 1; l <= L; l++) {
      [W[l], gW[l]] = [gW[l], W[l]];
      [b[l], gb[l]] = [gb[l], b[l]];
    }
    return batchCost;
  }

  function flush(): void {
    for (let l = 1; l <= L; l++) {
      net.W[l].data.set(mem.subarray(W[l], W[l] + net.W[l].data.length));
      net.b[l].set(mem.subarray(b[l], b[l] + sizes[l]));
    }
  }

  return { step, flush };
}
