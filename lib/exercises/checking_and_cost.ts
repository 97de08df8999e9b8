/**
 * The exercises of chapters 8 and 9: checking gradients, and counting the work.
 * @module
 */

import { activation } from "../activations.ts";
import { deltaRecursion } from "../delta_recursion.ts";
import { gradientBlocks, readNumber, scalarBlock } from "./blocks.ts";
import { backprop } from "./references.ts";
import {
  type Answer,
  backpropMistakes,
  call,
  type ExerciseCase,
  type ExerciseSpec,
  GRADIENT,
  gradientCases,
  maybe,
  NET_XY,
} from "./spec.ts";

/** The exercises of chapters 8 and 9. */
export const CHECKING_AND_COST: readonly ExerciseSpec[] = [
  {
    id: "central-difference",
    title: "The central difference quotient",
    signature: "(f: (t: number) => number, t: number, epsilon: number) => number",
    cases: () => {
      const fs: { name: string; f: (t: number) => number; df: (t: number) => number }[] = [
        { name: "t³", f: (t) => t ** 3, df: (t) => 3 * t ** 2 },
        { name: "sin t", f: Math.sin, df: Math.cos },
        { name: "exp t", f: Math.exp, df: Math.exp },
        { name: "1/(1 + t²)", f: (t) => 1 / (1 + t * t), df: (t) => (-2 * t) / (1 + t * t) ** 2 },
      ];
      const points: [number, number, number][] = [
        [0, 1, 0.1],
        [1, 0.5, 0.01],
        [2, -1, 0.1],
        [3, 0.7, 0.05],
        [
          0,
          -2,
          0.001,
        ],
        [1, 2, 0.2],
        [3, -0.3, 0.1],
        [2, 1.5, 0.01],
      ];
      return points.map(([which, t, eps]) => {
        const { name, f, df } = fs[which];
        const one = (v: number) => [scalarBlock("the quotient", v)];
        return {
          label: `f(t) = ${name}, t = ${t}, ε = ${eps}`,
          call: (answer: Answer) => call(answer, f, t, eps),
          read: (v: unknown) => one(readNumber(v, "the quotient")),
          want: one((f(t + eps) - f(t - eps)) / (2 * eps)),
          mistakes: [
            {
              hint:
                "that is the one-sided quotient (f(t + ε) − f(t))/ε: its error shrinks like ε; " +
                "the central one, (f(t + ε) − f(t − ε))/(2ε), like ε².",
              blocks: () => one((f(t + eps) - f(t)) / eps),
            },
            {
              hint: "the two points t − ε and t + ε are 2ε apart: divide by 2ε.",
              blocks: () => one((f(t + eps) - f(t - eps)) / eps),
            },
            {
              hint: "that is the exact derivative f′(t), not the difference quotient.",
              blocks: () => one(df(t)),
            },
          ],
        };
      });
    },
  },
  {
    id: "relative-error",
    title: "The relative error of two numbers",
    signature: "(a: number, b: number) => number",
    cases: () =>
      ([[1, 1.001], [0, 0], [1e-20, -1e-20], [-3, 3], [5, 0], [0, -2], [1e6, 1e6 + 1], [
        2.5,
        2.5,
      ]] as [
        number,
        number,
      ][]).map(([a, b]) => {
        const one = (v: number) => [scalarBlock("the relative error", v)];
        return {
          label: `a = ${a}, b = ${b}`,
          call: (f: Answer) => call(f, a, b),
          read: (v: unknown) => one(readNumber(v, "the relative error")),
          want: one(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12)),
          mistakes: [
            {
              hint:
                "without the floor 1e-12, two numbers that are both 0 (or both round-off) give " +
                "0/0 or a huge 'relative' error: divide by max(|a|, |b|, 1e-12).",
              blocks: () => one(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))),
            },
            {
              hint: "dividing by |a| alone breaks when a = 0 and makes the error depend on the " +
                "order: divide by max(|a|, |b|, 1e-12).",
              blocks: () => one(Math.abs(a - b) / Math.abs(a)),
            },
            {
              hint: "the error is a size: take |a − b|.",
              blocks: () => one((a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12)),
            },
          ],
        };
      }),
  },
  {
    id: "bug-hunt",
    title: "Find and fix the planted bug",
    signature: `${NET_XY} => ${GRADIENT}`,
    cases: () =>
      gradientCases(
        (c) => deltaRecursion(c.net, c.x, c.y, "quadratic"),
        (c) => {
          const [planted, ...rest] = backpropMistakes(c);
          // The hunt is the exercise: the hint points at the evidence, not at the line.
          const hunt = "the planted bug is still there. Compare your gradient with finite " +
            "differences block by block: the output layer agrees, the layers below do not, so " +
            "the bug is in the step that carries δ from one layer down to the next.";
          const sigmoidSlope = (l: number, z: Float64Array) =>
            activation(c.net.activations[l]).value(z).map((a) => a * (1 - a));
          return [{ ...planted, hint: hunt }, ...rest, {
            hint: "a(1 − a) is the slope of the sigmoid only; a tanh layer's is 1 − a². Take σ′ " +
              "from the layer's own activation, at z^l.",
            blocks: maybe(() =>
              gradientBlocks(backprop(c.net, c.x, c.y, { derivative: sigmoidSlope }))
            ),
          }];
        },
        "mixed",
      ),
  },
  // ---------------------------------------------------------------- efficiency
  {
    id: "parameter-count",
    title: "How many parameters?",
    signature: "(sizes: number[]) => number",
    cases: () =>
      sizeCases((s) => sum(s, (n, m) => n * (m + 1)), [
        {
          hint: "that counts the weights only: add one bias per neuron of layers 1..L.",
          value: (s) => sum(s, (n, m) => n * m),
        },
        {
          hint: "the input layer (layer 0) has no biases: sum over layers 1..L.",
          value: (s) => sum(s, (n, m) => n * (m + 1)) + s[0],
        },
      ]),
  },
  {
    id: "forward-multiply-adds",
    title: "The multiplications of one forward pass",
    signature: "(sizes: number[]) => number",
    cases: () =>
      sizeCases((s) => sum(s, (n, m) => n * m), [
        {
          hint:
            "adding b^l is an addition, not a multiplication: count the products in W^l a^{l−1}.",
          value: (s) => sum(s, (n, m) => n * (m + 1)),
        },
        {
          hint:
            "W^l is n_l × n_{l−1}: its product with a^{l−1} takes n_l · n_{l−1} multiplications.",
          value: (s) => sum(s, (n) => n * n),
        },
      ]),
  },
];

const SIZE_LISTS: readonly number[][] = [[2, 3, 3, 2], [784, 30, 10], [1, 1], [784, 100, 10], [
  5,
  4,
  3,
  2,
  1,
], [3, 3]];

/** Σ over l = 1..L of term(n_l, n_{l−1}). */
function sum(s: readonly number[], term: (n: number, m: number) => number): number {
  let total = 0;
  for (let l = 1; l < s.length; l++) total += term(s[l], s[l - 1]);
  return total;
}

function sizeCases(
  want: (s: readonly number[]) => number,
  mistakes: { hint: string; value: (s: readonly number[]) => number }[],
): ExerciseCase[] {
  return SIZE_LISTS.map((s) => ({
    label: `sizes = [${s.join(", ")}]`,
    call: (f: Answer) => call(f, [...s]),
    read: (v: unknown) => [scalarBlock("the count", readNumber(v, "the count"))],
    want: [scalarBlock("the count", want(s))],
    mistakes: mistakes.map((m) => ({
      hint: m.hint,
      blocks: () => [scalarBlock("the count", m.value(s))],
    })),
  }));
}
