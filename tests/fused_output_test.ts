// The fused output layers (softmax or sigmoid with a log cost, computed from z^L) against a
// 60-digit truth from mathjs BigNumbers, at logit gaps far past where a^L rounds to 0 or 1; every
// gradient method and every training engine at those gaps; and the saturation accuracy of every
// activation's derivative.

import { all, type BigNumber, create } from "mathjs";
import {
  activation,
  ArgumentError,
  batchGradient,
  cloneNetwork,
  costOf,
  deltaFiniteDifference,
  deltaRecursion,
  finiteDifference,
  fromColumns,
  type Gradients,
  KERNEL_NAMES,
  memoisedPathSum,
  type Network,
  networkFromParameters,
  outputLayer,
  pathSum,
  setKernels,
  sgd,
  sigmaPrime,
  softmax,
  softmaxJacobian,
} from "../lib/mod.ts";
import { softmaxBackAt } from "../lib/activations.ts";
import { assertClose, equal, ok as assert, throwsWith } from "./assert.ts";
import { createRng } from "../lib/rng.ts";

const M = create(all, { number: "BigNumber", precision: 60 });
/**
 * The float64 v as a BigNumber, exactly: m · 2^e with an integer m. (M.bignumber(v) would read the
 * shortest decimal that rounds to v, off by up to half an ulp — at |z| = 700 that alone moves
 * tanh′(z) by about 1e-14 relative.)
 */
function big(v: number): BigNumber {
  if (v === 0 || !Number.isFinite(v)) return M.bignumber(v);
  let m = v, e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  return M.multiply(M.bignumber(m), M.pow(M.bignumber(2), M.bignumber(e))) as BigNumber;
}
const num = (v: BigNumber) => Number(v.toString());

/**
 * log(1 + x) to 60 digits for x ≥ 0. (mathjs's own log1p of a BigNumber loses tiny x, and
 * log(1 + x) at 60 digits keeps nothing of an x below 1e-60: e^{−800} is 1e-348.) Below 1e-3 the
 * series x − x²/2 + x³/3 − … reaches 60 digits in 20 terms.
 */
function log1pBig(x: BigNumber): BigNumber {
  if (M.larger(x, M.bignumber(1e-3))) {
    return M.log(M.add(M.bignumber(1), x) as BigNumber) as BigNumber;
  }
  let sum = M.bignumber(0), power = x;
  for (let k = 1; k <= 24; k++) {
    const term = M.divide(power, M.bignumber(k)) as BigNumber;
    sum = (k % 2 === 1 ? M.add(sum, term) : M.subtract(sum, term)) as BigNumber;
    power = M.multiply(power, x) as BigNumber;
  }
  return sum;
}

/**
 * −log softmax(z)_i = (max − z_i) + log(1 + Σ_{k≠top} e^{z_k − max}), and softmax itself, to 60
 * digits. (The sum of e^{z_k} as written would need thousands of digits to keep e^{−6000} next
 * to 1; this identity is exact.)
 */
function softmaxTruth(
  z: number[],
): { minusLogA: number[]; a: BigNumber[]; top: number; oneMinusTop: BigNumber } {
  const top = z.indexOf(Math.max(...z));
  const max = big(z[top]);
  const e = z.map((v) => M.exp(M.subtract(big(v), max) as BigNumber) as BigNumber);
  let rest = M.bignumber(0);
  e.forEach((v, k) => {
    if (k !== top) rest = M.add(rest, v) as BigNumber;
  });
  const s = M.add(M.bignumber(1), rest) as BigNumber;
  const logS = log1pBig(rest);
  return {
    minusLogA: z.map((v) => num(M.add(M.subtract(max, big(v)), logS) as BigNumber)),
    a: e.map((v) => M.divide(v, s) as BigNumber),
    top,
    oneMinusTop: M.divide(rest, s) as BigNumber,
  };
}

