/**
 * The gradient by central differences, one parameter at a time:
 *
 *   ∂C/∂θ ≈ (C(θ + ε) − C(θ − ε)) / 2ε
 *
 * The error is O(ε²) from truncation plus O(u/ε) from round-off (u ≈ 1.1e−16), so ε near
 * u^{1/3} ≈ 5e−6 balances the two. ReLU has a kink at 0: where a pre-activation that the parameter
 * moves comes within ε of 0 (or crosses it) between θ − ε and θ + ε, the difference quotient
 * straddles the kink and says nothing about the one-sided derivative the other methods use. Such
 * entries are reported in `kinks`, not silently compared.
 * @module
 */

import { assertPositive } from "./errors.ts";
import { checkExample, forwardUnchecked, type Trace } from "./forward.ts";
import { type Gradients, zeroGradients } from "./gradients.ts";
import { cloneNetwork, type Network } from "./network.ts";

/** One entry of a gradient: `dW[layer]` at (j, k), or `db[layer]` at j. */
export interface GradientEntry {
  block: "dW" | "db";
  layer: number;
  j: number;
  /** The column for a dW entry; absent for db. */
  k?: number;
}

/** Options of {@link finiteDifference}. */
export interface FiniteDifferenceOptions {
  /** The step ε (default 1e-5, near u^{1/3} for costs of order 1). */
  epsilon?: number;
}

/** The estimated gradients, the entries that sit on a ReLU kink, and the ε used. */
export interface FiniteDifferenceResult extends Gradients {
  kinks: GradientEntry[];
  epsilon: number;
}

/**
 * Central differences for every weight and bias.
 *
 * @example
 * ```ts
 * import { createNetwork, deltaRecursion, finiteDifference } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 2, 1], activations: "sigmoid", seed: 9 });
 * const fd = finiteDifference(net, [0.3, 0.7], [1], "quadratic", { epsilon: 1e-6 });
 * const bp = deltaRecursion(net, [0.3, 0.7], [1], "quadratic");
 * if (Math.abs(fd.db[1][0] - bp.db[1][0]) > 1e-8) throw new Error("agree to ~ε²");
 * if (fd.kinks.length !== 0) throw new Error("no ReLU, no kink");
 * ```
 */
export function finiteDifference(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  cost: string,
  options: FiniteDifferenceOptions = {},
): FiniteDifferenceResult {
  const fn = "finiteDifference";
  const ex = checkExample(fn, net, x, y, cost);
  const epsilon = options.epsilon === undefined
    ? 1e-5
    : assertPositive(fn, "options.epsilon", options.epsilon);
  const L = net.sizes.length - 1;
  const work = cloneNetwork(net); // perturbed in place, one entry at a time, then restored
  const g = zeroGradients(net);
  const kinks: GradientEntry[] = [];

  const evaluate = (params: Float64Array, i: number, entry: GradientEntry): number => {
    const saved = params[i];
    params[i] = saved + epsilon;
    const plus = forwardUnchecked(work, ex.x);
    params[i] = saved - epsilon;
    const minus = forwardUnchecked(work, ex.x);
    params[i] = saved;
    if (straddlesKink(work, entry.layer, plus, minus, epsilon)) kinks.push(entry);
    const cPlus = ex.cost.value(plus.a[L], ex.y);
    const cMinus = ex.cost.value(minus.a[L], ex.y);
    return (cPlus - cMinus) / (2 * epsilon);
  };

  for (let l = 1; l <= L; l++) {
    const cols = net.sizes[l - 1];
    const w = work.W[l].data;
    for (let i = 0; i < w.length; i++) {
      g.dW[l].data[i] = evaluate(w, i, {
        block: "dW",
        layer: l,
        j: Math.floor(i / cols),
        k: i % cols,
      });
    }
    const b = work.b[l];
    for (let j = 0; j < b.length; j++) g.db[l][j] = evaluate(b, j, { block: "db", layer: l, j });
  }
  return { ...g, kinks, epsilon };
}

/**
 * True when some ReLU pre-activation in layers ≥ `from` moved between the two runs and its range
 * [min, max] widened by ε contains the kink at 0.
 */
function straddlesKink(net: Network, from: number, plus: Trace, minus: Trace, epsilon: number) {
  for (let m = from; m < net.sizes.length; m++) {
    if (net.activations[m] !== "relu") continue;
    const zp = plus.z[m], zm = minus.z[m];
    for (let j = 0; j < zp.length; j++) {
      if (zp[j] === zm[j]) continue;
      const lo = Math.min(zp[j], zm[j]), hi = Math.max(zp[j], zm[j]);
      if (lo - epsilon <= 0 && hi + epsilon >= 0) return true;
    }
  }
  return false;
}
