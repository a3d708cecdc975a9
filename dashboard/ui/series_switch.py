"""The switch between UNODC's standard series on a page that shows one series by default (Trends, Compare): one
drug at a time, so that kilograms of different drugs are never added up or stacked unless a person asks for it.

The series is shared view state (``ser``); "every drug" is the page's ``every`` parameter. Changing it here changes a
filter the sidebar shows, so ``frame.publish`` runs the page once more and the sidebar follows.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import N_, _
from dashboard.state import PAGES, SERIES, ViewState, page_value, with_page
from dashboard.ui import controls

EVERY = "every"
LABEL = N_("Drug shown")
HELP = N_(
    "One of UNODC's standard series at a time: kilograms of different drugs are not added up. "
    "“Every drug” shows the substance classes and groups chosen in the sidebar."
)
EVERY_LABEL = N_("Every drug")
SET_IN_SIDEBAR = N_("Series, groups or substances are chosen in the sidebar.")


def _value(state: ViewState) -> str | None:
    if state.groups or state.substances or len(state.series) > 1:
        return None
    return state.series[0] if state.series else EVERY


def switch(state: ViewState, page: str, *, every_note: str | None = None) -> ViewState:
    """The series switch above the page's chart; the view as it sets it. ``every_note``: what the page says when it
    shows every drug (on Compare, that its kilograms add up different drugs)."""
    if not PAGES[page].default_series:
        return state
    widget = controls.key("series", page)
    value = _value(state)
    if value is None:
        st.caption(_(SET_IN_SIDEBAR))
        return state
    controls.sync(f"{page}-series", {widget: value})
    options = {key: _(label) for key, label in SERIES.items()} | {EVERY: _(EVERY_LABEL)}
    chosen = controls.choice(_(LABEL), options, widget, help=_(HELP))
    if chosen == EVERY:
        state = with_page(state.with_(series=()), page, every=True)
    else:
        state = with_page(state.with_(series=(chosen,)), page, every=False)
    controls.settle(f"{page}-series", {widget: _value(state)})
    if chosen == EVERY and every_note:
        st.warning(_(every_note), icon=":material/balance:")
    return state


def every_drug(state: ViewState, page: str) -> bool:
    """Whether the view asks for every drug on a page whose default is one series."""
    return bool(page_value(state, page, "every"))
