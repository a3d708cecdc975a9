"""Meeting follow-up tracker: Governments' replies on implementing a meeting's recommendations.

A meeting is shipped as three CSV files in ``data/meetings/<meeting_id>/`` (see ``docs/meeting-replies.md``):

``meeting.csv``          one row: title, body, place, dates, document symbol, the invited and replying Governments
``recommendations.csv``  one row per recommendation: issue number and title, letter, paragraph, full text
``replies.csv``          one row per Government and reply paragraph: ISO3, name as written, summary, category

Every reply row carries the paragraph number of the source document, so every cell of every view built here can be
traced back to the document. This module holds the schemas, loading and validation, the pure Polars queries the
page uses, and the exports (XLSX matrix, per-issue Markdown and DOCX summaries). It never imports streamlit.
The importer for other meetings' reply files is ``dashboard.ingest.meetings``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from dashboard.store import Store

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_MEETINGS_DIR = REPO_ROOT / "data" / "meetings"

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

# Reply categories, in display order. The rules deciding each are in docs/meeting-replies.md.
CATEGORIES: dict[str, str] = {
    "action_reported": "Action reported",
    "action_planned": "Action planned",
    "not_implemented": "Not implemented",
    "view_expressed": "View expressed",
    "no_jurisdiction": "No jurisdiction",
    "not_applicable": "Not applicable",
    "reported_elsewhere": "Reported elsewhere",
    "no_information": "No information",
}
NO_REPLY = "no_reply"  # matrix-only: a replying Government said nothing on this recommendation
NO_REPLY_LABEL = "No reply"
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

# Names of the Governments of the HONLEA Europe region and neighbours, used when dashboard.countries is absent.
_LOCAL_COUNTRIES: dict[str, str] = {
    "ALB": "Albania",
    "AND": "Andorra",
    "ARM": "Armenia",
    "AUT": "Austria",
    "AZE": "Azerbaijan",
    "BLR": "Belarus",
    "BEL": "Belgium",
    "BIH": "Bosnia and Herzegovina",
    "BGR": "Bulgaria",
    "HRV": "Croatia",
    "CYP": "Cyprus",
    "CZE": "Czechia",
    "DNK": "Denmark",
    "EST": "Estonia",
    "FIN": "Finland",
    "FRA": "France",
    "GEO": "Georgia",
    "DEU": "Germany",
    "GRC": "Greece",
    "HUN": "Hungary",
    "ISL": "Iceland",
    "IRL": "Ireland",
    "ISR": "Israel",
    "ITA": "Italy",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "LVA": "Latvia",
    "LIE": "Liechtenstein",
    "LTU": "Lithuania",
    "LUX": "Luxembourg",
    "MLT": "Malta",
    "MCO": "Monaco",
    "MNE": "Montenegro",
    "NLD": "Netherlands",
    "MKD": "North Macedonia",
    "NOR": "Norway",
    "POL": "Poland",
    "PRT": "Portugal",
    "MDA": "Republic of Moldova",
    "ROU": "Romania",
    "RUS": "Russian Federation",
    "SMR": "San Marino",
    "SRB": "Serbia",
    "SVK": "Slovakia",
    "SVN": "Slovenia",
    "ESP": "Spain",
    "SWE": "Sweden",
    "CHE": "Switzerland",
    "TJK": "Tajikistan",
    "TUR": "Türkiye",
    "TKM": "Turkmenistan",
    "UKR": "Ukraine",
    "GBR": "United Kingdom",
    "USA": "United States of America",
    "UZB": "Uzbekistan",
}
_LOCAL_ALIASES: dict[str, str] = {
    "turkey": "TUR",
    "turkiye": "TUR",
    "czech republic": "CZE",
    "moldova": "MDA",
    "republic of moldova": "MDA",
    "russia": "RUS",
    "kyrgyz republic": "KGZ",
    "netherlands (kingdom of the)": "NLD",
    "kingdom of the netherlands": "NLD",
    "united kingdom of great britain and northern ireland": "GBR",
    "the former yugoslav republic of macedonia": "MKD",
    "united states": "USA",
}

try:  # the project's country module knows every country and its aliases; the local table is a fallback
    from dashboard.countries import SPECIAL_CODES as _SPECIAL_CODES
    from dashboard.countries import resolve_iso3 as _shared_resolve_iso3
except ModuleNotFoundError as _error:  # pragma: no cover - depends on which modules exist
    if _error.name != "dashboard.countries":
        raise
    _shared_resolve_iso3 = None
    _SPECIAL_CODES = {}


class MeetingDataError(ValueError):
    """A shipped or written meeting folder breaks the schema or its own consistency rules."""


@dataclass(frozen=True, eq=False)
class Meeting:
    """One meeting's data: ``meeting`` (one row, MEETING_SCHEMA), ``recommendations`` and ``replies``."""

    meeting: pl.DataFrame
    recommendations: pl.DataFrame
    replies: pl.DataFrame

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


# ---- countries -------------------------------------------------------------------------------------------------


def _name_key(value: str) -> str:
    text = " ".join(value.replace("\u00a0", " ").split()).casefold().strip(" .")
    return text.removeprefix("the ")


