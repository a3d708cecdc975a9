"""The Overview drawn: headline metrics, the headline trend, kilograms by group, the main corridors, and the caveats."""

from __future__ import annotations

import streamlit as st

from dashboard import text
from dashboard.i18n import _
from dashboard.pages.overview import figures
from dashboard.pages.overview.model import Overview
from dashboard.pages.overview.text import (
    ALL_ROUTES,
    CAVEATS,
    CORRIDORS_HEADING,
    NO_CORRIDOR,
    TO_CHECK_HELP,
    OverviewText,
)
from dashboard.state import PAGES, ViewState, page_value, to_query
from dashboard.ui import charts, frame


def follow_published(state: ViewState) -> None:
    """``/?v=<id>``: a published view's short address leads to its page."""
    published = page_value(state, "overview", "published")
    if published:
        st.switch_page(PAGES["published"].script, query_params={"v": published})


def metrics(words: OverviewText) -> None:
    columns = st.columns(len(words.class_metrics))
    for column, (label, value, change, help_text) in zip(columns, words.class_metrics, strict=True):
        column.metric(label, value, delta=change, delta_color="off", help=help_text)
    for column, (label, value, help_text) in zip(st.columns(4), words.count_metrics, strict=True):
        column.metric(label, value, help=help_text)
    st.caption(words.years_caption)


def charts_of(overview: Overview, words: OverviewText, state: ViewState, *, demo: bool, filters: str) -> None:
    # Full width, one under the other: legible on a projector and on a laptop alike.
    trend = figures.trend_exhibit(overview, words, state, filters=filters, demo=demo)
    charts.chart(trend, key="overview_trend")
    frame.download_csv(trend.table, "overview-trend.csv", notes=list(trend.notes))
    frame.chart_footer(trend, state)
    groups = figures.groups_exhibit(overview, words, filters=filters, demo=demo)
    charts.chart(groups, key="overview_groups")
    frame.download_csv(groups.table, "overview-groups.csv", notes=list(groups.notes))
    frame.chart_footer(groups, state)


def corridors(overview: Overview, words: OverviewText, state: ViewState) -> None:
    st.subheader(_(CORRIDORS_HEADING))
    routes = overview.corridors.frame
    if routes.is_empty():
        st.info(_(NO_CORRIDOR))
        return
    top = routes.head(10).select(
        text.profile_link_expr("origin_iso3", state).alias("From"),
        text.profile_link_expr("destination_iso3", state).alias("To"),
        "origin_country_name",
        "destination_country_name",
        "seizures",
        "kg",
        "top_substances",
        "to_check",
    )
    charts.grid(
        top,
        name=CORRIDORS_HEADING,
        column_config={
            "From": frame.profile_link_column(_("From")),
            "To": frame.profile_link_column(_("To")),
            "origin_country_name": _("Origin"),
            "destination_country_name": _("Destination"),
            "seizures": st.column_config.NumberColumn(_("Seizures"), format="%d"),
            "kg": st.column_config.NumberColumn(_("Kilograms"), format="%.1f"),
            "top_substances": _("Main substances"),
            "to_check": st.column_config.NumberColumn(_("To check"), format="%d", help=_(TO_CHECK_HELP)),
        },
    )
    st.caption(words.corridors_caption)
    frame.link("routes", _(ALL_ROUTES), query_params=to_query(state.shared()))


def caveats() -> None:
    with st.container(border=True):
        st.markdown(_(CAVEATS))
