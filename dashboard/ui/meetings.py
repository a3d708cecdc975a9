"""The Meeting follow-up page's controls and views: the meeting chooser, the reply matrix, the map, one
recommendation, one Government, and the downloads for the meeting document."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import geo, meetings
from dashboard.countries import countries_frame, country_name
from dashboard.figures import meetings as figures
from dashboard.state import ViewState, Vocabulary
from dashboard.store import Store
from dashboard.ui import controls, frame
from dashboard.views import meetings as meeting_view
from dashboard.views.meetings import CatalogueEntry, MeetingControls

CONTROLS_FROM = "_meeting_controls_from"
TABLE_HEIGHT = 640  # pixels; a longer table of replies scrolls, with its header kept in view
PLOTLY = {"displaylogo": False}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@st.cache_data(show_spinner=False)
def _all_country_codes() -> tuple[str, ...]:
    return tuple(countries_frame()["iso3"].to_list())


def vocabulary_with_every_country(vocabulary: Vocabulary) -> Vocabulary:
    return meeting_view.with_every_country(vocabulary, _all_country_codes())


@st.cache_resource(show_spinner="Loading the meeting…", max_entries=8)
def _load(kind: str, meeting_id: str, directory: str, signature: tuple) -> meetings.Meeting:
    if kind == "imported":
        return meetings.load_stored_meeting(meeting_id, Path(directory).parent.parent)
    return meetings.load_meeting(directory)


def open_meeting(meeting_id: str, entry: CatalogueEntry) -> meetings.Meeting:
    """The meeting, held once until a file of its folder changes."""
    return _load(entry.kind, meeting_id, entry.directory, meeting_view.folder_signature(entry.directory))


# ---- the controls --------------------------------------------------------------------------------------------------
def _widgets(chosen: MeetingControls, replying: list[str]) -> dict:
    return {
        "w_meeting": chosen.meeting,
        "w_meeting_view": chosen.view,
        "w_meeting_sort": chosen.sort,
        "w_meeting_q": chosen.query,
        "w_meeting_all": chosen.search_all,
        "w_meeting_rec": chosen.rec,
        "w_meeting_country": chosen.country if chosen.country in replying else None,
    }


def seed_controls(incoming: MeetingControls, meeting: meetings.Meeting) -> None:
    """Show the URL's controls, unless they are what this page published in its last run."""
    controls.seed(CONTROLS_FROM, _widgets(incoming, figures.replying_governments(meeting)), keep=True)


def remember_controls(chosen: MeetingControls, replying: list[str]) -> None:
    controls.remember(CONTROLS_FROM, _widgets(chosen, replying))


def controls_in_session(meeting_id: str, section: str, country: str | None) -> MeetingControls:
    """The controls as the session holds them, for the views that do not draw them all."""
    state = st.session_state
    return MeetingControls(
        meeting=meeting_id,
        view=section,
        sort=state.get("w_meeting_sort", "country"),
        query=meeting_view.normalised_query(state.get("w_meeting_q", "")),
        search_all=bool(state.get("w_meeting_all", False)),
        rec=state.get("w_meeting_rec"),
        country=country,
    )


def meeting_chooser(
    entries: dict[str, CatalogueEntry], meeting_id: str, meeting: meetings.Meeting
) -> tuple[str, meetings.Meeting]:
    """The chooser of meetings; another meeting brings its own recommendations and Governments."""
    chosen_id = st.selectbox(
        "Meeting",
        list(entries),
        key="w_meeting",
        format_func=lambda m: entries[m].label,
        help="Meetings shipped with the dashboard, and those imported with `python -m dashboard import-meeting`.",
    )
    if chosen_id == meeting_id:
        return meeting_id, meeting
    meeting = open_meeting(chosen_id, entries[chosen_id])
    keys = figures.recommendation_keys(meeting)
    if st.session_state.get("w_meeting_rec") not in keys:
        st.session_state["w_meeting_rec"] = keys[0]
    if st.session_state.get("w_meeting_country") not in figures.replying_governments(meeting):
        st.session_state["w_meeting_country"] = None
    return chosen_id, meeting


