"""The published-view page drawn: a published view exactly as published (or the notice left where one was
withdrawn), the live chrome-less view an iframe shows, and the list of published views."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl
import streamlit as st

from dashboard import geo, text
from dashboard.export.frozen import thaw
from dashboard.figures.exhibit import Exhibit
from dashboard.i18n import _
from dashboard.pages.published import text as words
from dashboard.saved import PublishedView, Views
from dashboard.saved.rules import may_show_published
from dashboard.state import PAGES, ViewState, page_value
from dashboard.store import Store
from dashboard.ui import charts, frame, share

PAGE = "published"


def chosen_id(state: ViewState) -> str | None:
    return page_value(state, PAGE, "published")


def target_page(state: ViewState) -> str | None:
    return page_value(state, PAGE, "target")


def record_or_stop(chosen: str) -> PublishedView:
    """The published view at this address; a notice and nothing else when there is none, it was withdrawn, or it
    may not be shown here (public mode and a restricted source)."""
    found = Views().published(chosen)
    if found is None:
        st.warning(_(words.NOT_FOUND))
        frame.link(PAGE, _(words.LIST_HEADING))
        st.stop()
    if found.withdrawn:
        st.warning(text.markdown(words.withdrawn(found.title, found.withdrawn_at, found.withdrawn_note)))
        st.stop()
    if not may_show_published(Store().sources(), found.source_ids, public=frame.public_view()):
        st.warning(_(words.NOT_PUBLIC))
        st.stop()
    return found


def exhibit(shown: Exhibit, *, key: str) -> None:
    charts.chart(shown, config={"topojsonURL": geo.TOPOJSON_URL}, key=key)
    st.caption(words.figure_caption(shown.source, shown.unit, shown.filters))
    if shown.is_map:
        st.caption(_(geo.BOUNDARIES_DISCLAIMER))


def published(record: PublishedView, state: ViewState, *, differs: Callable[[], bool]) -> None:
    """The published figures as frozen, with title, note, source, snapshot, version and date; whether today's data
    differ, and the way to the current view."""
    current = f"/{PAGES[record.page].url_path}" + (f"?{record.query}" if record.query else "")
    (st.subheader if state.embed else st.title)(text.markdown(record.title))
    if record.note:
        st.markdown(text.markdown(record.note))
    st.caption(
        text.markdown(
            words.facts(
                published_id=record.id,
                published_at=record.published_at,
                version=record.app_version,
                snapshot=record.snapshot,
                author=record.author,
            )
        )
    )
    if not state.embed:
        if differs():
            st.info(_(words.DIFFERS), icon=":material/update:")
        else:
            st.caption(_(words.SAME))
    dated = words.date(record.published_at)
    for index, shown in enumerate(thaw(record.exhibits)):
        exhibit(shown, key=f"published-{index}")
        if not state.embed:
            share.downloads(
                shown, stem=f"published-{record.id}-{shown.key}", link=f"published view {record.id}", dated=dated
            )
    if state.embed:  # from an iframe, the full view is this published view's own page
        st.markdown(f"[{_(words.FULL)}]({text.link_target(f'/{PAGES[PAGE].url_path}?v={record.id}')})")
    else:
        st.markdown(f"[{_(words.CURRENT)}]({text.link_target(current)})")


def live(exhibits: Sequence[Exhibit], page: str, query: str) -> None:
    """Today's figures of a view, chrome-less for an iframe, with a link to the full view."""
    if not exhibits:
        st.info(_(words.NO_FIGURE))
    for index, shown in enumerate(exhibits):
        st.subheader(text.markdown(shown.title))
        exhibit(shown, key=f"live-{index}")
    target = f"/{PAGES[page].url_path}" + (f"?{query}" if query else "")
    st.markdown(f"[{_(words.FULL)}]({text.link_target(target)})")


def listing() -> None:
    """Every live published view that may be shown here, newest first, with its link."""
    public = frame.public_view()
    sources = Store().sources()
    shown = [
        p
        for p in Views().publications()
        if not p.withdrawn and may_show_published(sources, p.source_ids, public=public)
    ]
    if not shown:
        st.info(_(words.NONE_YET))
        return
    table = pl.DataFrame(
        {
            "id": [f"/{PAGES[PAGE].url_path}?v={p.id}" for p in shown],
            "title": [p.title for p in shown],
            "page": [_(PAGES[p.page].label) for p in shown],
            "author": [p.author for p in shown],
            "published": [words.date(p.published_at) for p in shown],
        }
    )
    charts.grid(
        table,
        name=_("Published views"),
        column_config={
            "id": st.column_config.LinkColumn(_(words.PUBLISHED_COLUMNS["id"]), display_text=r"v=(.*)$"),
            **{k: _(v) for k, v in words.PUBLISHED_COLUMNS.items() if k != "id"},
        },
    )
