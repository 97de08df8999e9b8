/**
 * The exported course in a real browser (Debian's Chromium, driven by npm:playwright-core), with
 * the network cut off: every page opens from file:// with no console or page errors, requests
 * nothing outside file://, has its math typeset by MathJax and its plots drawn by plotly, and
 * every relative link on it resolves to a file of the site (and a #fragment to an element of its
 * page). The index lists every chapter of course.yml in its order, numbered by its place there;
 * a chapter says which it is ("Chapter 4"; nothing for an unnumbered chapter). Folded machinery
 * (code cells tagged hide-input) is closed on load with its "Show the code" line visible and its outputs shown, and a click opens
 * it. Screenshots of the index and of a chapter go to test-output/.
 *
 * Builds the site first (`deno task build`'s code), unless COURSE_SITE names a site already built.
 * Needs -A (it writes site/ and test-output/ and runs Jupyter and Chromium).
 * @module
 */

/// <reference lib="dom" />
// (for the functions page.evaluate runs in the browser)

import type { Page } from "playwright-core";
import { deepEqual, ok } from "./assert.ts";
import { theCourse } from "../tools/course.ts";
import { ROOT } from "../tools/setup.ts";
import {
  builtSite,
  exists,
  LAPTOP,
  launchBrowser,
  offlineContext,
  OUTPUT,
  PHONE,
  siteNotebooks,
  visit,
} from "./site/harness.ts";

/** Text still holding TeX delimiters outside code, and MathJax's own error marks. */
function untypesetMath(page: Page): Promise<{ raw: string[]; merrors: string[]; typeset: number }> {
  return page.evaluate(() => {
    const skip = new Set(["PRE", "CODE", "SCRIPT", "STYLE", "TEXTAREA", "MJX-CONTAINER", "svg"]);
    // Delimiters left over, and TeX commands whose delimiters Markdown ate (`\(` is an escape).
    const tex = /\$\$|\$[^$\n]+\$|\\\(|\\\)|\\\[|\\\]|\\[A-Za-z]{2,}/;
    const raw: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        for (let e = node.parentElement; e; e = e.parentElement) {
          // Code, and the pages' code editors (CodeMirror draws lines as divs).
          if (skip.has(e.tagName) || e.classList.contains("cm-editor")) {
            return NodeFilter.FILTER_REJECT;
          }
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? "";
      if (tex.test(text)) raw.push(text.trim().slice(0, 120));
    }
    const merrors = [...document.querySelectorAll("mjx-merror")].map((e) =>
      (e.getAttribute("data-mjx-error") ?? e.textContent ?? "").slice(0, 120)
    );
    return { raw, merrors, typeset: document.querySelectorAll("mjx-container").length };
  });
}

/** Whether the page's HTML, outside code, scripts and styles, holds TeX for MathJax. */
function hasMath(html: string): boolean {
  const prose = html
    .replace(/<(pre|script|style|code)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<[^>]+>/g, " ");
  return /\$\$[\s\S]+?\$\$|\$[^$\n]+\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]/.test(prose);
}

