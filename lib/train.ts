/**
 * Training by gradient descent, as Nielsen's network.py does it: each step moves the parameters
 * against the mean gradient of a batch, W^l ← W^l − (η/m) Σ_x δ^{x,l} (a^{x,l−1})ᵀ and
 * b^l ← b^l − (η/m) Σ_x δ^{x,l}, which is η times {@link batchGradient}'s mean gradient.
 * Stochastic gradient descent shuffles the training set each epoch (seeded, so runs repeat bit
 * for bit) and steps once per mini-batch of m examples; full-batch gradient descent steps once per
 * pass over all of it. A step that would make a parameter non-finite, or a non-finite cost, stops
 * training with an Error naming the epoch (or iteration) and η; the network keeps its last finite
 * parameters. Trained networks save to JSON and load back bit for bit.
 *
 * Under `setKernels("wasm")` the same steps run on the WebAssembly engine of wasm_train.ts, which
 * keeps the training set and the parameters in WebAssembly memory for the whole call (the network
 * is written back after every epoch or report): results equal the reference's to rounding, about
 * seven times faster on MNIST.
 * @module
 */

import { batchGradient } from "./batch_gradient.ts";
import { checkTargets, cost as costByName } from "./costs.ts";
import {
  ArgumentError,
  assertFinite,
  assertInteger,
  assertKnownKeys,
  assertOptionalFunction,
  assertPositive,
  describe,
  trainingDiverged as diverged,
} from "./errors.ts";
import { forwardBatch, OverflowError, overflowText } from "./forward.ts";
import type { Gradients } from "./gradients.ts";
import { assertMatrix, getColumn, type Matrix } from "./matrix.ts";
import { columns } from "./mnist.ts";
import {
  assertNetwork,
  type Network,
  networkFromParameters,
  resolveArchitecture,
} from "./network.ts";
import { outputLayer } from "./output_layer.ts";
import { createRng, type Rng } from "./rng.ts";
import {
  checkCheckpointOptions,
  type CheckpointOptions,
  type CheckpointRun,
  dataFingerprint,
  readCheckpoint,
  restoreParameters,
  writeCheckpoint,
} from "./checkpoint.ts";
import { checkWritablePath, writeFileAtomic } from "./files.ts";
import { getKernels } from "./kernels.ts";
import { createWasmStepper, type Stepper } from "./wasm_train.ts";
import type { ActivationName } from "./activations.ts";

/** Examples as columns: X is n_0 × N, Y is n_L × N; labels (class per column) default to argmax Y. */
export interface Dataset {
  X: Matrix;
  Y: Matrix;
  labels?: ArrayLike<number>;
}

/** How well a network does on a dataset. */
export interface Evaluation {
  /** The mean cost (1/N) Σ_x C_x. */
  cost: number;
  /** How many columns have argmax a^L equal to the label. */
  correct: number;
  /** N, the number of examples. */
  total: number;
  /** correct / total. */
  accuracy: number;
}

/** One line of training progress. */
export interface EpochReport {
  /** 1-based epoch (SGD) or iteration (full-batch). */
  epoch: number;
  /** Mean cost of the training examples seen in this epoch, each taken just before its step. */
  trainingCost: number;
  /** On `options.evaluation`, after the epoch, when given. */
  evaluation?: Evaluation;
  /** Wall-clock seconds of the epoch (training and evaluation). */
  seconds: number;
  /** Wall-clock seconds of the training steps alone (without the evaluation). */
  trainingSeconds: number;
}

/** Options shared by {@link sgd} and {@link gradientDescent}. */
export interface TrainOptions {
  /** The learning rate η > 0. */
  eta: number;
  /** The cost's name, e.g. "quadratic" (Nielsen's chapter 1). */
  cost: string;
  /** Data to evaluate on after every reported epoch (e.g. the validation set). */
  evaluation?: Dataset;
  /** Called after every reported epoch. */
  onEpoch?: (report: EpochReport) => void;
  /** Receives one progress line per reported epoch, e.g. `console.log`. */
  log?: (line: string) => void;
  /**
   * Save the run to a file as it goes (atomically, after every `every` epochs or iterations and
   * after the last, before `onEpoch` and `log` hear of it), and with `resume: true` continue from
   * that file: the result equals an uninterrupted run's bit for bit.
   */
  checkpoint?: CheckpointOptions;
}

