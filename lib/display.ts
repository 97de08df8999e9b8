/**
 * Rich output for the notebooks without touching `Deno.jupyter` (which throws outside the kernel):
 * every helper returns a {@link Displayable}, an object whose `[Symbol.for("Jupyter.display")]()`
 * method returns a MIME bundle. Deno's kernel renders such an object as that bundle when it is a
 * cell's last expression or is passed to `await Deno.jupyter.display(...)`; the notebooks use
 * {@link display}, which also waits until the output has left the kernel.
 *
 * Numbers are rounded to a fixed number of significant digits (default 4) by one function,
 * {@link formatNumber}, shared by the LaTeX and table helpers, so a value reads the same wherever
 * the course shows it.
 * @module
 */

import { ArgumentError, assertInteger, assertKnownKeys, describe } from "./errors.ts";
import type { Matrix } from "./matrix.ts";

/**
 * The symbol Deno's Jupyter kernel looks for, `Symbol.for("Jupyter.display")`: an object with a
 * method under this key is displayed as the MIME bundle the method returns.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY } from "./display.ts";
 * const hello = { [JUPYTER_DISPLAY]: () => ({ "text/markdown": "**hello**" }) };
 * if (JUPYTER_DISPLAY !== Symbol.for("Jupyter.display")) throw new Error("the kernel's symbol");
 * if (hello[JUPYTER_DISPLAY]()["text/markdown"] !== "**hello**") throw new Error("a bundle");
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** A MIME bundle: MIME type → data (a string, or a JSON-serialisable object for `+json` types). */
export type MimeBundle = Record<string, unknown>;

