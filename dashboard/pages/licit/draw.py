"""The licit-trade page drawn: the selectors of importing country, substance and year, the headline figures, the
running balance, the flags, licit flows beside seizures, and every balance of the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.figures import summary as sentences
from dashboard.i18n import _
from dashboard.licit.model import LicitData, Selection, SelectionView, default_substance, default_year
from dashboard.pages.licit import figures
from dashboard.pages.licit import text as words
from dashboard.pages.licit.model import SideBySide
from dashboard.pages.licit.params import PAGE, flag_scope, with_flag_scope, with_selection
from dashboard.pages.licit.text import UNIT, LicitText
from dashboard.state import ViewState
from dashboard.text import CHOOSE, suspect_note, vocabulary_label
from dashboard.ui import charts, controls, frame
from dashboard.ui.tables import translated

COUNTRY, SUBSTANCE, YEAR, FLAGS = (controls.key(name, PAGE) for name in ("country", "substance", "year", "flags"))
FLAGS_GROUP = f"{PAGE}_flags"


def introduction(trade: LicitData) -> None:
    """What the page does, and that its data are invented when they are."""
    if trade.is_demo:
        st.warning(words.demo_warning(), icon=":material/science:")
    st.caption(_(words.INTRODUCTION))


def require(selection: Selection) -> None:
    """The page ends here when there is nothing to select (nothing imported of either kind)."""
    if not selection.complete:
        st.info(_(words.NOTHING_IMPORTED))
        st.stop()


def _widgets(selection: Selection) -> dict[str, object]:
    return {COUNTRY: selection.country, SUBSTANCE: selection.substance, YEAR: selection.year}


def selectors(trade: LicitData, state: ViewState, selection: Selection) -> tuple[ViewState, Selection]:
    """Importing country, substance and year, each offering what the data has for the ones before it; the view and
    the selection as they set them."""
    controls.sync(PAGE, _widgets(selection))
    country_label, substance_label, year_label = (_(label) for label in words.SELECTORS)
    columns = st.columns([3, 3, 2])
    country = columns[0].selectbox(
        country_label,
        trade.importing_countries(),
        key=COUNTRY,
        format_func=words.country_option,
        placeholder=_(CHOOSE),
    )
    substances = trade.substances_of(country)
    _follow(SUBSTANCE, substances, lambda: default_substance(trade, country))
    substance = columns[1].selectbox(
        substance_label, substances, key=SUBSTANCE, format_func=vocabulary_label, placeholder=_(CHOOSE)
    )
    years = trade.years_of(country, substance)
    _follow(YEAR, years, lambda: default_year(trade, country, substance))
    year = columns[2].selectbox(year_label, years, key=YEAR, placeholder=_(CHOOSE))
    chosen = Selection(country, substance, year)
    controls.settle(PAGE, _widgets(chosen))
    return with_selection(state, chosen), chosen


def _follow(widget: str, options: list[Any], default: Callable[[], Any]) -> None:
    """A dependent selector whose value the choice before it took away (another country has other substances) gets
    that choice's default, before it is drawn in this run."""
    if st.session_state.get(widget) not in options:
        st.session_state[widget] = default()


def headline(view: SelectionView) -> None:
    for column, (label, value) in zip(st.columns(4), words.headline(view), strict=True):
        column.metric(label, value)


def balance(view: SelectionView, text: LicitText, state: ViewState, *, demo: bool) -> None:
    """The running balance against the estimate, its table, its download and its Share panel."""
    shown = figures.balance_exhibit(view, text, demo=demo)
    charts.chart(shown.figure, key=controls.key("balance_chart", PAGE), unit=_(UNIT))
    st.caption(_(words.COUNTING_NOTE))
    charts.grid(translated(shown.table), name=text.balance_title, key=controls.key("balance_table", PAGE))
    frame.download_csv(shown.table, text.balance_file, label=_(words.BALANCE_DOWNLOAD), notes=text.balance_notes)
    frame.chart_footer(shown, state)


