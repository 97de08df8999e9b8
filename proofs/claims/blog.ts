/**
 * The claims of 002_dc1f83092af8970a.txt: a blog post proving the four fundamental equations
 * with the multivariate chain rule, in Nielsen's notation.
 * @module
 */

import { activation, hadamardVec, matvec } from "../../lib/mod.ts";
import { family } from "../families.ts";
import { costOfWeightedInput, gradient, jacobian, nextWeightedInput } from "../numeric.ts";
import {
  activationGradientByDifferences,
  activationJacobianByDifferences,
  costGradientOf,
  deltaByDifferences,
  deltasOf,
  matrixOf,
  parameterGradientByDifferences,
  sigmaPrimeOf,
  traceOf,
  weightedInputWith,
} from "../quantities.ts";
import type { Case, Claim, Source } from "../types.ts";
import { differences, entry, exact, FAMILIES, pairs } from "./common.ts";

const L = (c: Case) => c.net.sizes.length - 1;

/** Σ_k w^{l+1}_{kj} σ′(z^l_j) δ^{l+1}_k, loops only. */
function bp2Components(c: Case, l: number, next: ArrayLike<number>): number[] {
  const W = c.net.W[l + 1], s = sigmaPrimeOf(c, l);
  return Array.from(s, (sj, j) => {
    let acc = 0;
    for (let k = 0; k < W.rows; k++) acc += entry(W, k, j) * sj * next[k];
    return acc;
  });
}

/** ∂z^{l+1}/∂b^l by differences: z^{l+1} as a function of the biases of layer l. */
function nextOfBias(c: Case, l: number) {
  return jacobian((b) => {
    const z = weightedInputWith(c, l, c.net.W[l].data, b);
    return nextWeightedInput(c, l, z);
  }, c.net.b[l]);
}

/** Families with at least two neurons where an index must differ from another. */
const wideOutput = family({
  depth: [1, 4],
  widths: [2, 4],
  costs: ["quadratic", "squaredError", "crossEntropy"],
  layer: "output",
});
const wideAny = family({
  depth: [1, 4],
  widths: [2, 4],
  costs: ["quadratic", "squaredError", "crossEntropy"],
  layer: "any",
});
/** Three or four layers of equal width: layer l + 2 exists for l = 1, with square matrices. */
const squareDeep = family({
  depth: [3, 4],
  widths: [2, 4],
  equalWidths: true,
  costs: ["quadratic", "squaredError"],
  layer: "any",
});