/** σ(t) to 60 digits. */
function sigmoidTruth(t: number): BigNumber {
  return M.divide(big(1), M.add(big(1), M.exp(big(-t))) as BigNumber) as BigNumber;
}

/** softplus(t) = log(1 + e^t) = max(t, 0) + log(1 + e^{−|t|}), to 60 digits. */
function softplusTruth(t: number): number {
  const tail = log1pBig(M.exp(big(-Math.abs(t))) as BigNumber);
  return num(M.add(big(Math.max(t, 0)), tail) as BigNumber);
}

/** Relative error against a truth, with 0 = 0 exact. */
function rel(got: number, truth: number): number {
  return got === truth ? 0 : Math.abs(got - truth) / Math.abs(truth);
}

function outputNet(activations: "softmax" | "sigmoid", z: number[]): Network {
  // x = [1], W = z as a column, b = 0: z^1 = z exactly.
  return networkFromParameters({
    activations,
    W: [null, z.map((v) => [v])],
    b: [null, z.map(() => 0)],
  });
}

const GAPS = [700, 800, 1e4];

Deno.test("softmax + cross-entropy at logit gaps 700, 800, 1e4: C = the gap, δ = (1, −1)", () => {
  for (const gap of GAPS) {
    // Confidently wrong: the network puts all its mass on class 0, the answer is class 1.
    const net = outputNet("softmax", [gap, 0]);
    equal(costOf(net, [1], [0, 1], "crossEntropy"), gap, `C at gap ${gap}`);
    const d = deltaRecursion(net, [1], [0, 1], "crossEntropy");
    equal(Array.from(d.delta[1]).join(), "1,-1", `δ at gap ${gap}`);
    // Through a: what the clamp at 1e-300 used to give instead (690.78 and 0).
    assert(!(costOf(net, [1], [0, 1], "crossEntropy") < 700), "no clamp below the gap");
  }
});

Deno.test("sigmoid with cross-entropy and binary cross-entropy at z = ±800: C = 800, δ = ∓1", () => {
  for (const cost of ["crossEntropy", "binaryCrossEntropy"]) {
    const net = outputNet("sigmoid", [-800]);
    equal(costOf(net, [1], [1], cost), 800, `${cost}: −log σ(−800)`);
    equal(deltaRecursion(net, [1], [1], cost).delta[1][0], -1, `${cost}: δ = −σ(800)`);
  }
  const net = outputNet("sigmoid", [800]);
  equal(costOf(net, [1], [0], "binaryCrossEntropy"), 800, "−log(1 − σ(800))");
  equal(deltaRecursion(net, [1], [0], "binaryCrossEntropy").delta[1][0], 1, "δ = σ(800) − 0");
  // −Σ y log a ignores outputs whose target is 0: no push at all on a wrong yes.
  equal(costOf(net, [1], [0], "crossEntropy"), 0, "cross-entropy sees nothing at y = 0");
  equal(deltaRecursion(net, [1], [0], "crossEntropy").delta[1][0], 0, "and gives δ = 0");
});

/** Every method's gradient on (net, x, y, cost). */
function everyMethod(net: Network, x: number[], y: number[], cost: string): [string, Gradients][] {
  return [
    ["deltaRecursion", deltaRecursion(net, x, y, cost)],
    ["batchGradient", batchGradient(net, fromColumns([x]), fromColumns([y]), cost)],
    ["pathSum", pathSum(net, x, y, cost)],
    ["memoisedPathSum", memoisedPathSum(net, x, y, cost)],
    ["sigmaPrime recursive", sigmaPrime(net, x, y, cost, { form: "recursive" })],
    ["sigmaPrime product", sigmaPrime(net, x, y, cost, { form: "product" })],
  ];
}

