/** The fast kernel behind the same functions: batchGradient and forwardBatch give the same bits. */

import fc from "fast-check";
import { batchGradient, fromColumns, setKernels } from "../lib/mod.ts";
import { caseArbitrary } from "./arbitraries.ts";
import { deepEqual } from "./assert.ts";

const bits = (a: Float64Array) => Array.from(new Uint32Array(Float64Array.from(a).buffer));

Deno.test("setKernels('fast'): batchGradient equals the reference kernels bit for bit", () => {
  fc.assert(
    fc.property(caseArbitrary(), fc.integer({ min: 1, max: 12 }), (c, N) => {
      const X = fromColumns(Array.from({ length: N }, (_, i) => c.x.map((v) => v * (1 + i / 7))));
      const Y = fromColumns(Array.from({ length: N }, () => c.y));
      const previous = setKernels("reference");
      try {
        const ref = batchGradient(c.net, X, Y, c.cost);
        setKernels("fast");
        const fast = batchGradient(c.net, X, Y, c.cost);
        for (let l = 1; l < ref.dW.length; l++) {
          deepEqual(bits(fast.dW[l].data), bits(ref.dW[l].data), `${c.label}: dW[${l}]`);
          deepEqual(bits(fast.db[l]), bits(ref.db[l]), `${c.label}: db[${l}]`);
        }
      } finally {
        setKernels(previous);
      }
    }),
    { numRuns: 200, seed: 6 },
  );
});
