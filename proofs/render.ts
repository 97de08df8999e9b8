/**
 * Proofs and claims for reading: a proof as Markdown with display math, every step marked ✓ or ✗
 * with its discrepancy; the claims as a table (where, the equation as printed, the verdict and the
 * reading); failing claims as short entries and in detail, with their counterexample and
 * correction. Everything is built with lib's display helpers (`markdown`, `table`), so a notebook
 * cell shows it as it is.
 *
 * What a reader sees names sources in words (the `short` name of a source) and claims by where
 * they stand and by their equation: never a file name or a claim's id. Long display equations are
 * broken into lines ({@link breakDisplay}) and sides are cut to a few entries, so that nothing is
 * wider than a ~700 px column.
 * @module
 */

import {
  bundleOf,
  type Displayable,
  formatNumber,
  JUPYTER_DISPLAY,
  markdown,
  table,
} from "../lib/mod.ts";
import { COMPARISONS, countVerdicts } from "./check.ts";
import { entriesOf, isMatrix } from "./numeric.ts";
import type {
  ClaimReport,
  Comparison,
  Counterexample,
  ProofReport,
  Side,
  StepReport,
  SymbolicResult,
} from "./types.ts";

const COMPARE_WORDS: Record<Comparison, string> = {
  exact: "exact",
  finiteDifference: "finite differences",
  firstOrder: "first order",
};

function num(x: number, latex = false, digits?: number): string {
  if (Number.isNaN(x)) return latex ? String.raw`\text{NaN}` : "NaN";
  if (!Number.isFinite(x)) {
    return latex ? (x > 0 ? String.raw`\infty` : String.raw`-\infty`) : String(x);
  }
  return formatNumber(x, { latex, digits });
}

/** A vector this long or shorter is a column, a longer one a row; rows and columns are cut. */
const MAX_ENTRIES = 6;
const MAX_ROW = 4;
const MAX_COLUMNS = 3;

/**
 * Plain-text notation made typeset: every token with a superscript or subscript, such as
 * z^L_j, a^{l−1}_k or ∇_a, is wrapped in $…$ (outside any math already there), so that prose
 * written with ASCII indices reads as math in a notebook.
 *
 * @example
 * ```ts
 * import { mathify } from "./render.ts";
 * const s = mathify("z^L reaches C only through a^{l−1}_k; $x^2$ stays; δ_out is a word");
 * if (s !== "$z^L$ reaches C only through $a^{l−1}_k$; $x^2$ stays; δ_out is a word") throw new Error(s);
 * ```
 */
export function mathify(text: string, options: { markdown?: boolean } = {}): string {
  const script = String.raw`[\^_](?:\{(?:[^{}]|\{[^{}]*\})*\}|[\p{L}\p{N}](?![\p{L}\p{N}]))`;
  const token = new RegExp(
    String.raw`(?<![\p{L}\p{N}_^])([\p{L}∇∂][′]?)((?:${script})+)`,
    "gu",
  );
  return text.split(/(\$[^$]*\$)/).map((part, i) => {
    if (i % 2 === 1) return part;
    const wrapped = part.split(token).map((piece, k) =>
      k % 3 === 0 ? (options.markdown ? piece.replace(/_/g, "\\_") : piece) : piece
    );
    // split with two groups: [text, base, scripts, text, base, scripts, …]
    let out = "";
    for (let k = 0; k < wrapped.length; k++) {
      if (k % 3 === 0) out += wrapped[k];
      else if (k % 3 === 1) out += `$${wrapped[k]}${wrapped[k + 1]}$`;
    }
    return out.replaceAll("$$", "");
  }).join("");
}

