/**
 * Nothing lost on a crash, tested by killing processes with SIGKILL (no clean-up possible):
 * a writer killed mid-write leaves a whole file, never half of one; a training run killed
 * mid-run and resumed from its checkpoint ends with the very network of an uninterrupted run,
 * on both training engines; `deno task reproduce --resume` keeps the runs an interrupted command
 * finished. The moments of the kills are random; no assertion is about time.
 */

import { deepEqual, equal, ok } from "./assert.ts";
import {
  parameterBits,
  TRAINING_CASES,
  type TrainingCase,
  trainingCase,
  writeVersions,
} from "./crash_child.ts";
import { writeFileAtomic } from "../lib/files.ts";
import { setKernels } from "../lib/kernels.ts";
import { type EpochReport, networkToJson } from "../lib/train.ts";

const CHILD = new URL("./crash_child.ts", import.meta.url).pathname;
const REPRODUCE = new URL("../tools/reproduce.ts", import.meta.url).pathname;
const ROOT = new URL("..", import.meta.url).pathname; // where deno.json is
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A child process whose stdout is read line by line while it runs. */
class Child {
  readonly process: Deno.ChildProcess;
  readonly lines: string[] = [];
  #pending = "";
  #reader: ReadableStreamDefaultReader<string>;
  #closed = false;

