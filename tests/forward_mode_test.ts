/**
 * forwardMode, the dual-number oracle: exact on hand-written cases (including saturation at |z| in
 * the hundreds and ReLU's kink), equal to deltaRecursion to 1e-12 relative on random
 * architectures with large |z|, exact kinks, hidden softmax layers and every cost/output pair the
 * library accepts, and refusing what it cannot do before doing any work.
 */

import fc from "fast-check";
import {
  ACTIVATION_NAMES,
  type ActivationName,
  COST_NAMES,
  costOf,
  createNetwork,
  DEFAULT_FORWARD_MODE_BUDGET,
  deltaRecursion,
  forward,
  forwardMode,
  type Gradients,
  type Network,
  networkFromParameters,
  parameterCount,
  zeroGradients,
} from "../lib/mod.ts";
import { assertClose, deepEqual, equal, ok, throwsWith } from "./assert.ts";

const one = (activations: ActivationName, w: number, b: number) =>
  networkFromParameters({ activations, W: [null, [[w]]], b: [null, [b]] });

// --- small exact cases --------------------------------------------------------------------

Deno.test("a 1-1 network: the gradient written down by hand, exactly", () => {
  // a = z = 2·3 + 1 = 7, y = 4: C = ½(a − y)² = 4.5, ∂C/∂b = a − y = 3, ∂C/∂w = (a − y)·x = 9.
  const quadratic = forwardMode(one("identity", 2, 1), [3], [4], "quadratic");
  deepEqual([quadratic.dW[1].data[0], quadratic.db[1][0], quadratic.C], [9, 3, 4.5]);
  equal(quadratic.passes, 2);
  // The unhalved cost doubles both.
  const squared = forwardMode(one("identity", 2, 1), [3], [4], "squaredError");
  deepEqual([squared.dW[1].data[0], squared.db[1][0], squared.C], [18, 6, 9]);
  // ReLU with z = 7 > 0 is the identity there.
  const relu = forwardMode(one("relu", 2, 1), [3], [4], "quadratic");
  deepEqual([relu.dW[1].data[0], relu.db[1][0]], [9, 3]);
  // Sigmoid at z = 0.5·2 − 1 = 0: a = ½, σ′ = ¼, y = 1: ∂C/∂b = (½ − 1)·¼ = −⅛, ∂C/∂w = −¼.
  const sigmoid = forwardMode(one("sigmoid", 0.5, -1), [2], [1], "quadratic");
  deepEqual([sigmoid.dW[1].data[0], sigmoid.db[1][0], sigmoid.C], [-0.25, -0.125, 0.125]);
});

Deno.test("ReLU′(0) = 0: on the kink the tangent stops (the library's convention)", () => {
  // w = b = 0 puts z = 0 exactly: a = 0, C = ½·4² = 8, and every derivative through the neuron
  // is 0 (with ReLU′(0) = 1 they would be −4·3 = −12 and −4).
  const r = forwardMode(one("relu", 0, 0), [3], [4], "quadratic");
  deepEqual([r.dW[1].data[0], r.db[1][0], r.C], [0, 0, 8]);
  // Just off the kink the right-hand slope 1 applies.
  const right = forwardMode(one("relu", 0, 1e-300), [3], [4], "quadratic");
  deepEqual([right.dW[1].data[0], right.db[1][0]], [-12, -4]);
  // A kinked hidden neuron blocks every path through it: 2-2-1, neuron 0 has zero weights.
  const net = networkFromParameters({
    activations: ["relu", "identity"],
    W: [null, [[0, 0], [1, 1]], [[5, 1]]],
    b: [null, [0, 0], [0]],
  });
  const g = forwardMode(net, [1, 2], [0], "quadratic"); // a¹ = (0, 3), a² = 3
  deepEqual([...g.dW[1].data, ...g.db[1]], [0, 0, 3, 6, 0, 3]);
  deepEqual([...g.dW[2].data, ...g.db[2]], [0, 9, 3]);
});