_LOCAL_BY_NAME: dict[str, str] = {
    **{_name_key(name): iso3 for iso3, name in _LOCAL_COUNTRIES.items()},
    **_LOCAL_ALIASES,
}


def resolve_country(value: str | None) -> str | None:
    """ISO3 code for a country name or code ("the Russian Federation", "Türkiye", "DEU"), or None when unknown.

    Uses ``dashboard.countries.resolve_iso3`` when that module exists, else a local table of the region's countries.
    Placeholders such as "Unknown" or "Other" are not Governments: they give None.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _shared_resolve_iso3 is not None:
        resolved = _shared_resolve_iso3(text)
        if resolved in _SPECIAL_CODES:
            return None
        if resolved:
            return resolved
    if ISO3_PATTERN.match(text.upper()) and text.upper() in _LOCAL_COUNTRIES:
        return text.upper()
    return _LOCAL_BY_NAME.get(_name_key(text))


def country_display_name(name_as_written: str) -> str:
    """A Government's name for display: the name as written without a leading article ("Russian Federation")."""
    name = " ".join(name_as_written.split())
    return name[4:] if name[:4].lower() == "the " else name


def _display_name_expr(column: str) -> pl.Expr:
    """``country_display_name`` as a Polars expression."""
    return pl.col(column).str.replace_all(r"\s+", " ").str.strip_chars().str.replace(r"^(?i:the) ", "")


def split_list(value: str | None) -> list[str]:
    """The items of a ";"-separated list cell, stripped, empty items dropped."""
    if not value:
        return []
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def category_label(category: str) -> str:
    """Human label of a category code ("action_reported" -> "Action reported"); unknown codes are returned as is."""
    if category == NO_REPLY:
        return NO_REPLY_LABEL
    return CATEGORIES.get(category, category)


def recommendation_key(issue_number: int, letter: str) -> str:
    """The short key used as a column name and in the page's URL: issue 1, letter "a" -> "1(a)"."""
    return f"{issue_number}({letter})"


def _key_expr() -> pl.Expr:
    return pl.format("{}({})", pl.col("issue_number"), pl.col("recommendation_letter")).alias("recommendation_key")


# ---- loading, validating, writing -------------------------------------------------------------------------------


