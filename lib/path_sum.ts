/**
 * The naive gradient: by the multivariable chain rule, ∂C/∂w^l_{jk} is a^{l−1}_k times the sum,
 * over every path from z^l_j to the cost, of the product of the local derivatives along the path:
 *
 *   z^l_j → a^l_{i_l} → z^{l+1}_{j_{l+1}} → a^{l+1}_{i_{l+1}} → ⋯ → a^L_{i_L} → C
 *
 * with factors ∂a^m_i/∂z^m_j (σ′(z^m_j) when i = j for an elementwise σ; a softmax layer's full
 * Jacobian entry otherwise), ∂z^{m+1}_k/∂a^m_i = w^{m+1}_{ki}, and ∂C/∂a^L_i at the end.
 * For ∂C/∂b^l_j the leading factor a^{l−1}_k is 1.
 *
 * Deliberately without memoisation: every weight enumerates all of its paths again, so the cost
 * grows as the product of the widths after the weight's layer. Remembering, per neuron, the sum
 * over the paths that leave it is exactly δ — and the δ recursion.
 * @module
 */

import { activation, type ActivationName } from "./activations.ts";
import { ArgumentError, assertKnownKeys, assertPositive, describe } from "./errors.ts";
import { checkExample, forwardUnchecked } from "./forward.ts";
import { type Gradients, zeroGradients } from "./gradients.ts";
import type { Matrix } from "./matrix.ts";
import { assertNetwork, type Network, resolveArchitecture } from "./network.ts";

/**
 * The default budget of {@link pathSum}: at most this many paths are enumerated (well under a second on a laptop: about 10–20 million paths are summed per second).
 *
 * @example
 * ```ts
 * import { countPaths, DEFAULT_PATH_BUDGET } from "./path_sum.ts";
 * // Nielsen's 784-30-10 network fits: 785·30·10 + 31·10 = 235,810 paths.
 * if (countPaths([784, 30, 10]) > DEFAULT_PATH_BUDGET) throw new Error("within budget");
 * ```
 */
export const DEFAULT_PATH_BUDGET = 2_000_000;

/**
 * One path from z^l_j to the cost: for m = layer..L, `z[m − layer]` is the index of the
 * weighted input visited in layer m and `a[m − layer]` that of the activation (the same index in
 * an elementwise layer).
 */
export interface Path {
  layer: number;
  z: number[];
  a: number[];
}

function perNeuron(sizes: readonly number[], acts: readonly ActivationName[], l: number): bigint {
  const L = sizes.length - 1;
  // In layer l itself a softmax can leave z^l_j through any of the n_l activations.
  let count = activation(acts[l]).elementwise ? 1n : BigInt(sizes[l]);
  for (let m = l + 1; m <= L; m++) {
    const n = BigInt(sizes[m]);
    count *= activation(acts[m]).elementwise ? n : n * n;
  }
  return count;
}

/** The exact number of paths (see {@link countPaths}) as a bigint, for the public function `fn`. */
export function pathCount(
  fn: string,
  sizes: readonly number[],
  activations: ActivationName | readonly ActivationName[],
  prefix = "",
): bigint {
  const arch = resolveArchitecture(fn, sizes, activations, prefix);
  let total = 0n;
  for (let l = 1; l < arch.sizes.length; l++) {
    total += BigInt(arch.sizes[l - 1] + 1) * BigInt(arch.sizes[l]) *
      perNeuron(arch.sizes, arch.activations, l);
  }
  return total;
}

