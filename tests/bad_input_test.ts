/**
 * Bad input: every public function throws before any work, with a message naming the argument,
 * what was expected and what came (shapes included). Never a silent NaN.
 */

import {
  ArgumentError,
  batchGradient,
  cloneNetwork,
  columns,
  compareGradients,
  countPaths,
  createNetwork,
  type Dataset,
  DEFAULT_FINITE_DIFFERENCE_BUDGET,
  deltaFiniteDifference,
  deltaRecursion,
  EPSILON_RANGE,
  evaluate,
  finiteDifference,
  formatNumber,
  forward,
  fromColumns,
  fromRows,
  getColumn,
  gradientDescent,
  KERNEL_NAMES,
  kernelMatmul,
  listPaths,
  loadMnist,
  loadNetwork,
  matmul,
  matrixToLatex,
  matvec,
  MAX_MATRIX_BYTES,
  type Network,
  networkFromJson,
  networkFromParameters,
  networkToJson,
  parameterCount,
  parseIdxImages,
  parseIdxLabels,
  pathSum,
  plot,
  readMnistSet,
  relativeError,
  saveNetwork,
  setKernels,
  sgd,
  sigmaPrime,
  table,
  toRows,
  vectorToLatex,
  zeroGradients,
  zeros,
} from "../lib/mod.ts";
import { deepEqual, equal, ok, throws, throwsWith } from "./assert.ts";

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
    'networkFromParameters: argument "W[1]"',
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
    "1e-14 ≤ ε ≤ 1",
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

// ---------------------------------------------------------------------------------------------
// Issue 11: every refusal names the PUBLIC function called and its argument, happens before any
// work, leaves the network and the data as they were, and reads the same under every kernel.

/**
 * Runs `call`, requires an ArgumentError naming `fn` and `argument` (the public function and
 * the argument the user gave) whose message holds every pattern.
 */
function refused(
  call: () => unknown,
  fn: string,
  argument: string,
  ...patterns: (string | RegExp)[]
): ArgumentError {
  const e = throwsWith(call, `${fn}: argument "${argument}"`, ...patterns);
  ok(e instanceof ArgumentError, `${e.name}: ${e.message}`);
  equal(e.fn, fn);
  equal(e.argument, argument);
  return e;
}

/** The same, awaiting an async call. */
async function refusedAsync(
  call: () => Promise<unknown>,
  fn: string,
  argument: string,
  ...patterns: (string | RegExp)[]
): Promise<ArgumentError> {
  let caught: unknown;
  try {
    await call();
  } catch (e) {
    caught = e;
  }
  return refused(
    () => {
      throw caught ?? new Error("nothing was thrown");
    },
    fn,
    argument,
    ...patterns,
  );
}

/** `refused` under every kernel ("wasm" also switches sgd/gradientDescent's engine): one message. */
function refusedUnderEveryKernel(
  call: () => unknown,
  fn: string,
  argument: string,
  ...patterns: (string | RegExp)[]
): string {
  const messages = KERNEL_NAMES.map((k) => {
    const previous = setKernels(k);
    try {
      return refused(call, fn, argument, ...patterns).message;
    } finally {
      setKernels(previous);
    }
  });
  deepEqual(messages, messages.map(() => messages[0]), "the same message under every kernel");
  return messages[0];
}

/** Every parameter and every data entry, to show a refused call changed nothing. */
const snapshot = (net: Network, data?: Dataset) => [
  ...net.W.flatMap((m) => [...m.data]),
  ...net.b.flatMap((v) => [...v]),
  ...(data === undefined ? [] : [...data.X.data, ...data.Y.data]),
];

/** A 3-2-2 network and four examples; `check` gets a call to refuse and must leave both alone. */
function training(check: (net: Network, data: Dataset) => void): void {
  const n = net();
  const data: Dataset = {
    X: fromColumns([x, [0.3, 0.1, -0.2], [1, 0, 1], [-1, 0.5, 0]]),
    Y: fromColumns([y, [1, 0], y, [1, 0]]),
  };
  const before = snapshot(n, data);
  check(n, data);
  deepEqual(snapshot(n, data), before, "nothing trained, nothing changed");
}

const sgdOk = { epochs: 2, batchSize: 2, eta: 1, seed: 1, cost: "quadratic" };
const gdOk = { iterations: 2, eta: 1, cost: "quadratic" };

