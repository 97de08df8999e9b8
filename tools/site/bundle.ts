/**
 * Bundles a TypeScript entry point for the course's pages with `deno bundle --platform browser`
 * into one classic script (format iife, minified): pages opened from file:// may load classic
 * scripts but not modules, and nothing on the site is fetched from elsewhere.
 * @module
 */

import { ROOT } from "../setup.ts";

const decoder = new TextDecoder();

/** A bundle that failed; the message holds deno bundle's last lines. */
export class BundleError extends Error {
  override name = "BundleError";
}

/**
 * Bundles `entry` (a path under the project) into `out` and returns the bundle's size in bytes.
 * Everything it imports, npm packages included, goes into the one file.
 */
export async function bundleScript(entry: string, out: string): Promise<number> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--format",
      "iife",
      "--minify",
      "--output",
      out,
      entry,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const text = (decoder.decode(result.stdout) + decoder.decode(result.stderr)).trim();
    throw new BundleError(
      `deno bundle ${entry} failed:\n${text.split("\n").slice(-12).join("\n")}`,
    );
  }
  return (await Deno.stat(out)).size;
}
