/**
 * Backpropagation for one example, the four fundamental equations:
 *
 *   BP1  δ^L = ∇_a C ⊙ σ′(z^L)
 *   BP2  δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)
 *   BP3  ∂C/∂b^l_j = δ^l_j
 *   BP4  ∂C/∂w^l_{jk} = a^{l−1}_k δ^l_j,  i.e.  ∂C/∂W^l = δ^l (a^{l−1})ᵀ
 *
 * A softmax layer is not elementwise, so ⊙ σ′ does not apply there: its step multiplies by the
 * transposed Jacobian instead (δ = Jᵀ g), which is what ⊙ σ′ is for a diagonal Jacobian.
 *
 * BP1 itself is taken from the output layer (output_layer.ts): for softmax or sigmoid outputs with
 * a log cost it computes δ^L from z^L directly (δ^L = a Σy − y for softmax with cross-entropy),
 * which stays exact where ∇_a C = −y/a would divide by an a that rounded to 0.
 * @module
 */

import { activation } from "./activations.ts";
import { finiteVector } from "./errors.ts";
import { checkExample, forwardUnchecked, type Trace } from "./forward.ts";
import type { Gradients } from "./gradients.ts";
import { hadamardVec, type Matrix, matvec, outer } from "./matrix.ts";
import type { Network } from "./network.ts";

/** What the δ recursion returns: the gradients, every δ^l, and the forward trace. */
export interface DeltaResult extends Gradients {
  /** delta[l] = δ^l = ∂C/∂z^l; delta[0] is empty. */
  delta: Float64Array[];
  trace: Trace;
}

/**
 * ∂C/∂z^l from g = ∂C/∂a^l: g ⊙ σ′(z^l) for an elementwise σ, Jᵀ g for softmax.
 *
 * @example
 * ```ts
 * import { throughActivation } from "./delta_recursion.ts";
 * const d = throughActivation("sigmoid", Float64Array.of(0), Float64Array.of(2));
 * if (d[0] !== 0.5) throw new Error("2 · σ′(0) = 2 · ¼");
 * ```
 */
export function throughActivation(
  name: string,
  z: Float64Array,
  g: Float64Array,
): Float64Array {
  const fn = "throughActivation";
  const act = activation(name, fn, "name");
  const zz = finiteVector(fn, "z", z);
  const gg = finiteVector(fn, "g", g, zz.length);
  if (act.elementwise) return hadamardVec(gg, act.derivative(zz));
  return matvec(act.jacobian(zz), gg, { transpose: true });
}

/**
 * The gradient of C(a^L(x), y) by BP1–BP4.
 *
 * @example
 * ```ts
 * import { createNetwork, deltaRecursion } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 3, 2], activations: ["tanh", "softmax"], seed: 7 });
 * const g = deltaRecursion(net, [0.1, 0.2], [0, 1], "crossEntropy");
 * const { a } = g.trace;
 * // Softmax with cross-entropy: δ^L = a^L − y.
 * if (Math.abs(g.delta[2][1] - (a[2][1] - 1)) > 1e-15) throw new Error("δ^L = a − y");
 * ```
 */
export function deltaRecursion(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  cost: string,
): DeltaResult {
  const fn = "deltaRecursion";
  const ex = checkExample(fn, net, x, y, cost);
  const trace = forwardUnchecked(net, ex.x, fn);
  const { z, a } = trace;
  const L = net.sizes.length - 1;
  const delta: Float64Array[] = new Array(L + 1);
  delta[0] = new Float64Array(0);
  // BP1: δ^L = ∇_a C ⊙ σ′(z^L). Softmax or sigmoid outputs with a log cost take δ^L from z^L
  // directly (output_layer.ts): exact where ∇_a C = −y/a would divide by an a rounded to 0.
  delta[L] = ex.output.fused
    ? ex.output.delta(z[L], a[L], ex.y)
    : throughActivation(net.activations[L], z[L], ex.cost.gradient(a[L], ex.y));
  // BP2, from the output back to layer 1
  for (let l = L - 1; l >= 1; l--) {
    // (W^{l+1})ᵀ δ^{l+1}
    const back = matvec(net.W[l + 1], delta[l + 1], { transpose: true });
    delta[l] = throughActivation(net.activations[l], z[l], back);
  }
  const dW: Matrix[] = [{ rows: 0, cols: 0, data: new Float64Array(0) }];
  const db: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L; l++) {
    db.push(Float64Array.from(delta[l])); // BP3
    dW.push(outer(delta[l], a[l - 1])); // BP4
  }
  return { dW, db, delta, trace };
}
