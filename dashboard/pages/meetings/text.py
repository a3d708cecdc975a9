"""What the Meeting follow-up page says: its introduction, the labels of its choices and categories, the captions
of each view, and the sentences built from a meeting.

Text from a meeting's files may come from an imported file: it goes through ``text.markdown`` before Markdown shows
it (``highlighted`` too, around the search's bold)."""

from __future__ import annotations

import re

import polars as pl

from dashboard import text
from dashboard.countries import country_name
from dashboard.i18n import N_, _, n_
from dashboard.meetings import NO_REPLY, CatalogueEntry, Meeting, category_label, silent_recommendations

VIEWS = {
    "matrix": N_("Who replied on what"),
    "map": N_("Map"),
    "rec": N_("One recommendation"),
    "country": N_("One Government"),
}
SORTS = {"country": N_("Name"), "region": N_("Region"), "completeness": N_("Completeness")}
SORT_HELP = N_("Name; region (UN subregion), then name; or completeness (most recommendations answered first).")
MEETING_HELP = N_("Meetings shipped with the dashboard, and those imported with `python -m dashboard import-meeting`.")
SEARCH_PLACEHOLDER = N_("Words in the summaries, or a Government's name")
SEARCH_HELP = N_("Finds the exact text you type, in any case. Leave empty to see every reply.")
CHOOSE_A_GOVERNMENT = N_("Choose a Government to see all its replies.")
MATRIX_TITLE = N_("Who replied on what: Governments by recommendation")
MAP_TITLE = N_("Governments that replied to the questionnaire")
MATRIX_UNIT = N_("Governments and recommendations")
FULL_TABLE_ROWS = 12  # a table of replies up to this long is shown whole; a longer one scrolls

# The categories as the text alternative of the matrix shows them (short), and what each means (plain language).
SHORT_LABELS: dict[str, str] = {
    "action_reported": N_("Action"),
    "action_planned": N_("Planned"),
    "not_implemented": N_("Not done"),
    "view_expressed": N_("View"),
    "no_jurisdiction": N_("Not competent"),
    "not_applicable": N_("Not applicable"),
    "reported_elsewhere": N_("Elsewhere"),
    "no_information": N_("No information"),
    NO_REPLY: "—",
}
MEANINGS: dict[str, str] = {
    "action_reported": N_("A measure is in place, done or under way."),
    "action_planned": N_("A measure is planned, being prepared or considered, not yet in place."),
    "not_implemented": N_("The measure has not been taken, or the law does not allow it."),
    "view_expressed": N_("A view or readiness to act, with no measure taken or planned."),
    "no_jurisdiction": N_("The replying authority is not competent; often it names the one that is."),
    "not_applicable": N_("The recommendation does not concern the Government."),
    "reported_elsewhere": N_("Answered under another recommendation."),
    "no_information": N_("Information could not be obtained in time."),
    NO_REPLY: N_("The Government replied to the questionnaire but said nothing on this recommendation."),
}

INTRODUCTION = N_(
    "Before each meeting of Heads of National Drug Law Enforcement Agencies (HONLEA), the secretariat asks "
    "Governments what they have done about the previous meeting's recommendations, and puts their replies together "
    "in a note, paragraph by paragraph. This page shows those replies: **who replied on what**, where the replying "
    "Governments are, **each recommendation** with its replies, and **each Government's** replies. The numbers "
    "in the cells are paragraph numbers of the note, so every entry can be checked against the document."
)
NO_MEETING = N_(
    "No meeting is available. Meetings are shipped in data/meetings or imported with "
    "`python -m dashboard import-meeting FILE`."
)
MATRIX_CAPTION = N_(
    "Each row is a Government that replied, each column a recommendation (issue and letter). The colour is the "
    "kind of reply; the numbers are the paragraphs of the note that hold it. Hover over a cell for the summary. "
    "Grey cells: the Government replied to the questionnaire but said nothing on that recommendation."
)
MATRIX_ALTERNATIVE = N_("The matrix as a table (text alternative)")
CATEGORY_RULES = N_("How each category is decided: docs/meeting-replies.md.")
INVITED_UNKNOWN = N_(
    "The note does not list the Governments that were invited, so the map shows only those that replied. "
    "A country in grey may not have been invited."
)
COUNTS_CAPTION = N_(
    "A Government replying in two paragraphs counts twice. *No reply*: replying Governments that "
    "said nothing on this recommendation."
)
DOWNLOADS_HEADING = N_("Downloads for the meeting document")
DOWNLOADS_CAPTION = N_("Files are made when you click. Every cell and line carries the paragraph number of the note.")


