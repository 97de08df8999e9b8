/**
 * Forward mode: the gradient from dual numbers, one forward pass per weight and bias.
 *
 * A dual number v + ḋε carries a value v and a tangent ḋ, with the rule ε² = 0. Then Taylor's
 * series stops after its first term, f(v + ḋε) = f(v) + f′(v) ḋ ε, so computing with pairs
 * (v, ḋ) computes every derivative along with every value, one operation at a time by the chain
 * rule. Give one parameter θ the tangent 1 (θ + ε) and every other number the tangent 0, run the
 * forward pass on dual numbers, and the cost comes out as C + (∂C/∂θ) ε:
 *
 *   ż^l = W^l ȧ^{l−1} + (a^{l−1}_k at row j if θ = w^l_{jk}; 1 at row j if θ = b^l_j),
 *   ȧ^l = σ′(z^l) ⊙ ż^l (for softmax, the full Jacobian times ż^l),   Ċ = ∇C · ȧ^L.
 *
 * One pass gives one partial derivative, so the whole gradient takes as many passes as there are
 * parameters (23,860 for the 784–30–10 network), each as long as a forward pass: the work grows
 * as parameters × forward pass, which is why there is a budget. Backpropagation (reverse mode)
 * gets all of them from one forward and one backward pass. Forward mode wins when a function has
 * few inputs and many outputs; a cost has one output and many parameters, so reverse mode wins.
 *
 * Each pass carries one tangent per number (a scalar dual), not a vector of tangents for a block
 * of parameters. A pass is then the course's forward pass with every number doubled, readable
 * beside the rules above, and its memory is that of one forward pass; a block of K tangents would
 * share the value part among K directions (saving at most half the work) at the price of K-wide
 * arrays and a second bookkeeping, for no difference in the count of passes this method shows.
 *
 * Why it is here: it shares no code with backpropagation (no δ, no σ′ from activations.ts, no
 * cost gradient from costs.ts; its own dual rules below), and it has no step size: its only
 * error is rounding. Finite differences check BP to about 1e-8 entry by entry; this checks it
 * to about 1e-15, so the tests use it as their machine-precision oracle. Every derivative below
 * is written without cancellation, so it keeps full relative accuracy in saturation (at |z| in
 * the hundreds), and the log costs are computed from z^L (log-sum-exp, softplus), never from a
 * rounded a^L. The values are computed in the same order as {@link forward}, so that both
 * methods differentiate at the same point (the same side of every ReLU kink).
 * @module
 */

import type { ActivationName } from "./activations.ts";
import { ArgumentError, assertKnownKeys, assertPositive, describe } from "./errors.ts";
import { checkExample } from "./forward.ts";
import { type Gradients, zeroGradients } from "./gradients.ts";
import { type Network, parameterCount } from "./network.ts";

/**
 * The default budget of {@link forwardMode}: at most this many weights and biases, i.e. forward
 * passes. Nielsen's 784–30–10 network fits (23,860 passes, a few seconds on a laptop).
 *
 * @example
 * ```ts
 * import { DEFAULT_FORWARD_MODE_BUDGET, parameterCount } from "./mod.ts";
 * if (parameterCount([784, 30, 10]) > DEFAULT_FORWARD_MODE_BUDGET) throw new Error("fits");
 * if (parameterCount([784, 100, 10]) <= DEFAULT_FORWARD_MODE_BUDGET) throw new Error("refused");
 * ```
 */
export const DEFAULT_FORWARD_MODE_BUDGET = 25_000;

/** Options of {@link forwardMode}. */
export interface ForwardModeOptions {
  /** Refuse networks with more weights and biases (forward passes) than this. */
  budget?: number;
}

/** The gradients, how many forward passes they took, and the cost C itself. */
export interface ForwardModeResult extends Gradients {
  /** One per weight and bias: {@link parameterCount} of the sizes. */
  passes: number;
  /** C(a^L, y): the value part of every pass's dual cost (the same in each). */
  C: number;
}

/** A vector of dual numbers v_i + ḋ_i ε: the values and their tangents. */
interface Duals {
  v: Float64Array;
  d: Float64Array;
}