/**
 * A side as TeX: a number, a column vector (a row when longer than six entries, cut to four
 * with ⋯) or a matrix (cut to six rows and three columns), so that a side stays narrower than
 * the page. The cut keeps the start, or the entries around the flat index `focus` (where a
 * counterexample's two sides differ most). Non-finite entries are shown, not refused. `digits`
 * sets the significant digits of the entries (default 4, as {@link formatNumber}).
 *
 * @example
 * ```ts
 * import { sideToLatex } from "./render.ts";
 * if (sideToLatex([1, NaN]) !== String.raw`\begin{bmatrix} 1 \\ \text{NaN} \end{bmatrix}`) throw new Error("NaN shown");
 * if (sideToLatex(0.5) !== "0.5") throw new Error("a number");
 * const long = sideToLatex([1, 2, 3, 4, 5, 6, 7, 8]);
 * if (long !== String.raw`\begin{bmatrix} 1 & 2 & 3 & 4 & \cdots \end{bmatrix}^{\mathsf T}`) throw new Error(long);
 * if (sideToLatex(1 / 3, { digits: 2 }) !== "0.33") throw new Error("two digits");
 * const around = sideToLatex([1, 2, 3, 4, 5, 6, 7, 8], { focus: 6 });
 * if (around !== String.raw`\begin{bmatrix} \cdots & 5 & 6 & 7 & 8 \end{bmatrix}^{\mathsf T}`) throw new Error(around);
 * ```
 */
export function sideToLatex(
  side: Side,
  options: { digits?: number; focus?: number } = {},
): string {
  const digits = options.digits;
  if (typeof side === "number") return num(side, true, digits);
  const e = entriesOf(side).map((v) => num(v, true, digits));
  // The window of a cut side: around entry `focus` (where two sides differ most), else the start.
  const window = (length: number, keep: number, at: number) =>
    Math.max(0, Math.min(at - Math.floor((keep - 1) / 2), length - keep));
  const focus = options.focus ?? 0;
  if (isMatrix(side)) {
    if (side.rows === 0 || side.cols === 0) return String.raw`\text{(empty)}`;
    const r0 = side.rows > MAX_ENTRIES
      ? window(side.rows, MAX_ENTRIES, Math.floor(focus / side.cols))
      : 0;
    const c0 = side.cols > MAX_COLUMNS ? window(side.cols, MAX_COLUMNS, focus % side.cols) : 0;
    const rows: string[] = [];
    if (r0 > 0) rows.push(String.raw`\vdots`);
    for (let i = r0; i < Math.min(side.rows, r0 + MAX_ENTRIES); i++) {
      const row = e.slice(i * side.cols, (i + 1) * side.cols);
      const cut = row.length > MAX_COLUMNS;
      const shown = cut ? row.slice(c0, c0 + MAX_COLUMNS) : row;
      if (cut && c0 > 0) shown.unshift(String.raw`\cdots`);
      if (cut && c0 + MAX_COLUMNS < row.length) shown.push(String.raw`\cdots`);
      rows.push(shown.join(" & "));
    }
    if (side.rows > r0 + MAX_ENTRIES) rows.push(String.raw`\vdots`);
    return String.raw`\begin{bmatrix} ${rows.join(String.raw` \\ `)} \end{bmatrix}`;
  }
  if (e.length === 0) return String.raw`\text{(empty)}`;
  if (e.length <= MAX_ENTRIES) {
    return String.raw`\begin{bmatrix} ${e.join(String.raw` \\ `)} \end{bmatrix}`;
  }
  const start = window(e.length, MAX_ROW, focus);
  const shown = e.slice(start, start + MAX_ROW);
  if (start > 0) shown.unshift(String.raw`\cdots`);
  if (start + MAX_ROW < e.length) shown.push(String.raw`\cdots`);
  return String.raw`\begin{bmatrix} ${shown.join(" & ")} \end{bmatrix}^{\mathsf T}`;
}

/** The flat index where two sides of one shape differ most (0 when they cannot be compared). */
function worstIndex(left: Side, right: Side): number {
  if (typeof left === "number" || typeof right === "number") return 0;
  const l = entriesOf(left), r = entriesOf(right);
  if (l.length !== r.length) return 0;
  let at = 0, most = -1;
  for (let i = 0; i < l.length; i++) {
    const d = Number.isFinite(l[i] - r[i]) ? Math.abs(l[i] - r[i]) : Infinity;
    if (d > most) [at, most] = [i, d];
  }
  return at;
}

/** "worst discrepancy 2.4e-10 over 100 random cases (tolerance 1e-6, finite differences)" */
function measured(r: StepReport): string {
  const how = `tolerance ${num(r.tolerance)}, ${COMPARE_WORDS[r.compare]}`;
  if (r.compared === 0) {
    return `no case could be compared (${how}); fails at ${r.failures} of ${r.trials} random cases`;
  }
  const worst = `worst discrepancy ${num(r.worst)} over ${r.trials} random cases (${how})`;
  return r.failures > 0 ? `${worst}; fails at ${r.failures} of them` : worst;
}

