/**
 * BP2, the error of layer l from that of layer l + 1: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l).
 * @module
 */

import { activation, hadamardVec, matvec } from "../../lib/mod.ts";
import { ELEMENTWISE, family } from "../families.ts";
import { costOfWeightedInput, gradient, jacobian, nextWeightedInput } from "../numeric.ts";
import { deltaByDifferences, deltasOf, matrixOf, sigmaPrimeOf, traceOf } from "../quantities.ts";
import type { Case, Proof } from "../types.ts";

function next(c: Case) {
  const l = c.l;
  const t = traceOf(c);
  return {
    l,
    t,
    W: c.net.W[l + 1],
    /** ∂z^{l+1}/∂z^l by differences, n_{l+1} × n_l */
    J: jacobian((z) => nextWeightedInput(c, l, z), t.z[l]),
    /** ∂C/∂z^{l+1} by differences */
    g: gradient((z) => costOfWeightedInput(c, l + 1, z), t.z[l + 1]),
  };
}

/**
 * BP2 by the chain rule through z^{l+1}.
 *
 * @example
 * ```ts
 * import { checkProof } from "../check.ts";
 * import { BP2 } from "./bp2.ts";
 * if (!checkProof(BP2, { trials: 2, symbolic: false }).holds) throw new Error("BP2 holds");
 * ```
 */
export const BP2: Proof = {
  id: "bp2",
  title: "BP2: the error of a layer from the error of the next",
  statement: String
    .raw`\delta^l = \left((W^{l+1})^{\mathsf T} \delta^{l+1}\right) \odot \sigma'(z^l)`,
  hypotheses: String.raw`$1 \le l < L$; $\sigma$ acts elementwise in layer $l$`,
  family: family({
    depth: [2, 4],
    hidden: ELEMENTWISE,
    output: ELEMENTWISE,
    costs: ["quadratic", "squaredError", "crossEntropy"],
    layer: "hidden",
  }),
  statementCheck: {
    compare: "finiteDifference",
    check: (c) => ({
      left: deltaByDifferences(c, c.l),
      right: hadamardVec(
        matvec(c.net.W[c.l + 1], deltaByDifferences(c, c.l + 1), { transpose: true }),
        sigmaPrimeOf(c, c.l),
      ),
      at: `l = ${c.l}`,
    }),
  },
  steps: [
    {
      id: "definition",
      latex: String.raw`\delta^l_j = \frac{\partial C}{\partial z^l_j}`,
      justification:
        "definition of the error δ (the library's δ^l against differences of C in z^l)",
      compare: "finiteDifference",
      check: (c) => ({
        left: deltasOf(c)[c.l],
        right: deltaByDifferences(c, c.l),
        at: `l = ${c.l}`,
      }),
    },
    {
      id: "chain-rule",
      latex: String
        .raw`\frac{\partial C}{\partial z^l_j} = \sum_k \frac{\partial C}{\partial z^{l+1}_k}\,
\frac{\partial z^{l+1}_k}{\partial z^l_j}`,
      justification: "chain rule: z^l reaches C only through z^{l+1}",
      compare: "finiteDifference",
      check: (c) => {
        const n = next(c);
        return {
          left: deltaByDifferences(c, c.l),
          right: matvec(n.J, n.g, { transpose: true }),
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "definition-next",
      latex: String
        .raw`\sum_k \frac{\partial C}{\partial z^{l+1}_k}\,\frac{\partial z^{l+1}_k}{\partial z^l_j}
= \sum_k \frac{\partial z^{l+1}_k}{\partial z^l_j}\,\delta^{l+1}_k`,
      justification: "definition of δ^{l+1} (and the factors commute)",
      compare: "finiteDifference",
      check: (c) => {
        const n = next(c);
        return {
          left: matvec(n.J, n.g, { transpose: true }),
          right: matvec(n.J, deltasOf(c)[c.l + 1], { transpose: true }),
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "forward",
      latex: String.raw`z^{l+1}_k = \sum_j w^{l+1}_{kj}\, a^l_j + b^{l+1}_k
= \sum_j w^{l+1}_{kj}\, \sigma(z^l_j) + b^{l+1}_k`,
      justification: "definition: the forward pass, with a^l = σ(z^l)",
      compare: "exact",
      check: (c) => {
        const n = next(c);
        const s = activation(c.net.activations[c.l]).value(n.t.z[c.l]);
        return {
          left: n.t.z[c.l + 1],
          right: Array.from({ length: n.W.rows }, (_, k) => {
            let sum = c.net.b[c.l + 1][k];
            for (let j = 0; j < n.W.cols; j++) sum += n.W.data[k * n.W.cols + j] * s[j];
            return sum;
          }),
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "differentiate",
      latex: String.raw`\frac{\partial z^{l+1}_k}{\partial z^l_j} = w^{l+1}_{kj}\, \sigma'(z^l_j)`,
      justification:
        "only the j-th term of the sum depends on z^l_j (σ elementwise); b^{l+1}_k is constant",
      compare: "finiteDifference",
      check: (c) => {
        const n = next(c);
        const s = sigmaPrimeOf(c, c.l);
        return {
          left: n.J,
          right: matrixOf(n.W.rows, n.W.cols, (k, j) => n.W.data[k * n.W.cols + j] * s[j]),
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "component-form",
      latex: String.raw`\delta^l_j = \sum_k w^{l+1}_{kj}\, \delta^{l+1}_k\, \sigma'(z^l_j)`,
      justification: "substitution of the derivative into the chain rule",
      compare: "finiteDifference",
      check: (c) => {
        const W = c.net.W[c.l + 1], d = deltasOf(c)[c.l + 1], s = sigmaPrimeOf(c, c.l);
        return {
          left: deltaByDifferences(c, c.l),
          right: Array.from(s, (sj, j) => {
            let sum = 0;
            for (let k = 0; k < W.rows; k++) sum += W.data[k * W.cols + j] * d[k] * sj;
            return sum;
          }),
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "matrix-form",
      latex: String.raw`\left(\sum_k w^{l+1}_{kj}\, \delta^{l+1}_k\, \sigma'(z^l_j)\right)_j
= \left((W^{l+1})^{\mathsf T} \delta^{l+1}\right) \odot \sigma'(z^l)`,
      justification:
        "Σ_k w_{kj} v_k is entry j of Wᵀ v; the factor σ′(z^l_j) is a Hadamard product",
      compare: "exact",
      check: (c) => {
        const W = c.net.W[c.l + 1], d = deltasOf(c)[c.l + 1], s = sigmaPrimeOf(c, c.l);
        return {
          left: Array.from(s, (sj, j) => {
            let sum = 0;
            for (let k = 0; k < W.rows; k++) sum += W.data[k * W.cols + j] * d[k] * sj;
            return sum;
          }),
          right: hadamardVec(matvec(W, d, { transpose: true }), s),
          at: `l = ${c.l}`,
        };
      },
    },
  ],
};
