/**
 * Activation functions σ: value, derivative σ′ and the Jacobian ∂a/∂z. Sigmoid, tanh, ReLU and
 * identity act entry by entry, so their Jacobian is the diagonal matrix Σ′(z) = diag(σ′(z));
 * softmax mixes the entries of its layer, so its Jacobian is full.
 * @module
 */

import { ArgumentError, describe, finiteVector } from "./errors.ts";
import { diag, type Matrix } from "./matrix.ts";

/** The activation names the library knows. */
export type ActivationName = "sigmoid" | "tanh" | "relu" | "identity" | "softmax";

/**
 * Every activation name, in a fixed order (for property tests and menus).
 *
 * @example
 * ```ts
 * import { ACTIVATION_NAMES, activation } from "./activations.ts";
 * const elementwise = ACTIVATION_NAMES.filter((n) => activation(n).elementwise);
 * if (elementwise.includes("softmax")) throw new Error("softmax mixes its layer");
 * ```
 */
export const ACTIVATION_NAMES: readonly ActivationName[] = [
  "sigmoid",
  "tanh",
  "relu",
  "identity",
  "softmax",
];

/** One activation function of a layer. */
export interface Activation {
  readonly name: ActivationName;
  /** True when a_j depends on z_j alone, so ∂a/∂z is diagonal and BP1/BP2 use ⊙. */
  readonly elementwise: boolean;
  /** a = σ(z) for one layer's weighted input. */
  value(z: Float64Array): Float64Array;
  /** σ′(z) entry by entry. Only for elementwise activations; softmax throws (use jacobian). */
  derivative(z: Float64Array): Float64Array;
  /** The Jacobian J with J[i][j] = ∂a_i/∂z_j (n×n). */
  jacobian(z: Float64Array): Matrix;
  /**
   * Writes σ of the n entries z[at..at+n) (one layer of one example) into out[at..at+n): what
   * `value` computes, without allocating, for engines that keep many examples in one array.
   */
  valueAt(z: Float64Array, at: number, n: number, out: Float64Array): void;
  /** Writes σ′ of z[at..at+n) into out[at..at+n). Elementwise activations only. */
  derivativeAt(z: Float64Array, at: number, n: number, out: Float64Array): void;
}

