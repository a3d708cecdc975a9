"""Cached loaders for tables other than the seizure dataset (which ``frame.dataset`` holds).

``st.cache_resource`` keeps one object per store version, never a copy: callers must not change the frames. A new
import changes the store version, so the next rerun loads afresh.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import _
from dashboard.licit.model import LicitData, load_licit
from dashboard.store import Store, StoreError
from dashboard.ui import frame


# The spinner is shown by licit_data() in the reader's language (a decorator argument would be English).
@st.cache_resource(show_spinner=False, max_entries=4)
def _licit(root: str, version: str, public: bool) -> LicitData:
    data = load_licit(Store(root), public=public)
    # Computed once here, so that every rerun of every session reads the same frames.
    _ = data.balance, data.flags, data.summary
    return data


def licit_data() -> LicitData:
    """The imported authorisations and estimates, or the demonstration ones when none are imported."""
    store = Store()
    try:
        with st.spinner(_("Loading licit-trade data…")):
            return _licit(str(store.root), store.version(), frame.public_view())
    except StoreError as error:
        frame.store_problem(error)
        raise
