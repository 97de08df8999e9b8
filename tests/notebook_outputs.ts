/**
 * Comparing a notebook's outputs cell by cell, as the front-end test needs: what each code cell
 * showed, reduced to what must not change between clients (the output's kind, its MIME types, its
 * text/plain and text/html), so outputs filed under the wrong cell, lost or doubled are found.
 * @module
 */

/** One output as nbformat stores it (and classic Notebook's output area holds it). */
export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

/** One cell of a notebook, as far as the comparison needs it. */
export interface Cell {
  cell_type: string;
  outputs?: Output[];
}

/** The MIME type of plotly figures. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

function text(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

/** Numbers that measure time ("12.3 ms", "4 s", "0.7 s per epoch") depend on the run: masked. */
export function maskTimings(s: string): string {
  return s.replace(/\d+(?:\.\d+)?(?:e[+-]?\d+)?\s*(?:ns|µs|μs|us|ms|s|seconds?)\b/g, "#time");
}

/** Consecutive stream outputs of one stream are one output to the reader (clients differ). */
export function coalesce(outputs: Output[]): Output[] {
  const merged: Output[] = [];
  for (const o of outputs) {
    const last = merged.at(-1);
    if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) {
      merged[merged.length - 1] = { ...last, text: text(last.text) + text(o.text) };
    } else merged.push(o);
  }
  return merged;
}

/** What of one output is compared: its kind, its MIME types, its text/plain and text/html. */
export function fingerprint(o: Output): string {
  switch (o.output_type) {
    case "stream":
      return `stream ${o.name}: ${maskTimings(text(o.text))}`;
    case "error":
      return `error ${o.ename}: ${o.evalue}`;
    default: {
      const data = o.data ?? {};
      const mimes = Object.keys(data).sort().join(", ");
      const plain = "text/plain" in data ? maskTimings(text(data["text/plain"])) : "";
      const html = "text/html" in data ? maskTimings(text(data["text/html"])) : "";
      return `${o.output_type} [${mimes}] ${plain} ${html}`;
    }
  }
}

/** A short, readable form of an output list, for messages. */
export function summary(outputs: Output[]): string {
  if (outputs.length === 0) return "no output";
  return outputs.map((o) => {
    const data = o.data ?? {};
    const what = o.output_type === "stream"
      ? `${o.name} ${JSON.stringify(text(o.text).slice(0, 40))}`
      : o.output_type === "error"
      ? `${o.ename}: ${o.evalue}`
      : `${Object.keys(data).filter((m) => m !== "text/plain").join("+") || "text/plain"} ${
        JSON.stringify(text(data["text/plain"]).slice(0, 40))
      }`;
    return `${o.output_type} (${what})`;
  }).join("; ");
}

/**
 * Differences between two runs of one notebook, one line per cell that differs ("cell 12 (code
 * cell 6): …"), cells numbered from 1 among all cells. Empty when every cell shows the same
 * outputs. Both must be the same notebook (same cells in the same order).
 */
export function compareOutputs(reference: Cell[], got: Cell[], label = "got"): string[] {
  if (reference.length !== got.length) {
    return [`${label} has ${got.length} cells, the reference ${reference.length}`];
  }
  const problems: string[] = [];
  let code = 0;
  for (const [i, cell] of reference.entries()) {
    if (cell.cell_type !== "code") continue;
    code++;
    const want = coalesce(cell.outputs ?? []);
    const have = coalesce(got[i].outputs ?? []);
    const same = want.length === have.length &&
      want.every((o, k) => fingerprint(o) === fingerprint(have[k]));
    if (!same) {
      problems.push(
        `cell ${i + 1} (code cell ${code}): ${label} shows ${summary(have)}; the project's ` +
          `runner showed ${summary(want)}`,
      );
    }
  }
  return problems;
}

/** The error outputs of a notebook, one line each, naming the cell. */
export function cellErrors(cells: Cell[]): string[] {
  const errors: string[] = [];
  for (const [i, cell] of cells.entries()) {
    for (const o of cell.outputs ?? []) {
      if (o.output_type === "error") errors.push(`cell ${i + 1}: ${o.ename}: ${o.evalue}`);
    }
  }
  return errors;
}

/** How many outputs of a cell are plotly figures. */
export function plotOutputs(cell: Cell): number {
  return (cell.outputs ?? []).filter((o) => o.data && PLOTLY_MIME in o.data).length;
}

/** Stock `jupyter nbconvert --to notebook --execute` on `paths`, executed copies in `outDir`. */
export async function runNbconvert(
  python: string,
  env: Record<string, string>,
  paths: string[],
  outDir: string,
): Promise<{ ok: boolean; log: string }> {
  const out = await new Deno.Command(python, {
    args: [
      "-m",
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--ExecutePreprocessor.timeout=300",
      "--output-dir",
      outDir,
      ...paths,
    ],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { ok: out.success, log: (dec.decode(out.stdout) + dec.decode(out.stderr)).trim() };
}
