/**
 * What an exercise is and how it is checked: the types the catalogue is written in, and the
 * pieces the chapters' exercises share (seeded cases on the standard networks, the BP1–BP4
 * mistakes every backpropagation exercise can make).
 * @module
 */

import type { Gradients } from "../gradients.ts";
import { cloneNetwork } from "../network.ts";
import { createRng } from "../rng.ts";
import { type Block, gradientBlocks, readGradients } from "./blocks.ts";
import { backprop, networkCase } from "./references.ts";

/**
 * What the course says about an exercise: what it asks and what the answer is. Where it sits is
 * the notebook whose cell calls `checkExercise(id, …)`; the course file orders the notebooks.
 */
export interface Exercise {
  /** The id `checkExercise` takes, e.g. "delta-recursion". */
  readonly id: string;
  readonly title: string;
  /** The answer's TypeScript type, e.g. "(z: number) => number". */
  readonly signature: string;
}

/** A recognisable wrong answer of one case, and the hint that names it. */
export interface Mistake {
  hint: string;
  /** The blocks that mistake produces on this case (undefined where it has no such answer). */
  blocks: () => Block[] | undefined;
}

/** One seeded case an answer is run on. */
export interface ExerciseCase {
  /** Says what the case is, e.g. "a 2-3-1 sigmoid network". */
  label: string;
  /** Calls the reader's function with fresh copies of the case's arguments. */
  call: (answer: (...args: never[]) => unknown) => unknown;
  /** Reads the returned value into blocks; throws Unreadable with a diagnosis. */
  read: (value: unknown) => Block[];
  want: Block[];
  /** The number of examples, for the "off by N" hint. */
  examples?: number;
  mistakes?: Mistake[];
}

/** An exercise with its checks. `cases` is for function answers, `checkString` for strings. */
export interface ExerciseSpec extends Exercise {
  /** Relative tolerance of the comparison (default 1e-9). */
  tolerance?: number;
  cases?: () => ExerciseCase[];
  checkString?: (answer: string) => { pass: boolean; message: string };
}

// The answer is called with `never[]` arguments: the checker knows their types, the reader's
// function declares them.
export type Answer = (...args: never[]) => unknown;
export const call = (f: Answer, ...args: unknown[]): unknown =>
  (f as (...a: unknown[]) => unknown)(...args);

export const GRADIENT = "Gradients";
export const NET_XY = "(net: Network, x: ArrayLike<number>, y: ArrayLike<number>)";

export function seeded(seed: number) {
  const rng = createRng(seed);
  return { rng, between: (lo: number, hi: number) => lo + (hi - lo) * rng.uniform() };
}

/** Cases on the standard networks for a `(net, x, y) => Gradients` answer. */
export function gradientCases(
  reference: (c: ReturnType<typeof networkCase>) => Gradients,
  mistakes: (c: ReturnType<typeof networkCase>) => Mistake[],
  activations: "sigmoid" | "identity" | "mixed" = "sigmoid",
): ExerciseCase[] {
  return Array.from({ length: 8 }, (_, i) => {
    const c = networkCase(i, activations);
    return {
      label: c.label,
      call: (f) => call(f, cloneNetwork(c.net), Float64Array.from(c.x), Float64Array.from(c.y)),
      read: (v) => readGradients(v, c.net),
      want: gradientBlocks(reference(c)),
      mistakes: mistakes(c),
    };
  });
}

export function maybe(f: () => Block[]): () => Block[] | undefined {
  return () => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
}

/** The BP1–BP4 mistakes every backpropagation exercise shares. */
export function backpropMistakes(c: ReturnType<typeof networkCase>): Mistake[] {
  const { net, x, y } = c;
  return [
    {
      hint: "BP2 takes σ′ at a^l; it belongs at z^l: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l).",
      blocks: maybe(() => gradientBlocks(backprop(net, x, y, { bp2Prime: "a" }))),
    },
    {
      hint: "BP1 is missing its σ′(z^L): δ^L = (a^L − y) ⊙ σ′(z^L), not a^L − y.",
      blocks: maybe(() => gradientBlocks(backprop(net, x, y, { bp1Prime: false }))),
    },
    {
      hint: "BP2 is missing its σ′(z^l): after multiplying by (W^{l+1})ᵀ, multiply entry by " +
        "entry by σ′(z^l).",
      blocks: maybe(() => gradientBlocks(backprop(net, x, y, { bp2Prime: "none" }))),
    },
  ];
}

export const vec = (v: ArrayLike<number>) => Float64Array.from(v);