/** Options of {@link sgd}. */
export interface SgdOptions extends TrainOptions {
  /** Passes over the training data. */
  epochs: number;
  /** m, the mini-batch size (the last batch of an epoch may be smaller). */
  batchSize: number;
  /** Seed of the shuffles: the same seed and network give the same weights, bit for bit. */
  seed: number;
}

/** Options of {@link gradientDescent}. */
export interface GradientDescentOptions extends TrainOptions {
  /** Steps, each on the whole training set. */
  iterations: number;
  /** Report (callback, log, evaluation) every k iterations and after the last; default 1. */
  every?: number;
}

/**
 * Index of the largest entry of each column: the network's guess for every example.
 *
 * @example
 * ```ts
 * import { argmaxColumns, fromColumns } from "./mod.ts";
 * if (argmaxColumns(fromColumns([[0.1, 0.9], [0.7, 0.2]])).join() !== "1,0") throw new Error("guesses");
 * ```
 */
export function argmaxColumns(M: Matrix): Uint32Array {
  assertMatrix("argmaxColumns", "M", M);
  const out = new Uint32Array(M.cols);
  for (let j = 0; j < M.cols; j++) {
    let best = 0;
    for (let i = 1; i < M.rows; i++) {
      if (M.data[i * M.cols + j] > M.data[best * M.cols + j]) best = i;
    }
    out[j] = best;
  }
  return out;
}

function checkDataset(fn: string, argument: string, net: Network, data: Dataset): Uint32Array {
  if (typeof data !== "object" || data === null) {
    throw new ArgumentError(fn, argument, "{ X, Y } with examples as columns", describe(data));
  }
  const L = net.sizes.length - 1;
  assertMatrix(fn, `${argument}.X`, data.X, net.sizes[0]);
  if (data.X.cols < 1) {
    throw new ArgumentError(fn, `${argument}.X`, "at least one column (example)", "0 columns");
  }
  assertMatrix(fn, `${argument}.Y`, data.Y, net.sizes[L], data.X.cols);
  // Checked here, not by forwardBatch, so that the error names the function the user called.
  for (const [name, m] of [["X", data.X], ["Y", data.Y]] as const) {
    assertFinite(
      fn,
      `${argument}.${name}`,
      m.data,
      (i) => `row ${Math.floor(i / m.cols)}, column ${i % m.cols}`,
    );
  }
  if (data.labels === undefined) return argmaxColumns(data.Y);
  const labels: unknown = data.labels;
  const isList = Array.isArray(labels) ||
    (ArrayBuffer.isView(labels) && !(labels instanceof DataView));
  if (!isList || (labels as ArrayLike<unknown>).length !== data.X.cols) {
    throw new ArgumentError(
      fn,
      `${argument}.labels`,
      `${data.X.cols} labels (one per column of X)`,
      isList ? `${(labels as ArrayLike<unknown>).length}` : describe(labels),
    );
  }
  // A label is the index of the right output neuron: anything else makes the accuracy wrong.
  const out = new Uint32Array(data.X.cols);
  for (let i = 0; i < out.length; i++) {
    const c = (labels as ArrayLike<unknown>)[i];
    if (typeof c !== "number" || !Number.isInteger(c) || c < 0 || c >= net.sizes[L]) {
      throw new ArgumentError(
        fn,
        `${argument}.labels`,
        `integer classes in [0, ${net.sizes[L]}) (indices of the ${net.sizes[L]} output neurons)`,
        `${describe(c)} at index ${i}`,
      );
    }
    out[i] = c;
  }
  return out;
}

/** The mean cost over the columns, from Z^L (the fused output layers need it: output_layer.ts). */
function meanCost(net: Network, costName: string, Z: Matrix, A: Matrix, Y: Matrix): number {
  const out = outputLayer(net.activations[net.sizes.length - 1], costName);
  let s = 0;
  for (let i = 0; i < A.cols; i++) {
    s += out.value(getColumn(Z, i), getColumn(A, i), getColumn(Y, i));
  }
  return s / A.cols;
}

