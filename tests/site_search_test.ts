/**
 * The course's search box, offline, in Chromium (tools/site/browser/search.ts over
 * assets/search-index.js):
 *
 * - every page has it in its top bar and loads search.js; on a 390 px screen it is set up (a
 *   combobox) and fits;
 * - the index is loaded only when the box first gets the focus;
 * - a word picked at test time from a paragraph in the middle of a chapter, a word no other
 *   page holds (checked on the pages' raw HTML, not through the index), typed on another page,
 *   lists that paragraph's section, with the word marked; so do its first letters and the word
 *   with a typo;
 * - the keyboard works (↓ to the section's result, Enter opens it; Escape closes the list), and
 *   a click on the result opens the chapter with the section's heading at the top of the window;
 * - no page error, nothing requested outside file://.
 *
 * And, without a browser: the index's reader (tools/site/search.ts `readPage`) cuts a page into
 * its h1–h3 sections and keeps prose and unfolded code, not folded code, outputs, navigation,
 * scripts or the ¶ links.
 *
 * The site is built once per test run (tests/site/harness.ts), or COURSE_SITE.
 * @module
 */

/// <reference lib="dom" />

import type { Page } from "playwright-core";
import { deepEqual, equal, ok } from "./assert.ts";
import { readPage } from "../tools/site/search.ts";
import {
  builtSite,
  fileUrl,
  LAPTOP,
  launchBrowser,
  offlineContext,
  PHONE,
  siteNotebooks,
  visit,
} from "./site/harness.ts";

/** A word of a paragraph, and the id of the h1–h3 heading its section starts at. */
interface Candidate {
  word: string;
  anchor: string;
}

/**
 * Words of 9 letters or more from the prose paragraphs in the middle half of the page (not in
 * folded or collapsed parts, not inside formulas), with the heading their section starts at.
 */
function middleWords(page: Page): Promise<Candidate[]> {
  return page.evaluate(() => {
    const paragraphs = [...document.querySelectorAll("main .jp-MarkdownCell p")]
      .filter((p) => !p.closest("details"));
    const middle = paragraphs.slice(
      Math.floor(paragraphs.length / 4),
      Math.ceil((paragraphs.length * 3) / 4),
    );
    const headings = [...document.querySelectorAll("main h1[id], main h2[id], main h3[id]")];
    const out: { word: string; anchor: string }[] = [];
    for (const p of middle) {
      const before = headings.filter((h) =>
        h.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING
      );
      const heading = before[before.length - 1];
      if (!heading) continue;
      const copy = p.cloneNode(true) as HTMLElement;
      copy.querySelectorAll("mjx-container, code, script").forEach((e) => e.remove());
      for (const m of (copy.textContent ?? "").matchAll(/\p{L}{9,}/gu)) {
        out.push({ word: m[0].toLowerCase(), anchor: heading.id });
      }
    }
    return out;
  });
}

/** The hrefs of the listed results. */
function resultLinks(page: Page): Promise<string[]> {
  return page.$$eval(
    ".course-search-results li a",
    (as) => as.map((a) => a.getAttribute("href") ?? ""),
  );
}

/** Types `query` into the search box (cleared first) and waits for the list to answer. */
async function search(page: Page, query: string): Promise<string[]> {
  const input = page.locator("input.course-search-input");
  await input.click();
  await input.fill("");
  await input.pressSequentially(query, { delay: 20 });
  await page.waitForFunction(
    () => {
      const status = document.querySelector(".course-search-status")?.textContent ?? "";
      return status !== "" && !status.startsWith("Loading");
    },
    undefined,
    { timeout: 15_000 },
  );
  return await resultLinks(page);
}

