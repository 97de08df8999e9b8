/**
 * Backpropagation over a batch of N examples held as columns, with C = (1/N) Σ_x C_x:
 *
 *   Z^l = W^l A^{l−1} + b^l 1ᵀ,  A^l = σ(Z^l)
 *   Δ^L = ∇_A C ⊙ σ′(Z^L) (from Z^L directly for the fused output layers),  Δ^l = ((W^{l+1})ᵀ Δ^{l+1}) ⊙ σ′(Z^l)
 *   ∂C/∂W^l = (1/N) Δ^l (A^{l−1})ᵀ,  ∂C/∂b^l = (1/N) Δ^l 1
 *
 * One matrix product per layer replaces N matrix–vector products.
 * @module
 */

import { activation } from "./activations.ts";
import { checkTargets } from "./costs.ts";
import { ArgumentError, assertFinite } from "./errors.ts";
import { type BatchTrace, forwardBatchUnchecked } from "./forward.ts";
import type { Gradients } from "./gradients.ts";
import { kernelMatmul as matmul } from "./kernels.ts";
import { assertMatrix, columnSums, getColumn, hadamard, type Matrix, matvec } from "./matrix.ts";
import { assertNetwork, type Network } from "./network.ts";
import { outputLayer } from "./output_layer.ts";

/** What the batched form returns: the mean gradients, every Δ^l and the batch trace. */
export interface BatchResult extends Gradients {
  /** delta[l] = Δ^l (n_l × N), column i is δ^l of example i. */
  delta: Matrix[];
  trace: BatchTrace;
}

/**
 * The gradient of the mean cost over the columns of X (inputs) and Y (labels).
 *
 * @example
 * ```ts
 * import { batchGradient, createNetwork, deltaRecursion, fromColumns } from "./mod.ts";
 * const net = createNetwork({ sizes: [1, 2, 1], activations: "sigmoid", seed: 2 });
 * const g = batchGradient(net, fromColumns([[0.3], [0.9]]), fromColumns([[1], [0]]), "quadratic");
 * const g0 = deltaRecursion(net, [0.3], [1], "quadratic"), g1 = deltaRecursion(net, [0.9], [0], "quadratic");
 * if (Math.abs(g.db[2][0] - (g0.db[2][0] + g1.db[2][0]) / 2) > 1e-15) throw new Error("the mean");
 * ```
 */
export function batchGradient(net: Network, X: Matrix, Y: Matrix, cost: string): BatchResult {
  const fn = "batchGradient";
  assertNetwork(fn, net);
  const L = net.sizes.length - 1;
  const out = outputLayer(net.activations[L], cost, fn);
  assertMatrix(fn, "X", X, net.sizes[0]);
  if (X.cols < 1) throw new ArgumentError(fn, "X", "at least one column (example)", "0 columns");
  assertMatrix(fn, "Y", Y, net.sizes[L], X.cols);
  assertFinite(fn, "X", X.data, (i) => `row ${Math.floor(i / X.cols)}, column ${i % X.cols}`);
  assertFinite(fn, "Y", Y.data, (i) => `row ${Math.floor(i / Y.cols)}, column ${i % Y.cols}`);
  checkTargets(
    fn,
    "Y",
    out.cost.name,
    Y.data,
    (i) => `Y row ${Math.floor(i / Y.cols)}, column ${i % Y.cols}`,
  );

  const N = X.cols;
  const trace = forwardBatchUnchecked(net, X, fn);
  const { z, a } = trace;
  const delta: Matrix[] = new Array(L + 1);
  delta[0] = { rows: 0, cols: N, data: new Float64Array(0) };
  // BP1 one column at a time: δ^{x,L} from z^{x,L} (see output_layer.ts)
  delta[L] = { rows: net.sizes[L], cols: N, data: new Float64Array(net.sizes[L] * N) };
  for (let i = 0; i < N; i++) {
    const d = out.delta(getColumn(z[L], i), getColumn(a[L], i), getColumn(Y, i));
    for (let j = 0; j < d.length; j++) delta[L].data[j * N + i] = d[j];
  }
  for (let l = L - 1; l >= 1; l--) {
    delta[l] = throughActivationBatch(
      net.activations[l],
      z[l],
      matmul(net.W[l + 1], delta[l + 1], { transposeA: true }),
    );
  }
  const dW: Matrix[] = [{ rows: 0, cols: 0, data: new Float64Array(0) }];
  const db: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L; l++) {
    const sum = matmul(delta[l], a[l - 1], { transposeB: true }); // Σ_x δ^{x,l} (a^{x,l−1})ᵀ
    const mean = 1 / N;
    for (let i = 0; i < sum.data.length; i++) sum.data[i] *= mean; // scaled in place: no copy
    dW.push(sum);
    db.push(columnSums(delta[l]).map((s) => s / N));
  }
  return { dW, db, delta, trace };
}

/** Δ = G ⊙ σ′(Z) for an elementwise σ; column by column Jᵀ g for softmax. */
function throughActivationBatch(name: string, Z: Matrix, G: Matrix): Matrix {
  const act = activation(name);
  if (act.elementwise) {
    return hadamard(G, { rows: Z.rows, cols: Z.cols, data: act.derivative(Z.data) });
  }
  const out = new Float64Array(Z.data.length);
  for (let i = 0; i < Z.cols; i++) {
    const d = matvec(act.jacobian(getColumn(Z, i)), getColumn(G, i), { transpose: true });
    for (let j = 0; j < Z.rows; j++) out[j * Z.cols + i] = d[j];
  }
  return { rows: Z.rows, cols: Z.cols, data: out };
}
