/** Central differences: ReLU kinks are found and reported, not compared; smooth entries agree. */

import {
  compareGradients,
  deltaRecursion,
  finiteDifference,
  networkFromParameters,
} from "../lib/mod.ts";
import { assertClose, deepEqual, ok } from "./assert.ts";

// x = 1 and b¹₀ = −w¹₀₀ put z¹₀ exactly on the ReLU kink; z¹₁ = 1 is far from it.
function kinked(offset: number) {
  return networkFromParameters({
    activations: ["relu", "identity"],
    W: [null, [[-0.5], [1]], [[2, 3]]],
    b: [null, [0.5 + offset, 0], [0.1]],
  });
}

Deno.test("a pre-activation on the kink: exactly the parameters that move it are reported", () => {
  const net = kinked(0);
  const fd = finiteDifference(net, [1], [0], "quadratic", { epsilon: 1e-5 });
  deepEqual(fd.kinks, [
    { block: "dW", layer: 1, j: 0, k: 0 },
    { block: "db", layer: 1, j: 0 },
  ]);
  // And rightly so: there the difference quotient sees half the slope (ReLU′(0) is taken as 0).
  const bp = deltaRecursion(net, [1], [0], "quadratic");
  ok(Math.abs(fd.db[1][0] - bp.db[1][0]) > 0.1, "the straddling quotient differs from BP");
  const r = compareGradients(fd, bp, { tolerance: 1e-6, floor: 1e-4, exclude: fd.kinks });
  ok(r.pass && r.excluded === 2 && r.compared === 5, JSON.stringify(r));
  ok(!compareGradients(fd, bp, { tolerance: 1e-6, floor: 1e-4 }).pass, "without exclude it fails");
});

Deno.test("within ε of the kink is reported; far from it is not", () => {
  ok(finiteDifference(kinked(3e-6), [1], [0], "quadratic", { epsilon: 1e-5 }).kinks.length === 2);
  ok(finiteDifference(kinked(-3e-6), [1], [0], "quadratic", { epsilon: 1e-5 }).kinks.length === 2);
  ok(finiteDifference(kinked(1e-3), [1], [0], "quadratic", { epsilon: 1e-5 }).kinks.length === 0);
  ok(finiteDifference(kinked(-1e-3), [1], [0], "quadratic", { epsilon: 1e-5 }).kinks.length === 0);
});

Deno.test("away from the kink central differences match BP to O(ε²)", () => {
  const net = kinked(0.25);
  const bp = deltaRecursion(net, [1], [0], "quadratic");
  for (const epsilon of [1e-3, 1e-4, 1e-5]) {
    const fd = finiteDifference(net, [1], [0], "quadratic", { epsilon });
    // This network is piecewise linear in each parameter; the cost is quadratic in its output,
    // so central differences are exact up to round-off.
    fd.dW[2].data.forEach((v, i) => assertClose(v, bp.dW[2].data[i], 1e-9, `dW²[${i}]`));
  }
});

Deno.test("finiteDifference does not change the caller's network", () => {
  const net = kinked(0.1);
  const before = net.W.map((m) => Array.from(m.data)).concat(net.b.map((v) => Array.from(v)));
  finiteDifference(net, [1], [0], "quadratic");
  deepEqual(net.W.map((m) => Array.from(m.data)).concat(net.b.map((v) => Array.from(v))), before);
});
