/**
 * Symbolic derivatives of scalar chains, with mathjs. A chain of L one-neuron layers
 *
 *   z^l = w^l a^{l−1} + b^l,   a^l = μ(z^l)   (l = 1..L),   C = (a^L − y)²
 *
 * is written out as ONE expression in the input a⁰, the target y and the parameters, and mathjs
 * differentiates it by its own rules, knowing nothing of backpropagation: an oracle for the
 * chain rule. The cost is the unhalved one of the "Backpropagation Calculus" notes (lib's
 * `squaredError`). Derivatives come back as a function of the point and as TeX, the TeX written
 * with the names z^l and a^l put back where the written-out sub-expressions occur, so that the
 * product of the chain rule shows.
 *
 * Symbol names in expressions: `w`, `b` (one neuron) or `w1`, `b1`, `w2`, … (a chain), `a0` for
 * the input, `y` for the target; in TeX a trailing number is a layer superscript (`w2` → w²).
 * @module
 */

import { derivative, type MathNode, parse, simplify, SymbolNode } from "mathjs";
import { ArgumentError, assertInteger, describe } from "./errors.ts";
import { assertNetwork, type Network } from "./network.ts";

/** The activations a chain can be written with (softmax of one neuron is the constant 1). */
export type SymbolicActivationName = "sigmoid" | "tanh" | "relu" | "identity";

/**
 * The activations {@link activationNode} knows, in a fixed order.
 *
 * @example
 * ```ts
 * import { SYMBOLIC_ACTIVATIONS } from "./symbolic.ts";
 * if (SYMBOLIC_ACTIVATIONS.join() !== "sigmoid,tanh,relu,identity") throw new Error("four");
 * ```
 */
export const SYMBOLIC_ACTIVATIONS: readonly SymbolicActivationName[] = [
  "sigmoid",
  "tanh",
  "relu",
  "identity",
];

// mathjs has no ReLU and cannot differentiate max(0, z) or a conditional; (z + |z|)/2 is ReLU
// written with a function it can differentiate (d|z|/dz = |z|/z, which is 0/0 at the kink).
const TEMPLATES: Record<SymbolicActivationName, string> = {
  sigmoid: "1 / (1 + exp(-z))",
  tanh: "tanh(z)",
  relu: "(z + abs(z)) / 2",
  identity: "z",
};

/** A point: a number for every variable of an expression (extra entries are ignored). */
export type SymbolicScope = Readonly<Record<string, number>>;

function checkActivation(fn: string, argument: string, name: unknown): SymbolicActivationName {
  if (typeof name !== "string" || !SYMBOLIC_ACTIVATIONS.includes(name as SymbolicActivationName)) {
    throw new ArgumentError(
      fn,
      argument,
      `one of ${SYMBOLIC_ACTIVATIONS.join(", ")}`,
      describe(name),
    );
  }
  return name as SymbolicActivationName;
}

function isNode(value: unknown): value is MathNode {
  return typeof value === "object" && value !== null &&
    (value as { isNode?: unknown }).isNode === true;
}

function toNode(fn: string, argument: string, value: unknown): MathNode {
  if (isNode(value)) return value;
  if (typeof value === "string") {
    try {
      return parse(value);
    } catch (e) {
      throw new ArgumentError(
        fn,
        argument,
        "a mathjs expression",
        `${describe(value)}, which mathjs cannot parse (${(e as Error).message})`,
      );
    }
  }
  throw new ArgumentError(fn, argument, "a mathjs node or an expression string", describe(value));
}

/** Replaces every symbol named in `bindings` by (a copy of) its node. */
function substitute(template: string, bindings: Record<string, MathNode>): MathNode {
  return parse(template).transform((node) =>
    node instanceof SymbolNode && node.name in bindings ? bindings[node.name].cloneDeep() : node
  );
}

/** The variables of an expression: its symbols, not counting function names like `exp`. */
function variablesOf(node: MathNode): string[] {
  const names = new Set<string>();
  node.traverse((n, path, parent) => {
    if (!(n instanceof SymbolNode)) return;
    if (parent !== null && parent.type === "FunctionNode" && path === "fn") return;
    names.add(n.name);
  });
  return [...names];
}

