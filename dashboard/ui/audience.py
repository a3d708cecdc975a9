"""Who is looking: the public or a signed-in member of the secretariat, from this request's headers (the rules live
in ``dashboard.access``; only the headers come from Streamlit)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard import text
from dashboard.access import identity, min_cell, viewer_is_public


def _headers():
    try:
        return st.context.headers
    except Exception:  # outside a browser session (AppTest, bare mode) there are no headers: no identity
        return None


def public_view() -> bool:
    """Whether this request gets the public view: public mode, or a login configured and no identity in the request."""
    return viewer_is_public(_headers())


def signed_in() -> str | None:
    """The signed-in person the trusted header names, when a login is configured."""
    return identity(_headers())


def download_notes(notes: Sequence[str]) -> list[str]:
    """A download's note lines; in a public view with the line that says so."""
    return text.with_public_note(list(notes), min_cell()) if public_view() else list(notes)
