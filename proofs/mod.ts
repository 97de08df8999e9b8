/**
 * The course's derivations as checkable proofs, and the source texts' claims with verdicts.
 *
 * A proof is a statement and an ordered list of steps; each step has its LaTeX, the rule it uses
 * and a check that computes both sides on a concrete network. The checker runs every step over
 * many seeded random networks (and scalar chains symbolically with mathjs) and reports, per
 * step, the worst discrepancy or a counterexample. The sources' equations are transcribed in
 * their own notation as claims, each with a verdict: holds, fails (with a counterexample and a
 * checked correction) or not checkable (and why).
 *
 * @example
 * ```ts
 * import { checkProof, checkSources, countVerdicts, PROOFS, SOURCES } from "./mod.ts";
 * const bp1 = checkProof(PROOFS.find((p) => p.id === "bp1")!, { trials: 5 });
 * if (!bp1.holds) throw new Error("BP1 holds");
 * const n = countVerdicts(checkSources(SOURCES.slice(2, 3), { trials: 3 }));
 * if (n.fails !== 3) throw new Error("the blog post has three failing claims");
 * ```
 * @module
 */

export type {
  Case,
  ChainSpec,
  ChainSymbols,
  Checkable,
  Claim,
  ClaimReport,
  Comparison,
  Correction,
  Counterexample,
  Family,
  Proof,
  ProofReport,
  Side,
  Sides,
  Source,
  Step,
  StepReport,
  SymbolicCheck,
  SymbolicResult,
  Verdict,
} from "./types.ts";
export {
  checkCheckable,
  checkClaim,
  type CheckOptions,
  checkProof,
  checkProofs,
  checkSources,
  COMPARISONS,
  countVerdicts,
  DEFAULT_TRIALS,
} from "./check.ts";
export {
  type CaseOptions,
  createCase,
  ELEMENTWISE,
  family,
  type FamilyOptions,
  KINK_MARGIN,
  PROBABILITY_MARGIN,
} from "./families.ts";
export {
  batchCost,
  compareSides,
  costOfActivation,
  costOfWeightedInput,
  costWithParameters,
  derivative,
  DIFFERENCE_STEP,
  entriesOf,
  forwardFrom,
  gradient,
  isMatrix,
  jacobian,
  nextWeightedInput,
  shapeOf,
  type SideComparison,
  withParameters,
} from "./numeric.ts";
export {
  activationGradientByDifferences,
  activationJacobianByDifferences,
  batchDeltasByDifferences,
  batchDeltasOf,
  batchParameterGradientByDifferences,
  batchTraceOf,
  costGradientOf,
  deltaByDifferences,
  deltasOf,
  exampleCase,
  matrixOf,
  parameterGradientByDifferences,
  sigmaPrimeByDifferences,
  sigmaPrimeOf,
  traceOf,
  weightedInputWith,
} from "./quantities.ts";
export { chainSymbols, describeChain, symbolicIdentity } from "./symbolic.ts";
export {
  BP1,
  BP2,
  BP3,
  BP4,
  CHAIN_OF_NEURONS,
  ONE_NEURON,
  PROOFS,
  SIGMA_PRIME_PRODUCT,
  SOFTMAX_CROSS_ENTROPY,
} from "./derivations/mod.ts";
export { BLOG, CALCULUS_NOTES, NIELSEN, SOURCES, SWAPPED_NOTES } from "./claims/mod.ts";
export {
  failureMarkdown,
  mathify,
  proofMarkdown,
  renderClaimsTable,
  renderCounterexample,
  renderFailures,
  renderNotCheckable,
  renderProof,
  renderProofSummary,
  renderVerdictCounts,
  sideToLatex,
  wrappableMath,
} from "./render.ts";
