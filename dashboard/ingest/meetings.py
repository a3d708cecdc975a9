"""Import Governments' replies of other meetings from CSV or XLSX files in the canonical reply schema.

A file has one row per Government and reply paragraph, with the columns of ``dashboard.meetings.REPLY_SCHEMA``
(header names are matched ignoring case, spaces and hyphens; other columns are ignored). A Government may be given
by ``country_iso3``, by ``country_name_as_written`` or both; when both are given they must agree.

Every row is validated; a bad row is quarantined with the file, its row number as seen in the file, the column and
the reason (one quarantine record per problem), and never stored. Row accounting is the seizure importers':
``rows_read == rows_stored + rows_quarantined + duplicates_skipped``; wholly empty rows are not counted as read.
Duplicates skipped are rows identical to an earlier row (as written, or once normalised, e.g. "ALB" and "Albania")
or to a reply already stored; a row that repeats an earlier row's meeting, paragraph and Government with different
content is quarantined instead, since only a person can tell which is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dashboard.ingest import file_sha256
from dashboard.ingest.readers import ROW, read_table
from dashboard.ingest.report import ImportReport, InputError, QuarantineBuilder, count_reasons
from dashboard.meetings import (
    CATEGORIES,
    LETTER_PATTERN,
    MEETING_ID_PATTERN,
    REPLY_SCHEMA,
    resolve_country,
)

KIND = "meeting_replies"
REQUIRED_COLUMNS = ("meeting_id", "issue_number", "recommendation_letter", "paragraph", "summary", "category")
COUNTRY_COLUMNS = ("country_iso3", "country_name_as_written")
HEADER_HINT = frozenset({"meeting_id", "paragraph", "category"})
MAX_SUMMARY_CHARS = 2000
KEY = ("meeting_id", "paragraph", "country_iso3")
WHOLE_NUMBER = re.compile(r"^\+?0*([1-9]\d{0,8})(?:\.0+)?$")  # "12", "012", and "12.0" as spreadsheets write it
_LABEL_TO_CODE = {label.casefold(): code for code, label in CATEGORIES.items()}


@dataclass
class ReplyImport:
    """What an import of one reply file produced: the valid replies, the quarantined rows and the report."""

    replies: pl.DataFrame  # REPLY_SCHEMA, sorted by meeting_id, paragraph, country_iso3
    quarantine: pl.DataFrame  # dashboard.schema.QUARANTINE_SCHEMA: file, row, column, reason, raw
    report: ImportReport


def _canonical_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _whole_number(value: str | None) -> int | None:
    match = WHOLE_NUMBER.match(value or "")
    return int(match.group(1)) if match else None


def _category(value: str) -> str | None:
    text = " ".join(value.split()).casefold()
    code = text.replace(" ", "_").replace("-", "_")
    if code in CATEGORIES:
        return code
    return _LABEL_TO_CODE.get(text)


def validate_reply(values: dict[str, str | None]) -> tuple[dict | None, list[tuple[str, str]]]:
    """One input row (canonical column -> text or None) as a canonical reply, or None with its problems.

    Problems are (column, reason) pairs: a required field missing, a number that is not a whole number, a letter
    that is not a single letter, an unknown category or an unknown or contradictory country.
    """
    problems: list[tuple[str, str]] = []
    for column in REQUIRED_COLUMNS:
        if not values.get(column):
            problems.append((column, "required value missing"))

    meeting_id = values.get("meeting_id")
    if meeting_id and not MEETING_ID_PATTERN.match(meeting_id):
        problems.append(("meeting_id", "must be lowercase letters, digits and underscores"))

    numbers: dict[str, int | None] = {}
    for column in ("issue_number", "paragraph"):
        raw = values.get(column)
        numbers[column] = _whole_number(raw)
        if raw and numbers[column] is None:
            problems.append((column, f"not a whole number above 0: {raw[:40]!r}"))

    letter = (values.get("recommendation_letter") or "").strip("() ").lower()
    if values.get("recommendation_letter") and not LETTER_PATTERN.match(letter):
        problems.append(("recommendation_letter", "must be one letter a-z, e.g. a or (a)"))

    category = _category(values.get("category") or "") if values.get("category") else None
    if values.get("category") and category is None:
        problems.append(("category", f"unknown category {values['category'][:40]!r} (known: {', '.join(CATEGORIES)})"))

    summary = " ".join((values.get("summary") or "").split())
    if len(summary) > MAX_SUMMARY_CHARS:
        problems.append(("summary", f"longer than {MAX_SUMMARY_CHARS} characters"))

    iso3_text, name = values.get("country_iso3"), values.get("country_name_as_written")
    iso3 = None
    if not iso3_text and not name:
        problems.append(("country_iso3", "required value missing (give country_iso3 or country_name_as_written)"))
    else:
        from_code = resolve_country(iso3_text) if iso3_text else None
        from_name = resolve_country(name) if name else None
        if iso3_text and from_code is None:
            problems.append(("country_iso3", f"unknown country {iso3_text[:40]!r}"))
        if name and from_name is None:
            problems.append(("country_name_as_written", f"unknown country {name[:60]!r}"))
        if from_code and from_name and from_code != from_name:
            problems.append(("country_iso3", f"{iso3_text!r} does not match country name {name[:60]!r}"))
        iso3 = from_code or from_name

    if problems:
        return None, problems
    return {
        "meeting_id": meeting_id,
        "issue_number": numbers["issue_number"],
        "recommendation_letter": letter,
        "country_iso3": iso3,
        "country_name_as_written": " ".join(name.split()) if name else None,
        "paragraph": numbers["paragraph"],
        "summary": summary,
        "category": category,
    }, []


def import_replies(
    path: Path | str,
    *,
    recommendations: pl.DataFrame | None = None,
    existing: pl.DataFrame | None = None,
) -> ReplyImport:
    """Read, validate and account for every row of a reply file (CSV, CSV.GZ or XLSX).

    ``recommendations`` (RECOMMENDATION_SCHEMA), when given, is checked too: a row must name a recommendation of
    its meeting and may not sit in a recommendation's own paragraph. ``existing`` (REPLY_SCHEMA) holds replies
    already stored, so that re-importing them counts as duplicates. Raises ``InputError`` for a file that cannot be
    read or lacks a required column. Nothing is written: the caller stores ``replies`` where it wants.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path.name, "no such file")
    table = read_table(path, header_hint=set(HEADER_HINT))
    header = {}
    for column in table.columns:
        canonical = _canonical_header(column)
        if canonical in header:
            raise InputError(path.name, f"columns {header[canonical]!r} and {column!r} both mean {canonical}")
        header[canonical] = column
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if not any(c in header for c in COUNTRY_COLUMNS):
        missing.append(" or ".join(COUNTRY_COLUMNS))
    if missing:
        raise InputError(path.name, f"required columns missing: {', '.join(missing)}")

    quarantine = QuarantineBuilder(path.name)
    for row, raw, reason in table.malformed:
        quarantine.add(row, "(row)", reason, raw)

    data_columns = table.columns
    first = table.frame.select(pl.struct(data_columns).is_first_distinct()).to_series()
    duplicates = int((~first).sum())

    stored_rows: dict[tuple, dict] = {}
    first_row_of: dict[tuple, int] = {}
    if existing is not None and existing.height:
        for reply in existing.select(list(REPLY_SCHEMA)).iter_rows(named=True):
            stored_rows[tuple(reply[k] for k in KEY)] = reply
    known_recs: dict[tuple, int] | None = None
    rec_paragraphs: set[tuple] = set()
    if recommendations is not None:
        known_recs = {
            (r["meeting_id"], r["issue_number"], r["recommendation_letter"]): r["paragraph"]
            for r in recommendations.iter_rows(named=True)
        }
        rec_paragraphs = {(m, p) for (m, _, _), p in known_recs.items()}

    accepted: dict[tuple, dict] = {}
    for record, keep in zip(table.frame.iter_rows(named=True), first, strict=True):
        if not keep:
            continue
        row = int(record[ROW])
        raw = {c: record[c] for c in data_columns}
        values = {canonical: record[original] for canonical, original in header.items()}
        reply, problems = validate_reply(values)
        if reply is not None and known_recs is not None:
            rec = (reply["meeting_id"], reply["issue_number"], reply["recommendation_letter"])
            if rec not in known_recs:
                problems.append(
                    ("recommendation_letter", f"meeting {rec[0]} has no recommendation ({rec[2]}) under issue {rec[1]}")
                )
            elif (reply["meeting_id"], reply["paragraph"]) in rec_paragraphs:
                problems.append(("paragraph", "this paragraph holds a recommendation, not a reply"))
        if reply is not None and not problems:
            key = tuple(reply[k] for k in KEY)
            earlier = accepted.get(key) or stored_rows.get(key)
            if earlier is not None:
                if earlier == reply:
                    duplicates += 1
                    continue
                where = f"row {first_row_of[key]}" if key in first_row_of else "a reply already stored"
                problems.append(("paragraph", f"same meeting, paragraph and Government as {where}, other content"))
            else:
                accepted[key] = reply
                first_row_of[key] = row
                continue
        for column, reason in problems:
            quarantine.add(row, column, reason, raw)

    quarantined = quarantine.build()
    replies = pl.DataFrame(list(accepted.values()), schema=REPLY_SCHEMA).sort("meeting_id", "paragraph", "country_iso3")
    rows_quarantined = quarantined["row"].n_unique() if quarantined.height else 0
    report = ImportReport(
        file=path.name,
        source_id=f"{KIND}-{file_sha256(path)[:12]}",
        kind=KIND,
        format=f"meeting replies ({table.container})",
        rows_read=table.rows_read,
        rows_stored=replies.height,
        rows_quarantined=rows_quarantined,
        duplicates_skipped=duplicates,
        quarantine_reasons=count_reasons(quarantined),
        notes=[f"{table.blank_rows} wholly empty rows ignored"] if table.blank_rows else [],
    )
    if not report.balanced:
        raise InputError(
            path.name,
            f"internal accounting error: read {report.rows_read} != stored {report.rows_stored} + quarantined "
            f"{rows_quarantined} + duplicates {duplicates}",
        )
    return ReplyImport(replies=replies, quarantine=quarantined, report=report)