def _read_csv(path: Path, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    if not path.is_file():
        raise MeetingDataError(f"{path}: file missing")
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise MeetingDataError(f"{path.name}: missing columns {', '.join(missing)}")
    columns = []
    for name, dtype in schema.items():
        text = pl.col(name).str.strip_chars()
        text = pl.when(text == "").then(None).otherwise(text)
        if dtype == pl.Date:
            typed_column = text.str.to_date("%Y-%m-%d", strict=False)
        elif dtype == pl.Int64:
            typed_column = pl.when(text.str.contains(r"^-?\d{1,15}$")).then(text).cast(pl.Int64, strict=False)
        else:
            typed_column = text.cast(dtype, strict=False)
        columns.append(typed_column.alias(name))
    typed = frame.select(columns)
    for name, dtype in schema.items():
        bad = typed[name].is_null() & frame[name].is_not_null() & (frame[name].str.strip_chars() != "")
        if bad.any():
            row = int(bad.arg_true()[0]) + 2
            raise MeetingDataError(f"{path.name}: row {row}, column {name}: {frame[name][row - 2]!r} is not {dtype}")
    return typed


def load_meeting(directory: Path | str) -> Meeting:
    """Read and validate a meeting folder (meeting.csv, recommendations.csv, replies.csv).

    Raises ``MeetingDataError`` naming the file, row and column of the first problem found.
    """
    directory = Path(directory)
    meeting = Meeting(
        meeting=_read_csv(directory / MEETING_FILE, MEETING_SCHEMA),
        recommendations=_read_csv(directory / RECOMMENDATIONS_FILE, RECOMMENDATION_SCHEMA).sort("paragraph"),
        replies=_read_csv(directory / REPLIES_FILE, REPLY_SCHEMA).sort("paragraph", "country_iso3"),
    )
    problems = validate_meeting(meeting)
    if problems:
        raise MeetingDataError(f"{directory.name}: " + "; ".join(problems[:10]))
    return meeting


def validate_meeting(meeting: Meeting) -> list[str]:
    """Consistency problems of a meeting, as sentences; an empty list means the meeting is sound."""
    problems: list[str] = []
    info, recs, replies = meeting.meeting, meeting.recommendations, meeting.replies
    if info.height != 1:
        return [f"meeting.csv must have exactly one row, has {info.height}"]
    meeting_id = info["meeting_id"][0]
    if not meeting_id or not MEETING_ID_PATTERN.match(meeting_id):
        problems.append(f"meeting_id {meeting_id!r} must be lowercase letters, digits and underscores")
    for name, frame in (("recommendations", recs), ("replies", replies)):
        others = frame.filter(pl.col("meeting_id") != meeting_id)
        if others.height:
            problems.append(f"{name}: {others.height} rows belong to another meeting_id")
        required = [c for c in frame.columns if c != "issue_title"]
        nulls = {c: n for c, n in zip(frame.columns, frame.null_count().row(0), strict=True) if n and c in required}
        if nulls:
            problems.append(f"{name}: empty required cells {nulls}")
    bad_letters = recs.filter(~pl.col("recommendation_letter").str.contains(LETTER_PATTERN.pattern))
    if bad_letters.height:
        problems.append(f"recommendations: bad letters {bad_letters['recommendation_letter'].to_list()}")
    if recs.select(pl.struct("issue_number", "recommendation_letter").is_duplicated().any()).item():
        problems.append("recommendations: an issue has the same letter twice")
    if recs["paragraph"].is_duplicated().any():
        problems.append("recommendations: a paragraph holds two recommendations")
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


def write_meeting(meeting: Meeting, directory: Path | str) -> None:
    """Write the three CSV files of a meeting (validated first; raises ``MeetingDataError`` when unsound)."""
    problems = validate_meeting(meeting)
    if problems:
        raise MeetingDataError("; ".join(problems))
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    meeting.meeting.select(list(MEETING_SCHEMA)).write_csv(directory / MEETING_FILE)
    meeting.recommendations.select(list(RECOMMENDATION_SCHEMA)).sort("paragraph").write_csv(
        directory / RECOMMENDATIONS_FILE
    )
    meeting.replies.select(list(REPLY_SCHEMA)).sort("paragraph", "country_iso3").write_csv(directory / REPLIES_FILE)


def list_shipped_meetings(root: Path | str | None = None) -> pl.DataFrame:
    """The meetings shipped under ``data/meetings`` (or ``root``), newest first.

    Columns: every MEETING_SCHEMA column plus ``directory`` (str, the folder to pass to ``load_meeting``).
    Folders without a readable meeting.csv are left out.
    """
    base = Path(root) if root is not None else SHIPPED_MEETINGS_DIR
    rows = []
    if base.is_dir():
        for folder in sorted(p for p in base.iterdir() if (p / MEETING_FILE).is_file()):
            try:
                info = _read_csv(folder / MEETING_FILE, MEETING_SCHEMA)
            except MeetingDataError:
                continue
            rows.append(info.with_columns(pl.lit(str(folder)).alias("directory")))
    if not rows:
        return pl.DataFrame(schema={**MEETING_SCHEMA, "directory": pl.String()})
    return pl.concat(rows).sort("start_date", "meeting_id", descending=True, nulls_last=True)


# ---- imported meetings in the store ------------------------------------------------------------------------------
# An imported meeting lives in the project's store (``dashboard.store.Store``), apart from the seizure tables:
#
#     <store root>/meetings/<meeting_id>/meeting.parquet          one row, MEETING_SCHEMA
#     <store root>/meetings/<meeting_id>/recommendations.parquet  RECOMMENDATION_SCHEMA
#     <store root>/meetings/<meeting_id>/replies.parquet          REPLY_SCHEMA: every reply stored so far
#     <store root>/meetings/<meeting_id>/imports/<ns>_<source_id>.json        the report of each import
#     <store root>/meetings/<meeting_id>/quarantine/<ns>_<source_id>.parquet  the rows it could not store
#
# The folder is written whole under a temporary name and swapped in (``dashboard.ingest.meetings.store_meeting``),
# so a reader sees the old meeting or the new one, never half of each. Folders whose name starts with "." are
# work in progress and never listed.

STORE_FOLDER = "meetings"
STORED_TABLES: dict[str, dict[str, pl.DataType]] = {
    "meeting": MEETING_SCHEMA,
    "recommendations": RECOMMENDATION_SCHEMA,
    "replies": REPLY_SCHEMA,
}


def stored_meetings_root(store: Store | Path | str | None = None) -> Path:
    """``<store root>/meetings`` for a ``dashboard.store.Store``, a store folder, or (None) the default store."""
    if store is None:
        from dashboard.store import Store

        store = Store()
    root = store if isinstance(store, str | Path) else store.root  # (a Path has a .root too: "/")
    return Path(root) / STORE_FOLDER


def _stored_folder(meeting_id: str, store: Store | Path | str | None) -> Path:
    if not MEETING_ID_PATTERN.match(meeting_id or ""):
        raise MeetingDataError(f"{meeting_id!r} is not a meeting id (lowercase letters, digits, underscores)")
    return stored_meetings_root(store) / meeting_id


def _read_stored(folder: Path, name: str) -> pl.DataFrame:
    path = folder / f"{name}.parquet"
    if not path.is_file():
        raise MeetingDataError(f"{folder.name}: {path.name} missing")
    schema = STORED_TABLES[name]
    frame = pl.read_parquet(path)
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise MeetingDataError(f"{folder.name}/{path.name}: missing columns {', '.join(missing)}")
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])


def is_stored_meeting(meeting_id: str, store: Store | Path | str | None = None) -> bool:
    """True when the store holds an imported meeting of that id."""
    try:
        return (_stored_folder(meeting_id, store) / "meeting.parquet").is_file()
    except MeetingDataError:
        return False


