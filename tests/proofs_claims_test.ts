/**
 * The sources' claims: every verdict is pinned (a claim that changes verdict fails here), every
 * failing claim has a correction that holds, every claim that cannot be checked says why, and
 * the counts by verdict are the ones the notebook "The sources, checked" states.
 */

import {
  checkSources,
  type ClaimReport,
  countVerdicts,
  SOURCES,
  type Verdict,
} from "../proofs/mod.ts";
import { deepEqual, equal, ok } from "./assert.ts";

/** Claim id → expected verdict, source by source, in the order the sources state them. */
const EXPECTED: Record<string, Verdict> = {
  // 000_8dabfd615ab888cb.txt: Nielsen ch. 2
  "nielsen-forward-component": "holds",
  "nielsen-forward-matrix": "holds",
  "nielsen-vectorize-example": "holds",
  "nielsen-weighted-input": "holds",
  "nielsen-transpose-footnote": "holds",
  "nielsen-quadratic-cost": "holds",
  "nielsen-average-gradients": "holds",
  "nielsen-cost-components": "holds",
  "nielsen-hadamard-example": "holds",
  "nielsen-demon": "holds",
  "nielsen-delta-definition": "holds",
  "nielsen-bp1-component": "holds",
  "nielsen-quadratic-gradient": "holds",
  "nielsen-bp1": "holds",
  "nielsen-bp1-quadratic": "holds",
  "nielsen-bp2": "holds",
  "nielsen-bp3": "fails",
  "nielsen-bp3-shorthand": "holds",
  "nielsen-bp4": "fails",
  "nielsen-bp4-shorthand": "holds",
  "nielsen-slow-learning": "not checkable",
  "nielsen-saturation": "holds",
  "nielsen-any-activation": "holds",
  "nielsen-sigma-bp1": "holds",
  "nielsen-sigma-bp2": "holds",
  "nielsen-sigma-product": "holds",
  "nielsen-proof-bp1-chain": "holds",
  "nielsen-proof-bp1-collapse": "holds",
  "nielsen-proof-bp2-chain": "holds",
  "nielsen-proof-bp2-forward": "holds",
  "nielsen-proof-bp2-derivative": "holds",
  "nielsen-proof-bp2-result": "holds",
  // 001_aff8ac9207cb476f.txt: Notes (a, z swapped)
  "swapped-chain-rule": "holds",
  "swapped-bp1": "holds",
  "swapped-bp1-chain": "holds",
  "swapped-bp1-collapse": "holds",
  "swapped-bp2": "holds",
  "swapped-bp2-chain": "holds",
  "swapped-bp2-definition": "holds",
  "swapped-bp2-forward": "holds",
  "swapped-bp2-derivative": "holds",
  "swapped-bp2-result": "holds",
  "swapped-bp3": "holds",
  "swapped-bp3-chain": "holds",
  "swapped-bp3-one": "holds",
  "swapped-bp4": "holds",
  "swapped-bp4-chain": "holds",
  "swapped-bp4-derivative": "holds",
  "swapped-feedforward": "holds",
  "swapped-output-error": "holds",
  "swapped-backpropagate": "holds",
  "swapped-algorithm-output": "holds",
  "swapped-gradient-descent": "holds",
  "swapped-forward-difference": "holds",
  "swapped-cost-of-methods": "not checkable",
  "swapped-exponential-paths": "holds",
  "swapped-dynamic-programming": "holds",
  // 002_dc1f83092af8970a.txt: Blog post
  "blog-bp1": "holds",
  "blog-chain-rule": "holds",
  "blog-bp1-chain": "holds",
  "blog-bp1-collapse": "fails",
  "blog-bp1-component": "holds",
  "blog-bp2": "holds",
  "blog-bp2-chain": "holds",
  "blog-bp2-forward": "holds",
  "blog-bp2-derivative": "holds",
  "blog-bp2-result": "holds",
  "blog-bp3": "holds",
  "blog-bp3-chain": "holds",
  "blog-bp3-rewrite": "fails",
  "blog-bp3-derivative": "holds",
  "blog-bp3-result": "holds",
  "blog-bp4": "holds",
  "blog-bp4-chain": "fails",
  "blog-bp4-derivative": "holds",
  "blog-bp4-result": "holds",
  // 003_b505ed1898149c6e.txt: Backprop. Calculus
  "calculus-intro-component": "holds",
  "calculus-intro-shape": "fails",
  "calculus-intro-matrix": "fails",
  "calculus-cost": "holds",
  "calculus-cost-sum": "holds",
  "calculus-polynomial": "holds",
  "calculus-one-neuron-cost": "holds",
  "calculus-one-neuron-w": "holds",
  "calculus-one-neuron-b": "holds",
  "calculus-relu-derivative": "fails",
  "calculus-relu-one-neuron": "holds",
  "calculus-chain-cost": "holds",
  "calculus-chain-local": "holds",
  "calculus-chain-w-second-last": "holds",
  "calculus-chain-b-second-last": "holds",
  "calculus-chain-local-general": "holds",
  "calculus-chain-w-general": "holds",
  "calculus-chain-b-general": "holds",
  "calculus-widths-activation": "fails",
  "calculus-widths-convention": "fails",
  "calculus-widths-cost-gradient": "holds",
  "calculus-widths-last-layer": "holds",
  "calculus-widths-second-last": "holds",
  "calculus-widths-paths": "holds",
  "calculus-multi-cost": "holds",
  "calculus-multi-gradient": "holds",
  "calculus-matrix-forward": "holds",
  "calculus-matrix-components": "holds",
  "calculus-matrix-gradient": "holds",
  "calculus-delta-chain": "holds",
  "calculus-delta-output": "holds",
  "calculus-delta-recursion-chain": "holds",
  "calculus-delta-forward-sum": "fails",
  "calculus-delta-derivative": "holds",
  "calculus-delta-component": "holds",
  "calculus-delta-vector": "holds",
  "calculus-delta-example": "fails",
  "calculus-summary-cost": "holds",
  "calculus-summary-gradient": "fails",
  "calculus-summary-recursion": "fails",
  "calculus-mnist-shapes": "holds",
  "calculus-mnist-forward": "holds",
  "calculus-softmax": "holds",
  "calculus-softmax-hadamard": "fails",
  "calculus-softmax-jacobian": "holds",
  "calculus-cross-entropy": "holds",
  "calculus-cross-entropy-mean": "holds",
  "calculus-cross-entropy-prose": "not checkable",
  "calculus-output-delta": "holds",
  "calculus-hidden-delta": "fails",
  "calculus-relu-derivative-worked": "holds",
  "calculus-worked-gradients": "holds",
  "calculus-batched-forward": "fails",
  "calculus-batched-delta": "fails",
  "calculus-batched-gradients": "holds",
  "calculus-batched-b2": "fails",
  "calculus-update": "holds",
  "calculus-accuracy-90": "not checkable",
  "calculus-more-layers": "not checkable",
  "calculus-summary-forward": "holds",
  "calculus-summary-delta-definition": "fails",
  "calculus-summary-backward": "fails",
  "calculus-summary-gradients": "holds",
  "calculus-appendix-softmax": "holds",
  "calculus-appendix-expand": "holds",
  "calculus-appendix-one-hot": "holds",
  "calculus-appendix-linear": "holds",
  "calculus-appendix-log": "holds",
  "calculus-appendix-result": "holds",
};

