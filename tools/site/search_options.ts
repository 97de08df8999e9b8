/**
 * What the search index (tools/site/search.ts, at build time) and the search box
 * (tools/site/browser/search.ts, in the page) must agree on: MiniSearch's options, which a
 * serialised index does not carry, and the shape of `assets/search-index.js`.
 * @module
 */

import type { AsPlainObject, Options, SearchOptions } from "minisearch";

/** One section of a page: a heading and the text up to the next h1–h3. */
export interface SearchDoc {
  /** Its number in the index. */
  id: number;
  /** Its page's number in {@link SearchData.pages}. */
  page: number;
  /** The heading's id, as nbconvert wrote it ("" for text before the page's first heading). */
  anchor: string;
  /** The heading's text (TeX left as it is). */
  title: string;
  /** The section's prose, whitespace collapsed: indexed, and kept for the results' snippets. */
  text: string;
  /** The code of its cells that are not folded: indexed with a lower weight, not kept. */
  code: string;
}

/** What a search result carries of its section. */
export type StoredDoc = Pick<SearchDoc, "page" | "anchor" | "title" | "text">;

/** The value of `window.COURSE_SEARCH_INDEX`, set by assets/search-index.js. */
export interface SearchData {
  /** The pages, in reading order: file name and what the results call it. */
  pages: { href: string; chapter: string }[];
  /** MiniSearch's index (`toJSON()`), loaded with {@link INDEX_OPTIONS}. */
  index: AsPlainObject;
}

/** The global assets/search-index.js sets (a page opened from file:// cannot fetch JSON). */
export const GLOBAL_NAME = "COURSE_SEARCH_INDEX";

/** Words too common to narrow a search; dropped from the index and from queries alike. */
const STOP_WORDS = new Set(
  ("a an and are as at be by for from has have in is it its of on or that the this to was " +
    "were which with").split(" "),
);

/**
 * A field's words: runs of letters and digits. Everything else separates them, TeX's
 * backslashes, braces, carets and dollars included, so `$\delta^l$` gives "delta" and "l".
 */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}\p{M}]+/u).filter((t) => t.length > 0);
}

/** Lower case; stop words and single ASCII letters or digits (TeX's indices) dropped. */
export function processTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (STOP_WORDS.has(t)) return null;
  if (t.length === 1 && /[a-z0-9]/.test(t)) return null;
  return t;
}

/** How a query matches: every word must occur; the last may be a prefix; long words, fuzzily. */
export const SEARCH_OPTIONS: SearchOptions = {
  combineWith: "AND",
  prefix: (_term, i, terms) => i === terms.length - 1,
  fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
  boost: { title: 3, text: 1, code: 0.4 },
};

/** The options the index is built and loaded with. */
export const INDEX_OPTIONS: Options<SearchDoc> = {
  fields: ["title", "text", "code"],
  storeFields: ["page", "anchor", "title", "text"],
  tokenize,
  processTerm,
  searchOptions: SEARCH_OPTIONS,
};
