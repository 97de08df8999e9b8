/**
 * BP1, the error of the output layer: δ^L = ∇_a C ⊙ σ′(z^L), for an elementwise σ and any cost
 * that is a function of a^L.
 * @module
 */

import { activation, hadamardVec, matvec } from "../../lib/mod.ts";
import { ELEMENTWISE, family } from "../families.ts";
import {
  activationGradientByDifferences,
  activationJacobianByDifferences,
  costGradientOf,
  deltaByDifferences,
  deltasOf,
  sigmaPrimeByDifferences,
  sigmaPrimeOf,
  traceOf,
} from "../quantities.ts";
import type { Case, Proof } from "../types.ts";

const L = (c: Case) => c.net.sizes.length - 1;

/**
 * BP1 by the chain rule through a^L.
 *
 * @example
 * ```ts
 * import { checkProof } from "../check.ts";
 * import { BP1 } from "./bp1.ts";
 * if (!checkProof(BP1, { trials: 2, symbolic: false }).holds) throw new Error("BP1 holds");
 * ```
 */
export const BP1: Proof = {
  id: "bp1",
  title: "BP1: the error of the output layer",
  statement: String.raw`\delta^L = \nabla_a C \odot \sigma'(z^L)`,
  hypotheses: String.raw`$\sigma$ acts elementwise in layer $L$; $C$ is a function of $a^L$ ` +
    "(quadratic, squared error or cross-entropy)",
  family: family({
    depth: [1, 4],
    hidden: ELEMENTWISE,
    output: ELEMENTWISE,
    costs: ["quadratic", "squaredError", "crossEntropy"],
    layer: "output",
  }),
  statementCheck: {
    compare: "finiteDifference",
    check: (c) => ({
      left: deltaByDifferences(c, L(c)),
      right: hadamardVec(costGradientOf(c), sigmaPrimeOf(c, L(c))),
    }),
  },
  steps: [
    {
      id: "definition",
      latex: String.raw`\delta^L_j = \frac{\partial C}{\partial z^L_j}`,
      justification:
        "definition of the error δ (the library's δ^L against differences of C in z^L)",
      compare: "finiteDifference",
      check: (c) => ({ left: deltasOf(c)[L(c)], right: deltaByDifferences(c, L(c)) }),
    },
    {
      id: "chain-rule",
      latex: String
        .raw`\frac{\partial C}{\partial z^L_j} = \sum_k \frac{\partial C}{\partial a^L_k}\,
\frac{\partial a^L_k}{\partial z^L_j}`,
      justification: "chain rule: z^L reaches C only through a^L",
      compare: "finiteDifference",
      check: (c) => ({
        left: deltaByDifferences(c, L(c)),
        right: matvec(
          activationJacobianByDifferences(c, L(c)),
          activationGradientByDifferences(c, L(c)),
          {
            transpose: true,
          },
        ),
      }),
    },
    {
      id: "elementwise",
      latex: String
        .raw`\sum_k \frac{\partial C}{\partial a^L_k}\,\frac{\partial a^L_k}{\partial z^L_j}
= \frac{\partial C}{\partial a^L_j}\,\frac{\partial a^L_j}{\partial z^L_j}`,
      justification:
        "only one term depends on z^L_j: σ acts elementwise, so ∂a^L_k/∂z^L_j = 0 for k ≠ j",
      compare: "exact",
      check: (c) => {
        const z = traceOf(c).z[L(c)];
        const J = activation(c.net.activations[L(c)]).jacobian(z);
        const g = costGradientOf(c);
        return {
          left: matvec(J, g, { transpose: true }),
          right: g.map((gj, j) => gj * J.data[j * J.cols + j]),
        };
      },
    },
    {
      id: "sigma-prime",
      latex: String.raw`\frac{\partial a^L_j}{\partial z^L_j} = \sigma'(z^L_j)`,
      justification: "definition of σ′, since a^L_j = σ(z^L_j)",
      compare: "finiteDifference",
      check: (c) => ({ left: sigmaPrimeByDifferences(c, L(c)), right: sigmaPrimeOf(c, L(c)) }),
    },
    {
      id: "component-form",
      latex: String.raw`\delta^L_j = \frac{\partial C}{\partial a^L_j}\,\sigma'(z^L_j)`,
      justification: "substitution of the last two steps into the first two",
      compare: "finiteDifference",
      check: (c) => {
        const g = costGradientOf(c), s = sigmaPrimeOf(c, L(c));
        return { left: deltaByDifferences(c, L(c)), right: g.map((gj, j) => gj * s[j]) };
      },
    },
    {
      id: "hadamard",
      latex: String.raw`\left(\frac{\partial C}{\partial a^L_j}\,\sigma'(z^L_j)\right)_j
= \nabla_a C \odot \sigma'(z^L)`,
      justification:
        "definition of the Hadamard product (s ⊙ t)_j = s_j t_j, with (∇_a C)_j = ∂C/∂a^L_j",
      compare: "exact",
      check: (c) => {
        const g = costGradientOf(c), s = sigmaPrimeOf(c, L(c));
        return {
          left: Array.from(g, (gj, j) => gj * s[j]),
          right: hadamardVec(g, s),
        };
      },
    },
  ],
};
