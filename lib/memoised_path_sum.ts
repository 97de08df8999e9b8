/**
 * The path sum with a memo table: the same sum over paths as `pathSum`, but the sum over
 * the paths that leave a node of the graph is computed once, stored, and reused by every path
 * that passes through that node. Two kinds of node are on a path,
 *
 *   z^m_j → a^m_i → z^{m+1}_k → ⋯ → a^L_i → C,
 *
 * and for each the sum over the paths leaving it splits by the first step:
 *
 *   S(a^L_i) = ∂C/∂a^L_i,        S(a^m_i) = Σ_k w^{m+1}_{ki} S(z^{m+1}_k)   (m < L),
 *   S(z^m_j) = Σ_i (∂a^m_i/∂z^m_j) S(a^m_i)  =  σ′(z^m_j) S(a^m_j) for an elementwise σ.
 *
 * S(z^m_j) is δ^m_j = ∂C/∂z^m_j and S(a^m_i) is ∂C/∂a^m_i: written as vectors the two lines are
 * BP2 (and, at m = L, BP1). Memoising the path sum is the δ recursion. The gradient follows by
 * BP3 and BP4: ∂C/∂b^l_j = S(z^l_j), ∂C/∂w^l_{jk} = a^{l−1}_k S(z^l_j).
 *
 * A fused output layer (softmax or sigmoid with a log cost, output_layer.ts) sums z^L → a^L → C
 * as one step, S(z^L_j) = δ^L_j from z^L, so that an a^L entry rounded to 0 cannot make the sum
 * infinite; its memo row for a^L still holds ∂C/∂a^L_i (±∞ where a^L_i rounded to 0 or 1).
 * @module
 */

import { activation } from "./activations.ts";
import { checkExample, forwardUnchecked } from "./forward.ts";
import type { Gradients } from "./gradients.ts";
import { type Matrix, outer } from "./matrix.ts";
import type { Network } from "./network.ts";

/** The gradient, the memo table, and how many products filled it. */
export interface MemoisedPathSumResult extends Gradients {
  /**
   * The memo table, indexed like a trace (index 0 empty): `memo.z[l][j]` is the sum over every
   * path from z^l_j to C of the product of the local derivatives along it (= δ^l_j), and
   * `memo.a[l][i]` the same from a^l_i (= ∂C/∂a^l_i).
   */
  memo: { z: Float64Array[]; a: Float64Array[] };
  /**
   * Multiplications of a local derivative by a stored sum made while filling the table: one per
   * edge z^{m+1}_k ← a^m_i (Σ_{l<L} n_l n_{l+1}) plus one per neuron for an elementwise σ (n_l)
   * or n_l² for a softmax layer. BP4's a^{l−1}_k δ^l_j are not counted.
   */
  products: number;
}

/**
 * The gradient by the path sum with memoisation: each node's sum over the paths leaving it is
 * computed once and reused, so the work is one product per edge of the graph instead of one
 * product chain per path.
 *
 * @example
 * ```ts
 * import { countPaths, createNetwork, deltaRecursion, memoisedPathSum } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 3, 3, 2], activations: "sigmoid", seed: 3 });
 * const x = [0.5, -0.5], y = [1, 0];
 * const m = memoisedPathSum(net, x, y, "quadratic");
 * const d = deltaRecursion(net, x, y, "quadratic");
 * // The memo table is δ: S(z²₁) = δ²₁.
 * if (Math.abs(m.memo.z[2][1] - d.delta[2][1]) > 1e-15) throw new Error("memo = δ");
 * // 3·3 + 3·2 edges, 3 + 3 + 2 neurons: 23 products, where the path sum walks 86 paths.
 * if (m.products !== 23 || countPaths(net.sizes) !== 86) throw new Error("23 vs 86");
 * ```
 */
