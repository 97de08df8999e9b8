/**
 * fast-check generators of random architectures and examples shared by the property tests:
 * depth 1–4, widths 1–6, every activation in every layer (softmax included), every cost that
 * fits the output layer.
 * @module
 */

import fc from "fast-check";
import {
  ACTIVATION_NAMES,
  type ActivationName,
  COST_NAMES,
  type CostName,
  createNetwork,
  type Network,
} from "../lib/mod.ts";

/** A network, an example and a cost: everything a gradient method takes. */
export interface Case {
  net: Network;
  x: number[];
  y: number[];
  cost: CostName;
  /** The architecture in words, for failure messages. */
  label: string;
}

const width = fc.integer({ min: 1, max: 6 });
const value = fc.double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true });

/** A random case; `activations` narrows which activation names may appear. */
export function caseArbitrary(
  activations: readonly ActivationName[] = ACTIVATION_NAMES,
): fc.Arbitrary<Case> {
  return fc
    .integer({ min: 1, max: 4 })
    .chain((L) =>
      fc.record({
        sizes: fc.array(width, { minLength: L + 1, maxLength: L + 1 }),
        acts: fc.array(fc.constantFrom(...activations), { minLength: L, maxLength: L }),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        costIndex: fc.nat(),
        raw: fc.array(value, { minLength: 12, maxLength: 12 }),
      })
    )
    .map(({ sizes, acts, seed, costIndex, raw }) => {
      const L = sizes.length - 1;
      const outputIsProbability = acts[L - 1] === "sigmoid" || acts[L - 1] === "softmax";
      // The log costs need probabilities; binary cross-entropy, independent (sigmoid) ones.
      const costs = COST_NAMES.filter((c) =>
        c === "crossEntropy"
          ? outputIsProbability
          : c === "binaryCrossEntropy"
          ? acts[L - 1] === "sigmoid"
          : true
      );
      const cost = costs[costIndex % costs.length];
      const net = createNetwork({ sizes, activations: acts, seed });
      const x = Array.from({ length: sizes[0] }, (_, i) => raw[i % raw.length]);
      const y = label(sizes[L], raw, cost);
      return {
        net,
        x,
        y,
        cost,
        label: `${sizes.join("-")} [${acts.join(", ")}] ${cost} seed ${seed}`,
      };
    });
}

/** A label: a probability vector for cross-entropy, values in [0, 1] otherwise. */
function label(n: number, raw: number[], cost: CostName): number[] {
  const u = Array.from({ length: n }, (_, i) => (raw[(i + 5) % raw.length] + 2) / 4);
  if (cost !== "crossEntropy") return u;
  const s = u.reduce((p, q) => p + q, 0);
  return s > 0 ? u.map((v) => v / s) : u.map((_, i) => (i === 0 ? 1 : 0));
}