const TRIALS = 50;
let cached: ClaimReport[] | undefined;
const reports = () => (cached ??= checkSources(SOURCES, { trials: TRIALS }));

Deno.test("every claim of every source is in the table of expected verdicts, and nothing else", () => {
  const ids = SOURCES.flatMap((s) => s.claims.map((c) => c.id));
  equal(new Set(ids).size, ids.length, "claim ids are unique");
  deepEqual([...ids].sort(), Object.keys(EXPECTED).sort());
});

Deno.test("every claim gets its pinned verdict", () => {
  const changed = reports()
    .filter((r) => r.verdict !== EXPECTED[r.claim.id])
    .map((r) => {
      const why = r.check?.counterexample
        ? ` (first failure: seed ${r.check.counterexample.seed}, discrepancy ${r.check.counterexample.discrepancy}, ${
          r.check.reason ?? ""
        })`
        : "";
      return `${r.claim.id}: expected ${EXPECTED[r.claim.id]}, got ${r.verdict}${why}`;
    });
  deepEqual(changed, []);
});

Deno.test("the counts by verdict: 119 hold, 21 fail, 5 cannot be checked", () => {
  deepEqual(countVerdicts(reports()), { holds: 119, fails: 21, "not checkable": 5 });
  const bySource = Object.fromEntries(
    SOURCES.map((
      s,
    ) => [s.file.slice(0, 3), countVerdicts(reports().filter((r) => r.source === s))]),
  );
  deepEqual(bySource, {
    "000": { holds: 29, fails: 2, "not checkable": 1 },
    "001": { holds: 24, fails: 0, "not checkable": 1 },
    "002": { holds: 16, fails: 3, "not checkable": 0 },
    "003": { holds: 50, fails: 16, "not checkable": 3 },
  });
});

