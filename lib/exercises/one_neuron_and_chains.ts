/**
 * The exercises of chapters 1 and 2: one neuron, and chains of one-neuron layers.
 * @module
 */

import { forward } from "../forward.ts";
import { type Matrix } from "../matrix.ts";
import { createNetwork } from "../network.ts";
import { readNumber, readVector, scalarBlock, vectorBlock } from "./blocks.ts";
import { backprop, sigmoid, sigmoidPrime } from "./references.ts";
import { type Answer, call, type ExerciseSpec, seeded } from "./spec.ts";

/** The exercises of chapters 1 and 2. */
export const ONE_NEURON_AND_CHAINS: readonly ExerciseSpec[] = [
  {
    id: "one-neuron-gradient",
    title: "The gradient of one sigmoid neuron",
    signature: "(w: number, b: number, x: number, y: number) => { dw: number; db: number }",
    cases: () => {
      const { between } = seeded(11);
      return Array.from({ length: 8 }, (_, i) => {
        const w = between(-3, 3), b = between(-2, 2), y = between(0, 1);
        const x = i === 0 ? 0 : between(-2, 2);
        const z = w * x + b, a = sigmoid(z);
        const d = (a - y) * sigmoidPrime(z);
        const pair = (dw: number, db: number) => [scalarBlock("dw", dw), scalarBlock("db", db)];
        return {
          label: `w = ${w.toFixed(3)}, b = ${b.toFixed(3)}, x = ${x.toFixed(3)}, y = ${
            y.toFixed(3)
          }`,
          call: (f) => call(f, w, b, x, y),
          read: (v) => {
            const o = (v ?? {}) as { dw?: unknown; db?: unknown };
            return [
              scalarBlock("dw", readNumber(o.dw, "dw")),
              scalarBlock("db", readNumber(o.db, "db")),
            ];
          },
          want: pair(d * x, d),
          mistakes: [
            {
              hint: "σ′(z) is missing: ∂C/∂z = ∂C/∂a · ∂a/∂z = (a − y) σ′(z).",
              blocks: () => pair((a - y) * x, a - y),
            },
            {
              hint: "dw and db are swapped: z = wx + b, so ∂z/∂w = x and ∂z/∂b = 1.",
              blocks: () => pair(d, d * x),
            },
            { hint: "∂C/∂w needs the factor ∂z/∂w = x.", blocks: () => pair(d, d) },
          ],
        };
      });
    },
  },
  {
    id: "sigmoid-prime",
    title: "The slope of the sigmoid",
    signature: "(z: number) => number",
    tolerance: 1e-7,
    cases: () =>
      [0, 1, -1, 2.5, -4, 8, -12, 15].map((z) => ({
        label: `z = ${z}`,
        call: (f: Answer) => call(f, z),
        read: (v: unknown) => [scalarBlock("σ′(z)", readNumber(v, "σ′(z)"))],
        want: [scalarBlock("σ′(z)", sigmoidPrime(z))],
        mistakes: [
          {
            hint: "that is σ(z) itself, not its slope.",
            blocks: () => [scalarBlock("σ′(z)", sigmoid(z))],
          },
          {
            hint: "1 − σ(z)² is the form of tanh′; the sigmoid's is σ(z)(1 − σ(z)).",
            blocks: () => [scalarBlock("σ′(z)", 1 - sigmoid(z) ** 2)],
          },
          {
            hint: "e^{−z}/(1 + e^{−z}) has lost the square: σ′(z) = e^{−z}/(1 + e^{−z})².",
            blocks: () => [scalarBlock("σ′(z)", Math.exp(-z) / (1 + Math.exp(-z)))],
          },
        ],
      })),
  },
  // ---------------------------------------------------------------- layers of one neuron
  {
    id: "chain-delta-step",
    title: "One step back along the chain",
    signature: "(wNext: number, z: number, deltaNext: number) => number",
    cases: () => {
      const { between } = seeded(22);
      return Array.from({ length: 8 }, () => {
        const wNext = between(-3, 3), z = between(-4, 4), deltaNext = between(-1, 1);
        const one = (v: number) => [scalarBlock("δ^l", v)];
        return {
          label: `w^{l+1} = ${wNext.toFixed(3)}, z^l = ${z.toFixed(3)}, δ^{l+1} = ${
            deltaNext.toFixed(3)
          }`,
          call: (f: Answer) => call(f, wNext, z, deltaNext),
          read: (v: unknown) => one(readNumber(v, "δ^l")),
          want: one(wNext * sigmoidPrime(z) * deltaNext),
          mistakes: [
            {
              hint: "σ′(z^l) is missing: ∂a^l/∂z^l is a link of the chain too.",
              blocks: () => one(wNext * deltaNext),
            },
            {
              hint: "that uses σ(z^l); the chain needs the slope σ′(z^l).",
              blocks: () => one(wNext * sigmoid(z) * deltaNext),
            },
          ],
        };
      });
    },
  },
  {
    id: "chain-gradient",
    title: "The gradient of a chain of one-neuron layers",
    signature: "(w: number[], b: number[], x: number, y: number) => { dw: number[]; db: number[] }",
    cases: () => {
      const { rng, between } = seeded(23);
      return Array.from({ length: 8 }, (_, i) => {
        const L = 1 + (i % 5);
        const w = [0, ...Array.from({ length: L }, () => rng.normal())];
        const b = [0, ...Array.from({ length: L }, () => rng.normal())];
        const x = between(-2, 2), y = between(0, 1);
        const net = createNetwork({ sizes: Array(L + 1).fill(1), activations: "sigmoid", seed: 0 });
        for (let l = 1; l <= L; l++) {
          net.W[l].data[0] = w[l];
          net.b[l][0] = b[l];
        }
        const X = Float64Array.of(x), Y = Float64Array.of(y);
        const blocks = (g: { dW: Matrix[]; db: Float64Array[] }) => [
          vectorBlock("dw[1..L]", g.dW.slice(1).map((m) => m.data[0])),
          vectorBlock("db[1..L]", g.db.slice(1).map((v) => v[0])),
        ];
        const trace = forward(net, X);
        return {
          label: `a chain of L = ${L} sigmoid neurons`,
          call: (f: Answer) => call(f, [...w], [...b], x, y),
          read: (v: unknown) => {
            const o = (v ?? {}) as { dw?: unknown; db?: unknown };
            const meaning = ` (index 0 unused, then layers 1..${L})`;
            const dw = readVector(o.dw, L + 1, "dw", meaning),
              db = readVector(o.db, L + 1, "db", meaning);
            return [vectorBlock("dw[1..L]", dw.slice(1)), vectorBlock("db[1..L]", db.slice(1))];
          },
          want: blocks(backprop(net, X, Y)),
          mistakes: [
            {
              hint: "∂z^l/∂w^l is the activation coming in, a^{l−1}, not a^l.",
              blocks: () => {
                const g = backprop(net, X, Y);
                return [
                  vectorBlock("dw[1..L]", g.delta.slice(1).map((d, l) => d[0] * trace.a[l + 1][0])),
                  vectorBlock("db[1..L]", g.db.slice(1).map((v) => v[0])),
                ];
              },
            },
            {
              hint:
                "σ′ is missing inside the chain: each step back multiplies by w^{l+1} and σ′(z^l).",
              blocks: () => blocks(backprop(net, X, Y, { bp2Prime: "none" })),
            },
            {
              hint: "σ′(z^L) is missing at the output: δ^L = (a^L − y) σ′(z^L).",
              blocks: () => blocks(backprop(net, X, Y, { bp1Prime: false })),
            },
          ],
        };
      });
    },
  },
];
