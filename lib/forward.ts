/**
 * The forward pass z^l = W^l a^{l−1} + b^l, a^l = σ(z^l), keeping every z^l and a^l because the
 * backward pass needs them; for one example or for a batch with one example per column.
 * @module
 */

import { activation } from "./activations.ts";
import { checkTargets, type Cost } from "./costs.ts";
import { ArgumentError, assertFinite, finiteVector } from "./errors.ts";
import { kernelMatmul as matmul } from "./kernels.ts";
import { addColumn, assertMatrix, getColumn, type Matrix, matvec } from "./matrix.ts";
import { assertNetwork, type Network } from "./network.ts";
import { type OutputLayer, outputLayer } from "./output_layer.ts";

/** Every layer's weighted input and activation for one example: z[0] is empty, a[0] = x. */
export interface Trace {
  z: Float64Array[];
  a: Float64Array[];
}

/** The same for a batch: z[l], a[l] are n_l × N, one column per example. */
export interface BatchTrace {
  z: Matrix[];
  a: Matrix[];
}

/**
 * The forward pass for one example x (length n_0).
 *
 * @example
 * ```ts
 * import { createNetwork, forward } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 3, 1], activations: "sigmoid", seed: 1 });
 * const { z, a } = forward(net, [0.5, -1]);
 * if (z[2].length !== 1 || a[0][1] !== -1) throw new Error("z² has n_2 entries; a⁰ = x");
 * ```
 */
export function forward(net: Network, x: ArrayLike<number>): Trace {
  assertNetwork("forward", net);
  return forwardUnchecked(net, finiteVector("forward", "x", x, net.sizes[0]));
}

/** What an overflow in layer l looks like in an error: `z^l[…] = Infinity: … overflowed …`. */
export function overflowText(l: number, entry: string, value: number): string {
  return `z^${l}${entry} = ${value}: W^${l} a^${l - 1} + b^${l} overflowed in layer ${l}`;
}

/** A forward pass whose weighted input overflowed float64; `layer` is l. */
export class OverflowError extends ArgumentError {
  /** The error for z^layer's entry `entry` (e.g. "[2]") having become `value`. */
  constructor(fn: string, readonly layer: number, readonly entry: string, readonly value: number) {
    super(
      fn,
      "net",
      "a forward pass whose weighted inputs stay finite",
      overflowText(layer, entry, value),
    );
  }
}

/**
 * Finite parameters and a finite x can still overflow float64 (an identity layer multiplying
 * 1e200 by 1e200): refused with the layer named, rather than an Infinity or NaN handed on.
 * `fn` names the public function called; `describeEntry` an entry (with its example in a batch).
 */
export function checkWeightedInput(
  fn: string,
  l: number,
  z: Float64Array,
  describeEntry: (i: number) => string = (i) => `[${i}]`,
): void {
  for (let i = 0; i < z.length; i++) {
    if (!Number.isFinite(z[i])) throw new OverflowError(fn, l, describeEntry(i), z[i]);
  }
}

/**
 * The forward pass without argument checks, for methods that checked once already; an overflow
 * is still refused, naming `fn` and the layer.
 */
export function forwardUnchecked(net: Network, x: Float64Array, fn = "forward"): Trace {
  const z: Float64Array[] = [new Float64Array(0)];
  const a: Float64Array[] = [x];
  for (let l = 1; l < net.sizes.length; l++) {
    const zl = matvec(net.W[l], a[l - 1]);
    for (let j = 0; j < zl.length; j++) zl[j] += net.b[l][j];
    checkWeightedInput(fn, l, zl);
    z.push(zl);
    a.push(activation(net.activations[l]).value(zl));
  }
  return { z, a };
}

/**
 * The forward pass for a batch X (n_0 × N, one example per column): Z^l = W^l A^{l−1} + b^l 1ᵀ.
 *
 * @example
 * ```ts
 * import { createNetwork, forward, forwardBatch, fromColumns, getColumn } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 3, 2], activations: "tanh", seed: 1 });
 * const batch = forwardBatch(net, fromColumns([[1, 2], [3, 4]]));
 * const one = forward(net, [3, 4]);
 * if (Math.abs(getColumn(batch.a[2], 1)[0] - one.a[2][0]) > 1e-15) throw new Error("column 1 = example 1");
 * ```
 */
