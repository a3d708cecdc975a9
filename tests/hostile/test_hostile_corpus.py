"""Every file of the hostile corpus (``make_corpus.py``, 150+ files made at test time) through the importer, each in
its own child process under a memory cap: no crash, no traceback, no silent loss, no trace in the store of a refused
file, and no import above 2 GB of resident memory.

The corpus runs once per session (about half a minute here); each assertion below reads the records.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.ingest.worker import run_worker
from tests.hostile import make_corpus

REPO_ROOT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MB = 2048
REFUSALS = {"input", "mapping", "sheet"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[dict]]:
    folder = tmp_path_factory.mktemp("hostile-corpus")
    make_corpus.make(folder)
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records(corpus, tmp_path_factory) -> dict[str, dict]:
    folder, manifest = corpus
    work = tmp_path_factory.mktemp("hostile-run")
    results = work / "results.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.harness", str(folder), str(work / "store"), str(results)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    by_name = {r["name"]: r for r in map(json.loads, results.read_text(encoding="utf-8").splitlines())}
    assert set(by_name) == {e["name"] for e in manifest}, "every file of the corpus was imported"
    for entry in manifest:
        by_name[entry["name"]]["entry"] = entry
    return by_name


def _failures(records: dict[str, dict], broken) -> list[str]:
    return [f"{name}: {why}" for name, record in records.items() if (why := broken(record))]


def test_the_corpus_is_large_and_varied(corpus):
    _, manifest = corpus
    assert len(manifest) >= 150
    expected = {e["expect"] for e in manifest}
    assert {"imported", "refused"} <= expected
    assert sum(e["expect"] == "refused" for e in manifest) >= 60


def test_no_child_crashed(records):
    def crashed(record: dict) -> str:
        if record["exit"] != 0:
            return f"exit code {record['exit']}"
        outcome = (record["result"] or {}).get("outcome")
        return "" if outcome in REFUSALS | {"report"} else f"outcome {outcome}: {record['result']}"

    assert _failures(records, crashed) == []


def test_no_traceback_is_printed(records):
    def printed(record: dict) -> str:
        text = record["output"]
        return text[-500:] if "Traceback" in text or "panicked" in text or "Error:" in text else ""

    assert _failures(records, printed) == []


def test_every_file_gives_what_it_should(records):
    def wrong(record: dict) -> str:
        entry, result = record["entry"], record["result"] or {}
        outcome = result.get("outcome")
        if entry["expect"] == "imported" and outcome != "report":
            return f"refused but should import: {result.get('reason') or result}"
        if entry["expect"] == "refused" and outcome not in REFUSALS:
            return "imported but should be refused"
        message = result.get("reason", "") if outcome != "sheet" else "several sheets " + " ".join(result["sheets"])
        if entry["expect"] == "refused" and entry["phrase"] not in message:
            return f"the refusal does not say {entry['phrase']!r}: {message}"
        return ""

    assert _failures(records, wrong) == []


def test_no_row_is_lost(records):
    """Rows read equal the generator's own count of data rows, and every row read is stored, quarantined or a
    counted duplicate."""

    def lost(record: dict) -> str:
        entry, result = record["entry"], record["result"] or {}
        if result.get("outcome") != "report":
            return ""
        report = result["report"]
        accounted = report["rows_stored"] + report["rows_quarantined"] + report["duplicates_skipped"]
        if accounted != report["rows_read"]:
            return f"read {report['rows_read']} but accounted {accounted}"
        if entry["rows"] is not None and report["rows_read"] != entry["rows"] and not report["already_imported"]:
            return f"read {report['rows_read']} rows, the file has {entry['rows']}"
        return ""

    assert _failures(records, lost) == []


def test_a_refused_file_leaves_the_store_byte_identical(records):
    def touched(record: dict) -> str:
        refused = (record["result"] or {}).get("outcome") != "report"
        return "the store changed" if refused and not record["store_unchanged"] else ""

    assert _failures(records, touched) == []


def test_no_import_uses_2_gb(records):
    peaks = sorted(((r["peak_mb"], name) for name, r in records.items()), reverse=True)
    print("largest peaks (MB):", peaks[:5], "slowest (s):", sorted((r["seconds"], n) for n, r in records.items())[-5:])
    assert peaks[0][0] < PEAK_LIMIT_MB, peaks[:5]


def test_notes_count_what_was_left_out(records):
    report = records["header-blank-columns-with-data.csv"]["result"]["report"]
    assert any("16 non-empty cell(s)" in note for note in report["notes"]), report["notes"]
    encoding = records["enc-cp1252.csv"]["result"]["report"]["notes"]
    assert any("Windows-1252" in note for note in encoding), encoding
    hidden = records["xlsx-hidden-first.xlsx"]["result"]["report"]["notes"]
    assert any("hidden sheet(s) not read: Old" in note for note in hidden), hidden


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("xlsx-far-corner.xlsx", "XFD1048576"),
        ("bomb-repeated-row.csv.gz", "compression bomb"),
        ("nul-padded.csv", "binary"),
        ("xlsx-inline-string-bomb.xlsx", "DASHBOARD_MAX_"),
    ],
)
def test_the_worst_files_through_the_upload_worker(corpus, tmp_path, name, phrase):
    """The upload path itself (a fresh worker process): the caller lives and gets one line."""
    folder, _ = corpus
    run = run_worker(folder / name, tmp_path / "store")
    assert run.report is None and run.error is not None
    assert phrase in str(run.error) and "\n" not in str(run.error)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert run.peak_mb < PEAK_LIMIT_MB
