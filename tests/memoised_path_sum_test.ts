/**
 * Memoising the path sum is the δ recursion: over random architectures (fast-check, fixed seeds)
 * the memo table equals δ^l and ∂C/∂a^l of deltaRecursion entry by entry, the gradient equals the
 * naive path sum's, and the number of products is one per edge plus one per neuron (n_l² through
 * a softmax) — linear in the network's size, where countPaths grows as a product of widths.
 */

import fc from "fast-check";
import {
  activation,
  ArgumentError,
  compareGradients,
  cost,
  countPaths,
  createNetwork,
  deltaRecursion,
  forward,
  matvec,
  memoisedPathSum,
  type Network,
  pathSum,
} from "../lib/mod.ts";
import { caseArbitrary } from "./arbitraries.ts";
import { assertClose, equal, ok, throwsWith } from "./assert.ts";

// The same tolerance as agreement_test.ts: the methods differ only in the order of float64 sums.
const EXACT = { tolerance: 2e-11, floor: 1e-300 };

/** Σ_{l<L} n_l n_{l+1} edge products, plus n_l (elementwise σ) or n_l² (softmax) per layer. */
function expectedProducts(net: Network): number {
  const n = net.sizes, L = n.length - 1;
  let p = 0;
  for (let l = 1; l <= L; l++) {
    p += activation(net.activations[l]).elementwise ? n[l] : n[l] * n[l];
    if (l < L) p += n[l] * n[l + 1];
  }
  return p;
}

Deno.test("the memo table is δ^l (and ∂C/∂a^l) of the δ recursion, entry by entry", () => {
  fc.assert(
    fc.property(caseArbitrary(), (c) => {
      const m = memoisedPathSum(c.net, c.x, c.y, c.cost);
      const d = deltaRecursion(c.net, c.x, c.y, c.cost);
      const L = c.net.sizes.length - 1;
      equal(m.memo.z.length, L + 1);
      equal(m.memo.z[0].length, 0, "index 0 is empty, as in a trace");
      for (let l = 1; l <= L; l++) {
        equal(m.memo.z[l].length, c.net.sizes[l]);
        // ∂C/∂a^l: (W^{l+1})ᵀ δ^{l+1} below the output, the cost's gradient at it.
        const dCda = l === L ? null : matvec(c.net.W[l + 1], d.delta[l + 1], { transpose: true });
        for (let j = 0; j < c.net.sizes[l]; j++) {
          assertClose(
            m.memo.z[l][j],
            d.delta[l][j],
            EXACT.tolerance,
            `δ^${l}_${j} on ${c.label}`,
            EXACT.floor,
          );
          if (dCda) {
            assertClose(
              m.memo.a[l][j],
              dCda[j],
              EXACT.tolerance,
              `∂C/∂a^${l}_${j} on ${c.label}`,
              EXACT.floor,
            );
          }
        }
      }
    }),
    { numRuns: 400, seed: 20261124 },
  );
});

Deno.test("memoisedPathSum = pathSum = deltaRecursion, and its product count is linear", () => {
  fc.assert(
    fc.property(caseArbitrary(), (c) => {
      const m = memoisedPathSum(c.net, c.x, c.y, c.cost);
      const naive = pathSum(c.net, c.x, c.y, c.cost);
      const bp = deltaRecursion(c.net, c.x, c.y, c.cost);
      for (const [name, g] of [["pathSum", naive], ["deltaRecursion", bp]] as const) {
        const r = compareGradients(m, g, EXACT);
        ok(r.pass, `memoisedPathSum vs ${name} on ${c.label}: worst ${JSON.stringify(r.worst)}`);
      }
      equal(m.products, expectedProducts(c.net), `products on ${c.label}`);
    }),
    { numRuns: 300, seed: 5 },
  );
});

