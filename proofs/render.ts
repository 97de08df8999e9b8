/**
 * Proofs and claims for reading: a proof as Markdown with display math, every step marked ✓ or ✗
 * with its discrepancy; the claims as a table (source, where, statement, verdict, correction);
 * failing claims with their counterexample and correction. Everything is built with lib's
 * display helpers (`markdown`, `table`), so a notebook cell shows it as it is.
 * @module
 */

import { type Displayable, formatNumber, markdown, table } from "../lib/mod.ts";
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
  Verdict,
} from "./types.ts";

const COMPARE_WORDS: Record<Comparison, string> = {
  exact: "exact",
  finiteDifference: "finite differences",
  firstOrder: "first order",
};

function num(x: number, latex = false): string {
  if (Number.isNaN(x)) return latex ? String.raw`\text{NaN}` : "NaN";
  if (!Number.isFinite(x)) {
    return latex ? (x > 0 ? String.raw`\infty` : String.raw`-\infty`) : String(x);
  }
  return formatNumber(x, { latex });
}

const MAX_ENTRIES = 12;

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
 * A side as TeX: a number, a column vector (a row when long, cut after 12 entries) or a matrix.
 * Non-finite entries are shown, not refused.
 *
 * @example
 * ```ts
 * import { sideToLatex } from "./render.ts";
 * if (sideToLatex([1, NaN]) !== String.raw`\begin{bmatrix} 1 \\ \text{NaN} \end{bmatrix}`) throw new Error("NaN shown");
 * if (sideToLatex(0.5) !== "0.5") throw new Error("a number");
 * ```
 */
export function sideToLatex(side: Side): string {
  if (typeof side === "number") return num(side, true);
  const e = entriesOf(side).map((v) => num(v, true));
  if (isMatrix(side)) {
    if (side.rows === 0 || side.cols === 0) return String.raw`\text{(empty)}`;
    const rows: string[] = [];
    for (let i = 0; i < Math.min(side.rows, MAX_ENTRIES); i++) {
      const row = e.slice(i * side.cols, (i + 1) * side.cols);
      rows.push(
        (row.length > MAX_ENTRIES ? [...row.slice(0, MAX_ENTRIES), String.raw`\cdots`] : row)
          .join(" & "),
      );
    }
    if (side.rows > MAX_ENTRIES) rows.push(String.raw`\vdots`);
    return String.raw`\begin{bmatrix} ${rows.join(String.raw` \\ `)} \end{bmatrix}`;
  }
  if (e.length === 0) return String.raw`\text{(empty)}`;
  if (e.length <= 6) return String.raw`\begin{bmatrix} ${e.join(String.raw` \\ `)} \end{bmatrix}`;
  const shown = e.length > MAX_ENTRIES ? [...e.slice(0, MAX_ENTRIES), String.raw`\cdots`] : e;
  return String.raw`\begin{bmatrix} ${shown.join(" & ")} \end{bmatrix}^{\mathsf T}`;
}

/** "worst discrepancy 2.4e-10 ≤ 1e-6 (finite differences) over 100 random cases" */
function measured(r: StepReport): string {
  const worst = r.compared > 0 ? num(r.worst) : "none (no case could be compared)";
  return `worst discrepancy ${worst}, tolerance ${num(r.tolerance)} (${
    COMPARE_WORDS[r.compare]
  }), ` +
    `${r.trials} random cases${r.failures > 0 ? `, failed in ${r.failures}` : ""}`;
}

function symbolicSummary(results: SymbolicResult[] | undefined): string {
  if (!results || results.length === 0) return "";
  const count = (o: SymbolicResult["outcome"]) => results.filter((r) => r.outcome === o).length;
  const parts = [`${count("simplified to 0")} of ${results.length} simplified to 0 by mathjs`];
  const rule = results.filter((r) => r.outcome === "simplified to 0" && r.detail).length;
  if (rule > 0) parts.push(`${rule} of them with the rule sech² = 1 − tanh²`);
  const numeric = count("numeric fallback: holds");
  if (numeric > 0) {
    parts.push(
      `${numeric} undecided by simplify, and equal at 25 random points (numeric fallback)`,
    );
  }
  const fails = results.filter((r) => r.outcome === "fails");
  if (fails.length > 0) {
    parts.push(`**${fails.length} failed**: ${fails[0].chain}, ${fails[0].detail}`);
  }
  const chains = [...new Set(results.map((r) => r.chain))].join("; ");
  return ` · symbolic (chains ${chains}): ${parts.join("; ")}`;
}

