/**
 * Softmax output with cross-entropy cost and one-hot targets: δ^L = a^L − y. The softmax
 * Jacobian is full, but the cost written in z^L collapses to −y·z + log Σ e^z.
 * @module
 */

import { cost, softmax } from "../../lib/mod.ts";
import { family } from "../families.ts";
import { derivative, gradient } from "../numeric.ts";
import { deltaByDifferences, deltasOf, traceOf } from "../quantities.ts";
import type { Case, Proof } from "../types.ts";

function parts(c: Case) {
  const t = traceOf(c);
  const L = c.net.sizes.length - 1;
  const z = t.z[L], a = t.a[L], y = c.y;
  const S = (v: ArrayLike<number>) => Array.from(v).reduce((s, zj) => s + Math.exp(zj), 0);
  return { L, z, a, y, S };
}

const sum = (n: number, f: (i: number) => number) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(i);
  return s;
};

/**
 * δ^L = a^L − y for softmax and cross-entropy.
 *
 * @example
 * ```ts
 * import { checkProof } from "../check.ts";
 * import { SOFTMAX_CROSS_ENTROPY } from "./softmax_cross_entropy.ts";
 * if (!checkProof(SOFTMAX_CROSS_ENTROPY, { trials: 2, symbolic: false }).holds) throw new Error("SOFTMAX_CROSS_ENTROPY holds");
 * ```
 */
export const SOFTMAX_CROSS_ENTROPY: Proof = {
  id: "softmax-cross-entropy",
  title: "Softmax with cross-entropy: δᴸ = aᴸ − y",
  statement: String.raw`\delta^L = \frac{\partial C}{\partial z^L} = a^L - y`,
  hypotheses: String.raw`$a^L = \operatorname{softmax}(z^L)$, $C = -\sum_i y_i \log a^L_i$, ` +
    String.raw`$y$ one-hot (so $\sum_i y_i = 1$); any layers below`,
  family: family({
    depth: [1, 3],
    widths: [1, 5],
    output: ["softmax"],
    costs: ["crossEntropy"],
    labels: "oneHot",
    layer: "output",
  }),
  statementCheck: {
    compare: "finiteDifference",
    check: (c) => {
      const p = parts(c);
      return { left: deltaByDifferences(c, p.L), right: p.a.map((ai, i) => ai - p.y[i]) };
    },
  },
  steps: [
    {
      id: "cost",
      latex: String.raw`C = -\sum_i y_i \log a^L_i`,
      justification: "definition of the cross-entropy cost",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return {
          left: cost("crossEntropy").value(p.a, p.y),
          right: -sum(p.y.length, (i) => (p.y[i] === 0 ? 0 : p.y[i] * Math.log(p.a[i]))),
        };
      },
    },
    {
      id: "softmax",
      latex: String.raw`= -\sum_i y_i \log \frac{e^{z_i}}{\sum_j e^{z_j}}`,
      justification: "definition of softmax: a^L_i = e^{z_i} / Σ_j e^{z_j} (z = z^L)",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return {
          left: cost("crossEntropy").value(p.a, p.y),
          right: -sum(p.y.length, (i) => p.y[i] * Math.log(Math.exp(p.z[i]) / p.S(p.z))),
        };
      },
    },
    {
      id: "log-quotient",
      latex: String.raw`= -\sum_i y_i \left(z_i - \log \sum_j e^{z_j}\right)`,
      justification: "log of a quotient: log(e^u / S) = u − log S",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return {
          left: -sum(p.y.length, (i) => p.y[i] * Math.log(Math.exp(p.z[i]) / p.S(p.z))),
          right: -sum(p.y.length, (i) => p.y[i] * (p.z[i] - Math.log(p.S(p.z)))),
        };
      },
    },
    {
      id: "distribute",
      latex: String.raw`= -\sum_i y_i z_i + \sum_i y_i \log \sum_j e^{z_j}`,
      justification: "distributivity and linearity of the sum",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return {
          left: -sum(p.y.length, (i) => p.y[i] * (p.z[i] - Math.log(p.S(p.z)))),
          right: -sum(p.y.length, (i) => p.y[i] * p.z[i]) +
            sum(p.y.length, (i) => p.y[i] * Math.log(p.S(p.z))),
        };
      },
    },
    {
      id: "one-hot",
      latex: String.raw`= -\sum_i y_i z_i + \log \sum_j e^{z_j}`,
      justification: "one-hot labels sum to 1: Σ_i y_i = 1",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return {
          left: -sum(p.y.length, (i) => p.y[i] * p.z[i]) +
            sum(p.y.length, (i) => p.y[i] * Math.log(p.S(p.z))),
          right: -sum(p.y.length, (i) => p.y[i] * p.z[i]) + Math.log(p.S(p.z)),
        };
      },
    },
    {
      id: "linear-term",
      latex: String.raw`\frac{\partial}{\partial z_k}\left(-\sum_i y_i z_i\right) = -y_k`,
      justification: "linearity: only the term i = k depends on z_k",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return {
          left: gradient((v) => -sum(p.y.length, (i) => p.y[i] * v[i]), p.z),
          right: p.y.map((yk) => -yk),
        };
      },
    },
    {
      id: "log-chain",
      latex: String
        .raw`\frac{\partial}{\partial z_k} \log S = \frac{1}{S}\,\frac{\partial S}{\partial z_k},
\qquad S = \sum_j e^{z_j}`,
      justification: "chain rule with (log S)′ = 1/S",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        const dS = gradient(p.S, p.z);
        return {
          left: gradient((v) => Math.log(p.S(v)), p.z),
          right: dS.map((d) => d / p.S(p.z)),
        };
      },
    },
    {
      id: "exp",
      latex: String.raw`\frac{\partial S}{\partial z_k} = e^{z_k}`,
      justification: "only the term j = k of S depends on z_k, and (e^u)′ = e^u",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return { left: gradient(p.S, p.z), right: p.z.map(Math.exp) };
      },
    },
    {
      id: "softmax-again",
      latex: String.raw`\frac{e^{z_k}}{\sum_j e^{z_j}} = a^L_k`,
      justification: "definition of softmax",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return { left: p.z.map((zk) => Math.exp(zk) / p.S(p.z)), right: softmax(p.z) };
      },
    },
    {
      id: "sum",
      latex: String.raw`\delta^L_k = \frac{\partial C}{\partial z^L_k} = -y_k + a^L_k`,
      justification:
        "linearity: the derivative of the sum in the one-hot step is the sum of the two derivatives",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return {
          left: p.z.map((_, k) =>
            derivative(
              (t) => {
                const v = Float64Array.from(p.z);
                v[k] = t;
                return -sum(p.y.length, (i) => p.y[i] * v[i]) + Math.log(p.S(v));
              },
              p.z[k],
            )
          ),
          right: p.a.map((ak, k) => ak - p.y[k]),
        };
      },
    },
    {
      id: "library",
      latex: String.raw`\delta^L = (J_{\mathrm{softmax}})^{\mathsf T}\, \nabla_a C = a^L - y`,
      justification:
        "BP1 with the full softmax Jacobian (the library's δ recursion) gives the same",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return { left: deltasOf(c)[p.L], right: p.a.map((ak, k) => ak - p.y[k]) };
      },
    },
  ],
};
