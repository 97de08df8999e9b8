/**
 * Which matrix-product kernel the batched methods use: the readable reference `matmul` of
 * matrix.ts (the default, the one the course explains), {@link matmulFast} (plain JavaScript,
 * blocked and register-tiled) or {@link matmulWasm} (WebAssembly SIMD). All compute the same
 * product; the others sum in another order, so results agree to rounding, not bit for bit. With
 * "wasm", `sgd` and `gradientDescent` also train on the WebAssembly engine of wasm_train.ts.
 * The switch is global to the process; notebooks and tests leave it at "reference" unless they
 * say otherwise.
 * @module
 */

import { ArgumentError, describe } from "./errors.ts";
import { matmulFast } from "./fast_matmul.ts";
import { matmul, type MatmulOptions, type Matrix, productShape } from "./matrix.ts";
import { matmulWasm } from "./wasm_kernels.ts";

/**
 * The names {@link setKernels} accepts.
 *
 * @example
 * ```ts
 * import { KERNEL_NAMES } from "./kernels.ts";
 * if (KERNEL_NAMES.join() !== "reference,fast,wasm") throw new Error("three kernels");
 * ```
 */
export const KERNEL_NAMES = ["reference", "fast", "wasm"] as const;

/** "reference" (readable loops, the default), "fast" (blocked, register-tiled JS) or "wasm" (SIMD). */
export type KernelName = typeof KERNEL_NAMES[number];

let current: KernelName = "reference";

/**
 * Chooses the kernel {@link kernelMatmul} and {@link getMatmul} use from now on; returns the
 * previous choice so a caller can restore it.
 *
 * @example
 * ```ts
 * import { getKernels, setKernels } from "./kernels.ts";
 * const before = setKernels("fast");
 * if (getKernels() !== "fast") throw new Error("switched");
 * setKernels(before);
 * ```
 */
export function setKernels(name: KernelName): KernelName {
  if (!(KERNEL_NAMES as readonly unknown[]).includes(name)) {
    throw new ArgumentError(
      "setKernels",
      "name",
      `one of ${KERNEL_NAMES.map((k) => JSON.stringify(k)).join(", ")}`,
      describe(name),
    );
  }
  const previous = current;
  current = name;
  return previous;
}

/**
 * The kernel in use: "reference" unless {@link setKernels} said otherwise.
 *
 * @example
 * ```ts
 * import { getKernels } from "./kernels.ts";
 * if (getKernels() !== "reference") throw new Error("the readable kernel by default");
 * ```
 */
export function getKernels(): KernelName {
  return current;
}

/**
 * The matrix product of the kernel in use, with `matmul`'s signature.
 *
 * @example
 * ```ts
 * import { getMatmul } from "./kernels.ts";
 * import { fromRows, matmul } from "./matrix.ts";
 * if (getMatmul() !== matmul) throw new Error("the reference by default");
 * const P = getMatmul()(fromRows([[1, 2]]), fromRows([[3], [4]]));
 * if (P.data[0] !== 11) throw new Error("1·3 + 2·4");
 * ```
 */
export function getMatmul(): (a: Matrix, b: Matrix, options?: MatmulOptions) => Matrix {
  return current === "fast" ? matmulFast : current === "wasm" ? matmulWasm : matmul;
}

/**
 * op(A)·op(B) by the kernel in use: a drop-in for `matmul` (same arguments, same result to
 * rounding), for code that should follow {@link setKernels}.
 *
 * @example
 * ```ts
 * import { kernelMatmul, setKernels } from "./kernels.ts";
 * import { fromRows } from "./matrix.ts";
 * const A = fromRows([[1, 2], [3, 4]]);
 * const before = setKernels("fast");
 * const AtA = kernelMatmul(A, A, { transposeA: true });
 * setKernels(before);
 * if (AtA.data[1] !== 14) throw new Error("1·2 + 3·4");
 * ```
 */
export function kernelMatmul(a: Matrix, b: Matrix, options: MatmulOptions = {}): Matrix {
  productShape("kernelMatmul", a, b, options); // so that a refusal names the function called
  return getMatmul()(a, b, options);
}