Deno.test("the log costs, from z: sigmoid and softmax outputs at z = 0", () => {
  // Sigmoid, crossEntropy, y = 1: C = log 2, ∂C/∂z = −σ(−z) = −½; x = 2.
  const ce = forwardMode(one("sigmoid", 0, 0), [2], [1], "crossEntropy");
  deepEqual([ce.dW[1].data[0], ce.db[1][0], ce.C], [-1, -0.5, Math.LN2]);
  // Binary cross-entropy, y = ¼: ∂C/∂z = a − y = ¼, C = ¼ log 2 + ¾ log 2.
  const bce = forwardMode(one("sigmoid", 0, 0), [2], [0.25], "binaryCrossEntropy");
  deepEqual([bce.dW[1].data[0], bce.db[1][0]], [0.5, 0.25]);
  assertClose(bce.C, Math.LN2, 1e-15, "C");
  // Softmax of z = (0, 0), y = (1, 0): a = (½, ½), ∂C/∂z = a − y = (−½, ½), x = 3.
  const net = networkFromParameters({
    activations: "softmax",
    W: [null, [[0], [0]]],
    b: [null, [0, 0]],
  });
  const sm = forwardMode(net, [3], [1, 0], "crossEntropy");
  deepEqual([...sm.dW[1].data, ...sm.db[1], sm.C], [-1.5, 1.5, -0.5, 0.5, Math.LN2]);
});

Deno.test("log costs at extreme logits: the true cost and gradient, to rounding", () => {
  // A sigmoid output at z = −800 with y = 1: C = softplus(800) = 800, ∂C/∂z = −σ(800) = −1.
  const s = forwardMode(one("sigmoid", -800, 0), [1], [1], "crossEntropy");
  deepEqual([s.dW[1].data[0], s.db[1][0], s.C], [-1, -1, 800]);
  const b = forwardMode(one("sigmoid", 800, 0), [1], [0], "binaryCrossEntropy");
  deepEqual([b.dW[1].data[0], b.db[1][0], b.C], [1, 1, 800]);
  // Confidently right: y = 1 at z = 40, ∂C/∂z = −σ(−40) = −e^{−40}/(1 + e^{−40}), not 0.
  const right = forwardMode(one("sigmoid", 40, 0), [1], [1], "binaryCrossEntropy");
  assertClose(right.db[1][0], -Math.exp(-40) / (1 + Math.exp(-40)), 1e-15, "∂C/∂b", 1e-300);
  // Softmax outputs at logit gaps of 700, 800, 1e4 with the wrong class: C = gap, δ = (1, −1).
  for (const gap of [700, 800, 1e4]) {
    const net = networkFromParameters({
      activations: "softmax",
      W: [null, [[gap], [0]]],
      b: [null, [0, 0]],
    });
    const g = forwardMode(net, [1], [0, 1], "crossEntropy");
    deepEqual([...g.dW[1].data, ...g.db[1], g.C], [1, -1, 1, -1, gap], `gap ${gap}`);
    // And confidently right: δ = (−e^{−gap}, e^{−gap}) for gap 700 (tiny, not 0).
    const r = forwardMode(net, [1], [1, 0], "crossEntropy");
    if (gap === 700) {
      assertClose(r.db[1][1], Math.exp(-700), 1e-14, "δ₁", 1e-320);
      assertClose(r.db[1][0], -Math.exp(-700), 1e-14, "δ₀", 1e-320);
    }
  }
});

/** The exact values of the saturated derivatives, by formulas other than the library's. */
const sech2 = (t: number) => (2 / (Math.exp(t) + Math.exp(-t))) ** 2; // tanh′ = 1/cosh²
const sigmoidSlope = (t: number) => (1 / (Math.exp(t / 2) + Math.exp(-t / 2))) ** 2; // ¼ sech²(t/2)

