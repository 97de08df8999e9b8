/**
 * The course's pages, interactive: every code cell that needs nothing but lib becomes an editor
 * (CodeMirror 6, TypeScript) that runs in a Web Worker, exercises get Check, Hint, Reset and Stop,
 * and the index shows which exercises the reader has passed. Loaded `defer` by every page.
 *
 * What the page knows about its cells comes from the export: `<script id="course-cells">` (the
 * cells' sources, which is an exercise, which needs the kernel and why) and one
 * `<div class="course-code" data-course-cell="N">` around each code cell.
 *
 * Semantics, said on the page as well:
 * - Cells share one session, as in Jupyter: the first Run runs every cell above it once, in
 *   order, silently; after that each Run runs that cell in the state left by what ran before.
 *   Stop (or the time limit) ends the session; the next Run starts it again from the top.
 * - An exercise runs apart from that session, in a worker of its own: first (once) the
 *   chapter's cells above it, as published, then the answer in a child scope, so the answer's
 *   names do not stay; `window.course.runExercise(id)` does exactly this. The verdict is
 *   `checkExercise`'s.
 * - Edits are kept in this browser (localStorage) until Reset; so are the exercises passed.
 *
 * The test contract, `window.course`: `exercises()` lists the page's exercise ids,
 * `setExerciseCode(id, code)` replaces an editor's text, `runExercise(id)` runs it as Check does
 * and resolves to `{ pass, message }`; `stop()` ends every run.
 * @module
 */

/// <reference lib="dom" />
// deno-lint-ignore-file no-window -- browser code: `window` is the page's global