/**
 * The cost must fit the output layer (the log costs need probabilities) and every target in Y
 * must fit the cost (y ≥ 0 for the log costs, y ≤ 1 too for binaryCrossEntropy): checked before
 * any training, identically for every engine.
 */
function checkCostFits(
  fn: string,
  argument: string,
  net: Network,
  costName: string,
  datasets: [string, Dataset | undefined][],
): void {
  const out = outputLayer(net.activations[net.sizes.length - 1], costName, fn, argument);
  for (const [name, data] of datasets) {
    if (data === undefined) continue;
    const Y = data.Y;
    checkTargets(
      fn,
      `${name}.Y`,
      out.cost.name,
      Y.data,
      (i) => `${name}.Y row ${Math.floor(i / Y.cols)}, column ${i % Y.cols}`,
    );
  }
}

/**
 * The mean cost and the accuracy (argmax a^L against the label) of a network on a dataset.
 *
 * @example
 * ```ts
 * import { evaluate, fromColumns, networkFromParameters } from "./mod.ts";
 * const net = networkFromParameters({ activations: "identity", W: [null, [[1], [-1]]], b: [null, [0, 0]] });
 * const e = evaluate(net, { X: fromColumns([[1], [-1]]), Y: fromColumns([[1, 0], [1, 0]]) }, "quadratic");
 * if (e.correct !== 1 || e.accuracy !== 0.5) throw new Error("x = 1 right, x = −1 wrong");
 * ```
 */
export function evaluate(net: Network, data: Dataset, cost: string): Evaluation {
  const fn = "evaluate";
  assertNetwork(fn, net);
  costByName(cost, fn, "cost");
  const labels = checkDataset(fn, "data", net, data);
  checkCostFits(fn, "cost", net, cost, [["data", data]]);
  const { z, a } = forwardBatch(net, data.X);
  const A = a[a.length - 1];
  const guesses = argmaxColumns(A);
  let correct = 0;
  for (let i = 0; i < guesses.length; i++) if (guesses[i] === labels[i]) correct++;
  return {
    cost: meanCost(net, cost, z[z.length - 1], A, data.Y),
    correct,
    total: A.cols,
    accuracy: correct / A.cols,
  };
}

function checkTrainOptions(fn: string, options: TrainOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new ArgumentError(fn, "options", "an options object", describe(options));
  }
  assertKnownKeys(fn, "options", options, [
    "eta",
    "cost",
    "evaluation",
    "onEpoch",
    "log",
    "checkpoint",
    ...(fn === "sgd" ? ["epochs", "batchSize", "seed"] : ["iterations", "every"]),
  ]);
  assertPositive(fn, "options.eta", options.eta);
  costByName(options.cost, fn, "options.cost");
  // Callbacks run only after the first epoch: a wrong one must be refused before any step.
  assertOptionalFunction(fn, "options.onEpoch", options.onEpoch);
  assertOptionalFunction(fn, "options.log", options.log);
  if (fn === "sgd") {
    const seed = (options as SgdOptions).seed;
    if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
      throw new ArgumentError(fn, "options.seed", "a safe integer", describe(seed));
    }
  }
}

/**
 * Applies W ← W − η dW, b ← b − η db, but only after checking that every new value is finite:
 * a diverging step throws and leaves the network as it was.
 */
function step(net: Network, g: Gradients, eta: number, where: string): void {
  for (let l = 1; l < net.sizes.length; l++) {
    const w = net.W[l].data, dw = g.dW[l].data, b = net.b[l], db = g.db[l];
    for (let i = 0; i < w.length; i++) {
      if (!Number.isFinite(w[i] - eta * dw[i])) {
        throw diverged(where, eta, `W[${l}] entry ${i} would become ${w[i] - eta * dw[i]}`);
      }
    }
    for (let i = 0; i < b.length; i++) {
      if (!Number.isFinite(b[i] - eta * db[i])) {
        throw diverged(where, eta, `b[${l}][${i}] would become ${b[i] - eta * db[i]}`);
      }
    }
  }
  for (let l = 1; l < net.sizes.length; l++) {
    const w = net.W[l].data, dw = g.dW[l].data, b = net.b[l], db = g.db[l];
    for (let i = 0; i < w.length; i++) w[i] -= eta * dw[i];
    for (let i = 0; i < b.length; i++) b[i] -= eta * db[i];
  }
}

