/**
 * Planted mistakes: for every exercise, wrong answers a learner could write, each with the
 * diagnosis `checkExercise` must give (a pattern its message matches). tests/exercises_test.ts
 * checks that every one fails, with that diagnosis.
 * @module
 */

import { activation, type Matrix, type Network, softmax, zeros } from "../../lib/mod.ts";
import { backpropWith, SOLUTIONS } from "./solutions.ts";

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
const sigmaPrime = (z: number) => sigma(z) * sigma(-z);

/** A wrong answer and what the checker must say about it. */
export interface PlantedMistake {
  what: string;
  answer: unknown;
  diagnosis: RegExp;
}

type Grad = (net: Network, x: ArrayLike<number>, y: ArrayLike<number>) => {
  dW: Matrix[];
  db: Float64Array[];
};

const bp = (
  f: (l: number, j: number, z: number) => number,
  fPrime: (l: number, j: number, z: number) => number,
): Grad =>
(net, x, y) => backpropWith(net, x, y, f, fPrime);

/** BP1 without σ′ (identity derivative at the output layer only). */
const noBp1Prime: Grad = (net, x, y) => {
  const L = net.sizes.length - 1;
  return backpropWith(
    net,
    x,
    y,
    (_l, _j, z) => sigma(z),
    (l, _j, z) => (l === L ? 1 : sigmaPrime(z)),
  );
};

/** The planted bug of bug-hunt: BP2's σ′ taken at a^l = σ(z^l). */
const bp2AtA: Grad = (net, x, y) => {
  const L = net.sizes.length - 1;
  return backpropWith(
    net,
    x,
    y,
    (_l, _j, z) => sigma(z),
    (l, _j, z) => (l === L ? sigmaPrime(z) : sigmaPrime(sigma(z))),
  );
};

/** dW^l = a^{l−1} (δ^l)ᵀ: the transpose of BP4. */
const transposedDW: Grad = (net, x, y) => {
  const g = (SOLUTIONS["delta-recursion"] as Grad)(net, x, y);
  const dW = g.dW.map((m) => {
    const t = zeros(m.cols, m.rows);
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.cols; c++) t.data[c * m.rows + r] = m.data[r * m.cols + c];
    }
    return t;
  });
  return { dW, db: g.db };
};

/** Backprop on any elementwise activations, with the slope each layer uses chosen by `slope`. */
function anyActivation(
  slope: (
    layer: { act: ReturnType<typeof activation>; isOutput: boolean },
    z: Float64Array,
    a: Float64Array,
  ) => Float64Array,
): Grad {
  return (net, x, y) => {
    const L = net.sizes.length - 1;
    const layer = (l: number) => ({ act: activation(net.activations[l]), isOutput: l === L });
    const one = (l: number, _j: number, z: number) => {
      const zs = Float64Array.of(z);
      return slope(layer(l), zs, layer(l).act.value(zs))[0];
    };
    return backpropWith(net, x, y, (l, _j, z) => layer(l).act.value(Float64Array.of(z))[0], one);
  };
}

const column = (m: Matrix, i: number) =>
  Float64Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols + i]);

