/**
 * `deno task reproduce`: trains the two MNIST networks the sources report on, with the
 * WebAssembly kernels, and writes the curves, final numbers, seeds and wall times to
 * results/reproduce.json, which the MNIST chapter (key `mnist` in course.yml) reads.
 *
 *   (a) "Backpropagation Calculus": 784-10-10, ReLU then softmax, cross-entropy, full-batch
 *       gradient descent on all 60,000 training images, α = 0.1, 1000 iterations — "around 90%
 *       accuracy". Run once per initialisation, to say which reproduces it.
 *   (b) Nielsen, chapter 1: 784-30-10 sigmoid, quadratic cost, mini-batches of 10, η = 3.0,
 *       30 epochs on the 50,000 training images — "about 95%" (95.42% at best). Several seeds.
 *
 * Flags: --out FILE (default results/reproduce.json), --only a|b, --seeds 1,2,3 (for (b)),
 * --inits he,normal (for (a)); with --only, the other claim's results already in the file
 * are kept. --quick (a few iterations and epochs on a small sample: checks the
 * command end to end in seconds; its numbers mean nothing). --resume (below).
 *
 * Nothing is lost on a crash: each run is saved as it finishes to FILE.partial (beside the
 * results, written atomically, so a kill leaves the last version whole), and the results file
 * itself is replaced atomically at the end, when the partial file is removed; an interrupted
 * command never touches the results file. --resume continues an interrupted command: the runs in
 * FILE.partial (same --quick) are kept as they are, only the others are trained. Without
 * --resume the command starts over and replaces FILE.partial when its first run finishes.
 * @module
 */

import {
  createNetwork,
  type EpochReport,
  evaluate,
  gradientDescent,
  INIT_NAMES,
  type InitName,
  joinSets,
  loadMnist,
  type MnistSet,
  oneHot,
  setKernels,
  sgd,
  subset,
} from "../lib/mod.ts";
import { checkWritablePath, writeFileAtomic } from "../lib/files.ts";

/** The results file's format name and version. */
export const RESULTS_FORMAT = "backprop-course/reproduce";

/** One point of a curve: after `step` iterations or epochs. */
export interface CurvePoint {
  step: number;
  trainingCost: number;
  testAccuracy: number;
  testCost: number;
  seconds: number;
}

/** One training run. */
export interface Run {
  seed: number;
  init: InitName;
  /** Wall-clock seconds of the whole run (training and evaluations). */
  seconds: number;
  /** Seconds spent in training steps alone. */
  trainingSeconds: number;
  curve: CurvePoint[];
  /** Accuracy on the 10,000 test images at the end. */
  finalTestAccuracy: number;
}

/** What claim (a) adds to a run: accuracy at the checkpoints, on training and test images. */
export interface CalculusRun extends Run {
  checkpoints: { iteration: number; trainingAccuracy: number; testAccuracy: number }[];
}

/** What claim (b) adds: the best epoch, and validation accuracy at the end. */
export interface NielsenRun extends Run {
  bestTestAccuracy: number;
  bestEpoch: number;
  finalValidationAccuracy: number;
}

/** The whole results file. */
export interface Results {
  format: typeof RESULTS_FORMAT;
  version: 1;
  quick: boolean;
  /** When the run started and when the file was written (ISO 8601, UTC). */
  started: string;
  generated: string;
  machine: { deno: string; v8: string; os: string; cpus: number };
  kernels: "wasm";
  calculus?: {
    claim: string;
    sizes: number[];
    activations: string[];
    cost: string;
    eta: number;
    iterations: number;
    trainingImages: number;
    checkpoints: number[];
    runs: CalculusRun[];
    /** Seconds of one iteration (training steps only), mean over runs. */
    secondsPerIteration: number;
  };
  nielsen?: {
    claim: string;
    sizes: number[];
    activations: string[];
    cost: string;
    eta: number;
    batchSize: number;
    epochs: number;
    trainingImages: number;
    runs: NielsenRun[];
    /** Seconds of one epoch's training steps, mean over all epochs of all runs. */
    secondsPerEpoch: number;
    finalTestAccuracy: { min: number; mean: number; max: number };
    bestTestAccuracy: { min: number; mean: number; max: number };
  };
}

