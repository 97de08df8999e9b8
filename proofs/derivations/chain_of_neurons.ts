/**
 * L layers of one neuron each: z^l = w^l a^{l−1} + b^l, a^l = σ_l(z^l), C = (a^L − y)². There is
 * one path from w^l to C, so the chain rule gives a product with one factor per layer — and the
 * products for neighbouring layers share all but their first factors, which is the δ recursion.
 * @module
 */

import { activation, deltaRecursion } from "../../lib/mod.ts";
import { family } from "../families.ts";
import {
  costOfActivation,
  costOfWeightedInput,
  costWithParameters,
  derivative,
  forwardFrom,
} from "../numeric.ts";
import { traceOf } from "../quantities.ts";
import type { Case, ChainSpec, ChainSymbols, Proof, SymbolicCheck } from "../types.ts";

const CHAINS: ChainSpec[] = [
  { activations: ["sigmoid", "sigmoid"] },
  { activations: ["tanh", "identity"] },
  { activations: ["tanh", "tanh", "identity"] },
];

const symbolic = (sides: SymbolicCheck["sides"]): SymbolicCheck => ({ chains: CHAINS, sides });

function parts(c: Case) {
  const t = traceOf(c);
  const L = c.net.sizes.length - 1;
  const w = (l: number) => c.net.W[l].data[0];
  const sp = (l: number) => activation(c.net.activations[l]).derivative(t.z[l])[0];
  const sigma = (l: number) => (z: number) =>
    activation(c.net.activations[l]).value(Float64Array.of(z))[0];
  /** Π_{m=l+1}^{L} σ′(z^m) w^m */
  const tail = (l: number) => {
    let p = 1;
    for (let m = l + 1; m <= L; m++) p *= sp(m) * w(m);
    return p;
  };
  const layers = Array.from({ length: L }, (_, i) => i + 1);
  return {
    L,
    t,
    w,
    sp,
    sigma,
    tail,
    layers,
    aL: t.a[L][0],
    y: c.y[0],
    /** ∂a^m/∂a^{m−1} by a central difference of the forward pass from layer m − 1 */
    localByDifferences: (m: number) =>
      derivative((v) => forwardFrom(c.net, m - 1, [v]).a[1][0], t.a[m - 1][0]),
    costOfW: (l: number) => derivative((v) => costWithParameters(c, l, { W: [v] }), w(l)),
    costOfB: (l: number) => derivative((v) => costWithParameters(c, l, { b: [v] }), c.net.b[l][0]),
  };
}

/** ∂C/∂w^l as mathjs expressions, for every l, and the chain's formula for it. */
function formulaW(s: ChainSymbols, l: number, bias: boolean): string {
  const factors = [`2 * (${s.a(s.L)} - y)`];
  for (let m = l + 1; m <= s.L; m++) factors.push(`${s.muPrime(m, s.z(m))} * w${m}`);
  factors.push(s.muPrime(l, s.z(l)));
  if (!bias) factors.push(`(${s.a(l - 1)})`);
  return factors.join(" * ");
}

const all = (s: ChainSymbols) => Array.from({ length: s.L }, (_, i) => i + 1);

/**
 * The L-layer chain of one-neuron layers.
 *
 * @example
 * ```ts
 * import { checkProof } from "../check.ts";
 * import { CHAIN_OF_NEURONS } from "./chain_of_neurons.ts";
 * if (!checkProof(CHAIN_OF_NEURONS, { trials: 2, symbolic: false }).holds) throw new Error("CHAIN_OF_NEURONS holds");
 * ```
 */
