"""The Overview drawn: headline metrics, the headline trend, kilograms by group, the main corridors, and the caveats."""

from __future__ import annotations

from urllib.parse import urlencode

import polars as pl
import streamlit as st

from dashboard import text
from dashboard.countries import country_name
from dashboard.data import Dataset
from dashboard.i18n import _
from dashboard.pages.overview import figures, findings, model
from dashboard.pages.overview.findings import Findings
from dashboard.pages.overview.findings_text import FindingText, finding_texts
from dashboard.pages.overview.model import Overview
from dashboard.pages.overview.text import (
    ALL_ROUTES,
    CAVEATS,
    CORRIDORS_HEADING,
    FINDINGS_HEADING,
    FINDINGS_NOTE,
    NO_CORRIDOR,
    TO_CHECK_HELP,
    OverviewText,
)
from dashboard.state import PAGES, ViewState, page_value, to_query
from dashboard.ui import charts, controls, frame, viewport
from dashboard.ui.tables import kilograms_column

NAME_WIDTH = 250  # pixels: "Venezuela (Bolivarian Republic of)" whole


def follow_published(state: ViewState) -> None:
    """``/?v=<id>``: a published view's short address leads to its page."""
    published = page_value(state, "overview", "published")
    if published:
        st.switch_page(PAGES["published"].script, query_params={"v": published})


@st.cache_data(max_entries=64, show_spinner=False)
def _findings(version: str, query: str, _data: Dataset, _state: ViewState, _corridors: pl.DataFrame) -> Findings:
    # Keyed on the store's version and the view's link (plain values): the dataset itself is not hashed.
    return findings.findings(_data, _state, _corridors)


def key_findings(data: Dataset, state: ViewState, overview: Overview) -> list[FindingText]:
    """What changed, in sentences, each with a link to the view that shows it."""
    shared = state.shared()
    query = urlencode(to_query(shared), doseq=True)
    found = _findings(data.version, query, data, shared, overview.corridors.frame)
    return finding_texts(found, state)


def findings_box(texts: list[FindingText]) -> None:
    if not texts:
        return
    with st.container(border=True, key="key-findings"):
        st.subheader(_(FINDINGS_HEADING))
        for item in texts:
            st.markdown(f"- {item.sentence}")
            frame.link(item.page, item.link, query_params=item.query, icon=frame.forward_icon())
        st.caption(_(FINDINGS_NOTE))


def metrics(words: OverviewText, overview: Overview | None = None) -> None:
    columns = st.columns(len(words.class_metrics))
    classes = list(text.CLASS_LABELS)
    for index, (column, metric) in enumerate(zip(columns, words.class_metrics, strict=True)):
        line = model.sparkline(overview.class_years if overview else None, classes[index])
        # A sparkline of the class's kilograms, year by year (gaps where nobody reported it).
        # Words in place of a figure are set smaller (a11y.css): at a figure's size "non communiqué" broke mid-word.
        holder = column if metric.reported else column.container(key=f"unreported_metric_{index}")
        holder.metric(
            metric.label,
            metric.value,
            delta=metric.change,
            delta_color="off",
            delta_arrow=metric.arrow,
            help=metric.help,
            chart_data=line or None,
            border=True,
        )
    for column, (label, value, help_text) in zip(st.columns(4), words.count_metrics, strict=True):
        column.metric(label, value, help=help_text)
    st.caption(words.years_caption)


def charts_of(overview: Overview, words: OverviewText, state: ViewState, *, demo: bool, filters: str) -> None:
    # Full width, one under the other: legible on a projector and on a laptop alike.
    width = viewport.column_width(controls.key("trend_width", "overview"), default=1000)
    trend = figures.trend_exhibit(overview, words, state, filters=filters, demo=demo, width=width)
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
    first = routes.head(10)
    top = first.select(
        text.profile_link_expr("origin_iso3", state).alias("From"),
        text.profile_link_expr("destination_iso3", state).alias("To"),
        # Countries and substances in the reader's language (the case records name them in English).
        text.named_in_language(first, "origin_country_name", country_name, source="origin_iso3"),
        text.named_in_language(first, "destination_country_name", country_name, source="destination_iso3"),
        "seizures",
        "kg",
        text.named_in_language(first, "top_substances", text.vocabulary_list),
        "to_check",
    )
    charts.grid(
        top,
        name=_(CORRIDORS_HEADING),
        column_config={
            "From": frame.profile_link_column(_("From")),
            "To": frame.profile_link_column(_("To")),
            # Names whole, numbers in the reader's locale with thousands separated.
            "origin_country_name": st.column_config.TextColumn(_("Origin"), width=NAME_WIDTH),
            "destination_country_name": st.column_config.TextColumn(_("Destination"), width=NAME_WIDTH),
            "seizures": st.column_config.NumberColumn(_("Seizures"), format=text.TABLE_COUNT),
            "kg": kilograms_column(_("Kilograms")),
            "top_substances": _("Main substances"),
            "to_check": st.column_config.NumberColumn(_("To check"), format="%d", help=_(TO_CHECK_HELP)),
        },
    )
    st.caption(words.corridors_caption)
    frame.link("routes", _(ALL_ROUTES), query_params=to_query(state.shared()))


def caveats() -> None:
    with st.container(border=True):
        st.markdown(_(CAVEATS))
