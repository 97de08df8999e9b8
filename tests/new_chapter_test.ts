/**
 * `deno task new-chapter` (tools/new_chapter.ts), on a copy of the course in a temporary folder:
 * the notebook it writes is in the committed form and has the cells every chapter has; the course
 * file gains exactly the chapter's line (every comment and other line kept) wherever it is asked
 * to go; each refusal names the argument, what was expected and what was found, and writes
 * nothing; a course file that fails to load afterwards is put back; and the new notebook runs on
 * the real kernel.
 */

import { type Document, parseDocument, type YAMLMap } from "yaml";
import { loadCourse } from "../tools/course.ts";
import {
  newChapter,
  NewChapterError,
  type NewChapterOptions,
  parseArgs,
  slug,
} from "../tools/new_chapter.ts";
import { notebookFormatProblems } from "../tools/notebook_format.ts";
import { describeFailure, executeNotebooks } from "../tools/notebooks.ts";
import { ROOT } from "../tools/setup.ts";
import { deepEqual, equal, match, ok } from "./assert.ts";

interface Cell {
  id: string;
  cell_type: string;
  source: string[];
  metadata: { tags?: string[]; jupyter?: { source_hidden?: boolean } };
  outputs?: { data?: Record<string, unknown>; text?: string | string[] }[];
}
const text = (c: Cell) => c.source.join("");

/**
 * A course of two chapters in a temporary folder: course.yml's own text (its comments kept) with
 * `notebooks: nb`, the welcome page and one chapter in a part, and a variant.
 */
async function tempCourse(): Promise<{ dir: string; file: string; nb: string; text: string }> {
  const dir = await Deno.makeTempDir({ prefix: "new-chapter-" });
  await Deno.mkdir(`${dir}/nb`);
  for (const f of ["00_welcome.ipynb", "01_one_neuron.ipynb"]) {
    await Deno.copyFile(`${ROOT}/notebooks/${f}`, `${dir}/nb/${f}`);
  }
  const doc = parseDocument(await Deno.readTextFile(`${ROOT}/course.yml`)) as Document;
  doc.set("notebooks", "nb");
  const flow = (v: object) => Object.assign(doc.createNode(v) as YAMLMap, { flow: true });
  const part = doc.createNode({ part: "Deriving backpropagation", chapters: [] }) as YAMLMap;
  (part.get("chapters", true) as unknown as { items: unknown[] }).items.push(
    flow({ key: "one-neuron", file: "01_one_neuron.ipynb" }),
  );
  doc.set(
    "chapters",
    doc.createNode([flow({ key: "welcome", file: "00_welcome.ipynb", numbered: false }), part]),
  );
  doc.set("variants", { short: { chapters: ["welcome", "one-neuron"] } });
  const text = doc.toString();
  ok(text.includes("# The chapters in reading order"), "the copy keeps course.yml's comments");
  await Deno.writeTextFile(`${dir}/course.yml`, text);
  return { dir, file: `${dir}/course.yml`, nb: `${dir}/nb`, text };
}

