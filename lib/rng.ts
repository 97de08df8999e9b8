/**
 * A small seeded random number generator (xoshiro128** seeded through splitmix32). The same seed
 * gives the same numbers, bit for bit, on every machine, so notebook outputs are reproducible.
 * @module
 */

import { ArgumentError, describe } from "./errors.ts";

/** A seeded source of uniform and normal numbers. */
export interface Rng {
  /** A uniform float64 in [0, 1) with 53 random bits. */
  uniform(): number;
  /** A standard normal N(0, 1) draw (Box–Muller). */
  normal(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * A generator seeded with any safe integer.
 *
 * @example
 * ```ts
 * import { createRng } from "./rng.ts";
 * const a = createRng(42), b = createRng(42);
 * if (a.normal() !== b.normal()) throw new Error("same seed, same numbers");
 * ```
 */
export function createRng(seed: number): Rng {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new ArgumentError("createRng", "seed", "a safe integer", describe(seed));
  }
  // splitmix32 spreads the seed over the four words of state.
  let x = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix(), s1 = splitmix(), s2 = splitmix(), s3 = splitmix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const next = (): number => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return r;
  };
  let spare: number | undefined;
  const uniform = (): number => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  return {
    uniform,
    normal(): number {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * uniform();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) {
        throw new ArgumentError("Rng.int", "n", "an integer ≥ 1", describe(n));
      }
      return Math.floor(uniform() * n);
    },
  };
}

function rotl(v: number, k: number): number {
  return (v << k) | (v >>> (32 - k));
}
