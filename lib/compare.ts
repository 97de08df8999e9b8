/**
 * Comparing two gradients entry by entry with the relative error
 * |a − b| / max(|a|, |b|, floor): relative where the values are large, absolute (divided by the
 * floor) where both are tiny, so that two round-off-sized numbers do not look 100 % apart. By
 * default the floor scales with the gradients compared (see {@link compareGradients}).
 * @module
 */

import { ArgumentError, assertKnownKeys, assertPositive, describe } from "./errors.ts";
import type { GradientEntry } from "./finite_difference.ts";
import type { Gradients } from "./gradients.ts";

/**
 * |a − b| / max(|a|, |b|, floor); Infinity when either value is not finite.
 *
 * @example
 * ```ts
 * import { relativeError } from "./mod.ts";
 * if (relativeError(1, 1.001) > 1e-3) throw new Error("0.1 %");
 * if (relativeError(1e-20, -1e-20) !== 2e-20 / 1e-12) throw new Error("below the floor: absolute");
 * if (relativeError(NaN, 1) !== Infinity) throw new Error("NaN never passes");
 * if (relativeError(0, 0, 0) !== 0) throw new Error("equal numbers are 0 apart, whatever the floor");
 * ```
 */
export function relativeError(a: number, b: number, floor = 1e-12): number {
  if (typeof floor !== "number" || !(floor >= 0) || floor === Infinity) {
    throw new ArgumentError("relativeError", "floor", "a finite number ≥ 0", describe(floor));
  }
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  if (a === b) return 0; // also with a zero floor, where 0/0 would be NaN
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

/** Options of {@link compareGradients}. */
export interface CompareOptions {
  /** Pass when every compared entry's relative error is ≤ this (default 1e-8). */
  tolerance?: number;
  /**
   * Below this magnitude errors are measured absolutely. Default: {@link DEFAULT_FLOOR_FRACTION}
   * × the largest |entry| of the two gradients, and at least {@link MIN_FLOOR}.
   */
  floor?: number;
  /** Entries not to compare, e.g. the ReLU kinks that finiteDifference reports. */
  exclude?: readonly GradientEntry[];
}

/** The largest relative error within one block dW[l] or db[l]. */
export interface BlockReport {
  block: "dW" | "db";
  layer: number;
  maxRelativeError: number;
}

/** The entry with the largest relative error overall, with both values. */
export interface WorstEntry extends GradientEntry {
  a: number;
  b: number;
  relativeError: number;
}

/** The result of {@link compareGradients}. */
export interface GradientComparison {
  pass: boolean;
  tolerance: number;
  /** The floor used: `options.floor`, or the default computed from the gradients. */
  floor: number;
  /** Per block, in order dW[1], db[1], dW[2], … */
  blocks: BlockReport[];
  /** The worst compared entry (undefined only when nothing was compared). */
  worst?: WorstEntry;
  /** How many entries were compared and how many were left out by `exclude`. */
  compared: number;
  excluded: number;
}

/**
 * The default floor of {@link compareGradients} as a fraction of the largest |entry| of the two
 * gradients: entries below 1 % of it have their error measured absolutely, against the gradient's
 * scale (torch.autograd.gradcheck's atol = 1e-5 beside rtol = 1e-3 is the same 1 % of an O(1)
 * gradient).
 *
 * @example
 * ```ts
 * import { DEFAULT_FLOOR_FRACTION } from "./compare.ts";
 * if (DEFAULT_FLOOR_FRACTION !== 1e-2) throw new Error("1 % of the largest entry");
 * ```
 */
export const DEFAULT_FLOOR_FRACTION = 1e-2;

/**
 * The default floor never goes below this: under 2.2e-308 float64 loses relative precision
 * (subnormal numbers), so gradients that small are compared absolutely, as equal.
 *
 * @example
 * ```ts
 * import { MIN_FLOOR } from "./compare.ts";
 * if (!(MIN_FLOOR > 2.2e-308 * 1e16)) throw new Error("above underflow residue / any tolerance");
 * ```
 */
export const MIN_FLOOR = 1e-290;

/**
 * Compares every entry of two gradients of one shape: an entry passes when
 * |a − b| / max(|a|, |b|, floor) ≤ tolerance, i.e. when its error is within `tolerance` relative
 * to the entry or, below the floor, within `tolerance` × floor absolutely.
 *
 * The default floor is {@link DEFAULT_FLOOR_FRACTION} (1e-2) × the largest |entry| of the two
 * gradients (the entries compared; at least {@link MIN_FLOOR}). Why it scales: exact methods (path
 * sums, the δ recursion, the Σ′ forms, the batched form) agree to rounding relative to the
 * gradient, not to each entry. An entry whose true value is 0 or nearly so is a sum of terms that
 * cancel (a softmax layer whose outgoing weights are equal, weights on a grid), and it comes out as
 * residue of about 1e-17 × the size of those terms, a different residue for each order of
 * summation: relative to itself, 100 % apart. A fixed floor cannot tell residue from error: 1e-12
 * (the old default) failed exact methods on residue above 1e-20 and measured every gradient
 * smaller than 1e-12 absolutely, whatever its units. Scaled with the gradient, the verdict does
 * not change when the cost is multiplied by a constant, and an error is still seen wherever it
 * exceeds `tolerance` × 1 % of the largest entry. The scale is the whole gradient's largest entry,
 * not each block's, because a whole block can be residue (the db of that softmax layer).
 *
 * @example
 * ```ts
 * import { compareGradients, createNetwork, zeroGradients } from "./mod.ts";
 * const g1 = zeroGradients(createNetwork({ sizes: [1, 2], activations: "identity", seed: 1 }));
 * const g2 = zeroGradients(createNetwork({ sizes: [1, 2], activations: "identity", seed: 1 }));
 * g1.db[1].set([0.5, 1e-17]); // a true 0, as two orders of summation leave it
 * g2.db[1].set([0.5, -2e-17]);
 * if (!compareGradients(g1, g2).pass) throw new Error("residue passes: floor 1e-2 × 0.5");
 * if (compareGradients(g1, g2, { floor: 1e-12 }).pass) throw new Error("a fixed 1e-12 fails it");
 * g2.db[1][1] = 1e-4; // an error is still seen: 1e-4 / 5e-3 = 2 %
 * if (compareGradients(g1, g2).pass) throw new Error("an error fails");
 * ```
 *
 * @example
 * ```ts
 * import { compareGradients, createNetwork, deltaRecursion, sigmaPrime } from "./mod.ts";
 * const net = createNetwork({ sizes: [3, 2, 2], activations: "sigmoid", seed: 1 });
 * const r = compareGradients(
 *   deltaRecursion(net, [1, 2, 3], [0, 1], "quadratic"),
 *   sigmaPrime(net, [1, 2, 3], [0, 1], "quadratic", { form: "recursive" }),
 *   { tolerance: 1e-12 },
 * );
 * if (!r.pass || r.blocks.length !== 4) throw new Error("agree, four blocks");
 * ```
 */
export function compareGradients(
  g1: Gradients,
  g2: Gradients,
  options: CompareOptions = {},
): GradientComparison {
  const fn = "compareGradients";
  assertKnownKeys(fn, "options", options, COMPARE_OPTION_KEYS);
  const tolerance = options.tolerance === undefined
    ? 1e-8
    : assertPositive(fn, "options.tolerance", options.tolerance);
  const given = options.floor === undefined
    ? undefined
    : assertPositive(fn, "options.floor", options.floor);
  checkShapes(fn, g1, g2);
  const skip = new Set(checkExclude(fn, options.exclude, g1).map(key));
  const floor = given ?? defaultFloor(g1, g2, skip);
  const blocks: BlockReport[] = [];
  let worst: WorstEntry | undefined;
  let compared = 0, excluded = 0;
  for (let l = 1; l < g1.dW.length; l++) {
    for (const block of ["dW", "db"] as const) {
      const cols = block === "dW" ? g1.dW[l].cols : 1;
      const u = block === "dW" ? g1.dW[l].data : g1.db[l];
      const v = block === "dW" ? g2.dW[l].data : g2.db[l];
      let max = 0;
      for (let i = 0; i < u.length; i++) {
        const entry: GradientEntry = block === "dW"
          ? { block, layer: l, j: Math.floor(i / cols), k: i % cols }
          : { block, layer: l, j: i };
        if (skip.has(key(entry))) {
          excluded++;
          continue;
        }
        compared++;
        const e = relativeError(u[i], v[i], floor);
        if (e > max) max = e;
        if (worst === undefined || e > worst.relativeError) {
          worst = { ...entry, a: u[i], b: v[i], relativeError: e };
        }
      }
      blocks.push({ block, layer: l, maxRelativeError: max });
    }
  }
  const pass = blocks.every((b) => b.maxRelativeError <= tolerance);
  return { pass, tolerance, floor, blocks, worst, compared, excluded };
}

/** DEFAULT_FLOOR_FRACTION × the largest finite |entry| compared, at least MIN_FLOOR. */
function defaultFloor(g1: Gradients, g2: Gradients, skip: Set<string>): number {
  let scale = 0;
  const see = (entry: GradientEntry, a: number, b: number) => {
    if (skip.has(key(entry))) return;
    // a non-finite entry fails on its own; it must not make the floor infinite
    for (const x of [a, b]) if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x));
  };
  for (let l = 1; l < g1.dW.length; l++) {
    const { cols, data } = g1.dW[l];
    for (let i = 0; i < data.length; i++) {
      const entry: GradientEntry = { block: "dW", layer: l, j: Math.floor(i / cols), k: i % cols };
      see(entry, data[i], g2.dW[l].data[i]);
    }
    for (let j = 0; j < g1.db[l].length; j++) {
      see({ block: "db", layer: l, j }, g1.db[l][j], g2.db[l][j]);
    }
  }
  return Math.max(DEFAULT_FLOOR_FRACTION * scale, MIN_FLOOR);
}

