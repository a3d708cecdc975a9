"""Widgets bound to the view state, by one mechanism for the sidebar and every page's controls.

Streamlit keeps a widget's value in the session; the view state comes from the URL, from another page or from this
page's own widgets. A group of widgets is kept in step with the view like this:

1. ``sync(group, values)`` before the widgets are drawn: ``values`` are the widget values the view gives. When the
   view came from elsewhere (a link, another page) they are put into the widgets; when it is the view this group
   produced in the last run, the widgets keep what the user set (a user's own click is never overwritten).
2. The page draws the widgets and builds the new view from what they return (no callbacks).
3. ``settle(group, values)`` after: the widget values as the new view gives them, for the next run's ``sync``.

Widget keys are made by ``key`` and download keys by ``download_key``, so that no page writes a prefix by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

WIDGET_PREFIX = "w_"
DOWNLOAD_PREFIX = "dl_"
SYNC_PREFIX = "_sync_"


def key(name: str, page: str | None = None) -> str:
    """The session key of a widget: ``w_<name>`` for the shared sidebar, ``w_<page>_<name>`` on a page."""
    return f"{WIDGET_PREFIX}{page}_{name}" if page else f"{WIDGET_PREFIX}{name}"


def download_key(file_name: str) -> str:
    return f"{DOWNLOAD_PREFIX}{file_name}"


def sync(group: str, values: Mapping[str, Any]) -> None:
    """Before drawing ``group``'s widgets: ``values`` (widget key -> value as the view gives it) into the widgets,
    unless the view is the one this group produced in the last run. A widget that was not drawn in the last run lost
    its value, so it gets the view's value back in any case."""
    if st.session_state.get(SYNC_PREFIX + group) != dict(values):
        st.session_state.update(values)
        return
    for widget, value in values.items():
        st.session_state.setdefault(widget, value)


def settle(group: str, values: Mapping[str, Any]) -> None:
    """After drawing ``group``'s widgets: the widget values as the new view gives them."""
    st.session_state[SYNC_PREFIX + group] = dict(values)


def choice(label: str, options: Mapping[str, str], widget: str, *, container=None, **kwargs: Any) -> str:
    """A segmented control over ``options`` (value -> label) that always holds one value."""
    return (container or st).segmented_control(
        label, list(options), format_func=options.__getitem__, key=widget, required=True, **kwargs
    )
