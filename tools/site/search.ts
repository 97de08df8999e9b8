/**
 * The search index of the course: one document per section of every chapter (an h1, h2 or h3
 * heading and what follows it up to the next one), built with MiniSearch from the exported pages
 * and written as a classic script, `assets/search-index.js`, which sets
 * `window.COURSE_SEARCH_INDEX` (a page opened from file:// may load a script but not fetch JSON).
 * The search box (tools/site/browser/search.ts, bundled into `assets/search.js`) loads it the
 * first time it gets the focus.
 *
 * A section holds its prose (Markdown cells, TeX as text) and, with a lower weight, the code of
 * its cells that are not folded. Folded code (`details.course-fold`), outputs, navigation and
 * scripts are left out. The pages are nbconvert's well-formed output, read with a small tag
 * scanner that keeps a stack of open elements.
 * @module
 */

import MiniSearch from "minisearch";
import { ROOT } from "../setup.ts";
import { bundleScript } from "./bundle.ts";
import type { ExportedPage } from "./finish.ts";
import { GLOBAL_NAME, INDEX_OPTIONS, type SearchData, type SearchDoc } from "./search_options.ts";

/** A section as read from a page, before it is numbered. */
export interface Section {
  anchor: string;
  title: string;
  text: string;
  code: string;
}

/** What {@link readPage} finds on a page. */
export interface PageText {
  /** What the page's meta line calls it ("Chapter 4", "Welcome"), or null. */
  label: string | null;
  sections: Section[];
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  rarr: "→",
  larr: "←",
  times: "×",
  para: "¶",
  middot: "·",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

/** Decodes HTML character references (numeric ones, and the named ones nbconvert writes). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, ref) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X"
        ? parseInt(ref.slice(2), 16)
        : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

/** Elements without an end tag. */
const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);

/** Elements whose tags separate words (the others, like span, a or code, sit inside a word). */
const BLOCK = new Set([
  "address",
  "blockquote",
  "br",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "li",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);

// A comment; a raw-text element whole (script, style, textarea: their text is not markup);
// a start or end tag with its attributes; a run of text; a stray "<".
const TOKEN =
  /<!--[\s\S]*?-->|<(script|style|textarea|title)\b[^>]*>[\s\S]*?<\/\1\s*>|<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>|[^<]+|</g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTRIBUTE)) {
    out.set(m[1].toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ""));
  }
  return out;
}

/** What an open element makes of the text inside it. */
type Role = "skip" | "code" | "heading" | "main" | "plain";

