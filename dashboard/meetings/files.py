"""Meeting folders on disk: the shipped ones (CSV, ``data/meetings``), the imported ones (Parquet, in the store), and
the catalogue of both that the page and the country profile offer.

An imported meeting lives in the project's store (``dashboard.store.Store``), apart from the seizure tables:

    <store root>/meetings/<meeting_id>/meeting.parquet          one row, MEETING_SCHEMA
    <store root>/meetings/<meeting_id>/recommendations.parquet  RECOMMENDATION_SCHEMA
    <store root>/meetings/<meeting_id>/replies.parquet          REPLY_SCHEMA: every reply stored so far
    <store root>/meetings/<meeting_id>/imports/<ns>_<source_id>.json        the report of each import
    <store root>/meetings/<meeting_id>/quarantine/<ns>_<source_id>.parquet  the rows it could not store

The folder is written whole under a temporary name and swapped in (``dashboard.ingest.meetings.store_meeting``),
so a reader sees the old meeting or the new one, never half of each. Folders whose name starts with "." are work in
progress and never listed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from dashboard.meetings.model import (
    MEETING_FILE,
    MEETING_ID_PATTERN,
    MEETING_SCHEMA,
    TABLES,
    Meeting,
    MeetingDataError,
    validate_meeting,
)

if TYPE_CHECKING:
    from dashboard.store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_MEETINGS_DIR = REPO_ROOT / "data" / "meetings"
STORE_FOLDER = "meetings"
STORED_TABLES = TABLES  # the Parquet files of an imported meeting, by stem


# ---- shipped meetings (CSV) ------------------------------------------------------------------------------------
def _typed(name: str, dtype: pl.DataType) -> pl.Expr:
    """A text column as ``dtype``: blank is null, a value that is not of the type is null too (found afterwards)."""
    text = pl.col(name).str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    if dtype == pl.Date:
        return text.str.to_date("%Y-%m-%d", strict=False).alias(name)
    if dtype == pl.Int64:
        return pl.when(text.str.contains(r"^-?\d{1,15}$")).then(text).cast(pl.Int64, strict=False).alias(name)
    return text.cast(dtype, strict=False).alias(name)


def read_meeting_csv(path: Path, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """One of a meeting's CSV files, typed by ``schema``; ``MeetingDataError`` names the file, row and column of a
    value that is not of its type."""
    if not path.is_file():
        raise MeetingDataError(f"{path}: file missing")
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise MeetingDataError(f"{path.name}: missing columns {', '.join(missing)}")
    typed = frame.select(_typed(name, dtype) for name, dtype in schema.items())
    for name, dtype in schema.items():
        bad = typed[name].is_null() & frame[name].is_not_null() & (frame[name].str.strip_chars() != "")
        if bad.any():
            row = int(bad.arg_true()[0]) + 2
            raise MeetingDataError(f"{path.name}: row {row}, column {name}: {frame[name][row - 2]!r} is not {dtype}")
    return typed


def _sound(meeting: Meeting, name: str) -> Meeting:
    problems = validate_meeting(meeting)
    if problems:
        raise MeetingDataError(f"{name}: " + "; ".join(problems[:10]))
    return meeting


def load_meeting(directory: Path | str) -> Meeting:
    """Read and validate a meeting folder (meeting.csv, recommendations.csv, replies.csv).

    Raises ``MeetingDataError`` naming the file, row and column of the first problem found.
    """
    directory = Path(directory)
    tables = {name: read_meeting_csv(directory / f"{name}.csv", schema) for name, schema in TABLES.items()}
    return _sound(Meeting.of(**tables), directory.name)


def write_meeting(meeting: Meeting, directory: Path | str) -> None:
    """Write the three CSV files of a meeting (validated first; raises ``MeetingDataError`` when unsound)."""
    problems = validate_meeting(meeting)
    if problems:
        raise MeetingDataError("; ".join(problems))
    meeting = Meeting.of(**meeting.tables())
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, frame in meeting.tables().items():
        frame.write_csv(directory / f"{name}.csv")


def list_shipped_meetings(root: Path | str | None = None) -> pl.DataFrame:
    """The meetings shipped under ``data/meetings`` (or ``root``), newest first.

    Columns: every MEETING_SCHEMA column plus ``directory`` (str, the folder to pass to ``load_meeting``).
    Folders without a readable meeting.csv are left out.
    """
    base = Path(root) if root is not None else SHIPPED_MEETINGS_DIR
    folders = sorted(p for p in base.iterdir() if (p / MEETING_FILE).is_file()) if base.is_dir() else []
    rows = []
    for folder in folders:
        try:
            info = read_meeting_csv(folder / MEETING_FILE, MEETING_SCHEMA)
        except MeetingDataError:
            continue
        rows.append(info.with_columns(pl.lit(str(folder)).alias("directory")))
    return _newest_first(rows, {"directory": pl.String()})


def _newest_first(rows: list[pl.DataFrame], extra: dict[str, pl.DataType]) -> pl.DataFrame:
    if not rows:
        return pl.DataFrame(schema={**MEETING_SCHEMA, **extra})
    return pl.concat(rows).sort("start_date", "meeting_id", descending=True, nulls_last=True)


# ---- imported meetings (Parquet, in the store) ------------------------------------------------------------------
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
    return _sound(Meeting.of(**{name: _read_stored(folder, name) for name in STORED_TABLES}), meeting_id)


def stored_meeting_imports(meeting_id: str, store: Store | Path | str | None = None) -> list[dict]:
    """The import reports of an imported meeting's reply files (oldest first): dicts of ``ImportReport`` fields
    plus ``imported_at``."""
    folder = _stored_folder(meeting_id, store) / "imports"
    reports = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            reports.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(reports, key=lambda r: str(r.get("imported_at", "")))


def _stored_row(folder: Path) -> pl.DataFrame | None:
    """The meeting row of a stored folder with ``directory`` and ``replies``; None when it cannot be read."""
    try:
        info = _read_stored(folder, "meeting")
        replies = pl.scan_parquet(folder / "replies.parquet").select(pl.len()).collect().item()
    except (MeetingDataError, OSError, pl.exceptions.PolarsError):
        return None
    if info.height != 1 or info["meeting_id"][0] != folder.name:
        return None
    return info.with_columns(pl.lit(str(folder)).alias("directory"), pl.lit(replies, dtype=pl.Int64).alias("replies"))


RESTRICTED_FLAG = "restricted"  # a file in a stored meeting's folder: imported with --restricted, never public


def is_restricted_folder(folder: Path | str) -> bool:
    """Whether a stored meeting was imported as restricted."""
    return (Path(folder) / RESTRICTED_FLAG).exists()


def list_stored_meetings(store: Store | Path | str | None = None, *, public: bool = False) -> pl.DataFrame:
    """The meetings imported into the store, newest first; with ``public`` none imported as restricted.

    Columns: every MEETING_SCHEMA column plus ``directory`` (str, the meeting's folder in the store) and
    ``replies`` (Int64, reply rows stored). Unreadable folders are left out.
    """
    folders = _meeting_folders(stored_meetings_root(store))
    rows = [_stored_row(folder) for folder in folders if not (public and is_restricted_folder(folder))]
    return _newest_first([row for row in rows if row is not None], {"directory": pl.String(), "replies": pl.Int64()})


def _meeting_folders(base: Path) -> list[Path]:
    """The folders of ``base`` that may hold a meeting (work in progress, named ".…", left out)."""
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


# ---- the catalogue: every meeting on offer ----------------------------------------------------------------------
@dataclass(frozen=True)
class CatalogueEntry:
    """A meeting on offer: where it is, and what a chooser says of it."""

    meeting_id: str
    kind: str  # "imported" (in the store) or "shipped" (in data/meetings)
    directory: str
    title: str | None = None
    place: str | None = None
    start_date: dt.date | str | None = None


def catalogue(stored: pl.DataFrame, shipped: pl.DataFrame) -> dict[str, CatalogueEntry]:
    """Meeting id -> entry, newest first; an imported meeting stands in for a shipped one of the same id.

    ``stored`` and ``shipped``: ``list_stored_meetings`` and ``list_shipped_meetings`` (or frames with their
    ``meeting_id``, ``title``, ``place``, ``start_date`` and ``directory``)."""
    rows = [(row, "imported") for row in stored.iter_rows(named=True)]
    rows += [(row, "shipped") for row in shipped.iter_rows(named=True)]
    entries: dict[str, CatalogueEntry] = {}
    for row, kind in sorted(rows, key=lambda item: str(item[0]["start_date"] or ""), reverse=True):
        if row["meeting_id"] not in entries:
            entries[row["meeting_id"]] = CatalogueEntry(
                row["meeting_id"], kind, row["directory"], row.get("title"), row.get("place"), row.get("start_date")
            )
    return entries


def meetings_on_offer(store: Store | Path | str | None = None, *, public: bool = False) -> dict[str, CatalogueEntry]:
    """The catalogue of the meetings imported into ``store`` and of the shipped ones (``public``: no restricted
    import)."""
    return catalogue(list_stored_meetings(store, public=public), list_shipped_meetings())


def open_entry(entry: CatalogueEntry) -> Meeting:
    """The meeting of a catalogue entry, loaded and validated (raises ``MeetingDataError``)."""
    if entry.kind == "imported":
        return load_stored_meeting(entry.meeting_id, Path(entry.directory).parent.parent)
    return load_meeting(entry.directory)


def folder_signature(directory: Path | str) -> tuple[tuple[str, int, int], ...]:
    """The files of a meeting's folder with their times and sizes: a changed file makes a new signature."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in Path(directory).glob("*.*")))


def meetings_signature(store: Store | Path | str | None = None) -> tuple:
    """``folder_signature`` of every shipped and imported meeting folder: a new or changed meeting makes a new one."""
    bases = (SHIPPED_MEETINGS_DIR, stored_meetings_root(store))
    return tuple((str(folder), folder_signature(folder)) for base in bases for folder in _meeting_folders(base))