/** Anything Deno's Jupyter kernel renders as a MIME bundle. */
export interface Displayable {
  /** The bundle to show; called by the kernel. */
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** Wraps a bundle; each call of the method returns a fresh copy, so callers cannot alter it. */
function displayable(bundle: MimeBundle): Displayable {
  return { [JUPYTER_DISPLAY]: () => ({ ...bundle }) };
}

/**
 * How long {@link display} waits after handing a bundle to the kernel. Deno's kernel sends a
 * cell's "idle" status directly but its outputs through a queue, so an output sent as the cell
 * ends can reach the front end after "idle": stock clients (nbclient, nbconvert --execute) then
 * drop it, and Notebook's Run All files a late result under the next cell. Measured here with
 * stock nbconvert on 40-cell notebooks: a bare final expression lost 2–4 outputs a run, an awaited
 * display alone 0–5, and a display followed by a 20 ms wait none in 300 cells; but once, with the
 * machine's two cores busy, a plot went out just after "idle" although 20 ms had passed. Hence
 * 50 ms, and more for large bundles ({@link DISPLAY_SETTLE_MS_PER_MB}).
 *
 * @example
 * ```ts
 * import { DISPLAY_SETTLE_MS } from "./display.ts";
 * // About 175 displays in the course: some 9 s of waiting in a full run, for no lost output.
 * if (175 * DISPLAY_SETTLE_MS > 10_000) throw new Error("the wait stays small beside a build");
 * ```
 */
export const DISPLAY_SETTLE_MS = 50;

/**
 * The extra wait per megabyte of output: the kernel sends a large bundle well after handing it
 * over (a 5.2 MB plot carrying plotly.js went out about 0.3 s later, measured here), so the wait
 * grows with the bundle — twice as long again as measured, for slower machines.
 */
export const DISPLAY_SETTLE_MS_PER_MB = 120;

/**
 * Shows a value in the notebook now, as its own output of the running cell, and waits until the
 * kernel has sent it: `await display(table(...))` instead of leaving `table(...)` as the cell's
 * last expression (see {@link DISPLAY_SETTLE_MS} for why). A {@link Displayable} shows as its
 * bundle; any other value as the kernel would show it (its `Deno.inspect` text); `undefined`
 * shows nothing. Outside a Jupyter kernel it prints the value's text/plain (or inspected) form.
 *
 * @example
 * ```ts
 * import { display, markdown } from "./display.ts";
 * await display(markdown("**shown**")); // in `deno run`: prints **shown**
 * await display(undefined); // nothing
 * ```
 */
export async function display(value: unknown): Promise<void> {
  if (value === undefined) return;
  const method = (value as Record<symbol, unknown> | null)?.[JUPYTER_DISPLAY];
  const bundle: MimeBundle = typeof method === "function"
    ? (method as () => MimeBundle).call(value)
    : { "text/plain": Deno.inspect(value, { colors: false }) };
  const jupyter = kernel();
  if (jupyter === undefined) {
    const text = bundle["text/plain"] ?? bundle["text/markdown"] ?? bundle["text/latex"] ??
      Deno.inspect(value, { colors: false });
    console.log(typeof text === "string" ? text : JSON.stringify(text));
    return;
  }
  await jupyter.display(bundle, { raw: true });
  const megabytes = bundleSize(bundle) / 1e6;
  const wait = DISPLAY_SETTLE_MS + DISPLAY_SETTLE_MS_PER_MB * megabytes;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * Waits until the kernel has sent what the cell printed so far: a cell whose last statement is not
 * a {@link display} but which printed with console.log ends with `await flush()`, or its last
 * lines can arrive after the cell has finished (and stock clients drop them). Outside a kernel it
 * returns at once.
 *
 * @example
 * ```ts
 * import { flush } from "./display.ts";
 * console.log("epoch 1: …");
 * await flush();
 * ```
 */
export async function flush(): Promise<void> {
  if (kernel() === undefined) return;
  await new Promise((resolve) => setTimeout(resolve, DISPLAY_SETTLE_MS));
}

/** About how many bytes a bundle takes on the wire (strings by length, the rest as JSON). */
function bundleSize(bundle: MimeBundle): number {
  let n = 0;
  for (const v of Object.values(bundle)) {
    n += typeof v === "string" ? v.length : (JSON.stringify(v) ?? "").length;
  }
  return n;
}

/** Deno.jupyter inside the kernel; undefined elsewhere (where reading it throws). */
function kernel():
  | { display(obj: unknown, options?: { raw?: boolean }): Promise<void> }
  | undefined {
  try {
    return (Deno as unknown as { jupyter?: ReturnType<typeof kernel> }).jupyter;
  } catch {
    return undefined;
  }
}

/**
 * The MIME bundle of a displayable, as the kernel would compute it: handy outside the kernel
 * (tests, scripts) to see what a notebook cell will show.
 *
 * @example
 * ```ts
 * import { bundleOf, markdown } from "./display.ts";
 * if (bundleOf(markdown("**hi**"))["text/markdown"] !== "**hi**") throw new Error("the markdown");
 * ```
 */
export function bundleOf(value: Displayable): MimeBundle {
  const method = (value as unknown as Record<symbol, unknown>)?.[JUPYTER_DISPLAY];
  if (typeof method !== "function") {
    throw new ArgumentError(
      "bundleOf",
      "value",
      'an object with a [Symbol.for("Jupyter.display")]() method',
      describe(value),
    );
  }
  return method.call(value) as MimeBundle;
}

// ---------------------------------------------------------------------------------------------
// Numbers

const DEFAULT_DIGITS = 4;

function checkDigits(fn: string, digits: unknown): number {
  if (digits === undefined) return DEFAULT_DIGITS;
  const d = assertInteger(fn, "options.digits", digits, 1);
  if (d > 17) throw new ArgumentError(fn, "options.digits", "an integer in 1..17", describe(d));
  return d;
}

/** Mantissa and exponent of x rounded to `digits` significant digits, or the positional form. */
function roundParts(x: number, digits: number): { positional: string } | {
  mantissa: string;
  exponent: number;
} {
  if (x === 0) return { positional: "0" }; // also −0: a sign on zero says nothing to a reader
  // toExponential rounds first, so 9.9996 → "1.000e+1" and the exponent is the rounded one.
  const [m, e] = x.toExponential(digits - 1).split("e");
  const exponent = Number(e);
  const mantissa = stripZeros(m);
  // The rule of Number.prototype.toPrecision: positional for 1e-4 ≤ |x| < 10^digits.
  if (exponent < -4 || exponent >= digits) return { mantissa, exponent };
  return { positional: stripZeros(x.toPrecision(digits)) };
}

function stripZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

function checkFinite(fn: string, argument: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new ArgumentError(fn, argument, "a finite number", describe(x));
  }
  return x;
}

/**
 * x rounded to `digits` significant digits (default 4), trailing zeros dropped: positional when
 * 1e-4 ≤ |x| < 10^digits (the rule of `toPrecision`), otherwise scientific, written `1.2e-5` as
 * plain text or `1.2\times10^{-5}` with `{ latex: true }`. Zero and −0 both print as `0`.
 * NaN and ±Infinity are refused: a table or matrix never shows a silent NaN.
 *
 * @example
 * ```ts
 * import { formatNumber } from "./display.ts";
 * const shown = [0, -0, 0.5, 1 / 3, 1e-7, 123456, -2.5e-5].map((x) => formatNumber(x));
 * if (shown.join(" ") !== "0 0 0.5 0.3333 1e-7 1.235e5 -2.5e-5") throw new Error(shown.join(" "));
 * if (formatNumber(1.5e-5, { latex: true }) !== String.raw`1.5\times10^{-5}`) throw new Error("TeX");
 * if (formatNumber(123456, { digits: 6 }) !== "123456") throw new Error("six digits");
 * ```
 */
export function formatNumber(
  x: number,
  options: { digits?: number; latex?: boolean } = {},
): string {
  const fn = "formatNumber";
  assertKnownKeys(fn, "options", options, ["digits", "latex"]);
  checkFinite(fn, "x", x);
  return format(x, checkDigits(fn, options.digits), options.latex === true);
}

function format(x: number, digits: number, latex: boolean): string {
  const parts = roundParts(x, digits);
  if ("positional" in parts) return parts.positional;
  return latex
    ? String.raw`${parts.mantissa}\times10^{${parts.exponent}}`
    : `${parts.mantissa}e${parts.exponent}`;
}

// ---------------------------------------------------------------------------------------------
// LaTeX

function numbersOf(fn: string, argument: string, v: unknown): number[] {
  const isList = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  if (!isList) throw new ArgumentError(fn, argument, "an array of numbers", describe(v));
  const list = Array.from(v as ArrayLike<unknown>);
  list.forEach((x, i) => checkFinite(fn, `${argument}[${i}]`, x));
  return list as number[];
}

/**
 * A column vector as TeX: `\begin{bmatrix} 0.5 \\ -1 \end{bmatrix}`, every entry through
 * {@link formatNumber} (default 4 significant digits).
 *
 * @example
 * ```ts
 * import { vectorToLatex } from "./display.ts";
 * const tex = vectorToLatex([0.5, -1, 1 / 3]);
 * if (tex !== String.raw`\begin{bmatrix} 0.5 \\ -1 \\ 0.3333 \end{bmatrix}`) throw new Error(tex);
 * ```
 */
export function vectorToLatex(v: ArrayLike<number>, options: { digits?: number } = {}): string {
  const fn = "vectorToLatex";
  assertKnownKeys(fn, "options", options, ["digits"]);
  const digits = checkDigits(fn, options?.digits);
  const xs = numbersOf(fn, "v", v);
  if (xs.length === 0) throw new ArgumentError(fn, "v", "at least one entry", "length 0");
  return bmatrix(xs.map((x) => [format(x, digits, true)]));
}

/**
 * A matrix (a {@link Matrix} or its rows) as TeX:
 * `\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`, entries through {@link formatNumber}.
 *
 * @example
 * ```ts
 * import { fromRows, matrixToLatex } from "./mod.ts";
 * const tex = matrixToLatex(fromRows([[1, 2], [3, 4e-6]]));
 * if (tex !== String.raw`\begin{bmatrix} 1 & 2 \\ 3 & 4\times10^{-6} \end{bmatrix}`) throw new Error(tex);
 * if (matrixToLatex([[1 / 3]], { digits: 2 }) !== String.raw`\begin{bmatrix} 0.33 \end{bmatrix}`) {
 *   throw new Error("two digits");
 * }
 * ```
 */
export function matrixToLatex(
  m: Matrix | readonly (readonly number[])[],
  options: { digits?: number } = {},
): string {
  const fn = "matrixToLatex";
  assertKnownKeys(fn, "options", options, ["digits"]);
  const digits = checkDigits(fn, options?.digits);
  const rows = rowsOf(fn, m);
  return bmatrix(rows.map((row) => row.map((x) => format(x, digits, true))));
}

function rowsOf(fn: string, m: unknown): number[][] {
  if (Array.isArray(m)) {
    if (m.length === 0) {
      throw new ArgumentError(fn, "m", "at least one row", "an array of length 0");
    }
    const rows = m.map((row, i) => numbersOf(fn, `m[${i}]`, row));
    const cols = rows[0].length;
    if (cols === 0) throw new ArgumentError(fn, "m[0]", "at least one entry", "length 0");
    rows.forEach((row, i) => {
      if (row.length !== cols) {
        throw new ArgumentError(
          fn,
          `m[${i}]`,
          `${cols} entries (as row 0)`,
          `${row.length} entries`,
        );
      }
    });
    return rows;
  }
  const o = m as Matrix;
  if (
    typeof m !== "object" || m === null || !Number.isInteger(o.rows) ||
    !Number.isInteger(o.cols) || !(o.data instanceof Float64Array) ||
    o.data.length !== o.rows * o.cols
  ) {
    throw new ArgumentError(fn, "m", "a Matrix or an array of rows", describe(m));
  }
  if (o.rows === 0 || o.cols === 0) {
    throw new ArgumentError(fn, "m", "a non-empty matrix", `a ${o.rows}×${o.cols} matrix`);
  }
  const rows: number[][] = [];
  for (let i = 0; i < o.rows; i++) {
    const row = Array.from(o.data.subarray(i * o.cols, (i + 1) * o.cols));
    row.forEach((x, j) => checkFinite(fn, `m at (${i}, ${j})`, x));
    rows.push(row);
  }
  return rows;
}

function bmatrix(cells: string[][]): string {
  const body = cells.map((row) => row.join(" & ")).join(String.raw` \\ `);
  return String.raw`\begin{bmatrix} ${body} \end{bmatrix}`;
}

/**
 * Display math: `text/markdown` is `$$\n tex \n$$` (typeset by the notebook and by MathJax in the
 * exported page), `text/latex` is `$$tex$$`, `text/plain` the TeX itself. Write TeX with
 * `String.raw` (a plain template literal turns `\f` of `\frac` into a form feed).
 *
 * @example
 * ```ts
 * import { bundleOf, latex, vectorToLatex } from "./display.ts";
 * const b = bundleOf(latex(String.raw`a^1 = ${vectorToLatex([0.25, 0.75])}`));
 * if (b["text/latex"] !== String.raw`$$a^1 = \begin{bmatrix} 0.25 \\ 0.75 \end{bmatrix}$$`) {
 *   throw new Error(String(b["text/latex"]));
 * }
 * ```
 */
export function latex(tex: string): Displayable {
  if (typeof tex !== "string" || tex.trim() === "") {
    throw new ArgumentError("latex", "tex", "a non-empty TeX string", describe(tex));
  }
  if (/[\f\t\v\b\r]/.test(tex)) {
    throw new ArgumentError(
      "latex",
      "tex",
      "TeX without control characters (write it with String.raw: `\\frac` in a plain template " +
        "literal becomes a form feed)",
      `a control character at index ${tex.search(/[\f\t\v\b\r]/)}`,
    );
  }
  return displayable({
    "text/markdown": `$$\n${tex}\n$$`,
    "text/latex": `$$${tex}$$`,
    "text/plain": tex,
  });
}

// ---------------------------------------------------------------------------------------------
// Markdown and tables

/**
 * Markdown to show as a cell's output, e.g. prose with computed numbers in it.
 *
 * @example
 * ```ts
 * import { bundleOf, markdown } from "./display.ts";
 * const b = bundleOf(markdown(`The network has **${3 + 2}** neurons.`));
 * if (b["text/markdown"] !== "The network has **5** neurons.") throw new Error("markdown");
 * ```
 */
export function markdown(text: string): Displayable {
  if (typeof text !== "string") {
    throw new ArgumentError("markdown", "text", "a string", describe(text));
  }
  return displayable({ "text/markdown": text, "text/plain": text });
}

/** Options of {@link table}. */
export interface TableOptions {
  /** Column headings (as many as each row has cells). */
  headers?: readonly string[];
  /** Significant digits of number cells (default 4); strings are shown as given. */
  digits?: number;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * A markdown cell: `|` would end the cell, a newline the row, and `<` before a letter, `/`, `!` or
 * `?` would open raw HTML (hiding the text); `a < b` is left alone.
 */
function escapeMarkdownCell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/<(?=[A-Za-z/!?])/g, "&lt;");
}

