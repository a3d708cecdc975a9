"""The Compare countries page's figures as exhibits: the compared series side by side, and the world map or the
ranking chart below (``main_figures`` builds them from a view, as the page draws them)."""

from __future__ import annotations

import polars as pl

from dashboard import query, text
from dashboard.data import Dataset
from dashboard.figures import charts, maps
from dashboard.figures.exhibit import Exhibit, filters_of
from dashboard.pages.compare import model
from dashboard.pages.compare.params import below, kind, level, ranking_year
from dashboard.pages.compare.text import CompareText, compare_text
from dashboard.state import ViewState


def side_by_side_exhibit(
    series: pl.DataFrame, compared: model.Comparison, words: CompareText, state: ViewState, *, filters: str
) -> Exhibit:
    title = words.side_by_side_title(compared.what)
    figure = charts.small_multiples(
        series,
        **words.chart_labels(title),
        label=compared.label_column,
        order=compared.order,
        log_scale=state.log_scale,
    )
    return Exhibit(
        "compared", title, figure, series, words.unit, words.source, filters, notes=tuple(words.notes(title))
    )


def map_exhibit(
    ranking: pl.DataFrame,
    table: pl.DataFrame,
    words: CompareText,
    state: ViewState,
    year: int | None,
    *,
    filters: str,
    shapes_url: str | None = None,
) -> Exhibit:
    """The choropleth of one year; ``shapes_url`` on screen only (an export carries the shapes inside the figure)."""
    title = words.map_title(year)
    figure = maps.choropleth(ranking, **words.chart_labels(title), log_scale=state.log_scale, shapes_url=shapes_url)
    notes = tuple(words.notes(title, years=(year, year)) if year else words.notes(title))
    return Exhibit("map", title, figure, table, words.unit, words.source, filters, is_map=True, notes=notes)


def ranking_exhibit(
    ranking: pl.DataFrame,
    table: pl.DataFrame,
    compared: model.Comparison,
    words: CompareText,
    year: int | None,
    *,
    filters: str,
) -> Exhibit:
    highlight = compared.compared if compared.kind == "countries" else ()
    title = words.top_title(year)
    figure = charts.ranking_figure(ranking, top=20, **words.chart_labels(title), highlight=highlight)
    notes = tuple(words.notes(words.ranking_title(year), years=(year, year)) if year else words.notes(title))
    return Exhibit("ranking", title, figure, table, words.unit, words.source, filters, notes=notes)


def main_figures(data: Dataset, state: ViewState) -> list[Exhibit]:
    shares = query.shares_by_year(data, state)
    year = query.ranking_year(shares, ranking_year(state))  # the year asked for when it has figures, else the latest
    ranking = query.ranking_of(shares, year, include_outliers=state.include_outliers or below(state) == "map")
    defaults = model.default_countries(ranking)
    options = model.country_options(data.vocabulary)
    chosen = model.chooser_countries(state, defaults, options) if kind(state) == "countries" else []
    compared = model.comparison(kind(state), chosen, state, defaults, data.vocabulary, level(state))
    state = state.with_(countries=compared.countries)
    series = model.compared_series(data, state, compared)
    words = compare_text(data, state)
    filters = filters_of(data, state)
    out = []
    if series is not None and len(compared.compared) >= 2:
        out.append(side_by_side_exhibit(series, compared, words, state, filters=filters))
    table = model.ranking_table(ranking, lambda iso3: text.profile_url(iso3, state))
    if below(state) == "map":
        out.append(map_exhibit(ranking, table, words, state, year, filters=filters))
    else:
        out.append(ranking_exhibit(ranking, table, compared, words, year, filters=filters))
    return out