/** The reference engine: batchGradient on the batch's columns, then the checked step. */
function referenceStepper(net: Network, data: Dataset, cost: string, eta: number): Stepper {
  return {
    step(indices, where) {
      const X = indices === null ? data.X : columns(data.X, indices);
      const Y = indices === null ? data.Y : columns(data.Y, indices);
      let g;
      try {
        g = batchGradient(net, X, Y, cost);
      } catch (e) {
        // the same words as the WebAssembly engine's: training diverged, in this layer
        if (e instanceof OverflowError) {
          throw diverged(
            where,
            eta,
            overflowText(e.layer, e.entry.replace(/ of example.*/, ""), e.value),
          );
        }
        throw e;
      }
      const { z, a } = g.trace;
      const c = meanCost(net, cost, z[z.length - 1], a[a.length - 1], Y);
      if (!Number.isFinite(c)) throw diverged(where, eta, `the cost is ${c}`);
      step(net, g, eta, where);
      return c;
    },
    flush() {},
  };
}

/**
 * The engine the current kernels call for: the WebAssembly one (wasm_train.ts) under "wasm",
 * else the reference steps, whose products follow {@link getKernels} through batchGradient.
 */
function stepperFor(
  fn: string,
  net: Network,
  data: Dataset,
  options: TrainOptions,
  batchSize: number | "all",
): Stepper {
  for (const [name, m] of [["X", data.X], ["Y", data.Y]] as const) {
    assertFinite(
      fn,
      `data.${name}`,
      m.data,
      (i) => `row ${Math.floor(i / m.cols)}, column ${i % m.cols}`,
    );
  }
  return getKernels() === "wasm"
    ? createWasmStepper(net, data.X, data.Y, options.cost, options.eta, batchSize)
    : referenceStepper(net, data, options.cost, options.eta);
}

function report(
  net: Network,
  options: TrainOptions,
  epoch: number,
  trainingCost: number,
  started: number,
  label: string,
  save?: (r: EpochReport) => void,
): EpochReport {
  const trainingSeconds = (performance.now() - started) / 1000;
  const evaluation = options.evaluation === undefined
    ? undefined
    : evaluate(net, options.evaluation, options.cost);
  const r: EpochReport = {
    epoch,
    trainingCost,
    evaluation,
    seconds: (performance.now() - started) / 1000,
    trainingSeconds,
  };
  save?.(r); // saved before anyone hears of it: a report seen is a report kept
  options.onEpoch?.(r);
  if (options.log) {
    const ev = evaluation === undefined
      ? ""
      : `, evaluation cost ${
        evaluation.cost.toPrecision(4)
      }, accuracy ${evaluation.correct} / ${evaluation.total} (${
        (100 * evaluation.accuracy).toFixed(2)
      }%)`;
    options.log(
      `${label} ${epoch}: training cost ${trainingCost.toPrecision(4)}${ev}, ${
        r.seconds.toFixed(2)
      } s`,
    );
  }
  return r;
}

