/**
 * The one shape every gradient method returns, so that any two can be compared: dW[l] = ∂C/∂W^l
 * (n_l × n_{l−1}) and db[l] = ∂C/∂b^l (n_l entries), with index 0 unused as in the math.
 * @module
 */

import { ArgumentError, describe } from "./errors.ts";
import type { Matrix } from "./matrix.ts";
import type { Network } from "./network.ts";

/** ∂C/∂W^l and ∂C/∂b^l for l = 1..L. */
export interface Gradients {
  dW: Matrix[];
  db: Float64Array[];
}

/**
 * Gradients of zeros shaped like the network's parameters.
 *
 * @example
 * ```ts
 * import { createNetwork, zeroGradients } from "./mod.ts";
 * const g = zeroGradients(createNetwork({ sizes: [3, 2], activations: "relu", seed: 0 }));
 * if (g.dW[1].rows !== 2 || g.dW[1].cols !== 3 || g.db[1].length !== 2) throw new Error("shapes");
 * ```
 */
export function zeroGradients(net: Network): Gradients {
  const n = net as Partial<Network> | null;
  if (typeof n !== "object" || n === null || !Array.isArray(n.W) || !Array.isArray(n.b)) {
    throw new ArgumentError(
      "zeroGradients",
      "net",
      "a Network (from createNetwork)",
      describe(net),
    );
  }
  return {
    dW: net.W.map((m) => ({ rows: m.rows, cols: m.cols, data: new Float64Array(m.data.length) })),
    db: net.b.map((v) => new Float64Array(v.length)),
  };
}
