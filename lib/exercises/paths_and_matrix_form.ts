/**
 * The exercises of chapters 3 and 4: paths, BP1–BP4 and the batched form.
 * @module
 */

import { batchGradient } from "../batch_gradient.ts";
import { deltaRecursion } from "../delta_recursion.ts";
import { type Matrix, zeros } from "../matrix.ts";
import { cloneNetwork } from "../network.ts";
import {
  gradientBlocks,
  readGradients,
  readNumber,
  readVector,
  scalarBlock,
  vectorBlock,
} from "./blocks.ts";
import { columnOf, networkCase, sigmoid, sigmoidPrime } from "./references.ts";
import {
  type Answer,
  backpropMistakes,
  call,
  type ExerciseSpec,
  GRADIENT,
  gradientCases,
  NET_XY,
  seeded,
  vec,
} from "./spec.ts";
import { checkBp1Step } from "./derivation_step.ts";

/** The exercises of chapters 3 and 4. */
export const PATHS_AND_MATRIX_FORM: readonly ExerciseSpec[] = [
  {
    id: "count-paths",
    title: "How many paths from one weight?",
    signature: "(sizes: number[], l: number) => number",
    cases: () =>
      ([
        [[2, 3, 3, 2], 1],
        [[784, 30, 10], 1],
        [[2, 3, 3, 2], 3],
        [[1, 1, 1], 1],
        [[4, 5, 6, 7, 3], 2],
        [
          [3, 2],
          1,
        ],
        [[5, 4, 3, 2], 2],
        [[2, 3, 3, 2], 2],
      ] as [number[], number][]).map(([sizes, l]) => {
        const L = sizes.length - 1;
        const product = (from: number) => sizes.slice(from, L + 1).reduce((p, n) => p * n, 1);
        const one = (v: number) => [scalarBlock("paths", v)];
        return {
          label: `sizes = [${sizes.join(", ")}], l = ${l}`,
          call: (f: Answer) => call(f, [...sizes], l),
          read: (v: unknown) => one(readNumber(v, "the count")),
          want: one(product(l + 1)),
          mistakes: [
            {
              hint: "that counts layer l's width too: the weight feeds ONE neuron of layer l, so " +
                "only the layers after it, l + 1 … L, branch.",
              blocks: () => one(product(l)),
            },
            {
              hint:
                "paths multiply: every choice in layer m combines with every choice after it, " +
                "so it is a product of widths, not a sum.",
              blocks: () => one(sizes.slice(l + 1).reduce((s, n) => s + n, 0)),
            },
          ],
        };
      }),
  },
  {
    id: "path-sum-weight",
    title: "One weight's derivative, summed over its paths",
    signature:
      "(net: Network, x: Float64Array, y: Float64Array, l: number, j: number, k: number) => number",
    cases: () =>
      Array.from({ length: 8 }, (_, i) => {
        const c = networkCase(i);
        const L = c.net.sizes.length - 1;
        const l = 1 + c.rng.int(L),
          j = c.rng.int(c.net.sizes[l]),
          k = c.rng.int(c.net.sizes[l - 1]);
        const g = deltaRecursion(c.net, c.x, c.y, "quadratic");
        const one = (v: number) => [scalarBlock(`∂C/∂w^${l}_{${j}${k}}`, v)];
        const entry = (m: Matrix, r: number, s: number) => m.data[r * m.cols + s];
        return {
          label: `${c.label}, the weight w^${l}_{${j}${k}}`,
          call: (f: Answer) => call(f, cloneNetwork(c.net), vec(c.x), vec(c.y), l, j, k),
          read: (v: unknown) => one(readNumber(v, "the derivative")),
          want: one(entry(g.dW[l], j, k)),
          mistakes: [
            {
              hint: "j and k are swapped: w^l_{jk} joins neuron k of layer l − 1 to neuron j of " +
                "layer l (row j, column k of W^l).",
              blocks: () =>
                k < c.net.sizes[l] && j < c.net.sizes[l - 1]
                  ? one(entry(g.dW[l], k, j))
                  : undefined,
            },
            {
              hint: "the sum is over the paths from z^l_j to the cost; each path starts with " +
                "∂z^l_j/∂w^l_{jk} = a^{l−1}_k.",
              blocks: () => one(g.delta[l][j]),
            },
          ],
        };
      }),
  },
  // ---------------------------------------------------------------- matrix form
  {
    id: "output-error",
    title: "BP1: the error of the output layer",
    signature: "(z: Float64Array, a: Float64Array, y: Float64Array) => Float64Array",
    cases: () => {
      const { rng, between } = seeded(41);
      return [3, 1, 5, 2, 4, 6].map((n) => {
        const z = Float64Array.from({ length: n }, () => 3 * rng.normal());
        const a = z.map(sigmoid);
        const y = Float64Array.from({ length: n }, () => between(0, 1));
        const v = (
          f: (j: number) => number,
        ) => [vectorBlock("δ^L", Float64Array.from({ length: n }, (_, j) => f(j)))];
        return {
          label: `an output layer of ${n} sigmoid neurons`,
          call: (f: Answer) => call(f, vec(z), vec(a), vec(y)),
          read: (
            r: unknown,
          ) => [vectorBlock("δ^L", readVector(r, n, "δ^L", " (one per output neuron)"))],
          want: v((j) => (a[j] - y[j]) * sigmoidPrime(z[j])),
          mistakes: [
            {
              hint: "σ′(z^L) is missing: δ^L = ∇_a C ⊙ σ′(z^L).",
              blocks: () => v((j) => a[j] - y[j]),
            },
            {
              hint: "that is σ′ taken at a; BP1 takes it at the weighted input z^L.",
              blocks: () => v((j) => (a[j] - y[j]) * sigmoidPrime(a[j])),
            },
          ],
        };
      });
    },
  },
  {
    id: "bp1-step",
    title: "A derivation step: ∂C/∂z for one output neuron",
    signature: "string",
    checkString: (answer) => checkBp1Step(answer),
  },
  {
    id: "delta-recursion",
    title: "Backpropagation: BP1–BP4 for any depth",
    signature: `${NET_XY} => ${GRADIENT}`,
    cases: () =>
      gradientCases((c) => deltaRecursion(c.net, c.x, c.y, "quadratic"), backpropMistakes),
  },
  {
    id: "batched-gradient",
    title: "The gradient of a batch, examples as columns",
    signature: "(net: Network, X: Matrix, Y: Matrix) => Gradients",
    cases: () =>
      Array.from({ length: 8 }, (_, i) => {
        const c = networkCase(i);
        const N = [3, 1, 4, 2, 5, 7, 2, 6][i];
        const n0 = c.net.sizes[0], nL = c.net.sizes[c.net.sizes.length - 1];
        const X = zeros(n0, N), Y = zeros(nL, N);
        X.data.forEach((_, e) => (X.data[e] = c.rng.normal()));
        Y.data.forEach((_, e) => (Y.data[e] = c.rng.uniform()));
        const copy = (m: Matrix): Matrix => ({ rows: m.rows, cols: m.cols, data: vec(m.data) });
        return {
          label: `${c.label}, N = ${N} examples`,
          examples: N,
          call: (f: Answer) => call(f, cloneNetwork(c.net), copy(X), copy(Y)),
          read: (v: unknown) => readGradients(v, c.net),
          want: gradientBlocks(batchGradient(c.net, X, Y, "quadratic")),
          mistakes: [
            {
              hint:
                "that is the gradient of the first example (column 0) alone: average over all " +
                "N columns.",
              blocks: () =>
                N > 1
                  ? gradientBlocks(
                    deltaRecursion(c.net, columnOf(X, 0), columnOf(Y, 0), "quadratic"),
                  )
                  : undefined,
            },
          ],
        };
      }),
  },
];
