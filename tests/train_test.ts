/**
 * Training on small synthetic data: determinism bit for bit, the JSON round trip, divergence
 * detection, learning, and bad input — each on both training engines, the reference steps and
 * the WebAssembly one (setKernels("wasm")).
 */

import { deepEqual, equal, ok, throwsWith } from "./assert.ts";
import {
  createNetwork,
  type Dataset,
  evaluate,
  forwardBatch,
  fromColumns,
  gradientDescent,
  loadNetwork,
  type Network,
  networkFromJson,
  networkFromParameters,
  networkToJson,
  oneHot,
  saveNetwork,
  setKernels,
  sgd,
} from "../lib/mod.ts";
import { createRng } from "../lib/rng.ts";

/** Two Gaussian blobs in the plane, class 0 around (−1, −1), class 1 around (1, 1). */
function blobs(n: number, seed: number): Dataset & { labels: Uint8Array } {
  const rng = createRng(seed);
  const xs: number[][] = [];
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    const c = labels[i] === 1 ? 1 : -1;
    xs.push([c + 0.5 * rng.normal(), c + 0.5 * rng.normal()]);
  }
  return { X: fromColumns(xs), Y: oneHot(labels, 2), labels };
}

/** Registers the test once per training engine: the reference steps and the WebAssembly engine. */
function eachEngine(name: string, fn: () => void | Promise<void>): void {
  for (const kernels of ["reference", "wasm"] as const) {
    Deno.test(`${name} [${kernels}]`, async () => {
      const previous = setKernels(kernels);
      try {
        await fn();
      } finally {
        setKernels(previous);
      }
    });
  }
}

const params = (net: Network) =>
  net.W.flatMap((m) => [...m.data]).concat(net.b.flatMap((v) => [...v]));
const sameBits = (a: number[], b: number[]) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

eachEngine("same seed, same weights bit for bit; another seed, other weights", () => {
  const data = blobs(50, 1);
  const run = (seed: number) => {
    const net = createNetwork({ sizes: [2, 4, 2], activations: "sigmoid", seed: 3 });
    sgd(net, data, { epochs: 3, batchSize: 7, eta: 1, seed, cost: "quadratic" });
    return params(net);
  };
  ok(sameBits(run(11), run(11)));
  ok(!sameBits(run(11), run(12)));
});

eachEngine("cost falls and accuracy rises on a learnable problem (SGD and full batch)", () => {
  const data = blobs(200, 2), evaluation = blobs(100, 3);
  const net = createNetwork({ sizes: [2, 5, 2], activations: "sigmoid", seed: 1 });
  const before = evaluate(net, evaluation, "quadratic");
  const lines: string[] = [];
  let calls = 0;
  const reports = sgd(net, data, {
    epochs: 5,
    batchSize: 10,
    eta: 3,
    seed: 1,
    cost: "quadratic",
    evaluation,
    log: (l) => lines.push(l),
    onEpoch: () => calls++,
  });
  equal(reports.length, 5);
  equal(calls, 5);
  equal(lines.length, 5);
  ok(
    /^epoch 5: training cost [\d.e-]+, evaluation cost [\d.e-]+, accuracy \d+ \/ 100 \([\d.]+%\), [\d.]+ s$/
      .test(lines[4]),
    lines[4],
  );
  ok(reports[4].trainingCost < reports[0].trainingCost);
  const after = evaluate(net, evaluation, "quadratic");
  ok(after.cost < before.cost / 2, `${before.cost} → ${after.cost}`);
  ok(after.accuracy >= 0.95, `accuracy ${after.accuracy}`);
  deepEqual(reports[4].evaluation, after);

  const gd = createNetwork({ sizes: [2, 5, 2], activations: "sigmoid", seed: 1 });
  const r = gradientDescent(gd, data, { iterations: 60, eta: 3, cost: "quadratic", every: 20 });
  deepEqual(r.map((x) => x.epoch), [20, 40, 60]);
  ok(r[2].trainingCost < r[0].trainingCost);
  ok(evaluate(gd, evaluation, "quadratic").accuracy >= 0.95);
});

eachEngine("one SGD step is W − η · batchGradient's mean gradient", () => {
  const net = networkFromParameters({
    activations: "identity",
    W: [null, [[0.5]]],
    b: [null, [0]],
  });
  // one batch of two: C = ½ mean (w x + b − y)², ∂C/∂w = mean (w x − y) x
  sgd(net, { X: fromColumns([[1], [2]]), Y: fromColumns([[1], [0]]) }, {
    epochs: 1,
    batchSize: 2,
    eta: 0.1,
    seed: 0,
    cost: "quadratic",
  });
  const dw = ((0.5 - 1) * 1 + (1 - 0) * 2) / 2, db = ((0.5 - 1) + (1 - 0)) / 2;
  equal(net.W[1].data[0], 0.5 - 0.1 * dw);
  equal(net.b[1][0], 0 - 0.1 * db);
});

