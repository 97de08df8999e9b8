/**
 * The search box in every page's top bar (`input.course-search-input`): full-text search over
 * every chapter, offline. The index (assets/search-index.js, built by tools/site/search.ts) is
 * loaded the first time the box gets the focus, by adding a <script> tag: a page opened from
 * file:// may load a script but not fetch a file.
 *
 * Results drop down under the bar: the chapter, the section's heading and a snippet with the
 * words found marked, each a link to `page.html#heading`. Every word typed must occur; the last
 * one may be the start of a word; words of four letters or more match with a typo or two.
 * Keys: ↓ and ↑ move through the results, Enter opens one (the first when none is chosen),
 * Escape closes the list (and a second Escape clears the box); "/" anywhere else on the page
 * puts the cursor in the box.
 *
 * The script also keeps a heading opened by a link (`page.html#heading`) at the top of the
 * window while MathJax and the editors change the page's height above it.
 * @module
 */

/// <reference lib="dom" />

import MiniSearch, { type SearchResult } from "minisearch";
import {
  GLOBAL_NAME,
  INDEX_OPTIONS,
  type SearchData,
  type SearchDoc,
  type StoredDoc,
  tokenize,
} from "../search_options.ts";

/** At most this many results are listed. */
export const MAX_RESULTS = 12;
/** Characters of a section's text shown around the first word found. */
const SNIPPET = 170;

const script = document.currentScript as HTMLScriptElement | null;
const indexUrl = script?.src
  ? script.src.replace(/[^/]*$/, "search-index.js")
  : "assets/search-index.js";

interface Loaded {
  search: MiniSearch<SearchDoc>;
  pages: SearchData["pages"];
}

let loading: Promise<Loaded> | undefined;

/** The index: assets/search-index.js sets `window.COURSE_SEARCH_INDEX` when it runs. */
function loadIndex(): Promise<Loaded> {
  loading ??= new Promise<SearchData>((resolve, reject) => {
    const global = window as unknown as Record<string, SearchData | undefined>;
    if (global[GLOBAL_NAME]) return resolve(global[GLOBAL_NAME]!);
    const tag = document.createElement("script");
    tag.src = indexUrl;
    tag.onload = () => {
      const data = global[GLOBAL_NAME];
      if (data) resolve(data);
      else reject(new Error(`${indexUrl} ran but did not set window.${GLOBAL_NAME}`));
    };
    tag.onerror = () => reject(new Error(`the search index (${indexUrl}) could not be loaded`));
    document.head.append(tag);
  }).then((data) => ({
    search: MiniSearch.loadJS<SearchDoc>(data.index, INDEX_OPTIONS),
    pages: data.pages,
  }));
  return loading;
}

const WORD = "[\\p{L}\\p{N}\\p{M}]";

/** A regular expression for whole words of `terms` (the index's lower-case words). */
function wordsOf(terms: string[]): RegExp | null {
  const unique = [...new Set(terms)].filter((t) => t.length > 0);
  if (unique.length === 0) return null;
  unique.sort((a, b) => b.length - a.length);
  const alternatives = unique.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return new RegExp(`(?<!${WORD})(?:${alternatives})(?!${WORD})`, "giu");
}

/** A piece of a section's text: prose, or TeX with its delimiters. */
interface Piece {
  tex: boolean;
  text: string;
  start: number;
}

const TEX = /\$\$[\s\S]+?\$\$|\\\[[\s\S]+?\\\]|\\\([\s\S]+?\\\)|\$[^$]+\$/g;
/** Longer TeX than this is not shown in a snippet (a display equation): "[…]" stands for it. */
const LONG_TEX = 90;

function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(TEX)) {
    if (m.index! > last) pieces.push({ tex: false, text: text.slice(last, m.index), start: last });
    pieces.push({ tex: true, text: m[0], start: m.index! });
    last = m.index! + m[0].length;
  }
  if (last < text.length) pieces.push({ tex: false, text: text.slice(last), start: last });
  return pieces;
}

/**
 * Appends `text` to `parent`: prose with every match of `words` in a <mark>, TeX in a span that
 * MathJax typesets (whole formulas only: the snippet never cuts one).
 */
