/**
 * Families of random cases: seeded draws of a network, an example, a batch and a layer, so that
 * a step can be checked at many random points (randomized identity testing: a false identity
 * almost surely fails at a random point, a true one holds at all of them).
 *
 * Where a layer uses ReLU, examples whose pre-activations come within 0.05 of the kink are
 * redrawn: the chain rule needs differentiability, and the difference quotients would straddle
 * the kink. Likewise, with cross-entropy, examples with an output below 0.1 are redrawn.
 * @module
 */

import {
  type ActivationName,
  ArgumentError,
  type CostName,
  createNetwork,
  createRng,
  forward,
  fromColumns,
  type InitName,
  type Network,
  networkFromParameters,
  type Rng,
} from "../lib/mod.ts";
import type { Case, Family } from "./types.ts";

/**
 * Pre-activations of a ReLU layer must stay this far from 0 (see the module comment).
 *
 * @example
 * ```ts
 * import { family, KINK_MARGIN } from "./families.ts";
 * const c = family({ hidden: ["relu"], output: ["relu"] }).draw(1);
 * if (!c.net.activations.every((a, l) => l === 0 || a === "relu")) throw new Error("ReLU everywhere");
 * if (KINK_MARGIN !== 0.05) throw new Error("0.05");
 * ```
 */
export const KINK_MARGIN = 0.05;

/**
 * Where the cost is cross-entropy, every output a^L_i must be at least this: log a is steep
 * near 0, and a difference quotient in a^L must not step below 0.
 *
 * @example
 * ```ts
 * import { family, PROBABILITY_MARGIN } from "./mod.ts";
 * const c = family({ costs: ["crossEntropy"] }).draw(2);
 * if (!c.X.data.length || c.cost !== "crossEntropy") throw new Error("a cross-entropy case");
 * if (PROBABILITY_MARGIN !== 0.1) throw new Error("0.1");
 * ```
 */
export const PROBABILITY_MARGIN = 0.1;

/**
 * The smooth elementwise activations and ReLU: what "any elementwise σ" is drawn from.
 *
 * @example
 * ```ts
 * import { ELEMENTWISE } from "./families.ts";
 * if (ELEMENTWISE.includes("softmax")) throw new Error("softmax is not elementwise");
 * ```
 */
export const ELEMENTWISE: readonly ActivationName[] = ["sigmoid", "tanh", "relu", "identity"];

/** Options of {@link createCase}: one case given explicitly. */
export interface CaseOptions {
  /** [n_0, …, n_L]. */
  sizes: readonly number[];
  /** One activation per layer 1..L. */
  activations: readonly ActivationName[];
  cost: CostName;
  x: readonly number[];
  y: readonly number[];
  /** Seeds the network (unless W and b are given) and the case's rng. */
  seed: number;
  /** Parameters given by hand: [null, W¹, …], [null, b¹, …]. */
  W?: (readonly (readonly number[])[] | null)[];
  b?: (readonly number[] | null)[];
  /** Number of examples in the batch (column 0 is x, y; the others drawn from the seed). */
  batch?: number;
  /** The layer statements about "layer l" look at (default L). */
  l?: number;
}

/**
 * One case, given explicitly: for tests, examples and notebooks.
 *
 * @example
 * ```ts
 * import { createCase } from "./families.ts";
 * const c = createCase({ sizes: [2, 1], activations: ["sigmoid"], cost: "quadratic", x: [1, 2], y: [1], seed: 3 });
 * if (c.X.cols !== 1 || c.l !== 1 || c.net.W[1].cols !== 2) throw new Error("one example, l = L");
 * ```
 */
