/**
 * The course's exercises: for each, where it sits, what the reader writes, and how it is
 * checked — the seeded cases it runs on, the reference answer of each case, and the answers of
 * the mistakes a teacher would recognise, each with the hint that names it.
 * @module
 */

import { derivative, parse } from "mathjs";
import { activation, softmax, softmaxJacobian } from "../activations.ts";
import { batchGradient } from "../batch_gradient.ts";
import { deltaRecursion } from "../delta_recursion.ts";
import { forward } from "../forward.ts";
import type { Gradients } from "../gradients.ts";
import { diag, type Matrix, zeros } from "../matrix.ts";
import { cloneNetwork, createNetwork } from "../network.ts";
import { createRng } from "../rng.ts";
import {
  type Block,
  gradientBlocks,
  matrixBlock,
  readGradients,
  readMatrix,
  readNumber,
  readVector,
  scalarBlock,
  vectorBlock,
} from "./blocks.ts";
import {
  backprop,
  columnOf,
  modifiedDerivative,
  modifiedForward,
  networkCase,
  sigmoid,
  sigmoidPrime,
  type SpecialNeuron,
} from "./references.ts";

/** What the course says about an exercise: where it is, what it asks, what the answer is. */
export interface Exercise {
  /** The id `checkExercise` takes, e.g. "delta-recursion". */
  readonly id: string;
  /** The notebook it sits in, without .ipynb, e.g. "04_matrix_form". */
  readonly chapter: string;
  readonly title: string;
  /** The answer's TypeScript type, e.g. "(z: number) => number". */
  readonly signature: string;
}

/** A recognisable wrong answer of one case, and the hint that names it. */
export interface Mistake {
  hint: string;
  /** The blocks that mistake produces on this case (undefined where it has no such answer). */
  blocks: () => Block[] | undefined;
}

/** One seeded case an answer is run on. */
export interface ExerciseCase {
  /** Says what the case is, e.g. "a 2-3-1 sigmoid network". */
  label: string;
  /** Calls the reader's function with fresh copies of the case's arguments. */
  call: (answer: (...args: never[]) => unknown) => unknown;
  /** Reads the returned value into blocks; throws Unreadable with a diagnosis. */
  read: (value: unknown) => Block[];
  want: Block[];
  /** The number of examples, for the "off by N" hint. */
  examples?: number;
  mistakes?: Mistake[];
}

/** An exercise with its checks. `cases` is for function answers, `checkString` for strings. */
export interface ExerciseSpec extends Exercise {
  /** Relative tolerance of the comparison (default 1e-9). */
  tolerance?: number;
  cases?: () => ExerciseCase[];
  checkString?: (answer: string) => { pass: boolean; message: string };
}

// The answer is called with `never[]` arguments: the checker knows their types, the reader's
// function declares them.
type Answer = (...args: never[]) => unknown;
const call = (f: Answer, ...args: unknown[]): unknown =>
  (f as (...a: unknown[]) => unknown)(...args);

const GRADIENT = "Gradients";
const NET_XY = "(net: Network, x: ArrayLike<number>, y: ArrayLike<number>)";

function seeded(seed: number) {
  const rng = createRng(seed);
  return { rng, between: (lo: number, hi: number) => lo + (hi - lo) * rng.uniform() };
}

/** Cases on the standard networks for a `(net, x, y) => Gradients` answer. */
function gradientCases(
  reference: (c: ReturnType<typeof networkCase>) => Gradients,
  mistakes: (c: ReturnType<typeof networkCase>) => Mistake[],
  activations: "sigmoid" | "identity" | "mixed" = "sigmoid",
): ExerciseCase[] {
  return Array.from({ length: 8 }, (_, i) => {
    const c = networkCase(i, activations);
    return {
      label: c.label,
      call: (f) => call(f, cloneNetwork(c.net), Float64Array.from(c.x), Float64Array.from(c.y)),
      read: (v) => readGradients(v, c.net),
      want: gradientBlocks(reference(c)),
      mistakes: mistakes(c),
    };
  });
}

function maybe(f: () => Block[]): () => Block[] | undefined {
  return () => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
}

