/**
 * Reference solutions of every exercise, written as a learner would after reading the chapter
 * (plain loops, the chapter's equations), kept out of the notebooks. tests/exercises_test.ts
 * checks that each passes `checkExercise`.
 * @module
 */

import {
  activation,
  type Gradients,
  type Matrix,
  type Network,
  outer,
  softmax,
  zeros,
} from "../../lib/mod.ts";

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
const sigmaPrime = (z: number) => sigma(z) * sigma(-z);

/** Forward pass with per-neuron activation f(l, j, z); returns z^l and a^l for l = 0..L. */
export function forwardWith(
  net: Network,
  x: ArrayLike<number>,
  f: (l: number, j: number, z: number) => number,
): { z: Float64Array[]; a: Float64Array[] } {
  const L = net.sizes.length - 1;
  const z = [new Float64Array(0)], a = [Float64Array.from(x)];
  for (let l = 1; l <= L; l++) {
    const W = net.W[l], zl = new Float64Array(W.rows);
    for (let j = 0; j < W.rows; j++) {
      let s = net.b[l][j];
      for (let k = 0; k < W.cols; k++) s += W.data[j * W.cols + k] * a[l - 1][k];
      zl[j] = s;
    }
    z.push(zl);
    a.push(zl.map((v, j) => f(l, j, v)));
  }
  return { z, a };
}

/** (W^{l+1})ᵀ δ^{l+1}. */
export function backThrough(W: Matrix, delta: Float64Array): Float64Array {
  const out = new Float64Array(W.cols);
  for (let j = 0; j < W.rows; j++) {
    for (let k = 0; k < W.cols; k++) out[k] += W.data[j * W.cols + k] * delta[j];
  }
  return out;
}

/** BP1–BP4 with a per-neuron activation and derivative; C = ½‖a^L − y‖². */
export function backpropWith(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  f: (l: number, j: number, z: number) => number,
  fPrime: (l: number, j: number, z: number) => number,
): Gradients & { delta: Float64Array[] } {
  const { z, a } = forwardWith(net, x, f);
  const L = net.sizes.length - 1;
  const delta: Float64Array[] = [];
  delta[L] = a[L].map((v, j) => (v - y[j]) * fPrime(L, j, z[L][j])); // BP1
  for (let l = L - 1; l >= 1; l--) {
    delta[l] = backThrough(net.W[l + 1], delta[l + 1]).map((v, j) => v * fPrime(l, j, z[l][j])); // BP2
  }
  const dW: Matrix[] = [zeros(0, 0)], db: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L; l++) {
    dW.push(outer(delta[l], a[l - 1])); // BP4
    db.push(Float64Array.from(delta[l])); // BP3
  }
  delta[0] = new Float64Array(0);
  return { dW, db, delta };
}

const sigmoidNet = (net: Network, x: ArrayLike<number>, y: ArrayLike<number>) =>
  backpropWith(net, x, y, (_l, _j, z) => sigma(z), (_l, _j, z) => sigmaPrime(z));

function column(m: Matrix, i: number): Float64Array {
  return Float64Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols + i]);
}

