/**
 * Checkpoints of sgd and gradientDescent (options.checkpoint), in one process, on both training
 * engines: a run stopped at any epoch and resumed equals the uninterrupted run bit for bit
 * (parameters and reports), the file is saved before a report is announced and loads as a
 * network, −0 survives, and every bad option or foreign checkpoint is refused before any training,
 * leaving the network and the file as they were. (Resuming after SIGKILL is tests/crash_test.ts.)
 */

import { deepEqual, equal, ok, throwsWith } from "./assert.ts";
import {
  ArgumentError,
  createNetwork,
  type Dataset,
  type EpochReport,
  fromColumns,
  gradientDescent,
  type GradientDescentOptions,
  loadNetwork,
  type Network,
  networkFromParameters,
  oneHot,
  saveNetwork,
  setKernels,
  sgd,
  type SgdOptions,
} from "../lib/mod.ts";
import { createRng } from "../lib/rng.ts";

/** Three classes in the plane, N = 23 (mini-batches of 4 leave a short last one). */
function data(seed = 1, N = 23): Dataset {
  const rng = createRng(seed);
  const xs: number[][] = [], labels: number[] = [];
  for (let i = 0; i < N; i++) {
    labels.push(i % 3);
    xs.push([Math.cos(2 * i) + 0.3 * rng.normal(), i % 3 - 1 + 0.3 * rng.normal()]);
  }
  return { X: fromColumns(xs), Y: oneHot(labels, 3), labels };
}

const fresh = () => createNetwork({ sizes: [2, 6, 3], activations: ["tanh", "softmax"], seed: 4 });
const SGD: SgdOptions = { epochs: 10, batchSize: 4, eta: 0.5, seed: 9, cost: "crossEntropy" };
const GD: GradientDescentOptions = { iterations: 25, every: 3, eta: 0.5, cost: "crossEntropy" };

const bits = (
  net: Network,
) => [...net.W.flatMap((m) => [...m.data]), ...net.b.flatMap((v) => [...v])];
function sameBits(a: Network, b: Network, what: string): void {
  const x = bits(a), y = bits(b);
  const i = x.findIndex((v, k) => !Object.is(v, y[k]));
  equal(i, -1, `${what}: parameter ${i} is ${x[i]}, not ${y[i]}`);
}
const timeless = (reports: EpochReport[]) =>
  reports.map(({ epoch, trainingCost, evaluation }) => ({ epoch, trainingCost, evaluation }));