def load_stored_meeting(meeting_id: str, store: Store | Path | str | None = None) -> Meeting:
    """An imported meeting from the store, validated like a shipped one (raises ``MeetingDataError``)."""
    folder = _stored_folder(meeting_id, store)
    meeting = Meeting(
        meeting=_read_stored(folder, "meeting"),
        recommendations=_read_stored(folder, "recommendations").sort("paragraph"),
        replies=_read_stored(folder, "replies").sort("paragraph", "country_iso3"),
    )
    problems = validate_meeting(meeting)
    if problems:
        raise MeetingDataError(f"{meeting_id}: " + "; ".join(problems[:10]))
    return meeting


def stored_meeting_imports(meeting_id: str, store: Store | Path | str | None = None) -> list[dict]:
    """The import reports of an imported meeting's reply files (oldest first): dicts of ``ImportReport`` fields
    plus ``imported_at``."""
    import json

    folder = _stored_folder(meeting_id, store) / "imports"
    reports = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            reports.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(reports, key=lambda r: str(r.get("imported_at", "")))


def list_stored_meetings(store: Store | Path | str | None = None) -> pl.DataFrame:
    """The meetings imported into the store, newest first.

    Columns: every MEETING_SCHEMA column plus ``directory`` (str, the meeting's folder in the store) and
    ``replies`` (Int64, reply rows stored). Unreadable folders are left out.
    """
    base = stored_meetings_root(store)
    rows = []
    if base.is_dir():
        for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
            try:
                info = _read_stored(folder, "meeting")
                replies = pl.scan_parquet(folder / "replies.parquet").select(pl.len()).collect().item()
            except (MeetingDataError, OSError, pl.exceptions.PolarsError):
                continue
            if info.height != 1 or info["meeting_id"][0] != folder.name:
                continue
            rows.append(
                info.with_columns(
                    pl.lit(str(folder)).alias("directory"), pl.lit(replies, dtype=pl.Int64).alias("replies")
                )
            )
    if not rows:
        return pl.DataFrame(schema={**MEETING_SCHEMA, "directory": pl.String(), "replies": pl.Int64()})
    return pl.concat(rows).sort("start_date", "meeting_id", descending=True, nulls_last=True)


# ---- queries ----------------------------------------------------------------------------------------------------


def _countries(meeting: Meeting, include_invited: bool = False) -> pl.DataFrame:
    """country_iso3, country_name, replied (bool), invited (bool or null): the Governments a view shows."""
    names = (
        meeting.replies.sort("paragraph")
        .group_by("country_iso3", maintain_order=True)
        .agg(pl.col("country_name_as_written").first())
    )
    name_of = {r["country_iso3"]: country_display_name(r["country_name_as_written"]) for r in names.to_dicts()}
    replying = list(dict.fromkeys([*meeting.replying_iso3, *name_of]))
    invited = meeting.invited_iso3
    codes = list(dict.fromkeys(replying + ((invited or []) if include_invited else [])))
    return pl.DataFrame(
        {
            "country_iso3": codes,
            "country_name": [name_of.get(c) or _LOCAL_COUNTRIES.get(c, c) for c in codes],
            "replied": [c in replying for c in codes],
            "invited": [None if invited is None else c in invited for c in codes],
        },
        schema={"country_iso3": pl.String, "country_name": pl.String, "replied": pl.Boolean, "invited": pl.Boolean},
    )


def governments(meeting: Meeting) -> pl.DataFrame:
    """The replying Governments, and the invited ones when the document lists them (for the map).

    Columns: country_iso3 (str), country_name (str), replied (bool), invited (bool, null when the invited list
    is unknown). Sorted by country_name.
    """
    return _countries(meeting, include_invited=True).sort("country_name")


def _with_recommendation(frame: pl.DataFrame, meeting: Meeting) -> pl.DataFrame:
    recs = meeting.recommendations.select(
        "issue_number",
        "recommendation_letter",
        "issue_title",
        pl.col("paragraph").alias("recommendation_paragraph"),
        pl.col("text").alias("recommendation_text"),
    )
    return frame.join(recs, on=["issue_number", "recommendation_letter"], how="left").with_columns(_key_expr())


REPLY_VIEW_COLUMNS = [
    "paragraph",
    "country_iso3",
    "country_name",
    "country_name_as_written",
    "issue_number",
    "issue_title",
    "recommendation_letter",
    "recommendation_key",
    "recommendation_paragraph",
    "category",
    "category_label",
    "summary",
]


def _reply_view(meeting: Meeting, replies: pl.DataFrame) -> pl.DataFrame:
    frame = _with_recommendation(replies, meeting).with_columns(
        _display_name_expr("country_name_as_written").alias("country_name"),
        pl.col("category").replace_strict(CATEGORIES, default=pl.col("category")).alias("category_label"),
    )
    return frame.select(REPLY_VIEW_COLUMNS).sort("paragraph", "country_name")


