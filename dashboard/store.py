"""The Parquet store: one file per imported source and table, a registry of sources, lazy scans.

Layout under the data directory::

    sources.parquet               registry: one row per imported source (see schema.SOURCES_SCHEMA)
    <kind>/<source_id>.parquet    canonical rows of that source (kind: cases, annual, ...); case records are sorted
                                  by year in small row groups (``SORTED_BY``), so the file is partitioned by source
                                  and its row groups by year: a scan filtered on years reads only theirs
    quarantine/<source_id>.parquet rows that were not stored, with file, row, column and reason
    reports/<source_id>.json      the import report
    .lock                         the inter-process lock every change holds (``fcntl.flock``)
    .pending/<source_id>.add|.remove   an intent written before a change and removed after it
    damaged/<source_id>/          files of a source set aside by ``python -m dashboard check --quarantine``

Writes are atomic: data files are written under temporary names and renamed, and the registry, which alone decides
what the store contains, is replaced last. A failed import therefore leaves the previous store as it was. Every
change (an import, a removal, a saved mapping, a stored meeting) holds the store's lock from its first write to its
last, so two processes never read, change and rewrite the registry at once. A process killed half-way leaves an
intent and perhaps temporary files; ``recover`` (run when the app or the command line starts) finishes the story:
the registry says what happened, and the leftovers go. Files are created 0640 and folders 0750 whatever the umask,
so a service account's group can read the store (and nobody else).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dashboard.access import PUBLIC_ENV
from dashboard.access import public_mode as _public_mode
from dashboard.schema import ANNUAL_SCHEMA, CASES_SCHEMA, QUARANTINE_SCHEMA, SOURCES_SCHEMA

DATA_DIR_ENV = "DASHBOARD_DATA_DIR"
__all__ = ["PUBLIC_ENV", "DATA_DIR_ENV", "Store", "StoreError", "Problem", "public_mode", "data_dir", "now_iso"]
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data" / "store"
FILE_MODE = 0o640
DIR_MODE = 0o750
LOCK_FILE = ".lock"
PENDING_DIR = ".pending"
DAMAGED_DIR = "damaged"
REGISTRY_FILE = "sources.parquet"
# Folders beside the tables that hold no source's files (kept mappings, meetings, set-aside sources).
NOT_TABLES = frozenset({"mappings", "meetings", "cubes", DAMAGED_DIR, PENDING_DIR})  # cubes: dashboard.cubes
SOURCE_ID = re.compile(r"^[a-z][a-z0-9_]*-[0-9a-f]{12}$")

TABLE_SCHEMAS: dict[str, dict[str, pl.DataType]] = {"cases": CASES_SCHEMA, "annual": ANNUAL_SCHEMA}
# Tables written sorted by a column (stable: file order within each value), in row groups of ROW_GROUP_ROWS rows. A
# row group's statistics then hold one year or two, and a lazy scan filtered on years (the pages' drill-down, DuckDB,
# a cube build of some years) skips every row group outside them. One file per source stays the unit of the
# registry, the lock and recovery; the years are partitions inside it.
SORTED_BY = {"cases": "year"}
ROW_GROUP_ROWS = 50_000


class StoreError(Exception):
    """A store file that cannot be used. ``file`` is relative to the store (never a server path, so the message
    may be shown to anyone); ``source_id`` names the source it belongs to, when it belongs to one."""

    def __init__(self, file: str, reason: str, source_id: str | None = None) -> None:
        self.file, self.reason, self.source_id = file, reason, source_id
        of = f" (source {source_id})" if source_id else ""
        super().__init__(f"store file {file}{of}: {reason}")


@dataclass(frozen=True)
class Problem:
    """One finding of ``Store.check``: the file (relative to the store), its source, what is wrong."""

    file: str
    reason: str
    source_id: str | None = None

    def __str__(self) -> str:
        of = f" (source {self.source_id})" if self.source_id else ""
        return f"{self.file}{of}: {self.reason}"


def register_table(kind: str, schema: dict[str, pl.DataType]) -> None:
    """Let a module with its own canonical table (licit trade, estimates, ...) store it like the seizure tables."""
    TABLE_SCHEMAS[kind] = schema


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def public_mode() -> bool:
    """True when the app serves a public view: restricted sources are left out and uploads are off (the rules live in
    ``dashboard.access``)."""
    return _public_mode()


_HELD = threading.local()  # per thread: the lock files this thread holds, so a change inside a change is allowed


def _short(error: BaseException) -> str:
    """An exception's reason in one line, without the server paths some of them carry."""
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    return re.sub(r"(/[^\s:'\"]+)+", "<path>", message)[:200]


