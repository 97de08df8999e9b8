/**
 * Costs for one example, each with its value C(a, y) and its gradient ∇_a C. The course's sources
 * disagree on the quadratic cost: Nielsen halves it, the "Backpropagation Calculus" notes do not,
 * so both are here under different names.
 *
 * The two log costs are computed here from a, exactly (no clamp: a probability of 0 where y ≠ 0
 * gives C = ∞, and the gradient there is refused). A network never uses these forms: its output
 * layer computes them from z^L (output_layer.ts), because a rounded a loses what z still knows —
 * at a logit gap of 800, a = e^{−800} rounds to 0 while −log a = 800 is an ordinary number.
 * @module
 */

import { ArgumentError, describe } from "./errors.ts";

/** The cost names the library knows. */
export type CostName = "quadratic" | "squaredError" | "crossEntropy" | "binaryCrossEntropy";

/**
 * Every cost name, in a fixed order.
 *
 * @example
 * ```ts
 * import { cost, COST_NAMES } from "./costs.ts";
 * const a = Float64Array.of(0.5), y = Float64Array.of(1);
 * const values = COST_NAMES.map((n) => cost(n).value(a, y)); // ⅛, ¼, log 2, log 2
 * if (values[1] !== 2 * values[0]) throw new Error("‖a−y‖² = 2 · ½‖a−y‖²");
 * ```
 */
export const COST_NAMES: readonly CostName[] = [
  "quadratic",
  "squaredError",
  "crossEntropy",
  "binaryCrossEntropy",
];

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

/** The name a cost's error messages use for its function, e.g. "crossEntropy.gradient". */
function where(name: CostName, part: "value" | "gradient"): string {
  return `${name}.${part}`;
}

/**
 * The log costs take log a (and log(1 − a)): a must be a probability. Where the log's argument is
 * 0 the cost is +∞ (returned as such) and the gradient has no finite value (refused).
 */
function checkProbabilities(
  fn: string,
  a: Float64Array,
  y: Float64Array,
  at: number,
  n: number,
  binary: boolean,
): void {
  for (let i = at; i < at + n; i++) {
    const ok = binary ? a[i] >= 0 && a[i] <= 1 : y[i] === 0 || a[i] >= 0;
    if (!ok) {
      throw new ArgumentError(
        fn,
        "a",
        binary
          ? "probabilities in [0, 1] (binary cross-entropy takes log a and log(1 − a))"
          : "probabilities ≥ 0 wherever y ≠ 0 (cross-entropy takes log a)",
        `a[${i - at}] = ${a[i]}`,
      );
    }
  }
}

/** The gradient's division by a (or 1 − a) must not be by 0. */
function infiniteSlope(fn: string, i: number, a: number, what: string): ArgumentError {
  return new ArgumentError(
    fn,
    "a",
    `${what} (∂C/∂a is infinite there; a network's output layer computes δ^L from z^L instead)`,
    `a[${i}] = ${a}`,
  );
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
      checkProbabilities(where("crossEntropy", "value"), A, Y, at, n, false);
      let s = 0;
      // Terms with y_i = 0 contribute 0 (not 0·log 0 = NaN); log 0 = −∞ makes C = +∞, truly.
      for (let i = at; i < at + n; i++) if (Y[i] !== 0) s -= Y[i] * Math.log(A[i]);
      return s;
    },
    (A, Y, at, n, out) => {
      const fn = where("crossEntropy", "gradient");
      checkProbabilities(fn, A, Y, at, n, false);
      for (let i = at; i < at + n; i++) {
        if (Y[i] !== 0 && A[i] === 0) throw infiniteSlope(fn, i - at, A[i], "a > 0 wherever y ≠ 0");
        out[i] = Y[i] === 0 ? 0 : -Y[i] / A[i];
      }
    },
  ),
  binaryCrossEntropy: fromFormulas(
    "binaryCrossEntropy",
    (A, Y, at, n) => {
      checkProbabilities(where("binaryCrossEntropy", "value"), A, Y, at, n, true);
      let s = 0;
      for (let i = at; i < at + n; i++) {
        // y log a + (1 − y) log(1 − a), each term dropped when its weight is 0.
        if (Y[i] !== 0) s -= Y[i] * Math.log(A[i]);
        if (Y[i] !== 1) s -= (1 - Y[i]) * Math.log1p(-A[i]);
      }
      return s;
    },
    (A, Y, at, n, out) => {
      const fn = where("binaryCrossEntropy", "gradient");
      checkProbabilities(fn, A, Y, at, n, true);
      for (let i = at; i < at + n; i++) {
        if ((Y[i] !== 0 && A[i] === 0) || (Y[i] !== 1 && A[i] === 1)) {
          throw infiniteSlope(fn, i - at, A[i], "0 < a < 1 wherever y is not 0 or 1 there");
        }
        // −y/a + (1 − y)/(1 − a)
        out[i] = (Y[i] === 0 ? 0 : -Y[i] / A[i]) + (Y[i] === 1 ? 0 : (1 - Y[i]) / (1 - A[i]));
      }
    },
  ),
};

/**
 * The cost with this name: `quadratic` = ½‖a − y‖² (Nielsen), `squaredError` = ‖a − y‖² (the
 * "Backpropagation Calculus" notes), `crossEntropy` = −Σ y_i log a_i (for softmax outputs, whose
 * entries sum to 1), `binaryCrossEntropy` = −Σ [y_i log a_i + (1 − y_i) log(1 − a_i)] (Nielsen's
 * chapter-3 cost, for sigmoid outputs, each an independent yes/no probability).
 *
 * Why two: −Σ y log a looks only at the outputs whose target is not 0. With softmax that is
 * enough, since raising a wrong output's a_k must lower the right one's (they sum to 1). Sigmoid
 * outputs are independent, so with −Σ y log a nothing pushes a wrong output down: an output
 * with y = 0 contributes nothing to C and gets δ = 0. The binary form's (1 − y) log(1 − a) term
 * is what penalises it.
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

/**
 * Checks targets y for a cost before any work: the log costs take y as probabilities (weights of
 * log a), so cross-entropy needs y ≥ 0 and binary cross-entropy 0 ≤ y ≤ 1. `where` names entry i
 * in the error (a row and column for a matrix of examples).
 *
 * @example
 * ```ts
 * import { checkTargets } from "./costs.ts";
 * try {
 *   checkTargets("costOf", "y", "crossEntropy", Float64Array.of(-1, 2));
 *   throw new Error("unreachable");
 * } catch (e) {
 *   if (!(e as Error).message.includes("y[0] = -1")) throw e;
 * }
 * ```
 */
export function checkTargets(
  fn: string,
  argument: string,
  costName: CostName,
  y: ArrayLike<number>,
  where: (i: number) => string = (i) => `${argument}[${i}]`,
): void {
  if (costName !== "crossEntropy" && costName !== "binaryCrossEntropy") return;
  const binary = costName === "binaryCrossEntropy";
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] >= 0) || (binary && !(y[i] <= 1))) {
      throw new ArgumentError(
        fn,
        argument,
        binary
          ? "targets in [0, 1] for binaryCrossEntropy (each is the probability of a yes)"
          : "targets ≥ 0 for crossEntropy (each weighs a −log a)",
        `${where(i)} = ${y[i]}`,
      );
    }
  }
}