/** One Fisher–Yates shuffle of `order` in place, drawing from the seeded RNG. */
function shuffle(order: Uint32Array, rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/**
 * Mini-batch stochastic gradient descent (Nielsen's `SGD`): for each epoch, shuffle the examples
 * with the seeded RNG, split them into mini-batches of m, and step W ← W − (η/m) Σ δ aᵀ on each.
 * Trains `net` in place and returns one report per epoch.
 *
 * With `options.checkpoint` ({@link CheckpointOptions}) the run is saved to a file after every k
 * epochs (default 1) and after the last: the network ({@link loadNetwork} reads the file), the
 * epochs done, the reports so far and the settings. The file is replaced atomically, so a crash
 * or a kill leaves the last checkpoint whole. With `resume: true` a call continues from that
 * file: `net`'s parameters are replaced by the saved ones, the finished epochs' shuffles are
 * replayed from the seed (so the random order continues where it was), the remaining epochs run,
 * and the reports returned include the earlier ones. The final network equals an uninterrupted
 * run's bit for bit, on either engine. A checkpoint of another architecture, data set, trainer,
 * η, cost, seed, mini-batch size or kernels is refused ({@link ArgumentError}), never half-used.
 *
 * @example
 * ```ts
 * import { createNetwork, fromColumns, sgd } from "./mod.ts";
 * const net = createNetwork({ sizes: [1, 1], activations: "sigmoid", seed: 1 });
 * const data = { X: fromColumns([[0], [1]]), Y: fromColumns([[1], [0]]) }; // NOT
 * const reports = sgd(net, data, { epochs: 300, batchSize: 2, eta: 5, seed: 1, cost: "quadratic" });
 * if (!(reports[299].trainingCost < reports[0].trainingCost / 10)) throw new Error("it learns NOT");
 * ```
 *
 * @example A run stopped after 8 of 20 epochs and resumed equals the uninterrupted run
 * ```ts
 * import { createNetwork, fromColumns, loadNetwork, sgd } from "./mod.ts";
 * const path = `${await Deno.makeTempDir()}/not.json`;
 * const data = { X: fromColumns([[0], [1], [0], [1]]), Y: fromColumns([[1], [0], [1], [0]]) };
 * const options = { epochs: 20, batchSize: 3, eta: 5, seed: 7, cost: "quadratic" };
 * const fresh = () => createNetwork({ sizes: [1, 1], activations: "sigmoid", seed: 1 });
 * const whole = fresh();
 * sgd(whole, data, options);
 * sgd(fresh(), data, { ...options, epochs: 8, checkpoint: { path } }); // "interrupted" at 8
 * const resumed = fresh();
 * const reports = sgd(resumed, data, { ...options, checkpoint: { path, resume: true } });
 * if (reports.length !== 20 || resumed.W[1].data[0] !== whole.W[1].data[0]) {
 *   throw new Error("20 reports, and the very same weight");
 * }
 * if (loadNetwork(path).b[1][0] !== whole.b[1][0]) throw new Error("the checkpoint is a network");
 * await Deno.remove(path);
 * ```
 */
export function sgd(net: Network, data: Dataset, options: SgdOptions): EpochReport[] {
  const fn = "sgd";
  assertNetwork(fn, net);
  checkTrainOptions(fn, options);
  checkDataset(fn, "data", net, data);
  if (options.evaluation !== undefined) {
    checkDataset(fn, "options.evaluation", net, options.evaluation);
  }
  checkCostFits(fn, "options.cost", net, options.cost, [["data", data], [
    "options.evaluation",
    options.evaluation,
  ]]);
  assertInteger(fn, "options.epochs", options.epochs, 1);
  assertInteger(fn, "options.batchSize", options.batchSize, 1);
  const cp = checkCheckpointOptions(fn, options.checkpoint, "epochs");
  const rng = createRng(options.seed);
  const N = data.X.cols, m = options.batchSize;
  const order = new Uint32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  const run: CheckpointRun | undefined = cp && {
    trainer: fn,
    unit: "epoch",
    settings: {
      eta: options.eta,
      cost: options.cost,
      seed: options.seed,
      batchSize: m,
      kernels: getKernels(),
      data: dataFingerprint(data.X, data.Y),
    },
  };
  const resumed = cp && readCheckpoint(fn, cp, run!, net, options.epochs, networkFromJson);
  const undo = resumed && restoreParameters(net, resumed);
  let stepper: Stepper;
  try {
    stepper = stepperFor(fn, net, data, options, m);
  } catch (e) {
    undo?.(); // refused: the network as it came
    throw e;
  }
  const reports: EpochReport[] = resumed?.reports ?? [];
  // The finished epochs' shuffles, replayed: the RNG and the order are where they were.
  for (let epoch = 1; epoch <= (resumed?.done ?? 0); epoch++) shuffle(order, rng);
  try {
    for (let epoch = (resumed?.done ?? 0) + 1; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      shuffle(order, rng);
      let costSum = 0;
      for (let start = 0; start < N; start += m) {
        const idx = order.subarray(start, Math.min(start + m, N));
        costSum += stepper.step(idx, `epoch ${epoch}, mini-batch ${start / m + 1}`) * idx.length;
      }
      stepper.flush();
      const save = cp && (epoch % cp.every === 0 || epoch === options.epochs)
        ? (r: EpochReport) =>
          writeCheckpoint(fn, cp, run!, net, networkToJson(net), epoch, [...reports, r])
        : undefined;
      reports.push(report(net, options, epoch, costSum / N, started, "epoch", save));
    }
  } finally {
    stepper.flush();
  }
  return reports;
}

/**
 * Full-batch gradient descent: every iteration steps W ← W − η ∂C/∂W with C the mean cost over
 * the whole training set. Reports (callback, log, evaluation) every `every` iterations and after
 * the last. Trains `net` in place.
 *
 * @example
 * ```ts
 * import { fromColumns, gradientDescent, networkFromParameters } from "./mod.ts";
 * const net = networkFromParameters({ activations: "identity", W: [null, [[0]]], b: [null, [0]] });
 * const data = { X: fromColumns([[1], [2]]), Y: fromColumns([[2], [4]]) }; // y = 2x
 * gradientDescent(net, data, { iterations: 1000, eta: 0.5, cost: "quadratic" });
 * if (Math.abs(net.W[1].data[0] - 2) > 1e-6) throw new Error("w → 2");
 * ```
 *
 * With `options.checkpoint` ({@link CheckpointOptions}) the run is saved atomically after every
 * k iterations (default 1) and after the last, and `resume: true` continues from the file, bit
 * for bit as if uninterrupted, as {@link sgd} does (the reports returned include the earlier
 * ones). A checkpoint of another architecture, data set, trainer, η, cost, `every` or kernels is
 * refused.
 *
 * @example Resuming a run of 1000 iterations saved every 100
 * ```ts
 * import { fromColumns, gradientDescent, networkFromParameters } from "./mod.ts";
 * const path = `${await Deno.makeTempDir()}/line.json`;
 * const fresh = () =>
 *   networkFromParameters({ activations: "identity", W: [null, [[0]]], b: [null, [0]] });
 * const data = { X: fromColumns([[1], [2]]), Y: fromColumns([[2], [4]]) };
 * const options = { iterations: 1000, every: 100, eta: 0.5, cost: "quadratic" };
 * const whole = fresh();
 * gradientDescent(whole, data, options);
 * const first = fresh();
 * gradientDescent(first, data, { ...options, iterations: 450, checkpoint: { path, every: 100 } });
 * const resumed = fresh();
 * gradientDescent(resumed, data, { ...options, checkpoint: { path, every: 100, resume: true } });
 * if (resumed.W[1].data[0] !== whole.W[1].data[0]) throw new Error("the very same weight");
 * await Deno.remove(path);
 * ```
 */
export function gradientDescent(
  net: Network,
  data: Dataset,
  options: GradientDescentOptions,
): EpochReport[] {
  const fn = "gradientDescent";
  assertNetwork(fn, net);
  checkTrainOptions(fn, options);
  checkDataset(fn, "data", net, data);
  if (options.evaluation !== undefined) {
    checkDataset(fn, "options.evaluation", net, options.evaluation);
  }
  checkCostFits(fn, "options.cost", net, options.cost, [["data", data], [
    "options.evaluation",
    options.evaluation,
  ]]);
  assertInteger(fn, "options.iterations", options.iterations, 1);
  const every = assertInteger(fn, "options.every", options.every ?? 1, 1);
  const cp = checkCheckpointOptions(fn, options.checkpoint, "iterations");
  const run: CheckpointRun | undefined = cp && {
    trainer: fn,
    unit: "iteration",
    settings: {
      eta: options.eta,
      cost: options.cost,
      every,
      kernels: getKernels(),
      data: dataFingerprint(data.X, data.Y),
    },
  };
  const resumed = cp && readCheckpoint(fn, cp, run!, net, options.iterations, networkFromJson);
  const undo = resumed && restoreParameters(net, resumed);
  let stepper: Stepper;
  try {
    stepper = stepperFor(fn, net, data, options, "all");
  } catch (e) {
    undo?.(); // refused: the network as it came
    throw e;
  }
  const reports: EpochReport[] = resumed?.reports ?? [];
  let started = performance.now();
  try {
    for (let t = (resumed?.done ?? 0) + 1; t <= options.iterations; t++) {
      const c = stepper.step(null, `iteration ${t}`);
      const save = cp !== undefined && (t % cp.every === 0 || t === options.iterations);
      if (t % every === 0 || t === options.iterations) {
        stepper.flush();
        const saveWith = save
          ? (r: EpochReport) =>
            writeCheckpoint(fn, cp, run!, net, networkToJson(net), t, [...reports, r])
          : undefined;
        reports.push(report(net, options, t, c, started, "iteration", saveWith));
        started = performance.now();
      } else if (save) {
        stepper.flush();
        writeCheckpoint(fn, cp, run!, net, networkToJson(net), t, reports);
      }
    }
  } finally {
    stepper.flush();
  }
  return reports;
}

const FORMAT = "backprop-course/network";

/** The JSON form of a network, as {@link networkToJson} writes it. */
export interface NetworkJson {
  format: typeof FORMAT;
  version: 1;
  sizes: number[];
  /** Activations of layers 1..L. */
  activations: ActivationName[];
  /** [null, W¹ as rows, …]. */
  W: (number[][] | null)[];
  /** [null, b¹, …]. */
  b: (number[] | null)[];
}

/**
 * The network as JSON text. JSON.stringify writes the shortest decimal that parses back to the
 * same float64, so loading gives the very same numbers (−0 comes back as +0, which changes no
 * prediction).
 *
 * @example
 * ```ts
 * import { createNetwork, networkFromJson, networkToJson } from "./mod.ts";
 * const net = createNetwork({ sizes: [3, 2], activations: "sigmoid", seed: 4 });
 * const back = networkFromJson(networkToJson(net));
 * if (back.W[1].data.some((w, i) => w !== net.W[1].data[i])) throw new Error("bit for bit");
 * ```
 */
export function networkToJson(net: Network): string {
  assertNetwork("networkToJson", net);
  const json: NetworkJson = {
    format: FORMAT,
    version: 1,
    sizes: [...net.sizes],
    activations: net.activations.slice(1),
    W: net.W.map((m, l) =>
      l === 0
        ? null
        : Array.from({ length: m.rows }, (_, i) =>
          Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)))
    ),
    b: net.b.map((v, l) => (l === 0 ? null : Array.from(v))),
  };
  return JSON.stringify(json);
}

