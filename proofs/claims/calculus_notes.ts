/**
 * The claims of 003_b505ed1898149c6e.txt: Nick Rui, "Backpropagation Calculus" (December 2024),
 * in its own notation.
 * @module
 */

import {
  activation,
  addColumn,
  columnSums,
  cost,
  createNetwork,
  deltaRecursion,
  fromColumns,
  getColumn,
  hadamard,
  listPaths,
  matmul,
  type Matrix,
  matvec,
  parameterCount,
  scale,
  softmax,
  sub,
  transpose,
} from "../../lib/mod.ts";
import { family } from "../families.ts";
import {
  batchCost,
  costOfActivation,
  costWithParameters,
  derivative,
  forwardFrom,
  gradient,
  jacobian,
  nextWeightedInput,
  withParameters,
} from "../numeric.ts";
import {
  activationGradientByDifferences,
  activationJacobianByDifferences,
  batchDeltasByDifferences,
  batchParameterGradientByDifferences,
  batchTraceOf,
  costGradientOf,
  deltaByDifferences,
  deltasOf,
  matrixOf,
  parameterGradientByDifferences,
  sigmaPrimeOf,
  traceOf,
} from "../quantities.ts";
import type { Case, ChainSpec, Claim, Side, Source } from "../types.ts";
import { differences, entry, exact, FAMILIES, firstOrder, pairs } from "./common.ts";

const L = (c: Case) => c.net.sizes.length - 1;
const relu = activation("relu");
const mu = (c: Case, l: number) => (v: ArrayLike<number>) =>
  activation(c.net.activations[l]).value(Float64Array.from(v));

/** W a + b, loops only. */
function affine(W: Matrix, a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  return Array.from({ length: W.rows }, (_, i) => {
    let s = b[i];
    for (let j = 0; j < W.cols; j++) s += entry(W, i, j) * a[j];
    return s;
  });
}

/** Softmax of every column. */
function softmaxColumns(Z: Matrix): Matrix {
  return fromColumns(Array.from({ length: Z.cols }, (_, i) => softmax(getColumn(Z, i))));
}

/** ReLU′ of every entry (ReLU′(0) = 0, the library's convention). */
function reluPrime(Z: Matrix): Matrix {
  return { rows: Z.rows, cols: Z.cols, data: relu.derivative(Z.data) };
}

/** The one-sided derivatives (D₋, D₊) of f at x with step h. */
function oneSided(f: (x: number) => number, x: number, h = 1e-7): [number, number] {
  return [(f(x) - f(x - h)) / h, (f(x + h) - f(x)) / h];
}

const reluScalar = (x: number) => relu.value(Float64Array.of(x))[0];

/** The softmax Jacobian by 003's element-wise formula. */
function softmaxJacobianFormula(z: ArrayLike<number>): Matrix {
  const S = softmax(Float64Array.from(z));
  return matrixOf(S.length, S.length, (i, j) => (i === j ? S[i] * (1 - S[i]) : -S[i] * S[j]));
}

/** The mean cross-entropy of the batch as a function of Z^L (n_L × N, row-major entries). */
function meanCostOfOutputZ(c: Case, data: Float64Array): number {
  const n = c.net.sizes[L(c)], N = c.X.cols;
  let s = 0;
  for (let i = 0; i < N; i++) {
    const z = Float64Array.from({ length: n }, (_, r) => data[r * N + i]);
    s += cost(c.cost).value(softmax(z), getColumn(c.Y, i));
  }
  return s / N;
}

let mnistNetwork: ReturnType<typeof createNetwork> | undefined;

const ONE_NEURON_CHAINS: ChainSpec[] = [
  { activations: ["sigmoid"] },
  { activations: ["tanh"] },
  { activations: ["identity"] },
];
const CHAINS: ChainSpec[] = [
  { activations: ["sigmoid", "sigmoid"] },
  { activations: ["tanh", "identity"] },
  { activations: ["tanh", "tanh", "identity"] },
];

/** 003's chain formula for ∂C/∂w^{(L−j)} (or ∂C/∂b^{(L−j)}), as numbers. */
function chainFormula(c: Case, j: number, bias: boolean): number {
  const n = L(c), t = traceOf(c);
  const w = (l: number) => c.net.W[l].data[0];
  const sp = (l: number) => sigmaPrimeOf(c, l)[0];
  let p = 2 * (t.a[n][0] - c.y[0]);
  for (let i = 1; i <= j; i++) p *= sp(n - i + 1) * w(n - i + 1);
  p *= sp(n - j);
  return bias ? p : p * t.a[n - j - 1][0];
}

const squareAny = family({ depth: [1, 3], widths: [2, 4], equalWidths: true, layer: "any" });
const wideAny = family({ depth: [1, 4], widths: [2, 4], layer: "any" });
const squaredErrorOutput = family({ depth: [1, 4], costs: ["squaredError"], layer: "output" });
const squaredErrorDeep = family({ depth: [2, 4], costs: ["squaredError"], layer: "hidden" });
const squaredErrorSquare = family({
  depth: [2, 4],
  widths: [2, 4],
  equalWidths: true,
  costs: ["squaredError"],
  layer: "hidden",
});
const softmaxOutput = family({
  depth: [1, 3],
  widths: [1, 5],
  output: ["softmax"],
  costs: ["crossEntropy"],
  labels: "oneHot",
  layer: "output",
});
const MNIST_POINTER = "The MNIST chapter trains this network on MNIST (the full runs of deno " +
  "task reproduce are in results/reproduce.json) and asserts what they show";