function symbolicSummary(results: SymbolicResult[] | undefined): string {
  if (!results || results.length === 0) return "";
  const count = (o: SymbolicResult["outcome"]) => results.filter((r) => r.outcome === o).length;
  const rule = results.filter((r) => r.outcome === "simplified to 0" && r.detail).length;
  const parts = [
    `mathjs: ${count("simplified to 0")} of ${results.length} identities simplify to 0` +
    (rule > 0 ? ` (${rule} with the rule sech² = 1 − tanh²)` : ""),
  ];
  const numeric = count("numeric fallback: holds");
  if (numeric > 0) {
    parts.push(`${numeric} undecided by simplify and equal at 25 random points`);
  }
  const fails = results.filter((r) => r.outcome === "fails");
  if (fails.length > 0) {
    parts.push(`**${fails.length} failed**: ${fails[0].chain}, ${fails[0].detail}`);
  }
  return ` · ${parts.join("; ")}`;
}

function mark(holds: boolean): string {
  return holds ? "✓" : "✗";
}

/**
 * A counterexample in Markdown: the network, the point and both sides (or why they could not be
 * compared). Sides show three significant digits and a few entries (see {@link sideToLatex}).
 *
 * @example
 * ```ts
 * import { renderCounterexample } from "./render.ts";
 * const md = renderCounterexample({ seed: 3, family: "f", sizes: [1, 1], activations: ["relu"], cost: "quadratic",
 *   x: [1], y: [0], l: 1, left: 1, right: 2, discrepancy: 0.5 });
 * if (!md.includes("seed 3") || !md.includes("sizes [1, 1]") || !md.includes("0.5")) throw new Error(md);
 * ```
 */
export function renderCounterexample(ce: Counterexample): string {
  const lines: string[] = [];
  const net = ce.sizes.length > 0
    ? `sizes [${ce.sizes.join(", ")}], activations ${ce.activations.join(", ")}, cost ${ce.cost}`
    : "no network (the case could not be drawn)";
  lines.push(
    `*Counterexample:* seed ${ce.seed}: ${net}` +
      (ce.at ? `; ${mathify(ce.at, { markdown: true })}` : `; l = ${ce.l}`) +
      (ce.x.length > 0
        ? `; x = (${ce.x.map((v) => num(v, false, 3)).join(", ")}), y = (${
          ce.y.map((v) => num(v, false, 3)).join(", ")
        })`
        : "") +
      ".",
  );
  if (ce.reason) lines.push(`*Reason:* ${ce.reason}.`);
  if (ce.left !== undefined && ce.right !== undefined) {
    // Cut sides show the entries where they differ most, so the difference is on the page.
    const focus = worstIndex(ce.left, ce.right);
    const rows = [
      String.raw`\text{left} &= ${sideToLatex(ce.left, { digits: 3, focus })}`,
      String.raw`\text{right} &= ${sideToLatex(ce.right, { digits: 3, focus })}`,
    ];
    if (ce.discrepancy !== undefined) {
      rows.push(String.raw`\text{discrepancy} &= ${num(ce.discrepancy, true, 3)}`);
    }
    lines.push(
      "",
      "$$",
      String.raw`\begin{aligned} ${rows.join(String.raw` \\[4pt] `)} \end{aligned}`,
      "$$",
    );
  }
  return lines.join("\n");
}

function stepLine(r: StepReport, justification: string): string {
  const line = `${mark(r.holds)} *${mathify(justification, { markdown: true })}* · ${measured(r)}${
    symbolicSummary(r.symbolic)
  }`;
  if (r.holds) return line;
  return `${line}\n\n${r.counterexample ? renderCounterexample(r.counterexample) : ""}${
    r.reason && !r.counterexample?.reason ? `\n\n*Reason:* ${r.reason}.` : ""
  }`;
}

/** Display TeX longer than this (spaces collapsed), with two or more "=", is cut at them. */
const LONG_DISPLAY = 120;

