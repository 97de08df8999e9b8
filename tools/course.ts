/**
 * The course file (`course.yml` at the project's root): the course's identity, its look and its
 * chapters in reading order, read and checked here for the build, the tools and the tests. It is
 * also the chapter registry: code finds a chapter by its key (`chapterByKey(course, "mnist")`),
 * never by its file name, so renaming or moving a notebook is a one-line change in the course file.
 *
 * Every mistake is reported, one line each, naming the field, what was expected and what came:
 *
 * ```ts
 * import { CourseError, parseCourse } from "./course.ts";
 * try {
 *   parseCourse("title: 3\nchapters: []\n", { file: "/tmp/c.yml", checkFiles: false });
 * } catch (e) {
 *   if (!(e instanceof CourseError)) throw e;
 *   // c.yml: chapters: expected a list of chapters, found []
 *   // c.yml: title: expected the course's title (text), found 3
 *   if (e.lines.length !== 2) throw new Error(e.message);
 * }
 * ```
 * @module
 */

import { parseDocument, stringify } from "yaml";
import { ROOT } from "./setup.ts";

/** The course file the build and the tests read unless told otherwise. */
export const COURSE_FILE = `${ROOT}/course.yml`;

/** Theme colours the course file may set, and the stylesheet variable each one sets. */
export const THEME_VARIABLES: Readonly<Record<string, string>> = {
  accent: "--accent",
  link: "--link",
  text: "--text",
  muted: "--muted",
  page: "--page",
  rule: "--rule",
  nav: "--nav-bg",
  code: "--code-bg",
  output: "--out-bg",
};

const IMAGE = /\.(png|svg|jpe?g|gif|webp|ico)$/i;
const KEY = /^[a-z0-9][a-z0-9-]*$/;
const COLOUR = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/]+\)|[a-z]+)$/i;

/** One chapter of the course, in reading order. */
export interface Chapter {
  /** The stable name code and tests use (`matrix-form`). */
  key: string;
  /** The notebook's file name (`04_matrix_form.ipynb`). */
  file: string;
  /** The file name without `.ipynb`: the page is `<name>.html`. */
  name: string;
  /** The notebook's absolute path. */
  path: string;
  /** Its number by position among the numbered chapters (1, 2, …), or null. */
  number: number | null;
  /** The caption of the part it is in, or null. */
  part: string | null;
}

/** The course as the build uses it: one variant (or the whole course), checked. */
export interface Course {
  /** The course file's absolute path. */
  file: string;
  /** The variant built, or null for the whole course. */
  variant: string | null;
  title: string;
  subtitle: string;
  /** Markdown. */
  intro: string;
  author: string;
  institution: string;
  /** Markdown, at the foot of every page. */
  footer: string;
  /** Markdown, the licence line at the foot of every page. */
  license: string;
  /** Stylesheet variable → colour. */
  theme: Record<string, string>;
  /** Absolute paths, or null. */
  logo: string | null;
  favicon: string | null;
  /** The notebooks' folder (absolute). */
  notebooks: string;
  /** The site's folder (absolute). */
  out: string;
  /** The chapters of this course (or variant), in reading order. */
  chapters: Chapter[];
  /** Every chapter the course file lists (a variant's chapters are some of them). */
  all: Chapter[];
  /** The variants' names. */
  variants: string[];
}

/** A course file that cannot be used; `lines` says why, one mistake per line. */
export class CourseError extends Error {
  override name = "CourseError";
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

/** Options of {@link loadCourse} and {@link parseCourse}. */
export interface CourseOptions {
  /** Build this named selection of the course file's `variants`. */
  variant?: string;
  /** Check that notebooks, images and folders exist (default true). */
  checkFiles?: boolean;
}

const TEXT_FIELDS = [
  "title",
  "subtitle",
  "intro",
  "author",
  "institution",
  "footer",
  "license",
] as const;
const PATH_FIELDS = ["logo", "favicon", "notebooks", "out"] as const;
const FIELDS = [...TEXT_FIELDS, ...PATH_FIELDS, "theme", "chapters", "variants"];
const VARIANT_FIELDS = [...TEXT_FIELDS, ...PATH_FIELDS, "theme", "chapters"];

type Raw = Record<string, unknown>;

const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const shown = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v) ?? String(v));

