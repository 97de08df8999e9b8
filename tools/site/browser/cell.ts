/**
 * A notebook cell's TypeScript, made runnable in a page's Web Worker the way the Deno kernel runs
 * it: types stripped by sucrase (which keeps every line where it was, so an error's line is the
 * reader's line), top-level `await` allowed, and top-level declarations shared with the cells
 * that run after it (the kernel's REPL semantics: a later cell sees `const x` of an earlier
 * one, and may declare `x` again). Imports of the course's modules (`../lib/mod.ts`,
 * `../proofs/mod.ts`) become reads of the worker's bundled copies; any other import is refused
 * with a message saying the cell needs Jupyter.
 *
 * How it works: the cell becomes the body of an async function run inside `with (scope)`, so a
 * name it does not declare is looked up in the scope (what earlier cells declared, and for an
 * exercise every name lib exports) before the worker's globals. Each name the cell declares at
 * top level is published to the scope as a live getter (and setter, for `let` and `var`), so
 * later cells read and assign the cell's own binding, as in the kernel.
 * @module
 */

import { transform } from "sucrase";
import { parse } from "acorn";

/** The modules a cell may import, by the name the worker keeps them under. */
export const MODULES: Record<string, RegExp> = {
  lib: /(^|\/)lib\/mod\.ts$/,
  proofs: /(^|\/)proofs\/mod\.ts$/,
};

/** A cell that cannot run: where (1-based line and column of the reader's code) and why. */
export class CellError extends Error {
  override name = "CellError";
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
  }
}

/** A compiled cell: `run(scope, modules)` runs it and resolves when it has finished. */
export interface CompiledCell {
  /** The JavaScript that is evaluated (for tests and debugging). */
  source: string;
  /** The names the cell declares at top level, published to the scope. */
  names: string[];
  run(scope: object, modules: Record<string, object>): Promise<void>;
}

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** The names a binding pattern declares (`a`, `{ a, b: [c] }`, `...rest`). */
function patternNames(p: Node | null | undefined, out: string[]): void {
  if (!p) return;
  switch (p.type) {
    case "Identifier":
      out.push(p.name as string);
      break;
    case "ObjectPattern":
      for (const prop of p.properties as Node[]) {
        patternNames(prop.type === "RestElement" ? prop.argument as Node : prop.value as Node, out);
      }
      break;
    case "ArrayPattern":
      for (const e of p.elements as (Node | null)[]) patternNames(e, out);
      break;
    case "RestElement":
      patternNames(p.argument as Node, out);
      break;
    case "AssignmentPattern":
      patternNames(p.left as Node, out);
      break;
  }
}

/** Replaces text[start, end) by `by`, keeping the lines after it where they were. */
function replaceKeepingLines(text: string, start: number, end: number, by: string): string {
  const lines = text.slice(start, end).split("\n").length - 1;
  return text.slice(0, start) + by + "\n".repeat(lines) + text.slice(end);
}

/** TypeScript → JavaScript with the same lines; a syntax error says where. */
export function stripTypes(code: string): string {
  try {
    return transform(code, {
      transforms: ["typescript"],
      disableESTransforms: true,
      keepUnusedImports: true,
    }).code;
  } catch (e) {
    const err = e as Error & { loc?: { line: number; column: number } };
    const m = /\((\d+):(\d+)\)\s*$/.exec(err.message);
    const line = err.loc?.line ?? (m ? Number(m[1]) : undefined);
    const column = err.loc?.column ?? (m ? Number(m[2]) : undefined);
    throw new CellError(
      `SyntaxError: ${err.message.replace(/\s*\(\d+:\d+\)\s*$/, "")}`,
      line,
      column === undefined ? undefined : column + 1,
    );
  }
}

let compiled = 0;

/**
 * Compiles a cell. Throws CellError for a syntax error (with its line) and for an import the page
 * cannot provide.
 */