# ---- the meetings on offer -----------------------------------------------------------------------------------------
def meeting_label(entry: CatalogueEntry) -> str:
    """A chooser label: "Fourteenth Meeting of ..., Valetta, 2022" (plus "imported" for stored meetings)."""
    parts = [str(entry.title or entry.meeting_id)]
    if entry.place:
        parts.append(str(entry.place))
    if entry.start_date:
        parts.append(str(entry.start_date)[:4])
    # The title and the place are as the note writes them (in English): joined as that text is, not with "、".
    label = text.as_written(", ".join(parts))
    return _("{meeting} (imported)").format(meeting=label) if entry.kind == "imported" else label


def source_line(meeting: Meeting) -> str:
    """The meeting's source as a figure's source line names it (plain text)."""
    info = meeting.info
    return str(info.get("source_citation") or info.get("document_symbol") or info.get("title") or meeting.meeting_id)


def export_notes(meeting: Meeting) -> list[str]:
    """The lines above the data of the page's CSV downloads."""
    return [_("Source: {source}").format(source=meeting.info["source_citation"])]


def meeting_caption(meeting: Meeting) -> str:
    """One Markdown-safe paragraph on the meeting: title, place and dates, the meeting reviewed, the cut-off of the
    replies, the source and the document's job number (the data's texts as written, set apart from the sentences)."""
    info = meeting.info

    def written(value: object) -> str:
        return text.as_written(text.markdown(str(value)))

    when = text.date_range(info["start_date"], info["end_date"])
    place = " ".join(p for p in (written(info["place"]) if info["place"] else "", when) if p)
    caption = text.full_stop(written(info["title"]) + (_(text.LIST_SEPARATOR) + place if place else ""))
    reviewed = written(info["reviewed_meeting"]) if info["reviewed_meeting"] else _("previous meeting")
    if info["replies_as_at"]:
        replies = _("Replies on the recommendations of the {meeting}, as at {date}.").format(
            meeting=reviewed, date=text.date(info["replies_as_at"])
        )
    else:
        replies = _("Replies on the recommendations of the {meeting}.").format(meeting=reviewed)
    caption = text.sentences(caption, replies)
    caption = text.sentences(caption, _("Source: {source}.").format(source=written(source_line(meeting))))
    if info["job_number"]:
        caption = text.sentences(caption, _("Document: {number}.").format(number=written(info["job_number"])))
    return caption


def counts_title(rec_key: str) -> str:
    return _("Replies on recommendation {key} by category").format(key=rec_key)


def meeting_words(meeting: Meeting) -> str:
    """The meeting in words, as an exported image names what it shows."""
    info = meeting.info
    parts = [str(info.get("title") or meeting.meeting_id)]
    if info.get("place"):
        parts.append(str(info["place"]))
    if info.get("start_date"):
        parts.append(text.date_range(info["start_date"], info["end_date"]))
    return text.listed(parts)


def imports_caption(imports: list[dict]) -> str:
    """One Markdown-safe line on an imported meeting's reply files (``stored_meeting_imports``), latest last."""
    last = imports[-1]
    n = {key: text.count(int(last.get(key, 0))) for key in ("rows_read", "rows_stored", "rows_quarantined")}
    skipped = text.count(int(last.get("duplicates_skipped", 0)))
    files = n_("Imported: {count} reply file.", "Imported: {count} reply files.", len(imports)).format(
        count=text.count(len(imports))
    )
    return (
        files
        + " "
        + _(
            "Last: {file} on {date}: {read} rows read, {stored} stored, {quarantined} quarantined, {skipped} "
            "duplicates skipped."
        ).format(
            file=text.markdown(last.get("file")),
            date=text.markdown(str(last.get("imported_at", ""))[:10]),
            read=n["rows_read"],
            stored=n["rows_stored"],
            quarantined=n["rows_quarantined"],
            skipped=skipped,
        )
    )


def headline(meeting: Meeting, replying: list[str]) -> list[tuple[str, int, str | None]]:
    """The metrics above the views: (label, value, help)."""
    replies = meeting.replies
    return [
        (_("Governments that replied"), len(replying), None),
        (_("Recommendations"), meeting.recommendations.height, None),
        (_("Reply paragraphs"), replies["paragraph"].n_unique(), _("Paragraphs of the note that hold replies")),
        (_("Replies"), replies.height, _("A paragraph naming several Governments counts once each")),
    ]


def table_height(rows: int, scrolling: int) -> int | str:
    """A table of replies: whole when short, else ``scrolling`` pixels high with its header kept in view."""
    return scrolling if rows > FULL_TABLE_ROWS else "content"