import { basicSetup, EditorView } from "codemirror";
import { javascript } from "@codemirror/lang-javascript";
import { EditorSelection, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { marked } from "marked";

/** One code cell of the page, as the export describes it. */
interface CellInfo {
  /** The code cell's position among the page's code cells (0-based). */
  index: number;
  source: string;
  /** The exercise id the cell checks, or null. */
  exercise: string | null;
  /** Why the cell can run only in Jupyter, or null. */
  kernelOnly: string | null;
  folded: boolean;
}

interface RunError {
  name: string;
  message: string;
  line?: number;
  column?: number;
}

interface Verdict {
  id: string;
  pass: boolean;
  message: string;
}

interface RunResult {
  ok: boolean;
  error?: RunError;
  verdicts: Verdict[];
}

type Bundle = Record<string, unknown>;

declare global {
  interface Window {
    COURSE_WORKER_SOURCE?: string;
    course?: unknown;
    // deno-lint-ignore no-explicit-any
    Plotly?: any;
    // deno-lint-ignore no-explicit-any
    MathJax?: any;
  }
}

/** Seconds an exercise's Check, and a cell's Run, may take before the page stops it. */
export const EXERCISE_SECONDS = 30;
export const CELL_SECONDS = 120;

const STORE = "course:v1";
const script = document.currentScript as HTMLScriptElement | null;
const assets = script?.src ? script.src.replace(/[^/]*$/, "") : "assets/";
const pageName =
  decodeURIComponent(location.pathname.replace(/^.*\//, "").replace(/\.html$/, "")) ||
  "index";

// ---------------------------------------------------------------- storage

function load<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(`${STORE}:${key}`);
    return text === null ? fallback : JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function save(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(`${STORE}:${key}`);
    else localStorage.setItem(`${STORE}:${key}`, JSON.stringify(value));
  } catch { /* storage full or refused: the page still works, it just forgets */ }
}

/** The exercises passed in this browser: id → ISO date of the first pass. */
function passed(): Record<string, string> {
  return load<Record<string, string>>("passed", {});
}

function markPassed(id: string): void {
  const all = passed();
  if (!all[id]) {
    all[id] = new Date().toISOString();
    save("passed", all);
  }
}

// ---------------------------------------------------------------- the worker

let workerSource: Promise<string> | undefined;

/** The worker's code: assets/course-worker.js sets it (a classic script works from file://). */
function loadWorkerSource(): Promise<string> {
  workerSource ??= new Promise((resolve, reject) => {
    if (window.COURSE_WORKER_SOURCE) return resolve(window.COURSE_WORKER_SOURCE);
    const tag = document.createElement("script");
    tag.src = `${assets}course-worker.js`;
    tag.onload = () =>
      window.COURSE_WORKER_SOURCE
        ? resolve(window.COURSE_WORKER_SOURCE)
        : reject(new Error("assets/course-worker.js did not define the worker"));
    tag.onerror = () => {
      workerSource = undefined;
      reject(new Error("assets/course-worker.js could not be loaded"));
    };
    document.head.append(tag);
  });
  return workerSource;
}

interface Pending {
  resolve: (r: RunResult) => void;
  onOutput: (bundle: Bundle) => void;
  onStream: (text: string) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** A worker and the runs sent to it; Stop terminates it (and so its state). */
class Runner {
  private worker: Worker | undefined;
  private ready: Promise<Worker> | undefined;
  private pending = new Map<number, Pending>();
  private next = 1;
  /** Called when the worker is terminated (Stop, the time limit). */
  onReset: () => void = () => {};

  constructor(public seconds: number) {}

  get busy(): boolean {
    return this.pending.size > 0;
  }

  private start(): Promise<Worker> {
    this.ready ??= loadWorkerSource().then((source) =>
      new Promise<Worker>((resolve, reject) => {
        const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
        const worker = new Worker(url);
        URL.revokeObjectURL(url);
        worker.onmessage = (e) => {
          const m = e.data;
          if (m?.type === "ready") {
            this.worker = worker;
            return resolve(worker);
          }
          const p = this.pending.get(m?.id);
          if (!p) return;
          if (m.type === "output") p.onOutput(m.bundle);
          else if (m.type === "stream") p.onStream(m.text);
          else if (m.type === "done") {
            clearTimeout(p.timer);
            this.pending.delete(m.id);
            p.resolve({ ok: m.ok, error: m.error, verdicts: m.verdicts ?? [] });
          }
        };
        worker.onerror = (e) => {
          e.preventDefault();
          const error = { name: "Error", message: e.message || "the worker failed to start" };
          if (!this.worker) {
            this.ready = undefined;
            reject(new Error(error.message));
          }
          this.stop(error);
        };
      })
    );
    return this.ready;
  }

  async run(
    code: string,
    mode: "cell" | "exercise",
    onOutput: (b: Bundle) => void = () => {},
    onStream: (t: string) => void = () => {},
    seconds = this.seconds,
  ): Promise<RunResult> {
    let worker: Worker;
    try {
      worker = await this.start();
    } catch (e) {
      return {
        ok: false,
        error: { name: "Error", message: (e as Error).message },
        verdicts: [],
      };
    }
    const id = this.next++;
    return await new Promise<RunResult>((resolve) => {
      const timer = setTimeout(() =>
        this.stop({
          name: "Timeout",
          message: `stopped after ${seconds} s: the code ran too long (an endless loop?)`,
        }), seconds * 1000);
      this.pending.set(id, { resolve, onOutput, onStream, timer });
      worker.postMessage({ type: "run", id, code, mode });
    });
  }

  /** Terminates the worker: every pending run resolves with `error`; the state is gone. */
  stop(error: RunError = { name: "Stopped", message: "you pressed Stop" }): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.ready = undefined;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error, verdicts: [] });
    }
    this.pending.clear();
    this.onReset();
  }
}

/** Checks exercises: the chapter's cells above an exercise (as published), then the answer. */
const exerciseRunner = new Runner(EXERCISE_SECONDS);
/** Runs the page's cells: the reader's session. */
const sessionRunner = new Runner(CELL_SECONDS);

// ---------------------------------------------------------------- outputs