def reply_matrix(meeting: Meeting, *, include_invited: bool = False) -> pl.DataFrame:
    """Countries x recommendations in long form: one row per (Government, recommendation), replied or not.

    Columns: country_iso3, country_name, replied (bool: answered the questionnaire), issue_number,
    recommendation_letter, recommendation_key ("1(a)"), recommendation_paragraph, category (a CATEGORIES code, or
    ``NO_REPLY`` where the Government said nothing on that recommendation), category_label, paragraph (Int64, the
    first reply paragraph, null when no reply), paragraphs (str, all reply paragraphs "12; 15", empty when none),
    summary (str, summaries joined with " | ", empty when none), reply_count (Int64).
    Where a Government replied twice on one recommendation, category is that of its first paragraph.
    Sorted by country_name, then issue and letter. ``include_invited`` adds invited Governments that did not reply.
    """
    countries = _countries(meeting, include_invited=include_invited).select("country_iso3", "country_name", "replied")
    recs = meeting.recommendations.select(
        "issue_number", "recommendation_letter", pl.col("paragraph").alias("recommendation_paragraph")
    )
    cells = (
        meeting.replies.sort("paragraph")
        .group_by("country_iso3", "issue_number", "recommendation_letter", maintain_order=True)
        .agg(
            pl.col("category").first(),
            pl.col("paragraph").first(),
            pl.col("paragraph").cast(pl.String).str.join("; ").alias("paragraphs"),
            pl.col("summary").str.join(" | "),
            pl.len().cast(pl.Int64).alias("reply_count"),
        )
    )
    grid = countries.join(recs, how="cross").join(
        cells, on=["country_iso3", "issue_number", "recommendation_letter"], how="left"
    )
    return (
        grid.with_columns(
            pl.col("category").fill_null(NO_REPLY),
            pl.col("paragraphs").fill_null(""),
            pl.col("summary").fill_null(""),
            pl.col("reply_count").fill_null(0),
            _key_expr(),
        )
        .with_columns(
            pl.col("category")
            .replace_strict({**CATEGORIES, NO_REPLY: NO_REPLY_LABEL}, default=pl.col("category"))
            .alias("category_label")
        )
        .select(
            "country_iso3",
            "country_name",
            "replied",
            "issue_number",
            "recommendation_letter",
            "recommendation_key",
            "recommendation_paragraph",
            "category",
            "category_label",
            "paragraph",
            "paragraphs",
            "summary",
            "reply_count",
        )
        .sort("country_name", "issue_number", "recommendation_letter")
    )


def reply_matrix_wide(meeting: Meeting, value: str = "category", *, include_invited: bool = False) -> pl.DataFrame:
    """The reply matrix with one column per recommendation, for a table or heat map.

    Columns: country_iso3, country_name, then one column per recommendation key ("1(a)", "1(b)", ... in document
    order) holding ``value`` from ``reply_matrix`` ("category", "category_label", "paragraphs", "summary" or
    "paragraph"). Sorted by country_name.
    """
    if value not in {"category", "category_label", "paragraphs", "summary", "paragraph"}:
        raise ValueError(f"value must be a reply_matrix cell column, not {value!r}")
    long = reply_matrix(meeting, include_invited=include_invited)
    keys = [recommendation_key(r["issue_number"], r["recommendation_letter"]) for r in _recs_in_order(meeting)]
    wide = long.pivot(on="recommendation_key", index=["country_iso3", "country_name"], values=value)
    return wide.select("country_iso3", "country_name", *keys).sort("country_name")


def _recs_in_order(meeting: Meeting) -> list[dict]:
    return meeting.recommendations.sort("issue_number", "recommendation_letter").to_dicts()


def category_counts(meeting: Meeting, *, include_no_reply: bool = True) -> pl.DataFrame:
    """Replies counted by category for every recommendation, zero counts included (ready for stacked bars).

    Columns: issue_number, recommendation_letter, recommendation_key, category, category_label, count (Int64).
    A Government replying in two paragraphs on one recommendation counts twice. With ``include_no_reply`` the
    category ``NO_REPLY`` counts the replying Governments that said nothing on that recommendation.
    Sorted by issue, letter and category in CATEGORIES order.
    """
    categories = list(CATEGORIES) + ([NO_REPLY] if include_no_reply else [])
    grid = meeting.recommendations.select("issue_number", "recommendation_letter").join(
        pl.DataFrame({"category": categories}, schema={"category": pl.String}), how="cross"
    )
    counts = meeting.replies.group_by("issue_number", "recommendation_letter", "category").agg(
        pl.len().cast(pl.Int64).alias("count")
    )
    if include_no_reply:
        silent = (
            reply_matrix(meeting)
            .filter(pl.col("category") == NO_REPLY)
            .group_by("issue_number", "recommendation_letter", "category")
            .agg(pl.len().cast(pl.Int64).alias("count"))
        )
        counts = pl.concat([counts, silent])
    order = {c: i for i, c in enumerate(categories)}
    return (
        grid.join(counts, on=["issue_number", "recommendation_letter", "category"], how="left")
        .with_columns(
            pl.col("count").fill_null(0),
            _key_expr(),
            pl.col("category")
            .replace_strict({**CATEGORIES, NO_REPLY: NO_REPLY_LABEL}, default=pl.col("category"))
            .alias("category_label"),
            pl.col("category").replace_strict(order, return_dtype=pl.Int64).alias("_order"),
        )
        .sort("issue_number", "recommendation_letter", "_order")
        .select("issue_number", "recommendation_letter", "recommendation_key", "category", "category_label", "count")
    )


