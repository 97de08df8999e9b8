/**
 * One layer of one neuron: z¹ = w a⁰ + b, a¹ = σ(z¹), C = (a¹ − y)² (the unhalved quadratic
 * cost of the "Backpropagation Calculus" notes). The chain rule along the only path from w to C.
 * @module
 */

import { activation, cost, deltaRecursion } from "../../lib/mod.ts";
import { family } from "../families.ts";
import { costOfActivation, costWithParameters, derivative } from "../numeric.ts";
import { traceOf } from "../quantities.ts";
import type { Case, ChainSpec, Proof, SymbolicCheck } from "../types.ts";

const CHAINS: ChainSpec[] = [
  { activations: ["sigmoid"] },
  { activations: ["tanh"] },
  { activations: ["identity"] },
];

function parts(c: Case) {
  const t = traceOf(c);
  const w = c.net.W[1].data[0], b = c.net.b[1][0];
  const act = activation(c.net.activations[1]);
  const sigma = (z: number) => act.value(Float64Array.of(z))[0];
  return {
    w,
    b,
    x: c.x[0],
    y: c.y[0],
    z: t.z[1][0],
    a: t.a[1][0],
    sigma,
    sigmaPrime: act.derivative(t.z[1])[0],
    costOfW: (v: number) => costWithParameters(c, 1, { W: [v] }),
    costOfB: (v: number) => costWithParameters(c, 1, { b: [v] }),
    costOfA: (v: number) => costOfActivation(c, 1, [v]),
  };
}

const symbolic = (sides: SymbolicCheck["sides"]): SymbolicCheck => ({ chains: CHAINS, sides });

/**
 * The chain rule on the smallest network there is.
 *
 * @example
 * ```ts
 * import { checkProof } from "../check.ts";
 * import { ONE_NEURON } from "./one_neuron.ts";
 * if (!checkProof(ONE_NEURON, { trials: 2, symbolic: false }).holds) throw new Error("ONE_NEURON holds");
 * ```
 */