function appendText(parent: HTMLElement, text: string, words: RegExp | null): void {
  for (const piece of piecesOf(text)) {
    if (piece.tex) {
      const math = document.createElement("span");
      math.className = "course-search-math tex2jax_process";
      math.textContent = piece.text;
      parent.append(math);
      continue;
    }
    let last = 0;
    for (const m of words === null ? [] : piece.text.matchAll(words)) {
      parent.append(piece.text.slice(last, m.index));
      const mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.append(mark);
      last = m.index! + m[0].length;
    }
    parent.append(piece.text.slice(last));
  }
}

/**
 * About {@link SNIPPET} characters of `text` around the first of `words` found in its prose:
 * cut at spaces, outside formulas, with long formulas left out.
 */
function snippetOf(text: string, words: RegExp | null): string {
  const pieces = piecesOf(text);
  let at = 0;
  for (const piece of words === null ? [] : pieces) {
    if (piece.tex) continue;
    words!.lastIndex = 0;
    const m = words!.exec(piece.text);
    words!.lastIndex = 0;
    if (m) {
      at = piece.start + m.index;
      break;
    }
  }
  let start = Math.max(0, at - Math.floor(SNIPPET / 3));
  let end = Math.min(text.length, start + SNIPPET);
  for (const piece of pieces) {
    const pieceEnd = piece.start + piece.text.length;
    if (piece.tex && piece.start < start && start < pieceEnd) start = piece.start;
    if (piece.tex && piece.start < end && end < pieceEnd) end = pieceEnd;
  }
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (
      space >= 0 && space < at &&
      !pieces.some((p) => p.tex && p.start < space && space < p.start + p.text.length)
    ) {
      start = space + 1;
    }
  }
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (
      space > at && !pieces.some((p) => p.tex && p.start < space && space < p.start + p.text.length)
    ) {
      end = space;
    }
  }
  const shown = piecesOf(text.slice(start, end))
    .map((p) => (p.tex && p.text.length > LONG_TEX ? "[…]" : p.text))
    .join("");
  return `${start > 0 ? "… " : ""}${shown}${end < text.length ? " …" : ""}`;
}

type MathJaxLike = {
  typesetPromise?: (els: Element[]) => Promise<void>;
  typesetClear?: (els: Element[]) => void;
  startup?: { promise?: Promise<void> };
};
let typesetting: Promise<void> = Promise.resolve();

function mathJax(): MathJaxLike | undefined {
  return (window as unknown as { MathJax?: MathJaxLike }).MathJax;
}

/** Typesets the formulas of `element` once MathJax is ready (one typesetting at a time). */
function typeset(element: HTMLElement): void {
  const mj = mathJax();
  if (!mj?.typesetPromise || !element.querySelector(".course-search-math")) return;
  typesetting = typesetting
    .then(() => mj.startup?.promise)
    .then(() => (element.isConnected ? mj.typesetPromise!([element]) : undefined))
    .catch(() => {});
}

