/**
 * Checkpoints of a training run, for `sgd` and `gradientDescent`'s `options.checkpoint`. A
 * checkpoint file is a saved network ({@link loadNetwork} reads it as one) with one more key,
 * "checkpoint", holding what resuming needs: how many epochs (or iterations) are done, the
 * settings the run depends on (η, cost, seed, mini-batch size, kernels, and a fingerprint of the
 * training set), the reports so far, and where the parameters are −0 (which JSON writes as 0).
 * The shuffles are not stored: a resumed `sgd` replays the finished epochs' shuffles from the seed,
 * which leaves its random number generator and its example order exactly where they were. The
 * file is written with {@link writeFileAtomic}, so a crash leaves the previous checkpoint whole.
 * @module
 */

import type { EpochReport } from "./train.ts";
import { ArgumentError, assertInteger, describe } from "./errors.ts";
import { checkWritablePath, writeFileAtomic } from "./files.ts";
import type { Matrix } from "./matrix.ts";
import type { Network } from "./network.ts";

/** `options.checkpoint` of `sgd` and `gradientDescent`. */
export interface CheckpointOptions {
  /** The checkpoint file (a saved network plus the run's progress); its directory must exist. */
  path: string;
  /**
   * Save after every k epochs (`sgd`) or iterations (`gradientDescent`), and after the last;
   * default 1.
   */
  every?: number;
  /**
   * true: continue from the file when it exists (when it does not, start from `net`); the
   * file must come from the same run (architecture, data and settings). false (the default):
   * start from `net` and overwrite the file.
   */
  resume?: boolean;
}

/** Checked checkpoint options, defaults filled in. */
export interface Checkpoint {
  path: string;
  every: number;
  resume: boolean;
}

/** What a checkpoint must agree on to be resumed: the trainer and the settings its run used. */
export interface CheckpointRun {
  trainer: "sgd" | "gradientDescent";
  /** "epoch" or "iteration", for messages. */
  unit: string;
  settings: Record<string, string | number>;
}

/** A checkpoint read back: progress, parameters and the reports so far. */
export interface Resumed {
  /** Epochs (or iterations) finished. */
  done: number;
  /** The saved parameters (W[0] and b[0] unused), −0 restored. */
  net: Network;
  reports: EpochReport[];
}

const FORMAT = "backprop-course/checkpoint";
const KEYS = ["path", "every", "resume"];

/**
 * Checks `options.checkpoint` (before any training) and fills in the defaults; undefined when no
 * checkpoint is asked for. `unit` is what `every` counts ("epochs" or "iterations").
 *
 * @example
 * ```ts
 * import { checkCheckpointOptions } from "./checkpoint.ts";
 * const path = `${await Deno.makeTempDir()}/run.json`;
 * const cp = checkCheckpointOptions("sgd", { path }, "epochs");
 * if (cp?.every !== 1 || cp.resume !== false) throw new Error("defaults: every 1, resume false");
 * try {
 *   checkCheckpointOptions("sgd", { path, evry: 2 }, "epochs");
 *   throw new Error("unreachable");
 * } catch (e) {
 *   if (!(e as Error).message.includes('"evry"')) throw e;
 * }
 * ```
 */
export function checkCheckpointOptions(
  fn: string,
  value: unknown,
  unit: string,
): Checkpoint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ArgumentError(
      fn,
      "options.checkpoint",
      "{ path, every?, resume? }",
      describe(value),
    );
  }
  const unknown = Object.keys(value).find((k) => !KEYS.includes(k));
  if (unknown !== undefined) {
    throw new ArgumentError(
      fn,
      "options.checkpoint",
      `only the keys ${KEYS.join(", ")}`,
      `the unknown key ${JSON.stringify(unknown)}`,
    );
  }
  const o = value as Partial<CheckpointOptions>;
  checkWritablePath(fn, "options.checkpoint.path", o.path);
  const every = o.every === undefined
    ? 1
    : assertInteger(fn, "options.checkpoint.every", o.every, 1);
  if (o.resume !== undefined && typeof o.resume !== "boolean") {
    throw new ArgumentError(
      fn,
      "options.checkpoint.resume",
      `true or false (continue from the file, or start over; ${unit} are saved every ${every})`,
      describe(o.resume),
    );
  }
  return { path: o.path as string, every, resume: o.resume ?? false };
}

/**
 * A fingerprint of the training set (its shape and every bit of X and Y), so that a checkpoint
 * is not resumed on other data.
 *
 * @example
 * ```ts
 * import { dataFingerprint } from "./checkpoint.ts";
 * import { fromColumns } from "./matrix.ts";
 * const a = dataFingerprint(fromColumns([[1], [2]]), fromColumns([[0], [1]]));
 * const b = dataFingerprint(fromColumns([[1], [2.0000000000000004]]), fromColumns([[0], [1]]));
 * if (a === b) throw new Error("one bit apart, different fingerprints");
 * ```
 */
export function dataFingerprint(X: Matrix, Y: Matrix): string {
  // two independent 32-bit FNV-1a-style lanes over the 32-bit words of the float64 data
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ X.rows ^ (X.cols << 8) ^ (Y.rows << 20);
  for (const m of [X, Y]) {
    const words = new Uint32Array(m.data.buffer, m.data.byteOffset, 2 * m.data.length);
    for (let i = 0; i < words.length; i++) {
      h1 = Math.imul(h1 ^ words[i], 0x01000193);
      h2 = Math.imul(h2 ^ words[i], 0x5bd1e995) ^ (h2 >>> 15);
    }
  }
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, "0");
  return `${X.rows}x${X.cols}/${Y.rows}:${hex(h1)}${hex(h2)}`;
}