def recommendation_replies(meeting: Meeting, issue_number: int, recommendation_letter: str) -> pl.DataFrame:
    """All replies on one recommendation, in paragraph order. Columns: REPLY_VIEW_COLUMNS (see ``country_replies``)."""
    replies = meeting.replies.filter(
        (pl.col("issue_number") == issue_number) & (pl.col("recommendation_letter") == recommendation_letter)
    )
    return _reply_view(meeting, replies)


def country_replies(meeting: Meeting, country_iso3: str) -> pl.DataFrame:
    """All replies of one Government, in paragraph order.

    Columns (REPLY_VIEW_COLUMNS): paragraph, country_iso3, country_name, country_name_as_written, issue_number,
    issue_title, recommendation_letter, recommendation_key, recommendation_paragraph, category, category_label,
    summary. Empty (same columns) for a Government without replies.
    """
    code = (country_iso3 or "").strip().upper()
    return _reply_view(meeting, meeting.replies.filter(pl.col("country_iso3") == code))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_replies(
    meeting: Meeting,
    query: str,
    *,
    issue_number: int | None = None,
    recommendation_letter: str | None = None,
    category: str | None = None,
) -> pl.DataFrame:
    """Replies whose summary or Government name contains ``query``: case-insensitive, literal (never a regex).

    The query is treated as untrusted: control characters are dropped, whitespace collapsed and it is cut to
    ``MAX_QUERY_CHARS``. A blank query matches every reply. Optional filters narrow to one issue, recommendation
    or category. Columns: REPLY_VIEW_COLUMNS (see ``country_replies``), in paragraph order.
    """
    text = " ".join(_CONTROL.sub(" ", query or "").split())[:MAX_QUERY_CHARS].lower()
    replies = meeting.replies
    if issue_number is not None:
        replies = replies.filter(pl.col("issue_number") == issue_number)
    if recommendation_letter is not None:
        replies = replies.filter(pl.col("recommendation_letter") == recommendation_letter)
    if category is not None:
        replies = replies.filter(pl.col("category") == category)
    if text:
        haystacks = [pl.col(c).str.to_lowercase() for c in ("summary", "country_name_as_written", "country_iso3")]
        replies = replies.filter(pl.any_horizontal(h.str.contains(text, literal=True) for h in haystacks))
    return _reply_view(meeting, replies)


def completeness(meeting: Meeting, *, include_invited: bool = False) -> pl.DataFrame:
    """How fully each Government answered: one row per Government.

    Columns: country_iso3, country_name, replied (bool), recommendations_total (Int64), recommendations_answered
    (Int64: recommendations with at least one reply paragraph), recommendations_substantive (Int64: answered with
    action reported or planned), replies (Int64: reply rows), completeness (Float64, answered / total, 0..1).
    Sorted by completeness (highest first), then country_name.
    """
    total = meeting.recommendations.height
    countries = _countries(meeting, include_invited=include_invited).select("country_iso3", "country_name", "replied")
    per_country = meeting.replies.group_by("country_iso3").agg(
        pl.struct("issue_number", "recommendation_letter").n_unique().cast(pl.Int64).alias("recommendations_answered"),
        pl.struct("issue_number", "recommendation_letter")
        .filter(pl.col("category").is_in(SUBSTANTIVE_CATEGORIES))
        .n_unique()
        .cast(pl.Int64)
        .alias("recommendations_substantive"),
        pl.len().cast(pl.Int64).alias("replies"),
    )
    return (
        countries.join(per_country, on="country_iso3", how="left")
        .with_columns(
            pl.lit(total, dtype=pl.Int64).alias("recommendations_total"),
            pl.col("recommendations_answered", "recommendations_substantive", "replies").fill_null(0),
        )
        .with_columns((pl.col("recommendations_answered") / max(total, 1)).alias("completeness"))
        .select(
            "country_iso3",
            "country_name",
            "replied",
            "recommendations_total",
            "recommendations_answered",
            "recommendations_substantive",
            "replies",
            "completeness",
        )
        .sort(["completeness", "country_name"], descending=[True, False])
    )


