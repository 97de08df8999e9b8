/**
 * The output layer and the cost taken together: C and δ^L = ∂C/∂z^L from z^L, the form every
 * gradient method, the cost, both training engines and the proofs use.
 *
 * For most pairs this is just the chain rule through a^L: C = C(a^L, y) and BP1,
 * δ^L = ∇_a C ⊙ σ′(z^L) (Jᵀ ∇_a C for softmax). Three pairs are *fused* instead, computed from z^L
 * without ever dividing by a^L or taking log of a rounded a^L:
 *
 * | output  | cost               | C from z                                 | δ^L            |
 * | ------- | ------------------ | ---------------------------------------- | -------------- |
 * | softmax | crossEntropy       | Σ_i y_i (log Σ_k e^{z_k} − z_i)           | a Σy − y       |
 * | sigmoid | crossEntropy       | Σ_i y_i softplus(−z_i)                    | −y ⊙ σ(−z)     |
 * | sigmoid | binaryCrossEntropy | Σ_i y_i softplus(−z_i) + (1−y_i) softplus(z_i) | (1−y) ⊙ σ(z) − y ⊙ σ(−z) |
 *
 * with softplus(t) = log(1 + e^t) = −log σ(−t). Through a^L these pairs break in saturation: at a
 * logit gap of 800, softmax's a = e^{−800} rounds to 0, −log a would be +∞ and −y/a infinite,
 * while C = 800 and δ = (1, −1) are ordinary numbers. From z they are exact to rounding at any
 * gap: each log is taken of a sum that is at least 1 (log-sum-exp shifted by the maximum, or
 * log1p), and each 1 − a that δ needs is computed as a sum of the small terms, not as a
 * difference.
 * @module
 */

import { activation, type ActivationName, softmaxBackAt } from "./activations.ts";
import { type Cost, cost as costByName, type CostName } from "./costs.ts";
import { ArgumentError, describe } from "./errors.ts";
import type { Matrix } from "./matrix.ts";

/** An output activation and a cost: C and δ^L from z^L (and a^L = σ(z^L)). */
export interface OutputLayer {
  readonly activation: ActivationName;
  readonly cost: Cost;
  /** True when C and δ^L come from z^L directly (see the module's table). */
  readonly fused: boolean;
  /** C of one example: z and a are z^L and a^L = σ(z^L). */
  value(z: Float64Array, a: Float64Array, y: Float64Array): number;
  /** δ^L = ∂C/∂z^L of one example. */
  delta(z: Float64Array, a: Float64Array, y: Float64Array): Float64Array;
  /** C of the n entries at `at` of Z, A and Y (one example among many in one array). */
  valueAt(Z: Float64Array, A: Float64Array, Y: Float64Array, at: number, n: number): number;
  /** Writes δ^L of the n entries at `at` into out[at..at+n). */
  deltaAt(
    Z: Float64Array,
    A: Float64Array,
    Y: Float64Array,
    at: number,
    n: number,
    out: Float64Array,
  ): void;
  /**
   * The path sums' last two edges taken together: E[i][j] = ∂C/∂a_i · ∂a_i/∂z_j (n×n), so that
   * Σ_i E[i][j] = δ^L_j. Fused pairs give it without dividing by a.
   */
  lastEdges(z: Float64Array, a: Float64Array, y: Float64Array): Matrix;
}

/**
 * softplus(t) = log(1 + e^t) = −log σ(−t), without overflow for large t and without losing small
 * values: t + log(1 + e^{−t}) above 0, log1p(e^t) below.
 *
 * @example
 * ```ts
 * import { softplus } from "./output_layer.ts";
 * if (softplus(800) !== 800) throw new Error("log(1 + e^800) = 800 to rounding, not ∞");
 * if (softplus(-800) !== Math.exp(-800)) throw new Error("e^{−800} = 0 in float64, and so is this");
 * if (Math.abs(softplus(-40) - 4.248354255291589e-18) > 1e-32) throw new Error("log1p keeps it");
 * ```
 */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** σ(t) = 1 / (1 + e^{−t}), whose relative accuracy holds for every t (e^{−t} never overflows). */
