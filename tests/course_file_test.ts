/**
 * The course file (course.yml, tools/course.ts): every mistake named with the field, what was
 * expected and what came; chapters numbered by position, parts, variants; and the built site
 * following it. A reordered, rebranded course (a copy of course.yml with two chapters swapped and
 * every identity field set) renumbers every page, every previous/next link and every link
 * between chapters, and puts the brand on every page; a variant (the workshop) builds only its
 * chapters, with its own title, and its links to chapters it leaves out are plain text with a
 * note, never broken. The builds export the executed notebooks of the test run's site
 * (`--executed`), so they take seconds.
 */

import {
  chapterByKey,
  COURSE_FILE,
  CourseError,
  exerciseLocations,
  loadCourse,
  parseCourse,
  theCourse,
} from "../tools/course.ts";
import { build } from "../tools/build.ts";
import { ROOT } from "../tools/setup.ts";
import { builtSite } from "./site/harness.ts";
import { deepEqual, equal, ok, throws } from "./assert.ts";

const FILE = "/tmp/course-test.yml";

function mistakes(text: string, variant?: string): string[] {
  try {
    parseCourse(text, { file: FILE, checkFiles: false, variant });
  } catch (e) {
    if (e instanceof CourseError) return e.lines;
    throw e;
  }
  return [];
}

Deno.test("the course file: each mistake is one line naming the field, what was expected and what came", () => {
  deepEqual(mistakes("title: T\nchapters: [a.ipynb]\n"), []);
  deepEqual(mistakes("titel: T\ntitle: T\nchapters: [a.ipynb]\n"), [
    'course-test.yml: titel: expected one of the fields title, subtitle, intro, author, institution, footer, license, logo, favicon, notebooks, out, theme, chapters, variants, found "titel"',
  ]);
  deepEqual(mistakes("chapters: [a.ipynb]\n"), [
    "course-test.yml: title: expected the course's title (text), found nothing",
  ]);
  deepEqual(mistakes("title: T\nchapters:\n  - { key: A, file: a.ipynb }\n"), [
    'course-test.yml: chapters[0].key: expected lower-case letters, digits and dashes (matrix-form), found "A"',
  ]);
  deepEqual(mistakes("title: T\nchapters:\n  - { key: a, file: sub/a.ipynb }\n"), [
    'course-test.yml: chapters[0].file: expected a notebook\'s file name (name.ipynb, no folder), found "sub/a.ipynb"',
  ]);
  deepEqual(
    mistakes("title: T\nchapters:\n  - { key: a, file: a.ipynb }\n  - { key: a, file: b.ipynb }\n"),
    ['course-test.yml: chapters[1].key: expected a key no other chapter has, found "a"'],
  );
  deepEqual(mistakes("title: T\ntheme: { accent: 12 }\nchapters: [a.ipynb]\n"), [
    "course-test.yml: theme.accent: expected a CSS colour (#2f6fbd, rgb(…), a name), found 12",
  ]);
  deepEqual(mistakes("title: T\ntheme: { acent: red }\nchapters: [a.ipynb]\n"), [
    'course-test.yml: theme.acent: expected one of accent, link, text, muted, page, rule, nav, code, output, found "acent"',
  ]);
  deepEqual(mistakes("title: T\nlogo: logo.pdf\nchapters: [a.ipynb]\n"), [
    'course-test.yml: logo: expected an image (png, svg, jpg, gif, webp or ico), found "logo.pdf"',
  ]);
  deepEqual(
    mistakes(
      "title: T\nchapters:\n  - part: P\n    chapters:\n      - part: Q\n        chapters: [a.ipynb]\n",
    ),
    ['course-test.yml: chapters[0].chapters[0]: expected a chapter (parts do not nest), found {"part":"Q","chapters":["a.ipynb"]}'],
  );
  deepEqual(mistakes("title: T\nchapters: [a.ipynb]\nvariants: { w: { chapters: [b] } }\n", "w"), [
    'course-test.yml: variants.w.chapters[0]: expected the key of a chapter (a), found "b"',
  ]);
  deepEqual(mistakes("title: T\nchapters: [a.ipynb]\n", "w"), [
    "course-test.yml: variants.w: no such variant (the file has none)",
  ]);
  ok(mistakes("title: [\n")[0].startsWith("course-test.yml: not valid YAML:"), "YAML errors");
  // Files are checked where they should be: a chapter whose notebook is not there.
  const lines = (() => {
    try {
      parseCourse("title: T\nnotebooks: notebooks\nchapters: [no_such.ipynb]\n", {
        file: `${ROOT}/c.yml`,
      });
      return [];
    } catch (e) {
      return (e as CourseError).lines;
    }
  })();
  deepEqual(lines, [
    'c.yml: chapter no-such: file: expected a notebook in notebooks/, found "no_such.ipynb (no such file)"',
  ]);
});

