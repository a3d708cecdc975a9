"""The cubes built at import from the real files give every page's figures exactly as the records do."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import cubes
from dashboard.data import load_dataset
from dashboard.state import ViewState
from dashboard.store import Store
from tests.unit.cubes.parity import VIEWS, assert_cubes_match_records

pytestmark = pytest.mark.realdata


def test_every_page_query_gives_the_records_figures_on_the_real_cubes(real_store: Store) -> None:
    data = load_dataset(real_store)
    assert data.store_cubes is not None
    stored = int(real_store.sources().filter(pl.col("kind") == "cases")["rows_stored"].sum())
    assert int(data.case_cube["records"].sum()) == stored == 311_011  # every record is in the cube, once
    assert data.case_cube.height < stored / 5  # and the cube is far smaller than the records
    views = {**VIEWS, "heroin from 2014": ViewState(substances=("Heroin",), year_from=2014)}
    assert assert_cubes_match_records(data, views, profiles=3) > 150


def test_the_stored_partials_are_the_compaction_of_the_stored_records(real_store: Store) -> None:
    for source_id, kind in real_store.sources().select("source_id", "kind").iter_rows():
        built = pl.read_parquet(cubes.partial_path(real_store, kind, source_id))
        table = pl.scan_parquet(real_store.table_path(kind, source_id))
        again = cubes.compact(table, cubes.cubes()[kind]).collect()
        assert_frame_equal(built, again, check_dtypes=False)
