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
  /** C of the n entries at `at` of A and Y (one example among many in one array). */
  valueAt(A: Float64Array, Y: Float64Array, at: number, n: number): number;
  /** Writes ∇_a C of the n entries at `at` of A and Y into out[at..at+n). */
  gradientAt(A: Float64Array, Y: Float64Array, at: number, n: number, out: Float64Array): void;
}

// The smallest probability cross-entropy takes the log of: log 0 would be −∞.
const TINY = 1e-300;

function checkProbabilities(
  fn: string,
  a: Float64Array,
  y: Float64Array,
  at: number,
  n: number,
): void {
  for (let i = at; i < at + n; i++) {
    if (y[i] !== 0 && !(a[i] >= 0)) {
      throw new ArgumentError(
        fn,
        "a",
        "probabilities ≥ 0 wherever y ≠ 0 (cross-entropy takes log a)",
        `a[${i - at}] = ${a[i]}`,
      );
    }
  }
}

/** A cost from its two formulas over entries at..at+n; value and gradient are the n = length case. */
function fromFormulas(
  name: CostName,
  valueAt: Cost["valueAt"],
  gradientAt: Cost["gradientAt"],
): Cost {
  return {
    name,
    valueAt,
    gradientAt,
    value: (a, y) => valueAt(a, y, 0, a.length),
    gradient(a, y) {
      const out = new Float64Array(a.length);
      gradientAt(a, y, 0, a.length, out);
      return out;
    },
  };
}

function sumOfSquares(A: Float64Array, Y: Float64Array, at: number, n: number): number {
  let s = 0;
  for (let i = at; i < at + n; i++) s += (A[i] - Y[i]) ** 2;
  return s;
}

const TABLE: Record<CostName, Cost> = {
  quadratic: fromFormulas(
    "quadratic",
    (A, Y, at, n) => sumOfSquares(A, Y, at, n) / 2,
    (A, Y, at, n, out) => {
      for (let i = at; i < at + n; i++) out[i] = A[i] - Y[i];
    },
  ),
  squaredError: fromFormulas(
    "squaredError",
    sumOfSquares,
    (A, Y, at, n, out) => {
      for (let i = at; i < at + n; i++) out[i] = 2 * (A[i] - Y[i]);
    },
  ),
  crossEntropy: fromFormulas(
    "crossEntropy",
    (A, Y, at, n) => {
      checkProbabilities("crossEntropy.value", A, Y, at, n);
      let s = 0;
      // Terms with y_i = 0 contribute 0 (not 0·log 0 = NaN).
      for (let i = at; i < at + n; i++) if (Y[i] !== 0) s -= Y[i] * Math.log(Math.max(A[i], TINY));
      return s;
    },
    (A, Y, at, n, out) => {
      checkProbabilities("crossEntropy.gradient", A, Y, at, n);
      for (let i = at; i < at + n; i++) out[i] = Y[i] === 0 ? 0 : -Y[i] / Math.max(A[i], TINY);
    },
  ),
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
