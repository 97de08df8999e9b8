/**
 * Proofs and claims as values. A proof is a statement and an ordered list of steps; every step
 * carries its LaTeX, a one-line justification naming the rule it uses, and a check that computes
 * both sides of the step on a concrete network and example. A claim is one equation a source text
 * states, transcribed in the source's own notation, with the same kind of check (or the reason it
 * cannot have one) and, where it is wrong, a corrected statement that is itself checked.
 *
 * Sides are numbers, vectors or matrices; the checker compares them with the tolerance of the
 * step's {@link Comparison}.
 * @module
 */

import type { ActivationName, CostName, Matrix, Network, Rng } from "../lib/mod.ts";

/** One side of a step: a number, a vector (an array of numbers) or a {@link Matrix}. */
export type Side = number | readonly number[] | Float64Array | Matrix;

/**
 * One concrete point at which steps are checked: a network, one example (x, y) and a batch of
 * examples (X, Y, one per column, whose column 0 is (x, y)), the cost, and the layer l that a
 * statement about "layer l" is checked at. `rng` is seeded from `seed`, for any further draws a
 * check needs (an index, a step size, a polynomial's data).
 */
export interface Case {
  /** The seed the case was drawn from: the same seed gives the same case. */
  seed: number;
  /** The family's description, e.g. "2–4 layers of 1–4 neurons, sigmoid/tanh/relu/identity". */
  family: string;
  net: Network;
  cost: CostName;
  x: Float64Array;
  y: Float64Array;
  /** n_0 × N inputs, one example per column; column 0 is x. */
  X: Matrix;
  /** n_L × N targets; column 0 is y. */
  Y: Matrix;
  /** The layer a statement about layer l is checked at (drawn by the family). */
  l: number;
  rng: Rng;
}

/** What a check returns: both sides, and optionally where in the case it looked (indices). */
export interface Sides {
  left: Side;
  right: Side;
  /** Indices or values the check chose, e.g. "j = 2, k = 0", shown in a counterexample. */
  at?: string;
}

/**
 * How the two sides are compared. Both measure the normwise relative discrepancy
 * max_i |l_i − r_i| / max(max_i |l_i|, max_i |r_i|, floor):
 * - `exact`: both sides come from formulas; only round-off separates them.
 * - `finiteDifference`: a side is a derivative estimated by central differences (Richardson-
 *   extrapolated), so truncation and round-off of the difference quotient are allowed for.
 * - `firstOrder`: a side is a one-sided difference quotient, a first-order (≈) statement.
 */
export type Comparison = "exact" | "finiteDifference" | "firstOrder";

/** A check and how to compare its sides: what steps, statements, claims and corrections share. */
export interface Checkable {
  /** Computes both sides at one case. It may throw: the checker reports that as a failure. */
  check: (c: Case) => Sides;
  compare: Comparison;
  /** For scalar chains (one neuron per layer): the step checked symbolically as well. */
  symbolic?: SymbolicCheck;
}

/**
 * A symbolic check: for every chain in `chains`, both sides as mathjs expressions in w1…wL,
 * b1…bL, x, y, compared with simplify (and at random points where simplify cannot decide).
 * Each entry of the returned lists is one identity.
 */
export interface SymbolicCheck {
  chains: ChainSpec[];
  sides: (s: ChainSymbols) => { left: string[]; right: string[] };
}

/** One step of a proof. */
export interface Step extends Checkable {
  /** Unique within its proof, e.g. "chain-rule". */
  id: string;
  /** The step as displayed (TeX, without $…$). */
  latex: string;
  /** One line naming the rule used: "chain rule", "definition of δ", "linearity", … */
  justification: string;
}

/** Where a proof's or claim's cases come from: a description and a seeded draw. */
export interface Family {
  description: string;
  /** The same seed gives the same case, bit for bit. */
  draw(seed: number): Case;
}

/** A proof: the statement, the hypotheses, the family it is checked on, and its steps. */
export interface Proof {
  id: string;
  title: string;
  /** What is proved (TeX). */
  statement: string;
  /** The statement itself, checked directly (both sides computed independently). */
  statementCheck: Checkable;
  /** Hypotheses in words, e.g. "σ acts elementwise". */
  hypotheses: string;
  family: Family;
  steps: Step[];
}

/** A chain of L one-neuron layers for the symbolic checks. */
export interface ChainSpec {
  activations: ("sigmoid" | "tanh" | "identity")[];
}