export const ONE_NEURON: Proof = {
  id: "one-neuron",
  title: "One neuron: the chain rule along a single path",
  statement: String.raw`\frac{\partial C}{\partial w} = 2\,(a^1 - y)\,\sigma'(z^1)\,a^0,
\qquad \frac{\partial C}{\partial b} = 2\,(a^1 - y)\,\sigma'(z^1)`,
  hypotheses: String.raw`one input and one neuron: $z^1 = w a^0 + b$, $a^1 = \sigma(z^1)$, ` +
    String.raw`$C = (a^1 - y)^2$; $\sigma$ differentiable at $z^1$`,
  family: family({
    sizes: [1, 1],
    output: ["sigmoid", "tanh", "relu", "identity"],
    costs: ["squaredError"],
    layer: "output",
    description: "one input, one neuron; sigmoid/tanh/relu/identity; C = (a¹ − y)²",
  }),
  statementCheck: {
    compare: "finiteDifference",
    check: (c) => {
      const p = parts(c);
      return {
        left: [derivative(p.costOfW, p.w), derivative(p.costOfB, p.b)],
        right: [2 * (p.a - p.y) * p.sigmaPrime * p.x, 2 * (p.a - p.y) * p.sigmaPrime],
      };
    },
    symbolic: symbolic((s) => ({
      left: [s.d(s.C, "w1"), s.d(s.C, "b1")],
      right: [
        `2 * (${s.a(1)} - y) * ${s.muPrime(1, s.z(1))} * x`,
        `2 * (${s.a(1)} - y) * ${s.muPrime(1, s.z(1))}`,
      ],
    })),
  },
  steps: [
    {
      id: "cost",
      latex: String.raw`C(w, b) = (a^1 - y)^2 = \left(\sigma(w a^0 + b) - y\right)^2`,
      justification: "definition: the forward pass z¹ = w a⁰ + b, a¹ = σ(z¹), then the cost",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return {
          left: cost("squaredError").value(traceOf(c).a[1], c.y),
          right: (p.sigma(p.w * p.x + p.b) - p.y) ** 2,
        };
      },
    },
    {
      id: "chain-rule-w",
      latex: String.raw`\frac{\partial C}{\partial w} = \frac{\partial C}{\partial a^1}\,
\frac{\partial a^1}{\partial z^1}\,\frac{\partial z^1}{\partial w}`,
      justification: "chain rule: w reaches C only through z¹ and then a¹ (one path)",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return {
          left: derivative(p.costOfW, p.w),
          right: derivative(p.costOfA, p.a) * derivative(p.sigma, p.z) *
            derivative((v) => v * p.x + p.b, p.w),
        };
      },
      symbolic: symbolic((s) => ({
        left: [s.d(s.C, "w1")],
        right: [
          `(${s.d("(A - y)^2", "A", s.a(1))}) * (${s.d(s.mu(1, "Z"), "Z", s.z(1))}) * (${
            s.d(s.z(1), "w1")
          })`,
        ],
      })),
    },
    {
      id: "cost-derivative",
      latex: String.raw`\frac{\partial C}{\partial a^1} = 2\,(a^1 - y)`,
      justification: "power rule on (a¹ − y)²",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return { left: derivative(p.costOfA, p.a), right: 2 * (p.a - p.y) };
      },
      symbolic: symbolic((s) => ({
        left: [s.d("(A - y)^2", "A", s.a(1))],
        right: [`2 * (${s.a(1)} - y)`],
      })),
    },
    {
      id: "activation-derivative",
      latex: String.raw`\frac{\partial a^1}{\partial z^1} = \sigma'(z^1)`,
      justification: "definition of σ′, since a¹ = σ(z¹)",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return { left: derivative(p.sigma, p.z), right: p.sigmaPrime };
      },
      symbolic: symbolic((s) => ({
        left: [s.d(s.mu(1, "Z"), "Z", s.z(1))],
        right: [s.muPrime(1, s.z(1))],
      })),
    },
    {
      id: "weighted-input-w",
      latex: String.raw`\frac{\partial z^1}{\partial w} = a^0`,
      justification: "linearity: z¹ = w a⁰ + b is linear in w with slope a⁰",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return { left: derivative((v) => v * p.x + p.b, p.w), right: p.x };
      },
      symbolic: symbolic((s) => ({ left: [s.d(s.z(1), "w1")], right: ["x"] })),
    },
    {
      id: "substitute-w",
      latex: String.raw`\frac{\partial C}{\partial w} = 2\,(a^1 - y)\,\sigma'(z^1)\,a^0`,
      justification: "substitution of the three factors above into the chain rule",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return {
          left: deltaRecursion(c.net, c.x, c.y, c.cost).dW[1].data[0],
          right: 2 * (p.a - p.y) * p.sigmaPrime * p.x,
        };
      },
      symbolic: symbolic((s) => ({
        left: [s.d(s.C, "w1")],
        right: [`2 * (${s.a(1)} - y) * ${s.muPrime(1, s.z(1))} * x`],
      })),
    },
    {
      id: "chain-rule-b",
      latex: String.raw`\frac{\partial C}{\partial b} = \frac{\partial C}{\partial a^1}\,
\frac{\partial a^1}{\partial z^1}\,\frac{\partial z^1}{\partial b}`,
      justification: "chain rule: b reaches C only through z¹ and then a¹",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return {
          left: derivative(p.costOfB, p.b),
          right: derivative(p.costOfA, p.a) * derivative(p.sigma, p.z) *
            derivative((v) => p.w * p.x + v, p.b),
        };
      },
      symbolic: symbolic((s) => ({
        left: [s.d(s.C, "b1")],
        right: [
          `(${s.d("(A - y)^2", "A", s.a(1))}) * (${s.d(s.mu(1, "Z"), "Z", s.z(1))}) * (${
            s.d(s.z(1), "b1")
          })`,
        ],
      })),
    },
    {
      id: "weighted-input-b",
      latex: String.raw`\frac{\partial z^1}{\partial b} = 1`,
      justification: "linearity: b enters z¹ = w a⁰ + b with coefficient 1",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return { left: derivative((v) => p.w * p.x + v, p.b), right: 1 };
      },
      symbolic: symbolic((s) => ({ left: [s.d(s.z(1), "b1")], right: ["1"] })),
    },
    {
      id: "substitute-b",
      latex: String.raw`\frac{\partial C}{\partial b} = 2\,(a^1 - y)\,\sigma'(z^1)`,
      justification: "substitution of the factors into the chain rule for b",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        return {
          left: deltaRecursion(c.net, c.x, c.y, c.cost).db[1][0],
          right: 2 * (p.a - p.y) * p.sigmaPrime,
        };
      },
      symbolic: symbolic((s) => ({
        left: [s.d(s.C, "b1")],
        right: [`2 * (${s.a(1)} - y) * ${s.muPrime(1, s.z(1))}`],
      })),
    },
  ],
};
