"""What the Compare countries page compares: the default countries, the compared series, and the ranking table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from dashboard import query, text
from dashboard.countries import (
    SPECIAL_CODES,
    UNODC_LEVELS,
    area_members,
    country_name,
    in_name_order,
    subarea_of,
    unodc_split,
)
from dashboard.data import Dataset
from dashboard.state import MAX_COMPARE, ViewState, Vocabulary

DEFAULT_COUNT = 4  # countries compared until the user chooses
RANKING_COLUMNS = [
    "rank",
    "profile",
    "country_name",
    "region",
    "year",
    "value",
    "share_region_pct",
    "share_world_pct",
    "region_reporting",
    "region_of",
]


def ranking_years(shares: pl.DataFrame) -> list[int]:
    """The years a ranking can show: those with a figure, latest first."""
    return shares.filter(pl.col("value").is_not_null())["year"].unique().sort(descending=True).to_list()


def countries_with_a_figure(ranking: pl.DataFrame) -> pl.DataFrame:
    """The ranking's real countries (no unknown/other/multiple) that have a figure, largest first."""
    return ranking.filter(ranking["value"].is_not_null() & ~ranking["country_iso3"].is_in(list(SPECIAL_CODES)))


def default_countries(ranking: pl.DataFrame) -> tuple[str, ...]:
    return tuple(countries_with_a_figure(ranking)["country_iso3"].head(DEFAULT_COUNT).to_list())


def country_options(vocabulary: Vocabulary) -> list[str]:
    return in_name_order(c for c in vocabulary.countries if c not in SPECIAL_CODES)


def chooser_countries(state: ViewState, defaults: Sequence[str], options: Sequence[str]) -> list[str]:
    """What the chooser of countries shows for a view: its countries, or the defaults, that can be chosen."""
    return [c for c in state.countries or defaults if c in options]


@dataclass(frozen=True)
class Comparison:
    kind: str  # "countries" or "regions"
    compared: list[str]  # ISO3 codes or region names
    label_column: str  # the column of the compared series that names them
    order: list[str]  # panel order, by that name
    countries: tuple[str, ...]  # the view's compared countries; empty while the defaults are shown (a short link)
    level: str = "region"  # regions: the area scheme compared (``state.AREA_LEVEL_LABELS``)

    @property
    def what(self) -> str:
        return "countries" if self.kind == "countries" else "regions"


def comparison(
    kind: str,
    chosen: Sequence[str],
    state: ViewState,
    defaults: Sequence[str],
    vocabulary: Vocabulary,
    level: str = "region",
) -> Comparison:
    if kind == "countries":
        countries = tuple(chosen)
        if not state.countries and countries == tuple(defaults):
            countries = ()
        return Comparison(kind, list(chosen), "country_name", [country_name(c) for c in chosen], countries)
    areas = compared_areas(state, vocabulary, level)
    return Comparison(kind, areas, "region", [text.vocabulary_label(a) for a in areas], state.countries, level)


def compared_areas(state: ViewState, vocabulary: Vocabulary, level: str) -> list[str]:
    """The areas a regional comparison shows at ``level``: those the sidebar chose at that level, else every one
    with a country in the data. At every level a country is in one area only, so no figure counts twice."""
    if level == "region":
        return list(state.regions or vocabulary.regions)
    if level in UNODC_LEVELS:
        at_level = [a for a in vocabulary.subregions if (unodc_split(a) or ("",))[0] == level]
    else:
        # An M49 subregion here is a country's narrowest area (``countries.subarea_of``), as the Trends breakdown.
        narrowest = {subarea_of(iso3) for iso3 in vocabulary.countries} - {None}
        at_level = [a for a in vocabulary.subregions if a in narrowest]
    chosen = [a for a in state.subregions if a in at_level]
    if chosen:
        return chosen
    # The areas of this level the sidebar's filters leave countries in (UNODC subregions of two chosen UNODC regions).
    inside = set(query.area_countries(state)) if state.regions or state.subregions else None
    return [a for a in at_level if inside is None or inside.intersection(area_members([a]))]


def compared_series(data: Dataset, state: ViewState, compared: Comparison) -> pl.DataFrame | None:
    """The yearly series of what is compared; None when nothing is."""
    if not compared.compared:
        return None
    if compared.kind == "countries":
        return query.compare(data, state, compared.compared)
    series = query.compare_regions(data, state, compared.compared, compared.level)
    # The panels are named as the reader reads them, with the scheme of a UNODC area ("... (UNODC subregion)").
    return series.with_columns(pl.col("region").map_elements(text.vocabulary_label, return_dtype=pl.String))


def ranking_table(ranking: pl.DataFrame, profile_url: Callable[[str], str]) -> pl.DataFrame:
    """The ranking as the page shows and downloads it, with a link to each real country's profile."""
    links = [None if iso3 in SPECIAL_CODES else profile_url(iso3) for iso3 in ranking["country_iso3"].to_list()]
    return ranking.with_columns(pl.Series("profile", links, dtype=pl.String)).select(RANKING_COLUMNS)


def clicked_country(selection: object) -> str | None:
    """The ISO3 code of the country clicked on the map (a Plotly selection event), if it is a real country."""
    points = (selection or {}).get("selection", {}).get("points", [])
    clicked = next((p.get("location") for p in points if p.get("location")), None)
    return None if clicked in SPECIAL_CODES else clicked


def can_add(clicked: str, kind: str, options: Sequence[str], chosen: Sequence[str]) -> bool:
    """Whether a country clicked on the map can join the compared countries."""
    return kind == "countries" and clicked in options and clicked not in chosen and len(chosen) < MAX_COMPARE
