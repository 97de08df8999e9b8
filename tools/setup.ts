/**
 * `deno task setup`: makes this machine able to run the course, idempotently.
 *
 * 1. Finds a Python with nbclient, nbconvert, nbformat and jupyter_client, or installs one:
 *    Debian's packages where apt-get exists and we are root (this project's machines); a
 *    project-local .venv with pip where PyPI answers; otherwise it stops and says exactly what
 *    to install.
 * 2. Writes a project-local kernelspec, .jupyter/kernels/deno/kernel.json, whose argv is the very
 *    Deno binary running this task. Tools put .jupyter first on JUPYTER_PATH, so the user's own
 *    Jupyter configuration is never read or written, and the kernel is the one the tests use.
 *    It is named "deno" like the kernelspec `deno jupyter --install` writes, so the committed
 *    notebooks also open on a reader's own Deno kernel in JupyterLab or VS Code.
 * 3. With --browser, finds Debian's Chromium (for the browser test) or installs it likewise.
 * @module
 */

import { writeFileAtomic } from "../lib/files.ts";

export const ROOT = decodeURIComponent(new URL("..", import.meta.url).pathname).replace(/\/$/, "");
export const JUPYTER_DIR = `${ROOT}/.jupyter`;
export const KERNEL_NAME = "deno";

const JUPYTER_MODULES = ["nbclient", "nbconvert", "nbformat", "jupyter_client"];
const APT_JUPYTER = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client"];

/** What the other tools need to run Jupyter with the project's kernel. */
export interface Environment {
  /** A Python that imports nbclient, nbconvert, nbformat and jupyter_client. */
  python: string;
  /** Environment variables for that Python: JUPYTER_PATH with .jupyter first, NO_COLOR. */
  env: Record<string, string>;
  /** Chromium's path, when asked for. */
  chromium?: string;
}

/** Thrown when set-up cannot continue; its message says what to install. */
export class SetupError extends Error {
  override name = "SetupError";
}

async function run(cmd: string, args: string[], opts: { quiet?: boolean } = {}): Promise<
  { ok: boolean; out: string }
> {
  try {
    const p = await new Deno.Command(cmd, {
      args,
      stdout: "piped",
      stderr: "piped",
      env: { DEBIAN_FRONTEND: "noninteractive" },
    }).output();
    const out = new TextDecoder().decode(p.stdout) + new TextDecoder().decode(p.stderr);
    if (!p.success && !opts.quiet) console.error(out.trim().split("\n").slice(-5).join("\n"));
    return { ok: p.success, out };
  } catch {
    return { ok: false, out: `${cmd}: not found` };
  }
}