/** Markdown to HTML, with the TeX kept away from the Markdown parser for MathJax. */
function markdownToHtml(text: string): string {
  const math: string[] = [];
  const kept = text.replace(
    /\$\$[\s\S]+?\$\$|\\\[[\s\S]+?\\\]|\\\([\s\S]+?\\\)|\$[^$\n]+\$/g,
    (m) => `@@COURSEMATH${math.push(m) - 1}@@`,
  );
  const html = marked.parse(kept, { async: false }) as string;
  return html.replace(/@@COURSEMATH(\d+)@@/g, (_, i) => escapeHtml(math[Number(i)]));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function typeset(element: HTMLElement): void {
  const mj = window.MathJax;
  if (mj?.typesetPromise) {
    (mj.startup?.promise ?? Promise.resolve()).then(() => mj.typesetPromise([element])).catch(
      () => {},
    );
  }
}

/** Shows one MIME bundle in `area`, preferring what Jupyter prefers. */
function renderBundle(area: HTMLElement, bundle: Bundle): void {
  const div = document.createElement("div");
  div.className = "course-output";
  area.append(div);
  const figure = bundle["application/vnd.plotly.v1+json"] as
    | { data: unknown[]; layout: Record<string, unknown> }
    | undefined;
  if (figure && window.Plotly) {
    div.classList.add("course-output-plot");
    window.Plotly.newPlot(div, figure.data, { ...figure.layout, autosize: true }, {
      responsive: true,
      displaylogo: false,
    });
  } else if (typeof bundle["text/html"] === "string") {
    div.innerHTML = bundle["text/html"] as string;
    typeset(div);
  } else if (typeof bundle["text/markdown"] === "string") {
    div.classList.add("jp-RenderedMarkdown");
    div.innerHTML = markdownToHtml(bundle["text/markdown"] as string);
    typeset(div);
  } else if (typeof bundle["text/latex"] === "string") {
    div.textContent = bundle["text/latex"] as string;
    typeset(div);
  } else {
    const pre = document.createElement("pre");
    pre.textContent = String(bundle["text/plain"] ?? "");
    div.append(pre);
  }
}

function renderStream(area: HTMLElement, text: string): void {
  const last = area.lastElementChild;
  if (last instanceof HTMLPreElement && last.classList.contains("course-stream")) {
    last.textContent += text;
    return;
  }
  const pre = document.createElement("pre");
  pre.className = "course-stream";
  pre.textContent = text;
  area.append(pre);
}

function describe(error: RunError): string {
  const where = error.line ? `Line ${error.line}: ` : "";
  if (error.name === "Stopped" || error.name === "Timeout") return `Stopped: ${error.message}.`;
  return `${where}${error.name === "CellError" ? "" : `${error.name}: `}${error.message}`;
}

// ---------------------------------------------------------------- cells

interface LiveCell {
  info: CellInfo;
  root: HTMLElement;
  view?: EditorView;
  status: HTMLElement;
  output: HTMLElement;
  buttons: Record<string, HTMLButtonElement>;
  running: boolean;
}

const cells: LiveCell[] = [];
/** Every code cell of the page, those that run in Jupyter only included. */
let allCells: CellInfo[] = [];
const byExercise = new Map<string, LiveCell>();
/** Cells the session has run (their indexes), since it last started. */
const ran = new Set<number>();
sessionRunner.onReset = () => ran.clear();
/** Cells the exercise worker has run before the exercises, since it last started. */
const prepared = new Set<number>();
exerciseRunner.onReset = () => {
  prepared.clear();
  unprepared.clear();
};

/** Cells above an exercise that failed in the exercise worker (skipped until it restarts). */
const unprepared = new Map<number, string>();

/**
 * Runs the cells above `cell` that `done` has not run yet on `runner`, in order and silently;
 * for exercises, their published code and not the exercises. A cell that fails is skipped, as
 * the cells for Jupyter only are: its failure is returned as a note and the run goes on (a cell
 * that needs one of the skipped cells' names says so when it fails). A Stop or the time limit
 * ends it: `stopped` says so.
 */
async function runAbove(
  cell: LiveCell,
  runner: Runner,
  done: Set<number>,
  exercises: boolean,
): Promise<{ notes: string[]; stopped?: string }> {
  const skipped = exercises ? unprepared : new Map<number, string>();
  const above = cells.filter((c) =>
    c.info.index < cell.info.index && !done.has(c.info.index) && !skipped.has(c.info.index) &&
    (exercises ? !c.info.exercise : true)
  );
  const notes: string[] = [];
  for (const [i, c] of above.entries()) {
    setStatus(cell, `Running the cells above first (${i + 1} of ${above.length})…`, "busy");
    const code = exercises ? c.info.source : text(c);
    const r = await runner.run(code, "cell", undefined, undefined, CELL_SECONDS);
    if (r.ok) {
      done.add(c.info.index);
      continue;
    }
    const error = r.error!;
    if (error.name === "Stopped" || error.name === "Timeout") {
      return { notes, stopped: describe(error) };
    }
    const note = `Code cell ${c.info.index + 1} above could not run in the page and was skipped: ${
      describe(error)
    }`;
    skipped.set(c.info.index, note);
    notes.push(note);
  }
  return { notes };
}

function codeKey(cell: CellInfo): string {
  return `code:${pageName}:${cell.index}`;
}

function text(cell: LiveCell): string {
  return cell.view ? cell.view.state.doc.toString() : load(codeKey(cell.info), cell.info.source);
}

function setText(cell: LiveCell, code: string): void {
  if (cell.view) {
    cell.view.dispatch({ changes: { from: 0, to: cell.view.state.doc.length, insert: code } });
  } else {
    save(codeKey(cell.info), code === cell.info.source ? undefined : code);
    showStatic(cell, code);
  }
  cell.root.classList.toggle("course-edited", code !== cell.info.source);
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

function setStatus(cell: LiveCell, message: string, kind: "" | "pass" | "fail" | "busy"): void {
  cell.status.textContent = message;
  cell.status.dataset.kind = kind;
}

function setRunning(cell: LiveCell, running: boolean): void {
  cell.running = running;
  cell.root.classList.toggle("course-running", running);
  const run = cell.buttons.run;
  if (run) run.disabled = running;
  if (cell.buttons.stop) cell.buttons.stop.disabled = !running;
}

/**
 * Shows a cell's code as the export rendered it until the reader reaches for it: the editor is
 * made on the first click, tap or keyboard focus (the cursor where they clicked). Made at load,
 * a page's dozen editors measured themselves while MathJax was still changing the page's height,
 * and CodeMirror's scroll anchoring then scrolled the window on about one load in three. An
 * edit kept from an earlier visit shows in place of the original, as plain text.
 */
function armEditor(cell: LiveCell): void {
  const host = cell.root.querySelector<HTMLElement>(".jp-InputArea-editor");
  if (!host) return;
  host.classList.add("course-editable");
  host.tabIndex = 0;
  host.title = "Click to edit";
  host.setAttribute("role", "button");
  host.setAttribute("aria-label", "Edit the code");
  const saved = load<string>(codeKey(cell.info), cell.info.source);
  if (saved !== cell.info.source) showStatic(cell, saved);
  const open = (at?: { x: number; y: number }) => {
    if (cell.view) return;
    makeEditor(cell);
    const view = cell.view as EditorView | undefined;
    if (!view) return;
    view.focus();
    const pos = at ? view.posAtCoords(at) : null;
    if (pos !== null) view.dispatch({ selection: EditorSelection.cursor(pos) });
  };
  host.addEventListener("pointerdown", (e) => {
    if (cell.view) return;
    e.preventDefault();
    open({ x: e.clientX, y: e.clientY });
  });
  host.addEventListener("focus", () => open());
}

/** The code shown while there is no editor (an edit from an earlier visit, or setText). */
function showStatic(cell: LiveCell, code: string): void {
  const pre = cell.root.querySelector<HTMLElement>(".jp-InputArea-editor pre");
  if (pre) pre.textContent = code;
  cell.root.classList.toggle("course-edited", code !== cell.info.source);
}

function makeEditor(cell: LiveCell): void {
  if (cell.view) return;
  const host = cell.root.querySelector<HTMLElement>(".jp-InputArea-editor");
  if (!host) return;
  const saved = load<string>(codeKey(cell.info), cell.info.source);
  let timer: ReturnType<typeof setTimeout> | undefined;
  cell.view = new EditorView({
    doc: saved,
    extensions: [
      basicSetup,
      javascript({ typescript: true }),
      // On a phone long lines wrap instead of hiding past the screen's edge.
      ...(globalThis.matchMedia?.("(max-width: 600px)").matches ? [EditorView.lineWrapping] : []),
      Prec.highest(keymap.of([{
        key: "Shift-Enter",
        run: () => {
          void activate(cell);
          return true;
        },
      }])),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged) return;
        clearTimeout(timer);
        const code = u.state.doc.toString();
        cell.root.classList.toggle("course-edited", code !== cell.info.source);
        timer = setTimeout(
          () => save(codeKey(cell.info), code === cell.info.source ? undefined : code),
          250,
        );
      }),
      EditorView.contentAttributes.of({
        "aria-label": cell.info.exercise ? `Exercise ${cell.info.exercise}: your code` : "Code",
      }),
    ],
  });
  host.replaceChildren(cell.view.dom);
  host.classList.remove("course-editable");
  host.classList.add("course-editor");
  host.removeAttribute("tabindex");
  host.removeAttribute("title");
  host.removeAttribute("role");
  host.removeAttribute("aria-label");
  cell.root.classList.toggle("course-edited", saved !== cell.info.source);
}

