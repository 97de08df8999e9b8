/**
 * The course's exercises in reading order: for each, where it sits, what the reader writes, and
 * how it is checked (the seeded cases, the reference answer, the recognisable mistakes). Each
 * chapter group's exercises are in a file of their own.
 * @module
 */

import { CHECKING_AND_COST } from "./checking_and_cost.ts";
import { FROM_SCRATCH } from "./from_scratch.ts";
import { ONE_NEURON_AND_CHAINS } from "./one_neuron_and_chains.ts";
import { PATHS_AND_MATRIX_FORM } from "./paths_and_matrix_form.ts";
import { SIGMA_PRIME_AND_SOFTMAX } from "./sigma_prime_and_softmax.ts";
import type { ExerciseSpec } from "./spec.ts";

export type { Exercise, ExerciseCase, ExerciseSpec, Mistake } from "./spec.ts";

/** Every exercise, chapters 1–9 in order. */
export const SPECS: readonly ExerciseSpec[] = [
  ...ONE_NEURON_AND_CHAINS,
  ...PATHS_AND_MATRIX_FORM,
  ...FROM_SCRATCH,
  ...SIGMA_PRIME_AND_SOFTMAX,
  ...CHECKING_AND_COST,
];