Deno.test("every method gives the exact gradient at a logit gap of 800, through a hidden layer", () => {
  // A tanh hidden layer, then a softmax output whose gap is 800 on the wrong class.
  const net = networkFromParameters({
    activations: ["tanh", "softmax"],
    W: [null, [[1], [0.5]], [[800, 0], [0, 0], [0, 1]]],
    b: [null, [0, 0], [0, 0, 0]],
  });
  const x = [20]; // tanh(20) = 1 to rounding: z² = (800, 0, tanh 10)
  const y = [0, 1, 0];
  const a1 = [Math.tanh(20), Math.tanh(10)];
  // δ² = a − y with a = (1, e^{−800}, e^{tanh 10 − 800}) → (1, −1, 0) to rounding.
  const delta2 = [1, -1, 0];
  // δ¹ = (W²)ᵀ δ² ⊙ tanh′(z¹), with tanh′ as 4e^{−2|z|}/(1 + e^{−2|z|})²
  const tanhPrime = (t: number) => 4 * Math.exp(-2 * t) / (1 + Math.exp(-2 * t)) ** 2;
  const delta1 = [800 * tanhPrime(20), 0];
  for (const [name, g] of everyMethod(net, x, y, "crossEntropy")) {
    for (let j = 0; j < 3; j++) {
      assertClose(g.db[2][j], delta2[j], 1e-15, `${name}: ∂C/∂b²_${j}`, 1e-300);
      for (let k = 0; k < 2; k++) {
        assertClose(g.dW[2].data[j * 2 + k], delta2[j] * a1[k], 1e-15, `${name} ∂C/∂w²`, 1e-300);
      }
    }
    assertClose(g.db[1][0], delta1[0], 1e-13, `${name}: ∂C/∂b¹_0 = 800 tanh′(20)`, 1e-300);
    assert(g.db[1][0] > 0, `${name}: ∂C/∂b¹_0 is tiny (about 1e-14) but not 0`);
  }
  // The finite differences see the same through the fused cost (to their own accuracy).
  const fd = finiteDifference(net, x, y, "crossEntropy");
  assertClose(fd.db[2][0], 1, 1e-6, "finiteDifference: ∂C/∂b²_0", 1e-12);
  assertClose(fd.db[2][1], -1, 1e-6, "finiteDifference: ∂C/∂b²_1", 1e-12);
  const dfd = deltaFiniteDifference(net, x, y, "crossEntropy");
  assertClose(dfd.delta[2][0], 1, 1e-6, "deltaFiniteDifference: δ²_0", 1e-12);
});

Deno.test("one SGD step on a confidently wrong example moves the bias by η, on every kernel", () => {
  for (const kernels of KERNEL_NAMES) {
    const previous = setKernels(kernels);
    try {
      for (const gap of GAPS) {
        const net = outputNet("softmax", [gap, 0]);
        const before = cloneNetwork(net);
        sgd(net, { X: fromColumns([[1]]), Y: fromColumns([[0, 1]]) }, {
          epochs: 1,
          batchSize: 1,
          eta: 0.5,
          seed: 1,
          cost: "crossEntropy",
        });
        // b ← b − η δ = b − 0.5 (1, −1)
        equal(net.b[1][0], before.b[1][0] - 0.5, `${kernels}, gap ${gap}: b₀ − η`);
        equal(net.b[1][1], before.b[1][1] + 0.5, `${kernels}, gap ${gap}: b₁ + η`);
      }
    } finally {
      setKernels(previous);
    }
  }
});