/** The test once per training engine, in a temporary directory. */
function eachEngine(
  name: string,
  fn: (dir: string, kernels: string) => void | Promise<void>,
): void {
  for (const kernels of ["reference", "wasm"] as const) {
    Deno.test(`${name} [${kernels}]`, async () => {
      const previous = setKernels(kernels);
      const dir = await Deno.makeTempDir({ prefix: "checkpoint-" });
      try {
        await fn(dir, kernels);
      } finally {
        setKernels(previous);
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
}

const evaluation = data(2, 7);

eachEngine(
  "sgd stopped after any epoch and resumed equals the uninterrupted run bit for bit",
  (dir) => {
    const d = data();
    for (const every of [1, 3]) {
      const whole = fresh();
      const wholeReports = sgd(whole, d, { ...SGD, evaluation });
      for (const stop of [1, 3, 4, 9]) {
        const path = `${dir}/sgd-${every}-${stop}.json`;
        sgd(fresh(), d, { ...SGD, evaluation, epochs: stop, checkpoint: { path, every } });
        const net = fresh();
        const heard: number[] = [];
        const reports = sgd(net, d, {
          ...SGD,
          evaluation,
          onEpoch: (r) => heard.push(r.epoch),
          checkpoint: { path, every, resume: true },
        });
        sameBits(net, whole, `every ${every}, stopped at ${stop}`);
        deepEqual(timeless(reports), timeless(wholeReports), "the earlier reports come back too");
        // the last save of the first call was its last epoch, whatever `every`
        deepEqual(heard, Array.from({ length: 10 - stop }, (_, i) => stop + 1 + i));
        sameBits(loadNetwork(path), whole, "the final checkpoint holds the final network");
      }
    }
  },
);

eachEngine(
  "gradientDescent stopped and resumed equals the uninterrupted run bit for bit",
  (dir) => {
    const d = data();
    const whole = fresh();
    const wholeReports = gradientDescent(whole, d, { ...GD, evaluation });
    for (const [stop, every] of [[1, 1], [10, 4], [12, 4], [24, 5]]) {
      const path = `${dir}/gd-${stop}-${every}.json`;
      gradientDescent(fresh(), d, {
        ...GD,
        evaluation,
        iterations: stop,
        checkpoint: { path, every },
      });
      const net = fresh();
      const reports = gradientDescent(net, d, {
        ...GD,
        evaluation,
        checkpoint: { path, every, resume: true },
      });
      sameBits(net, whole, `stopped at ${stop}, saved every ${every}`);
      // the stopped call reported at its last iteration too (it was its last): drop that report
      const expected = timeless(wholeReports);
      const got = timeless(reports).filter((r) => r.epoch % 3 === 0 || r.epoch === 25);
      deepEqual(got, expected);
    }
  },
);

eachEngine(
  "the checkpoint is saved before onEpoch hears of the epoch, every k epochs and at the end",
  (dir) => {
    const path = `${dir}/cp.json`;
    const seen: [number, number][] = [];
    const net = fresh();
    sgd(net, data(), {
      ...SGD,
      epochs: 8,
      checkpoint: { path, every: 3 },
      onEpoch: (r) => {
        let done = 0, reports = 0;
        try {
          const file = JSON.parse(Deno.readTextFileSync(path));
          done = file.checkpoint.done;
          reports = file.checkpoint.reports.length;
        } catch {
          // no checkpoint yet
        }
        seen.push([r.epoch, done]);
        equal(reports, done, "one report saved per epoch done");
      },
    });
    deepEqual(seen, [[1, 0], [2, 0], [3, 3], [4, 3], [5, 3], [6, 6], [7, 6], [8, 8]]);
    sameBits(loadNetwork(path), net, "the last save is the final network");
  },
);

eachEngine(
  "resume with no checkpoint file starts from the network; resume: false starts over",
  (dir) => {
    const d = data(), path = `${dir}/cp.json`;
    const whole = fresh();
    sgd(whole, d, SGD);
    const a = fresh();
    sgd(a, d, { ...SGD, checkpoint: { path, resume: true } });
    sameBits(a, whole, "no file: a fresh run");
    // a finished checkpoint of another seed is there; resume: false ignores and replaces it
    sgd(fresh(), d, { ...SGD, seed: 77, checkpoint: { path } });
    const b = fresh();
    sgd(b, d, { ...SGD, checkpoint: { path } });
    sameBits(b, whole, "resume: false trains from the network given");
    equal(
      JSON.parse(Deno.readTextFileSync(path)).checkpoint.settings.seed,
      9,
      "and overwrites the file",
    );
  },
);

eachEngine("a finished checkpoint resumed trains nothing and returns its reports", (dir) => {
  const d = data(), path = `${dir}/cp.json`;
  const whole = fresh();
  const reports = sgd(whole, d, { ...SGD, checkpoint: { path } });
  const net = fresh();
  let calls = 0;
  const again = sgd(net, d, { ...SGD, onEpoch: () => calls++, checkpoint: { path, resume: true } });
  sameBits(net, whole, "the saved network");
  equal(calls, 0);
  deepEqual(again, reports, "the reports, seconds and all");
});

eachEngine("a parameter that is −0 is −0 again after resuming (JSON writes it as 0)", (dir) => {
  const path = `${dir}/cp.json`;
  // x = 0 gives ∂C/∂w = δ·0 = +0 (δ > 0 here), so w = −0 stays −0 while b learns
  const start = () =>
    networkFromParameters({ activations: "identity", W: [null, [[-0]]], b: [null, [1]] });
  const d = { X: fromColumns([[0]]), Y: fromColumns([[0]]) };
  const options = { iterations: 3, eta: 0.1, cost: "quadratic" };
  const whole = start();
  gradientDescent(whole, d, options);
  ok(Object.is(whole.W[1].data[0], -0), "the uninterrupted run keeps w = −0");
  gradientDescent(start(), d, { ...options, checkpoint: { path } });
  ok(Object.is(loadNetwork(path).W[1].data[0], 0), "the saved network reads w = +0");
  const net = start();
  net.W[1].data[0] = 5; // replaced by the checkpoint's
  gradientDescent(net, d, { ...options, checkpoint: { path, resume: true } });
  sameBits(net, whole, "−0 restored");
});

/** Runs `train`, which must throw an ArgumentError matching `patterns`; checks nothing moved. */
function refused(
  net: Network,
  path: string | undefined,
  train: (onEpoch: () => void) => unknown,
  ...patterns: (string | RegExp)[]
): void {
  const before = bits(net);
  const file = path === undefined ? undefined : Deno.readTextFileSync(path);
  let trained = false;
  const e = throwsWith(() => train(() => (trained = true)), ...patterns);
  ok(e instanceof ArgumentError, `an ArgumentError, got ${e.name}: ${e.message}`);
  ok(!trained, "refused before any training");
  deepEqual(bits(net), before, "the network as it was");
  if (path !== undefined) equal(Deno.readTextFileSync(path), file, "the checkpoint as it was");
}

eachEngine("bad checkpoint options are refused before any training, naming the option", (dir) => {
  const d = data(), net = fresh(), path = `${dir}/cp.json`;
  const run = (checkpoint: unknown) => (onEpoch: () => void) =>
    sgd(net, d, { ...SGD, onEpoch, checkpoint: checkpoint as never });
  const runGd = (checkpoint: unknown) => (onEpoch: () => void) =>
    gradientDescent(net, d, { ...GD, onEpoch, checkpoint: checkpoint as never });
  refused(
    net,
    undefined,
    run(path),
    'sgd: argument "options.checkpoint"',
    "{ path, every?, resume? }",
  );
  refused(net, undefined, run(null), 'sgd: argument "options.checkpoint"');
  refused(net, undefined, run([path]), 'sgd: argument "options.checkpoint"', "an array");
  refused(
    net,
    undefined,
    run({ path, evry: 2 }),
    'sgd: argument "options.checkpoint"',
    "path, every, resume",
    '"evry"',
  );
  refused(
    net,
    undefined,
    run({ every: 2 }),
    'sgd: argument "options.checkpoint.path"',
    "undefined",
  );
  refused(net, undefined, run({ path: 7 }), 'argument "options.checkpoint.path"', "the number 7");
  refused(
    net,
    undefined,
    run({ path: `${dir}/none/cp.json` }),
    'sgd: argument "options.checkpoint.path": expected a path in an existing directory',
  );
  refused(
    net,
    undefined,
    run({ path: dir }),
    'argument "options.checkpoint.path"',
    "a path to a file",
  );
  for (const every of [0, 1.5, "2", -1]) {
    refused(
      net,
      undefined,
      run({ path, every }),
      'sgd: argument "options.checkpoint.every"',
      "≥ 1",
    );
  }
  refused(
    net,
    undefined,
    run({ path, resume: "yes" }),
    'argument "options.checkpoint.resume"',
    "true or false",
  );
  refused(
    net,
    undefined,
    runGd({ path, evry: 1 }),
    'gradientDescent: argument "options.checkpoint"',
    '"evry"',
  );
  refused(
    net,
    undefined,
    runGd({ path, resume: 1 }),
    'gradientDescent: argument "options.checkpoint.resume"',
  );
  deepEqual([...Deno.readDirSync(dir)], [], "no file written");
});

eachEngine(
  "a checkpoint of another run is refused, and the network and the file stay as they were",
  (dir, kernels) => {
    const d = data(), path = `${dir}/cp.json`;
    sgd(fresh(), d, { ...SGD, epochs: 6, checkpoint: { path } });
    const net = fresh();
    const resume = { path, resume: true };
    const trySgd = (options: Partial<SgdOptions>, on = net, dd = d) => (onEpoch: () => void) =>
      sgd(on, dd, { ...SGD, onEpoch, ...options, checkpoint: resume });
    refused(
      net,
      path,
      trySgd({ seed: 10 }),
      'sgd: argument "options.checkpoint.path"',
      "seed 9",
      "seed 10",
    );
    refused(net, path, trySgd({ eta: 0.25 }), "eta 0.5", "eta 0.25");
    refused(net, path, trySgd({ batchSize: 5 }), "batchSize 4");
    refused(net, path, trySgd({ epochs: 5 }), "at or before epoch 5", "at epoch 6");
    const other = data();
    other.X.data[7] += 1e-12; // one entry, a little
    refused(net, path, trySgd({}, net, other), "data", "or resume: false to start over");
    const wide = createNetwork({ sizes: [2, 7, 3], activations: ["tanh", "softmax"], seed: 4 });
    refused(wide, path, trySgd({}, wide), "sizes [2,7,3]", "sizes [2,6,3]");
    const relu = createNetwork({ sizes: [2, 6, 3], activations: ["relu", "softmax"], seed: 4 });
    refused(relu, path, trySgd({}, relu), "activations [relu,softmax]");
    refused(
      net,
      path,
      (onEpoch) => gradientDescent(net, d, { ...GD, onEpoch, checkpoint: resume }),
      'gradientDescent: argument "options.checkpoint.path"',
      "a checkpoint written by gradientDescent",
      'the string "sgd"',
    );
    const previous = setKernels(kernels === "wasm" ? "reference" : "wasm");
    try {
      refused(net, path, trySgd({}), "kernels");
    } finally {
      setKernels(previous);
    }
    // not a checkpoint at all: a saved network, and a file that is not JSON
    const plain = `${dir}/plain.json`;
    saveNetwork(plain, fresh());
    refused(
      net,
      plain,
      (onEpoch) => sgd(net, d, { ...SGD, onEpoch, checkpoint: { path: plain, resume: true } }),
      "a saved network without checkpoint data",
    );
    const junk = `${dir}/junk.json`;
    Deno.writeTextFileSync(junk, '{"format": "backprop-course/network", "vers');
    refused(
      net,
      junk,
      (onEpoch) => sgd(net, d, { ...SGD, onEpoch, checkpoint: { path: junk, resume: true } }),
      'sgd: argument "options.checkpoint.path"',
      "a checkpoint file",
    );
    // and the checkpoint itself still resumes
    const whole = fresh();
    sgd(whole, d, SGD);
    sgd(net, d, { ...SGD, checkpoint: resume });
    sameBits(net, whole, "after all the refusals");
  },
);
