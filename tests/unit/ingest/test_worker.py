"""Imports in a limited worker process: the caller lives and reads which limit stopped the file."""

from pathlib import Path

import pytest

from dashboard.ingest import MappingNeeded, SheetNeeded
from dashboard.ingest.worker import import_in_worker, run_worker
from dashboard.store import Store
from tests.hostile.xlsx import Sheet, write_workbook

CASES = "date,country,substance,amount,unit\n" + "".join(
    f"2023-01-{1 + i % 28:02d},Kenya,Heroin,{i},kg\n" for i in range(3000)
)


@pytest.fixture()
def cases_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(CASES, encoding="utf-8")
    return path


@pytest.fixture()
def big_file(tmp_path: Path) -> Path:
    """2.4 million rows: several seconds of CPU to import on any machine (half of it takes 3 s here with the
    streamed import), on top of the worker's own start."""
    path = tmp_path / "big.csv"
    path.write_text(CASES + CASES.split("\n", 1)[1] * 800, encoding="utf-8")
    return path


def test_a_good_file_is_imported_by_the_worker_into_the_store(tmp_path, cases_file):
    store = Store(tmp_path / "store")
    run = run_worker(cases_file, store.root)
    assert run.error is None and run.report is not None
    assert run.report.rows_read == 3000 and run.report.balanced
    assert store.sources()["rows_read"].to_list() == [3000]
    assert 0 < run.peak_mb < 2048


def test_the_memory_limit_gives_a_message_not_a_dead_server(tmp_path, cases_file, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_MEMORY_MB", "200")
    run = run_worker(cases_file, tmp_path / "store")
    assert run.report is None
    assert str(run.error) == (
        "cases.csv: the file needs more than 200 MB to read (DASHBOARD_MAX_MEMORY_MB); not imported"
    )
    assert Store(tmp_path / "store").sources().is_empty()


def test_the_wall_clock_limit_stops_the_worker(tmp_path, big_file, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_WALL_SECONDS", "1")
    run = run_worker(big_file, tmp_path / "store")
    assert "took longer than 1 s (DASHBOARD_MAX_WALL_SECONDS)" in str(run.error)
    assert Store(tmp_path / "store").sources().is_empty()


def test_a_stopped_worker_leaves_the_store_clean(tmp_path, big_file, monkeypatch):
    store = Store(tmp_path / "store")
    store.root.mkdir(parents=True)
    leftover = store.root / "cases-left-by-a-killed-import.parquet.tmp"  # as a child killed mid-write leaves it
    leftover.write_bytes(b"half a file")
    monkeypatch.setenv("DASHBOARD_MAX_WALL_SECONDS", "1")
    run = run_worker(big_file, store.root)
    assert run.error is not None
    assert not leftover.exists()
    assert store.check() == []


def test_mapping_and_sheet_questions_come_back_as_their_own_errors(tmp_path):
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Land,Jahr,Droge,Kilo\nKenia,2020,Heroin,1\n", encoding="utf-8")
    with pytest.raises(MappingNeeded) as needed:
        import_in_worker(unknown, tmp_path / "store")
    assert needed.value.columns == ["Land", "Jahr", "Droge", "Kilo"]
    header = ["date", "country", "substance", "amount", "unit"]
    two = write_workbook(
        tmp_path / "two.xlsx",
        [
            Sheet("A", [header, ["2023-01-01", "Kenya", "Heroin", 1, "kg"]]),
            Sheet("B", [header, ["2023-01-02", "Peru", "Opium", 2, "kg"]]),
        ],
    )
    with pytest.raises(SheetNeeded) as which:
        import_in_worker(two, tmp_path / "store")
    assert which.value.sheets == ["A", "B"]
    report = import_in_worker(two, tmp_path / "store", sheet="B")
    assert report.rows_stored == 1


def test_the_cpu_limit_gives_its_own_message(tmp_path, big_file, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_CPU_SECONDS", "1")
    run = run_worker(big_file, tmp_path / "store")
    assert run.report is None
    assert "needs more than 1 s of CPU time to read (DASHBOARD_MAX_CPU_SECONDS)" in str(run.error)
    assert Store(tmp_path / "store").sources().is_empty()


def test_the_cli_reads_the_named_sheet(tmp_path, capsys):
    from dashboard.cli import main as cli

    header = ["date", "country", "substance", "amount", "unit"]
    two = write_workbook(
        tmp_path / "two.xlsx",
        [
            Sheet("A", [header, ["2023-01-01", "Kenya", "Heroin", 1, "kg"]]),
            Sheet("B", [header, ["2023-01-02", "Peru", "Opium", 2, "kg"]]),
        ],
    )
    store = str(tmp_path / "store")
    assert cli(["--data-dir", store, "import", str(two)]) == 1
    assert "several sheets that may hold the table ('A', 'B'); choose one" in capsys.readouterr().err
    assert cli(["--data-dir", store, "import", str(two), "--sheet", "B"]) == 0
    assert "rows read 1 = stored 1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("returncode", "stderr", "cpu", "phrase"),
    [
        (-6, "memory allocation of 4976192 bytes failed\n", 0.5, "needs more than 4,096 MB to read"),
        (-9, "", 0.5, "needs more than 4,096 MB to read"),  # the kernel's OOM killer
        (-24, "", 240.0, "needs more than 240 s of CPU time"),
        (-9, "", 245.0, "needs more than 240 s of CPU time"),  # the hard CPU limit
        (3, "", 0.1, "stopped unexpectedly (exit code 3)"),
    ],
)
def test_how_a_child_ended_becomes_one_line(monkeypatch, returncode, stderr, cpu, phrase):
    from dashboard.ingest.worker import _outcome

    monkeypatch.setenv("DASHBOARD_MAX_MEMORY_MB", "4096")
    monkeypatch.setenv("DASHBOARD_MAX_CPU_SECONDS", "240")
    report, error = _outcome("f.csv", None, returncode, stderr, False, cpu)
    assert report is None and str(error).startswith("f.csv: ") and phrase in str(error)
