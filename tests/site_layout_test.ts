/**
 * The exported course's layout in a real browser (tests/site/harness.ts): every chapter page has
 * its own table of contents (nav.course-page-toc) whose links name elements of the page and cover
 * every h2, open beside the text at laptop width and folded at the top on a phone; at laptop width
 * (1280 px) no display equation is wider than its column; on a phone (390 px) the page is no wider
 * than the screen and every plot fits it, with its titles whole and its legend under the plot; the
 * index lists each chapter's objectives, as the notebook states them.
 *
 * Builds the site first (`deno task build`'s code), unless COURSE_SITE names a site already built.
 * Needs -A (it runs Jupyter and Chromium).
 * @module
 */

/// <reference lib="dom" />
// (for the functions page.evaluate runs in the browser)

import type { Page } from "playwright-core";
import { ok } from "./assert.ts";
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

/** How many objectives a notebook lists after "By the end of this chapter you will" (0: none). */
export function objectivesCount(
  notebook: { cells: { cell_type: string; source: string | string[] }[] },
): number {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") continue;
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const lead = /By the end of this chapter you will|What you will learn/i.exec(source);
    if (!lead) continue;
    let items = 0;
    for (const line of source.slice(lead.index).split("\n").slice(1)) {
      if (/^ {0,3}[-*+][ \t]+\S/.test(line)) items++;
      else if (line.trim() === "" && items === 0) continue; // the blank line after the lead
      else if (line.trim() === "" || !/^[ \t]/.test(line) || items === 0) break; // the list ended
    }
    if (items > 0) return items;
  }
  return 0;
}

/** The page's contents: whether it exists, links naming no element, h2 headings not linked. */
function pageToc(page: Page) {
  return page.evaluate(() => {
    const nav = document.querySelector("nav.course-page-toc");
    if (!nav) return null;
    // As browsers do: the fragment as written (nbconvert percent-encodes non-ASCII ids), then decoded.
    const named = (href: string) => {
      if (!href.startsWith("#")) return null;
      const raw = href.slice(1);
      let decoded = raw;
      try {
        decoded = decodeURIComponent(raw);
      } catch { /* not percent-encoded */ }
      return document.getElementById(raw) ?? document.getElementById(decoded);
    };
    const hrefs = [...nav.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")!);
    const linked = new Set<Element>(hrefs.map(named).filter((e) => e != null));
    return {
      links: hrefs.length,
      broken: hrefs.filter((h) => named(h) == null),
      unlinked: [...document.querySelectorAll("main h2")].filter((h) => !linked.has(h))
        .map((h) => h.id || (h.textContent ?? "").trim().slice(0, 60)),
      label: nav.getAttribute("aria-label"),
    };
  });
}

/** Display equations wider than their column (every <details> of the text opened first). */
function wideEquations(page: Page) {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll(".course-text details, main details")) {
      if (!d.closest("nav")) (d as HTMLDetailsElement).open = true;
    }
    // deno-lint-ignore no-explicit-any
    const items = (globalThis as any).MathJax?.startup?.document?.math ?? [];
    const tex = new Map<Element, string>();
    for (const item of items) if (item.typesetRoot) tex.set(item.typesetRoot, item.math);
    const wide: { width: number; room: number; tex: string }[] = [];
    let count = 0;
    for (const el of document.querySelectorAll("mjx-container[display='true']")) {
      const e = el as HTMLElement;
      if (e.getClientRects().length === 0) continue; // not displayed
      count++;
      const column =
        (e.closest(".course-text") ?? e.closest("main") ?? document.body) as HTMLElement;
      const box = e.getBoundingClientRect();
      const col = column.getBoundingClientRect();
      const style = getComputedStyle(column);
      const right = col.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
      // wider than its own box (it scrolls, or is cut), or a box reaching past the column
      if (e.scrollWidth > e.clientWidth + 1 || box.right > right + 1) {
        wide.push({
          width: e.scrollWidth,
          room: Math.round(Math.min(e.clientWidth, right - box.left)),
          tex: (tex.get(e) ?? e.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 70),
        });
      }
    }
    return { count, wide };
  });
}

/** Waits until the page's plots stop changing size (the phone layout relayouts them). */
async function settledPlots(page: Page): Promise<void> {
  let last = "";
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(150);
    const now = await page.evaluate(() =>
      [...document.querySelectorAll(".js-plotly-plot svg.main-svg")].map((s) => {
        const r = s.getBoundingClientRect();
        return `${Math.round(r.width)}x${Math.round(r.height)}`;
      }).join(",")
    );
    if (now === last && i >= 3) return;
    last = now;
  }
}

