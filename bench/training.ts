/**
 * The training benchmarks of issue 6, on real MNIST: one epoch of Nielsen's network (b) and one
 * full-batch iteration of the "Backpropagation Calculus" network (a), on the WebAssembly engine
 * and, for comparison, on the reference kernels. `training_bench.ts` registers them with
 * `Deno.bench`; `tools/bench_report.ts` prints their times, GFLOP/s and, for (a), the time of the
 * 1000 iterations the claim needs.
 * @module
 */

import { forwardFlops, gradientFlops } from "./cases.ts";

/** What one training benchmark is: its name, work and how often the claim repeats it. */
export interface TrainingCase {
  name: string;
  /** FLOPs of one call: the products of every gradient of the epoch or iteration. */
  flops: number;
  /** How many calls the claim takes (1000 iterations for (a)); 1 for an epoch. */
  repeat: number;
  /** Mean-time label for the repeated total, e.g. "1000 iterations". */
  repeatLabel?: string;
  /** "wasm" or "reference". */
  kernels: "wasm" | "reference";
  /** Timed calls of `Deno.bench` (each is seconds long). */
  n: number;
  /** Which run of training_bench.ts it times. */
  run: "(a)" | "(b)" | "(b) whole call";
}

const B_SIZES = [784, 30, 10], A_SIZES = [784, 10, 10];

/**
 * The cases, without data: names and work only (bench_report.ts reads these without loading
 * MNIST).
 *
 * @example
 * ```ts
 * import { TRAINING_CASES } from "./training.ts";
 * if (!TRAINING_CASES.some((c) => c.name.startsWith("(b)"))) throw new Error("Nielsen's epoch");
 * ```
 */
export const TRAINING_CASES: readonly TrainingCase[] = [
  {
    name: "(b) 784-30-10 sigmoid, one SGD epoch (50,000 images, m = 10), wasm engine",
    flops: 5000 * gradientFlops(B_SIZES, 10) + forwardFlops(B_SIZES, 10000),
    repeat: 1,
    kernels: "wasm",
    n: 5,
    run: "(b)",
  },
  {
    name: "(b) the same epoch as a whole sgd call, with the copy of the data into the engine",
    flops: 5000 * gradientFlops(B_SIZES, 10) + forwardFlops(B_SIZES, 10000),
    repeat: 1,
    kernels: "wasm",
    n: 3,
    run: "(b) whole call",
  },
  {
    name: "(b) 784-30-10 sigmoid, one SGD epoch (50,000 images, m = 10), reference kernels",
    flops: 5000 * gradientFlops(B_SIZES, 10) + forwardFlops(B_SIZES, 10000),
    repeat: 1,
    kernels: "reference",
    n: 1,
    run: "(b)",
  },
  {
    name: "(a) 784-10-10 ReLU/softmax, one full-batch iteration (60,000 images), wasm engine",
    flops: gradientFlops(A_SIZES, 60000),
    repeat: 1000,
    repeatLabel: "1000 iterations",
    kernels: "wasm",
    n: 10,
    run: "(a)",
  },
];
