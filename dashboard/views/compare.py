"""The Compare countries page: what is compared (URL ``cmp``), the view below the chart (``cview``), the default
countries, the ranking table with its profile links, and the page's titles and captions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from dashboard import query
from dashboard.countries import SPECIAL_CODES, country_name
from dashboard.data import Dataset
from dashboard.state import MAX_COMPARE, MEASURES, ViewState, Vocabulary
from dashboard.views.shared import chart_labels, download_notes

KINDS = {"countries": "Countries", "regions": "Regions"}
VIEWS = {"ranking": "Ranking", "map": "World map"}
DEFAULT_COUNT = 4  # countries compared until the user chooses
RANKING_COLUMNS = ["rank", "profile", "country_name", "region", "value", "share_region_pct", "share_world_pct"]


def countries_with_a_figure(ranking: pl.DataFrame) -> pl.DataFrame:
    """The ranking's real countries (no unknown/other/multiple) that have a figure, largest first."""
    return ranking.filter(ranking["value"].is_not_null() & ~ranking["country_iso3"].is_in(list(SPECIAL_CODES)))


def default_countries(ranking: pl.DataFrame) -> tuple[str, ...]:
    return tuple(countries_with_a_figure(ranking)["country_iso3"].head(DEFAULT_COUNT).to_list())


def country_options(vocabulary: Vocabulary) -> list[str]:
    return [c for c in vocabulary.countries if c not in SPECIAL_CODES]


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

    @property
    def what(self) -> str:
        return "countries" if self.kind == "countries" else "regions"


def comparison(
    kind: str, chosen: Sequence[str], state: ViewState, defaults: Sequence[str], vocabulary: Vocabulary
) -> Comparison:
    if kind == "countries":
        countries = tuple(chosen)
        if not state.countries and countries == tuple(defaults):
            countries = ()
        return Comparison(kind, list(chosen), "country_name", [country_name(c) for c in chosen], countries)
    regions = list(state.regions or vocabulary.regions)
    return Comparison(kind, regions, "region", regions, state.countries)


def compared_series(data: Dataset, state: ViewState, compared: Comparison) -> pl.DataFrame | None:
    """The yearly series of what is compared; None when nothing is."""
    if not compared.compared:
        return None
    if compared.kind == "countries":
        return query.compare(data, state, compared.compared)
    return query.compare_regions(data, state, compared.compared)


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


@dataclass(frozen=True)
class ComparePage:
    """The data and the view the page draws, with the titles and captions it gives them."""

    data: Dataset
    state: ViewState
    label: str  # the measure
    unit: str
    years: str  # "2015–2024"
    ranking_title: str
    map_title: str
    top_title: str

    def side_by_side_title(self, kind: str) -> str:
        return f"{self.label}: {kind} side by side on one scale"

    def chart_labels(self, title: str) -> dict[str, object]:
        return chart_labels(self.data, self.state, title, self.unit)

    def notes(self, title: str) -> list[str]:
        return download_notes(self.data, self.state, title, self.unit)

    def ranking_caption(self, countries: int) -> str:
        return (
            f"{self.label}, {self.years}. {countries:,} countries with a figure. Shares are of the total of the "
            "countries that reported in the current filters; a country that did not report is not counted as zero."
        )


def compare_page(data: Dataset, state: ViewState) -> ComparePage:
    first, last = query.view_years(data, state)
    label = query.measure_label(state)
    measure = MEASURES[state.measure]
    return ComparePage(
        data=data,
        state=state,
        label=label,
        unit=query.UNIT[state.measure],
        years=f"{first}–{last}",
        ranking_title=f"{label}, {first}–{last}, by seizing country",
        map_title=f"{label}, {first}–{last}: world map",
        top_title=f"The 20 largest: {measure[0].lower()}{measure[1:]}",
    )


def too_few(kind: str) -> str:
    return f"Choose at least two {kind} to compare them side by side."


def reporting_caption(series: pl.DataFrame, kind: str) -> str:
    reporting = series.filter(series["value"].is_not_null())
    return (
        f"Every panel uses the same vertical scale. {reporting.height:,} of {series.height:,} "
        f"{'country' if kind == 'countries' else 'region'}-years have "
        "a figure; **a gap means not reported — never zero.**"
    )


def unshaped_caption(unshaped: Sequence[str]) -> str | None:
    return f"Too small for this map, but in the ranking: {', '.join(sorted(unshaped))}." if unshaped else None
