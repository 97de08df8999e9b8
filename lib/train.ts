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
import { cost as costByName } from "./costs.ts";
import {
  ArgumentError,
  assertFinite,
  assertInteger,
  assertPositive,
  describe,
  trainingDiverged as diverged,
} from "./errors.ts";
import { forwardBatch } from "./forward.ts";
import type { Gradients } from "./gradients.ts";
import { assertMatrix, getColumn, type Matrix } from "./matrix.ts";
import { columns } from "./mnist.ts";
import {
  assertNetwork,
  type Network,
  networkFromParameters,
  resolveArchitecture,
} from "./network.ts";
import { createRng } from "./rng.ts";
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
  if (data.labels === undefined) return argmaxColumns(data.Y);
  if (data.labels.length !== data.X.cols) {
    throw new ArgumentError(
      fn,
      `${argument}.labels`,
      `${data.X.cols} labels (one per column of X)`,
      `${data.labels.length}`,
    );
  }
  return Uint32Array.from(data.labels);
}

function meanCost(costName: string, A: Matrix, Y: Matrix): number {
  const c = costByName(costName);
  let s = 0;
  for (let i = 0; i < A.cols; i++) s += c.value(getColumn(A, i), getColumn(Y, i));
  return s / A.cols;
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
  const { a } = forwardBatch(net, data.X);
  const A = a[a.length - 1];
  const guesses = argmaxColumns(A);
  let correct = 0;
  for (let i = 0; i < guesses.length; i++) if (guesses[i] === labels[i]) correct++;
  return {
    cost: meanCost(cost, A, data.Y),
    correct,
    total: A.cols,
    accuracy: correct / A.cols,
  };
}

function checkTrainOptions(fn: string, options: TrainOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new ArgumentError(fn, "options", "an options object", describe(options));
  }
  assertPositive(fn, "options.eta", options.eta);
  costByName(options.cost, fn, "options.cost");
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
      const g = batchGradient(net, X, Y, cost);
      const c = meanCost(cost, g.trace.a[g.trace.a.length - 1], Y);
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

/**
 * Mini-batch stochastic gradient descent (Nielsen's `SGD`): for each epoch, shuffle the examples
 * with the seeded RNG, split them into mini-batches of m, and step W ← W − (η/m) Σ δ aᵀ on each.
 * Trains `net` in place and returns one report per epoch.
 *
 * @example
 * ```ts
 * import { createNetwork, fromColumns, sgd } from "./mod.ts";
 * const net = createNetwork({ sizes: [1, 1], activations: "sigmoid", seed: 1 });
 * const data = { X: fromColumns([[0], [1]]), Y: fromColumns([[1], [0]]) }; // NOT
 * const reports = sgd(net, data, { epochs: 300, batchSize: 2, eta: 5, seed: 1, cost: "quadratic" });
 * if (!(reports[299].trainingCost < reports[0].trainingCost / 10)) throw new Error("it learns NOT");
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
  assertInteger(fn, "options.epochs", options.epochs, 1);
  assertInteger(fn, "options.batchSize", options.batchSize, 1);
  const rng = createRng(options.seed);
  const N = data.X.cols, m = options.batchSize;
  const order = new Uint32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  const stepper = stepperFor(fn, net, data, options, m);
  const reports: EpochReport[] = [];
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      // Fisher–Yates, drawing from the seeded RNG.
      for (let i = N - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      let costSum = 0;
      for (let start = 0; start < N; start += m) {
        const idx = order.subarray(start, Math.min(start + m, N));
        costSum += stepper.step(idx, `epoch ${epoch}, mini-batch ${start / m + 1}`) * idx.length;
      }
      stepper.flush();
      reports.push(report(net, options, epoch, costSum / N, started, "epoch"));
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
  assertInteger(fn, "options.iterations", options.iterations, 1);
  const every = assertInteger(fn, "options.every", options.every ?? 1, 1);
  const stepper = stepperFor(fn, net, data, options, "all");
  const reports: EpochReport[] = [];
  let started = performance.now();
  try {
    for (let t = 1; t <= options.iterations; t++) {
      const c = stepper.step(null, `iteration ${t}`);
      if (t % every === 0 || t === options.iterations) {
        stepper.flush();
        reports.push(report(net, options, t, c, started, "iteration"));
        started = performance.now();
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
  const source = options.source ?? "text";
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
    throw new ArgumentError(fn, source, "a consistent saved network", (e as Error).message);
  }
  if (!Array.isArray(json.sizes) || json.sizes.join() !== net.sizes.join()) {
    throw new ArgumentError(
      fn,
      source,
      `sizes [${net.sizes}] as its weight matrices have`,
      `sizes ${JSON.stringify(json.sizes)}`,
    );
  }
  if (options.expected !== undefined) {
    const want = resolveArchitecture(
      fn,
      options.expected.sizes,
      options.expected.activations,
      "expected.",
    );
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
 * Writes {@link networkToJson}'s text to a file.
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
  Deno.writeTextFileSync(path, networkToJson(net));
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
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    throw new Error(`loadNetwork: cannot read ${path}: ${(e as Error).message}`);
  }
  return networkFromJson(text, { expected, source: path });
}
