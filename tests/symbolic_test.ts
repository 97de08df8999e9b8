/**
 * The one-neuron chain a¹ = μ(w a⁰ + b), C = (a¹ − y)², and a chain of three such neurons:
 * mathjs differentiates the written-out expression symbolically, and its derivative evaluated at
 * random points must equal what the library's methods compute.
 */

import * as math from "mathjs";
import {
  createRng,
  deltaRecursion,
  networkFromParameters,
  pathSum,
  sigmaPrime,
} from "../lib/mod.ts";
import { assertClose } from "./assert.ts";

const MU = { sigmoid: (z: string) => `1 / (1 + exp(-(${z})))`, tanh: (z: string) => `tanh(${z})` };

Deno.test("one neuron: ∂C/∂w and ∂C/∂b match mathjs's symbolic derivative", () => {
  const rng = createRng(123);
  for (const [name, mu] of Object.entries(MU)) {
    const C = math.parse(`(${mu("w * x + b")} - y)^2`);
    const dCdw = math.derivative(C, "w"), dCdb = math.derivative(C, "b");
    for (let trial = 0; trial < 50; trial++) {
      const scope = {
        w: 4 * rng.uniform() - 2,
        b: 4 * rng.uniform() - 2,
        x: 4 * rng.uniform() - 2,
        y: rng.uniform(),
      };
      const net = networkFromParameters({
        activations: name as "sigmoid" | "tanh",
        W: [null, [[scope.w]]],
        b: [null, [scope.b]],
      });
      for (
        const g of [
          deltaRecursion(net, [scope.x], [scope.y], "squaredError"),
          pathSum(net, [scope.x], [scope.y], "squaredError"),
        ]
      ) {
        assertClose(
          g.dW[1].data[0],
          dCdw.evaluate(scope),
          1e-12,
          `${name} ∂C/∂w at ${JSON.stringify(scope)}`,
        );
        assertClose(
          g.db[1][0],
          dCdb.evaluate(scope),
          1e-12,
          `${name} ∂C/∂b at ${JSON.stringify(scope)}`,
        );
      }
    }
  }
});

Deno.test("three neurons in a chain: every ∂C/∂w^(l) matches mathjs on the nested expression", () => {
  const rng = createRng(321);
  for (const [name, mu] of Object.entries(MU)) {
    const a1 = mu("w1 * x + b1"), a2 = mu(`w2 * (${a1}) + b2`), a3 = mu(`w3 * (${a2}) + b3`);
    const C = math.parse(`(${a3} - y)^2`);
    const wrt = ["w1", "w2", "w3", "b1", "b2", "b3"].map((v) =>
      [v, math.derivative(C, v)] as const
    );
    for (let trial = 0; trial < 30; trial++) {
      const s: Record<string, number> = { x: 2 * rng.uniform() - 1, y: rng.uniform() };
      for (const v of ["w1", "w2", "w3", "b1", "b2", "b3"]) s[v] = 3 * rng.uniform() - 1.5;
      const net = networkFromParameters({
        activations: name as "sigmoid" | "tanh",
        W: [null, [[s.w1]], [[s.w2]], [[s.w3]]],
        b: [null, [s.b1], [s.b2], [s.b3]],
      });
      const g = sigmaPrime(net, [s.x], [s.y], "squaredError", { form: "product" });
      for (const [v, d] of wrt) {
        const l = Number(v[1]);
        const ours = v[0] === "w" ? g.dW[l].data[0] : g.db[l][0];
        assertClose(ours, d.evaluate(s), 1e-11, `${name} ∂C/∂${v}`);
      }
    }
  }
});