Deno.test({
  name: "the exported course's search finds a section of another chapter, offline",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const site = await builtSite();
    const chapters = await siteNotebooks(site);
    ok(chapters.length >= 3, `at least three chapters, found ${chapters.length}`);
    const pages = ["index", ...chapters].map((c) => `${c}.html`);
    const raw = new Map<string, string>();
    for (const p of pages) raw.set(p, (await Deno.readTextFile(`${site}/${p}`)).toLowerCase());

    const browser = await launchBrowser();
    const problems: string[] = [];
    try {
      const leaks: string[] = [];

      // Every page has the box in its top bar, and loads search.js (read from the files: a page
      // takes seconds to open here, and site_browser_test opens them all).
      for (const p of pages) {
        const html = await Deno.readTextFile(`${site}/${p}`);
        const boxes = html.match(/<input\b[^>]*\bclass="course-search-input"/g) ?? [];
        const topBar = html.match(/<nav class="course-nav course-nav-top"[\s\S]*?<\/nav>/)?.[0];
        if (boxes.length !== 1 || !topBar?.includes('class="course-search-input"')) {
          problems.push(`${p}: ${boxes.length} search boxes, none in the top bar`);
        }
        if (!/<script src="assets\/search\.js" defer><\/script>/.test(html)) {
          problems.push(`${p}: no <script src="assets/search.js" defer>`);
        }
      }

      // In the browser, on a phone: search.js sets the box up; it fits; the index waits.
      const phone = await offlineContext(browser, PHONE, leaks);
      for (const p of [pages[0], pages[pages.length - 1]]) {
        // Up to the deferred scripts only (search.js has run): MathJax's typesetting is
        // another test's, and the three pages visited below wait for it.
        const page = await phone.newPage();
        page.on("pageerror", (e) => problems.push(`${p} (phone): page error: ${e.message}`));
        await page.goto(fileUrl(`${site}/${p}`), { waitUntil: "domcontentloaded" });
        const box = await page.evaluate(() => {
          const inputs = document.querySelectorAll("input.course-search-input");
          const input = inputs[0] as HTMLInputElement | undefined;
          const r = input?.getBoundingClientRect();
          return {
            count: inputs.length,
            inTopBar: !!input?.closest("nav.course-nav-top"),
            role: input?.getAttribute("role") ?? null,
            left: r?.left ?? -1,
            right: r?.right ?? -1,
            width: r?.width ?? 0,
            pageWidth: document.documentElement.scrollWidth,
            indexLoaded: "COURSE_SEARCH_INDEX" in globalThis ||
              !!document.querySelector('script[src$="search-index.js"]'),
          };
        });
        if (box.count !== 1 || !box.inTopBar) {
          problems.push(`${p}: ${box.count} search boxes, in the top bar: ${box.inTopBar}`);
        }
        if (box.role !== "combobox") problems.push(`${p}: search.js did not set the box up`);
        if (box.left < 0 || box.right > PHONE.width || box.width < 80) {
          problems.push(`${p} (phone): the box spans ${box.left}–${box.right} px`);
        }
        if (box.pageWidth > PHONE.width) {
          problems.push(`${p} (phone): the page is ${box.pageWidth} px wide`);
        }
        if (box.indexLoaded) problems.push(`${p}: the index was loaded before the box had focus`);
        await page.close();
      }

      // The word: from the middle of the middle chapter, on no other page.
      const target = chapters[Math.floor(chapters.length / 2)];
      const targetPage = `${target}.html`;
      const laptop = await offlineContext(browser, LAPTOP, leaks);
      const source = await visit(laptop, `${site}/${targetPage}`, leaks);
      const candidates = await middleWords(source.page);
      await source.page.close();
      const elsewhere = (text: string) =>
        pages.some((p) => p !== targetPage && raw.get(p)!.includes(text));
      const pick = candidates.find((c) => !elsewhere(c.word) && !elsewhere(c.word.slice(0, -2)));
      ok(
        pick !== undefined,
        `no word of 9+ letters in the middle of ${targetPage} that no other page has ` +
          `(${candidates.length} candidates)`,
      );
      const want = `${targetPage}#${pick.anchor}`;
      console.log(`search: "${pick.word}" → ${want}`);

      const other = chapters[0] === target ? chapters[1] : chapters[0];
      const { page, errors, offline } = await visit(laptop, `${site}/${other}.html`, leaks);
      ok(
        !(await page.evaluate(() => "COURSE_SEARCH_INDEX" in globalThis)),
        "the index is not loaded before the box has the focus",
      );

      // The word, its first letters, and the word with a typo.
      const typo = pick.word.slice(0, 4) + (pick.word[4] === "x" ? "y" : "x") +
        pick.word.slice(5);
      for (const query of [pick.word, pick.word.slice(0, -2), typo]) {
        const links = await search(page, query);
        if (!links.includes(want)) {
          problems.push(`"${query}" lists ${JSON.stringify(links)}, not ${want}`);
        }
      }
      const links = await search(page, pick.word);
      const marked = await page.$$eval(
        ".course-search-results li",
        (lis, href) =>
          lis.filter((li) => li.querySelector("a")?.getAttribute("href") === href)
            .flatMap((li) => [...li.querySelectorAll("mark")].map((m) => m.textContent ?? "")),
        want,
      );
      if (!marked.some((m) => m.toLowerCase() === pick.word)) {
        problems.push(`the result for ${want} marks ${JSON.stringify(marked)}, not "${pick.word}"`);
      }

      // Keyboard: Escape closes; ↓ to the result and Enter opens it.
      await page.keyboard.press("Escape");
      const closed = await page.evaluate(() =>
        (document.querySelector(".course-search-panel") as HTMLElement | null)?.hidden === true &&
        document.querySelector("input.course-search-input")?.getAttribute("aria-expanded") ===
          "false"
      );
      if (!closed) problems.push("Escape did not close the results");
      await page.keyboard.press("ArrowDown");
      const steps = links.indexOf(want);
      for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowDown");
      const active = await page.evaluate(() => {
        const input = document.querySelector("input.course-search-input");
        const id = input?.getAttribute("aria-activedescendant");
        return id ? document.getElementById(id)?.querySelector("a")?.getAttribute("href") : null;
      });
      if (active !== want) problems.push(`↓ ${steps + 1} times chose ${active}, not ${want}`);
      await Promise.all([
        page.waitForURL((u) => u.pathname.endsWith(targetPage)),
        page.keyboard.press("Enter"),
      ]);
      const url = new URL(page.url());
      if (`${url.pathname.replace(/^.*\//, "")}${url.hash}` !== want) {
        problems.push(`Enter opened ${page.url()}, not ${want}`);
      }

      // A click on the result, from another page, lands on the heading.
      await page.goto(fileUrl(`${site}/${other}.html`), { waitUntil: "load" });
      const again = await search(page, pick.word);
      await Promise.all([
        page.waitForURL((u) => u.pathname.endsWith(targetPage)),
        page.locator(".course-search-results li a").nth(again.indexOf(want)).click(),
      ]);
      await page.evaluate(async () => {
        // deno-lint-ignore no-explicit-any
        await (globalThis as any).MathJax?.startup?.promise;
      });
      await page.waitForTimeout(500);
      const heading = await page.evaluate((id) => {
        const h = document.getElementById(id);
        return h
          ? { top: h.getBoundingClientRect().top, height: innerHeight, text: h.textContent }
          : null;
      }, pick.anchor);
      if (heading === null) problems.push(`${want}: no element with that id`);
      else if (heading.top < -2 || heading.top > heading.height / 3) {
        problems.push(
          `${want}: the heading is at ${heading.top} px of ${heading.height}, not at the top`,
        );
      }

      problems.push(...errors, ...offline.map((u) => `request outside file://: ${u}`));
      problems.push(...leaks.map((u) => `request outside file://: ${u}`));
      await page.close();
    } finally {
      await browser.close();
    }
    ok(problems.length === 0, `search:\n  ${problems.join("\n  ")}`);
  },
});