/** The format name of the partial file: the runs finished so far. */
export const PROGRESS_FORMAT = "backprop-course/reproduce-progress";

/** The partial file: the runs an interrupted command finished, saved as each one did. */
export interface Progress {
  format: typeof PROGRESS_FORMAT;
  version: 1;
  quick: boolean;
  /** When the first of the commands that made these runs started (ISO 8601, UTC). */
  started: string;
  calculus: CalculusRun[];
  nielsen: NielsenRun[];
}

/** Where the runs finished so far are kept: beside the results file. */
export function progressPath(out: string): string {
  return `${out}.partial`;
}

/** Saves the progress atomically (a kill mid-write leaves the previous version whole). */
function saveProgress(out: string, progress: Progress): void {
  writeFileAtomic(progressPath(out), JSON.stringify(progress, null, 1) + "\n", "reproduce", "out");
  console.log(`  saved to ${progressPath(out)}`);
}

function flag(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

function spread(xs: number[]): { min: number; mean: number; max: number } {
  return {
    min: Math.min(...xs),
    mean: xs.reduce((s, x) => s + x, 0) / xs.length,
    max: Math.max(...xs),
  };
}

/** The curve point of a report evaluated on the test images; `started` is the run's start. */
function point(r: EpochReport, started: number): CurvePoint {
  return {
    step: r.epoch,
    trainingCost: r.trainingCost,
    testAccuracy: r.evaluation!.accuracy,
    testCost: r.evaluation!.cost,
    seconds: (performance.now() - started) / 1000,
  };
}

let mnistLoaded: ReturnType<typeof loadMnist> | undefined;
/** MNIST, read once for both claims (reading it takes seconds). */
const mnistOnce = () => (mnistLoaded ??= loadMnist());

const data = (s: MnistSet) => ({ X: s.X, Y: oneHot(s.labels), labels: s.labels });

/**
 * Claim (a), one run per initialisation; runs already in `progress` are kept, each new one is
 * added to it and saved.
 */
async function calculus(
  quick: boolean,
  inits: InitName[],
  progress: Progress,
  save: () => void,
): Promise<Results["calculus"]> {
  const mnist = await mnistOnce();
  const all = joinSets(mnist.training, mnist.validation);
  const train = data(quick ? subset(all, 0, 3000) : all);
  const test = data(quick ? subset(mnist.test, 0, 1000) : mnist.test);
  const iterations = quick ? 20 : 1000, every = quick ? 5 : 10;
  const checkpoints = quick ? [5, 20] : [100, 300, 500, 1000];
  const sizes = [784, 10, 10], activations = ["relu", "softmax"] as const;
  const runs: CalculusRun[] = [];
  for (const init of inits) {
    const seed = 1;
    const done = progress.calculus.find((r) => r.init === init && r.seed === seed);
    if (done !== undefined) {
      console.log(`(a) ${init}: finished by an earlier command, kept`);
      runs.push(done);
      continue;
    }
    const net = createNetwork({ sizes, activations: [...activations], seed, init });
    const curve: CurvePoint[] = [];
    const marks: CalculusRun["checkpoints"] = [];
    const started = performance.now();
    let trainingSeconds = 0;
    console.log(`(a) ${init}: ${sizes.join("-")}, full batch of ${train.X.cols}, α = 0.1`);
    const reports = gradientDescent(net, train, {
      iterations,
      every,
      eta: 0.1,
      cost: "crossEntropy",
      evaluation: test,
      onEpoch: (r: EpochReport) => {
        trainingSeconds += r.trainingSeconds;
        curve.push(point(r, started));
        if (checkpoints.includes(r.epoch)) {
          const t = evaluate(net, train, "crossEntropy");
          marks.push({
            iteration: r.epoch,
            trainingAccuracy: t.accuracy,
            testAccuracy: r.evaluation!.accuracy,
          });
        }
        if (r.epoch % (every * 10) === 0 || r.epoch === iterations) {
          console.log(
            `  iteration ${r.epoch}: training cost ${r.trainingCost.toFixed(4)}, test accuracy ${
              (100 * r.evaluation!.accuracy).toFixed(2)
            }%, ${((performance.now() - started) / 1000).toFixed(1)} s`,
          );
        }
      },
    });
    const run: CalculusRun = {
      seed,
      init,
      seconds: (performance.now() - started) / 1000,
      trainingSeconds,
      curve,
      checkpoints: marks,
      finalTestAccuracy: reports[reports.length - 1].evaluation!.accuracy,
    };
    runs.push(run);
    progress.calculus.push(run);
    save();
  }
  return {
    claim: "around 90% accuracy with around 1000 iterations of gradient descent with α = 0.1",
    sizes,
    activations: [...activations],
    cost: "crossEntropy",
    eta: 0.1,
    iterations,
    trainingImages: train.X.cols,
    checkpoints,
    runs,
    secondsPerIteration: runs.reduce((s, r) => s + r.trainingSeconds, 0) /
      (runs.length * iterations),
  };
}

/**
 * Claim (b), one run per seed; runs already in `progress` are kept, each new one is added to it
 * and saved.
 */
async function nielsen(
  quick: boolean,
  seeds: number[],
  progress: Progress,
  save: () => void,
): Promise<Results["nielsen"]> {
  const mnist = await mnistOnce();
  const train = data(quick ? subset(mnist.training, 0, 3000) : mnist.training);
  const test = data(quick ? subset(mnist.test, 0, 1000) : mnist.test);
  const validation = data(quick ? subset(mnist.validation, 0, 1000) : mnist.validation);
  const epochs = quick ? 2 : 30;
  const sizes = [784, 30, 10];
  const runs: NielsenRun[] = [];
  for (const seed of seeds) {
    const done = progress.nielsen.find((r) => r.seed === seed);
    if (done !== undefined) {
      console.log(`(b) seed ${seed}: finished by an earlier command, kept`);
      runs.push(done);
      continue;
    }
    const net = createNetwork({ sizes, activations: "sigmoid", seed, init: "normal" });
    const curve: CurvePoint[] = [];
    const started = performance.now();
    let trainingSeconds = 0;
    console.log(`(b) seed ${seed}: ${sizes.join("-")}, mini-batch 10, η = 3`);
    sgd(net, train, {
      epochs,
      batchSize: 10,
      eta: 3,
      seed,
      cost: "quadratic",
      evaluation: test,
      log: (line) => console.log(`  ${line}`),
      onEpoch: (r) => {
        trainingSeconds += r.trainingSeconds;
        curve.push(point(r, started));
      },
    });
    const best = curve.reduce((b, p) => (p.testAccuracy > b.testAccuracy ? p : b));
    const run: NielsenRun = {
      seed,
      init: "normal",
      seconds: (performance.now() - started) / 1000,
      trainingSeconds,
      curve,
      finalTestAccuracy: curve[curve.length - 1].testAccuracy,
      bestTestAccuracy: best.testAccuracy,
      bestEpoch: best.step,
      finalValidationAccuracy: evaluate(net, validation, "quadratic").accuracy,
    };
    runs.push(run);
    progress.nielsen.push(run);
    save();
  }
  return {
    claim: "about 95% (95.42% at best) after 30 epochs",
    sizes,
    activations: ["sigmoid", "sigmoid"],
    cost: "quadratic",
    eta: 3,
    batchSize: 10,
    epochs,
    trainingImages: train.X.cols,
    runs,
    // every epoch's training seconds, summed in each run's trainingSeconds
    secondsPerEpoch: runs.reduce((s, r) => s + r.trainingSeconds, 0) / (runs.length * epochs),
    finalTestAccuracy: spread(runs.map((r) => r.finalTestAccuracy)),
    bestTestAccuracy: spread(runs.map((r) => r.bestTestAccuracy)),
  };
}

/**
 * The runs to keep: with `resume`, those of the partial file an interrupted command left (it must
 * be of the same --quick); otherwise none (the partial file is replaced when a run finishes).
 */
function readProgress(out: string, quick: boolean, resume: boolean): Progress {
  const path = progressPath(out);
  const fresh: Progress = {
    format: PROGRESS_FORMAT,
    version: 1,
    quick,
    started: new Date().toISOString(),
    calculus: [],
    nielsen: [],
  };
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    if (resume) console.log(`nothing to resume (no ${path}): starting from the beginning`);
    return fresh;
  }
  if (!resume) {
    console.log(`starting over: ${path} (an interrupted command's runs) will be replaced`);
    return fresh;
  }
  const old = JSON.parse(text) as Progress;
  if (old?.format !== PROGRESS_FORMAT || old.version !== 1) {
    throw new Error(`reproduce: ${path} is not a partial results file (${PROGRESS_FORMAT})`);
  }
  if (old.quick !== quick) {
    throw new Error(
      `reproduce: ${path} holds the runs of a ${old.quick ? "--quick" : "full"} command: ` +
        `resume it with${old.quick ? "" : "out"} --quick, or start over without --resume`,
    );
  }
  const n = old.calculus.length + old.nielsen.length;
  console.log(
    `resuming: ${n} finished run${n === 1 ? "" : "s"} kept from ${path}`,
  );
  return old;
}

