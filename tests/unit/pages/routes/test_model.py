"""The Routes page's own queries: corridors summed to subregions and regions, the top n, and the matrix."""

from __future__ import annotations

import polars as pl

from dashboard.pages.routes import model
from tests.unit.pages.routes.test_figures import corridor_frame


def frame() -> pl.DataFrame:
    return corridor_frame(
        [
            {"origin_iso3": "COL", "destination_iso3": "ESP", "kg": 900.0, "seizures": 3},
            {"origin_iso3": "PER", "destination_iso3": "ESP", "kg": None, "seizures": 2},
            {"origin_iso3": "BRA", "destination_iso3": "PRT", "kg": 100.0, "seizures": 1},
            {"origin_iso3": "PER", "destination_iso3": "ITA", "kg": None, "seizures": 4},
        ]
    ).with_columns(
        pl.col("origin_iso3").alias("origin_country_name"),
        pl.col("destination_iso3").alias("destination_country_name"),
        pl.lit(0).alias("to_check"),
    )


def test_regions_add_their_countries_corridors_and_keep_not_reported_apart() -> None:
    regions = model.at_level(frame(), "region")
    (row,) = regions.to_dicts()
    assert (row["origin_iso3"], row["destination_iso3"]) == ("Americas", "Europe")
    assert row["seizures"] == 10 and row["kg"] == 1000.0  # nulls are not zeros, and not a reason to drop the sum
    subregions = model.at_level(frame(), "subregion")
    peru_italy = subregions.filter(pl.col("destination_iso3") == "Southern Europe")
    assert peru_italy["kg"].sum() == 1000.0 and peru_italy["seizures"].sum() == 10
    only_null = model.at_level(frame().filter(pl.col("origin_iso3") == "PER"), "region")
    assert only_null["kg"].to_list() == [None]  # no record of the pair gives kilograms: not reported, never 0


def test_top_and_matrix_keep_the_largest_and_leave_absent_pairs_blank() -> None:
    shown = model.top(frame(), 2, "kg")
    assert shown.select("origin_iso3", "destination_iso3").rows() == [("COL", "ESP"), ("BRA", "PRT")]
    grid = model.matrix(shown, "kg")
    assert grid.columns == ["origin", "ESP", "PRT"]
    assert grid.rows() == [("COL", 900.0, None), ("BRA", None, 100.0)]


def test_region_positions_average_longitudes_on_the_circle() -> None:
    lon, _ = model.place_positions("subregion")["Polynesia"]
    assert abs(lon) > 140  # the Pacific, not the Greenwich meridian that a plain mean of +-170 would give
