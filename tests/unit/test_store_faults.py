"""The store under concurrency and faults: concurrent imports in separate processes lose no source, a SIGKILL at a
random point of an import leaves a store that the next start makes consistent and clean, damaged or missing files
are named (never a traceback), and files are group-readable whatever the umask."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from dashboard import cli
from dashboard.ingest import import_file
from dashboard.store import Store, StoreError
from tests.conftest import FIXTURES, REPO_ROOT

SAMPLE = FIXTURES / "cases" / "ids_sample.csv"


def case_file(folder: Path, name: str, rows: int = 3) -> Path:
    """A distinct UNODC individual-seizure file: the sample's header and ``rows`` rows that name ``name``."""
    header, first, *_ = SAMPLE.read_text(encoding="utf-8").splitlines()
    cells = first.split(";")
    lines = [header]
    for i in range(rows):
        cells[4] = f"{name} case {i}"  # PLACE: makes every file's bytes, hence its source id, its own
        lines.append(";".join(cells))
    path = folder / f"{name}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import_in_step(root: str, files: list[str], barrier) -> None:
    store = Store(root)
    for name in files:
        barrier.wait(timeout=120)  # both processes start their import at the same moment
        import_file(Path(name), store)


def test_fifty_pairs_of_concurrent_imports_lose_no_source(tmp_path):
    store = Store(tmp_path / "store")
    pairs = 50
    left = [str(case_file(tmp_path, f"left{i}")) for i in range(pairs)]
    right = [str(case_file(tmp_path, f"right{i}")) for i in range(pairs)]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=_import_in_step, args=(str(store.root), files, barrier)) for files in (left, right)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)
    assert [w.exitcode for w in workers] == [0, 0]
    sources = store.sources()
    assert sources.height == 2 * pairs
    assert sorted(sources["file_name"].to_list()) == sorted(Path(f).name for f in left + right)
    assert store.scan("cases").collect().height == 2 * pairs * 3
    assert store.check() == []


WORKER = """
import sys
from pathlib import Path
from dashboard.ingest import import_file
from dashboard.store import Store
store = Store(sys.argv[1])
store.recover()
print("ready", flush=True)
for name in sys.argv[2:]:
    import_file(Path(name), store)
"""


def _kill_point(store: Store, rng: random.Random, targeted: bool) -> None:
    """Wait for a random point of the worker's imports: anywhere (parsing or writing), or, ``targeted``, a random
    moment just after a change began (its intent is written), where a kill leaves half-written files. A change of
    4,000 rows lasts a few milliseconds, so the targeted wait stays within them."""
    if not targeted:
        time.sleep(rng.uniform(0.0, 1.5))
        return
    pending = store.root / ".pending"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (pending.is_dir() and any(pending.iterdir())):
        time.sleep(0.001)
    time.sleep(rng.uniform(0.0, 0.003))


def test_twenty_sigkills_at_random_points_leave_a_store_the_next_start_makes_clean(tmp_path):
    store = Store(tmp_path / "store")
    import_file(case_file(tmp_path, "before"), store)  # a source that must survive every kill
    rng = random.Random(20261202)
    offered: set[str] = {"before.csv"}
    interrupted = 0
    for round_ in range(20):
        files = [str(case_file(tmp_path, f"r{round_}-big{i}", rows=4000)) for i in range(8)]  # always work to do
        offered.update(Path(f).name for f in files)
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(store.root), *files],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert worker.stdout is not None and worker.stdout.readline().strip() == b"ready"
        _kill_point(store, rng, targeted=round_ % 2 == 0)
        worker.send_signal(signal.SIGSTOP)  # frozen where it stands, so what is counted is what the kill leaves
        pending = store.root / ".pending"
        interrupted += bool(list(store.root.rglob("*.tmp")) or (pending.is_dir() and any(pending.iterdir())))
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=60)
        store.recover()  # what the next start does
        assert store.check() == [], f"round {round_}"
        assert not list(store.root.rglob("*.tmp")) and not any(pending.iterdir())
        sources = store.sources()
        assert "before.csv" in sources["file_name"].to_list()
        assert set(sources["file_name"].to_list()) <= offered
        assert store.scan("cases").collect().height == int(sources["rows_stored"].sum())
    # the kills did land inside changes (half the rounds aim there), so recovery was exercised, not just idle stores
    assert interrupted >= 5, interrupted


def test_leftovers_of_a_killed_import_go_at_the_next_start(tmp_store, tmp_path):
    report = import_file(case_file(tmp_path, "kept"), tmp_store)
    (tmp_store.root / "cases" / "tmpabc.tmp").write_bytes(b"half a parquet file")
    meeting_work = tmp_store.root / "meetings" / ".m1.x.tmp"
    meeting_work.mkdir(parents=True)
    (meeting_work / "meeting.parquet").write_bytes(b"x")
    # An import killed after its data files were written, before the registry: its intent is still there.
    orphan = "cases-0123456789ab"
    (tmp_store.root / ".pending").mkdir(exist_ok=True)
    (tmp_store.root / ".pending" / f"{orphan}.add").write_text("add")
    (tmp_store.root / "cases" / f"{orphan}.parquet").write_bytes(b"x")
    (tmp_store.root / "reports" / f"{orphan}.json").write_text("{}")
    assert {p.file for p in tmp_store.check()} >= {"cases/tmpabc.tmp", f"cases/{orphan}.parquet"}
    removed = tmp_store.recover()
    assert "cases/tmpabc.tmp" in removed and f"cases/{orphan}.parquet" in removed
    assert not meeting_work.exists()
    assert tmp_store.check() == []
    assert tmp_store.sources()["source_id"].to_list() == [report.source_id]


