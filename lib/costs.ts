/**
 * Costs for one example, each with its value C(a, y) and its gradient ∇_a C. The course's sources
 * disagree on the quadratic cost: Nielsen halves it, the "Backpropagation Calculus" notes do not,
 * so both are here under different names.
 * @module
 */

import { ArgumentError, describe } from "./errors.ts";

/** The cost names the library knows. */
export type CostName = "quadratic" | "squaredError" | "crossEntropy";

/**
 * Every cost name, in a fixed order.
 *
 * @example
 * ```ts
 * import { cost, COST_NAMES } from "./costs.ts";
 * const a = Float64Array.of(0.5), y = Float64Array.of(1);
 * const values = COST_NAMES.map((n) => cost(n).value(a, y)); // ⅛, ¼, log 2
 * if (values[1] !== 2 * values[0]) throw new Error("‖a−y‖² = 2 · ½‖a−y‖²");
 * ```
 */
export const COST_NAMES: readonly CostName[] = ["quadratic", "squaredError", "crossEntropy"];

/** A cost for one example. */
export interface Cost {
  readonly name: CostName;
  /** C(a, y), a number. */
  value(a: Float64Array, y: Float64Array): number;
  /** ∇_a C(a, y), a vector of a's length. */
  gradient(a: Float64Array, y: Float64Array): Float64Array;
}

// The smallest probability cross-entropy takes the log of: log 0 would be −∞.
const TINY = 1e-300;

function checkProbabilities(fn: string, a: Float64Array, y: Float64Array): void {
  for (let i = 0; i < a.length; i++) {
    if (y[i] !== 0 && !(a[i] >= 0)) {
      throw new ArgumentError(
        fn,
        "a",
        "probabilities ≥ 0 wherever y ≠ 0 (cross-entropy takes log a)",
        `a[${i}] = ${a[i]}`,
      );
    }
  }
}

const TABLE: Record<CostName, Cost> = {
  quadratic: {
    name: "quadratic",
    value(a, y) {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += (a[i] - y[i]) ** 2;
      return s / 2;
    },
    gradient: (a, y) => a.map((v, i) => v - y[i]),
  },
  squaredError: {
    name: "squaredError",
    value(a, y) {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += (a[i] - y[i]) ** 2;
      return s;
    },
    gradient: (a, y) => a.map((v, i) => 2 * (v - y[i])),
  },
  crossEntropy: {
    name: "crossEntropy",
    value(a, y) {
      checkProbabilities("crossEntropy.value", a, y);
      let s = 0;
      // Terms with y_i = 0 contribute 0 (not 0·log 0 = NaN).
      for (let i = 0; i < a.length; i++) if (y[i] !== 0) s -= y[i] * Math.log(Math.max(a[i], TINY));
      return s;
    },
    gradient(a, y) {
      checkProbabilities("crossEntropy.gradient", a, y);
      return a.map((v, i) => (y[i] === 0 ? 0 : -y[i] / Math.max(v, TINY)));
    },
  },
};

/**
 * The cost with this name: `quadratic` = ½‖a − y‖² (Nielsen), `squaredError` = ‖a − y‖² (the
 * "Backpropagation Calculus" notes), `crossEntropy` = −Σ y_i log a_i.
 *
 * @example
 * ```ts
 * import { cost } from "./costs.ts";
 * const a = Float64Array.of(1, 0), y = Float64Array.of(0, 0);
 * if (cost("quadratic").value(a, y) !== 0.5) throw new Error("½‖a−y‖²");
 * if (cost("squaredError").gradient(a, y)[0] !== 2) throw new Error("2(a−y)");
 * ```
 */
export function cost(name: string, fn = "cost", argument = "name"): Cost {
  if (typeof name !== "string" || !(name in TABLE)) {
    throw new ArgumentError(fn, argument, `one of ${COST_NAMES.join(", ")}`, describe(name));
  }
  return TABLE[name as CostName];
}
