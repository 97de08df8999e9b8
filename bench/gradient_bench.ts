/**
 * `deno bench bench/`: the forward pass and the gradient methods on the cases of `cases.ts`,
 * grouped by (network, N) with the forward pass as each group's baseline. Nothing here asserts
 * anything about time; `deno task bench` turns the timings into GFLOP/s and ratios.
 * @module
 */

import { CASES } from "./cases.ts";

for (const { name, group, baseline, fn } of CASES) {
  Deno.bench({ name, group, baseline: baseline === true, fn });
}
