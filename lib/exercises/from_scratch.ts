/**
 * The exercises of the from-scratch chapter: Nielsen's two problems, linear neurons and one modified neuron.
 * @module
 */

import { deltaRecursion } from "../delta_recursion.ts";
import { cloneNetwork } from "../network.ts";
import { gradientBlocks, readGradients } from "./blocks.ts";
import {
  backprop,
  modifiedDerivative,
  modifiedForward,
  networkCase,
  sigmoid,
  sigmoidPrime,
  type SpecialNeuron,
} from "./references.ts";
import {
  type Answer,
  call,
  type ExerciseSpec,
  GRADIENT,
  gradientCases,
  maybe,
  NET_XY,
  vec,
} from "./spec.ts";

/** The exercises of the from-scratch chapter. */
export const FROM_SCRATCH: readonly ExerciseSpec[] = [
  {
    id: "linear-neurons",
    title: "Backpropagation with linear neurons",
    signature: `${NET_XY} => ${GRADIENT}`,
    cases: () =>
      gradientCases(
        (c) => deltaRecursion(c.net, c.x, c.y, "quadratic"),
        (c) => [{
          hint: "a linear neuron has σ(z) = z, so σ′(z) = 1: there is no sigmoid slope to " +
            "multiply by in BP1 or BP2.",
          blocks: maybe(() =>
            gradientBlocks(backprop(c.net, c.x, c.y, { derivative: (_, z) => z.map(sigmoidPrime) }))
          ),
        }],
        "identity",
      ),
  },
  {
    id: "modified-neuron",
    title: "Backpropagation with one modified neuron",
    signature: "(net: Network, x: ArrayLike<number>, y: ArrayLike<number>, special: " +
      "{ layer: number; neuron: number; f: (z: number) => number; fPrime: (z: number) => number })" +
      " => Gradients",
    cases: () =>
      Array.from({ length: 8 }, (_, i) => {
        const c = networkCase(i);
        const L = c.net.sizes.length - 1;
        const layer = 1 + c.rng.int(L), neuron = c.rng.int(c.net.sizes[layer]);
        const special: SpecialNeuron = i % 2 === 0
          ? { layer, neuron, f: Math.tanh, fPrime: (z) => 1 / Math.cosh(z) ** 2 }
          : { layer, neuron, f: (z) => Math.log1p(Math.exp(z)), fPrime: sigmoid };
        const name = i % 2 === 0 ? "tanh" : "softplus";
        const trace = modifiedForward(c.net, c.x, special);
        return {
          label: `${c.label} whose neuron ${neuron} of layer ${layer} uses ${name}`,
          call: (f: Answer) => call(f, cloneNetwork(c.net), vec(c.x), vec(c.y), { ...special }),
          read: (v: unknown) => readGradients(v, c.net),
          want: gradientBlocks(
            backprop(c.net, c.x, c.y, { trace, derivative: modifiedDerivative(special) }),
          ),
          mistakes: [
            {
              hint:
                "the special neuron still uses σ′: where its z enters BP1 or BP2, multiply by " +
                "f′(z) instead.",
              blocks: () =>
                gradientBlocks(
                  backprop(c.net, c.x, c.y, {
                    trace,
                    derivative: modifiedDerivative(special, false),
                  }),
                ),
            },
            {
              hint: "the forward pass must use f at the special neuron too: its activation is " +
                "f(z), which the next layer and the cost see.",
              blocks: () => gradientBlocks(deltaRecursion(c.net, c.x, c.y, "quadratic")),
            },
          ],
        };
      }),
  },
];
