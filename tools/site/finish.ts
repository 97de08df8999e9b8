/**
 * What the build adds to the exported pages before the site is swapped in: the pages' scripts
 * (the in-page runtime: editors, exercises, cells run in a Web Worker), the search index, and
 * the download that runs (course.zip). Each step writes into the staging site only.
 * @module
 */

import { writeRuntime } from "./runtime.ts";
import { writeSearch } from "./search.ts";
import { writeCourseZip } from "./zip.ts";
import type { Course } from "../course.ts";

/** A page the export wrote (tools/export.py's JSON lines). */
export interface ExportedPage {
  page: string;
  title: string;
  summary: string | null;
}

/** Adds the scripts, the search index and course.zip (of `course`) to the staging site `dir`. */
export async function finishSite(
  dir: string,
  pages: ExportedPage[],
  course: Course,
  log: (line: string) => void = () => {},
): Promise<void> {
  log(`bundling the pages' scripts: ${await writeRuntime(dir)}`);
  log(`search: ${await writeSearch(dir, pages)}`);
  log(`download: ${await writeCourseZip(dir, course)}`);
}