/** The BP1–BP4 mistakes every backpropagation exercise shares. */
function backpropMistakes(c: ReturnType<typeof networkCase>): Mistake[] {
  const { net, x, y } = c;
  return [
    {
      hint: "BP2 takes σ′ at a^l; it belongs at z^l: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l).",
      blocks: maybe(() => gradientBlocks(backprop(net, x, y, { bp2Prime: "a" }))),
    },
    {
      hint: "BP1 is missing its σ′(z^L): δ^L = (a^L − y) ⊙ σ′(z^L), not a^L − y.",
      blocks: maybe(() => gradientBlocks(backprop(net, x, y, { bp1Prime: false }))),
    },
    {
      hint: "BP2 is missing its σ′(z^l): after multiplying by (W^{l+1})ᵀ, multiply entry by " +
        "entry by σ′(z^l).",
      blocks: maybe(() => gradientBlocks(backprop(net, x, y, { bp2Prime: "none" }))),
    },
  ];
}

const vec = (v: ArrayLike<number>) => Float64Array.from(v);

export const SPECS: readonly ExerciseSpec[] = [
  // ---------------------------------------------------------------- chapter 1
  {
    id: "one-neuron-gradient",
    chapter: "01_one_neuron",
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
    chapter: "01_one_neuron",
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
  // ---------------------------------------------------------------- chapter 2
  {
    id: "chain-delta-step",
    chapter: "02_layers_of_one_neuron",
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
    chapter: "02_layers_of_one_neuron",
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
  // ---------------------------------------------------------------- chapter 3
  {
    id: "count-paths",
    chapter: "03_paths",
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
    chapter: "03_paths",
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
  // ---------------------------------------------------------------- chapter 4
  {
    id: "output-error",
    chapter: "04_matrix_form",
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
    chapter: "04_matrix_form",
    title: "A derivation step: ∂C/∂z for one output neuron",
    signature: "string",
    checkString: (answer) => checkBp1Step(answer),
  },
  {
    id: "delta-recursion",
    chapter: "04_matrix_form",
    title: "Backpropagation: BP1–BP4 for any depth",
    signature: `${NET_XY} => ${GRADIENT}`,
    cases: () =>
      gradientCases((c) => deltaRecursion(c.net, c.x, c.y, "quadratic"), backpropMistakes),
  },
  {
    id: "batched-gradient",
    chapter: "04_matrix_form",
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
  // ---------------------------------------------------------------- chapter 5
  {
    id: "linear-neurons",
    chapter: "05_from_scratch",
    title: "Backpropagation with linear neurons",
    signature: `${NET_XY} => ${GRADIENT}`,
    cases: () =>
      gradientCases(
        (c) => deltaRecursion(c.net, c.x, c.y, "quadratic"),
        (c) => [{
          hint: "a linear neuron has σ(z) = z, so σ′(z) = 1: there is no sigmoid slope to " +
            "multiply by in BP1 or BP2.",
          blocks: maybe(() =>
            gradientBlocks(backprop(c.net, c.x, c.y, { derivative: (_, z) => z.map(sigmoidPrime) }))
          ),
        }],
        "identity",
      ),
  },
  {
    id: "modified-neuron",
    chapter: "05_from_scratch",
    title: "Backpropagation with one modified neuron",
    signature: "(net: Network, x: ArrayLike<number>, y: ArrayLike<number>, special: " +
      "{ layer: number; neuron: number; f: (z: number) => number; fPrime: (z: number) => number })" +
      " => Gradients",
    cases: () =>
      Array.from({ length: 8 }, (_, i) => {
        const c = networkCase(i);
        const L = c.net.sizes.length - 1;
        const layer = 1 + c.rng.int(L), neuron = c.rng.int(c.net.sizes[layer]);
        const special: SpecialNeuron = i % 2 === 0
          ? { layer, neuron, f: Math.tanh, fPrime: (z) => 1 / Math.cosh(z) ** 2 }
          : { layer, neuron, f: (z) => Math.log1p(Math.exp(z)), fPrime: sigmoid };
        const name = i % 2 === 0 ? "tanh" : "softplus";
        const trace = modifiedForward(c.net, c.x, special);
        return {
          label: `${c.label} whose neuron ${neuron} of layer ${layer} uses ${name}`,
          call: (f: Answer) => call(f, cloneNetwork(c.net), vec(c.x), vec(c.y), { ...special }),
          read: (v: unknown) => readGradients(v, c.net),
          want: gradientBlocks(
            backprop(c.net, c.x, c.y, { trace, derivative: modifiedDerivative(special) }),
          ),
          mistakes: [
            {
              hint:
                "the special neuron still uses σ′: where its z enters BP1 or BP2, multiply by " +
                "f′(z) instead.",
              blocks: () =>
                gradientBlocks(
                  backprop(c.net, c.x, c.y, {
                    trace,
                    derivative: modifiedDerivative(special, false),
                  }),
                ),
            },
            {
              hint: "the forward pass must use f at the special neuron too: its activation is " +
                "f(z), which the next layer and the cost see.",
              blocks: () => gradientBlocks(deltaRecursion(c.net, c.x, c.y, "quadratic")),
            },
          ],
        };
      }),
  },
  // ---------------------------------------------------------------- chapter 6
  {
    id: "sigma-prime-matrix",
    chapter: "06_sigma_prime",
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
    chapter: "06_sigma_prime",
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
  // ---------------------------------------------------------------- chapter 7
  {
    id: "softmax-cross-entropy-delta",
    chapter: "07_softmax",
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
    chapter: "07_softmax",
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
  // ---------------------------------------------------------------- chapter 8
  {
    id: "central-difference",
    chapter: "08_gradient_checking",
    title: "The central difference quotient",
    signature: "(f: (t: number) => number, t: number, epsilon: number) => number",
    cases: () => {
      const fs: { name: string; f: (t: number) => number; df: (t: number) => number }[] = [
        { name: "t³", f: (t) => t ** 3, df: (t) => 3 * t ** 2 },
        { name: "sin t", f: Math.sin, df: Math.cos },
        { name: "exp t", f: Math.exp, df: Math.exp },
        { name: "1/(1 + t²)", f: (t) => 1 / (1 + t * t), df: (t) => (-2 * t) / (1 + t * t) ** 2 },
      ];
      const points: [number, number, number][] = [
        [0, 1, 0.1],
        [1, 0.5, 0.01],
        [2, -1, 0.1],
        [3, 0.7, 0.05],
        [
          0,
          -2,
          0.001,
        ],
        [1, 2, 0.2],
        [3, -0.3, 0.1],
        [2, 1.5, 0.01],
      ];
      return points.map(([which, t, eps]) => {
        const { name, f, df } = fs[which];
        const one = (v: number) => [scalarBlock("the quotient", v)];
        return {
          label: `f(t) = ${name}, t = ${t}, ε = ${eps}`,
          call: (answer: Answer) => call(answer, f, t, eps),
          read: (v: unknown) => one(readNumber(v, "the quotient")),
          want: one((f(t + eps) - f(t - eps)) / (2 * eps)),
          mistakes: [
            {
              hint:
                "that is the one-sided quotient (f(t + ε) − f(t))/ε: its error shrinks like ε; " +
                "the central one, (f(t + ε) − f(t − ε))/(2ε), like ε².",
              blocks: () => one((f(t + eps) - f(t)) / eps),
            },
            {
              hint: "the two points t − ε and t + ε are 2ε apart: divide by 2ε.",
              blocks: () => one((f(t + eps) - f(t - eps)) / eps),
            },
            {
              hint: "that is the exact derivative f′(t), not the difference quotient.",
              blocks: () => one(df(t)),
            },
          ],
        };
      });
    },
  },
  {
    id: "relative-error",
    chapter: "08_gradient_checking",
    title: "The relative error of two numbers",
    signature: "(a: number, b: number) => number",
    cases: () =>
      ([[1, 1.001], [0, 0], [1e-20, -1e-20], [-3, 3], [5, 0], [0, -2], [1e6, 1e6 + 1], [
        2.5,
        2.5,
      ]] as [
        number,
        number,
      ][]).map(([a, b]) => {
        const one = (v: number) => [scalarBlock("the relative error", v)];
        return {
          label: `a = ${a}, b = ${b}`,
          call: (f: Answer) => call(f, a, b),
          read: (v: unknown) => one(readNumber(v, "the relative error")),
          want: one(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12)),
          mistakes: [
            {
              hint:
                "without the floor 1e-12, two numbers that are both 0 (or both round-off) give " +
                "0/0 or a huge 'relative' error: divide by max(|a|, |b|, 1e-12).",
              blocks: () => one(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))),
            },
            {
              hint: "dividing by |a| alone breaks when a = 0 and makes the error depend on the " +
                "order: divide by max(|a|, |b|, 1e-12).",
              blocks: () => one(Math.abs(a - b) / Math.abs(a)),
            },
            {
              hint: "the error is a size: take |a − b|.",
              blocks: () => one((a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12)),
            },
          ],
        };
      }),
  },
  {
    id: "bug-hunt",
    chapter: "08_gradient_checking",
    title: "Find and fix the planted bug",
    signature: `${NET_XY} => ${GRADIENT}`,
    cases: () =>
      gradientCases(
        (c) => deltaRecursion(c.net, c.x, c.y, "quadratic"),
        (c) => {
          const [planted, ...rest] = backpropMistakes(c);
          // The hunt is the exercise: the hint points at the evidence, not at the line.
          const hunt = "the planted bug is still there. Compare your gradient with finite " +
            "differences block by block: the output layer agrees, the layers below do not, so " +
            "the bug is in the step that carries δ from one layer down to the next.";
          const sigmoidSlope = (l: number, z: Float64Array) =>
            activation(c.net.activations[l]).value(z).map((a) => a * (1 - a));
          return [{ ...planted, hint: hunt }, ...rest, {
            hint: "a(1 − a) is the slope of the sigmoid only; a tanh layer's is 1 − a². Take σ′ " +
              "from the layer's own activation, at z^l.",
            blocks: maybe(() =>
              gradientBlocks(backprop(c.net, c.x, c.y, { derivative: sigmoidSlope }))
            ),
          }];
        },
        "mixed",
      ),
  },
  // ---------------------------------------------------------------- chapter 9
  {
    id: "parameter-count",
    chapter: "09_efficiency",
    title: "How many parameters?",
    signature: "(sizes: number[]) => number",
    cases: () =>
      sizeCases((s) => sum(s, (n, m) => n * (m + 1)), [
        {
          hint: "that counts the weights only: add one bias per neuron of layers 1..L.",
          value: (s) => sum(s, (n, m) => n * m),
        },
        {
          hint: "the input layer (layer 0) has no biases: sum over layers 1..L.",
          value: (s) => sum(s, (n, m) => n * (m + 1)) + s[0],
        },
      ]),
  },
  {
    id: "forward-multiply-adds",
    chapter: "09_efficiency",
    title: "The multiplications of one forward pass",
    signature: "(sizes: number[]) => number",
    cases: () =>
      sizeCases((s) => sum(s, (n, m) => n * m), [
        {
          hint:
            "adding b^l is an addition, not a multiplication: count the products in W^l a^{l−1}.",
          value: (s) => sum(s, (n, m) => n * (m + 1)),
        },
        {
          hint:
            "W^l is n_l × n_{l−1}: its product with a^{l−1} takes n_l · n_{l−1} multiplications.",
          value: (s) => sum(s, (n) => n * n),
        },
      ]),
  },
];

const SIZE_LISTS: readonly number[][] = [[2, 3, 3, 2], [784, 30, 10], [1, 1], [784, 100, 10], [
  5,
  4,
  3,
  2,
  1,
], [3, 3]];

/** Σ over l = 1..L of term(n_l, n_{l−1}). */
function sum(s: readonly number[], term: (n: number, m: number) => number): number {
  let total = 0;
  for (let l = 1; l < s.length; l++) total += term(s[l], s[l - 1]);
  return total;
}

function sizeCases(
  want: (s: readonly number[]) => number,
  mistakes: { hint: string; value: (s: readonly number[]) => number }[],
): ExerciseCase[] {
  return SIZE_LISTS.map((s) => ({
    label: `sizes = [${s.join(", ")}]`,
    call: (f: Answer) => call(f, [...s]),
    read: (v: unknown) => [scalarBlock("the count", readNumber(v, "the count"))],
    want: [scalarBlock("the count", want(s))],
    mistakes: mistakes.map((m) => ({
      hint: m.hint,
      blocks: () => [scalarBlock("the count", m.value(s))],
    })),
  }));
}

// ---------------------------------------------------------------------------------------------
// The derivation step: an expression the reader writes, evaluated against mathjs's derivative.

const BP1_COST = "(1/2) * (1 / (1 + exp(-z)) - y)^2";
const BP1_NAMES = new Set(["z", "y", "a", "sigma", "exp", "e"]);
const BP1_MISTAKES: { expression: string; hint: string }[] = [
  {
    expression: "sigma(z) - y",
    hint: "that is ∂C/∂a; the step goes on to multiply by ∂a/∂z = σ′(z).",
  },
  {
    expression: "2 * (sigma(z) - y) * sigma(z) * (1 - sigma(z))",
    hint: "a factor 2 too many: the cost is ½(a − y)², whose derivative in a is a − y.",
  },
  {
    expression: "(sigma(z) - y) * sigma(z)",
    hint: "∂a/∂z is σ′(z) = σ(z)(1 − σ(z)), not σ(z).",
  },
];

function checkBp1Step(answer: string): { pass: boolean; message: string } {
  if (answer.trim() === "" || /TODO/.test(answer)) {
    return { pass: false, message: 'Not started: replace "TODO" with your expression for ∂C/∂z.' };
  }
  let node;
  try {
    node = parse(answer);
  } catch (e) {
    return { pass: false, message: `mathjs cannot read "${answer}": ${(e as Error).message}.` };
  }
  const unknown = new Set<string>();
  node.traverse((n) => {
    const s = n as unknown as { isSymbolNode?: boolean; name?: string };
    if (s.isSymbolNode && s.name !== undefined && !BP1_NAMES.has(s.name)) unknown.add(s.name);
  });
  if (unknown.size > 0) {
    return {
      pass: false,
      message: `"${answer}" uses ${[...unknown].join(", ")}: write it with z, y, a (= σ(z)), ` +
        "sigma(…) and exp(…) only.",
    };
  }
  const truth = derivative(parse(BP1_COST), "z").compile();
  const mine = node.compile();
  const mistakes = BP1_MISTAKES.map((m) => ({ ...m, code: parse(m.expression).compile() }));
  const { between } = seeded(42);
  const scopeAt = (z: number, y: number) => ({ z, y, a: sigmoid(z), sigma: sigmoid });
  const points = Array.from({ length: 16 }, () => [between(-4, 4), between(0, 1)]);
  const close = (p: number, q: number) =>
    Number.isFinite(p) && Math.abs(p - q) <= 1e-9 * Math.max(Math.abs(p), Math.abs(q), 1e-12);
  for (const [z, y] of points) {
    let got: unknown;
    try {
      got = mine.evaluate(scopeAt(z, y));
    } catch (e) {
      return {
        pass: false,
        message: `mathjs cannot evaluate "${answer}": ${(e as Error).message}.`,
      };
    }
    const want = truth.evaluate(scopeAt(z, y)) as number;
    if (typeof got !== "number") {
      return { pass: false, message: `"${answer}" does not evaluate to a number at z = ${z}.` };
    }
    if (!close(got, want)) {
      const known = mistakes.find((m) => close(got as number, m.code.evaluate(scopeAt(z, y))));
      return {
        pass: false,
        message: `At z = ${z.toFixed(4)}, y = ${y.toFixed(4)} your expression gives ${got}; ` +
          `∂C/∂z is ${want} (mathjs's own derivative of C = ½(σ(z) − y)²).` +
          (known ? `\n\nHint: ${known.hint}` : ""),
      };
    }
  }
  return {
    pass: true,
    message: `"${answer}" equals mathjs's derivative of C = ½(σ(z) − y)² at ${points.length} ` +
      "random points (z in [−4, 4], y in [0, 1]) to 1e-9.",
  };
}