Deno.test("networkFromParameters: a NaN weight names networkFromParameters and W[1], not fromRows", () => {
  refused(
    () => networkFromParameters({ activations: "relu", W: [null, [[1, NaN]]], b: [null, [0]] }),
    "networkFromParameters",
    "W[1]",
    "finite numbers only",
    "NaN at row 0, column 1",
  );
});

Deno.test("networkFromParameters: a string weight is refused, not converted", () => {
  refused(
    () =>
      networkFromParameters({
        activations: "relu",
        W: [null, [[1, "0.5" as unknown as number]]],
        b: [null, [0]],
      }),
    "networkFromParameters",
    "W[1]",
    'the string "0.5" at row 0, column 1',
  );
});

Deno.test("networkFromParameters: a null weight is refused, not read as 0", () => {
  refused(
    () =>
      networkFromParameters({
        activations: "relu",
        W: [null, [[null as unknown as number, 1]]],
        b: [null, [0]],
      }),
    "networkFromParameters",
    "W[1]",
    "null at row 0, column 0",
  );
});

Deno.test("networkFromParameters: an empty row and a ragged row name W[l][i]", () => {
  refused(
    () => networkFromParameters({ activations: "relu", W: [null, [[]]], b: [null, [0]] }),
    "networkFromParameters",
    "W[1][0]",
    "non-empty row",
  );
  refused(
    () =>
      networkFromParameters({ activations: "relu", W: [null, [[1, 2], [3]]], b: [null, [0, 0]] }),
    "networkFromParameters",
    "W[1][1]",
    "a row of length 2",
    "array of length 1",
  );
});

Deno.test("fromRows([[]]) and fromColumns([[]]) are refused: no 1×0 or 0×1 matrices", () => {
  refused(() => fromRows([[]]), "fromRows", "rows[0]", "non-empty row", "array of length 0");
  refused(() => fromColumns([[]]), "fromColumns", "columns[0]", "non-empty vector");
  refused(() => fromRows([[1, "2" as unknown as number]]), "fromRows", "rows", 'the string "2"');
  refused(
    () => fromColumns([[1, null as unknown as number]]),
    "fromColumns",
    "columns",
    "null at column 0, row 1",
  );
});

Deno.test("sgd: a bad seed names sgd and options.seed (not createRng), under every kernel", () => {
  training((n, data) => {
    refusedUnderEveryKernel(
      () => sgd(n, data, { ...sgdOk, seed: 1.5 }),
      "sgd",
      "options.seed",
      "a safe integer",
      "the number 1.5",
    );
  });
});

Deno.test("createNetwork: sizes whose parameters cannot be allocated, with the bytes", () => {
  refused(
    () => createNetwork({ sizes: [1e5, 1e5], activations: "relu", seed: 1 }),
    "createNetwork",
    "sizes",
    "2,147,483,648 bytes",
    "10,000,100,000 parameters",
    "80,000,800,000 bytes",
  );
  // Just over the limit: 16,384 · 16,385 = 268,451,840 parameters > 2²⁸ = MAX_MATRIX_BYTES / 8
  // (one neuron fewer, 16,384 · 16,384 = 2²⁸, would be allowed).
  equal(MAX_MATRIX_BYTES, 2 ** 31);
  refused(
    () => createNetwork({ sizes: [16384, 16384], activations: "relu", seed: 1 }),
    "createNetwork",
    "sizes",
    "268,451,840 parameters",
    "2,147,614,720 bytes",
  );
  refused(() => zeros(1e5, 1e5), "zeros", "rows", "80,000,000,000 bytes");
});

Deno.test("compareGradients: options.exclude must be an array of this gradient's entries", () => {
  const n = net();
  const g = deltaRecursion(n, x, y, "quadratic");
  refused(
    () => compareGradients(g, g, { exclude: 3 as never }),
    "compareGradients",
    "options.exclude",
    "an array of entries",
    "the number 3",
  );
  refused(
    () => compareGradients(g, g, { exclude: [{ block: "dw" as "dW", layer: 1, j: 0, k: 0 }] }),
    "compareGradients",
    "options.exclude[0]",
    '"block":"dw"',
  );
  refused(
    () => compareGradients(g, g, { exclude: [{ block: "dW", layer: 3, j: 0, k: 0 }] }),
    "compareGradients",
    "options.exclude[0]",
    "layer: 1..2",
  );
  refused(
    () => compareGradients(g, g, { exclude: [{ block: "dW", layer: 1, j: 0 }] }),
    "compareGradients",
    "options.exclude[0]",
  );
  const r = compareGradients(g, g, { exclude: [{ block: "db", layer: 2, j: 1 }] });
  ok(r.pass && r.excluded === 1, "a well-formed entry is still excluded");
});