export const MISTAKES: Record<string, PlantedMistake[]> = {
  "one-neuron-gradient": [
    {
      what: "σ′ left out",
      answer: (w: number, b: number, x: number, y: number) => {
        const a = sigma(w * x + b);
        return { dw: (a - y) * x, db: a - y };
      },
      diagnosis: /σ′\(z\) is missing/,
    },
    {
      what: "the unhalved cost (a factor 2)",
      answer: (w: number, b: number, x: number, y: number) => {
        const z = w * x + b, d = 2 * (sigma(z) - y) * sigmaPrime(z);
        return { dw: d * x, db: d };
      },
      diagnosis: /twice too large.*½‖a − y‖²/,
    },
    {
      what: "the starter's zeros",
      answer: () => ({ dw: 0, db: 0 }),
      diagnosis: /zero everywhere/,
    },
  ],
  "sigmoid-prime": [
    { what: "σ itself", answer: sigma, diagnosis: /that is σ\(z\) itself/ },
    { what: "tanh's form", answer: (z: number) => 1 - sigma(z) ** 2, diagnosis: /tanh′/ },
  ],
  "chain-delta-step": [
    {
      what: "σ′ left out",
      answer: (w: number, _z: number, d: number) => w * d,
      diagnosis: /σ′\(z\^l\) is missing/,
    },
    {
      what: "σ for σ′",
      answer: (w: number, z: number, d: number) => w * sigma(z) * d,
      diagnosis: /uses σ\(z\^l\)/,
    },
  ],
  "chain-gradient": [
    {
      what: "a^l for a^{l−1}",
      answer: (w: number[], b: number[], x: number, y: number) => {
        const L = w.length - 1, z = [0], a = [x];
        for (let l = 1; l <= L; l++) (z.push(w[l] * a[l - 1] + b[l]), a.push(sigma(z[l])));
        const dw = Array(L + 1).fill(0), db = Array(L + 1).fill(0);
        let d = (a[L] - y) * sigmaPrime(z[L]);
        for (let l = L; l >= 1; l--) {
          (db[l] = d), (dw[l] = d * a[l]);
          if (l > 1) d = w[l] * sigmaPrime(z[l - 1]) * d;
        }
        return { dw, db };
      },
      diagnosis: /a\^\{l−1\}, not a\^l/,
    },
    {
      what: "arrays from index 0",
      answer: (w: number[]) => ({ dw: w.slice(1).map(() => 0), db: w.slice(1).map(() => 0) }),
      diagnosis: /should have \d+ entries \(index 0 unused/,
    },
  ],
  "count-paths": [
    {
      what: "layer l counted",
      answer: (s: number[], l: number) => s.slice(l).reduce((p, n) => p * n, 1),
      diagnosis: /counts layer l's width too/,
    },
    {
      what: "a sum",
      answer: (s: number[], l: number) => s.slice(l + 1).reduce((p, n) => p + n, 0),
      diagnosis: /paths multiply/,
    },
    { what: "the starter's 0", answer: () => 0, diagnosis: /zero everywhere/ },
  ],
  "path-sum-weight": [
    {
      what: "j and k swapped",
      answer: (net: Network, x: Float64Array, y: Float64Array, l: number, j: number, k: number) =>
        (SOLUTIONS["path-sum-weight"] as (...a: unknown[]) => number)(net, x, y, l, k, j),
      diagnosis: /(j and k are swapped|threw)/,
    },
    {
      what: "∂C/∂z^l_j without a^{l−1}_k",
      answer: (net: Network, x: Float64Array, y: Float64Array, l: number, j: number) =>
        (SOLUTIONS["delta-recursion"] as Grad)(net, x, y).db[l][j],
      diagnosis: /∂z\^l_j\/∂w\^l_\{jk\} = a\^\{l−1\}_k/,
    },
  ],
  "output-error": [
    {
      what: "σ′ left out",
      answer: (_z: Float64Array, a: Float64Array, y: Float64Array) => a.map((v, j) => v - y[j]),
      diagnosis: /σ′\(z\^L\) is missing/,
    },
    {
      what: "σ′ at a",
      answer: (_z: Float64Array, a: Float64Array, y: Float64Array) =>
        a.map((v, j) => (v - y[j]) * sigmaPrime(v)),
      diagnosis: /σ′ taken at a/,
    },
    {
      what: "a plain array of the wrong length",
      answer: () => [0],
      diagnosis: /should have \d+ entries/,
    },
  ],
  "bp1-step": [
    { what: "∂C/∂a only", answer: "sigma(z) - y", diagnosis: /that is ∂C\/∂a/ },
    {
      what: "a factor 2",
      answer: "2 * (a - y) * a * (1 - a)",
      diagnosis: /a factor 2 too many/,
    },
    { what: "unknown names", answer: "(q - y) * q", diagnosis: /uses q/ },
    { what: "the starter", answer: "TODO", diagnosis: /Not started/ },
  ],
  "delta-recursion": [
    { what: "BP1 without σ′", answer: noBp1Prime, diagnosis: /BP1 is missing its σ′/ },
    { what: "BP2's σ′ at a", answer: bp2AtA, diagnosis: /BP2 takes σ′ at a\^l/ },
    { what: "dW transposed", answer: transposedDW, diagnosis: /(transposed\?|transpose of)/ },
    {
      what: "a starter that throws",
      answer: () => {
        throw new Error("TODO: write BP1–BP4");
      },
      diagnosis: /Not finished/,
    },
  ],
  "batched-gradient": [
    {
      what: "the sum, not the mean",
      answer: (net: Network, X: Matrix, Y: Matrix) => {
        const g = (SOLUTIONS["batched-gradient"] as (n: Network, X: Matrix, Y: Matrix) => {
          dW: Matrix[];
          db: Float64Array[];
        })(net, X, Y);
        g.dW.forEach((m) => m.data.forEach((v, e) => (m.data[e] = v * X.cols)));
        g.db.forEach((v) => v.forEach((q, e) => (v[e] = q * X.cols)));
        return g;
      },
      diagnosis: /divide the sum by N/,
    },
    {
      what: "the first column only",
      answer: (net: Network, X: Matrix, Y: Matrix) =>
        (SOLUTIONS["delta-recursion"] as Grad)(net, column(X, 0), column(Y, 0)),
      diagnosis: /first example \(column 0\) alone/,
    },
  ],
  "linear-neurons": [
    {
      what: "σ′ still multiplied in",
      answer: bp((_l, _j, z) => z, (_l, _j, z) => sigmaPrime(z)),
      diagnosis: /σ′\(z\) = 1/,
    },
    {
      what: "the sigmoid network's gradient",
      answer: SOLUTIONS["delta-recursion"],
      diagnosis: /should be/,
    },
  ],
  "modified-neuron": [
    {
      what: "f′ forgotten",
      answer: (
        net: Network,
        x: ArrayLike<number>,
        y: ArrayLike<number>,
        s: { layer: number; neuron: number; f: (z: number) => number },
      ) =>
        backpropWith(
          net,
          x,
          y,
          (l, j, z) => (l === s.layer && j === s.neuron ? s.f(z) : sigma(z)),
          (_l, _j, z) => sigmaPrime(z),
        ),
      diagnosis: /still uses σ′/,
    },
    {
      what: "f ignored altogether",
      answer: SOLUTIONS["delta-recursion"],
      diagnosis: /forward pass must use f/,
    },
  ],
  "sigma-prime-matrix": [
    {
      what: "σ on the diagonal",
      answer: (z: Float64Array) => {
        const n = z.length, m = zeros(n, n);
        for (let j = 0; j < n; j++) m.data[j * n + j] = sigma(z[j]);
        return m;
      },
      diagnosis: /diagonal holds σ\(z\)/,
    },
    {
      what: "a vector, not a matrix",
      answer: (z: Float64Array) => z.map(sigmaPrime),
      diagnosis: /should be a \d+×\d+ Matrix/,
    },
  ],
  "sigma-prime-product": [
    {
      what: "no output Σ′",
      answer: (net: Network, x: ArrayLike<number>, y: ArrayLike<number>) =>
        noBp1Prime(net, x, y).db[1],
      diagnosis: /output layer's Σ′ is missing/,
    },
    {
      what: "δ^L instead of δ^1",
      answer: (net: Network, x: ArrayLike<number>, y: ArrayLike<number>) => {
        const g = (SOLUTIONS["delta-recursion"] as Grad)(net, x, y);
        return g.db[g.db.length - 1];
      },
      diagnosis: /(should have \d+ entries|should be)/,
    },
  ],
  "softmax-cross-entropy-delta": [
    {
      what: "a − y",
      answer: (z: Float64Array, y: Float64Array) => softmax(z).map((a, j) => a - y[j]),
      diagnosis: /a − y holds only when Σ_j y_j = 1/,
    },
    {
      what: "no shift by the maximum",
      answer: (z: Float64Array, y: Float64Array) => {
        const e = z.map(Math.exp), s = e.reduce((p, q) => p + q, 0);
        const t = y.reduce((p, q) => p + q, 0);
        return e.map((q, j) => (q / s) * t - y[j]);
      },
      diagnosis: /shift z by its maximum/,
    },
  ],
  "softmax-jacobian": [
    {
      what: "the diagonal only",
      answer: (z: Float64Array) => {
        const a = softmax(z), n = z.length, J = zeros(n, n);
        for (let i = 0; i < n; i++) J.data[i * n + i] = a[i] * (1 - a[i]);
        return J;
      },
      diagnosis: /not elementwise/,
    },
    {
      what: "flipped signs",
      answer: (z: Float64Array) => {
        const a = softmax(z), n = z.length, J = zeros(n, n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) J.data[i * n + j] = a[i] * (a[j] - (i === j ? 1 : 0));
        }
        return J;
      },
      diagnosis: /signs are flipped/,
    },
  ],
  "central-difference": [
    {
      what: "one-sided",
      answer: (f: (t: number) => number, t: number, h: number) => (f(t + h) - f(t)) / h,
      diagnosis: /one-sided/,
    },
    {
      what: "divided by ε",
      answer: (f: (t: number) => number, t: number, h: number) => (f(t + h) - f(t - h)) / h,
      diagnosis: /2ε apart/,
    },
  ],
  "relative-error": [
    {
      what: "divided by |a|",
      answer: (a: number, b: number) => Math.abs(a - b) / Math.abs(a),
      diagnosis: /dividing by \|a\| alone/,
    },
    {
      what: "no floor",
      answer: (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)),
      diagnosis: /without the floor/,
    },
    {
      what: "no absolute value",
      answer: (a: number, b: number) => (a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12),
      diagnosis: /take \|a − b\|/,
    },
  ],
  "bug-hunt": [
    {
      what: "the bug left in",
      answer: anyActivation((l, z, a) => (l.isOutput ? l.act.derivative(z) : l.act.derivative(a))),
      diagnosis: /planted bug is still there\. Compare your gradient with finite differences/,
    },
    {
      what: "fixed with the sigmoid's a(1 − a)",
      answer: anyActivation((_l, _z, a) => a.map((q) => q * (1 - q))),
      diagnosis: /a\(1 − a\) is the slope of the sigmoid only/,
    },
    {
      what: "BP1 without σ′",
      answer: anyActivation((l, z) => (l.isOutput ? z.map(() => 1) : l.act.derivative(z))),
      diagnosis: /BP1 is missing its σ′/,
    },
  ],
  "parameter-count": [
    {
      what: "weights only",
      answer: (s: number[]) => s.slice(1).reduce((t, n, i) => t + n * s[i], 0),
      diagnosis: /weights only/,
    },
    {
      what: "biases of the input too",
      answer: (s: number[]) => s.slice(1).reduce((t, n, i) => t + n * (s[i] + 1), 0) + s[0],
      diagnosis: /layer 0\) has no biases/,
    },
  ],
  "forward-multiply-adds": [
    {
      what: "the parameter count",
      answer: SOLUTIONS["parameter-count"],
      diagnosis: /adding b\^l is an addition/,
    },
    {
      what: "n_l² per layer",
      answer: (s: number[]) => s.slice(1).reduce((t, n) => t + n * n, 0),
      diagnosis: /n_l · n_\{l−1\} multiplications/,
    },
  ],
};
