/**
 * The quantities of a case that steps compare, each computed one way: by the library's exact
 * methods (forward pass, δ recursion), or by central differences of the cost as a function of
 * z^l, a^l, W^l or b^l (see numeric.ts).
 * @module
 */

import {
  activation,
  type BatchTrace,
  cost as costByName,
  deltaRecursion,
  forward,
  forwardBatch,
  fromColumns,
  fromRows,
  getColumn,
  type Matrix,
  matvec,
  type Trace,
} from "../lib/mod.ts";
import {
  batchCost,
  costOfActivation,
  costOfWeightedInput,
  costWithParameters,
  derivative,
  gradient,
  jacobian,
  withParameters,
} from "./numeric.ts";
import type { Case } from "./types.ts";

/**
 * The forward pass of the case's example.
 *
 * @example
 * ```ts
 * import { createCase, traceOf } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["identity"], cost: "quadratic", x: [2], y: [0], seed: 1 });
 * if (traceOf(c).a[1][0] !== c.net.W[1].data[0] * 2 + c.net.b[1][0]) throw new Error("a¹ = w·2 + b");
 * ```
 */
export function traceOf(c: Case): Trace {
  return forward(c.net, c.x);
}

/**
 * δ^l for every layer, by the library's δ recursion (BP1–BP4; the full Jacobian for softmax).
 *
 * @example
 * ```ts
 * import { createCase, deltasOf } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["identity"], cost: "quadratic", x: [2], y: [0], seed: 1 });
 * if (deltasOf(c)[1][0] !== c.net.W[1].data[0] * 2 + c.net.b[1][0]) throw new Error("δ¹ = a¹ − y");
 * ```
 */
export function deltasOf(c: Case): Float64Array[] {
  return deltaRecursion(c.net, c.x, c.y, c.cost).delta;
}

/**
 * ∇_a C at the case's output a^L, by the cost's formula.
 *
 * @example
 * ```ts
 * import { costGradientOf, createCase } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["identity"], cost: "squaredError", x: [0], y: [0], seed: 1 });
 * if (costGradientOf(c)[0] !== 2 * c.net.b[1][0]) throw new Error("2(a − y) with a = b");
 * ```
 */
export function costGradientOf(c: Case): Float64Array {
  const { a } = traceOf(c);
  return costByName(c.cost).gradient(a[a.length - 1], c.y);
}

/**
 * σ′(z^l) entry by entry, for an elementwise layer.
 *
 * @example
 * ```ts
 * import { createCase, sigmaPrimeOf } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["identity"], cost: "quadratic", x: [1], y: [0], seed: 1 });
 * if (sigmaPrimeOf(c, 1)[0] !== 1) throw new Error("identity′ = 1");
 * ```
 */
export function sigmaPrimeOf(c: Case, l: number): Float64Array {
  return activation(c.net.activations[l]).derivative(traceOf(c).z[l]);
}

/**
 * δ^l = ∂C/∂z^l by central differences of the cost as a function of z^l.
 *
 * @example
 * ```ts
 * import { createCase, deltaByDifferences, deltasOf } from "./mod.ts";
 * const c = createCase({ sizes: [2, 2, 1], activations: ["tanh", "sigmoid"], cost: "quadratic", x: [1, -1], y: [1], seed: 4 });
 * if (Math.abs(deltaByDifferences(c, 1)[0] - deltasOf(c)[1][0]) > 1e-9) throw new Error("the same δ¹");
 * ```
 */
export function deltaByDifferences(c: Case, l: number): Float64Array {
  return gradient((z) => costOfWeightedInput(c, l, z), traceOf(c).z[l]);
}

/**
 * ∂C/∂a^l by central differences of the cost as a function of a^l.
 *
 * @example
 * ```ts
 * import { costGradientOf, createCase, activationGradientByDifferences } from "./mod.ts";
 * const c = createCase({ sizes: [1, 2], activations: ["sigmoid"], cost: "quadratic", x: [1], y: [0, 1], seed: 2 });
 * if (Math.abs(activationGradientByDifferences(c, 1)[1] - costGradientOf(c)[1]) > 1e-10) throw new Error("a − y");
 * ```
 */