Deno.test("sgd: options.onEpoch that is not a function is refused before epoch 1", () => {
  training((n, data) => {
    refusedUnderEveryKernel(
      () => sgd(n, data, { ...sgdOk, onEpoch: 3 as never }),
      "sgd",
      "options.onEpoch",
      "a function",
      "the number 3",
    );
  });
});

Deno.test("gradientDescent: options.log that is not a function is refused before iteration 1", () => {
  training((n, data) => {
    refusedUnderEveryKernel(
      () => gradientDescent(n, data, { ...gdOk, log: "console.log" as never }),
      "gradientDescent",
      "options.log",
      "a function",
      'the string "console.log"',
    );
  });
});

Deno.test("sgd: an unknown option key (batchsize) names it, suggests batchSize, lists the known", () => {
  training((n, data) => {
    const { batchSize: _, ...rest } = sgdOk;
    refusedUnderEveryKernel(
      () => sgd(n, data, { ...rest, batchsize: 2 } as never),
      "sgd",
      "options",
      'the unknown key "batchsize"',
      'did you mean "batchSize"',
      "eta, cost, evaluation, onEpoch, log, checkpoint, epochs, batchSize, seed",
    );
  });
});

Deno.test("gradientDescent: an unknown option key (iteration) is refused before any step", () => {
  training((n, data) => {
    refusedUnderEveryKernel(
      () => gradientDescent(n, data, { ...gdOk, iteration: 5 } as never),
      "gradientDescent",
      "options",
      'the unknown key "iteration"',
      'did you mean "iterations"',
      "checkpoint, iterations, every",
    );
    // sgd's keys are not gradientDescent's
    refusedUnderEveryKernel(
      () => gradientDescent(n, data, { ...gdOk, seed: 1 } as never),
      "gradientDescent",
      "options",
      'the unknown key "seed"',
    );
  });
});

Deno.test("createNetwork: an unknown option key", () => {
  refused(
    () => createNetwork({ sizes: [2, 1], activations: "relu", seed: 1, intit: "he" } as never),
    "createNetwork",
    "options",
    'the unknown key "intit"',
    'did you mean "init"',
    "sizes, activations, seed, init",
  );
});

Deno.test("networkFromParameters: an unknown key", () => {
  refused(
    () =>
      networkFromParameters(
        { activations: "relu", W: [null, [[1]]], b: [null, [0]], w: [] } as never,
      ),
    "networkFromParameters",
    "params",
    'the unknown key "w"',
  );
});

Deno.test("finiteDifference and deltaFiniteDifference: an unknown option key", () => {
  refused(
    () => finiteDifference(net(), x, y, "quadratic", { eps: 1e-6 } as never),
    "finiteDifference",
    "options",
    'the unknown key "eps"',
    "epsilon, budget",
  );
  refused(
    () => deltaFiniteDifference(net(), x, y, "quadratic", { Epsilon: 1e-6 } as never),
    "deltaFiniteDifference",
    "options",
    'did you mean "epsilon"',
  );
});

Deno.test("pathSum: an unknown option key", () => {
  refused(
    () => pathSum(net(), x, y, "quadratic", { budgt: 10 } as never),
    "pathSum",
    "options",
    'the unknown key "budgt"',
    "only the key budget",
  );
});

Deno.test("compareGradients: an unknown option key", () => {
  const g = deltaRecursion(net(), x, y, "quadratic");
  refused(
    () => compareGradients(g, g, { tol: 1e-3 } as never),
    "compareGradients",
    "options",
    'the unknown key "tol"',
    "tolerance, floor, exclude",
  );
});

Deno.test("loadMnist: an unknown option key", async () => {
  await refusedAsync(
    () => loadMnist({ directory: "." } as never),
    "loadMnist",
    "options",
    'the unknown key "directory"',
    "only the key dir",
  );
});