  constructor(args: string[]) {
    this.process = new Deno.Command(Deno.execPath(), {
      args,
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    this.#reader = this.process.stdout.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next line (undefined at the end of the output). */
  async next(): Promise<string | undefined> {
    while (!this.#pending.includes("\n")) {
      if (this.#closed) break;
      const { value, done } = await this.#reader.read();
      if (done) this.#closed = true;
      else this.#pending += value;
    }
    const cut = this.#pending.indexOf("\n");
    if (cut < 0) {
      if (this.#pending === "") return undefined;
      const last = this.#pending;
      this.#pending = "";
      this.lines.push(last);
      return last;
    }
    const line = this.#pending.slice(0, cut);
    this.#pending = this.#pending.slice(cut + 1);
    this.lines.push(line);
    return line;
  }

  /** Reads the rest of the output and waits for the exit; returns stderr and the status. */
  async finish(): Promise<{ status: Deno.CommandStatus; stderr: string }> {
    while ((await this.next()) !== undefined);
    const [status, stderr] = await Promise.all([
      this.process.status,
      new Response(this.process.stderr).text(),
    ]);
    return { status, stderr };
  }

  kill(): void {
    this.process.kill("SIGKILL");
  }
}

/** The temporary files writeFileAtomic leaves when killed: `.<name>.<pid>-<random>.tmp`. */
function leftovers(dir: string, name: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
    n.startsWith(`.${name}.`) && n.endsWith(".tmp")
  );
}

interface KillCount {
  kills: number;
  /** Kills that landed between "begin" and "end" of a write. */
  midWrite: number;
  /** Of those, how many found the new version already renamed into place. */
  newVersion: number;
  /** Temporary files left behind (the kill came between creating and renaming them). */
  tempFiles: number;
  /** Kills after which the file was not one of the two allowed versions. */
  damaged: number;
}

/**
 * Kills `how`'s writer (crash_child.ts write) `trials` times at random moments of a write and
 * checks the file after each kill: it must be, byte for byte, the version written last or the
 * one being written. Stops early once `stopAfterDamaged` damaged files were seen.
 */
async function killWriters(
  how: "atomic" | "save" | "inplace",
  trials: number,
  stopAfterDamaged = Infinity,
): Promise<KillCount> {
  const top = await Deno.makeTempDir({ prefix: "crash-write-" });
  const dir = `${top}/target`, path = `${dir}/net.json`;
  const texts = writeVersions().map(networkToJson);
  const versions = texts.map((_, k) => `${top}/v${k}.json`);
  await Deno.mkdir(dir);
  texts.forEach((t, k) => Deno.writeTextFileSync(versions[k], t));
  const count: KillCount = { kills: 0, midWrite: 0, newVersion: 0, tempFiles: 0, damaged: 0 };
  try {
    writeFileAtomic(path, texts[0]); // the file a kill must never lose
    let onDisk = 0; // the version the file holds
    for (let trial = 0; trial < trials && count.damaged < stopAfterDamaged; trial++) {
      const child = new Child(["run", "-A", CHILD, "write", path, how, ...versions]);
      const target = 1 + Math.floor(Math.random() * 3); // kill during the target-th write
      let began = 0, writeMs = 0;
      for (let line = await child.next(); line !== undefined; line = await child.next()) {
        if (line.startsWith("begin ")) began = performance.now();
        if (line.startsWith("end ")) writeMs = performance.now() - began;
        if (line.startsWith(`begin ${target} `)) {
          // a random moment within about one write's duration (measured on the earlier ones)
          await sleep((0.3 + 0.9 * Math.random()) * writeMs);
          child.kill();
          break;
        }
      }
      const { status } = await child.finish();
      equal(status.signal, "SIGKILL", `trial ${trial}: the writer was killed`);
      count.kills++;
      // what the writer said before it died: the version of the last finished write, and the one
      // it was writing (if it died mid-write)
      let lastEnded = onDisk, inProgress: number | undefined;
      for (const line of child.lines) {
        const [word, , k] = line.split(" ");
        if (word === "begin") inProgress = Number(k);
        if (word === "end") {
          lastEnded = inProgress!;
          inProgress = undefined;
        }
      }
      const text = await Deno.readTextFile(path).catch(() => "");
      const version = texts.indexOf(text);
      if (inProgress !== undefined) count.midWrite++;
      if (version !== lastEnded && version !== inProgress) {
        count.damaged++;
        if (how !== "inplace") {
          ok(
            false,
            `trial ${trial} (${how}): after a kill the file is ${
              version < 0
                ? `damaged (${text.length} of ~${texts[0].length} bytes)`
                : `version ${version}`
            }, not version ${lastEnded} (last written) or ${inProgress ?? "-"} (being written)`,
          );
        }
        // the control writer's damage: start the next trial from a whole file
        writeFileAtomic(path, texts[0]);
        onDisk = 0;
        continue;
      }
      if (inProgress !== undefined && version === inProgress) count.newVersion++;
      onDisk = version;
      const temps = leftovers(dir, "net.json");
      count.tempFiles += temps.length;
      for (const t of temps) await Deno.remove(`${dir}/${t}`);
    }
    const others = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n !== "net.json");
    deepEqual(others, [], "nothing in the directory but the file");
  } finally {
    await Deno.remove(top, { recursive: true });
  }
  console.log(`${how}: ${JSON.stringify(count)}`);
  return count;
}

Deno.test("writeFileAtomic killed mid-write leaves the old or the new file, whole", async () => {
  const c = await killWriters("atomic", 14);
  equal(c.damaged, 0);
  // the kills did reach into the writes (else the test proves nothing)
  ok(c.midWrite >= 1, `no kill landed mid-write: ${JSON.stringify(c)}`);
});

Deno.test("saveNetwork killed mid-write leaves the old or the new network, whole", async () => {
  const c = await killWriters("save", 6);
  equal(c.damaged, 0);
  ok(c.midWrite >= 1, `no kill landed mid-write: ${JSON.stringify(c)}`);
});

Deno.test("control: the same kills damage a file written in place", async () => {
  const c = await killWriters("inplace", 30, 3);
  ok(c.damaged >= 1, `in-place writes survived every kill: ${JSON.stringify(c)}`);
});

/** The reports without their wall-clock seconds, which differ from run to run. */
const timeless = (reports: EpochReport[]) =>
  reports.map(({ epoch, trainingCost, evaluation }) => ({ epoch, trainingCost, evaluation }));

/** The checkpoint's progress, or 0 when there is none yet. */
function doneIn(path: string): number {
  try {
    return JSON.parse(Deno.readTextFileSync(path)).checkpoint.done;
  } catch {
    return 0;
  }
}

for (const kernels of ["reference", "wasm"] as const) {
  for (const name of TRAINING_CASES) {
    const title = `${name} killed mid-run and resumed equals the uninterrupted run [${kernels}]`;
    Deno.test(title, async () => {
      // the uninterrupted run, in this process
      const previous = setKernels(kernels);
      let whole: { bits: Float64Array; reports: EpochReport[] };
      try {
        const c = trainingCase(name as TrainingCase);
        const reports = c.train(c.net);
        whole = { bits: parameterBits(c.net), reports };
      } finally {
        setKernels(previous);
      }
      const dir = await Deno.makeTempDir({ prefix: "crash-train-" });
      const checkpoint = `${dir}/checkpoint.json`, out = `${dir}/out`;
      const { reportsPerSave, saveEvery, reportEvery } = trainingCase(name as TrainingCase);
      let kills = 0, processes = 0, killedInSave = 0;
      try {
        for (;;) {
          const doneBefore = doneIn(checkpoint);
          const child = new Child(["run", "-A", CHILD, "train", name, kernels, checkpoint, out]);
          processes++;
          const kill = kills < 4; // four kills, then let it finish
          const wait = reportsPerSave + Math.floor(Math.random() * 4);
          let seen = 0, first: number | undefined, last = 0;
          for (let line = await child.next(); line !== undefined; line = await child.next()) {
            if (!line.startsWith("report ")) continue;
            last = Number(line.split(" ")[1]);
            first ??= last;
            if (kill && ++seen === wait) {
              await sleep(Math.random() * 2);
              child.kill();
              break;
            }
          }
          const { status, stderr } = await child.finish();
          // a resumed process starts after the checkpoint, not from the beginning
          if (first !== undefined) {
            const next = (Math.floor(doneBefore / reportEvery) + 1) * reportEvery;
            equal(first, next, `${name}: the first report after a checkpoint at ${doneBefore}`);
          }
          if (status.success) break;
          equal(status.signal, "SIGKILL", `the child failed: ${stderr}`);
          kills++;
          // saved before announced: every report seen is in the checkpoint (up to `every`)
          const done = doneIn(checkpoint);
          const saved = Math.floor(last / saveEvery) * saveEvery;
          ok(done >= saved && saved >= 1, `${name}: checkpoint at ${done} after report ${last}`);
          if (leftovers(dir, "checkpoint.json").length > 0) killedInSave++;
          for (const t of leftovers(dir, "checkpoint.json")) await Deno.remove(`${dir}/${t}`);
          ok(processes < 40, "the run makes progress from kill to kill");
        }
        const bits = new Float64Array(new Uint8Array(await Deno.readFile(`${out}.bin`)).buffer);
        equal(bits.length, whole.bits.length);
        const differ = bits.findIndex((v, i) => !Object.is(v, whole.bits[i]));
        equal(differ, -1, `parameter ${differ}: ${bits[differ]} resumed vs ${whole.bits[differ]}`);
        const reports = JSON.parse(await Deno.readTextFile(`${out}.json`)) as EpochReport[];
        deepEqual(timeless(reports), JSON.parse(JSON.stringify(timeless(whole.reports))));
        console.log(
          `${name} [${kernels}]: ${kills} kills (${killedInSave} mid-save), ${processes} processes`,
        );
        ok(kills >= 2, `only ${kills} kills: the run finished too soon to test resuming`);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
}

Deno.test("reproduce --resume keeps the runs an interrupted command finished", async () => {
  const dir = await Deno.makeTempDir({ prefix: "crash-reproduce-" });
  const out = `${dir}/reproduce.json`, partial = `${out}.partial`;
  const args = [
    "run",
    "--allow-read",
    "--allow-write",
    REPRODUCE,
    "--quick",
    "--inits",
    "normal,he",
    "--seeds",
    "1,2",
    "--out",
    out,
  ];
  /** Runs the command, killing it when a line starts with `killAt`; returns its output. */
  async function run(extra: string[], killAt?: string): Promise<string[]> {
    const child = new Child([...args, ...extra]);
    for (let line = await child.next(); line !== undefined; line = await child.next()) {
      if (killAt !== undefined && line.startsWith(killAt)) {
        child.kill();
        break;
      }
    }
    const { status, stderr } = await child.finish();
    if (killAt === undefined) ok(status.success, `reproduce failed: ${stderr}`);
    else equal(status.signal, "SIGKILL", `reproduce was not killed: ${stderr}`);
    return child.lines;
  }
  const partialRuns = () => {
    const p = JSON.parse(Deno.readTextFileSync(partial));
    return { started: p.started, a: p.calculus, b: p.nielsen };
  };
  const trained = (lines: string[]) =>
    lines.filter((l) => / 784-/.test(l)).map((l) => l.slice(0, l.indexOf(":")));
  const kept = (lines: string[]) =>
    lines.filter((l) => l.endsWith("finished by an earlier command, kept")).map((l) =>
      l.slice(0, l.indexOf(":"))
    );
  try {
    // 1: killed while training (b) seed 2, after the other three runs were saved
    const first = await run([], "(b) seed 2:");
    deepEqual(trained(first), ["(a) normal", "(a) he", "(b) seed 1", "(b) seed 2"]);
    const p1 = partialRuns();
    deepEqual(p1.a.map((r: { init: string }) => r.init), ["normal", "he"]);
    deepEqual(p1.b.map((r: { seed: number }) => r.seed), [1]);
    ok(!(await Deno.stat(out).then(() => true, () => false)), "no results file from a killed run");
    // 2: resumed: only (b) seed 2 is trained
    const second = await run(["--resume"]);
    deepEqual(kept(second), ["(a) normal", "(a) he", "(b) seed 1"]);
    deepEqual(trained(second), ["(b) seed 2"]);
    const results = JSON.parse(await Deno.readTextFile(out));
    equal(results.format, "backprop-course/reproduce");
    equal(results.quick, true);
    equal(results.started, p1.started, "started: when the first command started");
    deepEqual(results.calculus.runs.map((r: { init: string }) => r.init), ["normal", "he"]);
    deepEqual(results.nielsen.runs.map((r: { seed: number }) => r.seed), [1, 2]);
    // the kept runs are the saved ones, bit for bit (their wall times too: not run again)
    deepEqual(results.calculus.runs, p1.a);
    deepEqual(results.nielsen.runs[0], p1.b[0]);
    equal(results.nielsen.runs[1].curve.length, 2, "seed 2 trained for its 2 epochs");
    ok(!(await Deno.stat(partial).then(() => true, () => false)), "the partial file is removed");
    deepEqual(leftovers(dir, "reproduce.json.partial"), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
