/**
 * BP1 and BP2 with Σ′(z) as a real matrix instead of a Hadamard product. For an elementwise σ,
 * Σ′(z) = diag(σ′(z)) and v ⊙ σ′(z) = Σ′(z) v. In general Σ′(z) = (∂a/∂z)ᵀ, the transposed
 * Jacobian, which for softmax is full (and symmetric).
 *
 *   "recursive":  δ^L = Σ′(z^L) ∇_a C,   δ^l = Σ′(z^l) (W^{l+1})ᵀ δ^{l+1}
 *   "product":    δ^l = Σ′(z^l) (W^{l+1})ᵀ Σ′(z^{l+1}) ⋯ (W^L)ᵀ Σ′(z^L) ∇_a C, every factor a matrix
 *
 * BP3 and BP4 then give the gradients as in the δ recursion. For softmax or sigmoid outputs with a
 * log cost, δ^L = Σ′(z^L) ∇_a C is computed from z^L directly (output_layer.ts), and the product
 * form ends with (W^L)ᵀ δ^L.
 * @module
 */

import { activation } from "./activations.ts";
import { ArgumentError, assertKnownKeys, describe, finiteVector } from "./errors.ts";
import { checkExample, forwardUnchecked, type Trace } from "./forward.ts";
import type { Gradients } from "./gradients.ts";
import { column, matmul, type Matrix, matvec, outer, transpose } from "./matrix.ts";
import type { Network } from "./network.ts";

/** Options of {@link sigmaPrime}. */
export interface SigmaPrimeOptions {
  /** "recursive" (one matrix–vector step per layer) or "product" (the whole product formed). */
  form: "recursive" | "product";
}

/** The gradients, every δ^l, the Σ′(z^l) matrices and the trace. */
export interface SigmaPrimeResult extends Gradients {
  delta: Float64Array[];
  /** sigma[l] = Σ′(z^l), n_l × n_l; sigma[0] is 0×0. */
  sigma: Matrix[];
  trace: Trace;
}

/**
 * Σ′(z) = (∂a/∂z)ᵀ for layer activation `name`: diag(σ′(z)) when elementwise.
 *
 * @example
 * ```ts
 * import { sigmaPrimeMatrix, toRows } from "./mod.ts";
 * const S = toRows(sigmaPrimeMatrix("sigmoid", Float64Array.of(0, 0)));
 * if (S[0][0] !== 0.25 || S[0][1] !== 0) throw new Error("diag(σ′(z))");
 * ```
 */
export function sigmaPrimeMatrix(name: string, z: Float64Array): Matrix {
  const act = activation(name, "sigmaPrimeMatrix", "name");
  return transpose(act.jacobian(finiteVector("sigmaPrimeMatrix", "z", z)));
}

/**
 * The gradient with Σ′ as a matrix, in either form.
 *
 * @example
 * ```ts
 * import { createNetwork, deltaRecursion, sigmaPrime } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 2, 2], activations: "sigmoid", seed: 4 });
 * const p = sigmaPrime(net, [1, 0], [0, 1], "quadratic", { form: "product" });
 * const d = deltaRecursion(net, [1, 0], [0, 1], "quadratic");
 * if (Math.abs(p.delta[1][0] - d.delta[1][0]) > 1e-15) throw new Error("same δ¹");
 * ```
 */
export function sigmaPrime(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  cost: string,
  options: SigmaPrimeOptions = { form: "recursive" },
): SigmaPrimeResult {
  const fn = "sigmaPrime";
  assertKnownKeys(fn, "options", options, ["form"]);
  const form = options?.form;
  if (form !== "recursive" && form !== "product") {
    throw new ArgumentError(fn, "options.form", '"recursive" or "product"', describe(form));
  }
  const ex = checkExample(fn, net, x, y, cost);
  const trace = forwardUnchecked(net, ex.x, fn);
  const { z, a } = trace;
  const L = net.sizes.length - 1;
  const sigma: Matrix[] = [{ rows: 0, cols: 0, data: new Float64Array(0) }];
  for (let l = 1; l <= L; l++) sigma.push(sigmaPrimeMatrix(net.activations[l], z[l]));
  const delta: Float64Array[] = new Array(L + 1);
  delta[0] = new Float64Array(0);
  // A fused output layer (softmax or sigmoid with a log cost) gives δ^L = Σ′(z^L) ∇_a C from z^L
  // directly (output_layer.ts); the products below then start from δ^L instead of ∇_a C.
  const fused = ex.output.fused;
  const start = fused ? ex.output.delta(z[L], a[L], ex.y) : ex.cost.gradient(a[L], ex.y);
  if (form === "recursive") {
    delta[L] = fused ? start : matvec(sigma[L], start);
    for (let l = L - 1; l >= 1; l--) {
      delta[l] = matvec(sigma[l], matvec(net.W[l + 1], delta[l + 1], { transpose: true }));
    }
  } else {
    for (let l = 1; l <= L; l++) {
      if (l === L && fused) {
        delta[L] = start;
        continue;
      }
      // M = Σ′(z^l) (W^{l+1})ᵀ Σ′(z^{l+1}) ⋯ (W^L)ᵀ Σ′(z^L), an n_l × n_L matrix (without the
      // last Σ′(z^L) when the output layer is fused: it is inside δ^L already)
      let M = sigma[l];
      for (let m = l + 1; m <= L; m++) {
        M = matmul(M, net.W[m], { transposeB: true });
        if (m < L || !fused) M = matmul(M, sigma[m]);
      }
      delta[l] = matmul(M, column(start)).data;
    }
  }
  const dW: Matrix[] = [{ rows: 0, cols: 0, data: new Float64Array(0) }];
  const db: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L; l++) {
    db.push(Float64Array.from(delta[l]));
    dW.push(outer(delta[l], a[l - 1]));
  }
  return { dW, db, delta, sigma, trace };
}
