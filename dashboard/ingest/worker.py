"""Imports run in a child process with memory, CPU and time limits, so that no file can take the server down.

A reader can abort its process (a Rust allocation failure is an abort, not an exception), loop for minutes or
grow until the machine swaps. ``import_in_worker`` runs ``import_file`` in ``python -m dashboard.ingest.worker``
under ``RLIMIT_AS`` (address space), ``RLIMIT_CPU`` and a wall-clock deadline, and turns whatever happens into the
same ``InputError`` family that ``import_file`` raises: the parent lives and the user reads one line. The child
writes the store itself; a child killed mid-way leaves the store as the store's atomic writes leave it.

The result travels as JSON in a file (not on stdout, which a library might write to); the child's stderr is kept
for the server's log and never shown to a user.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypedDict, Unpack

from dashboard.i18n import SOURCE_LANGUAGE, _, language, set_language
from dashboard.ingest import limits
from dashboard.ingest.mapping import ColumnMapping, MappingNeeded
from dashboard.ingest.readers import SheetNeeded
from dashboard.ingest.report import ImportReport, InputError
from dashboard.store import Store
from dashboard.text import fill

LOG = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
POLL_SECONDS = 0.05
# What a process says when an allocation fails under RLIMIT_AS: Rust aborts, jemalloc and CPython complain.
_OUT_OF_MEMORY = ("memory allocation of", "MemoryError", "Cannot allocate memory", "out of memory", "jemalloc")


@dataclass
class WorkerRun:
    """One child's end: its report or error, and what it cost (for benchmarks and the hostile-file test)."""

    report: ImportReport | None
    error: InputError | None
    peak_mb: float  # the child's peak resident memory: its own last report, or the highest seen while it ran
    seconds: float
    returncode: int
    stderr: str


class ImportOptions(TypedDict, total=False):
    """What ``import_file`` takes beside the file and the store."""

    restricted: bool
    column_mapping: ColumnMapping | None
    edition: str | None
    sheet: str | None


def import_in_worker(path: Path | str, store_root: Path | str, **options: Unpack[ImportOptions]) -> ImportReport:
    """``import_file`` in a limited child process: its report, or the ``InputError`` (``MappingNeeded``,
    ``SheetNeeded``) it raised, or one that says which limit stopped it."""
    run = run_worker(path, store_root, **options)
    if run.error is not None:
        raise run.error
    assert run.report is not None
    return run.report


def run_worker(
    path: Path | str,
    store_root: Path | str,
    *,
    restricted: bool = False,
    column_mapping: ColumnMapping | None = None,
    edition: str | None = None,
    sheet: str | None = None,
) -> WorkerRun:
    path = Path(path)
    request = {
        "path": str(path),
        "store": str(store_root),
        "restricted": restricted,
        "mapping": asdict(column_mapping) if column_mapping else None,
        "edition": edition,
        "sheet": sheet,
        "memory_mb": limits.value("memory_mb"),
        "language": language(),  # the child's messages in the user's language
        "cpu_seconds": limits.value("cpu_seconds"),
    }
    with tempfile.TemporaryDirectory(prefix="dashboard-worker-") as folder:
        request["result"] = str(Path(folder) / "result.json")
        request_file = Path(folder) / "request.json"
        request_file.write_text(json.dumps(request), encoding="utf-8")
        err_file = Path(folder) / "stderr.txt"
        started = time.monotonic()
        returncode, usage, timed_out, seen_mb = _spawn(request_file, err_file)
        seconds = time.monotonic() - started
        if returncode != 0 or timed_out:
            # A child killed in the middle of a change leaves its intent and temporary files: finish or roll back
            # now (its lock went with it), so the store is clean for the next import, not only after a restart.
            Store(store_root).recover()
        stderr = err_file.read_text(encoding="utf-8", errors="replace")
        result_file = Path(request["result"])
        result = json.loads(result_file.read_text(encoding="utf-8")) if result_file.is_file() else None
    cpu = usage.ru_utime + usage.ru_stime
    report, error = _outcome(path.name, result, returncode, stderr, timed_out, cpu)
    if stderr.strip():
        # A bug is the server's to see; a file stopped by a limit is the user's message, and noise in the log.
        bug = result is None or result.get("outcome") == "unexpected"
        LOG.log(logging.WARNING if bug else logging.DEBUG, "import worker for %s: %s", path.name, stderr[-4000:])
    peak_mb = max(seen_mb, float((result or {}).get("peak_mb") or 0))
    return WorkerRun(report, error, peak_mb, seconds, returncode, stderr)


