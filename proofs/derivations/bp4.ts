/**
 * BP4, the gradient with respect to the weights: ∂C/∂w^l_{jk} = a^{l−1}_k δ^l_j, that is
 * ∂C/∂W^l = δ^l (a^{l−1})ᵀ.
 * @module
 */

import { column, fromRows, matmul, matvec } from "../../lib/mod.ts";
import { ELEMENTWISE, family } from "../families.ts";
import { costOfWeightedInput, gradient, jacobian } from "../numeric.ts";
import {
  deltaByDifferences,
  deltasOf,
  matrixOf,
  parameterGradientByDifferences,
  traceOf,
  weightedInputWith,
} from "../quantities.ts";
import type { Case, Proof } from "../types.ts";

/** ∂z^l/∂W^l by differences: n_l rows, one column per weight (row-major order of W^l). */
function weightJacobian(c: Case) {
  return jacobian((w) => weightedInputWith(c, c.l, w, c.net.b[c.l]), c.net.W[c.l].data);
}

/**
 * BP4 by the chain rule through z^l.
 *
 * @example
 * ```ts
 * import { checkProof } from "../check.ts";
 * import { BP4 } from "./bp4.ts";
 * if (!checkProof(BP4, { trials: 2, symbolic: false }).holds) throw new Error("BP4 holds");
 * ```
 */
export const BP4: Proof = {
  id: "bp4",
  title: "BP4: the gradient with respect to a weight",
  statement: String.raw`\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k\, \delta^l_j,
\qquad\text{that is}\qquad \frac{\partial C}{\partial W^l} = \delta^l \left(a^{l-1}\right)^{\mathsf T}`,
  hypotheses: String.raw`any layer $1 \le l \le L$; elementwise activations`,
  family: family({
    depth: [1, 4],
    hidden: ELEMENTWISE,
    output: ELEMENTWISE,
    costs: ["quadratic", "squaredError", "crossEntropy"],
    layer: "any",
  }),
  statementCheck: {
    compare: "finiteDifference",
    check: (c) => {
      const d = deltaByDifferences(c, c.l), a = traceOf(c).a[c.l - 1];
      return {
        left: parameterGradientByDifferences(c, c.l).dW,
        right: matmul(column(d), fromRows([Array.from(a)])),
        at: `l = ${c.l}`,
      };
    },
  },
  steps: [
    {
      id: "chain-rule",
      latex: String
        .raw`\frac{\partial C}{\partial w^l_{jk}} = \sum_i \frac{\partial C}{\partial z^l_i}\,
\frac{\partial z^l_i}{\partial w^l_{jk}}`,
      justification: "chain rule: W^l reaches C only through z^l",
      compare: "finiteDifference",
      check: (c) => {
        const J = weightJacobian(c);
        const g = gradient((z) => costOfWeightedInput(c, c.l, z), traceOf(c).z[c.l]);
        const W = c.net.W[c.l];
        return {
          left: parameterGradientByDifferences(c, c.l).dW,
          right: { rows: W.rows, cols: W.cols, data: matvec(J, g, { transpose: true }) },
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "weight-enters-once",
      latex: String
        .raw`\frac{\partial z^l_i}{\partial w^l_{jk}} = \begin{cases} a^{l-1}_k & i = j \\ 0 & i \ne j \end{cases}`,
      justification:
        "only one term depends on w^l_{jk}: z^l_i = Σ_k w^l_{ik} a^{l−1}_k + b^l_i contains " +
        "w^l_{jk} only when i = j, linearly with slope a^{l−1}_k",
      compare: "finiteDifference",
      check: (c) => {
        const J = weightJacobian(c), a = traceOf(c).a[c.l - 1], n = a.length;
        return {
          left: J,
          // column p of J is the weight (j, k) = (⌊p / n⌋, p mod n)
          right: matrixOf(J.rows, J.cols, (i, p) => (i === Math.floor(p / n) ? a[p % n] : 0)),
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "collapse",
      latex: String
        .raw`\frac{\partial C}{\partial w^l_{jk}} = \frac{\partial C}{\partial z^l_j}\, a^{l-1}_k
= \delta^l_j\, a^{l-1}_k`,
      justification: "the sum has one nonzero term (i = j); then the definition of δ^l",
      compare: "finiteDifference",
      check: (c) => {
        const d = deltasOf(c)[c.l], a = traceOf(c).a[c.l - 1];
        return {
          left: parameterGradientByDifferences(c, c.l).dW,
          right: matrixOf(d.length, a.length, (j, k) => d[j] * a[k]),
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "matrix-form",
      latex: String
        .raw`\left(\delta^l_j\, a^{l-1}_k\right)_{jk} = \delta^l \left(a^{l-1}\right)^{\mathsf T}`,
      justification: "definition of the outer product: a column vector times a row vector",
      compare: "exact",
      check: (c) => {
        const d = deltasOf(c)[c.l], a = traceOf(c).a[c.l - 1];
        return {
          left: matrixOf(d.length, a.length, (j, k) => d[j] * a[k]),
          right: matmul(column(d), fromRows([Array.from(a)])),
          at: `l = ${c.l}`,
        };
      },
    },
  ],
};