def test_files_and_folders_are_group_readable_whatever_the_umask(tmp_store, tmp_path):
    previous = os.umask(0o077)
    try:
        report = import_file(case_file(tmp_path, "modes"), tmp_store)
    finally:
        os.umask(previous)
    table = tmp_store.table_path("cases", report.source_id)
    lock = tmp_store.root / ".lock"
    for path in (tmp_store.registry_path, table, tmp_store.root / "reports" / f"{report.source_id}.json", lock):
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path
    for folder in (tmp_store.root, table.parent, tmp_store.root / "quarantine"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o750, folder


def test_a_deleted_table_file_is_named_not_dropped_and_can_be_set_aside(tmp_store, tmp_path, capsys):
    gone = import_file(case_file(tmp_path, "gone"), tmp_store)
    kept = import_file(case_file(tmp_path, "kept"), tmp_store)
    tmp_store.table_path("cases", gone.source_id).unlink()
    with pytest.raises(StoreError) as raised:
        tmp_store.scan("cases")
    assert raised.value.file == f"cases/{gone.source_id}.parquet" and raised.value.source_id == gone.source_id
    assert str(tmp_store.root) not in str(raised.value)  # no server path in what a page may show
    assert cli.main(["--data-dir", str(tmp_store.root), "check"]) == 1
    err = capsys.readouterr().err
    assert f"cases/{gone.source_id}.parquet" in err and "is missing" in err and "--quarantine" in err
    assert cli.main(["--data-dir", str(tmp_store.root), "check", "--quarantine"]) == 0
    assert tmp_store.sources()["source_id"].to_list() == [kept.source_id]
    assert (tmp_store.root / "damaged" / gone.source_id / f"reports-{gone.source_id}.json").is_file()
    assert tmp_store.check() == []
    assert cli.main(["--data-dir", str(tmp_store.root), "check"]) == 0


def test_a_corrupt_table_file_is_named_with_its_source(tmp_store, tmp_path):
    report = import_file(case_file(tmp_path, "corrupt"), tmp_store)
    path = tmp_store.table_path("cases", report.source_id)
    path.write_bytes(path.read_bytes()[:40])
    problems = tmp_store.check()
    assert [(p.file, p.source_id) for p in problems] == [(f"cases/{report.source_id}.parquet", report.source_id)]
    assert "cannot be read" in problems[0].reason


@pytest.mark.parametrize("command", [["list"], ["check"], ["remove", "x"], ["quarantine"]])
def test_a_corrupt_registry_gives_one_line_and_no_traceback(tmp_store, tmp_path, capsys, command):
    import_file(case_file(tmp_path, "any"), tmp_store)
    tmp_store.registry_path.write_bytes(b"PAR1 not really")
    assert cli.main(["--data-dir", str(tmp_store.root), *command]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "sources.parquet" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_the_command_line_never_echoes_escape_sequences_from_data(tmp_store, tmp_path, capsys):
    hostile = case_file(tmp_path, "evil")
    named = hostile.with_name("evil\x1b]0;owned\x07\x1b[2J.csv")
    hostile.rename(named)
    import_file(named, tmp_store)
    assert cli.main(["--data-dir", str(tmp_store.root), "list"]) == 0
    out = capsys.readouterr().out
    assert "evil" in out and "\x1b" not in out and "\x07" not in out


def test_the_quarantine_command_refuses_in_public_mode(tmp_store, tmp_path, capsys, monkeypatch):
    import_file(FIXTURES / "cases" / "ids_bad_rows.csv", tmp_store, restricted=True)
    monkeypatch.setenv("DASHBOARD_PUBLIC", "1")
    assert cli.main(["--data-dir", str(tmp_store.root), "quarantine", "-o", str(tmp_path / "q.csv")]) == 1
    assert not (tmp_path / "q.csv").exists()
    assert tmp_store.quarantine(public=True).is_empty()
    assert not tmp_store.quarantine(public=False).is_empty()
    assert isinstance(tmp_store.quarantine(public=False), pl.DataFrame)


def test_the_command_line_says_when_it_finished_an_interrupted_change(tmp_store, tmp_path, capsys):
    import_file(case_file(tmp_path, "kept"), tmp_store)
    (tmp_store.root / "cases" / "tmpxyz.tmp").write_bytes(b"half")
    assert cli.main(["--data-dir", str(tmp_store.root), "check"]) == 0
    captured = capsys.readouterr()
    assert "interrupted change was finished" in captured.err and "cases/tmpxyz.tmp" in captured.err
    assert "every file sound" in captured.out