/** Reads and checks a course file; throws {@link CourseError} with every mistake in it. */
export function loadCourse(file: string = COURSE_FILE, options: CourseOptions = {}): Course {
  let text: string;
  try {
    text = Deno.readTextFileSync(file);
  } catch (e) {
    throw new CourseError([
      `${file}: cannot read the course file (${e instanceof Error ? e.message : e})`,
    ]);
  }
  return parseCourse(text, { ...options, file });
}

/** Checks a course file's text; `file` (absolute) is where relative paths start from. */
export function parseCourse(
  text: string,
  options: CourseOptions & { file: string },
): Course {
  const file = options.file;
  const label = file.slice(file.lastIndexOf("/") + 1);
  const dir = file.slice(0, file.lastIndexOf("/")) || "/";
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new CourseError(
      doc.errors.map((e) => `${label}: not valid YAML: ${e.message.split("\n")[0]}`),
    );
  }
  const raw = doc.toJS();
  if (!isMap(raw)) {
    throw new CourseError([`${label}: expected a mapping of fields (title, chapters, …)`]);
  }
  const errors: string[] = [];
  const err = (field: string, expected: string, came: unknown) =>
    errors.push(`${label}: ${field}: expected ${expected}, found ${shown(came)}`);
  const checkFiles = options.checkFiles ?? true;
  const resolve = (p: string) => (p.startsWith("/") ? p : `${dir}/${p}`).replace(/\/$/, "");

  for (const k of Object.keys(raw)) {
    if (!FIELDS.includes(k)) err(k, `one of the fields ${FIELDS.join(", ")}`, k);
  }

  // The chapters of the whole course.
  const all: (Omit<Chapter, "number" | "path"> & { numbered: boolean })[] = [];
  const readChapter = (entry: unknown, where: string, part: string | null) => {
    if (typeof entry === "string") entry = { file: entry };
    if (!isMap(entry)) {
      return err(where, "a chapter { key, file } or a part { part, chapters }", entry);
    }
    if ("part" in entry) {
      if (part !== null) return err(where, "a chapter (parts do not nest)", entry);
      if (typeof entry.part !== "string" || entry.part.trim() === "") {
        return err(`${where}.part`, "a caption (text)", entry.part);
      }
      for (const k of Object.keys(entry)) {
        if (k !== "part" && k !== "chapters") err(`${where}.${k}`, "part or chapters", k);
      }
      if (!Array.isArray(entry.chapters) || entry.chapters.length === 0) {
        return err(`${where}.chapters`, "a list of chapters", entry.chapters);
      }
      entry.chapters.forEach((c, i) =>
        readChapter(c, `${where}.chapters[${i}]`, entry.part as string)
      );
      return;
    }
    for (const k of Object.keys(entry)) {
      if (!["key", "file", "numbered"].includes(k)) {
        err(`${where}.${k}`, "key, file or numbered", k);
      }
    }
    const f = entry.file;
    if (typeof f !== "string" || !/^[^/\\]+\.ipynb$/.test(f)) {
      return err(`${where}.file`, "a notebook's file name (name.ipynb, no folder)", f);
    }
    const name = f.replace(/\.ipynb$/, "");
    const key = entry.key ?? defaultKey(name);
    if (typeof key !== "string" || !KEY.test(key)) {
      return err(`${where}.key`, "lower-case letters, digits and dashes (matrix-form)", key);
    }
    const numbered = entry.numbered ?? true;
    if (typeof numbered !== "boolean") err(`${where}.numbered`, "true or false", numbered);
    if (all.some((c) => c.key === key)) err(`${where}.key`, "a key no other chapter has", key);
    if (all.some((c) => c.file === f)) err(`${where}.file`, "a file no other chapter has", f);
    all.push({ key, file: f, name, part, numbered: numbered === true });
  };
  if (!Array.isArray(raw.chapters) || raw.chapters.length === 0) {
    err("chapters", "a list of chapters", raw.chapters);
  } else raw.chapters.forEach((c, i) => readChapter(c, `chapters[${i}]`, null));

  // The variant: its own fields over the course's, and a selection of the chapters by key.
  const variants = isMap(raw.variants) ? raw.variants : {};
  if (raw.variants !== undefined && !isMap(raw.variants)) {
    err("variants", "a mapping of names to variants", raw.variants);
  }
  let fields: Raw = raw;
  let selection: { key: string; part: string | null }[] = all.map((c) => ({
    key: c.key,
    part: c.part,
  }));
  const variant = options.variant ?? null;
  if (variant !== null) {
    const v = variants[variant];
    if (!isMap(v)) {
      throw new CourseError([
        `${label}: variants.${variant}: no such variant (the file has ${
          Object.keys(variants).join(", ") || "none"
        })`,
      ]);
    }
    for (const k of Object.keys(v)) {
      if (!VARIANT_FIELDS.includes(k)) {
        err(`variants.${variant}.${k}`, `one of ${VARIANT_FIELDS.join(", ")}`, k);
      }
    }
    fields = { ...raw, ...v, out: v.out ?? `${raw.out ?? "site"}-${variant}` };
    selection = [];
    const pick = (k: unknown, where: string, part: string | null) => {
      if (isMap(k) && "part" in k) {
        if (part !== null || typeof k.part !== "string" || !Array.isArray(k.chapters)) {
          return err(where, "a part { part: caption, chapters: [keys] }", k);
        }
        k.chapters.forEach((c, i) => pick(c, `${where}.chapters[${i}]`, k.part as string));
        return;
      }
      const c = all.find((c) => c.key === k);
      if (!c) return err(where, `the key of a chapter (${all.map((c) => c.key).join(", ")})`, k);
      if (selection.some((s) => s.key === c.key)) return err(where, "a chapter listed once", k);
      selection.push({ key: c.key, part });
    };
    if (!Array.isArray(v.chapters) || v.chapters.length === 0) {
      err(`variants.${variant}.chapters`, "a list of chapter keys", v.chapters);
    } else v.chapters.forEach((k, i) => pick(k, `variants.${variant}.chapters[${i}]`, null));
  }
  const at = (
    k: string,
  ) => (variant !== null && k in (variants[variant] as Raw) ? `variants.${variant}.${k}` : k);

  const texts = {} as Record<(typeof TEXT_FIELDS)[number], string>;
  for (const k of TEXT_FIELDS) {
    const v = fields[k] ?? (k === "title" ? undefined : "");
    if (typeof v !== "string" || (k === "title" && v.trim() === "")) {
      err(at(k), k === "title" ? "the course's title (text)" : "text (or nothing)", v);
      texts[k] = "";
    } else texts[k] = v.trim();
  }

  const theme: Record<string, string> = {};
  if (fields.theme !== undefined && fields.theme !== null) {
    if (!isMap(fields.theme)) {
      err(at("theme"), 'a mapping of colours (accent: "#2f6fbd")', fields.theme);
    } else {
      for (const [k, v] of Object.entries(fields.theme)) {
        if (!(k in THEME_VARIABLES)) {
          err(`${at("theme")}.${k}`, `one of ${Object.keys(THEME_VARIABLES).join(", ")}`, k);
        } else if (typeof v !== "string" || !COLOUR.test(v.trim())) {
          err(`${at("theme")}.${k}`, "a CSS colour (#2f6fbd, rgb(…), a name)", v);
        } else theme[THEME_VARIABLES[k]] = v.trim();
      }
    }
  }

  const paths = {} as Record<(typeof PATH_FIELDS)[number], string | null>;
  for (const k of PATH_FIELDS) {
    const v = fields[k] ?? (k === "notebooks" ? "notebooks" : k === "out" ? "site" : "");
    if (typeof v !== "string") {
      err(at(k), "a path relative to the course file", v);
      paths[k] = null;
      continue;
    }
    if (v.trim() === "") {
      paths[k] = null;
      continue;
    }
    const p = resolve(v.trim());
    paths[k] = p;
    if ((k === "logo" || k === "favicon") && !IMAGE.test(p)) {
      err(at(k), "an image (png, svg, jpg, gif, webp or ico)", v);
    } else if (checkFiles && k !== "out" && !isThere(p, k === "notebooks" ? "dir" : "file")) {
      err(at(k), k === "notebooks" ? "a folder" : "an image file", `${v} (not there)`);
    }
  }
  if (paths.notebooks === null) paths.notebooks = resolve("notebooks");
  if (paths.out === null) paths.out = resolve("site");
  if (paths.out === dir || paths.out === paths.notebooks || ROOT.startsWith(`${paths.out}/`)) {
    err(at("out"), "a folder of its own for the site", fields.out);
  }

  const notebooks = paths.notebooks;
  if (checkFiles && isThere(notebooks, "dir")) {
    all.forEach((c) => {
      if (!isThere(`${notebooks}/${c.file}`, "file")) {
        err(
          `chapter ${c.key}: file`,
          `a notebook in ${relativeTo(notebooks)}/`,
          `${c.file} (no such file)`,
        );
      }
    });
  }
  if (errors.length > 0) throw new CourseError(errors);

  const full = (c: (typeof all)[number], part: string | null, number: number | null): Chapter => ({
    key: c.key,
    file: c.file,
    name: c.name,
    path: `${notebooks}/${c.file}`,
    number,
    part,
  });
  let n = 0;
  const allChapters = all.map((c) => full(c, c.part, c.numbered ? ++n : null));
  n = 0;
  const chapters = selection.map((s) => {
    const c = all.find((c) => c.key === s.key)!;
    return full(c, s.part, c.numbered ? ++n : null);
  });
  return {
    file,
    variant,
    ...texts,
    theme,
    logo: paths.logo,
    favicon: paths.favicon,
    notebooks,
    out: paths.out,
    chapters,
    all: variant === null ? chapters : allChapters,
    variants: Object.keys(variants),
  };
}

