/**
 * The claims of 000_8dabfd615ab888cb.txt: Michael Nielsen, "Neural Networks and Deep Learning",
 * chapter 2 from section 2.2 (a reprint), in its own notation.
 * @module
 */

import {
  activation,
  cost,
  deltaRecursion,
  diag,
  getColumn,
  hadamardVec,
  matvec,
  transpose,
} from "../../lib/mod.ts";
import { family } from "../families.ts";
import { costOfWeightedInput, jacobian, nextWeightedInput } from "../numeric.ts";
import {
  activationGradientByDifferences,
  activationJacobianByDifferences,
  batchParameterGradientByDifferences,
  costGradientOf,
  deltaByDifferences,
  deltasOf,
  matrixOf,
  parameterGradientByDifferences,
  sigmaPrimeOf,
  traceOf,
} from "../quantities.ts";
import type { Case, Claim, Source } from "../types.ts";
import { differences, entry, exact, FAMILIES, firstOrder, pairs } from "./common.ts";

const L = (c: Case) => c.net.sizes.length - 1;

/** a^l by the component formula σ(Σ_k w^l_{jk} a^{l−1}_k + b^l_j), loops only. */
function componentForward(c: Case, l: number): { z: number[]; a: Float64Array } {
  const W = c.net.W[l], prev = traceOf(c).a[l - 1];
  const z = Array.from({ length: W.rows }, (_, j) => {
    let s = c.net.b[l][j];
    for (let k = 0; k < W.cols; k++) s += entry(W, j, k) * prev[k];
    return s;
  });
  return { z, a: activation(c.net.activations[l]).value(Float64Array.from(z)) };
}

/** ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l), with δ^{l+1} given. */
function bp2(c: Case, l: number, next: Float64Array): Float64Array {
  return hadamardVec(matvec(c.net.W[l + 1], next, { transpose: true }), sigmaPrimeOf(c, l));
}

/** Σ′(z^l)(W^{l+1})ᵀ Σ′(z^{l+1}) ⋯ (W^L)ᵀ Σ′(z^L) ∇_a C, applied right to left. */
function sigmaProduct(c: Case, l: number): Float64Array {
  let v = matvec(diag(sigmaPrimeOf(c, L(c))), costGradientOf(c));
  for (let m = L(c) - 1; m >= l; m--) {
    v = matvec(diag(sigmaPrimeOf(c, m)), matvec(transpose(c.net.W[m + 1]), v));
  }
  return v;
}

