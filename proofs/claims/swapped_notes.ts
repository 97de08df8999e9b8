/**
 * The claims of 001_aff8ac9207cb476f.txt: notes with a "soundness proof" of BP1–BP4, the
 * algorithm, mini-batch gradient descent and why backpropagation is efficient. Their a and z are
 * the course's z and a.
 * @module
 */

import {
  activation,
  countPaths,
  deltaRecursion,
  getColumn,
  hadamardVec,
  listPaths,
  matvec,
  pathSum,
} from "../../lib/mod.ts";
import { family } from "../families.ts";
import { costWithParameters, gradient, jacobian, nextWeightedInput } from "../numeric.ts";
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
  weightedInputWith,
} from "../quantities.ts";
import type { Case, Claim, Side, Source } from "../types.ts";
import { differences, entry, exact, FAMILIES, firstOrder, pairs } from "./common.ts";

const L = (c: Case) => c.net.sizes.length - 1;

/** Σ_k w^{l+1}_{kj} δ^{l+1}_k σ′(z^l_j) (in the course's notation), loops only. */
function bp2Components(c: Case, l: number, next: Float64Array): number[] {
  const W = c.net.W[l + 1], s = sigmaPrimeOf(c, l);
  return Array.from(s, (sj, j) => {
    let acc = 0;
    for (let k = 0; k < W.rows; k++) acc += entry(W, k, j) * next[k] * sj;
    return acc;
  });
}

/** The notes' algorithm, steps 1–3 and the output, in the course's notation. */
function algorithm(c: Case): { dW: Side[]; db: Side[] } {
  const n = L(c), t = traceOf(c);
  const d: Float64Array[] = [];
  d[n] = hadamardVec(costGradientOf(c), sigmaPrimeOf(c, n));
  for (let l = n - 1; l >= 1; l--) {
    d[l] = hadamardVec(matvec(c.net.W[l + 1], d[l + 1], { transpose: true }), sigmaPrimeOf(c, l));
  }
  const dW: Side[] = [], db: Side[] = [];
  for (let l = 1; l <= n; l++) {
    dW.push(matrixOf(d[l].length, t.a[l - 1].length, (j, k) => t.a[l - 1][k] * d[l][j]));
    db.push(d[l]);
  }
  return { dW, db };
}

