"""The query layer on a hand-made annual table: a substance's own rows, a group's total line and the rest."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import query
from dashboard.data import Dataset
from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA, conform
from dashboard.state import ViewState

ECSTASY = "Ecstasy-type substances"


def annual(rows: list[tuple]) -> pl.DataFrame:
    names = ["country_iso3", "year", "substance", "substance_subgroup", "kg_equivalent", "is_total", "total_of"]
    frame = pl.DataFrame([dict(zip(names, r, strict=True)) for r in rows]).with_columns(
        pl.lit("s").alias("source_id"),
        pl.lit(2023, pl.Int32).alias("edition_year"),
        pl.lit(ECSTASY).alias("substance_group"),
        pl.lit("drug").alias("substance_class"),
        pl.lit(False).alias("is_plant_material"),
    )
    return conform(frame, ANNUAL_SCHEMA)


@pytest.fixture()
def data() -> Dataset:
    rows = [
        ("BEL", 2022, "MDMA", ECSTASY, 100.0, False, None),
        ("BEL", 2022, "Ecstasy-type (reported total)", "Reported total", 150.0, True, ECSTASY),
        ("NLD", 2022, "MDMA", ECSTASY, 40.0, False, None),
        ("NLD", 2022, "MDA", ECSTASY, 5.0, False, None),
    ]
    sources = pl.DataFrame({"source_id": ["s"], "kind": ["annual"], "citation": ["WDR test"]})
    return Dataset(pl.DataFrame(schema=CASES_SCHEMA), annual(rows), sources, False, "t")


def series(data: Dataset, state: ViewState) -> dict[str, float]:
    frame = query.trend(data, state, top=20).frame
    return dict(zip(frame["series"], frame["value"], strict=True))


def test_by_substance_a_substance_is_its_own_rows_and_the_total_a_group_line(data: Dataset) -> None:
    found = series(data, ViewState(breakdown="substance"))
    assert found == {
        "MDMA": 140.0,  # not 40: Belgium's total does not hide its MDMA
        "MDA": 5.0,
        f"{ECSTASY}: group total": 195.0,  # Belgium's total and the Netherlands' parts
        f"{ECSTASY}: unspecified": 50.0,  # what Belgium's total holds beyond its MDMA
    }
    assert series(data, ViewState(substances=("MDMA",))) == {f"{ECSTASY}: MDMA only": 140.0}
    assert series(data, ViewState()) == {ECSTASY: 195.0}


def test_every_point_says_how_many_countries_reported_of_how_many(data: Dataset) -> None:
    frame = query.trend(data, ViewState(regions=("Europe",))).frame
    assert frame.select("reporting", "of").row(0) == (
        2,
        int(query.region_sizes().filter(pl.col("region") == "Europe")["of"].item()),
    )
