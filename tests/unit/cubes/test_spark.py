"""The Spark build of the cubes, checked row for row against the Polars build (a few thousand rows, local[2])."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from dashboard import cubes
from dashboard.cli import main
from dashboard.ingest import import_file
from dashboard.store import Store
from tests.conftest import FIXTURES


def _partials(store: Store) -> dict[str, pl.DataFrame]:
    return {
        f"{kind}/{source_id}": pl.read_parquet(cubes.partial_path(store, kind, source_id))
        for source_id, kind in store.sources().select("source_id", "kind").iter_rows()
    }


def test_spark_builds_the_same_cubes_as_polars_row_for_row(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    for name in ("cases/ids_sample.csv", "annual/wdr2021_small.xlsx", "annual/wdr2023_small.xlsx"):
        import_file(FIXTURES / name, store)
    by_polars = _partials(store)
    assert sum(f["records"].sum() for f in by_polars.values()) == store.sources()["rows_stored"].sum()
    shutil.rmtree(store.root / "cubes")
    assert main(["--data-dir", str(store.root), "build-cubes", "--engine", "spark", "--master", "local[2]"]) == 0
    by_spark = _partials(store)
    assert by_spark.keys() == by_polars.keys()
    for name, frame in by_polars.items():
        assert frame.height > 0, name
        # Row for row: same keys in the same order, same counts; sums equal up to the order of additions.
        assert_frame_equal(by_spark[name], frame, check_exact=False, rel_tol=1e-12, abs_tol=1e-9)
