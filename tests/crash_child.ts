/**
 * The processes tests/crash_test.ts kills with SIGKILL, and the cases they share with it.
 *
 *   deno run -A tests/crash_child.ts write  FILE atomic|save|inplace VERSION…
 *       writes the versions (files holding {@link writeVersions}' JSON) to FILE over and over,
 *       printing
 *       "begin i k" before and "end i" after the i-th write (version k): with writeFileAtomic,
 *       with saveNetwork, or (the control) in place, in 64 KiB pieces, the way not to do it.
 *   deno run -A tests/crash_child.ts train  CASE reference|wasm CHECKPOINT OUT
 *       trains {@link trainingCase} CASE with a checkpoint (resume: true), printing "report e"
 *       after each report; at the end writes the parameters' bytes and the reports to OUT and
 *       prints "done".
 * @module
 */

import { writeFileAtomic } from "../lib/files.ts";
import { setKernels } from "../lib/kernels.ts";
import { fromColumns } from "../lib/matrix.ts";
import { createNetwork, type Network } from "../lib/network.ts";
import { createRng } from "../lib/rng.ts";
import {
  type Dataset,
  type EpochReport,
  gradientDescent,
  networkFromJson,
  saveNetwork,
  sgd,
} from "../lib/train.ts";

/**
 * The networks the writer cycles through: 200,500 parameters each (about 4 MB of JSON), told
 * apart by b¹₀ = k.
 */
export function writeVersions(count = 3): Network[] {
  return Array.from({ length: count }, (_, k) => {
    const net = createNetwork({ sizes: [400, 400, 100], activations: "sigmoid", seed: 100 + k });
    net.b[1][0] = k;
    return net;
  });
}

/** The runs the crash test interrupts: small data, a network that takes a while to save. */
export const TRAINING_CASES = ["sgd", "sgd-every-3", "gd"] as const;
export type TrainingCase = typeof TRAINING_CASES[number];

/** A case's network (fresh), data, and a call that trains it with the given checkpoint. */
export function trainingCase(name: TrainingCase): {
  net: Network;
  data: Dataset;
  train: (
    net: Network,
    checkpoint?: { path: string; resume: boolean },
    onEpoch?: (r: EpochReport) => void,
  ) => EpochReport[];
  /** Reports to wait for before a kill, so that each process saves at least once. */
  reportsPerSave: number;
  /** The checkpoint's `every`: epochs (sgd) or iterations (gradientDescent) between saves. */
  saveEvery: number;
  /** Epochs or iterations between reports. */
  reportEvery: number;
} {
  const rng = createRng(11);
  const N = 37; // not a multiple of the mini-batch size: a short last batch every epoch
  const xs: number[][] = [], ys: number[][] = [];
  for (let i = 0; i < N; i++) {
    const x = Array.from({ length: 20 }, () => rng.normal());
    xs.push(x);
    const c = x[0] + x[1] > 0 ? 1 : 0;
    ys.push([c, 1 - c, 0, 0, 0].map((v, j) => (j < 2 ? v : 0)));
  }
  const data = {
    X: fromColumns(xs),
    Y: fromColumns(ys),
    labels: ys.map((y) => (y[0] === 1 ? 0 : 1)),
  };
  const evaluation = { X: fromColumns(xs.slice(0, 9)), Y: fromColumns(ys.slice(0, 9)) };
  const net = createNetwork({ sizes: [20, 120, 5], activations: ["tanh", "softmax"], seed: 3 });
  if (name === "gd") {
    return {
      net,
      data,
      reportsPerSave: 3, // reports every 2 iterations, saves every 5: 3 reports span a save
      saveEvery: 5,
      reportEvery: 2,
      train: (net, checkpoint, onEpoch) =>
        gradientDescent(net, data, {
          iterations: 120,
          every: 2,
          eta: 0.2,
          cost: "crossEntropy",
          evaluation,
          onEpoch,
          checkpoint: checkpoint && { ...checkpoint, every: 5 },
        }),
    };
  }
  const every = name === "sgd-every-3" ? 3 : 1;
  return {
    net,
    data,
    reportsPerSave: every,
    saveEvery: every,
    reportEvery: 1,
    train: (net, checkpoint, onEpoch) =>
      sgd(net, data, {
        epochs: 60,
        batchSize: 5,
        eta: 0.3,
        seed: 5,
        cost: "crossEntropy",
        evaluation,
        onEpoch,
        checkpoint: checkpoint && { ...checkpoint, every },
      }),
  };
}

/** Every weight and bias, layer by layer, as one Float64Array (its bytes are the bits). */
export function parameterBits(net: Network): Float64Array {
  const parts = net.W.flatMap((m, l) => (l === 0 ? [] : [m.data, net.b[l]]));
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function writeForever(path: string, how: string, versions: string[]): void {
  const texts = versions.map((v) => Deno.readTextFileSync(v));
  const nets = how === "save" ? texts.map((t) => networkFromJson(t)) : [];
  const bytes = texts.map((t) => new TextEncoder().encode(t));
  for (let i = 0;; i++) {
    const k = i % texts.length;
    console.log(`begin ${i} ${k}`);
    if (how === "atomic") writeFileAtomic(path, texts[k]);
    else if (how === "save") saveNetwork(path, nets[k]);
    else {
      const f = Deno.openSync(path, { write: true, create: true, truncate: true });
      for (let at = 0; at < bytes[k].length; at += 65536) {
        f.writeSync(bytes[k].subarray(at, at + 65536));
      }
      f.close();
    }
    console.log(`end ${i}`);
  }
}

if (import.meta.main) {
  const [what, ...args] = Deno.args;
  if (what === "write") writeForever(args[0], args[1], args.slice(2));
  else if (what === "train") {
    const [name, kernels, checkpoint, out] = args;
    setKernels(kernels as "reference" | "wasm");
    const c = trainingCase(name as TrainingCase);
    const reports = c.train(
      c.net,
      { path: checkpoint, resume: true },
      (r) => console.log(`report ${r.epoch}`),
    );
    const bits = parameterBits(c.net);
    writeFileAtomic(`${out}.bin`, new Uint8Array(bits.buffer));
    writeFileAtomic(`${out}.json`, JSON.stringify(reports));
    console.log("done");
  } else throw new Error(`crash_child: unknown command ${what}`);
}
