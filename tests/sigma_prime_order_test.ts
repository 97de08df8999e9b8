/**
 * The order of the Σ′ product, pinned directly: δ¹ = Σ′(z¹)(W²)ᵀ Σ′(z²)(W³)ᵀ Σ′(z³) ∇_a C, written
 * out here with 2 × 2 matrices by hand, on square layers where diagonal and full matrices do not
 * commute, so that any other order of the same factors gives another number (checked too).
 */

import {
  activation,
  cost,
  forward,
  type Matrix,
  networkFromParameters,
  sigmaPrime,
} from "../lib/mod.ts";
import { assertClose, ok } from "./assert.ts";

type M2 = number[][];

const mul = (a: M2, b: M2): M2 =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const t = (a: M2): M2 => a[0].map((_, j) => a.map((row) => row[j]));
const apply = (a: M2, v: number[]): number[] =>
  a.map((row) => row.reduce((s, w, k) => s + w * v[k], 0));
const rows = (m: Matrix): M2 =>
  Array.from(
    { length: m.rows },
    (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
  );

/** Three square layers; the last is sigmoid (Σ′ diagonal) or softmax (Σ′ full), quadratic cost. */
function setup(output: "sigmoid" | "softmax") {
  const W: M2[] = [
    [],
    [[0.9, -0.4], [0.3, 1.2]],
    [[1.1, 0.7], [-0.8, 0.5]],
    [[0.6, -1.3], [0.9, 0.4]],
  ];
  const b = [[], [0.1, -0.2], [0.3, 0.05], [-0.1, 0.2]];
  const acts = ["tanh", "sigmoid", output] as const;
  const net = networkFromParameters({
    activations: [...acts],
    W: [null, ...W.slice(1)],
    b: [null, ...b.slice(1)],
  });
  const x = [0.7, -0.5], y = [0.2, 0.9];
  const { z, a } = forward(net, x);
  // Σ′(z) = (∂a/∂z)ᵀ, from the activations' own Jacobians
  const S = [[], ...acts.map((name, i) => t(rows(activation(name).jacobian(z[i + 1]))))];
  const grad = Array.from(cost("quadratic").gradient(a[3], Float64Array.from(y)));
  return { net, x, y, W, S, grad };
}

for (const output of ["sigmoid", "softmax"] as const) {
  Deno.test(`δ¹ = Σ′(z¹)(W²)ᵀΣ′(z²)(W³)ᵀΣ′(z³)∇C in that order (${output} output)`, () => {
    const { net, x, y, W, S, grad } = setup(output);
    const right = apply(mul(mul(mul(mul(S[1], t(W[2])), S[2]), t(W[3])), S[3]), grad);
    const right2 = apply(mul(mul(S[2], t(W[3])), S[3]), grad);
    const product = sigmaPrime(net, x, y, "quadratic", { form: "product" });
    const recursive = sigmaPrime(net, x, y, "quadratic", { form: "recursive" });
    for (const [name, r] of [["product", product], ["recursive", recursive]] as const) {
      for (let j = 0; j < 2; j++) {
        assertClose(r.delta[1][j], right[j], 1e-14, `${name} δ¹_${j}`);
        assertClose(r.db[1][j], right[j], 1e-14, `${name} ∂C/∂b¹_${j}`);
        assertClose(r.delta[2][j], right2[j], 1e-14, `${name} δ²_${j}`);
      }
    }
    // The same factors in other orders give other numbers, so the check above can tell.
    const wrong: Record<string, number[]> = {
      "reversed": apply(mul(mul(mul(mul(S[3], t(W[3])), S[2]), t(W[2])), S[1]), grad),
      "Σ′ right of each Wᵀ": apply(mul(mul(mul(mul(t(W[2]), S[1]), t(W[3])), S[2]), S[3]), grad),
      "Σ′ left, W not transposed": apply(mul(mul(mul(mul(S[1], W[2]), S[2]), W[3]), S[3]), grad),
    };
    for (const [name, v] of Object.entries(wrong)) {
      const gap = Math.max(...v.map((vj, j) => Math.abs(vj - right[j])));
      ok(gap > 1e-3 * Math.max(...right.map(Math.abs)), `${name} differs (by ${gap})`);
    }
  });
}