/**
 * How many paths the path sum enumerates: for every weight and bias of layer l, every path from
 * its neuron to the cost. With elementwise activations this is
 * Σ_l (n_{l−1} + 1) n_l Π_{m>l} n_m; a softmax layer m contributes n_m² instead of n_m (and n_m
 * in its own layer), since its Jacobian connects every z^m to every a^m. The count is exact:
 * above 2⁵³ − 1 (`Number.MAX_SAFE_INTEGER`), where a number could no longer hold it exactly,
 * it is refused with the exact count in the message.
 *
 * @example
 * ```ts
 * import { countPaths } from "./mod.ts";
 * // Layer 1: (2+1)·3 parameters, each reaching the one output by 1 path; layer 2: (3+1)·1
 * // parameters, 1 path each: 9 + 4 = 13. With 4 outputs, each layer-1 parameter has 4 paths.
 * if (countPaths([2, 3, 1]) !== 13) throw new Error("13 paths");
 * if (countPaths([2, 3, 4]) !== 9 * 4 + 16) throw new Error("52 paths");
 * ```
 */
export function countPaths(
  sizes: readonly number[],
  activations: ActivationName | readonly ActivationName[] = "sigmoid",
): number {
  const total = pathCount("countPaths", sizes, activations);
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ArgumentError(
      "countPaths",
      "sizes",
      "a network with at most 2⁵³ − 1 paths (a number holds larger counts only approximately)",
      `sizes [${sizes.join(", ")}], which has exactly ${total} paths`,
    );
  }
  return Number(total);
}

/**
 * Every path from z^l_j to the cost, one at a time (fresh objects: for reading and drawing).
 *
 * @example
 * ```ts
 * import { createNetwork, listPaths } from "./mod.ts";
 * const net = createNetwork({ sizes: [1, 2, 3], activations: "relu", seed: 0 });
 * const paths = [...listPaths(net, 1, 0)];
 * if (paths.length !== 3 || paths[2].z.join() !== "0,2") throw new Error("z¹₀ → z²₀, z²₁, z²₂");
 * ```
 */
export function* listPaths(net: Network, l: number, j: number): Generator<Path> {
  assertNetwork("listPaths", net);
  const L = net.sizes.length - 1;
  if (!Number.isInteger(l) || l < 1 || l > L) {
    throw new ArgumentError("listPaths", "l", `a layer in 1..${L}`, describe(l));
  }
  if (!Number.isInteger(j) || j < 0 || j >= net.sizes[l]) {
    throw new ArgumentError(
      "listPaths",
      "j",
      `a neuron index in 0..${net.sizes[l] - 1}`,
      describe(j),
    );
  }
  const found: Path[] = [];
  enumeratePaths(net, l, j, (z, a) => found.push({ layer: l, z: Array.from(z), a: Array.from(a) }));
  yield* found;
}

/**
 * Calls `visit` once per path from z^l_j to the cost with the path's indices (arrays reused
 * between calls). Plain recursion: layer by layer, every choice of the next neuron.
 */
function enumeratePaths(
  net: Network,
  l: number,
  j: number,
  visit: (z: Int32Array, a: Int32Array) => void,
): void {
  const L = net.sizes.length - 1;
  const z = new Int32Array(L - l + 1);
  const a = new Int32Array(L - l + 1);
  const elementwise = net.activations.map((name) => activation(name).elementwise);
  z[0] = j;
  const chooseActivation = (d: number): void => {
    const m = l + d;
    if (elementwise[m]) {
      a[d] = z[d];
      chooseNext(d);
    } else {
      for (let i = 0; i < net.sizes[m]; i++) {
        a[d] = i;
        chooseNext(d);
      }
    }
  };
  const chooseNext = (d: number): void => {
    if (l + d === L) {
      visit(z, a);
      return;
    }
    for (let k = 0; k < net.sizes[l + d + 1]; k++) {
      z[d + 1] = k;
      chooseActivation(d + 1);
    }
  };
  chooseActivation(0);
}

/**
 * The product of the local derivatives along one path from z^l_j to C.
 * `jacobians[m]` is ∂a^m/∂z^m for m < L; `jacobians[L]` holds the last two edges together,
 * E[i][j] = ∂C/∂a^L_i · ∂a^L_i/∂z^L_j, which a fused output layer computes without dividing by a.
 */
