"""The Routes page's own queries: corridors at the chosen level (country, subregion or region), the top ``n`` of them,
where each end sits on the map, the bounding box that frames them, and the origin x destination matrix; and the
corridors of the view, kept to the destinations and the departure or transit places the page's own parameters name
(``dest``, ``via``).

Subregions and regions are UN M49's, of the country at either end. A corridor between two countries of the same
region stays in the matrix and the table (the diagonal), but has no arc on the map: an arc needs two places.
"""

from __future__ import annotations

import math
from functools import cache

import polars as pl

from dashboard import query
from dashboard.countries import countries_frame
from dashboard.data import Dataset
from dashboard.figures.deck import country_positions
from dashboard.pages.routes.params import destinations, via
from dashboard.state import ViewState


def corridors(data: Dataset, state: ViewState) -> query.Corridors:
    return query.corridors(data, state, destinations=destinations(state), via=via(state))


LEVEL_COLUMNS = {"subregion": "subregion", "region": "region"}  # the level -> the column of ``countries_frame``


def _members(level: str) -> pl.DataFrame:
    """iso3 -> the name of its subregion or region (null when M49 gives it none)."""
    return countries_frame().select("iso3", pl.col(LEVEL_COLUMNS[level]).alias("place"))


def at_level(corridors: pl.DataFrame, level: str) -> pl.DataFrame:
    """``corridors`` (one row per pair of countries, from ``query.corridors``) summed to pairs of subregions or
    regions, with the same columns; at ``country`` level unchanged. Kilograms stay null where no record of the pair
    gives one (not reported is never zero); seizures and records to check are counts."""
    if level == "country" or corridors.is_empty():
        return corridors
    members = _members(level)
    frame = corridors.join(
        members.rename({"iso3": "origin_iso3", "place": "origin_place"}), on="origin_iso3", how="left"
    ).join(
        members.rename({"iso3": "destination_iso3", "place": "destination_place"}), on="destination_iso3", how="left"
    )
    frame = frame.filter(pl.col("origin_place").is_not_null() & pl.col("destination_place").is_not_null())
    grouped = frame.group_by("origin_place", "destination_place").agg(
        pl.col("seizures").sum(),
        pl.when(pl.col("kg").count() > 0).then(pl.col("kg").sum()).alias("kg"),
        pl.col("first_year").min(),
        pl.col("last_year").max(),
        pl.col("origin_country_name").n_unique().alias("origin_countries"),
        pl.col("destination_country_name").n_unique().alias("destination_countries"),
        pl.col("top_substances").str.split(", ").explode().drop_nulls().unique().sort().head(3).str.join(", "),
        pl.col("to_check").sum(),
    )
    return grouped.with_columns(
        pl.col("origin_place").alias("origin_iso3"),
        pl.col("destination_place").alias("destination_iso3"),
        pl.col("origin_place").alias("origin_country_name"),
        pl.col("destination_place").alias("destination_country_name"),
        pl.lit("").alias("transit"),
    ).drop("origin_place", "destination_place")


@cache
def place_positions(level: str) -> dict[str, tuple[float, float]]:
    """Where each place of ``level`` sits on the map: a country's centroid, or the mean of the centroids of the
    countries of a subregion or region (longitudes averaged on the circle, so Polynesia does not land in Africa)."""
    positions = country_positions()
    if level == "country":
        return positions
    out: dict[str, tuple[float, float]] = {}
    for place, codes in _members(level).drop_nulls().group_by("place").agg("iso3").iter_rows():
        points = [positions[c] for c in codes if c in positions]
        if not points:
            continue
        x = sum(math.cos(math.radians(lon)) for lon, _ in points)
        y = sum(math.sin(math.radians(lon)) for lon, _ in points)
        out[place] = (math.degrees(math.atan2(y, x)), sum(lat for _, lat in points) / len(points))
    return out


def top(corridors: pl.DataFrame, n: int, width_by: str) -> pl.DataFrame:
    """The ``n`` largest corridors by ``width_by``, ties broken the same way every time."""
    keys = list(dict.fromkeys([width_by, "seizures", "kg"]))
    ordered = corridors.sort(
        [*keys, "origin_iso3", "destination_iso3"], descending=[*(True for _ in keys), False, False], nulls_last=True
    )
    return ordered.head(max(n, 0))


def matrix(corridors: pl.DataFrame, width_by: str) -> pl.DataFrame:
    """Origin x destination: one row per origin, one column per destination, the measure where a corridor is in the
    selection and null where it is not (no corridor among those shown is not a zero). Origins and destinations in
    order of their total, largest first."""
    if corridors.is_empty():
        return pl.DataFrame({"origin": []}, schema={"origin": pl.String})
    frame = corridors.select(
        pl.col("origin_country_name").alias("origin"),
        pl.col("destination_country_name").alias("destination"),
        pl.col(width_by).cast(pl.Float64).alias("value"),
    )
    origins = frame.group_by("origin").agg(pl.col("value").sum()).sort(["value", "origin"], descending=[True, False])
    destinations = frame.group_by("destination").agg(pl.col("value").sum())
    destinations = destinations.sort(["value", "destination"], descending=[True, False])["destination"].to_list()
    # One row per pair: "first" keeps an absent pair null, where "sum" would make it 0.
    wide = frame.pivot(on="destination", index="origin", values="value", aggregate_function="first")
    return origins.select("origin").join(wide, on="origin", how="left").select("origin", *destinations)