Deno.test("σ′, tanh′ and a hidden softmax's Jacobian keep full relative accuracy at |z| in the hundreds", () => {
  for (const s of [0.5, 10, 19.5, 40, 100, 300, -300]) {
    // 1-1-1: a¹ = σ(s), a² = a¹ (identity), y = 0: ∂C/∂b¹ = a¹ σ′(s).
    for (const [act, slope] of [["tanh", sech2], ["sigmoid", sigmoidSlope]] as const) {
      const net = networkFromParameters({
        activations: [act, "identity"],
        W: [null, [[s]], [[1]]],
        b: [null, [0], [0]],
      });
      const g = forwardMode(net, [1], [0], "quadratic");
      const a1 = act === "tanh" ? Math.tanh(s) : 1 / (1 + Math.exp(-s));
      assertClose(g.db[1][0], a1 * slope(s), 1e-14, `${act}, z = ${s}`, 1e-320);
      ok(g.db[1][0] !== 0, `${act}′(${s}) is not 0`);
    }
    // 1-2-1 with a hidden softmax at z = (s, 0) and output weights (3, 1), y = 0:
    // ∂C/∂b¹₀ = a² (3 − 1) a¹₀ a¹₁, and a¹₀ a¹₁ = σ(s) σ(−s) = σ′(s).
    const net = networkFromParameters({
      activations: ["softmax", "identity"],
      W: [null, [[s], [0]], [[3, 1]]],
      b: [null, [0, 0], [0]],
    });
    const g = forwardMode(net, [1], [0], "quadratic");
    const a2 = 3 / (1 + Math.exp(-s)) + 1 / (1 + Math.exp(s));
    assertClose(g.db[1][0], a2 * 2 * sigmoidSlope(s), 1e-14, `softmax, z = (${s}, 0)`, 1e-320);
    assertClose(g.db[1][1], -a2 * 2 * sigmoidSlope(s), 1e-14, `softmax, z = (${s}, 0)`, 1e-320);
  }
});

// --- agreement with deltaRecursion over random architectures ------------------------------

/** Every (cost, output activation) pair the library accepts, found by asking costOf. */
function acceptedPairs(): [string, ActivationName][] {
  const pairs: [string, ActivationName][] = [];
  for (const c of COST_NAMES) {
    for (const act of ACTIVATION_NAMES) {
      const net = createNetwork({ sizes: [1, 2], activations: act, seed: 0 });
      try {
        costOf(net, [0.5], [0.5, 0.5], c);
        pairs.push([c, act]);
      } catch {
        // refused: not a pair to test
      }
    }
  }
  return pairs;
}
const PAIRS = acceptedPairs();

Deno.test("the library accepts 13 cost/output pairs, and forwardMode exactly those", () => {
  const names = PAIRS.map(([c, a]) => `${c}/${a}`).sort();
  const expected = [
    ...ACTIVATION_NAMES.flatMap((a) => [`quadratic/${a}`, `squaredError/${a}`]),
    "crossEntropy/sigmoid",
    "crossEntropy/softmax",
    "binaryCrossEntropy/sigmoid",
  ].sort();
  deepEqual(names, expected);
  for (const c of COST_NAMES) {
    for (const act of ACTIVATION_NAMES) {
      const net = createNetwork({ sizes: [1, 2], activations: act, seed: 0 });
      const accepted = names.includes(`${c}/${act}`);
      if (accepted) forwardMode(net, [0.5], [0.5, 0.5], c);
      else throwsWith(() => forwardMode(net, [0.5], [0.5, 0.5], c), "forwardMode:", "cost");
    }
  }
});

interface Case {
  net: Network;
  x: number[];
  y: number[];
  cost: string;
  label: string;
}

const TARGET_KINDS = ["oneHot", "probabilities", "free"] as const;

/**
 * Depth 1–4, widths 1–6, any hidden activations, an accepted output/cost pair; weights and
 * biases N(0, 1) times a scale of up to 1000 (so |z| reaches the hundreds), and in half of the
 * networks some neurons with all-zero weights and bias (z = 0 exactly: a ReLU kink).
 */
