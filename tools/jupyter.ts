/**
 * `deno task jupyter [--lab | --notebook] [--port N] [--no-browser]`: reads and runs the course
 * interactively, in one command.
 *
 * It sets the machine up (the project's kernelspec, .jupyter/kernels/deno, and a Jupyter front
 * end: one already installed, JupyterLab first; else JupyterLab with plotly's renderer from pip
 * where a package index answers; else Debian's classic Notebook from apt-get), starts it on
 * 127.0.0.1 with .jupyter first on JUPYTER_PATH (and --allow-root only when running as root),
 * opens the course's first chapter (the first in course.yml) in a browser when there is one,
 * and prints that chapter's URL with its token. Ctrl-C stops the server, which shuts its kernels
 * down.
 * @module
 */

import { theCourse } from "./course.ts";
import { findFrontEnd, type FrontEnd, isRoot, jupyterEnv, ROOT, writeKernelspec } from "./setup.ts";

/** The chapter the course opens at: the first in course.yml (its file name, inside notebooks/). */
export function firstChapter(): string {
  return theCourse().all[0].file;
}

/** Options of {@link startJupyter}. */
export interface StartOptions {
  /** The front end to start (see findFrontEnd). */
  frontEnd: FrontEnd;
  /** The folder served, whose notebooks the reader sees (default notebooks/). */
  notebookDir?: string;
  /** The notebook, inside notebookDir, to open at (default: the course's first chapter). */
  open?: string;
  /** The port (default: 8888 when free, else one the system picks). */
  port?: number;
  /** Whether Jupyter may open a browser window (default true). */
  browser?: boolean;
  /** More environment variables for the server and its kernels. */
  env?: Record<string, string>;
  /** Where the server's log goes (default: this terminal). */
  log?: "inherit" | "null";
}

/** A running Jupyter server. */
export interface Server {
  frontEnd: FrontEnd;
  /** Its process id. */
  pid: number;
  port: number;
  token: string;
  /** The server's root URL, http://127.0.0.1:PORT/ */
  base: string;
  /** The opened notebook's URL, with the token. */
  url: string;
  /** The URL of another notebook of notebookDir (a path relative to it), with the token. */
  urlOf(notebook: string): string;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period); resolves when it is gone. */
  stop(): Promise<Deno.CommandStatus>;
  /** Resolves when the server exits, for whatever reason. */
  status: Promise<Deno.CommandStatus>;
}