Deno.test("fused costs and δ^L match a 60-digit truth at random extreme logits", () => {
  const rng = createRng(20261201);
  const logScale = () => (rng.uniform() < 0.5 ? -1 : 1) * Math.exp(rng.uniform() * Math.log(1e4));
  let worstCost = 0, worstDelta = 0, cases = 0;
  for (let t = 0; t < 300; t++) {
    const n = 2 + rng.int(5);
    const z = Array.from({ length: n }, logScale);
    const label = rng.int(n);
    // one-hot targets: entry by entry relative accuracy, even for the tiny entries
    const y = z.map((_, i) => (i === label ? 1 : 0));
    const truth = softmaxTruth(z);
    const out = outputLayer("softmax", "crossEntropy");
    const zf = Float64Array.from(z), a = softmax(zf), yf = Float64Array.from(y);
    const cTrue = truth.minusLogA[label];
    const c = out.value(zf, a, yf);
    if (cTrue > 1e-300) worstCost = Math.max(worstCost, rel(c, cTrue));
    const d = out.delta(zf, a, yf);
    // e^{z_k − max} carries the rounding of z_k − max, |z_k − max|·u relative (exp's conditioning,
    // as in every float64 softmax): errors are measured in units of 1 + that spread.
    const spread = 1 + Math.max(...z) - Math.min(...z);
    for (let j = 0; j < n; j++) {
      // a_j − y_j; at the top with y = 1 that is −(1 − a_top), kept to 60 digits as −rest/s
      const dTrue = j === truth.top && y[j] === 1
        ? -num(truth.oneMinusTop)
        : num(M.subtract(truth.a[j], big(y[j])) as BigNumber);
      if (Math.abs(dTrue) > 1e-300) worstDelta = Math.max(worstDelta, rel(d[j], dTrue) / spread);
    }
    // sigmoid outputs, both log costs, on the same z with fractional targets in [0, 1]
    const yb = z.map(() => rng.int(3) / 2);
    for (const cost of ["crossEntropy", "binaryCrossEntropy"] as const) {
      const o = outputLayer("sigmoid", cost);
      const as = activation("sigmoid").value(zf);
      let cT = 0;
      const dT: number[] = [];
      for (let j = 0; j < n; j++) {
        cT += yb[j] * softplusTruth(-z[j]);
        let dj = M.multiply(-yb[j], sigmoidTruth(-z[j])) as BigNumber;
        if (cost === "binaryCrossEntropy") {
          cT += (1 - yb[j]) * softplusTruth(z[j]);
          dj = M.add(dj, M.multiply(1 - yb[j], sigmoidTruth(z[j]))) as BigNumber;
        }
        dT.push(num(dj));
      }
      if (cT > 1e-300) {
        worstCost = Math.max(worstCost, rel(o.value(zf, as, Float64Array.from(yb)), cT));
      }
      const dd = o.delta(zf, as, Float64Array.from(yb));
      for (let j = 0; j < n; j++) {
        if (Math.abs(dT[j]) > 1e-300) worstDelta = Math.max(worstDelta, rel(dd[j], dT[j]) / spread);
      }
    }
    cases++;
  }
  assert(cases === 300, "every case ran");
  // The truth's terms are summed in float64 here (a few roundings): 1e-13 is rounding, not luck.
  assert(worstCost <= 1e-13, `worst relative cost error ${worstCost}`);
  // δ: relative error per unit of (1 + logit spread); u = 1.1e-16, so 1e-15 is a few roundings.
  assert(worstDelta <= 1e-15, `worst relative δ error per unit of spread ${worstDelta}`);
});

Deno.test("a confidently right softmax keeps its tiny cost and δ, not 0", () => {
  // Gap 50 on the right class: C = log(1 + e^{−50}) ≈ 1.93e-22, δ = (−1.93e-22, 1.93e-22).
  const out = outputLayer("softmax", "crossEntropy");
  const z = Float64Array.of(50, 0), y = Float64Array.of(1, 0);
  const truth = softmaxTruth([50, 0]);
  assert(rel(out.value(z, softmax(z), y), truth.minusLogA[0]) < 1e-15, "C = log1p(e^{−50})");
  const d = out.delta(z, softmax(z), y);
  assert(rel(d[0], num(M.subtract(truth.a[0], 1) as BigNumber)) < 1e-15, "δ₀ = −(1 − a₀)");
  assert(rel(d[1], num(truth.a[1])) < 1e-15, "δ₁ = a₁");
});