const claims: Claim[] = [
  // --- Introducing Neural Networks -------------------------------------------------------
  {
    id: "calculus-intro-component",
    where: "Introducing Neural Networks: a neuron as a linear combination plus a bias",
    statement: String.raw`a_i^{(L)} = \sum_{j=1}^{n_{L-1}} w_{ji}^{(L)} a_j^{(L-1)} + b_i^{(L)}`,
    reading: "w_{ji}^{(L)} is, as the text says, the weight from neuron j of layer L − 1 to " +
      "neuron i of layer L: the course's w^L_{ij}. Before μ is introduced the layer is linear, so " +
      "this a^{(L)} is the course's z^L; checked at a random layer",
    family: FAMILIES.anyLayer,
    checkable: exact((c) => ({
      left: traceOf(c).z[c.l],
      right: affine(c.net.W[c.l], traceOf(c).a[c.l - 1], c.net.b[c.l]),
      at: `L = ${c.l}`,
    })),
  },
  {
    id: "calculus-intro-shape",
    where: "Introducing Neural Networks: W^{(L)} the n_L × n_{L−1} matrix, as displayed",
    statement: String
      .raw`W^{(L)} = \begin{bmatrix} w_{11}^{(L)} & \dots & w_{1n_L}^{(L)} \\ \dots & \dots & \dots \\ w_{n_{L-1},1}^{(L)} & \dots & w_{n_{L-1},n_L}^{(L)} \end{bmatrix} \in \mathbb{R}^{n_L \times n_{L-1}}`,
    reading: "the displayed matrix has rows w_{1·} … w_{n_{L−1}·} and columns ·1 … ·n_L, so it " +
      "is n_{L−1} × n_L (entry (j, i) is w_{ji}, rows indexed by the previous layer), while the " +
      "text says n_L × n_{L−1}: the two shapes are compared as [rows, columns]",
    family: FAMILIES.anyLayer,
    checkable: exact((c) => ({
      left: [c.net.sizes[c.l - 1], c.net.sizes[c.l]],
      right: [c.net.sizes[c.l], c.net.sizes[c.l - 1]],
      at: `n_L = ${c.net.sizes[c.l]}, n_{L−1} = ${c.net.sizes[c.l - 1]}`,
    })),
    correction: {
      statement: String
        .raw`W^{(L)} = \begin{bmatrix} w_{11}^{(L)} & \dots & w_{n_{L-1}1}^{(L)} \\ \dots & \dots & \dots \\ w_{1n_L}^{(L)} & \dots & w_{n_{L-1}n_L}^{(L)} \end{bmatrix} \in \mathbb{R}^{n_L \times n_{L-1}}`,
      note: "row i holds the weights into neuron i of layer L: entry (i, j) is w_{ji}^{(L)}, " +
        "the transpose of the displayed matrix (this is the course's W^L)",
      family: FAMILIES.anyLayer,
      ...exact((c) => {
        const W = c.net.W[c.l];
        // w_{ji} is the weight from j to i, the course's W[i][j]; entry (i, j) of the corrected
        // display is w_{ji}.
        const w = (j: number, i: number) => entry(W, i, j);
        const corrected = matrixOf(c.net.sizes[c.l], c.net.sizes[c.l - 1], (i, j) => w(j, i));
        return pairs([
          [[corrected.rows, corrected.cols], [c.net.sizes[c.l], c.net.sizes[c.l - 1]]],
          [corrected, W],
        ]);
      }),
    },
  },
  {
    id: "calculus-intro-matrix",
    where: "Introducing Neural Networks: the layer in vector notation",
    statement: String.raw`\mathbf{a}^{(L)} = W^{(L)}\mathbf{a}^{(L-1)} + \mathbf{b}^{(L)}`,
    reading: "as printed, with W^{(L)} as displayed (entry (j, i) is w_{ji}): the product is " +
      "defined only when n_L = n_{L−1}, so it is checked on such square layers, against the " +
      "section's own component form (the claim before)",
    family: squareAny,
    checkable: exact((c) => {
      const displayed = transpose(c.net.W[c.l]); // entry (j, i) = w_{ji} = the course's W[i][j]
      return {
        left: affine(c.net.W[c.l], traceOf(c).a[c.l - 1], c.net.b[c.l]),
        right: affine(displayed, traceOf(c).a[c.l - 1], c.net.b[c.l]),
        at: `L = ${c.l}`,
      };
    }),
    correction: {
      statement: String
        .raw`\mathbf{a}^{(L)} = W^{(L)}\mathbf{a}^{(L-1)} + \mathbf{b}^{(L)}, \quad \big(W^{(L)}\big)_{ij} = w_{ji}^{(L)}`,
      note: "W^{(L)} as corrected in the claim before (n_L × n_{L−1}, row i the weights " +
        "into neuron i); with the displayed matrix it would be its transpose",
      family: FAMILIES.anyLayer,
      ...exact((c) => ({
        left: traceOf(c).z[c.l],
        right: matvec(c.net.W[c.l], traceOf(c).a[c.l - 1]).map((v, i) => v + c.net.b[c.l][i]),
        at: `L = ${c.l}`,
      })),
    },
  },
  {
    id: "calculus-cost",
    where: "Introducing Neural Networks: the cost of one example",
    statement: String.raw`C = \lVert\mathbf{a}^{(L)} - \mathbf{y}\rVert^2`,
    reading: "the library's squaredError (no ½)",
    family: FAMILIES.squaredErrorAny,
    checkable: exact((c) => {
      const a = traceOf(c).a[L(c)];
      return {
        left: cost("squaredError").value(a, c.y),
        right: a.reduce((s, v, j) => s + (v - c.y[j]) ** 2, 0),
      };
    }),
  },
  {
    id: "calculus-cost-sum",
    where: "Introducing Neural Networks: the cost over N data points",
    statement: String
      .raw`C(W^{(1)}, \mathbf{b}^{(1)}, \dots, W^{(L)}, \mathbf{b}^{(L)}) = \sum_{j=1}^N \lVert\mathbf{a}_j^{(L)} - \mathbf{y}_j\rVert^2`,
    reading: "a sum, not a mean (later sections divide by N): the definition is checked as " +
      "the total of the examples' costs",
    family: FAMILIES.squaredErrorAny,
    checkable: exact((c) => {
      let s = 0;
      for (let i = 0; i < c.X.cols; i++) {
        const a = forwardFrom(c.net, 0, getColumn(c.X, i)).a[L(c)], y = getColumn(c.Y, i);
        s += a.reduce((acc, v, j) => acc + (v - y[j]) ** 2, 0);
      }
      return { left: batchCost(c, c.net, { sum: true }), right: s };
    }),
  },
  // --- Reviewing Polynomial Regression ---------------------------------------------------
  {
    id: "calculus-polynomial",
    where: "Reviewing Polynomial Regression: the partial derivatives of the squared error",
    statement: String
      .raw`\frac{\partial C}{\partial k_j} = \sum_{i=1}^N 2(p(x_i) - y_i)x_i^j, \quad C = \sum_{i=1}^N (p(x_i) - y_i)^2`,
    reading: "random data: degree d = 1–4, N = 2–6 points, x_i in [−1.5, 1.5], y_i and k_j N(0, 1)",
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const d = 1 + c.rng.int(4), N = 2 + c.rng.int(5);
      const xs = Array.from({ length: N }, () => 3 * c.rng.uniform() - 1.5);
      const ys = Array.from({ length: N }, () => c.rng.normal());
      const k = Array.from({ length: d + 1 }, () => c.rng.normal());
      const p = (kk: ArrayLike<number>, x: number) =>
        Array.from(kk).reduce((s, kj, j) => s + kj * x ** j, 0);
      const C = (kk: Float64Array) => xs.reduce((s, x, i) => s + (p(kk, x) - ys[i]) ** 2, 0);
      return {
        left: gradient(C, k),
        right: k.map((_, j) => xs.reduce((s, x, i) => s + 2 * (p(k, x) - ys[i]) * x ** j, 0)),
        at: `d = ${d}, N = ${N}`,
      };
    }),
  },
  // --- One Layer of One Neuron -----------------------------------------------------------
  {
    id: "calculus-one-neuron-cost",
    where: "One Layer of One Neuron: the cost as a function of w and b",
    statement: String
      .raw`C(w, b) = (a^{(1)} - y)^2 = (\mu(z^{(1)}) - y)^2 = (\mu(wa^{(0)} + b) - y)^2`,
    family: FAMILIES.oneNeuron,
    checkable: exact((c) => {
      const t = traceOf(c), w = c.net.W[1].data[0], b = c.net.b[1][0];
      const m = (v: number) => mu(c, 1)([v])[0];
      return pairs([
        [cost("squaredError").value(t.a[1], c.y), (t.a[1][0] - c.y[0]) ** 2],
        [(t.a[1][0] - c.y[0]) ** 2, (m(t.z[1][0]) - c.y[0]) ** 2],
        [(m(t.z[1][0]) - c.y[0]) ** 2, (m(w * c.x[0] + b) - c.y[0]) ** 2],
      ]);
    }),
  },
  {
    id: "calculus-one-neuron-w",
    where: "One Layer of One Neuron: ∂C/∂w by the chain rule",
    statement: String
      .raw`\frac{\partial C}{\partial w} = \frac{\partial C}{\partial a^{(1)}} \frac{\partial a^{(1)}}{\partial z^{(1)}} \frac{\partial z^{(1)}}{\partial w} = 2(a^{(1)} - y)\mu'(z^{(1)})a^{(0)}`,
    family: FAMILIES.oneNeuron,
    checkable: {
      ...differences((c) => {
        const t = traceOf(c), w = c.net.W[1].data[0];
        const chain = derivative((v) => costOfActivation(c, 1, [v]), t.a[1][0]) *
          derivative((v) => mu(c, 1)([v])[0], t.z[1][0]) * c.x[0];
        return pairs([
          [derivative((v) => costWithParameters(c, 1, { W: [v] }), w), chain],
          [chain, 2 * (t.a[1][0] - c.y[0]) * sigmaPrimeOf(c, 1)[0] * c.x[0]],
        ]);
      }),
      symbolic: {
        chains: ONE_NEURON_CHAINS,
        sides: (s) => ({
          left: [s.d(s.C, "w1")],
          right: [`2 * (${s.a(1)} - y) * ${s.muPrime(1, s.z(1))} * x`],
        }),
      },
    },
  },
  {
    id: "calculus-one-neuron-b",
    where: "One Layer of One Neuron: ∂C/∂b by the chain rule",
    statement: String
      .raw`\frac{\partial C}{\partial b} = \frac{\partial C}{\partial a^{(1)}} \frac{\partial a^{(1)}}{\partial z^{(1)}} \frac{\partial z^{(1)}}{\partial b} = 2(a^{(1)} - y)\mu'(z^{(1)})`,
    family: FAMILIES.oneNeuron,
    checkable: {
      ...differences((c) => {
        const t = traceOf(c);
        const chain = derivative((v) => costOfActivation(c, 1, [v]), t.a[1][0]) *
          derivative((v) => mu(c, 1)([v])[0], t.z[1][0]);
        return pairs([
          [derivative((v) => costWithParameters(c, 1, { b: [v] }), c.net.b[1][0]), chain],
          [chain, 2 * (t.a[1][0] - c.y[0]) * sigmaPrimeOf(c, 1)[0]],
        ]);
      }),
      symbolic: {
        chains: ONE_NEURON_CHAINS,
        sides: (s) => ({
          left: [s.d(s.C, "b1")],
          right: [`2 * (${s.a(1)} - y) * ${s.muPrime(1, s.z(1))}`],
        }),
      },
    },
  },
  {
    id: "calculus-relu-derivative",
    where: "One Layer of One Neuron: the derivative of ReLU",
    statement: String
      .raw`ReLU'(x) = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{if } x \leq 0 \end{cases}`,
    reading: "a derivative exists at x when both one-sided derivatives equal it; they are " +
      "compared with the stated value at x = 0 and at three random points (step 10⁻⁷)",
    family: FAMILIES.anyLayer,
    checkable: firstOrder((c) => {
      const points = [0, c.rng.normal(), c.rng.normal(), c.rng.normal()];
      const stated = (x: number) => (x > 0 ? 1 : 0);
      return {
        left: points.flatMap((x) => oneSided(reluScalar, x)),
        right: points.flatMap((x) => [stated(x), stated(x)]),
        at: `x = ${points.map((x) => x.toPrecision(3)).join(", ")}`,
      };
    }),
    correction: {
      statement: String
        .raw`ReLU'(x) = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{if } x < 0 \end{cases}, \text{ undefined at } x = 0 \;(\text{one-sided derivatives } 0 \text{ and } 1)`,
      note: "ReLU has no derivative at 0; ReLU′(0) = 0 (the library's choice) is a convention",
      ...firstOrder((c) => {
        const points = [c.rng.normal(), c.rng.normal(), c.rng.normal()];
        return pairs([
          [
            points.flatMap((x) => oneSided(reluScalar, x)),
            points.flatMap((x) => {
              const d = x > 0 ? 1 : 0;
              return [d, d];
            }),
          ],
          [oneSided(reluScalar, 0), [0, 1]],
        ], `x = 0, ${points.map((x) => x.toPrecision(3)).join(", ")}`);
      }),
    },
  },
  {
    id: "calculus-relu-one-neuron",
    where: "One Layer of One Neuron: the partial derivatives with ReLU",
    statement: String
      .raw`\frac{\partial C}{\partial w} = \begin{cases} 2(a^{(1)} - y)a^{(0)} & z^{(1)} > 0 \\ 0 & z^{(1)} \leq 0 \end{cases}, \quad \frac{\partial C}{\partial b} = \begin{cases} 2(a^{(1)} - y) & z^{(1)} > 0 \\ 0 & z^{(1)} \leq 0 \end{cases}`,
    reading: "checked where the derivative exists (z^{(1)} ≠ 0, away from the kink); at " +
      "z^{(1)} = 0 it rests on the convention ReLU′(0) = 0 (see the failing claims)",
    family: family({ sizes: [1, 1], output: ["relu"], costs: ["squaredError"], layer: "output" }),
    checkable: differences((c) => {
      const t = traceOf(c), z = t.z[1][0], a = t.a[1][0], y = c.y[0], x = c.x[0];
      return {
        left: [
          derivative((v) => costWithParameters(c, 1, { W: [v] }), c.net.W[1].data[0]),
          derivative((v) => costWithParameters(c, 1, { b: [v] }), c.net.b[1][0]),
        ],
        right: z > 0 ? [2 * (a - y) * x, 2 * (a - y)] : [0, 0],
        at: `z⁽¹⁾ = ${z.toPrecision(3)}`,
      };
    }),
  },
  // --- L layers of one neuron ------------------------------------------------------------
  {
    id: "calculus-chain-cost",
    where: "L layers of one neuron: the cost written out",
    statement: String
      .raw`C = (a^{(L)} - y)^2 = (\mu(z^{(L)}) - y)^2 = (\mu(w^{(L)}a^{(L-1)} + b^{(L)}) - y)^2 = (\mu(w^{(L)}\mu(w^{(L-1)}a^{(L-2)} + b^{(L-1)}) + b^{(L)}) - y)^2`,
    family: FAMILIES.chain,
    checkable: exact((c) => {
      const n = L(c), t = traceOf(c), y = c.y[0];
      const w = (l: number) => c.net.W[l].data[0], b = (l: number) => c.net.b[l][0];
      const m = (l: number, v: number) => mu(c, l)([v])[0];
      const forms = [
        cost("squaredError").value(t.a[n], c.y),
        (t.a[n][0] - y) ** 2,
        (m(n, t.z[n][0]) - y) ** 2,
        (m(n, w(n) * t.a[n - 1][0] + b(n)) - y) ** 2,
        (m(n, w(n) * m(n - 1, w(n - 1) * t.a[n - 2][0] + b(n - 1)) + b(n)) - y) ** 2,
      ];
      return { left: forms.slice(0, -1), right: forms.slice(1) };
    }),
  },
  {
    id: "calculus-chain-local",
    where: "L layers of one neuron: one neuron with respect to the previous",
    statement: String
      .raw`\frac{\partial a^{(L)}}{\partial a^{(L-1)}} = \frac{\partial a^{(L)}}{\partial z^{(L)}} \frac{\partial z^{(L)}}{\partial a^{(L-1)}} = \mu'(z^{(L)})w^{(L)}`,
    family: FAMILIES.chain,
    checkable: differences((c) => {
      const n = L(c), t = traceOf(c);
      return {
        left: derivative((v) => forwardFrom(c.net, n - 1, [v]).a[1][0], t.a[n - 1][0]),
        right: sigmaPrimeOf(c, n)[0] * c.net.W[n].data[0],
      };
    }),
  },
  {
    id: "calculus-chain-w-second-last",
    where: "L layers of one neuron: ∂C/∂w^{(L−1)}",
    statement: String
      .raw`\frac{\partial C}{\partial w^{(L-1)}} = \frac{\partial C}{\partial a^{(L)}} \frac{\partial a^{(L)}}{\partial a^{(L-1)}} \frac{\partial a^{(L-1)}}{\partial z^{(L-1)}} \frac{\partial z^{(L-1)}}{\partial w^{(L-1)}} = 2(a^{(L)} - y)\mu'(z^{(L)})w^{(L)}\mu'(z^{(L-1)})a^{(L-2)}`,
    family: FAMILIES.chain,
    checkable: differences((c) => {
      const n = L(c);
      return {
        left: derivative((v) => costWithParameters(c, n - 1, { W: [v] }), c.net.W[n - 1].data[0]),
        right: chainFormula(c, 1, false),
      };
    }),
  },
  {
    id: "calculus-chain-b-second-last",
    where: "L layers of one neuron: ∂C/∂b^{(L−1)}",
    statement: String
      .raw`\frac{\partial C}{\partial b^{(L-1)}} = \frac{\partial C}{\partial a^{(L)}} \frac{\partial a^{(L)}}{\partial a^{(L-1)}} \frac{\partial a^{(L-1)}}{\partial z^{(L-1)}} \frac{\partial z^{(L-1)}}{\partial b^{(L-1)}} = 2(a^{(L)} - y)\mu'(z^{(L)})w^{(L)}\mu'(z^{(L-1)})`,
    family: FAMILIES.chain,
    checkable: differences((c) => {
      const n = L(c);
      return {
        left: derivative((v) => costWithParameters(c, n - 1, { b: [v] }), c.net.b[n - 1][0]),
        right: chainFormula(c, 1, true),
      };
    }),
  },
  {
    id: "calculus-chain-local-general",
    where: "L layers of one neuron: the (L − j + 1)-th neuron with respect to the (L − j)-th",
    statement: String
      .raw`\frac{\partial a^{(L-j+1)}}{\partial a^{(L-j)}} = \mu'(z^{(L-j+1)})w^{(L-j+1)}`,
    reading: "for every j = 1, …, L",
    family: FAMILIES.chain,
    checkable: differences((c) => {
      const n = L(c), t = traceOf(c);
      const js = Array.from({ length: n }, (_, i) => i + 1);
      return {
        left: js.map((j) =>
          derivative((v) => forwardFrom(c.net, n - j, [v]).a[1][0], t.a[n - j][0])
        ),
        right: js.map((j) => sigmaPrimeOf(c, n - j + 1)[0] * c.net.W[n - j + 1].data[0]),
      };
    }),
  },
  {
    id: "calculus-chain-w-general",
    where: "L layers of one neuron: ∂C/∂w^{(L−j)} in general",
    statement: String
      .raw`\frac{\partial C}{\partial w^{(L-j)}} = 2(a^{(L)} - y) \left(\prod_{i=1}^j \mu'(z^{(L-i+1)}) w^{(L-i+1)} \right) \mu'(z^{(L-j)}) a^{(L-j-1)}`,
    reading: "for every j = 0, …, L − 1 (j = 0: the empty product)",
    family: FAMILIES.chain,
    checkable: {
      ...differences((c) => {
        const n = L(c), js = Array.from({ length: n }, (_, j) => j);
        return {
          left: js.map((j) =>
            derivative((v) => costWithParameters(c, n - j, { W: [v] }), c.net.W[n - j].data[0])
          ),
          right: js.map((j) => chainFormula(c, j, false)),
        };
      }),
      symbolic: {
        chains: CHAINS,
        sides: (s) => {
          const js = Array.from({ length: s.L }, (_, j) => j);
          return {
            left: js.map((j) => s.d(s.C, `w${s.L - j}`)),
            right: js.map((j) => {
              const f = [`2 * (${s.a(s.L)} - y)`];
              for (let i = 1; i <= j; i++) {
                f.push(`${s.muPrime(s.L - i + 1, s.z(s.L - i + 1))} * w${s.L - i + 1}`);
              }
              f.push(s.muPrime(s.L - j, s.z(s.L - j)), `(${s.a(s.L - j - 1)})`);
              return f.join(" * ");
            }),
          };
        },
      },
    },
  },
  {
    id: "calculus-chain-b-general",
    where: "L layers of one neuron: ∂C/∂b^{(L−j)} in general",
    statement: String
      .raw`\frac{\partial C}{\partial b^{(L-j)}} = 2(a^{(L)} - y) \left(\prod_{i=1}^j \mu'(z^{(L-i+1)}) w^{(L-i+1)} \right) \mu'(z^{(L-j)})`,
    reading: "for every j = 0, …, L − 1",
    family: FAMILIES.chain,
    checkable: {
      ...differences((c) => {
        const n = L(c), js = Array.from({ length: n }, (_, j) => j);
        return {
          left: js.map((j) =>
            derivative((v) => costWithParameters(c, n - j, { b: [v] }), c.net.b[n - j][0])
          ),
          right: js.map((j) => chainFormula(c, j, true)),
        };
      }),
      symbolic: {
        chains: CHAINS,
        sides: (s) => {
          const js = Array.from({ length: s.L }, (_, j) => j);
          return {
            left: js.map((j) => s.d(s.C, `b${s.L - j}`)),
            right: js.map((j) => {
              const f = [`2 * (${s.a(s.L)} - y)`];
              for (let i = 1; i <= j; i++) {
                f.push(`${s.muPrime(s.L - i + 1, s.z(s.L - i + 1))} * w${s.L - i + 1}`);
              }
              f.push(s.muPrime(s.L - j, s.z(s.L - j)));
              return f.join(" * ");
            }),
          };
        },
      },
    },
  },
  // --- L Layers with Arbitrary Neurons ---------------------------------------------------
  {
    id: "calculus-widths-activation",
    where: "L Layers with Arbitrary Neurons: the activation of the i-th neuron of layer ℓ",
    statement: String
      .raw`a_i^{(\ell)} = \mu(z_i^{(\ell)}) = \mu \left(\sum_{j=1}^{n_{\ell-1}} (w_{ij}^{(\ell)} a_j^{(\ell-1)} + b_i^{(\ell)}) \right)`,
    reading: "w_{ij} as the section's formulas use it (and the matrix section defines it): the " +
      "weight neuron j of layer ℓ − 1 has on neuron i (the convention the section states is " +
      "the next claim). The bias sits inside the sum over j, so it is added " +
      "n_{ℓ−1} times; checked with n_{ℓ−1} ≥ 2",
    family: wideAny,
    checkable: exact((c) => {
      const W = c.net.W[c.l], a = traceOf(c).a[c.l - 1], b = c.net.b[c.l];
      const inside = Array.from({ length: W.rows }, (_, i) => {
        let s = 0;
        for (let j = 0; j < W.cols; j++) s += entry(W, i, j) * a[j] + b[i];
        return s;
      });
      return { left: traceOf(c).a[c.l], right: mu(c, c.l)(inside), at: `ℓ = ${c.l}` };
    }),
    correction: {
      statement: String
        .raw`a_i^{(\ell)} = \mu(z_i^{(\ell)}) = \mu \left(\sum_{j=1}^{n_{\ell-1}} w_{ij}^{(\ell)} a_j^{(\ell-1)} + b_i^{(\ell)} \right)`,
      note: "the bias outside the sum: added once",
      family: FAMILIES.anyLayer,
      ...exact((c) => ({
        left: traceOf(c).a[c.l],
        right: mu(c, c.l)(affine(c.net.W[c.l], traceOf(c).a[c.l - 1], c.net.b[c.l])),
        at: `ℓ = ${c.l}`,
      })),
    },
  },
  {
    id: "calculus-widths-convention",
    where:
      "L Layers with Arbitrary Neurons: the stated weight convention, then ∂a_i^{(ℓ)}/∂a_j^{(ℓ−1)}",
    statement: String
      .raw`w_{ji}^{(L)} \text{: the weight the } j\text{-th neuron on the } (L-1)\text{-th layer has on the } i\text{-th neuron on the } L\text{-th layer}; \quad \frac{\partial a_i^{(\ell)}}{\partial a_j^{(\ell-1)}} = \mu'(z_i^{(\ell)}) w_{ij}`,
    reading: "with the convention the section states, w_{ij} is the weight neuron i of layer " +
      "ℓ − 1 has on neuron j of layer ℓ, the course's w^ℓ_{ji}. Checked on square layers (else " +
      "w_{ij} does not exist for every i, j). Read with the matrix section's convention instead " +
      "(w_{ij}: neuron j on neuron i) the formula holds: that is the correction",
    family: squareAny,
    checkable: differences((c) => {
      const W = c.net.W[c.l], s = sigmaPrimeOf(c, c.l);
      return {
        left: jacobian((v) => forwardFrom(c.net, c.l - 1, v).a[1], traceOf(c).a[c.l - 1]),
        right: matrixOf(W.rows, W.cols, (i, j) => s[i] * entry(W, j, i)),
        at: `ℓ = ${c.l}`,
      };
    }),
    correction: {
      statement: String
        .raw`w_{ij}^{(\ell)} \text{: the weight the } j\text{-th neuron of layer } \ell-1 \text{ has on the } i\text{-th neuron of layer } \ell; \quad \frac{\partial a_i^{(\ell)}}{\partial a_j^{(\ell-1)}} = \mu'(z_i^{(\ell)}) w_{ij}^{(\ell)}`,
      note: 'state the convention the formulas use, as the section "Utilizing Matrix/Vector ' +
        'Notation" does',
      family: FAMILIES.anyLayer,
      ...differences((c) => {
        const W = c.net.W[c.l], s = sigmaPrimeOf(c, c.l);
        return {
          left: jacobian((v) => forwardFrom(c.net, c.l - 1, v).a[1], traceOf(c).a[c.l - 1]),
          right: matrixOf(W.rows, W.cols, (i, j) => s[i] * entry(W, i, j)),
          at: `ℓ = ${c.l}`,
        };
      }),
    },
  },
  {
    id: "calculus-widths-cost-gradient",
    where: "L Layers with Arbitrary Neurons: the cost and its partial derivative in a_i^{(L)}",
    statement: String
      .raw`C = \sum_{j=1}^{n_L} (a_j^{(L)} - y_j)^2, \quad \frac{\partial C}{\partial a_i^{(L)}} = 2(a_i^{(L)} - y_i)`,
    family: squaredErrorOutput,
    checkable: differences((c) => {
      const a = traceOf(c).a[L(c)];
      return pairs([
        [cost("squaredError").value(a, c.y), a.reduce((s, v, j) => s + (v - c.y[j]) ** 2, 0)],
        [activationGradientByDifferences(c, L(c)), a.map((v, i) => 2 * (v - c.y[i]))],
      ]);
    }),
  },
  {
    id: "calculus-widths-last-layer",
    where: "L Layers with Arbitrary Neurons: the last layer's weights and biases",
    statement: String
      .raw`\frac{\partial C}{\partial w_{ij}^{(L)}} = 2(a_i^{(L)} - y_i) \mu'(z_i^{(L)}) a_j^{(L-1)}, \quad \frac{\partial C}{\partial b_i^{(L)}} = 2(a_i^{(L)} - y_i) \mu'(z_i^{(L)})`,
    reading: "w_{ij}: the weight neuron j of layer L − 1 has on neuron i of layer L (the " +
      "convention the formula uses)",
    family: squaredErrorOutput,
    checkable: differences((c) => {
      const n = L(c), t = traceOf(c), s = sigmaPrimeOf(c, n);
      const e = t.a[n].map((v, i) => 2 * (v - c.y[i]) * s[i]);
      const fd = parameterGradientByDifferences(c, n);
      return pairs([
        [fd.dW, matrixOf(e.length, t.a[n - 1].length, (i, j) => e[i] * t.a[n - 1][j])],
        [fd.db, e],
      ]);
    }),
  },
  {
    id: "calculus-widths-second-last",
    where: "L Layers with Arbitrary Neurons: layer L − 1 through n_L paths",
    statement: String
      .raw`\frac{\partial C}{\partial w_{ij}^{(L-1)}} = \sum_{k=1}^{n_L} \left(\frac{\partial C}{\partial a_k^{(L)}} \frac{\partial a_k^{(L)}}{\partial a_i^{(L-1)}} \right) \frac{\partial a_i^{(L-1)}}{\partial z_i^{(L-1)}} \frac{\partial z_i^{(L-1)}}{\partial w_{ij}^{(L-1)}}, \quad \frac{\partial C}{\partial b_i^{(L-1)}} = \sum_{k=1}^{n_L} \left(\frac{\partial C}{\partial a_k^{(L)}} \frac{\partial a_k^{(L)}}{\partial a_i^{(L-1)}} \right) \frac{\partial a_i^{(L-1)}}{\partial z_i^{(L-1)}} \frac{\partial z_i^{(L-1)}}{\partial b_i^{(L-1)}}`,
    family: squaredErrorDeep,
    checkable: differences((c) => {
      const n = L(c), t = traceOf(c);
      const g = activationGradientByDifferences(c, n);
      const J = jacobian((v) => forwardFrom(c.net, n - 1, v).a[1], t.a[n - 1]);
      const s = t.z[n - 1].map((z) => derivative((v) => mu(c, n - 1)([v])[0], z));
      const through = matvec(J, g, { transpose: true }).map((v, i) => v * s[i]);
      const fd = parameterGradientByDifferences(c, n - 1);
      return pairs([
        [fd.dW, matrixOf(through.length, t.a[n - 2].length, (i, j) => through[i] * t.a[n - 2][j])],
        [fd.db, through],
      ]);
    }),
  },
  {
    id: "calculus-widths-paths",
    where: "L Layers with Arbitrary Neurons: the number of paths from layer L − j to the cost",
    statement: String
      .raw`\text{each neuron in the } (L-j)\text{-th layer influences the cost through } \prod_{i=0}^{j-1} n_{L-i} \text{ paths}`,
    reading: "counted by the library's enumeration of paths (listPaths), for j = L − ℓ",
    family: family({ depth: [1, 4], widths: [1, 4], layer: "any" }),
    checkable: exact((c) => {
      const j = L(c) - c.l;
      let product = 1;
      for (let i = 0; i < j; i++) product *= c.net.sizes[L(c) - i];
      return { left: [...listPaths(c.net, c.l, 0)].length, right: product, at: `j = ${j}` };
    }),
  },
  // --- Considering Multiple Training Data Points ----------------------------------------
  {
    id: "calculus-multi-cost",
    where: "Considering Multiple Training Data Points: the cost summed over N points",
    statement: String
      .raw`C = \sum_{l=1}^N \lVert\mathbf{a}_l^{(L)} - \mathbf{y}_l\rVert^2 = \sum_{l=1}^N \sum_{j=1}^{n_L} ((a_l)_j^{(L)} - (y_l)_j)^2`,
    family: FAMILIES.squaredErrorAny,
    checkable: exact((c) => {
      let s = 0;
      for (let i = 0; i < c.X.cols; i++) {
        const a = forwardFrom(c.net, 0, getColumn(c.X, i)).a[L(c)], y = getColumn(c.Y, i);
        for (let j = 0; j < a.length; j++) s += (a[j] - y[j]) ** 2;
      }
      return { left: batchCost(c, c.net, { sum: true }), right: s };
    }),
  },
  {
    id: "calculus-multi-gradient",
    where: "Considering Multiple Training Data Points: the partial derivatives summed over l",
    statement: String
      .raw`\frac{\partial C}{\partial w_{ij}^{(L)}} = \sum_{l=1}^N \frac{\partial C}{\partial (a_l)_i^{(L)}} \frac{\partial (a_l)_i^{(L)}}{\partial (z_l)_i^{(L)}} \frac{\partial (z_l)_i^{(L)}}{\partial w_{ij}^{(L)}}, \;\dots,\; \frac{\partial C}{\partial b_i^{(L-1)}} = \sum_{l=1}^N \sum_{k=1}^{n_L} \left(\frac{\partial C}{\partial (a_l)_k^{(L)}} \frac{\partial (a_l)_k^{(L)}}{\partial (a_l)_i^{(L-1)}} \right) \frac{\partial (a_l)_i^{(L-1)}}{\partial (z_l)_i^{(L-1)}} \frac{\partial (z_l)_i^{(L-1)}}{\partial b_i^{(L-1)}}`,
    reading: "C the total over the N examples; all four equations (w and b, layers L and L − 1), " +
      "each example's terms by the δ recursion",
    family: squaredErrorDeep,
    checkable: differences((c) => {
      const n = L(c), list: [Side, Side][] = [];
      for (const l of [n, n - 1]) {
        const fd = batchParameterGradientByDifferences(c, l, { sum: true });
        const dW = new Float64Array(fd.dW.data.length), db = new Float64Array(fd.db.length);
        for (let i = 0; i < c.X.cols; i++) {
          const g = deltaRecursion(c.net, getColumn(c.X, i), getColumn(c.Y, i), c.cost);
          g.dW[l].data.forEach((v, k) => (dW[k] += v));
          g.db[l].forEach((v, k) => (db[k] += v));
        }
        list.push([fd.dW.data, dW], [fd.db, db]);
      }
      return pairs(list);
    }),
  },
  // --- Backpropagation: Utilizing Matrix/Vector Notation --------------------------------
  {
    id: "calculus-matrix-forward",
    where:
      "Utilizing Matrix/Vector Notation: z^{(ℓ)} = W^{(ℓ)} a^{(ℓ−1)} + b^{(ℓ)}, a^{(ℓ)} = μ(z^{(ℓ)})",
    statement: String
      .raw`\mathbf{z}^{(\ell)} = W^{(\ell)} \mathbf{a}^{(\ell-1)} + \mathbf{b}^{(\ell)}, \quad \mathbf{a}^{(\ell)} = \mu(\mathbf{z}^{(\ell)}), \quad W^{(\ell)} \in \mathbb{R}^{n_\ell \times n_{\ell-1}}`,
    reading: "w_{ij}^{(ℓ)}: the weight neuron j of the previous layer has on neuron i, as the " +
      "section says: the course's convention",
    family: FAMILIES.anyLayer,
    checkable: exact((c) => {
      const t = traceOf(c), z = affine(c.net.W[c.l], t.a[c.l - 1], c.net.b[c.l]);
      return pairs([
        [t.z[c.l], z],
        [t.a[c.l], mu(c, c.l)(z)],
        [[c.net.W[c.l].rows, c.net.W[c.l].cols], [c.net.sizes[c.l], c.net.sizes[c.l - 1]]],
      ], `ℓ = ${c.l}`);
    }),
  },
  {
    id: "calculus-matrix-components",
    where: "Utilizing Matrix/Vector Notation: ∂C/∂w_{ij} and ∂C/∂b_i through δ_i",
    statement: String
      .raw`\frac{\partial C}{\partial w_{ij}^{(\ell)}} = \delta_i^{(\ell)} \frac{\partial z_i^{(\ell)}}{\partial w_{ij}^{(\ell)}} = \delta_i^{(\ell)} a_j^{(\ell-1)}, \quad \frac{\partial C}{\partial b_i^{(\ell)}} = \delta_i^{(\ell)}`,
    family: FAMILIES.squaredErrorAny,
    checkable: differences((c) => {
      const d = deltaByDifferences(c, c.l), a = traceOf(c).a[c.l - 1];
      const fd = parameterGradientByDifferences(c, c.l);
      return pairs([
        [fd.dW, matrixOf(d.length, a.length, (i, j) => d[i] * a[j])],
        [fd.db, d],
      ], `ℓ = ${c.l}`);
    }),
  },
  {
    id: "calculus-matrix-gradient",
    where: "Utilizing Matrix/Vector Notation: the gradient in matrix form",
    statement: String
      .raw`\frac{\partial C}{\partial \mathbf{W}^{(\ell)}} = \boldsymbol{\delta}^{(\ell)} (\mathbf{a}^{(\ell-1)})^T, \quad \frac{\partial C}{\partial \mathbf{b}^{(\ell)}} = \boldsymbol{\delta}^{(\ell)}`,
    family: FAMILIES.squaredErrorAny,
    checkable: differences((c) => {
      const d = deltasOf(c)[c.l], a = traceOf(c).a[c.l - 1];
      const fd = parameterGradientByDifferences(c, c.l);
      return pairs([
        [fd.dW, matmul({ rows: d.length, cols: 1, data: d }, { rows: 1, cols: a.length, data: a })],
        [fd.db, d],
      ], `ℓ = ${c.l}`);
    }),
  },
  {
    id: "calculus-delta-chain",
    where: "Utilizing Matrix/Vector Notation: δ_i^{(ℓ)} from the chain rule",
    statement: String
      .raw`\delta_i^{(\ell)} = \frac{\partial C}{\partial z_i^{(\ell)}} = \frac{\partial C}{\partial a_i^{(\ell)}} \frac{\partial a_i^{(\ell)}}{\partial z_i^{(\ell)}}`,
    reading: "∂C/∂a_i^{(ℓ)}: C as a function of a^{(ℓ)}, the later layers run forward (μ " +
      "elementwise)",
    family: FAMILIES.anyLayer,
    checkable: differences((c) => {
      const s = traceOf(c).z[c.l].map((z) => derivative((v) => mu(c, c.l)([v])[0], z));
      return {
        left: deltaByDifferences(c, c.l),
        right: activationGradientByDifferences(c, c.l).map((g, i) => g * s[i]),
        at: `ℓ = ${c.l}`,
      };
    }),
  },
  {
    id: "calculus-delta-output",
    where: "Utilizing Matrix/Vector Notation: δ^{(L)}",
    statement: String
      .raw`\delta_i^{(L)} = 2(a_i^{(L)} - y_i) \mu'(z_i^{(L)}), \quad \delta^{(L)} = \frac{\partial C}{\partial \mathbf{z}^{(L)}} = 2(\mathbf{a}^{(L)} - \mathbf{y}) \odot \mu'(\mathbf{z}^{(L)})`,
    family: squaredErrorOutput,
    checkable: differences((c) => {
      const s = sigmaPrimeOf(c, L(c));
      return {
        left: deltaByDifferences(c, L(c)),
        right: traceOf(c).a[L(c)].map((a, i) => 2 * (a - c.y[i]) * s[i]),
      };
    }),
  },
  {
    id: "calculus-delta-recursion-chain",
    where: "Utilizing Matrix/Vector Notation: δ_i^{(ℓ−1)} by the chain rule",
    statement: String
      .raw`\delta_i^{(\ell-1)} = \frac{\partial C}{\partial z_i^{(\ell-1)}} = \sum_{k=1}^{n_\ell} \frac{\partial C}{\partial z_k^{(\ell)}} \frac{\partial z_k^{(\ell)}}{\partial z_i^{(\ell-1)}} = \sum_{k=1}^{n_\ell} \delta_k^\ell \frac{\partial z_k^{(\ell)}}{\partial z_i^{(\ell-1)}}`,
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const J = jacobian((z) => nextWeightedInput(c, c.l, z), traceOf(c).z[c.l]);
      return {
        left: deltaByDifferences(c, c.l),
        right: matvec(J, deltaByDifferences(c, c.l + 1), { transpose: true }),
        at: `ℓ − 1 = ${c.l}`,
      };
    }),
  },
  {
    id: "calculus-delta-forward-sum",
    where: "Utilizing Matrix/Vector Notation: z_k^{(ℓ)} through the neurons of layer ℓ − 1",
    statement: String
      .raw`z_k^{(\ell)} = \sum_{j=1}^{n_\ell} w_{kj}^{(\ell)} a_j^{(\ell-1)} + b_k^{(\ell)} = \sum_{j=1}^{n_\ell} w_{kj}^{(\ell)} \mu(z_j^{(\ell-1)}) + b_k^{(\ell)}`,
    reading: "as printed, the sum runs to n_ℓ, the width of layer ℓ, while a^{(ℓ−1)} has " +
      "n_{ℓ−1} entries: checked on sizes [4, 3, 2], where n_ℓ < n_{ℓ−1} and the sum drops " +
      "terms (where n_ℓ > n_{ℓ−1} it is not even defined)",
    family: family({ sizes: [4, 3, 2], layer: "any" }),
    checkable: exact((c) => {
      const W = c.net.W[c.l], a = traceOf(c).a[c.l - 1], n = c.net.sizes[c.l];
      return {
        left: traceOf(c).z[c.l],
        right: Array.from({ length: W.rows }, (_, k) => {
          let s = c.net.b[c.l][k];
          for (let j = 0; j < n; j++) s += entry(W, k, j) * a[j];
          return s;
        }),
        at: `ℓ = ${c.l}`,
      };
    }),
    correction: {
      statement: String
        .raw`z_k^{(\ell)} = \sum_{j=1}^{n_{\ell-1}} w_{kj}^{(\ell)} a_j^{(\ell-1)} + b_k^{(\ell)} = \sum_{j=1}^{n_{\ell-1}} w_{kj}^{(\ell)} \mu(z_j^{(\ell-1)}) + b_k^{(\ell)}`,
      note: "the sum runs over the n_{ℓ−1} neurons of layer ℓ − 1",
      family: FAMILIES.anyLayer,
      ...exact((c) => {
        const t = traceOf(c), W = c.net.W[c.l];
        const s = c.l > 1 ? mu(c, c.l - 1)(t.z[c.l - 1]) : t.a[0];
        return pairs([
          [t.z[c.l], affine(W, t.a[c.l - 1], c.net.b[c.l])],
          [affine(W, t.a[c.l - 1], c.net.b[c.l]), affine(W, s, c.net.b[c.l])],
        ], `ℓ = ${c.l}`);
      }),
    },
  },
  {
    id: "calculus-delta-derivative",
    where: "Utilizing Matrix/Vector Notation: only the i-th term survives",
    statement: String
      .raw`\frac{\partial z_k^{(\ell)}}{\partial z_i^{(\ell-1)}} = w_{ki} \mu'(z_i^{(\ell-1)})`,
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const W = c.net.W[c.l + 1], s = sigmaPrimeOf(c, c.l);
      return {
        left: jacobian((z) => nextWeightedInput(c, c.l, z), traceOf(c).z[c.l]),
        right: matrixOf(W.rows, W.cols, (k, i) => entry(W, k, i) * s[i]),
        at: `ℓ − 1 = ${c.l}`,
      };
    }),
  },
  {
    id: "calculus-delta-component",
    where: "Utilizing Matrix/Vector Notation: δ_i^{(ℓ−1)} in components",
    statement: String
      .raw`\delta_i^{(\ell-1)} = \sum_{k=1}^{n_\ell} \delta_k^\ell w_{ki} \mu'(z_i^{(\ell-1)}) = \mu'(z_i^{(\ell-1)}) \sum_{k=1}^{n_\ell} \delta_k^\ell w_{ki}`,
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const W = c.net.W[c.l + 1], d = deltaByDifferences(c, c.l + 1), s = sigmaPrimeOf(c, c.l);
      const sum = (i: number) => {
        let acc = 0;
        for (let k = 0; k < W.rows; k++) acc += d[k] * entry(W, k, i);
        return acc;
      };
      return {
        left: deltaByDifferences(c, c.l),
        right: Array.from(s, (si, i) => si * sum(i)),
        at: `ℓ − 1 = ${c.l}`,
      };
    }),
  },
  {
    id: "calculus-delta-vector",
    where: "Utilizing Matrix/Vector Notation: δ^{(ℓ−1)} in vector notation",
    statement: String
      .raw`\delta^{(\ell-1)} = \mu'(\mathbf{z}^{(\ell-1)}) \odot (W^{(\ell)})^T \delta^{(\ell)}`,
    family: FAMILIES.hidden,
    checkable: differences((c) => {
      const s = sigmaPrimeOf(c, c.l);
      return {
        left: deltaByDifferences(c, c.l),
        right: matvec(c.net.W[c.l + 1], deltaByDifferences(c, c.l + 1), { transpose: true }).map(
          (v, i) => s[i] * v,
        ),
        at: `ℓ − 1 = ${c.l}`,
      };
    }),
  },
  {
    id: "calculus-delta-example",
    where: "Utilizing Matrix/Vector Notation: for example, the second to last layer",
    statement: String
      .raw`\boldsymbol{\delta}^{(L-1)} = \mu'(\mathbf{z}^{(L)}) \odot (W^{(L)})^T \boldsymbol{\delta}^{(L)} = \mu'(\mathbf{z}^{(L)}) \odot \left(2(W^{(L)})^T ((\mathbf{a}^{(L)} - \mathbf{y}) \odot \mu'(\mathbf{z}^{(L)}))\right)`,
    reading: "as printed, μ′ at z^{(L)}; where n_{L−1} ≠ n_L the first ⊙ is not even defined, " +
      "so checked on layers of equal width (both equalities at once)",
    family: squaredErrorSquare,
    checkable: differences((c) => {
      const n = L(c), a = traceOf(c).a[n], sL = sigmaPrimeOf(c, n);
      const WT = (v: ArrayLike<number>) => matvec(c.net.W[n], v, { transpose: true });
      const first = WT(deltaByDifferences(c, n)).map((v, i) => sL[i] * v);
      const second = WT(a.map((v, i) => (v - c.y[i]) * sL[i])).map((v, i) => sL[i] * 2 * v);
      return pairs([[deltaByDifferences(c, n - 1), first], [first, second]]);
    }),
    correction: {
      statement: String
        .raw`\boldsymbol{\delta}^{(L-1)} = \mu'(\mathbf{z}^{(L-1)}) \odot (W^{(L)})^T \boldsymbol{\delta}^{(L)} = \mu'(\mathbf{z}^{(L-1)}) \odot \left(2(W^{(L)})^T ((\mathbf{a}^{(L)} - \mathbf{y}) \odot \mu'(\mathbf{z}^{(L)}))\right)`,
      note: "μ′ of layer L − 1, the layer δ^{(L−1)} belongs to",
      family: squaredErrorDeep,
      ...differences((c) => {
        const n = L(c), a = traceOf(c).a[n], sL = sigmaPrimeOf(c, n), s = sigmaPrimeOf(c, n - 1);
        const WT = (v: ArrayLike<number>) => matvec(c.net.W[n], v, { transpose: true });
        const first = WT(deltaByDifferences(c, n)).map((v, i) => s[i] * v);
        const second = WT(a.map((v, i) => (v - c.y[i]) * sL[i])).map((v, i) => s[i] * 2 * v);
        return pairs([[deltaByDifferences(c, n - 1), first], [first, second]]);
      }),
    },
  },
  {
    id: "calculus-summary-cost",
    where: "Utilizing Matrix/Vector Notation, final summary: the cost over N trials",
    statement: String
      .raw`C(W^{(1)}, \mathbf{b}^{(1)}, \dots, W^{(L)}, \mathbf{b}^{(L)}) = \frac{1}{N} \sum_{l=1}^N \lVert\mathbf{a}_l^{(L)} - \mathbf{y}_l\rVert^2`,
    reading: "a mean, where earlier sections summed: the definition is checked as the mean of " +
      "the examples' ‖a − y‖²",
    family: FAMILIES.squaredErrorAny,
    checkable: exact((c) => {
      let s = 0;
      for (let i = 0; i < c.X.cols; i++) {
        const a = forwardFrom(c.net, 0, getColumn(c.X, i)).a[L(c)], y = getColumn(c.Y, i);
        s += a.reduce((acc, v, j) => acc + (v - y[j]) ** 2, 0);
      }
      return { left: batchCost(c), right: s / c.X.cols };
    }),
  },
  {
    id: "calculus-summary-gradient",
    where: "Utilizing Matrix/Vector Notation, final summary: its partial derivatives",
    statement: String
      .raw`\frac{\partial C}{\partial W^{(\ell)}} = \sum_{l=1}^N \boldsymbol{\delta}_l^{(\ell)} (\mathbf{a}_l^{(\ell-1)})^T, \quad \frac{\partial C}{\partial \mathbf{b}^{(\ell)}} = \sum_{l=1}^N \boldsymbol{\delta}_l^{(\ell)}, \quad \boldsymbol{\delta}_l^{(L)} = 2(\mathbf{a}_l^{(L)} - \mathbf{y}_l) \odot \mu'(\mathbf{z}_l^{(L)})`,
    reading: "C the mean just defined (1/N); δ_l by the recursion given with it (each " +
      "example's own error, no 1/N)",
    family: FAMILIES.squaredErrorAny,
    checkable: differences((c) => {
      const fd = batchParameterGradientByDifferences(c, c.l);
      const D = batchDeltasByDifferences(c, c.l), A = batchTraceOf(c).a[c.l - 1];
      return pairs([
        [fd.dW, matmul(D, A, { transposeB: true })],
        [fd.db, columnSums(D)],
      ], `ℓ = ${c.l}, N = ${c.X.cols}`);
    }),
    correction: {
      statement: String
        .raw`\frac{\partial C}{\partial W^{(\ell)}} = \frac{1}{N}\sum_{l=1}^N \boldsymbol{\delta}_l^{(\ell)} (\mathbf{a}_l^{(\ell-1)})^T, \quad \frac{\partial C}{\partial \mathbf{b}^{(\ell)}} = \frac{1}{N}\sum_{l=1}^N \boldsymbol{\delta}_l^{(\ell)}`,
      note: "the 1/N of the mean cost carries over to its gradient",
      ...differences((c) => {
        const fd = batchParameterGradientByDifferences(c, c.l);
        const N = c.X.cols, D = batchDeltasByDifferences(c, c.l), A = batchTraceOf(c).a[c.l - 1];
        return pairs([
          [fd.dW, scale(matmul(D, A, { transposeB: true }), 1 / N)],
          [fd.db, columnSums(D).map((v) => v / N)],
        ], `ℓ = ${c.l}, N = ${N}`);
      }),
    },
  },
  {
    id: "calculus-summary-recursion",
    where: "Utilizing Matrix/Vector Notation, final summary: the recursive formula for δ_l",
    statement: String
      .raw`\boldsymbol{\delta}_l^{(L)} = 2(\mathbf{a}_l^{(L)} - \mathbf{y}_l) \odot \mu'(\mathbf{z}_l^{(L)}), \quad \boldsymbol{\delta}_l^{(\ell-1)} = \mu'(\mathbf{z}_l^{(\ell)}) \odot (W^{(\ell)})^T \boldsymbol{\delta}_l^{(\ell)}`,
    reading: "δ_l the error of example l's own cost ‖a_l − y_l‖² (so that the first equation " +
      "holds; as ∂C/∂z_l of the mean C every δ_l would carry 1/N). As printed, μ′ at z^{(ℓ)}; " +
      "checked on layers of equal width (else the ⊙ is not defined), ℓ − 1 a hidden layer",
    family: squaredErrorSquare,
    checkable: differences((c) => {
      const n = L(c), l = c.l + 1, sL = sigmaPrimeOf(c, n), s = sigmaPrimeOf(c, l);
      return pairs([
        [deltaByDifferences(c, n), traceOf(c).a[n].map((a, i) => 2 * (a - c.y[i]) * sL[i])],
        [
          deltaByDifferences(c, l - 1),
          matvec(c.net.W[l], deltaByDifferences(c, l), { transpose: true }).map((v, i) => s[i] * v),
        ],
      ], `ℓ = ${l}`);
    }),
    correction: {
      statement: String
        .raw`\boldsymbol{\delta}_l^{(L)} = 2(\mathbf{a}_l^{(L)} - \mathbf{y}_l) \odot \mu'(\mathbf{z}_l^{(L)}), \quad \boldsymbol{\delta}_l^{(\ell-1)} = \mu'(\mathbf{z}_l^{(\ell-1)}) \odot (W^{(\ell)})^T \boldsymbol{\delta}_l^{(\ell)}`,
      note: "μ′ of layer ℓ − 1 (as the text's own derivation found it)",
      family: squaredErrorDeep,
      ...differences((c) => {
        const n = L(c), l = c.l + 1, sL = sigmaPrimeOf(c, n), s = sigmaPrimeOf(c, l - 1);
        return pairs([
          [deltaByDifferences(c, n), traceOf(c).a[n].map((a, i) => 2 * (a - c.y[i]) * sL[i])],
          [
            deltaByDifferences(c, l - 1),
            matvec(c.net.W[l], deltaByDifferences(c, l), { transpose: true }).map((v, i) =>
              s[i] * v
            ),
          ],
        ], `ℓ = ${l}`);
      }),
    },
  },
  // --- Worked Example: Basic Handwritten Digit Classifier -------------------------------
  {
    id: "calculus-mnist-shapes",
    where: "Worked Example, Forward Propagation: the dimensions, and 7960 parameters",
    statement: String
      .raw`W^{(1)} \in \mathbb{R}^{10 \times 784},\; W^{(2)} \in \mathbb{R}^{10 \times 10},\; \mathbf{b}^{(1)}, \mathbf{b}^{(2)} \in \mathbb{R}^{10}: \; 7960 \text{ parameters}`,
    reading: "a 784-10-10 network from the library: its shapes and parameter count",
    family: FAMILIES.anyLayer,
    checkable: exact(() => {
      mnistNetwork ??= createNetwork({
        sizes: [784, 10, 10],
        activations: ["relu", "softmax"],
        seed: 1,
      });
      const n = mnistNetwork;
      return {
        left: [
          n.W[1].rows,
          n.W[1].cols,
          n.W[2].rows,
          n.W[2].cols,
          n.b[1].length,
          n.b[2].length,
          parameterCount(n.sizes),
        ],
        right: [10, 784, 10, 10, 10, 10, 7960],
      };
    }),
  },
  {
    id: "calculus-mnist-forward",
    where: "Worked Example, Forward Propagation: the four vectors stored",
    statement: String
      .raw`\mathbf{z}_l^{(1)} = W^{(1)}\mathbf{a}_l^{(0)} + \mathbf{b}_l^{(1)}, \; \mathbf{a}_l^{(1)} = ReLU(\mathbf{z}_l^{(1)}), \; \mathbf{z}_l^{(2)} = W^{(2)}\mathbf{a}_l^{(1)} + \mathbf{b}_l^{(2)}, \; \mathbf{a}_l^{(2)} = Softmax(\mathbf{z}_l^{(2)})`,
    reading: "garbled as printed: b_l^{(1)}, b_l^{(2)} carry the example's index l, but the " +
      "notes define no bias per example; read as b^{(1)}, b^{(2)}. Checked on small networks " +
      "of the same kind (ReLU, then softmax, cross-entropy, one-hot targets)",
    family: FAMILIES.twoLayerClassifier,
    checkable: exact((c) => {
      const t = traceOf(c);
      const z1 = affine(c.net.W[1], c.x, c.net.b[1]);
      const a1 = z1.map((v) => Math.max(v, 0));
      const z2 = affine(c.net.W[2], a1, c.net.b[2]);
      const S = z2.reduce((s, v) => s + Math.exp(v), 0);
      return pairs([[t.z[1], z1], [t.a[1], a1], [t.z[2], z2], [
        t.a[2],
        z2.map((v) => Math.exp(v) / S),
      ]]);
    }),
  },
  {
    id: "calculus-softmax",
    where: "Worked Example: the softmax function; the activations of the last layer add to 1",
    statement: String
      .raw`(\text{Softmax}(\mathbf{v}))_i = \frac{e^{v_i}}{\sum_{j=1}^n e^{v_j}}, \quad \sum_i (\text{Softmax}(\mathbf{v}))_i = 1`,
    family: FAMILIES.twoLayerClassifier,
    checkable: exact((c) => {
      const z = traceOf(c).z[2], S = z.reduce((s, v) => s + Math.exp(v), 0);
      const a = softmax(z);
      return pairs([[a, z.map((v) => Math.exp(v) / S)], [a.reduce((s, v) => s + v, 0), 1]]);
    }),
  },
  {
    id: "calculus-softmax-hadamard",
    where: "Worked Example, Backpropagation: δ^{(2)} with the softmax derivative",
    statement: String
      .raw`\delta_l^{(2)} = \frac{\partial C}{\partial \mathbf{a}_l^{(2)}} \odot Softmax'(\mathbf{z}_l^{(2)})`,
    reading: "not well-formed as printed: a Hadamard product needs two vectors of one length, " +
      "and Softmax′ is the n × n Jacobian the text gives next. Read in the nearest way that " +
      "keeps the printed ⊙: with the Jacobian's diagonal ∂a_i/∂z_i = a_i(1 − a_i), the only " +
      "reading where ⊙ is defined. That is what is checked, and it fails, since softmax is not " +
      "elementwise; the Jacobian times the gradient, which replaces ⊙, is the correction",
    family: FAMILIES.twoLayerClassifier,
    checkable: differences((c) => {
      const a = traceOf(c).a[2];
      return {
        left: deltaByDifferences(c, 2),
        right: costGradientOf(c).map((g, i) => g * a[i] * (1 - a[i])),
      };
    }),
    correction: {
      statement: String
        .raw`\delta_l^{(2)} = \big(Softmax'(\mathbf{z}_l^{(2)})\big)^T \frac{\partial C}{\partial \mathbf{a}_l^{(2)}}`,
      note: "the Jacobian (transposed; it is symmetric) times the gradient, not a Hadamard " +
        "product: every a_i depends on every z_j",
      ...differences((c) => ({
        left: deltaByDifferences(c, 2),
        right: matvec(softmaxJacobianFormula(traceOf(c).z[2]), costGradientOf(c), {
          transpose: true,
        }),
      })),
    },
  },
  {
    id: "calculus-softmax-jacobian",
    where: "Worked Example, Backpropagation: the Jacobian of softmax",
    statement: String
      .raw`\text{Softmax}'(\mathbf{z})_{ij} = \begin{cases} \text{Softmax}(z_i)(1 - \text{Softmax}(z_i)) & \text{if } i = j, \\ -\text{Softmax}(z_i)\text{Softmax}(z_j) & \text{if } i \neq j. \end{cases}`,
    reading: "not well-formed as printed: the notes define Softmax on the layer's vector, and " +
      "z_i is one number; read as the i-th entry of Softmax(z). Entry (i, j) is ∂a_i/∂z_j",
    family: FAMILIES.twoLayerClassifier,
    checkable: differences((c) => ({
      left: activationJacobianByDifferences(c, 2),
      right: softmaxJacobianFormula(traceOf(c).z[2]),
    })),
  },
  {
    id: "calculus-cross-entropy",
    where: "Worked Example, Backpropagation: the cross-entropy cost of one trial",
    statement: String.raw`C = - \sum_{i=1}^{n_L} y_i \log a_i^{(L)}`,
    family: FAMILIES.twoLayerClassifier,
    checkable: exact((c) => {
      const a = traceOf(c).a[2];
      return {
        left: cost("crossEntropy").value(a, c.y),
        right: -a.reduce((s, v, i) => s + (c.y[i] === 0 ? 0 : c.y[i] * Math.log(v)), 0),
      };
    }),
  },
  {
    id: "calculus-cross-entropy-mean",
    where: "Worked Example, Backpropagation: the cost in context",
    statement: String
      .raw`C(W^{(1)}, \mathbf{b}^{(1)}, W^{(2)}, \mathbf{b}^{(2)}) = \frac{1}{N} \sum_{l=1}^N \left(- \sum_{i=1}^{10} (y_l)_i \log (a_l)_i^{(2)} \right)`,
    reading: "10 outputs in the text; checked with the case's n_L",
    family: FAMILIES.twoLayerClassifier,
    checkable: exact((c) => {
      let s = 0;
      for (let i = 0; i < c.X.cols; i++) {
        const a = forwardFrom(c.net, 0, getColumn(c.X, i)).a[2], y = getColumn(c.Y, i);
        s += -a.reduce((acc, v, k) => acc + (y[k] === 0 ? 0 : y[k] * Math.log(v)), 0);
      }
      return { left: batchCost(c), right: s / c.X.cols };
    }),
  },
  {
    id: "calculus-cross-entropy-prose",
    where: "Worked Example, Backpropagation: why the cross-entropy cost makes sense",
    statement: String
      .raw`\text{the further } (a_l)_i^{(2)} \text{ is from one when it should be one, the more negative the logarithm}`,
    notCheckable: {
      reason: "prose: a qualitative description of −log a for one-hot targets, not an equation",
    },
  },
  {
    id: "calculus-output-delta",
    where: "Worked Example, Backpropagation: softmax with cross-entropy",
    statement: String.raw`\boldsymbol{\delta}_l^{(2)} = \mathbf{a}_l^{(2)} - \mathbf{y}_l`,
    family: FAMILIES.twoLayerClassifier,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, 2),
      right: traceOf(c).a[2].map((a, i) => a - c.y[i]),
    })),
  },
  {
    id: "calculus-hidden-delta",
    where: "Worked Example, Backpropagation: δ^{(1)} with ReLU",
    statement: String
      .raw`\boldsymbol{\delta}_l^{(1)} = \text{ReLU}'(\mathbf{z}_l^{(1)}) \odot (W^{(1)})^T \boldsymbol{\delta}_l^{(2)}`,
    reading: "as printed, with W^{(1)}: in the 784-10-10 network (W^{(1)})ᵀ δ^{(2)} is not even " +
      "defined (W^{(1)} is 10 × 784), so checked with all widths equal",
    family: FAMILIES.squareTwoLayerClassifier,
    checkable: differences((c) => {
      const r = relu.derivative(traceOf(c).z[1]);
      return {
        left: deltaByDifferences(c, 1),
        right: matvec(c.net.W[1], deltaByDifferences(c, 2), { transpose: true }).map((v, i) =>
          r[i] * v
        ),
      };
    }),
    correction: {
      statement: String
        .raw`\boldsymbol{\delta}_l^{(1)} = \text{ReLU}'(\mathbf{z}_l^{(1)}) \odot (W^{(2)})^T \boldsymbol{\delta}_l^{(2)}`,
      note: "the weights of the layer δ^{(2)} belongs to, W^{(2)}",
      family: FAMILIES.twoLayerClassifier,
      ...differences((c) => {
        const r = relu.derivative(traceOf(c).z[1]);
        return {
          left: deltaByDifferences(c, 1),
          right: matvec(c.net.W[2], deltaByDifferences(c, 2), { transpose: true }).map((v, i) =>
            r[i] * v
          ),
        };
      }),
    },
  },
  {
    id: "calculus-relu-derivative-worked",
    where: "Worked Example, Backpropagation: the derivative of ReLU",
    statement: String
      .raw`\text{ReLU}'(x) = \begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{if } x < 0 \end{cases}`,
    reading: "both one-sided derivatives against the stated value, at the case's z^{(1)} and " +
      "three random points (x ≠ 0, where the statement says something)",
    family: FAMILIES.twoLayerClassifier,
    checkable: firstOrder((c) => {
      const points = [...traceOf(c).z[1], c.rng.normal(), c.rng.normal(), c.rng.normal()];
      return {
        left: points.flatMap((x) => oneSided(reluScalar, x)),
        right: points.flatMap((x) => (x > 0 ? [1, 1] : [0, 0])),
      };
    }),
  },
  {
    id: "calculus-worked-gradients",
    where: "Worked Example, Backpropagation: the desired partial derivatives",
    statement: String
      .raw`\frac{\partial C}{\partial W^{(1)}} = \frac{1}{N} \sum_{l=1}^N \delta_l^{(1)} (\mathbf{a}_l^{(0)})^T, \; \frac{\partial C}{\partial W^{(2)}} = \frac{1}{N} \sum_{l=1}^N \delta_l^{(2)} (\mathbf{a}_l^{(1)})^T, \; \frac{\partial C}{\partial \mathbf{b}^{(1)}} = \frac{1}{N} \sum_{l=1}^N \delta_l^{(1)}, \; \frac{\partial C}{\partial \mathbf{b}^{(2)}} = \frac{1}{N} \sum_{l=1}^N \delta_l^{(2)}`,
    reading: "C the mean cross-entropy; δ_l the true error of example l (not the printed formula " +
      "for δ^{(1)}, which fails)",
    family: FAMILIES.twoLayerClassifier,
    checkable: differences((c) => {
      const N = c.X.cols, A = batchTraceOf(c).a, list: [Side, Side][] = [];
      for (const l of [1, 2]) {
        const fd = batchParameterGradientByDifferences(c, l), D = batchDeltasByDifferences(c, l);
        list.push(
          [fd.dW, scale(matmul(D, A[l - 1], { transposeB: true }), 1 / N)],
          [fd.db, columnSums(D).map((v) => v / N)],
        );
      }
      return pairs(list, `N = ${N}`);
    }),
  },
  {
    id: "calculus-batched-forward",
    where: "Worked Example: forward propagation with matrices",
    statement: String
      .raw`Z^{(1)} = W^{(1)} A^{(0)} + B^{(1)}, \; A^{(1)} = \text{ReLU}(Z^{(1)}), \; Z^{(2)} = W^{(1)} A^{(1)} + B^{(2)}, \; A^{(2)} = \text{Softmax}(Z^{(2)})`,
    reading: "as printed, with W^{(1)} in Z^{(2)}: in the 784-10-10 network W^{(1)}A^{(1)} is " +
      "not defined (10 × 784 times 10 × N), so checked with all widths equal",
    family: FAMILIES.squareTwoLayerClassifier,
    checkable: exact((c) => {
      const t = batchTraceOf(c);
      const Z1 = addColumn(matmul(c.net.W[1], c.X), c.net.b[1]);
      const A1 = { rows: Z1.rows, cols: Z1.cols, data: relu.value(Z1.data) };
      const Z2 = addColumn(matmul(c.net.W[1], A1), c.net.b[2]);
      return pairs([[t.z[1], Z1], [t.a[1], A1], [t.z[2], Z2], [t.a[2], softmaxColumns(Z2)]]);
    }),
    correction: {
      statement: String
        .raw`Z^{(1)} = W^{(1)} A^{(0)} + B^{(1)}, \; A^{(1)} = \text{ReLU}(Z^{(1)}), \; Z^{(2)} = W^{(2)} A^{(1)} + B^{(2)}, \; A^{(2)} = \text{Softmax}(Z^{(2)})`,
      note: "layer 2 has its own weights W^{(2)}",
      family: FAMILIES.twoLayerClassifier,
      ...exact((c) => {
        const t = batchTraceOf(c);
        const Z1 = addColumn(matmul(c.net.W[1], c.X), c.net.b[1]);
        const A1 = { rows: Z1.rows, cols: Z1.cols, data: relu.value(Z1.data) };
        const Z2 = addColumn(matmul(c.net.W[2], A1), c.net.b[2]);
        return pairs([[t.z[1], Z1], [t.a[1], A1], [t.z[2], Z2], [t.a[2], softmaxColumns(Z2)]]);
      }),
    },
  },
  {
    id: "calculus-batched-delta",
    where: "Worked Example: backpropagation with matrices, Δ^{(2)} and Δ^{(1)}",
    statement: String
      .raw`\Delta^{(2)} = A^{(2)} - Y, \quad \Delta^{(1)} = ReLU'(Z^{(1)}) \odot (W^{(1)})^T \Delta^{(2)}`,
    reading: "Δ's columns the examples' errors δ_l; as printed, with W^{(1)}: checked with all " +
      "widths equal (as for δ^{(1)} above)",
    family: FAMILIES.squareTwoLayerClassifier,
    checkable: differences((c) => {
      const t = batchTraceOf(c), D2 = batchDeltasByDifferences(c, 2);
      return pairs([
        [D2, sub(t.a[2], c.Y)],
        [
          batchDeltasByDifferences(c, 1),
          hadamard(reluPrime(t.z[1]), matmul(c.net.W[1], D2, { transposeA: true })),
        ],
      ]);
    }),
    correction: {
      statement: String
        .raw`\Delta^{(2)} = A^{(2)} - Y, \quad \Delta^{(1)} = ReLU'(Z^{(1)}) \odot (W^{(2)})^T \Delta^{(2)}`,
      note: "W^{(2)}, the weights of the layer Δ^{(2)} belongs to",
      family: FAMILIES.twoLayerClassifier,
      ...differences((c) => {
        const t = batchTraceOf(c), D2 = batchDeltasByDifferences(c, 2);
        return pairs([
          [D2, sub(t.a[2], c.Y)],
          [
            batchDeltasByDifferences(c, 1),
            hadamard(reluPrime(t.z[1]), matmul(c.net.W[2], D2, { transposeA: true })),
          ],
        ]);
      }),
    },
  },
  {
    id: "calculus-batched-gradients",
    where: "Worked Example: backpropagation with matrices, ∂C/∂W^{(1)}, ∂C/∂W^{(2)}, ∂C/∂b^{(1)}",
    statement: String
      .raw`\frac{\partial C}{\partial W^{(1)}} = \frac{1}{N} \Delta^{(1)} (A^{(0)})^T, \; \frac{\partial C}{\partial W^{(2)}} = \frac{1}{N} \Delta^{(2)} (A^{(1)})^T, \; \frac{\partial C}{\partial \mathbf{b}^{(1)}} = \frac{1}{N} \sum (\text{columns of } \Delta^{(1)})`,
    reading: "C the mean cross-entropy; Δ's columns the examples' true errors",
    family: FAMILIES.twoLayerClassifier,
    checkable: differences((c) => {
      const N = c.X.cols, A = batchTraceOf(c).a;
      const D1 = batchDeltasByDifferences(c, 1), D2 = batchDeltasByDifferences(c, 2);
      const g1 = batchParameterGradientByDifferences(c, 1);
      const g2 = batchParameterGradientByDifferences(c, 2);
      return pairs([
        [g1.dW, scale(matmul(D1, A[0], { transposeB: true }), 1 / N)],
        [g2.dW, scale(matmul(D2, A[1], { transposeB: true }), 1 / N)],
        [g1.db, columnSums(D1).map((v) => v / N)],
      ], `N = ${N}`);
    }),
  },
  {
    id: "calculus-batched-b2",
    where: "Worked Example: backpropagation with matrices, ∂C/∂b^{(2)}",
    statement: String
      .raw`\frac{\partial C}{\partial \mathbf{b}^{(2)}} = \frac{1}{N} \sum (\text{columns of } \Delta^{(1)})`,
    reading: "as printed, the columns of Δ^{(1)}: where n_1 ≠ n_2 the two sides do not even " +
      "have one length, so checked with all widths equal",
    family: FAMILIES.squareTwoLayerClassifier,
    checkable: differences((c) => ({
      left: batchParameterGradientByDifferences(c, 2).db,
      right: columnSums(batchDeltasByDifferences(c, 1)).map((v) => v / c.X.cols),
      at: `N = ${c.X.cols}`,
    })),
    correction: {
      statement: String
        .raw`\frac{\partial C}{\partial \mathbf{b}^{(2)}} = \frac{1}{N} \sum (\text{columns of } \Delta^{(2)})`,
      note: "the bias of layer 2 takes the errors of layer 2",
      family: FAMILIES.twoLayerClassifier,
      ...differences((c) => ({
        left: batchParameterGradientByDifferences(c, 2).db,
        right: columnSums(batchDeltasByDifferences(c, 2)).map((v) => v / c.X.cols),
        at: `N = ${c.X.cols}`,
      })),
    },
  },
  {
    id: "calculus-update",
    where: "Worked Example: the update with learning rate α",
    statement: String
      .raw`W_{\text{new}}^{(\ell)} = W^{(\ell)} - \alpha \frac{\partial C}{\partial W^{(\ell)}}, \quad \mathbf{b}_{\text{new}}^{(\ell)} = \mathbf{b}^{(\ell)} - \alpha \frac{\partial C}{\partial \mathbf{b}^{(\ell)}} \quad (\ell = 1, 2)`,
    reading: "the update as 'a nudge in the direction of the negative gradient': for small α " +
      "the cost falls at the rate ‖∇C‖², (C(θ − α∇C) − C(θ))/α → −‖∇C‖²; checked with α = 10⁻⁷",
    family: FAMILIES.twoLayerClassifier,
    checkable: firstOrder((c) => {
      const alpha = 1e-7;
      const g = [1, 2].map((l) => batchParameterGradientByDifferences(c, l));
      let net = c.net;
      for (const l of [1, 2]) {
        net = withParameters(net, l, {
          W: c.net.W[l].data.map((w, i) => w - alpha * g[l - 1].dW.data[i]),
          b: c.net.b[l].map((b, i) => b - alpha * g[l - 1].db[i]),
        });
      }
      const norm2 = g.reduce(
        (s, gl) =>
          s + gl.dW.data.reduce((a, v) => a + v * v, 0) + gl.db.reduce((a, v) => a + v * v, 0),
        0,
      );
      return { left: (batchCost(c, net) - batchCost(c)) / alpha, right: -norm2 };
    }),
  },
  {
    id: "calculus-accuracy-90",
    where: "Worked Example: around 90% accuracy after about 1000 iterations with α = 0.1",
    statement: String
      .raw`\text{around } 90\% \text{ accuracy with around 1000 iterations of gradient descent, } \alpha = 0.1`,
    notCheckable: {
      reason: "an empirical claim about training on MNIST, not an identity",
      pointer: MNIST_POINTER,
    },
  },
  {
    id: "calculus-more-layers",
    where: "Worked Example: more hidden layers improve the results",
    statement: String.raw`\text{We can improve our results with more hidden layers}`,
    notCheckable: {
      reason: "an empirical claim about training, not an identity",
      pointer: MNIST_POINTER,
    },
  },
  // --- Summary: Multi-Layered Handwritten Digit Classifier ------------------------------
  {
    id: "calculus-summary-forward",
    where: "Summary: Multi-Layered Handwritten Digit Classifier, forward propagation",
    statement: String
      .raw`Z^{(\ell)} = W^{(\ell)} A^{(\ell-1)} + B^{(\ell)}, \quad A^{(\ell)} = \mu^{(\ell)}(Z^{(\ell)}), \quad \mu^{(\ell)} = ReLU \;(\ell \lt L), \; \text{Softmax} \;(\ell = L)`,
    family: FAMILIES.classifier,
    checkable: exact((c) => {
      const t = batchTraceOf(c), list: [Side, Side][] = [];
      for (let l = 1; l <= L(c); l++) {
        const Z = addColumn(matmul(c.net.W[l], t.a[l - 1]), c.net.b[l]);
        const A = l < L(c)
          ? { rows: Z.rows, cols: Z.cols, data: relu.value(Z.data) }
          : softmaxColumns(Z);
        list.push([t.z[l], Z], [t.a[l], A]);
      }
      return pairs(list);
    }),
  },
  {
    id: "calculus-summary-delta-definition",
    where:
      "Summary, Notation and Backpropagation: Δ^{(ℓ)} = ∂C/∂Z^{(ℓ)}, and Δ^{(L)} = A^{(L)} − Y",
    statement: String
      .raw`\Delta^{(\ell)} = \frac{\partial C}{\partial Z^{(\ell)}}, \quad \Delta^{(L)} = A^{(L)} - Y`,
    reading: "C the mean cross-entropy (1/N) Σ_l C_l of the worked example, whose gradients " +
      "the summary divides by N. Readings tried: with C the mean, ∂C/∂Z^{(L)} = (A − Y)/N, so " +
      "Δ^{(L)} = A − Y fails (this is checked); with C the sum Σ_l C_l, Δ = ∂C/∂Z holds but " +
      "then ∂C/∂W^{(ℓ)} = (1/N) Δ (A^{(ℓ−1)})ᵀ fails by the factor N. No reading of C makes " +
      "all of the summary hold",
    family: FAMILIES.classifier,
    checkable: differences((c) => {
      const Z = batchTraceOf(c).z[L(c)];
      const dZ = gradient((v) => meanCostOfOutputZ(c, v), Z.data);
      return {
        left: { rows: Z.rows, cols: Z.cols, data: dZ },
        right: sub(batchTraceOf(c).a[L(c)], c.Y),
        at: `N = ${c.X.cols}`,
      };
    }),
    correction: {
      statement: String
        .raw`\Delta^{(\ell)} = N\,\frac{\partial C}{\partial Z^{(\ell)}} \;(\text{column } l \text{ is } \partial C_l / \partial \mathbf{z}_l^{(\ell)}), \quad \Delta^{(L)} = A^{(L)} - Y`,
      note: "Δ holds each example's own error, N times the derivative of the mean cost",
      ...differences((c) => {
        const Z = batchTraceOf(c).z[L(c)];
        const dZ = gradient((v) => meanCostOfOutputZ(c, v), Z.data).map((v) => v * c.X.cols);
        return {
          left: { rows: Z.rows, cols: Z.cols, data: dZ },
          right: sub(batchTraceOf(c).a[L(c)], c.Y),
          at: `N = ${c.X.cols}`,
        };
      }),
    },
  },
  {
    id: "calculus-summary-backward",
    where: "Summary, Backpropagation: Δ^{(ℓ−1)} from Δ^{(ℓ)}",
    statement: String.raw`\Delta^{(\ell-1)} = ReLU'(Z^{(1)}) \odot (W^{(1)})^T \Delta^{(\ell)}`,
    reading: "Δ's columns the examples' errors (as in the correction of " +
      "the summary's Δ); as printed, with layer 1's Z and W for every ℓ; " +
      "checked for every ℓ = 2, …, L with all widths equal (else the products are not defined)",
    family: FAMILIES.squareClassifier,
    checkable: differences((c) => {
      const t = batchTraceOf(c), list: [Side, Side][] = [];
      for (let l = 2; l <= L(c); l++) {
        list.push([
          batchDeltasByDifferences(c, l - 1),
          hadamard(
            reluPrime(t.z[1]),
            matmul(c.net.W[1], batchDeltasByDifferences(c, l), { transposeA: true }),
          ),
        ]);
      }
      return pairs(list, "every ℓ = 2, …, L");
    }),
    correction: {
      statement: String
        .raw`\Delta^{(\ell-1)} = ReLU'(Z^{(\ell-1)}) \odot (W^{(\ell)})^T \Delta^{(\ell)}`,
      note: "Z of layer ℓ − 1 and W of layer ℓ, as the one-example recursion has them",
      family: FAMILIES.classifier,
      ...differences((c) => {
        const t = batchTraceOf(c), list: [Side, Side][] = [];
        for (let l = 2; l <= L(c); l++) {
          list.push([
            batchDeltasByDifferences(c, l - 1),
            hadamard(
              reluPrime(t.z[l - 1]),
              matmul(c.net.W[l], batchDeltasByDifferences(c, l), { transposeA: true }),
            ),
          ]);
        }
        return pairs(list, "every ℓ = 2, …, L");
      }),
    },
  },
  {
    id: "calculus-summary-gradients",
    where: "Summary, Backpropagation: ∂C/∂W^{(ℓ)} and ∂C/∂b^{(ℓ)}",
    statement: String
      .raw`\frac{\partial C}{\partial W^{(\ell)}} = \frac{1}{N} \Delta^{(\ell)} (A^{(\ell-1)})^T, \quad \frac{\partial C}{\partial \mathbf{b}^{(\ell)}} = \frac{1}{N} \sum (\text{columns of } \Delta^{(\ell)})`,
    reading: "C the mean cross-entropy; Δ's columns the examples' errors; every layer",
    family: FAMILIES.classifier,
    checkable: differences((c) => {
      const N = c.X.cols, A = batchTraceOf(c).a, list: [Side, Side][] = [];
      for (let l = 1; l <= L(c); l++) {
        const fd = batchParameterGradientByDifferences(c, l), D = batchDeltasByDifferences(c, l);
        list.push(
          [fd.dW, scale(matmul(D, A[l - 1], { transposeB: true }), 1 / N)],
          [fd.db, columnSums(D).map((v) => v / N)],
        );
      }
      return pairs(list, `N = ${N}`);
    }),
  },
  // --- Appendix ----------------------------------------------------------------------------
  {
    id: "calculus-appendix-softmax",
    where: "Appendix: a^{(L)} given by softmax",
    statement: String
      .raw`\mathbf{a}^{(2)} = \text{Softmax}(\mathbf{z}^{(2)}) = \frac{e^{z_i}}{\sum_{j=1}^{n_L} e^{z_j}}`,
    reading: "not well-formed as printed: the vector a^{(2)} is equated with one number; read " +
      "componentwise, a_i = e^{z_i} / Σ_j e^{z_j}",
    family: softmaxOutput,
    checkable: exact((c) => {
      const z = traceOf(c).z[L(c)], S = z.reduce((s, v) => s + Math.exp(v), 0);
      return { left: traceOf(c).a[L(c)], right: z.map((v) => Math.exp(v) / S) };
    }),
  },
  {
    id: "calculus-appendix-expand",
    where: "Appendix: substituting softmax into the cost",
    statement: String
      .raw`C = - \sum_{i=1}^{n_L} y_i \log \left(\frac{e^{z_i}}{\sum_{j=1}^{n_L} e^{z_j}} \right) = - \sum_{i=1}^{n_L} y_i \left(z_i - \log \sum_{j=1}^{n_L} e^{z_j} \right) = - \sum_{i=1}^{n_L} y_i z_i + \sum_{i=1}^{n_L} y_i \log \sum_{j=1}^{n_L} e^{z_j}`,
    family: softmaxOutput,
    checkable: exact((c) => {
      const z = traceOf(c).z[L(c)], y = c.y, S = z.reduce((s, v) => s + Math.exp(v), 0);
      const sum = (f: (i: number) => number) => y.reduce((s, _, i) => s + f(i), 0);
      const forms = [
        cost("crossEntropy").value(traceOf(c).a[L(c)], y),
        -sum((i) => y[i] * Math.log(Math.exp(z[i]) / S)),
        -sum((i) => y[i] * (z[i] - Math.log(S))),
        -sum((i) => y[i] * z[i]) + sum((i) => y[i] * Math.log(S)),
      ];
      return { left: forms.slice(0, -1), right: forms.slice(1) };
    }),
  },
  {
    id: "calculus-appendix-one-hot",
    where: "Appendix: since Σ y_i = 1 (one-hot encoding)",
    statement: String
      .raw`\sum_{i=1}^{n_L} y_i = 1 \;\Rightarrow\; C = - \sum_{i=1}^{n_L} y_i z_i + \log \sum_{j=1}^{n_L} e^{z_j}`,
    family: softmaxOutput,
    checkable: exact((c) => {
      const z = traceOf(c).z[L(c)], y = c.y, S = z.reduce((s, v) => s + Math.exp(v), 0);
      return pairs([
        [y.reduce((s, v) => s + v, 0), 1],
        [
          cost("crossEntropy").value(traceOf(c).a[L(c)], y),
          -y.reduce((s, v, i) => s + v * z[i], 0) + Math.log(S),
        ],
      ]);
    }),
  },
  {
    id: "calculus-appendix-linear",
    where: "Appendix: the derivative of the first term",
    statement: String
      .raw`\frac{\partial}{\partial z_k} \left(- \sum_{i=1}^{n_L} y_i z_i \right) = -y_k`,
    family: softmaxOutput,
    checkable: differences((c) => ({
      left: gradient((v) => -c.y.reduce((s, y, i) => s + y * v[i], 0), traceOf(c).z[L(c)]),
      right: c.y.map((v) => -v),
    })),
  },
  {
    id: "calculus-appendix-log",
    where: "Appendix: the derivative of the second term",
    statement: String
      .raw`\frac{\partial}{\partial z_k} \left(\log \sum_{j=1}^{n_L} e^{z_j} \right) = \frac{1}{S} \frac{\partial S}{\partial z_k}, \quad \frac{\partial S}{\partial z_k} = e^{z_k}, \quad \frac{e^{z_k}}{\sum_{j=1}^{n_L} e^{z_j}} = a_k^{(L)}`,
    family: softmaxOutput,
    checkable: differences((c) => {
      const z = traceOf(c).z[L(c)];
      const S = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + Math.exp(x), 0);
      const dS = gradient(S, z);
      return pairs([
        [gradient((v) => Math.log(S(v)), z), dS.map((d) => d / S(z))],
        [dS, z.map(Math.exp)],
        [z.map((v) => Math.exp(v) / S(z)), traceOf(c).a[L(c)]],
      ]);
    }),
  },
  {
    id: "calculus-appendix-result",
    where: "Appendix: combining the two terms",
    statement: String
      .raw`\frac{\partial C}{\partial z_k} = -y_k + a_k^{(L)}, \quad \frac{\partial C}{\partial \mathbf{z}_l^{(2)}} = \mathbf{a}_l^{(2)} - \mathbf{y}_l`,
    family: softmaxOutput,
    checkable: differences((c) => ({
      left: deltaByDifferences(c, L(c)),
      right: traceOf(c).a[L(c)].map((a, k) => a - c.y[k]),
    })),
  },
];

