"""Meeting follow-up: which Governments replied on which recommendation of a meeting, from the secretariat's note.

The view lives in the URL: ``meeting`` (the meeting id), ``view`` (matrix, map, rec, country), ``sort`` (country,
region, completeness), ``rec`` (a recommendation, e.g. ``1(a)``), ``q`` and ``all`` (the search and its scope), and
``country`` (ISO3, the view state's country, which the Country profile page links here with). The figures and
tables are built in ``dashboard.figures.meetings``; the data, queries and exports in ``dashboard.meetings``.
"""

from collections.abc import Container
from dataclasses import replace
from pathlib import Path

import streamlit as st

from dashboard import geo, meetings
from dashboard import state as view
from dashboard.countries import countries_frame, country_name
from dashboard.figures import meetings as figures
from dashboard.figures.meetings import md_safe
from dashboard.store import Store
from dashboard.ui import frame

TITLE = "Meeting follow-up"
VIEWS = {"matrix": "Who replied on what", "map": "Map", "rec": "One recommendation", "country": "One Government"}
CONTROLS_FROM = "_meeting_controls_from"
TABLE_HEIGHT = 640  # pixels; a longer table of replies scrolls, with its header kept in view
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

frame.setup_page(TITLE)
data = frame.dataset()
nav = st.sidebar.container()
notices: list[str] = []


# ---- the view state: the shared one, with any ISO3 code allowed for ``country`` ------------------------------------
@st.cache_data(show_spinner=False)
def all_country_codes() -> tuple[str, ...]:
    return tuple(countries_frame()["iso3"].to_list())


def page_state() -> tuple[view.ViewState, list[str]]:
    """As ``frame.current_state``, but a Government that replied need not be in the seizure data."""
    vocabulary = replace(
        data.vocabulary, countries=tuple(sorted(set(data.vocabulary.countries) | set(all_country_codes())))
    )
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    from_url, problems = view.from_query(params, vocabulary)
    remembered = st.session_state.get(frame.SESSION_STATE_KEY)
    if remembered is not None and not any(key in view.STATE_KEYS for key in st.query_params):
        return remembered.with_(extras=from_url.extras), []
    return from_url, problems


state, notices = page_state()


def shown(value: str) -> str:
    """A hostile URL value as a notice may show it: short, printable, quoted (``frame.url_notices`` escapes it)."""
    return repr("".join(ch if ch.isprintable() else "?" for ch in value)[:40])


def page_param(key: str, allowed: Container[str], default: str) -> str:
    """A page parameter from the URL; an invalid value falls back to the default with a visible notice."""
    value = state.extras.get(key)
    if value is None:
        return default
    if value in allowed:
        return value
    notices.append(f"URL parameter '{key}': {shown(value)} is not valid here; ignored")
    return default


# ---- the meetings: shipped with the dashboard, and imported into the store -----------------------------------------
def folder_signature(directory: str) -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in Path(directory).glob("*.*")))


@st.cache_resource(show_spinner="Loading the meeting…", max_entries=8)
def load(kind: str, meeting_id: str, directory: str, signature: tuple) -> meetings.Meeting:
    if kind == "imported":
        return meetings.load_stored_meeting(meeting_id, Path(directory).parent.parent)
    return meetings.load_meeting(directory)


store = Store()
catalogue: dict[str, tuple[str, str, str]] = {}  # meeting id -> (kind, directory, label)
rows = [(row, "imported") for row in meetings.list_stored_meetings(store).iter_rows(named=True)]
rows += [(row, "shipped") for row in meetings.list_shipped_meetings().iter_rows(named=True)]
for row, kind in sorted(rows, key=lambda item: str(item[0]["start_date"] or ""), reverse=True):
    if row["meeting_id"] not in catalogue:
        label = figures.meeting_label(row, imported=kind == "imported")
        catalogue[row["meeting_id"]] = (kind, row["directory"], label)