Deno.test("every activation's derivative keeps full relative accuracy in saturation", () => {
  const zs: number[] = [];
  for (let k = -7; k <= 2.85; k += 0.05) zs.push(10 ** k, -(10 ** k)); // |z| up to ~700
  zs.push(0, 700, -700, 19.06, 20, 37, 710, 745);
  let worst = 0, checked = 0;
  const truths: Record<string, (t: number) => BigNumber> = {
    sigmoid: (t) => M.multiply(sigmoidTruth(t), sigmoidTruth(-t)) as BigNumber,
    tanh: (t) => M.divide(1, M.pow(M.cosh(big(t)), 2)) as BigNumber,
    relu: (t) => big(t > 0 ? 1 : 0), // the kink z = 0 takes 0, the documented convention
    identity: () => big(1),
  };
  for (const [name, truthOf] of Object.entries(truths)) {
    const got = activation(name).derivative(Float64Array.from(zs));
    zs.forEach((t, i) => {
      const truth = num(truthOf(t));
      if (truth >= 1e-300) {
        worst = Math.max(worst, rel(got[i], truth));
        checked++;
      } else if (truth >= 1e-320) {
        assert(got[i] > 0, `${name}′(${t}) = ${truth} is representable, got ${got[i]}`);
      }
    });
  }
  assert(checked > 1000, `${checked} derivatives checked`);
  assert(worst <= 1e-14, `worst relative error of an activation derivative: ${worst}`);
  equal(activation("relu").derivative(Float64Array.of(0))[0], 0, "ReLU′(0) = 0");

  // softmax: the Jacobian a_i (1{i=j} − a_j) and Jᵀg, entry by entry, at gaps up to 700
  const rng = createRng(7);
  let worstJ = 0;
  for (let t = 0; t < 60; t++) {
    const n = 2 + rng.int(3);
    const z = Array.from({ length: n }, () => (rng.uniform() - 0.5) * 1400);
    const exact = softmaxTruth(z), truth = exact.a;
    const J = softmaxJacobian(Float64Array.from(z));
    const g = Array.from({ length: n }, () => rng.uniform() - 0.5);
    const back = Float64Array.from(g);
    softmaxBackAt(softmax(Float64Array.from(z)), back, 0, n);
    for (let j = 0; j < n; j++) {
      let backTrue = big(0);
      for (let i = 0; i < n; i++) {
        // 1 − a_top from its 60-digit sum of the others (as a difference it would lose them)
        const jTrue = i === j && i === exact.top
          ? M.multiply(truth[i], exact.oneMinusTop) as BigNumber
          : M.multiply(truth[i], M.subtract(i === j ? 1 : 0, truth[j])) as BigNumber;
        backTrue = M.add(backTrue, M.multiply(jTrue, big(g[i]))) as BigNumber;
        const v = num(jTrue);
        const spread = 1 + Math.max(...z) - Math.min(...z);
        if (Math.abs(v) >= 1e-300) worstJ = Math.max(worstJ, rel(J.data[i * n + j], v) / spread);
      }
      const v = num(backTrue);
      if (Math.abs(v) >= 1e-300) {
        // Jᵀg sums terms of both signs: relative to the largest term, a_j max|g|, and a_j itself
        // carries exp's conditioning, |z_j − max|·u
        const spread = 1 + Math.max(...z) - Math.min(...z);
        const scale = num(truth[j]) * Math.max(...g.map(Math.abs)) * spread;
        assert(
          Math.abs(back[j] - v) <= 1e-15 * scale,
          `(Jᵀg)_${j}: ${back[j]} vs ${v} at z = ${z}, g = ${g}`,
        );
      }
    }
  }
  assert(worstJ <= 1e-15, `worst relative error of a softmax Jacobian entry per spread: ${worstJ}`);
});

