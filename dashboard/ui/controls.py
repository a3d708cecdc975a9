"""Page controls bound to the view: choosers drawn from a dict of labels, and widgets seeded from the view only when
the view came from elsewhere (the URL, another page), so that a user's own click is never overwritten."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import streamlit as st

from dashboard.state import DEFAULT, ViewState, extra_choice
from dashboard.ui import frame


def choice(label: str, options: Mapping[str, str], key: str, *, container=None, **kwargs: Any) -> str | None:
    """A segmented control over ``options`` (value -> label) that always holds one value."""
    return (container or st).segmented_control(
        label, list(options), format_func=options.__getitem__, key=key, required=True, **kwargs
    )


def seed(marker: str, incoming: object, widgets: Mapping[str, Any] | None = None, *, keep: bool = False) -> None:
    """Put the view as the URL or another page gives it (``incoming``) into the widgets, unless it is what these
    controls published in the last run (``remember``): then the widgets keep what the user set.

    ``widgets``: key -> value to set, when ``incoming`` is not already that mapping. ``keep``: a widget that was not
    drawn in the last run lost its value, so it gets the incoming one back."""
    values = incoming if widgets is None else widgets
    if st.session_state.get(marker) != incoming:
        st.session_state.update(values)
    elif keep:
        for key, value in values.items():
            st.session_state.setdefault(key, value)


def remember(marker: str, outgoing: object) -> None:
    """What the controls publish in this run: the next run's ``seed`` leaves the widgets alone when it comes back."""
    st.session_state[marker] = outgoing


def remembered() -> ViewState:
    """The view this session last published (in a widget's callback, before the page has run)."""
    return st.session_state.get(frame.SESSION_STATE_KEY) or DEFAULT


def publish_from_widget(attribute: str, key: str) -> None:
    """A control's callback: its value into the view state and the URL (a deselected control changes nothing)."""
    value = st.session_state.get(key)
    if value is not None:
        frame.publish(remembered().with_(**{attribute: value}))


def url_choice(state: ViewState, key: str, allowed: Collection[str], default: str) -> str:
    """A page parameter from the URL; an invalid value falls back to the default with a notice shown at once."""
    value, notice = extra_choice(state.extras, key, allowed, default)
    frame.url_notices([notice] if notice else [])
    return value