function width(s: string): number {
  return [...s].length;
}

/**
 * A table as `text/html` (a plain `<table>` with `<thead>`, cells HTML-escaped, `code` spans
 * shown as code, as Markdown would), `text/markdown`
 * (GitHub style, `|` and tag-opening `<` escaped; number columns right-aligned) and `text/plain` (aligned columns).
 * Number cells go through {@link formatNumber}; pass a string to show a value exactly as written.
 *
 * @example
 * ```ts
 * import { bundleOf, table } from "./display.ts";
 * const b = bundleOf(table([["dW[1]", 1.23456e-13], ["a|b", 2]], { headers: ["block", "error"] }));
 * const md = "| block | error |\n| --- | ---: |\n| dW[1] | 1.235e-13 |\n| a\\|b | 2 |";
 * if (b["text/markdown"] !== md) throw new Error(String(b["text/markdown"]));
 * ```
 */
export function table(
  rows: readonly (readonly (string | number)[])[],
  options: TableOptions = {},
): Displayable {
  const fn = "table";
  if (typeof options !== "object" || options === null) {
    throw new ArgumentError(fn, "options", "{ headers?, digits? }", describe(options));
  }
  assertKnownKeys(fn, "options", options, ["headers", "digits"]);
  const digits = checkDigits(fn, options.digits);
  if (!Array.isArray(rows)) throw new ArgumentError(fn, "rows", "an array of rows", describe(rows));
  const headers = options.headers;
  if (headers !== undefined) {
    if (!Array.isArray(headers) || headers.length === 0) {
      throw new ArgumentError(
        fn,
        "options.headers",
        "a non-empty array of strings",
        describe(headers),
      );
    }
    headers.forEach((h, i) => {
      if (typeof h !== "string") {
        throw new ArgumentError(fn, `options.headers[${i}]`, "a string", describe(h));
      }
    });
  }
  if (rows.length === 0 && headers === undefined) {
    throw new ArgumentError(
      fn,
      "rows",
      "at least one row (or options.headers)",
      "an array of length 0",
    );
  }
  const cols = headers?.length ?? (Array.isArray(rows[0]) ? rows[0].length : 0);
  if (cols === 0) throw new ArgumentError(fn, "rows[0]", "at least one cell", describe(rows[0]));
  const isNumber: boolean[] = Array(cols).fill(rows.length > 0);
  const cells: string[][] = rows.map((row, i) => {
    if (!Array.isArray(row)) {
      throw new ArgumentError(fn, `rows[${i}]`, "an array of cells", describe(row));
    }
    if (row.length !== cols) {
      throw new ArgumentError(
        fn,
        `rows[${i}]`,
        `${cols} cells (${headers ? "as options.headers" : "as rows[0]"})`,
        `${row.length} cells`,
      );
    }
    return row.map((cell, j) => {
      if (typeof cell === "number") {
        if (!Number.isFinite(cell)) {
          throw new ArgumentError(
            fn,
            `rows[${i}][${j}]`,
            "a finite number or a string",
            describe(cell),
          );
        }
        return format(cell, digits, false);
      }
      if (typeof cell !== "string") {
        throw new ArgumentError(fn, `rows[${i}][${j}]`, "a number or a string", describe(cell));
      }
      isNumber[j] = false;
      return cell;
    });
  });
  const head = headers ? [...headers] : null;
  return displayable({
    "text/html": htmlTable(head, cells, isNumber),
    "text/markdown": markdownTable(head, cells, isNumber),
    "text/plain": plainTable(head, cells, isNumber),
  });
}

