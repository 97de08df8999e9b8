/**
 * The WebAssembly SIMD kernels (source: lib/wasm/kernels.wat) and {@link matmulWasm}, a third
 * implementation of `matmul`'s contract next to the readable reference and the plain-JS
 * {@link matmulFast}.
 *
 * Why WebAssembly: plain JavaScript cannot use the CPU's vector instructions, and V8 keeps a
 * Float64Array loop near 2 GFLOP/s however it is tiled. WebAssembly's 128-bit SIMD multiplies
 * and adds two doubles per instruction and lets the compiler keep a whole tile of the output in
 * registers, in float64, on every engine that runs Deno. Worker threads were not chosen: the
 * mini-batches of Nielsen's network are a quarter of a million multiply–adds, smaller than what
 * hand-offs between threads cost.
 *
 * Each {@link WasmKernels} owns its own memory: matrices are copied in, multiplied, and copied
 * out. The training engine (wasm_train.ts) keeps its parameters and data in the memory of its own
 * instance for the whole run, so it copies nothing per step.
 * @module
 */

import { ArgumentError } from "./errors.ts";
import { matmul, type MatmulOptions, type Matrix, productShape } from "./matrix.ts";
import { decodeBase64 } from "./wasm/base64.ts";
import { KERNELS_WASM_BASE64 } from "./wasm/kernels_wasm.ts";

/**
 * The module's exports as WebAssembly gives them: numbers in, a number (or nothing) out. The
 * methods of {@link WasmKernels} are their typed, documented forms (offsets in doubles there,
 * in bytes here).
 */
interface KernelExports {
  memory: WebAssembly.Memory;
  gemm_nt(...args: number[]): void;
  gemm_xn(...args: number[]): void;
  step_into_gradient(...args: number[]): number;
}

let compiled: WebAssembly.Module | undefined;

function module(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64) as BufferSource);
  return compiled;
}

const PAGE = 65536;
/** WebAssembly's 32-bit memories end at 4 GiB. */
const MAX_BYTES = 65536 * PAGE;

/**
 * One instance of the kernels with its own linear memory and a bump allocator over it. Offsets
 * are in doubles (index into {@link WasmKernels.f64}); the kernels take byte offsets (8×).
 *
 * @example
 * ```ts
 * import { WasmKernels } from "./wasm_kernels.ts";
 * const k = new WasmKernels();
 * const A = k.alloc(4), B = k.alloc(4), C = k.alloc(4);
 * k.f64.set([1, 2, 3, 4], A); // [[1, 2], [3, 4]]
 * k.f64.set([1, 0, 0, 1], B); // the identity
 * k.gemmXn(2, 2, 2, A, 2, 1, B, 2, C, 2, false); // C = A·B
 * if (k.f64[C + 3] !== 4) throw new Error("A·I = A");
 * ```
 */
export class WasmKernels {
  #exports: KernelExports;
  #view: Float64Array;
  #top = 0;
  #highWater = 0; // memory above this was never handed out: still zero from memory.grow

  /** A fresh instance with an empty memory. */
  constructor() {
    const instance = new WebAssembly.Instance(module(), {});
    this.#exports = instance.exports as unknown as KernelExports;
    this.#view = new Float64Array(this.#exports.memory.buffer);
  }

  /** The whole memory as doubles; valid until the next {@link alloc} that grows memory. */
  get f64(): Float64Array {
    if (this.#view.buffer !== this.#exports.memory.buffer) {
      this.#view = new Float64Array(this.#exports.memory.buffer);
    }
    return this.#view;
  }

  /** Offset (in doubles, 16-byte aligned) of `doubles` new zeroed doubles, growing memory. */
  alloc(doubles: number): number {
    const start = this.#top;
    const end = start + doubles + (doubles % 2); // keep every block 16-byte aligned
    const bytes = end * 8;
    if (bytes > MAX_BYTES) {
      throw new ArgumentError(
        "WasmKernels.alloc",
        "doubles",
        `a total within WebAssembly's 4 GiB memory (${MAX_BYTES / 8} doubles)`,
        `${doubles} more doubles on top of ${start}`,
      );
    }
    const memory = this.#exports.memory;
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    }
    this.#top = end;
    if (start < this.#highWater) this.f64.fill(0, start, Math.min(end, this.#highWater));
    this.#highWater = Math.max(this.#highWater, end);
    return start;
  }

  /** Frees everything allocated after `mark` (a value {@link mark} returned). */
  release(mark: number): void {
    this.#top = mark;
  }

  /** The allocator's position, for {@link release}. */
  mark(): number {
    return this.#top;
  }