interface Scalar {
  f(z: number): number;
  df(z: number): number;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

const SCALAR: Record<Exclude<ActivationName, "softmax">, Scalar> = {
  sigmoid: {
    f: sigmoid,
    // σ′ = σ(1 − σ), written as e^{−|z|} / (1 + e^{−|z|})² (the same function: σ′ is even) so
    // that saturated neurons keep full relative accuracy: 1 − σ(z) cancels for large z (at
    // z = 30 it would carry a relative error near 1e-3, and be exactly 0 from z ≈ 37).
    df: (z) => {
      const e = Math.exp(-Math.abs(z));
      return e / ((1 + e) * (1 + e));
    },
  },
  tanh: {
    f: Math.tanh,
    // tanh′ = 1 − tanh², written as 4e^{−2|z|} / (1 + e^{−2|z|})² (the same function: tanh′ is
    // even): 1 − tanh² cancels in saturation (a relative error of 1e-8 at z = 10, 77 % at 19,
    // exactly 0 from 19.06), this form keeps full relative accuracy until e^{−2|z|} underflows.
    df: (z) => {
      const e = Math.exp(-2 * Math.abs(z));
      return (4 * e) / ((1 + e) * (1 + e));
    },
  },
  // ReLU′(0) is taken as 0: the kink has no derivative, and a convention must be chosen.
  relu: { f: (z) => (z > 0 ? z : 0), df: (z) => (z > 0 ? 1 : 0) },
  identity: { f: (z) => z, df: () => 1 },
};

function elementwise(name: Exclude<ActivationName, "softmax">): Activation {
  const { f, df } = SCALAR[name];
  const mapAt = (
    z: Float64Array,
    at: number,
    n: number,
    out: Float64Array,
    g: (v: number) => number,
  ) => {
    for (let i = at; i < at + n; i++) out[i] = g(z[i]);
  };
  const map = (z: Float64Array, g: (v: number) => number) => {
    const out = new Float64Array(z.length);
    mapAt(z, 0, z.length, out, g);
    return out;
  };
  return {
    name,
    elementwise: true,
    value: (z) => map(z, f),
    derivative: (z) => map(z, df),
    jacobian: (z) => diag(map(z, df)),
    valueAt: (z, at, n, out) => mapAt(z, at, n, out, f),
    derivativeAt: (z, at, n, out) => mapAt(z, at, n, out, df),
  };
}

/**
 * softmax(z)_i = e^{z_i} / Σ_k e^{z_k}, computed with z shifted by its maximum so that no
 * exponential overflows (the shift cancels in the ratio).
 *
 * @example
 * ```ts
 * import { softmax } from "./activations.ts";
 * const a = softmax(Float64Array.of(1000, 1000));
 * if (a[0] !== 0.5 || a[1] !== 0.5) throw new Error("shifted by the max, no overflow");
 * ```
 */
export function softmax(z: Float64Array): Float64Array {
  return softmaxValue(finiteVector("softmax", "z", z));
}

/** softmax without the argument check (for the forward pass, whose z is checked already). */
function softmaxValue(z: Float64Array): Float64Array {
  const out = new Float64Array(z.length);
  softmaxAt(z, 0, z.length, out);
  return out;
}

/** softmax of z[at..at+n) written into out[at..at+n) (may be z itself). */
function softmaxAt(z: Float64Array, at: number, n: number, out: Float64Array): void {
  let max = -Infinity;
  for (let i = at; i < at + n; i++) if (z[i] > max) max = z[i];
  let sum = 0;
  for (let i = at; i < at + n; i++) {
    out[i] = Math.exp(z[i] - max);
    sum += out[i];
  }
  for (let i = at; i < at + n; i++) out[i] /= sum;
}

/**
 * Jᵀg for the softmax Jacobian without forming J: (Jᵀg)_j = a_j (g_j − Σ_i a_i g_i), because
 * J[i][j] = a_i (1{i=j} − a_j). Overwrites g[at..at+n) with it; a holds softmax(z) there.
 *
 * @example
 * ```ts
 * import { matvec } from "./matrix.ts";
 * import { softmax, softmaxBackAt, softmaxJacobian } from "./activations.ts";
 * const z = Float64Array.of(0.3, -1, 2), g = Float64Array.of(1, 2, -0.5);
 * const full = matvec(softmaxJacobian(z), g, { transpose: true });
 * softmaxBackAt(softmax(z), g, 0, 3);
 * if (g.some((v, j) => Math.abs(v - full[j]) > 1e-15)) throw new Error("Jᵀg without J");
 * ```
 */
export function softmaxBackAt(a: Float64Array, g: Float64Array, at: number, n: number): void {
  const top = argmaxAt(a, at, n);
  let dot = 0;
  for (let i = at; i < at + n; i++) dot += a[i] * g[i];
  // g_j − aᵀg = Σ_i a_i (g_j − g_i), since Σ a_i = 1. For the largest a that sum is taken as
  // written: g_top − aᵀg would subtract two nearly equal numbers once a_top rounds near 1.
  let topDiff = 0;
  for (let i = at; i < at + n; i++) if (i !== top) topDiff += a[i] * (g[top] - g[i]);
  for (let i = at; i < at + n; i++) g[i] = a[i] * (i === top ? topDiff : g[i] - dot);
}

/** The index of the largest entry of v[at..at+n) (the first, if tied). */
function argmaxAt(v: Float64Array, at: number, n: number): number {
  let top = at;
  for (let i = at + 1; i < at + n; i++) if (v[i] > v[top]) top = i;
  return top;
}

/**
 * The softmax Jacobian J[i][j] = ∂a_i/∂z_j = a_i (1{i=j} − a_j), a symmetric n×n matrix.
 *
 * @example
 * ```ts
 * import { softmaxJacobian } from "./activations.ts";
 * const J = softmaxJacobian(Float64Array.of(0, 0));
 * if (J.data[0] !== 0.25 || J.data[1] !== -0.25) throw new Error("a(1−a) and −a_i a_j");
 * ```
 */
export function softmaxJacobian(z: Float64Array): Matrix {
  const a = softmax(z);
  const n = a.length;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) data[i * n + j] = a[i] * ((i === j ? 1 : 0) - a[j]);
  }
  // The largest a's diagonal entry a(1 − a) as a · Σ_{k≠top} a_k: 1 − a cancels once a nears 1
  // (at a logit gap of 40, a rounds to 1 and 1 − a to 0, where a(1 − a) ≈ 4e-18).
  const top = argmaxAt(a, 0, n);
  let others = 0;
  for (let k = 0; k < n; k++) if (k !== top) others += a[k];
  data[top * n + top] = a[top] * others;
  return { rows: n, cols: n, data };
}

const SOFTMAX: Activation = {
  name: "softmax",
  elementwise: false,
  value: softmaxValue,
  derivative: () => {
    throw new ArgumentError(
      "softmax.derivative",
      "z",
      "an elementwise activation (softmax has no entrywise derivative)",
      "softmax: use jacobian(z) instead",
    );
  },
  jacobian: softmaxJacobian,
  valueAt: softmaxAt,
  derivativeAt: () => {
    throw new ArgumentError(
      "softmax.derivativeAt",
      "z",
      "an elementwise activation (softmax has no entrywise derivative)",
      "softmax: use jacobian(z) instead",
    );
  },
};

const TABLE: Record<ActivationName, Activation> = {
  sigmoid: elementwise("sigmoid"),
  tanh: elementwise("tanh"),
  relu: elementwise("relu"),
  identity: elementwise("identity"),
  softmax: SOFTMAX,
};

/**
 * The activation with this name; an unknown name throws an error listing the known ones.
 *
 * @example
 * ```ts
 * import { activation } from "./activations.ts";
 * const s = activation("sigmoid");
 * if (s.value(Float64Array.of(0))[0] !== 0.5) throw new Error("σ(0) = ½");
 * if (s.derivative(Float64Array.of(0))[0] !== 0.25) throw new Error("σ′(0) = ¼");
 * ```
 */
export function activation(name: string, fn = "activation", argument = "name"): Activation {
  if (typeof name !== "string" || !(name in TABLE)) {
    throw new ArgumentError(fn, argument, `one of ${ACTIVATION_NAMES.join(", ")}`, describe(name));
  }
  return TABLE[name as ActivationName];
}