/** The course's texts: title, subtitle, intro, author, institution, footer and license. */
export function courseTexts(course: Course): Record<(typeof TEXT_FIELDS)[number], string> {
  return Object.fromEntries(TEXT_FIELDS.map((k) => [k, course[k]])) as Record<
    (typeof TEXT_FIELDS)[number],
    string
  >;
}

/**
 * A course file for `course` alone: its fields and its chapters (a variant's, numbered and
 * grouped as built), no variants, no images, notebooks in `notebooks/`. course.zip ships it, so
 * that the download opens at the course's first chapter and keeps its reading order.
 */
export function standaloneCourseText(course: Course): string {
  const names = Object.fromEntries(Object.entries(THEME_VARIABLES).map(([k, v]) => [v, k]));
  type Entry = { key: string; file: string; numbered?: false };
  type Part = { part: string; chapters: Entry[] };
  const chapters: (Entry | Part)[] = [];
  for (const c of course.chapters) {
    const entry: Entry = {
      key: c.key,
      file: c.file,
      ...(c.number === null ? { numbered: false as const } : {}),
    };
    const last = chapters.at(-1);
    if (c.part === null) chapters.push(entry);
    else if (last && "part" in last && last.part === c.part) last.chapters.push(entry);
    else chapters.push({ part: c.part, chapters: [entry] });
  }
  const fields = {
    ...courseTexts(course),
    theme: Object.fromEntries(Object.entries(course.theme).map(([v, c]) => [names[v], c])),
    notebooks: "notebooks",
    out: "site",
    chapters,
  };
  return "# The course's chapters in reading order (see the README of the project it came from).\n" +
    stringify(fields, { lineWidth: 100 });
}