export function forwardBatch(net: Network, X: Matrix): BatchTrace {
  assertNetwork("forwardBatch", net);
  assertMatrix("forwardBatch", "X", X, net.sizes[0]);
  if (X.cols < 1) throw new ArgumentError("forwardBatch", "X", "at least one column", "0 columns");
  assertFinite(
    "forwardBatch",
    "X",
    X.data,
    (i) => `row ${Math.floor(i / X.cols)}, column ${i % X.cols}`,
  );
  return forwardBatchUnchecked(net, X, "forwardBatch");
}

/** The batched forward pass without argument checks (an overflow is refused, naming `fn`). */
export function forwardBatchUnchecked(net: Network, X: Matrix, fn = "forwardBatch"): BatchTrace {
  const z: Matrix[] = [{ rows: 0, cols: X.cols, data: new Float64Array(0) }];
  const a: Matrix[] = [X];
  for (let l = 1; l < net.sizes.length; l++) {
    const zl = addColumn(matmul(net.W[l], a[l - 1]), net.b[l]);
    checkWeightedInput(
      fn,
      l,
      zl.data,
      (i) => `[${Math.floor(i / X.cols)}] of example ${i % X.cols}`,
    );
    z.push(zl);
    a.push(activateColumns(net.activations[l], zl));
  }
  return { z, a };
}

function activateColumns(name: string, Z: Matrix): Matrix {
  const act = activation(name);
  if (act.elementwise) {
    // Entry by entry: the whole matrix at once.
    return { rows: Z.rows, cols: Z.cols, data: act.value(Z.data) };
  }
  const out = new Float64Array(Z.data.length);
  for (let j = 0; j < Z.cols; j++) {
    const col = act.value(getColumn(Z, j));
    for (let i = 0; i < Z.rows; i++) out[i * Z.cols + j] = col[i];
  }
  return { rows: Z.rows, cols: Z.cols, data: out };
}

/** A checked example: the network, x and y as Float64Arrays, the cost and the output layer. */
export interface Example {
  x: Float64Array;
  y: Float64Array;
  cost: Cost;
  /** C and δ^L from z^L (fused for the log costs): see output_layer.ts. */
  output: OutputLayer;
}

/**
 * Checks a (network, x, y, cost) call before any work: shapes, finiteness, the cost's name, that
 * the output layer fits the cost (the log costs need probabilities) and that y fits it too.
 */
export function checkExample(
  fn: string,
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  costName: string,
): Example {
  assertNetwork(fn, net);
  const L = net.sizes.length - 1;
  const output = outputLayer(net.activations[L], costName, fn);
  const ex = {
    x: finiteVector(fn, "x", x, net.sizes[0]),
    y: finiteVector(fn, "y", y, net.sizes[L]),
    cost: output.cost,
    output,
  };
  checkTargets(fn, "y", output.cost.name, ex.y);
  return ex;
}

/**
 * C(a^L, y) for one example, computed from z^L where the output layer and the cost are fused
 * (softmax or sigmoid with a log cost), so that saturated outputs still give the true cost.
 *
 * @example
 * ```ts
 * import { costOf, networkFromParameters } from "./mod.ts";
 * const net = networkFromParameters({ activations: "identity", W: [null, [[2]]], b: [null, [0]] });
 * if (costOf(net, [1], [0], "squaredError") !== 4) throw new Error("(2·1 − 0)²");
 * const sure = networkFromParameters({ activations: "softmax", W: [null, [[800], [0]]], b: [null, [0, 0]] });
 * if (costOf(sure, [1], [0, 1], "crossEntropy") !== 800) throw new Error("−log a₁ = 800, not ∞");
 * ```
 */
export function costOf(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  costName: string,
): number {
  const fn = "costOf";
  const ex = checkExample(fn, net, x, y, costName);
  const { z, a } = forwardUnchecked(net, ex.x, fn);
  const L = a.length - 1;
  const c = ex.output.value(z[L], a[L], ex.y);
  if (!Number.isFinite(c)) {
    throw new ArgumentError(
      fn,
      "net",
      "an output whose cost is a finite float64",
      `C = ${c} (the ${ex.cost.name} cost of a^${L} overflowed)`,
    );
  }
  return c;
}