const caseArbitrary: fc.Arbitrary<Case> = fc
  .integer({ min: 1, max: 4 })
  .chain((L) =>
    fc.record({
      sizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: L + 1, maxLength: L + 1 }),
      hidden: fc.array(fc.constantFrom(...ACTIVATION_NAMES), {
        minLength: L - 1,
        maxLength: L - 1,
      }),
      pair: fc.constantFrom(...PAIRS),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      scale: fc.constantFrom(1, 1, 3, 30, 100, 300, 1000),
      zeroRows: fc.option(fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }), {
        freq: 2,
      }),
      x: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }),
      u: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
      kind: fc.constantFrom(...TARGET_KINDS),
      hot: fc.nat(),
    })
  )
  .map(({ sizes, hidden, pair: [cost, output], seed, scale, zeroRows, x, u, kind, hot }) => {
    const L = sizes.length - 1;
    const net = createNetwork({ sizes, activations: [...hidden, output], seed });
    for (let l = 1; l <= L; l++) {
      net.W[l].data.forEach((w, i) => net.W[l].data[i] = w * scale);
      net.b[l].forEach((b, j) => net.b[l][j] = b * scale);
      // Every hidden layer keeps one live neuron, so that not every gradient is 0.
      for (let j = 0; j < sizes[l] && zeroRows; j++) {
        if (l < L && j === 0) continue;
        if (zeroRows[(l * 6 + j) % 24]) {
          net.W[l].data.fill(0, j * sizes[l - 1], (j + 1) * sizes[l - 1]);
          net.b[l][j] = 0;
        }
      }
    }
    const n = sizes[L];
    let y = Array.from({ length: n }, (_, i) => u[i]);
    if (kind === "oneHot") y = y.map((_, i) => (i === hot % n ? 1 : 0));
    else if (kind === "probabilities") {
      const s = y.reduce((p, q) => p + q, 0);
      y = s > 0 ? y.map((v) => v / s) : y.map((_, i) => (i === 0 ? 1 : 0));
    } else if (cost === "quadratic" || cost === "squaredError") y = y.map((v) => 3 * v - 1);
    else if (cost === "crossEntropy") y = y.map((v) => 2 * v); // any y ≥ 0, Σy ≠ 1
    return {
      net,
      x: x.slice(0, sizes[0]),
      y,
      cost,
      label: `${sizes.join("-")} [${net.activations.slice(1).join(", ")}] ${cost} ` +
        `seed ${seed} × ${scale}${zeroRows ? " with zero rows" : ""}, y ${kind}`,
    };
  });

// How close is close. Both methods add up the same products of local derivatives (one per path
// from the parameter to the cost, as in chapter 3), grouped differently: their rounding errors
// are a few u (u = 1.1e-16) times Σ_paths |product|, the entry's *term scale* T, computed below by
// backpropagating absolute values. Where an entry is much smaller than T its terms cancel and its
// trailing digits are noise in both (softmax outputs with quadratic costs do this: Jᵀ1 = 0). So an
// entry is compared relative to max(|a|, |b|, FLOOR_OF_TERMS · T): 1e-12 relative where it is at
// least 1 % of its terms, 1e-14 of T below that. A block-relative floor is not enough: with zero
// weights into a softmax output and a constant target, a whole block is cancellation noise. And
// below 1e-290 (within 1e18 of the subnormal range, 2.2e-308) products may have passed through
// subnormal numbers, which have lost their relative precision: there the comparison is absolute.
const TOLERANCE = 1e-12;
const FLOOR_OF_TERMS = 0.01;
const UNDERFLOW_FLOOR = 1e-290;

/** σ′(t) ≥ 0 of an elementwise activation, in forms without cancellation; ReLU′(0) = 0. */
function slope(name: ActivationName, t: number): number {
  const e = Math.exp(-Math.abs(t)), e2 = Math.exp(-2 * Math.abs(t));
  if (name === "sigmoid") return e / ((1 + e) * (1 + e));
  if (name === "tanh") return (4 * e2) / ((1 + e2) * (1 + e2));
  return name === "relu" ? (t > 0 ? 1 : 0) : 1;
}

