"""The Overview's own figure: kilograms by substance group."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import text
from dashboard.figures.style import finish


def group_bars(kg_by_group: pl.DataFrame, *, title: str, source: str, demo: bool) -> go.Figure:
    """Horizontal bars of kilograms by substance group (totals and components already reconciled)."""
    frame = kg_by_group.filter(pl.col("value").is_not_null()).sort("value")
    fig = go.Figure(
        go.Bar(
            x=frame["value"].to_list(),
            y=[text.plotly(g) for g in frame["substance_group"].to_list()],
            orientation="h",
            marker_color="#0072B2",
            hovertemplate="%{y}: %{x:,.0f} kg<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="kilograms", tickformat="~s")
    return finish(
        fig,
        title=title,
        unit="kilograms",
        source=source,
        demo=demo,
        height=max(320, 32 * frame.height + 160),
    )