Deno.test("networkFromJson and loadNetwork: unknown keys of options and of the architecture", () => {
  const text = networkToJson(net());
  refused(
    () => networkFromJson(text, { sources: "a.json" } as never),
    "networkFromJson",
    "options",
    'did you mean "source"',
  );
  refused(
    () => networkFromJson(text, { expected: { sizes: [3, 2, 2], activation: "sigmoid" } as never }),
    "networkFromJson",
    "options.expected",
    'the unknown key "activation"',
  );
  refused(
    () => loadNetwork("unused.json", { sizes: [3, 2, 2], activation: "sigmoid" } as never),
    "loadNetwork",
    "expected",
    'did you mean "activations"',
  );
});

Deno.test("matrix products: an unknown option key, naming the product called", () => {
  const A = fromRows([[1, 2], [3, 4]]);
  refused(() => matmul(A, A, { transposeb: true } as never), "matmul", "options", '"transposeB"');
  refusedUnderEveryKernel(
    () => kernelMatmul(A, A, { tranposeA: true } as never),
    "kernelMatmul",
    "options",
    'the unknown key "tranposeA"',
  );
  refusedUnderEveryKernel(
    () => kernelMatmul(A, fromRows([[1, 2, 3]])),
    "kernelMatmul",
    "b",
    "2 rows",
  );
  refused(
    () => matvec(A, [1, 2], { transposed: true } as never),
    "matvec",
    "options",
    '"transpose"',
  );
});

Deno.test("display functions: an unknown option key", () => {
  refused(() => table([[1]], { header: ["a"] } as never), "table", "options", '"headers"');
  refused(() => plot({ data: [] }, { width: 3 } as never), "plot", "options", "id, height");
  refused(() => formatNumber(1, { digit: 3 } as never), "formatNumber", "options", '"digits"');
  refused(() => vectorToLatex([1], { digts: 3 } as never), "vectorToLatex", "options");
  refused(() => matrixToLatex([[1]], { latex: true } as never), "matrixToLatex", "options");
});

Deno.test("evaluate: labels must be integers in [0, n_L)", () => {
  const data = { X: fromColumns([x, x]), Y: fromColumns([y, y]) };
  for (
    const [label, shown] of [
      [99, "the number 99"],
      [-1, "the number -1"],
      [0.5, "the number 0.5"],
      [2, "the number 2"],
    ] as const
  ) {
    refused(
      () => evaluate(net(), { ...data, labels: [1, label] }, "quadratic"),
      "evaluate",
      "data.labels",
      "integer classes in [0, 2)",
      `${shown} at index 1`,
    );
  }
  const right = evaluate(net(), { ...data, labels: [1, 0] }, "quadratic");
  equal(right.total, 2, "labels 0 and 1 are accepted");
});

Deno.test("sgd: evaluation labels out of range are refused before epoch 1", () => {
  training((n, data) => {
    const evaluation = { ...data, labels: [0, 1, 99, 0] };
    refusedUnderEveryKernel(
      () => sgd(n, data, { ...sgdOk, evaluation }),
      "sgd",
      "options.evaluation.labels",
      "the number 99 at index 2",
    );
  });
});

Deno.test("sgd: a NaN in the evaluation data is refused before epoch 1 (not by forwardBatch)", () => {
  training((n, data) => {
    const X = fromColumns([x, x, x, x]);
    const evaluation = { X: { ...X, data: Float64Array.from(X.data) }, Y: data.Y };
    evaluation.X.data[5] = NaN;
    refusedUnderEveryKernel(
      () => sgd(n, data, { ...sgdOk, evaluation }),
      "sgd",
      "options.evaluation.X",
      "NaN at row 1, column 1",
    );
  });
  const X = fromColumns([x]);
  X.data[0] = Infinity;
  refused(() => evaluate(net(), { X, Y: fromColumns([y]) }, "quadratic"), "evaluate", "data.X");
});