st.title(TITLE)
st.markdown(
    "Before each meeting of Heads of National Drug Law Enforcement Agencies (HONLEA), the secretariat asks "
    "Governments what they have done about the previous meeting's recommendations, and puts their replies together "
    "in a note, paragraph by paragraph. This page shows those replies: **who replied on what**, where the replying "
    "Governments are, **each recommendation** with its replies, and **each Government's** replies. The numbers "
    "in the cells are paragraph numbers of the note, so every entry can be checked against the document."
)
if not catalogue:
    st.info(
        "No meeting is available. Meetings are shipped in data/meetings or imported with "
        "`python -m dashboard import-meeting FILE`."
    )
    frame.navigation(state, nav)
    st.stop()

meeting_id = page_param("meeting", catalogue, next(iter(catalogue)))
meeting = load(
    catalogue[meeting_id][0], meeting_id, catalogue[meeting_id][1], folder_signature(catalogue[meeting_id][1])
)
replying = figures.replying_governments(meeting)


def defaults_for(m: meetings.Meeting, country: str | None) -> dict:
    """Incoming control values from the URL, checked against meeting ``m``."""
    rec = state.extras.get("rec")
    parsed = figures.parse_recommendation(rec, m) if rec else None
    if rec and parsed is None:
        notices.append(f"URL parameter 'rec': {shown(rec)} is not a recommendation of this meeting; ignored")
    keys = figures.recommendation_keys(m)
    return {
        "w_meeting_rec": meetings.recommendation_key(*parsed) if parsed else keys[0],
        "w_meeting_country": country if country in replying else None,
    }


incoming = {
    "w_meeting": meeting_id,
    "w_meeting_view": page_param("view", VIEWS, "country" if state.country else "matrix"),
    "w_meeting_sort": page_param("sort", figures.SORTS, "country"),
    "w_meeting_q": " ".join(state.extras.get("q", "").split())[: meetings.MAX_QUERY_CHARS],
    "w_meeting_all": state.extras.get("all") == "1",
    **defaults_for(meeting, state.country),
}
if st.session_state.get(CONTROLS_FROM) != incoming:  # the view came from the URL or another page: show it
    st.session_state.update(incoming)
else:  # widgets that were hidden in the last run lost their value: give it back
    for key, value in incoming.items():
        st.session_state.setdefault(key, value)
frame.url_notices(notices)

# ---- the meeting ----------------------------------------------------------------------------------------------------
chosen_id = st.selectbox(
    "Meeting",
    list(catalogue),
    key="w_meeting",
    format_func=lambda m: catalogue[m][2],
    help="Meetings shipped with the dashboard, and those imported with `python -m dashboard import-meeting`.",
)
if chosen_id != meeting_id:  # another meeting: its own recommendations and Governments
    meeting_id = chosen_id
    meeting = load(
        catalogue[meeting_id][0], meeting_id, catalogue[meeting_id][1], folder_signature(catalogue[meeting_id][1])
    )
    replying = figures.replying_governments(meeting)
    keys = figures.recommendation_keys(meeting)
    if st.session_state.get("w_meeting_rec") not in keys:
        st.session_state["w_meeting_rec"] = keys[0]
    if st.session_state.get("w_meeting_country") not in replying:
        st.session_state["w_meeting_country"] = None

total_recs = meeting.recommendations.height
st.caption(figures.meeting_caption(meeting))
if catalogue[meeting_id][0] == "imported":
    imports = meetings.stored_meeting_imports(meeting_id, store)
    if imports:
        st.caption(figures.imports_caption(imports))

metrics = st.columns(4)
metrics[0].metric("Governments that replied", len(replying))
metrics[1].metric("Recommendations", total_recs)
metrics[2].metric(
    "Reply paragraphs", meeting.replies["paragraph"].n_unique(), help="Paragraphs of the note that hold replies"
)
metrics[3].metric("Replies", meeting.replies.height, help="A paragraph naming several Governments counts once each")

section = st.segmented_control("Show", list(VIEWS), key="w_meeting_view", format_func=VIEWS.__getitem__, required=True)
section = section or "matrix"
sort = st.session_state.get("w_meeting_sort", "country")
rec_key = st.session_state.get("w_meeting_rec")
query_text = st.session_state.get("w_meeting_q", "")
search_all = bool(st.session_state.get("w_meeting_all", False))
country = state.country

