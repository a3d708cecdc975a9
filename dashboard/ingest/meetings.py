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

import json
import os
import re
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dashboard.i18n import _
from dashboard.ingest import file_sha256
from dashboard.ingest.messages import shown
from dashboard.ingest.readers import ROW, read_table
from dashboard.ingest.report import ImportReport, InputError, QuarantineBuilder, count_reasons
from dashboard.meetings import (
    CATEGORIES,
    LETTER_PATTERN,
    MEETING_FILE,
    MEETING_ID_PATTERN,
    MEETING_SCHEMA,
    RECOMMENDATION_SCHEMA,
    RECOMMENDATIONS_FILE,
    REPLY_SCHEMA,
    Meeting,
    MeetingDataError,
    is_stored_meeting,
    list_shipped_meetings,
    load_stored_meeting,
    read_meeting_csv,
    resolve_country,
    stored_meetings_root,
    validate_meeting,
)
from dashboard.meetings.files import RESTRICTED_FLAG, is_restricted_folder
from dashboard.store import Store, now_iso, secure_tree
from dashboard.text import count

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


def _required_problems(values: dict[str, str | None]) -> list[tuple[str, str]]:
    problems = [(column, "required value missing") for column in REQUIRED_COLUMNS if not values.get(column)]
    meeting_id = values.get("meeting_id")
    if meeting_id and not MEETING_ID_PATTERN.match(meeting_id):
        problems.append(("meeting_id", "must be lowercase letters, digits and underscores"))
    return problems


def _numbers(values: dict[str, str | None]) -> tuple[dict[str, int | None], list[tuple[str, str]]]:
    """The issue number and paragraph as whole numbers, and a problem for each given one that is not."""
    numbers = {column: _whole_number(values.get(column)) for column in ("issue_number", "paragraph")}
    problems = [
        (column, f"not a whole number above 0: {values[column][:40]!r}")
        for column, number in numbers.items()
        if values.get(column) and number is None
    ]
    return numbers, problems


def _letter_and_category(values: dict[str, str | None]) -> tuple[str, str | None, list[tuple[str, str]]]:
    problems = []
    letter = (values.get("recommendation_letter") or "").strip("() ").lower()
    if values.get("recommendation_letter") and not LETTER_PATTERN.match(letter):
        problems.append(("recommendation_letter", "must be one letter a-z, e.g. a or (a)"))
    category = _category(values["category"]) if values.get("category") else None
    if values.get("category") and category is None:
        problems.append(("category", f"unknown category {values['category'][:40]!r} (known: {', '.join(CATEGORIES)})"))
    return letter, category, problems


def _country(values: dict[str, str | None]) -> tuple[str | None, list[tuple[str, str]]]:
    """The Government's ISO3 code from its code, its name or both (which must agree), and the problems."""
    iso3_text, name = values.get("country_iso3"), values.get("country_name_as_written")
    if not iso3_text and not name:
        return None, [("country_iso3", "required value missing (give country_iso3 or country_name_as_written)")]
    problems = []
    from_code = resolve_country(iso3_text) if iso3_text else None
    from_name = resolve_country(name) if name else None
    if iso3_text and from_code is None:
        problems.append(("country_iso3", f"unknown country {iso3_text[:40]!r}"))
    if name and from_name is None:
        problems.append(("country_name_as_written", f"unknown country {name[:60]!r}"))
    if from_code and from_name and from_code != from_name:
        problems.append(("country_iso3", f"{iso3_text!r} does not match country name {name[:60]!r}"))
    return from_code or from_name, problems


def validate_reply(values: dict[str, str | None]) -> tuple[dict | None, list[tuple[str, str]]]:
    """One input row (canonical column -> text or None) as a canonical reply, or None with its problems.

    Problems are (column, reason) pairs: a required field missing, a number that is not a whole number, a letter
    that is not a single letter, an unknown category or an unknown or contradictory country.
    """
    numbers, number_problems = _numbers(values)
    letter, category, label_problems = _letter_and_category(values)
    summary = " ".join((values.get("summary") or "").split())
    long = [("summary", f"longer than {MAX_SUMMARY_CHARS} characters")] if len(summary) > MAX_SUMMARY_CHARS else []
    iso3, country_problems = _country(values)
    problems = _required_problems(values) + number_problems + label_problems + long + country_problems
    if problems:
        return None, problems
    name = values.get("country_name_as_written")
    return {
        "meeting_id": values.get("meeting_id"),
        "issue_number": numbers["issue_number"],
        "recommendation_letter": letter,
        "country_iso3": iso3,
        "country_name_as_written": " ".join(name.split()) if name else None,
        "paragraph": numbers["paragraph"],
        "summary": summary,
        "category": category,
    }, []