function htmlTable(head: string[] | null, cells: string[][], isNumber: boolean[]): string {
  // `code` spans read as code here too, as they do in the Markdown form of the table.
  const html = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, "<code>$1</code>");
  const td = (tag: string, s: string, j: number) =>
    isNumber[j]
      ? `<${tag} style="text-align: right">${html(s)}</${tag}>`
      : `<${tag}>${html(s)}</${tag}>`;
  const lines = ["<table>"];
  if (head) {
    lines.push("<thead>", `<tr>${head.map((h, j) => td("th", h, j)).join("")}</tr>`, "</thead>");
  }
  lines.push("<tbody>");
  for (const row of cells) lines.push(`<tr>${row.map((c, j) => td("td", c, j)).join("")}</tr>`);
  lines.push("</tbody>", "</table>");
  return lines.join("\n");
}

function markdownTable(head: string[] | null, cells: string[][], isNumber: boolean[]): string {
  const line = (row: string[]) => `| ${row.map(escapeMarkdownCell).join(" | ")} |`;
  // GitHub tables need a header row; without headings it is left empty.
  const header = head ?? isNumber.map(() => "");
  return [
    line(header),
    `| ${isNumber.map((n) => (n ? "---:" : "---")).join(" | ")} |`,
    ...cells.map(line),
  ].join("\n");
}

