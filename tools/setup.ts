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
 * 3. With --browser, finds Debian's Chromium and classic Jupyter Notebook (for the browser tests)
 *    or installs them likewise (apt-get install chromium jupyter-notebook).
 *
 * {@link findFrontEnd} finds or installs the front end `deno task jupyter` starts: JupyterLab
 * with plotly's renderer (pip, into .jupyter/venv, where a package index answers) or Debian's
 * classic Notebook (apt-get).
 * @module
 */

import { writeFileAtomic } from "../lib/files.ts";

export const ROOT = decodeURIComponent(new URL("..", import.meta.url).pathname).replace(/\/$/, "");
export const JUPYTER_DIR = `${ROOT}/.jupyter`;
export const KERNEL_NAME = "deno";

const JUPYTER_MODULES = ["nbclient", "nbconvert", "nbformat", "jupyter_client"];
const APT_JUPYTER = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client"];
const APT_NOTEBOOK = "jupyter-notebook";
/** JupyterLab and plotly (whose wheel carries the `jupyterlab-plotly` renderer extension). */
const PIP_LAB = ["jupyterlab", "plotly"];
/** The venv `deno task jupyter` may make for JupyterLab: apart from .venv, so the tools keep
 * running on the nbconvert they were tested with. */
export const LAB_VENV = `${JUPYTER_DIR}/venv`;

/** What the other tools need to run Jupyter with the project's kernel. */
export interface Environment {
  /** A Python that imports nbclient, nbconvert, nbformat and jupyter_client. */
  python: string;
  /** Environment variables for that Python: JUPYTER_PATH with .jupyter first, NO_COLOR. */
  env: Record<string, string>;
  /** Chromium's path, when asked for. */
  chromium?: string;
  /** Classic Jupyter Notebook's `jupyter-notebook`, when asked for (with the browser). */
  notebook?: string;
}

