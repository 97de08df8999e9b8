/**
 * The checker: every step of a proof (and every source's claim) is evaluated at many seeded
 * random cases. Randomized identity testing: a false identity between real-analytic functions
 * (sigmoid, tanh, softmax, exp, log and polynomials are) almost surely fails at a random point —
 * smoothness alone is not enough — and with ReLU the same holds on each region where the
 * pattern of active units is fixed, which the families reach while keeping a margin from the
 * kinks. So one that holds at every one of many random points is very likely an identity on the
 * regions the cases visit. It checks the displayed identities, not that each step follows from
 * the rule named beside it. Scalar chains are also checked symbolically (see symbolic.ts).
 *
 * Nothing a step does can crash a run: a check that throws, sides of different shapes, or a
 * value that is not finite make that step fail, with the reason.
 * @module
 */

import type {
  Case,
  Checkable,
  Claim,
  ClaimReport,
  Comparison,
  Counterexample,
  Family,
  Proof,
  ProofReport,
  Source,
  StepReport,
  SymbolicResult,
} from "./types.ts";
import { compareSides } from "./numeric.ts";
import { chainSymbols, describeChain, symbolicIdentity } from "./symbolic.ts";

/**
 * The tolerance of each kind of comparison, on the normwise relative discrepancy
 * max_i |l_i − r_i| / max(‖l‖_∞, ‖r‖_∞, floor); below the floor differences count absolutely.
 * Calibrated on 1000 random cases of every proof step and 500 of every claim that holds (and
 * every correction): the worst discrepancies seen were 1.1e-12 (exact), 1.0e-8 (finite
 * differences) and 9.3e-6 (first order), about 100 times below these tolerances; the false
 * claims' counterexamples are all above 0.3.
 *
 * @example
 * ```ts
 * import { COMPARISONS } from "./check.ts";
 * if (!(COMPARISONS.finiteDifference.tolerance > COMPARISONS.exact.tolerance)) {
 *   throw new Error("finite-difference sides need the looser tolerance");
 * }
 * ```
 */
export const COMPARISONS: Record<
  Comparison,
  { tolerance: number; floor: number; description: string }
> = {
  exact: {
    tolerance: 1e-10,
    floor: 1e-4,
    description: "both sides from formulas: only round-off separates them",
  },
  finiteDifference: {
    tolerance: 1e-6,
    floor: 1e-4,
    description: "a side is a derivative by central differences (h = 1e-3, one Richardson " +
      "extrapolation, error O(h⁴) + O(u/h))",
  },
  firstOrder: {
    tolerance: 1e-3,
    floor: 1e-2,
    description: "a side is a one-sided difference quotient (step 1e-7): a first-order (≈) " +
      "statement, error O(h)",
  },
};

/** Options of the checker. */
export interface CheckOptions {
  /** Random cases per step (default {@link DEFAULT_TRIALS}). */
  trials?: number;
  /** Case t is drawn from seed + t (default 1). Every step of a proof sees the same cases. */
  seed?: number;
  /** Run the symbolic checks of scalar chains too (default true). */
  symbolic?: boolean;
}

/**
 * Random cases per step unless told otherwise.
 *
 * @example
 * ```ts
 * import { DEFAULT_TRIALS } from "./check.ts";
 * if (DEFAULT_TRIALS !== 100) throw new Error("100 cases per step");
 * ```
 */
export const DEFAULT_TRIALS = 100;

/**
 * Checks one step (or statement, claim, correction) over `trials` cases of a family.
 *
 * @example
 * ```ts
 * import { checkCheckable, family } from "./mod.ts";
 * const r = checkCheckable("always-two", {
 *   compare: "exact",
 *   check: (c) => ({ left: c.x.length + c.x.length, right: 2 * c.x.length }),
 * }, family(), { trials: 10 });
 * if (!r.holds || r.trials !== 10 || r.worst !== 0) throw new Error("n + n = 2n");
 * const bad = checkCheckable("throws", { compare: "exact", check: () => { throw new Error("boom"); } }, family(), { trials: 3 });
 * if (bad.holds || !bad.reason?.includes("boom")) throw new Error("a throwing check fails the step");
 * ```
 */