# ---- exports ----------------------------------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def spreadsheet_safe(value: object) -> str:
    """Text for a spreadsheet cell that no spreadsheet will run as a formula: a leading = + - @ TAB or CR gets a
    single quote in front. Characters XML cannot hold are dropped."""
    text = _XML_ILLEGAL.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def matrix_to_xlsx(meeting: Meeting) -> bytes:
    """The reply matrix as an XLSX workbook (bytes), for the meeting document.

    Sheets: "Matrix" (Governments x recommendations; each cell shows the category and paragraph numbers, is
    coloured by category and has the summary as a comment), "Replies" (one row per reply), "Recommendations",
    "Categories" (legend with counts) and "Meeting". Every text cell goes through ``spreadsheet_safe``.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F2F2F2", "border": 1})
    title = workbook.add_format({"bold": True, "font_size": 13})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    cell_formats = {
        code: workbook.add_format({"bg_color": colour, "border": 1, "text_wrap": True, "valign": "top"})
        for code, colour in CATEGORY_COLOURS.items()
    }

    def text(sheet, row: int, col: int, value: object, fmt=None) -> None:
        sheet.write_string(row, col, spreadsheet_safe(value), fmt)

    info = meeting.info
    recs = _recs_in_order(meeting)
    long = reply_matrix(meeting)

    sheet = workbook.add_worksheet("Matrix")
    text(sheet, 0, 0, f"{info['title']}: replies on the recommendations of the {info['reviewed_meeting'] or ''}", title)
    text(
        sheet,
        1,
        0,
        f"Source: {info['source_citation'] or info['document_symbol'] or ''}. Each cell: category "
        "(paragraph of the source document); the summary is in the cell's comment.",
    )
    header_row = 3
    text(sheet, header_row, 0, "Government", bold)
    text(sheet, header_row, 1, "ISO3", bold)
    for j, rec in enumerate(recs):
        key = recommendation_key(rec["issue_number"], rec["recommendation_letter"])
        text(sheet, header_row, 2 + j, f"{key} para. {rec['paragraph']}", bold)
        sheet.write_comment(header_row, 2 + j, spreadsheet_safe(rec["text"]), {"x_scale": 3, "y_scale": 3})
    answered_col = 2 + len(recs)
    text(sheet, header_row, answered_col, "Recommendations answered", bold)
    position = {recommendation_key(r["issue_number"], r["recommendation_letter"]): 2 + j for j, r in enumerate(recs)}
    row_of: dict[str, int] = {}
    for cell in long.iter_rows(named=True):
        iso3 = cell["country_iso3"]
        if iso3 not in row_of:
            row_of[iso3] = header_row + 1 + len(row_of)
            text(sheet, row_of[iso3], 0, cell["country_name"])
            text(sheet, row_of[iso3], 1, iso3)
        row, col = row_of[iso3], position[cell["recommendation_key"]]
        label = cell["category_label"]
        shown = f"{label} (para. {cell['paragraphs']})" if cell["paragraphs"] else label
        text(sheet, row, col, shown, cell_formats.get(cell["category"]))
        if cell["summary"]:
            comment = f"Para. {cell['paragraphs']}: {cell['summary']}"
            sheet.write_comment(row, col, spreadsheet_safe(comment), {"x_scale": 2.5, "y_scale": 2})
    for row_data in completeness(meeting).iter_rows(named=True):
        if row_data["country_iso3"] in row_of:
            sheet.write_number(row_of[row_data["country_iso3"]], answered_col, row_data["recommendations_answered"])
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 6)
    sheet.set_column(2, answered_col - 1, 18)
    sheet.set_column(answered_col, answered_col, 14)
    sheet.freeze_panes(header_row + 1, 2)

    replies = _reply_view(meeting, meeting.replies)
    sheet = workbook.add_worksheet("Replies")
    headers = ["Paragraph", "Issue", "Recommendation", "ISO3", "Government (as written)", "Category", "Summary"]
    for j, name in enumerate(headers):
        text(sheet, 0, j, name, bold)
    for i, r in enumerate(replies.iter_rows(named=True), start=1):
        sheet.write_number(i, 0, r["paragraph"])
        sheet.write_number(i, 1, r["issue_number"])
        text(sheet, i, 2, r["recommendation_key"])
        text(sheet, i, 3, r["country_iso3"])
        text(sheet, i, 4, r["country_name_as_written"])
        text(sheet, i, 5, r["category_label"], cell_formats.get(r["category"]))
        text(sheet, i, 6, r["summary"], wrap)
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 3, 14)
    sheet.set_column(4, 5, 22)
    sheet.set_column(6, 6, 90)
    sheet.autofilter(0, 0, max(replies.height, 1), len(headers) - 1)
    sheet.freeze_panes(1, 0)

    sheet = workbook.add_worksheet("Recommendations")
    for j, name in enumerate(["Issue", "Issue title", "Recommendation", "Paragraph", "Text"]):
        text(sheet, 0, j, name, bold)
    for i, rec in enumerate(recs, start=1):
        sheet.write_number(i, 0, rec["issue_number"])
        text(sheet, i, 1, rec["issue_title"], wrap)
        text(sheet, i, 2, f"({rec['recommendation_letter']})")
        sheet.write_number(i, 3, rec["paragraph"])
        text(sheet, i, 4, rec["text"], wrap)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 3, 14)
    sheet.set_column(4, 4, 100)

    sheet = workbook.add_worksheet("Categories")
    for j, name in enumerate(["Category", "Code", "Replies"]):
        text(sheet, 0, j, name, bold)
    totals = dict(meeting.replies.group_by("category").len().iter_rows())
    for i, code in enumerate([*CATEGORIES, NO_REPLY], start=1):
        text(sheet, i, 0, category_label(code), cell_formats[code])
        text(sheet, i, 1, code)
        if code != NO_REPLY:
            sheet.write_number(i, 2, totals.get(code, 0))
    sheet.set_column(0, 1, 22)

    sheet = workbook.add_worksheet("Meeting")
    for i, (key, value) in enumerate(info.items()):
        text(sheet, i, 0, key, bold)
        text(sheet, i, 1, "" if value is None else value, wrap)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 100)

    workbook.close()
    return buffer.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def _md(value: object) -> str:
    """Plain text made inert in Markdown (and in the HTML Markdown may contain): specials are backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(_XML_ILLEGAL.sub("", str(value)).split()))


