/**
 * `deno task new-chapter "Title" [--key KEY] [--file NAME.ipynb] [--after KEY] [--part "Caption"]
 * [--course FILE]`: starts a chapter. It writes a stripped notebook in the course's form (nbformat
 * 4.5, the `deno` kernelspec, fresh cell ids) with the cells every chapter has: the title, a
 * summary and objectives to fill in, the notation link, the library import, "## Exercises",
 * "## Summary" and the folded cell that checks the chapter's claims. Then it adds
 * `{ key: KEY, file: NAME.ipynb }` to the course file: at the end of its chapters, at the end of
 * the part `--part` names (a new part at the end if there is none), or right after the chapter
 * `--after` names.
 *
 * The file name defaults to the title in lower-case ASCII letters and digits joined by "_"
 * ("Convolutions, by hand" → convolutions_by_hand.ipynb), the key to the same joined by "-".
 * It refuses, writing nothing, when the title is missing, the file or key is taken, `--after`
 * names no chapter or the course file is invalid. Only the chapter's line is added to the course
 * file: every other line, comment and blank stays as it was.
 * @module
 */

import { Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import { writeFileAtomic } from "../lib/files.ts";
import { COURSE_FILE, CourseError, defaultKey, loadCourse, parseCourse } from "./course.ts";
import { NOTEBOOK_METADATA, notebookFormatProblems } from "./notebook_format.ts";
import { relative } from "./notebooks.ts";

/** What to create; `title` is required, the rest have defaults. */
export interface NewChapterOptions {
  /** The chapter's title, its `# Title`. */
  title: string;
  /** The chapter's key (default: the title's slug with dashes). */
  key?: string;
  /** The notebook's file name (default: the title's slug with underscores, `.ipynb`). */
  file?: string;
  /** Put the chapter right after the chapter with this key. */
  after?: string;
  /** Put the chapter at the end of the part with this caption (a new part if there is none). */
  part?: string;
  /** The course file (default: course.yml at the project's root). */
  course?: string;
}

/** What {@link newChapter} wrote. */
export interface NewChapterResult {
  /** The notebook's absolute path. */
  notebook: string;
  /** The course file's absolute path. */
  course: string;
  /** The chapter's key in the course file. */
  key: string;
  /** The notebook's file name. */
  file: string;
  /** The chapter's number in the course after the change. */
  number: number | null;
  /** Its part's caption, or null. */
  part: string | null;
  /** Where the entry went, in words ("at the end of the part …"). */
  place: string;
  /** The line added to the course file (or the first of the new part's lines). */
  entry: string;
}

/** A refusal; `lines` says why, one line each, naming the argument, what was expected and found. */
export class NewChapterError extends Error {
  override name = "NewChapterError";
  /** `lines`: one mistake each. */
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

/** Optional replacements, for tests. */
export interface NewChapterHooks {
  /** Validates the course file once it is written (default: {@link loadCourse}). */
  check?: (courseFile: string) => unknown;
}

const FLAGS = ["--key", "--file", "--after", "--part", "--course"] as const;
const KEY = /^[a-z0-9][a-z0-9-]*$/;
const FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.ipynb$/;
/** The README section that explains how chapters and exercises are added. */
export const README_SECTION = "Adding a chapter";

/** The command line as {@link NewChapterOptions}; throws {@link NewChapterError}. */
export function parseArgs(args: string[]): NewChapterOptions {
  const errors: string[] = [];
  const titles: string[] = [];
  const values: Partial<Record<(typeof FLAGS)[number], string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      titles.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = (eq > 0 ? arg.slice(0, eq) : arg) as (typeof FLAGS)[number];
    if (!FLAGS.includes(flag)) {
      errors.push(`${flag}: expected one of the options ${FLAGS.join(", ")}, found ${flag}`);
      if (eq < 0 && i + 1 < args.length && !args[i + 1].startsWith("--")) i++;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) {
      errors.push(`${flag}: expected a value after it, found ${value ?? "nothing"}`);
      if (value !== undefined) i--;
      continue;
    }
    if (flag in values) {
      errors.push(`${flag}: expected once, found twice ("${values[flag]}" and "${value}")`);
    }
    values[flag] = value;
  }
  if (titles.length === 0) {
    errors.push(
      "the title: expected the chapter's title in quotes (deno task new-chapter \"Convolutions, " +
        'by hand"), found nothing',
    );
  } else if (titles.length > 1) {
    errors.push(
      `the title: expected one title in quotes, found ${titles.length} words (${
        titles.map((t) => JSON.stringify(t)).join(" ")
      }): write "${titles.join(" ")}"`,
    );
  }
  if (errors.length > 0) throw new NewChapterError(errors);
  return {
    title: titles[0],
    key: values["--key"],
    file: values["--file"],
    after: values["--after"],
    part: values["--part"],
    course: values["--course"],
  };
}

/** The title in lower-case ASCII letters and digits, words joined by `_`; "" if none is left. */
export function slug(title: string): string {
  return title.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

type Cell = Record<string, unknown>;

/** Source text as Jupyter stores it: a list of lines, each but the last ending in "\n". */
function lines(text: string): string[] {
  const parts = text.split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? `${l}\n` : l)).filter((l) => l !== "");
}