export function createCase(options: CaseOptions): Case {
  const L = options.sizes.length - 1;
  const rng = createRng(options.seed);
  const net = options.W && options.b
    ? networkFromParameters({ activations: options.activations, W: options.W, b: options.b })
    : createNetwork({
      sizes: options.sizes,
      activations: options.activations,
      seed: options.seed,
    });
  const xs = [Float64Array.from(options.x)], ys = [Float64Array.from(options.y)];
  for (let i = 1; i < (options.batch ?? 1); i++) {
    xs.push(Float64Array.from(options.x, () => rng.normal()));
    ys.push(Float64Array.from(options.y, () => rng.uniform()));
  }
  return {
    seed: options.seed,
    family: "given by hand",
    net,
    cost: options.cost,
    x: xs[0],
    y: ys[0],
    X: fromColumns(xs),
    Y: fromColumns(ys),
    l: options.l ?? L,
    rng,
  };
}

/** Options of {@link family}. */
export interface FamilyOptions {
  /** A description for reports; generated from the options when absent. */
  description?: string;
  /** The number of layers L, drawn from [min, max] (default [1, 4]). */
  depth?: [number, number];
  /** Each width n_0, …, n_L, drawn from [min, max] (default [1, 4]). */
  widths?: [number, number];
  /** Draw one width for every layer, the input included (square weight matrices). */
  equalWidths?: boolean;
  /** Fixed sizes (overrides depth and widths). */
  sizes?: readonly number[];
  /** Activations of the layers below the output (default {@link ELEMENTWISE}). */
  hidden?: readonly ActivationName[];
  /** Activations of the output layer (default {@link ELEMENTWISE}). */
  output?: readonly ActivationName[];
  /**
   * Costs to draw from (default quadratic and squaredError). Where crossEntropy is drawn and the
   * output activation is neither sigmoid nor softmax, the output becomes sigmoid.
   */
  costs?: readonly CostName[];
  /** Targets: one-hot vectors, or entries uniform in [0, 1] (default: one-hot with softmax). */
  labels?: "oneHot" | "unit";
  /** Examples in the batch, drawn from [min, max] (default [2, 4]). */
  batch?: [number, number];
  /** Which layer l is: any of 1..L, a hidden one (1..L−1), or the output L (default any). */
  layer?: "any" | "hidden" | "output";
  /** The initialisation (default normal: every weight and bias N(0, 1)). */
  init?: InitName;
}

/**
 * A family of random cases.
 *
 * @example
 * ```ts
 * import { family } from "./families.ts";
 * const f = family({ depth: [2, 3], hidden: ["tanh"], output: ["sigmoid"], layer: "hidden" });
 * const c = f.draw(7);
 * if (c.l < 1 || c.l >= c.net.sizes.length - 1) throw new Error("l is a hidden layer");
 * if (f.draw(7).net.W[1].data[0] !== c.net.W[1].data[0]) throw new Error("same seed, same case");
 * ```
 */
