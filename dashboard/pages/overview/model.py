"""What the Overview computes: the headline figures, each class's latest year beside the year before, the headline
trend, kilograms by group in the latest year and the main corridors."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard import query
from dashboard.data import Dataset
from dashboard.state import ViewState

TREND_SERIES = 6  # the headline trend keeps the largest groups only


@dataclass(frozen=True)
class Overview:
    headline: dict  # query.headline
    by_class: pl.DataFrame  # substance_class, year, value, previous, change_pct, reporting: one row per class
    trend: query.Trend
    corridors: query.Corridors


def overview(data: Dataset, state: ViewState) -> Overview:
    # One figure per class, whatever the class filter: their kilograms are never added together. Each is the class's
    # latest year, never a sum over years that editions and countries cover unevenly.
    return Overview(
        headline=query.headline(data, state),
        by_class=query.latest_year_figures(data, state.with_(classes=()), ["substance_class"]),
        trend=query.trend(data, state.with_(breakdown="group", measure="kg", dataset="annual"), top=TREND_SERIES),
        corridors=query.corridors(data, state),
    )
