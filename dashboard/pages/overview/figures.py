"""The Overview's figures: the headline trend and kilograms by substance group (``main_figures``)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import text
from dashboard.data import Dataset
from dashboard.figures import charts
from dashboard.figures.exhibit import Exhibit, filters_of
from dashboard.figures.style import finish, series_style
from dashboard.i18n import _
from dashboard.pages.overview import model
from dashboard.pages.overview.model import Overview
from dashboard.pages.overview.text import OverviewText, overview_text
from dashboard.state import ViewState


def group_bars(kg_by_group: pl.DataFrame, *, title: str, source: str, demo: bool) -> go.Figure:
    """Horizontal bars of kilograms by substance group (totals and components already reconciled)."""
    frame = kg_by_group.filter(pl.col("value").is_not_null()).sort("value")
    fig = go.Figure(
        go.Bar(
            x=frame["value"].to_list(),
            y=[text.plotly(text.vocabulary_label(g)) for g in frame["substance_group"].to_list()],
            orientation="h",
            marker_color=[series_style(g, 0).colour for g in frame["substance_group"].to_list()],  # as on every page
            hovertemplate="%{y}: %{x:,.0f} " + text.plotly(_("kg"), template=True) + "<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=text.plotly(_("kilograms")), tickformat="~s")
    return finish(
        fig,
        title=title,
        unit=_("kilograms"),
        source=source,
        demo=demo,
        height=max(320, 32 * frame.height + 160),
    )


PANEL_WIDTH = 260  # pixels a small multiple needs to stay legible: a phone gets one column, a projector four


def trend_exhibit(
    overview: Overview, words: OverviewText, state: ViewState, *, filters: str, demo: bool, width: int | None = None
) -> Exhibit:
    """The headline trend as small multiples; ``width`` (pixels, when the browser said) sets how many a row."""
    title = words.trend_title
    table, unit = overview.trend.frame, overview.trend.unit
    # One panel per group, each on its own scale: tonnes of cannabis would flatten every other line on one axis.
    fig = charts.small_multiples(
        table,
        title=title,
        unit=unit,
        source=words.source,
        demo=demo,
        label="series",
        period="period",
        order=charts.series_order(table),
        log_scale=state.log_scale,
        shared_scale=False,
        max_columns=charts.MAX_COLUMNS if width is None else max(width // PANEL_WIDTH, 1),
    )
    return Exhibit("trend", title, fig, table, unit, words.source, filters, notes=tuple(words.trend_notes))


def groups_exhibit(overview: Overview, words: OverviewText, *, filters: str, demo: bool) -> Exhibit:
    kg_by_group, title, source = overview.headline["kg_by_group"], words.groups_title, words.latest_source
    fig = group_bars(kg_by_group, title=title, source=source, demo=demo)
    return Exhibit("groups", title, fig, kg_by_group, "kilograms", source, filters, notes=tuple(words.groups_notes))


def main_figures(data: Dataset, state: ViewState) -> list[Exhibit]:
    """The Overview's charts for ``state``, as the page draws them."""
    found = model.overview(data, state)
    words = overview_text(data, state, found)
    filters = filters_of(data, state)
    return [
        trend_exhibit(found, words, state, filters=filters, demo=data.is_demo),
        groups_exhibit(found, words, filters=filters, demo=data.is_demo),
    ]