export function activationGradientByDifferences(c: Case, l: number): Float64Array {
  return gradient((a) => costOfActivation(c, l, a), traceOf(c).a[l]);
}

/**
 * The Jacobian ∂a^l/∂z^l by central differences of the layer's activation.
 *
 * @example
 * ```ts
 * import { activationJacobianByDifferences, createCase } from "./mod.ts";
 * const c = createCase({ sizes: [1, 2], activations: ["identity"], cost: "quadratic", x: [1], y: [0, 1], seed: 2 });
 * const J = activationJacobianByDifferences(c, 1);
 * if (Math.abs(J.data[0] - 1) > 1e-12 || Math.abs(J.data[1]) > 1e-12) throw new Error("identity: J = I");
 * ```
 */
export function activationJacobianByDifferences(c: Case, l: number): Matrix {
  const act = activation(c.net.activations[l]);
  return jacobian((z) => act.value(z), traceOf(c).z[l]);
}

/**
 * σ′(z^l_j) for each j, each by a central difference of the scalar σ (elementwise layers).
 *
 * @example
 * ```ts
 * import { createCase, sigmaPrimeByDifferences, sigmaPrimeOf } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["tanh"], cost: "quadratic", x: [0.3], y: [0], seed: 2 });
 * if (Math.abs(sigmaPrimeByDifferences(c, 1)[0] - sigmaPrimeOf(c, 1)[0]) > 1e-10) throw new Error("tanh′");
 * ```
 */
export function sigmaPrimeByDifferences(c: Case, l: number): Float64Array {
  const act = activation(c.net.activations[l]);
  return traceOf(c).z[l].map((zj) => derivative((t) => act.value(Float64Array.of(t))[0], zj));
}

/**
 * ∂C/∂W^l and ∂C/∂b^l of the case's example by central differences, one entry at a time.
 *
 * @example
 * ```ts
 * import { createCase, deltasOf, parameterGradientByDifferences } from "./mod.ts";
 * const c = createCase({ sizes: [2, 1], activations: ["sigmoid"], cost: "quadratic", x: [1, 2], y: [0], seed: 5 });
 * const { db } = parameterGradientByDifferences(c, 1);
 * if (Math.abs(db[0] - deltasOf(c)[1][0]) > 1e-10) throw new Error("BP3");
 * ```
 */
export function parameterGradientByDifferences(
  c: Case,
  l: number,
): { dW: Matrix; db: Float64Array } {
  const W = c.net.W[l];
  const dWdata = gradient((w) => costWithParameters(c, l, { W: w }), W.data);
  const db = gradient((b) => costWithParameters(c, l, { b }), c.net.b[l]);
  return { dW: { rows: W.rows, cols: W.cols, data: dWdata }, db };
}

/**
 * z^l = W^l a^{l−1} + b^l with W^l (row-major entries) and b^l given, a^{l−1} the case's.
 *
 * @example
 * ```ts
 * import { createCase, weightedInputWith } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["identity"], cost: "quadratic", x: [2], y: [0], seed: 1 });
 * if (weightedInputWith(c, 1, [3], [1])[0] !== 7) throw new Error("3·2 + 1");
 * ```
 */
export function weightedInputWith(
  c: Case,
  l: number,
  W: ArrayLike<number>,
  b: ArrayLike<number>,
): Float64Array {
  const m = c.net.W[l];
  const z = matvec({ rows: m.rows, cols: m.cols, data: Float64Array.from(W) }, traceOf(c).a[l - 1]);
  for (let j = 0; j < z.length; j++) z[j] += b[j];
  return z;
}

/**
 * The matrix with entries f(i, j), i < rows, j < cols.
 *
 * @example
 * ```ts
 * import { matrixOf } from "./quantities.ts";
 * if (matrixOf(2, 2, (i, j) => (i === j ? 1 : 0)).data[3] !== 1) throw new Error("I");
 * ```
 */
export function matrixOf(rows: number, cols: number, f: (i: number, j: number) => number): Matrix {
  if (rows === 0 || cols === 0) return { rows, cols, data: new Float64Array(0) };
  return fromRows(
    Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j))),
  );
}