eachEngine(
  "a huge η stops with an Error naming the epoch (or iteration) and η; weights stay finite",
  () => {
    const data = { X: fromColumns([[1], [2], [3]]), Y: fromColumns([[1], [2], [3]]) };
    const net = networkFromParameters({
      activations: "identity",
      W: [null, [[0]]],
      b: [null, [0]],
    });
    throwsWith(
      () => sgd(net, data, { epochs: 1000, batchSize: 1, eta: 1e3, seed: 0, cost: "quadratic" }),
      /diverged at epoch \d+, mini-batch \d+ with learning rate η = 1000/,
    );
    ok(params(net).every(Number.isFinite));
    const gd = networkFromParameters({ activations: "identity", W: [null, [[0]]], b: [null, [0]] });
    throwsWith(
      () => gradientDescent(gd, data, { iterations: 10000, eta: 1e3, cost: "quadratic" }),
      /diverged at iteration \d+ with learning rate η = 1000/,
    );
    ok(params(gd).every(Number.isFinite));
  },
);

eachEngine(
  "save and load: identical floats and bit-identical predictions; mismatches are named",
  async () => {
    const data = blobs(40, 5);
    const net = createNetwork({
      sizes: [2, 6, 3, 2],
      activations: ["tanh", "relu", "softmax"],
      seed: 8,
    });
    sgd(net, data, { epochs: 2, batchSize: 4, eta: 0.5, seed: 2, cost: "crossEntropy" });
    const path = await Deno.makeTempFile({ suffix: ".json" });
    try {
      saveNetwork(path, net);
      const back = loadNetwork(path, {
        sizes: [2, 6, 3, 2],
        activations: ["tanh", "relu", "softmax"],
      });
      ok(sameBits(params(back), params(net)));
      deepEqual(back.activations, net.activations);
      const a = forwardBatch(net, data.X).a[3].data, b = forwardBatch(back, data.X).a[3].data;
      ok(sameBits([...a], [...b]), "bit-identical predictions");
      equal(networkToJson(back), networkToJson(net));
      throwsWith(
        () => loadNetwork(path, { sizes: [2, 5, 3, 2], activations: "sigmoid" }),
        path,
        "2,5,3,2",
        "2,6,3,2",
      );
      throwsWith(
        () => loadNetwork(path, { sizes: [2, 6, 3, 2], activations: "sigmoid" }),
        "activations [sigmoid,sigmoid,sigmoid]",
        "tanh,relu,softmax",
      );
      throwsWith(() => loadNetwork(`${path}.missing`), "cannot read", `${path}.missing`);
    } finally {
      await Deno.remove(path);
    }
    throwsWith(() => networkFromJson("{"), "JSON text");
    throwsWith(() => networkFromJson('{"format":"other"}'), "saved network");
    const json = JSON.parse(networkToJson(net));
    json.sizes = [2, 6, 3, 3];
    throwsWith(
      () => networkFromJson(JSON.stringify(json), { source: "x.json" }),
      "x.json",
      "2,6,3,2",
    );
    json.W[2][0].pop();
    throwsWith(() => networkFromJson(JSON.stringify(json)), "text", "consistent", "W[2][1]");
  },
);

eachEngine("bad input is refused before any training", () => {
  const data = blobs(10, 1);
  const net = createNetwork({ sizes: [2, 2], activations: "sigmoid", seed: 1 });
  const ok1 = { epochs: 1, batchSize: 2, eta: 1, seed: 1, cost: "quadratic" };
  const before = params(net);
  throwsWith(() => sgd(net, data, { ...ok1, eta: 0 }), "options.eta", "> 0");
  throwsWith(() => sgd(net, data, { ...ok1, eta: NaN }), "options.eta");
  throwsWith(() => sgd(net, data, { ...ok1, batchSize: 0 }), "options.batchSize");
  throwsWith(() => sgd(net, data, { ...ok1, epochs: 1.5 }), "options.epochs");
  throwsWith(() => sgd(net, data, { ...ok1, cost: "hinge" }), "options.cost");
  throwsWith(() => sgd(net, { X: data.X, Y: oneHot([0], 2) }, ok1), "data.Y", "2×10", "2×1");
  throwsWith(
    () => sgd(net, { X: fromColumns([[1, 2, 3]]), Y: oneHot([0], 2) }, ok1),
    "data.X",
    "2×any",
    "3×1",
  );
  throwsWith(() => sgd(net, { ...data, labels: [1] }, ok1), "data.labels", "10 labels");
  throwsWith(
    () => sgd(net, data, { ...ok1, evaluation: { X: data.Y, Y: data.X, labels: [] } }),
    "options.evaluation.labels",
  );
  throwsWith(
    () => gradientDescent(net, data, { iterations: 0, eta: 1, cost: "quadratic" }),
    "options.iterations",
  );
  throwsWith(
    () => gradientDescent(net, data, { iterations: 1, eta: 1, cost: "quadratic", every: 0 }),
    "options.every",
  );
  throwsWith(() => evaluate(net, data, "nope"), "cost");
  const nan = {
    X: { rows: 2, cols: 2, data: Float64Array.of(1, 2, NaN, 0) },
    Y: oneHot([0, 1], 2),
  };
  throwsWith(() => sgd(net, nan, ok1), 'sgd: argument "data.X"', "finite", "row 1, column 0");
  throwsWith(
    () => gradientDescent(net, nan, { iterations: 1, eta: 1, cost: "quadratic" }),
    'gradientDescent: argument "data.X"',
  );
  ok(sameBits(params(net), before), "nothing trained");
});
