/**
 * The four source texts' claims, one file per source, in the order of /work/shared/seeds/.
 * @module
 */

import type { Source } from "../types.ts";
import { BLOG } from "./blog.ts";
import { CALCULUS_NOTES } from "./calculus_notes.ts";
import { NIELSEN } from "./nielsen.ts";
import { SWAPPED_NOTES } from "./swapped_notes.ts";

export { BLOG, CALCULUS_NOTES, NIELSEN, SWAPPED_NOTES };

/**
 * The sources: Nielsen ch. 2 (000), the notes with a and z swapped (001), the blog post (002),
 * and the "Backpropagation Calculus" notes (003).
 *
 * @example
 * ```ts
 * import { SOURCES } from "./mod.ts";
 * const ids = SOURCES.flatMap((s) => s.claims.map((c) => c.id));
 * if (new Set(ids).size !== ids.length) throw new Error("claim ids are unique");
 * ```
 */
export const SOURCES: readonly Source[] = [NIELSEN, SWAPPED_NOTES, BLOG, CALCULUS_NOTES];