/**
 * μ(z) as a mathjs expression: sigmoid as 1/(1 + exp(−z)), tanh as tanh(z), ReLU as
 * (z + abs(z))/2, identity as z. `z` is a node or an expression string.
 *
 * @example
 * ```ts
 * import { activationNode, symbolicDerivative } from "./symbolic.ts";
 * const relu = activationNode("relu", "z");
 * if (relu.evaluate({ z: -3 }) !== 0 || relu.evaluate({ z: 2 }) !== 2) throw new Error("max(0, z)");
 * const slope = symbolicDerivative(relu, "z"); // (|z|/z + 1)/2
 * if (slope.evaluate({ z: 2 }) !== 1 || slope.evaluate({ z: -2 }) !== 0) throw new Error("ReLU′");
 * ```
 */
export function activationNode(name: SymbolicActivationName, z: MathNode | string): MathNode {
  const fn = "activationNode";
  const act = checkActivation(fn, "name", name);
  return substitute(TEMPLATES[act], { z: toNode(fn, "z", z) });
}

/** The cost of a chain of one-neuron layers, written out as one expression. */
export interface ChainCost {
  /** The number of layers (each one neuron). */
  readonly L: number;
  /** activations[l] is μ of layer l; activations[0] is "identity" and unused, as in a Network. */
  readonly activations: readonly SymbolicActivationName[];
  /** C = (a^L − y)² in a0, y and the parameters, with every a^l and z^l written out. */
  readonly node: MathNode;
  /** weights[l] is the symbol of w^l (`w` for one neuron, `w1`, `w2`, … in a chain); [0] is "". */
  readonly weights: readonly string[];
  /** biases[l] is the symbol of b^l; [0] is "". */
  readonly biases: readonly string[];
  /** z[l] is z^l = w^l a^{l−1} + b^l written out; z[0] is null. */
  readonly z: readonly (MathNode | null)[];
  /** a[l] is a^l = μ(z^l) written out; a[0] is the input's symbol `a0`. */
  readonly a: readonly MathNode[];
  /** The names z[l] and a[l] stand for in TeX: `z` and `a1` for one neuron, `z1`, `a1`, … else. */
  readonly names: { readonly z: readonly string[]; readonly a: readonly string[] };
  /** Every symbol of C: the weights, the biases, `a0` and `y`. */
  readonly variables: readonly string[];
  /** C as TeX, written out (built when first read). */
  readonly tex: string;
  /** C at a point (throws unless every variable is a finite number). */
  evaluate(scope: SymbolicScope): number;
}

function buildChain(
  L: number,
  activations: SymbolicActivationName[],
  names: { w: string[]; b: string[]; z: string[]; a: string[] },
): ChainCost {
  const zs: (MathNode | null)[] = [null];
  const as: MathNode[] = [new SymbolNode("a0")];
  for (let l = 1; l <= L; l++) {
    const z = substitute("w * a + b", {
      w: new SymbolNode(names.w[l]),
      a: as[l - 1],
      b: new SymbolNode(names.b[l]),
    });
    zs.push(z);
    as.push(activationNode(activations[l], z));
  }
  const node = substitute("(a - y)^2", { a: as[L], y: new SymbolNode("y") });
  const variables = [...names.w.slice(1), ...names.b.slice(1), "a0", "y"];
  const compiled = node.compile();
  const fn = L === 1 && names.w[1] === "w" ? "oneNeuronCost" : "neuronChainCost";
  let tex: string | undefined;
  return {
    L,
    activations: ["identity", ...activations.slice(1)],
    node,
    weights: names.w,
    biases: names.b,
    z: zs,
    a: as,
    names: { z: names.z, a: names.a },
    variables,
    get tex() {
      return tex ??= toTex(node);
    },
    evaluate: (scope) => evaluateAt(`${fn}(…).evaluate`, compiled, variables, scope, false),
  };
}

/**
 * C(w, b) = (μ(w a⁰ + b) − y)² for one neuron a¹ = μ(z), z = w a⁰ + b, in the symbols `w`, `b`,
 * `a0`, `y` (TeX names: z, a¹).
 *
 * @example
 * ```ts
 * import { oneNeuronCost } from "./symbolic.ts";
 * const C = oneNeuronCost("sigmoid");
 * if (C.evaluate({ w: 2, b: -1, a0: 0.5, y: 1 }) !== 0.25) throw new Error("(σ(0) − 1)² = ¼");
 * if (C.variables.join() !== "w,b,a0,y") throw new Error("the variables");
 * ```
 */
export function oneNeuronCost(activation: SymbolicActivationName): ChainCost {
  const act = checkActivation("oneNeuronCost", "activation", activation);
  return buildChain(1, ["identity", act], {
    w: ["", "w"],
    b: ["", "b"],
    z: ["", "z"],
    a: ["a0", "a1"],
  });
}

