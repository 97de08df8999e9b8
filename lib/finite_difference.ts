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

import { ArgumentError, assertKnownKeys, describe } from "./errors.ts";
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
  /** The step ε (default 1e-5, near u^{1/3} for costs of order 1), within {@link EPSILON_RANGE}. */
  epsilon?: number;
  /**
   * Refuse networks whose differences need more multiply-adds than this (default
   * {@link DEFAULT_FINITE_DIFFERENCE_BUDGET}): 2 forward passes per parameter, each of
   * F = Σ_l n_l n_{l−1} multiply-adds, 2·P·F in all.
   */
  budget?: number;
}

/**
 * The steps ε the difference methods accept, for parameters and costs of order 1 (u = 2⁻⁵³):
 * - below 1e-14 the rounding error of C(θ ± ε), about u·|C|/ε, is above 1 % of |C| per unit of
 *   ε, and θ ± ε rounds back to θ once |θ| ≥ ε/u: at ε = 1e-300 every quotient is exactly 0;
 * - above 1 the step is larger than the weights it perturbs and the quotient is a secant, not a
 *   derivative (truncation error ε²·C‴/6): at ε = 1e10 every sigmoid saturates and every entry
 *   is about 0.
 * The gradient-checking chapter sweeps ε from 1e-1 to 1e-13 to show both effects; 1e-5 is the default.
 *
 * @example
 * ```ts
 * import { EPSILON_RANGE } from "./finite_difference.ts";
 * if (!(EPSILON_RANGE.min <= 1e-5 && 1e-5 <= EPSILON_RANGE.max)) throw new Error("default fits");
 * ```
 */
export const EPSILON_RANGE = { min: 1e-14, max: 1 } as const;

/**
 * The default budget of {@link finiteDifference}, in multiply-adds: 10¹⁰, about 10–25 s at the
 * 4–9·10⁸ multiply-adds a second measured here (Nielsen's 784-30-10 network needs 1.1·10⁹).
 *
 * @example
 * ```ts
 * import { DEFAULT_FINITE_DIFFERENCE_BUDGET } from "./finite_difference.ts";
 * const P = 784 * 30 + 30 + 30 * 10 + 10, F = 784 * 30 + 30 * 10;
 * if (2 * P * F > DEFAULT_FINITE_DIFFERENCE_BUDGET) throw new Error("784-30-10 fits");
 * ```
 */
export const DEFAULT_FINITE_DIFFERENCE_BUDGET = 1e10;

/** The multiply-adds a second the work estimates assume (measured: 4–9·10⁸ here). */
const MULTIPLY_ADDS_PER_SECOND = 5e8;

/** Throws unless ε is a number in {@link EPSILON_RANGE}; undefined gives the default 1e-5. */
export function checkEpsilon(fn: string, value: unknown): number {
  if (value === undefined) return 1e-5;
  if (
    typeof value !== "number" || !(value >= EPSILON_RANGE.min && value <= EPSILON_RANGE.max)
  ) {
    throw new ArgumentError(
      fn,
      "options.epsilon",
      `a step ε with ${EPSILON_RANGE.min} ≤ ε ≤ ${EPSILON_RANGE.max} (below, rounding swamps ` +
        "the difference quotient and θ ± ε can round to θ; above, the quotient is a secant, " +
        "not a derivative)",
      describe(value),
    );
  }
  return value;
}

/** Refuses a network whose 2·P forward passes of F multiply-adds exceed the budget. */
function checkWork(fn: string, net: Network, budget: unknown): void {
  const limit = budget === undefined ? DEFAULT_FINITE_DIFFERENCE_BUDGET : budget;
  if (typeof limit !== "number" || !Number.isFinite(limit) || limit <= 0) {
    throw new ArgumentError(fn, "options.budget", "a finite number > 0", describe(limit));
  }
  let P = 0, F = 0;
  for (let l = 1; l < net.sizes.length; l++) {
    F += net.sizes[l] * net.sizes[l - 1];
    P += net.sizes[l] * (net.sizes[l - 1] + 1);
  }
  const work = 2 * P * F;
  if (work > limit) {
    throw new ArgumentError(
      fn,
      "net",
      `a network needing at most ${limit.toLocaleString("en-US")} multiply-adds ` +
        "(options.budget); use deltaRecursion for the gradient, or a smaller network to check it",
      `sizes [${net.sizes.join(", ")}]: 2 forward passes for each of its ${
        P.toLocaleString("en-US")
      } parameters, ${F.toLocaleString("en-US")} multiply-adds each, ${
        work.toExponential(2)
      } multiply-adds (${duration(work / MULTIPLY_ADDS_PER_SECOND)} at ${
        MULTIPLY_ADDS_PER_SECOND.toExponential(0)
      } a second)`,
    );
  }
}

/** "about 18 hours", "about 3 minutes", "about 20 s". */
function duration(seconds: number): string {
  if (seconds >= 2 * 86400) return `about ${Math.round(seconds / 86400)} days`;
  if (seconds >= 2 * 3600) return `about ${Math.round(seconds / 3600)} hours`;
  if (seconds >= 120) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${Math.round(seconds)} s`;
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
  assertKnownKeys(fn, "options", options, ["epsilon", "budget"]);
  const ex = checkExample(fn, net, x, y, cost);
  const epsilon = checkEpsilon(fn, options.epsilon);
  checkWork(fn, net, options.budget);
  const L = net.sizes.length - 1;
  const work = cloneNetwork(net); // perturbed in place, one entry at a time, then restored
  const g = zeroGradients(net);
  const kinks: GradientEntry[] = [];

  const evaluate = (params: Float64Array, i: number, entry: GradientEntry): number => {
    const saved = params[i];
    params[i] = saved + epsilon;
    const plus = forwardUnchecked(work, ex.x, fn);
    params[i] = saved - epsilon;
    const minus = forwardUnchecked(work, ex.x, fn);
    params[i] = saved;
    if (straddlesKink(work, entry.layer, plus, minus, epsilon)) kinks.push(entry);
    // the cost from z^L (output_layer.ts): exact where a saturated a^L would round to 0
    const cPlus = ex.output.value(plus.z[L], plus.a[L], ex.y);
    const cMinus = ex.output.value(minus.z[L], minus.a[L], ex.y);
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
