"""Case records are stored partitioned by source (one file each) and by year (the file's row groups, sorted by year),
whichever way they were imported: a lazy scan filtered on years reads only the row groups of those years, and gives
the same rows as reading everything and filtering afterwards."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from dashboard import store as store_module
from dashboard.ingest import import_file, streaming
from dashboard.store import Store
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "cases/ids_sample.csv"  # 20 records of 2011-2016


def _year_ranges(path: Path) -> list[tuple[int, int]]:
    meta = pq.ParquetFile(path).metadata
    year = meta.schema.names.index("year")
    stats = [meta.row_group(i).column(year).statistics for i in range(meta.num_row_groups)]
    return [(s.min, s.max) for s in stats]


def _row_groups_read(capfd: pytest.CaptureFixture[str], query: pl.LazyFrame) -> tuple[pl.DataFrame, int, int]:
    """The query's result and (row groups read, row groups in the file), as Polars' verbose log reports them."""
    capfd.readouterr()
    with pl.Config(verbose=True):
        result = query.collect()
    log = capfd.readouterr().err
    found = re.findall(r"reading (\d+) / (\d+) row groups", log)
    assert found, f"Polars did not report its row groups:\n{log[-2000:]}"
    read, total = (sum(int(f[i]) for f in found) for i in (0, 1))
    return result, read, total


@pytest.mark.parametrize("streamed", [False, True], ids=["in-memory import", "streamed import"])
def test_a_year_filter_reads_only_the_row_groups_of_that_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], streamed: bool
) -> None:
    monkeypatch.setattr(store_module, "ROW_GROUP_ROWS", 4)  # 20 records: five row groups
    if streamed:
        monkeypatch.setattr(streaming, "STREAM_BYTES", 0)
        monkeypatch.setattr(streaming, "BATCH_ROWS", 7)  # each batch holds several years, in file order
    store = Store(tmp_path / "store")
    report = import_file(SAMPLE, store)
    assert any("batches" in note for note in report.notes) == streamed
    path = store.table_path("cases", report.source_id)

    # Sorted by year: the row groups' year ranges follow each other, a year in at most two neighbouring groups.
    ranges = _year_ranges(path)
    assert len(ranges) == 5 and ranges == sorted(ranges)
    assert all(ranges[i][1] <= ranges[i + 1][0] for i in range(len(ranges) - 1))
    everything = pl.read_parquet(path)
    assert everything["year"].is_sorted()
    assert everything.height == report.rows_stored == 20

    for year in (2011, 2014, 2016):
        query = store.scan("cases").filter(pl.col("year") == year)
        result, read, total = _row_groups_read(capfd, query)
        overlapping = sum(1 for low, high in ranges if low <= year <= high)
        assert (read, total) == (overlapping, 5) and read < total
        assert_frame_equal(result, everything.filter(pl.col("year") == year))
        assert result.height == SAMPLE.read_text(encoding="utf-8").count(f";{year}-")

    # A range of years too (the pages' "from" filter): fewer row groups, the same rows.
    result, read, total = _row_groups_read(capfd, store.scan("cases").filter(pl.col("year") >= 2015))
    assert read < total
    assert_frame_equal(result, everything.filter(pl.col("year") >= 2015))


def test_within_a_year_the_records_keep_the_order_of_the_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    report = import_file(SAMPLE, store)
    stored = pl.read_parquet(store.table_path("cases", report.source_id))
    assert stored.select(pl.col("source_row").is_sorted().over("year").all()).item()
    assert stored["year"].to_list() == sorted(stored["year"].to_list())