/** The keys {@link CompareOptions} has: any other key is a typo and refused. */
const COMPARE_OPTION_KEYS = ["tolerance", "floor", "exclude"];

/**
 * `exclude` must list entries of these gradients (as finiteDifference's `kinks` does): a
 * misspelt entry would silently exclude nothing.
 */
function checkExclude(fn: string, exclude: unknown, g: Gradients): readonly GradientEntry[] {
  if (exclude === undefined) return [];
  if (!Array.isArray(exclude)) {
    throw new ArgumentError(
      fn,
      "options.exclude",
      "an array of entries { block, layer, j, k? } (e.g. finiteDifference's kinks)",
      describe(exclude),
    );
  }
  const L = g.dW.length - 1;
  exclude.forEach((e: unknown, i) => {
    const entry = e as Partial<GradientEntry>;
    const inRange = (v: unknown, n: number) =>
      Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
    const ok = typeof e === "object" && e !== null &&
      (entry.block === "dW" || entry.block === "db") &&
      Number.isInteger(entry.layer) && entry.layer! >= 1 && entry.layer! <= L &&
      (entry.block === "dW"
        ? inRange(entry.j, g.dW[entry.layer!].rows) && inRange(entry.k, g.dW[entry.layer!].cols)
        : inRange(entry.j, g.db[entry.layer!].length) && entry.k === undefined);
    if (!ok) {
      throw new ArgumentError(
        fn,
        `options.exclude[${i}]`,
        `an entry of these gradients: { block: "dW", layer: 1..${L}, j, k } or ` +
          `{ block: "db", layer: 1..${L}, j } with j, k within the block`,
        typeof e === "object" && e !== null ? JSON.stringify(e) : describe(e),
      );
    }
  });
  return exclude;
}