/**
 * mathjs expressions of a chain of one-neuron layers, as strings in the variables w1…wL,
 * b1…bL, x (= a⁰) and y: z(l), a(l), μ(l, e) = σ_l(e), μ′(l, e) = σ_l′(e), the cost
 * C = (a^L − y)² (003's unhalved quadratic), and d(expr, v, at?) = ∂expr/∂v (with v replaced
 * by the expression `at` afterwards when given).
 */
export interface ChainSymbols {
  L: number;
  activations: ("sigmoid" | "tanh" | "identity")[];
  w(l: number): string;
  b(l: number): string;
  z(l: number): string;
  a(l: number): string;
  mu(l: number, e: string): string;
  muPrime(l: number, e: string): string;
  C: string;
  d(expr: string, v: string, at?: string): string;
}

/** The three verdicts a source's claim can get. */
export type Verdict = "holds" | "fails" | "not checkable";

/** A corrected statement of a failing claim; it must hold. */
export interface Correction extends Checkable {
  /** The corrected equation (TeX), in the source's notation. */
  statement: string;
  /** What was changed, in words. */
  note: string;
  /** Cases for the correction, when they differ from the claim's. */
  family?: Family;
}

/** One equation a source states, with its check or the reason it has none. */
export interface Claim {
  /** Unique over all sources, e.g. "nielsen-bp3". */
  id: string;
  /** The section heading and the equation's words, e.g. "The four fundamental equations: BP3". */
  where: string;
  /** The equation as the source writes it, in the source's notation (TeX). */
  statement: string;
  /** How it is read: the notation mapping used, and the choices an ambiguity forced. */
  reading?: string;
  /** A checkable claim: its cases and its check. */
  family?: Family;
  checkable?: Checkable;
  /** Required when the claim fails: the corrected statement, checked too. */
  correction?: Correction;
  /** For a claim that cannot be checked: why, which readings were tried, where it is tested. */
  notCheckable?: { reason: string; readings?: string[]; pointer?: string };
}

/** One source text and its claims. */
export interface Source {
  /** The file in /work/shared/seeds/, e.g. "000_8dabfd615ab888cb.txt". */
  file: string;
  /** A short name for tables, e.g. "Nielsen ch. 2". */
  short: string;
  title: string;
  /** The explicit mapping from the source's notation to the course's. */
  notation: string;
  claims: Claim[];
}

/** A counterexample: where a check failed and both sides there. */
export interface Counterexample {
  seed: number;
  family: string;
  sizes: number[];
  /** Activations of layers 1..L. */
  activations: ActivationName[];
  cost: CostName;
  x: number[];
  y: number[];
  l: number;
  at?: string;
  left?: Side;
  right?: Side;
  discrepancy?: number;
  /** Why the step failed when the sides could not be compared (a throw, a shape, a NaN). */
  reason?: string;
}

/** The result of a symbolic check of one identity for one chain. */
export interface SymbolicResult {
  /** The chain, e.g. "L = 2: sigmoid, tanh". */
  chain: string;
  /** Which identity of the step (its index in the symbolic lists). */
  index: number;
  /** simplify gave 0; or it did not, and random points decided; or the identity is false. */
  outcome: "simplified to 0" | "numeric fallback: holds" | "fails";
  /** What simplify left, for the fallback; the point and both values, for a failure. */
  detail?: string;
}

/** The result of checking one step, statement, claim or correction over many cases. */
export interface StepReport {
  id: string;
  holds: boolean;
  compare: Comparison;
  tolerance: number;
  floor: number;
  /** How many cases were checked, and at how many the check failed. */
  trials: number;
  failures: number;
  /** How many cases had sides that could be compared (same shape, finite values). */
  compared: number;
  /** The largest discrepancy seen over the cases whose sides could be compared. */
  worst: number;
  /** The first failing case. */
  counterexample?: Counterexample;
  /** The reason of the first failure that was not a discrepancy (a throw, a shape, a NaN). */
  reason?: string;
  symbolic?: SymbolicResult[];
  milliseconds: number;
}

/** The result of checking a proof: every step, and the statement itself. */
export interface ProofReport {
  proof: Proof;
  holds: boolean;
  statement: StepReport;
  steps: StepReport[];
  milliseconds: number;
}

/** The verdict on one claim, with the reports behind it. */
export interface ClaimReport {
  source: Source;
  claim: Claim;
  verdict: Verdict;
  check?: StepReport;
  correction?: StepReport;
  /** Set when the claim's own data is inconsistent (e.g. fails without a correction). */
  problem?: string;
}