function mark(holds: boolean): string {
  return holds ? "✓" : "✗";
}

/**
 * A counterexample in Markdown: the network, the point and both sides (or why they could not be
 * compared).
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
    `*Counterexample:* seed ${ce.seed} (${mathify(ce.family, { markdown: true })}): ${net}` +
      (ce.at ? `; ${mathify(ce.at, { markdown: true })}` : `; l = ${ce.l}`) +
      (ce.x.length > 0
        ? `; x = (${ce.x.map((v) => num(v)).join(", ")}), y = (${
          ce.y.map((v) => num(v)).join(", ")
        })`
        : "") +
      ".",
  );
  if (ce.reason) lines.push(`*Reason:* ${ce.reason}.`);
  if (ce.left !== undefined && ce.right !== undefined) {
    const rows = [
      String.raw`\text{left} &= ${sideToLatex(ce.left)}`,
      String.raw`\text{right} &= ${sideToLatex(ce.right)}`,
    ];
    if (ce.discrepancy !== undefined) {
      rows.push(String.raw`\text{discrepancy} &= ${num(ce.discrepancy, true)}`);
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
 * ```
 */
export function proofMarkdown(report: ProofReport): string {
  const p = report.proof;
  const out = [
    `### ${p.title} ${mark(report.holds)}`,
    "",
    `**Statement.** Under the hypotheses (${p.hypotheses}):`,
    "",
    "$$",
    p.statement,
    "$$",
    "",
    `Checked directly: ${stepLine(report.statement, "both sides computed independently")}`,
    "",
    `*Cases:* ${mathify(p.family.description, { markdown: true })}.`,
    "",
  ];
  p.steps.forEach((step, i) => {
    const r = report.steps[i];
    out.push(
      `**Step ${i + 1}.**`,
      "",
      "$$",
      step.latex,
      "$$",
      "",
      stepLine(r, step.justification),
      "",
    );
  });
  out.push(
    report.holds
      ? `**The proof holds:** all ${p.steps.length} steps and the statement hold at every case.`
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

const VERDICT_WORDS: Record<Verdict, string> = {
  holds: "✓ holds",
  fails: "✗ fails",
  "not checkable": "— not checkable",
};

/**
 * Inline math that a browser can wrap: the TeX is cut at its top-level relations (=, ⇒, \quad
 * and commas outside any braces, \left…\right or environment) into several $…$ pieces, and a
 * top-level \text{…} of three words or more becomes plain text between them.
 *
 * @example
 * ```ts
 * import { wrappableMath } from "./render.ts";
 * const s = wrappableMath(String.raw`a = \frac{b}{c=d} = e, \quad f`);
 * if (s !== String.raw`$a$ $= \frac{b}{c=d}$ $= e,$ $\quad f$`) throw new Error(s);
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
      if (/^\\(left|begin)\b/.test(rest)) depth++;
      else if (/^\\(right|end)\b/.test(rest)) depth--;
      else if (depth === 0 && /^\\(quad|qquad|Rightarrow)\b/.test(rest)) cut(i);
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

/**
 * The claims as a table: source, where, the statement as written, and the verdict with the
 * correction (for a failing claim) or the reason (for one that cannot be checked). With
 * `{ source: false }` the source column is left out (for a table of one source's claims).
 *
 * @example
 * ```ts
 * import { bundleOf } from "../lib/mod.ts";
 * import { checkSources, renderClaimsTable, SOURCES } from "./mod.ts";
 * const b = bundleOf(renderClaimsTable(checkSources([SOURCES[2]], { trials: 2 })));
 * if (!String(b["text/html"]).includes("✗ fails")) throw new Error("the blog has failing claims");
 * ```
 */
export function renderClaimsTable(
  reports: readonly ClaimReport[],
  options: { source?: boolean } = {},
): Displayable {
  const withSource = options.source !== false;
  const verdict = (r: ClaimReport): string => {
    if (r.verdict === "fails" && r.claim.correction) {
      return `✗ fails. Corrected (${r.correction?.holds ? "✓ holds" : "✗ does not hold"}): ${
        wrappableMath(r.claim.correction.statement)
      } — ${mathify(r.claim.correction.note)}`;
    }
    if (r.verdict === "not checkable") {
      return `— not checkable: ${mathify(r.claim.notCheckable?.reason ?? "")}`;
    }
    return VERDICT_WORDS[r.verdict];
  };
  const rows = reports.map((r) => [
    r.source.short,
    `${r.claim.id}: ${mathify(r.claim.where)}`,
    wrappableMath(r.claim.statement),
    verdict(r),
  ]);
  const headers = ["source", "claim: where", "statement (as written)", "verdict, and correction"];
  return withSource
    ? table(rows, { headers })
    : table(rows.map((row) => row.slice(1)), { headers: headers.slice(1) });
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
      ...sources.map((s) =>
        row(`${s.short} (${s.file.slice(0, 3)})`, reports.filter((r) => r.source === s))
      ),
      row("all sources", reports),
    ],
    { headers: ["source", "holds", "fails", "not checkable", "claims"] },
  );
}