const claims: Claim[] = [
  {
    id: "nielsen-forward-component",
    where: "2.2 Warm up: the activation of neuron j of layer l (2.2.1)",
    statement: String.raw`a_{j}^l = \sigma\Big(\sum_k w_{jk}^l a_{k}^{l-1} + b_{j}^l\Big)`,
    family: FAMILIES.anyLayer,
    checkable: exact((c) => ({
      left: traceOf(c).a[c.l],
      right: componentForward(c, c.l).a,
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "nielsen-forward-matrix",
    where: "2.2 Warm up: the vectorized form (2.2.3), with w^l_{jk} in row j, column k",
    statement: String.raw`a^l = \sigma(w^l a^{l-1} + b^l)`,
    family: FAMILIES.anyLayer,
    checkable: exact((c) => {
      const z = matvec(c.net.W[c.l], traceOf(c).a[c.l - 1]).map((v, j) => v + c.net.b[c.l][j]);
      return {
        left: componentForward(c, c.l).a,
        right: activation(c.net.activations[c.l]).value(z),
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "nielsen-vectorize-example",
    where: "2.2 Warm up: vectorizing f(x) = x²",
    statement: String
      .raw`f\bigg(\begin{bmatrix} 2 \\ 3 \end{bmatrix}\bigg) = \begin{bmatrix} f(2) \\ f(3) \end{bmatrix} = \begin{bmatrix} 4 \\ 9 \end{bmatrix}`,
    family: FAMILIES.anyLayer,
    checkable: exact(() => ({ left: [2, 3].map((v) => v ** 2), right: [4, 9] })),
  },
  {
    id: "nielsen-weighted-input",
    where: "2.2 Warm up: the weighted input z^l and its components",
    statement: String
      .raw`z^l \equiv w^l a^{l-1} + b^l, \quad a^l = \sigma(z^l), \quad z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j`,
    family: FAMILIES.anyLayer,
    checkable: exact((c) => {
      const t = traceOf(c), comp = componentForward(c, c.l);
      const zMatrix = matvec(c.net.W[c.l], t.a[c.l - 1]).map((v, j) => v + c.net.b[c.l][j]);
      return pairs([
        [t.z[c.l], zMatrix],
        [t.a[c.l], activation(c.net.activations[c.l]).value(zMatrix)],
        [t.z[c.l], comp.z],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "nielsen-transpose-footnote",
    where: "2.2 Warm up, footnote: indexing the input neuron by j would need the transpose",
    statement: String.raw`a^l = \sigma\big((v^l)^T a^{l-1} + b^l\big), \quad v^l_{kj} = w^l_{jk}`,
    reading:
      "the footnote in symbols: with the indices swapped (v^l_{kj} = w^l_{jk}, input neuron " +
      "first), the vectorized form needs the transpose",
    family: FAMILIES.anyLayer,
    checkable: exact((c) => {
      const v = transpose(c.net.W[c.l]);
      const z = matvec(v, traceOf(c).a[c.l - 1], { transpose: true }).map((x, j) =>
        x + c.net.b[c.l][j]
      );
      return {
        left: traceOf(c).a[c.l],
        right: activation(c.net.activations[c.l]).value(z),
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "nielsen-quadratic-cost",
    where: "The two assumptions we need about the cost function: the quadratic cost and C_x",
    statement: String
      .raw`C =\frac{1}{2n} \sum_x {\lVert y(x)-a^L (x)\rVert}^2 = \frac{1}{n}\sum_x C_x, \quad C_x = \frac{1}{2} {\lVert y-a^L\rVert}^2`,
    reading: "n is the number of examples: the batch's columns",
    family: family({ depth: [1, 3], costs: ["quadratic"], layer: "output", batch: [2, 5] }),
    checkable: exact((c) => {
      const n = c.X.cols;
      let direct = 0, mean = 0;
      for (let i = 0; i < n; i++) {
        const aL = traceFor(c, getColumn(c.X, i)), y = getColumn(c.Y, i);
        direct += aL.reduce((s, v, j) => s + (y[j] - v) ** 2, 0);
        mean += cost("quadratic").value(aL, y);
      }
      return { left: direct / (2 * n), right: mean / n };
    }),
  },
  {
    id: "nielsen-average-gradients",
    where: "The two assumptions: ∂C/∂w and ∂C/∂b recovered by averaging over training examples",
    statement: String
      .raw`\frac{\partial C}{\partial w} = \frac{1}{n}\sum_x \frac{\partial C_x}{\partial w}, \quad \frac{\partial C}{\partial b} = \frac{1}{n}\sum_x \frac{\partial C_x}{\partial b}`,
    reading: "the sentence in symbols, for every weight and bias of layer l",
    family: family({ depth: [1, 3], costs: ["quadratic", "crossEntropy"], layer: "any" }),
    checkable: differences((c) => {
      const fd = batchParameterGradientByDifferences(c, c.l);
      const n = c.X.cols;
      const dW = new Float64Array(fd.dW.data.length), db = new Float64Array(fd.db.length);
      for (let i = 0; i < n; i++) {
        const g = deltaRecursion(c.net, getColumn(c.X, i), getColumn(c.Y, i), c.cost);
        g.dW[c.l].data.forEach((v, k) => (dW[k] += v / n));
        g.db[c.l].forEach((v, k) => (db[k] += v / n));
      }
      return pairs([[fd.dW, { ...fd.dW, data: dW }], [fd.db, db]], `l = ${c.l}`);
    }),
  },
  {
    id: "nielsen-cost-components",
    where: "The two assumptions: the quadratic cost as a function of the output activations",
    statement: String
      .raw`C = \frac{1}{2} {\lVert y-a^L\rVert}^2 = \frac{1}{2} \sum_j {(y_j-a^L_j)}^2`,
    family: FAMILIES.quadraticOutput,
    checkable: exact((c) => {
      const aL = traceOf(c).a[L(c)];
      return {
        left: cost("quadratic").value(aL, c.y),
        right: 0.5 * aL.reduce((s, v, j) => s + (c.y[j] - v) ** 2, 0),
      };
    }),
  },
  {
    id: "nielsen-hadamard-example",
    where: "The Hadamard product: the example",
    statement: String
      .raw`\begin{bmatrix} 1 \\ 2 \end{bmatrix} \odot \begin{bmatrix} 3 \\ 4 \end{bmatrix} = \begin{bmatrix} 1 \cdot 3 \\ 2 \cdot 4 \end{bmatrix} = \begin{bmatrix} 3 \\ 8 \end{bmatrix}`,
    family: FAMILIES.anyLayer,
    checkable: exact(() => ({ left: hadamardVec([1, 2], [3, 4]), right: [3, 8] })),
  },
  {
    id: "nielsen-demon",
    where: "The four fundamental equations: the demon's change Δz^l_j changes the cost",
    statement: String.raw`\Delta C = \frac{\partial C}{\partial z^l_j} \Delta z^l_j`,
    reading: 'to first order, as the footnote says ("only the case for small changes"): ' +
      "(C(z^l_j + Δz) − C) / Δz → ∂C/∂z^l_j, checked with Δz = 10⁻⁷ for every j. For a finite " +
      "Δz the two sides differ by O(Δz²).",
    family: FAMILIES.anyLayer,
    checkable: firstOrder((c) => {
      const z = traceOf(c).z[c.l], h = 1e-7, C0 = costOfWeightedInput(c, c.l, z);
      return {
        left: Array.from(z, (_, j) => {
          const moved = Float64Array.from(z);
          moved[j] += h;
          return (costOfWeightedInput(c, c.l, moved) - C0) / h;
        }),
        right: deltasOf(c)[c.l],
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "nielsen-delta-definition",
    where: "The four fundamental equations: the definition of the error",
    statement: String.raw`\delta^l_j \equiv \frac{\partial C}{\partial z^l_j}`,
    reading: "checked as: BP1–BP4 (the library's δ recursion) compute this derivative",
    family: FAMILIES.anyLayer,
    checkable: differences((c) => ({
      left: deltasOf(c)[c.l],
      right: deltaByDifferences(c, c.l),
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "nielsen-bp1-component",
    where: "An equation for the error in the output layer (BP1)",
    statement: String.raw`\delta^L_j = \frac{\partial C}{\partial a^L_j} \sigma'(z^L_j)`,
    family: FAMILIES.output,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, L(c)),
      right: hadamardVec(activationGradientByDifferences(c, L(c)), sigmaPrimeOf(c, L(c))),
    })),
  },
  {
    id: "nielsen-quadratic-gradient",
    where: "BP1: for the quadratic cost, ∂C/∂a^L_j",
    statement: String
      .raw`C =\frac{1}{2}\sum_j{(y_j-a^L_j)}^2 \;\Rightarrow\; \frac{\partial C}{\partial a^L_j} = (a^L_j - y_j)`,
    family: FAMILIES.quadraticOutput,
    checkable: differences((c) => ({
      left: activationGradientByDifferences(c, L(c)),
      right: traceOf(c).a[L(c)].map((v, j) => v - c.y[j]),
    })),
  },
  {
    id: "nielsen-bp1",
    where: "BP1 in matrix form (BP1a)",
    statement: String.raw`\delta^L = \nabla_a C \odot \sigma'(z^L)`,
    family: FAMILIES.output,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, L(c)),
      right: hadamardVec(costGradientOf(c), sigmaPrimeOf(c, L(c))),
    })),
  },
  {
    id: "nielsen-bp1-quadratic",
    where: "BP1 for the quadratic cost: the fully matrix-based form",
    statement: String.raw`\nabla_a C = (a^L-y), \quad \delta^L = (a^L-y) \odot \sigma'(z^L)`,
    family: FAMILIES.quadraticOutput,
    checkable: differences((c) => {
      const diff = traceOf(c).a[L(c)].map((v, j) => v - c.y[j]);
      return pairs([
        [activationGradientByDifferences(c, L(c)), diff],
        [deltaByDifferences(c, L(c)), hadamardVec(diff, sigmaPrimeOf(c, L(c)))],
      ]);
    }),
  },
  {
    id: "nielsen-bp2",
    where: "An equation for the error δ^l in terms of the error in the next layer (BP2)",
    statement: String.raw`\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)`,
    family: FAMILIES.hidden,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, c.l),
      right: bp2(c, c.l, deltaByDifferences(c, c.l + 1)),
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "nielsen-bp3",
    where: "An equation for the rate of change of the cost with respect to any bias (BP3)",
    statement: String.raw`\frac{\partial C}{\partial b^L_j} = \delta^l_j`,
    reading: "well-formed as printed, so read as printed: L is the output layer and l any " +
      "layer, as everywhere in the chapter, so the left side is an output bias whatever l is. " +
      "(The published book prints b^l_j; the capital L is the reprint's.) Checked for a hidden " +
      "l with all widths equal, so that both sides are vectors of one length.",
    family: FAMILIES.squareHidden,
    checkable: differences((c) => ({
      left: parameterGradientByDifferences(c, L(c)).db,
      right: deltasOf(c)[c.l],
      at: `l = ${c.l}, L = ${L(c)}`,
    })),
    correction: {
      statement: String.raw`\frac{\partial C}{\partial b^l_j} = \delta^l_j`,
      note: "superscript l, not L: the bias of the same layer as the error, as the published " +
        "book prints it and as the reprint's own shorthand ∂C/∂b = δ says",
      family: FAMILIES.anyLayer,
      ...differences((c) => ({
        left: parameterGradientByDifferences(c, c.l).db,
        right: deltasOf(c)[c.l],
        at: `l = ${c.l}`,
      })),
    },
  },
  {
    id: "nielsen-bp3-shorthand",
    where: "BP3 in shorthand",
    statement: String.raw`\frac{\partial C}{\partial b} = \delta`,
    reading: "δ evaluated at the same neuron as the bias b: ∂C/∂b^l_j = δ^l_j",
    family: FAMILIES.anyLayer,
    checkable: differences((c) => ({
      left: parameterGradientByDifferences(c, c.l).db,
      right: deltasOf(c)[c.l],
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "nielsen-bp4",
    where: "An equation for the rate of change of the cost with respect to any weight (BP4)",
    statement: String.raw`\frac{\partial C}{\partial w^L_{jk}} = a^{l-1}_k \delta^l_j`,
    reading: "well-formed as printed, so read as printed: the left side is a weight of the " +
      "output layer L whatever l is, as in BP3. (The published book prints w^l_{jk}; the " +
      "capital L is the reprint's.) Checked for a hidden l with all widths equal, so that both " +
      "sides are n × n matrices.",
    family: FAMILIES.squareHidden,
    checkable: differences((c) => {
      const d = deltasOf(c)[c.l], a = traceOf(c).a[c.l - 1];
      return {
        left: parameterGradientByDifferences(c, L(c)).dW,
        right: matrixOf(d.length, a.length, (j, k) => a[k] * d[j]),
        at: `l = ${c.l}, L = ${L(c)}`,
      };
    }),
    correction: {
      statement: String.raw`\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j`,
      note: "superscript l, not L: the weight of the same layer as the error, as the published " +
        "book prints it",
      family: FAMILIES.anyLayer,
      ...differences((c) => {
        const d = deltasOf(c)[c.l], a = traceOf(c).a[c.l - 1];
        return {
          left: parameterGradientByDifferences(c, c.l).dW,
          right: matrixOf(d.length, a.length, (j, k) => a[k] * d[j]),
          at: `l = ${c.l}`,
        };
      }),
    },
  },
  {
    id: "nielsen-bp4-shorthand",
    where: "BP4 in less index-heavy notation",
    statement: String.raw`\frac{\partial C}{\partial w} = a_{\rm in} \delta_{\rm out}`,
    reading:
      "for the weight w^l_{jk}: a_{in} = a^{l−1}_k, δ_{out} = δ^l_j (every weight of layer l)",
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
    id: "nielsen-slow-learning",
    where: "BP4: weights output from low-activation neurons learn slowly",
    statement: String
      .raw`a_{\rm in} \approx 0 \;\Rightarrow\; \frac{\partial C}{\partial w} \text{ small: the weight learns slowly}`,
    notCheckable: {
      reason: "a qualitative tendency about learning, not an equation; the exact fact behind it, " +
        "∂C/∂w = a_{in} δ_{out}, is checked as BP4 in shorthand",
    },
  },
  {
    id: "nielsen-saturation",
    where: "BP1: the output neuron saturates when σ(z^L_j) ≈ 0 or 1",
    statement: String
      .raw`\sigma(z^L_j) \approx 0 \text{ or } 1 \;\Rightarrow\; \sigma'(z^L_j) \approx 0`,
    reading: "for the sigmoid the remark rests on σ′ = σ(1 − σ) (so σ′ ≤ min(σ, 1 − σ)); that " +
      "identity is checked, at z^L",
    family: family({ depth: [1, 3], output: ["sigmoid"], layer: "output" }),
    checkable: exact((c) => {
      const a = traceOf(c).a[L(c)];
      return { left: sigmaPrimeOf(c, L(c)), right: a.map((s) => s * (1 - s)) };
    }),
  },
  {
    id: "nielsen-any-activation",
    where: "BP1–BP4 hold for any activation function, not just the sigmoid",
    statement: String.raw`\text{(BP1)–(BP4) hold for any activation function } \sigma`,
    reading: "any elementwise σ (sigmoid, tanh, ReLU away from its kink, identity): the whole " +
      "gradient by BP1–BP4, against central differences. Read to include an activation that is " +
      "not elementwise, such as softmax, BP1 and BP2 in their ⊙ form fail: the proof's step " +
      "'a^L_k depends only on z^L_k' is what excludes it (Backpropagation Calculus's ⊙ with " +
      "the softmax derivative is that mistake; see the failing claims).",
    family: family({
      depth: [1, 4],
      hidden: ["tanh", "relu", "identity"],
      output: ["tanh", "relu", "identity"],
      costs: ["quadratic"],
      layer: "any",
    }),
    checkable: differences((c) => {
      const n = L(c), d: Float64Array[] = [];
      d[n] = hadamardVec(costGradientOf(c), sigmaPrimeOf(c, n));
      for (let l = n - 1; l >= 1; l--) d[l] = bp2(c, l, d[l + 1]);
      const a = traceOf(c).a;
      const list: [
        Float64Array | ReturnType<typeof matrixOf>,
        Float64Array | ReturnType<typeof matrixOf>,
      ][] = [];
      for (let l = 1; l <= n; l++) {
        const fd = parameterGradientByDifferences(c, l);
        list.push([fd.dW, matrixOf(d[l].length, a[l - 1].length, (j, k) => a[l - 1][k] * d[l][j])]);
        list.push([fd.db, d[l]]);
      }
      return pairs(list, "every layer");
    }),
  },
  {
    id: "nielsen-sigma-bp1",
    where: "Problem: alternate presentation, (1) BP1 with Σ′",
    statement: String.raw`\delta^L = \Sigma'(z^L)\nabla_a C`,
    family: FAMILIES.output,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, L(c)),
      right: matvec(diag(sigmaPrimeOf(c, L(c))), costGradientOf(c)),
    })),
  },
  {
    id: "nielsen-sigma-bp2",
    where: "Problem: alternate presentation, (2) BP2 with Σ′",
    statement: String.raw`\delta^l = \Sigma'(z^l)(w^{l+1})^T \delta{l+1}`,
    reading: "garbled in the reprint: δ{l+1}, which typesets as δl+1, lost its caret; read " +
      "as δ^{l+1}, a change of typesetting only",
    family: FAMILIES.hidden,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, c.l),
      right: matvec(
        diag(sigmaPrimeOf(c, c.l)),
        matvec(transpose(c.net.W[c.l + 1]), deltaByDifferences(c, c.l + 1)),
      ),
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "nielsen-sigma-product",
    where: "Problem: alternate presentation, (3) the whole product",
    statement: String
      .raw`\delta^l = \Sigma'(z^l)(w^{l+1})^T \dots \Sigma'(z^{L-1}) (w^L)^T \Sigma'(z^L) \nabla_a C`,
    family: FAMILIES.anyLayer,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, c.l),
      right: sigmaProduct(c, c.l),
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "nielsen-proof-bp1-chain",
    where: "Proof of the four fundamental equations: BP1 by the chain rule",
    statement: String
      .raw`\delta^L_j = \sum_k \frac{\partial C}{\partial a^L_k} \frac{\partial a^L_k}{\partial z^L_j}`,
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
    id: "nielsen-proof-bp1-collapse",
    where: "Proof of BP1: ∂a^L_k/∂z^L_j vanishes when k ≠ j",
    statement: String
      .raw`\delta^L_j = \frac{\partial C}{\partial a^L_j} \frac{\partial a^L_j}{\partial z^L_j}`,
    family: FAMILIES.output,
    checkable: differences((c) => {
      const J = activationJacobianByDifferences(c, L(c));
      const g = activationGradientByDifferences(c, L(c));
      return { left: deltaByDifferences(c, L(c)), right: g.map((gj, j) => gj * entry(J, j, j)) };
    }),
  },
  {
    id: "nielsen-proof-bp2-chain",
    where: "Proof of BP2: the chain rule through z^{l+1}",
    statement: String
      .raw`\delta^l_j = \frac{\partial C}{\partial z^l_j} = \sum_k \frac{\partial C}{\partial z^{l+1}_k} \frac{\partial z^{l+1}_k}{\partial z^l_j} = \sum_k \frac{\partial z^{l+1}_k}{\partial z^l_j} \delta^{l+1}_k`,
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const J = jacobian((z) => nextWeightedInput(c, c.l, z), traceOf(c).z[c.l]);
      const chain = matvec(J, deltaByDifferences(c, c.l + 1), { transpose: true });
      return pairs([
        [deltasOf(c)[c.l], deltaByDifferences(c, c.l)],
        [deltaByDifferences(c, c.l), chain],
        [chain, matvec(J, deltasOf(c)[c.l + 1], { transpose: true })],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "nielsen-proof-bp2-forward",
    where: "Proof of BP2: z^{l+1}_k written out",
    statement: String
      .raw`z{l+1}_k =\sum_j w{l+1}_{kj} a^l_j + b^{l+1}_k =\sum_j w^{l+1}_{kj} \sigma(z^l_j) + b^{l+1}_k`,
    reading: "garbled in the reprint: z{l+1} and w{l+1}, which typeset as zl+1 and wl+1, " +
      "lost their carets; read as z^{l+1} and w^{l+1}, a change of typesetting only",
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
    id: "nielsen-proof-bp2-derivative",
    where: "Proof of BP2: differentiating z^{l+1}_k",
    statement: String.raw`\frac{\partial z^{l+1}_k}{\partial z^l_j} = w^{l+1}_{kj} \sigma'(z^l_j)`,
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const W = c.net.W[c.l + 1], s = sigmaPrimeOf(c, c.l);
      return {
        left: jacobian((z) => nextWeightedInput(c, c.l, z), traceOf(c).z[c.l]),
        right: matrixOf(W.rows, W.cols, (k, j) => entry(W, k, j) * s[j]),
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "nielsen-proof-bp2-result",
    where: "Proof of BP2: BP2 in component form",
    statement: String.raw`\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)`,
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const W = c.net.W[c.l + 1], d = deltaByDifferences(c, c.l + 1), s = sigmaPrimeOf(c, c.l);
      return {
        left: deltaByDifferences(c, c.l),
        right: Array.from(s, (sj, j) => {
          let acc = 0;
          for (let k = 0; k < W.rows; k++) acc += entry(W, k, j) * d[k] * sj;
          return acc;
        }),
        at: `l = ${c.l}`,
      };
    }),
  },
];

function traceFor(c: Case, x: Float64Array): Float64Array {
  let a = x;
  for (let l = 1; l <= L(c); l++) {
    const z = matvec(c.net.W[l], a).map((v, j) => v + c.net.b[l][j]);
    a = activation(c.net.activations[l]).value(z);
  }
  return a;
}

/**
 * Nielsen, chapter 2, with its claims.
 *
 * @example
 * ```ts
 * import { NIELSEN } from "./nielsen.ts";
 * if (!NIELSEN.claims.some((c) => c.id === "nielsen-bp3")) throw new Error("BP3 is transcribed");
 * ```
 */
export const NIELSEN: Source = {
  file: "000_8dabfd615ab888cb.txt",
  short: "Nielsen, chapter 2 (reprint)",
  title: "Michael Nielsen, Neural Networks and Deep Learning, chapter 2 from section 2.2, in " +
    "the reprint used here (which differs from the published book in a few superscripts)",
  notation:
    "As the course's, except that the input layer is layer 1, so Nielsen's layer l is the " +
    "course's layer l − 1; every equation relates layers l − 1, l, l + 1 and L to each other, so " +
    "the shift changes none of them. w^l is W^l (w^l_{jk} from neuron k of layer l − 1 to neuron " +
    "j of layer l); σ is any elementwise activation (the sigmoid in the text); the quadratic " +
    "cost C_x = ½‖y − a^L‖² is the library's `quadratic`, and C = (1/n) Σ_x C_x over n examples.",
  claims,
};
