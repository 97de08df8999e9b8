/**
 * The exported course runs its code in the page (tools/site/browser/), offline, in Chromium:
 *
 * - on every page with exercises, `window.course.exercises()` lists exactly the catalogue's
 *   exercises of that chapter; through `window.course.runExercise`, a right answer (a whole
 *   cell, tests/exercises/cells.ts) passes and the page's own starter fails;
 * - an error names the line of the reader's code; Stop ends an endless loop without freezing the
 *   page, and so does the time limit;
 * - an edited code cell runs after the cells above it (it uses a name the chapter's first cell
 *   defines) and its new plot replaces the exported one;
 * - cells that need the kernel say so and offer no Run;
 * - edits and passed exercises survive a reload, and the index shows the progress;
 * - no page error, nothing requested outside file://.
 *
 * The site is built once per test run (tests/site/harness.ts), or COURSE_SITE.
 * @module
 */

/// <reference lib="dom" />

import type { Page } from "playwright-core";
import { EXERCISES } from "../lib/mod.ts";
import { SOLUTION_CELLS } from "./exercises/cells.ts";
import { chapterByKey, exerciseLocations, theCourse } from "../tools/course.ts";
import { equal, match, ok } from "./assert.ts";
import {
  builtSite,
  LAPTOP,
  launchBrowser,
  offlineContext,
  siteNotebooks,
  visit,
} from "./site/harness.ts";

interface Verdict {
  pass: boolean;
  message: string;
}

interface CellInfo {
  index: number;
  source: string;
  exercise: string | null;
  kernelOnly: string | null;
}

// deno-lint-ignore no-explicit-any
type Course = any;

function cellsOf(page: Page): Promise<CellInfo[]> {
  return page.evaluate(() =>
    JSON.parse(document.getElementById("course-cells")?.textContent ?? "[]")
  );
}

function runExercise(page: Page, id: string, code: string): Promise<Verdict> {
  return page.evaluate(([id, code]) => {
    // deno-lint-ignore no-explicit-any
    const course = (window as any).course;
    course.setExerciseCode(id, code);
    return course.runExercise(id);
  }, [id, code] as const);
}

