/**
 * The proofs: every step of every proof holds at every random case, the scalar chains hold
 * symbolically, a false step is caught with a counterexample, and bad input to the checker (a
 * shape mismatch, a check that throws, a NaN) gives a failed step with the reason instead of a
 * crash. Also: every export of proofs/mod.ts is documented with an example.
 */

import { bundleOf, deltaRecursion, hadamardVec } from "../lib/mod.ts";
import {
  checkCheckable,
  checkProof,
  compareSides,
  COMPARISONS,
  costGradientOf,
  deltaByDifferences,
  type Family,
  family,
  ONE_NEURON,
  type Proof,
  proofMarkdown,
  PROOFS,
  renderFailures,
  sideToLatex,
  symbolicIdentity,
} from "../proofs/mod.ts";
import { breakDisplay } from "../proofs/render.ts";
import { deepEqual, equal, match, ok } from "./assert.ts";

for (const proof of PROOFS) {
  Deno.test(`proof "${proof.id}": the statement and every step hold at 100 random cases`, () => {
    const report = checkProof(proof);
    const failing = [report.statement, ...report.steps].filter((s) => !s.holds).map((s) =>
      `${s.id}: ${s.reason ?? ""} ${JSON.stringify(s.counterexample)} ${
        JSON.stringify(s.symbolic?.filter((x) => x.outcome === "fails"))
      }`
    );
    deepEqual(failing, []);
    ok(report.holds);
    for (const s of [report.statement, ...report.steps]) {
      equal(s.trials, 100);
      ok(s.worst <= s.tolerance, `${proof.id}/${s.id}: worst ${s.worst}`);
    }
  });
}

Deno.test("the proofs: eight, with unique step ids, a justification for every step", () => {
  deepEqual(PROOFS.map((p) => p.id), [
    "one-neuron",
    "chain-of-neurons",
    "bp1",
    "bp2",
    "bp3",
    "bp4",
    "sigma-prime-product",
    "softmax-cross-entropy",
  ]);
  for (const p of PROOFS) {
    const ids = p.steps.map((s) => s.id);
    equal(new Set(ids).size, ids.length, `${p.id}: step ids unique`);
    for (const s of p.steps) {
      ok(s.justification.length > 5 && s.latex.length > 5, `${p.id}/${s.id}: justification, TeX`);
      ok(!/[\f\t\v\b]/.test(s.latex), `${p.id}/${s.id}: no control characters in TeX`);
    }
  }
});

Deno.test("the scalar chains are checked symbolically too, and the fallback says so", () => {
  for (const p of PROOFS.filter((p) => p.id === "one-neuron" || p.id === "chain-of-neurons")) {
    const report = checkProof(p, { trials: 2 });
    const symbolic = [report.statement, ...report.steps].flatMap((s) => s.symbolic ?? []);
    ok(symbolic.length > 10, `${p.id}: symbolic checks ran`);
    deepEqual(symbolic.filter((s) => s.outcome === "fails"), []);
    for (const s of symbolic.filter((s) => s.outcome === "numeric fallback: holds")) {
      match(s.detail ?? "", /simplify left .*random points/);
    }
  }
  const sigmoid = checkProof(ONE_NEURON, { trials: 1 }).steps.find((s) => s.id === "substitute-w")!;
  ok(
    sigmoid.symbolic!.some((s) => s.chain === "L = 1: sigmoid" && s.outcome === "simplified to 0"),
    "∂C/∂w of one sigmoid neuron simplifies to the formula",
  );
  equal(symbolicIdentity({ activations: ["tanh"] }, 0, "2 * x", "x").outcome, "fails");
  equal(
    symbolicIdentity({ activations: ["tanh"] }, 0, "exp(log(x^2 + 1))", "x^2 + 1").outcome,
    "numeric fallback: holds",
  );
});

const anyFamily = family({ depth: [1, 3] });