/** |∂a/∂z|ᵀ g for g ≥ 0: σ′ ⊙ g, or Σ_i |J_ij| g_i for softmax (1 − a_j as Σ_{k≠j} a_k). */
function absThrough(name: ActivationName, z: Float64Array, a: Float64Array, g: Float64Array) {
  if (name !== "softmax") return g.map((v, j) => slope(name, z[j]) * v);
  return g.map((_, j) => {
    let s = 0;
    for (let i = 0; i < g.length; i++) if (i !== j) s += a[i] * (g[i] + g[j]);
    return a[j] * s;
  });
}

/** The term scale of ∂C/∂z^L: the sum of the absolute terms of each method's formula. */
function outputTerms(c: Case, z: Float64Array, a: Float64Array): Float64Array {
  const out = c.net.activations[c.net.sizes.length - 1], y = c.y, n = y.length;
  const sig = (t: number) => 1 / (1 + Math.exp(-t));
  if (c.cost === "crossEntropy" && out === "softmax") {
    // a_k Σ_{j≠k} y_j + y_k Σ_{j≠k} a_j (δ = a Σy − y without cancellation)
    const others = (v: ArrayLike<number>, k: number) => {
      let s = 0;
      for (let j = 0; j < n; j++) if (j !== k) s += Math.abs(v[j]);
      return s;
    };
    return a.map((ak, k) => ak * others(y, k) + Math.abs(y[k]) * others(a, k));
  }
  if (c.cost === "crossEntropy") return z.map((t, k) => y[k] * sig(-t));
  if (c.cost === "binaryCrossEntropy") return z.map((t, k) => y[k] * sig(-t) + (1 - y[k]) * sig(t));
  const twice = c.cost === "squaredError" ? 2 : 1;
  return absThrough(out, z, a, a.map((ak, k) => twice * Math.abs(ak - y[k])));
}

/** Every entry's term scale T = Σ over its paths of |product|, by BP on absolute values. */
function termScales(c: Case): Gradients {
  const { z, a } = forward(c.net, c.x);
  const L = c.net.sizes.length - 1;
  const T = zeroGradients(c.net);
  let m = outputTerms(c, z[L], a[L]);
  for (let l = L; l >= 1; l--) {
    if (l < L) {
      const W = c.net.W[l + 1], back = new Float64Array(W.cols);
      for (let i = 0; i < W.rows; i++) {
        for (let j = 0; j < W.cols; j++) back[j] += Math.abs(W.data[i * W.cols + j]) * m[i];
      }
      m = absThrough(c.net.activations[l], z[l], a[l], back);
    }
    T.db[l] = m;
    const cols = c.net.sizes[l - 1];
    T.dW[l].data.forEach((_, i) =>
      T.dW[l].data[i] = m[Math.floor(i / cols)] * Math.abs(a[l - 1][i % cols])
    );
  }
  return T;
}

interface Worst {
  error: number;
  where: string;
  a: number;
  b: number;
  T: number;
}

/** The largest relative error over every entry, each with its floor from its term scale. */
function worstError(g: Gradients, ref: Gradients, T: Gradients): Worst {
  let worst: Worst = { error: 0, where: "", a: 0, b: 0, T: 0 };
  for (let l = 1; l < ref.dW.length; l++) {
    const blocks: [string, Float64Array, Float64Array, Float64Array][] = [
      ["dW", g.dW[l].data, ref.dW[l].data, T.dW[l].data],
      ["db", g.db[l], ref.db[l], T.db[l]],
    ];
    for (const [name, u, v, t] of blocks) {
      for (let i = 0; i < v.length; i++) {
        const floor = Math.max(FLOOR_OF_TERMS * t[i], UNDERFLOW_FLOOR);
        const e = u[i] === v[i]
          ? 0
          : Math.abs(u[i] - v[i]) / Math.max(Math.abs(u[i]), Math.abs(v[i]), floor);
        if (!(e <= worst.error)) {
          worst = { error: e, where: `${name}[${l}][${i}]`, a: u[i], b: v[i], T: t[i] };
        }
      }
    }
  }
  return worst;
}