const SAMPLE = [
  "title: T",
  "out: out",
  "chapters:",
  "  - { key: intro, file: z_intro.ipynb, numbered: false }",
  "  - part: First",
  "    chapters: [{ key: b, file: 09_b.ipynb }, { key: a, file: 01_a.ipynb }]",
  "  - { key: c, file: c.ipynb }",
  "variants:",
  "  short: { title: S, chapters: [intro, c, { part: Only, chapters: [a] }] }",
].join("\n");

Deno.test("the course file: numbers by position, parts, variants, and the registry of keys", () => {
  const c = parseCourse(SAMPLE, { file: FILE, checkFiles: false });
  deepEqual(c.chapters.map((x) => [x.key, x.number, x.part]), [
    ["intro", null, null],
    ["b", 1, "First"],
    ["a", 2, "First"],
    ["c", 3, null],
  ]);
  equal(c.out, "/tmp/out");
  equal(chapterByKey(c, "a").path, "/tmp/notebooks/01_a.ipynb");
  throws(() => chapterByKey(c, "nope"), /no chapter "nope" .* \(keys: intro, b, a, c\)/);
  const v = parseCourse(SAMPLE, { file: FILE, checkFiles: false, variant: "short" });
  equal(v.title, "S");
  equal(v.out, "/tmp/out-short", "a variant builds into out-NAME unless it says");
  deepEqual(v.chapters.map((x) => [x.key, x.number, x.part]), [
    ["intro", null, null],
    ["c", 1, null],
    ["a", 2, "Only"],
  ]);
  equal(v.all.length, 4, "the registry still knows every chapter");
});

Deno.test("course.yml: valid, every notebook in notebooks/ is in it, each exercise in one of its chapters", async () => {
  const course = loadCourse(COURSE_FILE);
  for (const variant of course.variants) loadCourse(COURSE_FILE, { variant });
  const files = [];
  for await (const e of Deno.readDir(course.notebooks)) {
    if (e.isFile && e.name.endsWith(".ipynb")) files.push(e.name);
  }
  deepEqual(files.sort(), course.all.map((c) => c.file).sort(), "notebooks/ and course.yml");
  const where = exerciseLocations(course);
  ok(where.size >= 16, `${where.size} exercises found in the chapters`);
});

/** The site's pages as text, by file name. */
async function pages(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".html")) {
      out.set(e.name, await Deno.readTextFile(`${dir}/${e.name}`));
    }
  }
  return out;
}

