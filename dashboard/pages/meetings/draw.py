"""The Meeting follow-up page drawn: the meeting chooser, the reply matrix, the map, one recommendation, one
Government, and the downloads for the meeting document.

Its widgets are kept in step with the view in two groups (``controls.sync``/``settle``): the meeting chooser, then
the others, synced once the meeting is known, so that another meeting brings its own recommendations and
Governments."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st

from dashboard import geo, meetings, text
from dashboard.countries import in_name_order
from dashboard.figures.exhibit import Exhibit
from dashboard.i18n import _
from dashboard.meetings import CatalogueEntry, Meeting
from dashboard.pages.meetings import figures
from dashboard.pages.meetings import text as words
from dashboard.pages.meetings.params import PAGE, Shown, normalised_query, with_shown
from dashboard.state import PAGES, ViewState
from dashboard.store import Store
from dashboard.ui import charts, controls, frame
from dashboard.ui.tables import translated

MEETING, VIEW, SORT, QUERY, ALL, REC, COUNTRY = (
    controls.key(name, PAGE) for name in ("meeting", "view", "sort", "q", "all", "rec", "country")
)
VIEW_GROUP = f"{PAGE}_view"
TABLE_HEIGHT = 640  # pixels; a longer table of replies scrolls, with its header kept in view
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# The spinner is shown by open_meeting() in the reader's language (a decorator argument would be English).
@st.cache_resource(show_spinner=False, max_entries=8)
def _load(meeting_id: str, kind: str, directory: str, signature: tuple) -> Meeting:
    return meetings.open_entry(CatalogueEntry(meeting_id, kind, directory))


def labels_of(options: dict[str, str]) -> dict[str, str]:
    return {key: _(label) for key, label in options.items()}


def open_meeting(entry: CatalogueEntry) -> Meeting:
    """The meeting, held once until a file of its folder changes."""
    with st.spinner(_("Loading the meeting…")):
        return _load(entry.meeting_id, entry.kind, entry.directory, meetings.folder_signature(entry.directory))


def introduction(state: ViewState, offered: dict[str, CatalogueEntry]) -> None:
    """The title and what the page shows; when no meeting is on offer, says so and ends the page."""
    st.title(_(PAGES[PAGE].title))
    st.markdown(_(words.INTRODUCTION))
    if not offered:
        st.info(_(words.NO_MEETING))
        frame.publish(state)
        st.stop()


# ---- the meeting ---------------------------------------------------------------------------------------------------
def meeting_chooser(asked: str, offered: dict[str, CatalogueEntry]) -> str:
    """The chooser of meetings, showing ``asked`` unless the user chose another; the meeting chosen."""
    controls.sync(PAGE, {MEETING: asked})
    meeting_id = st.selectbox(
        _("Meeting"),
        list(offered),
        key=MEETING,
        format_func=lambda m: words.meeting_label(offered[m]),
        help=_(words.MEETING_HELP),
        placeholder=_(text.CHOOSE),
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
    chosen = replace(chosen, view=controls.choice(_("Show"), labels_of(words.VIEWS), VIEW))
    if chosen.view == "matrix":
        chosen = reply_matrix(meeting, chosen, state)
    elif chosen.view == "map":
        reply_map(meeting, chosen, state)
    elif chosen.view == "rec":
        chosen = one_recommendation(meeting, chosen, state)
    else:
        chosen = one_government(meeting, chosen, replying, state, seizure_countries)
    controls.settle(VIEW_GROUP, _widgets(chosen, replying))
    return chosen


def _share(exhibit: Exhibit, meeting: Meeting, chosen: Shown, state: ViewState) -> None:
    """The Share panel of a chart, its links naming the meeting and the view as shown."""
    frame.chart_footer(exhibit, with_shown(state, chosen, meeting))


def reply_matrix(meeting: Meeting, chosen: Shown, state: ViewState) -> Shown:
    sort = controls.choice(_("Order the Governments by"), labels_of(words.SORTS), SORT, help=_(words.SORT_HELP))
    shown = figures.matrix_exhibit(meeting, sort=sort)
    table = shown.table
    charts.chart(shown.figure, key=controls.key("matrix", PAGE), table=table)
    st.caption(_(words.MATRIX_CAPTION))
    with st.expander(_(words.MATRIX_ALTERNATIVE), expanded=False):
        charts.grid(translated(table), name=_(words.MATRIX_ALTERNATIVE), key=controls.key("matrix_table", PAGE))
        charts.grid(translated(figures.legend_table()), name=_("Reply categories"), key=controls.key("legend", PAGE))
        st.caption(_(words.CATEGORY_RULES))
    _download_csv(meeting, table, f"{chosen.meeting}-matrix.csv", _("Download the matrix (CSV)"))
    chosen = replace(chosen, sort=sort)
    _share(shown, meeting, chosen, state)
    return chosen


def reply_map(meeting: Meeting, chosen: Shown, state: ViewState) -> None:
    shown = figures.map_exhibit(meeting)
    charts.chart(
        shown.figure, config={"topojsonURL": geo.TOPOJSON_URL}, key=controls.key("map", PAGE), table=shown.table
    )
    if meeting.invited_iso3 is None:
        st.info(_(words.INVITED_UNKNOWN), icon=":material/info:")
    st.caption(_(geo.BOUNDARIES_DISCLAIMER))
    status = figures.map_status(meeting)
    unshaped = words.unshaped_caption(status)
    if unshaped:
        st.caption(unshaped)
    table = figures.status_table(status)
    charts.grid(translated(table), name=_("Governments invited and replying"), key=controls.key("map_table", PAGE))
    _download_csv(meeting, table, f"{chosen.meeting}-governments.csv")
    _share(shown, meeting, chosen, state)


def one_recommendation(meeting: Meeting, chosen: Shown, state: ViewState) -> Shown:
    """A recommendation, its replies counted by category, and a search of the replies."""
    recs = meetings.recommendations_by_key(meeting)
    rec_key = st.selectbox(
        _("Recommendation"),
        list(recs),
        key=REC,
        format_func=lambda k: words.recommendation_option(k, recs[k]),
        placeholder=_(text.CHOOSE),
    )
    issue, letter = recs[rec_key]["issue_number"], recs[rec_key]["recommendation_letter"]
    st.subheader(_("Recommendation {key}").format(key=rec_key))
    st.markdown(words.recommendation_markdown(recs[rec_key]))
    left, right = st.columns([3, 2])
    shown = figures.counts_exhibit(meeting, rec_key)
    with left:
        charts.chart(shown.figure, key=controls.key("counts", PAGE), table=shown.table)
    with right:
        counts = figures.counts_table(meeting, issue, letter)
        charts.grid(translated(counts.drop("category")), name=shown.title, key=controls.key("counts_table", PAGE))
        st.caption(_(words.COUNTS_CAPTION))
    query, search_all = _search()
    found = meetings.search_replies(
        meeting, query, issue_number=None if search_all else issue, recommendation_letter=None if search_all else letter
    )
    st.markdown(words.found_sentence(found.height, rec_key, query, search_all=search_all))
    if found.height:
        _replies(figures.replies_markdown(found, query=query))
    file_name = words.replies_file_name(chosen.meeting, rec_key)
    _download_csv(meeting, figures.replies_table(found), file_name, _("Download these replies (CSV)"))
    chosen = replace(chosen, rec=rec_key, query=normalised_query(query), search_all=search_all)
    _share(shown, meeting, chosen, state)
    return chosen


def _search() -> tuple[str, bool]:
    """The search box and its scope: the text typed, and whether it covers every recommendation."""
    search_column, scope_column = st.columns([4, 2], vertical_alignment="bottom")
    query = search_column.text_input(
        _("Search the replies"),
        key=QUERY,
        max_chars=meetings.MAX_QUERY_CHARS,
        placeholder=_(words.SEARCH_PLACEHOLDER),
        help=_(words.SEARCH_HELP),
    )
    return query or "", scope_column.toggle(_("Search every recommendation"), key=ALL)


def _replies(table: pl.DataFrame) -> None:
    st.table(translated(table), hide_index=True, height=words.table_height(table.height, TABLE_HEIGHT))


def one_government(
    meeting: Meeting, chosen: Shown, replying: list[str], state: ViewState, seizure_countries: tuple[str, ...]
) -> Shown:
    """All the replies of one Government, with a link to its seizures when the seizure data has them."""
    picked = st.selectbox(
        _("Government"),
        in_name_order(replying),
        key=COUNTRY,
        format_func=words.government_option,
        placeholder=_("Choose a Government"),
    )
    country = picked or chosen.country
    if country and country not in replying:
        st.info(words.not_replied_notice(meeting, country))
    elif not country:
        st.info(_(words.CHOOSE_A_GOVERNMENT))
    else:
        own = meetings.country_replies(meeting, country)
        st.subheader(words.replies_heading(country))
        st.markdown(words.government_summary(meeting, country, own))
        if country in seizure_countries:
            frame.profile_link(state, country, words.profile_link_label(country))
        _replies(figures.replies_markdown(own, by_country=True))
        own_file = f"{chosen.meeting}-replies-{country}.csv"
        _download_csv(meeting, figures.own_replies_table(own), own_file, _("Download these replies (CSV)"))
    return replace(chosen, country=country)


def _download_csv(meeting: Meeting, table: pl.DataFrame, file_name: str, label: str | None = None) -> None:
    """A CSV of the meeting's data: its first line names the note (never the seizure data's source)."""
    frame.download_csv(table, file_name, label=label or _("Download the data (CSV)"), notes=words.export_notes(meeting))


# ---- downloads -----------------------------------------------------------------------------------------------------
def downloads(meeting: Meeting) -> None:
    """The matrix as a workbook, and each issue's summary as Word and as Markdown: made when clicked."""
    st.divider()
    st.subheader(_(words.DOWNLOADS_HEADING))
    st.caption(_(words.DOWNLOADS_CAPTION))
    meeting_id = meeting.meeting_id
    _download(_("The matrix (Excel)"), lambda: meetings.matrix_to_xlsx(meeting), f"{meeting_id}-matrix.xlsx", XLSX)
    for number, line in words.issues(meeting):
        text_column, word_column, markdown_column = st.columns([7, 1.3, 1.7], vertical_alignment="center")
        text_column.markdown(line)
        _download(
            _("Word"),
            lambda n=number: meetings.issue_summary_docx(meeting, n),
            f"{meeting_id}-issue-{number}.docx",
            DOCX,
            container=word_column,
            help_text=_("Summary of issue {number} as a Word document").format(number=number),
        )
        _download(
            _("Markdown"),
            lambda n=number: meetings.issue_summary_markdown(meeting, n).encode("utf-8"),
            f"{meeting_id}-issue-{number}.md",
            "text/markdown",
            container=markdown_column,
            help_text=_("Summary of issue {number} as Markdown, which pastes cleanly").format(number=number),
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