export function memoisedPathSum(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  cost: string,
): MemoisedPathSumResult {
  const fn = "memoisedPathSum";
  const ex = checkExample(fn, net, x, y, cost);
  const { z, a } = forwardUnchecked(net, ex.x, fn);
  const L = net.sizes.length - 1;
  const acts = net.activations.map((name) => activation(name));
  // ∂a^m/∂z^m: the vector σ′(z^m) when σ is elementwise (a diagonal Jacobian), else the matrix.
  const slope = acts.map((act, m) =>
    m === 0 ? new Float64Array(0) : act.elementwise ? act.derivative(z[m]) : act.jacobian(z[m])
  );
  // A fused output layer (softmax or sigmoid with a log cost) takes z^L → a^L → C as one step:
  // S(z^L) = δ^L from z^L, because ∂C/∂a^L = −y/a is infinite where an a^L entry rounds to 0.
  const fusedDelta = ex.output.fused ? ex.output.delta(z[L], a[L], ex.y) : null;
  const gradA = fusedDelta ? logCostSlope(ex.cost.name, a[L], ex.y) : ex.cost.gradient(a[L], ex.y);

  const memo = { z: net.sizes.map(empty), a: net.sizes.map(empty) };
  const known = { z: net.sizes.map(unknown), a: net.sizes.map(unknown) };
  memo.z[0] = new Float64Array(0);
  memo.a[0] = new Float64Array(0);
  let products = 0;

  // S(a^m_i): at the output, the edge to C; before it, every edge a^m_i → z^{m+1}_k.
  const fromA = (m: number, i: number): number => {
    if (known.a[m][i]) return memo.a[m][i];
    let s = 0;
    if (m === L) s = gradA[i];
    else {
      const W = net.W[m + 1];
      for (let k = 0; k < W.rows; k++) {
        s += W.data[k * W.cols + i] * fromZ(m + 1, k); // w^{m+1}_{ki} S(z^{m+1}_k)
        products++;
      }
    }
    known.a[m][i] = 1;
    return (memo.a[m][i] = s);
  };

  // S(z^m_j): to a^m_j alone for an elementwise σ, to every a^m_i for softmax.
  const fromZ = (m: number, j: number): number => {
    if (known.z[m][j]) return memo.z[m][j];
    let s = 0;
    const d = slope[m];
    if (d instanceof Float64Array) {
      s = d[j] * fromA(m, j); // σ′(z^m_j) S(a^m_j)
      products++;
    } else {
      const J = d as Matrix;
      for (let i = 0; i < J.rows; i++) {
        s += J.data[i * J.cols + j] * fromA(m, i); // ∂a^m_i/∂z^m_j S(a^m_i)
        products++;
      }
    }
    known.z[m][j] = 1;
    return (memo.z[m][j] = s);
  };

  // A fused output layer enters S(z^L) = δ^L before the table is filled (the same products as
  // its two edges would take: n_L, or n_L² for softmax); S(a^L) is recorded, not used.
  if (fusedDelta) {
    memo.z[L].set(fusedDelta);
    memo.a[L].set(gradA);
    known.z[L].fill(1);
    known.a[L].fill(1);
    products += acts[L].elementwise ? net.sizes[L] : net.sizes[L] ** 2;
  }
  // The first call fills the whole table below layer 1; every later call is a lookup.
  for (let l = 1; l <= L; l++) {
    for (let j = 0; j < net.sizes[l]; j++) fromZ(l, j);
  }
  const dW: Matrix[] = [{ rows: 0, cols: 0, data: new Float64Array(0) }];
  const db: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L; l++) {
    db.push(Float64Array.from(memo.z[l])); // ∂C/∂b^l_j = S(z^l_j)
    dW.push(outer(memo.z[l], a[l - 1])); // ∂C/∂w^l_{jk} = a^{l−1}_k S(z^l_j)
  }
  return { dW, db, memo, products };
}

/** ∂C/∂a of the log costs, for the memo table alone: ±∞ where a rounded to 0 (or 1). */
function logCostSlope(name: string, a: Float64Array, y: Float64Array): Float64Array {
  return a.map((ai, i) =>
    (y[i] === 0 ? 0 : -y[i] / ai) +
    (name === "binaryCrossEntropy" && y[i] !== 1 ? (1 - y[i]) / (1 - ai) : 0)
  );
}

function empty(n: number): Float64Array {
  return new Float64Array(n);
}

function unknown(n: number): Uint8Array {
  return new Uint8Array(n);
}
