/**
 * lib/symbolic.ts, the course's mathjs wrapper: the derivatives it builds, evaluated at random
 * points, equal what BP1–BP4 compute; its TeX is in the course's notation; bad input is refused
 * with an ArgumentError naming the argument.
 */

import {
  activationNode,
  ArgumentError,
  chainScope,
  costOf,
  createNetwork,
  createRng,
  deltaRecursion,
  MAX_SYMBOLIC_DEPTH,
  MAX_SYMBOLIC_RELU_LAYERS,
  type Network,
  networkFromParameters,
  neuronChainCost,
  oneNeuronCost,
  SYMBOLIC_ACTIVATIONS,
  type SymbolicActivationName,
  symbolicDerivative,
} from "../lib/mod.ts";
import { assertClose, equal, ok, throwsWith } from "./assert.ts";

function chain(
  acts: SymbolicActivationName | readonly SymbolicActivationName[],
  w: number[],
  b: number[],
): Network {
  return networkFromParameters({
    activations: acts,
    W: [null, ...w.map((v) => [[v]])],
    b: [null, ...b.map((v) => [v])],
  });
}

Deno.test("one neuron: ∂C/∂w and ∂C/∂b at random points equal deltaRecursion, every activation", () => {
  const rng = createRng(2024);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.uniform();
  for (const act of SYMBOLIC_ACTIVATIONS) {
    const C = oneNeuronCost(act);
    const dw = symbolicDerivative(C, "w"), db = symbolicDerivative(C, "b");
    for (let trial = 0; trial < 40; trial++) {
      const net = chain(act, [u(-2, 2)], [u(-2, 2)]);
      const x = [u(-2, 2)], y = [u(0, 1)];
      const scope = chainScope(C, net, x, y);
      const bp = deltaRecursion(net, x, y, "squaredError");
      assertClose(dw.evaluate(scope), bp.dW[1].data[0], 1e-13, `${act} ∂C/∂w`);
      assertClose(db.evaluate(scope), bp.db[1][0], 1e-13, `${act} ∂C/∂b`);
      assertClose(C.evaluate(scope), costOf(net, x, y, "squaredError"), 1e-15, `${act} C`);
    }
  }
});

Deno.test("chains of 1..5 neurons: every ∂C/∂w^l and ∂C/∂b^l equals deltaRecursion", () => {
  const rng = createRng(7);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.uniform();
  for (let L = 1; L <= 5; L++) {
    for (const act of ["sigmoid", "tanh", "relu"] as const) {
      const C = neuronChainCost(L, act);
      const derivs = [...C.weights.slice(1), ...C.biases.slice(1)].map((v) =>
        symbolicDerivative(C, v)
      );
      for (let trial = 0; trial < 8; trial++) {
        const w = Array.from({ length: L }, () => u(-2, 2));
        const b = Array.from({ length: L }, () => u(-1, 1));
        const net = chain(act, w, b);
        const x = [u(-1, 1)], y = [u(0, 1)];
        const scope = chainScope(C, net, x, y);
        const bp = deltaRecursion(net, x, y, "squaredError");
        for (const d of derivs) {
          const l = Number(d.variable.slice(1));
          const ours = d.variable[0] === "w" ? bp.dW[l].data[0] : bp.db[l][0];
          assertClose(d.evaluate(scope), ours, 1e-11, `${act}, L = ${L}, ∂C/∂${d.variable}`);
        }
      }
    }
  }
});

Deno.test("mixed activations per layer", () => {
  const acts = ["relu", "tanh", "sigmoid"] as const;
  const C = neuronChainCost(3, acts);
  const net = chain(acts, [1.5, -0.7, 2], [0.2, 0.1, -0.3]);
  const scope = chainScope(C, net, [0.9], [0.4]);
  const bp = deltaRecursion(net, [0.9], [0.4], "squaredError");
  assertClose(symbolicDerivative(C, "w1").evaluate(scope), bp.dW[1].data[0], 1e-13, "∂C/∂w¹");
  assertClose(symbolicDerivative(C, "b2").evaluate(scope), bp.db[2][0], 1e-13, "∂C/∂b²");
});

Deno.test("TeX: layer superscripts, e^x, and z^l, a^l named in the derivative", () => {
  const C = neuronChainCost(2, "tanh");
  ok(C.tex.includes("{w^{2}}") && C.tex.includes("{a^{0}}"), C.tex);
  const d = symbolicDerivative(C, "w1");
  equal(
    d.tex,
    String.raw`2\,{w^{2}}\,{a^{0}}\,{\mathrm{sech}\left({z^{1}}\right)}^{2}\,` +
      String.raw`{\mathrm{sech}\left({z^{2}}\right)}^{2}\,\left({a^{2}}-{y}\right)`,
  );
  ok(!d.texExpanded.includes("z^{"), "the expanded form has no z");
  const s = symbolicDerivative(oneNeuronCost("sigmoid"), "b");
  ok(s.tex.includes("{e^{-{z}}}") && s.tex.includes("{a^{1}}"), s.tex);
  ok(!/\\cdot[a-z]/.test(s.tex + s.texExpanded), "no \\cdot glued to a letter");
  const relu = symbolicDerivative(activationNode("relu", "z"), "z");
  equal(relu.tex, String.raw`\frac{\frac{\left|{z}\right|}{{z}}+1}{2}`);
});

