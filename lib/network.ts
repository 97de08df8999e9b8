/**
 * A fully connected network in the course's notation: layer 0 is the input, layers 1..L have
 * sizes[l] neurons, W[l] is sizes[l]×sizes[l−1] (w^l_{jk} joins neuron k of layer l−1 to neuron j
 * of layer l), b[l] has sizes[l] entries. The code's index is the math's index: W[0], b[0] are
 * empty and activations[0] is "identity" (a⁰ = x).
 * @module
 */

import { activation, type ActivationName } from "./activations.ts";
import {
  ArgumentError,
  assertFinite,
  assertInteger,
  assertKnownKeys,
  describe,
  finiteVector,
} from "./errors.ts";
import {
  allocate,
  assertMatrix,
  bytesInWords,
  type Matrix,
  matrixFromRows,
  MAX_MATRIX_BYTES,
  zeros,
} from "./matrix.ts";
import { createRng } from "./rng.ts";

/** A network's architecture and parameters. */
export interface Network {
  /** sizes[l] = n_l, the number of neurons in layer l (sizes[0] is the input's length). */
  readonly sizes: readonly number[];
  /** activations[l] is layer l's σ; activations[0] is "identity" and unused. */
  readonly activations: readonly ActivationName[];
  /** W[l] is n_l × n_{l−1}; W[0] is 0×0. */
  readonly W: Matrix[];
  /** b[l] has n_l entries; b[0] is empty. */
  readonly b: Float64Array[];
}

/** How the weights and biases are drawn. */
export type InitName = "normal" | "scaledNormal" | "he" | "uniform";

/**
 * Every initialisation name.
 *
 * @example
 * ```ts
 * import { createNetwork, INIT_NAMES } from "./network.ts";
 * for (const init of INIT_NAMES) createNetwork({ sizes: [4, 2], activations: "relu", seed: 0, init });
 * ```
 */
export const INIT_NAMES: readonly InitName[] = ["normal", "scaledNormal", "he", "uniform"];

/** Options of {@link createNetwork}. */
export interface NetworkOptions {
  /** [n_0, n_1, …, n_L]: the input's length, then each layer's width; at least two entries. */
  sizes: readonly number[];
  /** One activation for every layer 1..L, or one per layer (length L). */
  activations: ActivationName | readonly ActivationName[];
  /** Seed of the random draws; the same seed gives the same network, bit for bit. */
  seed: number;
  /**
   * `normal` (default): every weight and bias N(0, 1), as Nielsen's network.py;
   * `scaledNormal`: weights N(0, 1/n_{l−1}), biases 0; `he`: weights N(0, 2/n_{l−1}), biases 0;
   * `uniform`: weights and biases U(−1/√n_{l−1}, 1/√n_{l−1}).
   */
  init?: InitName;
}

/** Checks sizes and activations and returns L and the per-layer activation list. */
export function resolveArchitecture(
  fn: string,
  sizes: unknown,
  activations: unknown,
  prefix = "",
): { sizes: number[]; activations: ActivationName[] } {
  checkSizes(fn, sizes, prefix);
  const L = sizes.length - 1;
  let names: unknown[];
  if (typeof activations === "string") names = Array(L).fill(activations);
  else if (Array.isArray(activations)) names = activations;
  else {
    throw new ArgumentError(
      fn,
      `${prefix}activations`,
      `an activation name or ${L} of them (one per layer 1..${L})`,
      describe(activations),
    );
  }
  if (names.length !== L) {
    throw new ArgumentError(
      fn,
      `${prefix}activations`,
      `${L} names (one per layer 1..${L}, as sizes has ${sizes.length} entries)`,
      `${names.length} names`,
    );
  }
  names.forEach((name, i) => activation(name as string, fn, `${prefix}activations[${i}]`));
  return { sizes: [...sizes], activations: ["identity", ...(names as ActivationName[])] };
}

/** Throws unless `sizes` is [n_0, …, n_L] with L ≥ 1 and every n_l an integer ≥ 1. */
function checkSizes(fn: string, sizes: unknown, prefix = ""): asserts sizes is number[] {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new ArgumentError(
      fn,
      `${prefix}sizes`,
      "an array [n_0, n_1, …, n_L] with at least an input and one layer",
      describe(sizes),
    );
  }
  sizes.forEach((n, l) => assertInteger(fn, `${prefix}sizes[${l}]`, n, 1));
}

