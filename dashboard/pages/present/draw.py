"""The presentation page drawn: a deck full screen, one view per slide in the large-type theme, controls, sidebar
and Streamlit's menu hidden; the keys and the timer run in the presenter document (``dashboard.export.presenter``),
which needs no network."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
import streamlit.components.v1 as components

from dashboard import text
from dashboard.export.presenter import PresenterSlide, presenter_html
from dashboard.figures.style import SLIDE_HEIGHT
from dashboard.i18n import _
from dashboard.pages.present import text as words
from dashboard.saved import Deck, Views
from dashboard.saved.rules import may_write
from dashboard.state import PAGES, ViewState, page_value
from dashboard.ui import frame, share

PAGE = "present"
# The presenter fills the window: the iframe Streamlit puts it in takes the whole viewport.
FULL_WINDOW_CSS = """<style>
iframe[title="st.iframe"], [data-testid="stIFrame"] {position: fixed; inset: 0; width: 100vw !important;
height: 100vh !important; z-index: 1000; border: 0; background: white;}
</style>"""


def deck_or_choose(state: ViewState) -> Deck | None:
    """The deck named in the URL; without one, the list of decks to choose from (and None)."""
    if not may_write(public=frame.public_view()):  # decks are saved views: internal, like them
        st.info(_(words.PUBLIC))
        return None
    chosen = page_value(state, PAGE, "deck")
    views = Views()
    if chosen:
        deck = views.deck(chosen)
        if deck is None:
            st.warning(_(words.NO_DECK))
        return deck
    st.title(_(PAGES[PAGE].title))
    decks = views.decks()
    st.info(_(words.CHOOSE) if decks else _(words.NO_DECKS))
    for deck in decks:
        frame.link(PAGE, text.with_aside(deck.title, len(deck.slides)), query_params={"deck": deck.id})
    st.caption(_(words.KEYS))
    return None


def present(deck: Deck, slides: Sequence[PresenterSlide], state: ViewState) -> None:
    share.hide_chrome()
    st.html(FULL_WINDOW_CSS)
    auto = page_value(state, PAGE, "auto")
    document = presenter_html(
        deck.title,
        slides,
        auto_seconds=0 if auto == "off" else int(auto),
        leave_to=f"/{PAGES['saved'].url_path}",
    )
    components.html(document, height=SLIDE_HEIGHT, scrolling=False)