Deno.test("a false step fails, with a counterexample naming the network, the point and both sides", () => {
  // δ^L = ∇_a C, forgetting σ′(z^L): false unless σ′ = 1 (identity outputs)
  const r = checkCheckable(
    "forgot σ′",
    {
      compare: "finiteDifference",
      check: (c) => ({
        left: deltaByDifferences(c, c.net.sizes.length - 1),
        right: costGradientOf(c),
      }),
    },
    family({ output: ["sigmoid", "tanh"] }),
    { trials: 20 },
  );
  ok(!r.holds);
  ok(r.failures > 15, `fails at almost every case (${r.failures} of 20)`);
  const ce = r.counterexample!;
  ok(ce.sizes.length >= 2 && ce.activations.length === ce.sizes.length - 1);
  ok(ce.x.length === ce.sizes[0] && ce.y.length === ce.sizes[ce.sizes.length - 1]);
  ok(
    ce.left !== undefined && ce.right !== undefined &&
      ce.discrepancy! > COMPARISONS.finiteDifference.tolerance,
  );
  ok(Number.isInteger(ce.seed) && ce.family.length > 0);
  // and the same step with σ′ holds
  const fixed = checkCheckable(
    "BP1",
    {
      compare: "finiteDifference",
      check: (c) => {
        const L = c.net.sizes.length - 1;
        const s = deltaRecursion(c.net, c.x, c.y, c.cost).trace.z[L];
        const sp = s.map((z) => {
          const a = c.net.activations[L] === "tanh" ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
          return c.net.activations[L] === "tanh" ? 1 - a * a : a * (1 - a);
        });
        return { left: deltaByDifferences(c, L), right: hadamardVec(costGradientOf(c), sp) };
      },
    },
    family({ output: ["sigmoid", "tanh"] }),
    { trials: 20 },
  );
  ok(fixed.holds, JSON.stringify(fixed.counterexample));
});

Deno.test("bad input: sides of different shapes fail the step, with the reason", () => {
  const r = checkCheckable(
    "shapes",
    {
      compare: "exact",
      check: (c) => ({ left: c.x, right: [...c.x, 1] }),
    },
    anyFamily,
    { trials: 4 },
  );
  ok(!r.holds);
  equal(r.failures, 4);
  match(r.reason ?? "", /different shapes: a \d-vector on the left, a \d-vector on the right/);
  match(r.counterexample?.reason ?? "", /different shapes/);
  const matrixVsNumber = checkCheckable(
    "matrix vs number",
    {
      compare: "exact",
      check: (c) => ({ left: c.net.W[1], right: 1 }),
    },
    anyFamily,
    { trials: 1 },
  );
  match(matrixVsNumber.reason ?? "", /a \d×\d matrix on the left, a number on the right/);
});

Deno.test("bad input: a check that throws fails the step, with its message; the run goes on", () => {
  const r = checkCheckable(
    "throws",
    {
      compare: "exact",
      check: () => {
        throw new Error("boom");
      },
    },
    anyFamily,
    { trials: 3 },
  );
  ok(!r.holds);
  equal(r.failures, 3);
  equal(r.reason, "the check threw: boom");
  // Inside a proof: only that step fails; the others still hold.
  const broken: Proof = {
    ...ONE_NEURON,
    steps: [
      ...ONE_NEURON.steps,
      {
        id: "broken",
        latex: "x",
        justification: "none",
        compare: "exact",
        check: () => JSON.parse("{"),
      },
    ],
  };
  const report = checkProof(broken, { trials: 3, symbolic: false });
  ok(!report.holds);
  deepEqual(report.steps.filter((s) => !s.holds).map((s) => s.id), ["broken"]);
  match(report.steps.at(-1)!.reason ?? "", /^the check threw: .*JSON/);
  // A family that cannot draw a case fails the step too.
  const noCases: Family = {
    description: "broken",
    draw: () => {
      throw new Error("no case");
    },
  };
  const drawn = checkCheckable(
    "no cases",
    { compare: "exact", check: () => ({ left: 1, right: 1 }) },
    noCases,
    {
      trials: 2,
    },
  );
  ok(!drawn.holds);
  equal(drawn.reason, "drawing the case threw: no case");
});

Deno.test("bad input: NaN or Infinity on a side fails the step, with the reason", () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    const r = checkCheckable(
      "non-finite",
      {
        compare: "finiteDifference",
        check: (c) => ({ left: [c.x[0], bad], right: [c.x[0], 0] }),
      },
      anyFamily,
      { trials: 2 },
    );
    ok(!r.holds);
    match(
      r.reason ?? "",
      new RegExp(`the left side has a non-finite value \\(${bad}\\) at entry 1`),
    );
  }
  const notASide = checkCheckable(
    "undefined",
    {
      compare: "exact",
      check: () => undefined as never,
    },
    anyFamily,
    { trials: 1 },
  );
  equal(notASide.reason, "the check returned no { left, right }");
  const wrongType = checkCheckable(
    "a string",
    {
      compare: "exact",
      check: () => ({ left: "1" as never, right: 1 }),
    },
    anyFamily,
    { trials: 1 },
  );
  equal(wrongType.reason, "the left side is not a number, vector or matrix");
});