/**
 * A network with seeded random parameters. Its weights and biases, 8 bytes each, may take at most
 * 2³¹ bytes (2 GiB, {@link MAX_MATRIX_BYTES}); larger sizes are refused with the byte count
 * before anything is allocated.
 *
 * @example
 * ```ts
 * import { createNetwork } from "./network.ts";
 * const net = createNetwork({ sizes: [2, 3, 1], activations: "sigmoid", seed: 1 });
 * if (net.W[1].rows !== 3 || net.W[1].cols !== 2 || net.b[2].length !== 1) throw new Error("shapes");
 * const again = createNetwork({ sizes: [2, 3, 1], activations: "sigmoid", seed: 1 });
 * if (again.W[2].data[0] !== net.W[2].data[0]) throw new Error("same seed, same weights");
 * ```
 */
export function createNetwork(options: NetworkOptions): Network {
  if (typeof options !== "object" || options === null) {
    throw new ArgumentError(
      "createNetwork",
      "options",
      "{ sizes, activations, seed }",
      describe(options),
    );
  }
  assertKnownKeys("createNetwork", "options", options, ["sizes", "activations", "seed", "init"]);
  const { sizes, activations } = resolveArchitecture(
    "createNetwork",
    options.sizes,
    options.activations,
  );
  const P = parameterCount(sizes);
  if (P * 8 > MAX_MATRIX_BYTES) {
    throw new ArgumentError(
      "createNetwork",
      "sizes",
      `a network whose weights and biases, 8 bytes each, fit in ${bytesInWords(MAX_MATRIX_BYTES)}`,
      `sizes [${sizes.join(", ")}]: ${P.toLocaleString("en-US")} parameters, ${
        bytesInWords(P * 8)
      }`,
    );
  }
  if (typeof options.seed !== "number" || !Number.isSafeInteger(options.seed)) {
    throw new ArgumentError("createNetwork", "seed", "a safe integer", describe(options.seed));
  }
  const init = options.init ?? "normal";
  if (!INIT_NAMES.includes(init)) {
    throw new ArgumentError(
      "createNetwork",
      "init",
      `one of ${INIT_NAMES.join(", ")}`,
      describe(init),
    );
  }
  const rng = createRng(options.seed);
  const W: Matrix[] = [zeros(0, 0)];
  const b: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1];
    const what = `W[${l}], ${sizes[l]}×${fanIn}`;
    const w = {
      rows: sizes[l],
      cols: fanIn,
      data: allocate("createNetwork", "sizes", sizes[l] * fanIn, what),
    };
    const bias = allocate("createNetwork", "sizes", sizes[l], `b[${l}]`);
    const draw = (): number => {
      switch (init) {
        case "normal":
          return rng.normal();
        case "scaledNormal":
          return rng.normal() / Math.sqrt(fanIn);
        case "he":
          return rng.normal() * Math.sqrt(2 / fanIn);
        case "uniform":
          return (2 * rng.uniform() - 1) / Math.sqrt(fanIn);
      }
    };
    for (let i = 0; i < w.data.length; i++) w.data[i] = draw();
    if (init === "normal" || init === "uniform") {
      for (let i = 0; i < bias.length; i++) bias[i] = init === "normal" ? rng.normal() : draw();
    }
    W.push(w);
    b.push(bias);
  }
  return { sizes, activations, W, b };
}

/** Parameters given by hand; index 0 is unused (pass null), as in the math. */
export interface NetworkParameters {
  /** One activation for every layer, or one per layer 1..L. */
  activations: ActivationName | readonly ActivationName[];
  /** [null, W¹, …, W^L], each a Matrix or its rows. */
  W: readonly (Matrix | readonly (readonly number[])[] | null)[];
  /** [null, b¹, …, b^L]. */
  b: readonly (ArrayLike<number> | null)[];
}

/**
 * A network with the given parameters (copied), e.g. the one-neuron chain a¹ = σ(w a⁰ + b).
 *
 * @example
 * ```ts
 * import { networkFromParameters } from "./network.ts";
 * const net = networkFromParameters({ activations: "sigmoid", W: [null, [[0.5]]], b: [null, [0.1]] });
 * if (net.sizes.join() !== "1,1") throw new Error("one input, one neuron");
 * ```
 */
