"""What the Overview computes: the headline figures, tonnes by substance class side by side, and the headline trend."""

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
    tonnes_by_class: dict[str, float]  # class -> tonnes; a class with no figure is absent ("not reported")
    trend: query.Trend
    corridors: query.Corridors


def overview(data: Dataset, state: ViewState) -> Overview:
    # One figure per class, whatever the class filter: their kilograms are never added together.
    every_class = query.headline(data, state.with_(classes=()))["kg_by_group"]
    by_class = every_class.group_by("substance_class").agg(pl.col("value").sum())
    return Overview(
        headline=query.headline(data, state),
        tonnes_by_class=dict(zip(by_class["substance_class"], by_class["value"] / 1000, strict=True)),
        trend=query.trend(data, state.with_(breakdown="group", measure="kg", dataset="annual"), top=TREND_SERIES),
        corridors=query.corridors(data, state),
    )