def _issue_blocks(meeting: Meeting, issue_number: int) -> tuple[str, list[dict]]:
    """The issue's title and, per recommendation, its text, counts and reply lines grouped by paragraph."""
    recs = meeting.recommendations.filter(pl.col("issue_number") == issue_number).sort("recommendation_letter")
    if recs.is_empty():
        known = sorted(set(meeting.recommendations["issue_number"].to_list()))
        raise ValueError(f"issue {issue_number} is not in meeting {meeting.meeting_id} (issues: {known})")
    counts = category_counts(meeting)
    matrix = reply_matrix(meeting)
    blocks = []
    for rec in recs.iter_rows(named=True):
        letter = rec["recommendation_letter"]
        replies = recommendation_replies(meeting, issue_number, letter)
        lines = (
            replies.group_by("paragraph", "category_label", "summary", maintain_order=True)
            .agg(pl.col("country_name").str.join(", ").alias("governments"))
            .sort("paragraph")
            .to_dicts()
        )
        rec_counts = counts.filter(
            (pl.col("issue_number") == issue_number)
            & (pl.col("recommendation_letter") == letter)
            & (pl.col("count") > 0)
            & (pl.col("category") != NO_REPLY)
        )
        silent = matrix.filter(
            (pl.col("issue_number") == issue_number)
            & (pl.col("recommendation_letter") == letter)
            & (pl.col("category") == NO_REPLY)
        )["country_name"].to_list()
        blocks.append(
            {
                "letter": letter,
                "paragraph": rec["paragraph"],
                "text": rec["text"],
                "replies": replies.height,
                "counts": [(r["category_label"], r["count"]) for r in rec_counts.iter_rows(named=True)],
                "lines": lines,
                "silent": silent,
            }
        )
    return str(recs["issue_title"][0] or ""), blocks


def _counts_sentence(block: dict) -> str:
    parts = ", ".join(f"{label.lower()} {count}" for label, count in block["counts"])
    return f"{block['replies']} replies" + (f": {parts}." if parts else ".")


def issue_summary_markdown(meeting: Meeting, issue_number: int) -> str:
    """A Markdown summary of one issue for the meeting document: each recommendation with its paragraph number and
    text, the counts by category, and a table of replies (paragraph, Government(s), category, summary), where a
    paragraph naming several Governments is one line. All text from the data is escaped, so it pastes cleanly."""
    issue_title, blocks = _issue_blocks(meeting, issue_number)
    info = meeting.info
    out = [
        f"# Issue {issue_number}. {_md(issue_title)}",
        "",
        f"{_md(info['title'])}. Source: {_md(info['source_citation'] or info['document_symbol'] or '')}; "
        "numbers are the paragraphs of the source document.",
        "",
    ]
    for block in blocks:
        out += [
            f"## Recommendation ({block['letter']}), paragraph {block['paragraph']}",
            "",
            f"> {block['paragraph']}. {_md(block['text'])}",
            "",
            _counts_sentence(block),
            "",
            "| Paragraph | Government | Category | Summary |",
            "| ---: | --- | --- | --- |",
        ]
        out += [
            f"| {line['paragraph']} | {_md(line['governments'])} | {_md(line['category_label'])} "
            f"| {_md(line['summary'])} |"
            for line in block["lines"]
        ]
        if block["silent"]:
            out += ["", f"No reply on this recommendation: {_md(', '.join(block['silent']))}."]
        out.append("")
    return "\n".join(out)


def issue_summary_docx(meeting: Meeting, issue_number: int) -> bytes:
    """The same summary as ``issue_summary_markdown`` as a Word document (bytes): headings, the recommendation
    text, the counts, and a table of replies whose first column is the paragraph number."""
    from docx import Document
    from docx.shared import Pt

    def clean(value: object) -> str:
        return " ".join(_XML_ILLEGAL.sub("", str(value)).split())

    issue_title, blocks = _issue_blocks(meeting, issue_number)
    info = meeting.info
    document = Document()
    document.core_properties.title = clean(f"Issue {issue_number}. {issue_title}")
    document.add_heading(clean(f"Issue {issue_number}. {issue_title}"), level=1)
    document.add_paragraph(
        clean(
            f"{info['title']}. Source: {info['source_citation'] or info['document_symbol'] or ''}; "
            "numbers are the paragraphs of the source document."
        )
    )
    for block in blocks:
        document.add_heading(f"Recommendation ({block['letter']}), paragraph {block['paragraph']}", level=2)
        quote = document.add_paragraph()
        quote.add_run(f"{block['paragraph']}. ").bold = True
        quote.add_run(clean(block["text"])).italic = True
        document.add_paragraph(_counts_sentence(block))
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, ["Paragraph", "Government", "Category", "Summary"], strict=True):
            cell.text = name
            cell.paragraphs[0].runs[0].bold = True
        for line in block["lines"]:
            cells = table.add_row().cells
            cells[0].text = str(line["paragraph"])
            cells[1].text = clean(line["governments"])
            cells[2].text = clean(line["category_label"])
            cells[3].text = clean(line["summary"])
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
        if block["silent"]:
            document.add_paragraph(clean(f"No reply on this recommendation: {', '.join(block['silent'])}."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