export function networkFromParameters(params: NetworkParameters): Network {
  const fn = "networkFromParameters";
  if (typeof params !== "object" || params === null || !Array.isArray(params.W)) {
    throw new ArgumentError(
      fn,
      "params",
      "{ activations, W: [null, W¹, …], b: [null, b¹, …] }",
      describe(params),
    );
  }
  assertKnownKeys(fn, "params", params, ["activations", "W", "b"]);
  const L = params.W.length - 1;
  if (L < 1) {
    throw new ArgumentError(
      fn,
      "W",
      "[null, W¹, …, W^L] with at least one layer",
      describe(params.W),
    );
  }
  if (!Array.isArray(params.b) || params.b.length !== L + 1) {
    throw new ArgumentError(
      fn,
      "b",
      `[null, b¹, …, b^${L}] (${L + 1} entries)`,
      describe(params.b),
    );
  }
  const W: Matrix[] = [zeros(0, 0)];
  const b: Float64Array[] = [new Float64Array(0)];
  const sizes: number[] = [];
  for (let l = 1; l <= L; l++) {
    const given = params.W[l];
    const m = Array.isArray(given)
      ? matrixFromRows(fn, `W[${l}]`, given)
      : assertMatrix(fn, `W[${l}]`, given);
    if (l === 1) sizes.push(m.cols);
    if (m.cols !== sizes[l - 1]) {
      throw new ArgumentError(
        fn,
        `W[${l}]`,
        `${sizes[l - 1]} columns (the width of layer ${l - 1})`,
        `a ${m.rows}×${m.cols} matrix`,
      );
    }
    assertFinite(fn, `W[${l}]`, m.data, (i) => `entry (${Math.floor(i / m.cols)}, ${i % m.cols})`);
    sizes.push(m.rows);
    W.push({ rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) });
    b.push(finiteVector(fn, `b[${l}]`, params.b[l], m.rows));
  }
  const resolved = resolveArchitecture(fn, sizes, params.activations);
  return { sizes, activations: resolved.activations, W, b };
}

/** Throws unless the network's shapes are consistent and every parameter is finite. */
export function assertNetwork(fn: string, net: unknown): Network {
  if (typeof net !== "object" || net === null) {
    throw new ArgumentError(fn, "net", "a Network (from createNetwork)", describe(net));
  }
  const n = net as Network;
  const { sizes } = resolveArchitecture(
    fn,
    n.sizes,
    Array.isArray(n.activations) ? n.activations.slice(1) : n.activations,
    "net.",
  );
  if (
    !Array.isArray(n.W) || n.W.length !== sizes.length || !Array.isArray(n.b) ||
    n.b.length !== sizes.length
  ) {
    throw new ArgumentError(
      fn,
      "net",
      `W and b with ${sizes.length} entries (index 0 unused)`,
      "other lengths",
    );
  }
  for (let l = 1; l < sizes.length; l++) {
    const w = assertMatrix(fn, `net.W[${l}]`, n.W[l], sizes[l], sizes[l - 1]);
    assertFinite(
      fn,
      `net.W[${l}]`,
      w.data,
      (i) => `entry (${Math.floor(i / w.cols)}, ${i % w.cols})`,
    );
    if (!(n.b[l] instanceof Float64Array) || n.b[l].length !== sizes[l]) {
      throw new ArgumentError(
        fn,
        `net.b[${l}]`,
        `a Float64Array of length ${sizes[l]}`,
        describe(n.b[l]),
      );
    }
    assertFinite(fn, `net.b[${l}]`, n.b[l]);
  }
  return n;
}

/**
 * A deep copy, so a method can perturb parameters without touching the caller's network.
 *
 * @example
 * ```ts
 * import { cloneNetwork, createNetwork } from "./network.ts";
 * const net = createNetwork({ sizes: [1, 1], activations: "relu", seed: 3 });
 * const copy = cloneNetwork(net);
 * copy.W[1].data[0] = 99;
 * if (net.W[1].data[0] === 99) throw new Error("the copy shares nothing");
 * ```
 */
export function cloneNetwork(net: Network): Network {
  assertNetwork("cloneNetwork", net);
  return {
    sizes: [...net.sizes],
    activations: [...net.activations],
    W: net.W.map((m) => ({ rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) })),
    b: net.b.map((v) => Float64Array.from(v)),
  };
}

/**
 * The number of weights and biases, Σ_l n_l (n_{l−1} + 1).
 *
 * @example
 * ```ts
 * import { parameterCount } from "./network.ts";
 * if (parameterCount([784, 30, 10]) !== 23860) throw new Error("784·30+30 + 30·10+10");
 * ```
 */
export function parameterCount(sizes: readonly number[]): number {
  checkSizes("parameterCount", sizes);
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += sizes[l] * (sizes[l - 1] + 1);
  return n;
}