function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** The shifted exponentials of one softmax: e_k = e^{z_k − max}, their sum and the argmax. */
interface Shifted {
  top: number;
  max: number;
  /** Σ_{k ≠ top} e_k: the sum without the largest term, which is exactly 1. */
  rest: number;
}

function shifted(Z: Float64Array, at: number, n: number): Shifted {
  let top = at;
  for (let i = at + 1; i < at + n; i++) if (Z[i] > Z[top]) top = i;
  const max = Z[top];
  let rest = 0;
  for (let i = at; i < at + n; i++) if (i !== top) rest += Math.exp(Z[i] - max);
  return { top, max, rest };
}

/** Softmax with cross-entropy. */
function softmaxCrossEntropy(c: Cost): OutputLayer {
  const valueAt: OutputLayer["valueAt"] = (Z, _A, Y, at, n) => {
    const { max, rest } = shifted(Z, at, n);
    const logSum = Math.log1p(rest); // log Σ_k e^{z_k − max}, ≥ 0
    let s = 0;
    // −log a_i = log Σ_k e^{z_k} − z_i = (max − z_i) + log Σ_k e^{z_k − max}
    for (let i = at; i < at + n; i++) if (Y[i] !== 0) s += Y[i] * (max - Z[i] + logSum);
    return s;
  };
  const deltaAt: OutputLayer["deltaAt"] = (Z, A, Y, at, n, out) => {
    const { top, rest } = shifted(Z, at, n);
    // Σ_{i≠j} y_i as a sum before j plus a sum after j (y ≥ 0, so neither cancels); Σy − y_j
    // would lose y's other entries when y_j is most of Σy.
    const after = new Float64Array(n + 1); // after[k] = Σ_{i ≥ k} y_{at+i}
    for (let k = n - 1; k >= 0; k--) after[k] = after[k + 1] + Y[at + k];
    let before = 0;
    for (let k = 0; k < n; k++) {
      const j = at + k;
      // δ_j = a_j Σy − y_j = a_j Σ_{i≠j} y_i − y_j (1 − a_j); 1 − a_top = rest / (1 + rest).
      const oneMinusA = j === top ? rest / (1 + rest) : 1 - A[j];
      out[j] = A[j] * (before + after[k + 1]) - Y[j] * oneMinusA;
      before += Y[j];
    }
  };
  // ∂C/∂a_i · ∂a_i/∂z_j = (−y_i/a_i) · a_i (1{i=j} − a_j) = −y_i (1{i=j} − a_j)
  return layer("softmax", c, true, valueAt, deltaAt, (z, a, y) => {
    const { top, rest } = shifted(z, 0, z.length);
    const n = z.length, data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const d = i === j ? (j === top ? rest / (1 + rest) : 1 - a[j]) : -a[j];
        data[i * n + j] = y[i] === 0 ? 0 : -y[i] * d;
      }
    }
    return { rows: n, cols: n, data };
  });
}

/** Sigmoid outputs with cross-entropy (binary = false) or binary cross-entropy. */
function sigmoidLogCost(c: Cost, binary: boolean): OutputLayer {
  // Per entry: C_i and δ_i from z_i and y_i alone.
  const entryValue = (z: number, y: number) =>
    (y === 0 ? 0 : y * softplus(-z)) + (binary && y !== 1 ? (1 - y) * softplus(z) : 0);
  const entryDelta = (z: number, y: number) =>
    (y === 0 ? 0 : -y * sigmoid(-z)) + (binary && y !== 1 ? (1 - y) * sigmoid(z) : 0);
  const valueAt: OutputLayer["valueAt"] = (Z, _A, Y, at, n) => {
    let s = 0;
    for (let i = at; i < at + n; i++) s += entryValue(Z[i], Y[i]);
    return s;
  };
  const deltaAt: OutputLayer["deltaAt"] = (Z, _A, Y, at, n, out) => {
    for (let i = at; i < at + n; i++) out[i] = entryDelta(Z[i], Y[i]);
  };
  return layer("sigmoid", c, true, valueAt, deltaAt, (z, _a, y) => {
    const n = z.length, data = new Float64Array(n * n);
    for (let j = 0; j < n; j++) data[j * n + j] = entryDelta(z[j], y[j]);
    return { rows: n, cols: n, data };
  });
}