def meeting_summary(
    meeting: meetings.Meeting, meeting_id: str, entry: CatalogueEntry, replying: list[str], store: Store
) -> None:
    """What the meeting is, where its replies come from, and how many there are."""
    st.caption(figures.meeting_caption(meeting))
    if entry.kind == "imported":
        imports = meetings.stored_meeting_imports(meeting_id, store)
        if imports:
            st.caption(figures.imports_caption(imports))
    for column, (label, value, help_text) in zip(st.columns(4), meeting_view.headline(meeting, replying), strict=True):
        column.metric(label, value, help=help_text)


def section_chooser() -> str:
    return controls.choice("Show", meeting_view.VIEWS, "w_meeting_view") or "matrix"


# ---- the views -----------------------------------------------------------------------------------------------------
def reply_matrix(meeting: meetings.Meeting, chosen: MeetingControls) -> MeetingControls:
    sort = (
        controls.choice(
            "Order the Governments by",
            figures.SORTS,
            "w_meeting_sort",
            help="Name; region (UN subregion), then name; or completeness (most recommendations answered first).",
        )
        or "country"
    )
    st.plotly_chart(figures.matrix_figure(meeting, sort=sort), config=PLOTLY, key="meeting_matrix")
    st.caption(meeting_view.MATRIX_CAPTION)
    table = figures.matrix_table(meeting, sort=sort)
    with st.expander("The matrix as a table (text alternative)", expanded=False):
        st.dataframe(table, hide_index=True, key="meeting_matrix_table")
        st.dataframe(figures.legend_table(), hide_index=True, key="meeting_legend")
        st.caption("How each category is decided: docs/meeting-replies.md.")
    frame.download_csv(table, f"{chosen.meeting}-matrix.csv", label="Download the matrix (CSV)")
    return replace(chosen, sort=sort)


def reply_map(meeting: meetings.Meeting, chosen: MeetingControls) -> MeetingControls:
    config = {**PLOTLY, "topojsonURL": geo.TOPOJSON_URL}
    st.plotly_chart(figures.reply_map(meeting), config=config, key="meeting_map")
    if meeting.invited_iso3 is None:
        st.info(meeting_view.INVITED_UNKNOWN, icon=":material/info:")
    st.caption(geo.BOUNDARIES_DISCLAIMER)
    status = figures.map_status(meeting)
    unshaped = meeting_view.unshaped_caption(status)
    if unshaped:
        st.caption(unshaped)
    table = meeting_view.status_table(status)
    st.dataframe(table, hide_index=True, key="meeting_map_table")
    frame.download_csv(table, f"{chosen.meeting}-governments.csv")
    return chosen


def one_recommendation(meeting: meetings.Meeting, chosen: MeetingControls) -> MeetingControls:
    """A recommendation, its replies counted by category, and a search of the replies."""
    recs = meeting_view.recommendations_by_key(meeting)
    rec_key = st.selectbox(
        "Recommendation",
        figures.recommendation_keys(meeting),
        key="w_meeting_rec",
        format_func=lambda k: meeting_view.recommendation_option(k, recs[k]),
    )
    rec = recs[rec_key]
    issue, letter = rec["issue_number"], rec["recommendation_letter"]
    st.subheader(f"Recommendation {rec_key}")
    st.markdown(meeting_view.recommendation_markdown(rec))
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(figures.counts_figure(meeting, issue, letter), config=PLOTLY, key="meeting_counts")
    with right:
        counts = figures.recommendation_counts(meeting, issue, letter)
        st.dataframe(counts.drop("category"), hide_index=True, key="meeting_counts_table")
        st.caption(meeting_view.COUNTS_CAPTION)

    search_column, scope_column = st.columns([4, 2], vertical_alignment="bottom")
    query_text = (
        search_column.text_input(
            "Search the replies",
            key="w_meeting_q",
            max_chars=meetings.MAX_QUERY_CHARS,
            placeholder="Words in the summaries, or a Government's name",
            help="Finds the exact text you type, in any case. Leave empty to see every reply.",
        )
        or ""
    )
    search_all = scope_column.toggle("Search every recommendation", key="w_meeting_all")
    found = meetings.search_replies(
        meeting,
        query_text,
        issue_number=None if search_all else issue,
        recommendation_letter=None if search_all else letter,
    )
    st.markdown(meeting_view.found_sentence(found.height, rec_key, query_text, search_all=search_all))
    if found.height:
        _replies(figures.replies_markdown(found, query=query_text))
    frame.download_csv(
        figures.replies_table(found),
        meeting_view.replies_file_name(chosen.meeting, rec_key),
        label="Download these replies (CSV)",
    )
    return replace(chosen, rec=rec_key, query=meeting_view.normalised_query(query_text), search_all=search_all)