/** What is wrong with each plot on a narrow screen: cut titles, a legend on the plot, no room. */
function plotProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    const inside = (r: DOMRect, o: DOMRect) =>
      r.left >= o.left - 1 && r.right <= o.right + 1 && r.top >= o.top - 1 &&
      r.bottom <= o.bottom + 1;
    const meets = (a: DOMRect, b: DOMRect) =>
      a.width > 0 && b.width > 0 && a.left < b.right - 1 && b.left < a.right - 1 &&
      a.top < b.bottom - 1 && b.top < a.bottom - 1;
    document.querySelectorAll(".js-plotly-plot").forEach((el, k) => {
      const svg = el.querySelector("svg.main-svg");
      const name = `plot ${k + 1} (${
        (el.querySelector(".gtitle")?.textContent ?? el.id).slice(0, 40)
      })`;
      if (!svg) return problems.push(`${name}: not drawn`);
      const box = svg.getBoundingClientRect();
      if (box.left < -1 || box.right > width + 1) {
        problems.push(`${name}: ${Math.round(box.width)} px wide at x=${Math.round(box.left)}`);
      }
      const texts = [...el.querySelectorAll(".infolayer text")].filter((t) =>
        /(^|\s)(gtitle|[xy]\d*title)(\s|$)/.test(t.getAttribute("class") ?? "")
      );
      for (const t of texts) {
        const r = t.getBoundingClientRect();
        if (r.width > 0 && !inside(r, box)) {
          problems.push(`${name}: ${t.getAttribute("class")} "${t.textContent}" is cut`);
        }
      }
      const areas = [...el.querySelectorAll(".nsewdrag")].map((d) => d.getBoundingClientRect());
      if (areas.length > 0) {
        const used = Math.max(...areas.map((a) => a.right)) - Math.min(...areas.map((a) => a.left));
        if (used < 0.5 * box.width) {
          problems.push(
            `${name}: its plot area is ${Math.round(used)} of ${Math.round(box.width)} px wide`,
          );
        }
      }
      const legend = el.querySelector(".legend");
      if (legend) {
        const r = legend.getBoundingClientRect();
        if (!inside(r, box)) problems.push(`${name}: the legend is cut`);
        const below = [
          ...areas,
          ...texts.filter((t) => /(^|\s)x\d*title/.test(t.getAttribute("class") ?? ""))
            .map((t) => t.getBoundingClientRect()),
          ...[...el.querySelectorAll(".xaxislayer-above text")].map((t) =>
            t.getBoundingClientRect()
          ),
        ];
        if (below.some((b) => meets(r, b))) {
          problems.push(`${name}: the legend covers the plot or its x axis`);
        }
      }
    });
    return problems;
  });
}

