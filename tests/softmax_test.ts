/** Softmax with cross-entropy: δ^L = a^L − y, which is Jᵀ ∇_a C with J the softmax Jacobian. */

import fc from "fast-check";
import {
  activation,
  cost,
  createNetwork,
  deltaRecursion,
  matvec,
  softmax,
  softmaxJacobian,
} from "../lib/mod.ts";
import { assertClose, equal, ok } from "./assert.ts";

const probabilityLabel = (n: number) =>
  fc.oneof(
    fc.nat({ max: n - 1 }).map((k) => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0))),
    fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map(
      (u) => u.map((v) => v / u.reduce((p, q) => p + q, 0)),
    ),
  );

Deno.test("softmax + cross-entropy: δ^L = a − y = Jᵀ ∇_a C", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }).chain((n) =>
        fc.record({
          n: fc.constant(n),
          hidden: fc.integer({ min: 1, max: 5 }),
          seed: fc.nat(),
          y: probabilityLabel(n),
          x: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
        })
      ),
      ({ n, hidden, seed, y, x }) => {
        const net = createNetwork({
          sizes: [3, hidden, n],
          activations: ["tanh", "softmax"],
          seed,
        });
        const { delta, trace } = deltaRecursion(net, x, y, "crossEntropy");
        const aL = trace.a[2], zL = trace.z[2];
        const viaJacobian = matvec(
          softmaxJacobian(zL),
          cost("crossEntropy").gradient(aL, Float64Array.from(y)),
          {
            transpose: true,
          },
        );
        for (let j = 0; j < n; j++) {
          // a − y holds because Σ y = 1: the absolute error is what cancellation leaves.
          ok(Math.abs(delta[2][j] - (aL[j] - y[j])) < 1e-12, `δ^L_${j} = a_${j} − y_${j}`);
          ok(Math.abs(viaJacobian[j] - (aL[j] - y[j])) < 1e-12, `(Jᵀ∇C)_${j} = a_${j} − y_${j}`);
        }
      },
    ),
    { numRuns: 300, seed: 5 },
  );
});

Deno.test("δ^L = a − y needs Σ y = 1: with y = 2·one-hot it is a·Σy − y instead", () => {
  const net = createNetwork({ sizes: [2, 3], activations: "softmax", seed: 3 });
  const y = [0, 2, 0];
  const { delta, trace } = deltaRecursion(net, [0.5, 0.1], y, "crossEntropy");
  const a = trace.a[1];
  for (let j = 0; j < 3; j++) assertClose(delta[1][j], 2 * a[j] - y[j], 1e-12, `δ_${j}`);
  ok(Math.abs(delta[1][0] - (a[0] - y[0])) > 0.1, "a − y is then wrong");
});

Deno.test("softmax is shift-invariant, sums to 1 and never overflows", () => {
  const a = softmax(Float64Array.of(1000, 1001, 999));
  const b = softmax(Float64Array.of(0, 1, -1));
  a.forEach((v, i) => assertClose(v, b[i], 1e-15, `softmax[${i}]`));
  assertClose(a.reduce((p, q) => p + q, 0), 1, 1e-15, "Σ softmax");
  const J = softmaxJacobian(Float64Array.of(0.3, -0.2, 2));
  for (let i = 0; i < 3; i++) {
    let row = 0;
    for (let j = 0; j < 3; j++) {
      row += J.data[i * 3 + j];
      assertClose(J.data[i * 3 + j], J.data[j * 3 + i], 1e-15, "J symmetric");
    }
    ok(Math.abs(row) < 1e-16, "each row of J sums to 0 (Σ a = 1 whatever z)");
  }
});

// Independent oracles, through cosh (accurate to an ulp or two where it does not overflow):
// σ′(z) = σ(z)σ(−z) = 1 / (2 + 2 cosh z) and tanh′(z) = 1 / cosh² z.
const SATURATION = [
  -350,
  -100,
  -40,
  -30,
  -19.5,
  -10,
  -1,
  0,
  0.5,
  10,
  15,
  19,
  19.5,
  20,
  40,
  300,
  350,
];

Deno.test("σ′ keeps full relative accuracy in saturation (no 1 − σ cancellation)", () => {
  const sigmoid = activation("sigmoid");
  for (const z of SATURATION) {
    const got = sigmoid.derivative(Float64Array.of(z))[0];
    assertClose(got, 1 / (2 + 2 * Math.cosh(z)), 1e-14, `σ′(${z})`);
    ok(got > 0, `σ′(${z}) > 0`);
  }
});

Deno.test("tanh′ keeps full relative accuracy in saturation (no 1 − tanh² cancellation)", () => {
  const tanh = activation("tanh");
  for (const z of SATURATION) {
    const got = tanh.derivative(Float64Array.of(z))[0];
    assertClose(got, 1 / Math.cosh(z) ** 2, 1e-14, `tanh′(${z})`);
    ok(got > 0, `tanh′(${z}) > 0 while it is representable`);
  }
  // 1 − tanh² was exactly 0 from |z| ≈ 19.06; the true value at 20 is 1.7e-17.
  assertClose(tanh.derivative(Float64Array.of(20))[0], 1.6993417021166355e-17, 1e-14, "tanh′(20)");
  // Beyond the representable range the derivative is 0, not NaN.
  equal(tanh.derivative(Float64Array.of(800))[0], 0);
});
