/**
 * The numerical tools the checks are built from: derivatives by central differences (with one
 * Richardson extrapolation), the network run from any layer onwards (so that the cost can be
 * treated as a function of z^l or a^l), and the comparison of two sides.
 *
 * A central difference D(h) = (f(t + h) − f(t − h)) / 2h has truncation error c₂h² + c₄h⁴ + …;
 * (4 D(h/2) − D(h)) / 3 cancels the h² term, leaving O(h⁴). With h = 10⁻³ that is about 10⁻¹²
 * times the fifth derivative, and the round-off, about u·|f| / h, is near 10⁻¹³.
 * @module
 */

import {
  activation,
  cost as costByName,
  forward,
  getColumn,
  type Matrix,
  matvec,
  type Network,
  outputLayer,
} from "../lib/mod.ts";
import type { Case, Side } from "./types.ts";

/**
 * The step h of {@link derivative}.
 *
 * @example
 * ```ts
 * import { DIFFERENCE_STEP } from "./numeric.ts";
 * if (DIFFERENCE_STEP !== 1e-3) throw new Error("h = 1e-3");
 * ```
 */
export const DIFFERENCE_STEP = 1e-3;

/**
 * f′(t) by central differences with one Richardson extrapolation: (4 D(h/2) − D(h)) / 3.
 *
 * @example
 * ```ts
 * import { derivative } from "./numeric.ts";
 * if (Math.abs(derivative(Math.sin, 0.3) - Math.cos(0.3)) > 1e-12) throw new Error("sin′ = cos");
 * ```
 */
export function derivative(f: (t: number) => number, t: number, h = DIFFERENCE_STEP): number {
  const d = (s: number) => (f(t + s) - f(t - s)) / (2 * s);
  return (4 * d(h / 2) - d(h)) / 3;
}

/**
 * ∇f(v) by {@link derivative}, one coordinate at a time.
 *
 * @example
 * ```ts
 * import { gradient } from "./numeric.ts";
 * const g = gradient((v) => v[0] * v[1], [2, 3]);
 * if (Math.abs(g[0] - 3) > 1e-10 || Math.abs(g[1] - 2) > 1e-10) throw new Error("∇(uv) = (v, u)");
 * ```
 */
export function gradient(f: (v: Float64Array) => number, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    out[i] = derivative((t) => f(replaced(v, i, t)), v[i]);
  }
  return out;
}

/**
 * The Jacobian J[i][j] = ∂f_i/∂v_j of a vector function, by {@link derivative}.
 *
 * @example
 * ```ts
 * import { jacobian } from "./numeric.ts";
 * const J = jacobian((v) => [v[0] * v[1], v[0]], [2, 3]);
 * if (J.rows !== 2 || J.cols !== 2 || Math.abs(J.data[1] - 2) > 1e-10) throw new Error("∂(uv)/∂v = u");
 * ```
 */
export function jacobian(
  f: (v: Float64Array) => ArrayLike<number>,
  v: ArrayLike<number>,
): Matrix {
  const n = v.length;
  const columns: Float64Array[] = [];
  let m = -1;
  for (let j = 0; j < n; j++) {
    const h = DIFFERENCE_STEP;
    const at = (s: number) => Float64Array.from(f(replaced(v, j, v[j] + s)));
    const [p1, m1, p2, m2] = [at(h), at(-h), at(h / 2), at(-h / 2)];
    m = p1.length;
    const col = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const d1 = (p1[i] - m1[i]) / (2 * h), d2 = (p2[i] - m2[i]) / h;
      col[i] = (4 * d2 - d1) / 3;
    }
    columns.push(col);
  }
  const data = new Float64Array(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) data[i * n + j] = columns[j][i];
  return { rows: m, cols: n, data };
}

function replaced(v: ArrayLike<number>, i: number, t: number): Float64Array {
  const w = Float64Array.from(v);
  w[i] = t;
  return w;
}

// ---------------------------------------------------------------------------------------------
// The network from layer l onwards

/**
 * a^L as a function of a^l: the forward pass from layer l + 1 on, with a^l given. Returns the
 * weighted inputs and activations of layers l..L (index 0 of each list is layer l).
 *
 * @example
 * ```ts
 * import { createNetwork, forward } from "../lib/mod.ts";
 * import { forwardFrom } from "./numeric.ts";
 * const net = createNetwork({ sizes: [2, 3, 1], activations: "tanh", seed: 1 });
 * const t = forward(net, [0.1, 0.2]);
 * if (forwardFrom(net, 1, t.a[1]).a[1][0] !== t.a[2][0]) throw new Error("same a²");
 * ```
 */