Deno.test("every failing claim has a counterexample and a correction, and every correction holds", () => {
  for (const r of reports()) {
    if (r.claim.correction) {
      ok(
        r.correction?.holds,
        `${r.claim.id}: its correction does not hold: ${
          JSON.stringify(r.correction?.counterexample)
        }`,
      );
    }
    if (r.verdict !== "fails") continue;
    ok(r.claim.correction, `${r.claim.id} fails but has no correction`);
    const ce = r.check?.counterexample;
    ok(
      ce && ce.sizes.length > 0 && ce.left !== undefined && ce.right !== undefined,
      `${r.claim.id}: a counterexample with both sides`,
    );
    ok(
      (ce.discrepancy ?? 0) > 0.1,
      `${r.claim.id}: a clear counterexample, not round-off (${ce.discrepancy})`,
    );
  }
});

Deno.test("no claim is inconsistent: checkable ones have a family and a check, the rest a reason", () => {
  deepEqual(reports().filter((r) => r.problem).map((r) => `${r.claim.id}: ${r.problem}`), []);
  for (const s of SOURCES) {
    ok(s.notation.length > 50, `${s.file}: the notation mapping is stated`);
    for (const c of s.claims) {
      ok(
        c.where.trim().length > 0 && c.statement.trim().length > 0,
        `${c.id}: where and statement`,
      );
      ok(!c.statement.includes("|"), `${c.id}: no | in TeX (a Markdown table would break it)`);
      if (c.notCheckable) ok(c.notCheckable.reason.length > 10, `${c.id}: why not checkable`);
    }
  }
});

Deno.test("the empirical claims point to the MNIST chapter", () => {
  const empirical = SOURCES.flatMap((s) => s.claims).filter((c) => c.notCheckable?.pointer);
  deepEqual(empirical.map((c) => c.id).sort(), ["calculus-accuracy-90", "calculus-more-layers"]);
  ok(empirical.every((c) => c.notCheckable!.pointer!.includes("The MNIST chapter")));
});

Deno.test("what a reader sees names sources in words: no file names, no claim ids", () => {
  const ids = SOURCES.flatMap((s) => s.claims.map((c) => c.id));
  const shown = SOURCES.flatMap((s) => [
    s.short,
    s.title,
    s.notation,
    ...s.claims.flatMap((c) => [
      c.where,
      c.reading ?? "",
      c.correction?.note ?? "",
      c.notCheckable?.reason ?? "",
      ...(c.notCheckable?.readings ?? []),
      c.notCheckable?.pointer ?? "",
    ]),
  ]).join("\n");
  ok(!/\b00[0-3]_[0-9a-f]{16}\.txt\b/.test(shown), "a hashed file name is shown");
  const named = ids.filter((id) => shown.includes(id));
  deepEqual(named, [], "claim ids are shown");
  const nielsen = SOURCES[0].claims.filter((c) => c.correction);
  ok(nielsen.every((c) => c.reading!.includes("the reprint")), "the reprint, not the book");
});

Deno.test("one reading policy: every garbled formula says how it was read", () => {
  const garbled = SOURCES.flatMap((s) => s.claims).filter((c) =>
    /^(garbled|not well-formed)/.test(c.reading ?? "")
  );
  ok(garbled.length >= 8, `${garbled.length} garbled formulas`);
  ok(
    garbled.every((c) => /\bread (as|in|componentwise|with)/i.test(c.reading!)),
    "a stated reading",
  );
  const slips = SOURCES.flatMap((s) => s.claims).filter((c) =>
    /^well-formed as printed, so read as printed/.test(c.reading ?? "")
  );
  deepEqual(
    slips.map((c) => c.id),
    ["nielsen-bp3", "nielsen-bp4", "blog-bp1-collapse", "blog-bp3-rewrite", "blog-bp4-chain"],
  );
  ok(slips.every((c) => c.correction), "a well-formed slip fails, with a correction");
});

Deno.test("claims are checked deterministically: the same seed gives the same report", () => {
  const again = checkSources(SOURCES.slice(2, 3), { trials: 5, symbolic: false });
  const once = checkSources(SOURCES.slice(2, 3), { trials: 5, symbolic: false });
  deepEqual(
    again.map((r) => [r.claim.id, r.verdict, r.check?.worst, r.check?.failures]),
    once.map((r) => [r.claim.id, r.verdict, r.check?.worst, r.check?.failures]),
  );
});