function plainTable(head: string[] | null, cells: string[][], isNumber: boolean[]): string {
  const all = head ? [head, ...cells] : cells;
  const widths = isNumber.map((_, j) => Math.max(...all.map((row) => width(row[j]))));
  const pad = (s: string, j: number) => {
    const fill = " ".repeat(widths[j] - width(s));
    return isNumber[j] ? fill + s : s + fill;
  };
  const line = (row: string[]) => row.map(pad).join("  ").trimEnd();
  const out = cells.map(line);
  if (head) out.unshift(line(head), widths.map((w) => "-".repeat(w)).join("  "));
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Plots

/** A plotly figure as plain JSON: traces and a layout (https://plotly.com/javascript/reference/). */
export interface Figure {
  data: readonly object[];
  layout?: object;
}

/** Options of {@link plot}. */
export interface PlotOptions {
  /** The id of the HTML fallback's `<div>` (default `plot-1`, `plot-2`, … in call order). */
  id?: string;
  /** Height in pixels of the figure (default: plotly's 450 in the div). */
  height?: number;
}

/** Trace types drawn without x/y axes: they need a title but no axis titles. */
const AXISLESS = new Set([
  "pie",
  "sunburst",
  "treemap",
  "icicle",
  "funnelarea",
  "sankey",
  "table",
  "indicator",
  "parcoords",
  "parcats",
  "scatterpolar",
  "barpolar",
  "scatterternary",
]);

/** Trace types on a 3-D scene: axis titles live in layout.scene.{x,y,z}axis. */
const SCENE = new Set([
  "scatter3d",
  "surface",
  "mesh3d",
  "cone",
  "streamtube",
  "volume",
  "isosurface",
]);

/** Trace types whose x and y are a grid's coordinates, not one point each. */
const GRIDDED = new Set([
  "heatmap",
  "contour",
  "histogram2d",
  "histogram2dcontour",
  "histogram",
  "box",
  "violin",
]);

let plotCount = 0;

/**
 * plotly.js for the page: the npm package deno.json maps, in node_modules (`deno install`).
 * Resolved when first needed: bundled for a browser (the site's Web Worker), this module has no
 * file URL of its own.
 */
const plotlyJs = () => new URL("../node_modules/plotly.js-dist-min/plotly.min.js", import.meta.url);

/** Whether this module instance (one kernel session) has shown plotly.js's inline copy. */
let plotlyShown = false;
let plotlySource: string | undefined;

/**
 * Makes the next plot shown carry plotly.js again, as the first plot of a kernel session does
 * (see {@link plot}): for tests, and for a notebook page that lost the output carrying it (its
 * cell re-run or cleared) without a kernel restart.
 *
 * @example
 * ```ts
 * import { bundleOf, plot, resetPlotlyLoader } from "./display.ts";
 * const fig = { data: [{ x: [0, 1], y: [1, 0] }], layout: { title: "t", xaxis: { title: "x" },
 *   yaxis: { title: "y" } } };
 * const loader = (html: unknown) => String(html).includes("<script data-course-plotly-loader>");
 * resetPlotlyLoader();
 * if (!loader(bundleOf(plot(fig))["text/html"])) throw new Error("the first plot carries it");
 * if (loader(bundleOf(plot(fig))["text/html"])) throw new Error("the second does not");
 * resetPlotlyLoader();
 * if (!loader(bundleOf(plot(fig))["text/html"])) throw new Error("again after a reset");
 * ```
 */
export function resetPlotlyLoader(): void {
  plotlyShown = false;
}

/**
 * A plotly figure for the notebook and the exported page. The bundle has
 * `application/vnd.plotly.v1+json` (drawn by VS Code's Jupyter renderers and JupyterLab's plotly
 * extension), `text/html` and `text/plain` (the title). Ids count `plot-1`, `plot-2`, … in call
 * order, so a fresh run of a notebook gives identical outputs.
 *
 * The `text/html` is a `<div>` with a deterministic id, holding a note that says what to do
 * when the plot cannot be drawn (an untrusted notebook, a page without plotly.js), and a script
 * that draws into it with `Plotly.newPlot` once the page has plotly.js. So that it has, as
 * plotly's own notebook mode does, the first plot shown in a kernel session (this module
 * instance; {@link resetPlotlyLoader}) also carries plotly.js, inline, from the npm package
 * (`node_modules/plotly.js-dist-min`, put there by `deno install`), in a
 * `<script data-course-plotly-loader>`: classic Notebook, JupyterLab without an extension and
 * stock nbconvert HTML then draw every plot, offline. The loader hides `define`, `require`,
 * `module` and `exports` from plotly's wrapper, so require.js pages get `window.Plotly` too, and
 * draws the plots whose script ran before it. The course's export removes that copy (the site
 * loads plotly.js once, in the page's head). Shown before the loader, or where plotly.min.js is
 * missing, a plot keeps its note.
 *
 * Every plot needs `layout.title` and, for traces with axes, titled axes (`xaxis.title`,
 * `yaxis.title`, or `xaxis2`… for traces on other axes; `scene.*axis` in 3-D); a non-finite
 * number anywhere (a NaN in y, say) is refused with the trace and the point named. A title may
 * be a string: it becomes `{ text }` (plotly.js 3 draws nothing for a string title), wherever
 * a `title` is, in the layout and in the traces (a colorbar's, a legend's).
 *
 * @example
 * ```ts
 * import { bundleOf, plot } from "./display.ts";
 * const fig = plot({
 *   data: [{ type: "scatter", x: [0, 1, 2], y: [0, 1, 4], name: "x²" }],
 *   layout: { title: { text: "A parabola" }, xaxis: { title: { text: "x" } }, yaxis: { title: "x²" } },
 * }, { id: "parabola" });
 * const b = bundleOf(fig);
 * if (b["text/plain"] !== "A parabola") throw new Error("the title");
 * if (!String(b["text/html"]).startsWith('<div id="parabola"')) throw new Error("the div");
 * // The string title is plotly.js 3's { text }.
 * const json = b["application/vnd.plotly.v1+json"] as { layout: { yaxis: { title: unknown } } };
 * if (JSON.stringify(json.layout.yaxis.title) !== '{"text":"x²"}') throw new Error("{ text }");
 * ```
 */
export function plot(figure: Figure, options: PlotOptions = {}): Displayable {
  const fn = "plot";
  if (typeof options !== "object" || options === null) {
    throw new ArgumentError(fn, "options", "{ id?, height? }", describe(options));
  }
  assertKnownKeys(fn, "options", options, ["id", "height"]);
  if (
    options.id !== undefined &&
    (typeof options.id !== "string" || !/^[A-Za-z][\w-]*$/.test(options.id))
  ) {
    throw new ArgumentError(
      fn,
      "options.id",
      "an HTML id: a letter, then letters, digits, _ or -",
      describe(options.id),
    );
  }
  if (
    options.height !== undefined &&
    (typeof options.height !== "number" || !Number.isFinite(options.height) || options.height <= 0)
  ) {
    throw new ArgumentError(
      fn,
      "options.height",
      "a number of pixels > 0",
      describe(options.height),
    );
  }
  if (typeof figure !== "object" || figure === null || Array.isArray(figure)) {
    throw new ArgumentError(fn, "figure", "{ data: [traces], layout }", describe(figure));
  }
  if (!Array.isArray(figure.data)) {
    throw new ArgumentError(fn, "figure.data", "an array of traces", describe(figure.data));
  }
  if (figure.data.length === 0) {
    throw new ArgumentError(fn, "figure.data", "at least one trace", "an array of length 0");
  }
  const layoutIn = figure.layout ?? {};
  if (typeof layoutIn !== "object" || layoutIn === null || Array.isArray(layoutIn)) {
    throw new ArgumentError(fn, "figure.layout", "an object", describe(figure.layout));
  }
  const data = figure.data.map((trace, i) =>
    textTitles(checkTrace(fn, trace, i)) as Record<string, unknown>
  );
  const layout = textTitles(plain(fn, "figure.layout", layoutIn)) as Record<string, unknown>;
  if (options.height !== undefined && layout.height === undefined) layout.height = options.height;
  checkTitles(fn, data, layout);

  const id = options.id ?? `plot-${++plotCount}`;
  const title = titleText(layout.title) ?? "plot";
  const height = typeof layout.height === "number" ? layout.height : 450;
  const html = fallbackHtml(id, title, height, data, layout);
  // The loader goes with the first plot *shown* (not the first made), so a plot made and never
  // shown does not take it away from the page.
  return {
    [JUPYTER_DISPLAY]: () => ({
      "application/vnd.plotly.v1+json": { data, layout },
      "text/html": html.div + takePlotlyLoader() + html.script,
      "text/plain": title,
    }),
  };
}

/**
 * The inline copy of plotly.js for the first plot shown in this module instance, then "";
 * where the file cannot be read, a note saying so (and the next plot tries again).
 */
function takePlotlyLoader(): string {
  if (plotlyShown) return "";
  let path = "node_modules/plotly.js-dist-min/plotly.min.js";
  try {
    const url = plotlyJs();
    path = decodeURIComponent(url.pathname);
    plotlySource ??= Deno.readTextFileSync(url);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "it is missing" : String(e);
    const note =
      `plotly.js could not be put on this page: ${path} cannot be read (${why}). Run \`deno install\` in the course's folder, then show the ` +
      "plot again.";
    return `\n<p class="course-plot-note">${escapeHtml(note)}</p>`;
  }
  plotlyShown = true;
  // Neither occurs in plotly.min.js 3.7; either would end the <script> early or confuse the
  // HTML parser. `<\/` means `</` in a JS string, template or regular expression.
  const source = plotlySource.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
  return [
    "\n<script data-course-plotly-loader>",
    "/* plotly.js (npm plotly.js-dist-min), put on the page by the course's plot() with the first",
    "   plot of a kernel session. define/require/module/exports are hidden from its wrapper, so",
    "   that a page with require.js (classic Notebook) or CommonJS gets window.Plotly too. */",
    "if (!window.Plotly) {",
    "(function (define, require, module, exports) {",
    source,
    "}).call(window);",
    "}",
    "/* Plots shown before this script (out of order) wait for it. */",
    "(window.coursePlotlyWaiting || []).splice(0).forEach(function (draw) { draw(); });",
    "</script>",
  ].join("\n");
}

/**
 * A copy with every string `title` made `{ text }`: plotly.js 3 ignores string titles. `meta`
 * and `customdata` are the user's own data and are left as they are.
 */
function textTitles(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(textTitles);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "meta" || k === "customdata") out[k] = v;
    else if (k === "title" && typeof v === "string") out[k] = { text: v };
    else out[k] = textTitles(v);
  }
  return out;
}

