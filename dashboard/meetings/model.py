"""What a meeting is: the ``Meeting`` of three tables, their schemas, the reply categories and the consistency rules.

A meeting is shipped as three CSV files in ``data/meetings/<meeting_id>/`` (see ``docs/meeting-replies.md``):

``meeting.csv``          one row: title, body, place, dates, document symbol, the invited and replying Governments
``recommendations.csv``  one row per recommendation: issue number and title, letter, paragraph, full text
``replies.csv``          one row per Government and reply paragraph: ISO3, name as written, summary, category

Every reply row carries the paragraph number of the source document, so every cell of every view built from it can
be traced back to the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from dashboard.countries import SPECIAL_CODES, resolve_iso3
from dashboard.i18n import N_, _

MEETING_FILE = "meeting.csv"
RECOMMENDATIONS_FILE = "recommendations.csv"
REPLIES_FILE = "replies.csv"
LIST_SEPARATOR = ";"  # separates ISO3 codes in meeting.csv's list columns

MEETING_SCHEMA: dict[str, pl.DataType] = {
    "meeting_id": pl.String(),  # lowercase letters, digits and underscores; also the folder name
    "title": pl.String(),
    "body": pl.String(),
    "meeting_number": pl.Int64(),
    "region": pl.String(),
    "place": pl.String(),  # as written in the source document
    "place_country_iso3": pl.String(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
    "agenda_item": pl.String(),
    "document_title": pl.String(),
    "document_symbol": pl.String(),
    "document_symbol_note": pl.String(),  # where the symbol comes from in the document, when that needs saying
    "job_number": pl.String(),  # the UN document job number printed in the footer, e.g. V.22-10419
    "source_document_date": pl.Date(),
    "reviewed_meeting": pl.String(),  # the meeting whose recommendations the replies are about
    "questionnaire_date": pl.Date(),
    "replies_as_at": pl.Date(),
    "invited_iso3": pl.String(),  # ";"-separated; null when the document does not list the invited Governments
    "replying_iso3": pl.String(),  # ";"-separated, in the document's order
    "replying_paragraph": pl.Int64(),  # the paragraph that lists the replying Governments
    "first_paragraph": pl.Int64(),  # first and last paragraph of the recommendations-and-replies part
    "last_paragraph": pl.Int64(),
    "source_citation": pl.String(),
}

RECOMMENDATION_SCHEMA: dict[str, pl.DataType] = {
    "meeting_id": pl.String(),
    "issue_number": pl.Int64(),
    "issue_title": pl.String(),
    "recommendation_letter": pl.String(),  # "a", "b", ...
    "paragraph": pl.Int64(),
    "text": pl.String(),
}

REPLY_SCHEMA: dict[str, pl.DataType] = {
    "meeting_id": pl.String(),
    "issue_number": pl.Int64(),
    "recommendation_letter": pl.String(),
    "country_iso3": pl.String(),
    "country_name_as_written": pl.String(),
    "paragraph": pl.Int64(),  # one paragraph naming several Governments gives one row per Government
    "summary": pl.String(),
    "category": pl.String(),  # one of CATEGORIES
}

# The three tables of a meeting by name: the name is also the file's stem ("meeting.csv", "replies.parquet").
TABLES: dict[str, dict[str, pl.DataType]] = {
    "meeting": MEETING_SCHEMA,
    "recommendations": RECOMMENDATION_SCHEMA,
    "replies": REPLY_SCHEMA,
}

# Reply categories, in display order. The rules deciding each are in docs/meeting-replies.md.
CATEGORIES: dict[str, str] = {
    "action_reported": N_("Action reported"),
    "action_planned": N_("Action planned"),
    "not_implemented": N_("Not implemented"),
    "view_expressed": N_("View expressed"),
    "no_jurisdiction": N_("No jurisdiction"),
    "not_applicable": N_("Not applicable"),
    "reported_elsewhere": N_("Reported elsewhere"),
    "no_information": N_("No information"),
}
NO_REPLY = "no_reply"  # matrix-only: a replying Government said nothing on this recommendation
NO_REPLY_LABEL = N_("No reply")
CATEGORY_LABELS: dict[str, str] = {**CATEGORIES, NO_REPLY: NO_REPLY_LABEL}
SUBSTANTIVE_CATEGORIES = ("action_reported", "action_planned")

# Light fills that keep black text readable (contrast > 7:1); every cell also carries its label, so colour is
# never the only signal. The page may reuse them so that the XLSX and the screen agree.
CATEGORY_COLOURS: dict[str, str] = {
    "action_reported": "#B7E1CD",
    "action_planned": "#CFE2F3",
    "not_implemented": "#F4CCCC",
    "view_expressed": "#FFF2CC",
    "no_jurisdiction": "#D9D2E9",
    "not_applicable": "#E7E6E6",
    "reported_elsewhere": "#FCE5CD",
    "no_information": "#D0D0D0",
    NO_REPLY: "#FFFFFF",
}

SUMMARY_MAX_CHARS = 200  # shipped transcriptions keep to this; imported files may be longer (see the importer)
MEETING_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
LETTER_PATTERN = re.compile(r"^[a-z]$")
ISO3_PATTERN = re.compile(r"^[A-Z]{3}$")
MAX_QUERY_CHARS = 200


class MeetingDataError(ValueError):
    """A shipped or written meeting folder breaks the schema or its own consistency rules."""


@dataclass(frozen=True, eq=False)
class Meeting:
    """One meeting's data: ``meeting`` (one row, MEETING_SCHEMA), ``recommendations`` and ``replies``."""

    meeting: pl.DataFrame
    recommendations: pl.DataFrame
    replies: pl.DataFrame

    @classmethod
    def of(cls, meeting: pl.DataFrame, recommendations: pl.DataFrame, replies: pl.DataFrame) -> Meeting:
        """A meeting from its three tables in canonical form: the schemas' columns, recommendations in paragraph
        order, replies by paragraph and Government."""
        return cls(
            meeting=meeting.select(list(MEETING_SCHEMA)),
            recommendations=recommendations.select(list(RECOMMENDATION_SCHEMA)).sort("paragraph"),
            replies=replies.select(list(REPLY_SCHEMA)).sort("paragraph", "country_iso3"),
        )

    def tables(self) -> dict[str, pl.DataFrame]:
        """The three tables by name (``TABLES``), as they are written."""
        return {"meeting": self.meeting, "recommendations": self.recommendations, "replies": self.replies}

    @property
    def meeting_id(self) -> str:
        return str(self.meeting["meeting_id"][0])

    @property
    def title(self) -> str:
        return str(self.meeting["title"][0])

    @property
    def info(self) -> dict[str, object]:
        """The meeting row as a dict (column -> value)."""
        return self.meeting.row(0, named=True)

    @property
    def replying_iso3(self) -> list[str]:
        """ISO3 codes of the Governments that replied, in the document's order."""
        return split_list(self.meeting["replying_iso3"][0])

    @property
    def invited_iso3(self) -> list[str] | None:
        """ISO3 codes of the invited Governments, or None when the document does not list them."""
        value = self.meeting["invited_iso3"][0]
        return None if value is None else split_list(value)


