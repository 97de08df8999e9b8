/**
 * The exercises of chapters 6 and 7: Σ′ as a matrix, softmax and cross-entropy.
 * @module
 */

import { softmax, softmaxJacobian } from "../activations.ts";
import { deltaRecursion } from "../delta_recursion.ts";
import { diag, type Matrix } from "../matrix.ts";
import { cloneNetwork } from "../network.ts";
import { matrixBlock, readMatrix, readVector, vectorBlock } from "./blocks.ts";
import { backprop, networkCase, sigmoid, sigmoidPrime } from "./references.ts";
import { type Answer, call, type ExerciseSpec, NET_XY, seeded, vec } from "./spec.ts";

/** The exercises of chapters 6 and 7. */
export const SIGMA_PRIME_AND_SOFTMAX: readonly ExerciseSpec[] = [
  {
    id: "sigma-prime-matrix",
    title: "Σ′(z) as a diagonal matrix",
    signature: "(z: Float64Array) => Matrix",
    cases: () => {
      const { rng } = seeded(61);
      return [1, 2, 4, 6, 3].map((n) => {
        const z = Float64Array.from({ length: n }, () => 2 * rng.normal());
        return {
          label: `z with ${n} entries`,
          call: (f: Answer) => call(f, vec(z)),
          read: (v: unknown) => [matrixBlock("Σ′(z)", readMatrix(v, n, n, "Σ′(z)", " (n × n)"))],
          want: [matrixBlock("Σ′(z)", diag(z.map(sigmoidPrime)))],
          mistakes: [
            {
              hint: "the diagonal holds σ(z); Σ′ holds the slopes σ′(z_j).",
              blocks: () => [matrixBlock("Σ′(z)", diag(z.map(sigmoid)))],
            },
            {
              hint: "Σ′ is diagonal: σ′(z_j) at (j, j) and 0 elsewhere.",
              blocks: () => [matrixBlock("Σ′(z)", {
                rows: n,
                cols: n,
                data: Float64Array.from({ length: n * n }, (_, e) => sigmoidPrime(z[e % n])),
              })],
            },
          ],
        };
      });
    },
  },
  {
    id: "sigma-prime-product",
    title: "δ¹ as one product of matrices",
    signature: `${NET_XY} => Float64Array`,
    cases: () =>
      Array.from({ length: 8 }, (_, i) => {
        const c = networkCase(i);
        const n1 = c.net.sizes[1];
        const one = (d: Float64Array) => [vectorBlock("δ^1", d)];
        return {
          label: c.label,
          call: (f: Answer) => call(f, cloneNetwork(c.net), vec(c.x), vec(c.y)),
          read: (v: unknown) => one(readVector(v, n1, "δ^1", " (n_1, one per neuron of layer 1)")),
          want: one(deltaRecursion(c.net, c.x, c.y, "quadratic").delta[1]),
          mistakes: [
            {
              hint: "the product must end with Σ′(z^L) ∇_a C: the output layer's Σ′ is missing.",
              blocks: () => one(backprop(c.net, c.x, c.y, { bp1Prime: false }).delta[1]),
            },
            {
              hint: "a Σ′(z^l) of a hidden layer is missing: every layer contributes (W^{l+1})ᵀ " +
                "and Σ′(z^l).",
              blocks: () =>
                c.net.sizes.length > 2
                  ? one(backprop(c.net, c.x, c.y, { bp2Prime: "none" }).delta[1])
                  : undefined,
            },
          ],
        };
      }),
  },
  // ---------------------------------------------------------------- softmax
  {
    id: "softmax-cross-entropy-delta",
    title: "δ^L for softmax with cross-entropy",
    signature: "(z: Float64Array, y: Float64Array) => Float64Array",
    cases: () => {
      const { rng, between } = seeded(71);
      const specs: {
        n: number;
        kind: string;
        z: (j: number) => number;
        y: (j: number) => number;
      }[] = [
        { n: 3, kind: "a one-hot y", z: () => rng.normal(), y: (j) => (j === 1 ? 1 : 0) },
        { n: 4, kind: "y summing to 1", z: () => 2 * rng.normal(), y: () => 0.25 },
        {
          n: 5,
          kind: "y ≥ 0 summing to more than 1",
          z: () => rng.normal(),
          y: () => between(0, 1),
        },
        { n: 2, kind: "y = 0", z: () => rng.normal(), y: () => 0 },
        {
          n: 3,
          kind: "z up to 800 (saturated)",
          z: (j) => [800, -200, 790][j],
          y: (j) => (j === 2 ? 1 : 0),
        },
        {
          n: 4,
          kind: "y ≥ 0, z near −1000",
          z: () => -1000 + rng.normal(),
          y: () => between(0, 2),
        },
      ];
      return specs.map(({ n, kind, z: zf, y: yf }) => {
        const z = Float64Array.from({ length: n }, (_, j) => zf(j));
        const y = Float64Array.from({ length: n }, (_, j) => yf(j));
        const a = softmax(z), s = y.reduce((p, v) => p + v, 0);
        const v = (d: Float64Array) => [vectorBlock("δ^L", d)];
        return {
          label: `${n} outputs, ${kind}`,
          call: (f: Answer) => call(f, vec(z), vec(y)),
          read: (r: unknown) => v(readVector(r, n, "δ^L", " (one per output)")),
          want: v(a.map((aj, j) => aj * s - y[j])),
          mistakes: [
            {
              hint: "a − y holds only when Σ_j y_j = 1: in general δ^L_j = a_j Σ_i y_i − y_j.",
              blocks: () => v(a.map((aj, j) => aj - y[j])),
            },
            {
              hint:
                "exp(z) overflows (or every exp underflows to 0) for z this large: shift z by " +
                "its maximum before exponentiating; softmax does not change.",
              blocks: () => {
                const e = z.map(Math.exp), sum = e.reduce((p, q) => p + q, 0);
                const naive = e.map((q, j) => (q / sum) * s - y[j]);
                return naive.some((q) => !Number.isFinite(q)) ? v(naive) : undefined;
              },
            },
          ],
        };
      });
    },
  },
  {
    id: "softmax-jacobian",
    title: "The Jacobian of softmax",
    signature: "(z: Float64Array) => Matrix",
    cases: () => {
      const { rng } = seeded(72);
      return [2, 3, 1, 4, 5].map((n) => {
        const z = Float64Array.from({ length: n }, () => 2 * rng.normal());
        const a = softmax(z);
        const m = (x: Matrix) => [matrixBlock("J", x)];
        return {
          label: `z with ${n} entries`,
          call: (f: Answer) => call(f, vec(z)),
          read: (v: unknown) => m(readMatrix(v, n, n, "J", " (n × n, J[i][j] = ∂a_i/∂z_j)")),
          want: m(softmaxJacobian(z)),
          mistakes: [
            {
              hint: "only the diagonal a_i(1 − a_i) is there: softmax is not elementwise, every " +
                "a_i depends on every z_j, so J[i][j] = −a_i a_j off the diagonal.",
              blocks: () => (n > 1 ? m(diag(a.map((q) => q * (1 - q)))) : undefined),
            },
            {
              hint: "the signs are flipped: J[i][j] = a_i(1{i = j} − a_j).",
              blocks: () => {
                const J = softmaxJacobian(z);
                return m({ ...J, data: J.data.map((q) => -q) });
              },
            },
          ],
        };
      });
    },
  },
];