function checkTrace(fn: string, trace: unknown, i: number): Record<string, unknown> {
  if (typeof trace !== "object" || trace === null || Array.isArray(trace)) {
    throw new ArgumentError(fn, `figure.data[${i}]`, "a trace object", describe(trace));
  }
  const t = trace as Record<string, unknown>;
  if (t.type !== undefined && typeof t.type !== "string") {
    throw new ArgumentError(fn, `figure.data[${i}].type`, "a trace type name", describe(t.type));
  }
  const type = (t.type as string | undefined) ?? "scatter";
  const lengths: Record<string, number> = {};
  for (const axis of ["x", "y", "z"]) {
    const v = t[axis];
    if (v === undefined) continue;
    const isList = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
    if (!isList) {
      throw new ArgumentError(fn, `figure.data[${i}].${axis}`, "an array of values", describe(v));
    }
    const list = Array.from(v as ArrayLike<unknown>);
    lengths[axis] = list.length;
    list.forEach((p, j) => {
      const isRow = axis === "z" && (Array.isArray(p) || ArrayBuffer.isView(p));
      const values = isRow ? Array.from(p as ArrayLike<unknown>) : [p];
      values.forEach((value, k) => {
        const at = isRow ? `point (${j}, ${k})` : `point ${j}`;
        if (typeof value === "number" && !Number.isFinite(value)) {
          throw new ArgumentError(
            fn,
            `figure.data[${i}].${axis}`,
            "finite numbers only",
            `${value} at ${at} of trace ${i}`,
          );
        }
        if (typeof value !== "number" && typeof value !== "string") {
          throw new ArgumentError(
            fn,
            `figure.data[${i}].${axis}`,
            "numbers or category strings",
            `${describe(value)} at ${at} of trace ${i}`,
          );
        }
      });
    });
  }
  if (
    !GRIDDED.has(type) && !SCENE.has(type) && lengths.x !== undefined &&
    lengths.y !== undefined && lengths.x !== lengths.y
  ) {
    throw new ArgumentError(
      fn,
      `figure.data[${i}]`,
      "x and y of one length (one point each)",
      `x of length ${lengths.x} and y of length ${lengths.y} in trace ${i}`,
    );
  }
  return plain(fn, `figure.data[${i}]`, t) as Record<string, unknown>;
}

