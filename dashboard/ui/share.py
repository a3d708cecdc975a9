"""The Share panel under every chart (permalink, published links, iframe snippet, image and data downloads), the
"Save this view" form, and the CSS that hides Streamlit's chrome for embeds and presentations.

Images are rendered on the server only when a download button is clicked (deferred ``data``)."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from dashboard import state as view
from dashboard import text
from dashboard.export import images, standalone
from dashboard.exports import csv_bytes, xlsx_bytes
from dashboard.figures.exhibit import Exhibit
from dashboard.i18n import _
from dashboard.saved import Views
from dashboard.state import PAGES, ViewState
from dashboard.store import Store, now_iso
from dashboard.ui import controls
from dashboard.ui import share_text as words
from dashboard.ui.audience import download_notes

# Hides the sidebar, its toggle, the header with Streamlit's menu, the toolbar and the footer; no external asset.
CHROMELESS_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], #MainMenu, footer,
[data-testid="stStatusWidget"] {display: none !important;}
[data-testid="stMainBlockContainer"], .block-container {padding: 0.5rem 1rem !important; max-width: 100% !important;}
</style>"""


def hide_chrome() -> None:
    st.html(CHROMELESS_CSS)


def base_url() -> str:
    """The address the browser reached the app at, without path: permalinks and snippets are absolute."""
    try:
        url = st.context.url or ""
    except AttributeError:  # AppTest has no browser
        url = ""
    if "://" not in url:
        return ""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


def page_query(state: ViewState, page: str) -> str:
    return urlencode(view.to_query(state.with_(embed=False), page=page), doseq=True)


def permalink(state: ViewState, page: str) -> str:
    query = page_query(state, page)
    return f"{base_url()}/{PAGES[page].url_path}" + (f"?{query}" if query else "")


def published_url(published_id: str, *, embed: bool = False) -> str:
    params = {"v": published_id, **({"embed": "1"} if embed else {})}
    return f"{base_url()}/{PAGES['published'].url_path}?{urlencode(params)}"


def live_embed_url(state: ViewState, page: str) -> str:
    query = page_query(state, page)
    return f"{base_url()}/{PAGES['published'].url_path}?page={page}&embed=1" + (f"&{query}" if query else "")


def _views() -> Views | None:
    try:
        return Views()
    except Exception:  # a database that cannot be opened must not take the chart down with it
        return None


def panel(exhibit: Exhibit, state: ViewState, page: str) -> None:
    """The Share panel of one chart, in a popover."""
    link = permalink(state, page)
    views = _views()
    published = views.published_for(page, page_query(state, page)) if views else []
    stem = f"{page}-{exhibit.key}"
    with st.popover(_(words.SHARE), icon=":material/share:"):
        st.caption(_(words.PERMALINK))
        st.code(link, language=None)
        st.caption(_(words.PUBLISHED))
        if published:
            for item in published[:3]:
                st.code(published_url(item.id), language=None)
        else:
            st.caption(_(words.NOT_PUBLISHED))
        st.caption(_(words.IFRAME))
        src = published_url(published[0].id, embed=True) if published else live_embed_url(state, page)
        st.code(words.iframe_snippet(text.html_text(src), text.html_text(exhibit.title)), "html")
        stamp = published[0].id if published else link
        downloads(exhibit, stem=stem, link=stamp, dated=now_iso()[:10])


def downloads(exhibit: Exhibit, *, stem: str, link: str, dated: str) -> None:
    """Image and data downloads of one exhibit; each file is made when its button is clicked."""
    stamp = f"{words_dated(dated)}"
    st.caption(_(words.IMAGES))
    columns = st.columns(5)
    files = (
        (_(words.PNG_1X), "png", 1, "image/png", f"{stem}.png"),
        (_(words.PNG_2X), "png", 2, "image/png", f"{stem}@2x.png"),
        (_(words.SVG), "svg", 1, "image/svg+xml", f"{stem}.svg"),
        (_(words.PDF), "pdf", 1, "application/pdf", f"{stem}.pdf"),
    )
    for column, (label, fmt, scale, mime, name) in zip(columns, files, strict=False):
        column.download_button(
            label,
            data=lambda fmt=fmt, scale=scale: images.image(exhibit, fmt, link=link, dated=stamp, scale=scale),
            file_name=name,
            mime=mime,
            key=controls.download_key(name),
            on_click="ignore",
        )
    columns[4].download_button(
        _(words.HTML),
        data=lambda: standalone.html_page([exhibit], title=exhibit.title, link=link, dated=stamp),
        file_name=f"{stem}.html",
        mime="text/html",
        key=controls.download_key(f"{stem}.html"),
        on_click="ignore",
    )
    st.caption(_(words.DATA))
    left, right = st.columns(2)
    notes = download_notes(
        list(exhibit.notes)
        or [
            exhibit.title,
            _("Unit: {unit}").format(unit=_(exhibit.unit)),
            _("Source: {source}").format(source=exhibit.source),
        ]
    )
    left.download_button(
        _(words.CSV),
        data=lambda: csv_bytes(exhibit.table, header_lines=notes),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=controls.download_key(f"{stem}-share.csv"),
        on_click="ignore",
    )
    right.download_button(
        _(words.XLSX),
        data=lambda: xlsx_bytes({exhibit.key: exhibit.table}, notes=notes),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=controls.download_key(f"{stem}.xlsx"),
        on_click="ignore",
    )


def words_dated(date: str) -> str:
    from dashboard.export.text import dated

    return dated(date, published=False)


def save_form(state: ViewState, page: str) -> None:
    """The sidebar's "Save this view" form: title, note and author, saved with the view and the data snapshot."""
    with st.sidebar.expander(_(words.SAVE_HEADING), icon=":material/bookmark_add:"):
        with st.form(controls.key("save_view"), clear_on_submit=True, border=False):
            title = st.text_input(_(words.SAVE_TITLE), max_chars=200)
            note = st.text_area(_(words.SAVE_NOTE), max_chars=2000, height=80)
            author = st.text_input(_(words.SAVE_AUTHOR), max_chars=120)
            submitted = st.form_submit_button(_(words.SAVE_BUTTON))
        if not submitted:
            return
        if not title.strip():
            st.warning(_(words.SAVE_NEEDS_TITLE))
            return
        views = _views()
        if views is None:
            st.error(_(words.UNAVAILABLE))
            return
        saved = views.save(
            page=page,
            query=page_query(state, page),
            title=title,
            note=note,
            author=author,
            snapshot=Store().snapshot_hash(),
        )
        st.success(text.markdown(words.saved_notice(saved.title)))
