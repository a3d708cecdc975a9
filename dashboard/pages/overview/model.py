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
    class_years: pl.DataFrame | None = None  # substance_class, year, value: each class's sparkline


def overview(data: Dataset, state: ViewState) -> Overview:
    # One figure per class, whatever the class filter: their kilograms are never added together. Each is the class's
    # latest year, never a sum over years that editions and countries cover unevenly.
    class_years = query.yearly(data, state.with_(classes=()), ["substance_class"]).sort("year")
    return Overview(
        headline=query.headline(data, state),
        by_class=query.latest_of(class_years, ["substance_class"]),
        trend=query.trend(data, state.with_(breakdown="group", measure="kg", dataset="annual"), top=TREND_SERIES),
        corridors=query.corridors(data, state),
        class_years=class_years,
    )


def sparkline(class_years: pl.DataFrame | None, substance_class: str) -> list[float | None]:
    """A class's kilograms year by year, every year of the view in order; a year with no figure stays a gap."""
    if class_years is None or class_years.is_empty():
        return []
    years = range(int(class_years["year"].min()), int(class_years["year"].max()) + 1)
    values = dict(class_years.filter(pl.col("substance_class") == substance_class).select("year", "value").iter_rows())
    return [values.get(year) for year in years] if values else []
