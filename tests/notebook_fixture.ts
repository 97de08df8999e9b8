/**
 * A small notebook on the project's kernel, as text, for the build's tests: a title cell (with a
 * paragraph under it), optional Markdown cells, then one code cell per source (with metadata when
 * given), ids `title`, `text-N`, `code-N`, no outputs.
 * @module
 */

import { KERNEL_NAME } from "../tools/setup.ts";

/** A code cell: its source, and optionally its metadata. */
export type Code = string | { source: string; metadata: Record<string, unknown> };

/** The notebook's JSON text. */
export function testNotebook(
  title: string,
  sources: Code[],
  { text = "A test chapter.", markdown = [] }: { text?: string; markdown?: string[] } = {},
): string {
  const cells = [
    { id: "title", cell_type: "markdown", metadata: {}, source: `# ${title}\n\n${text}` },
    ...markdown.map((source, i) => ({
      id: `text-${i + 1}`,
      cell_type: "markdown",
      metadata: {},
      source,
    })),
    ...sources.map((code, i) => ({
      id: `code-${i + 1}`,
      cell_type: "code",
      metadata: typeof code === "string" ? {} : code.metadata,
      source: typeof code === "string" ? code : code.source,
      outputs: [],
      execution_count: null,
    })),
  ];
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: KERNEL_NAME, display_name: "Deno", language: "typescript" } },
    cells,
  });
}
