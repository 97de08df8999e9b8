/**
 * δ^l = ∂C/∂z^l by central differences on z^l itself: it agrees with BP1–BP2 wherever the cost is
 * smooth, reports ReLU kinks instead of comparing across them, and refuses bad input up front.
 */

import {
  ArgumentError,
  createNetwork,
  deltaFiniteDifference,
  deltaRecursion,
  forward,
  networkFromParameters,
} from "../lib/mod.ts";
import { assertClose, deepEqual, ok, throwsWith } from "./assert.ts";

Deno.test("agrees with the δ recursion for sigmoid, tanh and softmax layers", () => {
  const cases = [
    { sizes: [3, 4, 3, 2], activations: "sigmoid", y: [1, 0], cost: "quadratic" },
    { sizes: [2, 5, 2], activations: "tanh", y: [0.3, -0.2], cost: "squaredError" },
    { sizes: [3, 4, 3], activations: ["sigmoid", "softmax"], y: [0, 0, 1], cost: "crossEntropy" },
  ] as const;
  for (const [seed, c] of cases.entries()) {
    const net = createNetwork({ sizes: c.sizes, activations: c.activations, seed });
    const x = Array.from({ length: c.sizes[0] }, (_, i) => Math.sin(i + seed));
    const fd = deltaFiniteDifference(net, x, c.y, c.cost);
    const bp = deltaRecursion(net, x, c.y, c.cost);
    ok(fd.kinks.length === 0 && fd.epsilon === 1e-5, "no ReLU, default ε");
    for (let l = 1; l < c.sizes.length; l++) {
      fd.delta[l].forEach((d, j) => assertClose(d, bp.delta[l][j], 1e-7, `δ${l}[${j}]`, 1e-9));
    }
    deepEqual(fd.delta[0].length, 0);
  }
});

Deno.test("the trace is the forward pass; the network is left untouched", () => {
  const net = createNetwork({ sizes: [2, 3, 1], activations: "sigmoid", seed: 2 });
  const before = net.W.map((m) => Array.from(m.data));
  const fd = deltaFiniteDifference(net, [0.1, 0.2], [1], "quadratic", { epsilon: 1e-4 });
  const t = forward(net, [0.1, 0.2]);
  deepEqual(fd.trace.z.map((v) => Array.from(v)), t.z.map((v) => Array.from(v)));
  deepEqual(net.W.map((m) => Array.from(m.data)), before);
  ok(fd.epsilon === 1e-4);
});

Deno.test("a ReLU pre-activation on its kink is reported, in its own layer and below", () => {
  // z¹₀ = −0.5·1 + 0.5 = 0 exactly: the kink; z¹₁ = 1 is far from it.
  const net = networkFromParameters({
    activations: ["relu", "identity"],
    W: [null, [[-0.5], [1]], [[2, 3]]],
    b: [null, [0.5, 0], [0.1]],
  });
  const fd = deltaFiniteDifference(net, [1], [0], "quadratic");
  deepEqual(fd.kinks, [{ layer: 1, j: 0 }]);
  const bp = deltaRecursion(net, [1], [0], "quadratic");
  // Away from the kink the estimate is exact up to round-off (the network is linear there).
  assertClose(fd.delta[1][1], bp.delta[1][1], 1e-8, "δ¹₁");
  assertClose(fd.delta[2][0], bp.delta[2][0], 1e-8, "δ²₀");
});

Deno.test("bad input throws an ArgumentError before any work", () => {
  const net = createNetwork({ sizes: [2, 2], activations: "sigmoid", seed: 1 });
  const bad: [() => unknown, string][] = [
    [() => deltaFiniteDifference(net, [1, 2, 3], [0, 1], "quadratic"), '"x"'],
    [() => deltaFiniteDifference(net, [1, 2], [0], "quadratic"), '"y"'],
    [() => deltaFiniteDifference(net, [1, 2], [0, 1], "hinge"), "cost"],
    [() => deltaFiniteDifference(net, [1, 2], [0, 1], "quadratic", { epsilon: 0 }), "epsilon"],
    [() => deltaFiniteDifference(net, [1, NaN], [0, 1], "quadratic"), '"x"'],
  ];
  for (const [f, name] of bad) {
    const e = throwsWith(f, "deltaFiniteDifference:", name);
    ok(e instanceof ArgumentError, `${e.name}: ${e.message}`);
  }
});
