"""A large case file is read in batches and stored exactly as the in-memory import stores it."""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard.ingest import import_file, streaming
from dashboard.store import Store
from tests.conftest import FIXTURES


def _with_repeats(tmp_path: Path) -> Path:
    """The sample file with its first data row repeated at the end, so a repeat falls in another batch."""
    lines = (FIXTURES / "cases/ids_sample.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "ids_repeats.csv.gz"
    path.write_bytes(gzip.compress(("\n".join([*lines, lines[1], lines[1]]) + "\n").encode("utf-8")))
    return path


def _stored(store: Store, source_id: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = pl.read_parquet(store.table_path("cases", source_id)).sort("source_row")
    return rows, store.quarantine(source_id).sort("row", "column")


@pytest.mark.parametrize("batch", [3, 1000])
def test_a_file_read_in_batches_is_stored_as_the_in_memory_import_stores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    source = _with_repeats(tmp_path)
    whole = import_file(source, Store(tmp_path / "whole"))
    monkeypatch.setattr(streaming, "STREAM_BYTES", 0)
    monkeypatch.setattr(streaming, "BATCH_ROWS", batch)
    streamed = import_file(source, Store(tmp_path / "streamed"))
    assert any("batches" in note for note in streamed.notes)  # it did take the streaming path
    assert streamed.balanced and streamed.rows_read == whole.rows_read
    assert (streamed.rows_stored, streamed.rows_quarantined) == (whole.rows_stored, whole.rows_quarantined)
    assert streamed.rows_repeated == whole.rows_repeated >= 2
    rows, quarantine = _stored(Store(tmp_path / "streamed"), streamed.source_id)
    expected_rows, expected_quarantine = _stored(Store(tmp_path / "whole"), whole.source_id)
    assert_frame_equal(rows, expected_rows)
    assert_frame_equal(quarantine, expected_quarantine)


def test_a_file_the_batches_cannot_take_goes_the_in_memory_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "STREAM_BYTES", 0)
    report = import_file(FIXTURES / "cases/ids_sample_cp1252.csv", Store(tmp_path / "s"))
    assert report.balanced and report.rows_stored > 0
    assert not any("batches" in note for note in report.notes)
    assert not list((tmp_path / "s").glob(".stream-*"))  # the work folder is gone