/** Every exercise's reference answer, by id. */
export const SOLUTIONS: Record<string, unknown> = {
  "one-neuron-gradient": (w: number, b: number, x: number, y: number) => {
    const z = w * x + b;
    const delta = (sigma(z) - y) * sigmaPrime(z);
    return { dw: delta * x, db: delta };
  },
  "sigmoid-prime": (z: number) => sigma(z) * (1 - sigma(z)),
  "chain-delta-step": (wNext: number, z: number, deltaNext: number) =>
    wNext * sigmaPrime(z) * deltaNext,
  "chain-gradient": (w: number[], b: number[], x: number, y: number) => {
    const L = w.length - 1;
    const z = [0], a = [x];
    for (let l = 1; l <= L; l++) {
      z.push(w[l] * a[l - 1] + b[l]);
      a.push(sigma(z[l]));
    }
    const dw = Array(L + 1).fill(0), db = Array(L + 1).fill(0);
    let delta = (a[L] - y) * sigmaPrime(z[L]);
    for (let l = L; l >= 1; l--) {
      db[l] = delta;
      dw[l] = delta * a[l - 1];
      if (l > 1) delta = w[l] * sigmaPrime(z[l - 1]) * delta;
    }
    return { dw, db };
  },
  "count-paths": (sizes: number[], l: number) =>
    sizes.slice(l + 1).reduce((product, n) => product * n, 1),
  "path-sum-weight": (
    net: Network,
    x: Float64Array,
    y: Float64Array,
    l: number,
    j: number,
    k: number,
  ) => {
    const { z, a } = forwardWith(net, x, (_l, _j, v) => sigma(v));
    const L = net.sizes.length - 1;
    // Sum over every path z^l_j → z^{l+1}_{i} → … → z^L_{q} → C, depth first.
    const walk = (m: number, i: number, product: number): number => {
      const p = product * sigmaPrime(z[m][i]);
      if (m === L) return p * (a[L][i] - y[i]);
      let total = 0;
      for (let n = 0; n < net.sizes[m + 1]; n++) {
        total += walk(m + 1, n, p * net.W[m + 1].data[n * net.sizes[m] + i]);
      }
      return total;
    };
    return a[l - 1][k] * walk(l, j, 1);
  },
  "output-error": (z: Float64Array, a: Float64Array, y: Float64Array) =>
    a.map((v, j) => (v - y[j]) * sigmaPrime(z[j])),
  "bp1-step": "(sigma(z) - y) * sigma(z) * (1 - sigma(z))",
  "delta-recursion": sigmoidNet,
  "batched-gradient": (net: Network, X: Matrix, Y: Matrix) => {
    const N = X.cols;
    const sum = sigmoidNet(net, column(X, 0), column(Y, 0));
    for (let i = 1; i < N; i++) {
      const g = sigmoidNet(net, column(X, i), column(Y, i));
      for (let l = 1; l < g.dW.length; l++) {
        g.dW[l].data.forEach((v, e) => (sum.dW[l].data[e] += v));
        g.db[l].forEach((v, e) => (sum.db[l][e] += v));
      }
    }
    for (let l = 1; l < sum.dW.length; l++) {
      sum.dW[l].data.forEach((v, e) => (sum.dW[l].data[e] = v / N));
      sum.db[l].forEach((v, e) => (sum.db[l][e] = v / N));
    }
    return { dW: sum.dW, db: sum.db };
  },
  "linear-neurons": (net: Network, x: ArrayLike<number>, y: ArrayLike<number>) =>
    backpropWith(net, x, y, (_l, _j, z) => z, () => 1),
  "modified-neuron": (
    net: Network,
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    s: { layer: number; neuron: number; f: (z: number) => number; fPrime: (z: number) => number },
  ) => {
    const special = (l: number, j: number) => l === s.layer && j === s.neuron;
    return backpropWith(
      net,
      x,
      y,
      (l, j, z) => (special(l, j) ? s.f(z) : sigma(z)),
      (l, j, z) => (special(l, j) ? s.fPrime(z) : sigmaPrime(z)),
    );
  },
  "sigma-prime-matrix": (z: Float64Array): Matrix => {
    const n = z.length, m = zeros(n, n);
    for (let j = 0; j < n; j++) m.data[j * n + j] = sigmaPrime(z[j]);
    return m;
  },
  "sigma-prime-product": (net: Network, x: ArrayLike<number>, y: ArrayLike<number>) => {
    const { z, a } = forwardWith(net, x, (_l, _j, v) => sigma(v));
    const L = net.sizes.length - 1;
    // Right to left: Σ′(z^L) ∇_a C, then (W^l)ᵀ and Σ′(z^{l−1}) for l = L..2.
    let v = a[L].map((q, j) => (q - y[j]) * sigmaPrime(z[L][j]));
    for (let l = L; l >= 2; l--) {
      v = backThrough(net.W[l], v).map((q, j) => q * sigmaPrime(z[l - 1][j]));
    }
    return v;
  },
  "softmax-cross-entropy-delta": (z: Float64Array, y: Float64Array) => {
    const a = softmax(z);
    const total = y.reduce((s, v) => s + v, 0);
    return a.map((v, j) => v * total - y[j]);
  },
  "softmax-jacobian": (z: Float64Array): Matrix => {
    const a = softmax(z), n = z.length, J = zeros(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) J.data[i * n + j] = a[i] * ((i === j ? 1 : 0) - a[j]);
    }
    return J;
  },
  "central-difference": (f: (t: number) => number, t: number, epsilon: number) =>
    (f(t + epsilon) - f(t - epsilon)) / (2 * epsilon),
  "relative-error": (a: number, b: number) =>
    Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12),
  "bug-hunt": (net: Network, x: ArrayLike<number>, y: ArrayLike<number>) => {
    // The starter's backprop with its one wrong line fixed: σ′ of the layer's activation at z^l.
    const act = (l: number) => activation(net.activations[l]);
    return backpropWith(
      net,
      x,
      y,
      (l, _j, z) => act(l).value(Float64Array.of(z))[0],
      (l, _j, z) => act(l).derivative(Float64Array.of(z))[0],
    );
  },
  "parameter-count": (sizes: number[]) =>
    sizes.slice(1).reduce((total, n, i) => total + n * (sizes[i] + 1), 0),
  "forward-multiply-adds": (sizes: number[]) =>
    sizes.slice(1).reduce((total, n, i) => total + n * sizes[i], 0),
};
