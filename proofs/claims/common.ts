/**
 * Shared pieces of the sources' claims: the kinds of check, flattening several equalities into
 * one pair of sides, and the families of cases most claims are checked on.
 * @module
 */

import { type CostName, type Matrix } from "../../lib/mod.ts";
import { ELEMENTWISE, family } from "../families.ts";
import { entriesOf } from "../numeric.ts";
import type { Case, Checkable, Side, Sides } from "../types.ts";

/**
 * A check whose sides both come from formulas.
 *
 * @example
 * ```ts
 * import { exact } from "./common.ts";
 * if (exact(() => ({ left: 1, right: 1 })).compare !== "exact") throw new Error("exact");
 * ```
 */
export function exact(check: (c: Case) => Sides): Checkable {
  return { compare: "exact", check };
}

/**
 * A check with a side by central differences.
 *
 * @example
 * ```ts
 * import { differences } from "./common.ts";
 * if (differences(() => ({ left: 1, right: 1 })).compare !== "finiteDifference") throw new Error("fd");
 * ```
 */
export function differences(check: (c: Case) => Sides): Checkable {
  return { compare: "finiteDifference", check };
}

/**
 * A check with a side by a one-sided difference quotient (a first-order, ≈ statement).
 *
 * @example
 * ```ts
 * import { firstOrder } from "./common.ts";
 * if (firstOrder(() => ({ left: 1, right: 1 })).compare !== "firstOrder") throw new Error("≈");
 * ```
 */
export function firstOrder(check: (c: Case) => Sides): Checkable {
  return { compare: "firstOrder", check };
}

/**
 * Several equalities as one pair of sides: the entries of every left side, then of every right
 * side, flattened in order (a matrix row by row).
 *
 * @example
 * ```ts
 * import { pairs } from "./common.ts";
 * const s = pairs([[1, 1], [[2, 3], [2, 3]]]);
 * if (s.left.join() !== "1,2,3" || s.right.join() !== "1,2,3") throw new Error("flattened");
 * ```
 */
export function pairs(
  list: [Side, Side][],
  at?: string,
): { left: number[]; right: number[]; at?: string } {
  const left: number[] = [], right: number[] = [];
  for (const [l, r] of list) {
    const le = entriesOf(l), re = entriesOf(r);
    if (le.length !== re.length) {
      throw new Error(
        `an equality with ${le.length} entries on the left and ${re.length} on the right`,
      );
    }
    left.push(...le);
    right.push(...re);
  }
  return { left, right, at };
}

/**
 * Entry (i, j) of a matrix.
 *
 * @example
 * ```ts
 * import { fromRows } from "../../lib/mod.ts";
 * import { entry } from "./common.ts";
 * if (entry(fromRows([[1, 2], [3, 4]]), 1, 0) !== 3) throw new Error("row 1, column 0");
 * ```
 */
export function entry(m: Matrix, i: number, j: number): number {
  if (i < 0 || i >= m.rows || j < 0 || j >= m.cols) {
    throw new Error(`entry (${i}, ${j}) of a ${m.rows}×${m.cols} matrix does not exist`);
  }
  return m.data[i * m.cols + j];
}

const ALL_COSTS: readonly CostName[] = ["quadratic", "squaredError", "crossEntropy"];

/** Families the sources' claims are checked on. */
export const FAMILIES = {
  /** 1–4 layers of 1–4 neurons, elementwise activations, any cost, l any layer. */
  anyLayer: family({ depth: [1, 4], costs: ALL_COSTS, layer: "any" }),
  /** The same with l the output layer. */
  output: family({ depth: [1, 4], costs: ALL_COSTS, layer: "output" }),
  /** 2–4 layers, l a hidden layer (so that layer l + 1 exists). */
  hidden: family({ depth: [2, 4], costs: ALL_COSTS, layer: "hidden" }),
  /** 2–4 layers, all widths equal (2–4), l hidden: W^l square, so transposes are defined. */
  squareHidden: family({
    depth: [2, 4],
    widths: [2, 4],
    equalWidths: true,
    costs: ALL_COSTS,
    layer: "hidden",
  }),
  /** Quadratic cost ½‖a − y‖² only, l the output layer. */
  quadraticOutput: family({ depth: [1, 4], costs: ["quadratic"], layer: "output" }),
  /** The unhalved ‖a − y‖² (003's cost), l any layer. */
  squaredErrorAny: family({ depth: [1, 4], costs: ["squaredError"], layer: "any" }),
  /** One input, one neuron, C = (a¹ − y)². */
  oneNeuron: family({
    sizes: [1, 1],
    output: ELEMENTWISE,
    costs: ["squaredError"],
    layer: "output",
  }),
  /** 2–4 layers of one neuron, C = (a^L − y)². */
  chain: family({
    depth: [2, 4],
    widths: [1, 1],
    costs: ["squaredError"],
    layer: "any",
    description: "2–4 layers of one neuron; sigmoid/tanh/relu/identity; C = (a^L − y)²",
  }),
  /** ReLU hidden layers, softmax output, cross-entropy, one-hot targets (003's classifier). */
  classifier: family({
    depth: [2, 4],
    widths: [2, 5],
    hidden: ["relu"],
    output: ["softmax"],
    costs: ["crossEntropy"],
    labels: "oneHot",
    layer: "hidden",
  }),
  /** The same with all widths equal, so that a wrong W^{(1)} in place of W^{(2)} is defined. */
  squareClassifier: family({
    depth: [2, 4],
    widths: [2, 5],
    equalWidths: true,
    hidden: ["relu"],
    output: ["softmax"],
    costs: ["crossEntropy"],
    labels: "oneHot",
    layer: "hidden",
  }),
  /** 003's worked example in small: one ReLU hidden layer, softmax output, cross-entropy. */
  twoLayerClassifier: family({
    depth: [2, 2],
    widths: [2, 5],
    hidden: ["relu"],
    output: ["softmax"],
    costs: ["crossEntropy"],
    labels: "oneHot",
    layer: "output",
  }),
  /** The same with all widths equal. */
  squareTwoLayerClassifier: family({
    depth: [2, 2],
    widths: [2, 5],
    equalWidths: true,
    hidden: ["relu"],
    output: ["softmax"],
    costs: ["crossEntropy"],
    labels: "oneHot",
    layer: "output",
  }),
};