/**
 * The deepest chain {@link neuronChainCost} writes out: the written-out derivative holds a copy of
 * the nested a^{m−1} inside each factor μ′(z^m), so it grows as L².
 *
 * @example
 * ```ts
 * import { MAX_SYMBOLIC_DEPTH, neuronChainCost } from "./symbolic.ts";
 * neuronChainCost(MAX_SYMBOLIC_DEPTH, "tanh"); // fine; one more layer is refused
 * ```
 */
export const MAX_SYMBOLIC_DEPTH = 12;

/**
 * The most ReLU layers a chain may have: ReLU is written (z + |z|)/2, with z twice, so each ReLU
 * layer doubles the size of the written-out expression.
 *
 * @example
 * ```ts
 * import { MAX_SYMBOLIC_RELU_LAYERS, neuronChainCost } from "./symbolic.ts";
 * const C = neuronChainCost(MAX_SYMBOLIC_RELU_LAYERS, "relu");
 * if (C.node.toString().split("a0").length - 1 !== 2 ** MAX_SYMBOLIC_RELU_LAYERS) {
 *   throw new Error("a⁰ is written 2^L times");
 * }
 * ```
 */
export const MAX_SYMBOLIC_RELU_LAYERS = 8;

/**
 * C = (a^L − y)² for a chain of L one-neuron layers, a^l = μ(w^l a^{l−1} + b^l), in the symbols
 * `w1`…`wL`, `b1`…`bL`, `a0`, `y`. One activation for every layer, or a list of L of them.
 *
 * @example
 * ```ts
 * import { neuronChainCost } from "./symbolic.ts";
 * const C = neuronChainCost(2, "identity"); // a² = w²(w¹a⁰ + b¹) + b²
 * if (C.evaluate({ w1: 2, b1: 1, w2: 3, b2: 0, a0: 1, y: 8 }) !== 1) throw new Error("(9 − 8)²");
 * if (C.weights[2] !== "w2" || C.names.z[2] !== "z2") throw new Error("layer 2's symbols");
 * ```
 */
export function neuronChainCost(
  L: number,
  activation: SymbolicActivationName | readonly SymbolicActivationName[],
): ChainCost {
  const fn = "neuronChainCost";
  assertInteger(fn, "L", L, 1);
  if (L > MAX_SYMBOLIC_DEPTH) {
    throw new ArgumentError(
      fn,
      "L",
      `at most ${MAX_SYMBOLIC_DEPTH} layers (the derivatives grow as L²; use deltaRecursion)`,
      describe(L),
    );
  }
  let acts: SymbolicActivationName[];
  if (typeof activation === "string") {
    acts = Array(L).fill(checkActivation(fn, "activation", activation));
  } else if (Array.isArray(activation)) {
    if (activation.length !== L) {
      throw new ArgumentError(
        fn,
        "activation",
        `one name, or ${L} names (one per layer 1..${L})`,
        `${activation.length} names`,
      );
    }
    acts = activation.map((a, i) => checkActivation(fn, `activation[${i}]`, a));
  } else {
    throw new ArgumentError(
      fn,
      "activation",
      `an activation name or ${L} of them`,
      describe(activation),
    );
  }
  const reluLayers = acts.filter((a) => a === "relu").length;
  if (reluLayers > MAX_SYMBOLIC_RELU_LAYERS) {
    throw new ArgumentError(
      fn,
      "activation",
      `at most ${MAX_SYMBOLIC_RELU_LAYERS} ReLU layers (each doubles the written-out expression)`,
      `${reluLayers} ReLU layers`,
    );
  }
  const layers = Array.from({ length: L }, (_, i) => i + 1);
  return buildChain(L, ["identity", ...acts], {
    w: ["", ...layers.map((l) => `w${l}`)],
    b: ["", ...layers.map((l) => `b${l}`)],
    z: ["", ...layers.map((l) => `z${l}`)],
    a: ["a0", ...layers.map((l) => `a${l}`)],
  });
}

