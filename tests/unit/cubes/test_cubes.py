from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard import cubes, demo
from dashboard.data import Dataset, load_dataset
from dashboard.ingest import import_file
from dashboard.schema import CASES_SCHEMA, conform
from dashboard.store import Store
from tests.conftest import FIXTURES
from tests.unit.cubes.parity import assert_cubes_match_records


@pytest.fixture(scope="module")
def demo_data() -> Dataset:
    return Dataset(demo.demo_cases(), demo.demo_annual(), demo.demo_sources(), True, "demo")


def test_every_query_gives_the_same_figures_on_the_cubes_as_on_the_demonstration_records(demo_data: Dataset) -> None:
    assert demo_data.case_cube.height < demo_data.cases.height  # the cube compacts, or the test shows nothing
    assert assert_cubes_match_records(demo_data) > 150


def test_a_cube_adds_up_records_and_keeps_not_reported_apart() -> None:
    cases = conform(
        pl.DataFrame(
            {
                "source_id": "s",
                "year": [2015, 2015, 2015],
                "country_iso3": "COL",
                "substance": "Cocaine",
                "kg_equivalent": pl.Series([None, None, None], dtype=pl.Float64),
                "quality_flags": ["", "repeated_record;check_amount", ""],
            }
        ),
        CASES_SCHEMA,
    )
    cube = cubes.case_cube(cases.lazy()).collect().sort("quality_flags")
    assert cube["records"].to_list() == [2, 1]
    assert cube["quality_flags"].to_list() == ["", "check_amount"]
    assert cube["kg_equivalent"].to_list() == [None, None]  # no figure stays no figure, never 0
    assert cube["kg_records"].to_list() == [0, 0]


def _import(store: Store, *names: str) -> list[str]:
    return [import_file(FIXTURES / name, store).source_id for name in names]


def test_cubes_are_built_per_source_at_import_and_removed_with_it(tmp_store: Store) -> None:
    cases_id, annual_id = _import(tmp_store, "cases/ids_sample.csv", "annual/wdr2021_small.xlsx")
    cases_part = cubes.partial_path(tmp_store, "cases", cases_id)
    annual_part = cubes.partial_path(tmp_store, "annual", annual_id)
    assert cases_part.exists() and annual_part.exists()
    # The partial is the compaction of exactly that source's stored rows.
    stored = pl.read_parquet(tmp_store.table_path("cases", cases_id))
    assert pl.read_parquet(cases_part)["records"].sum() == stored.height
    before = annual_part.stat().st_mtime_ns
    (second,) = _import(tmp_store, "annual/wdr2023_small.xlsx")
    assert annual_part.stat().st_mtime_ns == before  # incremental: the other sources' partials are not rebuilt
    assert cubes.partial_path(tmp_store, "annual", second).exists()
    tmp_store.remove(second)
    assert cubes.refresh(tmp_store)["removed"] == [second]
    assert not cubes.partial_path(tmp_store, "annual", second).exists()


def test_the_dataset_of_a_store_reads_cubes_and_gives_the_figures_of_its_records(tmp_store: Store) -> None:
    _import(tmp_store, "cases/ids_sample.csv", "annual/wdr2021_small.xlsx", "annual/wdr2023_small.xlsx")
    data = load_dataset(tmp_store)
    assert isinstance(data.cases, pl.LazyFrame)  # records stay on disk
    assert data.store_cubes is not None
    assert assert_cubes_match_records(data) > 150


def test_a_partial_missing_is_built_when_the_dataset_is_read(tmp_store: Store) -> None:
    (cases_id,) = _import(tmp_store, "cases/ids_sample.csv")
    path: Path = cubes.partial_path(tmp_store, "cases", cases_id)
    path.unlink()
    data = load_dataset(tmp_store)
    assert path.exists()
    assert data.case_cube["records"].sum() == tmp_store.sources()["rows_stored"].sum()


def test_public_mode_never_reads_the_cube_of_a_restricted_source(tmp_store: Store) -> None:
    import_file(FIXTURES / "annual/wdr2021_small.xlsx", tmp_store)
    restricted = import_file(FIXTURES / "annual/wdr2023_small.xlsx", tmp_store, restricted=True).source_id
    public = load_dataset(tmp_store, public=True)
    assert restricted not in public.annual_cube["source_id"].to_list()
    assert restricted in load_dataset(tmp_store).annual_cube["source_id"].to_list()


def test_build_cubes_on_the_command_line_rebuilds_what_is_missing(tmp_store: Store, capsys) -> None:
    from dashboard.cli import main

    (cases_id,) = _import(tmp_store, "cases/ids_sample.csv")
    built = pl.read_parquet(cubes.partial_path(tmp_store, "cases", cases_id))
    cubes.partial_path(tmp_store, "cases", cases_id).unlink()
    assert main(["--data-dir", str(tmp_store.root), "build-cubes"]) == 0
    assert "built 1 source(s)" in capsys.readouterr().out
    assert pl.read_parquet(cubes.partial_path(tmp_store, "cases", cases_id)).equals(built)
    assert main(["--data-dir", str(tmp_store.root), "build-cubes"]) == 0
    assert "built 0 source(s)" in capsys.readouterr().out  # nothing missing, nothing rebuilt