def _header(table, file_name: str) -> dict[str, str]:
    """Canonical column -> the file's column; ``InputError`` for two columns of one meaning or a required one
    missing."""
    header: dict[str, str] = {}
    for column in table.columns:
        canonical = _canonical_header(column)
        if canonical in header:
            raise InputError(
                file_name,
                _("columns {first} and {second} both mean {role}").format(
                    first=repr(header[canonical]), second=repr(column), role=canonical
                ),
            )
        header[canonical] = column
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if not any(c in header for c in COUNTRY_COLUMNS):
        missing.append(" or ".join(COUNTRY_COLUMNS))
    if missing:
        raise InputError(file_name, _("required columns missing: {columns}").format(columns=", ".join(missing)))
    return header


class _Recommendations:
    """The recommendations a reply may name (none given: any), and their own paragraphs (no reply sits there)."""

    def __init__(self, recommendations: pl.DataFrame | None) -> None:
        self.known: dict[tuple, int] | None = None
        self.paragraphs: set[tuple] = set()
        if recommendations is not None:
            self.known = {
                (r["meeting_id"], r["issue_number"], r["recommendation_letter"]): r["paragraph"]
                for r in recommendations.iter_rows(named=True)
            }
            self.paragraphs = {(m, p) for (m, _, _), p in self.known.items()}

    def problems(self, reply: dict) -> list[tuple[str, str]]:
        if self.known is None:
            return []
        rec = (reply["meeting_id"], reply["issue_number"], reply["recommendation_letter"])
        if rec not in self.known:
            reason = f"meeting {rec[0]} has no recommendation ({rec[2]}) under issue {rec[1]}"
            return [("recommendation_letter", reason)]
        if (reply["meeting_id"], reply["paragraph"]) in self.paragraphs:
            return [("paragraph", "this paragraph holds a recommendation, not a reply")]
        return []


class _Accepted:
    """The valid replies so far, by meeting, paragraph and Government (``KEY``), beside those already stored."""

    def __init__(self, existing: pl.DataFrame | None) -> None:
        self.replies: dict[tuple, dict] = {}
        self.first_row_of: dict[tuple, int] = {}
        self.duplicates = 0
        self.stored: dict[tuple, dict] = {}
        if existing is not None and existing.height:
            for reply in existing.select(list(REPLY_SCHEMA)).iter_rows(named=True):
                self.stored[tuple(reply[k] for k in KEY)] = reply

    def add(self, reply: dict, row: int) -> list[tuple[str, str]]:
        """Keep ``reply`` (read at ``row``), count it as a duplicate, or say why it clashes with an earlier one."""
        key = tuple(reply[k] for k in KEY)
        earlier = self.replies.get(key) or self.stored.get(key)
        if earlier is None:
            self.replies[key] = reply
            self.first_row_of[key] = row
            return []
        if earlier == reply:
            self.duplicates += 1
            return []
        where = f"row {self.first_row_of[key]}" if key in self.first_row_of else "a reply already stored"
        return [("paragraph", f"same meeting, paragraph and Government as {where}, other content")]


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
        raise InputError(path.name, _("no such file"))
    table = read_table(path, header_hint=set(HEADER_HINT))
    header = _header(table, path.name)
    quarantine = QuarantineBuilder(path.name)
    for row, raw, reason in table.malformed:
        quarantine.add(row, "(row)", reason, raw)
    first = table.frame.select(pl.struct(table.columns).is_first_distinct()).to_series()
    recs, accepted = _Recommendations(recommendations), _Accepted(existing)
    accepted.duplicates = int((~first).sum())
    for record, keep in zip(table.frame.iter_rows(named=True), first, strict=True):
        if not keep:
            continue
        reply, problems = validate_reply({canonical: record[original] for canonical, original in header.items()})
        if reply is not None:
            problems = recs.problems(reply) or accepted.add(reply, int(record[ROW]))
        for column, reason in problems:
            quarantine.add(int(record[ROW]), column, reason, {c: record[c] for c in table.columns})
    replies = pl.DataFrame(list(accepted.replies.values()), schema=REPLY_SCHEMA)
    return _reply_import(path, table, replies.sort(*KEY), quarantine.build(), accepted.duplicates)


