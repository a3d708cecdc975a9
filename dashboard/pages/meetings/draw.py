"""The Meeting follow-up page drawn: the meeting chooser, the reply matrix, the map, one recommendation, one
Government, and the downloads for the meeting document.

Its widgets are kept in step with the view in two groups (``controls.sync``/``settle``): the meeting chooser, then
the others, synced once the meeting is known, so that another meeting brings its own recommendations and
Governments."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st

from dashboard import geo, meetings
from dashboard.countries import country_name
from dashboard.i18n import _
from dashboard.meetings import CatalogueEntry, Meeting
from dashboard.pages.meetings import figures
from dashboard.pages.meetings import text as words
from dashboard.pages.meetings.params import PAGE, Shown, normalised_query
from dashboard.state import PAGES, ViewState
from dashboard.store import Store
from dashboard.ui import charts, controls, frame

MEETING, VIEW, SORT, QUERY, ALL, REC, COUNTRY = (
    controls.key(name, PAGE) for name in ("meeting", "view", "sort", "q", "all", "rec", "country")
)
VIEW_GROUP = f"{PAGE}_view"
TABLE_HEIGHT = 640  # pixels; a longer table of replies scrolls, with its header kept in view
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@st.cache_resource(show_spinner="Loading the meeting…", max_entries=8)
def _load(meeting_id: str, kind: str, directory: str, signature: tuple) -> Meeting:
    return meetings.open_entry(CatalogueEntry(meeting_id, kind, directory))


def open_meeting(entry: CatalogueEntry) -> Meeting:
    """The meeting, held once until a file of its folder changes."""
    return _load(entry.meeting_id, entry.kind, entry.directory, meetings.folder_signature(entry.directory))


def introduction(state: ViewState, offered: dict[str, CatalogueEntry]) -> None:
    """The title and what the page shows; when no meeting is on offer, says so and ends the page."""
    st.title(PAGES[PAGE].title)
    st.markdown(words.INTRODUCTION)
    if not offered:
        st.info(words.NO_MEETING)
        frame.publish(state)
        st.stop()


# ---- the meeting ---------------------------------------------------------------------------------------------------
def meeting_chooser(asked: str, offered: dict[str, CatalogueEntry]) -> str:
    """The chooser of meetings, showing ``asked`` unless the user chose another; the meeting chosen."""
    controls.sync(PAGE, {MEETING: asked})
    meeting_id = st.selectbox(
        "Meeting",
        list(offered),
        key=MEETING,
        format_func=lambda m: words.meeting_label(offered[m]),
        help=words.MEETING_HELP,
    )
    controls.settle(PAGE, {MEETING: meeting_id})
    return meeting_id


def meeting_summary(meeting: Meeting, entry: CatalogueEntry, store: Store) -> None:
    """What the meeting is, where its replies come from, and how many there are."""
    st.caption(words.meeting_caption(meeting))
    if entry.kind == "imported":
        imports = meetings.stored_meeting_imports(entry.meeting_id, store)
        if imports:
            st.caption(words.imports_caption(imports))
    headline = words.headline(meeting, meetings.replying_governments(meeting))
    for column, (label, value, help_text) in zip(st.columns(4), headline, strict=True):
        column.metric(label, value, help=help_text)


# ---- the views -----------------------------------------------------------------------------------------------------
def _widgets(chosen: Shown, replying: list[str]) -> dict[str, object]:
    return {
        VIEW: chosen.view,
        SORT: chosen.sort,
        QUERY: chosen.query,
        ALL: chosen.search_all,
        REC: chosen.rec,
        COUNTRY: chosen.country if chosen.country in replying else None,
    }


def chosen_view(chosen: Shown, meeting: Meeting, state: ViewState, seizure_countries: tuple[str, ...]) -> Shown:
    """The chooser of views and the view chosen (only that one is built); what the page now shows."""
    replying = meetings.replying_governments(meeting)
    controls.sync(VIEW_GROUP, _widgets(chosen, replying))
    chosen = replace(chosen, view=controls.choice("Show", words.VIEWS, VIEW))
    if chosen.view == "matrix":
        chosen = reply_matrix(meeting, chosen)
    elif chosen.view == "map":
        reply_map(meeting, chosen)
    elif chosen.view == "rec":
        chosen = one_recommendation(meeting, chosen)
    else:
        chosen = one_government(meeting, chosen, replying, state, seizure_countries)
    controls.settle(VIEW_GROUP, _widgets(chosen, replying))
    return chosen


def reply_matrix(meeting: Meeting, chosen: Shown) -> Shown:
    sort = controls.choice("Order the Governments by", words.SORTS, SORT, help=words.SORT_HELP)
    table = figures.matrix_table(meeting, sort=sort)
    charts.chart(figures.matrix_figure(meeting, sort=sort), key=controls.key("matrix", PAGE), table=table)
    st.caption(words.MATRIX_CAPTION)
    with st.expander(words.MATRIX_ALTERNATIVE, expanded=False):
        charts.grid(table, name=words.MATRIX_ALTERNATIVE, key=controls.key("matrix_table", PAGE))
        charts.grid(figures.legend_table(), name=_("Reply categories"), key=controls.key("legend", PAGE))
        st.caption(words.CATEGORY_RULES)
    _download_csv(meeting, table, f"{chosen.meeting}-matrix.csv", "Download the matrix (CSV)")
    return replace(chosen, sort=sort)


def reply_map(meeting: Meeting, chosen: Shown) -> None:
    table = figures.status_table(figures.map_status(meeting))
    charts.chart(
        figures.reply_map(meeting), config={"topojsonURL": geo.TOPOJSON_URL}, key=controls.key("map", PAGE), table=table
    )
    if meeting.invited_iso3 is None:
        st.info(words.INVITED_UNKNOWN, icon=":material/info:")
    st.caption(geo.BOUNDARIES_DISCLAIMER)
    status = figures.map_status(meeting)
    unshaped = words.unshaped_caption(status)
    if unshaped:
        st.caption(unshaped)
    charts.grid(table, name=_("Governments invited and replying"), key=controls.key("map_table", PAGE))
    _download_csv(meeting, table, f"{chosen.meeting}-governments.csv")


def one_recommendation(meeting: Meeting, chosen: Shown) -> Shown:
    """A recommendation, its replies counted by category, and a search of the replies."""
    recs = meetings.recommendations_by_key(meeting)
    rec_key = st.selectbox(
        "Recommendation", list(recs), key=REC, format_func=lambda k: words.recommendation_option(k, recs[k])
    )
    issue, letter = recs[rec_key]["issue_number"], recs[rec_key]["recommendation_letter"]
    st.subheader(f"Recommendation {rec_key}")
    st.markdown(words.recommendation_markdown(recs[rec_key]))
    left, right = st.columns([3, 2])
    with left:
        counts = figures.counts_table(meeting, issue, letter)
        charts.chart(
            figures.counts_figure(meeting, issue, letter),
            key=controls.key("counts", PAGE),
            table=counts.drop("category"),
        )
    with right:
        charts.grid(
            counts,
            name=_("Replies on recommendation {key} by category").format(key=rec_key),
            key=controls.key("counts_table", PAGE),
        )
        st.caption(words.COUNTS_CAPTION)
    query, search_all = _search()
    found = meetings.search_replies(
        meeting, query, issue_number=None if search_all else issue, recommendation_letter=None if search_all else letter
    )
    st.markdown(words.found_sentence(found.height, rec_key, query, search_all=search_all))
    if found.height:
        _replies(figures.replies_markdown(found, query=query))
    file_name = words.replies_file_name(chosen.meeting, rec_key)
    _download_csv(meeting, figures.replies_table(found), file_name, "Download these replies (CSV)")
    return replace(chosen, rec=rec_key, query=normalised_query(query), search_all=search_all)


def _search() -> tuple[str, bool]:
    """The search box and its scope: the text typed, and whether it covers every recommendation."""
    search_column, scope_column = st.columns([4, 2], vertical_alignment="bottom")
    query = search_column.text_input(
        "Search the replies",
        key=QUERY,
        max_chars=meetings.MAX_QUERY_CHARS,
        placeholder=words.SEARCH_PLACEHOLDER,
        help=words.SEARCH_HELP,
    )
    return query or "", scope_column.toggle("Search every recommendation", key=ALL)


def _replies(table: pl.DataFrame) -> None:
    st.table(table, hide_index=True, height=words.table_height(table.height, TABLE_HEIGHT))


def one_government(
    meeting: Meeting, chosen: Shown, replying: list[str], state: ViewState, seizure_countries: tuple[str, ...]
) -> Shown:
    """All the replies of one Government, with a link to its seizures when the seizure data has them."""
    picked = st.selectbox(
        "Government",
        sorted(replying, key=country_name),
        key=COUNTRY,
        format_func=words.government_option,
        placeholder="Choose a Government",
    )
    country = picked or chosen.country
    if country and country not in replying:
        st.info(words.not_replied_notice(meeting, country))
    elif not country:
        st.info(words.CHOOSE_A_GOVERNMENT)
    else:
        own = meetings.country_replies(meeting, country)
        st.subheader(words.replies_heading(country))
        st.markdown(words.government_summary(meeting, country, own))
        if country in seizure_countries:
            frame.profile_link(state, country, words.profile_link_label(country))
        _replies(figures.replies_markdown(own, by_country=True))
        own_file = f"{chosen.meeting}-replies-{country}.csv"
        _download_csv(meeting, figures.own_replies_table(own), own_file, "Download these replies (CSV)")
    return replace(chosen, country=country)


def _download_csv(
    meeting: Meeting, table: pl.DataFrame, file_name: str, label: str = "Download the data (CSV)"
) -> None:
    """A CSV of the meeting's data: its first line names the note (never the seizure data's source)."""
    frame.download_csv(table, file_name, label=label, notes=words.export_notes(meeting))


# ---- downloads -----------------------------------------------------------------------------------------------------
def downloads(meeting: Meeting) -> None:
    """The matrix as a workbook, and each issue's summary as Word and as Markdown: made when clicked."""
    st.divider()
    st.subheader(words.DOWNLOADS_HEADING)
    st.caption(words.DOWNLOADS_CAPTION)
    meeting_id = meeting.meeting_id
    _download("The matrix (Excel)", lambda: meetings.matrix_to_xlsx(meeting), f"{meeting_id}-matrix.xlsx", XLSX)
    for number, line in words.issues(meeting):
        text_column, word_column, markdown_column = st.columns([7, 1.3, 1.7], vertical_alignment="center")
        text_column.markdown(line)
        _download(
            "Word",
            lambda n=number: meetings.issue_summary_docx(meeting, n),
            f"{meeting_id}-issue-{number}.docx",
            DOCX,
            container=word_column,
            help_text=f"Summary of issue {number} as a Word document",
        )
        _download(
            "Markdown",
            lambda n=number: meetings.issue_summary_markdown(meeting, n).encode("utf-8"),
            f"{meeting_id}-issue-{number}.md",
            "text/markdown",
            container=markdown_column,
            help_text=f"Summary of issue {number} as Markdown, which pastes cleanly",
        )


def _download(label: str, data, file_name: str, mime: str, *, container=None, help_text: str | None = None) -> None:
    (container or st).download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        icon=":material/download:",
        key=controls.download_key(file_name),
        help=help_text,
    )