const claims: Claim[] = [
  {
    id: "blog-bp1",
    where: "First Equation: Error in the Output Layer (BP1)",
    statement: String.raw`\delta^L = \nabla_a C \odot \sigma'(z^L)`,
    family: FAMILIES.output,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, L(c)),
      right: hadamardVec(costGradientOf(c), sigmaPrimeOf(c, L(c))),
    })),
  },
  {
    id: "blog-chain-rule",
    where: "First Equation Proof: the generalised chain rule",
    statement: String
      .raw`\frac{\partial z}{\partial t} = \sum_{j} \frac{\partial z}{\partial u_j}\frac{\partial u_j}{\partial t}`,
    reading: "a theorem, checked on instances: t the first input x_1, u = z¹ (all weighted " +
      "inputs of layer 1), z the cost",
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const dzdt = gradient((v) => {
        const x = Float64Array.from(c.x);
        x[0] = v[0];
        return costOfWeightedInput(c, 1, matvec(c.net.W[1], x).map((z, j) => z + c.net.b[1][j]));
      }, [c.x[0]])[0];
      const du = jacobian(
        (v) => matvec(c.net.W[1], v).map((z, j) => z + c.net.b[1][j]),
        c.x,
      );
      const dzdu = deltaByDifferences(c, 1);
      let sum = 0;
      for (let j = 0; j < dzdu.length; j++) sum += dzdu[j] * entry(du, j, 0);
      return { left: dzdt, right: sum };
    }),
  },
  {
    id: "blog-bp1-chain",
    where: "First Equation Proof: the chain rule in the context of back propagation",
    statement: String
      .raw`\frac{\partial C}{\partial z_{j}^L} = \sum_{k} \frac{\partial C}{\partial a_{k}^L}\frac{\partial a_{k}^L}{\partial z_{j}^L}`,
    family: FAMILIES.output,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, L(c)),
      right: matvec(
        activationJacobianByDifferences(c, L(c)),
        activationGradientByDifferences(c, L(c)),
        { transpose: true },
      ),
    })),
  },
  {
    id: "blog-bp1-collapse",
    where: "First Equation Proof: since a_k is a function of z_j only when k = j",
    statement: String
      .raw`\frac{\partial C}{\partial z_{j}^L} = \frac{\partial C}{\partial a_{j}^L}\frac{\partial a_{k}^L}{\partial z_{j}^L}`,
    reading: "well-formed as printed, so read as printed: no sum binds k, so the equation " +
      "claims this for every k. For k = j it is the intended step; checked at k = j + 1 " +
      "(mod n_L), where ∂a^L_k/∂z^L_j = 0",
    family: wideOutput,
    checkable: differences((c) => {
      const J = activationJacobianByDifferences(c, L(c));
      const g = activationGradientByDifferences(c, L(c));
      const n = g.length;
      return {
        left: deltaByDifferences(c, L(c)),
        right: g.map((gj, j) => gj * entry(J, (j + 1) % n, j)),
        at: "k = j + 1 (mod n_L)",
      };
    }),
    correction: {
      statement: String
        .raw`\frac{\partial C}{\partial z_{j}^L} = \frac{\partial C}{\partial a_{j}^L}\frac{\partial a_{j}^L}{\partial z_{j}^L}`,
      note: "the second factor's index is j, the term the sum keeps",
      family: FAMILIES.output,
      ...differences((c) => {
        const J = activationJacobianByDifferences(c, L(c));
        const g = activationGradientByDifferences(c, L(c));
        return {
          left: deltaByDifferences(c, L(c)),
          right: g.map((gj, j) => gj * entry(J, j, j)),
        };
      }),
    },
  },
  {
    id: "blog-bp1-component",
    where: "First Equation Proof: BP1 in component form",
    statement: String
      .raw`\delta_{j}^L = \frac{\partial C}{\partial a_{j}^L} \sigma'{\partial z_{j}^L}`,
    reading: "garbled as printed: σ′{∂z^L_j} typesets as σ′∂z^L_j, σ′ with no argument " +
      "followed by a differential, which is not a number; read as σ′(z^L_j), the one number " +
      "it can stand for",
    family: FAMILIES.output,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, L(c)),
      right: hadamardVec(activationGradientByDifferences(c, L(c)), sigmaPrimeOf(c, L(c))),
    })),
  },
  {
    id: "blog-bp2",
    where: "Second Equation: Error δ^l in terms of the error δ^{l+1} (BP2)",
    statement: String.raw`\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)`,
    family: FAMILIES.hidden,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, c.l),
      right: hadamardVec(
        matvec(c.net.W[c.l + 1], deltaByDifferences(c, c.l + 1), { transpose: true }),
        sigmaPrimeOf(c, c.l),
      ),
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "blog-bp2-chain",
    where: "Second Equation Proof: the chain rule through z^{l+1}",
    statement: String
      .raw`\delta_j^l = \frac{\delta C}{\delta z_{j}^l} = \sum\frac{\partial C}{\partial z_{k}^{l+1}}\frac{\partial z_{k}^{l+1}}{\partial z_{j}^l} = \sum\frac{\partial z_k^{l+1}}{\partial z_j^l}\delta_k^{l+1}`,
    reading: "garbled as printed: δC/δz uses δ, the error's symbol, in place of ∂, and the " +
      "sums name no index; read as ∂C/∂z, with the sums over k, the index only the summands " +
      "carry",
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const J = jacobian((z) => nextWeightedInput(c, c.l, z), traceOf(c).z[c.l]);
      const chain = matvec(J, deltaByDifferences(c, c.l + 1), { transpose: true });
      return pairs([
        [deltaByDifferences(c, c.l), chain],
        [chain, matvec(J, deltasOf(c)[c.l + 1], { transpose: true })],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "blog-bp2-forward",
    where: "Second Equation Proof: z_k^{l+1} written out",
    statement: String
      .raw`z_k^{l+1} = \sum_{j}w_{kj}^{l+1}a_j^l + b_k^{l+1} = \sum_{j}w_{kj}^{l+1}\sigma(z_j^l) + b_k^{l+1}`,
    family: FAMILIES.hidden,
    checkable: exact((c) => {
      const t = traceOf(c), W = c.net.W[c.l + 1];
      const s = activation(c.net.activations[c.l]).value(t.z[c.l]);
      const sum = (v: ArrayLike<number>) =>
        Array.from({ length: W.rows }, (_, k) => {
          let acc = c.net.b[c.l + 1][k];
          for (let j = 0; j < W.cols; j++) acc += entry(W, k, j) * v[j];
          return acc;
        });
      return pairs([[t.z[c.l + 1], sum(t.a[c.l])], [sum(t.a[c.l]), sum(s)]], `l = ${c.l}`);
    }),
  },
  {
    id: "blog-bp2-derivative",
    where: "Second Equation Proof: differentiating with respect to z_j^l",
    statement: String
      .raw`\frac{\partial z_k^{l+1}}{\partial z_j^l} = w_kj^{l+1}\frac{\partial a_j^l}{\partial z_j^l} = w_kj^{l+1}\sigma'(z_j^l)`,
    reading: "garbled as printed: the subscript kj lost its braces, so the weight typesets as " +
      "w_k j^{l+1}, a weight with one index times an index raised to a power; read as " +
      "w^{l+1}_{kj}, a change of typesetting only",
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const W = c.net.W[c.l + 1], s = sigmaPrimeOf(c, c.l);
      const dadz = sigmaPrimeOf(c, c.l);
      const J = jacobian((z) => nextWeightedInput(c, c.l, z), traceOf(c).z[c.l]);
      return pairs([
        [J, matrixOf(W.rows, W.cols, (k, j) => entry(W, k, j) * dadz[j])],
        [
          matrixOf(W.rows, W.cols, (k, j) => entry(W, k, j) * dadz[j]),
          matrixOf(W.rows, W.cols, (k, j) => entry(W, k, j) * s[j]),
        ],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "blog-bp2-result",
    where: "Second Equation Proof: substituting back",
    statement: String
      .raw`\sum \frac{\partial z_k^{l+1}}{\partial z_j^l} \delta_k^{l+1} = \sum w_kj^{l+1} \sigma ' (z_j^l) \delta _k ^{l+1}`,
    reading: "garbled as printed, as the step before: the sums name no index and the weight's " +
      "subscript kj lost its braces; read with the sums over k and w^{l+1}_{kj}",
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const J = jacobian((z) => nextWeightedInput(c, c.l, z), traceOf(c).z[c.l]);
      const next = deltasOf(c)[c.l + 1];
      return {
        left: matvec(J, next, { transpose: true }),
        right: bp2Components(c, c.l, next),
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "blog-bp3",
    where: "Third Equation: the rate of change of the cost with respect to any bias (BP3)",
    statement: String.raw`\frac{\partial C}{\partial b_j^l} = \delta_j^l`,
    family: FAMILIES.anyLayer,
    checkable: differences((c) => ({
      left: parameterGradientByDifferences(c, c.l).db,
      right: deltasOf(c)[c.l],
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "blog-bp3-chain",
    where: "Third Equation Proof: the chain rule through z^{l+1}",
    statement: String
      .raw`\frac{\partial C}{\partial b_j^l} = \sum_k \frac{\partial C}{\partial z_k^{l+1}} \frac {\partial z_k^{l+1}}{\partial b_j^l} = \sum_k \delta _k^{l+1} \frac {\partial z_k^{l+1}}{\partial b_j^l}`,
    reading: "for l < L: the argument goes through layer l + 1, so it says nothing about the " +
      "output layer's biases (BP3 at l = L needs the chain rule through z^L instead)",
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const J = nextOfBias(c, c.l);
      const viaFd = matvec(J, deltaByDifferences(c, c.l + 1), { transpose: true });
      return pairs([
        [parameterGradientByDifferences(c, c.l).db, viaFd],
        [viaFd, matvec(J, deltasOf(c)[c.l + 1], { transpose: true })],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "blog-bp3-rewrite",
    where: "Third Equation Proof: z_k^{l+1} with z_j^l = W + b_j^l",
    statement: String
      .raw`z_k^{l+1} = \sum_j w_{kj}^{l+2} \sigma (W + b_j^l) + b_k^{l+1}, \quad W = z_j^l - b_j^l`,
    reading: "well-formed as printed, so read as printed, with the weights of layer l + 2. W " +
      "is defined for one j and then used under Σ_j, so it is read term by term as " +
      "z^l_j − b^l_j. Checked at l = 1 in networks of 3–4 layers of equal width, where " +
      "w^{l+2}_{kj} exists for every k and j",
    family: squareDeep,
    checkable: exact((c) => {
      const l = 1, t = traceOf(c), act = activation(c.net.activations[l]);
      const W2 = c.net.W[l + 2];
      const right = Array.from({ length: c.net.sizes[l + 1] }, (_, k) => {
        let acc = c.net.b[l + 1][k];
        for (let j = 0; j < c.net.sizes[l]; j++) {
          const w = t.z[l][j] - c.net.b[l][j];
          acc += entry(W2, k, j) * act.value(Float64Array.of(w + c.net.b[l][j]))[0];
        }
        return acc;
      });
      return { left: t.z[l + 1], right, at: "l = 1" };
    }),
    correction: {
      statement: String
        .raw`z_k^{l+1} = \sum_j w_{kj}^{l+1} \sigma (W_j + b_j^l) + b_k^{l+1}, \quad W_j = z_j^l - b_j^l`,
      note: "the weights of layer l + 1, and W indexed by j since it differs from term to term",
      family: FAMILIES.hidden,
      ...exact((c) => {
        const l = c.l, t = traceOf(c), act = activation(c.net.activations[l]);
        const W1 = c.net.W[l + 1];
        const right = Array.from({ length: c.net.sizes[l + 1] }, (_, k) => {
          let acc = c.net.b[l + 1][k];
          for (let j = 0; j < c.net.sizes[l]; j++) {
            const w = t.z[l][j] - c.net.b[l][j];
            acc += entry(W1, k, j) * act.value(Float64Array.of(w + c.net.b[l][j]))[0];
          }
          return acc;
        });
        return { left: t.z[l + 1], right, at: `l = ${l}` };
      }),
    },
  },
  {
    id: "blog-bp3-derivative",
    where: "Third Equation Proof: for a specific weight [bias] b_j^l",
    statement: String
      .raw`\frac {\partial z_k^{l+1}}{\partial b_j^l} = w_{kj}^{l+1} \sigma ' (z_j^l)`,
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const W = c.net.W[c.l + 1], s = sigmaPrimeOf(c, c.l);
      return {
        left: nextOfBias(c, c.l),
        right: matrixOf(W.rows, W.cols, (k, j) => entry(W, k, j) * s[j]),
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "blog-bp3-result",
    where: "Third Equation Proof: substituting back",
    statement: String
      .raw`\frac {\partial C}{\partial b_j^l} = \sum_k \delta_k^{l+1} \frac {\partial z_k^{l+1}}{\partial b_j^l} = \sum_k \delta_k^{l+1}w_{kj}^{l+1} \sigma'(z_j^l) = \delta_j^l`,
    reading: "for l < L, as the previous step",
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const next = deltaByDifferences(c, c.l + 1);
      const components = bp2Components(c, c.l, next);
      return pairs([
        [
          parameterGradientByDifferences(c, c.l).db,
          matvec(nextOfBias(c, c.l), next, { transpose: true }),
        ],
        [matvec(nextOfBias(c, c.l), next, { transpose: true }), components],
        [components, deltasOf(c)[c.l]],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "blog-bp4",
    where: "Fourth Equation: the rate of change of the cost with respect to any weight (BP4)",
    statement: String.raw`\frac{\partial C}{\partial w_{jk}^l} = a_k^{l-1} \delta_j^l`,
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const d = deltasOf(c)[c.l], a = traceOf(c).a[c.l - 1];
      return {
        left: parameterGradientByDifferences(c, c.l).dW,
        right: matrixOf(d.length, a.length, (j, k) => a[k] * d[j]),
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "blog-bp4-chain",
    where: "Fourth Equation Proof: the chain rule, and removing the summation",
    statement: String
      .raw`\frac{\partial C}{\partial w_{jk}^l} = \sum_k \frac{\partial C}{\partial z_j^l} \frac{\partial z_j^l}{\partial w_{jk}^l} = \sum_k \frac{\partial z_j^l}{\partial w_{jk}^l} \delta_j^l = \frac {\partial z_j^l}{\partial w_{jk}^l} \delta_j^l`,
    reading: "well-formed as printed, so read as printed: Σ_k binds k, also inside " +
      "∂z^l_j/∂w^l_{jk}, so the right side is δ^l_j Σ_k a^{l−1}_k, not a^{l−1}_k δ^l_j. The " +
      "chain rule needs a sum over the neurons i of layer l, and it is ∂z^l_i/∂w^l_{jk} " +
      "(i ≠ j) that vanishes. Checked with at least two inputs to layer l",
    family: wideAny,
    checkable: differences((c) => {
      const d = deltasOf(c)[c.l], a = traceOf(c).a[c.l - 1];
      const total = a.reduce((s, v) => s + v, 0);
      return {
        left: parameterGradientByDifferences(c, c.l).dW,
        right: matrixOf(d.length, a.length, (j) => d[j] * total),
        at: `l = ${c.l}`,
      };
    }),
    correction: {
      statement: String
        .raw`\frac{\partial C}{\partial w_{jk}^l} = \sum_i \frac{\partial C}{\partial z_i^l} \frac{\partial z_i^l}{\partial w_{jk}^l} = \frac{\partial C}{\partial z_j^l} \frac{\partial z_j^l}{\partial w_{jk}^l} = \frac {\partial z_j^l}{\partial w_{jk}^l} \delta_j^l`,
      note: "the sum is over the neurons i of layer l; only z^l_j depends on w^l_{jk}",
      family: wideAny,
      ...differences((c) => {
        const W = c.net.W[c.l];
        const J = jacobian((w) => weightedInputWith(c, c.l, w, c.net.b[c.l]), W.data);
        const g = deltaByDifferences(c, c.l);
        const chain = { rows: W.rows, cols: W.cols, data: matvec(J, g, { transpose: true }) };
        const d = deltasOf(c)[c.l];
        return pairs([
          [parameterGradientByDifferences(c, c.l).dW, chain],
          [chain, matrixOf(W.rows, W.cols, (j, k) => entry(J, j, j * W.cols + k) * d[j])],
        ], `l = ${c.l}`);
      }),
    },
  },
  {
    id: "blog-bp4-derivative",
    where: "Fourth Equation Proof: finding ∂z_j^l/∂w_{jk}^l",
    statement: String
      .raw`z_j^l = \sum_k w_{jk}^la_k^{l-1} + b_j^l, \quad \frac {\partial z_j^l}{\partial w_{jk}^l} = a_k^{l-1}`,
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const W = c.net.W[c.l], a = traceOf(c).a[c.l - 1];
      const J = jacobian((w) => weightedInputWith(c, c.l, w, c.net.b[c.l]), W.data);
      return {
        left: matrixOf(W.rows, W.cols, (j, k) => entry(J, j, j * W.cols + k)),
        right: matrixOf(W.rows, W.cols, (_, k) => a[k]),
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "blog-bp4-result",
    where: "Fourth Equation Proof: substituting back",
    statement: String
      .raw`\frac{\partial C}{\partial w_{jk}^l} = \frac{\partial z_j^l}{\partial w_{jk}^l} \delta _j^l = a_k^{l-1} \delta_j^l`,
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const d = deltasOf(c)[c.l], a = traceOf(c).a[c.l - 1];
      return {
        left: parameterGradientByDifferences(c, c.l).dW,
        right: matrixOf(d.length, a.length, (j, k) => a[k] * d[j]),
        at: `l = ${c.l}`,
      };
    }),
  },
];

/**
 * The blog post, with its claims.
 *
 * @example
 * ```ts
 * import { BLOG } from "./blog.ts";
 * if (BLOG.claims.length < 10) throw new Error("every equation of the post");
 * ```
 */
export const BLOG: Source = {
  file: "002_dc1f83092af8970a.txt",
  short: "Blog post",
  title: 'The blog post "Proofs of the Four Fundamental Equations Behind Back Propagation"',
  notation: "Nielsen's: the input layer is layer 1 (the course's layer 0; the equations relate " +
    "neighbouring layers, so the shift changes none), w^l_{jk} from neuron k of layer l − 1 to " +
    "neuron j of layer l, z^l the weighted input, a^l = σ(z^l), δ^l_j = ∂C/∂z^l_j.",
  claims,
};