/** ∂C/∂v as mathjs computes it. */
export interface SymbolicDerivative {
  /** The variable v differentiated against. */
  readonly variable: string;
  /** ∂C/∂v in the original symbols only, as mathjs's rules produce it (not simplified). */
  readonly node: MathNode;
  /** The symbols a point must give a value to (those of the differentiated expression). */
  readonly variables: readonly string[];
  /**
   * TeX of ∂C/∂v simplified by mathjs; for a {@link ChainCost} written with z^l and a^l in place
   * of the sub-expressions they name, which shows the chain rule's product.
   */
  readonly tex: string;
  /** TeX of mathjs's simplified ∂C/∂v in the original symbols only (long for a deep chain). */
  readonly texExpanded: string;
  /** ∂C/∂v at a point; throws where the value is not finite (e.g. 0/0 at a ReLU kink). */
  evaluate(scope: SymbolicScope): number;
}

/**
 * ∂C/∂v by mathjs's symbolic differentiation of a {@link ChainCost}, a mathjs node or an
 * expression string. The node is built at once; the TeX (which runs mathjs's `simplify`) only
 * when read.
 *
 * @example
 * ```ts
 * import { symbolicDerivative, oneNeuronCost } from "./symbolic.ts";
 * const dCdb = symbolicDerivative(oneNeuronCost("tanh"), "b");
 * // 2(a¹ − y) tanh′(z): at z = 0, tanh′ = 1 and a¹ = 0.
 * if (dCdb.evaluate({ w: 1, b: 0, a0: 0, y: 0.5 }) !== -1) throw new Error("2(0 − ½)·1");
 * if (!dCdb.tex.includes(String.raw`\mathrm{sech}`)) throw new Error("tanh′ = sech²");
 * ```
 */
export function symbolicDerivative(
  expr: ChainCost | MathNode | string,
  variable: string,
): SymbolicDerivative {
  const fn = "symbolicDerivative";
  const chain = isChainCost(expr) ? expr : null;
  const node = chain ? chain.node : toNode(fn, "expr", expr);
  const variables = chain ? [...chain.variables] : variablesOf(node);
  if (typeof variable !== "string" || !variables.includes(variable)) {
    throw new ArgumentError(
      fn,
      "variable",
      `one of the expression's variables (${variables.join(", ")})`,
      describe(variable),
    );
  }
  let raw: MathNode;
  try {
    raw = derivative(node, variable, { simplify: false });
  } catch (e) {
    throw new ArgumentError(
      fn,
      "expr",
      "an expression mathjs can differentiate",
      `${node.toString()} (${(e as Error).message})`,
    );
  }
  const compiled = raw.compile();
  const hasKinks = chain ? chain.activations.includes("relu") : node.toString().includes("abs(");
  let tex: string | undefined, texExpanded: string | undefined;
  return {
    variable,
    node: raw,
    variables,
    get tex() {
      if (tex === undefined) {
        tex = chain ? toTex(simplify(abbreviate(raw, chain))) : shorterTex(raw);
      }
      return tex;
    },
    get texExpanded() {
      return texExpanded ??= toTex(simplify(raw));
    },
    evaluate: (scope) =>
      evaluateAt(`${fn}(…, "${variable}").evaluate`, compiled, variables, scope, hasKinks),
  };
}

function isChainCost(value: unknown): value is ChainCost {
  return typeof value === "object" && value !== null && !isNode(value) &&
    isNode((value as ChainCost).node) && Array.isArray((value as ChainCost).z) &&
    Array.isArray((value as ChainCost).variables);
}

/** Names a^l and z^l wherever their written-out sub-expressions occur, deepest layer first. */
function abbreviate(node: MathNode, chain: ChainCost): MathNode {
  return node.transform((n) => {
    for (let l = chain.L; l >= 1; l--) {
      if (n.equals(chain.a[l])) return new SymbolNode(chain.names.a[l]);
      const z = chain.z[l];
      if (z !== null && n.equals(z)) return new SymbolNode(chain.names.z[l]);
    }
    return n;
  });
}

function shorterTex(raw: MathNode): string {
  const simple = simplify(raw);
  return toTex(simple.toString().length <= raw.toString().length ? simple : raw);
}

/**
 * TeX with the course's notation: a symbol ending in digits gets them as a superscript (`w2` →
 * w^{2}, `a0` → a^{0}); exp(x) is written e^{x}; products are written side by side.
 */
function toTex(node: MathNode): string {
  const options = {
    parenthesis: "auto",
    handler: (n: MathNode, opts: object): string | undefined => {
      if (n instanceof SymbolNode) {
        const m = /^([A-Za-z]+)(\d+)$/.exec(n.name);
        return m ? `{${m[1]}^{${m[2]}}}` : `{${n.name}}`;
      }
      if (n.type === "FunctionNode") {
        const f = n as unknown as { fn: { name?: string }; args: MathNode[] };
        if (f.fn.name === "exp" && f.args.length === 1) return `{e^{${f.args[0].toTex(opts)}}}`;
      }
      return undefined;
    },
  };
  // Products by juxtaposition with a thin space, as printed math does; "·" only before a digit.
  return node.toTex(options).replace(/\\cdot(?![0-9])/g, "\\,");
}