export const CHAIN_OF_NEURONS: Proof = {
  id: "chain-of-neurons",
  title: "L layers of one neuron: one path, one product",
  statement: String.raw`\frac{\partial C}{\partial w^l} = 2\,(a^L - y)
\left(\prod_{m=l+1}^{L} \sigma'(z^m)\, w^m\right) \sigma'(z^l)\, a^{l-1},
\qquad \frac{\partial C}{\partial b^l} = 2\,(a^L - y)
\left(\prod_{m=l+1}^{L} \sigma'(z^m)\, w^m\right) \sigma'(z^l)`,
  hypotheses: String.raw`one neuron in every layer: $z^l = w^l a^{l-1} + b^l$, ` +
    String.raw`$a^l = \sigma_l(z^l)$ for $l = 1, \dots, L$, $C = (a^L - y)^2$; each $\sigma_l$ ` +
    "differentiable at z^l (checked for every l = 1..L at once)",
  family: family({
    depth: [2, 4],
    widths: [1, 1],
    hidden: ["sigmoid", "tanh", "relu", "identity"],
    output: ["sigmoid", "tanh", "relu", "identity"],
    costs: ["squaredError"],
    description: "2–4 layers of one neuron; sigmoid/tanh/relu/identity in each; C = (a^L − y)²",
  }),
  statementCheck: {
    compare: "finiteDifference",
    check: (c) => {
      const p = parts(c);
      const k = 2 * (p.aL - p.y);
      return {
        left: [...p.layers.map(p.costOfW), ...p.layers.map(p.costOfB)],
        right: [
          ...p.layers.map((l) => k * p.tail(l) * p.sp(l) * p.t.a[l - 1][0]),
          ...p.layers.map((l) => k * p.tail(l) * p.sp(l)),
        ],
      };
    },
    symbolic: symbolic((s) => ({
      left: [...all(s).map((l) => s.d(s.C, `w${l}`)), ...all(s).map((l) => s.d(s.C, `b${l}`))],
      right: [
        ...all(s).map((l) => formulaW(s, l, false)),
        ...all(s).map((l) => formulaW(s, l, true)),
      ],
    })),
  },
  steps: [
    {
      id: "local-factor",
      latex: String.raw`\frac{\partial a^m}{\partial a^{m-1}} = \frac{\partial a^m}{\partial z^m}\,
\frac{\partial z^m}{\partial a^{m-1}} = \sigma'(z^m)\, w^m \qquad (m = 1, \dots, L)`,
      justification: "chain rule through z^m = w^m a^{m−1} + b^m, which is linear in a^{m−1}",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return {
          left: p.layers.map(p.localByDifferences),
          right: p.layers.map((m) => p.sp(m) * p.w(m)),
        };
      },
      symbolic: symbolic((s) => ({
        left: all(s).map((m) => s.d(s.mu(m, `w${m} * A + b${m}`), "A", s.a(m - 1))),
        right: all(s).map((m) => `${s.muPrime(m, s.z(m))} * w${m}`),
      })),
    },
    {
      id: "chain-rule",
      latex: String.raw`\frac{\partial C}{\partial w^l} = \frac{\partial C}{\partial a^L}
\left(\prod_{m=l+1}^{L} \frac{\partial a^m}{\partial a^{m-1}}\right)
\frac{\partial a^l}{\partial z^l}\,\frac{\partial z^l}{\partial w^l}`,
      justification: "chain rule along the only path w^l → z^l → a^l → a^{l+1} → ⋯ → a^L → C",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        const dCda = derivative((v) => costOfActivation(c, p.L, [v]), p.aL);
        return {
          left: p.layers.map(p.costOfW),
          right: p.layers.map((l) => {
            let prod = dCda;
            for (let m = l + 1; m <= p.L; m++) prod *= p.localByDifferences(m);
            const dadz = derivative(p.sigma(l), p.t.z[l][0]);
            const dzdw = derivative((v) => v * p.t.a[l - 1][0] + c.net.b[l][0], p.w(l));
            return prod * dadz * dzdw;
          }),
        };
      },
      symbolic: symbolic((s) => ({
        left: all(s).map((l) => s.d(s.C, `w${l}`)),
        right: all(s).map((l) => {
          const f = [`(${s.d("(A - y)^2", "A", s.a(s.L))})`];
          for (let m = l + 1; m <= s.L; m++) {
            f.push(`(${s.d(s.mu(m, `w${m} * A + b${m}`), "A", s.a(m - 1))})`);
          }
          f.push(`(${s.d(s.mu(l, "Z"), "Z", s.z(l))})`, `(${s.d(s.z(l), `w${l}`)})`);
          return f.join(" * ");
        }),
      })),
    },
    {
      id: "cost-derivative",
      latex: String.raw`\frac{\partial C}{\partial a^L} = 2\,(a^L - y)`,
      justification: "power rule on (a^L − y)²",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        return {
          left: derivative((v) => costOfActivation(c, p.L, [v]), p.aL),
          right: 2 * (p.aL - p.y),
        };
      },
    },
    {
      id: "substitute",
      latex: String.raw`\frac{\partial C}{\partial w^l} = 2\,(a^L - y)
\left(\prod_{m=l+1}^{L} \sigma'(z^m)\, w^m\right) \sigma'(z^l)\, a^{l-1}`,
      justification: "substitution of the local factors; ∂a^l/∂z^l = σ′(z^l), ∂z^l/∂w^l = a^{l−1}",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        const g = deltaRecursion(c.net, c.x, c.y, c.cost);
        return {
          left: p.layers.map((l) => g.dW[l].data[0]),
          right: p.layers.map((l) => 2 * (p.aL - p.y) * p.tail(l) * p.sp(l) * p.t.a[l - 1][0]),
        };
      },
      symbolic: symbolic((s) => ({
        left: all(s).map((l) => s.d(s.C, `w${l}`)),
        right: all(s).map((l) => formulaW(s, l, false)),
      })),
    },
    {
      id: "bias",
      latex: String.raw`\frac{\partial C}{\partial b^l} = 2\,(a^L - y)
\left(\prod_{m=l+1}^{L} \sigma'(z^m)\, w^m\right) \sigma'(z^l)`,
      justification: "the same path, with ∂z^l/∂b^l = 1 in place of ∂z^l/∂w^l = a^{l−1}",
      compare: "exact",
      check: (c) => {
        const p = parts(c);
        const g = deltaRecursion(c.net, c.x, c.y, c.cost);
        return {
          left: p.layers.map((l) => g.db[l][0]),
          right: p.layers.map((l) => 2 * (p.aL - p.y) * p.tail(l) * p.sp(l)),
        };
      },
      symbolic: symbolic((s) => ({
        left: all(s).map((l) => s.d(s.C, `b${l}`)),
        right: all(s).map((l) => formulaW(s, l, true)),
      })),
    },
    {
      id: "shared-tail",
      latex: String.raw`\delta^L = 2\,(a^L - y)\,\sigma'(z^L), \qquad
\delta^l = \sigma'(z^l)\, w^{l+1}\, \delta^{l+1}, \qquad \text{where } \delta^l = \frac{\partial C}{\partial z^l}`,
      justification:
        "the product for layer l is the product for layer l + 1 times σ′(z^l) w^{l+1}: " +
        "remembering it gives the δ recursion",
      compare: "finiteDifference",
      check: (c) => {
        const p = parts(c);
        const rec = new Array<number>(p.L + 1);
        rec[p.L] = 2 * (p.aL - p.y) * p.sp(p.L);
        for (let l = p.L - 1; l >= 1; l--) rec[l] = p.sp(l) * p.w(l + 1) * rec[l + 1];
        return {
          left: p.layers.map((l) => derivative((v) => costOfWeightedInput(c, l, [v]), p.t.z[l][0])),
          right: p.layers.map((l) => rec[l]),
        };
      },
    },
  ],
};