class Store:
    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else data_dir()

    # ---- the lock ------------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store's inter-process lock (an exclusive ``flock`` on ``.lock``); re-entrant in one thread.

        Every change holds it from its first write to its last, and ``recover`` holds it while it removes leftovers,
        so it never removes the temporary files of a change still running."""
        held: dict[str, int] = _HELD.__dict__.setdefault("depth", {})
        key = str(self.root.resolve())
        if held.get(key):
            held[key] += 1
            try:
                yield
            finally:
                held[key] -= 1
            return
        _make_dir(self.root)
        handle = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            with contextlib.suppress(OSError):  # the mode of os.open is cut by the umask; another user's file stays
                os.fchmod(handle, FILE_MODE)
            fcntl.flock(handle, fcntl.LOCK_EX)
            held[key] = 1
            try:
                yield
            finally:
                held[key] = 0
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            os.close(handle)

    # ---- reading -------------------------------------------------------------------------------------------------
    @property
    def registry_path(self) -> Path:
        return self.root / REGISTRY_FILE

    def sources(self, *, public: bool = False) -> pl.DataFrame:
        """The registry; with ``public`` only the sources that may be published. Raises ``StoreError`` when the
        registry cannot be read."""
        if not self.registry_path.exists():
            return pl.DataFrame(schema=SOURCES_SCHEMA)
        try:
            # One read of the whole (small) file: another process may replace it at any moment, and a reader that
            # opened it twice (footer, then pages) could mix two versions.
            registry = pl.read_parquet(io.BytesIO(self.registry_path.read_bytes()))
        except (OSError, pl.exceptions.PolarsError) as error:
            raise StoreError(REGISTRY_FILE, f"cannot be read ({_short(error)})") from error
        # A store written before a column existed: not restricted, nothing repeated, no edition inferred.
        defaults = {"restricted": False, "rows_repeated": 0, "edition_inferred": False}
        registry = registry.with_columns(
            pl.lit(value, SOURCES_SCHEMA[name]).alias(name)
            for name, value in defaults.items()
            if name not in registry.columns
        )
        missing = [c for c in SOURCES_SCHEMA if c not in registry.columns]
        if missing:
            raise StoreError(REGISTRY_FILE, f"lacks the columns {', '.join(missing)}")
        if public:
            registry = registry.filter(~pl.col("restricted").fill_null(True))
        return registry.select(list(SOURCES_SCHEMA))

    def is_empty(self) -> bool:
        return self.sources().is_empty()

    def version(self) -> str:
        """Changes whenever the registry changes; cache keys include it so a new import is seen at once."""
        if not self.registry_path.exists():
            return "empty"
        stat = self.registry_path.stat()
        return f"{stat.st_mtime_ns}-{stat.st_size}"

    def snapshot_hash(self) -> str:
        """A sha256 over the registry's sources and their file hashes: two stores that hold the same imported files
        give the same hash, and any import or removal changes it (a published view records it)."""
        pairs = sorted(self.sources().select("source_id", "sha256").iter_rows())
        payload = "\n".join(f"{source_id}\t{sha or ''}" for source_id, sha in pairs)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def table_path(self, kind: str, source_id: str) -> Path:
        return self.root / kind / f"{source_id}.parquet"

    def relative(self, path: Path) -> str:
        """A store file's name as messages give it: relative to the store, never the server's path."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    def scan(self, kind: str, *, public: bool = False) -> pl.LazyFrame:
        """All stored rows of one table, lazily; an empty frame with the canonical schema when there are none.
        With ``public`` the rows of restricted sources are left out. A registered source whose file is missing or
        unreadable raises ``StoreError`` naming it: its rows are never silently dropped."""
        schema = TABLE_SCHEMAS[kind]
        ids = self.sources(public=public).filter(pl.col("kind") == kind)["source_id"].to_list()
        paths = [self.table_path(kind, i) for i in ids]
        for source_id, path in zip(ids, paths, strict=True):
            self._readable(path, source_id)
        if not paths:
            return pl.LazyFrame(schema=schema)
        # A store imported before a column was added (the UNODC region columns) lacks it: read as null ("not
        # known"), so old and new sources scan together.
        lacking = {path: [n for n in schema if n not in pl.read_parquet_schema(path)] for path in paths}
        if not any(lacking.values()):
            return pl.scan_parquet(paths)
        scans = [
            pl.scan_parquet(path).with_columns(pl.lit(None, schema[n]).alias(n) for n in names).select(list(schema))
            for path, names in lacking.items()
        ]
        return pl.concat(scans, how="vertical_relaxed")

    def _readable(self, path: Path, source_id: str) -> None:
        if not path.is_file():
            raise StoreError(self.relative(path), "is missing", source_id)
        try:
            pl.read_parquet_schema(path)
        except (OSError, pl.exceptions.PolarsError) as error:
            raise StoreError(self.relative(path), f"cannot be read ({_short(error)})", source_id) from error

    def quarantine(self, source_id: str | None = None, *, public: bool = False) -> pl.DataFrame:
        """The quarantined rows of one source or of all; with ``public`` never those of a restricted source."""
        known = self.sources(public=public)["source_id"].to_list()
        ids = [i for i in ([source_id] if source_id else known) if i in known]
        frames = []
        for i in ids:
            path = self.root / "quarantine" / f"{i}.parquet"
            if path.exists():
                try:
                    frames.append(pl.read_parquet(path))
                except (OSError, pl.exceptions.PolarsError) as error:
                    raise StoreError(self.relative(path), f"cannot be read ({_short(error)})", i) from error
        return pl.concat(frames) if frames else pl.DataFrame(schema=QUARANTINE_SCHEMA)

    def report(self, source_id: str) -> dict:
        path = self.root / "reports" / f"{source_id}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except (OSError, ValueError) as error:
            raise StoreError(self.relative(path), f"cannot be read ({_short(error)})", source_id) from error

    def read_text(self, relative: str) -> str | None:
        """A small text file kept beside the tables (e.g. a saved column mapping), or None."""
        path = self.root / relative
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def save_text(self, relative: str, text: str) -> Path:
        """Keep a small text file beside the tables, written atomically."""
        path = self.root / relative
        with self.lock():
            _atomic_write_text(text, path)
        return path

    def find_by_hash(self, sha256: str) -> str | None:
        hits = self.sources().filter(pl.col("sha256") == sha256)["source_id"]
        return hits[0] if len(hits) else None

    # ---- writing -------------------------------------------------------------------------------------------------
    def add_source(
        self,
        *,
        source: dict,
        table: pl.DataFrame | Path,
        quarantine: pl.DataFrame,
        report_json: str,
    ) -> None:
        """Store one source atomically. ``source`` holds the registry row (schema.SOURCES_SCHEMA); ``table`` is the
        rows, or a Parquet file of them already written on the store's file system (a streamed import)."""
        source_id, kind = source["source_id"], source["kind"]
        with self.lock():
            self._intend(source_id, "add")
            if isinstance(table, Path):  # written already (a streamed import): moved into place
                self.table_path(kind, source_id).parent.mkdir(parents=True, exist_ok=True)
                os.replace(table, self.table_path(kind, source_id))
                os.chmod(self.table_path(kind, source_id), FILE_MODE)
            else:
                _atomic_write_parquet(in_partition_order(table, kind), self.table_path(kind, source_id))
            _atomic_write_parquet(quarantine, self.root / "quarantine" / f"{source_id}.parquet")
            _atomic_write_text(report_json, self.root / "reports" / f"{source_id}.json")
            row = pl.DataFrame([source], schema=SOURCES_SCHEMA)
            registry = pl.concat([self.sources().filter(pl.col("source_id") != source_id), row])
            _atomic_write_parquet(registry, self.registry_path)
            self._done(source_id, "add")

    def remove(self, source_id: str) -> bool:
        with self.lock():
            sources = self.sources()
            hit = sources.filter(pl.col("source_id") == source_id)
            if hit.is_empty():
                return False
            self._intend(source_id, "remove")
            _atomic_write_parquet(sources.filter(pl.col("source_id") != source_id), self.registry_path)
            for path in self._files_of(source_id, hit["kind"][0]):
                path.unlink(missing_ok=True)
            self._done(source_id, "remove")
        return True

    def clear(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root)

    def _files_of(self, source_id: str, kind: str) -> list[Path]:
        return [
            self.table_path(kind, source_id),
            self.root / "quarantine" / f"{source_id}.parquet",
            self.root / "reports" / f"{source_id}.json",
        ]

    def _intend(self, source_id: str, change: str) -> None:
        """Before a change's first write: its intent, which ``recover`` reads if the process dies half-way."""
        _atomic_write_text(change, self.root / PENDING_DIR / f"{source_id}.{change}")

    def _done(self, source_id: str, change: str) -> None:
        (self.root / PENDING_DIR / f"{source_id}.{change}").unlink(missing_ok=True)

    # ---- faults: recovery, the check, setting a source aside -----------------------------------------------------
    def recover(self) -> list[str]:
        """Finish what killed processes left: each pending change is rolled back (an import the registry does not
        hold loses its files) or completed (a removal the registry already made loses its files), and temporary
        files and folders go. Returns what was removed, relative to the store."""
        if not self.root.is_dir() or not os.access(self.root, os.W_OK):
            return []  # a read-only store (a public copy) changes nowhere, and readers ignore leftovers anyway
        removed: list[str] = []
        with self.lock():
            registered = set(self.sources()["source_id"].to_list()) if self.registry_path.exists() else set()
            pending = self.root / PENDING_DIR
            for intent in sorted(pending.iterdir()) if pending.is_dir() else []:
                source_id, _, change = intent.name.partition(".")
                if change in {"add", "remove"} and source_id not in registered:
                    removed += self._remove_files(source_id)
                if not intent.name.endswith(".tmp"):
                    intent.unlink(missing_ok=True)
            removed += self._remove_leftovers()
        return removed

    def _remove_files(self, source_id: str) -> list[str]:
        removed = []
        for folder in self._table_folders():
            for path in (folder / f"{source_id}.parquet", folder / f"{source_id}.json"):
                if path.is_file():
                    path.unlink()
                    removed.append(self.relative(path))
        return removed

    def _table_folders(self) -> list[Path]:
        return [p for p in sorted(self.root.iterdir()) if p.is_dir() and p.name not in NOT_TABLES]

    def _remove_leftovers(self) -> list[str]:
        """Temporary files (``*.tmp``) anywhere in the store, and the work and old folders of stored meetings."""
        removed = []
        for path in sorted(self.root.rglob("*.tmp"), key=lambda p: len(p.parts), reverse=True):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(self.relative(path))
        meetings = self.root / "meetings"
        for path in sorted(meetings.glob(".*.old")) if meetings.is_dir() else []:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(self.relative(path))
        return removed

    def check(self) -> list[Problem]:
        """Every file the registry promises, read in full: a missing or unreadable file, a row count that differs
        from the registry's, a report that is not JSON; leftovers of a killed change; files of no source."""
        if not self.registry_path.exists():
            return [] if not self._table_files() else [Problem(REGISTRY_FILE, "is missing but tables are present")]
        try:
            sources = self.sources()
        except StoreError as error:
            return [Problem(error.file, error.reason)]
        problems: list[Problem] = []
        for row in sources.iter_rows(named=True):
            problems += self._check_source(row)
        registered = set(sources["source_id"].to_list())
        for path in self._table_files():
            if path.stem not in registered:
                problems.append(Problem(self.relative(path), "belongs to no registered source"))
        leftovers = [p for p in self.root.rglob("*.tmp")] + list((self.root / PENDING_DIR).glob("*"))
        problems += [
            Problem(self.relative(p), "left by an interrupted change (removed at the next start)") for p in leftovers
        ]
        return problems

    def _table_files(self) -> list[Path]:
        return [
            p
            for folder in self._table_folders()
            for p in sorted(folder.iterdir())
            if p.is_file() and SOURCE_ID.match(p.stem) and p.suffix in {".parquet", ".json"}
        ]

    def _check_source(self, row: dict) -> list[Problem]:
        source_id, kind = row["source_id"], row["kind"]
        table, quarantine, report = self._files_of(source_id, kind)
        problems = []
        for path, expected in ((table, row["rows_stored"]), (quarantine, None)):
            if not path.is_file():
                problems.append(Problem(self.relative(path), "is missing", source_id))
                continue
            try:
                height = pl.read_parquet(path).height
            except (OSError, pl.exceptions.PolarsError) as error:
                problems.append(Problem(self.relative(path), f"cannot be read ({_short(error)})", source_id))
                continue
            if expected is not None and height != expected:
                problems.append(
                    Problem(self.relative(path), f"holds {height:,} rows, the registry {expected:,}", source_id)
                )
        try:
            self.report(source_id)
        except StoreError as error:
            problems.append(Problem(error.file, error.reason, source_id))
        return problems

    def set_aside(self, source_id: str) -> bool:
        """Take a damaged source out of the registry and move its files to ``damaged/<source_id>/`` (kept for a
        person to look at; the pages read the rest)."""
        with self.lock():
            sources = self.sources()
            hit = sources.filter(pl.col("source_id") == source_id)
            if hit.is_empty():
                return False
            aside = self.root / DAMAGED_DIR / source_id
            _make_dir(aside)
            hit.write_parquet(aside / "registry-row.parquet")
            self._intend(source_id, "remove")
            _atomic_write_parquet(sources.filter(pl.col("source_id") != source_id), self.registry_path)
            for path in self._files_of(source_id, hit["kind"][0]):
                if path.exists():
                    os.replace(path, aside / f"{path.parent.name}-{path.name}")
            self._done(source_id, "remove")
        return True


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _make_dir(path: Path) -> None:
    """A folder (and its parents under the store) readable by the group, whatever the umask."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    path.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        with contextlib.suppress(OSError):
            folder.chmod(DIR_MODE)


def secure_tree(path: Path) -> None:
    """A folder written by other means (a stored meeting): folders 0750, files 0640."""
    for item in [path, *path.rglob("*")]:
        with contextlib.suppress(OSError):
            item.chmod(DIR_MODE if item.is_dir() else FILE_MODE)


def in_partition_order(table: pl.DataFrame, kind: str) -> pl.DataFrame:
    """A table's rows in the order it is stored: sorted by its ``SORTED_BY`` column, file order kept within."""
    column = SORTED_BY.get(kind)
    if column is None or column not in table.columns:
        return table
    return table.sort(column, maintain_order=True, nulls_last=True)


def sink_table(rows: pl.LazyFrame, path: Path) -> None:
    """Write rows already in partition order (a streamed import's) as the store writes its tables."""
    rows.sink_parquet(path, compression="zstd", statistics=True, row_group_size=ROW_GROUP_ROWS, engine="streaming")


def _atomic_write_parquet(frame: pl.DataFrame, path: Path) -> None:
    _make_dir(path.parent)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        frame.write_parquet(temp, compression="zstd", statistics=True, row_group_size=ROW_GROUP_ROWS)
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _atomic_write_text(text: str, path: Path) -> None:
    _make_dir(path.parent)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
