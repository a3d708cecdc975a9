"""The Meeting follow-up page: the meetings it offers, its URL parameters (``meeting``, ``view``, ``sort``, ``rec``,
``q``, ``all``, with the view state's ``country``), and the sentences, captions and tables of each view.

Text from a meeting's files may come from an imported file: it goes through ``md_safe`` before Markdown shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from dashboard import meetings
from dashboard.countries import country_name
from dashboard.figures.meetings import (
    SORTS,
    md_safe,
    meeting_label,
    parse_recommendation,
    recommendation_keys,
    silent_recommendations,
)
from dashboard.state import ViewState, Vocabulary, extra_choice, shown

VIEWS = {"matrix": "Who replied on what", "map": "Map", "rec": "One recommendation", "country": "One Government"}
PAGE_KEYS = frozenset({"meeting", "view", "sort", "rec", "q", "all"})  # the page's own URL parameters
NOT_VALID_HERE = "is not valid here"
STATUS_COLUMNS = {
    "country_name": "Government",
    "country_iso3": "ISO3",
    "status": "Status",
    "answered": "Recommendations answered",
}
OWN_REPLY_COLUMNS = {
    "recommendation_key": "Recommendation",
    "paragraph": "Paragraph",
    "category_label": "Category",
    "summary": "Summary",
}
FULL_TABLE_ROWS = 12  # a table of replies up to this long is shown whole; a longer one scrolls

INTRODUCTION = (
    "Before each meeting of Heads of National Drug Law Enforcement Agencies (HONLEA), the secretariat asks "
    "Governments what they have done about the previous meeting's recommendations, and puts their replies together "
    "in a note, paragraph by paragraph. This page shows those replies: **who replied on what**, where the replying "
    "Governments are, **each recommendation** with its replies, and **each Government's** replies. The numbers "
    "in the cells are paragraph numbers of the note, so every entry can be checked against the document."
)
NO_MEETING = (
    "No meeting is available. Meetings are shipped in data/meetings or imported with "
    "`python -m dashboard import-meeting FILE`."
)
MATRIX_CAPTION = (
    "Each row is a Government that replied, each column a recommendation (issue and letter). The colour is the "
    "kind of reply; the numbers are the paragraphs of the note that hold it. Hover over a cell for the summary. "
    "Grey cells: the Government replied to the questionnaire but said nothing on that recommendation."
)
INVITED_UNKNOWN = (
    "The note does not list the Governments that were invited, so the map shows only those that replied. "
    "A country in grey may not have been invited."
)
COUNTS_CAPTION = (
    "A Government replying in two paragraphs counts twice. *No reply*: replying Governments that "
    "said nothing on this recommendation."
)


# ---- the meetings on offer -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CatalogueEntry:
    kind: str  # "imported" (in the store) or "shipped" (in data/meetings)
    directory: str
    label: str  # what the chooser shows


def catalogue(stored: pl.DataFrame, shipped: pl.DataFrame) -> dict[str, CatalogueEntry]:
    """Meeting id -> entry, newest first; an imported meeting stands in for a shipped one of the same id."""
    rows = [(row, "imported") for row in stored.iter_rows(named=True)]
    rows += [(row, "shipped") for row in shipped.iter_rows(named=True)]
    entries: dict[str, CatalogueEntry] = {}
    for row, kind in sorted(rows, key=lambda item: str(item[0]["start_date"] or ""), reverse=True):
        if row["meeting_id"] not in entries:
            label = meeting_label(row, imported=kind == "imported")
            entries[row["meeting_id"]] = CatalogueEntry(kind, row["directory"], label)
    return entries


def folder_signature(directory: str) -> tuple:
    """The files of a meeting's folder with their times and sizes: a changed file makes a new signature."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in Path(directory).glob("*.*")))


def with_every_country(vocabulary: Vocabulary, codes: Iterable[str]) -> Vocabulary:
    """The vocabulary with every ISO3 code allowed for ``country``: a Government that replied need not have seized."""
    return replace(vocabulary, countries=tuple(sorted(set(vocabulary.countries) | set(codes))))


# ---- the controls and the URL --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MeetingControls:
    """What the page's controls hold. ``country`` is the view's Government, which need not have replied."""

    meeting: str
    view: str
    sort: str
    query: str
    search_all: bool
    rec: str | None
    country: str | None


def normalised_query(text: str | None) -> str:
    return " ".join((text or "").split())[: meetings.MAX_QUERY_CHARS]


def meeting_from_url(extras: Mapping[str, str], entries: Mapping[str, CatalogueEntry]) -> tuple[str, list[str]]:
    """The meeting the URL names, else the newest; with a notice when the URL names none on offer."""
    meeting_id, notice = extra_choice(extras, "meeting", entries, next(iter(entries)), reason=NOT_VALID_HERE)
    return meeting_id, [notice] if notice else []