/** A Jupyter front end that can serve the course. */
export interface FrontEnd {
  /** JupyterLab, or the classic Notebook (6.x, Debian's `jupyter-notebook`). */
  kind: "lab" | "notebook";
  /** The program that starts it (`…/jupyter-lab` or `…/jupyter-notebook`). */
  command: string;
  /** Its version, as it prints it. */
  version: string;
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

/** Whether this process runs as root (Jupyter then starts only with --allow-root). */
export function isRoot(): boolean {
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

/** The version a Jupyter program prints, or undefined when it does not run. */
async function versionOf(command: string): Promise<string | undefined> {
  const r = await run(command, ["--version"], { quiet: true });
  if (!r.ok) return undefined;
  // stdout and stderr together: the version is the line that looks like one.
  return r.out.split("\n").map((l) => l.trim()).find((l) => /^\d+\.\d+/.test(l)) ?? "?";
}

/** The first of the commands (a path, or a name looked up on PATH) that runs. */
async function firstRunning(
  kind: FrontEnd["kind"],
  commands: string[],
): Promise<FrontEnd | undefined> {
  for (const command of commands) {
    const version = await versionOf(command);
    if (version) return { kind, command, version };
  }
  return undefined;
}

const LAB_COMMANDS = [`${LAB_VENV}/bin/jupyter-lab`, "jupyter-lab"];
const NOTEBOOK_COMMANDS = ["/usr/bin/jupyter-notebook", "jupyter-notebook"];

/** Debian's classic Notebook, installed with apt-get when missing and we may. */
export async function findClassicNotebook(): Promise<FrontEnd> {
  const found = await firstRunning("notebook", NOTEBOOK_COMMANDS);
  if (found) return found;
  if (await aptInstall([APT_NOTEBOOK])) {
    const installed = await firstRunning("notebook", NOTEBOOK_COMMANDS);
    if (installed) return installed;
  }
  throw new SetupError(
    "setup: Jupyter Notebook was not found and could not be installed.\n" +
      `Install it (Debian/Ubuntu, as root: apt-get install ${APT_NOTEBOOK}).`,
  );
}

/**
 * JupyterLab with plotly's renderer in .jupyter/venv, with pip, when a package index answers
 * quickly (pip's own configuration says which; `pip index versions` is asked first, with a short
 * timeout and no retries, so a machine without one falls back at once).
 */
async function pipInstallLab(): Promise<FrontEnd | undefined> {
  const made = !(await exists(LAB_VENV));
  if (made && !(await run("python3", ["-m", "venv", LAB_VENV], { quiet: true })).ok) {
    await Deno.remove(LAB_VENV, { recursive: true }).catch(() => {});
    return undefined;
  }
  const pip = `${LAB_VENV}/bin/pip`;
  const quick = ["--disable-pip-version-check", "--retries", "0", "--timeout", "5"];
  const probe = await run(pip, ["index", "versions", "jupyterlab", ...quick], { quiet: true });
  if (probe.ok) {
    console.error(`setup: installing ${PIP_LAB.join(" ")} with pip into ${LAB_VENV}`);
    const pipOpts = ["--disable-pip-version-check", "--retries", "1", "--timeout", "15"];
    if ((await run(pip, ["install", "-q", ...pipOpts, ...PIP_LAB])).ok) {
      const lab = await firstRunning("lab", [`${LAB_VENV}/bin/jupyter-lab`]);
      if (lab) return lab;
    }
  }
  if (made) await Deno.remove(LAB_VENV, { recursive: true }); // our own half-made venv
  return undefined;
}

/**
 * The front end `deno task jupyter` starts: one already installed (JupyterLab first, then the
 * classic Notebook), else JupyterLab with plotly's renderer from pip where a package index
 * answers, else Debian's classic Notebook from apt-get. `prefer` asks for one kind only.
 */
export async function findFrontEnd(prefer?: FrontEnd["kind"]): Promise<FrontEnd> {
  if (prefer !== "notebook") {
    const lab = await firstRunning("lab", LAB_COMMANDS);
    if (lab) return lab;
  }
  if (prefer !== "lab") {
    const notebook = await firstRunning("notebook", NOTEBOOK_COMMANDS);
    if (notebook) return notebook;
  }
  if (prefer !== "notebook") {
    const lab = await pipInstallLab();
    if (lab) return lab;
  }
  if (prefer !== "lab") {
    const notebook = await findClassicNotebook().catch(() => undefined);
    if (notebook) return notebook;
  }
  throw new SetupError(
    "setup: no Jupyter front end was found, and none could be installed.\n" +
      "Install one of:\n" +
      `  - Debian/Ubuntu (as root): apt-get install ${APT_NOTEBOOK}\n` +
      `  - any system with PyPI:    python3 -m venv .jupyter/venv && ` +
      `.jupyter/venv/bin/pip install ${PIP_LAB.join(" ")}\n` +
      "then run `deno task jupyter` again.",
  );
}

/** Environment variables for Jupyter: JUPYTER_PATH with .jupyter first, NO_COLOR. */
export function jupyterEnv(): Record<string, string> {
  return {
    JUPYTER_PATH: [JUPYTER_DIR, Deno.env.get("JUPYTER_PATH")].filter(Boolean).join(":"),
    NO_COLOR: "1",
    PYTHONDONTWRITEBYTECODE: "1",
  };
}

/** Everything the tools need; installs what is missing. */
export async function setup(options: { browser?: boolean } = {}): Promise<Environment> {
  const python = await findPython();
  await writeKernelspec();
  const env = jupyterEnv();
  const chromium = options.browser ? await findChromium() : undefined;
  const notebook = options.browser ? (await findClassicNotebook()).command : undefined;
  return { python, env, chromium, notebook };
}

if (import.meta.main) {
  try {
    const e = await setup({ browser: Deno.args.includes("--browser") });
    console.log(`setup: Python with Jupyter: ${e.python}`);
    console.log(
      `setup: kernelspec: ${JUPYTER_DIR}/kernels/${KERNEL_NAME}/kernel.json → ${Deno.execPath()}`,
    );
    if (e.chromium) console.log(`setup: Chromium: ${e.chromium}`);
    if (e.notebook) console.log(`setup: Jupyter Notebook: ${e.notebook}`);
  } catch (e) {
    console.error(e instanceof SetupError ? e.message : e);
    Deno.exit(1);
  }
}