if section == "matrix":
    sort = (
        st.segmented_control(
            "Order the Governments by",
            list(figures.SORTS),
            key="w_meeting_sort",
            format_func=figures.SORTS.__getitem__,
            required=True,
            help="Name; region (UN subregion), then name; or completeness (most recommendations answered first).",
        )
        or "country"
    )
    st.plotly_chart(figures.matrix_figure(meeting, sort=sort), config={"displaylogo": False}, key="meeting_matrix")
    st.caption(
        "Each row is a Government that replied, each column a recommendation (issue and letter). The colour is the "
        "kind of reply; the numbers are the paragraphs of the note that hold it. Hover over a cell for the summary. "
        "Grey cells: the Government replied to the questionnaire but said nothing on that recommendation."
    )
    table = figures.matrix_table(meeting, sort=sort)
    with st.expander("The matrix as a table (text alternative)", expanded=False):
        st.dataframe(table, hide_index=True, key="meeting_matrix_table")
        st.dataframe(figures.legend_table(), hide_index=True, key="meeting_legend")
        st.caption("How each category is decided: docs/meeting-replies.md.")
    frame.download_csv(table, f"{meeting_id}-matrix.csv", label="Download the matrix (CSV)")

elif section == "map":
    st.plotly_chart(
        figures.reply_map(meeting),
        config={"displaylogo": False, "topojsonURL": geo.TOPOJSON_URL},
        key="meeting_map",
    )
    if meeting.invited_iso3 is None:
        st.info(
            "The note does not list the Governments that were invited, so the map shows only those that replied. "
            "A country in grey may not have been invited.",
            icon=":material/info:",
        )
    st.caption(geo.BOUNDARIES_DISCLAIMER)
    status = figures.map_status(meeting)
    unshaped = status.filter(~status["drawable"])["country_name"].to_list()
    if unshaped:
        st.caption(f"Too small for this map, but in the table: {md_safe(', '.join(unshaped))}.")
    status_table = status.select(
        status["country_name"].alias("Government"),
        status["country_iso3"].alias("ISO3"),
        status["status"].alias("Status"),
        status["answered"].alias("Recommendations answered"),
    )
    st.dataframe(status_table, hide_index=True, key="meeting_map_table")
    frame.download_csv(status_table, f"{meeting_id}-governments.csv")

elif section == "rec":
    keys = figures.recommendation_keys(meeting)
    recs = {
        meetings.recommendation_key(r["issue_number"], r["recommendation_letter"]): r
        for r in meeting.recommendations.iter_rows(named=True)
    }
    rec_key = st.selectbox(
        "Recommendation",
        keys,
        key="w_meeting_rec",
        format_func=lambda k: f"{k} · issue {recs[k]['issue_number']}: {recs[k]['issue_title'] or ''}"[:110],
    )
    rec = recs[rec_key]
    st.subheader(f"Recommendation {rec_key}")
    st.markdown(
        f"**Issue {rec['issue_number']}. {md_safe(rec['issue_title'] or '')}**\n\n"
        f"> **Paragraph {rec['paragraph']}.** {md_safe(rec['text'])}"
    )
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(
            figures.counts_figure(meeting, rec["issue_number"], rec["recommendation_letter"]),
            config={"displaylogo": False},
            key="meeting_counts",
        )
    with right:
        counts = figures.recommendation_counts(meeting, rec["issue_number"], rec["recommendation_letter"])
        st.dataframe(counts.drop("category"), hide_index=True, key="meeting_counts_table")
        st.caption(
            "A Government replying in two paragraphs counts twice. *No reply*: replying Governments that "
            "said nothing on this recommendation."
        )

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
        issue_number=None if search_all else rec["issue_number"],
        recommendation_letter=None if search_all else rec["recommendation_letter"],
    )
    scope = "all recommendations" if search_all else f"recommendation {rec_key}"
    if query_text.strip():
        st.markdown(f"**{found.height}** replies on {scope} contain “{md_safe(query_text)}”.")
    else:
        st.markdown(f"**{found.height}** replies on {scope}.")
    if found.height:
        st.table(
            figures.replies_markdown(found, query=query_text),
            hide_index=True,
            height=TABLE_HEIGHT if found.height > 12 else "content",
        )
    replies_table = figures.replies_table(found)
    frame.download_csv(
        replies_table,
        f"{meeting_id}-replies-{rec_key.replace('(', '').replace(')', '')}.csv",
        label="Download these replies (CSV)",
    )