export function compileCell(code: string, label = "cell"): CompiledCell {
  if (typeof code !== "string") {
    throw new CellError(`compileCell: code should be a string; got ${typeof code}`);
  }
  let js = stripTypes(code);
  let program: Node;
  try {
    program = parse(js, {
      ecmaVersion: "latest",
      sourceType: "module",
      allowAwaitOutsideFunction: true,
      locations: true,
    }) as unknown as Node;
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    throw new CellError(
      `SyntaxError: ${err.message.replace(/\s*\(\d+:\d+\)\s*$/, "")}`,
      err.loc?.line,
      err.loc === undefined ? undefined : err.loc.column + 1,
    );
  }

  const names: string[] = [];
  const writable = new Set<string>();
  // Rewrites go from the end, so earlier offsets stay valid.
  const rewrites: { start: number; end: number; by: string }[] = [];
  for (const node of program.body as Node[]) {
    let decl = node;
    if (node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration") {
      throw new CellError(
        "SyntaxError: a notebook cell cannot export; declare the name without `export`",
        (node.loc as { start: { line: number } }).start.line,
      );
    }
    if (node.type === "ImportDeclaration") {
      const from = (node.source as Node).value as string;
      const module = Object.keys(MODULES).find((k) => MODULES[k].test(from));
      const line = (node.loc as { start: { line: number } }).start.line;
      if (module === undefined) {
        throw new CellError(
          `this cell imports "${from}", which the page cannot load (it has the course's lib and ` +
            `proofs only): run it in Jupyter`,
          line,
        );
      }
      const parts: string[] = [];
      let namespace: string | undefined;
      for (const s of node.specifiers as Node[]) {
        const local = (s.local as Node).name as string;
        names.push(local);
        if (s.type === "ImportNamespaceSpecifier") namespace = local;
        else if (s.type === "ImportDefaultSpecifier") parts.push(`default: ${local}`);
        else {
          const imported = s.imported as Node;
          const name = (imported.name ?? imported.value) as string;
          parts.push(name === local ? local : `${JSON.stringify(name)}: ${local}`);
        }
      }
      const target = `__modules[${JSON.stringify(module)}]`;
      const by = [
        parts.length ? `const { ${parts.join(", ")} } = ${target};` : "",
        namespace ? `const ${namespace} = ${target};` : "",
      ].join(" ");
      rewrites.push({ start: node.start, end: node.end, by });
      continue;
    }
    decl = node;
    if (decl.type === "VariableDeclaration") {
      const before = names.length;
      for (const d of decl.declarations as Node[]) patternNames(d.id as Node, names);
      if (decl.kind !== "const") { for (const n of names.slice(before)) writable.add(n); }
    } else if (decl.type === "FunctionDeclaration" || decl.type === "ClassDeclaration") {
      const id = decl.id as Node | null;
      if (id) {
        names.push(id.name as string);
        if (decl.type === "FunctionDeclaration") writable.add(id.name as string);
      }
    }
  }
  rewrites.sort((a, b) => b.start - a.start);
  for (const r of rewrites) js = replaceKeepingLines(js, r.start, r.end, r.by);

  const unique = [...new Set(names)];
  const publish = unique.map((n) =>
    `__publish(__scope, ${JSON.stringify(n)}, () => ${n}${
      writable.has(n) ? `, (__v) => { ${n} = __v; }` : ""
    });`
  ).join(" ");
  // What comes before the cell's code is one line: the cell's line n is the source's n + 1.
  const source = `(async function (__scope, __modules, __publish) { with (__scope) { ${publish}
${js}
} })
//# sourceURL=${label}-${++compiled}.ts`;
  let fn: (scope: object, modules: object, publish: typeof publishName) => Promise<void>;
  try {
    fn = (0, eval)(source);
  } catch (e) {
    const err = e as Error;
    throw new CellError(`${err.name}: ${err.message}`);
  }
  return {
    source,
    names: unique,
    run: (scope, modules) => fn(scope, modules, publishName),
  };
}

/** Publishes a cell's top-level binding on the scope as a live property. */
function publishName(scope: object, name: string, get: () => unknown, set?: (v: unknown) => void) {
  Object.defineProperty(scope, name, {
    get,
    set: set ?? (() => {
      throw new TypeError(`Assignment to constant variable ${name}.`);
    }),
    enumerable: true,
    configurable: true,
  });
}

/**
 * The reader's line and column where an error was thrown, read from its stack (the frames of
 * compiled cells are named `<label>-<n>.ts`); undefined when it came from elsewhere.
 */
export function errorLine(
  error: unknown,
  label = "cell",
): { line: number; column: number } | undefined {
  const stack = (error as { stack?: unknown })?.stack;
  if (typeof stack !== "string") return undefined;
  // V8 names an evaluated script's frames "cell-3.ts:4:6" or "cell-3.ts, <anonymous>:4:6".
  const m = new RegExp(`${label}-\\d+\\.ts(?:, <anonymous>)?:(\\d+):(\\d+)`).exec(stack);
  return m ? { line: Number(m[1]) - 1, column: Number(m[2]) } : undefined;
}