/** The parameter that carries ε in one pass: w^l_{jk}, or b^l_j when k is undefined. */
interface Seed {
  layer: number;
  j: number;
  k?: number;
}

/** a = σ(z) on dual numbers: a_i = σ(v_i) + σ′(v_i) ḋ_i ε for an elementwise σ. */
function activate(name: ActivationName, z: Duals): Duals {
  const n = z.v.length;
  const v = new Float64Array(n), d = new Float64Array(n);
  switch (name) {
    case "sigmoid":
      for (let i = 0; i < n; i++) {
        v[i] = 1 / (1 + Math.exp(-z.v[i]));
        // σ′ = σ(1 − σ) = e^{−|z|} / (1 + e^{−|z|})²: no 1 − σ to cancel in saturation.
        const e = Math.exp(-Math.abs(z.v[i]));
        d[i] = (e / ((1 + e) * (1 + e))) * z.d[i];
      }
      break;
    case "tanh":
      for (let i = 0; i < n; i++) {
        v[i] = Math.tanh(z.v[i]);
        // tanh′ = 1 − tanh² = 4e^{−2|z|} / (1 + e^{−2|z|})²: no 1 − tanh² to cancel.
        const e = Math.exp(-2 * Math.abs(z.v[i]));
        d[i] = ((4 * e) / ((1 + e) * (1 + e))) * z.d[i];
      }
      break;
    case "relu":
      // ReLU′(0) = 0, the library's convention at the kink: at z = 0 the tangent stops.
      for (let i = 0; i < n; i++) {
        v[i] = z.v[i] > 0 ? z.v[i] : 0;
        d[i] = z.v[i] > 0 ? z.d[i] : 0;
      }
      break;
    case "identity":
      v.set(z.v);
      d.set(z.d);
      break;
    case "softmax": {
      let max = -Infinity;
      for (let i = 0; i < n; i++) if (z.v[i] > max) max = z.v[i];
      let sum = 0;
      for (let i = 0; i < n; i++) sum += v[i] = Math.exp(z.v[i] - max);
      for (let i = 0; i < n; i++) v[i] /= sum;
      // ȧ_i = Σ_k a_i (1{i=k} − a_k) ż_k = a_i Σ_k a_k (ż_i − ż_k), since Σ_k a_k = 1. The
      // second form never forms 1 − a_i, which is 0 in floating point for a saturated a_i ≈ 1.
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) if (k !== i) s += v[k] * (z.d[i] - z.d[k]);
        d[i] = v[i] * s;
      }
      break;
    }
  }
  return { v, d };
}

/** softplus(t) = log(1 + e^t) = max(t, 0) + log1p(e^{−|t|}): no overflow, no lost small value. */
function softplus(t: number): number {
  return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
}

