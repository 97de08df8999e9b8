/**
 * Every benchmark case, built once at module load: `gradient_bench.ts` registers them with
 * `Deno.bench`, and `tools/bench_report.ts` joins the timings with them by name to print GFLOP/s
 * and the gradient-to-forward ratios.
 *
 * FLOP counting: only the matrix products, at 2·m·k·n for an m×k by k×n product (a matrix–vector
 * product is the k×1 case, an outer product the 1-inner case). Bias additions, activations, σ′,
 * the Hadamard products, the cost gradient and the 1/N scaling are O(n_l·N) and are not counted.
 * For a batch of N examples and layers l = 1..L:
 *
 *   forward   Z^l = W^l A^{l−1}:            Σ_{l=1..L}   2·n_l·n_{l−1}·N
 *   BP2       (W^{l+1})ᵀ Δ^{l+1}:           Σ_{l=1..L−1} 2·n_l·n_{l+1}·N
 *   BP4       ∂C/∂W^l = Δ^l (A^{l−1})ᵀ:     Σ_{l=1..L}   2·n_l·n_{l−1}·N
 *
 * A gradient (batchGradient on N columns, or deltaRecursion called N times) counts all three: it
 * runs its own forward pass. deltaRecursion's BP4 is an outer product, counted by the same rule
 * (2·n_l·n_{l−1} per example, though it multiplies without adding) so the loop and the batch are
 * credited the same work and their GFLOP/s compare directly.
 * @module
 */

import {
  type ActivationName,
  batchGradient,
  type CostName,
  countPaths,
  createNetwork,
  createRng,
  deltaRecursion,
  forward,
  forwardBatch,
  fromColumns,
  type Network,
  pathSum,
  setKernels,
} from "../lib/mod.ts";

/** One benchmark: `name` is unique, `group` is a (network, N) pair. */
export interface BenchCase {
  /** Unique name, `${group} ${method}`. */
  name: string;
  /** The network and batch size; ratios are taken within a group. */
  group: string;
  /** What is timed, e.g. "batchGradient" or "deltaRecursion ×10". */
  method: string;
  /** True for the group's forward pass, which the other cases are divided by. */
  baseline?: boolean;
  /** Floating-point operations per call (see the module comment); absent where meaningless. */
  flops?: number;
  /** The timed call. */
  fn: () => void;
}

/**
 * FLOPs of the forward pass for N examples: Σ_l 2·n_l·n_{l−1}·N.
 *
 * @example
 * ```ts
 * import { forwardFlops } from "./cases.ts";
 * if (forwardFlops([784, 30, 10], 1) !== 2 * (784 * 30 + 30 * 10)) throw new Error("47640");
 * ```
 */
export function forwardFlops(sizes: readonly number[], N: number): number {
  let f = 0;
  for (let l = 1; l < sizes.length; l++) f += 2 * sizes[l] * sizes[l - 1] * N;
  return f;
}

/**
 * FLOPs of one gradient over N examples: the forward pass, BP2 and BP4.
 *
 * @example
 * ```ts
 * import { forwardFlops, gradientFlops } from "./cases.ts";
 * // BP4 repeats the forward products; BP2 adds (W²)ᵀδ², 2·30·10.
 * if (gradientFlops([784, 30, 10], 1) !== 2 * forwardFlops([784, 30, 10], 1) + 600) throw new Error();
 * ```
 */
export function gradientFlops(sizes: readonly number[], N: number): number {
  let bp2 = 0;
  for (let l = 1; l < sizes.length - 1; l++) bp2 += 2 * sizes[l] * sizes[l + 1] * N;
  return 2 * forwardFlops(sizes, N) + bp2;
}