const claims: Claim[] = [
  {
    id: "swapped-chain-rule",
    where: "Soundness proof: the chain rule for multivariate calculus",
    statement: String
      .raw`f(x) = f(g(x), h(x)) \;\Rightarrow\; \frac{\partial f}{\partial x} = \frac{\partial f}{\partial g} \frac{\partial g}{\partial x} + \frac{\partial f}{\partial h} \frac{\partial h}{\partial x}`,
    reading: "a theorem, checked on instances: x the first input, g and h the two weighted " +
      "inputs of a first layer of two neurons, f the cost",
    family: family({ sizes: [2, 2, 2], costs: ["quadratic", "crossEntropy"], layer: "output" }),
    checkable: differences((c) => {
      const x = c.x;
      const dfdx = gradient((v) => costWithParameters(c, 1, {}, v), x)[0];
      const z1 = traceOf(c).z[1];
      const dfdz = deltaByDifferences(c, 1);
      // g, h = z¹_1, z¹_2 as functions of the input x
      const dzdx = jacobian(
        (v) => matvec(c.net.W[1], v).map((zj, j) => zj + c.net.b[1][j]),
        x,
      );
      return {
        left: dfdx,
        right: dfdz[0] * entry(dzdx, 0, 0) + dfdz[1] * entry(dzdx, 1, 0),
        at: `g, h = z¹ = (${z1[0].toPrecision(3)}, ${z1[1].toPrecision(3)})`,
      };
    }),
  },
  {
    id: "swapped-bp1",
    where: "Proof of BP1: what is to be shown",
    statement: String
      .raw`\delta_j^L \equiv \frac{\partial C}{\partial a_j^L} = \frac{\partial C}{\partial z_j^L} \sigma'(a_j^L)`,
    reading: "notes' a, z = the course's z, a: δ^L_j = ∂C/∂z^L_j = ∂C/∂a^L_j σ′(z^L_j)",
    family: FAMILIES.output,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, L(c)),
      right: hadamardVec(activationGradientByDifferences(c, L(c)), sigmaPrimeOf(c, L(c))),
    })),
  },
  {
    id: "swapped-bp1-chain",
    where: "Proof of BP1: C as a function of all output units z^L_j",
    statement: String
      .raw`\delta_j^L = \frac{\partial C}{\partial a_j^L} = \sum_k \frac{\partial C}{\partial z_k^L} \frac{\partial z_k^L}{\partial a_j^L}`,
    reading: "in the course's notation: Σ_k ∂C/∂a^L_k ∂a^L_k/∂z^L_j",
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
    id: "swapped-bp1-collapse",
    where: "Proof of BP1: only z_j^L depends on a_j^L",
    statement: String
      .raw`\delta_j^L = \frac{\partial C}{\partial a_j^L} = \frac{\partial C}{\partial z_j^L} \frac{\partial z_j^L}{\partial a_j^L} = \frac{\partial C}{\partial z_j^L} \sigma'(a_j^L), \quad z_j^L = \sigma(a_j^L)`,
    family: FAMILIES.output,
    checkable: differences((c) => {
      const J = activationJacobianByDifferences(c, L(c));
      const g = activationGradientByDifferences(c, L(c));
      const diagonal = g.map((gj, j) => gj * entry(J, j, j));
      return pairs([
        [deltaByDifferences(c, L(c)), diagonal],
        [diagonal, hadamardVec(g, sigmaPrimeOf(c, L(c)))],
      ]);
    }),
  },
  {
    id: "swapped-bp2",
    where: "Proof of BP2: what is to be shown",
    statement: String
      .raw`\delta_j^l = \frac{\partial C}{\partial a_j^l} = ((\mathbf{W}^{l+1})^T \boldsymbol{\delta}^{l+1} \odot \sigma'(\mathbf{a}^l))_j = \sum_k w_{kj}^{l+1} \delta_k^{l+1} \sigma'(a_j^l)`,
    reading: "the matrix product before ⊙: ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l) in the course's notation",
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const next = deltaByDifferences(c, c.l + 1);
      const matrix = hadamardVec(
        matvec(c.net.W[c.l + 1], next, { transpose: true }),
        sigmaPrimeOf(c, c.l),
      );
      return pairs([
        [deltaByDifferences(c, c.l), matrix],
        [matrix, bp2Components(c, c.l, next)],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "swapped-bp2-chain",
    where: "Proof of BP2: C as a function of the a_k^{l+1}",
    statement: String
      .raw`\delta_j^l = \frac{\partial C}{\partial a_j^l} = \sum_k \frac{\partial C}{\partial a_k^{l+1}} \frac{\partial a_k^{l+1}}{\partial a_j^l}`,
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const J = jacobian((z) => nextWeightedInput(c, c.l, z), traceOf(c).z[c.l]);
      return {
        left: deltaByDifferences(c, c.l),
        right: matvec(J, deltaByDifferences(c, c.l + 1), { transpose: true }),
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "swapped-bp2-definition",
    where: "Proof of BP2: ∂C/∂a_k^{l+1} = δ_k^{l+1} by definition",
    statement: String.raw`\frac{\partial C}{\partial a_k^{l+1}} = \delta_k^{l+1}`,
    family: FAMILIES.hidden,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, c.l + 1),
      right: deltasOf(c)[c.l + 1],
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "swapped-bp2-forward",
    where: "Proof of BP2: a_k^{l+1} written out",
    statement: String
      .raw`a_k^{l+1} = \sum_j w_{kj}^{l+1} z_j^l + b_k^{l+1} = \sum_j w_{kj}^{l+1} \sigma(a_j^l) + b_k^{l+1}`,
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
    id: "swapped-bp2-derivative",
    where: "Proof of BP2: differentiating a_k^{l+1}",
    statement: String.raw`\frac{\partial a_k^{l+1}}{\partial a_j^l} = w_{kj}^{l+1} \sigma'(a_j^l)`,
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
    id: "swapped-bp2-result",
    where: "Proof of BP2: putting all together",
    statement: String
      .raw`\delta_j^l = \sum_k w_{kj}^{l+1} \sigma'(a_j^l) \delta_k^{l+1} = \sum_k w_{kj}^{l+1} \delta_k^{l+1} \sigma'(a_j^l)`,
    family: FAMILIES.hidden,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, c.l),
      right: bp2Components(c, c.l, deltaByDifferences(c, c.l + 1)),
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "swapped-bp3",
    where: "Proof of BP3: what is to be shown",
    statement: String.raw`\frac{\partial C}{\partial b_j^l} = \delta_j^l`,
    family: FAMILIES.anyLayer,
    checkable: differences((c) => ({
      left: parameterGradientByDifferences(c, c.l).db,
      right: deltasOf(c)[c.l],
      at: `l = ${c.l}`,
    })),
  },
  {
    id: "swapped-bp3-chain",
    where: "Proof of BP3: C as a function of the a_j^l; only a_j^l depends on b_j^l",
    statement: String
      .raw`\frac{\partial C}{\partial b_j^l} = \sum_k \frac{\partial C}{\partial a_k^l} \frac{\partial a_k^l}{\partial b_j^l} = \frac{\partial C}{\partial a_j^l} \frac{\partial a_j^l}{\partial b_j^l} = \delta_j^l \frac{\partial a_j^l}{\partial b_j^l}`,
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const J = jacobian((b) => weightedInputWith(c, c.l, c.net.W[c.l].data, b), c.net.b[c.l]);
      const g = deltaByDifferences(c, c.l);
      const diagonal = g.map((gj, j) => gj * entry(J, j, j));
      return pairs([
        [parameterGradientByDifferences(c, c.l).db, matvec(J, g, { transpose: true })],
        [matvec(J, g, { transpose: true }), diagonal],
        [diagonal, deltasOf(c)[c.l].map((d, j) => d * entry(J, j, j))],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "swapped-bp3-one",
    where: "Proof of BP3: ∂a_j^l/∂b_j^l = 1",
    statement: String
      .raw`a_j^l = \sum_k w_{jk}^l z_k^{l-1} + b_j^l \;\Rightarrow\; \frac{\partial a_j^l}{\partial b_j^l} = 1`,
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const J = jacobian((b) => weightedInputWith(c, c.l, c.net.W[c.l].data, b), c.net.b[c.l]);
      return {
        left: Array.from({ length: J.rows }, (_, j) => entry(J, j, j)),
        right: Array(J.rows).fill(1),
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "swapped-bp4",
    where: "Proof of BP4: what is to be shown",
    statement: String.raw`\frac{\partial C}{\partial w_{jk}^l} = z_k^{l-1} \delta_j^l`,
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
    id: "swapped-bp4-chain",
    where: "Proof of BP4: via the chain rule",
    statement: String
      .raw`\frac{\partial C}{\partial w_{jk}^l} = \sum_i \frac{\partial C}{\partial a_i^l} \frac{\partial a_i^l}{\partial w_{jk}^l} = \frac{\partial C}{\partial a_j^l} \frac{\partial a_j^l}{\partial w_{jk}^l} = \delta_j^l \frac{\partial a_j^l}{\partial w_{jk}^l}`,
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const W = c.net.W[c.l];
      const J = jacobian((w) => weightedInputWith(c, c.l, w, c.net.b[c.l]), W.data);
      const g = deltaByDifferences(c, c.l);
      const chain = { rows: W.rows, cols: W.cols, data: matvec(J, g, { transpose: true }) };
      // ∂z^l_j/∂w^l_{jk} is column j·n + k of J, row j
      const own = (d: ArrayLike<number>) =>
        matrixOf(W.rows, W.cols, (j, k) => d[j] * entry(J, j, j * W.cols + k));
      return pairs([
        [parameterGradientByDifferences(c, c.l).dW, chain],
        [chain, own(g)],
        [own(g), own(deltasOf(c)[c.l])],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "swapped-bp4-derivative",
    where: "Proof of BP4: ∂a_j^l/∂w_{jk}^l",
    statement: String
      .raw`\frac{\partial a_j^l}{\partial w_{jk}^l} = \frac{\partial}{\partial w_{jk}^l} \left(\sum_k w_{jk}^l z_k^{l-1} + b_j^l \right) = z_k^{l-1}`,
    reading: "read as printed: the k under Σ_k is a dummy index, bound inside the brackets " +
      "only, so it is not the k of ∂/∂w^l_{jk} outside them; renaming it (Σ_i w^l_{ji} " +
      "z^{l−1}_i) changes nothing",
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
    id: "swapped-feedforward",
    where: "The backpropagation algorithm, step 1: feedforward",
    statement: String
      .raw`\mathbf{a}_l = \mathbf{W}^l \mathbf{z}^{l-1} + \mathbf{b}^l, \quad \mathbf{z}^l = \sigma(\mathbf{a}^l)`,
    reading: "garbled as printed: 𝐚_l puts the layer in a subscript, which the notes' notation " +
      "does not define; read as 𝐚^l. In the course's notation: z^l = W^l a^{l−1} + b^l, " +
      "a^l = σ(z^l)",
    family: FAMILIES.anyLayer,
    checkable: exact((c) => {
      const t = traceOf(c);
      const z = matvec(c.net.W[c.l], t.a[c.l - 1]).map((v, j) => v + c.net.b[c.l][j]);
      return pairs([
        [t.z[c.l], z],
        [t.a[c.l], activation(c.net.activations[c.l]).value(z)],
      ], `l = ${c.l}`);
    }),
  },
  {
    id: "swapped-output-error",
    where: "The backpropagation algorithm, step 2: output error",
    statement: String
      .raw`\boldsymbol{\delta}^L = \nabla_{\mathbf{z}} C \odot \sigma'(\mathbf{a}^L)`,
    reading: "∇_z C is the gradient in the notes' z, the course's a: ∇_a C ⊙ σ′(z^L)",
    family: FAMILIES.output,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, L(c)),
      right: hadamardVec(activationGradientByDifferences(c, L(c)), sigmaPrimeOf(c, L(c))),
    })),
  },
  {
    id: "swapped-backpropagate",
    where: "The backpropagation algorithm, step 3: backpropagation of the error, l = L−1, …, 2",
    statement: String
      .raw`\boldsymbol{\delta}^l = ((\mathbf{W}^{l+1})^T \boldsymbol{\delta}^{l+1}) \odot \sigma'(\mathbf{a}^l)`,
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
    id: "swapped-algorithm-output",
    where: "The backpropagation algorithm: output, the gradient",
    statement: String
      .raw`\frac{\partial C}{\partial w_{jk}^l} = z_k^{l-1} \delta_j^l, \quad \frac{\partial C}{\partial b_j^l} = \delta_j^l`,
    reading: "the whole algorithm (steps 1–3, then the output) against central differences, for " +
      "every layer",
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const alg = algorithm(c);
      const list: [Side, Side][] = [];
      for (let l = 1; l <= L(c); l++) {
        const fd = parameterGradientByDifferences(c, l);
        list.push([fd.dW, alg.dW[l - 1]], [fd.db, alg.db[l - 1]]);
      }
      return pairs(list, "every layer");
    }),
  },
  {
    id: "swapped-gradient-descent",
    where: "Gradient descent + backpropagation, step 2: the update over a minibatch of m examples",
    statement: String
      .raw`\mathbf{W}^l \leftarrow \mathbf{W}^l - \frac{\eta}{m} \sum_{\mathbf{x}} \boldsymbol{\delta}^{\mathbf{x},l} (\mathbf{z}^{\mathbf{x},l-1})^T, \quad \mathbf{b}^l \leftarrow \mathbf{b}^l - \frac{\eta}{m} \sum_{\mathbf{x}} \boldsymbol{\delta}^{\mathbf{x},l}`,
    reading: "a gradient-descent step W^l ← W^l − η ∂C/∂W^l on the minibatch's mean cost " +
      "C = (1/m) Σ_x C_x: checked that (1/m) Σ_x δ^{x,l} (a^{x,l−1})ᵀ and (1/m) Σ_x δ^{x,l} are that " +
      "gradient (η cancels)",
    family: family({ depth: [1, 3], costs: ["quadratic", "crossEntropy"], layer: "any" }),
    checkable: differences((c) => {
      const m = c.X.cols;
      const W = c.net.W[c.l];
      const dW = new Float64Array(W.data.length), db = new Float64Array(W.rows);
      for (let i = 0; i < m; i++) {
        const g = deltaRecursion(c.net, getColumn(c.X, i), getColumn(c.Y, i), c.cost);
        const a = g.trace.a[c.l - 1], d = g.delta[c.l];
        for (let j = 0; j < W.rows; j++) {
          db[j] += d[j] / m;
          for (let k = 0; k < W.cols; k++) dW[j * W.cols + k] += (d[j] * a[k]) / m;
        }
      }
      const fd = batchParameterGradientByDifferences(c, c.l);
      return pairs([[fd.dW.data, dW], [fd.db, db]], `l = ${c.l}, m = ${m}`);
    }),
  },
  {
    id: "swapped-forward-difference",
    where: "Backpropagation efficiency: a numerical approximation of the derivative",
    statement: String
      .raw`\frac{\partial C}{\partial w_j} \approx \frac{C(w + \epsilon e_j) - C(w)}{\epsilon}`,
    reading: "an approximation (≈), first order in ε: checked with ε = 10⁻⁷ for every weight of " +
      "layer l",
    family: FAMILIES.anyLayer,
    checkable: firstOrder((c) => {
      const W = c.net.W[c.l].data, eps = 1e-7;
      const C0 = costWithParameters(c, c.l, {});
      return {
        left: Array.from(W, (w, j) => {
          const moved = Float64Array.from(W);
          moved[j] = w + eps;
          return (costWithParameters(c, c.l, { W: moved }) - C0) / eps;
        }),
        right: deltaRecursion(c.net, c.x, c.y, c.cost).dW[c.l].data,
        at: `l = ${c.l}`,
      };
    }),
  },
  {
    id: "swapped-cost-of-methods",
    where:
      "Backpropagation efficiency: one forward pass per weight, against one forward and one backward pass",
    statement: String
      .raw`\text{finite differences: one forward pass per weight; backpropagation: one forward + one backward pass}`,
    notCheckable: {
      reason: "a statement about the amount of work, not an equation between quantities of a " +
        "network; the chapter on why backpropagation is fast counts the work exactly and shows " +
        "measured times, asserting only gaps of orders of magnitude",
    },
  },
  {
    id: "swapped-exponential-paths",
    where: "Backpropagation efficiency: the exponential number of paths",
    statement: String
      .raw`\text{the effect of } w_{jk}^l \text{ on the output integrates over an exponential number of paths}`,
    reading: "the number of paths from z^l_j to the cost is Π_{m=l+1}^{L} n_m, which grows " +
      "exponentially with the depth L − l when the widths are at least 2; checked against the " +
      "library's enumeration (listPaths) and countPaths",
    family: family({ depth: [1, 4], widths: [1, 4], layer: "any" }),
    checkable: exact((c) => {
      let product = 1;
      for (let m = c.l + 1; m <= L(c); m++) product *= c.net.sizes[m];
      const listed = [...listPaths(c.net, c.l, 0)].length;
      const total = countPaths(c.net.sizes, c.net.activations.slice(1));
      let formula = 0;
      for (let l = 1; l <= L(c); l++) {
        let p = 1;
        for (let m = l + 1; m <= L(c); m++) p *= c.net.sizes[m];
        formula += (c.net.sizes[l - 1] + 1) * c.net.sizes[l] * p;
      }
      return pairs([[listed, product], [total, formula]], `l = ${c.l}`);
    }),
  },
  {
    id: "swapped-dynamic-programming",
    where: "Backpropagation efficiency: the influence of later layers is captured by δ^{l+1}",
    statement: String
      .raw`\text{the influence of nodes on later layers onto nodes of layer } l \text{ is captured by } \boldsymbol{\delta}^{l+1}`,
    reading: "the sum over every path from z^l_j to the cost (the library's path sum, no " +
      "memoisation) equals ((W^{l+1})ᵀ δ^{l+1})_j σ′(z^l_j), which needs nothing from the later " +
      "layers but δ^{l+1}",
    family: FAMILIES.hidden,
    checkable: exact((c) => ({
      left: pathSum(c.net, c.x, c.y, c.cost).db[c.l],
      right: hadamardVec(
        matvec(c.net.W[c.l + 1], deltasOf(c)[c.l + 1], { transpose: true }),
        sigmaPrimeOf(c, c.l),
      ),
      at: `l = ${c.l}`,
    })),
  },
];

/**
 * The notes with a and z swapped, with their claims.
 *
 * @example
 * ```ts
 * import { SWAPPED_NOTES } from "./swapped_notes.ts";
 * if (!SWAPPED_NOTES.notation.includes("swapped")) throw new Error("the mapping is stated");
 * ```
 */
export const SWAPPED_NOTES: Source = {
  file: "001_aff8ac9207cb476f.txt",
  short: "Swapped-notation notes",
  title: "Notes with a and z swapped: a soundness proof of BP1–BP4, the algorithm, mini-batch " +
    "gradient descent, efficiency",
  notation:
    "a and z are swapped: the notes' a^l_j is the weighted input (the course's z^l_j) and " +
    "their z^l_j the activation (the course's a^l_j), with z^l = σ(a^l) and δ^l_j ≡ ∂C/∂a^l_j " +
    "(the course's ∂C/∂z^l_j). The input layer is layer 1 (z¹ = x), so the notes' layer l is the " +
    "course's layer l − 1; the equations relate neighbouring layers, so the shift changes none. " +
    "W^l, b^l and w^l_{jk} are the course's. Each claim is checked in the course's notation after " +
    "this translation.",
  claims,
};
