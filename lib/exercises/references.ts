/**
 * What the exercise checker compares answers with: seeded random cases of varied shapes, and
 * backpropagation written with switches that reproduce the mistakes learners make (σ′ left out,
 * σ′ of the wrong quantity, the modified neuron's f′ forgotten), so that a wrong answer can be
 * recognised and named. The correct settings agree with lib's deltaRecursion (tested).
 * @module
 */

import { activation } from "../activations.ts";
import { forward } from "../forward.ts";
import { type Matrix, matvec, outer } from "../matrix.ts";
import { createNetwork, type Network } from "../network.ts";
import { createRng, type Rng } from "../rng.ts";

/**
 * The architectures networks are drawn from: widths of 1, square hidden layers, depths 1–4,
 * wide and narrow layers, so that a transposed matrix or a wrong layer cannot pass.
 */
export const ARCHITECTURES: readonly (readonly number[])[] = [
  [1, 1],
  [3, 2],
  [2, 3, 1],
  [3, 3, 3],
  [1, 4, 1],
  [4, 4, 4, 2],
  [2, 5, 3, 4, 1],
  [3, 3, 3, 3, 3],
];

/** A seeded sigmoid (or other) network, an input x ~ N(0, 1) and a target y ~ U(0, 1). */
export interface NetworkCase {
  net: Network;
  x: Float64Array;
  y: Float64Array;
  rng: Rng;
  label: string;
}

/**
 * Case i of the standard list: architecture i, seed 1000 + i. "mixed" puts tanh and sigmoid
 * layers together (tanh first, sigmoid output), so that only σ′ of the layer's own activation,
 * taken at z, passes.
 */
export function networkCase(
  i: number,
  activations: "sigmoid" | "identity" | "mixed" = "sigmoid",
): NetworkCase {
  const sizes = ARCHITECTURES[i % ARCHITECTURES.length];
  const seed = 1000 + i;
  const L = sizes.length - 1;
  const net = createNetwork({
    sizes,
    activations: activations === "mixed"
      ? Array.from({ length: L }, (_, l) => (l === L - 1 || l % 2 === 1 ? "sigmoid" : "tanh"))
      : activations,
    seed,
  });
  const rng = createRng(seed + 7919);
  const x = Float64Array.from({ length: sizes[0] }, () => rng.normal());
  const y = Float64Array.from({ length: sizes[sizes.length - 1] }, () => rng.uniform());
  const names = activations === "mixed" ? "tanh/sigmoid" : activations;
  return { net, x, y, rng, label: `a ${sizes.join("-")} ${names} network` };
}

/** The sigmoid and its derivative, written without cancellation. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** σ′(z) = σ(z)σ(−z). */
export function sigmoidPrime(z: number): number {
  return sigmoid(z) * sigmoid(-z);
}

/** Switches of {@link backprop}: each default is the correct algorithm. */
export interface BackpropVariant {
  /** Multiply BP1 by σ′(z^L) (default true). */
  bp1Prime?: boolean;
  /** Where BP2 takes σ′: at z^l (default), at a^l, or nowhere. */
  bp2Prime?: "z" | "a" | "none";
  /** The layer's derivative; default the network's own activation (σ′ of a sigmoid network). */
  derivative?: (l: number, z: Float64Array) => Float64Array;
  /** Activation values to use instead of forward(net, x) (a modified network's forward pass). */
  trace?: { z: Float64Array[]; a: Float64Array[] };
}

/** δ^l and the gradient of C = ½‖a^L − y‖² by BP1–BP4 with the chosen switches. */
export function backprop(
  net: Network,
  x: Float64Array,
  y: Float64Array,
  variant: BackpropVariant = {},
): { dW: Matrix[]; db: Float64Array[]; delta: Float64Array[] } {
  const { z, a } = variant.trace ?? forward(net, x);
  const L = net.sizes.length - 1;
  const prime = variant.derivative ??
    ((l: number, v: Float64Array) => activation(net.activations[l]).derivative(v));
  const delta: Float64Array[] = new Array(L + 1);
  delta[0] = new Float64Array(0);
  const g = a[L].map((v, j) => v - y[j]);
  const dL = prime(L, z[L]);
  delta[L] = variant.bp1Prime === false ? g : g.map((v, j) => v * dL[j]);
  for (let l = L - 1; l >= 1; l--) {
    const back = matvec(net.W[l + 1], delta[l + 1], { transpose: true });
    const where = variant.bp2Prime ?? "z";
    if (where === "none") delta[l] = back;
    else {
      const d = prime(l, where === "z" ? z[l] : a[l]);
      delta[l] = back.map((v, j) => v * d[j]);
    }
  }
  const dW: Matrix[] = [{ rows: 0, cols: 0, data: new Float64Array(0) }];
  const db: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L; l++) {
    dW.push(outer(delta[l], a[l - 1]));
    db.push(Float64Array.from(delta[l]));
  }
  return { dW, db, delta };
}

/** The neuron of a network that uses f in place of σ (Nielsen's modified-neuron problem). */
export interface SpecialNeuron {
  layer: number;
  neuron: number;
  f: (z: number) => number;
  fPrime: (z: number) => number;
}

/** The forward pass of a sigmoid network whose one special neuron uses f. */
export function modifiedForward(
  net: Network,
  x: Float64Array,
  special: SpecialNeuron,
): { z: Float64Array[]; a: Float64Array[] } {
  const L = net.sizes.length - 1;
  const z: Float64Array[] = [new Float64Array(0)];
  const a: Float64Array[] = [Float64Array.from(x)];
  for (let l = 1; l <= L; l++) {
    const zl = matvec(net.W[l], a[l - 1]).map((v, j) => v + net.b[l][j]);
    z.push(zl);
    a.push(
      zl.map((v, j) => (l === special.layer && j === special.neuron ? special.f(v) : sigmoid(v))),
    );
  }
  return { z, a };
}

/** Per-layer derivatives of the modified network: σ′ everywhere, f′ at the special neuron. */
export function modifiedDerivative(
  special: SpecialNeuron,
  useFPrime = true,
): (l: number, z: Float64Array) => Float64Array {
  return (l, z) =>
    z.map((v, j) =>
      useFPrime && l === special.layer && j === special.neuron ? special.fPrime(v) : sigmoidPrime(v)
    );
}

/** Column j of a matrix given as rows×cols data, copied. */
export function columnOf(m: Matrix, j: number): Float64Array {
  return Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
}