  /**
   * C[i, j] (+)= Σ_p A[i, p]·B[j, p] over p < k: A is m×k (row stride aRow), B is n×k (row stride
   * bRow), both contiguous along p; C[i, j] at C + i·cRow + j·cCol. Offsets in doubles.
   */
  gemmNt(
    m: number,
    n: number,
    k: number,
    A: number,
    aRow: number,
    B: number,
    bRow: number,
    C: number,
    cRow: number,
    cCol: number,
    accumulate: boolean,
  ): void {
    this.#exports.gemm_nt(m, n, k, A * 8, aRow, B * 8, bRow, C * 8, cRow, cCol, accumulate ? 1 : 0);
  }

  /**
   * C[i, j] (+)= Σ_p A[i, p]·B[p, j] over p < k: A[i, p] at A + i·aRow + p·aCol, B k×n with row
   * stride bRow, C m×n with row stride cRow; B and C contiguous along j. Offsets in doubles.
   */
  gemmXn(
    m: number,
    n: number,
    k: number,
    A: number,
    aRow: number,
    aCol: number,
    B: number,
    bRow: number,
    C: number,
    cRow: number,
    accumulate: boolean,
  ): void {
    this.#exports.gemm_xn(m, n, k, A * 8, aRow, aCol, B * 8, bRow, C * 8, cRow, accumulate ? 1 : 0);
  }

  /**
   * G[i] ← W[i] − η·(G[i]·scale) for i < n (the new weights, written over the gradient; W is
   * untouched) and true when every one is finite. Offsets in doubles.
   */
  stepIntoGradient(n: number, W: number, G: number, eta: number, scale: number): boolean {
    return this.#exports.step_into_gradient(n, W * 8, G * 8, eta, scale) === 1;
  }
}

let shared: WasmKernels | undefined;
const SHARED_LIMIT = 8 * 1024 * 1024; // doubles
const SMALL = 4096; // multiply–adds

/**
 * op(A)·op(B) with the WebAssembly SIMD kernels: the same contract, checks and errors as
 * `matmul`, and the same numbers up to rounding (the sums run two lanes at a time; products of
 * fewer than 4096 multiply–adds, or with fewer than 4 terms per sum, are left to `matmul`, whose
 * numbers they then are exactly). Both operands
 * are copied into an instance's memory: one shared instance for products of up to 64 MiB, a
 * fresh one (freed after the call) for larger ones.
 *
 * @example
 * ```ts
 * import { fromRows, matmul } from "./matrix.ts";
 * import { matmulWasm } from "./wasm_kernels.ts";
 * const A = fromRows([[1, 2, 3], [4, 5, 6]]), B = fromRows([[1, 0], [0, 1], [1, 1]]);
 * if (matmulWasm(A, B).data.some((v, i) => v !== matmul(A, B).data[i])) throw new Error("A·B");
 * if (matmulWasm(A, A, { transposeB: true }).data[1] !== 32) throw new Error("1·4 + 2·5 + 3·6");
 * ```
 */
export function matmulWasm(a: Matrix, b: Matrix, options: MatmulOptions = {}): Matrix {
  const { m, inner: k, n, aRow, aCol, bCol } = productShape("matmulWasm", a, b, options);
  // Small products cost more to copy in and out than to compute: the reference does them.
  if (m * n * k < SMALL || k < 4) return matmul(a, b, options);
  const out = new Float64Array(m * n);
  // Products up to 64 MiB of operands reuse one instance; a larger one gets a fresh instance,
  // freed with it (WebAssembly memory can grow but never shrink).
  const w = a.data.length + b.data.length + m * n <= SHARED_LIMIT
    ? (shared ??= new WasmKernels())
    : new WasmKernels();
  const mark = w.mark();
  try {
    const A = w.alloc(a.data.length), B = w.alloc(b.data.length), C = w.alloc(m * n);
    const mem = w.f64;
    mem.set(a.data, A);
    mem.set(b.data, B);
    if (n === 1 && aCol === 1) {
      // a matrix–vector product: one dot product per row of A (the vector is contiguous)
      w.gemmNt(m, 1, k, A, a.cols, B, k, C, 1, 1, false);
      out.set(w.f64.subarray(C, C + m));
    } else if (bCol === 1) {
      // op(B) is B itself, rows contiguous along j: the broadcast (axpy) form, A by strides.
      w.gemmXn(m, n, k, A, aRow, aCol, B, b.cols, C, n, false);
      out.set(w.f64.subarray(C, C + m * n));
    } else if (aCol === 1) {
      // A·Bᵀ: rows of A and of B both contiguous along p, dot products.
      w.gemmNt(m, n, k, A, a.cols, B, b.cols, C, n, 1, false);
      out.set(w.f64.subarray(C, C + m * n));
    } else {
      // Aᵀ·Bᵀ = (B·A)ᵀ: B (n×k) times A (k×m, rows contiguous) gives the n×m transpose.
      w.gemmXn(n, m, k, B, b.cols, 1, A, a.cols, C, m, false);
      const t = w.f64;
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = t[C + j * m + i];
    }
  } finally {
    w.release(mark);
  }
  return { rows: m, cols: n, data: out };
}