/**
 * A new chapter's notebook, stripped: the cells every chapter of the course has, with TODOs for
 * the author. `notation` is the file of the notation page (the `welcome` chapter), or null.
 */
export function chapterNotebook(
  title: string,
  key: string,
  notation: string | null,
): Record<string, unknown> {
  const prefix = key.slice(0, 56).replace(/-+$/, "") || "cell";
  let n = 0;
  const id = () => `${prefix}-${String(++n).padStart(2, "0")}`;
  const markdown = (text: string, metadata: Cell = {}): Cell => ({
    cell_type: "markdown",
    id: id(),
    metadata,
    source: lines(text),
  });
  const code = (text: string, metadata: Cell = {}): Cell => ({
    cell_type: "code",
    execution_count: null,
    id: id(),
    metadata,
    outputs: [],
    source: lines(text),
  });
  const cells = [
    markdown(
      `# ${title}

TODO: one paragraph that says what this chapter does and why it matters to the reader. The ` +
        `index page shows this paragraph as the chapter's summary.

**By the end of this chapter you will**

- TODO: the first thing the reader will be able to do;
- TODO: the second.` +
        (notation === null ? "" : `\n\nNotation: see [notation](${notation}#Notation).`),
    ),
    code(`import { checkExercise, display, latex, markdown, plot, table } from "../lib/mod.ts";

// TODO: the chapter's sections go between this cell and "## Exercises": Markdown cells for the
// text, code cells that compute. Show every result with \`await display(…)\` (a table, plot,
// latex or markdown), never as a cell's bare last line.`),
    markdown(
      `## Exercises

TODO: the chapter's exercises. An exercise is an entry in the catalogue in \`lib/exercises/\` ` +
        `(its seeded cases, its reference answer and the mistakes the checker recognises) and, ` +
        `here, three cells: Markdown that states the task; code with starter code and a \`TODO\`, ` +
        `ending in \`await display(await checkExercise("id", answer));\`; and Markdown with the ` +
        `hint inside \`<details><summary>Hint</summary> … </details>\`. The README's section ` +
        `"${README_SECTION}" lists every step.`,
    ),
    markdown(
      `## Summary

TODO: the chapter's key equations in one display, and a short paragraph on what they say and ` +
        `where the course goes next.

## Every claim above, checked

The cell below asserts what the prose of this chapter says; if a claim were false, the chapter ` +
        `would fail here.`,
    ),
    code(
      `const claims: [string, boolean][] = [];
const claim = (text: string, holds: boolean) => {
  if (!holds) throw new Error(\`false claim: \${text}\`);
  claims.push([text, holds]);
};
const T = String.raw; // claim texts are TeX

// TODO: replace this placeholder by one claim for each statement the prose makes, computed from
// the cells above: claim("what the text says", a condition that holds only if it is true).
claim(T\`$1 + 1 = 2$\`, 1 + 1 === 2);

await display(table(claims.map(([text]) => [text, "✓"]), { headers: ["claim", "holds"] }));`,
      { jupyter: { source_hidden: true }, tags: ["hide-input"] },
    ),
  ];
  return {
    cells,
    metadata: structuredClone(NOTEBOOK_METADATA),
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The key a course file's chapter entry has, or null for a part. */
function entryKey(item: unknown): string | null {
  if (isScalar(item) && typeof item.value === "string") {
    return defaultKey(item.value.replace(/\.ipynb$/, ""));
  }
  if (!isMap(item) || item.has("part")) return null;
  const key = item.get("key");
  if (typeof key === "string") return key;
  const file = item.get("file");
  return typeof file === "string" ? defaultKey(file.replace(/\.ipynb$/, "")) : null;
}

const isPart = (item: unknown): item is YAMLMap => isMap(item) && item.has("part");

/**
 * The course file's text with `node` inserted into `seq` after its item `after`: only the new
 * lines are added, every other byte stays. Returns null where the layout is one it cannot handle.
 */
function spliceAfter(text: string, seq: YAMLSeq, after: number, node: unknown): string | null {
  const anchor = seq.items[after] as { range?: [number, number, number] } | undefined;
  if (!anchor?.range) return null;
  if (seq.flow) {
    const d = new Document(node);
    (d.contents as YAMLMap).flow = true;
    const snippet = d.toString().trim();
    return `${text.slice(0, anchor.range[1])}, ${snippet}${text.slice(anchor.range[1])}`;
  }
  const start = anchor.range[0];
  const prefix = text.slice(text.lastIndexOf("\n", start - 1) + 1, start);
  if (!/^ *- +$/.test(prefix)) return null;
  const nl = text.indexOf("\n", Math.max(anchor.range[1] - 1, start));
  const at = nl < 0 ? text.length : nl + 1;
  const snippet = new Document(node).toString({ lineWidth: 0 }).replace(/\n$/, "").split("\n")
    .map((l, i) => (i === 0 ? prefix : " ".repeat(prefix.length)) + l).join("\n") + "\n";
  return (nl < 0 ? `${text}\n` : text.slice(0, at)) + snippet + text.slice(at);
}

/** Writes the chapter's notebook and adds it to the course file; throws {@link NewChapterError}. */
export function newChapter(
  options: NewChapterOptions,
  hooks: NewChapterHooks = {},
): NewChapterResult {
  const errors: string[] = [];
  const title = (options.title ?? "").trim();
  if (title === "") {
    errors.push("the title: expected the chapter's title, found nothing");
  } else if (/[\r\n]/.test(title)) {
    errors.push(`the title: expected one line, found ${JSON.stringify(title)}`);
  }
  const base = slug(title);
  if (title !== "" && base === "" && (options.file === undefined || options.key === undefined)) {
    errors.push(
      `the title: expected ASCII letters or digits to name the file and key after (or give ` +
        `--file and --key), found ${JSON.stringify(title)}`,
    );
  }
  const file = options.file ?? `${base}.ipynb`;
  const key = options.key ?? base.replace(/_/g, "-");
  const fileArg = options.file === undefined
    ? "the file name (from the title; or --file)"
    : "--file";
  const keyArg = options.key === undefined ? "the key (from the title; or --key)" : "--key";
  if (base !== "" || options.file !== undefined) {
    if (!FILE.test(file)) {
      errors.push(
        `${fileArg}: expected NAME.ipynb (letters, digits, "_", "-" or "."; no folder), found ` +
          JSON.stringify(file),
      );
    }
  }
  if ((base !== "" || options.key !== undefined) && !KEY.test(key)) {
    errors.push(
      `${keyArg}: expected lower-case letters, digits and dashes (matrix-form), found ` +
        JSON.stringify(key),
    );
  }
  if (options.after !== undefined && options.part !== undefined) {
    errors.push(
      `--after and --part: expected one of them (--after puts the chapter in the part of the ` +
        `chapter it follows), found both`,
    );
  }
  if (options.part !== undefined && options.part.trim() === "") {
    errors.push(`--part: expected a part's caption, found ""`);
  }

  const courseFile = options.course === undefined
    ? COURSE_FILE
    : options.course.startsWith("/")
    ? options.course
    : `${Deno.cwd()}/${options.course}`;
  const courseName = relative(courseFile);
  let course;
  let text: string;
  try {
    course = loadCourse(courseFile);
    text = Deno.readTextFileSync(courseFile);
  } catch (e) {
    const why = e instanceof CourseError ? e.lines : [(e as Error).message];
    throw new NewChapterError([
      ...errors,
      `${
        options.course === undefined ? "the course file" : "--course"
      }: expected a valid course file, found ${courseName} with ${why.length} mistake${
        why.length === 1 ? "" : "s"
      } (nothing written):`,
      ...why.map((l) => `  ${l}`),
    ]);
  }
  const notebook = `${course.notebooks}/${file}`;
  if (FILE.test(file)) {
    const holder = course.all.find((c) => c.file === file);
    if (holder) {
      errors.push(
        `${fileArg}: expected a file no chapter has, found ${file} (the chapter ${holder.key} ` +
          `in ${courseName})`,
      );
    } else if (exists(notebook)) {
      errors.push(
        `${fileArg}: expected a file that does not exist yet, found ${
          relative(notebook)
        } on disk (not in ${courseName}: add it there by hand, or choose another name)`,
      );
    }
  }
  if (KEY.test(key)) {
    const holder = course.all.find((c) => c.key === key);
    if (holder) {
      errors.push(
        `${keyArg}: expected a key no chapter has, found ${key} (the chapter ${holder.file} in ` +
          `${courseName})`,
      );
    }
  }
  if (options.after !== undefined && !course.all.some((c) => c.key === options.after)) {
    errors.push(
      `--after: expected the key of a chapter in ${courseName} (${
        course.all.map((c) => c.key).join(", ")
      }), found ${JSON.stringify(options.after)}`,
    );
  }
  if (errors.length > 0) throw new NewChapterError(errors);

  // Where the entry goes, in the course file's own nodes.
  const doc = parseDocument(text);
  const chapters = doc.get("chapters", true);
  if (!isSeq(chapters)) throw new NewChapterError([`${courseName}: chapters: not a list`]);
  const entry = doc.createNode({ key, file }) as YAMLMap;
  entry.flow = true;
  let seq: YAMLSeq = chapters;
  let index = chapters.items.length - 1;
  let inserted: unknown = entry;
  let place = "at the end of the chapters";
  if (options.after !== undefined) {
    for (const item of chapters.items) {
      if (entryKey(item) === options.after) {
        index = chapters.items.indexOf(item);
        break;
      }
      const inner = isPart(item) ? item.get("chapters", true) : undefined;
      if (isSeq(inner)) {
        const i = inner.items.findIndex((c) => entryKey(c) === options.after);
        if (i >= 0) {
          [seq, index] = [inner, i];
          break;
        }
      }
    }
    place = `right after the chapter ${options.after}`;
  } else if (options.part !== undefined) {
    const caption = options.part.trim();
    const existing = chapters.items.find((item) => isPart(item) && item.get("part") === caption);
    const inner = isPart(existing) ? existing.get("chapters", true) : undefined;
    if (isSeq(inner)) {
      [seq, index] = [inner, inner.items.length - 1];
      place = `at the end of the part "${caption}"`;
    } else {
      const node = doc.createNode({ part: caption, chapters: [] }) as YAMLMap;
      (node.get("chapters", true) as unknown as YAMLSeq).items.push(entry);
      inserted = node;
      place = `in a new part "${caption}" at the end of the chapters`;
    }
  }
  const spliced = spliceAfter(text, seq, index, inserted);
  seq.items.splice(index + 1, 0, inserted);
  const wanted = JSON.stringify(doc.toJS());
  const by = new Document(inserted).toString({ lineWidth: 0 }).trimEnd();
  if (spliced === null || JSON.stringify(parseDocument(spliced).toJS()) !== wanted) {
    throw new NewChapterError([
      `${courseName}: expected a layout this tool can add a line to, found one it cannot ` +
      `(nothing written); add the chapter by hand: ${by}`,
    ]);
  }
  let added;
  try {
    added = parseCourse(spliced, { file: courseFile, checkFiles: false }).all.find((c) =>
      c.key === key
    )!;
  } catch (e) {
    throw new NewChapterError([
      `${courseName}: expected it to stay valid with the new chapter, found (nothing written):`,
      ...(e instanceof CourseError ? e.lines : [(e as Error).message]).map((l) => `  ${l}`),
    ]);
  }

  // The notebook, checked before it is written.
  const welcome = course.all.find((c) => c.key === "welcome");
  const nb = chapterNotebook(title, key, welcome ? welcome.file : null);
  const problems = notebookFormatProblems(nb, file);
  if (problems.length > 0) throw new NewChapterError(problems);

  // Write: the notebook under a temporary name, renamed; then the course file, atomically. If
  // the course file does not load afterwards, both are put back.
  const temp = `${course.notebooks}/.${file}.${Deno.pid}.tmp`;
  Deno.writeTextFileSync(temp, JSON.stringify(nb, null, 1) + "\n", { createNew: true });
  try {
    if (exists(notebook)) throw new Error(`${relative(notebook)} appeared meanwhile`);
    Deno.renameSync(temp, notebook);
  } catch (e) {
    Deno.removeSync(temp);
    throw new NewChapterError([
      `${fileArg}: could not write the notebook: ${(e as Error).message}`,
    ]);
  }
  const restore = (why: string[]): never => {
    const failed: string[] = [];
    try {
      writeFileAtomic(courseFile, text);
    } catch (e) {
      failed.push(`  could not restore ${courseName}: ${(e as Error).message}`);
    }
    try {
      Deno.removeSync(notebook);
    } catch (e) {
      failed.push(`  could not remove ${relative(notebook)}: ${(e as Error).message}`);
    }
    throw new NewChapterError([
      ...why,
      failed.length === 0
        ? `  ${courseName} and ${relative(notebook)} are as they were before`
        : "  and undoing it failed:",
      ...failed,
    ]);
  };
  try {
    writeFileAtomic(courseFile, spliced);
  } catch (e) {
    restore([`${courseName}: could not write it: ${(e as Error).message}`]);
  }
  try {
    (hooks.check ?? loadCourse)(courseFile);
  } catch (e) {
    restore([
      `${courseName}: expected it to load after the edit, found:`,
      ...(e instanceof CourseError ? e.lines : [(e as Error).message]).map((l) => `  ${l}`),
    ]);
  }
  return {
    notebook,
    course: courseFile,
    key,
    file,
    number: added.number,
    part: added.part,
    place,
    entry: by.split("\n").pop()!.replace(/^\s*-\s*/, ""),
  };
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

if (import.meta.main) {
  let result: NewChapterResult;
  try {
    result = newChapter(parseArgs(Deno.args));
  } catch (e) {
    if (!(e instanceof NewChapterError)) throw e;
    for (const line of e.lines) console.error(`new-chapter: ${line}`);
    Deno.exit(1);
  }
  const nb = relative(result.notebook);
  const course = relative(result.course);
  console.log(`new-chapter: wrote ${nb} (stripped, nbformat 4.5, kernel deno)`);
  console.log(
    `new-chapter: added ${result.entry} to ${course}, ${result.place}: it is ${
      result.number === null ? "an unnumbered chapter" : `chapter ${result.number}`
    }${result.part === null ? "" : ` in the part "${result.part}"`}`,
  );
  console.log(`
Next:
  1. Write the chapter: open ${nb} (deno task jupyter) and replace every TODO.
  2. Run it: deno task notebooks ${nb}
  3. Build the site: deno task build
To move it, move its line in ${course}; a variant shows it only if you add ${result.key} to its chapters.`);
}
