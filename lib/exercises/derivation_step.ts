/**
 * The derivation step of the matrix-form chapter: an expression the reader writes for ∂C/∂z,
 * evaluated at random points against mathjs's own derivative.
 * @module
 */

import { derivative, parse } from "mathjs";
import { sigmoid } from "./references.ts";
import { seeded } from "./spec.ts";

const BP1_COST = "(1/2) * (1 / (1 + exp(-z)) - y)^2";
const BP1_NAMES = new Set(["z", "y", "a", "sigma", "exp", "e"]);
const BP1_MISTAKES: { expression: string; hint: string }[] = [
  {
    expression: "sigma(z) - y",
    hint: "that is ∂C/∂a; the step goes on to multiply by ∂a/∂z = σ′(z).",
  },
  {
    expression: "2 * (sigma(z) - y) * sigma(z) * (1 - sigma(z))",
    hint: "a factor 2 too many: the cost is ½(a − y)², whose derivative in a is a − y.",
  },
  {
    expression: "(sigma(z) - y) * sigma(z)",
    hint: "∂a/∂z is σ′(z) = σ(z)(1 − σ(z)), not σ(z).",
  },
];

export function checkBp1Step(answer: string): { pass: boolean; message: string } {
  if (answer.trim() === "" || /TODO/.test(answer)) {
    return { pass: false, message: 'Not started: replace "TODO" with your expression for ∂C/∂z.' };
  }
  let node;
  try {
    node = parse(answer);
  } catch (e) {
    return { pass: false, message: `mathjs cannot read "${answer}": ${(e as Error).message}.` };
  }
  const unknown = new Set<string>();
  node.traverse((n) => {
    const s = n as unknown as { isSymbolNode?: boolean; name?: string };
    if (s.isSymbolNode && s.name !== undefined && !BP1_NAMES.has(s.name)) unknown.add(s.name);
  });
  if (unknown.size > 0) {
    return {
      pass: false,
      message: `"${answer}" uses ${[...unknown].join(", ")}: write it with z, y, a (= σ(z)), ` +
        "sigma(…) and exp(…) only.",
    };
  }
  const truth = derivative(parse(BP1_COST), "z").compile();
  const mine = node.compile();
  const mistakes = BP1_MISTAKES.map((m) => ({ ...m, code: parse(m.expression).compile() }));
  const { between } = seeded(42);
  const scopeAt = (z: number, y: number) => ({ z, y, a: sigmoid(z), sigma: sigmoid });
  const points = Array.from({ length: 16 }, () => [between(-4, 4), between(0, 1)]);
  const close = (p: number, q: number) =>
    Number.isFinite(p) && Math.abs(p - q) <= 1e-9 * Math.max(Math.abs(p), Math.abs(q), 1e-12);
  for (const [z, y] of points) {
    let got: unknown;
    try {
      got = mine.evaluate(scopeAt(z, y));
    } catch (e) {
      return {
        pass: false,
        message: `mathjs cannot evaluate "${answer}": ${(e as Error).message}.`,
      };
    }
    const want = truth.evaluate(scopeAt(z, y)) as number;
    if (typeof got !== "number") {
      return { pass: false, message: `"${answer}" does not evaluate to a number at z = ${z}.` };
    }
    if (!close(got, want)) {
      const known = mistakes.find((m) => close(got as number, m.code.evaluate(scopeAt(z, y))));
      return {
        pass: false,
        message: `At z = ${z.toFixed(4)}, y = ${y.toFixed(4)} your expression gives ${got}; ` +
          `∂C/∂z is ${want} (mathjs's own derivative of C = ½(σ(z) − y)²).` +
          (known ? `\n\nHint: ${known.hint}` : ""),
      };
    }
  }
  return {
    pass: true,
    message: `"${answer}" equals mathjs's derivative of C = ½(σ(z) − y)² at ${points.length} ` +
      "random points (z in [−4, 4], y in [0, 1]) to 1e-9.",
  };
}