/**
 * The gradient of the batch's mean cost (or, with `sum`, its total) with respect to W^l and
 * b^l, by central differences.
 *
 * @example
 * ```ts
 * import { batchParameterGradientByDifferences, createCase, parameterGradientByDifferences } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["tanh"], cost: "quadratic", x: [0.5], y: [0.2], seed: 3 });
 * const one = parameterGradientByDifferences(c, 1), mean = batchParameterGradientByDifferences(c, 1);
 * if (Math.abs(one.db[0] - mean.db[0]) > 1e-12) throw new Error("one example: the same");
 * ```
 */
export function batchParameterGradientByDifferences(
  c: Case,
  l: number,
  options: { sum?: boolean } = {},
): { dW: Matrix; db: Float64Array } {
  const W = c.net.W[l];
  const dWdata = gradient((w) => batchCost(c, withParameters(c.net, l, { W: w }), options), W.data);
  const db = gradient((b) => batchCost(c, withParameters(c.net, l, { b }), options), c.net.b[l]);
  return { dW: { rows: W.rows, cols: W.cols, data: dWdata }, db };
}

/**
 * The batch's forward pass: Z^l and A^l, one column per example.
 *
 * @example
 * ```ts
 * import { batchTraceOf, createCase } from "./mod.ts";
 * const c = createCase({ sizes: [1, 2], activations: ["relu"], cost: "quadratic", x: [1], y: [0, 0], seed: 1, batch: 3 });
 * if (batchTraceOf(c).a[1].cols !== 3) throw new Error("three columns");
 * ```
 */
export function batchTraceOf(c: Case): BatchTrace {
  return forwardBatch(c.net, c.X);
}

/**
 * Each example's own error, column by column: column i of the l-th matrix is δ^l of example i
 * for its own cost C_i (no 1/N), by the library's δ recursion.
 *
 * @example
 * ```ts
 * import { batchDeltasOf, createCase, deltasOf } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["tanh"], cost: "quadratic", x: [0.5], y: [0.2], seed: 3, batch: 2 });
 * if (batchDeltasOf(c)[1].data[0] !== deltasOf(c)[1][0]) throw new Error("column 0 is the case's example");
 * ```
 */
export function batchDeltasOf(c: Case): Matrix[] {
  const columns = Array.from(
    { length: c.X.cols },
    (_, i) => deltaRecursion(c.net, getColumn(c.X, i), getColumn(c.Y, i), c.cost).delta,
  );
  return c.net.sizes.map((_, l) =>
    l === 0
      ? { rows: 0, cols: c.X.cols, data: new Float64Array(0) }
      : fromColumns(columns.map((d) => d[l]))
  );
}

/**
 * The same case with example i of the batch as its one example (x, y).
 *
 * @example
 * ```ts
 * import { createCase, exampleCase } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["tanh"], cost: "quadratic", x: [0.5], y: [0.2], seed: 3, batch: 2 });
 * if (exampleCase(c, 1).x[0] !== c.X.data[1]) throw new Error("column 1");
 * ```
 */
export function exampleCase(c: Case, i: number): Case {
  return { ...c, x: getColumn(c.X, i), y: getColumn(c.Y, i) };
}

/**
 * Each example's own error δ^l (for its own cost C_i), column by column, by central
 * differences: the independent counterpart of {@link batchDeltasOf}.
 *
 * @example
 * ```ts
 * import { batchDeltasByDifferences, batchDeltasOf, createCase } from "./mod.ts";
 * const c = createCase({ sizes: [1, 2], activations: ["tanh"], cost: "quadratic", x: [0.5], y: [0.2, 0.1], seed: 3, batch: 2 });
 * if (Math.abs(batchDeltasByDifferences(c, 1).data[3] - batchDeltasOf(c)[1].data[3]) > 1e-9) throw new Error("same Δ¹");
 * ```
 */
export function batchDeltasByDifferences(c: Case, l: number): Matrix {
  return fromColumns(
    Array.from({ length: c.X.cols }, (_, i) => deltaByDifferences(exampleCase(c, i), l)),
  );
}
