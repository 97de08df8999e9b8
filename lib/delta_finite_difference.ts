/**
 * The errors δ^l = ∂C/∂z^l straight from their definition, by central differences on the weighted
 * inputs themselves: nudge z^l_j by ±ε, run the rest of the network from layer l on, and compare
 * the two costs,
 *
 *   δ^l_j ≈ (C(z^l + ε e_j) − C(z^l − ε e_j)) / 2ε.
 *
 * Nothing here uses BP1 or BP2, so it checks them: BP1 against δ^L, and BP2 one step at a time
 * (its right-hand side evaluated on the δ^{l+1} found here, against the δ^l found here).
 * As in `finiteDifference`, an entry whose nudge moves a ReLU pre-activation (in layer l or
 * later) across or to within ε of its kink at 0 is listed in `kinks`, not silently trusted.
 * @module
 */

import { activation } from "./activations.ts";
import { assertKnownKeys } from "./errors.ts";
import { checkEpsilon } from "./finite_difference.ts";
import { checkExample, forwardUnchecked, type Trace } from "./forward.ts";
import { matvec } from "./matrix.ts";
import type { Network } from "./network.ts";

/** Options of {@link deltaFiniteDifference}. */
export interface DeltaFiniteDifferenceOptions {
  /** The step ε added to and taken from each z^l_j (default 1e-5), within `EPSILON_RANGE`. */
  epsilon?: number;
}

/** The estimated δ^l for l = 1..L, the entries next to a ReLU kink, the ε used and the trace. */
export interface DeltaFiniteDifferenceResult {
  /** delta[l] ≈ ∂C/∂z^l (n_l entries); delta[0] is empty. */
  delta: Float64Array[];
  /** The (layer, j) whose difference quotient straddles a ReLU kink. */
  kinks: { layer: number; j: number }[];
  epsilon: number;
  /** The unperturbed forward pass. */
  trace: Trace;
}

/**
 * ∂C/∂z^l for every layer by central differences in z^l, one entry at a time.
 *
 * @example
 * ```ts
 * import { createNetwork, deltaFiniteDifference, deltaRecursion } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 3, 2], activations: "sigmoid", seed: 5 });
 * const fd = deltaFiniteDifference(net, [0.4, -0.6], [1, 0], "quadratic");
 * const bp = deltaRecursion(net, [0.4, -0.6], [1, 0], "quadratic");
 * if (Math.abs(fd.delta[1][2] - bp.delta[1][2]) > 1e-9) throw new Error("δ¹ = ∂C/∂z¹");
 * if (fd.kinks.length !== 0) throw new Error("no ReLU, no kink");
 * ```
 */
export function deltaFiniteDifference(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  cost: string,
  options: DeltaFiniteDifferenceOptions = {},
): DeltaFiniteDifferenceResult {
  const fn = "deltaFiniteDifference";
  assertKnownKeys(fn, "options", options, ["epsilon"]);
  const ex = checkExample(fn, net, x, y, cost);
  const epsilon = checkEpsilon(fn, options.epsilon);
  const trace = forwardUnchecked(net, ex.x, fn);
  const L = net.sizes.length - 1;
  const delta: Float64Array[] = [new Float64Array(0)];
  const kinks: { layer: number; j: number }[] = [];

  // The cost when layer l's weighted input is zl: a^l = σ(zl), then layers l+1..L as usual.
  // Records every ReLU pre-activation on the way, for the kink test.
  const costFrom = (l: number, zl: Float64Array, seen: Float64Array[]): number => {
    let z = zl;
    for (let m = l;; m++) {
      seen.push(z);
      const a = activation(net.activations[m]).value(z);
      if (m === L) return ex.output.value(z, a, ex.y); // from z^L: exact in saturation
      z = matvec(net.W[m + 1], a);
      for (let j = 0; j < z.length; j++) z[j] += net.b[m + 1][j];
    }
  };

  for (let l = 1; l <= L; l++) {
    const d = new Float64Array(net.sizes[l]);
    for (let j = 0; j < d.length; j++) {
      const plus = Float64Array.from(trace.z[l]), minus = Float64Array.from(trace.z[l]);
      plus[j] += epsilon;
      minus[j] -= epsilon;
      const zPlus: Float64Array[] = [], zMinus: Float64Array[] = [];
      d[j] = (costFrom(l, plus, zPlus) - costFrom(l, minus, zMinus)) / (2 * epsilon);
      if (straddlesKink(net, l, zPlus, zMinus, epsilon)) kinks.push({ layer: l, j });
    }
    delta.push(d);
  }
  return { delta, kinks, epsilon, trace };
}

/** True when a ReLU pre-activation of layer ≥ from moved and [min − ε, max + ε] contains 0. */
function straddlesKink(
  net: Network,
  from: number,
  plus: Float64Array[],
  minus: Float64Array[],
  epsilon: number,
): boolean {
  for (let i = 0; i < plus.length; i++) {
    if (net.activations[from + i] !== "relu") continue;
    const zp = plus[i], zm = minus[i];
    for (let j = 0; j < zp.length; j++) {
      if (zp[j] === zm[j]) continue;
      const lo = Math.min(zp[j], zm[j]), hi = Math.max(zp[j], zm[j]);
      if (lo - epsilon <= 0 && hi + epsilon >= 0) return true;
    }
  }
  return false;
}