function key(e: GradientEntry): string {
  return `${e.block}:${e.layer}:${e.j}:${e.k ?? ""}`;
}

function checkShapes(fn: string, g1: Gradients, g2: Gradients): void {
  for (const [name, g] of [["g1", g1], ["g2", g2]] as const) {
    if (typeof g !== "object" || g === null || !Array.isArray(g.dW) || !Array.isArray(g.db)) {
      throw new ArgumentError(fn, name, "Gradients { dW, db }", describe(g));
    }
  }
  if (g1.dW.length !== g2.dW.length || g1.db.length !== g2.db.length) {
    throw new ArgumentError(
      fn,
      "g2",
      `gradients of ${g1.dW.length - 1} layers (as g1)`,
      `${g2.dW.length - 1} layers`,
    );
  }
  for (let l = 1; l < g1.dW.length; l++) {
    const a = g1.dW[l], b = g2.dW[l];
    if (a.rows !== b.rows || a.cols !== b.cols) {
      throw new ArgumentError(
        fn,
        `g2.dW[${l}]`,
        `a ${a.rows}×${a.cols} matrix (as g1)`,
        `${b.rows}×${b.cols}`,
      );
    }
    if (g1.db[l].length !== g2.db[l].length) {
      throw new ArgumentError(
        fn,
        `g2.db[${l}]`,
        `length ${g1.db[l].length} (as g1)`,
        `length ${g2.db[l].length}`,
      );
    }
  }
}