def flags(trade: LicitData, view: SelectionView, state: ViewState, text: LicitText) -> ViewState:
    """The flags of the selection or of all data, with their reasons and a download; the view with that choice."""
    st.subheader(_(words.FLAGS_HEADING))
    controls.sync(FLAGS_GROUP, {FLAGS: flag_scope(state)})
    scope = controls.choice(_(words.FLAG_SCOPE_LABEL), text.flag_scopes, FLAGS)
    controls.settle(FLAGS_GROUP, {FLAGS: scope})
    shown = trade.flags if scope == "all" else view.flags
    if shown.is_empty():
        st.success(_(words.NO_FLAG))
    else:
        st.markdown(words.flag_counts(shown))
        charts.grid(
            translated(figures.flag_display(shown)), name=_(words.FLAGS_HEADING), key=controls.key("flag_table", PAGE)
        )
    frame.download_csv(
        figures.flag_export(shown), text.flag_file(scope), label=_(words.FLAGS_DOWNLOAD), notes=text.flag_notes
    )
    return with_flag_scope(state, scope)


def beside_seizures(
    side: SideBySide, text: LicitText, state: ViewState, *, licit_demo: bool, seizures_demo: bool
) -> None:
    """The map of licit flows and seizure corridors of the substance, and the table of each beside the other."""
    st.subheader(text.map_heading)
    warning = words.mixed_data(licit_demo, seizures_demo)
    if warning:
        st.warning(warning, icon=":material/warning:")
    deck = figures.flow_deck(side.flows, side.corridors, substance=text.substance)
    table = figures.flow_table(side.flows)
    licit = sentences.routes(
        table,
        origin="From (exporter)",
        destination="To (importer)",
        value="Authorised (kg)",
        unit="kg",
        what=_("licit trade flows"),
    )
    charts.deck(deck, key=controls.key("map", PAGE), name=text.map_heading, description=licit, table=table, height=520)
    st.caption(words.map_caption(side.flows, side.corridors, substance=text.substance))
    frame.chart_footer(figures.map_exhibit(side, text, demo=licit_demo), state)
    left, right = st.columns(2, gap="medium")
    with left:
        st.markdown(text.flows_heading(side.flows.height))
        charts.grid(translated(table), name=_("Licit trade flows"), key=controls.key("flow_table", PAGE))
        frame.download_csv(table, text.flows_file, label=_(words.FLOWS_DOWNLOAD), notes=text.flows_notes)
    with right:
        seizure_corridors(side, text)
    st.caption(text.sources)


def seizure_corridors(side: SideBySide, text: LicitText) -> None:
    """The seizure corridors of the substance, or why there are none."""
    st.markdown(text.seizures_heading)
    seizures = side.seizures
    if seizures is None:
        st.info(text.no_seizure)
    elif side.corridors.is_empty():
        st.info(text.no_route(seizures.records_in_view))
    else:
        table = figures.corridor_view(side.corridors)
        charts.grid(translated(table), name=_("Seizure corridors"), key=controls.key("seizure_table", PAGE))
        frame.download_csv(table, text.seizures_file, label=_(words.SEIZURES_DOWNLOAD), notes=text.seizures_notes)
        st.caption(text.routed(seizures.records_with_route, seizures.records_in_view))
    left_out = suspect_note(seizures.suspect_left_out) if seizures is not None else None
    if left_out:
        st.caption(left_out)


def summary(trade: LicitData, text: LicitText) -> None:
    """Every importing country, substance and year of the data, with a download."""
    st.subheader(_(words.SUMMARY_HEADING))
    table = figures.summary_table(trade.summary)
    charts.grid(translated(table), name=_(words.SUMMARY_HEADING), key=controls.key("summary_table", PAGE))
    frame.download_csv(table, words.SUMMARY_FILE, label=_(words.SUMMARY_DOWNLOAD), notes=text.summary_notes)
