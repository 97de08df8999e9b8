/**
 * Every derivation of the course as a checkable proof, in reading order.
 * @module
 */

import type { Proof } from "../types.ts";
import { BP1 } from "./bp1.ts";
import { BP2 } from "./bp2.ts";
import { BP3 } from "./bp3.ts";
import { BP4 } from "./bp4.ts";
import { CHAIN_OF_NEURONS } from "./chain_of_neurons.ts";
import { ONE_NEURON } from "./one_neuron.ts";
import { SIGMA_PRIME_PRODUCT } from "./sigma_prime_product.ts";
import { SOFTMAX_CROSS_ENTROPY } from "./softmax_cross_entropy.ts";

export {
  BP1,
  BP2,
  BP3,
  BP4,
  CHAIN_OF_NEURONS,
  ONE_NEURON,
  SIGMA_PRIME_PRODUCT,
  SOFTMAX_CROSS_ENTROPY,
};

/**
 * The proofs in reading order: one neuron, L layers of one neuron, BP1–BP4, the Σ′ product form,
 * and softmax with cross-entropy.
 *
 * @example
 * ```ts
 * import { PROOFS } from "./mod.ts";
 * if (PROOFS.length !== 8 || PROOFS[2].id !== "bp1") throw new Error("eight proofs, BP1 third");
 * ```
 */
export const PROOFS: readonly Proof[] = [
  ONE_NEURON,
  CHAIN_OF_NEURONS,
  BP1,
  BP2,
  BP3,
  BP4,
  SIGMA_PRIME_PRODUCT,
  SOFTMAX_CROSS_ENTROPY,
];
