/**
 * The Web Worker that runs a page's cells and exercises: the course's lib and proofs bundled for
 * the browser, cells compiled by ./cell.ts, and what a cell shows (`display`, `console.log`)
 * sent to the page as Jupyter MIME bundles.
 *
 * The page sends `{ type: "run", id, code, mode }`; `mode` is "cell" (the worker's session:
 * what a cell declares stays for the cells run after it) or "exercise" (a child scope of the
 * session: it sees what the cells run before declared, and what it declares goes away). The worker answers with
 * `{ type: "output", id, bundle }` and `{ type: "stream", id, text }` while the cell runs, then
 * `{ type: "done", id, ok, error?, verdicts }`, `verdicts` holding every `checkExercise` result
 * the cell produced. An endless loop is the page's to stop: it terminates the worker.
 *
 * The worker's source is evaluated after a small `Deno` stand-in (tools/site/runtime.ts): lib
 * reads `Deno.build.os` as it loads; any other `Deno.*` (files, the kernel) throws an error that
 * says the cell needs Jupyter.
 * @module
 */

/// <reference lib="webworker" />

import * as lib from "../../../lib/mod.ts";
import * as proofs from "../../../proofs/mod.ts";
import { CellError, compileCell, errorLine } from "./cell.ts";
import { inspect } from "./inspect.ts";

declare const self: DedicatedWorkerGlobalScope;

/** What a run asked for. */
interface RunRequest {
  type: "run";
  id: number;
  code: string;
  mode: "cell" | "exercise";
}

/** Where a run failed, in the reader's code. */
export interface RunError {
  name: string;
  message: string;
  line?: number;
  column?: number;
}

let current = 0;

const post = (message: Record<string, unknown>) => self.postMessage({ ...message, id: current });

(Deno as unknown as { inspect: (v: unknown) => string }).inspect = inspect;

const print = (...args: unknown[]) =>
  post({
    type: "stream",
    text: args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ") + "\n",
  });
for (const level of ["log", "info", "debug", "warn", "error"] as const) {
  (console as unknown as Record<string, unknown>)[level] = print;
}

/** A bundle the page can receive: plain data only (functions and symbols dropped). */
function plainBundle(bundle: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [mime, data] of Object.entries(bundle)) {
    out[mime] = typeof data === "string" ? data : JSON.parse(JSON.stringify(data));
  }
  // plot()'s text/html carries a script for pages that have no plotly renderer; the page draws
  // the plotly JSON itself.
  if (out["application/vnd.plotly.v1+json"] !== undefined) delete out["text/html"];
  return out;
}

/** lib's display(), for the page: the value's bundle goes to the page as this cell's output. */
async function display(value: unknown): Promise<void> {
  if (value === undefined) return;
  const method = (value as Record<symbol, unknown> | null)?.[lib.JUPYTER_DISPLAY];
  const bundle = typeof method === "function"
    ? (method as () => Record<string, unknown>).call(value)
    : { "text/plain": inspect(value) };
  post({ type: "output", bundle: plainBundle(bundle) });
  await Promise.resolve();
}

let verdicts: { id: string; pass: boolean; message: string }[] = [];

/** Adds the reader's line to an error thrown from their cell's code ("… (line 3)"). */
function withLine(e: unknown): unknown {
  const where = errorLine(e);
  if (where && e instanceof Error && !/\(line \d+\)$/.test(e.message)) {
    e.message += ` (line ${where.line})`;
  }
  return e;
}

/**
 * lib's checkExercise, recording its verdict for the page; a function answer is wrapped so that
 * an error it throws names the line of the reader's cell where it was thrown.
 */
async function checkExercise(id: string, answer: unknown) {
  const checked = typeof answer === "function"
    ? function (this: unknown, ...args: unknown[]) {
      try {
        const value = (answer as (...a: unknown[]) => unknown).apply(this, args);
        return value instanceof Promise
          ? value.catch((e) => {
            throw withLine(e);
          })
          : value;
      } catch (e) {
        throw withLine(e);
      }
    }
    : answer;
  const result = await lib.checkExercise(id, checked);
  verdicts.push({ id: result.id, pass: result.pass, message: result.message });
  return result;
}

const browserLib = Object.freeze({
  ...lib,
  display,
  flush: () => Promise.resolve(),
  checkExercise,
});
const modules: Record<string, object> = { lib: browserLib, proofs };

/**
 * The session: what the cells run so far declared (every name lib exports underneath, as the
 * chapters' first cells import them). An exercise runs in a child scope of it, so the answer's
 * own names do not stay.
 */
const session: object = Object.create(browserLib);

function describeError(e: unknown): RunError {
  if (e instanceof CellError) {
    // Its message says what it is ("SyntaxError: …", or an import the page cannot load).
    return { name: "CellError", message: e.message, line: e.line, column: e.column };
  }
  const where = errorLine(e);
  const name = e instanceof Error ? e.name : "Error";
  const message = e instanceof Error ? e.message : `a value was thrown: ${inspect(e)}`;
  return { name, message, ...where };
}

async function run(request: RunRequest): Promise<void> {
  current = request.id;
  verdicts = [];
  try {
    const cell = compileCell(request.code);
    const scope = request.mode === "exercise" ? Object.create(session) : session;
    await cell.run(scope, modules);
    post({ type: "done", ok: true, verdicts });
  } catch (e) {
    post({ type: "done", ok: false, error: describeError(e), verdicts });
  }
}

let queue = Promise.resolve();
self.onmessage = (event: MessageEvent<RunRequest>) => {
  const request = event.data;
  if (request?.type !== "run") return;
  queue = queue.then(() => run(request));
};
self.postMessage({ type: "ready" });
