"""Execute notebooks headless on the project's Deno kernel, losing no output.

Usage: execute.py --out DIR [--timeout SECONDS] [--drain SECONDS] [--fail-fast] NOTEBOOK...

For each notebook, in order: validate it (JSON, nbformat), run every code cell with a per-cell
timeout, write the executed notebook to DIR/<name>.ipynb, and print one JSON line:
  {"notebook": path, "ok": bool, "seconds": s, "cells": n, "outputs": n, "error": {...}?}
The error names the cell (1-based index among all cells, and its id) and what went wrong.
With --fail-fast, the first failing notebook ends the run: each notebook after it gets a line
with ok false and the error {"kind": "skipped", "message": ...}, and is not run.

Why a client of our own: Deno's kernel queues results and stream output but sends its "idle"
status directly, so a result can arrive after "idle". Stock nbclient stops reading a cell's
messages at "idle" and drops the late ones silently. This client routes every output message to
the cell whose request it answers, whenever it arrives — during a later cell, or in a drain at the
end of the notebook that reads until the kernel has been quiet for a while. It also waits, after
each cell, until the kernel has been quiet for a moment before sending the next request: once, a
late result was seen stamped with the next request's parent, which routing cannot undo.
"""

import argparse
import asyncio
import json
import os
import sys
import time
from queue import Empty

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import (
    CellExecutionComplete,
    CellExecutionError,
    CellTimeoutError,
    DeadKernelError,
)
from nbclient.util import ensure_async


# Why a notebook was not run (--fail-fast).
SKIPPED = "not run: an earlier notebook failed (--fail-fast)"

# After each cell, read until the kernel has been quiet this long before sending the next one.
CELL_QUIET_SECONDS = 0.1


class CompleteClient(NotebookClient):
    """A NotebookClient that keeps every output, however late it comes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cell_of_request = {}

    def _route(self, msg, current_id):
        """Process msg into the cell it belongs to; True when it completes the current cell."""
        parent = msg.get("parent_header", {}).get("msg_id")
        target = self._cell_of_request.get(parent)
        if target is None:
            return False
        cell, index = target
        try:
            self.process_message(msg, cell, index)
        except CellExecutionComplete:
            return parent == current_id
        return False

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        self._cell_of_request[parent_msg_id] = (cell, cell_index)
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if self._route(msg, parent_msg_id):
                return

    async def drain(self, quiet_seconds, limit_seconds):
        """Read late messages until none came for quiet_seconds (at most limit_seconds)."""
        deadline = time.monotonic() + limit_seconds
        while time.monotonic() < deadline:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=quiet_seconds))
            except Empty:
                return
            self._route(msg, None)

    async def run_all(self, on_error, quiet_seconds):
        """Like NotebookClient.async_execute, cell by cell, then the drain."""
        async with self.async_setup_kernel():
            info = await self.async_wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = info["content"]["language_info"]
            failure = None
            for index, cell in enumerate(self.nb.cells):
                try:
                    await self.async_execute_cell(
                        cell, index, execution_count=self.code_cells_executed + 1
                    )
                except CellTimeoutError:
                    failure = on_error(index, cell, "Timeout", f"no result within {self.timeout} s")
                except CellExecutionError as e:
                    failure = on_error(index, cell, e.ename, e.evalue)
                except DeadKernelError as e:
                    failure = on_error(index, cell, "DeadKernelError", str(e) or "the kernel died")
                if failure is not None:
                    break
                # Let this cell's late messages arrive before the next request: Deno's kernel can
                # stamp a late result with the parent of the request current when it is sent.
                await self.drain(CELL_QUIET_SECONDS, 2)
            await self.drain(quiet_seconds, 10 * quiet_seconds + 5)
            return failure


def no_such_kernel(kernel):
    """What to do when Jupyter finds no kernelspec of that name (instead of NoSuchKernel)."""
    if not kernel:
        return "the notebook names no kernel (metadata.kernelspec.name); the course's notebooks use 'deno'"
    path = os.environ.get("JUPYTER_PATH")
    searched = f"JUPYTER_PATH here: {path}" if path else "JUPYTER_PATH is not set here"
    if kernel != "deno":
        return f"no kernel named {kernel!r}: the course's notebooks run on the kernel 'deno'"
    return (
        "no kernel named 'deno': run `deno task setup`, which writes the project's kernelspec "
        ".jupyter/kernels/deno, and run Jupyter with that folder first on JUPYTER_PATH, as the "
        f"project's tasks do ({searched})"
    )


def first_line(text, limit=300):
    lines = [l for l in str(text).strip().splitlines() if l.strip()]
    line = lines[0] if lines else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def execute(path, out_dir, timeout, quiet_seconds):
    name = os.path.basename(path)
    result = {"notebook": path, "ok": False, "seconds": 0.0, "cells": 0, "outputs": 0}
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        json.loads(text)  # for a precise message (line and column) when it is not JSON
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except json.JSONDecodeError as e:
        result["error"] = {"kind": "invalid", "message": f"not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})"}
        return result
    except nbformat.ValidationError as e:
        result["error"] = {"kind": "invalid", "message": f"not valid nbformat: {first_line(e.message)}"}
        return result
    except Exception as e:  # nbformat raises several kinds for unreadable notebooks
        result["error"] = {"kind": "invalid", "message": f"not a readable notebook: {first_line(e)}"}
        return result

    kernel = nb.metadata.get("kernelspec", {}).get("name")
    client = CompleteClient(
        nb,
        timeout=timeout,
        kernel_name=kernel or "",
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )

    def on_error(index, cell, ename, evalue):
        return {
            "kind": "cell",
            "cell": index + 1,
            "id": cell.get("id"),
            "ename": ename,
            "evalue": first_line(evalue),
        }

    started = time.monotonic()
    try:
        failure = asyncio.run(client.run_all(on_error, quiet_seconds))
    except NoSuchKernel:
        failure = {"kind": "kernel", "message": no_such_kernel(kernel)}
    except FileNotFoundError as e:
        # The kernelspec names a program that is not there (a Deno since removed or moved).
        failure = {
            "kind": "kernel",
            "message": f"the kernelspec {kernel!r} starts {e.filename!r}, which does not exist: "
            "run `deno task setup` to write the project's kernelspec for the Deno you use",
        }
    except Exception as e:
        failure = {"kind": "kernel", "message": f"{type(e).__name__}: {first_line(e)}"}
    result["seconds"] = round(time.monotonic() - started, 3)
    code = [c for c in nb.cells if c.cell_type == "code"]
    result["cells"] = len(code)
    result["outputs"] = sum(len(c.get("outputs", [])) for c in code)
    if failure:
        result["error"] = failure
    else:
        result["ok"] = True
    os.makedirs(out_dir, exist_ok=True)
    nbformat.write(nb, os.path.join(out_dir, name))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument("--drain", type=float, default=1.0)
    parser.add_argument("--fail-fast", action="store_true",
                        help="stop at the first failing notebook; report the rest as skipped")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    failed = False
    for path in args.notebooks:
        if failed and args.fail_fast:
            print(json.dumps({
                "notebook": path, "ok": False, "seconds": 0.0, "cells": 0, "outputs": 0,
                "error": {"kind": "skipped", "message": SKIPPED},
            }), flush=True)
            continue
        result = execute(path, args.out, args.timeout, args.drain)
        print(json.dumps(result), flush=True)
        failed = failed or not result["ok"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
