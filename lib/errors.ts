/**
 * Argument checks shared by every public function. Each failure throws before any work is done,
 * with a message naming the function, the argument, what was expected and what came.
 * @module
 */

/**
 * The error every bad input raises: its message reads
 * `fn: argument "name": expected …, got …`.
 *
 * @example
 * ```ts
 * import { ArgumentError } from "./errors.ts";
 * const e = new ArgumentError("forward", "x", "a vector of length 3", "length 4");
 * if (!e.message.includes('argument "x"')) throw new Error("message names the argument");
 * ```
 */
export class ArgumentError extends Error {
  /** Builds the message from its four parts. */
  constructor(
    readonly fn: string,
    readonly argument: string,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`${fn}: argument "${argument}": expected ${expected}, got ${got}`);
    this.name = "ArgumentError";
  }
}

/** A short description of any value, for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (value instanceof Float64Array) return `a Float64Array of length ${value.length}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    return `a ${value.constructor.name} of length ${
      (value as unknown as ArrayLike<number>).length
    }`;
  }
  if (typeof value === "object") {
    const o = value as { rows?: unknown; cols?: unknown };
    if (typeof o.rows === "number" && typeof o.cols === "number") {
      return `a ${o.rows}×${o.cols} matrix`;
    }
    return "an object";
  }
  return typeof value;
}

/**
 * Copies a list of numbers into a new Float64Array after checking its length and that every entry
 * is finite; the error names the first bad index.
 */
export function finiteVector(
  fn: string,
  argument: string,
  value: unknown,
  length?: number,
): Float64Array {
  const isList = Array.isArray(value) ||
    (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isList) {
    throw new ArgumentError(
      fn,
      argument,
      length === undefined ? "an array of numbers" : `an array of ${length} numbers`,
      describe(value),
    );
  }
  const list = value as ArrayLike<unknown>;
  if (length !== undefined && list.length !== length) {
    throw new ArgumentError(
      fn,
      argument,
      `a vector of length ${length}`,
      `length ${list.length}`,
    );
  }
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ArgumentError(
        fn,
        argument,
        "finite numbers only",
        `${describe(v)} at index ${i}`,
      );
    }
    out[i] = v;
  }
  return out;
}

/** Throws unless every entry is finite; `where` turns a flat index into words. */
export function assertFinite(
  fn: string,
  argument: string,
  data: ArrayLike<number>,
  where: (index: number) => string = (i) => `index ${i}`,
): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new ArgumentError(fn, argument, "finite numbers only", `${data[i]} at ${where(i)}`);
    }
  }
}

/** Throws unless `value` is an integer ≥ `min`. */
export function assertInteger(fn: string, argument: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ArgumentError(fn, argument, `an integer ≥ ${min}`, describe(value));
  }
  return value;
}

/** Throws unless `value` is a finite number > 0. */
export function assertPositive(fn: string, argument: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ArgumentError(fn, argument, "a finite number > 0", describe(value));
  }
  return value;
}

/**
 * Throws unless `options` is an object whose every own key is one of `known`: a misspelt option
 * (`batchsize` for `batchSize`) would otherwise be ignored without a word. The error names the
 * unknown key, suggests the known key it most resembles and lists them all.
 *
 * @example
 * ```ts
 * import { ArgumentError, assertKnownKeys } from "./errors.ts";
 * assertKnownKeys("sgd", "options", { eta: 1 }, ["eta", "batchSize"]);
 * try {
 *   assertKnownKeys("sgd", "options", { batchsize: 10 }, ["eta", "batchSize"]);
 *   throw new Error("unreachable");
 * } catch (e) {
 *   if (!(e instanceof ArgumentError) || !e.message.includes('did you mean "batchSize"')) throw e;
 * }
 * ```
 */
export function assertKnownKeys<T>(
  fn: string,
  argument: string,
  options: T,
  known: readonly string[],
): T {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ArgumentError(
      fn,
      argument,
      `an options object with keys among ${known.join(", ")}`,
      describe(options),
    );
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => k.toLowerCase() === key.toLowerCase()) ??
      known.find((k) => editDistance(k, key) <= 2);
    throw new ArgumentError(
      fn,
      argument,
      known.length === 1 ? `only the key ${known[0]}` : `only the keys ${known.join(", ")}`,
      `the unknown key ${JSON.stringify(key)}${
        near === undefined ? "" : ` (did you mean ${JSON.stringify(near)}?)`
      }`,
    );
  }
  return options;
}

/** Throws unless `value` is undefined or a function (a callback option, checked before work). */
export function assertOptionalFunction(fn: string, argument: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") {
    throw new ArgumentError(fn, argument, "a function (or no value)", describe(value));
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/**
 * The error that stops training when a step would make a parameter non-finite or the cost is not
 * finite; `where` is e.g. "epoch 3, mini-batch 12".
 *
 * @example
 * ```ts
 * import { trainingDiverged } from "./errors.ts";
 * if (!trainingDiverged("epoch 1", 100, "the cost is NaN").message.includes("η = 100")) throw new Error();
 * ```
 */
export function trainingDiverged(where: string, eta: number, what: string): Error {
  return new Error(
    `training diverged at ${where} with learning rate η = ${eta}: ${what}; ` +
      "try a smaller η (the network keeps its last finite parameters)",
  );
}
