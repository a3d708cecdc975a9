"""UNODC's own regions and subregions: kept per stored row, membership derived from the store (the latest edition
wins), and a store imported before the columns existed still loads, with its UNODC areas unknown."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard import countries, query
from dashboard.data import load_dataset
from dashboard.ingest import import_file
from dashboard.state import from_query
from dashboard.store import Store

ANNUAL = Path(__file__).resolve().parents[1] / "fixtures" / "annual"
OLD_CSV = "seizures_2012_2016_small.csv"  # WDR 2018 (2012-2016)
NEW_XLSX = "wdr2023_small.xlsx"  # WDR 2023 (2018-2022)


@pytest.fixture()
def store(tmp_store: Store) -> Store:
    for name in (OLD_CSV, NEW_XLSX):
        assert import_file(ANNUAL / name, tmp_store).balanced
    return tmp_store


def _strip_unodc_columns(store: Store, file_name: str) -> None:
    """Make one source look imported before the UNODC region columns existed."""
    source_id = store.sources().filter(pl.col("file_name") == file_name)["source_id"].item()
    path = store.table_path("annual", source_id)
    pl.read_parquet(path).drop("unodc_region", "unodc_subregion").write_parquet(path)


def test_each_annual_row_keeps_the_region_and_subregion_its_file_gives(store: Store) -> None:
    annual = store.scan("annual").collect()
    afghanistan = annual.filter(pl.col("country_iso3") == "AFG")
    assert set(afghanistan["unodc_region"].to_list()) == {"Asia"}
    assert set(afghanistan["unodc_subregion"].to_list()) == {"Near and Middle East/ South-West Asia"}
    assert annual["unodc_subregion"].null_count() == 0


def test_the_store_gives_the_membership_and_the_filters_offer_it(store: Store) -> None:
    data = load_dataset(store, public=False)
    key = countries.unodc_key("unodc_subregion", "Near and Middle East/ South-West Asia")
    assert key in data.vocabulary.subregions and key in data.vocabulary.places and key in data.vocabulary.unodc_areas
    assert "AFG" in countries.area_members([key])
    state, notices = from_query({"subreg": key}, data.vocabulary, page="trends")
    assert not notices and state.subregions == (key,)
    rows = query.filter_annual(data, state).collect()
    assert rows.height > 0 and set(rows["country_iso3"].to_list()) <= set(countries.area_members([key]))


def test_a_store_imported_before_the_columns_existed_still_loads(store: Store) -> None:
    _strip_unodc_columns(store, OLD_CSV)
    annual = store.scan("annual").collect()  # one old file, one new: they scan together
    old = annual.filter(pl.col("edition_year") == annual["edition_year"].min())
    assert old.height > 0 and old["unodc_region"].null_count() == old.height  # not known, never invented
    _strip_unodc_columns(store, NEW_XLSX)
    data = load_dataset(store, public=False)
    assert data.vocabulary.unodc_areas == ()
    assert not any(countries.unodc_split(a) for a in data.vocabulary.subregions)
    assert data.vocabulary.subregions  # the M49 areas are still offered


def _rows(*rows: tuple[str, int, str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["country_iso3", "edition_year", "unodc_region", "unodc_subregion"], orient="row"
    ).with_columns(pl.col("edition_year").cast(pl.Int32))


def test_the_latest_edition_wins_and_older_spellings_take_the_latest_name() -> None:
    annual = _rows(
        ("KEN", 2018, "Africa", "Eastern Africa"),
        ("KEN", 2023, "Africa", "East Africa"),
        ("XYZ", 2018, "Asia", "Southern Asia"),
        ("AAA", 2018, "Africa", "North Africa"),
        ("AAA", 2023, "Asia", "South Asia"),  # an edition that moves a country: the latest wins
    )
    cases = pl.DataFrame(
        {"country_iso3": ["KEN", "BBB"], "unodc_region": ["Europe", "Europe"], "unodc_subregion": ["x", "East Europe"]}
    )
    found = {r["iso3"]: r for r in countries.unodc_membership(annual, cases).iter_rows(named=True)}
    assert found["KEN"]["unodc_subregion"] == "East Africa"  # a case record never overrides an edition
    assert found["XYZ"]["unodc_subregion"] == "South Asia"  # WDR 2018's spelling, under the latest name
    assert (found["AAA"]["unodc_region"], found["AAA"]["unodc_subregion"]) == ("Asia", "South Asia")
    assert found["BBB"]["unodc_subregion"] == "Eastern Europe"  # only the case records place it
    assert countries.unodc_membership(annual.drop("unodc_region", "unodc_subregion")).is_empty()