/** Puts the cursor on the reader's line where an error was thrown. */
function showLine(cell: LiveCell, error: RunError | undefined): void {
  if (!error?.line) return;
  const fold = cell.root.querySelector<HTMLDetailsElement>("details.course-fold");
  if (fold && !fold.open) return;
  makeEditor(cell);
  if (!cell.view) return;
  const doc = cell.view.state.doc;
  if (error.line < 1 || error.line > doc.lines) return;
  const line = doc.line(error.line);
  const at = Math.min(line.from + Math.max(0, (error.column ?? 1) - 1), line.to);
  cell.view.dispatch({
    selection: EditorSelection.cursor(at),
    effects: EditorView.scrollIntoView(at, { y: "center" }),
  });
}

/** The area a run's outputs go to; the exported outputs are hidden once a run starts. */
function freshOutput(cell: LiveCell): HTMLElement {
  const exported = cell.root.querySelector<HTMLElement>(".jp-Cell-outputWrapper");
  if (exported) exported.hidden = true;
  cell.output.replaceChildren();
  cell.output.hidden = false;
  return cell.output;
}

async function checkExercise(cell: LiveCell): Promise<{ pass: boolean; message: string }> {
  const id = cell.info.exercise!;
  if (cell.running) exerciseRunner.stop();
  setRunning(cell, true);
  const area = freshOutput(cell);
  const above = await runAbove(cell, exerciseRunner, prepared, true);
  if (above.stopped !== undefined) {
    setRunning(cell, false);
    renderStream(area, above.stopped + "\n");
    setStatus(cell, "✗ Not run", "fail");
    return { pass: false, message: above.stopped };
  }
  setStatus(cell, "Checking…", "busy");
  const result = await exerciseRunner.run(
    text(cell),
    "exercise",
    (b) => renderBundle(area, b),
    (t) => renderStream(area, t),
  );
  setRunning(cell, false);
  const verdict = [...result.verdicts].reverse().find((v) => v.id === id);
  let outcome: { pass: boolean; message: string };
  if (!result.ok && result.error) {
    let message = describe(result.error);
    const missing = /^(\S+) is not defined$/.exec(result.error.message);
    if (missing && unprepared.size > 0) {
      message += ` (${missing[1]} may come from a cell above that could not run in the page: ${
        [...unprepared.values()].join("; ")
      })`;
    }
    outcome = { pass: false, message };
    const pre = document.createElement("pre");
    pre.className = "course-error";
    pre.textContent = message;
    area.append(pre);
    showLine(cell, result.error);
  } else if (verdict) {
    outcome = { pass: verdict.pass, message: verdict.message };
  } else {
    outcome = {
      pass: false,
      message:
        `The cell finished without checking exercise "${id}": it should end with await checkExercise("${id}", yourAnswer).`,
    };
    renderStream(area, outcome.message + "\n");
  }
  if (outcome.pass) {
    markPassed(id);
    cell.root.classList.add("course-passed");
  }
  const stopped = result.error?.name === "Stopped" || result.error?.name === "Timeout";
  setStatus(
    cell,
    outcome.pass ? "✓ Passed" : stopped ? "■ Stopped" : "✗ Not yet",
    outcome.pass ? "pass" : "fail",
  );
  return outcome;
}