/** Every relative href of the pages that names no file of the site. */
function brokenLinks(dir: string, site: Map<string, string>): string[] {
  const broken: string[] = [];
  for (const [name, html] of site) {
    for (const m of html.matchAll(/href="([^"#:]+)(#[^"]*)?"/g)) {
      try {
        Deno.statSync(`${dir}/${m[1]}`);
      } catch {
        broken.push(`${name} → ${m[1]}`);
      }
    }
  }
  return broken;
}

const label = (html: string) => html.match(/<span class="course-chapter">([^<]*)<\/span>/)?.[1];

Deno.test({
  name:
    "a reordered, rebranded course: numbers, previous/next and links between chapters follow the course file; the brand is on every page",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const site = await builtSite();
    const dir = await Deno.makeTempDir({ prefix: "course-reorder-" });
    try {
      // Swap two chapters and set every identity field; nothing else changes.
      let yml = await Deno.readTextFile(COURSE_FILE);
      const softmax = "      - { key: softmax, file: 07_softmax.ipynb }\n";
      const sigma = "      - { key: sigma-prime, file: 06_sigma_prime.ipynb }\n";
      ok(yml.includes(sigma + softmax), "course.yml lists sigma-prime, then softmax");
      yml = yml.replace(sigma + softmax, softmax + sigma)
        .replace(/^title: .*$/m, "title: Backprop for Biologists")
        .replace(/^subtitle: .*$/m, "subtitle: A term's course")
        .replace(/^author: .*$/m, "author: Ada Teacher")
        .replace(/^institution: .*$/m, "institution: Example University")
        .replace(/^footer: .*$/m, 'footer: "Questions? Ask in **the forum**."')
        .replace(/^license: .*$/m, 'license: "Text: CC BY 4.0"')
        .replace(/^ {2}accent: .*$/m, '  accent: "#aa3300"')
        .replace(/^logo: .*$/m, "logo: logo.svg")
        .replace(/^favicon: .*$/m, "favicon: logo.svg")
        .replace(/^notebooks: .*$/m, `notebooks: ${ROOT}/notebooks`)
        .replace(/^out: .*$/m, "out: site");
      await Deno.writeTextFile(`${dir}/course.yml`, yml);
      await Deno.writeTextFile(
        `${dir}/logo.svg`,
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
      );
      const course = loadCourse(`${dir}/course.yml`);
      equal(chapterByKey(course, "softmax").number, 6);
      equal(chapterByKey(course, "sigma-prime").number, 7);

      const result = await build({ course, executed: `${site}/notebooks` });
      equal(result.site, `${dir}/site`, "the course file's out, relative to it");
      const html = await pages(`${dir}/site`);
      deepEqual(brokenLinks(`${dir}/site`, html), []);

      equal(label(html.get("07_softmax.html")!), "Chapter 6");
      equal(label(html.get("06_sigma_prime.html")!), "Chapter 7");
      const softmaxPage = html.get("07_softmax.html")!;
      ok(softmaxPage.includes('rel="prev" href="05_from_scratch.html"'), "softmax after 5");
      ok(softmaxPage.includes('rel="next" href="06_sigma_prime.html"'), "then Σ′");
      ok(
        html.get("06_sigma_prime.html")!.includes('rel="next" href="08_gradient_checking.html"'),
        "Σ′ before gradient checking",
      );
      // A link to the softmax chapter from another chapter shows its new number.
      const marks = [...html.get("04_matrix_form.html")!.matchAll(
        /<a href="(0[67]_[a-z_]+)\.html[^"]*" title="Chapter (\d+): [^"]*">[\s\S]*?<span class="course-xref-n">ch.&nbsp;(\d+)<\/span><\/a>/g,
      )].map((m) => [m[1], m[2], m[3]]);
      ok(marks.length > 0, "the matrix form links the softmax or Σ′ chapter");
      for (const [name, tip, mark] of marks) {
        const want = name === "07_softmax" ? "6" : "7";
        deepEqual([name, tip, mark], [name, want, want], `a link to ${name}`);
      }
      const index = html.get("index.html")!;
      const order = [...index.matchAll(/class="course-toc-title" href="([^"]+)\.html"/g)].map(
        (m) => m[1],
      );
      deepEqual(order, course.chapters.map((c) => c.name), "the index in the new order");

      // The brand, on every page.
      ok(index.includes("<h1") && index.includes("Backprop for Biologists"), "the title");
      ok(index.includes('<p class="course-subtitle">A term&#x27;s course</p>'), "the subtitle");
      ok(index.includes("Ada Teacher · Example University"), "author and institution");
      for (const [name, page] of html) {
        ok(page.includes("Backprop for Biologists</a>"), `${name}: the title in the navigation`);
        ok(page.includes("Questions? Ask in <strong>the forum</strong>."), `${name}: the footer`);
        ok(page.includes("Text: CC BY 4.0"), `${name}: the licence line`);
        ok(page.includes("--accent: #aa3300;"), `${name}: the accent colour`);
        ok(page.includes('<img class="course-logo" src="assets/logo.svg"'), `${name}: the logo`);
        ok(page.includes('<link rel="icon" href="assets/favicon.svg">'), `${name}: the favicon`);
        ok(!page.includes("Backpropagation, checked"), `${name}: nothing of the old title`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "a variant (deno task build --variant workshop): only its chapters, its title, and links to the others as plain text with a note",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const site = await builtSite();
    const out = await Deno.makeTempDir({ prefix: "course-workshop-" });
    try {
      const cli = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "tools/build.ts",
          "--variant",
          "workshop",
          "--executed",
          `${site}/notebooks`,
          "--out",
          out,
        ],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const said = new TextDecoder().decode(cli.stdout) + new TextDecoder().decode(cli.stderr);
      ok(cli.success, said);
      const workshop = loadCourse(COURSE_FILE, { variant: "workshop" });
      const html = await pages(out);
      deepEqual(
        [...html.keys()].sort(),
        ["index.html", ...workshop.chapters.map((c) => `${c.name}.html`)].sort(),
      );
      deepEqual(brokenLinks(out, html), []);
      const left = theCourse().all.filter((c) => !workshop.chapters.some((w) => w.key === c.key));
      let notes = 0;
      for (const [name, page] of html) {
        ok(page.includes(`${workshop.title}</a>`), `${name}: the variant's title`);
        for (const c of left) {
          ok(
            !page.includes(`href="${c.name}.html`),
            `${name} links ${c.name}, not in the workshop`,
          );
        }
        notes += page.split('class="course-xref-out"> (not in this course)').length - 1;
      }
      ok(notes > 0, "links to chapters outside the workshop became plain text with a note");
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