Deno.test({
  name: "the exported course's layout: page contents, no clipped equations or plots, objectives",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const site = await builtSite();
    const chapters = await siteNotebooks(site);
    ok(chapters.length > 0, `${site}/notebooks holds no notebooks`);
    for (const c of chapters) ok(await exists(`${site}/${c}.html`), `missing page ${c}.html`);
    await Deno.mkdir(OUTPUT, { recursive: true });

    const browser = await launchBrowser();
    const problems: string[] = [];
    const measured: string[] = [];
    try {
      const leaks: string[] = [];
      const laptop = await offlineContext(browser, LAPTOP, leaks);
      const phone = await offlineContext(browser, PHONE, leaks);

      for (const chapter of chapters) {
        const path = `${site}/${chapter}.html`;
        const found: string[] = [];

        // At laptop width: the contents beside the text, open, staying in view as the page
        // scrolls and marking the section being read.
        const { page, errors } = await visit(laptop, path, leaks);
        found.push(...errors);
        const toc = await pageToc(page);
        if (toc === null) found.push("no nav.course-page-toc");
        else {
          if (toc.label !== "On this page") found.push(`contents labelled ${toc.label}`);
          if (toc.links === 0) found.push("the contents hold no links");
          for (const h of toc.broken) found.push(`contents: link ${h} names no element`);
          for (const h of toc.unlinked) found.push(`contents: no link to the h2 "${h}"`);
          const placed = await page.evaluate(() => {
            const nav = document.querySelector("nav.course-page-toc")!;
            const text = document.querySelector(".course-text")?.getBoundingClientRect();
            const links = [...nav.querySelectorAll("a[href]")];
            const middle = links[Math.floor(links.length / 2)];
            const target = document.getElementById(middle.getAttribute("href")!.slice(1));
            return {
              open: (nav.querySelector("details") as HTMLDetailsElement | null)?.open ?? false,
              beside: text != null && nav.getBoundingClientRect().left >= text.right,
              target: target ? middle.getAttribute("href")! : null,
            };
          });
          if (!placed.open) found.push("(laptop) the contents are folded");
          if (!placed.beside) found.push("(laptop) the contents are not beside the text");
          if (placed.target !== null) {
            const spy = await page.evaluate(async (href) => {
              document.getElementById(href.slice(1))!.scrollIntoView({ block: "start" });
              await new Promise((r) => setTimeout(r, 300));
              const nav = document.querySelector("nav.course-page-toc")!;
              const r = nav.getBoundingClientRect();
              const marked = [...nav.querySelectorAll("a[aria-current]")];
              const links = [...nav.querySelectorAll("a[href]")];
              const at = (a: Element) => links.indexOf(a);
              const chosen = links.find((a) => a.getAttribute("href") === href)!;
              const current = marked[0];
              const top = current
                ? document.getElementById(current.getAttribute("href")!.slice(1))!
                  .getBoundingClientRect().top
                : NaN;
              return {
                inView: r.top >= -1 && r.top < innerHeight && r.bottom > 0,
                marked: marked.length,
                right: current != null && at(current) >= at(chosen) && top <= innerHeight / 4 + 1,
                current: current?.getAttribute("href") ?? null,
              };
            }, placed.target);
            if (!spy.inView) found.push("(laptop) the contents scroll away with the page");
            if (spy.marked !== 1 || !spy.right) {
              found.push(
                `(laptop) at ${placed.target}, ${spy.marked} links marked current (${spy.current})`,
              );
            }
          }
        }
        const eq = await wideEquations(page);
        measured.push(`${chapter}: ${eq.wide.length} of ${eq.count} display equations too wide`);
        if (eq.wide.length > 0) {
          found.push(
            `(laptop) ${eq.wide.length} display equations wider than the column: ` +
              eq.wide.slice(0, 4).map((w) => `${w.width}>${w.room} px "${w.tex}"`).join("; "),
          );
        }
        if (chapter === chapters[Math.min(6, chapters.length - 1)]) {
          await page.evaluate(() => scrollTo(0, 0));
          await page.screenshot({ path: `${OUTPUT}/layout-chapter-laptop.png` });
        }
        await page.close();

        // On a phone: the contents folded at the top, the page no wider than the screen, plots
        // fitting it whole.
        const small = await visit(phone, path, leaks);
        found.push(...small.errors.map((e) => `(phone) ${e}`));
        const top = await small.page.evaluate(() => {
          const nav = document.querySelector("nav.course-page-toc");
          const h1 = document.querySelector("main h1");
          return {
            folded: !(nav?.querySelector("details") as HTMLDetailsElement | null)?.open,
            above: nav != null && h1 != null &&
              nav.getBoundingClientRect().bottom <= h1.getBoundingClientRect().top,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          };
        });
        if (toc !== null && !top.folded) found.push("(phone) the contents are open on load");
        if (toc !== null && !top.above) found.push("(phone) the contents are not above the title");
        if (top.overflow > 1) {
          found.push(`(phone) the page is ${top.overflow} px wider than the screen`);
        }
        await settledPlots(small.page);
        found.push(...(await plotProblems(small.page)).map((p) => `(phone) ${p}`));
        if (chapter === chapters[Math.min(2, chapters.length - 1)]) {
          const plot = small.page.locator(".js-plotly-plot").last();
          if (await plot.count()) {
            await plot.scrollIntoViewIfNeeded();
            await small.page.screenshot({ path: `${OUTPUT}/layout-plot-phone.png` });
          }
        }
        await small.page.close();
        problems.push(...found.map((f) => `${chapter}.html: ${f}`));
      }

      // The index: each chapter's objectives, as many as its notebook lists, shown on a click.
      const { page, errors } = await visit(laptop, `${site}/index.html`, leaks);
      problems.push(...errors.map((e) => `index.html: ${e}`));
      const entries = await page.$$eval("ol.course-toc > li", (lis) =>
        lis.map((li) => ({
          href: li.querySelector("a.course-toc-title")?.getAttribute("href") ?? null,
          objectives: li.querySelectorAll("details.course-toc-objectives li").length,
        })));
      let withObjectives = 0;
      for (const chapter of chapters) {
        const notebook = JSON.parse(await Deno.readTextFile(`${site}/notebooks/${chapter}.ipynb`));
        const want = objectivesCount(notebook);
        const entry = entries.find((e) => e.href === `${chapter}.html`);
        if (!entry) problems.push(`index.html: no entry for ${chapter}.html`);
        else if (entry.objectives !== want) {
          problems.push(
            `index.html: ${chapter} shows ${entry.objectives} objectives, its notebook lists ${want}`,
          );
        }
        if (want > 0) withObjectives++;
      }
      const goals = page.locator("details.course-toc-objectives").first();
      if (withObjectives > 0 && (await goals.count()) > 0) {
        await goals.locator(":scope > summary").click();
        if (!(await goals.locator("li").first().isVisible())) {
          problems.push("index.html: a click on the objectives' summary does not show them");
        }
      }
      await page.close();
      problems.push(...leaks.map((url) => `request outside file://: ${url}`));
    } finally {
      await browser.close();
    }
    console.log(measured.join("\n"));
    ok(problems.length === 0, `${problems.length} layout problems:\n  ${problems.join("\n  ")}`);
  },
});