async function runCell(cell: LiveCell): Promise<RunResult> {
  setRunning(cell, true);
  const area = freshOutput(cell);
  const above = await runAbove(cell, sessionRunner, ran, false);
  for (const note of above.notes) renderStream(area, note + "\n");
  if (above.stopped !== undefined) {
    setRunning(cell, false);
    renderStream(area, above.stopped + "\n");
    setStatus(cell, "✗ Not run", "fail");
    return { ok: false, error: { name: "Stopped", message: above.stopped }, verdicts: [] };
  }
  setStatus(cell, "Running…", "busy");
  const r = await sessionRunner.run(
    text(cell),
    "cell",
    (b) => renderBundle(area, b),
    (t) => renderStream(area, t),
  );
  setRunning(cell, false);
  if (r.ok) {
    ran.add(cell.info.index);
    setStatus(cell, "Done", "pass");
  } else {
    const pre = document.createElement("pre");
    pre.className = "course-error";
    let message = describe(r.error!);
    const missing = /^(\S+) is not defined$/.exec(r.error?.message ?? "");
    const skipped = allCells.filter((c) => c.kernelOnly && c.index < cell.info.index);
    if (missing && skipped.length > 0) {
      message += `\n(${missing[1]} may come from a cell that runs in Jupyter only: code cell ${
        skipped.map((c) => c.index + 1).join(", ")
      }.)`;
    }
    pre.textContent = message;
    area.append(pre);
    showLine(cell, r.error);
    setStatus(cell, "✗ Error", "fail");
  }
  return r;
}