Deno.test("products: Σ n_l n_{l+1} + Σ n_l by hand, against the exponential path count", () => {
  const x = [0.5, -0.5], y = [1, 0];
  const small = createNetwork({ sizes: [2, 3, 3, 2], activations: "sigmoid", seed: 3 });
  equal(memoisedPathSum(small, x, y, "quadratic").products, 3 * 3 + 3 * 2 + (3 + 3 + 2));
  equal(countPaths(small.sizes), 3 * 3 * 6 + 4 * 3 * 2 + 4 * 2);
  // Width 4, depth 1..10: products grow by 4·4 + 4 = 20 a layer, paths about fourfold.
  let previous = 0;
  for (let L = 1; L <= 10; L++) {
    const sizes = Array(L + 1).fill(4);
    const net = createNetwork({ sizes, activations: "tanh", seed: L });
    const m = memoisedPathSum(net, [0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1], "quadratic");
    equal(m.products, 16 * (L - 1) + 4 * L);
    if (L > 1) equal(m.products - previous, 20);
    previous = m.products;
    equal(countPaths(sizes), (20 * (4 ** L - 1)) / 3);
  }
  // A softmax output: each z^L_j reaches C through all n_L activations.
  const soft = createNetwork({ sizes: [2, 3, 4], activations: ["relu", "softmax"], seed: 1 });
  const r = memoisedPathSum(soft, x, [0.25, 0.25, 0.25, 0.25], "crossEntropy");
  equal(r.products, 3 + 3 * 4 + 4 * 4);
});

Deno.test("at the output the memo holds ∇_a C and BP1's δ^L = ∇_a C ⊙ σ′(z^L), exactly", () => {
  const net = createNetwork({ sizes: [3, 5, 4, 2], activations: "sigmoid", seed: 9 });
  const x = [1, -1, 0.5], y = [0, 1];
  const m = memoisedPathSum(net, x, y, "squaredError");
  const { z, a } = forward(net, x);
  const gradA = cost("squaredError").gradient(a[3], Float64Array.from(y));
  const sigmaPrime = activation("sigmoid").derivative(z[3]);
  for (let j = 0; j < 2; j++) {
    equal(m.memo.a[3][j], gradA[j], `S(a³_${j}) = 2(a³_${j} − y_${j})`);
    equal(m.memo.z[3][j], sigmaPrime[j] * gradA[j], `S(z³_${j}) = σ′(z³_${j}) S(a³_${j})`);
  }
});

Deno.test("memoisedPathSum: bad input throws an ArgumentError before any work", () => {
  const net = createNetwork({ sizes: [3, 2, 2], activations: "tanh", seed: 1 });
  const x = [0.1, 0.2, 0.3], y = [0, 1];
  const e = throwsWith(
    () => memoisedPathSum(net, [0.1, 0.2], y, "quadratic"),
    'memoisedPathSum: argument "x"',
    "a vector of length 3",
    "length 2",
  );
  ok(e instanceof ArgumentError);
  throwsWith(
    () => memoisedPathSum(net, x, [0, NaN], "quadratic"),
    'memoisedPathSum: argument "y"',
    "finite numbers only",
    "index 1",
  );
  throwsWith(
    () => memoisedPathSum(net, x, y, "hinge"),
    'memoisedPathSum: argument "cost"',
    "hinge",
  );
  throwsWith(
    () => memoisedPathSum(net, x, y, "crossEntropy"),
    'memoisedPathSum: argument "cost"',
    "sigmoid or softmax",
  );
  throwsWith(
    () => memoisedPathSum(null as unknown as Network, x, y, "quadratic"),
    'memoisedPathSum: argument "net"',
  );
  const broken = createNetwork({ sizes: [3, 2, 2], activations: "tanh", seed: 1 });
  broken.W[2].data[1] = Infinity;
  throwsWith(
    () => memoisedPathSum(broken, x, y, "quadratic"),
    'memoisedPathSum: argument "net.W[2]"',
    "finite numbers only",
  );
  const misshapen = { ...net, W: [net.W[0], net.W[2], net.W[1]] };
  throwsWith(() => memoisedPathSum(misshapen, x, y, "quadratic"), "memoisedPathSum", "net.W[1]");
});