Deno.test("loadNetwork: a null weight in the file is refused, not read as 0", async () => {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const json = JSON.parse(networkToJson(net()));
    json.W[1][0][2] = null;
    await Deno.writeTextFile(path, JSON.stringify(json));
    refused(
      () => loadNetwork(path),
      "loadNetwork",
      path,
      "finite numbers only in W[1]",
      "null at row 0, column 2",
    );
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("loadNetwork and networkFromJson: a string weight is refused, not converted", async () => {
  const json = JSON.parse(networkToJson(net()));
  json.b[2][1] = "0.5";
  const text = JSON.stringify(json);
  refused(
    () => networkFromJson(text),
    "networkFromJson",
    "text",
    'the string "0.5" at index 1',
    "b[2]",
  );
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(path, text);
    refused(() => loadNetwork(path), "loadNetwork", path, 'the string "0.5"');
  } finally {
    await Deno.remove(path);
  }
  refused(() => loadNetwork(123 as never), "loadNetwork", "path", "the number 123");
  refused(
    () => loadNetwork(`${path}.missing`),
    "loadNetwork",
    "path",
    "does not exist",
    "cannot read",
  );
});

Deno.test("finiteDifference: ε = 1e10 and ε = 1e-300 are refused, with the range", () => {
  for (const epsilon of [1e10, 1e-300, 1.0000001, 9e-15, -1e-5, NaN]) {
    refused(
      () => finiteDifference(net(), x, y, "quadratic", { epsilon }),
      "finiteDifference",
      "options.epsilon",
      "1e-14 ≤ ε ≤ 1",
    );
    refused(
      () => deltaFiniteDifference(net(), x, y, "quadratic", { epsilon }),
      "deltaFiniteDifference",
      "options.epsilon",
    );
  }
  // the ends of the range are accepted (chapter 8 sweeps ε from 1e-1 down to 1e-13)
  equal(EPSILON_RANGE.min, 1e-14);
  equal(EPSILON_RANGE.max, 1);
  for (const epsilon of [EPSILON_RANGE.min, 10 ** -13, 0.1, EPSILON_RANGE.max]) {
    equal(finiteDifference(net(), x, y, "quadratic", { epsilon }).epsilon, epsilon);
  }
});

Deno.test("finiteDifference: the work budget, refused with an estimate of the work", () => {
  const big = createNetwork({ sizes: [10, 2000, 2000, 10], activations: "sigmoid", seed: 1 });
  const P = 4_044_010, F = 4_040_000; // Σ n_l (n_{l−1} + 1) and Σ n_l n_{l−1}
  equal(parameterCount(big.sizes), P);
  refused(
    () => finiteDifference(big, Array(10).fill(0), Array(10).fill(0), "quadratic"),
    "finiteDifference",
    "net",
    "at most 10,000,000,000 multiply-adds (options.budget)",
    "4,044,010 parameters",
    "4,040,000 multiply-adds each",
    `${(2 * P * F).toExponential(2)} multiply-adds`,
    "about 18 hours",
    "use deltaRecursion",
  );
  equal(DEFAULT_FINITE_DIFFERENCE_BUDGET, 1e10);
  // the budget is an option: the 3-2-2 network needs 2·P·F = 2·14·10 = 280 multiply-adds
  refused(
    () => finiteDifference(net(), x, y, "quadratic", { budget: 279 }),
    "finiteDifference",
    "net",
    "at most 279 multiply-adds",
    "2.80e+2 multiply-adds",
  );
  ok(finiteDifference(net(), x, y, "quadratic", { budget: 280 }).dW.length === 3);
  refused(
    () => finiteDifference(net(), x, y, "quadratic", { budget: -1 }),
    "finiteDifference",
    "options.budget",
    "> 0",
  );
});

/** Σ_l (n_{l−1} + 1) n_l Π_{m>l} n_m in exact integers (every layer elementwise). */
function exactPaths(sizes: number[]): bigint {
  let total = 0n;
  for (let l = 1; l < sizes.length; l++) {
    let after = 1n;
    for (let m = l + 1; m < sizes.length; m++) after *= BigInt(sizes[m]);
    total += BigInt(sizes[l - 1] + 1) * BigInt(sizes[l]) * after;
  }
  return total;
}

Deno.test("countPaths: exact below 2⁵³, refused above it with the exact count", () => {
  const below = [1, 2 ** 25, 2 ** 26]; // 2⁵² + 2⁵¹ + 2²⁶ paths
  equal(BigInt(countPaths(below)), exactPaths(below));
  const above = [1, 2 ** 26, 2 ** 26]; // 2⁵³ + 2⁵² + 2²⁶
  ok(exactPaths(above) > BigInt(Number.MAX_SAFE_INTEGER));
  refused(() => countPaths(above), "countPaths", "sizes", `exactly ${exactPaths(above)} paths`);
  const deep = Array(30).fill(100);
  refused(() => countPaths(deep), "countPaths", "sizes", `exactly ${exactPaths(deep)} paths`);
  // pathSum refuses such a network by its budget, naming pathSum and the exact count
  const n = createNetwork({ sizes: deep, activations: "sigmoid", seed: 1 });
  refused(
    () => pathSum(n, Array(100).fill(0), Array(100).fill(0), "quadratic"),
    "pathSum",
    "net",
    `needs ${exactPaths(deep)} paths`,
  );
});

Deno.test("relativeError(0, 0, 0) is 0; a negative or NaN floor is refused", () => {
  equal(relativeError(0, 0, 0), 0);
  equal(relativeError(1e-300, 1e-300, 0), 0);
  equal(relativeError(0, 1e-300, 0), 1);
  refused(() => relativeError(1, 2, -1), "relativeError", "floor", "≥ 0", "the number -1");
  refused(() => relativeError(1, 2, NaN), "relativeError", "floor", "the number NaN");
});

Deno.test("saveNetwork(123, net) is refused: no file named 123 is written", () => {
  const stray = `${Deno.cwd()}/123`;
  const existed = (() => {
    try {
      Deno.statSync(stray);
      return true;
    } catch {
      return false;
    }
  })();
  refused(() => saveNetwork(123 as never, net()), "saveNetwork", "path", "the number 123");
  refused(() => saveNetwork("", net()), "saveNetwork", "path", 'the string ""');
  if (!existed) throws(() => Deno.statSync(stray), "no file 123 was written");
  refused(() => saveNetwork("x.json", {} as Network), "saveNetwork", "net.sizes");
});

Deno.test("saveNetwork: a directory that does not exist names saveNetwork and path", () => {
  const path = `/nonexistent-${crypto.randomUUID()}/net.json`;
  refused(() => saveNetwork(path, net()), "saveNetwork", "path", "does not exist");
});

Deno.test("loadMnist: a missing user-given directory is named, with no deno install hint", async () => {
  const dir = `/nonexistent-${crypto.randomUUID()}`;
  const e = await refusedAsync(
    () => loadMnist({ dir }),
    "loadMnist",
    "options.dir",
    JSON.stringify(dir),
    "does not exist",
  );
  ok(!e.message.includes("deno install"), e.message);
  // an existing directory without the files: the first file is named, still no install hint
  const empty = await Deno.makeTempDir();
  try {
    const f = await refusedAsync(
      () => loadMnist({ dir: empty }),
      "loadMnist",
      "options.dir",
      `${empty}/t`,
      "file not found",
    );
    ok(!f.message.includes("deno install"), f.message);
  } finally {
    await Deno.remove(empty);
  }
  await refusedAsync(() => loadMnist({ dir: "" }), "loadMnist", "options.dir", "non-empty");
});

Deno.test("readMnistSet and the IDX parsers name themselves (not an inner parseIdx)", async () => {
  const dir = `/nonexistent-${crypto.randomUUID()}`;
  const e = await refusedAsync(
    () => readMnistSet(`${dir}/a`, `${dir}/b`),
    "readMnistSet",
    "imagesPath",
    "file not found",
  );
  ok(!e.message.includes("deno install"), e.message);
  refused(() => parseIdxImages(new Uint8Array(3), "f.idx"), "parseIdxImages", "f.idx", "truncated");
  refused(() => parseIdxLabels(new Uint8Array(3), "l.idx"), "parseIdxLabels", "l.idx", "truncated");
});

Deno.test("helpers of the public face check their argument", () => {
  refused(() => zeroGradients(3 as never), "zeroGradients", "net", "the number 3");
  refused(() => cloneNetwork(3 as never), "cloneNetwork", "net");
  refused(() => parameterCount(3 as never), "parameterCount", "sizes");
  refused(() => parameterCount([3, 0]), "parameterCount", "sizes[1]", "integer ≥ 1");
  refused(() => getColumn(3 as never, 0), "getColumn", "m");
  refused(() => toRows(3 as never), "toRows", "m");
  refused(() => matvec(fromRows([[1]]), 3 as never), "matvec", "v");
  refused(() => [...listPaths({} as Network, 1, 0)], "listPaths", "net.sizes");
  refused(() => columns(fromRows([[1]]), 0 as never), "columns", "indices", "the number 0");
});