export function forwardFrom(
  net: Network,
  l: number,
  al: ArrayLike<number>,
): { z: Float64Array[]; a: Float64Array[] } {
  const L = net.sizes.length - 1;
  const z: Float64Array[] = [new Float64Array(0)];
  const a: Float64Array[] = [Float64Array.from(al)];
  for (let m = l + 1; m <= L; m++) {
    const zm = matvec(net.W[m], a[a.length - 1]);
    for (let j = 0; j < zm.length; j++) zm[j] += net.b[m][j];
    z.push(zm);
    a.push(activation(net.activations[m]).value(zm));
  }
  return { z, a };
}

/**
 * The case's cost as a function of a^l (layers l + 1..L run forward from it).
 *
 * @example
 * ```ts
 * import { createCase, costOfActivation } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["identity"], cost: "quadratic", x: [2], y: [0], seed: 1 });
 * if (costOfActivation(c, 1, [3]) !== 4.5) throw new Error("½(3 − 0)²");
 * ```
 */
export function costOfActivation(c: Case, l: number, al: ArrayLike<number>): number {
  const { z, a } = forwardFrom(c.net, l, al);
  const L = c.net.sizes.length - 1;
  // Below the output, from z^L as every method computes it (output_layer.ts); at the output the
  // cost is a function of a^L itself, C(a^L, y).
  if (l === L) return costByName(c.cost).value(a[a.length - 1], c.y);
  return outputLayer(c.net.activations[L], c.cost).value(z[z.length - 1], a[a.length - 1], c.y);
}

/**
 * The case's cost as a function of z^l: a^l = σ(z^l), then on to the cost.
 *
 * @example
 * ```ts
 * import { createCase, costOfWeightedInput } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["identity"], cost: "quadratic", x: [2], y: [0], seed: 1 });
 * if (costOfWeightedInput(c, 1, [3]) !== 4.5) throw new Error("identity: a = z");
 * ```
 */
export function costOfWeightedInput(c: Case, l: number, zl: ArrayLike<number>): number {
  const z = Float64Array.from(zl), a = activation(c.net.activations[l]).value(z);
  const L = c.net.sizes.length - 1;
  // at the output, from z^L itself (exact for the fused output layers: output_layer.ts)
  return l === L
    ? outputLayer(c.net.activations[L], c.cost).value(z, a, c.y)
    : costOfActivation(c, l, a);
}

/**
 * z^{l+1} as a function of z^l.
 *
 * @example
 * ```ts
 * import { createCase, nextWeightedInput } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1, 1], activations: ["identity", "identity"], cost: "quadratic", x: [1], y: [0], seed: 1 });
 * const z2 = nextWeightedInput(c, 1, [0]);
 * if (z2[0] !== c.net.b[2][0]) throw new Error("z² = w²·0 + b²");
 * ```
 */
export function nextWeightedInput(c: Case, l: number, zl: ArrayLike<number>): Float64Array {
  const al = activation(c.net.activations[l]).value(Float64Array.from(zl));
  const z = matvec(c.net.W[l + 1], al);
  for (let j = 0; j < z.length; j++) z[j] += c.net.b[l + 1][j];
  return z;
}

/**
 * The case's cost (one example) with W^l or b^l set to other values; the network is left as
 * it was.
 *
 * @example
 * ```ts
 * import { createCase, costWithParameters } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["identity"], cost: "quadratic", x: [1], y: [0], seed: 1 });
 * if (costWithParameters(c, 1, { W: [2], b: [0] }) !== 2) throw new Error("½(2·1 + 0)²");
 * ```
 */
export function costWithParameters(
  c: Case,
  l: number,
  params: { W?: ArrayLike<number>; b?: ArrayLike<number> },
  x: ArrayLike<number> = c.x,
  y: ArrayLike<number> = c.y,
): number {
  const net = withParameters(c.net, l, params);
  const { z, a } = forward(net, x);
  const L = net.sizes.length - 1;
  return outputLayer(net.activations[L], c.cost).value(z[L], a[L], Float64Array.from(y));
}

/**
 * A copy of the network with W^l and/or b^l replaced (W^l as its row-major entries).
 *
 * @example
 * ```ts
 * import { createNetwork } from "../lib/mod.ts";
 * import { withParameters } from "./numeric.ts";
 * const net = createNetwork({ sizes: [1, 1], activations: "relu", seed: 0 });
 * if (withParameters(net, 1, { b: [7] }).b[1][0] !== 7 || net.b[1][0] === 7) throw new Error("a copy");
 * ```
 */
export function withParameters(
  net: Network,
  l: number,
  params: { W?: ArrayLike<number>; b?: ArrayLike<number> },
): Network {
  const W = net.W.map((m, i) =>
    i === l && params.W ? { rows: m.rows, cols: m.cols, data: Float64Array.from(params.W) } : m
  );
  const b = net.b.map((v, i) => (i === l && params.b ? Float64Array.from(params.b) : v));
  return { sizes: net.sizes, activations: net.activations, W, b };
}