# ---- countries, categories, recommendation keys ------------------------------------------------------------------
def resolve_country(value: str | None) -> str | None:
    """ISO3 code for a country name or code ("the Russian Federation", "Türkiye", "DEU"), or None when unknown
    (``dashboard.countries.resolve_iso3``). Placeholders such as "Unknown" or "Other" are not Governments: None."""
    if value is None or not value.strip():
        return None
    resolved = resolve_iso3(value.strip())
    return None if resolved in SPECIAL_CODES else resolved


def country_display_name(name_as_written: str) -> str:
    """A Government's name for display: the name as written without a leading article ("Russian Federation")."""
    name = " ".join(name_as_written.split())
    return name[4:] if name[:4].lower() == "the " else name


def display_name_expr(column: str) -> pl.Expr:
    """``country_display_name`` as a Polars expression."""
    return pl.col(column).str.replace_all(r"\s+", " ").str.strip_chars().str.replace(r"^(?i:the) ", "")


def split_list(value: str | None) -> list[str]:
    """The items of a ";"-separated list cell, stripped, empty items dropped."""
    if not value:
        return []
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def category_label(category: str) -> str:
    """Human label of a category code ("action_reported" -> "Action reported"); unknown codes are returned as is."""
    found = CATEGORY_LABELS.get(category)
    return _(found) if found else category