export function checkCheckable(
  id: string,
  checkable: Checkable,
  fam: Family,
  options: CheckOptions = {},
): StepReport {
  const started = performance.now();
  const trials = options.trials ?? DEFAULT_TRIALS;
  const base = options.seed ?? 1;
  const { tolerance, floor } = COMPARISONS[checkable.compare] ?? COMPARISONS.exact;
  let failures = 0, worst = 0, compared = 0;
  let counterexample: Counterexample | undefined;
  let reason: string | undefined;
  const fail = (c: Case | undefined, seed: number, extra: Partial<Counterexample>) => {
    failures++;
    if (extra.reason !== undefined && reason === undefined) reason = extra.reason;
    if (counterexample === undefined) counterexample = describeCase(c, seed, fam, extra);
  };
  for (let t = 0; t < trials; t++) {
    const seed = base + t;
    let c: Case;
    try {
      c = fam.draw(seed);
    } catch (e) {
      fail(undefined, seed, { reason: `drawing the case threw: ${message(e)}` });
      continue;
    }
    let sides;
    try {
      sides = checkable.check(c);
    } catch (e) {
      fail(c, seed, { reason: `the check threw: ${message(e)}` });
      continue;
    }
    if (typeof sides !== "object" || sides === null || !("left" in sides && "right" in sides)) {
      fail(c, seed, { reason: "the check returned no { left, right }" });
      continue;
    }
    const cmp = compareSides(sides.left, sides.right, floor);
    if ("reason" in cmp) {
      fail(c, seed, { reason: cmp.reason, left: sides.left, right: sides.right, at: sides.at });
      continue;
    }
    compared++;
    if (cmp.discrepancy > worst) worst = cmp.discrepancy;
    if (!(cmp.discrepancy <= tolerance)) {
      fail(c, seed, {
        left: sides.left,
        right: sides.right,
        at: sides.at,
        discrepancy: cmp.discrepancy,
      });
    }
  }
  const symbolic = options.symbolic === false || !checkable.symbolic
    ? undefined
    : runSymbolic(checkable);
  const symbolicFails = (symbolic ?? []).some((s) => s.outcome === "fails");
  if (symbolicFails && reason === undefined && failures === 0) {
    reason = "the symbolic check fails";
  }
  return {
    id,
    holds: failures === 0 && !symbolicFails && trials > 0,
    compare: checkable.compare,
    tolerance,
    floor,
    trials,
    failures,
    compared,
    worst,
    counterexample,
    reason,
    symbolic,
    milliseconds: performance.now() - started,
  };
}

