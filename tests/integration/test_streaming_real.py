"""The real case file read in batches of 50,000 rows is stored exactly as the in-memory import stores it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from dashboard.ingest import import_file, streaming
from dashboard.store import Store

pytestmark = pytest.mark.realdata


def test_the_real_case_file_streamed_is_the_same_store(
    real_store: Store, shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "STREAM_BYTES", 0)
    monkeypatch.setattr(streaming, "BATCH_ROWS", 50_000)
    store = Store(tmp_path / "streamed")
    report = import_file(shared_data / "unodc-individual-seizures/ids_2011_2016_full.csv.gz", store)
    assert any("batches" in note for note in report.notes)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (311_038, 311_011, 27)
    assert report.rows_repeated == 44_231
    stored = pl.read_parquet(store.table_path("cases", report.source_id)).sort("source_row")
    assert_frame_equal(stored, pl.read_parquet(real_store.table_path("cases", report.source_id)).sort("source_row"))
    assert_frame_equal(
        store.quarantine(report.source_id).sort("row", "column"),
        real_store.quarantine(report.source_id).sort("row", "column"),
    )
    # The file is written year after year: row groups' statistics let a scan filtered on years skip the others.
    meta = pq.ParquetFile(store.table_path("cases", report.source_id)).metadata
    year = meta.schema.names.index("year")
    ranges = [
        (meta.row_group(i).column(year).statistics.min, meta.row_group(i).column(year).statistics.max)
        for i in range(meta.num_row_groups)
    ]
    assert len(ranges) > 1 and ranges == sorted(ranges)
    assert all(ranges[i][1] <= ranges[i + 1][0] for i in range(len(ranges) - 1))  # no year in two row groups apart