Deno.test({
  name: "the exported course runs exercises and cells in the page (Web Worker), offline",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const site = await builtSite();
    const chapters = await siteNotebooks(site);
    const browser = await launchBrowser();
    const problems: string[] = [];
    try {
      const leaks: string[] = [];
      const context = await offlineContext(browser, LAPTOP, leaks);
      const byChapter = new Map<string, string[]>();
      const where = exerciseLocations(theCourse());
      for (const e of EXERCISES) {
        const chapter = where.get(e.id)?.name ?? "(none)";
        byChapter.set(chapter, [...(byChapter.get(chapter) ?? []), e.id]);
      }
      let checked = 0;

      for (const chapter of chapters) {
        const started = performance.now();
        const want = byChapter.get(chapter) ?? [];
        const { page, errors, offline } = await visit(context, `${site}/${chapter}.html`, leaks);
        const found = [...errors, ...offline.map((u) => `request outside file://: ${u}`)];
        // Nothing scrolls the page by itself while it settles (editors are made on demand).
        await new Promise((r) => setTimeout(r, 1000));
        const scrolled = await page.evaluate(() => scrollY);
        if (scrolled !== 0) found.push(`the page scrolled itself to ${scrolled}px on load`);
        const ids: string[] = await page.evaluate(() => (window as Course).course.exercises());
        if (JSON.stringify([...ids].sort()) !== JSON.stringify([...want].sort())) {
          found.push(
            `exercises() is ${JSON.stringify(ids)}, the catalogue says ${JSON.stringify(want)}`,
          );
        }
        const cells = await cellsOf(page);
        for (const id of ids) {
          const right = await runExercise(page, id, SOLUTION_CELLS[id]);
          if (!right.pass) found.push(`${id}: the right answer fails: ${right.message}`);
          const starter = cells.find((c) => c.exercise === id);
          if (!starter) {
            found.push(`${id}: no starter cell in #course-cells`);
            continue;
          }
          const wrong = await runExercise(page, id, starter.source);
          if (wrong.pass) found.push(`${id}: the untouched starter passes`);
          else if (!/should be|yours is|not yet|TODO/i.test(wrong.message)) {
            found.push(`${id}: the starter's verdict explains nothing: ${wrong.message}`);
          }
          checked++;
        }
        // A Check shows the verdict beside the buttons, and the cell says it passed.
        if (ids.length > 0) {
          const id = ids[0];
          await runExercise(page, id, SOLUTION_CELLS[id]);
          const status = await page.evaluate(
            (id) =>
              document.querySelector(
                `.course-exercise[data-course-cell] .course-run-status`,
              )?.textContent ?? `no status for ${id}`,
            id,
          );
          if (!/Passed/.test(status)) {
            found.push(`${id}: the status after a right answer is ${status}`);
          }
        }
        const kernelOnly = cells.filter((c) => c.kernelOnly);
        for (const c of kernelOnly) {
          const state = await page.evaluate((i) => {
            const root = document.querySelector(`[data-course-cell="${i}"]`);
            return {
              note: root?.querySelector(".course-kernel-note")?.textContent ?? null,
              run: root?.querySelector(".course-run-bar button") != null,
            };
          }, c.index);
          if (!state.note || !/Jupyter only/.test(state.note)) {
            found.push(
              `code cell ${c.index} needs the kernel (${c.kernelOnly}) but does not say so`,
            );
          }
          if (state.run) found.push(`code cell ${c.index} needs the kernel but offers Run`);
        }
        problems.push(...found.map((f) => `${chapter}: ${f}`));
        await page.close();
        console.log(
          `${chapter}: ${ids.length} exercises, ${kernelOnly.length} cells for Jupyter only, ${
            ((performance.now() - started) / 1000).toFixed(1)
          } s`,
        );
      }
      ok(checked >= EXERCISES.length, `${checked} exercises checked in the pages`);

      // The first chapter in detail: errors with lines, Stop, the time limit, an edited plot,
      // reload.
      const one = chapterByKey(theCourse(), "one-neuron").name;
      const { page, errors } = await visit(context, `${site}/${one}.html`, leaks);
      const id = "sigmoid-prime";

      // A click on the code makes it an editor, focused.
      const code0 = page.locator(".course-exercise .jp-InputArea-editor").first();
      await code0.click();
      const editing = await page.evaluate(() => ({
        editor: document.querySelector(".course-exercise .cm-editor") != null,
        focused: document.activeElement?.closest(".cm-editor") != null,
      }));
      ok(editing.editor && editing.focused, `a click on the code: ${JSON.stringify(editing)}`);

      const thrown = await runExercise(
        page,
        id,
        'function sigmoidPrime(z: number): number {\n  const s = 1 / (1 + Math.exp(-z));\n  return s.notThere();\n}\nawait display(await checkExercise("sigmoid-prime", sigmoidPrime));',
      );
      ok(!thrown.pass);
      // The checker catches the answer's exception and names it, with the reader's line; a throw
      // outside the answer names its line first.
      match(thrown.message, /threw TypeError: .*notThere.* \(line 3\)/);
      const outside = await runExercise(page, id, "const a = 1;\nconst b = 2;\nnull!.x;\n");
      match(outside.message, /^Line 3: TypeError/, "an error outside the answer names its line");
      const syntax = await runExercise(page, id, "const a = 1;\nconst = 2;\n");
      match(syntax.message, /^Line 2: .*SyntaxError/, "a syntax error names its line");

      // Stop: an endless loop, the page still answers, the Stop button ends it.
      const t0 = performance.now();
      await page.evaluate((id) => {
        const course = (window as Course).course;
        course.setExerciseCode(id, "while (true) {}\n");
        (window as Course).endless = course.runExercise(id);
      }, id);
      await new Promise((r) => setTimeout(r, 1500));
      const alive = await page.evaluate(() => document.title);
      ok(alive.length > 0, "the page answers while the loop runs");
      await page.locator(`.course-exercise .course-run-bar button:has-text("Stop")`).first()
        .click();
      const stopped: Verdict = await page.evaluate(() => (window as Course).endless);
      ok(!stopped.pass);
      match(stopped.message, /^Stopped/);
      ok(performance.now() - t0 < 15_000, "Stop ended the loop at once");
      // The time limit does the same without a click.
      const timed: Verdict = await page.evaluate((id) => {
        const course = (window as Course).course;
        course.setTimeLimits({ exercise: 2 });
        course.setExerciseCode(id, "for (;;) {}\n");
        return course.runExercise(id);
      }, id);
      match(timed.message, /^Stopped: stopped after 2 s/);
      // After a Stop, the next Check starts a fresh worker and works.
      const again = await runExercise(page, id, SOLUTION_CELLS[id]);
      ok(again.pass, `after Stop: ${again.message}`);

      // An edited cell: runs after the cells above (it uses `neuron` from the first cell) and
      // draws its plot in place of the exported outputs.
      const cells = await cellsOf(page);
      const plotCell = await page.evaluate((indexes) =>
        indexes.find((i) => {
          const root = document.querySelector(`[data-course-cell="${i}"]`);
          return root?.querySelector(".js-plotly-plot") != null &&
            root.querySelector(".course-run-bar") != null;
        }) ?? -1, cells.filter((c) => !c.exercise && !c.kernelOnly).map((c) => c.index));
      ok(plotCell >= 0, "chapter 1 has a runnable cell with a plot");
      const title = "edited: slope of neuron(1, 0) at z = 0";
      const code = `const n = neuron("sigmoid", 1, 0);
const out = forward(n, [0]);
await display(plot({
  data: [{ type: "scatter", x: [0, 1], y: [out.a[1][0], 1] }],
  layout: { title: ${JSON.stringify(title)}, xaxis: { title: "x" }, yaxis: { title: "y" } },
}));`;
      const ran = await page.evaluate(([i, code]) => {
        const course = (window as Course).course;
        course.setCellCode(i, code);
        return course.runCell(i);
      }, [plotCell, code] as const);
      ok(ran.ok, `the edited cell ran: ${JSON.stringify(ran.error)}`);
      const drawn = await page.evaluate((i) => {
        const root = document.querySelector(`[data-course-cell="${i}"]`)!;
        const live = root.querySelector(".course-live-output");
        return {
          title: live?.querySelector(".gtitle")?.textContent ?? null,
          svg: live?.querySelector("svg.main-svg") != null,
          exportedHidden: (root.querySelector(".jp-Cell-outputWrapper") as HTMLElement | null)
            ?.hidden ?? true,
        };
      }, plotCell);
      equal(drawn.title, title, "the new plot's title");
      ok(drawn.svg && drawn.exportedHidden, JSON.stringify(drawn));

      // Reload: the edit and the passes are still there; the index counts them.
      await page.reload({ waitUntil: "load" });
      const kept: string = await page.evaluate(
        (i) => (window as Course).course.cellCode(i),
        plotCell,
      );
      ok(kept.includes("edited: slope"), "the edited cell survives a reload");
      problems.push(...errors.map((e) => `${one}: ${e}`));
      await page.close();

      const index = await visit(context, `${site}/index.html`, leaks);
      const progress = await index.page.evaluate(
        (one) =>
          document.querySelector(`a.course-toc-title[href="${one}.html"] ~ .course-progress`)
            ?.textContent ?? null,
        one,
      );
      equal(progress, "2 of 2 exercises passed", "chapter 1's progress on the index");
      problems.push(...index.errors.map((e) => `index: ${e}`));
      await index.page.close();
      problems.push(...leaks.map((u) => `request outside file://: ${u}`));
      ok(problems.length === 0, `${problems.length} problems:\n${problems.join("\n")}`);
      console.log(
        `${checked} exercises passed and failed in ${chapters.length} pages; Stop, time limit, ` +
          "edited plot and reload checked on chapter 1",
      );
    } finally {
      await browser.close();
    }
  },
});