function runSymbolic(checkable: Checkable): SymbolicResult[] {
  const sym = checkable.symbolic!;
  const out: SymbolicResult[] = [];
  for (const spec of sym.chains) {
    let sides: { left: string[]; right: string[] };
    try {
      sides = sym.sides(chainSymbols(spec));
    } catch (e) {
      out.push({
        chain: describeChain(spec),
        index: 0,
        outcome: "fails",
        detail: `building the expressions threw: ${message(e)}`,
      });
      continue;
    }
    if (sides.left.length !== sides.right.length) {
      out.push({
        chain: describeChain(spec),
        index: 0,
        outcome: "fails",
        detail: `${sides.left.length} left sides but ${sides.right.length} right sides`,
      });
      continue;
    }
    sides.left.forEach((l, i) => out.push(symbolicIdentity(spec, i, l, sides.right[i])));
  }
  return out;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function describeCase(
  c: Case | undefined,
  seed: number,
  fam: Family,
  extra: Partial<Counterexample>,
): Counterexample {
  return {
    seed,
    family: fam.description,
    sizes: c ? [...c.net.sizes] : [],
    activations: c ? c.net.activations.slice(1) : [],
    cost: c?.cost ?? "quadratic",
    x: c ? Array.from(c.x) : [],
    y: c ? Array.from(c.y) : [],
    l: c?.l ?? 0,
    ...extra,
  };
}

/**
 * Checks every step of a proof, and its statement, over the same seeded cases.
 *
 * @example
 * ```ts
 * import { checkProof, PROOFS } from "./mod.ts";
 * const report = checkProof(PROOFS.find((p) => p.id === "bp3")!, { trials: 5 });
 * if (!report.holds) throw new Error("BP3 holds");
 * ```
 */
export function checkProof(proof: Proof, options: CheckOptions = {}): ProofReport {
  const started = performance.now();
  const statement = checkCheckable("statement", proof.statementCheck, proof.family, options);
  const steps = proof.steps.map((s) => checkCheckable(s.id, s, proof.family, options));
  return {
    proof,
    holds: statement.holds && steps.every((s) => s.holds),
    statement,
    steps,
    milliseconds: performance.now() - started,
  };
}

/**
 * Checks several proofs.
 *
 * @example
 * ```ts
 * import { checkProofs, PROOFS } from "./mod.ts";
 * const reports = checkProofs(PROOFS.slice(0, 2), { trials: 3, symbolic: false });
 * if (reports.length !== 2 || !reports.every((r) => r.holds)) throw new Error("both hold");
 * ```
 */
export function checkProofs(proofs: readonly Proof[], options: CheckOptions = {}): ProofReport[] {
  return proofs.map((p) => checkProof(p, options));
}

/**
 * The verdict on one claim: `not checkable` when it says so; otherwise `holds` or `fails` by
 * its check. A correction is checked too (it must hold). `problem` flags an inconsistent claim:
 * a failing claim without a correction, or a claim that is neither checkable nor says why.
 *
 * @example
 * ```ts
 * import { checkClaim, SOURCES } from "./mod.ts";
 * const nielsen = SOURCES[0];
 * const bp3 = nielsen.claims.find((c) => c.id === "nielsen-bp3")!;
 * const r = checkClaim(nielsen, bp3, { trials: 10 });
 * if (r.verdict !== "fails" || !r.correction?.holds) throw new Error("BP3 as printed fails; corrected, it holds");
 * ```
 */
export function checkClaim(source: Source, claim: Claim, options: CheckOptions = {}): ClaimReport {
  if (claim.notCheckable) {
    return {
      source,
      claim,
      verdict: "not checkable",
      problem: claim.checkable ? "marked not checkable but has a check" : undefined,
    };
  }
  if (!claim.checkable || !claim.family) {
    return {
      source,
      claim,
      verdict: "not checkable",
      problem: "neither a check nor a reason why there is none",
    };
  }
  const check = checkCheckable(claim.id, claim.checkable, claim.family, options);
  const correction = claim.correction
    ? checkCheckable(
      `${claim.id} (corrected)`,
      claim.correction,
      claim.correction.family ?? claim.family,
      options,
    )
    : undefined;
  const verdict = check.holds ? "holds" : "fails";
  let problem: string | undefined;
  if (verdict === "fails" && !correction) problem = "fails, but has no correction";
  if (verdict === "holds" && correction) problem = "holds, but has a correction";
  if (correction && !correction.holds) problem = "its correction does not hold";
  return { source, claim, verdict, check, correction, problem };
}

/**
 * The verdicts on every claim of the given sources, in order.
 *
 * @example
 * ```ts
 * import { checkSources, SOURCES } from "./mod.ts";
 * const reports = checkSources(SOURCES.slice(1, 2), { trials: 3 });
 * if (reports.some((r) => r.problem !== undefined)) throw new Error("consistent claims");
 * ```
 */
export function checkSources(
  sources: readonly Source[],
  options: CheckOptions = {},
): ClaimReport[] {
  return sources.flatMap((s) => s.claims.map((c) => checkClaim(s, c, options)));
}

/**
 * How many claims got each verdict.
 *
 * @example
 * ```ts
 * import { countVerdicts } from "./check.ts";
 * const n = countVerdicts([]);
 * if (n.holds !== 0 || n.fails !== 0 || n["not checkable"] !== 0) throw new Error("none");
 * ```
 */
export function countVerdicts(
  reports: readonly ClaimReport[],
): Record<"holds" | "fails" | "not checkable", number> {
  const n = { holds: 0, fails: 0, "not checkable": 0 };
  for (const r of reports) n[r.verdict]++;
  return n;
}