def _spawn(request_file: Path, err_file: Path) -> tuple[int, resource.struct_rusage, bool, float]:
    """Run the child to its end or its deadline; its exit code, resource usage, whether it was stopped, and the
    highest resident memory seen while it ran (MB; see ``resident_peak_mb``)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2"),  # fewer threads reserve less address space
        "PYTHONUNBUFFERED": "1",
    }
    deadline = time.monotonic() + limits.value("wall_seconds")
    with err_file.open("wb") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "dashboard.ingest.worker", str(request_file)],
            stdin=subprocess.DEVNULL,
            stdout=err,
            stderr=err,
            env=env,
            start_new_session=True,  # a signal meant for the server (Ctrl-C) is not the child's
        )
        timed_out, seen_mb = False, 0.0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            seen_mb = max(seen_mb, resident_peak_mb(child.pid))
            if time.monotonic() > deadline and not timed_out:
                timed_out = True
                child.kill()
            time.sleep(POLL_SECONDS)
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, usage, timed_out, seen_mb


def resident_peak_mb(pid: int | str = "self") -> float:
    """The peak resident memory of a process since its last exec (``VmHWM``), in MB; 0 when it is gone.

    Not ``ru_maxrss``: Linux carries that figure across exec, so a worker started by a 600 MB server would report
    at least 600 MB whatever it read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _outcome(
    file: str, result: dict | None, returncode: int, stderr: str, timed_out: bool, cpu_seconds: float
) -> tuple[ImportReport | None, InputError | None]:
    if timed_out:
        seconds = limits.limit("wall_seconds")
        return None, InputError(
            file,
            fill(
                _("reading it took longer than {seconds:,} s ({variable}); stopped"),
                seconds=seconds.value,
                variable=seconds.variable,
            ),
        )
    if result is not None:
        return _from_result(file, result)
    cpu = limits.limit("cpu_seconds")
    if returncode == -signal.SIGXCPU or (returncode == -signal.SIGKILL and cpu_seconds >= cpu.value):
        return None, InputError(
            file,
            fill(
                _("the file needs more than {seconds:,} s of CPU time to read ({variable})"),
                seconds=cpu.value,
                variable=cpu.variable,
            ),
        )
    if returncode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV) or any(s in stderr for s in _OUT_OF_MEMORY):
        return None, _memory_error(file)
    return None, InputError(
        file, _("the reader stopped unexpectedly (exit code {code}); nothing was imported").format(code=returncode)
    )


def _memory_error(file: str) -> InputError:
    memory = limits.limit("memory_mb")
    return InputError(
        file,
        fill(
            _("the file needs more than {size:,} MB to read ({variable}); not imported"),
            size=memory.value,
            variable=memory.variable,
        ),
    )


def _from_result(file: str, result: dict) -> tuple[ImportReport | None, InputError | None]:
    kind = result.get("outcome")
    if kind == "report":
        return ImportReport(**result["report"]), None
    if kind == "mapping":
        return None, MappingNeeded(result["file"], result["reason"], result["columns"], result["guesses"])
    if kind == "sheet":
        return None, SheetNeeded(result["file"], result["sheets"])
    if kind == "input":
        return None, InputError(result["file"], result["reason"])
    if kind == "memory":
        return None, _memory_error(file)
    return None, InputError(
        file, _("unexpected {error} while reading; nothing was imported").format(error=result.get("type", "error"))
    )


def _limit_self(memory_mb: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file of hostile data behind


def _child(request: dict) -> dict:
    from dashboard.ingest import import_file
    from dashboard.store import Store

    given = request.get("mapping")
    mapping = ColumnMapping(given["columns"], given.get("edition"), tuple(given.get("header") or ())) if given else None
    try:
        report = import_file(
            request["path"],
            Store(request["store"]),
            restricted=request["restricted"],
            column_mapping=mapping,
            edition=request.get("edition"),
            sheet=request.get("sheet"),
        )
    except MappingNeeded as needed:
        return {
            "outcome": "mapping",
            "file": needed.file,
            "reason": needed.reason,
            "columns": list(needed.columns),
            "guesses": needed.guesses,
        }
    except SheetNeeded as needed:
        return {"outcome": "sheet", "file": needed.file, "sheets": needed.sheets}
    except InputError as error:
        return {"outcome": "input", "file": error.file, "reason": error.reason}
    except MemoryError:
        return {"outcome": "memory"}
    return {"outcome": "report", "report": asdict(report)}


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    set_language(request.get("language") or SOURCE_LANGUAGE)
    _limit_self(request["memory_mb"], request["cpu_seconds"])
    try:
        result = _child(request)
    except Exception as error:  # a bug, not a bad file: the user gets one line, the server's log the traceback
        traceback.print_exc()
        result = {"outcome": "unexpected", "type": type(error).__name__}
    result["peak_mb"] = resident_peak_mb()
    Path(request["result"]).write_text(json.dumps(result, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
