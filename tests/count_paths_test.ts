/**
 * countPaths against a brute-force count: build the network's computational graph explicitly
 * (nodes z^m_j and a^m_i, an edge wherever a local derivative is structurally non-zero), walk every
 * path from every parameter's neuron to the cost one by one, and count.
 */

import fc from "fast-check";
import {
  ACTIVATION_NAMES,
  type ActivationName,
  countPaths,
  createNetwork,
  listPaths,
} from "../lib/mod.ts";
import { deepEqual, equal } from "./assert.ts";

function bruteForce(sizes: number[], acts: ActivationName[]): number {
  const L = sizes.length - 1;
  // successors of a node "z:m:j" or "a:m:i"
  const next = (node: string): string[] => {
    const [kind, ms, is] = node.split(":");
    const m = Number(ms), i = Number(is);
    if (kind === "z") {
      const out = acts[m - 1] === "softmax" ? [...Array(sizes[m]).keys()] : [i];
      return out.map((k) => `a:${m}:${k}`);
    }
    if (m === L) return ["C"];
    return [...Array(sizes[m + 1]).keys()].map((k) => `z:${m + 1}:${k}`);
  };
  const walk = (
    node: string,
  ): number => (node === "C" ? 1 : next(node).reduce((s, n) => s + walk(n), 0));
  let total = 0;
  for (let l = 1; l <= L; l++) {
    for (let j = 0; j < sizes[l]; j++) total += (sizes[l - 1] + 1) * walk(`z:${l}:${j}`);
  }
  return total;
}

Deno.test("countPaths equals a brute-force walk of the computational graph", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }).chain((L) =>
        fc.record({
          sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: L + 1, maxLength: L + 1 }),
          acts: fc.array(fc.constantFrom(...ACTIVATION_NAMES), { minLength: L, maxLength: L }),
        })
      ),
      ({ sizes, acts }) => equal(countPaths(sizes, acts), bruteForce(sizes, acts)),
    ),
    { numRuns: 300, seed: 8 },
  );
});

Deno.test("countPaths: the closed form on hand-checked networks", () => {
  equal(countPaths([1, 1]), 2); // w and b, one path each
  equal(countPaths([2, 3, 1]), 9 + 4);
  equal(countPaths([784, 30, 10]), 785 * 30 * 10 + 31 * 10);
  equal(countPaths([2, 3], "softmax"), 3 * 3 * 3); // 9 parameters, 3 ways through the softmax each
});

Deno.test("listPaths lists exactly the paths that countPaths counts, in order", () => {
  const net = createNetwork({
    sizes: [2, 2, 3, 2],
    activations: ["relu", "tanh", "softmax"],
    seed: 1,
  });
  const paths = [...listPaths(net, 2, 1)];
  equal(paths.length, 1 * 2 * 2); // z²₁ → a²₁ → one of z³₀, z³₁ → one of a³₀, a³₁
  deepEqual(paths[0], { layer: 2, z: [1, 0], a: [1, 0] });
  deepEqual(paths[3], { layer: 2, z: [1, 1], a: [1, 1] });
  let perNeuron = 0;
  for (let l = 1; l <= 3; l++) {
    for (let j = 0; j < net.sizes[l]; j++) {
      perNeuron += (net.sizes[l - 1] + 1) * [...listPaths(net, l, j)].length;
    }
  }
  equal(perNeuron, countPaths(net.sizes, ["relu", "tanh", "softmax"]));
});