/**
 * The mean (or, with `sum`, the total) of the per-example costs over the batch's columns, for
 * a network given or the case's own.
 *
 * @example
 * ```ts
 * import { batchCost, createCase } from "./mod.ts";
 * const c = createCase({ sizes: [1, 1], activations: ["identity"], cost: "squaredError", x: [1], y: [0], seed: 2, batch: 3 });
 * if (Math.abs(batchCost(c, c.net, { sum: true }) - 3 * batchCost(c)) > 1e-12) throw new Error("Σ = N · mean");
 * ```
 */
export function batchCost(c: Case, net: Network = c.net, options: { sum?: boolean } = {}): number {
  const L = net.sizes.length - 1;
  const out = outputLayer(net.activations[L], c.cost);
  let s = 0;
  for (let i = 0; i < c.X.cols; i++) {
    const { z, a } = forward(net, getColumn(c.X, i));
    s += out.value(z[L], a[L], getColumn(c.Y, i));
  }
  return options.sum ? s : s / c.X.cols;
}

// ---------------------------------------------------------------------------------------------
// Sides

/**
 * The shape of a side, in words: "a number", "a 3-vector", "a 2×3 matrix".
 *
 * @example
 * ```ts
 * import { shapeOf } from "./numeric.ts";
 * if (shapeOf([1, 2, 3]) !== "a 3-vector" || shapeOf(1) !== "a number") throw new Error("shapes");
 * ```
 */
export function shapeOf(s: Side): string {
  if (typeof s === "number") return "a number";
  if (isMatrix(s)) return `a ${s.rows}×${s.cols} matrix`;
  return `a ${s.length}-vector`;
}

/**
 * True for a {@link Matrix} (as opposed to a vector or a number).
 *
 * @example
 * ```ts
 * import { fromRows } from "../lib/mod.ts";
 * import { isMatrix } from "./numeric.ts";
 * if (!isMatrix(fromRows([[1]])) || isMatrix([1])) throw new Error("a matrix, a vector");
 * ```
 */
export function isMatrix(s: unknown): s is Matrix {
  return typeof s === "object" && s !== null && "rows" in s && "cols" in s && "data" in s;
}

/**
 * The entries of a side, flattened (a matrix row by row).
 *
 * @example
 * ```ts
 * import { fromRows } from "../lib/mod.ts";
 * import { entriesOf } from "./numeric.ts";
 * if (entriesOf(fromRows([[1, 2], [3, 4]])).join() !== "1,2,3,4") throw new Error("row by row");
 * ```
 */
export function entriesOf(s: Side): number[] {
  if (typeof s === "number") return [s];
  if (isMatrix(s)) return Array.from(s.data);
  return Array.from(s);
}

/** What comparing two sides gives: the discrepancy, or why they cannot be compared. */
export type SideComparison = { discrepancy: number } | { reason: string };

/**
 * The normwise relative discrepancy max_i |l_i − r_i| / max(‖l‖_∞, ‖r‖_∞, floor), or the reason
 * the sides cannot be compared: different shapes, or a value that is not a finite number.
 *
 * @example
 * ```ts
 * import { compareSides } from "./numeric.ts";
 * const r = compareSides([1, 2], [1, 1.998], 1e-12);
 * if (!("discrepancy" in r) || Math.abs(r.discrepancy - 1e-3) > 1e-12) throw new Error("0.002 / 2");
 * const bad = compareSides([1, 2], 3, 1e-12);
 * if (!("reason" in bad) || !bad.reason.includes("shape")) throw new Error("shapes differ");
 * ```
 */
export function compareSides(left: Side, right: Side, floor: number): SideComparison {
  for (const [name, s] of [["left", left], ["right", right]] as const) {
    const ok = typeof s === "number" || isMatrix(s) ||
      Array.isArray(s) || s instanceof Float64Array;
    if (!ok) return { reason: `the ${name} side is not a number, vector or matrix` };
  }
  const ls = shapeOf(left), rs = shapeOf(right);
  if (ls !== rs) {
    return { reason: `the sides have different shapes: ${ls} on the left, ${rs} on the right` };
  }
  const l = entriesOf(left), r = entriesOf(right);
  for (const [name, e] of [["left", l], ["right", r]] as const) {
    const i = e.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
    if (i >= 0) {
      return { reason: `the ${name} side has a non-finite value (${e[i]}) at entry ${i}` };
    }
  }
  let diff = 0, scale = floor;
  for (let i = 0; i < l.length; i++) {
    diff = Math.max(diff, Math.abs(l[i] - r[i]));
    scale = Math.max(scale, Math.abs(l[i]), Math.abs(r[i]));
  }
  return { discrepancy: diff / scale };
}