def _reply_import(path: Path, table, replies: pl.DataFrame, quarantined: pl.DataFrame, duplicates: int) -> ReplyImport:
    """The import's outcome with its report; ``InputError`` when the rows do not add up."""
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


# ---- storing imported meetings -------------------------------------------------------------------------------------

REPLY_FILE_NAMES = ("replies.csv", "replies.xlsx", "replies.csv.gz")


@dataclass
class MeetingImport:
    """What ``import_meeting`` did: the meeting as now stored (None when nothing was stored), the reply import
    (new replies, quarantine, report) and the meeting's folder in the store."""

    meeting: Meeting | None
    replies: ReplyImport
    directory: Path | None

    def summary(self, max_problems: int = 20) -> str:
        """The row-accounting report, then one line per quarantined problem (at most ``max_problems``)."""
        lines = [self.replies.report.summary()]
        quarantine = self.replies.quarantine
        for row in quarantine.head(max_problems).iter_rows(named=True):
            lines.append(
                "  "
                + _("row {row}, {column}: {reason}").format(
                    row=row["row"], column=row["column"], reason=shown(row["reason"])
                )
            )
        if quarantine.height > max_problems:
            lines.append(
                "  " + _("... and {count} more problems").format(count=count(quarantine.height - max_problems))
            )
        if self.meeting is None:
            lines.append("  " + _("nothing stored: the file holds no valid reply"))
        else:
            info = self.meeting
            lines.append(
                "  "
                + _("meeting {meeting}: {replies} replies of {governments} Governments stored in {folder}").format(
                    meeting=info.meeting_id,
                    replies=count(info.replies.height),
                    governments=count(info.replies["country_iso3"].n_unique()),
                    folder=self.directory,
                )
            )
        return "\n".join(lines)


def _replying_in_order(replies: pl.DataFrame) -> str:
    codes = replies.sort("paragraph", "country_iso3")["country_iso3"].unique(maintain_order=True).to_list()
    return ";".join(codes)


def store_meeting(
    meeting: Meeting, store: Store | None = None, *, imported: ReplyImport | None = None, restricted: bool = False
) -> Path:
    """Write a meeting into ``<store root>/meetings/<meeting_id>/`` atomically and return that folder.

    The meeting is validated first (``MeetingDataError`` when unsound). The new folder is written whole under a
    temporary name and swapped in with two renames, so readers see the old meeting or the new one. The reports
    and quarantines of earlier imports are kept; ``imported`` adds this import's report and quarantined rows.
    """
    problems = validate_meeting(meeting)
    if problems:
        raise MeetingDataError(f"{meeting.meeting_id}: " + "; ".join(problems[:10]))
    store = store or Store()
    with store.lock():  # the work folder is a leftover for ``Store.recover`` only once this process is gone
        return _store_meeting(meeting, stored_meetings_root(store), imported, restricted)


def _store_meeting(meeting: Meeting, base: Path, imported: ReplyImport | None, restricted: bool) -> Path:
    base.mkdir(parents=True, exist_ok=True)
    final = base / meeting.meeting_id
    work = Path(tempfile.mkdtemp(dir=base, prefix=f".{meeting.meeting_id}.", suffix=".tmp"))
    old: Path | None = None
    try:
        for name, table in Meeting.of(**meeting.tables()).tables().items():
            table.write_parquet(work / f"{name}.parquet")
        for history in ("imports", "quarantine"):
            if (final / history).is_dir():
                shutil.copytree(final / history, work / history)
            else:
                (work / history).mkdir()
        if imported is not None:
            imported_at = now_iso()
            report = {"imported_at": imported_at, **json.loads(imported.report.to_json())}
            # one record per import, even when the same file comes again: the time leads the name
            stem = f"{time.time_ns()}_{imported.report.source_id}"
            (work / "imports" / f"{stem}.json").write_text(
                json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
            )
            imported.quarantine.write_parquet(work / "quarantine" / f"{stem}.parquet")
        if restricted or is_restricted_folder(final):  # once restricted, a meeting stays so
            (work / RESTRICTED_FLAG).write_text("imported as restricted: never shown in a public view\n")
        if final.exists():
            old = base / f".{meeting.meeting_id}.{uuid.uuid4().hex[:8]}.old"
            os.replace(final, old)
        secure_tree(work)
        os.replace(work, final)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
        if old is not None and final.exists():
            shutil.rmtree(old, ignore_errors=True)
    return final