/**
 * Writes the checkpoint atomically: `networkJson` ({@link networkToJson}'s text of `net`) with the
 * progress added under "checkpoint". The caller has checked `cp.path`.
 */
export function writeCheckpoint(
  fn: string,
  cp: Checkpoint,
  run: CheckpointRun,
  net: Network,
  networkJson: string,
  done: number,
  reports: readonly EpochReport[],
): void {
  const negativeZeros: [number, "W" | "b", number][] = [];
  for (let l = 1; l < net.sizes.length; l++) {
    net.W[l].data.forEach((v, i) => Object.is(v, -0) && negativeZeros.push([l, "W", i]));
    net.b[l].forEach((v, i) => Object.is(v, -0) && negativeZeros.push([l, "b", i]));
  }
  const meta = {
    format: FORMAT,
    version: 1,
    trainer: run.trainer,
    done,
    settings: run.settings,
    negativeZeros,
    reports,
  };
  // networkJson is one JSON object: add the key before its closing brace
  const text = `${networkJson.slice(0, networkJson.lastIndexOf("}"))},"checkpoint":${
    JSON.stringify(meta)
  }}`;
  writeFileAtomic(cp.path, text, fn, "options.checkpoint.path");
}

/**
 * The checkpoint to continue from: undefined when `cp.resume` is false or the file does not exist.
 * Throws {@link ArgumentError} (naming `fn`) when the file is not a checkpoint of this run: another
 * trainer, architecture, data set or setting, or more epochs done than `total`. `parse` is
 * {@link networkFromJson}. Reads only: `net` is not touched.
 */
export function readCheckpoint(
  fn: string,
  cp: Checkpoint,
  run: CheckpointRun,
  net: Network,
  total: number,
  parse: (text: string, options: { source: string }) => Network,
): Resumed | undefined {
  if (!cp.resume) return undefined;
  const argument = "options.checkpoint.path";
  let text: string;
  try {
    text = Deno.readTextFileSync(cp.path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new Error(`${fn}: cannot read the checkpoint ${cp.path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const refuse = (expected: string, got: string): never => {
    throw new ArgumentError(
      fn,
      argument,
      `${expected} (or resume: false to start over)`,
      `${got} in ${cp.path}`,
    );
  };
  let saved: Network;
  try {
    saved = parse(text, { source: cp.path });
  } catch (e) {
    return refuse("a checkpoint file (a saved network with progress)", (e as Error).message);
  }
  const meta = (JSON.parse(text) as { checkpoint?: Record<string, unknown> }).checkpoint;
  if (typeof meta !== "object" || meta === null || meta.format !== FORMAT || meta.version !== 1) {
    return refuse(
      `a checkpoint written by ${run.trainer}`,
      "a saved network without checkpoint data",
    );
  }
  if (meta.trainer !== run.trainer) {
    refuse(`a checkpoint written by ${run.trainer}`, `one written by ${describe(meta.trainer)}`);
  }
  const arch = (n: Network) => `sizes [${n.sizes}] with activations [${n.activations.slice(1)}]`;
  if (arch(saved) !== arch(net)) {
    refuse(`a checkpoint of the network being trained, ${arch(net)}`, arch(saved));
  }
  const settings = meta.settings as Record<string, unknown> | undefined;
  for (const [key, want] of Object.entries(run.settings)) {
    const have = settings?.[key];
    if (have !== want) {
      refuse(
        `a checkpoint of a run with ${key} ${JSON.stringify(want)}`,
        `${key} ${JSON.stringify(have)}`,
      );
    }
  }
  const done = meta.done;
  if (typeof done !== "number" || !Number.isInteger(done) || done < 0) {
    return refuse(`a checkpoint with the number of ${run.unit}s done`, describe(done));
  }
  if (done > total) {
    refuse(`a checkpoint at or before ${run.unit} ${total}`, `one at ${run.unit} ${done}`);
  }
  const reports = meta.reports;
  if (
    !Array.isArray(reports) ||
    reports.some((r) => typeof r !== "object" || r === null || !Number.isInteger(r.epoch))
  ) {
    return refuse("a checkpoint with its reports", `reports ${describe(reports)}`);
  }
  const zeros = meta.negativeZeros;
  if (!Array.isArray(zeros)) return refuse("a list of negative zeros", describe(zeros));
  for (const z of zeros) {
    const [l, block, i] = Array.isArray(z) ? z : [];
    const data = block === "W" ? saved.W[l]?.data : block === "b" ? saved.b[l] : undefined;
    if (data === undefined || !Number.isInteger(i) || i < 0 || i >= data.length || data[i] !== 0) {
      refuse("negative zeros at zero parameters", JSON.stringify(z));
    }
    data![i] = -0;
  }
  return {
    done,
    net: saved,
    reports: reports.map((r: EpochReport) => ({
      epoch: r.epoch,
      trainingCost: r.trainingCost,
      evaluation: r.evaluation ?? undefined,
      seconds: r.seconds,
      trainingSeconds: r.trainingSeconds,
    })),
  };
}

/**
 * Copies the resumed parameters into `net` (trained in place); returns a function that puts the
 * previous ones back, for a refusal that comes after.
 */
export function restoreParameters(net: Network, resumed: Resumed): () => void {
  const before = {
    W: net.W.map((m) => m.data.slice()),
    b: net.b.map((v) => v.slice()),
  };
  for (let l = 1; l < net.sizes.length; l++) {
    net.W[l].data.set(resumed.net.W[l].data);
    net.b[l].set(resumed.net.b[l]);
  }
  return () => {
    for (let l = 1; l < net.sizes.length; l++) {
      net.W[l].data.set(before.W[l]);
      net.b[l].set(before.b[l]);
    }
  };
}
