/**
 * `sgd` against its documented rules, written out here as a plain loop: every epoch a Fisher–Yates
 * shuffle of the running order with the seeded RNG (createRng(seed).int), then mini-batches of m
 * in that order (the last one shorter when m does not divide N), each a step
 * W ← W − η · (mean gradient of the batch by batchGradient). Under the reference kernels the
 * library must match the loop bit for bit; the WebAssembly engine must match it to rounding.
 * The loop's variants that shuffle only once, or drop the short last batch, must land elsewhere,
 * so that the comparison can tell those mistakes apart.
 */

import {
  batchGradient,
  cloneNetwork,
  columns,
  createNetwork,
  type Dataset,
  fromColumns,
  type Network,
  setKernels,
  sgd,
} from "../lib/mod.ts";
import { createRng } from "../lib/rng.ts";
import { equal, ok } from "./assert.ts";

interface Rules {
  epochs: number;
  batchSize: number;
  eta: number;
  seed: number;
  cost: string;
  /** Planted mistakes, to show the comparison notices them. */
  shuffleOnce?: boolean;
  dropShortBatch?: boolean;
}

/** The documented rules of sgd, step by step. */
function byTheRules(net: Network, data: Dataset, r: Rules): Network {
  const rng = createRng(r.seed);
  const N = data.X.cols;
  const order = Array.from({ length: N }, (_, i) => i);
  const shuffle = () => {
    for (let i = N - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
  };
  if (r.shuffleOnce) shuffle();
  for (let epoch = 1; epoch <= r.epochs; epoch++) {
    if (!r.shuffleOnce) shuffle();
    for (let start = 0; start < N; start += r.batchSize) {
      const batch = order.slice(start, Math.min(start + r.batchSize, N));
      if (r.dropShortBatch && batch.length < r.batchSize) continue;
      const g = batchGradient(net, columns(data.X, batch), columns(data.Y, batch), r.cost);
      for (let l = 1; l < net.sizes.length; l++) {
        const w = net.W[l].data, b = net.b[l];
        for (let i = 0; i < w.length; i++) w[i] -= r.eta * g.dW[l].data[i];
        for (let i = 0; i < b.length; i++) b[i] -= r.eta * g.db[l][i];
      }
    }
  }
  return net;
}

function parameters(net: Network): number[] {
  return net.W.slice(1).flatMap((w, l) => [...w.data, ...net.b[l + 1]]);
}

/** The largest difference between two networks' parameters, relative to the largest parameter. */
function distance(a: Network, b: Network): number {
  const p = parameters(a), q = parameters(b);
  const scale = Math.max(...p.map(Math.abs), ...q.map(Math.abs));
  return Math.max(...p.map((v, i) => Math.abs(v - q[i]))) / scale;
}

function dataset(N: number, seed: number): Dataset {
  const rng = createRng(seed);
  const xs = Array.from({ length: N }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const ys = xs.map(([a, b]) => (a + b > 0 ? [1, 0] : [0, 1]));
  return { X: fromColumns(xs), Y: fromColumns(ys) };
}

// N and m: m not dividing N (a short last batch of 1 or 2), m = 1, m = N, m > N.
const SHAPES: [number, number][] = [[7, 3], [11, 4], [5, 1], [6, 6], [4, 9]];

function cases() {
  return SHAPES.map(([N, m], i) => {
    const net = createNetwork({ sizes: [3, 4, 2], activations: ["tanh", "sigmoid"], seed: 10 + i });
    const rules: Rules = { epochs: 4, batchSize: m, eta: 0.7, seed: 100 + i, cost: "quadratic" };
    return { net, data: dataset(N, 20 + i), rules, label: `N = ${N}, m = ${m}` };
  });
}

function trained(net: Network, data: Dataset, r: Rules): Network {
  const copy = cloneNetwork(net);
  sgd(copy, data, {
    epochs: r.epochs,
    batchSize: r.batchSize,
    eta: r.eta,
    seed: r.seed,
    cost: r.cost,
  });
  return copy;
}

Deno.test("sgd under the reference kernels equals the documented loop bit for bit", () => {
  const before = setKernels("reference");
  try {
    for (const { net, data, rules, label } of cases()) {
      const lib = parameters(trained(net, data, rules));
      const loop = parameters(byTheRules(cloneNetwork(net), data, rules));
      equal(lib.length, loop.length);
      const differ = lib.findIndex((v, i) => !Object.is(v, loop[i]));
      equal(differ, -1, `${label}: parameter ${differ}: sgd ${lib[differ]}, loop ${loop[differ]}`);
    }
  } finally {
    setKernels(before);
  }
});

Deno.test("shuffling only once, or dropping the short batch, lands elsewhere", () => {
  for (const { net, data, rules, label } of cases()) {
    const right = byTheRules(cloneNetwork(net), data, rules);
    const [N, m] = [data.X.cols, rules.batchSize];
    // With one example or one batch per epoch the order does not matter; otherwise it does.
    if (m > 1 && m < N) {
      const once = byTheRules(cloneNetwork(net), data, { ...rules, shuffleOnce: true });
      ok(distance(right, once) > 1e-6, `${label}: shuffling once differs`);
    }
    if (N % m !== 0) {
      const dropped = byTheRules(cloneNetwork(net), data, { ...rules, dropShortBatch: true });
      ok(distance(right, dropped) > 1e-6, `${label}: dropping the short batch differs`);
    }
  }
});

Deno.test("sgd on the WebAssembly engine equals the documented loop to rounding", () => {
  for (const { net, data, rules, label } of cases()) {
    const loop = byTheRules(cloneNetwork(net), data, rules);
    const before = setKernels("wasm");
    let wasm: Network;
    try {
      wasm = trained(net, data, rules);
    } finally {
      setKernels(before);
    }
    const d = distance(wasm, loop);
    ok(d <= 1e-12, `${label}: the WebAssembly engine is ${d} (relative) from the loop`);
  }
});