/** The architecture a loaded network must have. */
export interface Architecture {
  sizes: readonly number[];
  /** One name for every layer, or one per layer 1..L. */
  activations: ActivationName | readonly ActivationName[];
}

/**
 * A network from {@link networkToJson}'s text; with `expected`, its architecture must match.
 * `source` names the text (e.g. its file) in error messages.
 *
 * @example
 * ```ts
 * import { createNetwork, networkFromJson, networkToJson } from "./mod.ts";
 * const text = networkToJson(createNetwork({ sizes: [3, 2], activations: "sigmoid", seed: 4 }));
 * try {
 *   networkFromJson(text, { expected: { sizes: [3, 4, 2], activations: "sigmoid" } });
 *   throw new Error("unreachable");
 * } catch (e) {
 *   if (!(e as Error).message.includes("3,4,2")) throw e;
 * }
 * ```
 */
export function networkFromJson(
  text: string,
  options: { expected?: Architecture; source?: string } = {},
): Network {
  const fn = "networkFromJson";
  assertKnownKeys(fn, "options", options, ["expected", "source"]);
  if (options.source !== undefined && typeof options.source !== "string") {
    throw new ArgumentError(fn, "options.source", "a string", describe(options.source));
  }
  if (typeof text !== "string") throw new ArgumentError(fn, "text", "a string", describe(text));
  return parseNetworkJson(fn, text, options.source ?? "text", options.expected, "options.expected");
}

