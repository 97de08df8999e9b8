/**
 * The two MNIST runs of bench/training.ts on one of the project's engines, timed the way
 * bench/numpy_mnist.py times numpy's, for `deno task bench:numpy`:
 * `deno run -A bench/project_mnist.ts a|b REPEATS [reference|fast|wasm]`. One untimed
 * call, then REPEATS timed ones (each in steady state: the data already in the engine); prints one
 * JSON line {run, seconds, best, peak_mb, engine}. peak_mb is the process's VmHWM.
 * @module
 */

import {
  createNetwork,
  gradientDescent,
  joinSets,
  type KernelName,
  loadMnist,
  oneHot,
  setKernels,
  sgd,
} from "../lib/mod.ts";

const [run, repeatsText, engine = "wasm"] = Deno.args;
if ((run !== "a" && run !== "b") || !(Number(repeatsText) >= 1)) {
  console.error("usage: project_mnist.ts a|b REPEATS [reference|fast|wasm]");
  Deno.exit(2);
}
const repeats = Number(repeatsText);
setKernels(engine as KernelName);

const mnist = await loadMnist();
const seconds: number[] = [];
let started = 0;
const mark = (epoch: number) => {
  if (epoch === 1) started = performance.now();
  else {
    seconds.push((performance.now() - started) / 1000);
    started = performance.now();
  }
};
if (run === "b") {
  const { training, validation } = mnist;
  const net = createNetwork({ sizes: [784, 30, 10], activations: "sigmoid", seed: 1 });
  sgd(net, { X: training.X, Y: oneHot(training.labels), labels: training.labels }, {
    epochs: repeats + 1,
    batchSize: 10,
    eta: 3,
    seed: 1,
    cost: "quadratic",
    evaluation: {
      X: validation.X,
      Y: oneHot(validation.labels),
      labels: validation.labels,
    },
    onEpoch: (r) => mark(r.epoch),
  });
} else {
  const all = joinSets(mnist.training, mnist.validation);
  const net = createNetwork({
    sizes: [784, 10, 10],
    activations: ["relu", "softmax"],
    seed: 1,
    init: "he",
  });
  gradientDescent(net, { X: all.X, Y: oneHot(all.labels) }, {
    iterations: repeats + 1,
    eta: 0.1,
    cost: "crossEntropy",
    onEpoch: (r) => mark(r.epoch),
  });
}
// Reading /proc/self needs --allow-all in Deno; without it the peak is left out (null).
const status = await Deno.readTextFile("/proc/self/status").catch(() => "");
const hwm = Number(status.match(/^VmHWM:\s+(\d+) kB/m)?.[1] ?? NaN);
console.log(JSON.stringify({
  run,
  seconds,
  best: Math.min(...seconds),
  peak_mb: Math.round(hwm / 102.4) / 10,
  engine,
}));
