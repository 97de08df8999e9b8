/**
 * `deno task bench`: runs `deno bench --json bench/`, joins the timings with `bench/cases.ts` by
 * name and prints one table: mean time per call, GFLOP/s where the case counts its FLOPs, and
 * each case's time divided by its group's baseline (the forward pass of that network and N), so
 * the batchGradient row of a group is its gradient-to-forward cost ratio. Exits non-zero when
 * `deno bench` fails.
 * @module
 */

import { CASES } from "../bench/cases.ts";
import { TRAINING_CASES } from "../bench/training.ts";

/** One benchmark of the `deno bench --json` report (format version 1; times in nanoseconds). */
export interface BenchEntry {
  name: string;
  group: string | null;
  baseline: boolean;
  results: ({ ok: { n: number; avg: number } } | { failed: { message?: string } })[];
}

/** A measured benchmark: its name, group, whether it is the baseline, and its mean time. */
export interface Timing {
  name: string;
  group: string;
  baseline: boolean;
  meanNs: number;
}

/**
 * A time in ns, µs, ms or s, to three significant digits.
 *
 * @example
 * ```ts
 * import { formatTime } from "./bench_report.ts";
 * if (formatTime(828_400) !== "828 µs") throw new Error(formatTime(828_400));
 * ```
 */
export function formatTime(ns: number): string {
  const [value, unit] = ns < 1e3
    ? [ns, "ns"]
    : ns < 1e6
    ? [ns / 1e3, "µs"]
    : ns < 1e9
    ? [ns / 1e6, "ms"]
    : [ns / 1e9, "s"];
  return `${value < 100 ? value.toPrecision(3) : value.toFixed(0)} ${unit}`;
}

/**
 * The plain-text table: one row per measured benchmark, a blank line between groups.
 * GFLOP/s = flops / mean time; "/ forward" = mean time / the group baseline's mean time.
 */
export function formatTable(timings: readonly Timing[]): string {
  const flops = new Map<string, number | undefined>([
    ...CASES.map((c) => [c.name, c.flops] as const),
    ...TRAINING_CASES.map((c) => [c.name, c.flops] as const),
  ]);
  const baseline = new Map(timings.filter((t) => t.baseline).map((t) => [t.group, t.meanNs]));
  const header = ["case", "mean/call", "GFLOP/s", "/ forward"];
  const rows: string[][] = [];
  let previous: string | undefined;
  for (const t of timings) {
    if (previous !== undefined && t.group !== previous) rows.push([]);
    previous = t.group;
    const f = flops.get(t.name), base = baseline.get(t.group);
    rows.push([
      t.name,
      formatTime(t.meanNs),
      f === undefined ? "" : (f / t.meanNs).toFixed(3), // flops per ns = GFLOP/s
      base === undefined ? "" : (t.meanNs / base).toFixed(2),
    ]);
  }
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(width[i]) : cell.padStart(width[i]))).join("  ");
  return [line(header), line(width.map((w) => "-".repeat(w))), ...rows.map(line)]
    .map((l) => l.trimEnd()).join("\n");
}

/**
 * One line per training case the claim repeats (issue 6's (a): 1000 iterations): the mean time
 * of one call times the repeat count.
 *
 * @example
 * ```ts
 * import { formatRepeats } from "./bench_report.ts";
 * import { TRAINING_CASES } from "../bench/training.ts";
 * const a = TRAINING_CASES.find((c) => c.repeat === 1000)!;
 * const text = formatRepeats([{ name: a.name, group: "", baseline: false, meanNs: 2.5e8 }]);
 * if (!text.includes("1000 iterations: 250 s")) throw new Error(text);
 * ```
 */
export function formatRepeats(timings: readonly Timing[]): string {
  const lines: string[] = [];
  for (const c of TRAINING_CASES) {
    const t = timings.find((x) => x.name === c.name);
    if (t === undefined || c.repeat === 1) continue;
    lines.push(`${c.name} × ${c.repeatLabel}: ${formatTime(t.meanNs * c.repeat)}`);
  }
  return lines.join("\n");
}

if (import.meta.main) {
  console.error("Running deno bench --json bench/ …");
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["bench", "--allow-read", "--json", "bench/"],
    cwd: new URL("../", import.meta.url),
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).output();
  let report: { runtime: string; cpu: string; benches: BenchEntry[] };
  try {
    report = JSON.parse(new TextDecoder().decode(stdout));
  } catch {
    console.error(`deno bench exited with code ${code} and no JSON report`);
    Deno.exit(code || 1);
  }
  const timings: Timing[] = [];
  let failed = code !== 0;
  for (const b of report.benches) {
    const result = b.results[0];
    if (result !== undefined && "ok" in result) {
      timings.push({
        name: b.name,
        group: b.group ?? "",
        baseline: b.baseline,
        meanNs: result.ok.avg,
      });
    } else {
      failed = true;
      console.error(`FAILED ${b.name}: ${result?.failed.message ?? "no result"}`);
    }
  }
  console.log(`${report.runtime}, ${report.cpu}\n`);
  console.log(formatTable(timings));
  const repeats = formatRepeats(timings);
  if (repeats !== "") console.log(`\n${repeats}`);
  console.log(
    "\nGFLOP/s counts the matrix products only (see bench/cases.ts). / forward: mean time ÷ that" +
      "\nof the group's forward pass (forwardBatch for the 784-… groups), so the batchGradient" +
      "\nand deltaRecursion rows give the gradient-to-forward cost ratio.",
  );
  if (failed) {
    console.error(`deno bench failed (exit code ${code})`);
    Deno.exit(code || 1);
  }
}
