"""The Trends page's controls, its chart, and what stands below the chart (its table, or the change)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import query
from dashboard.data import Dataset
from dashboard.figures import charts
from dashboard.state import BREAKDOWNS, RESOLUTIONS, ViewState
from dashboard.ui import controls, frame
from dashboard.ui.tables import wide_columns
from dashboard.views.shared import chart_labels, table_decimals
from dashboard.views.trends import CHANGE_NOTE, NO_CHANGE_BAR, TrendText, controls_from_view

CONTROLS_FROM = "_trends_controls_from"
WIDGETS = ("w_breakdown", "w_resolution", "w_log")


def trend_controls(state: ViewState, *, monthly_possible: bool) -> ViewState:
    """Breakdown, resolution and log scale, seeded from the view; the view as they now set it."""
    incoming = controls_from_view(state, monthly_possible=monthly_possible)
    controls.seed(CONTROLS_FROM, incoming, dict(zip(WIDGETS, incoming, strict=True)))
    if not monthly_possible and st.session_state.get("w_resolution") == "month":
        st.session_state["w_resolution"] = "year"
    by_column, resolution_column, log_column = st.columns([4, 2, 2], vertical_alignment="bottom")
    breakdown = controls.choice("Break down by", BREAKDOWNS, "w_breakdown", container=by_column)
    resolution = controls.choice(
        "Resolution",
        RESOLUTIONS,
        "w_resolution",
        container=resolution_column,
        disabled=not monthly_possible,
        help="Monthly figures need the dates of individual seizure cases: choose the number of seizures, or kilograms "
        "from individual seizure cases, in the sidebar.",
    )
    log_scale = log_column.toggle(
        "Logarithmic scale", key="w_log", help="Shows small and large series together; zero values cannot be drawn."
    )
    controls.remember(CONTROLS_FROM, (breakdown, resolution, log_scale))
    return state.with_(breakdown=breakdown, resolution=resolution, log_scale=log_scale)


def trend_chart(trend: query.Trend, text: TrendText, state: ViewState, data: Dataset) -> None:
    figure = charts.trend_figure(
        trend, log_scale=state.log_scale, title=text.title, source=query.source_of(data, state), demo=data.is_demo
    )
    st.plotly_chart(figure, config={"displaylogo": False}, key="trend_chart")
    frame.download_csv(trend.frame, text.file_name, notes=text.notes)


def below_the_chart(trend: query.Trend, text: TrendText, state: ViewState, data: Dataset) -> None:
    """The chart's table, or the change from one period to the next: only the one shown is built."""
    detail = st.segmented_control(
        "Below the chart",
        list(text.details),
        format_func=text.details.__getitem__,
        key="w_trend_detail",
        default="table",
        required=True,
    )
    period_label = text.period_name.capitalize()
    period_column = (
        st.column_config.DateColumn(period_label, format="MMM YYYY")
        if text.monthly
        else st.column_config.NumberColumn(period_label, format="%d")
    )
    if detail == "change":
        changes = query.with_change(trend.frame)
        figure = charts.change_figure(
            changes, **chart_labels(data, state, text.change_title, trend.unit), period_name=text.period_name
        )
        st.plotly_chart(figure, config={"displaylogo": False}, key="change_chart")
        change_table = charts.wide_table(changes, value="change_pct", order=charts.series_order(trend.frame))
        st.dataframe(
            change_table, hide_index=True, column_config=wide_columns(change_table, "period", period_column, "%+.1f%%")
        )
        frame.download_csv(
            changes.select("period", "series", "value", "change_pct"),
            text.change_file_name,
            notes=[*text.notes, CHANGE_NOTE],
        )
        st.caption(NO_CHANGE_BAR)
    else:
        table = charts.wide_table(trend.frame).with_columns(pl.exclude("period").round(table_decimals(state.measure)))
        st.dataframe(table, hide_index=True, column_config=wide_columns(table, "period", period_column))
        st.caption(text.table_caption)
