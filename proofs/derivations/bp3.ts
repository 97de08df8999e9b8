/**
 * BP3, the gradient with respect to the biases: ∂C/∂b^l_j = δ^l_j.
 * @module
 */

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
import { matvec } from "../../lib/mod.ts";
import type { Proof } from "../types.ts";

/**
 * BP3 by the chain rule through z^l.
 *
 * @example
 * ```ts
 * import { checkProof } from "../check.ts";
 * import { BP3 } from "./bp3.ts";
 * if (!checkProof(BP3, { trials: 2, symbolic: false }).holds) throw new Error("BP3 holds");
 * ```
 */
export const BP3: Proof = {
  id: "bp3",
  title: "BP3: the gradient with respect to a bias",
  statement: String.raw`\frac{\partial C}{\partial b^l_j} = \delta^l_j`,
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
    check: (c) => ({
      left: parameterGradientByDifferences(c, c.l).db,
      right: deltaByDifferences(c, c.l),
      at: `l = ${c.l}`,
    }),
  },
  steps: [
    {
      id: "chain-rule",
      latex: String
        .raw`\frac{\partial C}{\partial b^l_j} = \sum_k \frac{\partial C}{\partial z^l_k}\,
\frac{\partial z^l_k}{\partial b^l_j}`,
      justification: "chain rule: b^l reaches C only through z^l",
      compare: "finiteDifference",
      check: (c) => {
        const W = c.net.W[c.l].data;
        const J = jacobian((b) => weightedInputWith(c, c.l, W, b), c.net.b[c.l]);
        const g = gradient((z) => costOfWeightedInput(c, c.l, z), traceOf(c).z[c.l]);
        return {
          left: parameterGradientByDifferences(c, c.l).db,
          right: matvec(J, g, { transpose: true }),
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "bias-enters-once",
      latex: String
        .raw`\frac{\partial z^l_k}{\partial b^l_j} = \begin{cases} 1 & k = j \\ 0 & k \ne j \end{cases}`,
      justification:
        "only one term depends on b^l_j: z^l_k = Σ_i w^l_{ki} a^{l−1}_i + b^l_k contains " +
        "b^l_j only when k = j, with coefficient 1",
      compare: "finiteDifference",
      check: (c) => {
        const W = c.net.W[c.l].data, n = c.net.sizes[c.l];
        return {
          left: jacobian((b) => weightedInputWith(c, c.l, W, b), c.net.b[c.l]),
          right: matrixOf(n, n, (k, j) => (k === j ? 1 : 0)),
          at: `l = ${c.l}`,
        };
      },
    },
    {
      id: "collapse",
      latex: String
        .raw`\sum_k \frac{\partial C}{\partial z^l_k}\,\frac{\partial z^l_k}{\partial b^l_j}
= \frac{\partial C}{\partial z^l_j} = \delta^l_j`,
      justification: "the sum has one nonzero term (k = j); then the definition of δ^l",
      compare: "finiteDifference",
      check: (c) => ({
        left: gradient((z) => costOfWeightedInput(c, c.l, z), traceOf(c).z[c.l]),
        right: deltasOf(c)[c.l],
        at: `l = ${c.l}`,
      }),
    },
  ],
};