/** The key of a chapter the course file lists by file only: its name in lower case, with dashes. */
export function defaultKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** The chapter with this key; throws naming the keys there are. */
export function chapterByKey(course: Course, key: string): Chapter {
  const c = course.all.find((c) => c.key === key);
  if (!c) {
    throw new Error(
      `chapterByKey: no chapter "${key}" in ${course.file} (keys: ${
        course.all.map((c) => c.key).join(", ")
      })`,
    );
  }
  return c;
}

/** The whole course as course.yml describes it (the registry code and tests use). */
export function theCourse(): Course {
  return loadCourse(COURSE_FILE);
}

function isThere(path: string, kind: "file" | "dir"): boolean {
  try {
    const info = Deno.statSync(path);
    return kind === "dir" ? info.isDirectory : info.isFile;
  } catch {
    return false;
  }
}

function relativeTo(path: string): string {
  return path.startsWith(`${ROOT}/`) ? path.slice(ROOT.length + 1) : path;
}

/**
 * Where each exercise sits: the chapter whose (unfolded) code cell calls `checkExercise("id", …)`.
 * The exercise catalogue (lib/exercises) says what an exercise asks; the notebooks say where.
 */
export function exerciseLocations(course: Course): Map<string, Chapter> {
  const where = new Map<string, Chapter>();
  for (const chapter of course.chapters) {
    const nb = JSON.parse(Deno.readTextFileSync(chapter.path)) as {
      cells: { cell_type: string; source: string | string[]; metadata?: Record<string, unknown> }[];
    };
    for (const cell of nb.cells) {
      if (cell.cell_type !== "code") continue;
      const tags = (cell.metadata?.tags ?? []) as string[];
      const hidden = (cell.metadata?.jupyter as { source_hidden?: boolean } | undefined)
        ?.source_hidden;
      if (tags.includes("hide-input") || hidden === true) continue;
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      for (const m of source.matchAll(/checkExercise\(\s*["']([a-z0-9-]+)["']/g)) {
        where.set(m[1], chapter);
      }
    }
  }
  return where;
}