/** A free TCP port on 127.0.0.1: the preferred one if free, else one the system picks. */
export function freePort(preferred?: number): number {
  for (const port of preferred ? [preferred, 0] : [0]) {
    try {
      const listener = Deno.listen({ hostname: "127.0.0.1", port });
      const { port: got } = listener.addr as Deno.NetAddr;
      listener.close();
      return got;
    } catch (e) {
      if (!(e instanceof Deno.errors.AddrInUse)) throw e;
    }
  }
  throw new Error("no free port on 127.0.0.1");
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** Starts a Jupyter server on 127.0.0.1 and resolves once it answers. */
export async function startJupyter(options: StartOptions): Promise<Server> {
  const { frontEnd } = options;
  const notebookDir = options.notebookDir ?? `${ROOT}/notebooks`;
  const open = options.open ?? firstChapter();
  const port = options.port ?? freePort(8888);
  const token = randomToken();
  const lab = frontEnd.kind === "lab";
  const args = [
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    // Jupyter Server 2 reads the token from its IdentityProvider; Notebook 6 from NotebookApp.
    lab ? `--IdentityProvider.token=${token}` : `--NotebookApp.token=${token}`,
    ...(isRoot() ? ["--allow-root"] : []),
    ...(options.browser === false ? ["--no-browser"] : []),
    open, // relative to the working directory, notebookDir: the root the reader sees
  ];
  const child = new Deno.Command(frontEnd.command, {
    args,
    cwd: notebookDir,
    env: { ...jupyterEnv(), ...options.env },
    // A session of its own: the terminal's Ctrl-C reaches only this process, which then stops the
    // server with one SIGTERM (two signals at once break its kernel shutdown). No terminal on
    // stdin either, so Jupyter never asks "Shutdown this notebook server (y/[n])?".
    detached: true,
    stdin: "null",
    stdout: options.log ?? "inherit",
    stderr: options.log ?? "inherit",
  }).spawn();
  const status = child.status;
  let exited: Deno.CommandStatus | undefined;
  status.then((s) => (exited = s));

  const base = `http://127.0.0.1:${port}/`;
  const prefix = lab ? "lab/tree" : "notebooks";
  const urlOf = (notebook: string) => `${base}${prefix}/${encodePath(notebook)}?token=${token}`;
  const stop = async (): Promise<Deno.CommandStatus> => {
    if (exited) return exited;
    try {
      child.kill("SIGTERM"); // Jupyter stops its kernels, then exits
    } catch { /* already gone */ }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((r) => (timer = setTimeout(() => r("late"), 15_000)));
    const first = await Promise.race([status, late]);
    clearTimeout(timer);
    if (first === "late") {
      try {
        child.kill("SIGKILL");
      } catch { /* gone meanwhile */ }
    }
    return await status;
  };

  // Wait until the server answers an authenticated request (or exits).
  const deadline = Date.now() + 60_000;
  while (true) {
    if (exited) {
      throw new Error(
        `${frontEnd.command} exited with code ${exited.code} before it answered on port ${port}`,
      );
    }
    try {
      const r = await fetch(`${base}api/status`, {
        headers: { Authorization: `token ${token}` },
      });
      await r.body?.cancel();
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${frontEnd.command} did not answer on port ${port} within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    frontEnd,
    pid: child.pid,
    port,
    token,
    base,
    url: urlOf(open),
    urlOf,
    stop,
    status,
  };
}

if (import.meta.main) {
  const args = [...Deno.args];
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i >= 0) args.splice(i, 1);
    return i >= 0;
  };
  const portAt = args.indexOf("--port");
  const port = portAt >= 0 ? Number(args.splice(portAt, 2)[1]) : undefined;
  const prefer = flag("--lab") ? "lab" : flag("--notebook") ? "notebook" : undefined;
  const browser = !flag("--no-browser");
  if (args.length > 0 || (port !== undefined && !(Number.isInteger(port) && port > 0))) {
    console.error(
      "usage: deno task jupyter [--lab | --notebook] [--port N] [--no-browser]\n" +
        `(unexpected: ${args.join(" ") || `--port ${port}`})`,
    );
    Deno.exit(2);
  }
  let server: Server;
  try {
    await writeKernelspec();
    const frontEnd = await findFrontEnd(prefer);
    // The kernel imports npm packages; install them now rather than in the first cell.
    const install = await new Deno.Command(Deno.execPath(), {
      args: ["install", "--quiet"],
      cwd: ROOT,
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!install.success) throw new Error("`deno install` failed: the notebooks need npm packages");
    const name = frontEnd.kind === "lab" ? "JupyterLab" : "Jupyter Notebook";
    console.log(`jupyter: starting ${name} ${frontEnd.version} (${frontEnd.command})`);
    server = await startJupyter({ frontEnd, port, browser });
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    Deno.exit(1);
  }
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log("\njupyter: stopping the server and its kernels");
    server.stop();
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    Deno.addSignalListener(signal, onSignal);
  }
  console.log(
    `\njupyter: the course is at\n\n    ${server.url}\n\n` +
      `jupyter: the project's Deno kernel is "Deno" (.jupyter/kernels/deno). Ctrl-C stops.`,
  );
  const status = await server.status;
  console.log(`jupyter: stopped${stopping ? "" : ` (the server exited with code ${status.code})`}`);
  Deno.exit(stopping || status.success ? 0 : 1);
}
