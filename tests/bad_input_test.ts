/**
 * Bad input: every public function throws before any work, with a message naming the argument,
 * what was expected and what came (shapes included). Never a silent NaN.
 */

import {
  ArgumentError,
  batchGradient,
  compareGradients,
  countPaths,
  createNetwork,
  deltaRecursion,
  finiteDifference,
  forward,
  fromColumns,
  fromRows,
  matmul,
  type Network,
  networkFromParameters,
  pathSum,
  sigmaPrime,
} from "../lib/mod.ts";
import { ok, throwsWith } from "./assert.ts";

const net = () => createNetwork({ sizes: [3, 2, 2], activations: "sigmoid", seed: 1 });
const x = [0.1, 0.2, 0.3], y = [0, 1];

Deno.test("sizes and activations of different lengths", () => {
  const e = throwsWith(
    () => createNetwork({ sizes: [3, 2, 2], activations: ["sigmoid"], seed: 1 }),
    'createNetwork: argument "activations"',
    "expected 2 names",
    "got 1 names",
  );
  ok(e instanceof ArgumentError);
});

Deno.test("an empty architecture, a single layer, a zero or fractional width", () => {
  throwsWith(
    () => createNetwork({ sizes: [], activations: "relu", seed: 1 }),
    '"sizes"',
    "at least an input and one layer",
    "array of length 0",
  );
  throwsWith(
    () => createNetwork({ sizes: [4], activations: "relu", seed: 1 }),
    '"sizes"',
    "array of length 1",
  );
  throwsWith(
    () => createNetwork({ sizes: [3, 0, 2], activations: "relu", seed: 1 }),
    '"sizes[1]"',
    "integer ≥ 1",
    "the number 0",
  );
  throwsWith(
    () => createNetwork({ sizes: [3, 1.5], activations: "relu", seed: 1 }),
    '"sizes[1]"',
    "the number 1.5",
  );
  throwsWith(() => countPaths([0, 2]), 'countPaths: argument "sizes[0]"');
});

Deno.test("input or label of the wrong length, for every method", () => {
  const n = net();
  const methods: [string, () => unknown][] = [
    ["forward", () => forward(n, [1, 2])],
    ["deltaRecursion", () => deltaRecursion(n, [1, 2], y, "quadratic")],
    ["pathSum", () => pathSum(n, [1, 2], y, "quadratic")],
    ["sigmaPrime", () => sigmaPrime(n, [1, 2], y, "quadratic", { form: "product" })],
    ["finiteDifference", () => finiteDifference(n, [1, 2], y, "quadratic")],
  ];
  for (const [name, call] of methods) {
    throwsWith(call, `${name}: argument "x"`, "length 3", "got length 2");
  }
  throwsWith(() => deltaRecursion(n, x, [1, 0, 0], "quadratic"), '"y"', "length 2", "got length 3");
  throwsWith(
    () => batchGradient(n, fromColumns([x, x]), fromColumns([y]), "quadratic"),
    'batchGradient: argument "Y"',
    "2×2 matrix",
    "2×1 matrix",
  );
  throwsWith(
    () => batchGradient(n, fromColumns([[1, 2]]), fromColumns([y]), "quadratic"),
    'batchGradient: argument "X"',
    "3×any",
    "2×1",
  );
});

Deno.test("non-finite numbers in inputs, labels and weights", () => {
  const n = net();
  throwsWith(
    () => deltaRecursion(n, [1, NaN, 3], y, "quadratic"),
    '"x"',
    "finite",
    "NaN at index 1",
  );
  throwsWith(() => deltaRecursion(n, x, [Infinity, 0], "quadratic"), '"y"', "Infinity at index 0");
  throwsWith(() => fromColumns([[1, NaN]]), '"columns"', "NaN at column 0, row 1");
  const broken: Network = { ...n, W: n.W.map((m) => ({ ...m, data: Float64Array.from(m.data) })) };
  broken.W[2].data[3] = NaN;
  throwsWith(() => pathSum(broken, x, y, "quadratic"), '"net.W[2]"', "NaN at entry (1, 1)");
  throwsWith(
    () =>
      networkFromParameters({ activations: "relu", W: [null, [[1, -Infinity]]], b: [null, [0]] }),
    '"rows"',
    "-Infinity at row 0, column 1",
  );
});

Deno.test("unknown activation and cost names list the known ones", () => {
  throwsWith(
    () => createNetwork({ sizes: [2, 2], activations: "sigmoidal" as "sigmoid", seed: 1 }),
    '"activations[0]"',
    "sigmoid, tanh, relu, identity, softmax",
    'the string "sigmoidal"',
  );
  throwsWith(
    () => deltaRecursion(net(), x, y, "mse"),
    'deltaRecursion: argument "cost"',
    "quadratic, squaredError, crossEntropy",
    '"mse"',
  );
});

Deno.test("the path budget: refused before any work, with the count", () => {
  const big = createNetwork({ sizes: [20, 20, 20, 20, 20], activations: "tanh", seed: 1 });
  const needed = countPaths(big.sizes);
  throwsWith(
    () => pathSum(big, Array(20).fill(0), Array(20).fill(0), "quadratic"),
    'pathSum: argument "net"',
    `needs ${needed} paths`,
    "at most 2000000 paths",
  );
  throwsWith(
    () => pathSum(net(), x, y, "quadratic", { budget: 10 }),
    `needs ${countPaths([3, 2, 2])} paths`,
  );
  throwsWith(() => pathSum(net(), x, y, "quadratic", { budget: -1 }), '"options.budget"', "> 0");
});

Deno.test("softmax in a hidden layer is supported by every method (not refused)", () => {
  const n = createNetwork({ sizes: [3, 4, 2], activations: ["softmax", "sigmoid"], seed: 2 });
  const r = compareGradients(pathSum(n, x, y, "quadratic"), deltaRecursion(n, x, y, "quadratic"), {
    tolerance: 1e-12,
  });
  ok(r.pass, JSON.stringify(r.worst));
});

Deno.test("cross-entropy on an output that is not a probability", () => {
  const n = createNetwork({ sizes: [3, 2], activations: "tanh", seed: 1 });
  throwsWith(
    () => deltaRecursion(n, x, y, "crossEntropy"),
    'deltaRecursion: argument "cost"',
    "sigmoid or softmax",
    'output activation the string "tanh"',
  );
});

Deno.test("bad options and mismatched shapes", () => {
  const n = net();
  throwsWith(
    () => sigmaPrime(n, x, y, "quadratic", { form: "diagonal" as "product" }),
    '"options.form"',
    '"recursive" or "product"',
  );
  throwsWith(
    () => finiteDifference(n, x, y, "quadratic", { epsilon: 0 }),
    '"options.epsilon"',
    "> 0",
    "the number 0",
  );
  const other = createNetwork({ sizes: [3, 3, 2], activations: "sigmoid", seed: 1 });
  throwsWith(
    () =>
      compareGradients(
        deltaRecursion(n, x, y, "quadratic"),
        deltaRecursion(other, x, y, "quadratic"),
      ),
    'compareGradients: argument "g2.dW[1]"',
    "2×3 matrix",
    "3×3",
  );
  throwsWith(
    () => matmul(fromRows([[1, 2]]), fromRows([[1, 2]])),
    'matmul: argument "b"',
    "2 rows",
    "1×2",
  );
  throwsWith(() => forward({} as Network, x), 'forward: argument "net.sizes"');
});