/** The ids of the plots the page's scripts ask plotly to draw, and the ones drawn. */
function plots(page: Page): Promise<{ id: string; drawn: boolean }[]> {
  return page.evaluate(() => {
    const ids: string[] = [];
    for (const s of document.querySelectorAll("script:not([src])")) {
      const re =
        /Plotly\.(?:newPlot|react)\(\s*(?:document\.getElementById\(\s*)?["'`]([^"'`]+)["'`]/g;
      for (const m of (s.textContent ?? "").matchAll(re)) ids.push(m[1]);
    }
    // lib/display.ts's plot() marks its div; a plot whose script is missing still counts.
    for (const e of document.querySelectorAll(".plotly-figure[id], .js-plotly-plot[id]")) {
      if (!ids.includes(e.id)) ids.push(e.id);
    }
    return ids.map((id) => ({
      id,
      drawn: document.getElementById(id)?.querySelector("svg.main-svg") != null,
    }));
  });
}

/** The ids of the elements of an HTML file (attribute values unescaped), read once. */
const pageIds = new Map<string, Promise<Set<string>>>();
function idsOf(file: string): Promise<Set<string>> {
  if (!pageIds.has(file)) {
    pageIds.set(
      file,
      Deno.readTextFile(file).then((html) =>
        new Set(
          [...html.matchAll(/\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) =>
            (m[1] ?? m[2]).replace(/&quot;/g, '"').replace(/&#0*39;/g, "'")
              .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
          ),
        )
      ),
    );
  }
  return pageIds.get(file)!;
}

/**
 * Every relative href on the page, resolved to a path; fragments must name an element (on this
 * page, asked of the browser; on another page of the site, read from its HTML).
 */
async function checkLinks(page: Page, path: string, problems: string[]): Promise<number> {
  const links = await page.evaluate(() =>
    [...document.querySelectorAll("a[href]")].map((a) => ({
      href: a.getAttribute("href")!,
      url: (a as HTMLAnchorElement).href,
    }))
  );
  let checked = 0;
  for (const { href, url } of links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) continue; // not relative
    const target = new URL(url);
    const file = decodeURIComponent(target.pathname);
    const there = await exists(file);
    if (!there) problems.push(`link ${JSON.stringify(href)}: no file ${file}`);
    if (target.hash) {
      // As browsers do: the fragment as written first (nbconvert percent-encodes the ids of
      // non-ASCII headings), then decoded.
      const raw = target.hash.slice(1);
      const candidates = [raw, decodeURIComponent(raw)];
      if (file === path) {
        const found = await page.evaluate(
          (ids) => ids.some((id) => document.getElementById(id) != null),
          candidates,
        );
        if (!found) problems.push(`link ${JSON.stringify(href)} names no element on the page`);
      } else if (there && file.endsWith(".html")) {
        const ids = await idsOf(file);
        if (!candidates.some((id) => ids.has(id))) {
          problems.push(`link ${JSON.stringify(href)} names no element of ${target.pathname}`);
        }
      }
    }
    checked++;
  }
  return checked;
}

/** What a page's chapter label should say: its number in course.yml, as tools/export.py shows it. */
function chapterLabel(name: string): string | null {
  const n = theCourse().chapters.find((c) => c.name === name)?.number ?? null;
  return n === null ? null : `Chapter ${n}`;
}

/**
 * Folded machinery: every <details class="course-fold"> is closed on load, says "Show the code"
 * on a visible line, hides its code and leaves its cell's outputs visible; a click on the first
 * one opens it and shows its code. Returns the number of folds.
 */
async function checkFolds(page: Page, problems: string[]): Promise<number> {
  const folds = await page.$$eval("details.course-fold", (ds) =>
    ds.map((d) => {
      const output = d.parentElement?.querySelector(":scope > .jp-Cell-outputWrapper");
      return {
        open: (d as HTMLDetailsElement).open,
        summary: d.querySelector(":scope > summary")?.textContent?.trim() ?? null,
        outputHidden: output != null && !output.checkVisibility(),
      };
    }));
  if (folds.length === 0) return 0;
  const count = (f: (x: typeof folds[number]) => boolean) => folds.filter(f).length;
  const of = `of ${folds.length} folds`;
  if (count((f) => f.open)) problems.push(`${count((f) => f.open)} ${of} open on load`);
  const worded = count((f) => f.summary !== "Show the code");
  if (worded) problems.push(`${worded} ${of} do not say "Show the code"`);
  const hidden = count((f) => f.outputHidden);
  if (hidden) problems.push(`${hidden} ${of} hide their cell's outputs`);

  const first = page.locator("details.course-fold").first();
  const summary = first.locator(":scope > summary");
  const code = first.locator(".jp-InputArea-editor");
  if (!(await summary.isVisible())) problems.push("the first fold's summary is not visible");
  if (await code.isVisible()) problems.push("the first fold's code is visible before a click");
  await summary.click();
  if (!(await first.evaluate((d) => (d as HTMLDetailsElement).open))) {
    problems.push("a click on the fold's summary does not open it");
  }
  if (!(await code.isVisible())) problems.push("the first fold's code is hidden after a click");
  return folds.length;
}

Deno.test({
  name: "the exported course works offline in Chromium: math, plots, links, table of contents",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const site = await builtSite();
    if (!Deno.env.get("COURSE_SITE")) {
      // The course file's chapters, in its order.
      const sources = theCourse().chapters.map((c) => c.file);
      deepEqual(await siteNotebooks(site).then((n) => n.map((x) => `${x}.ipynb`)), sources);
    }
    const chapters = await siteNotebooks(site);
    ok(chapters.length > 0, `${site}/notebooks holds no notebooks`);
    const pages = [`${site}/index.html`, ...chapters.map((c) => `${site}/${c}.html`)];
    for (const p of pages) ok(await exists(p), `missing page ${p}`);

    await Deno.mkdir(OUTPUT, { recursive: true });
    const browser = await launchBrowser();
    try {
      const leaks: string[] = [];
      const problems: string[] = [];
      const laptop = await offlineContext(browser, LAPTOP, leaks);
      const phone = await offlineContext(browser, PHONE, leaks);
      let screenshotChapter: string | undefined;
      let mostPlots = -1;
      let foldedPages = 0;

      for (const [i, path] of pages.entries()) {
        const name = path.slice(site.length + 1);
        const found: string[] = [];
        const { page, errors, offline } = await visit(laptop, path, leaks);
        found.push(...errors, ...offline.map((url) => `request outside file://: ${url}`));

        const math = await untypesetMath(page);
        found.push(...math.raw.map((t) => `TeX left untypeset: ${JSON.stringify(t)}`));
        found.push(...math.merrors.map((t) => `MathJax error: ${t}`));
        if (hasMath(await Deno.readTextFile(path)) && math.typeset === 0) {
          found.push("has math but no mjx-container");
        }

        const drawn = await plots(page);
        for (const p of drawn) if (!p.drawn) found.push(`plot #${p.id} has no svg.main-svg`);
        // plot()'s inline copy of plotly.js is the notebooks'; the site loads assets/plotly.min.js.
        const download = i === 0 ? "" : `${site}/notebooks/${chapters[i - 1]}.ipynb`;
        for (const file of [path, download].filter(Boolean)) {
          if ((await Deno.readTextFile(file)).includes("data-course-plotly-loader")) {
            found.push(`${file.slice(site.length + 1)} carries plot()'s inline plotly.js`);
          }
        }

        if ((await checkLinks(page, path, found)) === 0) found.push("no relative links");

        // The navigation bar, top and bottom: home, and previous/next in reading order.
        const nav = await page.evaluate(() =>
          [...document.querySelectorAll("nav.course-nav")].map((n) => ({
            home: n.querySelector("a.course-home")?.getAttribute("href") ?? null,
            prev: n.querySelector("a.course-prev")?.getAttribute("href") ?? null,
            next: n.querySelector("a.course-next")?.getAttribute("href") ?? null,
          }))
        );
        const index = i === 0;
        const chapter = i - 1;
        const expected = {
          home: "index.html",
          prev: index || chapter === 0 ? null : `${chapters[chapter - 1]}.html`,
          next: index
            ? `${chapters[0]}.html`
            : chapter + 1 < chapters.length
            ? `${chapters[chapter + 1]}.html`
            : null,
        };
        const json = JSON.stringify;
        if (json(nav) !== json([expected, expected])) {
          found.push(`navigation bars ${json(nav)}, expected top and bottom ${json(expected)}`);
        }

        if (index) {
          const toc = await page.$$eval("ol.course-toc > li", (lis) =>
            lis.map((li) => {
              const a = li.querySelector("a.course-toc-title");
              return {
                href: a?.getAttribute("href") ?? null,
                title: a?.textContent?.trim(),
                number: li.querySelector(".course-toc-number")?.textContent?.trim() ?? null,
              };
            }));
          const want = chapters.map((c) => `${c}.html`);
          const got = toc.map((t) => t.href);
          if (json(got) !== json(want)) found.push(`contents ${json(got)}, expected ${json(want)}`);
          for (const t of toc) if (!t.title) found.push(`contents: ${t.href} has no title`);
          // Numbered by their place in course.yml; the welcome page (numbered: false) is not.
          const numbers = toc.map((t) => t.number);
          const wantNumbers = chapters.map((c) => {
            const n = theCourse().chapters.find((ch) => ch.name === c)?.number ?? null;
            return n === null ? null : String(n);
          });
          if (json(numbers) !== json(wantNumbers)) {
            found.push(`contents numbered ${json(numbers)}, expected ${json(wantNumbers)}`);
          }
          await page.screenshot({ path: `${OUTPUT}/index.png`, fullPage: true });
        } else {
          const download = await page.$$eval(
            "a.course-download",
            (as) => as.map((a) => a.getAttribute("href")),
          );
          if (json(download) !== json([`notebooks/${chapters[chapter]}.ipynb`])) {
            found.push(`download links ${json(download)}`);
          }
          const label = await page.$$eval(
            ".course-meta .course-chapter",
            (ss) => ss.map((s) => s.textContent?.trim()),
          );
          const wantLabel = chapterLabel(chapters[chapter]);
          if (json(label) !== json(wantLabel === null ? [] : [wantLabel])) {
            found.push(`chapter label ${json(label)}, expected ${json(wantLabel)}`);
          }
          if ((await checkFolds(page, found)) > 0) foldedPages++;
          if (drawn.length > mostPlots) {
            mostPlots = drawn.length;
            screenshotChapter = path;
          }
        }
        await page.close();

        // On a phone nothing may widen the page: wide code, tables, equations and plots scroll
        // inside the column.
        const small = await visit(phone, path, leaks);
        found.push(...small.errors.map((e) => `(phone) ${e}`));
        found.push(...small.offline.map((url) => `(phone) request outside file://: ${url}`));
        const overflow = await small.page.evaluate(() =>
          document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        if (overflow > 1) found.push(`(phone) the page is ${overflow}px wider than the screen`);
        await small.page.close();
        problems.push(...found.map((f) => `${name}: ${f}`));
      }

      const shots = { chapter: screenshotChapter!, "chapter-phone": screenshotChapter! };
      for (const [shot, path] of Object.entries(shots)) {
        const { page } = await visit(shot.endsWith("phone") ? phone : laptop, path, leaks);
        await page.screenshot({ path: `${OUTPUT}/${shot}.png`, fullPage: true });
        await page.close();
      }
      problems.push(...leaks.map((url) => `request outside file://: ${url}`));
      // The course folds its machinery (cells tagged hide-input), so some page must have folds.
      if (foldedPages === 0) problems.push("no page has folded code (<details class=course-fold>)");
      ok(problems.length === 0, `${problems.length} problems:\n${problems.join("\n")}`);
      console.log(
        `${pages.length} pages (${foldedPages} with folded code) checked in Chromium ${browser.version()}; screenshots in ${
          OUTPUT.slice(ROOT.length + 1)
        }/ (index.png, chapter.png, chapter-phone.png of ${
          screenshotChapter!.slice(site.length + 1)
        })`,
      );
    } finally {
      await browser.close();
    }
  },
});
