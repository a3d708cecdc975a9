"""Import every file of a hostile corpus, each in its own child process with a memory cap, and record what happened.

    python -m tests.hostile.harness CORPUS_DIR STORE_DIR RESULTS.jsonl

The importer is loaded once here; each file is then imported in a forked child (a fresh process costs seconds of
imports, a fork milliseconds) that sets the worker's own limits (``worker._limit_self``: RLIMIT_AS and RLIMIT_CPU)
and runs the worker's own child function (``worker._child``), so the code under test is the upload path's. The
parent waits with ``wait4`` to read the child's peak resident memory, even when the child is killed, captures
everything it printed, and hashes the store before and after each import.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

from dashboard.ingest import limits, worker
from dashboard.store import Store

MEMORY_CAP_MB = 4096  # address space: about three times the resident memory a process may reach
DEADLINE_SECONDS = 120


def store_hash(root: Path) -> str:
    digest = hashlib.sha256()
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_one(path: Path, store: Path, env: dict[str, str], scratch: Path) -> dict:
    output, result_file = scratch / "output.txt", scratch / "result.json"
    result_file.unlink(missing_ok=True)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        _child(path, store, env, output, result_file)
    deadline = started + DEADLINE_SECONDS
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
        time.sleep(0.02)
    result = json.loads(result_file.read_text(encoding="utf-8")) if result_file.is_file() else None
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "seconds": round(time.monotonic() - started, 2),
        "result": result,
        "output": output.read_text(encoding="utf-8", errors="replace"),
    }


def _child(path: Path, store: Path, env: dict[str, str], output: Path, result_file: Path) -> None:
    code = 0
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.environ.update(env)
        worker._limit_self(min(limits.value("memory_mb"), MEMORY_CAP_MB), limits.value("cpu_seconds"))
        request = {"path": str(path), "store": str(store), "restricted": False, "mapping": None}
        try:
            result = worker._child(request)
        except Exception as error:  # recorded as a crash by the test
            traceback.print_exc()
            result = {"outcome": "unexpected", "type": type(error).__name__}
        result_file.write_text(json.dumps(result, default=str), encoding="utf-8")
    except BaseException:
        traceback.print_exc()
        code = 70
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main(corpus: Path, store: Path, results: Path) -> None:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    Store(store).root.mkdir(parents=True, exist_ok=True)
    scratch = results.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    with results.open("w", encoding="utf-8") as out:
        for entry in manifest:
            before = store_hash(store)
            record = run_one(corpus / entry["name"], store, entry["env"], scratch)
            record.update(name=entry["name"], store_unchanged=store_hash(store) == before)
            out.write(json.dumps(record) + "\n")
            out.flush()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