def _replies(table: pl.DataFrame) -> None:
    st.table(table, hide_index=True, height=meeting_view.table_height(table.height, TABLE_HEIGHT))


def one_government(
    meeting: meetings.Meeting,
    chosen: MeetingControls,
    replying: list[str],
    state: ViewState,
    seizure_countries: tuple[str, ...],
) -> MeetingControls:
    """All the replies of one Government, with a link to its seizures when the seizure data has them."""
    names = {c: country_name(c) for c in replying}
    picked = st.selectbox(
        "Government",
        sorted(replying, key=lambda c: names[c]),
        key="w_meeting_country",
        format_func=lambda c: f"{names[c]} ({c})",
        placeholder="Choose a Government",
    )
    country = picked or chosen.country
    if country and country not in replying:
        st.info(meeting_view.not_replied_notice(meeting, country))
    elif not country:
        st.info("Choose a Government to see all its replies.")
    else:
        own = meetings.country_replies(meeting, country)
        st.subheader(f"Replies of {figures.md_safe(names[country])}")
        st.markdown(meeting_view.government_summary(meeting, country, own))
        if country in seizure_countries:
            frame.profile_link(state, country, f"Seizures reported by {names[country]}: country profile")
        _replies(figures.replies_markdown(own, by_country=True))
        frame.download_csv(
            meeting_view.own_replies_table(own),
            f"{chosen.meeting}-replies-{country}.csv",
            label="Download these replies (CSV)",
        )
    return replace(chosen, country=country)


def downloads(meeting: meetings.Meeting, meeting_id: str) -> None:
    """The matrix as a workbook, and each issue's summary as Word and as Markdown: made when clicked."""
    st.divider()
    st.subheader("Downloads for the meeting document")
    st.caption("Files are made when you click. Every cell and line carries the paragraph number of the note.")
    st.download_button(
        "The matrix (Excel)",
        data=lambda: meetings.matrix_to_xlsx(meeting),
        file_name=f"{meeting_id}-matrix.xlsx",
        mime=XLSX,
        icon=":material/download:",
        key="dl_meeting_xlsx",
    )
    for number, line in meeting_view.issues(meeting):
        text_column, word_column, markdown_column = st.columns([7, 1.3, 1.7], vertical_alignment="center")
        text_column.markdown(line)
        word_column.download_button(
            "Word",
            data=lambda n=number: meetings.issue_summary_docx(meeting, n),
            file_name=f"{meeting_id}-issue-{number}.docx",
            mime=DOCX,
            icon=":material/download:",
            key=f"dl_meeting_docx_{number}",
            help=f"Summary of issue {number} as a Word document",
        )
        markdown_column.download_button(
            "Markdown",
            data=lambda n=number: meetings.issue_summary_markdown(meeting, n).encode("utf-8"),
            file_name=f"{meeting_id}-issue-{number}.md",
            mime="text/markdown",
            icon=":material/download:",
            key=f"dl_meeting_md_{number}",
            help=f"Summary of issue {number} as Markdown, which pastes cleanly",
        )