function pathProduct(
  net: Network,
  jacobians: Matrix[],
  l: number,
  z: Int32Array,
  a: Int32Array,
): number {
  const L = net.sizes.length - 1;
  let p = 1;
  for (let d = 0; d <= L - l; d++) {
    const m = l + d;
    const J = jacobians[m];
    p *= J.data[a[d] * J.cols + z[d]]; // ∂a^m_{a[d]} / ∂z^m_{z[d]} (· ∂C/∂a^L_{a[d]} at m = L)
    if (m < L) {
      const W = net.W[m + 1];
      p *= W.data[z[d + 1] * W.cols + a[d]]; // ∂z^{m+1}_{z[d+1]} / ∂a^m_{a[d]} = w^{m+1}
    }
  }
  return p;
}

/** Options of {@link pathSum}. */
export interface PathSumOptions {
  /** Refuse networks needing more paths than this (see {@link countPaths}). */
  budget?: number;
}

/** The gradients and how many paths were enumerated. */
export interface PathSumResult extends Gradients {
  paths: number;
}

/**
 * The gradient by summing over every path, one weight at a time, without memoisation.
 *
 * @example
 * ```ts
 * import { createNetwork, deltaRecursion, pathSum } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 3, 2], activations: "tanh", seed: 5 });
 * const p = pathSum(net, [0.5, -0.5], [1, 0], "quadratic");
 * const d = deltaRecursion(net, [0.5, -0.5], [1, 0], "quadratic");
 * if (Math.abs(p.dW[1].data[3] - d.dW[1].data[3]) > 1e-14) throw new Error("same gradient");
 * if (p.paths !== 9 * 2 + 8) throw new Error("(2+1)·3·2 + (3+1)·2 paths");
 * ```
 */
export function pathSum(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  cost: string,
  options: PathSumOptions = {},
): PathSumResult {
  const fn = "pathSum";
  assertKnownKeys(fn, "options", options, ["budget"]);
  const ex = checkExample(fn, net, x, y, cost);
  const budget = options.budget === undefined
    ? DEFAULT_PATH_BUDGET
    : assertPositive(fn, "options.budget", options.budget);
  const needed = pathCount(fn, net.sizes, net.activations.slice(1), "net.");
  if (needed > budget) {
    throw new ArgumentError(
      fn,
      "net",
      `a network needing at most ${budget} paths (options.budget); use deltaRecursion instead`,
      `sizes [${net.sizes.join(", ")}], which needs ${needed} paths (countPaths)`,
    );
  }
  const { z: zs, a: as } = forwardUnchecked(net, ex.x, fn);
  const L = net.sizes.length - 1;
  const jacobians = net.activations.map((name, m) =>
    m === 0 ? { rows: 0, cols: 0, data: new Float64Array(0) } : activation(name).jacobian(zs[m])
  );
  // The last two edges, z^L_j → a^L_i → C, taken together (exact for fused output layers).
  jacobians[L] = ex.output.lastEdges(zs[L], as[L], ex.y);
  const g = zeroGradients(net);
  let paths = 0;
  for (let l = 1; l <= L; l++) {
    const n = net.sizes[l - 1];
    for (let j = 0; j < net.sizes[l]; j++) {
      // k = 0..n−1 are the weights w^l_{jk}; k = n stands for the bias b^l_j.
      for (let k = 0; k <= n; k++) {
        const lead = k < n ? as[l - 1][k] : 1; // ∂z^l_j/∂w^l_{jk} = a^{l−1}_k, ∂z^l_j/∂b^l_j = 1
        let sum = 0;
        enumeratePaths(net, l, j, (z, a) => {
          sum += lead * pathProduct(net, jacobians, l, z, a);
          paths++;
        });
        if (k < n) g.dW[l].data[j * n + k] = sum;
        else g.db[l][j] = sum;
      }
    }
  }
  return { ...g, paths };
}