async function hasJupyter(python: string): Promise<boolean> {
  const r = await run(python, ["-c", `import ${JUPYTER_MODULES.join(", ")}`], { quiet: true });
  return r.ok;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

function isRoot(): boolean {
  return Deno.uid?.() === 0;
}

/** apt-get install, with one `apt-get update` and a retry when the lists are missing or old. */
async function aptInstall(packages: string[]): Promise<boolean> {
  if (!isRoot() || !(await exists("/usr/bin/apt-get"))) return false;
  console.error(`setup: installing ${packages.join(" ")} with apt-get`);
  const args = ["install", "-y", "-q", "--no-install-recommends", ...packages];
  if ((await run("apt-get", args, { quiet: true })).ok) return true;
  await run("apt-get", ["update", "-q"], { quiet: true });
  return (await run("apt-get", args)).ok;
}

async function findPython(): Promise<string> {
  const candidates = [`${ROOT}/.venv/bin/python`, "/usr/bin/python3", "python3"];
  for (const c of candidates) if (await hasJupyter(c)) return c;

  // Debian's packages first where we may install them: the route on this project's machines,
  // and quick. Elsewhere a project-local venv, where PyPI is reachable.
  if ((await aptInstall(APT_JUPYTER)) && (await hasJupyter("/usr/bin/python3"))) {
    return "/usr/bin/python3";
  }
  const venv = `${ROOT}/.venv`;
  if (!(await exists(venv)) && (await run("python3", ["-m", "venv", venv], { quiet: true })).ok) {
    console.error("setup: trying pip into .venv");
    const pip = await run(`${venv}/bin/pip`, [
      "install",
      "-q",
      "--disable-pip-version-check",
      "--retries",
      "1",
      "--timeout",
      "15",
      ...JUPYTER_MODULES.map((m) => m.replace("_", "-")),
    ], { quiet: true });
    if (pip.ok && (await hasJupyter(`${venv}/bin/python`))) return `${venv}/bin/python`;
    await Deno.remove(venv, { recursive: true }); // our own half-made venv, nothing else
  }
  throw new SetupError(
    "setup: no Python with Jupyter's nbclient and nbconvert was found, and none could be " +
      "installed.\nInstall one of:\n" +
      `  - Debian/Ubuntu (as root): apt-get install ${APT_JUPYTER.join(" ")}\n` +
      `  - any system with PyPI:    python3 -m venv .venv && .venv/bin/pip install ${
        JUPYTER_MODULES.map((m) => m.replace("_", "-")).join(" ")
      }\n` +
      "then run `deno task setup` again.",
  );
}

/** Writes .jupyter/kernels/deno/kernel.json for this Deno binary (only when it changed). */
export async function writeKernelspec(): Promise<string> {
  const dir = `${JUPYTER_DIR}/kernels/${KERNEL_NAME}`;
  const spec = {
    argv: [Deno.execPath(), "jupyter", "-q", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno",
    language: "typescript",
    // NO_COLOR keeps ANSI colour codes out of text/plain results and tracebacks.
    env: { NO_COLOR: "1" },
  };
  const text = JSON.stringify(spec, null, 2) + "\n";
  const file = `${dir}/kernel.json`;
  const old = await Deno.readTextFile(file).catch(() => "");
  if (old !== text) {
    await Deno.mkdir(dir, { recursive: true });
    writeFileAtomic(file, text, "writeKernelspec", "file"); // a crash leaves no half kernelspec
  }
  return file;
}

async function findChromium(): Promise<string> {
  const candidates = [
    Deno.env.get("CHROMIUM_PATH"),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
  ];
  for (const c of candidates) if (c && (await exists(c))) return c;
  if ((await aptInstall(["chromium"])) && (await exists("/usr/bin/chromium"))) {
    return "/usr/bin/chromium";
  }
  throw new SetupError(
    "setup: Chromium was not found and could not be installed.\n" +
      "Install it (Debian/Ubuntu, as root: apt-get install chromium) or set CHROMIUM_PATH.",
  );
}

/** Everything the tools need; installs what is missing. */
export async function setup(options: { browser?: boolean } = {}): Promise<Environment> {
  const python = await findPython();
  await writeKernelspec();
  const env: Record<string, string> = {
    JUPYTER_PATH: [JUPYTER_DIR, Deno.env.get("JUPYTER_PATH")].filter(Boolean).join(":"),
    NO_COLOR: "1",
    PYTHONDONTWRITEBYTECODE: "1",
  };
  const chromium = options.browser ? await findChromium() : undefined;
  return { python, env, chromium };
}

if (import.meta.main) {
  try {
    const e = await setup({ browser: Deno.args.includes("--browser") });
    console.log(`setup: Python with Jupyter: ${e.python}`);
    console.log(
      `setup: kernelspec: ${JUPYTER_DIR}/kernels/${KERNEL_NAME}/kernel.json → ${Deno.execPath()}`,
    );
    if (e.chromium) console.log(`setup: Chromium: ${e.chromium}`);
  } catch (e) {
    console.error(e instanceof SetupError ? e.message : e);
    Deno.exit(1);
  }
}
