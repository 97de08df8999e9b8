/**
 * The course's library: networks in the notation of the notebooks, and six ways to compute the
 * same gradient — the naive path sum, the δ recursion (BP1–BP4), the batched matrix form, Σ′ as
 * a matrix, central finite differences, and forward mode on dual numbers (exact, one pass per
 * parameter) — with a comparison that says how far apart two are.
 *
 * @example
 * ```ts
 * import { compareGradients, createNetwork, deltaRecursion, pathSum } from "./mod.ts";
 * const net = createNetwork({ sizes: [2, 3, 2], activations: ["sigmoid", "softmax"], seed: 1 });
 * const x = [0.2, -0.4], y = [0, 1];
 * const report = compareGradients(pathSum(net, x, y, "crossEntropy"), deltaRecursion(net, x, y, "crossEntropy"), {
 *   tolerance: 1e-12,
 * });
 * if (!report.pass) throw new Error("the path sum and BP1–BP4 agree");
 * ```
 * @module
 */

export { ArgumentError } from "./errors.ts";
export {
  add,
  addColumn,
  column,
  columnSums,
  diag,
  fromColumns,
  fromRows,
  getColumn,
  hadamard,
  hadamardVec,
  matmul,
  type MatmulOptions,
  type Matrix,
  matvec,
  MAX_MATRIX_BYTES,
  outer,
  scale,
  sub,
  toRows,
  transpose,
  zeros,
} from "./matrix.ts";
export { createRng, type Rng } from "./rng.ts";
export {
  type Activation,
  activation,
  ACTIVATION_NAMES,
  type ActivationName,
  softmax,
  softmaxJacobian,
} from "./activations.ts";
export { checkTargets, type Cost, cost, COST_NAMES, type CostName } from "./costs.ts";
export { type OutputLayer, outputLayer, softplus } from "./output_layer.ts";
export {
  cloneNetwork,
  createNetwork,
  INIT_NAMES,
  type InitName,
  type Network,
  networkFromParameters,
  type NetworkOptions,
  type NetworkParameters,
  parameterCount,
} from "./network.ts";
export { type BatchTrace, costOf, forward, forwardBatch, type Trace } from "./forward.ts";
export { type Gradients, zeroGradients } from "./gradients.ts";
export {
  countPaths,
  DEFAULT_PATH_BUDGET,
  listPaths,
  type Path,
  pathSum,
  type PathSumOptions,
  type PathSumResult,
} from "./path_sum.ts";
export { deltaRecursion, type DeltaResult, throughActivation } from "./delta_recursion.ts";
export { batchGradient, type BatchResult } from "./batch_gradient.ts";
export {
  sigmaPrime,
  sigmaPrimeMatrix,
  type SigmaPrimeOptions,
  type SigmaPrimeResult,
} from "./sigma_prime.ts";
export {
  DEFAULT_FINITE_DIFFERENCE_BUDGET,
  EPSILON_RANGE,
  finiteDifference,
  type FiniteDifferenceOptions,
  type FiniteDifferenceResult,
  type GradientEntry,
} from "./finite_difference.ts";
export {
  DEFAULT_FORWARD_MODE_BUDGET,
  forwardMode,
  type ForwardModeOptions,
  type ForwardModeResult,
} from "./forward_mode.ts";
export {
  type BlockReport,
  compareGradients,
  type CompareOptions,
  type GradientComparison,
  relativeError,
  type WorstEntry,
} from "./compare.ts";
export {
  bundleOf,
  display,
  DISPLAY_SETTLE_MS,
  type Displayable,
  type Figure,
  flush,
  formatNumber,
  JUPYTER_DISPLAY,
  latex,
  markdown,
  matrixToLatex,
  type MimeBundle,
  plot,
  type PlotOptions,
  resetPlotlyLoader,
  table,
  type TableOptions,
  vectorToLatex,
} from "./display.ts";
export { memoisedPathSum, type MemoisedPathSumResult } from "./memoised_path_sum.ts";
export {
  activationNode,
  type ChainCost,
  chainScope,
  MAX_SYMBOLIC_DEPTH,
  MAX_SYMBOLIC_RELU_LAYERS,
  neuronChainCost,
  oneNeuronCost,
  SYMBOLIC_ACTIVATIONS,
  type SymbolicActivationName,
  type SymbolicDerivative,
  symbolicDerivative,
  type SymbolicScope,
} from "./symbolic.ts";
export {
  deltaFiniteDifference,
  type DeltaFiniteDifferenceOptions,
  type DeltaFiniteDifferenceResult,
} from "./delta_finite_difference.ts";
export {
  columns,
  defaultMnistDir,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  joinSets,
  loadMnist,
  type Mnist,
  type MnistSet,
  oneHot,
  parseIdxImages,
  parseIdxLabels,
  readMnistSet,
  subset,
} from "./mnist.ts";
export {
  type Architecture,
  argmaxColumns,
  type Dataset,
  type EpochReport,
  evaluate,
  type Evaluation,
  gradientDescent,
  type GradientDescentOptions,
  loadNetwork,
  networkFromJson,
  type NetworkJson,
  networkToJson,
  saveNetwork,
  sgd,
  type SgdOptions,
  type TrainOptions,
} from "./train.ts";
export { type CheckpointOptions } from "./checkpoint.ts";
export { writeFileAtomic } from "./files.ts";
export { FAST_MATMUL_BLOCK, matmulFast } from "./fast_matmul.ts";
export {
  getKernels,
  getMatmul,
  KERNEL_NAMES,
  kernelMatmul,
  type KernelName,
  setKernels,
} from "./kernels.ts";
export { matmulWasm, WasmKernels } from "./wasm_kernels.ts";
export { checkExercise, type Exercise, type ExerciseResult, EXERCISES } from "./exercises/check.ts";