Deno.test("the search index reads a page's sections: prose and unfolded code, nothing else", () => {
  const html = `<html><head><title>Not this</title><script>var head = "not this";</script></head>
<body><nav class="course-nav course-nav-top"><a href="index.html">Not the nav</a></nav>
<main class="course-page"><p class="course-meta"><span class="course-chapter">Chapter 4</span>
<a class="course-download" href="x.ipynb">Download</a></p>
<nav class="course-page-toc"><a href="#A">Not the page's contents</a></nav>
<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedMarkdown">
<h1 id="Top">The top<a class="anchor-link" href="#Top">&#182;</a></h1><p>Intro &amp; more, $\\delta^l$.</p>
<h2 id="A-%E2%80%94-b">A &#8212; b<a class="anchor-link" href="#A-%E2%80%94-b">&#182;</a></h2>
<p>First<br>line<em>s</em>.</p></div></div>
<div class="jp-Cell jp-CodeCell"><div class="jp-Cell-inputWrapper"><div class="jp-InputArea">
<div class="jp-InputPrompt">In&nbsp;[1]:</div><div class=" highlight hl-typescript"><pre><span class="kd">const</span> <span class="nx">shown</span> = 1;</pre></div>
</div></div><div class="jp-Cell-outputWrapper"><div class="jp-OutputArea"><pre>not an output</pre>
<div class="jp-RenderedMarkdown"><h2 id="Out">Not a heading</h2></div></div></div></div>
<div class="jp-Cell jp-CodeCell"><details class="course-fold"><summary>Show the code</summary>
<div class="highlight"><pre>const folded = 2;</pre></div></details></div>
<div class="jp-Cell jp-MarkdownCell"><h3 id="C">C</h3><p>Last <img src="x.png" alt="">words</p>
<script id="course-cells" type="application/json">{"not": "this"}</script></div>
</main><nav class="course-nav course-nav-bottom">Not the bottom nav</nav></body></html>`;
  const { label, sections } = readPage(html);
  equal(label, "Chapter 4");
  deepEqual(sections, [
    { anchor: "Top", title: "The top", text: "Intro & more, $\\delta^l$.", code: "" },
    { anchor: "A-%E2%80%94-b", title: "A — b", text: "First lines.", code: "const shown = 1;" },
    { anchor: "C", title: "C", text: "Last words", code: "" },
  ]);
});