export function family(options: FamilyOptions = {}): Family {
  const depth = options.depth ?? [1, 4];
  const widths = options.widths ?? [1, 4];
  const hidden = options.hidden ?? ELEMENTWISE;
  const output = options.output ?? ELEMENTWISE;
  const costs = options.costs ?? ["quadratic", "squaredError"];
  const batch = options.batch ?? [2, 4];
  const layer = options.layer ?? "any";
  if (layer === "hidden" && (options.sizes ? options.sizes.length - 1 : depth[1]) < 2) {
    throw new ArgumentError("family", "layer", "networks with L ≥ 2 for a hidden layer", "L = 1");
  }
  const description = options.description ?? describeFamily(options);
  return {
    description,
    draw(seed: number): Case {
      const rng = createRng(seed);
      for (let attempt = 0; attempt < 200; attempt++) {
        const sizes = options.sizes ? [...options.sizes] : drawSizes(rng, options, depth, widths);
        const L = sizes.length - 1;
        if (layer === "hidden" && L < 2) continue;
        const activations = sizes.slice(1).map((_, i) => pick(rng, i + 1 === L ? output : hidden));
        const cost = pick(rng, costs);
        // Cross-entropy takes log a: where it is drawn, the output must give probabilities.
        if (
          cost === "crossEntropy" && activations[L - 1] !== "sigmoid" &&
          activations[L - 1] !== "softmax"
        ) {
          activations[L - 1] = "sigmoid";
        }
        const net = createNetwork({
          sizes,
          activations,
          seed: rng.int(2 ** 31),
          init: options.init ?? "normal",
        });
        const labels = options.labels ?? (activations[L - 1] === "softmax" ? "oneHot" : "unit");
        const N = batch[0] + rng.int(batch[1] - batch[0] + 1);
        const xs: Float64Array[] = [], ys: Float64Array[] = [];
        for (let i = 0; i < N; i++) {
          xs.push(Float64Array.from({ length: sizes[0] }, () => rng.normal()));
          ys.push(drawLabel(rng, sizes[L], labels));
        }
        if (!clearOfKinks(net, xs)) continue;
        if (cost === "crossEntropy" && !clearOfZero(net, xs)) continue;
        const l = layer === "output" ? L : layer === "hidden" ? 1 + rng.int(L - 1) : 1 + rng.int(L);
        return {
          seed,
          family: description,
          net,
          cost,
          x: xs[0],
          y: ys[0],
          X: fromColumns(xs),
          Y: fromColumns(ys),
          l,
          rng,
        };
      }
      throw new Error(
        `family "${description}": no case clear of ReLU kinks and of a^L ≈ 0 in 200 draws`,
      );
    },
  };
}

function drawSizes(
  rng: Rng,
  options: FamilyOptions,
  depth: [number, number],
  widths: [number, number],
): number[] {
  const L = depth[0] + rng.int(depth[1] - depth[0] + 1);
  const width = () => widths[0] + rng.int(widths[1] - widths[0] + 1);
  if (options.equalWidths) {
    const n = width();
    return Array(L + 1).fill(n);
  }
  return Array.from({ length: L + 1 }, width);
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[rng.int(list.length)];
}

function drawLabel(rng: Rng, n: number, labels: "oneHot" | "unit"): Float64Array {
  if (labels === "oneHot") {
    const y = new Float64Array(n);
    y[rng.int(n)] = 1;
    return y;
  }
  return Float64Array.from({ length: n }, () => rng.uniform());
}

/** True when every output of every example is at least PROBABILITY_MARGIN. */
function clearOfZero(net: Network, xs: Float64Array[]): boolean {
  return xs.every((x) => {
    const { a } = forward(net, x);
    return a[a.length - 1].every((v) => v >= PROBABILITY_MARGIN);
  });
}

/** True when no ReLU pre-activation of any example is within KINK_MARGIN of 0. */
function clearOfKinks(net: Network, xs: Float64Array[]): boolean {
  if (!net.activations.includes("relu")) return true;
  return xs.every((x) => {
    const { z } = forward(net, x);
    return net.activations.every((name, l) =>
      l === 0 || name !== "relu" || z[l].every((v) => Math.abs(v) >= KINK_MARGIN)
    );
  });
}

function describeFamily(o: FamilyOptions): string {
  const range = (r: [number, number]) => (r[0] === r[1] ? `${r[0]}` : `${r[0]}–${r[1]}`);
  const parts: string[] = [];
  if (o.sizes) parts.push(`sizes [${o.sizes.join(", ")}]`);
  else {
    parts.push(
      `${range(o.depth ?? [1, 4])} layers of ${range(o.widths ?? [1, 4])} neurons${
        o.equalWidths ? " (all widths equal)" : ""
      }`,
    );
  }
  const hidden = o.hidden ?? ELEMENTWISE, output = o.output ?? ELEMENTWISE;
  parts.push(`hidden ${hidden.join("/")}`, `output ${output.join("/")}`);
  parts.push(`cost ${(o.costs ?? ["quadratic", "squaredError"]).join("/")}`);
  if (o.labels === "oneHot" || (o.labels === undefined && output.every((a) => a === "softmax"))) {
    parts.push("one-hot targets");
  }
  return parts.join("; ");
}
