/**
 * The one place tests get their assertions from, so that a move to another assertion library is a
 * one-file change. node:assert/strict works in Deno without JSR.
 * @module
 */

export { deepEqual, equal, match, notEqual, ok, throws } from "node:assert/strict";
import { ok } from "node:assert/strict";

/** |actual − expected| ≤ tolerance · max(|actual|, |expected|, floor), with both values shown. */
export function assertClose(
  actual: number,
  expected: number,
  tolerance: number,
  what = "value",
  floor = 1e-12,
): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected), floor);
  ok(
    Number.isFinite(actual) && Number.isFinite(expected) &&
      Math.abs(actual - expected) <= tolerance * scale,
    `${what}: ${actual} vs ${expected} (relative ${
      Math.abs(actual - expected) / scale
    }, allowed ${tolerance})`,
  );
}

/** Runs fn, requires it to throw an Error whose message matches every pattern. */
export function throwsWith(fn: () => unknown, ...patterns: (string | RegExp)[]): Error {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  ok(caught instanceof Error, "expected an Error to be thrown, but nothing was");
  for (const p of patterns) {
    const hit = typeof p === "string" ? caught.message.includes(p) : p.test(caught.message);
    ok(hit, `error message ${JSON.stringify(caught.message)} does not contain ${p}`);
  }
  return caught;
}
