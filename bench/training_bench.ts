/**
 * `deno bench bench/`: the training cases of training.ts on real MNIST. The epoch of (b) trains
 * on the 50,000 training images and evaluates on the 10,000 validation images, as the course's
 * reproduce run does every epoch; the iteration of (a) is one step of gradient descent on all
 * 60,000 training images. Each call continues training the same network (its time does not
 * depend on the weights). Nothing is asserted about time.
 * @module
 */

import {
  createNetwork,
  gradientDescent,
  joinSets,
  loadMnist,
  oneHot,
  setKernels,
  sgd,
} from "../lib/mod.ts";
import { TRAINING_CASES } from "./training.ts";

const mnist = await loadMnist();
const { training, validation } = mnist;
const train = { X: training.X, Y: oneHot(training.labels), labels: training.labels };
const check = { X: validation.X, Y: oneHot(validation.labels), labels: validation.labels };
const all = joinSets(training, validation);
const full = { X: all.X, Y: oneHot(all.labels) };
const nielsen = createNetwork({ sizes: [784, 30, 10], activations: "sigmoid", seed: 1 });
const calculus = createNetwork({
  sizes: [784, 10, 10],
  activations: ["relu", "softmax"],
  seed: 1,
  init: "he",
});

/**
 * Each case times one epoch (or iteration) of the real `sgd` / `gradientDescent` in steady
 * state: it trains two, and the timer runs from the first report to the second, so the one-time
 * copy of the data into the engine's memory is left out (the "whole call" case shows it).
 */
const RUNS: Record<string, (b: Deno.BenchContext) => void> = {
  "(b)": (b) =>
    sgd(nielsen, train, {
      epochs: 2,
      batchSize: 10,
      eta: 3,
      seed: 1,
      cost: "quadratic",
      evaluation: check,
      onEpoch: (r) => (r.epoch === 1 ? b.start() : b.end()),
    }),
  "(a)": (b) =>
    gradientDescent(calculus, full, {
      iterations: 2,
      eta: 0.1,
      cost: "crossEntropy",
      onEpoch: (r) => (r.epoch === 1 ? b.start() : b.end()),
    }),
  "(b) whole call": () =>
    sgd(nielsen, train, {
      epochs: 1,
      batchSize: 10,
      eta: 3,
      seed: 1,
      cost: "quadratic",
      evaluation: check,
    }),
};

for (const c of TRAINING_CASES) {
  const run = RUNS[c.run];
  Deno.bench({
    name: c.name,
    group: "MNIST training",
    n: c.n,
    warmup: 1,
    fn: (b) => {
      const previous = setKernels(c.kernels);
      try {
        run(b);
      } finally {
        setKernels(previous);
      }
    },
  });
}
