/**
 * `checkExercise(id, answer)`: runs a reader's answer on the exercise's seeded cases, compares it
 * with the reference, and explains the first mismatch the way a teacher would — which case,
 * which block and entry, expected against got, and a hint when the mistake has a recognisable
 * shape. It never throws for a wrong, unfinished or crashing answer (a notebook with an
 * unfinished exercise still runs to the end); only an unknown id is an error.
 * @module
 */

import { type Displayable, JUPYTER_DISPLAY, type MimeBundle } from "../display.ts";
import { ArgumentError, describe } from "../errors.ts";
import {
  type Block,
  genericHint,
  type Mismatch,
  sameShapes,
  show,
  Unreadable,
  worstMismatch,
} from "./blocks.ts";
import { type Exercise, type ExerciseCase, type ExerciseSpec, SPECS } from "./catalogue.ts";

export type { Exercise } from "./catalogue.ts";

/**
 * Every exercise of the course, in reading order: id, title and the answer's TypeScript
 * signature. (The notebook that calls `checkExercise(id, …)` is where an exercise sits.)
 *
 * @example
 * ```ts
 * import { EXERCISES } from "../mod.ts";
 * const ids = EXERCISES.map((e) => e.id);
 * if (!ids.includes("delta-recursion") || EXERCISES.length < 16) throw new Error(ids.join());
 * ```
 */
export const EXERCISES: readonly Exercise[] = SPECS.map(({ id, title, signature }) =>
  Object.freeze({ id, title, signature })
);

/** The verdict on an answer; it displays itself in Jupyter as a short Markdown report. */
export interface ExerciseResult extends Displayable {
  id: string;
  pass: boolean;
  /** What passed, or what is wrong and where, with a hint when one applies. */
  message: string;
}

function result(spec: ExerciseSpec, pass: boolean, message: string): ExerciseResult {
  return {
    id: spec.id,
    pass,
    message,
    [JUPYTER_DISPLAY]: (): MimeBundle => {
      const head = pass ? `**✓ ${spec.title}: correct.**` : `**✗ ${spec.title}: not yet.**`;
      return {
        "text/markdown": `${scripts(head)} ${scripts(message)}`,
        "text/plain": `${pass ? "✓" : "✗"} ${spec.id}: ${message}`,
      };
    },
  };
}

/**
 * Checks an answer to exercise `id` and resolves to `{ id, pass, message }`.
 *
 * @example
 * ```ts
 * import { checkExercise } from "../mod.ts";
 * type F = (t: number) => number;
 * const central = (f: F, t: number, h: number) => (f(t + h) - f(t - h)) / (2 * h);
 * const right = await checkExercise("central-difference", central);
 * if (!right.pass) throw new Error(right.message);
 * const oneSided = (f: F, t: number, h: number) => (f(t + h) - f(t)) / h;
 * const wrong = await checkExercise("central-difference", oneSided);
 * if (wrong.pass || !wrong.message.includes("one-sided")) throw new Error(wrong.message);
 * ```
 */
export async function checkExercise(id: string, answer: unknown): Promise<ExerciseResult> {
  const spec = SPECS.find((s) => s.id === id);
  if (spec === undefined) {
    throw new ArgumentError(
      "checkExercise",
      "id",
      `one of the exercise ids (${SPECS.map((s) => s.id).join(", ")})`,
      describe(id),
    );
  }
  if (spec.checkString) {
    if (typeof answer !== "string") {
      return result(
        spec,
        false,
        `The answer is a string (a mathjs expression); yours is ${describe(answer)}.`,
      );
    }
    const { pass, message } = spec.checkString(answer);
    return result(spec, pass, message);
  }
  if (typeof answer !== "function") {
    return result(
      spec,
      false,
      `The answer is a function \`${spec.signature}\`; yours is ${describe(answer)}.`,
    );
  }
  const cases = spec.cases!();
  const tolerance = spec.tolerance ?? 1e-9;
  const count = cases.length;
  let first: Failure | undefined;
  for (const [i, c] of cases.entries()) {
    const where = `Case ${i + 1} of ${count} (${c.label})`;
    let value: unknown;
    try {
      value = await c.call(answer as (...args: never[]) => unknown);
    } catch (e) {
      if (first !== undefined) break;
      const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return result(
        spec,
        false,
        /TODO/.test(text)
          ? `Not finished: your function throws "${text}". Replace the TODO with your code.`
          : `${where}: your function threw ${text}.`,
      );
    }
    let got;
    try {
      got = c.read(value);
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
      if (first !== undefined) break;
      return result(spec, false, `${where}: ${e.message}`);
    }
    const bad = worstMismatch(got, c.want, tolerance);
    if (bad === undefined) continue;
    // An untouched starter returns zeros: say so before any mistake that happens to give 0.
    const known = isZero(got) ? ZERO_HINT : recognise(c, got, tolerance);
    if (first === undefined) {
      first = { where, bad, got, c };
      if (known !== undefined) return failure(spec, first, known);
    } else if (known !== undefined) {
      // The first failing case had no recognisable shape (an index out of range, say); this
      // one shows which mistake it is.
      return failure(spec, first, `${where.replace(/^Case/, "case")} shows the mistake: ${known}`);
    }
  }
  if (first !== undefined) {
    return failure(spec, first, genericHint(first.got, first.c.want, first.c.examples));
  }
  return result(
    spec,
    true,
    `It agrees with the reference on all ${count} cases (${cases[0].label}, …, ` +
      `${cases[count - 1].label}) to a relative ${tolerance}.`,
  );
}

interface Failure {
  where: string;
  bad: Mismatch;
  got: Block[];
  c: ExerciseCase;
}

/** The hint of the planted mistake whose answer this is, on this case. */
function recognise(c: ExerciseCase, got: Block[], tolerance: number): string | undefined {
  return (c.mistakes ?? []).find((m) => {
    const blocks = m.blocks();
    return blocks !== undefined && sameShapes(blocks, got) &&
      worstMismatch(got, blocks, tolerance) === undefined;
  })?.hint;
}

function failure(spec: ExerciseSpec, first: Failure, hint: string | undefined): ExerciseResult {
  const { where, bad } = first;
  const entry = bad.at === "" ? bad.block : `${bad.block} entry ${bad.at}`;
  return result(
    spec,
    false,
    `${where}: ${entry} should be ${show(bad.expected)}; yours is ${show(bad.got)}.` +
      (hint ? `\n\nHint: ${hint}` : ""),
  );
}

const ZERO_HINT = "your answer is zero everywhere: is the TODO still to do?";

function isZero(blocks: Block[]): boolean {
  return blocks.every((b) => b.data.every((v) => v === 0));
}

/** Markdown for a message: z^l, W^{l+1}, w^l_{jk} with real superscripts and subscripts. */
function scripts(text: string): string {
  return text
    .replace(/\^\{([^}]*)\}/g, "<sup>$1</sup>")
    .replace(/\^([A-Za-z0-9])/g, "<sup>$1</sup>")
    .replace(/_\{([^}]*)\}/g, "<sub>$1</sub>")
    .replace(/_([A-Za-z0-9])(?![A-Za-z0-9])/g, "<sub>$1</sub>");
}