/** A JSON-safe deep copy: typed arrays become arrays; non-finite numbers and functions refused. */
function plain(fn: string, path: string, value: unknown): unknown {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new ArgumentError(fn, path, "a finite number", describe(value));
    }
    return value;
  }
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(
      value as unknown as ArrayLike<number>,
      (v, i) => plain(fn, `${path}[${i}]`, v),
    );
  }
  if (Array.isArray(value)) return value.map((v, i) => plain(fn, `${path}[${i}]`, v));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = plain(fn, `${path}.${k}`, v);
    }
    return out;
  }
  throw new ArgumentError(
    fn,
    path,
    "plain JSON (numbers, strings, arrays, objects)",
    describe(value),
  );
}

function titleText(title: unknown): string | undefined {
  if (typeof title === "string" && title.trim() !== "") return title;
  if (typeof title === "object" && title !== null) {
    const text = (title as { text?: unknown }).text;
    if (typeof text === "string" && text.trim() !== "") return text;
  }
  return undefined;
}

function checkTitles(fn: string, data: Record<string, unknown>[], layout: Record<string, unknown>) {
  if (titleText(layout.title) === undefined) {
    throw new ArgumentError(
      fn,
      "figure.layout.title",
      "a title (a string or { text }): every plot in the course has one",
      describe(layout.title),
    );
  }
  const needed = new Set<string>();
  data.forEach((t) => {
    const type = (t.type as string | undefined) ?? "scatter";
    if (AXISLESS.has(type)) return;
    if (SCENE.has(type)) {
      const scene = typeof t.scene === "string" ? t.scene : "scene";
      for (const a of ["xaxis", "yaxis", "zaxis"]) needed.add(`${scene}.${a}`);
      return;
    }
    for (const a of ["x", "y"]) {
      const ref = typeof t[`${a}axis`] === "string" ? t[`${a}axis`] as string : a; // "x", "x2", …
      needed.add(`${a}axis${ref.slice(1)}`);
    }
  });
  for (const path of [...needed].sort()) {
    let node: unknown = layout;
    for (const key of path.split(".")) {
      node = typeof node === "object" && node !== null
        ? (node as Record<string, unknown>)[key]
        : undefined;
    }
    const title = typeof node === "object" && node !== null
      ? (node as { title?: unknown }).title
      : undefined;
    if (titleText(title) === undefined) {
      throw new ArgumentError(
        fn,
        `figure.layout.${path}.title`,
        "an axis title (a string or { text }): every axis in the course is labelled",
        describe(title),
      );
    }
  }
}

