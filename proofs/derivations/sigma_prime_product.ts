/**
 * The Σ′ form: with Σ′(z) = diag(σ′(z)), BP1 and BP2 become matrix products, and unrolling BP2
 * writes δ^l as one product: δ^l = Σ′(z^l) (W^{l+1})ᵀ Σ′(z^{l+1}) ⋯ (W^L)ᵀ Σ′(z^L) ∇_a C.
 * @module
 */

import {
  column,
  diag,
  hadamardVec,
  matmul,
  type Matrix,
  matvec,
  transpose,
} from "../../lib/mod.ts";
import { ELEMENTWISE, family } from "../families.ts";
import {
  activationJacobianByDifferences,
  costGradientOf,
  deltaByDifferences,
  deltasOf,
  sigmaPrimeOf,
} from "../quantities.ts";
import type { Case, Proof } from "../types.ts";

/** Σ′(z^l) (W^{l+1})ᵀ Σ′(z^{l+1}) ⋯ (W^L)ᵀ Σ′(z^L) ∇_a C, every factor formed as a matrix. */
function product(c: Case, l: number): Float64Array {
  const L = c.net.sizes.length - 1;
  let M: Matrix = diag(sigmaPrimeOf(c, l));
  for (let m = l + 1; m <= L; m++) {
    M = matmul(matmul(M, transpose(c.net.W[m])), diag(sigmaPrimeOf(c, m)));
  }
  return matmul(M, column(costGradientOf(c))).data;
}

const hidden = (c: Case) => Array.from({ length: c.net.sizes.length - 2 }, (_, i) => i + 1);

/**
 * The Σ′ product form of δ^l.
 *
 * @example
 * ```ts
 * import { checkProof } from "../check.ts";
 * import { SIGMA_PRIME_PRODUCT } from "./sigma_prime_product.ts";
 * if (!checkProof(SIGMA_PRIME_PRODUCT, { trials: 2, symbolic: false }).holds) throw new Error("SIGMA_PRIME_PRODUCT holds");
 * ```
 */
export const SIGMA_PRIME_PRODUCT: Proof = {
  id: "sigma-prime-product",
  title: "The Σ′ form: δ as one matrix product",
  statement: String.raw`\delta^l = \Sigma'(z^l)\,(W^{l+1})^{\mathsf T}\,\Sigma'(z^{l+1}) \cdots
(W^L)^{\mathsf T}\,\Sigma'(z^L)\,\nabla_a C, \qquad \Sigma'(z) = \operatorname{diag}\left(\sigma'(z)\right)`,
  hypotheses: String.raw`elementwise activations; any layer $1 \le l \le L$`,
  family: family({
    depth: [1, 4],
    hidden: ELEMENTWISE,
    output: ELEMENTWISE,
    costs: ["quadratic", "squaredError", "crossEntropy"],
    layer: "any",
  }),
  statementCheck: {
    compare: "finiteDifference",
    check: (c) => ({ left: deltaByDifferences(c, c.l), right: product(c, c.l), at: `l = ${c.l}` }),
  },
  steps: [
    {
      id: "bp1-as-matrix",
      latex: String.raw`\nabla_a C \odot \sigma'(z^L) = \Sigma'(z^L)\, \nabla_a C`,
      justification: "a diagonal matrix times a vector multiplies them entry by entry",
      compare: "exact",
      check: (c) => {
        const L = c.net.sizes.length - 1, g = costGradientOf(c), s = sigmaPrimeOf(c, L);
        return { left: hadamardVec(g, s), right: matvec(diag(s), g) };
      },
    },
    {
      id: "bp2-as-matrix",
      latex: String.raw`\left((W^{l+1})^{\mathsf T} \delta^{l+1}\right) \odot \sigma'(z^l)
= \Sigma'(z^l)\,(W^{l+1})^{\mathsf T} \delta^{l+1} \qquad (l = 1, \dots, L - 1)`,
      justification: "the same: v ⊙ σ′(z) = diag(σ′(z)) v, with v = (W^{l+1})ᵀ δ^{l+1}",
      compare: "exact",
      check: (c) => {
        const d = deltasOf(c);
        const v = (l: number) => matvec(c.net.W[l + 1], d[l + 1], { transpose: true });
        return {
          left: hidden(c).flatMap((l) => Array.from(hadamardVec(v(l), sigmaPrimeOf(c, l)))),
          right: hidden(c).flatMap((l) => Array.from(matvec(diag(sigmaPrimeOf(c, l)), v(l)))),
          at: "every hidden layer",
        };
      },
    },
    {
      id: "jacobian",
      latex: String.raw`\Sigma'(z^l) = \left(\frac{\partial a^l}{\partial z^l}\right)^{\mathsf T}`,
      justification:
        "for an elementwise σ the Jacobian of a^l = σ(z^l) is diagonal, with entries σ′(z^l_j)",
      compare: "finiteDifference",
      check: (c) => ({
        left: diag(sigmaPrimeOf(c, c.l)),
        right: transpose(activationJacobianByDifferences(c, c.l)),
        at: `l = ${c.l}`,
      }),
    },
    {
      id: "unroll",
      latex: String.raw`\delta^l = \Sigma'(z^l)\,(W^{l+1})^{\mathsf T}\,\delta^{l+1}
= \Sigma'(z^l)\,(W^{l+1})^{\mathsf T}\,\Sigma'(z^{l+1}) \cdots (W^L)^{\mathsf T}\,\Sigma'(z^L)\,\nabla_a C`,
      justification:
        "induction on L − l: substitute BP2 for δ^{l+1}, …, δ^{L−1}, then BP1 for δ^L " +
        "(matrix products are associative)",
      compare: "exact",
      check: (c) => ({ left: deltasOf(c)[c.l], right: product(c, c.l), at: `l = ${c.l}` }),
    },
  ],
};