def controls_from_url(state: ViewState, meeting_id: str, meeting: meetings.Meeting) -> tuple[MeetingControls, list]:
    """The controls as the URL sets them for ``meeting``; a notice for each value that is not valid there."""
    extras = state.extras
    notices = []
    view, notice = extra_choice(extras, "view", VIEWS, "country" if state.country else "matrix", reason=NOT_VALID_HERE)
    notices.append(notice)
    sort, notice = extra_choice(extras, "sort", SORTS, "country", reason=NOT_VALID_HERE)
    notices.append(notice)
    rec = extras.get("rec")
    parsed = parse_recommendation(rec, meeting) if rec else None
    if rec and parsed is None:
        notices.append(f"URL parameter 'rec': {shown(rec)} is not a recommendation of this meeting; ignored")
    controls = MeetingControls(
        meeting=meeting_id,
        view=view,
        sort=sort,
        query=normalised_query(extras.get("q", "")),
        search_all=extras.get("all") == "1",
        rec=meetings.recommendation_key(*parsed) if parsed else recommendation_keys(meeting)[0],
        country=state.country,
    )
    return controls, [n for n in notices if n]


def url_extras(extras: Mapping[str, str], controls: MeetingControls, first_rec: str) -> dict[str, str]:
    """``extras`` with the page's parameters as the controls set them: only what differs from the defaults."""
    out = {k: v for k, v in extras.items() if k not in PAGE_KEYS}
    out["meeting"] = controls.meeting
    if controls.view != ("country" if controls.country else "matrix"):
        out["view"] = controls.view
    if controls.sort != "country":
        out["sort"] = controls.sort
    if controls.rec and controls.rec != first_rec:
        out["rec"] = controls.rec
    if controls.query:
        out["q"] = controls.query
    if controls.search_all:
        out["all"] = "1"
    return out


# ---- what the views say ----------------------------------------------------------------------------------------------
def headline(meeting: meetings.Meeting, replying: list[str]) -> list[tuple[str, int, str | None]]:
    """The metrics above the views: (label, value, help)."""
    replies = meeting.replies
    return [
        ("Governments that replied", len(replying), None),
        ("Recommendations", meeting.recommendations.height, None),
        ("Reply paragraphs", replies["paragraph"].n_unique(), "Paragraphs of the note that hold replies"),
        ("Replies", replies.height, "A paragraph naming several Governments counts once each"),
    ]


def table_height(rows: int, scrolling: int) -> int | str:
    """A table of replies: whole when short, else ``scrolling`` pixels high with its header kept in view."""
    return scrolling if rows > FULL_TABLE_ROWS else "content"


def unshaped_caption(status: pl.DataFrame) -> str | None:
    """The replying or invited Governments the map cannot draw (``map_status``), if any."""
    unshaped = status.filter(~status["drawable"])["country_name"].to_list()
    return f"Too small for this map, but in the table: {md_safe(', '.join(unshaped))}." if unshaped else None


def _renamed(frame: pl.DataFrame, columns: Mapping[str, str]) -> pl.DataFrame:
    return frame.select(pl.col(column).alias(label) for column, label in columns.items())


def status_table(status: pl.DataFrame) -> pl.DataFrame:
    """The Governments of the map (``map_status``) as its table and download show them."""
    return _renamed(status, STATUS_COLUMNS)


def recommendations_by_key(meeting: meetings.Meeting) -> dict[str, dict]:
    return {
        meetings.recommendation_key(r["issue_number"], r["recommendation_letter"]): r
        for r in meeting.recommendations.iter_rows(named=True)
    }


def recommendation_option(key: str, rec: dict) -> str:
    """A recommendation as the chooser lists it."""
    return f"{key} · issue {rec['issue_number']}: {rec['issue_title'] or ''}"[:110]


def recommendation_markdown(rec: dict) -> str:
    return (
        f"**Issue {rec['issue_number']}. {md_safe(rec['issue_title'] or '')}**\n\n"
        f"> **Paragraph {rec['paragraph']}.** {md_safe(rec['text'])}"
    )


def found_sentence(found: int, rec_key: str, query: str, *, search_all: bool) -> str:
    scope = "all recommendations" if search_all else f"recommendation {rec_key}"
    if query.strip():
        return f"**{found}** replies on {scope} contain “{md_safe(query)}”."
    return f"**{found}** replies on {scope}."


def replies_file_name(meeting_id: str, rec_key: str) -> str:
    return f"{meeting_id}-replies-{rec_key.replace('(', '').replace(')', '')}.csv"


def not_replied_notice(meeting: meetings.Meeting, country: str) -> str:
    invited = meeting.invited_iso3
    extra = " It was invited but did not reply." if invited and country in invited else ""
    return f"{md_safe(country_name(country))} is not among the Governments that replied to this questionnaire.{extra}"


def government_summary(meeting: meetings.Meeting, country: str, own: pl.DataFrame) -> str:
    """How much a Government answered (``own``: its replies, ``meetings.country_replies``)."""
    silent = silent_recommendations(meeting, country)
    total = meeting.recommendations.height
    return (
        f"{md_safe(country_name(country))} replied on **{total - len(silent)} of {total}** recommendations, in "
        f"{own['paragraph'].n_unique()} paragraphs of the note."
        + (f" Nothing on: {', '.join(silent)}." if silent else "")
    )


def own_replies_table(own: pl.DataFrame) -> pl.DataFrame:
    """One Government's replies as its download holds them."""
    return _renamed(own, OWN_REPLY_COLUMNS)


def issues(meeting: meetings.Meeting) -> list[tuple[int, str]]:
    """(number, Markdown-safe line) of each issue, in order: one row of downloads each."""
    rows = meeting.recommendations.select("issue_number", "issue_title").unique("issue_number").sort("issue_number")
    return [
        (r["issue_number"], f"Issue {r['issue_number']}. {md_safe(r['issue_title'] or '')}")
        for r in rows.iter_rows(named=True)
    ]