function activate(cell: LiveCell): Promise<unknown> {
  return cell.info.exercise ? checkExercise(cell) : runCell(cell);
}

/** The hints (<details> whose summary says Hint) between this cell and the next code cell. */
function hintsAfter(root: HTMLElement): HTMLDetailsElement[] {
  const hints: HTMLDetailsElement[] = [];
  for (let e = root.nextElementSibling; e; e = e.nextElementSibling) {
    if (e.matches("[data-course-cell]")) break;
    for (const d of e.querySelectorAll("details")) {
      if (/hint/i.test(d.querySelector("summary")?.textContent ?? "")) hints.push(d);
    }
  }
  return hints;
}

/** Opens the next hint still closed (the first, then the second…) and shows it. */
function openHint(cell: LiveCell): void {
  const hints = hintsAfter(cell.root);
  const next = hints.find((d) => !d.open) ?? hints[hints.length - 1];
  if (!next) return;
  next.open = true;
  next.scrollIntoView({ block: "nearest", behavior: "smooth" });
  const left = hints.filter((d) => !d.open).length;
  if (cell.buttons.hint) {
    cell.buttons.hint.textContent = left > 0 ? "Next hint" : "Hint";
    cell.buttons.hint.title = left > 0 ? `Open the next hint (${left} more)` : "Show the hint";
  }
}

function hasHint(root: HTMLElement): boolean {
  return hintsAfter(root).length > 0;
}