function evaluateAt(
  fn: string,
  compiled: { evaluate(scope?: object): unknown },
  variables: readonly string[],
  scope: SymbolicScope,
  hasKinks: boolean,
): number {
  if (typeof scope !== "object" || scope === null || Array.isArray(scope)) {
    throw new ArgumentError(
      fn,
      "scope",
      `an object giving ${variables.join(", ")}`,
      describe(scope),
    );
  }
  const values: Record<string, number> = {};
  for (const v of variables) {
    const value = (scope as Record<string, unknown>)[v];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new ArgumentError(fn, `scope.${v}`, "a finite number", describe(value));
    }
    values[v] = value;
  }
  const result = compiled.evaluate(values);
  if (typeof result !== "number" || !Number.isFinite(result)) {
    const at = variables.map((v) => `${v} = ${values[v]}`).join(", ");
    throw new ArgumentError(
      fn,
      "scope",
      "a point where the expression has a finite value",
      `${typeof result === "number" ? result : describe(result)} at ${at}${
        hasKinks ? " (0/0: some ReLU input z is exactly 0, a kink with no derivative)" : ""
      }`,
    );
  }
  return result;
}

/**
 * The point of a {@link ChainCost} that a network of one-neuron layers describes: w^l and b^l
 * from W[l] (1×1) and b[l], a⁰ = x[0], y = y[0]. The network must be a chain of cost.L layers
 * with the same activations.
 *
 * @example
 * ```ts
 * import { chainScope, networkFromParameters, neuronChainCost, symbolicDerivative } from "./mod.ts";
 * import { deltaRecursion } from "./mod.ts";
 * const net = networkFromParameters({
 *   activations: "tanh",
 *   W: [null, [[0.5]], [[-1.2]]],
 *   b: [null, [0.1], [0.3]],
 * });
 * const C = neuronChainCost(2, "tanh");
 * const scope = chainScope(C, net, [0.7], [0.2]); // { w1: 0.5, w2: -1.2, b1: 0.1, b2: 0.3, a0: 0.7, y: 0.2 }
 * const bp = deltaRecursion(net, [0.7], [0.2], "squaredError");
 * const sym = symbolicDerivative(C, "w1").evaluate(scope);
 * if (Math.abs(sym - bp.dW[1].data[0]) > 1e-15) throw new Error("mathjs = BP1–BP4");
 * ```
 */
export function chainScope(
  cost: ChainCost,
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): Record<string, number> {
  const fn = "chainScope";
  if (!isChainCost(cost)) {
    throw new ArgumentError(
      fn,
      "cost",
      "a ChainCost (from oneNeuronCost or neuronChainCost)",
      describe(cost),
    );
  }
  assertNetwork(fn, net);
  const L = net.sizes.length - 1;
  if (L !== cost.L || net.sizes.some((n) => n !== 1)) {
    throw new ArgumentError(
      fn,
      "net",
      `a chain of ${cost.L} one-neuron layers (sizes [${Array(cost.L + 1).fill(1).join(", ")}])`,
      `sizes [${net.sizes.join(", ")}]`,
    );
  }
  for (let l = 1; l <= L; l++) {
    if (net.activations[l] !== cost.activations[l]) {
      throw new ArgumentError(
        fn,
        "net",
        `activation ${cost.activations[l]} in layer ${l}, as the cost`,
        `${net.activations[l]}`,
      );
    }
  }
  const one = (argument: string, v: unknown): number => {
    const list = v as ArrayLike<unknown>;
    const ok = (Array.isArray(v) || ArrayBuffer.isView(v)) && list.length === 1 &&
      typeof list[0] === "number" && Number.isFinite(list[0]);
    if (!ok) throw new ArgumentError(fn, argument, "one finite number in an array", describe(v));
    return list[0] as number;
  };
  const scope: Record<string, number> = {};
  for (let l = 1; l <= L; l++) {
    scope[cost.weights[l]] = net.W[l].data[0];
    scope[cost.biases[l]] = net.b[l][0];
  }
  scope.a0 = one("x", x);
  scope.y = one("y", y);
  return scope;
}
