/**
 * A right answer to every exercise, as the whole text of the exercise's notebook cell: the
 * starter's doc comment and signature with the TODO done, ending, as the starter does, with
 * `await display(await checkExercise("id", answer));`. The logic is that of the reference
 * solutions (tests/exercises/solutions.ts), written with plain loops and the chapter's equations.
 *
 * Each cell runs on its own in a scope holding every name lib exports and nothing else (an
 * exercise's editor on the exported pages; tests/exercise_cells_test.ts), so it declares what it
 * needs beyond lib (σ, or the chapter's `sigmoid = activation("sigmoid")`) and imports nothing.
 * @module
 */

/** The text of a solved exercise cell, by exercise id. */
export const SOLUTION_CELLS: Record<string, string> = {
  // Chapter 1
  "sigmoid-prime": `/** σ′(z) for the sigmoid σ(z) = 1 / (1 + e^(−z)). */
function sigmoidPrime(z: number): number {
  const s = 1 / (1 + Math.exp(-z)); // σ(z)
  return s * (1 - s);
}
await display(await checkExercise("sigmoid-prime", sigmoidPrime));
`,

  "one-neuron-gradient": `/** ∂C/∂w and ∂C/∂b for a = σ(w x + b) (the sigmoid) and C = ½(a − y)². */
function oneNeuronGradient(w: number, b: number, x: number, y: number) {
  const sigma = (t: number) => 1 / (1 + Math.exp(-t));
  const z = w * x + b;
  const a = sigma(z);
  const delta = (a - y) * sigma(z) * sigma(-z); // δ = ∂C/∂z = (a − y) σ′(z)
  return { dw: delta * x, db: delta };
}
await display(await checkExercise("one-neuron-gradient", oneNeuronGradient));
`,

  // Chapter 2
  "chain-delta-step":
    `/** δ^l from the layer above, for sigmoid neurons: w^{l+1} σ′(z^l) δ^{l+1}. */
function chainDeltaStep(wNext: number, z: number, deltaNext: number): number {
  const sigma = (t: number) => 1 / (1 + Math.exp(-t));
  return wNext * sigma(z) * sigma(-z) * deltaNext;
}
await display(await checkExercise("chain-delta-step", chainDeltaStep));
`,

  "chain-gradient": `/** ∂C/∂w^l and ∂C/∂b^l of a chain of sigmoid neurons, C = ½(a^L − y)². */
function chainGradient(w: number[], b: number[], x: number, y: number) {
  const L = w.length - 1; // layers 1..L; w[0] and b[0] are unused
  const dw = new Array<number>(L + 1).fill(0), db = new Array<number>(L + 1).fill(0);
  const sigma = (t: number) => 1 / (1 + Math.exp(-t));
  const sigmaSlope = (t: number) => sigma(t) * sigma(-t); // σ′
  const z = [0], a = [x];
  for (let l = 1; l <= L; l++) {
    z.push(w[l] * a[l - 1] + b[l]);
    a.push(sigma(z[l]));
  }
  let delta = (a[L] - y) * sigmaSlope(z[L]); // BP1
  for (let l = L; l >= 1; l--) {
    db[l] = delta;
    dw[l] = a[l - 1] * delta;
    if (l > 1) delta = w[l] * sigmaSlope(z[l - 1]) * delta; // BP2
  }
  return { dw, db };
}
await display(await checkExercise("chain-gradient", chainGradient));
`,

  // Chapter 3
  "count-paths": `/** The number of paths from one weight of layer l to the cost. */
function pathsOfOneWeight(sizes: number[], l: number): number {
  let paths = 1;
  for (let m = l + 1; m < sizes.length; m++) paths *= sizes[m];
  return paths;
}
await display(await checkExercise("count-paths", pathsOfOneWeight));
`,

  "path-sum-weight": `const sigmoid = activation("sigmoid"); // σ and σ′, entry by entry
/** ∂C/∂wˡ_jk by walking every path (sigmoid layers, C = ½‖a^L − y‖²). */
function pathSumWeight(
  net: Network,
  x: Float64Array,
  y: Float64Array,
  l: number,
  j: number,
  k: number,
): number {
  const { z, a } = forward(net, x);
  const L = net.sizes.length - 1;
  const sp = z.map((zm) => sigmoid.derivative(zm)); // sp[m][i] = σ′(zᵐᵢ)
  const w = (m: number, p: number, i: number) =>
    net.W[m].data[p * net.W[m].cols + i]; // wᵐ_pi
  /** The sum over every path from zᵐᵢ to C of the product along it. */
  const fromZ = (m: number, i: number): number => {
    if (m === L) return sp[L][i] * (a[L][i] - y[i]);
    let total = 0;
    for (let p = 0; p < net.sizes[m + 1]; p++) total += sp[m][i] * w(m + 1, p, i) * fromZ(m + 1, p);
    return total;
  };
  return a[l - 1][k] * fromZ(l, j);
}
await display(await checkExercise("path-sum-weight", pathSumWeight));
`,

  // Chapter 4
  "output-error": `/** BP1 for sigmoid outputs and C = ½‖a − y‖²: δᴸ = (a − y) ⊙ σ′(z). */
function outputError(z: Float64Array, a: Float64Array, y: Float64Array) {
  const delta = new Float64Array(z.length);
  const sigma = (t: number) => 1 / (1 + Math.exp(-t));
  for (let j = 0; j < z.length; j++) delta[j] = (a[j] - y[j]) * sigma(z[j]) * sigma(-z[j]);
  return delta;
}
await display(await checkExercise("output-error", outputError));
`,

  "bp1-step": `// ∂C/∂z = ∂C/∂a · ∂a/∂z for C = ½(a − y)² and a = σ(z)
const dCdz = "(sigma(z) - y) * sigma(z) * (1 - sigma(z))"; // a mathjs expression
await display(await checkExercise("bp1-step", dCdz));
`,

  "delta-recursion": `const sigmoid = activation("sigmoid"); // σ and σ′, entry by entry
/** ∂C/∂Wˡ and ∂C/∂bˡ by BP1–BP4 (sigmoid layers, C = ½‖aᴸ − y‖²). */
function myBackprop(net: Network, x: ArrayLike<number>, y: ArrayLike<number>) {
  const { z, a } = forward(net, x);
  const L = net.sizes.length - 1;
  const g = zeroGradients(net); // g.dW[l], g.db[l]: zeros of the right shapes
  const delta: Float64Array[] = [];
  // BP1: delta[L] = (aᴸ − y) ⊙ σ′(zᴸ)
  delta[L] = hadamardVec(a[L].map((v, j) => v - y[j]), sigmoid.derivative(z[L]));
  // BP2: for l = L − 1 down to 1, delta[l] = ((Wˡ⁺¹)ᵀ delta[l + 1]) ⊙ σ′(zˡ)
  for (let l = L - 1; l >= 1; l--) {
    const back = matvec(net.W[l + 1], delta[l + 1], { transpose: true });
    delta[l] = hadamardVec(back, sigmoid.derivative(z[l]));
  }
  // BP3, BP4: for l = 1, …, L, g.db[l] = delta[l], g.dW[l] = delta[l] (aˡ⁻¹)ᵀ
  for (let l = 1; l <= L; l++) {
    g.db[l] = delta[l];
    g.dW[l] = outer(delta[l], a[l - 1]);
  }
  return g;
}
await display(await checkExercise("delta-recursion", myBackprop));
`,

  "batched-gradient": `const sigmoid = activation("sigmoid"); // σ and σ′, entry by entry
/** The mean gradient over the N columns of X and Y (sigmoid, quadratic cost). */
function batchedGradient(net: Network, X: Matrix, Y: Matrix) {
  const { z: Z, a: A } = forwardBatch(net, X); // Z[l], A[l]: n_l × N
  const L = net.sizes.length - 1, N = X.cols;
  const sp = (l: number): Matrix => // σ′(Zˡ), entry by entry
    ({ ...Z[l], data: sigmoid.derivative(Z[l].data) });
  const g = zeroGradients(net);
  const Delta: Matrix[] = [];
  Delta[L] = hadamard(sub(A[L], Y), sp(L)); // Δᴸ = (Aᴸ − Y) ⊙ σ′(Zᴸ)
  for (let l = L - 1; l >= 1; l--) {
    // Δˡ = ((Wˡ⁺¹)ᵀ Δˡ⁺¹) ⊙ σ′(Zˡ)
    Delta[l] = hadamard(matmul(net.W[l + 1], Delta[l + 1], { transposeA: true }), sp(l));
  }
  for (let l = 1; l <= L; l++) {
    g.dW[l] = scale(matmul(Delta[l], A[l - 1], { transposeB: true }), 1 / N); // (1/N) Δˡ (Aˡ⁻¹)ᵀ
    g.db[l] = columnSums(Delta[l]).map((v) => v / N); // (1/N) Δˡ 1
  }
  return g;
}
await display(await checkExercise("batched-gradient", batchedGradient));
`,

  // Chapter 5
  "linear-neurons": `function linearBackprop(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): Gradients {
  const L = net.sizes.length - 1;
  const a: Float64Array[] = [Float64Array.from(x)]; // 1. a⁰ = x
  const delta: Float64Array[] = net.sizes.map((n) => new Float64Array(n));
  for (let l = 1; l <= L; l++) {
    // 2. feedforward with σ(z) = z: aˡ = Wˡ aˡ⁻¹ + bˡ
    a[l] = matvec(net.W[l], a[l - 1]).map((v, j) => v + net.b[l][j]);
  }
  // 3. output error: δᴸ = aᴸ − y
  delta[L] = a[L].map((v, j) => v - y[j]);
  // 4. backpropagate: δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ for l = L − 1, …, 1
  for (let l = L - 1; l >= 1; l--) {
    delta[l] = matvec(net.W[l + 1], delta[l + 1], { transpose: true });
  }
  // 5. output
  const dW = [zeros(0, 0)], db: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L; l++) {
    db.push(delta[l]);
    dW.push(outer(delta[l], a[l - 1]));
  }
  return { dW, db };
}
await display(await checkExercise("linear-neurons", linearBackprop));
`,

  "modified-neuron": `const sigmoid = activation("sigmoid"); // σ and σ′, entry by entry
interface Special {
  layer: number;
  neuron: number;
  f: (z: number) => number;
  fPrime: (z: number) => number;
}
function modifiedBackprop(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  special: Special,
): Gradients {
  // Neuron special.neuron of layer special.layer uses special.f and special.fPrime
  const act = (l: number, z: Float64Array) => {
    const out = sigmoid.value(z);
    if (l === special.layer) out[special.neuron] = special.f(z[special.neuron]);
    return out;
  };
  const actPrime = (l: number, z: Float64Array) => {
    const out = sigmoid.derivative(z);
    if (l === special.layer) out[special.neuron] = special.fPrime(z[special.neuron]);
    return out;
  };
  const L = net.sizes.length - 1;
  const a: Float64Array[] = [Float64Array.from(x)], z = [new Float64Array(0)];
  for (let l = 1; l <= L; l++) {
    z[l] = matvec(net.W[l], a[l - 1]).map((v, j) => v + net.b[l][j]);
    a[l] = act(l, z[l]);
  }
  const delta: Float64Array[] = new Array(L + 1);
  delta[L] = hadamardVec(a[L].map((v, j) => v - y[j]), actPrime(L, z[L]));
  for (let l = L - 1; l >= 1; l--) {
    const back = matvec(net.W[l + 1], delta[l + 1], { transpose: true });
    delta[l] = hadamardVec(back, actPrime(l, z[l]));
  }
  const dW = [zeros(0, 0)], db: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L; l++) {
    db.push(delta[l]);
    dW.push(outer(delta[l], a[l - 1]));
  }
  return { dW, db };
}
await display(await checkExercise("modified-neuron", modifiedBackprop));
`,

  // Chapter 6
  "sigma-prime-matrix":
    `/** Σ′(z) = diag(σ′(z)), sigmoid: n × n, σ′(z_j) at (j, j), zeros elsewhere. */
function sigmaPrimeMatrixOf(z: Float64Array): Matrix {
  const n = z.length;
  const S = zeros(n, n); // all zeros; entry (j, k) is S.data[j * n + k]
  const sigma = (t: number) => 1 / (1 + Math.exp(-t));
  for (let j = 0; j < n; j++) S.data[j * n + j] = sigma(z[j]) * sigma(-z[j]);
  return S;
}
await display(await checkExercise("sigma-prime-matrix", sigmaPrimeMatrixOf));
`,

  "sigma-prime-product":
    `/** δ¹ = Σ′(z¹)(W²)ᵀΣ′(z²) ⋯ (Wᴸ)ᵀΣ′(zᴸ) ∇ₐC, sigmoid layers, C = ½‖aᴸ − y‖². */
function deltaOneByProduct(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): Float64Array {
  const L = net.sizes.length - 1;
  const { z, a } = forward(net, x);
  const gradA = a[L].map((aj, j) => aj - y[j]); // ∇ₐC = aᴸ − y
  let M = sigmaPrimeMatrix("sigmoid", z[1]); // the product so far: Σ′(z¹)
  for (let m = 2; m <= L; m++) {
    M = matmul(M, net.W[m], { transposeB: true }); // times (Wᵐ)ᵀ
    M = matmul(M, sigmaPrimeMatrix("sigmoid", z[m])); // times Σ′(zᵐ)
  }
  return matvec(M, gradA); // δ¹ = M ∇ₐC
}
await display(await checkExercise("sigma-prime-product", deltaOneByProduct));
`,

  // Chapter 7
  "softmax-cross-entropy-delta":
    `/** δᴸ = ∂C/∂zᴸ for softmax outputs and C = −Σᵢ yᵢ log aᵢ, any target y ≥ 0. */
function softmaxCrossEntropyDelta(z: Float64Array, y: Float64Array): Float64Array {
  const a = softmax(z); // lib's softmax shifts by max z: no overflow, no 0/0
  let s = 0; // Σᵢ yᵢ
  for (let i = 0; i < y.length; i++) s += y[i];
  return a.map((ai, i) => ai * s - y[i]); // step 5: δᴸ = a Σᵢ yᵢ − y
}
await display(await checkExercise("softmax-cross-entropy-delta", softmaxCrossEntropyDelta));
`,

  "softmax-jacobian":
    `/** J = ∂a/∂z for a = softmax(z): J[i][j] = aᵢ (1[i = j] − aⱼ), n × n, row-major. */
function softmaxJacobianOf(z: Float64Array): Matrix {
  const n = z.length;
  const a = softmax(z);
  const Jz = zeros(n, n); // all zeros; entry (i, j) is Jz.data[i * n + j]
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) Jz.data[i * n + j] = a[i] * ((i === j ? 1 : 0) - a[j]);
  }
  return Jz;
}
await display(await checkExercise("softmax-jacobian", softmaxJacobianOf));
`,

  // Chapter 8
  "central-difference": `function centralDifference(
  f: (t: number) => number,
  t: number,
  epsilon: number,
): number {
  return (f(t + epsilon) - f(t - epsilon)) / (2 * epsilon);
}
console.log("D₀ for sin at t = 1, ε = 1e-5:", centralDifference(Math.sin, 1, 1e-5));
console.log("the derivative, cos 1:        ", Math.cos(1));
await display(await checkExercise("central-difference", centralDifference));
`,

  "relative-error": `function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}
await display(await checkExercise("relative-error", relErr));
`,

  // The chapter's gradient-check table (blockTable, gradientCheck) is left out: those helpers
  // are the chapter's own, not lib's.
  "bug-hunt": `/** BP1–BP4 for one example, C = ½‖a^L − y‖², activations entry by entry. */
function backprop(
  net: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): Gradients {
  const L = net.sizes.length - 1;
  const act = (l: number) => activation(net.activations[l]);
  // The forward pass: z^l = W^l a^{l−1} + b^l, a^l = σ(z^l)
  const z: Float64Array[] = [new Float64Array(0)];
  const a: Float64Array[] = [Float64Array.from(x)];
  for (let l = 1; l <= L; l++) {
    z[l] = matvec(net.W[l], a[l - 1]).map((v, j) => v + net.b[l][j]);
    a[l] = act(l).value(z[l]);
  }
  const delta: Float64Array[] = [];
  // BP1, with ∇_a C = a^L − y
  const gradA = a[L].map((v, j) => v - y[j]);
  delta[L] = hadamardVec(gradA, act(L).derivative(z[L]));
  // BP2, from layer L − 1 down to layer 1: σ′ at z^l (the bug took it at a^l)
  for (let l = L - 1; l >= 1; l--) {
    const back = matvec(net.W[l + 1], delta[l + 1], { transpose: true });
    delta[l] = hadamardVec(back, act(l).derivative(z[l]));
  }
  // BP3 and BP4
  const g = zeroGradients(net);
  for (let l = 1; l <= L; l++) {
    g.db[l] = Float64Array.from(delta[l]);
    g.dW[l] = outer(delta[l], a[l - 1]);
  }
  return g;
}
await display(await checkExercise("bug-hunt", backprop));
`,

  // Chapter 9
  "parameter-count":
    `/** The weights and biases of a network with layer sizes [n_0, n_1, …, n_L]. */
function countParameters(sizes: number[]): number {
  let P = 0;
  // For each layer l = 1 … L, add its n_l · n_{l−1} weights and n_l biases.
  for (let l = 1; l < sizes.length; l++) P += sizes[l] * sizes[l - 1] + sizes[l];
  return P;
}
await display(await checkExercise("parameter-count", countParameters));
`,

  "forward-multiply-adds":
    `/** The multiplications in W^l a^{l−1}, l = 1 … L, of one forward pass. */
function forwardMultiplyAdds(sizes: number[]): number {
  let F = 0;
  // Add the multiplications of each product W^l a^{l−1}: n_l · n_{l−1}.
  for (let l = 1; l < sizes.length; l++) F += sizes[l] * sizes[l - 1];
  return F;
}
await display(await checkExercise("forward-multiply-adds", forwardMultiplyAdds));
`,
};
