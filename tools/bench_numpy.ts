/**
 * `deno task bench:numpy [--rounds N]`: the project's WebAssembly engine against numpy on the two
 * MNIST runs of bench/training.ts, side by side in one run: (a) one full-batch iteration of
 * 784-10-10 ReLU/softmax on 60,000 images, (b) one SGD epoch of Nielsen's 784-30-10 with m = 10
 * on 50,000 images. Each round runs, in turn, the project (bench/project_mnist.ts) and numpy
 * (bench/numpy_mnist.py) with OpenBLAS on 1 and on 2 threads, each in its own process, so that the
 * machine's drift hits all alike; the table gives each one's best time over the rounds, its peak
 * memory, and the project's time over numpy's better one (below 1: the project is faster).
 * Nothing is asserted: these machines vary by 2× between runs, so compare ratios within one run.
 * Needs python3 with numpy (Debian's python3-numpy, with libopenblas0-pthread for a real BLAS);
 * without it, says so and exits 0.
 * @module
 */

import { defaultMnistDir } from "../lib/mnist.ts";
import { ROOT } from "./setup.ts";

/** One timed process's report (the JSON line both scripts print). */
export interface RunReport {
  run: string;
  seconds: number[];
  best: number;
  peak_mb: number | null;
}

/** The project's time over numpy's better one, as the table prints it ("0.82×"). */
export function ratioText(project: number, numpy: number): string {
  if (!(project > 0) || !(numpy > 0)) {
    throw new RangeError(`ratioText: expected two times > 0, got ${project} and ${numpy}`);
  }
  return `${(project / numpy).toFixed(2)}×`;
}

async function report(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = await new Deno.Command(cmd, { args, env, cwd: ROOT, stdout: "piped", stderr: "piped" })
    .output();
  const out = new TextDecoder().decode(r.stdout).trim().split("\n").at(-1) ?? "";
  if (!r.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(r.stderr)}`);
  }
  return JSON.parse(out) as RunReport;
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--rounds");
  const rounds = i >= 0 ? Number(Deno.args[i + 1]) : 3;
  if (!(Number.isInteger(rounds) && rounds >= 1)) {
    console.error(`bench:numpy: --rounds: expected a whole number ≥ 1, found ${Deno.args[i + 1]}`);
    Deno.exit(2);
  }
  const probe = await new Deno.Command("python3", {
    args: ["-c", "import numpy; print(numpy.__version__)"],
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => null);
  if (!probe?.success) {
    console.log(
      "bench:numpy: no python3 with numpy here (apt-get install python3-numpy " +
        "libopenblas0-pthread); nothing compared.",
    );
    Deno.exit(0);
  }
  const numpyVersion = new TextDecoder().decode(probe.stdout).trim();
  const data = defaultMnistDir();
  const rows = [
    { run: "a", label: "(a) full-batch iteration, 784-10-10, 60,000 images", repeats: 3 },
    { run: "b", label: "(b) SGD epoch, 784-30-10, m = 10, 50,000 images", repeats: 2 },
  ];
  const contenders = [
    {
      name: "project (wasm)",
      go: (run: string, n: number) =>
        report(Deno.execPath(), ["run", "-A", "bench/project_mnist.ts", run, String(n), "wasm"]),
    },
    ...[1, 2].map((t) => ({
      name: `numpy ${numpyVersion}, ${t} thread${t > 1 ? "s" : ""}`,
      go: (run: string, n: number) =>
        report("python3", ["bench/numpy_mnist.py", data, run, String(n)], {
          OPENBLAS_NUM_THREADS: String(t),
          OMP_NUM_THREADS: String(t),
        }),
    })),
  ];
  for (const row of rows) {
    const best = new Map<string, RunReport>();
    for (let r = 1; r <= rounds; r++) {
      for (const c of contenders) {
        console.error(`bench:numpy: ${row.run}, round ${r}/${rounds}: ${c.name}`);
        const rep = await c.go(row.run, row.repeats);
        const prev = best.get(c.name);
        if (!prev || rep.best < prev.best) {
          best.set(c.name, { ...rep, peak_mb: Math.max(rep.peak_mb ?? 0, prev?.peak_mb ?? 0) });
        }
      }
    }
    const numpyBest = Math.min(
      ...contenders.slice(1).map((c) => best.get(c.name)!.best),
    );
    console.log(`\n${row.label} (best of ${rounds} rounds × ${row.repeats} calls)`);
    for (const c of contenders) {
      const rep = best.get(c.name)!;
      console.log(
        `  ${c.name.padEnd(26)} ${(rep.best * 1000).toFixed(0).padStart(6)} ms   peak ${
          String(rep.peak_mb ?? "?").padStart(7)
        } MB` + (c === contenders[0] ? `   ${ratioText(rep.best, numpyBest)} numpy's best` : ""),
      );
    }
  }
}