/** Inputs uniform in [0, 1) and one-hot labels, one array per example, from a fixed seed. */
function examples(sizes: readonly number[], count: number, seed: number) {
  const rng = createRng(seed);
  const nL = sizes[sizes.length - 1];
  const xs: Float64Array[] = [], ys: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    xs.push(Float64Array.from({ length: sizes[0] }, () => rng.uniform()));
    const y = new Float64Array(nL);
    y[rng.int(nL)] = 1;
    ys.push(y);
  }
  return { xs, ys };
}

const MNIST_SIZES = [[784, 30, 10], [784, 100, 10]];
const BATCHES = [1, 10, 100];

function mnistCases(sizes: number[]): BenchCase[] {
  const net = createNetwork({ sizes, activations: "sigmoid", seed: 1 });
  const { xs, ys } = examples(sizes, Math.max(...BATCHES), 2);
  const cases: BenchCase[] = [];
  for (const N of BATCHES) {
    const group = `${sizes.join("-")} N=${N}`;
    const X = fromColumns(xs.slice(0, N)), Y = fromColumns(ys.slice(0, N));
    const add = (method: string, fn: () => void, flops: number, baseline = false) =>
      cases.push({ name: `${group} ${method}`, group, method, baseline, flops, fn });
    add("forwardBatch", () => forwardBatch(net, X), forwardFlops(sizes, N), true);
    if (N === 1) add("forward", () => forward(net, xs[0]), forwardFlops(sizes, 1));
    add("batchGradient", () => batchGradient(net, X, Y, "quadratic"), gradientFlops(sizes, N));
    add(`deltaRecursion ×${N}`, () => {
      for (let i = 0; i < N; i++) deltaRecursion(net, xs[i], ys[i], "quadratic");
    }, gradientFlops(sizes, N));
    // the same two calls on the other kernels, in groups of their own (ratios within a kernel)
    for (const kernels of ["fast", "wasm"] as const) {
      const on = (f: () => void) => () => {
        const previous = setKernels(kernels);
        try {
          f();
        } finally {
          setKernels(previous);
        }
      };
      const g = `${group} ${kernels}`;
      for (
        const [method, fn, flops, baseline] of [
          ["forwardBatch", () => forwardBatch(net, X), forwardFlops(sizes, N), true],
          [
            "batchGradient",
            () => batchGradient(net, X, Y, "quadratic"),
            gradientFlops(sizes, N),
            false,
          ],
        ] as const
      ) {
        const m = `${method} (${kernels} kernels)`;
        cases.push({ name: `${g} ${m}`, group: g, method: m, baseline, flops, fn: on(fn) });
      }
    }
  }
  return cases;
}

/** A small network on which the path sum is feasible: forward, pathSum and deltaRecursion. */
function pathCases(
  sizes: number[],
  activations: ActivationName[],
  cost: CostName,
): BenchCase[] {
  const net: Network = createNetwork({ sizes, activations, seed: 3 });
  const { xs: [x], ys: [y] } = examples(sizes, 1, 4);
  const group = `${sizes.join("-")} ${[...new Set(activations)].join("/")} ${cost}`;
  const paths = countPaths(sizes, activations);
  return [
    { method: "forward", baseline: true, fn: () => forward(net, x) },
    { method: `pathSum (${paths} paths)`, fn: () => pathSum(net, x, y, cost) },
    { method: "deltaRecursion", fn: () => deltaRecursion(net, x, y, cost) },
  ].map((c) => ({ ...c, name: `${group} ${c.method}`, group }));
}

/** Every case, in the order they are run and printed. */
export const CASES: readonly BenchCase[] = [
  ...MNIST_SIZES.flatMap(mnistCases),
  ...pathCases([4, 4, 4, 2], ["sigmoid", "sigmoid", "sigmoid"], "quadratic"),
  ...pathCases([6, 6, 6, 6, 2], ["sigmoid", "sigmoid", "sigmoid", "sigmoid"], "quadratic"),
  ...pathCases([6, 6, 6, 4], ["sigmoid", "sigmoid", "softmax"], "crossEntropy"),
];