/** JSON that can sit inside a <script>: no `</script>`, `<!--` or line separators survive. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** What a plot says where it cannot be drawn (shown until plotly.js draws it). */
const PLOT_NOTE =
  "plotly.js is not on this page. In Jupyter, trust the notebook (File → Trust Notebook), " +
  "then restart the kernel and run all cells; in VS Code, install the Jupyter Notebook " +
  "Renderers extension; or read the exported course (deno task build).";

/**
 * The div (holding the note) and the script drawing into it, now if the page has plotly.js,
 * else when the loader runs (window.coursePlotlyWaiting).
 */
function fallbackHtml(
  id: string,
  title: string,
  height: number,
  data: unknown,
  layout: unknown,
): { div: string; script: string } {
  const note = `Plot “${title}” is not drawn: ${PLOT_NOTE}`;
  const div = `<div id="${id}" class="plotly-figure" style="width: 100%;">` +
    `<p class="course-plot-note">${
      escapeHtml(note).replace(/\u2028/g, "&#8232;").replace(/\u2029/g, "&#8233;")
    }</p></div>`;
  const script = [
    "\n<script>",
    "(function () {",
    "  var tries = 0;",
    "  function draw() {",
    "    if (!window.Plotly) return false;",
    `    var el = document.getElementById(${scriptJson(id)});`,
    "    if (!el) { /* an output not attached yet: look again shortly */",
    "      if (++tries < 50) setTimeout(draw, 20);",
    "      return true;",
    "    }",
    '    el.textContent = "";',
    `    el.style.height = ${scriptJson(`${height}px`)};`,
    `    window.Plotly.newPlot(${scriptJson(id)}, ${scriptJson(data)}, ${
      scriptJson(layout)
    }, {responsive: true});`,
    "    return true;",
    "  }",
    "  if (!draw()) (window.coursePlotlyWaiting = window.coursePlotlyWaiting || []).push(draw);",
    "})();",
    "</script>",
  ].join("\n");
  return { div, script };
}