/** σ(t) = 1 / (1 + e^{−t}), accurate relative to itself for every t. */
function sigmoid(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/**
 * For entries v_i ≥ 0, every Σ_{j≠i} v_j without cancellation: total − v_i where v_i is not the
 * largest (then the result is at least half the total), the sum of the others where it is.
 */
function sumsOfOthers(v: Float64Array): Float64Array {
  let top = 0, total = 0;
  for (let i = 0; i < v.length; i++) {
    total += v[i];
    if (v[i] > v[top]) top = i;
  }
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = total - v[i];
  let rest = 0;
  for (let i = 0; i < v.length; i++) if (i !== top) rest += v[i];
  out[top] = rest;
  return out;
}

/** The cost on dual numbers: C + Ċε from z^L, a^L = σ(z^L) and the target y. */
type DualCost = (z: Duals, a: Duals, y: Float64Array) => { C: number; dC: number };

/**
 * The dual cost of an output layer and a cost. The log costs are computed from z^L:
 * −Σ y log softmax(z) = Σ_i y_i (logsumexp(z) − z_i), −Σ y log σ(z) = Σ_i y_i softplus(−z_i),
 * and binary cross-entropy Σ_i [y_i softplus(−z_i) + (1 − y_i) softplus(z_i)].
 */
function dualCost(fn: string, output: ActivationName, costName: string): DualCost {
  switch (costName) {
    case "quadratic":
    case "squaredError": {
      const k = costName === "quadratic" ? 0.5 : 1; // ½‖a − y‖² or ‖a − y‖²
      return (_z, a, y) => {
        let C = 0, dC = 0;
        for (let i = 0; i < y.length; i++) {
          const r = a.v[i] - y[i];
          C += r * r;
          dC += 2 * r * a.d[i];
        }
        return { C: k * C, dC: k * dC };
      };
    }
    case "crossEntropy":
      if (output === "softmax") {
        return (z, a, y) => {
          const n = y.length;
          let top = 0;
          for (let i = 1; i < n; i++) if (z.v[i] > z.v[top]) top = i;
          let rest = 0; // Σ_{k≠top} e^{z_k − max}: the shifted sum is 1 + rest, log of it log1p
          for (let i = 0; i < n; i++) if (i !== top) rest += Math.exp(z.v[i] - z.v[top]);
          const logSum = Math.log1p(rest);
          // ∂C/∂z_k = a_k Σy − y_k = a_k Σ_{j≠k} y_j − y_k Σ_{j≠k} a_j: no 1 − a_k, no Σy − y_k.
          const otherY = sumsOfOthers(y), otherA = sumsOfOthers(a.v);
          let C = 0, dC = 0;
          for (let i = 0; i < n; i++) {
            if (y[i] !== 0) C += y[i] * (z.v[top] - z.v[i] + logSum);
            dC += (a.v[i] * otherY[i] - y[i] * otherA[i]) * z.d[i];
          }
          return { C, dC };
        };
      }
      if (output === "sigmoid") {
        // C = Σ y_i softplus(−z_i); d softplus(−z)/dz = −σ(−z).
        return (z, _a, y) => {
          let C = 0, dC = 0;
          for (let i = 0; i < y.length; i++) {
            if (y[i] === 0) continue;
            C += y[i] * softplus(-z.v[i]);
            dC -= y[i] * sigmoid(-z.v[i]) * z.d[i];
          }
          return { C, dC };
        };
      }
      break;
    case "binaryCrossEntropy":
      if (output === "sigmoid") {
        // C = Σ y_i softplus(−z_i) + (1 − y_i) softplus(z_i); ∂C/∂z_i = (1 − y_i) σ(z_i) − y_i σ(−z_i),
        // both terms exact (no σ(z) − y, which cancels for y = 1 and a saturated σ ≈ 1).
        return (z, _a, y) => {
          let C = 0, dC = 0;
          for (let i = 0; i < y.length; i++) {
            const t = z.v[i];
            if (y[i] !== 0) {
              C += y[i] * softplus(-t);
              dC -= y[i] * sigmoid(-t) * z.d[i];
            }
            if (y[i] !== 1) {
              C += (1 - y[i]) * softplus(t);
              dC += (1 - y[i]) * sigmoid(t) * z.d[i];
            }
          }
          return { C, dC };
        };
      }
      break;
  }
  // Unreachable while checkExample refuses these pairs; here so no pair is ever guessed at.
  throw new ArgumentError(
    fn,
    "cost",
    "a cost with a dual-number rule for this output layer",
    `${describe(costName)} on a ${output} output layer`,
  );
}

/**
 * One forward pass on dual numbers with ε on the parameter `seed`: returns C + Ċε. Finite
 * parameters can still overflow float64 (1e200 · 1e200); that is refused, naming `fn`, rather
 * than handed back as an Infinity or a NaN.
 */
function dualPass(
  fn: string,
  net: Network,
  x: Float64Array,
  y: Float64Array,
  C: DualCost,
  seed: Seed,
): { C: number; dC: number } {
  let a: Duals = { v: x, d: new Float64Array(x.length) }; // the input carries no ε
  let z: Duals = a;
  for (let l = 1; l < net.sizes.length; l++) {
    const W = net.W[l].data, b = net.b[l], n = net.sizes[l], m = net.sizes[l - 1];
    z = { v: new Float64Array(n), d: new Float64Array(n) };
    for (let j = 0; j < n; j++) {
      // (w + ẇε)(a + ȧε) = wa + (wȧ + ẇa)ε; ẇ = 0 except for the seeded parameter.
      let v = 0, d = 0;
      for (let k = 0; k < m; k++) {
        v += W[j * m + k] * a.v[k];
        d += W[j * m + k] * a.d[k];
      }
      z.v[j] = v + b[j];
      z.d[j] = d;
      if (!Number.isFinite(z.v[j])) {
        throw new ArgumentError(
          fn,
          "net",
          "a forward pass whose weighted inputs stay finite",
          `z^${l}[${j}] = ${z.v[j]}: W^${l} a^${l - 1} + b^${l} overflowed in layer ${l}`,
        );
      }
    }
    if (seed.layer === l) z.d[seed.j] += seed.k === undefined ? 1 : a.v[seed.k];
    a = activate(net.activations[l], z);
  }
  const out = C(z, a, y);
  if (!Number.isFinite(out.C) || !Number.isFinite(out.dC)) {
    const name = seed.k === undefined
      ? `b[${seed.layer}][${seed.j}]`
      : `W[${seed.layer}] entry (${seed.j}, ${seed.k})`;
    throw new ArgumentError(
      fn,
      "net",
      "a cost and derivatives that stay finite in float64",
      `C = ${out.C} and ∂C/∂(${name}) = ${out.dC}: float64 overflowed`,
    );
  }
  return out;
}

/**
 * The gradient by forward mode: one forward pass on dual numbers per weight and bias.
 *
 * @example
 * ```ts
 * import { createNetwork, deltaRecursion, forwardMode } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 3, 2], activations: ["tanh", "softmax"], seed: 5 });
 * const f = forwardMode(net, [0.5, -0.5], [1, 0], "crossEntropy");
 * const d = deltaRecursion(net, [0.5, -0.5], [1, 0], "crossEntropy");
 * if (Math.abs(f.dW[1].data[3] - d.dW[1].data[3]) > 1e-15) throw new Error("same gradient");
 * if (f.passes !== (2 + 1) * 3 + (3 + 1) * 2) throw new Error("one pass per parameter: 17");
 * ```
 *
 * @example Above the budget it refuses, before any work
 * ```ts
 * import { createNetwork, forwardMode } from "./mod.ts";
 * const net = createNetwork({ sizes: [3, 4, 1], activations: "relu", seed: 0 });
 * try {
 *   forwardMode(net, [1, 2, 3], [0], "quadratic", { budget: 20 }); // needs 21 passes
 *   throw new Error("unreachable");
 * } catch (e) {
 *   if (!(e as Error).message.startsWith("forwardMode:")) throw e;
 * }
 * ```
 */
export function forwardMode(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  cost: string,
  options: ForwardModeOptions = {},
): ForwardModeResult {
  const fn = "forwardMode";
  const ex = checkExample(fn, net, x, y, cost);
  assertKnownKeys(fn, "options", options, ["budget"]);
  const budget = options.budget === undefined
    ? DEFAULT_FORWARD_MODE_BUDGET
    : assertPositive(fn, "options.budget", options.budget);
  const passes = parameterCount(net.sizes);
  if (passes > budget) {
    throw new ArgumentError(
      fn,
      "net",
      `a network with at most ${budget} weights and biases (options.budget), one forward pass ` +
        "each; use deltaRecursion instead",
      `sizes [${net.sizes.join(", ")}], which has ${passes} (parameterCount)`,
    );
  }
  const L = net.sizes.length - 1;
  const C = dualCost(fn, net.activations[L], ex.cost.name);
  const g = zeroGradients(net);
  let value = NaN;
  for (let l = 1; l <= L; l++) {
    const m = net.sizes[l - 1];
    for (let j = 0; j < net.sizes[l]; j++) {
      for (let k = 0; k < m; k++) {
        const out = dualPass(fn, net, ex.x, ex.y, C, { layer: l, j, k });
        g.dW[l].data[j * m + k] = out.dC;
      }
      const out = dualPass(fn, net, ex.x, ex.y, C, { layer: l, j });
      g.db[l][j] = out.dC;
      value = out.C; // the same in every pass
    }
  }
  return { ...g, passes, C: value };
}
