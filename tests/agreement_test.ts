/**
 * Every method computes the same gradient: the path sum, BP1–BP4, Σ′ as a matrix in both forms
 * and the batched form with one column, over random architectures (fast-check, fixed seeds so a
 * failure replays); and central differences agree wherever no ReLU kink is in the way.
 */

import fc from "fast-check";
import {
  batchGradient,
  compareGradients,
  costOf,
  deltaRecursion,
  finiteDifference,
  fromColumns,
  type Gradients,
  pathSum,
  sigmaPrime,
} from "../lib/mod.ts";
import { type Case, caseArbitrary } from "./arbitraries.ts";
import { ok } from "./assert.ts";

// The exact methods differ only by the order of their float64 sums. Over thousands of random
// cases the worst relative error seen was 4e-12 (on entries down to 1e-53, so no floor is needed).
const EXACT = { tolerance: 2e-11, floor: 1e-300 };

function agree(c: Case, name: string, g: Gradients, reference: Gradients, opts = EXACT) {
  const r = compareGradients(g, reference, opts);
  ok(
    r.pass,
    `${name} vs deltaRecursion on ${c.label}: worst ${JSON.stringify(r.worst)} > ${r.tolerance}`,
  );
  return r;
}

Deno.test("pathSum = deltaRecursion = sigmaPrime (both forms) = batchGradient(N = 1)", () => {
  fc.assert(
    fc.property(caseArbitrary(), (c) => {
      const reference = deltaRecursion(c.net, c.x, c.y, c.cost);
      agree(c, "pathSum", pathSum(c.net, c.x, c.y, c.cost), reference);
      for (const form of ["recursive", "product"] as const) {
        agree(c, `sigmaPrime ${form}`, sigmaPrime(c.net, c.x, c.y, c.cost, { form }), reference);
      }
      const batch = batchGradient(c.net, fromColumns([c.x]), fromColumns([c.y]), c.cost);
      agree(c, "batchGradient", batch, reference);
    }),
    { numRuns: 400, seed: 20261123 },
  );
});

Deno.test("the δ^l of every method are the same vectors", () => {
  fc.assert(
    fc.property(caseArbitrary(), (c) => {
      const d = deltaRecursion(c.net, c.x, c.y, c.cost).delta;
      const p = sigmaPrime(c.net, c.x, c.y, c.cost, { form: "product" }).delta;
      for (let l = 1; l < d.length; l++) {
        for (let j = 0; j < d[l].length; j++) {
          const scale = Math.max(Math.abs(d[l][j]), Math.abs(p[l][j]), 1e-300);
          ok(Math.abs(d[l][j] - p[l][j]) <= 2e-11 * scale, `δ^${l}_${j} on ${c.label}`);
        }
      }
    }),
    { numRuns: 200, seed: 7 },
  );
});

Deno.test("central differences agree to ≤ 1e-6 relative away from ReLU kinks", () => {
  // Central differences carry round-off of about u·|C|/ε (u ≈ 1.1e-16): with ε = 1e-5 that is
  // ~1e-11·|C| absolute, so entries smaller than 1e-4·max(1, |C|) are compared absolutely
  // against that floor (1e-6 relative of the floor is 1e-10·|C|, still above the noise).
  let compared = 0, excluded = 0;
  fc.assert(
    fc.property(caseArbitrary(), (c) => {
      const reference = deltaRecursion(c.net, c.x, c.y, c.cost);
      const fd = finiteDifference(c.net, c.x, c.y, c.cost, { epsilon: 1e-5 });
      const C = Math.abs(costOf(c.net, c.x, c.y, c.cost));
      const r = agree(
        c,
        "finiteDifference",
        fd,
        reference,
        {
          tolerance: 1e-6,
          floor: 1e-4 * Math.max(1, C),
          exclude: fd.kinks,
        } as typeof EXACT,
      );
      if (!c.net.activations.includes("relu")) {
        ok(fd.kinks.length === 0, `kinks reported without any ReLU on ${c.label}`);
      }
      compared += r.compared;
      excluded += r.excluded;
    }),
    { numRuns: 300, seed: 11 },
  );
  // The kink filter must leave the check meaningful: it excludes a small share of the entries.
  ok(excluded < 0.05 * compared, `kinks excluded ${excluded} of ${compared + excluded} entries`);
});