Deno.test("expressions given as strings and nodes", () => {
  const d = symbolicDerivative("x^3 + 2 x", "x");
  equal(d.evaluate({ x: 2 }), 14);
  ok(d.tex.includes("{x}"), d.tex);
  const sig = symbolicDerivative(activationNode("sigmoid", "z"), "z");
  assertClose(sig.evaluate({ z: 0 }), 0.25, 1e-15, "σ′(0)");
});

Deno.test("ReLU's kink: 0/0 in mathjs's derivative is refused, with the point named", () => {
  const C = oneNeuronCost("relu");
  const dw = symbolicDerivative(C, "w");
  const e = throwsWith(
    () => dw.evaluate({ w: 1, b: -1, a0: 1, y: 0.5 }),
    'argument "scope"',
    "NaN at w = 1, b = -1, a0 = 1, y = 0.5",
    "kink",
  );
  ok(e instanceof ArgumentError);
  // Either side of the kink, however close, the one-sided slopes 1 and 0.
  equal(dw.evaluate({ w: 0, b: 1e-300, a0: 1, y: 0.5 }), 2 * (1e-300 - 0.5));
  equal(dw.evaluate({ w: 0, b: -1e-300, a0: 1, y: 0.5 }), 0);
});

Deno.test("bad input: an ArgumentError naming the argument, before any work", () => {
  const cases: [() => unknown, ...string[]][] = [
    [
      () => oneNeuronCost("softmax" as SymbolicActivationName),
      'oneNeuronCost: argument "activation"',
    ],
    [() => activationNode("bogus" as SymbolicActivationName, "z"), 'argument "name"'],
    [() => activationNode("relu", "z +"), 'activationNode: argument "z"'],
    [() => activationNode("relu", 3 as unknown as string), 'argument "z"'],
    [() => neuronChainCost(0, "relu"), 'neuronChainCost: argument "L"'],
    [() => neuronChainCost(1.5, "relu"), 'argument "L"'],
    [() => neuronChainCost(MAX_SYMBOLIC_DEPTH + 1, "relu"), 'argument "L"'],
    [() => neuronChainCost(2, ["relu"]), 'argument "activation"'],
    [
      () => neuronChainCost(MAX_SYMBOLIC_RELU_LAYERS + 1, "relu"),
      'argument "activation"',
      "ReLU layers",
    ],
    [
      () => neuronChainCost(2, ["relu", "softmax" as SymbolicActivationName]),
      'argument "activation[1]"',
    ],
    [
      () => symbolicDerivative(oneNeuronCost("tanh"), "x"),
      'symbolicDerivative: argument "variable"',
    ],
    [() => symbolicDerivative(42 as unknown as string, "x"), 'argument "expr"'],
    [() => symbolicDerivative("max(0, x)", "x"), 'argument "expr"'],
    [() => symbolicDerivative("(x", "x"), 'argument "expr"'],
    [() => oneNeuronCost("relu").evaluate({ w: 1, b: 0, a0: 1 }), 'argument "scope.y"'],
    [
      () => symbolicDerivative(oneNeuronCost("relu"), "w").evaluate({ w: NaN, b: 0, a0: 1, y: 0 }),
      'argument "scope.w"',
    ],
    [
      () => symbolicDerivative(oneNeuronCost("relu"), "w").evaluate(null as never),
      'argument "scope"',
    ],
  ];
  for (const [call, ...messages] of cases) {
    ok(throwsWith(call, ...messages) instanceof ArgumentError);
  }
});

Deno.test("chainScope refuses a network that is not the cost's chain", () => {
  const C = neuronChainCost(2, "sigmoid");
  const good = chain("sigmoid", [1, 2], [0, 0]);
  equal(
    JSON.stringify(chainScope(C, good, [0.5], [1])),
    '{"w1":1,"b1":0,"w2":2,"b2":0,"a0":0.5,"y":1}',
  );
  const wide = createNetwork({ sizes: [1, 2, 1], activations: "sigmoid", seed: 1 });
  throwsWith(
    () => chainScope(C, wide, [0.5], [1]),
    'chainScope: argument "net"',
    "sizes [1, 2, 1]",
  );
  throwsWith(() => chainScope(C, chain("sigmoid", [1], [0]), [0.5], [1]), 'argument "net"');
  throwsWith(
    () => chainScope(C, chain("tanh", [1, 2], [0, 0]), [0.5], [1]),
    'argument "net"',
    "tanh",
  );
  throwsWith(() => chainScope(C, good, [0.5, 1], [1]), 'argument "x"');
  throwsWith(() => chainScope(C, good, [0.5], [Infinity]), 'argument "y"');
  throwsWith(() => chainScope({} as never, good, [0.5], [1]), 'argument "cost"');
});
