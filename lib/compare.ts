/**
 * Comparing two gradients entry by entry with the relative error
 * |a − b| / max(|a|, |b|, floor): relative where the values are large, absolute (divided by the
 * floor) where both are tiny, so that two round-off-sized numbers do not look 100 % apart.
 * @module
 */

import { ArgumentError, assertPositive, describe } from "./errors.ts";
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
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  if (a === b) return 0; // also with a zero floor, where 0/0 would be NaN
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

/** Options of {@link compareGradients}. */
export interface CompareOptions {
  /** Pass when every compared entry's relative error is ≤ this (default 1e-8). */
  tolerance?: number;
  /** Below this magnitude errors are measured absolutely (default 1e-12). */
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
 * Compares every entry of two gradients of one shape.
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
  const tolerance = options.tolerance === undefined
    ? 1e-8
    : assertPositive(fn, "options.tolerance", options.tolerance);
  const floor = options.floor === undefined
    ? 1e-12
    : assertPositive(fn, "options.floor", options.floor);
  checkShapes(fn, g1, g2);
  const skip = new Set((options.exclude ?? []).map(key));
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