Deno.test("forwardMode = deltaRecursion to 1e-12 on 1,200 random architectures (large |z|, kinks, hidden softmax)", () => {
  let runs = 0, saturated = 0, kinked = 0, hiddenSoftmax = 0, saturatedSoftmax = 0;
  let worst: Worst & { label?: string } = { error: 0, where: "", a: 0, b: 0, T: 0 };
  const perPair = new Map<string, number>();
  fc.assert(
    fc.property(caseArbitrary, (c) => {
      const f = forwardMode(c.net, c.x, c.y, c.cost);
      const d = deltaRecursion(c.net, c.x, c.y, c.cost);
      const w = worstError(f, d, termScales(c));
      ok(w.error <= TOLERANCE, `${c.label}: ${JSON.stringify(w)}`);
      if (w.error >= worst.error) worst = { ...w, label: c.label };
      // The value part is the cost.
      assertClose(f.C, costOf(c.net, c.x, c.y, c.cost), TOLERANCE, `C on ${c.label}`, 1e-300);
      // What the case covers.
      runs++;
      const { z } = forward(c.net, c.x);
      const L = c.net.sizes.length - 1;
      const maxZ = (l: number) => Math.max(...z[l].map(Math.abs));
      if (z.slice(1).some((_, i) => maxZ(i + 1) >= 100)) saturated++;
      const acts = c.net.activations;
      if (z.some((zl, l) => acts[l] === "relu" && zl.some((v) => v === 0))) kinked++;
      for (let l = 1; l < L; l++) {
        if (acts[l] !== "softmax") continue;
        hiddenSoftmax++;
        if (maxZ(l) >= 100 && c.net.sizes[l] > 1) saturatedSoftmax++;
        break;
      }
      const key = `${c.cost}/${acts[L]}`;
      perPair.set(key, (perPair.get(key) ?? 0) + 1);
    }),
    { numRuns: 1200, seed: 20261211 },
  );
  console.log(
    `forwardMode vs deltaRecursion: ${runs} cases, worst relative error ${worst.error} ` +
      `(${worst.where} on ${worst.label}); |z| ≥ 100 in ${saturated}, an exact ReLU kink in ` +
      `${kinked}, a hidden softmax in ${hiddenSoftmax} (saturated in ${saturatedSoftmax})`,
  );
  // The cases cover what they claim to.
  ok(saturated >= runs / 3, `|z| ≥ 100 in only ${saturated} of ${runs} cases`);
  ok(kinked >= 100, `an exact ReLU kink in only ${kinked} cases`);
  ok(
    hiddenSoftmax >= 150 && saturatedSoftmax >= 30,
    `hidden softmax ${hiddenSoftmax}/${saturatedSoftmax}`,
  );
  for (const [c, a] of PAIRS) {
    ok((perPair.get(`${c}/${a}`) ?? 0) >= 40, `${c} on ${a}: ${perPair.get(`${c}/${a}`)} cases`);
  }
});

// --- what it refuses ---------------------------------------------------------------------

Deno.test("above its budget forwardMode refuses, naming itself, the option and the count", () => {
  const net = createNetwork({ sizes: [3, 4, 2], activations: "tanh", seed: 1 }); // 16 + 10 = 26
  equal(parameterCount(net.sizes), 26);
  throwsWith(
    () => forwardMode(net, [1, 2, 3], [0, 1], "quadratic", { budget: 25 }),
    'forwardMode: argument "net"',
    "at most 25 weights and biases (options.budget)",
    "which has 26",
  );
  equal(forwardMode(net, [1, 2, 3], [0, 1], "quadratic", { budget: 26 }).passes, 26);
  // The default lets Nielsen's 784-30-10 network through and refuses a 784-100-10 one.
  ok(parameterCount([784, 30, 10]) <= DEFAULT_FORWARD_MODE_BUDGET);
  const big = createNetwork({ sizes: [784, 100, 10], activations: "sigmoid", seed: 0 });
  throwsWith(
    () => forwardMode(big, new Array(784).fill(0), new Array(10).fill(0), "quadratic"),
    "forwardMode:",
    `at most ${DEFAULT_FORWARD_MODE_BUDGET}`,
    "which has 79510",
  );
});

