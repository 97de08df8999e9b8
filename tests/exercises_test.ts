/**
 * The exercises: every reference solution passes `checkExercise`; every planted mistake fails
 * with the diagnosis a teacher would give; the catalogue is complete (ids, chapters, signatures);
 * bad answers of any type give a verdict, never an exception; an unknown id is an error.
 */

import { checkExercise, EXERCISES } from "../lib/mod.ts";
import { ARCHITECTURES, backprop, networkCase } from "../lib/exercises/references.ts";
import { compareGradients, deltaRecursion } from "../lib/mod.ts";
import { deepEqual, equal, match, ok } from "./assert.ts";
import { MISTAKES } from "./exercises/mistakes.ts";
import { SOLUTIONS } from "./exercises/solutions.ts";
import { exerciseLocations, theCourse } from "../tools/course.ts";

const MANDATORY: Record<string, string> = {
  "one-neuron-gradient":
    "(w: number, b: number, x: number, y: number) => { dw: number; db: number }",
  "delta-recursion": "(net: Network, x: ArrayLike<number>, y: ArrayLike<number>) => Gradients",
  "batched-gradient": "(net: Network, X: Matrix, Y: Matrix) => Gradients",
  "softmax-cross-entropy-delta": "(z: Float64Array, y: Float64Array) => Float64Array",
  "central-difference": "(f: (t: number) => number, t: number, epsilon: number) => number",
};

// The chapters that teach a step of backpropagation end with at least two exercises each.
const EXERCISE_CHAPTERS = [
  "one-neuron",
  "layers-of-one-neuron",
  "paths",
  "matrix-form",
  "from-scratch",
  "sigma-prime",
  "softmax",
  "gradient-checking",
  "efficiency",
];

Deno.test("the catalogue: at least 16 exercises, each in one chapter, 2 in each teaching chapter, the mandatory ids and signatures", () => {
  ok(EXERCISES.length >= 16, `${EXERCISES.length} exercises`);
  const ids = EXERCISES.map((e) => e.id);
  equal(new Set(ids).size, ids.length, "ids are unique");
  const where = exerciseLocations(theCourse());
  for (const id of ids) {
    ok(where.has(id), `${id}: no chapter of course.yml calls checkExercise("${id}", …)`);
  }
  for (const key of EXERCISE_CHAPTERS) {
    const count = [...where.values()].filter((c) => c.key === key).length;
    ok(count >= 2, `chapter ${key} has ${count} exercises`);
  }
  for (const [id, signature] of Object.entries(MANDATORY)) {
    equal(EXERCISES.find((e) => e.id === id)?.signature, signature, id);
  }
  for (const e of EXERCISES) ok(e.title.length > 0, e.id);
  deepEqual(Object.keys(SOLUTIONS).sort(), [...ids].sort(), "a reference solution for each");
  deepEqual(Object.keys(MISTAKES).sort(), [...ids].sort(), "planted mistakes for each");
});

for (const { id } of EXERCISES) {
  Deno.test(`exercise ${id}: the reference solution passes; ${MISTAKES[id]?.length} planted mistakes fail with their diagnosis`, async () => {
    const right = await checkExercise(id, SOLUTIONS[id]);
    ok(right.pass, `${id}: ${right.message}`);
    equal(right.id, id);
    ok(MISTAKES[id].length >= 2, `${id}: at least two planted mistakes`);
    for (const m of MISTAKES[id]) {
      const verdict = await checkExercise(id, m.answer);
      ok(!verdict.pass, `${id}, ${m.what}: should fail`);
      match(verdict.message, m.diagnosis, `${id}, ${m.what}`);
    }
  });
}

Deno.test("wrong types, crashes and promises give a verdict, never an exception", async () => {
  for (const answer of [undefined, null, 42, "text", {}, []]) {
    const v = await checkExercise("delta-recursion", answer);
    ok(!v.pass);
    match(v.message, /The answer is a function/);
  }
  const crash = await checkExercise("delta-recursion", () => {
    throw new RangeError("index out of range");
  });
  match(crash.message, /Case 1 of 8 .*threw RangeError: index out of range/);
  const nothing = await checkExercise("delta-recursion", () => undefined);
  match(nothing.message, /should be a Gradients \{ dW, db \}; yours is undefined/);
  const async = await checkExercise(
    "central-difference",
    (f: (t: number) => number, t: number, h: number) =>
      Promise.resolve((f(t + h) - f(t - h)) / (2 * h)),
  );
  ok(async.pass, async.message);
  const notString = await checkExercise("bp1-step", () => "sigma(z)");
  match(notString.message, /a string \(a mathjs expression\)/);
  const nan = await checkExercise("sigmoid-prime", () => NaN);
  match(nan.message, /NaN/);
});

Deno.test("a result displays itself in Jupyter with the verdict", async () => {
  const v = await checkExercise("sigmoid-prime", (z: number) => 1 / (1 + Math.exp(-z)));
  const bundle = (v as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ]();
  match(bundle["text/markdown"], /^\*\*✗ The slope of the sigmoid: not yet\.\*\*/);
  match(bundle["text/plain"], /^✗ sigmoid-prime: /);
  const step = await checkExercise("chain-delta-step", (w: number, _z: number, d: number) => w * d);
  const md = (step as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ]()["text/markdown"];
  match(md, /σ′\(z<sup>l<\/sup>\) is missing/, "superscripts rendered, not ^l");
});

Deno.test("an unknown id is an error naming the argument and the ids", async () => {
  let caught: unknown;
  try {
    await checkExercise("no-such-exercise", () => 0);
  } catch (e) {
    caught = e;
  }
  ok(caught instanceof Error);
  match(
    caught.message,
    /checkExercise: argument "id": expected one of the exercise ids \(one-neuron-gradient, /,
  );
  match(caught.message, /got the string "no-such-exercise"/);
});

Deno.test("the checker's cases vary in shape, and its reference backprop is lib's", () => {
  const depths = new Set(ARCHITECTURES.map((s) => s.length - 1));
  deepEqual([...depths].sort(), [1, 2, 3, 4]);
  ok(ARCHITECTURES.some((s) => s.slice(1).includes(1)), "a width of 1");
  ok(ARCHITECTURES.some((s) => s.length > 3 && s[1] === s[2]), "square hidden layers");
  for (let i = 0; i < ARCHITECTURES.length; i++) {
    const c = networkCase(i);
    const r = compareGradients(
      backprop(c.net, c.x, c.y),
      deltaRecursion(c.net, c.x, c.y, "quadratic"),
      {
        tolerance: 1e-13,
      },
    );
    ok(r.pass, `case ${i}: ${JSON.stringify(r.worst)}`);
  }
});