/**
 * One failing claim in full: where, the statement as written, how it was read, the
 * counterexample with both sides, and the corrected statement with its check.
 *
 * @example
 * ```ts
 * import { checkClaim, failureMarkdown, SOURCES } from "./mod.ts";
 * const s = SOURCES[0], c = s.claims.find((c) => c.id === "nielsen-bp3")!;
 * const md = failureMarkdown(checkClaim(s, c, { trials: 3 }));
 * if (!md.includes("Counterexample") || !md.includes("Corrected")) throw new Error(md);
 * ```
 */
export function failureMarkdown(r: ClaimReport): string {
  const c = r.claim;
  const out = [
    `#### ${c.id} — ${r.source.short}`,
    "",
    `*${r.source.file.replace(/_/g, "\\_")}, ${mathify(c.where, { markdown: true })}.* As written:`,
    "",
    "$$",
    c.statement,
    "$$",
    "",
  ];
  if (c.reading) {
    out.push(`*Reading:* ${mathify(c.reading.replace(/\.$/, ""), { markdown: true })}.`, "");
  }
  if (r.check) {
    out.push(`${mark(r.check.holds)} ${measured(r.check)}.`, "");
    if (r.check.counterexample) out.push(renderCounterexample(r.check.counterexample), "");
  }
  if (c.correction) {
    out.push(
      `**Corrected** (${mathify(c.correction.note, { markdown: true })}):`,
      "",
      "$$",
      c.correction.statement,
      "$$",
      "",
    );
    if (r.correction) out.push(`${mark(r.correction.holds)} ${measured(r.correction)}.`);
  }
  return out.join("\n");
}

/**
 * Every failing claim in full (see {@link failureMarkdown}).
 *
 * @example
 * ```ts
 * import { bundleOf } from "../lib/mod.ts";
 * import { checkSources, renderFailures, SOURCES } from "./mod.ts";
 * const md = String(bundleOf(renderFailures(checkSources([SOURCES[2]], { trials: 2 })))["text/markdown"]);
 * if (!md.includes("blog-bp4-chain")) throw new Error(md);
 * ```
 */
export function renderFailures(reports: readonly ClaimReport[]): Displayable {
  const failing = reports.filter((r) => r.verdict === "fails");
  if (failing.length === 0) return markdown("No claim fails.");
  return markdown(failing.map(failureMarkdown).join("\n\n---\n\n"));
}

/**
 * The claims that cannot be checked, with the reason, the readings tried and where they are
 * tested.
 *
 * @example
 * ```ts
 * import { bundleOf } from "../lib/mod.ts";
 * import { checkSources, renderNotCheckable, SOURCES } from "./mod.ts";
 * const md = String(bundleOf(renderNotCheckable(checkSources([SOURCES[3]], { trials: 1, symbolic: false })))["text/html"]);
 * if (!md.includes("09_mnist")) throw new Error(md);
 * ```
 */
export function renderNotCheckable(reports: readonly ClaimReport[]): Displayable {
  return table(
    reports.filter((r) => r.verdict === "not checkable").map((r) => [
      r.source.short,
      r.claim.id,
      wrappableMath(r.claim.statement),
      mathify(
        [r.claim.notCheckable?.reason ?? "", ...(r.claim.notCheckable?.readings ?? [])].join("; "),
      ),
      r.claim.notCheckable?.pointer ?? "",
    ]),
    { headers: ["source", "claim", "statement", "why not", "tested in"] },
  );
}