Deno.test("an overflowing forward pass is refused, naming the function and the layer", () => {
  // Identity layers: 1e200 · 1e200 overflows in layer 2 although every parameter is finite.
  const net = networkFromParameters({
    activations: ["identity", "identity", "sigmoid"],
    W: [null, [[1e200]], [[1e200]], [[1]]],
    b: [null, [0], [0], [0]],
  });
  const calls: [string, () => unknown][] = [
    ["costOf", () => costOf(net, [1], [1], "quadratic")],
    ["deltaRecursion", () => deltaRecursion(net, [1], [1], "quadratic")],
    ["pathSum", () => pathSum(net, [1], [1], "quadratic")],
    ["memoisedPathSum", () => memoisedPathSum(net, [1], [1], "quadratic")],
    ["sigmaPrime", () => sigmaPrime(net, [1], [1], "quadratic")],
    [
      "batchGradient",
      () => batchGradient(net, fromColumns([[1]]), fromColumns([[1]]), "quadratic"),
    ],
  ];
  for (const [fn, call] of calls) {
    const e = throwsWith(call, `${fn}: argument "net"`, "overflowed in layer 2", "Infinity");
    assert(e instanceof ArgumentError, `${fn}: an ArgumentError`);
  }
  // A cost that overflows although every z is finite: ½(1e200 − 0)².
  const big1 = networkFromParameters({
    activations: "identity",
    W: [null, [[1e200]]],
    b: [null, [0]],
  });
  throwsWith(() => costOf(big1, [1], [0], "quadratic"), "costOf", "C = Infinity");
  // Training: the same words under every kernel, and the network left as it was.
  for (const kernels of KERNEL_NAMES) {
    const previous = setKernels(kernels);
    try {
      const copy = cloneNetwork(net);
      throwsWith(
        () =>
          sgd(copy, { X: fromColumns([[1]]), Y: fromColumns([[1]]) }, {
            epochs: 1,
            batchSize: 1,
            eta: 0.1,
            seed: 1,
            cost: "quadratic",
          }),
        "epoch 1",
        "overflowed in layer 2",
      );
      equal(copy.W[2].data[0], 1e200, `${kernels}: unchanged`);
    } finally {
      setKernels(previous);
    }
  }
});

Deno.test("targets and output layers that do not fit a log cost are refused on every engine", () => {
  const soft = outputNet("softmax", [1, 2]);
  throwsWith(() => costOf(soft, [1], [-1, 2], "crossEntropy"), "costOf", '"y"', "y[0] = -1");
  const sig = outputNet("sigmoid", [1]);
  throwsWith(
    () => costOf(sig, [1], [1.5], "binaryCrossEntropy"),
    "targets in [0, 1]",
    "y[0] = 1.5",
  );
  throwsWith(
    () => deltaRecursion(soft, [1], [0, 1], "binaryCrossEntropy"),
    "deltaRecursion",
    "a sigmoid output layer for binaryCrossEntropy",
  );
  throwsWith(
    () => batchGradient(soft, fromColumns([[1]]), fromColumns([[0.5, -0.5]]), "crossEntropy"),
    "batchGradient",
    "Y row 1, column 0 = -0.5",
  );
  const relu = networkFromParameters({ activations: "relu", W: [null, [[1]]], b: [null, [0]] });
  for (const kernels of KERNEL_NAMES) {
    const previous = setKernels(kernels);
    try {
      const copy = cloneNetwork(relu);
      throwsWith(
        () =>
          sgd(copy, { X: fromColumns([[1]]), Y: fromColumns([[1]]) }, {
            epochs: 1,
            batchSize: 1,
            eta: 0.1,
            seed: 1,
            cost: "crossEntropy",
          }),
        'sgd: argument "options.cost"',
        "sigmoid or softmax",
      );
      throwsWith(
        () =>
          sgd(cloneNetwork(soft), { X: fromColumns([[1]]), Y: fromColumns([[2, -1]]) }, {
            epochs: 1,
            batchSize: 1,
            eta: 0.1,
            seed: 1,
            cost: "crossEntropy",
          }),
        "sgd",
        "data.Y row 1, column 0 = -1",
      );
      equal(copy.W[1].data[0], 1, `${kernels}: nothing trained`);
    } finally {
      setKernels(previous);
    }
  }
});
