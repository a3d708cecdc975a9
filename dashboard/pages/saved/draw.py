"""The Saved views page drawn: the list of saved views (filter by author and page; open, rename, delete, publish,
withdraw a published version) and the decks (make one from saved views with speaker notes, present, delete).

Buttons act in the run they are clicked (no callbacks), then the page runs again to show the result."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import text
from dashboard.i18n import _
from dashboard.pages.saved import text as words
from dashboard.saved import PublishedView, SavedView, Views
from dashboard.saved.rules import may_write
from dashboard.state import PAGES, ViewState, page_value, with_page
from dashboard.ui import controls, frame

PAGE = "saved"
AUTHOR, ON = controls.key("author", PAGE), controls.key("on", PAGE)
NOTICE_KEY = "_saved_notice"


def writable_or_stop() -> None:
    """In a public view nothing is saved or published: say so, and where published views are."""
    if not may_write(public=frame.public_view()):
        st.info(_(words.PUBLIC_READ_ONLY))
        frame.link("published", _(words.PUBLISHED_LINK))
        st.stop()


def filters(state: ViewState, views: Views) -> ViewState:
    """Author and page filters, bound to the URL; the view as they set it."""
    authors = ["", *views.authors()]
    pages = ["", *PAGES]
    author_value = page_value(state, PAGE, "author") or ""
    controls.sync(
        PAGE, {AUTHOR: author_value if author_value in authors else "", ON: page_value(state, PAGE, "on") or ""}
    )
    left, right = st.columns(2)
    author = left.selectbox(
        _(words.AUTHOR),
        authors,
        key=AUTHOR,
        format_func=lambda a: a or _(words.EVERYONE),
        placeholder=_(text.CHOOSE),
    )
    on = right.selectbox(
        _(words.PAGE),
        pages,
        key=ON,
        format_func=lambda p: _(PAGES[p].label) if p else _(words.EVERY_PAGE),
        placeholder=_(text.CHOOSE),
    )
    state = with_page(state, PAGE, author=author or "", on=on or None)
    controls.settle(PAGE, {AUTHOR: author, ON: on})
    return state


def notice() -> None:
    message = st.session_state.pop(NOTICE_KEY, None)
    if message:
        (st.error if message[0] == "error" else st.success)(text.markdown(message[1]))


def _done(kind: str, message: str) -> None:
    st.session_state[NOTICE_KEY] = (kind, message)
    st.rerun()


def view_list(views: Views, state: ViewState, *, publish: Callable[[SavedView], PublishedView]) -> None:
    st.header(_(words.VIEWS_HEADING))
    everything = views.list()
    if not everything:
        st.info(_(words.NONE_SAVED))
        return
    shown = views.list(author=page_value(state, PAGE, "author") or None, page=page_value(state, PAGE, "on"))
    if not shown:
        st.info(_(words.NONE_MATCH))
    for saved in shown:
        one_view(views, saved, publish=publish)


def one_view(views: Views, saved: SavedView, *, publish: Callable[[SavedView], PublishedView]) -> None:
    target = PAGES[saved.page]
    with st.container(border=True):
        st.markdown(f"**{text.markdown(saved.title)}**")
        if saved.note:
            st.markdown(text.markdown(saved.note))
        st.caption(text.markdown(words.view_line(target.label, saved.author, saved.updated_at, saved.app_version)))
        link = f"/{target.url_path}" + (f"?{saved.query}" if saved.query else "")
        columns = st.columns([1, 1, 1, 3])
        columns[0].link_button(_(words.OPEN), link, icon=":material/open_in_new:")
        if columns[1].button(
            _(words.PUBLISH), key=controls.key(f"publish_{saved.id}", PAGE), help=_(words.PUBLISH_HELP)
        ):
            try:
                made = publish(saved)
            except (PermissionError, ValueError) as refusal:
                _done("error", str(refusal))
            else:
                _done("ok", words.published_notice(made.id))
        if columns[2].button(_(words.DELETE), key=controls.key(f"delete_{saved.id}", PAGE)):
            views.delete(saved.id)
            st.rerun()
        with columns[3].expander(_(words.RENAME)), st.form(controls.key(f"rename_{saved.id}", PAGE), border=False):
            title = st.text_input(_(words.TITLE), value=saved.title, max_chars=200)
            note = st.text_area(_(words.NOTE), value=saved.note, max_chars=2000, height=68)
            if st.form_submit_button(_(words.RENAME)):
                views.rename(saved.id, title=title, note=note)
                st.rerun()
        for published in views.publications(saved.id):
            publication(views, published)


def publication(views: Views, published: PublishedView) -> None:
    left, right = st.columns([4, 2])
    line = words.published_line(published.id, published.withdrawn_at or published.published_at, published.withdrawn)
    left.markdown(f"[{text.markdown(line)}](/{PAGES['published'].url_path}?v={published.id})")
    if not published.withdrawn:
        with right.popover(_(words.WITHDRAW)):
            reason = st.text_input(_(words.WITHDRAW_NOTE), key=controls.key(f"why_{published.id}", PAGE))
            if st.button(_(words.WITHDRAW), key=controls.key(f"withdraw_{published.id}", PAGE)):
                views.withdraw(published.id, note=reason)
                st.rerun()


def decks(views: Views) -> None:
    st.header(_(words.DECKS_HEADING))
    found = views.decks()
    if not found:
        st.info(_(words.NO_DECK))
    for deck in found:
        with st.container(border=True):
            st.markdown(f"**{text.markdown(deck.title)}**")
            st.caption(text.markdown(words.deck_line(len(deck.slides), deck.author)))
            left, right = st.columns([1, 4])
            with left:
                frame.link("present", _(words.PRESENT), query_params={"deck": deck.id})
            if right.button(_(words.DELETE_DECK), key=controls.key(f"delete_deck_{deck.id}", PAGE)):
                views.delete_deck(deck.id)
                st.rerun()
            st.caption(_(words.PPTX_CLI))
            st.code(words.deck_command(deck.id), language="bash")
    new_deck(views)


def new_deck(views: Views) -> None:
    """Choose saved views in the order of the slides, write each slide's speaker notes, save the deck."""
    saved = {v.id: v for v in views.list()}
    if not saved:
        return
    with st.expander(_(words.NEW_DECK), icon=":material/slideshow:"):
        title = st.text_input(_(words.DECK_TITLE), max_chars=200, key=controls.key("deck_title", PAGE))
        author = st.text_input(_(words.DECK_AUTHOR), max_chars=120, key=controls.key("deck_author", PAGE))
        chosen = st.multiselect(
            _(words.DECK_VIEWS),
            list(saved),
            format_func=lambda i: saved[i].title,
            key=controls.key("deck_views", PAGE),
            placeholder=_(text.CHOOSE),
        )
        notes = [
            st.text_area(
                words.slide_notes_label(position, saved[view_id].title),
                height=80,
                max_chars=2000,
                key=controls.key(f"deck_notes_{view_id}", PAGE),
            )
            for position, view_id in enumerate(chosen, start=1)
        ]
        if st.button(_(words.SAVE_DECK), key=controls.key("save_deck", PAGE)):
            if not chosen:
                st.warning(_(words.DECK_NEEDS_VIEWS))
                return
            views.save_deck(title=title, author=author, slides=list(zip(chosen, notes, strict=True)))
            for key in ("deck_title", "deck_views", *(f"deck_notes_{v}" for v in chosen)):
                st.session_state.pop(controls.key(key, PAGE), None)  # an empty form for the next deck
            st.rerun()
