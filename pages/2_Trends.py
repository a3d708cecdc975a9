"""Trends: time series by substance group, substance, region or country, per year or (from case dates) per month.

A period a country did not report stays empty, so lines break there instead of dropping to zero. The breakdown,
resolution and log scale live in the view state, so the URL carries them (``by``, ``res``, ``log``).
"""

import polars as pl
import streamlit as st

from dashboard import query
from dashboard.figures import charts
from dashboard.state import BREAKDOWNS, RESOLUTIONS
from dashboard.ui import frame

data, state = frame.start("Trends", icon=":material/show_chart:")
source = data.citation
monthly_possible = query.uses_cases(state)

# ---- controls bound to the view state -----------------------------------------------------------------------------
CONTROLS_FROM = "_trends_controls_from"
incoming = (state.breakdown, state.resolution if monthly_possible else "year", state.log_scale)
if st.session_state.get(CONTROLS_FROM) != incoming:  # the state came from the URL or another page: show it
    st.session_state["w_breakdown"], st.session_state["w_resolution"], st.session_state["w_log"] = incoming
if not monthly_possible and st.session_state.get("w_resolution") == "month":
    st.session_state["w_resolution"] = "year"

by_column, resolution_column, log_column = st.columns([4, 2, 2], vertical_alignment="bottom")
breakdown = by_column.segmented_control(
    "Break down by", list(BREAKDOWNS), format_func=BREAKDOWNS.__getitem__, key="w_breakdown", required=True
)
resolution = resolution_column.segmented_control(
    "Resolution",
    list(RESOLUTIONS),
    format_func=RESOLUTIONS.__getitem__,
    key="w_resolution",
    required=True,
    disabled=not monthly_possible,
    help="Monthly figures need the dates of individual seizure cases: choose the number of seizures, or kilograms "
    "from individual seizure cases, in the sidebar.",
)
log_scale = log_column.toggle(
    "Logarithmic scale", key="w_log", help="Shows small and large series together; zero values cannot be drawn."
)
st.session_state[CONTROLS_FROM] = (breakdown, resolution, log_scale)
state = state.with_(breakdown=breakdown, resolution=resolution, log_scale=log_scale)
frame.publish(state)

# ---- the trend ---------------------------------------------------------------------------------------------------
trend = query.trend(data, state)
monthly = state.resolution == "month" and monthly_possible
period_name = "month" if monthly else "year"
label = query.measure_label(state)
by_label = BREAKDOWNS[state.breakdown].lower()
title = f"{label} — by {by_label}, per {period_name}"
series_count = trend.frame["series"].n_unique() if trend.frame.height else 0
first, last = state.years(data.vocabulary)
notes = [
    title,
    f"Unit: {trend.unit}",
    f"Years {first}-{last}",
    f"Source: {source}",
    "An empty value means not reported (not zero).",
]
if data.is_demo:
    notes.insert(0, "DEMONSTRATION DATA - NOT REAL SEIZURES")

records_kind = "case records" if query.uses_cases(state) else "rows of the annual reports"
dated = " with a known month" if monthly else ""
summary = (
    f"These figures rest on **{trend.records:,} {records_kind}{dated}** from **{trend.countries:,} "
    f"{'country' if trend.countries == 1 else 'countries'}** ({first}–{last}). "
    "**A gap in a line means not reported — never zero.**"
)
if trend.series_total > series_count:
    summary += f" The chart draws the {series_count} largest of {trend.series_total} {by_label} series over the period."
if not monthly_possible:
    summary += " Monthly resolution is available for measures from case records."
if state.log_scale:
    summary += " On a logarithmic scale a zero cannot be drawn: see the table."
st.markdown(summary)

if trend.frame.is_empty():
    st.info("No figures match the current filters. Widen the years or clear some filters in the sidebar.")
    st.stop()

st.plotly_chart(
    charts.trend_figure(trend, log_scale=state.log_scale, title=title, source=source, demo=data.is_demo),
    config={"displaylogo": False},
    key="trend_chart",
)
frame.download_csv(trend.frame, f"trends-{state.breakdown}-{period_name}.csv", notes=notes)

# ---- table alternative and year-on-year change (only the one shown is built) ---------------------------------------
DETAILS = {"table": "Table of the chart", "change": f"Change from the previous {period_name}"}
detail = st.segmented_control(
    "Below the chart",
    list(DETAILS),
    format_func=DETAILS.__getitem__,
    key="w_trend_detail",
    default="table",
    required=True,
)
period_label = period_name.capitalize()
period_column = (
    st.column_config.DateColumn(period_label, format="MMM YYYY")
    if monthly
    else st.column_config.NumberColumn(period_label, format="%d")
)
if detail == "change":
    changes = query.with_change(trend.frame)
    change_title = f"Change from the previous {period_name}: {label[0].lower()}{label[1:]}, by {by_label}"
    st.plotly_chart(
        charts.change_figure(
            changes,
            title=change_title,
            unit=trend.unit,
            source=source,
            demo=data.is_demo,
            period_name=period_name,
        ),
        config={"displaylogo": False},
        key="change_chart",
    )
    change_table = charts.wide_table(changes, value="change_pct", order=charts.series_order(trend.frame))
    st.dataframe(
        change_table,
        hide_index=True,
        column_config={
            "period": period_column,
            **{c: st.column_config.NumberColumn(c, format="%+.1f%%") for c in change_table.columns if c != "period"},
        },
    )
    frame.download_csv(
        changes.select("period", "series", "value", "change_pct"),
        f"trends-change-{state.breakdown}-{period_name}.csv",
        notes=[*notes, "change_pct: per cent change from the previous period; empty where either is not reported"],
    )
    st.caption("No bar: the change cannot be computed because one of the two periods was not reported (or was zero).")
else:
    decimals = 0 if state.measure in {"kg", "seizures"} else 3  # the download keeps full precision
    table = charts.wide_table(trend.frame).with_columns(pl.exclude("period").round(decimals))
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "period": period_column,
            **{c: st.column_config.NumberColumn(c, format="localized") for c in table.columns if c != "period"},
        },
    )
    st.caption(f"One row per {period_name}, one column per {by_label}, in {trend.unit}. *None*: not reported.")