/**
 * {@link networkFromJson} for the public function `fn`: `source` names the text in messages,
 * `expectedName` the argument holding the expected architecture.
 */
export function parseNetworkJson(
  fn: string,
  text: string,
  source: string,
  expected: Architecture | undefined,
  expectedName: string,
): Network {
  if (expected !== undefined) {
    assertKnownKeys(fn, expectedName, expected, ["sizes", "activations"]);
  }
  let json: NetworkJson;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ArgumentError(fn, source, "JSON text", `a parse error: ${(e as Error).message}`);
  }
  if (typeof json !== "object" || json === null || json.format !== FORMAT || json.version !== 1) {
    throw new ArgumentError(
      fn,
      source,
      `a saved network ({ "format": "${FORMAT}", "version": 1, … })`,
      describe(json),
    );
  }
  let net: Network;
  try {
    net = networkFromParameters({ activations: json.activations, W: json.W, b: json.b });
  } catch (e) {
    if (!(e instanceof ArgumentError)) throw e;
    throw new ArgumentError(
      fn,
      source,
      `a consistent saved network (${e.expected} in ${e.argument})`,
      e.got,
    );
  }
  if (!Array.isArray(json.sizes) || json.sizes.join() !== net.sizes.join()) {
    throw new ArgumentError(
      fn,
      source,
      `sizes [${net.sizes}] as its weight matrices have`,
      `sizes ${JSON.stringify(json.sizes)}`,
    );
  }
  if (expected !== undefined) {
    const want = resolveArchitecture(fn, expected.sizes, expected.activations, `${expectedName}.`);
    if (
      want.sizes.join() !== net.sizes.join() ||
      want.activations.join() !== net.activations.join()
    ) {
      throw new ArgumentError(
        fn,
        source,
        `a network of sizes [${want.sizes}] with activations [${want.activations.slice(1)}]`,
        `sizes [${net.sizes}] with activations [${net.activations.slice(1)}]`,
      );
    }
  }
  return net;
}