function setUpCell(info: CellInfo, root: HTMLElement): void {
  const bar = document.createElement("div");
  bar.className = "course-run-bar";
  const status = document.createElement("span");
  status.className = "course-run-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const output = document.createElement("div");
  output.className = "course-live-output jp-OutputArea";
  output.hidden = true;
  const cell: LiveCell = { info, root, status, output, buttons: {}, running: false };
  if (info.kernelOnly) {
    root.classList.add("course-kernel-only");
    const note = document.createElement("p");
    note.className = "course-kernel-note";
    note.textContent = `Runs in Jupyter only: ${info.kernelOnly}. Its outputs below are from the ` +
      "build; download the course to run it.";
    root.prepend(note);
    return;
  }
  const exercise = info.exercise;
  cell.buttons.run = button(
    exercise ? "Check" : "Run",
    exercise
      ? "Run your code and check the answer (Shift+Enter)"
      : "Run this cell in your browser (Shift+Enter)",
    () => void activate(cell),
  );
  cell.buttons.run.classList.add("course-primary");
  const buttons = [cell.buttons.run];
  if (exercise && hasHint(root)) {
    cell.buttons.hint = button("Hint", "Open the hint below", () => openHint(cell));
    buttons.push(cell.buttons.hint);
  }
  cell.buttons.reset = button("Reset", "Put the original code back, with its outputs", () => {
    setText(cell, info.source);
    save(codeKey(info), undefined);
    output.replaceChildren();
    output.hidden = true;
    const exported = root.querySelector<HTMLElement>(".jp-Cell-outputWrapper");
    if (exported) exported.hidden = false;
    setStatus(cell, "", "");
  });
  cell.buttons.stop = button("Stop", "Stop the run (ends the page's session)", () => {
    (exercise ? exerciseRunner : sessionRunner).stop();
  });
  cell.buttons.stop.disabled = true;
  buttons.push(cell.buttons.reset, cell.buttons.stop);
  bar.append(...buttons, status);
  root.classList.add(exercise ? "course-exercise" : "course-runnable");
  if (exercise && passed()[exercise]) {
    root.classList.add("course-passed");
    setStatus(cell, "✓ Passed before in this browser", "pass");
  }
  const input = root.querySelector(".jp-Cell-inputWrapper");
  const fold = root.querySelector<HTMLDetailsElement>("details.course-fold");
  if (fold) fold.after(bar);
  else input?.after(bar);
  armEditor(cell);
  const exported = root.querySelector(".jp-Cell-outputWrapper");
  if (exported) exported.after(output);
  else root.append(output);
  cells.push(cell);
  if (exercise) byExercise.set(exercise, cell);
}

function helpNote(): HTMLElement {
  const d = document.createElement("details");
  d.className = "course-run-help";
  d.innerHTML = "<summary>Run the code on this page</summary>" +
    "<p>The code cells run in your browser, on the course's library: edit one and press " +
    "<b>Run</b> (or Shift+Enter). The first Run also runs every cell above it, once, in " +
    "order, as Jupyter would have them; after that each Run uses what ran before. " +
    "<b>Stop</b> ends that session, and the next Run starts again from the top. Cells " +
    "marked <i>Runs in Jupyter only</i> read files or need the kernel, or use what such a cell " +
    "made; they are skipped. As in the Deno kernel, types are not checked: they are " +
    "removed before the code runs.</p>" +
    "<p>An exercise's <b>Check</b> runs apart from that session: after the chapter's cells " +
    "above it, as published (once), it runs your cell, whose names do not stay; it stops " +
    `after ${EXERCISE_SECONDS} s. Your edits and the exercises you pass are kept in this ` +
    "browser; <b>Reset</b> brings the original code back.</p>";
  return d;
}

// ---------------------------------------------------------------- the index