# ---- the map -------------------------------------------------------------------------------------------------------
def unshaped_caption(status: pl.DataFrame) -> str | None:
    """The replying or invited Governments the map cannot draw (``figures.map_status``), if any."""
    unshaped = status.filter(~status["drawable"])["country_name"].to_list()
    if not unshaped:
        return None
    return _("Too small for this map, but in the table: {countries}.").format(
        countries=text.markdown(text.listed(unshaped))
    )


# ---- one recommendation --------------------------------------------------------------------------------------------
def recommendation_option(key: str, rec: dict) -> str:
    """A recommendation as the chooser lists it."""
    return _("{key} · issue {number}: {title}").format(
        key=key, number=rec["issue_number"], title=rec["issue_title"] or ""
    )[:110]


def recommendation_markdown(rec: dict) -> str:
    issue = _("**Issue {number}. {title}**").format(
        number=rec["issue_number"], title=text.markdown(rec["issue_title"] or "")
    )
    paragraph = _("> **Paragraph {number}.** {text}").format(number=rec["paragraph"], text=text.markdown(rec["text"]))
    return f"{issue}\n\n{paragraph}"


def found_sentence(found: int, rec_key: str, query: str, *, search_all: bool) -> str:
    scope = _("all recommendations") if search_all else _("recommendation {key}").format(key=rec_key)
    if query.strip():
        return _("**{count}** replies on {scope} contain “{query}”.").format(
            count=text.count(found), scope=scope, query=text.markdown(query)
        )
    return _("**{count}** replies on {scope}.").format(count=text.count(found), scope=scope)


def highlighted(value: object, query: str | None) -> str:
    """``text.markdown`` of ``value`` with every occurrence of ``query`` (literal, any case) in bold."""
    needle = text.fold(query)
    folded = text.fold(value)
    if not needle:
        return text.markdown(folded)
    parts = re.split(f"({re.escape(needle)})", folded, flags=re.IGNORECASE)
    return "".join(
        f"**{text.markdown(part, fold_space=False)}**" if i % 2 else text.markdown(part, fold_space=False)
        for i, part in enumerate(parts)
    )


def replies_file_name(meeting_id: str, rec_key: str) -> str:
    return f"{meeting_id}-replies-{rec_key.replace('(', '').replace(')', '')}.csv"


# ---- one Government ------------------------------------------------------------------------------------------------
def government_option(iso3: str) -> str:
    return text.country_and_code(iso3)


def replies_heading(country: str) -> str:
    return _("Replies of {country}").format(country=text.markdown(country_name(country)))


def profile_link_label(country: str) -> str:
    return _("Seizures reported by {country}: country profile").format(country=country_name(country))


def not_replied_notice(meeting: Meeting, country: str) -> str:
    invited = meeting.invited_iso3
    extra = _("It was invited but did not reply.") if invited and country in invited else ""
    return text.sentences(
        _("{country} is not among the Governments that replied to this questionnaire.").format(
            country=text.markdown(country_name(country))
        ),
        extra,
    )


def government_summary(meeting: Meeting, country: str, own: pl.DataFrame) -> str:
    """How much a Government answered (``own``: its replies, ``meetings.country_replies``)."""
    silent = silent_recommendations(meeting, country)
    total = meeting.recommendations.height
    replied = _(
        "{country} replied on **{answered} of {total}** recommendations, in {paragraphs} paragraphs of the note."
    ).format(
        country=text.markdown(country_name(country)),
        answered=total - len(silent),
        total=total,
        paragraphs=own["paragraph"].n_unique(),
    )
    return text.sentences(replied, _("Nothing on: {keys}.").format(keys=text.listed(silent)) if silent else "")


# ---- downloads -----------------------------------------------------------------------------------------------------
def issues(meeting: Meeting) -> list[tuple[int, str]]:
    """(number, Markdown-safe line) of each issue, in order: one row of downloads each."""
    rows = meeting.recommendations.select("issue_number", "issue_title").unique("issue_number").sort("issue_number")
    return [
        (
            r["issue_number"],
            _("Issue {number}. {title}").format(number=r["issue_number"], title=text.markdown(r["issue_title"] or "")),
        )
        for r in rows.iter_rows(named=True)
    ]


def legend_rows() -> list[tuple[str, str, str]]:
    """(short label, label, meaning) of every category, in the matrix's order."""
    return [(_(SHORT_LABELS[code]), category_label(code), _(MEANINGS[code])) for code in SHORT_LABELS]