/**
 * Runs the claims the flags ask for and writes the results file; returns what it wrote. Each
 * finished run is saved to {@link progressPath}(out) as it completes; with `resume`, the runs
 * there are kept and not trained again.
 */
export async function reproduce(args: {
  out: string;
  quick: boolean;
  only?: "a" | "b";
  seeds: number[];
  inits: InitName[];
  resume?: boolean;
}): Promise<Results> {
  checkWritablePath("reproduce", "out", args.out); // before minutes of training, not after
  const progress = readProgress(args.out, args.quick, args.resume ?? false);
  const save = () => saveProgress(args.out, progress);
  const previous = setKernels("wasm");
  try {
    const results: Results = {
      format: RESULTS_FORMAT,
      version: 1,
      quick: args.quick,
      started: progress.started,
      generated: "",
      machine: {
        deno: Deno.version.deno,
        v8: Deno.version.v8,
        os: `${Deno.build.os} ${Deno.build.arch}`,
        cpus: navigator.hardwareConcurrency,
      },
      kernels: "wasm",
    };
    if (args.only !== "b") {
      results.calculus = await calculus(args.quick, args.inits, progress, save);
    }
    if (args.only !== "a") {
      results.nielsen = await nielsen(args.quick, args.seeds, progress, save);
    }
    if (args.only !== undefined) {
      // keep the other claim's results from the file already there
      const old = await Deno.readTextFile(args.out).then(JSON.parse).catch(() => undefined);
      if (old?.format === RESULTS_FORMAT && old.quick === args.quick) {
        if (args.only === "a" && old.nielsen) results.nielsen = old.nielsen;
        if (args.only === "b" && old.calculus) results.calculus = old.calculus;
      }
    }
    results.generated = new Date().toISOString();
    writeFileAtomic(args.out, JSON.stringify(results, null, 1) + "\n", "reproduce", "out");
    await Deno.remove(progressPath(args.out)).catch(() => {}); // finished: nothing to resume
    return results;
  } finally {
    setKernels(previous);
  }
}

if (import.meta.main) {
  const only = flag("only");
  if (only !== undefined && only !== "a" && only !== "b") {
    console.error(`reproduce: --only takes a or b, got ${JSON.stringify(only)}`);
    Deno.exit(2);
  }
  const seeds = (flag("seeds") ?? "1,2,3,4,5").split(",").map(Number);
  if (seeds.some((s) => !Number.isInteger(s))) {
    console.error(`reproduce: --seeds takes integers separated by commas, got ${flag("seeds")}`);
    Deno.exit(2);
  }
  const inits = (flag("inits") ?? INIT_NAMES.join(",")).split(",") as InitName[];
  const bad = inits.find((i) => !INIT_NAMES.includes(i));
  if (bad !== undefined) {
    console.error(`reproduce: --inits takes some of ${INIT_NAMES.join(", ")}, got ${bad}`);
    Deno.exit(2);
  }
  const out = flag("out") ?? new URL("../results/reproduce.json", import.meta.url).pathname;
  const started = performance.now();
  try {
    await reproduce({
      out,
      quick: Deno.args.includes("--quick"),
      only,
      seeds,
      inits,
      resume: Deno.args.includes("--resume"),
    });
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(1);
  }
  console.log(`wrote ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