function showProgress(): void {
  const done = passed();
  let total = 0;
  let all = 0;
  for (
    const a of document.querySelectorAll<HTMLAnchorElement>("ol.course-toc a.course-toc-title")
  ) {
    // The chapter's exercises, as the export found them in its cells.
    const mine = (a.dataset.exercises ?? "").split(" ").filter((id) => id !== "");
    if (mine.length === 0) continue;
    const n = mine.filter((id) => done[id]).length;
    total += n;
    all += mine.length;
    const badge = document.createElement("span");
    badge.className = "course-progress";
    badge.dataset.done = String(n === mine.length);
    badge.textContent = `${n} of ${mine.length} exercise${mine.length === 1 ? "" : "s"} passed`;
    a.after(badge);
  }
  const toc = document.querySelector(".course-toc-part, ol.course-toc");
  if (toc && all > 0) {
    const p = document.createElement("p");
    p.className = "course-progress-total";
    p.textContent = `Your progress in this browser: ${total} of ${all} exercises passed.`;
    toc.before(p);
  }
}

// ---------------------------------------------------------------- start

function start(): void {
  const data = document.getElementById("course-cells");
  let infos: CellInfo[] = [];
  try {
    infos = data ? JSON.parse(data.textContent ?? "[]") : [];
  } catch {
    infos = [];
  }
  allCells = infos;
  for (const info of infos) {
    const root = document.querySelector<HTMLElement>(`[data-course-cell="${info.index}"]`);
    if (root) setUpCell(info, root);
  }
  if (cells.length > 0) {
    // At the top of the text column (the page's grid places .course-text beside its contents).
    const text = document.querySelector(".course-text");
    if (text) text.prepend(helpNote());
    else document.querySelector(".course-meta")?.after(helpNote());
  }
  showProgress();
}

function exerciseCell(id: unknown, fn: string): LiveCell {
  const cell = byExercise.get(id as string);
  if (!cell) {
    throw new Error(
      `course.${fn}: id should be one of this page's exercises (${
        [...byExercise.keys()].join(", ") || "none"
      }); got ${JSON.stringify(id)}`,
    );
  }
  return cell;
}

window.course = Object.freeze({
  exercises: (): string[] => [...byExercise.keys()],
  setExerciseCode(id: string, code: string): void {
    if (typeof code !== "string") {
      throw new Error(`course.setExerciseCode: code should be a string; got ${typeof code}`);
    }
    setText(exerciseCell(id, "setExerciseCode"), code);
  },
  runExercise: (id: string) => checkExercise(exerciseCell(id, "runExercise")),
  /** Runs the page's code cell `index` (0-based among code cells) as its Run button does. */
  runCell(index: number): Promise<RunResult> {
    const cell = cells.find((c) => c.info.index === index && !c.info.exercise);
    if (!cell) throw new Error(`course.runCell: no runnable code cell ${index} on this page`);
    return runCell(cell);
  },
  /** The current code of code cell `index` (the editor's, or the saved edit, or the original). */
  cellCode(index: number): string {
    const cell = cells.find((c) => c.info.index === index);
    if (!cell) throw new Error(`course.cellCode: no runnable code cell ${index} on this page`);
    return text(cell);
  },
  setCellCode(index: number, code: string): void {
    const cell = cells.find((c) => c.info.index === index);
    if (!cell) throw new Error(`course.setCellCode: no runnable code cell ${index} on this page`);
    setText(cell, code);
  },
  stop(): void {
    exerciseRunner.stop();
    sessionRunner.stop();
  },
  /** Sets the time limits, in seconds (for tests; the defaults are 30 for a Check, 120 for a Run). */
  setTimeLimits(limits: { exercise?: number; cell?: number }): void {
    for (const [name, runner] of [["exercise", exerciseRunner], ["cell", sessionRunner]] as const) {
      const s = limits[name];
      if (s === undefined) continue;
      if (typeof s !== "number" || !(s > 0)) {
        throw new Error(
          `course.setTimeLimits: ${name} should be a number of seconds > 0; got ${s}`,
        );
      }
      runner.seconds = s;
    }
  },
});

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