/** Any other pair: the chain rule through a^L, C(a, y) and BP1. */
function throughA(name: ActivationName, c: Cost): OutputLayer {
  const act = activation(name);
  const deltaAt: OutputLayer["deltaAt"] = (Z, A, Y, at, n, out) => {
    c.gradientAt(A, Y, at, n, out); // ∇_a C
    if (act.elementwise) {
      const slope = act.derivative(Z.subarray(at, at + n)); // σ′(z)
      for (let i = 0; i < n; i++) out[at + i] *= slope[i];
      return;
    }
    softmaxBackAt(A, out, at, n); // Jᵀ g with J = softmax's Jacobian, without forming J
  };
  const valueAt: OutputLayer["valueAt"] = (_Z, A, Y, at, n) => c.valueAt(A, Y, at, n);
  return layer(name, c, false, valueAt, deltaAt, (z, a, y) => {
    const g = c.gradient(a, y), J = act.jacobian(z), n = z.length;
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) data[i * n + j] = g[i] * J.data[i * n + j];
    }
    return { rows: n, cols: n, data };
  });
}

/** An OutputLayer from its `…At` formulas: `value` and `delta` are their one-example case. */
function layer(
  name: ActivationName,
  c: Cost,
  fused: boolean,
  valueAt: OutputLayer["valueAt"],
  deltaAt: OutputLayer["deltaAt"],
  lastEdges: OutputLayer["lastEdges"],
): OutputLayer {
  return {
    activation: name,
    cost: c,
    fused,
    valueAt,
    deltaAt,
    lastEdges,
    value: (z, a, y) => valueAt(z, a, y, 0, z.length),
    delta: (z, a, y) => {
      const out = new Float64Array(z.length);
      deltaAt(z, a, y, 0, z.length, out);
      return out;
    },
  };
}

const cache = new Map<string, OutputLayer>();

/**
 * The output layer for an activation and a cost, after checking that they fit: the log costs
 * need probabilities — crossEntropy a sigmoid or softmax output, binaryCrossEntropy a sigmoid
 * output (its a_i are independent yes/no probabilities; softmax outputs use crossEntropy).
 * `fn` and `argument` name the public function and its cost argument in errors.
 *
 * @example
 * ```ts
 * import { outputLayer } from "./output_layer.ts";
 * const out = outputLayer("softmax", "crossEntropy");
 * const z = Float64Array.of(800, 0), a = Float64Array.of(1, 0), y = Float64Array.of(0, 1);
 * // Through a: −log 0 = ∞. From z: the true cost, 800, and δ = a − y = (1, −1).
 * if (out.value(z, a, y) !== 800) throw new Error("C = 800");
 * if (out.delta(z, a, y).join() !== "1,-1") throw new Error("δ = (1, −1)");
 * ```
 */
export function outputLayer(
  activationName: string,
  costName: string,
  fn = "outputLayer",
  argument = "cost",
): OutputLayer {
  const c = costByName(costName, fn, argument);
  const act = activation(activationName, fn, "activation");
  const key = `${act.name}/${c.name}`;
  const known = cache.get(key);
  if (known) return known;
  checkFits(fn, argument, act.name, c.name);
  let layer: OutputLayer;
  if (c.name === "crossEntropy") {
    layer = act.name === "softmax" ? softmaxCrossEntropy(c) : sigmoidLogCost(c, false);
  } else if (c.name === "binaryCrossEntropy") layer = sigmoidLogCost(c, true);
  else layer = throughA(act.name, c);
  cache.set(key, layer);
  return layer;
}

function checkFits(fn: string, argument: string, out: ActivationName, c: CostName): void {
  if (c === "crossEntropy" && out !== "sigmoid" && out !== "softmax") {
    throw new ArgumentError(
      fn,
      argument,
      "an output layer producing probabilities (sigmoid or softmax) for crossEntropy",
      `output activation ${describe(out)}`,
    );
  }
  if (c === "binaryCrossEntropy" && out !== "sigmoid") {
    throw new ArgumentError(
      fn,
      argument,
      "a sigmoid output layer for binaryCrossEntropy (for softmax outputs use crossEntropy)",
      `output activation ${describe(out)}`,
    );
  }
}