Deno.test("bad input to a symbolic check fails the step, with the reason", () => {
  const throwing = checkCheckable(
    "symbolic throws",
    {
      compare: "exact",
      check: () => ({ left: 1, right: 1 }),
      symbolic: {
        chains: [{ activations: ["sigmoid"] }],
        sides: () => {
          throw new Error("no expressions");
        },
      },
    },
    anyFamily,
    { trials: 1 },
  );
  ok(!throwing.holds);
  equal(throwing.reason, "the symbolic check fails");
  match(throwing.symbolic![0].detail ?? "", /building the expressions threw: no expressions/);
  const unequal = checkCheckable(
    "symbolic lengths",
    {
      compare: "exact",
      check: () => ({ left: 1, right: 1 }),
      symbolic: { chains: [{ activations: ["tanh"] }], sides: () => ({ left: ["x"], right: [] }) },
    },
    anyFamily,
    { trials: 1 },
  );
  ok(!unequal.holds);
  match(unequal.symbolic![0].detail ?? "", /1 left sides but 0 right sides/);
  const unreadable = checkCheckable(
    "symbolic syntax",
    {
      compare: "exact",
      check: () => ({ left: 1, right: 1 }),
      symbolic: {
        chains: [{ activations: ["tanh"] }],
        sides: () => ({ left: ["x +"], right: ["x"] }),
      },
    },
    anyFamily,
    { trials: 1 },
  );
  ok(!unreadable.holds);
  match(unreadable.symbolic![0].detail ?? "", /mathjs could not read the sides/);
});

Deno.test("compareSides: normwise relative discrepancy with a floor", () => {
  deepEqual(compareSides(3, 3, 1e-12), { discrepancy: 0 });
  const r = compareSides([100, 1e-8], [100, 2e-8], 1e-12);
  ok("discrepancy" in r && r.discrepancy === 1e-8 / 100, "relative to the largest entry");
  const tiny = compareSides([1e-20], [3e-20], 1e-4);
  ok(
    "discrepancy" in tiny && Math.abs(tiny.discrepancy - 2e-16) < 1e-30,
    "below the floor: absolute",
  );
});

Deno.test("checks are deterministic: the same seed gives the same report", () => {
  const a = checkProof(PROOFS[3], { trials: 10, seed: 7 }),
    b = checkProof(PROOFS[3], { trials: 10, seed: 7 });
  deepEqual(a.steps.map((s) => s.worst), b.steps.map((s) => s.worst));
  const c = checkProof(PROOFS[3], { trials: 10, seed: 1000 });
  ok(c.steps.some((s, i) => s.worst !== a.steps[i].worst), "another seed, other cases");
});

Deno.test("the renderers: ✓ per step, ✗ and the counterexample for a failing one", () => {
  const md = proofMarkdown(checkProof(PROOFS[2], { trials: 3 }));
  equal((md.match(/✓/g) ?? []).length, PROOFS[2].steps.length + 2); // title, statement, steps
  match(md, /worst discrepancy/);
  const broken: Proof = {
    ...PROOFS[4],
    steps: [{
      ...PROOFS[4].steps[0],
      id: "wrong",
      check: (c) => ({ left: c.x, right: c.x.map((v) => 2 * v + 1) }),
    }],
  };
  const bad = proofMarkdown(checkProof(broken, { trials: 2 }));
  match(bad, /✗/);
  match(bad, /Counterexample:\* seed 1/);
  match(bad, /\\text\{left\} &= /);
  equal(sideToLatex([1, NaN]), String.raw`\begin{bmatrix} 1 \\ \text{NaN} \end{bmatrix}`);
  equal(String(bundleOf(renderFailures([]))["text/markdown"]), "No claim fails.");
});

Deno.test("long display equations are broken into lines; hypotheses are typeset", () => {
  const md = (p: Proof) => proofMarkdown(checkProof(p, { trials: 1, symbolic: false }));
  for (const p of PROOFS) ok(!/differentiable at z\^/.test(md(p)), `${p.id}: raw TeX shown`);
  // the two statements of two equations each, one per line
  for (const p of [PROOFS[1], PROOFS[6]]) match(md(p), /\\begin\{gathered\}/);
  equal(breakDisplay("a = b"), "a = b");
  match(breakDisplay(String.raw`a = b, \qquad c = d`), /^\\begin\{gathered\}/);
});

Deno.test("TeX in proof statements has no control characters (String.raw throughout)", () => {
  for (const p of PROOFS) ok(!/[\f\t\v\b]/.test(p.statement), `${p.id}: statement TeX`);
});