else:  # one Government
    names = {c: country_name(c) for c in replying}
    picked = st.selectbox(
        "Government",
        sorted(replying, key=lambda c: names[c]),
        key="w_meeting_country",
        format_func=lambda c: f"{names[c]} ({c})",
        placeholder="Choose a Government",
    )
    if picked:
        country = picked
    if country and country not in replying:
        invited = meeting.invited_iso3
        extra = " It was invited but did not reply." if invited and country in invited else ""
        st.info(
            f"{md_safe(country_name(country))} is not among the Governments that replied to this questionnaire.{extra}"
        )
    elif not country:
        st.info("Choose a Government to see all its replies.")
    else:
        own = meetings.country_replies(meeting, country)
        silent = figures.silent_recommendations(meeting, country)
        answered = total_recs - len(silent)
        st.subheader(f"Replies of {md_safe(names[country])}")
        st.markdown(
            f"{md_safe(names[country])} replied on **{answered} of {total_recs}** recommendations, in "
            f"{own['paragraph'].n_unique()} paragraphs of the note."
            + (f" Nothing on: {', '.join(silent)}." if silent else "")
        )
        if country in data.vocabulary.countries:
            frame.link(
                "pages/4_Country_profile.py",
                f"Seizures reported by {names[country]}: country profile",
                icon=":material/flag:",
                query_params=view.to_query(state.with_(country=country)),
            )
        own_table = own.select(
            own["recommendation_key"].alias("Recommendation"),
            own["paragraph"].alias("Paragraph"),
            own["category_label"].alias("Category"),
            own["summary"].alias("Summary"),
        )
        st.table(
            figures.replies_markdown(own, by_country=True),
            hide_index=True,
            height=TABLE_HEIGHT if own.height > 12 else "content",
        )
        frame.download_csv(own_table, f"{meeting_id}-replies-{country}.csv", label="Download these replies (CSV)")

# ---- downloads for the meeting document -----------------------------------------------------------------------------
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
issues = meeting.recommendations.select("issue_number", "issue_title").unique("issue_number").sort("issue_number")
for issue in issues.iter_rows(named=True):
    number = issue["issue_number"]
    text_column, word_column, markdown_column = st.columns([7, 1.3, 1.7], vertical_alignment="center")
    text_column.markdown(f"Issue {number}. {md_safe(issue['issue_title'] or '')}")
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

# ---- the view, back into the URL ------------------------------------------------------------------------------------
outgoing = {
    "w_meeting": meeting_id,
    "w_meeting_view": section,
    "w_meeting_sort": sort,
    "w_meeting_q": " ".join((query_text or "").split())[: meetings.MAX_QUERY_CHARS],
    "w_meeting_all": search_all,
    "w_meeting_rec": rec_key,
    "w_meeting_country": country if country in replying else None,
}
st.session_state[CONTROLS_FROM] = outgoing
extras = {k: v for k, v in state.extras.items() if k not in {"meeting", "view", "sort", "rec", "q", "all"}}
extras["meeting"] = meeting_id
if section != ("country" if country else "matrix"):
    extras["view"] = section
if sort != "country":
    extras["sort"] = sort
if rec_key and rec_key != figures.recommendation_keys(meeting)[0]:
    extras["rec"] = rec_key
if outgoing["w_meeting_q"]:
    extras["q"] = outgoing["w_meeting_q"]
if search_all:
    extras["all"] = "1"
state = state.with_(country=country, extras=extras)
frame.publish(state)
frame.navigation(state, nav)