/** Top-level positions in TeX: separators between equations, and the "=" signs. */
function topLevel(tex: string): { separators: [number, number][]; equals: number[] } {
  const separators: [number, number][] = [], equals: number[] = [];
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === "\\") {
      const rest = tex.slice(i);
      if (/^\\(left|begin)(?![a-zA-Z])/.test(rest)) depth++;
      else if (/^\\(right|end)(?![a-zA-Z])/.test(rest)) depth--;
      else if (depth === 0) {
        const quad = /^\\q?quad(?![a-zA-Z])/.exec(rest);
        if (quad) separators.push([i, i + quad[0].length]);
      }
      const name = /^\\([a-zA-Z]+|.)/.exec(rest);
      i += (name ? name[0].length : 1) - 1;
      continue;
    }
    if (c === "{" || c === "(") depth++;
    else if (c === "}" || c === ")") depth--;
    else if (depth === 0 && c === "=") equals.push(i);
    else if (depth === 0 && c === ",") {
      // ", \;" between two equations of a list
      const list = /^,\s*\\;/.exec(tex.slice(i));
      if (list) {
        separators.push([i + 1, i + list[0].length]);
        i += list[0].length - 1;
      }
    }
  }
  return { separators, equals };
}

/**
 * A display equation broken into lines, so that it fits a ~700 px column: every equation of a
 * list (separated at the top level by \quad, \qquad or ", \;") goes on a line of its own — a lone
 * \text{…} such as "that is" joins the next line, a remark in parentheses such as (l = 1, …, L)
 * stays at the end of its line — and an equation with two or more top-level
 * "=" and more than 120 characters of TeX is cut before every "=" but the first, the lines
 * aligned on them. TeX that needs no break is returned unchanged.
 *
 * @example
 * ```ts
 * import { breakDisplay } from "./render.ts";
 * if (breakDisplay("a = b") !== "a = b") throw new Error("unchanged");
 * const two = breakDisplay(String.raw`a = b, \qquad c = d`);
 * if (two !== String.raw`\begin{gathered} a = b, \\ c = d \end{gathered}`) throw new Error(two);
 * if (breakDisplay(String.raw`a = b \qquad (b = 1)`) !== String.raw`a = b \qquad (b = 1)`) throw new Error("a remark");
 * const said = breakDisplay(String.raw`a = b, \qquad\text{that is}\qquad c = d`);
 * if (said !== String.raw`\begin{gathered} a = b, \\ \text{that is}\quad c = d \end{gathered}`) throw new Error(said);
 * const long = breakDisplay(`x = ${"y + ".repeat(30)}y = z`);
 * if (!long.startsWith(String.raw`\begin{aligned} x &= y`) || !long.includes(String.raw`\\ &= z`)) throw new Error(long);
 * ```
 */
export function breakDisplay(tex: string): string {
  const { separators } = topLevel(tex);
  const pieces: string[] = [];
  let start = 0;
  for (const [from, to] of separators) {
    pieces.push(tex.slice(start, from));
    start = to;
  }
  pieces.push(tex.slice(start));
  const parts: string[] = [];
  let pending = "";
  for (const piece of pieces.map((p) => p.trim()).filter((p) => p.length > 0)) {
    if (/^\\text\{[^{}]*\}$/.test(piece)) {
      pending += `${piece}\\quad `;
      continue;
    }
    if (/^\(.*\)$/.test(piece) && parts.length > 0 && !pending) {
      parts[parts.length - 1] += String.raw`\qquad ${piece}`; // a remark such as (l = 1, …, L)
      continue;
    }
    parts.push(pending + piece);
    pending = "";
  }
  if (pending) parts.push(pending.replace(/\\quad $/, ""));
  const long = (p: string) =>
    topLevel(p).equals.length >= 2 && p.replace(/\s+/g, " ").length > LONG_DISPLAY;
  const aligned = parts.some(long);
  if (parts.length <= 1 && !aligned) return tex;
  const lines = parts.map((p) => {
    if (!aligned) return p;
    const eq = topLevel(p).equals;
    if (eq.length === 0) return `& ${p}`;
    const cuts = long(p) ? eq : [eq[0]];
    let line = p.slice(0, cuts[0]).trim();
    cuts.forEach((at, k) => {
      const end = k + 1 < cuts.length ? cuts[k + 1] : p.length;
      line += `${k === 0 ? " " : String.raw` \\ `}&= ${p.slice(at + 1, end).trim()}`;
    });
    return line.trim();
  });
  const env = aligned ? "aligned" : "gathered";
  return String.raw`\begin{${env}} ${lines.join(String.raw` \\ `)} \end{${env}}`;
}