def _reply_file(path: Path) -> Path:
    if path.is_dir():
        found = next((path / n for n in REPLY_FILE_NAMES if (path / n).is_file()), None)
        if found is None:
            raise InputError(path.name, _("folder holds none of {files}").format(files=", ".join(REPLY_FILE_NAMES)))
        return found
    if not path.is_file():
        raise InputError(path.name, _("no such file"))
    return path


def _meeting_files(folder: Path, file_name: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    try:
        info = read_meeting_csv(folder / MEETING_FILE, MEETING_SCHEMA)
        recommendations = read_meeting_csv(folder / RECOMMENDATIONS_FILE, RECOMMENDATION_SCHEMA)
    except MeetingDataError as error:
        raise InputError(file_name, str(error)) from None
    if info.height != 1:
        raise InputError(
            file_name,
            _("{file} must have exactly one row, has {count}").format(file=MEETING_FILE, count=info.height),
        )
    return info, recommendations


def import_meeting(
    path: Path | str, store: Store | None = None, *, meeting_dir: Path | str | None = None, restricted: bool = False
) -> MeetingImport:
    """Import a meeting's replies into the store: validate, quarantine, account for every row, store atomically.

    ``path`` is a reply file (CSV, CSV.GZ or XLSX in the schema of ``replies.csv``) or a folder holding one
    (``replies.csv`` / ``replies.xlsx``). The meeting itself is described by ``meeting.csv`` and
    ``recommendations.csv`` (the shipped format, see docs/meeting-replies.md) in ``meeting_dir``, else beside the
    reply file; without them, the replies are added to the meeting of that id already in the store. Replies
    already stored count as duplicates, so a file can be imported again safely. A meeting id shipped with the
    dashboard cannot be imported over. Raises ``InputError`` (one line: file and reason) when nothing can be done.
    """
    store = store or Store()
    path = Path(path)
    reply_file = _reply_file(path)
    folder = Path(meeting_dir) if meeting_dir is not None else (path if path.is_dir() else path.parent)
    name = reply_file.name
    if (folder / MEETING_FILE).is_file():
        info, recommendations = _meeting_files(folder, name)
        meeting_id = str(info["meeting_id"][0] or "")
        if not MEETING_ID_PATTERN.match(meeting_id):
            raise InputError(
                name,
                _("{file}: meeting_id {meeting} must be lowercase letters, digits, _").format(
                    file=MEETING_FILE, meeting=repr(meeting_id)
                ),
            )
        stored = load_stored_meeting(meeting_id, store) if is_stored_meeting(meeting_id, store) else None
    else:
        probe = import_replies(reply_file)
        ids = sorted(set(probe.replies["meeting_id"].to_list()))
        if len(ids) != 1 or not is_stored_meeting(ids[0], store):
            raise InputError(
                name,
                _(
                    "no {meeting_file} and {recommendations_file} in {folder} (give --meeting-dir), and the replies "
                    "do not belong to one meeting already imported (meeting ids in the file: {ids})"
                ).format(
                    meeting_file=MEETING_FILE,
                    recommendations_file=RECOMMENDATIONS_FILE,
                    folder=folder,
                    ids=", ".join(ids) or _("none valid"),
                ),
            )
        stored = load_stored_meeting(ids[0], store)
        info, recommendations, meeting_id = stored.meeting, stored.recommendations, ids[0]
    if meeting_id in set(list_shipped_meetings()["meeting_id"].to_list()):
        raise InputError(
            name,
            _("meeting {meeting} is shipped with the dashboard; give the import another id").format(meeting=meeting_id),
        )
    recommendations = recommendations.filter(pl.col("meeting_id") == meeting_id)
    existing = stored.replies if stored is not None else None
    result = import_replies(reply_file, recommendations=recommendations, existing=existing)
    replies = pl.concat([existing, result.replies]) if existing is not None else result.replies
    if replies.is_empty():
        return MeetingImport(meeting=None, replies=result, directory=None)
    if info["replying_iso3"][0] is None:
        info = info.with_columns(pl.lit(_replying_in_order(replies), dtype=pl.String).alias("replying_iso3"))
    meeting = Meeting.of(info, recommendations, replies)
    try:
        directory = store_meeting(meeting, store, imported=result, restricted=restricted)
    except MeetingDataError as error:
        raise InputError(name, _("not stored: {error}").format(error=error)) from None
    return MeetingImport(meeting=meeting, replies=result, directory=directory)