/** Sets the search box up in `root` (span.course-search, with its input). */
function attach(root: HTMLElement): void {
  const input = root.querySelector<HTMLInputElement>("input.course-search-input");
  if (!input) return;
  const panel = document.createElement("div");
  panel.className = "course-search-panel tex2jax_ignore";
  panel.hidden = true;
  const list = document.createElement("ul");
  list.className = "course-search-results";
  list.id = "course-search-results";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Search results");
  const status = document.createElement("p");
  status.className = "course-search-status";
  status.setAttribute("aria-live", "polite");
  panel.append(status, list);
  root.append(panel);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  let active = -1;
  let options: HTMLLIElement[] = [];
  let ready: Loaded | null = null;
  let failed: string | null = null;

  const open = (yes: boolean) => {
    panel.hidden = !yes;
    input.setAttribute("aria-expanded", String(yes));
    if (!yes) setActive(-1);
  };
  const setActive = (i: number) => {
    options[active]?.setAttribute("aria-selected", "false");
    options[active]?.classList.remove("course-search-active");
    active = i;
    const option = options[active];
    if (option) {
      option.setAttribute("aria-selected", "true");
      option.classList.add("course-search-active");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const say = (text: string) => {
    status.textContent = text;
    status.hidden = text === "";
  };

  const render = () => {
    const query = input.value.trim();
    mathJax()?.typesetClear?.([list]);
    list.replaceChildren();
    options = [];
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (tokenize(query).length === 0) {
      open(false);
      return;
    }
    open(true);
    if (failed !== null) return say(failed);
    if (ready === null) return say("Loading the index…");
    const results = ready.search.search(query) as (SearchResult & StoredDoc)[];
    if (results.length === 0) return say(`No section matches “${query}”.`);
    const shown = results.slice(0, MAX_RESULTS);
    say(
      results.length > shown.length
        ? `${results.length} sections match; the best ${shown.length}:`
        : results.length === 1
        ? "1 section matches:"
        : `${results.length} sections match:`,
    );
    shown.forEach((r, i) => {
      const page = ready!.pages[r.page];
      const words = wordsOf(r.terms);
      const li = document.createElement("li");
      li.id = `course-search-option-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      const a = document.createElement("a");
      a.href = r.anchor ? `${page.href}#${r.anchor}` : page.href;
      a.tabIndex = -1;
      const chapter = document.createElement("span");
      chapter.className = "course-search-chapter";
      chapter.textContent = page.chapter;
      const title = document.createElement("span");
      title.className = "course-search-title";
      appendText(title, r.title || page.chapter, words);
      const snippet = document.createElement("span");
      snippet.className = "course-search-snippet";
      appendText(snippet, snippetOf(r.text, words), words);
      a.append(chapter, title, snippet);
      li.append(a);
      li.addEventListener("mousemove", () => {
        if (active !== i) setActive(i);
      });
      list.append(li);
      options.push(li);
    });
    typeset(list);
  };

  const start = () => {
    if (ready !== null || failed !== null) return;
    loadIndex().then(
      (loaded) => {
        ready = loaded;
        if (!panel.hidden || input.value.trim() !== "") render();
      },
      (e: Error) => {
        failed = `Search is not available: ${e.message}.`;
        if (!panel.hidden) render();
      },
    );
  };

  input.addEventListener("focus", () => {
    start();
    if (input.value.trim() !== "") render();
  });
  input.addEventListener("input", () => {
    start();
    render();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (panel.hidden) render();
      if (options.length === 0) return;
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive(
        active < 0 && step < 0
          ? options.length - 1
          : (active + step + options.length) % options.length,
      );
    } else if (e.key === "Enter") {
      const option = options[active] ?? options[0];
      const link = option?.querySelector("a");
      if (!link || panel.hidden) return;
      e.preventDefault();
      open(false);
      link.click();
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (!panel.hidden) open(false);
      else input.value = "";
    }
  });
  // A result followed to this very page: the list closes behind it.
  list.addEventListener("click", (e) => {
    if ((e.target as Element).closest("a")) open(false);
  });
  document.addEventListener("pointerdown", (e) => {
    if (!root.contains(e.target as Node)) open(false);
  });
  root.addEventListener("focusout", (e) => {
    const next = e.relatedTarget as Node | null;
    if (next !== null && !root.contains(next)) open(false);
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
  });
}

/** How long after load a page opened at `#heading` keeps that heading at the top. */
const PIN_MS = 10_000;

/**
 * A page opened at `page.html#heading` (a search result, a link from another chapter) shows that
 * heading at the top, but the page changes height above it after the browser has scrolled:
 * MathJax typesets, editors replace the code. Until the reader scrolls, clicks or types (or
 * {@link PIN_MS} have passed), the heading is put back at the top whenever the page resizes.
 * Not when the page is reloaded or revisited: the browser restores where the reader was.
 */
function keepFragmentInView(): void {
  const raw = location.hash.slice(1);
  if (raw === "") return;
  const navigation = performance.getEntriesByType?.("navigation")[0] as
    | PerformanceNavigationTiming
    | undefined;
  if (navigation && navigation.type !== "navigate") return;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch { /* a fragment that is not percent-encoded UTF-8: the raw one only */ }
  const target = document.getElementById(raw) ?? document.getElementById(decoded);
  if (!target || typeof ResizeObserver === "undefined") return;
  const observer = new ResizeObserver(() => {
    if (Math.abs(target.getBoundingClientRect().top) > 1) target.scrollIntoView({ block: "start" });
  });
  const stop = () => {
    observer.disconnect();
    for (const name of ["wheel", "touchstart", "keydown", "mousedown", "hashchange"]) {
      removeEventListener(name, stop, true);
    }
  };
  for (const name of ["wheel", "touchstart", "keydown", "mousedown", "hashchange"]) {
    addEventListener(name, stop, { capture: true, passive: true });
  }
  observer.observe(document.body);
  setTimeout(stop, PIN_MS);
}

document.querySelectorAll<HTMLElement>(".course-search").forEach(attach);
keepFragmentInView();