/**
 * A proof as Markdown: the statement (and its direct check), the hypotheses, the cases, then
 * every step with its LaTeX, ✓ or ✗, the rule used and the discrepancy.
 *
 * @example
 * ```ts
 * import { bundleOf } from "../lib/mod.ts";
 * import { checkProof, PROOFS, renderProof } from "./mod.ts";
 * const md = String(bundleOf(renderProof(checkProof(PROOFS[4], { trials: 3 })))["text/markdown"]);
 * if (!md.includes("BP3") || !md.includes("✓")) throw new Error(md);
 * ```
 */
export function renderProof(report: ProofReport): Displayable {
  return markdown(proofMarkdown(report));
}

/**
 * The Markdown of {@link renderProof}, as a string.
 *
 * @example
 * ```ts
 * import { checkProof, PROOFS, proofMarkdown } from "./mod.ts";
 * if (!proofMarkdown(checkProof(PROOFS[4], { trials: 2 })).startsWith("### ")) throw new Error("a heading");
 * const chain = proofMarkdown(checkProof(PROOFS[1], { trials: 1, symbolic: false }));
 * if (!chain.includes("differentiable at $z^l$")) throw new Error("hypotheses typeset");
 * ```
 */
export function proofMarkdown(report: ProofReport): string {
  const p = report.proof;
  const chains = [
    ...new Set(
      [report.statement, ...report.steps].flatMap((s) => (s.symbolic ?? []).map((r) => r.chain)),
    ),
  ];
  const out = [
    `### ${p.title} ${mark(report.holds)}`,
    "",
    `**Statement.** Under the hypotheses (${mathify(p.hypotheses, { markdown: true })}):`,
    "",
    "$$",
    breakDisplay(p.statement),
    "$$",
    "",
    `Checked directly: ${stepLine(report.statement, "both sides computed independently")}`,
    "",
    `*Cases:* ${mathify(p.family.description, { markdown: true })}.`,
    "",
  ];
  if (chains.length > 0) {
    out.push(
      `*Symbolic check:* every identity is also written out with mathjs for the chains ` +
        `${chains.join("; ")}, and simplify must reduce left − right to 0.`,
      "",
    );
  }
  p.steps.forEach((step, i) => {
    const r = report.steps[i];
    out.push(
      `**Step ${i + 1}.**`,
      "",
      "$$",
      breakDisplay(step.latex),
      "$$",
      "",
      stepLine(r, step.justification),
      "",
    );
  });
  out.push(
    report.holds
      ? `**Every step holds:** all ${p.steps.length} steps and the statement agree at every case.`
      : `**The proof fails:** ${
        report.steps.filter((s) => !s.holds).length
      } of ${p.steps.length} steps fail.`,
  );
  return out.join("\n");
}

/**
 * One row per proof: steps, whether it holds, the worst discrepancy of its exact and of its
 * finite-difference steps, and the time taken.
 *
 * @example
 * ```ts
 * import { bundleOf } from "../lib/mod.ts";
 * import { checkProofs, PROOFS, renderProofSummary } from "./mod.ts";
 * const md = String(bundleOf(renderProofSummary(checkProofs(PROOFS.slice(2, 3), { trials: 2 })))["text/markdown"]);
 * if (!md.includes("BP1")) throw new Error(md);
 * ```
 */
export function renderProofSummary(reports: readonly ProofReport[]): Displayable {
  const worst = (r: ProofReport, c: Comparison) => {
    const all = [r.statement, ...r.steps].filter((s) => s.compare === c);
    return all.length === 0 ? "—" : num(Math.max(...all.map((s) => s.worst)));
  };
  return table(
    reports.map((r) => [
      r.proof.title,
      r.proof.steps.length,
      r.holds ? "✓ holds" : "✗ fails",
      worst(r, "exact"),
      worst(r, "finiteDifference"),
      Math.round(r.milliseconds),
    ]),
    {
      headers: [
        "proof",
        "steps",
        "verdict",
        `worst exact (tol. ${num(COMPARISONS.exact.tolerance)})`,
        `worst finite diff. (tol. ${num(COMPARISONS.finiteDifference.tolerance)})`,
        "time (ms)",
      ],
    },
  );
}

