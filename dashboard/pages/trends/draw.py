"""The Trends page drawn: its controls, its chart, and what stands below the chart (its table, or the change)."""

from __future__ import annotations

import streamlit as st

from dashboard import query, text
from dashboard.figures import charts
from dashboard.i18n import _
from dashboard.measures import MEASURES
from dashboard.pages.trends import figures
from dashboard.pages.trends.params import PAGE, below, controls_from_view, with_below
from dashboard.pages.trends.text import NO_CHANGE, NO_CHANGE_BAR, NO_FIGURES, TrendText
from dashboard.state import BREAKDOWNS, RESOLUTIONS, ViewState
from dashboard.ui import charts as ui_charts
from dashboard.ui import controls, frame, tables
from dashboard.ui.tables import readable_wide_columns

BREAKDOWN, RESOLUTION, LOG, BELOW = (controls.key(name, PAGE) for name in ("breakdown", "resolution", "log", "below"))


def translated(options: dict[str, str]) -> dict[str, str]:
    return {key: _(label) for key, label in options.items()}


def _widgets(state: ViewState, monthly_possible: bool) -> dict[str, object]:
    breakdown, resolution, log_scale = controls_from_view(state, monthly_possible=monthly_possible)
    return {BREAKDOWN: breakdown, RESOLUTION: resolution, LOG: log_scale}


def trend_controls(state: ViewState, *, monthly_possible: bool, unodc_areas: bool = True) -> ViewState:
    """Breakdown, resolution and log scale; the view as they set it. ``unodc_areas``: whether the data place
    countries in UNODC's regions (data imported before the store kept them do not), else those breakdowns are not
    offered (unless the view already has one)."""
    controls.sync(PAGE, _widgets(state, monthly_possible))
    if not monthly_possible:
        st.session_state[RESOLUTION] = "year"
    offered = {
        key: label
        for key, label in BREAKDOWNS.items()
        if unodc_areas or not key.startswith("unodc_") or key == state.breakdown
    }
    # Up to seven breakdowns (subregions among them) need the room of a wider first column.
    by_column, resolution_column, log_column = st.columns([6, 2, 3], vertical_alignment="bottom")
    breakdown = controls.choice(_("Break down by"), translated(offered), BREAKDOWN, container=by_column)
    resolution = controls.choice(
        _("Resolution"),
        translated(RESOLUTIONS),
        RESOLUTION,
        container=resolution_column,
        disabled=not monthly_possible,
        help=_(
            "Monthly figures need the dates of individual seizure cases: choose the number of seizures, or "
            "kilograms from individual seizure cases, in the sidebar."
        ),
    )
    log_scale = log_column.toggle(
        _("Logarithmic scale"), key=LOG, help=_("Shows small and large series together; zero values cannot be drawn.")
    )
    state = state.with_(breakdown=breakdown, resolution=resolution, log_scale=log_scale)
    controls.settle(PAGE, _widgets(state, monthly_possible))
    return state


def trends(
    trend: query.Trend, words: TrendText, state: ViewState, *, demo: bool, empty_reason: str | None, filters: str
) -> ViewState:
    """The summary, the chart and what stands below it; the view with the choice of what stands below."""
    st.markdown(words.summary)
    if trend.frame.is_empty():
        st.info(empty_reason or _(NO_FIGURES))
        return state
    shown = figures.trend_exhibit(trend, words, state, demo=demo, filters=filters)
    ui_charts.chart(shown, key=controls.key("chart", PAGE))
    frame.download_csv(trend.frame, words.file_name, notes=words.notes)
    frame.chart_footer(shown, state)
    return below_the_chart(trend, words, state, demo=demo, filters=filters)


def below_the_chart(trend: query.Trend, words: TrendText, state: ViewState, *, demo: bool, filters: str) -> ViewState:
    """The chart's table, or the change from one period to the next: only the one shown is built."""
    controls.sync(BELOW, {BELOW: below(state)})
    detail = controls.choice(_("Below the chart"), words.details, BELOW)
    state = with_below(state, detail)
    controls.settle(BELOW, {BELOW: below(state)})
    period_label = _(RESOLUTIONS[words.period_name])
    # A month as ISO writes it ("2022-01"): the grid would write "MMM" in English whatever the page's language, and a
    # month written out as text would sort by its letters.
    period_column = (
        st.column_config.DateColumn(period_label, format="YYYY-MM", pinned=True)
        if words.monthly
        else st.column_config.NumberColumn(period_label, format="%d", pinned=True)
    )
    if detail == "change":
        change = figures.change_exhibit(trend, words, demo=demo, filters=filters)
        changes = query.with_change(trend.frame)
        ui_charts.chart(change, key=controls.key("change_chart", PAGE))
        change_table = charts.wide_table(changes, value="change_pct", order=charts.series_order(trend.frame))
        change_table = text.readable_columns(change_table, ["period"], percent_signed=True, missing=_(NO_CHANGE))
        ui_charts.grid(
            change_table,
            name=change.title,
            column_config=readable_wide_columns(change_table, "period", period_column),
            height=tables.whole_height(change_table),
        )
        frame.download_csv(change.table, words.change_file_name, notes=list(change.notes))
        frame.chart_footer(change, state)
        st.caption(_(NO_CHANGE_BAR))
    else:
        decimals = MEASURES[state.measure].table_decimals
        table = text.readable_columns(charts.wide_table(trend.frame), ["period"], decimals=decimals)
        ui_charts.grid(
            table,
            name=words.title,
            column_config=readable_wide_columns(table, "period", period_column),
            height=tables.whole_height(table),
        )
        st.caption(words.table_caption)
    return state