/**
 * Writes {@link networkToJson}'s text to a file, atomically ({@link writeFileAtomic}): into a
 * temporary file beside it, then renamed over it, so a crash mid-write leaves the previous file
 * whole. A path whose directory does not exist is refused before anything is written.
 *
 * @example
 * ```ts
 * import { createNetwork, loadNetwork, saveNetwork } from "./mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * const net = createNetwork({ sizes: [2, 2], activations: "relu", seed: 9 });
 * saveNetwork(path, net);
 * if (loadNetwork(path).b[1][1] !== net.b[1][1]) throw new Error("round trip");
 * await Deno.remove(path);
 * ```
 */
export function saveNetwork(path: string, net: Network): void {
  checkWritablePath("saveNetwork", "path", path);
  assertNetwork("saveNetwork", net);
  writeFileAtomic(path, networkToJson(net), "saveNetwork");
}

/**
 * Reads a network saved by {@link saveNetwork}; with `expected`, its architecture must match.
 *
 * @example
 * ```ts
 * import { createNetwork, loadNetwork, saveNetwork } from "./mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * saveNetwork(path, createNetwork({ sizes: [2, 2], activations: "relu", seed: 9 }));
 * const net = loadNetwork(path, { sizes: [2, 2], activations: "relu" });
 * if (net.sizes.join() !== "2,2") throw new Error("2-2");
 * await Deno.remove(path);
 * ```
 */
export function loadNetwork(path: string, expected?: Architecture): Network {
  const fn = "loadNetwork";
  if (typeof path !== "string" || path === "") {
    throw new ArgumentError(fn, "path", "a non-empty file path (a string)", describe(path));
  }
  if (expected !== undefined) assertKnownKeys(fn, "expected", expected, ["sizes", "activations"]);
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    const missing = e instanceof Deno.errors.NotFound ? " (it does not exist)" : "";
    throw new ArgumentError(
      fn,
      "path",
      "a readable file saved by saveNetwork",
      `${JSON.stringify(path)}: cannot read it${missing} (${(e as Error).message})`,
    );
  }
  return parseNetworkJson(fn, text, path, expected, "expected");
}