/**
 * Inline math that a browser can wrap: the TeX is cut at its top-level relations (=, ⇒, \quad
 * and commas outside any braces, \left…\right or environment) into several $…$ pieces, and a
 * top-level \text{…} of three words or more becomes plain text between them. A long product may
 * also break around a top-level \left(…\right) group that follows a ")" (between factors).
 *
 * @example
 * ```ts
 * import { wrappableMath } from "./render.ts";
 * const s = wrappableMath(String.raw`a = \frac{b}{c=d} = e, \quad f`);
 * if (s !== String.raw`$a$ $= \frac{b}{c=d}$ $= e,$ $\quad f$`) throw new Error(s);
 * const p = wrappableMath(String.raw`= 2(a - y) \left(\prod_m w^m\right) \sigma'(z) \mu \left(x\right)`);
 * if (p !== String.raw`$= 2(a - y)$ $\left(\prod_m w^m\right)$ $\sigma'(z) \mu \left(x\right)$`) throw new Error(p);
 * const t = wrappableMath(String.raw`\text{about } 90\% \text{ accuracy after training}`);
 * if (t !== String.raw`$\text{about } 90\%$ accuracy after training`) throw new Error(t);
 * ```
 */
export function wrappableMath(tex: string): string {
  const pieces: { math: boolean; text: string }[] = [];
  let depth = 0, start = 0;
  const cut = (at: number) => {
    const piece = tex.slice(start, at).trim();
    if (piece) pieces.push({ math: true, text: piece });
    start = at;
  };
  for (let i = 0; i < tex.length; i++) {
    const rest = tex.slice(i);
    if (tex[i] === "\\") {
      const text = depth === 0 ? /^\\text\{((?:[^{}]|\{[^{}]*\})*)\}/.exec(rest) : null;
      // Prose (three words or more) leaves the math; a short label such as \text{Softmax} stays.
      if (text && text[1].trim().split(/\s+/).length >= 3) {
        cut(i);
        const words = text[1].trim();
        if (words) pieces.push({ math: false, text: words });
        i += text[0].length - 1;
        start = i + 1;
        continue;
      }
      if (/^\\(left|begin)\b/.test(rest)) {
        // A long product may break between factors: before a \left( that follows a ")".
        if (depth === 0 && rest.startsWith("\\left") && /\)\s*$/.test(tex.slice(start, i))) {
          cut(i);
        }
        depth++;
      } else if (/^\\(right|end)\b/.test(rest)) {
        depth--;
        const group = depth === 0 && rest.startsWith("\\right")
          ? /^\\right(?:\\[a-zA-Z]+|\\.|.)(?:\s*[\^_](?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[a-zA-Z0-9]))*/
            .exec(rest)
          : null;
        // … and after the \right) of such a group, when another factor follows
        if (group && /^\s*(\\[a-zA-Z]|[a-zA-Z0-9(])/.test(rest.slice(group[0].length))) {
          i += group[0].length - 1;
          cut(i + 1);
          continue;
        }
      } else if (depth === 0 && /^\\(quad|qquad|Rightarrow)\b/.test(rest)) cut(i);
      i++; // skip the escaped character (\{, \\, \, …)
      continue;
    }
    if (tex[i] === "{") depth++;
    else if (tex[i] === "}") depth--;
    else if (depth === 0 && tex[i] === "=") cut(i);
    else if (depth === 0 && tex[i] === ",") cut(i + 1);
  }
  cut(tex.length);
  return pieces
    .filter((p) => !p.math || !/^(\\[;,!: ]|\s)*$/.test(p.text))
    .map((p) => (p.math ? `$${p.text}$` : p.text))
    .join(" ");
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** A displayable whose HTML is folded in a closed <details> with the given summary. */
function folded(shown: Displayable, summary: string): Displayable {
  const bundle = bundleOf(shown);
  const html = `<details class="course-claims"><summary>${
    summary.replace(/[&<>]/g, (c) => HTML_ESCAPES[c])
  }</summary>\n${bundle["text/html"]}\n</details>`;
  return { [JUPYTER_DISPLAY]: () => ({ ...bundle, "text/html": html }) };
}

/** A claim's reading as a sentence, or "". */
function readingOf(r: ClaimReport, options: { markdown?: boolean } = {}): string {
  const reading = r.claim.reading?.trim().replace(/\.$/, "");
  if (!reading) return "";
  // "as printed, …" → "As printed, …", but a leading symbol (n, w_{ji}) keeps its case
  const sentence = /^[a-z]{2,}\b/.test(reading)
    ? reading[0].toUpperCase() + reading.slice(1)
    : reading;
  return `${mathify(sentence, options)}.`;
}

/**
 * The claims as a table of two columns (narrow enough for a ~700 px page): the verdict with where
 * the claim stands in the source and its reading (how the equation was read, whenever that needed
 * saying), and the equation as printed. A failing claim's correction is in {@link renderFailures}. With `{ source: false }` the source column is left out (for a
 * table of one source's claims); with `{ fold: "summary" }` the HTML table is folded in a closed
 * <details> with that summary line.
 *
 * @example
 * ```ts
 * import { bundleOf } from "../lib/mod.ts";
 * import { checkSources, renderClaimsTable, SOURCES } from "./mod.ts";
 * const b = bundleOf(renderClaimsTable(checkSources([SOURCES[2]], { trials: 2 }), { fold: "all" }));
 * const html = String(b["text/html"]);
 * if (!html.includes("✗ fails") || !html.startsWith("<details")) throw new Error("the blog has failing claims");
 * if (html.includes("blog-") || html.includes("002_")) throw new Error("no ids or file names");
 * ```
 */
export function renderClaimsTable(
  reports: readonly ClaimReport[],
  options: { source?: boolean; fold?: string } = {},
): Displayable {
  const withSource = options.source !== false;
  const described = (r: ClaimReport): string => {
    const where = mathify(r.claim.where);
    const reading = readingOf(r);
    if (r.verdict === "not checkable") {
      return `— not checkable: ${where}. ${mathify(r.claim.notCheckable?.reason ?? "")}.`;
    }
    const verdict = r.verdict === "fails" ? "✗ fails (see the failing claims)" : "✓ holds";
    return `${verdict}: ${where}.${reading ? ` ${reading}` : ""}`;
  };
  const rows = reports.map((r) => [
    r.source.short,
    described(r),
    wrappableMath(r.claim.statement),
  ]);
  const headers = ["source", "verdict: where in the source, and how it is read", "as printed"];
  const shown = withSource
    ? table(rows, { headers })
    : table(rows.map((row) => row.slice(1)), { headers: headers.slice(1) });
  return options.fold ? folded(shown, options.fold) : shown;
}

/**
 * How many claims of each source got each verdict, and the totals.
 *
 * @example
 * ```ts
 * import { bundleOf } from "../lib/mod.ts";
 * import { renderVerdictCounts } from "./render.ts";
 * const md = String(bundleOf(renderVerdictCounts([]))["text/markdown"]);
 * if (!md.includes("all sources")) throw new Error(md);
 * ```
 */
export function renderVerdictCounts(reports: readonly ClaimReport[]): Displayable {
  const sources = [...new Set(reports.map((r) => r.source))];
  const row = (name: string, rs: readonly ClaimReport[]) => {
    const n = countVerdicts(rs);
    return [name, n.holds, n.fails, n["not checkable"], rs.length];
  };
  return table(
    [
      ...sources.map((s) => row(s.short, reports.filter((r) => r.source === s))),
      row("all sources", reports),
    ],
    { headers: ["source", "holds", "fails", "not checkable", "claims"] },
  );
}

/**
 * One failing claim in full: where, the equation as printed and as corrected, how it was read,
 * the verdict, the counterexample with both sides, and the correction's own check.
 *
 * @example
 * ```ts
 * import { checkClaim, failureMarkdown, SOURCES } from "./mod.ts";
 * const s = SOURCES[0], c = s.claims.find((c) => c.id === "nielsen-bp3")!;
 * const md = failureMarkdown(checkClaim(s, c, { trials: 3 }));
 * if (!md.includes("Counterexample") || !md.includes("Corrected")) throw new Error(md);
 * if (md.includes("nielsen-bp3") || md.includes("000_")) throw new Error("no ids or file names");
 * ```
 */
export function failureMarkdown(r: ClaimReport): string {
  const c = r.claim;
  const out = [
    `**${r.source.short} — ${mathify(c.where, { markdown: true })}.** As printed: ${
      wrappableMath(c.statement)
    }`,
    "",
  ];
  const reading = readingOf(r, { markdown: true });
  if (reading) out.push(`*Reading:* ${reading}`, "");
  if (r.check) {
    out.push(`${mark(r.check.holds)} ${measured(r.check)}.`, "");
    if (r.check.counterexample) out.push(renderCounterexample(r.check.counterexample), "");
  }
  if (c.correction) {
    out.push(
      `**Corrected** (${mathify(c.correction.note, { markdown: true })}): ${
        wrappableMath(c.correction.statement)
      }`,
      "",
    );
    if (r.correction) out.push(`${mark(r.correction.holds)} ${measured(r.correction)}.`);
  }
  return out.join("\n");
}

/** One failing claim in a line or two: where, printed, how often it fails, corrected. */
function failureEntry(r: ClaimReport): string {
  const c = r.claim;
  const fails = r.check ? `✗ fails at ${r.check.failures} of ${r.check.trials} cases` : "✗ fails";
  const fix = c.correction
    ? ` Corrected ${wrappableMath(c.correction.statement)} (${
      r.correction?.holds ? "✓ holds" : "✗ does not hold"
    }): ${mathify(c.correction.note.replace(/\.$/, ""), { markdown: true })}.`
    : "";
  return `- *${mathify(c.where, { markdown: true })}.* Printed ${
    wrappableMath(c.statement)
  }: ${fails}.${fix}`;
}

/**
 * The failing claims. In full by default (see {@link failureMarkdown}), one after another, and
 * folded in a closed <details> with `{ fold: "summary" }`; with `{ brief: true }` one short entry
 * per failing claim, grouped by source: where, the equation as printed, how often it fails, and
 * the correction with what it changes.
 *
 * @example
 * ```ts
 * import { bundleOf } from "../lib/mod.ts";
 * import { checkSources, renderFailures, SOURCES } from "./mod.ts";
 * const reports = checkSources([SOURCES[2]], { trials: 2 });
 * const md = String(bundleOf(renderFailures(reports))["text/markdown"]);
 * if (!md.includes("Fourth Equation Proof")) throw new Error(md);
 * const brief = String(bundleOf(renderFailures(reports, { brief: true }))["text/markdown"]);
 * if ((brief.match(/^- /gm) ?? []).length !== 3) throw new Error(brief);
 * ```
 */
export function renderFailures(
  reports: readonly ClaimReport[],
  options: { brief?: boolean; fold?: string } = {},
): Displayable {
  const failing = reports.filter((r) => r.verdict === "fails");
  if (failing.length === 0) return markdown("No claim fails.");
  if (!options.brief) {
    const full = failing.map(failureMarkdown).join("\n\n---\n\n");
    return markdown(
      options.fold ? `<details><summary>${options.fold}</summary>\n\n${full}\n\n</details>` : full,
    );
  }
  const sources = [...new Set(failing.map((r) => r.source))];
  return markdown(
    sources.map((s) => {
      const these = failing.filter((r) => r.source === s);
      return `**${s.short}** (${these.length} failing)\n\n${these.map(failureEntry).join("\n")}`;
    }).join("\n\n"),
  );
}

/**
 * The claims that cannot be checked: where, the statement, why not, the readings tried and
 * where they are tested.
 *
 * @example
 * ```ts
 * import { bundleOf } from "../lib/mod.ts";
 * import { checkSources, renderNotCheckable, SOURCES } from "./mod.ts";
 * const md = String(bundleOf(renderNotCheckable(checkSources([SOURCES[3]], { trials: 1, symbolic: false })))["text/html"]);
 * if (!md.includes("The MNIST chapter")) throw new Error(md);
 * ```
 */
export function renderNotCheckable(reports: readonly ClaimReport[]): Displayable {
  return table(
    reports.filter((r) => r.verdict === "not checkable").map((r) => {
      const n = r.claim.notCheckable;
      const why = [n?.reason ?? "", ...(n?.readings ?? [])].join("; ");
      return [
        `${r.source.short}: ${mathify(r.claim.where)}`,
        wrappableMath(r.claim.statement),
        `${mathify(why)}${n?.pointer ? `. ${mathify(n.pointer)}` : ""}`,
      ];
    }),
    {
      headers: ["source, and where", "as printed", "why it is not checked, and where it is tested"],
    },
  );
}