/**
 * The "Backpropagation Calculus" notes, with their claims.
 *
 * @example
 * ```ts
 * import { CALCULUS_NOTES } from "./calculus_notes.ts";
 * const empirical = CALCULUS_NOTES.claims.filter((c) => c.notCheckable?.pointer);
 * if (empirical.length !== 2) throw new Error("two empirical claims, pointed at the MNIST chapter");
 * ```
 */
export const CALCULUS_NOTES: Source = {
  file: "003_b505ed1898149c6e.txt",
  short: "Backpropagation Calculus",
  title: "Nick Rui, Backpropagation Calculus (notes, December 2024)",
  notation: "Layer 0 is the input, as in the course; a^{(ℓ)} is the activation, z^{(ℓ)} the " +
    "weighted input ('pre-activation'), μ the activation function (the course's σ), indices " +
    "start at 1 (the course counts from 0). The cost is ‖a^{(L)} − y‖² without ½, the library's squaredError, " +
    "summed over the N examples in some sections and averaged (1/N) in others; the worked " +
    "example uses softmax and cross-entropy. Weights: 'Introducing Neural Networks' and 'L " +
    "Layers with Arbitrary Neurons' state that w_{ji}^{(L)} is the weight from neuron j of layer " +
    "L − 1 to neuron i of layer L (the course's w^L_{ij}); the matrix sections define w_{ij}^{(ℓ)} " +
    "as the weight neuron j of layer ℓ − 1 has on neuron i of layer ℓ (the course's w^ℓ_{ij}). " +
    "Each equation is read with the convention of its own section, and the reading says where " +
    "another was tried. Subscript l on a vector numbers the example.",
  claims,
};