function roleOf(name: string, attrs: Map<string, string>): Role {
  const classes = new Set((attrs.get("class") ?? "").split(/\s+/));
  if (name === "main" && classes.has("course-page")) return "main";
  if (
    name === "nav" || name === "button" || name === "svg" || name === "noscript" ||
    name === "template" || (name === "details" && classes.has("course-fold")) ||
    classes.has("jp-Cell-outputWrapper") || classes.has("jp-OutputArea") ||
    classes.has("jp-InputPrompt") || classes.has("anchor-link") || classes.has("course-meta") ||
    attrs.has("hidden") || attrs.get("aria-hidden") === "true"
  ) {
    return "skip";
  }
  if (/^h[1-3]$/.test(name)) return "heading";
  if (classes.has("highlight") || name === "pre") return "code";
  return "plain";
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

const CHAPTER_LABEL = /<span class="course-chapter"[^>]*>([^<]*)<\/span>/;

/**
 * Reads an exported page: its chapter label (span.course-chapter) and its sections. Text outside
 * `<main class="course-page">` (the navigation bars, the head) is not the page's.
 */
export function readPage(html: string): PageText {
  const sections: Section[] = [];
  let current: { anchor: string; title: string; text: string[]; code: string[] } | null = null;
  let heading: { anchor: string; parts: string[] } | null = null;
  const stack: Role[] = [];
  const names: string[] = [];
  // how many open elements of each role enclose the text
  const depth: Record<Role, number> = { skip: 0, code: 0, heading: 0, main: 0, plain: 0 };

  const flush = () => {
    if (current === null) return;
    const text = squash(current.text.join(""));
    const code = squash(current.code.join(""));
    if (current.title || text || code) {
      sections.push({ anchor: current.anchor, title: current.title, text, code });
    }
  };
  const emit = (s: string) => {
    if (depth.main === 0 || depth.skip > 0) return;
    if (heading !== null) heading.parts.push(s);
    else {
      current ??= { anchor: "", title: "", text: [], code: [] };
      (depth.code > 0 ? current.code : current.text).push(s);
    }
  };
  const close = () => {
    names.pop();
    const role = stack.pop()!;
    depth[role]--;
    if (role === "heading" && depth.heading === 0 && heading !== null) {
      flush();
      current = {
        anchor: heading.anchor,
        title: squash(heading.parts.join("")),
        text: [],
        code: [],
      };
      heading = null;
    }
  };

  for (const m of html.matchAll(TOKEN)) {
    const [whole, raw, slash, rawName, attrText, selfClosing] = m;
    if (raw !== undefined || whole.startsWith("<!--")) continue;
    if (rawName === undefined) {
      emit(decodeEntities(whole));
      continue;
    }
    const name = rawName.toLowerCase();
    if (BLOCK.has(name)) emit(" ");
    if (slash) {
      // close up to the matching element, tolerating an unclosed one inside it
      const at = names.lastIndexOf(name);
      if (at >= 0) { while (names.length > at) close(); }
      continue;
    }
    if (VOID.has(name) || selfClosing) continue;
    const attrs = attributes(attrText ?? "");
    const role = roleOf(name, attrs);
    names.push(name);
    stack.push(role);
    depth[role]++;
    if (role === "heading" && depth.heading === 1 && depth.main > 0 && depth.skip === 0) {
      heading = { anchor: attrs.get("id") ?? "", parts: [] };
    }
  }
  while (names.length > 0) close();
  flush();
  const label = html.match(CHAPTER_LABEL)?.[1];
  return { label: label ? squash(decodeEntities(label)) : null, sections };
}

/** The search documents of the course's pages, and the pages' table, in reading order. */
export async function collectSections(
  dir: string,
  pages: ExportedPage[],
): Promise<{ docs: SearchDoc[]; pages: SearchData["pages"] }> {
  const docs: SearchDoc[] = [];
  const table: SearchData["pages"] = [];
  for (const p of pages) {
    if (p.page === "index.html") continue; // the table of contents repeats the chapters' words
    const { label, sections } = readPage(await Deno.readTextFile(`${dir}/${p.page}`));
    const page = table.length;
    table.push({ href: p.page, chapter: label ? `${label} · ${p.title}` : p.title });
    for (const s of sections) docs.push({ id: docs.length, page, ...s });
  }
  return { docs, pages: table };
}

const kB = (bytes: number) => `${Math.round(bytes / 1024)} kB`;

/**
 * Writes `assets/search-index.js` (the index) and `assets/search.js` (the search box's script)
 * into the site `dir`, from the exported `pages`; returns a line for the build log.
 */
export async function writeSearch(dir: string, pages: ExportedPage[]): Promise<string> {
  if (!Array.isArray(pages)) {
    throw new TypeError(
      `writeSearch: pages must be an array of exported pages, got ${typeof pages}`,
    );
  }
  const { docs, pages: table } = await collectSections(dir, pages);
  if (docs.length === 0) {
    throw new Error(`writeSearch: no sections found in the ${pages.length} pages of ${dir}`);
  }
  const search = new MiniSearch<SearchDoc>(INDEX_OPTIONS);
  search.addAll(docs);
  const data: SearchData = { pages: table, index: search.toJSON() };
  await Deno.mkdir(`${dir}/assets`, { recursive: true });
  const indexJs = `window.${GLOBAL_NAME} = ${JSON.stringify(data)};\n`;
  await Deno.writeTextFile(`${dir}/assets/search-index.js`, indexJs);
  const bundle = await bundleScript(
    `${ROOT}/tools/site/browser/search.ts`,
    `${dir}/assets/search.js`,
  );
  const indexBytes = new TextEncoder().encode(indexJs).length;
  return `${docs.length} sections of ${table.length} pages, assets/search-index.js ${
    kB(indexBytes)
  }, assets/search.js ${kB(bundle)}`;
}
