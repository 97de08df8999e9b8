/**
 * Symbolic checks of scalar chains with mathjs: a chain of L one-neuron layers is written out as
 * an expression in w1…wL, b1…bL, x and y; mathjs differentiates it, and `simplify` decides
 * whether left − right is 0 (with one extra rule, sech² = 1 − tanh², since mathjs differentiates
 * tanh into sech² and does not know the identity). Where simplify still cannot reduce it to 0,
 * the two sides are evaluated at random points instead, and the result says so.
 * @module
 */

import * as math from "mathjs";
import { createRng } from "../lib/mod.ts";
import type { ChainSpec, ChainSymbols, SymbolicResult } from "./types.ts";

type Mu = "sigmoid" | "tanh" | "identity";

function muOf(name: Mu, e: string): string {
  switch (name) {
    case "sigmoid":
      return `1 / (1 + exp(-(${e})))`;
    case "tanh":
      return `tanh(${e})`;
    case "identity":
      return `(${e})`;
  }
}

function muPrimeOf(name: Mu, e: string): string {
  switch (name) {
    case "sigmoid":
      return `(${muOf(name, e)}) * (1 - ${muOf(name, e)})`;
    case "tanh":
      return `(1 - tanh(${e})^2)`;
    case "identity":
      return "1";
  }
}

/**
 * The expressions of a chain of one-neuron layers (see {@link ChainSymbols}).
 *
 * @example
 * ```ts
 * import * as math from "mathjs";
 * import { chainSymbols } from "./symbolic.ts";
 * const s = chainSymbols({ activations: ["identity", "identity"] });
 * if (s.z(2) !== "w2 * (w1 * x + b1) + b2") throw new Error(s.z(2));
 * if (Number(math.evaluate(s.d("w1 * x", "w1"), { x: 3 })) !== 3) throw new Error("∂(w1 x)/∂w1 = x");
 * ```
 */
export function chainSymbols(spec: ChainSpec): ChainSymbols {
  const acts = spec.activations;
  const L = acts.length;
  const z = (l: number): string => `w${l} * ${l === 1 ? "x" : `(${a(l - 1)})`} + b${l}`;
  const a = (l: number): string => (l === 0 ? "x" : stripParens(muOf(acts[l - 1], z(l))));
  return {
    L,
    activations: acts,
    w: (l) => `w${l}`,
    b: (l) => `b${l}`,
    z,
    a: (l) => a(l),
    mu: (l, e) => muOf(acts[l - 1], e),
    muPrime: (l, e) => muPrimeOf(acts[l - 1], e),
    C: `(${a(L)} - y)^2`,
    d(expr: string, v: string, at?: string): string {
      const node = math.derivative(expr, v, { simplify: false });
      if (at === undefined) return node.toString();
      const replacement = math.parse(`(${at})`);
      return node.transform((n) =>
        (n as math.SymbolNode).isSymbolNode && (n as math.SymbolNode).name === v ? replacement : n
      ).toString();
    },
  };
}

function stripParens(e: string): string {
  // identity gives "(e)": keep it parenthesised only where it is used inside other expressions
  return e.startsWith("(") && e.endsWith(")") && balanced(e.slice(1, -1)) ? e.slice(1, -1) : e;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * The chain in words, e.g. "L = 2: sigmoid, tanh".
 *
 * @example
 * ```ts
 * import { describeChain } from "./symbolic.ts";
 * if (describeChain({ activations: ["sigmoid", "tanh"] }) !== "L = 2: sigmoid, tanh") throw new Error("words");
 * ```
 */
export function describeChain(spec: ChainSpec): string {
  return `L = ${spec.activations.length}: ${spec.activations.join(", ")}`;
}

const FALLBACK_POINTS = 25;
const TANH_RULE = { l: "sech(n)^2", r: "1 - tanh(n)^2" };
const FALLBACK_TOLERANCE = 1e-9;

/**
 * Whether left = right as expressions in w1…wL, b1…bL, x, y: simplify(left − right) = 0, or,
 * when simplify leaves something else, agreement at 25 random points (w, b, x in [−2, 2],
 * y in [0, 1]) to a relative 1e-9.
 *
 * @example
 * ```ts
 * import { symbolicIdentity } from "./symbolic.ts";
 * const spec = { activations: ["tanh" as const] };
 * const r = symbolicIdentity(spec, 0, "exp(log(x^2 + 1))", "x^2 + 1");
 * if (r.outcome !== "numeric fallback: holds") throw new Error(r.outcome); // simplify cannot decide
 * if (symbolicIdentity(spec, 0, "x + b1", "b1 + x").outcome !== "simplified to 0") throw new Error("x + b = b + x");
 * if (symbolicIdentity(spec, 0, "2 * x", "x").outcome !== "fails") throw new Error("2x ≠ x");
 * ```
 */
export function symbolicIdentity(
  spec: ChainSpec,
  index: number,
  left: string,
  right: string,
): SymbolicResult {
  // The same identity recurs (a proof's statement repeats its last steps): decide it once.
  const key = `${spec.activations.join()}|${left}|${right}`;
  const known = CACHE.get(key);
  if (known) return { ...known, index };
  const result = decide(spec, index, left, right);
  CACHE.set(key, result);
  return result;
}

const CACHE = new Map<string, SymbolicResult>();

function decide(spec: ChainSpec, index: number, left: string, right: string): SymbolicResult {
  const chain = describeChain(spec);
  let difference: math.MathNode;
  try {
    difference = math.simplify(`(${left}) - (${right})`);
  } catch (e) {
    return {
      chain,
      index,
      outcome: "fails",
      detail: `mathjs could not read the sides: ${(e as Error).message}`,
    };
  }
  if (difference.toString() === "0") return { chain, index, outcome: "simplified to 0" };
  // mathjs differentiates tanh into sech² and does not know sech² = 1 − tanh²: one more rule.
  try {
    const again = math.simplify(difference, [TANH_RULE, ...math.simplify.rules]);
    if (again.toString() === "0") {
      return {
        chain,
        index,
        outcome: "simplified to 0",
        detail: "with the rule sech² = 1 − tanh²",
      };
    }
  } catch {
    // fall through to the numeric comparison
  }
  const L = spec.activations.length;
  const rng = createRng(4242 + index);
  const l = math.compile(left), r = math.compile(right);
  for (let p = 0; p < FALLBACK_POINTS; p++) {
    const scope: Record<string, number> = { x: 4 * rng.uniform() - 2, y: rng.uniform() };
    for (let i = 1; i <= L; i++) {
      scope[`w${i}`] = 4 * rng.uniform() - 2;
      scope[`b${i}`] = 4 * rng.uniform() - 2;
    }
    const lv = Number(l.evaluate(scope)), rv = Number(r.evaluate(scope));
    const scale = Math.max(Math.abs(lv), Math.abs(rv), 1e-12);
    if (!(Math.abs(lv - rv) <= FALLBACK_TOLERANCE * scale)) {
      const point = Object.entries(scope).map(([k, v]) => `${k} = ${v.toPrecision(4)}`).join(", ");
      return {
        chain,
        index,
        outcome: "fails",
        detail: `at ${point}: left ${lv}, right ${rv}`,
      };
    }
  }
  return {
    chain,
    index,
    outcome: "numeric fallback: holds",
    detail: `simplify left ${
      truncate(difference.toString())
    }; the sides agree at ${FALLBACK_POINTS} random points`,
  };
}

function truncate(s: string, n = 120): string {
  return s.length <= n ? s : `${s.slice(0, n)}…`;
}