Deno.test("bad arguments are refused by forwardMode, naming the argument, nothing changed", () => {
  const net = createNetwork({ sizes: [2, 2], activations: "sigmoid", seed: 2 });
  const before = JSON.stringify([net.W.map((m) => [...m.data]), net.b.map((v) => [...v])]);
  const call = (opts: unknown, cost = "quadratic", x: unknown = [1, 2]) => () =>
    forwardMode(net, x as number[], [0, 1], cost, opts as { budget?: number });
  for (const budget of [0, -1, NaN, Infinity, "5"]) {
    throwsWith(call({ budget }), 'forwardMode: argument "options.budget"');
  }
  throwsWith(call({ budgt: 10 }), 'forwardMode: argument "options"', '"budgt"');
  throwsWith(call(null), 'forwardMode: argument "options"');
  throwsWith(call({}, "cross-entropy"), 'forwardMode: argument "cost"');
  throwsWith(call({}, "quadratic", [1]), 'forwardMode: argument "x"');
  throwsWith(call({}, "quadratic", [1, NaN]), 'forwardMode: argument "x"');
  const relu = createNetwork({ sizes: [2, 2], activations: "relu", seed: 2 });
  throwsWith(
    () => forwardMode(relu, [1, 2], [0, 1], "crossEntropy"),
    'forwardMode: argument "cost"',
  );
  forwardMode(net, [1, 2], [0, 1], "quadratic");
  equal(JSON.stringify([net.W.map((m) => [...m.data]), net.b.map((v) => [...v])]), before);
});

Deno.test("an overflow is refused, naming forwardMode and where, never returned as Infinity", () => {
  // z¹ = 1e200 · 1e200 overflows float64 in layer 1.
  throwsWith(
    () => forwardMode(one("identity", 1e200, 0), [1e200], [0], "quadratic"),
    'forwardMode: argument "net"',
    "z^1[0] = Infinity",
    "layer 1",
  );
  // Finite values, an infinite derivative: z¹ = 1e-307 · 1e307 ≈ 1, a² = 10, C = 50, but
  // ∂C/∂w¹ = (a² − y) · w² · x = 10 · 10 · 1e307 overflows.
  const net = networkFromParameters({
    activations: "identity",
    W: [null, [[1e-307]], [[10]]],
    b: [null, [0], [0]],
  });
  throwsWith(
    () => forwardMode(net, [1e307], [0], "quadratic"),
    'forwardMode: argument "net"',
    "∂C/∂(W[1] entry (0, 0)) = Infinity",
  );
});

Deno.test("forwardMode shares no code with backpropagation", async () => {
  // Its rules are its own: no δ recursion, no σ′ or Jacobian from activations.ts, no ∇_a C
  // from costs.ts; only checks, shapes and types are imported.
  const source = await Deno.readTextFile(new URL("../lib/forward_mode.ts", import.meta.url));
  const imports = [...source.matchAll(/^import (type )?\{[^}]*\} from "(.*)";$/gm)];
  const modules = imports.filter((m) => m[1] === undefined).map((m) => m[2]).sort();
  deepEqual(modules, ["./errors.ts", "./forward.ts", "./gradients.ts", "./network.ts"]);
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const calls = code.match(
    /\b(deltaRecursion|throughActivation|forwardUnchecked|activation|cost)\s*\(|\.(derivative|jacobian|gradient)\w*\s*\(/g,
  );
  equal(calls, null, "no call into backpropagation's pieces");
});