def category_label_expr() -> pl.Expr:
    """``category_label`` of the ``category`` column, as ``category_label``, in the current language: the categories
    are the project's own labels, not a Government's words, so a table cell or a matrix cell shows them translated
    (built at call time: the language is the request's)."""
    labels = {code: _(label) for code, label in CATEGORY_LABELS.items()}
    return pl.col("category").replace_strict(labels, default=pl.col("category")).alias("category_label")


def recommendation_key(issue_number: int, letter: str) -> str:
    """The short key used as a column name and in the page's URL: issue 1, letter "a" -> "1(a)"."""
    return f"{issue_number}({letter})"


def recommendation_key_expr() -> pl.Expr:
    return pl.format("{}({})", pl.col("issue_number"), pl.col("recommendation_letter")).alias("recommendation_key")


# ---- consistency -----------------------------------------------------------------------------------------------
def validate_meeting(meeting: Meeting) -> list[str]:
    """Consistency problems of a meeting, as sentences; an empty list means the meeting is sound."""
    info = meeting.meeting
    if info.height != 1:
        return [f"meeting.csv must have exactly one row, has {info.height}"]
    meeting_id = info["meeting_id"][0]
    problems: list[str] = []
    if not meeting_id or not MEETING_ID_PATTERN.match(meeting_id):
        problems.append(f"meeting_id {meeting_id!r} must be lowercase letters, digits and underscores")
    for name, frame in (("recommendations", meeting.recommendations), ("replies", meeting.replies)):
        problems += _table_problems(name, frame, meeting_id)
    return problems + _recommendation_problems(meeting.recommendations) + _reply_problems(meeting)


def _table_problems(name: str, frame: pl.DataFrame, meeting_id: str | None) -> list[str]:
    """Rows of another meeting, and empty cells where a value is required (all but the issue title)."""
    problems = []
    others = frame.filter(pl.col("meeting_id") != meeting_id)
    if others.height:
        problems.append(f"{name}: {others.height} rows belong to another meeting_id")
    counts = zip(frame.columns, frame.null_count().row(0), strict=True)
    nulls = {column: n for column, n in counts if n and column != "issue_title"}
    if nulls:
        problems.append(f"{name}: empty required cells {nulls}")
    return problems


def _recommendation_problems(recs: pl.DataFrame) -> list[str]:
    problems = []
    bad_letters = recs.filter(~pl.col("recommendation_letter").str.contains(LETTER_PATTERN.pattern))
    if bad_letters.height:
        problems.append(f"recommendations: bad letters {bad_letters['recommendation_letter'].to_list()}")
    if recs.select(pl.struct("issue_number", "recommendation_letter").is_duplicated().any()).item():
        problems.append("recommendations: an issue has the same letter twice")
    if recs["paragraph"].is_duplicated().any():
        problems.append("recommendations: a paragraph holds two recommendations")
    return problems


def _reply_problems(meeting: Meeting) -> list[str]:
    recs, replies = meeting.recommendations, meeting.replies
    problems = []
    unknown = replies.filter(~pl.col("category").is_in(list(CATEGORIES)))
    if unknown.height:
        problems.append(f"replies: unknown categories {sorted(set(unknown['category'].drop_nulls().to_list()))}")
    bad_iso = replies.filter(~pl.col("country_iso3").str.contains(ISO3_PATTERN.pattern))
    if bad_iso.height:
        problems.append(f"replies: bad ISO3 codes {sorted(set(bad_iso['country_iso3'].drop_nulls().to_list()))}")
    orphans = replies.join(recs, on=["issue_number", "recommendation_letter"], how="anti")
    if orphans.height:
        problems.append(f"replies: paragraphs {orphans['paragraph'].to_list()[:10]} refer to no recommendation")
    if replies.select(pl.struct("paragraph", "country_iso3").is_duplicated().any()).item():
        problems.append("replies: a Government appears twice in the same paragraph")
    clash = replies.join(recs.select("paragraph"), on="paragraph", how="semi")
    if clash.height:
        problems.append(f"replies: paragraphs {clash['paragraph'].to_list()[:10]} are recommendation paragraphs")
    return problems
