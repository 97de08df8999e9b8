/**
 * ReLU′(0) = 0, the library's documented convention at the kink, pinned directly: the derivative
 * and the Jacobian at exactly 0, and the gradient of a network with a hidden unit sitting exactly
 * on its kink, by every method and both training engines, against values worked out by hand.
 * (The agreement tests leave kinked entries out, so without this a change of convention would
 * pass unnoticed.)
 */

import {
  activation,
  batchGradient,
  cloneNetwork,
  deltaRecursion,
  forwardMode,
  fromColumns,
  type Gradients,
  memoisedPathSum,
  networkFromParameters,
  pathSum,
  setKernels,
  sgd,
  sigmaPrime,
} from "../lib/mod.ts";
import { deepEqual } from "./assert.ts";

Deno.test("ReLU′ is 0 at exactly 0 (and at −0), 1 just above", () => {
  const relu = activation("relu");
  const z = Float64Array.of(0, -0, 5e-324, -5e-324, 2);
  deepEqual(Array.from(relu.derivative(z)), [0, 0, 1, 0, 1]);
  deepEqual(Array.from(relu.jacobian(Float64Array.of(0, 1)).data), [0, 0, 0, 1]);
  const out = new Float64Array(2);
  relu.derivativeAt(Float64Array.of(0, 3), 0, 2, out);
  deepEqual(Array.from(out), [0, 1]);
});

/**
 * x = 1; hidden z¹ = W¹x + b¹ = (1·1 − 1, 2·1 + 0.5) = (0, 2.5): unit 0 exactly on its kink;
 * a¹ = (0, 2.5); output (identity) z² = 3·0 − 1·2.5 + 0.25 = −2.25; quadratic cost with y = 1,
 * δ² = a² − y = −3.25. With ReLU′(0) = 0: δ¹ = (W²)ᵀδ² ⊙ ReLU′(z¹) = (3·(−3.25)·0, (−1)(−3.25)·1)
 * = (0, 3.25). Every number is exact in float64.
 */
const kinked = () =>
  networkFromParameters({
    activations: ["relu", "identity"],
    W: [null, [[1], [2]], [[3, -1]]],
    b: [null, [-1, 0.5], [0.25]],
  });
const BY_HAND = { dW1: [0, 3.25], db1: [0, 3.25], dW2: [0, -8.125], db2: [-3.25] };

function flat(g: Gradients) {
  return {
    dW1: Array.from(g.dW[1].data),
    db1: Array.from(g.db[1]),
    dW2: Array.from(g.dW[2].data),
    db2: Array.from(g.db[2]),
  };
}

Deno.test("a hidden unit exactly on its kink gets gradient 0, by every method", () => {
  const net = kinked(), x = [1], y = [1];
  const methods: Record<string, Gradients> = {
    deltaRecursion: deltaRecursion(net, x, y, "quadratic"),
    pathSum: pathSum(net, x, y, "quadratic"),
    memoisedPathSum: memoisedPathSum(net, x, y, "quadratic"),
    "sigmaPrime recursive": sigmaPrime(net, x, y, "quadratic", { form: "recursive" }),
    "sigmaPrime product": sigmaPrime(net, x, y, "quadratic", { form: "product" }),
    batchGradient: batchGradient(net, fromColumns([x]), fromColumns([y]), "quadratic"),
    forwardMode: forwardMode(net, x, y, "quadratic"),
  };
  for (const [name, g] of Object.entries(methods)) deepEqual(flat(g), BY_HAND, name);
});

Deno.test("an SGD step leaves the kinked unit's weight and bias alone, on both engines", () => {
  for (const kernels of ["reference", "wasm"] as const) {
    const net = cloneNetwork(kinked());
    const before = setKernels(kernels);
    try {
      sgd(net, { X: fromColumns([[1]]), Y: fromColumns([[1]]) }, {
        epochs: 1,
        batchSize: 1,
        eta: 0.5,
        seed: 1,
        cost: "quadratic",
      });
    } finally {
      setKernels(before);
    }
    // W¹ ← W¹ − η dW¹ = (1 − 0, 2 − 1.625), b¹ ← (−1 − 0, 0.5 − 1.625)
    deepEqual(Array.from(net.W[1].data), [1, 0.375], `${kernels}: W¹`);
    deepEqual(Array.from(net.b[1]), [-1, -1.125], `${kernels}: b¹`);
  }
});