const listing = async (dir: string) =>
  (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();

/** The lines `after` has that `before` has not, when `after` is `before` with lines inserted. */
function addedLines(before: string, after: string): string[] {
  const a = before.split("\n"), b = after.split("\n");
  const added: string[] = [];
  let i = 0;
  for (const line of b) {
    if (i < a.length && line === a[i]) i++;
    else added.push(line);
  }
  equal(i, a.length, "every line of the course file is still there, in order");
  return added;
}

/** Runs the tool with the exact permissions of deno.json's task. */
async function task(args: string[]) {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  const [deno, ...rest] = (config.tasks["new-chapter"] as string).split(" ");
  equal(deno, "deno");
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...rest, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("new-chapter: slugs and the command line", () => {
  equal(slug("Convolutions, by hand"), "convolutions_by_hand");
  equal(slug("  Élan vital: the 2nd try! "), "elan_vital_the_2nd_try");
  equal(slug("日本"), "");
  deepEqual(parseArgs(["A title", "--key", "k", "--part=P q", "--course", "c.yml"]), {
    title: "A title",
    key: "k",
    file: undefined,
    after: undefined,
    part: "P q",
    course: "c.yml",
  });
  const refused = (args: string[]) => {
    try {
      parseArgs(args);
    } catch (e) {
      ok(e instanceof NewChapterError);
      return e.lines;
    }
    throw new Error(`parseArgs(${JSON.stringify(args)}) did not refuse`);
  };
  match(refused([])[0], /^the title: expected the chapter's title in quotes .*found nothing$/);
  match(refused(["a", "b"])[0], /^the title: expected one title in quotes, found 2 words/);
  match(refused(["T", "--bogus", "x"])[0], /^--bogus: expected one of the options .*found --bogus/);
  match(refused(["T", "--key"])[0], /^--key: expected a value after it, found nothing$/);
  match(refused(["T", "--key", "a", "--key", "b"])[0], /^--key: expected once, found twice/);
});

Deno.test("new-chapter: a stripped notebook in the course's form, and one more line in the course file", async () => {
  const c = await tempCourse();
  try {
    const run = await task(["Convolutions, by hand", "--course", c.file]);
    equal(run.code, 0, run.stderr);
    match(run.stdout, /wrote .*\/nb\/convolutions_by_hand\.ipynb/);
    match(run.stdout, /added \{ key: convolutions-by-hand, file: convolutions_by_hand\.ipynb \}/);
    match(run.stdout, /it is chapter 2\b/);
    match(run.stdout, /deno task notebooks .*convolutions_by_hand\.ipynb/);
    match(run.stdout, /deno task build/);

    // The notebook: committed form, the kernelspec of the chapters, the cells every chapter has.
    const path = `${c.nb}/convolutions_by_hand.ipynb`;
    const nb = JSON.parse(await Deno.readTextFile(path));
    deepEqual(notebookFormatProblems(nb, "convolutions_by_hand.ipynb"), []);
    const one = JSON.parse(await Deno.readTextFile(`${ROOT}/notebooks/01_one_neuron.ipynb`));
    deepEqual(nb.metadata, one.metadata, "kernelspec and language_info as in the chapters");
    const cells = nb.cells as Cell[];
    const first = text(cells[0]);
    ok(cells[0].cell_type === "markdown" && first.startsWith("# Convolutions, by hand\n\n"));
    match(first, /\*\*By the end of this chapter you will\*\*\n\n- /);
    ok(first.includes("Notation: see [notation](00_welcome.ipynb#Notation)."), first);
    ok(cells.some((x) => x.cell_type === "code" && text(x).includes('from "../lib/mod.ts"')));
    const md = cells.filter((x) => x.cell_type === "markdown").map(text).join("\n");
    match(md, /^## Exercises\s*$/m);
    match(md, /checkExercise\("id", answer\)/);
    match(md, /^## Summary\s*$/m);
    const last = cells[cells.length - 1];
    ok(last.cell_type === "code", "the claims cell is last");
    deepEqual(last.metadata, { jupyter: { source_hidden: true }, tags: ["hide-input"] });
    ok(text(last).includes("throw new Error(`false claim: ${text}`)"), text(last));
    match(text(last), /TODO: replace this placeholder/);
    match(text(last), /^await display\(table\(claims\.map/m);
    equal(new Set(cells.map((x) => x.id)).size, cells.length, "fresh, distinct cell ids");
    ok(
      await Deno.readTextFile(path).then((t) => t.endsWith("}\n") && t.startsWith('{\n "cells"')),
      "written like the committed notebooks (indent 1, a final newline)",
    );

    // The course file: exactly one more line, at the end of the chapters; comments kept.
    const after = await Deno.readTextFile(c.file);
    deepEqual(addedLines(c.text, after), [
      "  - { key: convolutions-by-hand, file: convolutions_by_hand.ipynb }",
    ]);
    const course = loadCourse(c.file);
    const added = course.all[course.all.length - 1];
    deepEqual(
      { key: added.key, file: added.file, number: added.number, part: added.part },
      { key: "convolutions-by-hand", file: "convolutions_by_hand.ipynb", number: 2, part: null },
    );
    deepEqual(await listing(c.nb), [
      "00_welcome.ipynb",
      "01_one_neuron.ipynb",
      "convolutions_by_hand.ipynb",
    ]);
  } finally {
    await Deno.remove(c.dir, { recursive: true });
  }
});

Deno.test("new-chapter: --part (existing or new), --after, --key and --file", async () => {
  const c = await tempCourse();
  try {
    const add = (o: Omit<NewChapterOptions, "course">) => {
      const before = Deno.readTextFileSync(c.file);
      const r = newChapter({ ...o, course: c.file });
      return { r, added: addedLines(before, Deno.readTextFileSync(c.file)) };
    };
    let { r, added } = add({ title: "Two layers", part: "Deriving backpropagation" });
    deepEqual(added, ["      - { key: two-layers, file: two_layers.ipynb }"]);
    deepEqual([r.number, r.part], [2, "Deriving backpropagation"]);

    ({ r, added } = add({ title: "Attention", part: "Beyond: the rest" }));
    deepEqual(added, [
      '  - part: "Beyond: the rest"',
      "    chapters:",
      "      - { key: attention, file: attention.ipynb }",
    ]);
    deepEqual([r.number, r.part], [3, "Beyond: the rest"]);

    ({ r, added } = add({ title: "Prelude", after: "welcome", key: "pre", file: "00a_pre.ipynb" }));
    deepEqual(added, ["  - { key: pre, file: 00a_pre.ipynb }"]);
    deepEqual([r.number, r.part], [1, null]);

    ({ r, added } = add({ title: "Between", after: "one-neuron" }));
    deepEqual(added, ["      - { key: between, file: between.ipynb }"]);

    const course = loadCourse(c.file);
    deepEqual(course.all.map((ch) => `${ch.number ?? "-"} ${ch.key} ${ch.part ?? ""}`.trim()), [
      "- welcome",
      "1 pre",
      "2 one-neuron Deriving backpropagation",
      "3 between Deriving backpropagation",
      "4 two-layers Deriving backpropagation",
      "5 attention Beyond: the rest",
    ]);
    for (const ch of course.all) {
      deepEqual(notebookFormatProblems(JSON.parse(Deno.readTextFileSync(ch.path)), ch.file), []);
    }
    equal(course.variants.join(), "short", "the variant is left as it was");
  } finally {
    await Deno.remove(c.dir, { recursive: true });
  }
});

Deno.test("new-chapter: each refusal names the argument, expected and found, and writes nothing", async () => {
  const c = await tempCourse();
  try {
    const files = await listing(c.nb);
    const unchanged = async (what: string) => {
      equal(await Deno.readTextFile(c.file), c.text, `${what}: the course file is unchanged`);
      deepEqual(await listing(c.nb), files, `${what}: no notebook written`);
    };
    const refused = async (o: NewChapterOptions, ...patterns: RegExp[]) => {
      let lines: string[] | undefined;
      try {
        newChapter(o);
      } catch (e) {
        if (!(e instanceof NewChapterError)) throw e;
        lines = e.lines;
      }
      ok(lines !== undefined, `${JSON.stringify(o)} was not refused`);
      for (const p of patterns) ok(lines.some((l) => p.test(l)), `${p} in\n${lines.join("\n")}`);
      await unchanged(JSON.stringify(o));
    };

    // Through the task itself: exit 1, one line per mistake on stderr.
    const run = await task(["One neuron", "--course", c.file]);
    equal(run.code, 1);
    equal(run.stdout, "");
    match(
      run.stderr,
      /^new-chapter: the key \(from the title; or --key\): expected a key no chapter has, found one-neuron \(the chapter 01_one_neuron\.ipynb/m,
    );
    await unchanged("the task");

    const course = c.file;
    await refused(
      { title: "", course },
      /^the title: expected the chapter's title, found nothing$/,
    );
    await refused(
      { title: "Again", key: "one-neuron", course },
      /^--key: expected a key no chapter has, found one-neuron/,
    );
    await refused(
      { title: "Again", file: "01_one_neuron.ipynb", course },
      /^--file: expected a file no chapter has, found 01_one_neuron\.ipynb \(the chapter one-neuron/,
    );
    await Deno.writeTextFile(`${c.nb}/draft.ipynb`, "{}");
    files.push("draft.ipynb");
    files.sort();
    await refused(
      { title: "Draft", course },
      /^the file name \(from the title; or --file\): expected a file that does not exist yet, found .*draft\.ipynb on disk/,
    );
    await refused(
      { title: "Later", after: "no-such", course },
      /^--after: expected the key of a chapter in .* \(welcome, one-neuron\), found "no-such"$/,
    );
    await refused(
      { title: "X", file: "sub/x.ipynb", key: "Bad Key", course },
      /^--file: expected NAME\.ipynb .*found "sub\/x\.ipynb"$/,
      /^--key: expected lower-case letters, digits and dashes .*found "Bad Key"$/,
    );
    await refused(
      { title: "X", after: "welcome", part: "P", course },
      /^--after and --part: expected one of them/,
    );

    // An invalid course file: not YAML, or a chapter whose notebook is missing.
    const broken = `${c.dir}/broken.yml`;
    await Deno.writeTextFile(broken, "chapters: [\n");
    await refused(
      { title: "X", course: broken },
      /^--course: expected a valid course file, found .*broken\.yml with 1 mistake \(nothing written\):$/,
      /^ {2}broken\.yml: not valid YAML/,
    );
    const missing = `${c.dir}/missing.yml`;
    await Deno.writeTextFile(
      missing,
      c.text.replace("file: 01_one_neuron.ipynb", "file: 99_gone.ipynb"),
    );
    await refused(
      { title: "X", course: missing },
      /^--course: expected a valid course file/,
      /chapter one-neuron: file: expected a notebook in .*, found "99_gone\.ipynb \(no such file\)"/,
    );
  } finally {
    await Deno.remove(c.dir, { recursive: true });
  }
});

Deno.test("new-chapter: a course file that fails to load after the edit is put back, and the notebook removed", async () => {
  const c = await tempCourse();
  try {
    const files = await listing(c.nb);
    let lines: string[] = [];
    try {
      newChapter({ title: "Doomed", course: c.file }, {
        check: (file) => {
          ok(Deno.readTextFileSync(file).includes("doomed.ipynb"), "checked after writing");
          ok(files.length + 1 === [...Deno.readDirSync(c.nb)].length, "the notebook is there");
          throw new Error("simulated: the course does not load");
        },
      });
    } catch (e) {
      if (!(e instanceof NewChapterError)) throw e;
      lines = e.lines;
    }
    match(lines[0] ?? "", /expected it to load after the edit, found:$/);
    ok(lines.some((l) => l.includes("simulated: the course does not load")), lines.join("\n"));
    ok(lines.some((l) => /are as they were before$/.test(l)), lines.join("\n"));
    equal(await Deno.readTextFile(c.file), c.text, "the course file is restored");
    deepEqual(await listing(c.nb), files, "the notebook is removed");
  } finally {
    await Deno.remove(c.dir, { recursive: true });
  }
});

Deno.test("new-chapter: the new notebook runs on the project's kernel", async () => {
  const c = await tempCourse();
  // Inside the project, so that the notebook's `../lib/mod.ts` is the library.
  const dir = `${ROOT}/.nb-newchapter-${Deno.pid}`;
  try {
    const r = newChapter({ title: "Runs as written", course: c.file });
    await Deno.mkdir(dir);
    await Deno.copyFile(r.notebook, `${dir}/${r.file}`);
    const [result] = await executeNotebooks([`${dir}/${r.file}`], {
      outDir: `${dir}/out`,
      timeout: 120,
    });
    ok(result.ok, describeFailure(result));
    const executed = JSON.parse(await Deno.readTextFile(`${dir}/out/${r.file}`));
    const claims = JSON.stringify((executed.cells as Cell[]).at(-1)!.outputs);
    ok(claims.includes("✓") && claims.includes("1 + 1 = 2"), claims);
  } finally {
    await Deno.remove(c.dir, { recursive: true });
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
