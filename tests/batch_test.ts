/** The batched matrix form is the mean of the per-example gradients, and its Δ columns are δ's. */

import fc from "fast-check";
import {
  batchGradient,
  compareGradients,
  deltaRecursion,
  forward,
  forwardBatch,
  fromColumns,
  getColumn,
  type Gradients,
  zeroGradients,
} from "../lib/mod.ts";
import { caseArbitrary } from "./arbitraries.ts";
import { ok } from "./assert.ts";

Deno.test("batchGradient over N columns = mean of deltaRecursion over the N examples", () => {
  fc.assert(
    fc.property(caseArbitrary(), fc.integer({ min: 1, max: 7 }), fc.nat(), (c, N, shift) => {
      // N examples: rotations of the case's x and y, so that columns differ.
      const xs = Array.from(
        { length: N },
        (_, i) => c.x.map((_, k) => c.x[(k + i + shift) % c.x.length] * (1 + i / 10)),
      );
      const ys = Array.from({ length: N }, (_, i) => c.y.map((_, k) => c.y[(k + i) % c.y.length]));
      const batch = batchGradient(c.net, fromColumns(xs), fromColumns(ys), c.cost);
      const mean: Gradients = zeroGradients(c.net);
      for (let i = 0; i < N; i++) {
        const g = deltaRecursion(c.net, xs[i], ys[i], c.cost);
        for (let l = 1; l < mean.dW.length; l++) {
          g.dW[l].data.forEach((v, k) => (mean.dW[l].data[k] += v / N));
          g.db[l].forEach((v, k) => (mean.db[l][k] += v / N));
        }
        const di = getColumn(batch.delta[batch.delta.length - 1], i);
        const dL = g.delta[g.delta.length - 1];
        dL.forEach((v, j) =>
          ok(Math.abs(v - di[j]) <= 1e-12 * Math.max(Math.abs(v), 1e-300), `Δ^L column ${i} = δ^L`)
        );
      }
      const r = compareGradients(batch, mean, { tolerance: 1e-11, floor: 1e-300 });
      ok(r.pass, `${c.label}, N = ${N}: worst ${JSON.stringify(r.worst)}`);
    }),
    { numRuns: 250, seed: 3 },
  );
});

Deno.test("forwardBatch column i = forward of example i, bit for bit", () => {
  fc.assert(
    fc.property(caseArbitrary(), (c) => {
      const xs = [c.x, c.x.map((v) => -v), c.x.map((v) => v / 2)];
      const batch = forwardBatch(c.net, fromColumns(xs));
      xs.forEach((x, i) => {
        const one = forward(c.net, x);
        for (let l = 1; l < one.a.length; l++) {
          const col = getColumn(batch.a[l], i);
          // The same float operations in the same order: equal up to the summation order of W·a.
          one.a[l].forEach((v, j) => ok(Math.abs(v - col[j]) <= 1e-14 * Math.max(1, Math.abs(v))));
        }
      });
    }),
    { numRuns: 150, seed: 4 },
  );
});
